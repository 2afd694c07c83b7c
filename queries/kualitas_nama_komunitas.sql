-- kualitas_nama_komunitas: community names the loader could not match (unknown or ambiguous), one row per
-- (normalised name, kab/kota where the row is placed), for the admin to map to an existing community.
-- Parameters: $kabkota (VARCHAR[] or NULL). Scope: queries/_karantina.sql.
with

karantina_lingkup as (
{{ _karantina }}
),

final as (
    select
        min(nama_komunitas_asli) as nama_komunitas,
        kode_kabkota,
        coalesce(min(kabkota), 'Belum diketahui') as kabkota,
        string_agg(distinct kode_alasan, ', ' order by kode_alasan) as kode_alasan,
        count(*) as jumlah_baris,
        string_agg(distinct jenis_data, ', ' order by jenis_data) as jenis_data,
        min(id_karantina) as contoh_id_karantina
    from karantina_lingkup
    where kode_alasan in ('komunitas_tidak_dikenal', 'komunitas_ambigu') and nama_komunitas_asli is not null
    group by trim(regexp_replace(lower(strip_accents(nama_komunitas_asli)), '[^0-9a-z]+', ' ', 'g')), kode_kabkota
)

select
    nama_komunitas,
    kode_kabkota,
    kabkota,
    kode_alasan,
    jumlah_baris,
    jenis_data,
    contoh_id_karantina
from final
order by jumlah_baris desc, kabkota, nama_komunitas
