-- Reference (tests only): queries/activity_breakdown.sql as it was before it read kegiatan_bulanan / kegiatan_mingguan (issue 19
-- item 2), reading kegiatan whole. tests/queries/test_rollup_rincian_queries.py checks the query gives the same frame.
-- activity_breakdown: activities per month by bentuk and by moda (METRICS §4, UI breakdowns).
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang
--   (NULL = no filter). Unknown bentuk/moda = 'tidak_diketahui'; durations as in §4 (known only, 0 if none).
with

komunitas_lingkup as (
{{ _komunitas }}
),

-- bentuk x moda per month first (a few dozen groups), then split into the two dimensions: the month is
-- formatted and the row count doubled only on that small result
per_bulan as (
    select
        date_trunc('month', g.tanggal) as bulan,
        g.bentuk,
        g.moda,
        count(*) as jumlah_kegiatan,
        sum(g.durasi_menit) as total_durasi_menit
    from kegiatan as g
    inner join komunitas_lingkup as k on k.id_komunitas = g.id_komunitas
    where g.tanggal between $dari::date and $sampai::date
    group by bulan, g.bentuk, g.moda
),

per_dimensi as (
    select bulan, 'bentuk' as dimensi, coalesce(bentuk, 'tidak_diketahui') as nilai, jumlah_kegiatan,
           total_durasi_menit
    from per_bulan
    union all
    select bulan, 'moda' as dimensi, coalesce(moda, 'tidak_diketahui') as nilai, jumlah_kegiatan,
           total_durasi_menit
    from per_bulan
),

final as (
    select
        strftime(bulan, '%Y-%m') as bulan,
        dimensi,
        nilai,
        sum(jumlah_kegiatan)::bigint as jumlah_kegiatan,
        coalesce(sum(total_durasi_menit), 0)::bigint as total_durasi_menit
    from per_dimensi
    group by all
)

select
    bulan,
    dimensi,
    nilai,
    jumlah_kegiatan,
    total_durasi_menit
from final
order by bulan, dimensi, nilai
