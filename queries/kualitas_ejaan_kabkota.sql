-- kualitas_ejaan_kabkota: kab/kota spellings the loader could not resolve (unknown or ambiguous), one row
-- per spelling (grouped after normalisation), for the admin to map to an official kab/kota.
-- Parameters: $kabkota (VARCHAR[] or NULL). Scope: queries/_karantina.sql — these rows are mostly unplaced,
-- so they are seen by admin/pimpinan without a kab/kota filter.
with

karantina_lingkup as (
{{ _karantina }}
),

final as (
    select
        min(kabkota_asli) as ejaan,
        string_agg(distinct kode_alasan, ', ' order by kode_alasan) as kode_alasan,
        count(*) as jumlah_baris,
        string_agg(distinct jenis_data, ', ' order by jenis_data) as jenis_data,
        min(id_karantina) as contoh_id_karantina
    from karantina_lingkup
    where kode_alasan in ('kabkota_tidak_dikenal', 'kabkota_ambigu') and kabkota_asli is not null
    group by trim(regexp_replace(lower(strip_accents(kabkota_asli)), '[^0-9a-z]+', ' ', 'g'))
)

select
    ejaan,
    kode_alasan,
    jumlah_baris,
    jenis_data,
    contoh_id_karantina
from final
order by jumlah_baris desc, ejaan
