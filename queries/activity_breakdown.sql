-- activity_breakdown: activities per month by bentuk and by moda (METRICS §4, UI breakdowns).
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang
--   (NULL = no filter). Unknown bentuk/moda = 'tidak_diketahui'; durations as in §4 (known only, 0 if none).
with

komunitas_lingkup as (
{{ _komunitas }}
),

kegiatan_periode as (
    select
        strftime(g.tanggal, '%Y-%m') as bulan,
        g.bentuk,
        g.moda,
        g.durasi_menit
    from kegiatan as g
    inner join komunitas_lingkup as k on k.id_komunitas = g.id_komunitas
    where g.tanggal between $dari::date and $sampai::date
),

per_dimensi as (
    select bulan, 'bentuk' as dimensi, coalesce(bentuk, 'tidak_diketahui') as nilai, durasi_menit
    from kegiatan_periode
    union all
    select bulan, 'moda' as dimensi, coalesce(moda, 'tidak_diketahui') as nilai, durasi_menit
    from kegiatan_periode
),

final as (
    select
        bulan,
        dimensi,
        nilai,
        count(*) as jumlah_kegiatan,
        coalesce(sum(durasi_menit), 0)::bigint as total_durasi_menit
    from per_dimensi
    group by bulan, dimensi, nilai
)

select
    bulan,
    dimensi,
    nilai,
    jumlah_kegiatan,
    total_durasi_menit
from final
order by bulan, dimensi, nilai
