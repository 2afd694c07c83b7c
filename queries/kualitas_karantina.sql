-- kualitas_karantina: the rows that could not be loaded and are still waiting, one row per quarantined row.
-- Parameters: $kabkota (VARCHAR[] or NULL). Placement and scope: queries/_karantina.sql (unplaced rows are
-- seen by admin/pimpinan without a kab/kota filter only).
with

karantina_lingkup as (
{{ _karantina }}
),

final as (
    select
        id_karantina,
        jenis_data,
        kode_alasan,
        sumber_file,
        sumber_baris,
        kolom,
        nilai,
        alasan,
        kode_kabkota,
        coalesce(kabkota, 'Belum diketahui') as kabkota,
        nama_komunitas_asli as nama_komunitas,
        dimuat_pada
    from karantina_lingkup
)

select
    id_karantina,
    jenis_data,
    kode_alasan,
    sumber_file,
    sumber_baris,
    kolom,
    nilai,
    alasan,
    kode_kabkota,
    kabkota,
    nama_komunitas,
    dimuat_pada
from final
order by kode_alasan, sumber_file, sumber_baris
