-- activity_frequency: activities per kab/kota per calendar month (METRICS §4).
-- Parameters: $dari, $sampai (DATE, inclusive — the last, incomplete week counts here),
--   $kabkota (VARCHAR[] or NULL), $jenis, $jenjang (NULL = no filter).
-- One row per kab/kota (of the community) × month with at least one activity in the period.
with

komunitas_lingkup as (
{{ _komunitas }}
),

kegiatan_periode as (
    select
        k.kode_kabkota,
        k.kabkota,
        strftime(g.tanggal, '%Y-%m') as bulan,
        g.id_komunitas,
        g.durasi_menit
    from kegiatan as g
    inner join komunitas_lingkup as k on k.id_komunitas = g.id_komunitas
    where g.tanggal between $dari::date and $sampai::date
),

final as (
    select
        kode_kabkota,
        kabkota,
        bulan,
        count(*) as jumlah_kegiatan,
        count(distinct id_komunitas) as komunitas_aktif,
        round(count(*) / count(distinct id_komunitas), 2) as rata_kegiatan_per_komunitas_aktif,
        coalesce(sum(durasi_menit), 0)::bigint as total_durasi_menit
    from kegiatan_periode
    group by kode_kabkota, kabkota, bulan
)

select
    kode_kabkota,
    kabkota,
    bulan,
    jumlah_kegiatan,
    komunitas_aktif,
    rata_kegiatan_per_komunitas_aktif,
    total_durasi_menit
from final
order by kode_kabkota, bulan
