-- activity_frequency: activities per kab/kota per calendar month (METRICS §4).
-- Parameters: $dari, $sampai (DATE, inclusive — the last, incomplete week counts here),
--   $kabkota (VARCHAR[] or NULL), $jenis, $jenjang (NULL = no filter).
-- One row per kab/kota (of the community) × month with at least one activity in the period.
-- Built on queries/_kegiatan_bulan.sql (the monthly rollup plus the cut months at either end): one row per
-- community-month, so a row count is the active-community count and no distinct count is needed.
with

komunitas_lingkup as (
{{ _komunitas }}
),

komunitas_bulan as (
{{ _kegiatan_bulan }}
),

per_kabkota_bulan as (
    select
        k.kode_kabkota,
        g.bulan,
        sum(g.jumlah_kegiatan)::bigint as jumlah_kegiatan,
        count(*) as komunitas_aktif,
        sum(g.total_durasi_menit)::bigint as total_durasi_menit
    from komunitas_bulan as g
    inner join komunitas_lingkup as k on k.id_komunitas = g.id_komunitas
    group by k.kode_kabkota, g.bulan
),

final as (
    select
        g.kode_kabkota,
        w.kabkota,
        strftime(g.bulan, '%Y-%m') as bulan,
        g.jumlah_kegiatan,
        g.komunitas_aktif,
        round(g.jumlah_kegiatan / nullif(g.komunitas_aktif, 0), 2) as rata_kegiatan_per_komunitas_aktif,
        g.total_durasi_menit
    from per_kabkota_bulan as g
    left join wilayah as w on w.kode_kabkota = g.kode_kabkota
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
