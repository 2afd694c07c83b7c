-- activity_breakdown: activities per month by bentuk and by moda (METRICS §4, UI breakdowns).
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang
--   (NULL = no filter). Unknown bentuk/moda = 'tidak_diketahui'; durations as in §4 (known only, 0 if none).
-- Months wholly inside the period come from kegiatan_bulanan's per-bentuk and per-moda columns (the unknown
-- value is the month's total less the known ones); the months cut by $dari or $sampai from kegiatan, read as two
-- plain date ranges as in queries/_kegiatan_bulan.sql, and so is a whole community-month that holds a bentuk or
-- moda outside the summary's lists (jumlah_bentuk_lain / jumlah_moda_lain > 0: none from the loader, and then
-- DuckDB skips that read).
with

komunitas_lingkup as (
{{ _komunitas }}
),

bulan_penuh as (
    select
        b.id_komunitas,
        b.bulan,
        b.jumlah_kegiatan,
        b.total_durasi_menit,
        b.jumlah_belajar_bersama,
        b.jumlah_berbagi,
        b.jumlah_webinar,
        b.jumlah_refleksi,
        b.jumlah_lainnya,
        b.durasi_belajar_bersama,
        b.durasi_berbagi,
        b.durasi_webinar,
        b.durasi_refleksi,
        b.durasi_lainnya,
        b.jumlah_luring,
        b.jumlah_daring,
        b.durasi_luring,
        b.durasi_daring,
        b.jumlah_bentuk_lain > 0 or b.jumlah_moda_lain > 0 as ada_nilai_lain
    from kegiatan_bulanan as b
    where b.bulan >= (date_trunc('month', $dari::date - 1) + interval 1 month)::date
        and b.bulan < date_trunc('month', $sampai::date + 1)::date
        and b.id_komunitas in (select id_komunitas from komunitas_lingkup)
),

ringkasan_bulan as (
    -- summed per month first (a dozen rows), then one row per value
    select
        bulan,
        sum(jumlah_kegiatan) as jumlah_kegiatan,
        sum(total_durasi_menit) as total_durasi_menit,
        sum(jumlah_belajar_bersama) as jumlah_belajar_bersama,
        sum(jumlah_berbagi) as jumlah_berbagi,
        sum(jumlah_webinar) as jumlah_webinar,
        sum(jumlah_refleksi) as jumlah_refleksi,
        sum(jumlah_lainnya) as jumlah_lainnya,
        sum(durasi_belajar_bersama) as durasi_belajar_bersama,
        sum(durasi_berbagi) as durasi_berbagi,
        sum(durasi_webinar) as durasi_webinar,
        sum(durasi_refleksi) as durasi_refleksi,
        sum(durasi_lainnya) as durasi_lainnya,
        sum(jumlah_luring) as jumlah_luring,
        sum(jumlah_daring) as jumlah_daring,
        sum(durasi_luring) as durasi_luring,
        sum(durasi_daring) as durasi_daring
    from bulan_penuh
    where not ada_nilai_lain
    group by bulan
),

ringkasan_per_nilai as (
    select
        r.bulan,
        unnest([
            {'dimensi': 'bentuk', 'nilai': 'belajar bersama', 'jumlah': r.jumlah_belajar_bersama,
             'durasi': r.durasi_belajar_bersama},
            {'dimensi': 'bentuk', 'nilai': 'berbagi praktik baik', 'jumlah': r.jumlah_berbagi,
             'durasi': r.durasi_berbagi},
            {'dimensi': 'bentuk', 'nilai': 'webinar', 'jumlah': r.jumlah_webinar, 'durasi': r.durasi_webinar},
            {'dimensi': 'bentuk', 'nilai': 'refleksi', 'jumlah': r.jumlah_refleksi, 'durasi': r.durasi_refleksi},
            {'dimensi': 'bentuk', 'nilai': 'lainnya', 'jumlah': r.jumlah_lainnya, 'durasi': r.durasi_lainnya},
            {'dimensi': 'bentuk', 'nilai': 'tidak_diketahui',
             'jumlah': r.jumlah_kegiatan - r.jumlah_belajar_bersama - r.jumlah_berbagi - r.jumlah_webinar
                       - r.jumlah_refleksi - r.jumlah_lainnya,
             'durasi': r.total_durasi_menit - r.durasi_belajar_bersama - r.durasi_berbagi - r.durasi_webinar
                       - r.durasi_refleksi - r.durasi_lainnya},
            {'dimensi': 'moda', 'nilai': 'luring', 'jumlah': r.jumlah_luring, 'durasi': r.durasi_luring},
            {'dimensi': 'moda', 'nilai': 'daring', 'jumlah': r.jumlah_daring, 'durasi': r.durasi_daring},
            {'dimensi': 'moda', 'nilai': 'tidak_diketahui', 'jumlah': r.jumlah_kegiatan - r.jumlah_luring - r.jumlah_daring,
             'durasi': r.total_durasi_menit - r.durasi_luring - r.durasi_daring}
        ]) as v
    from ringkasan_bulan as r
),

kegiatan_sebagian as (
    select g.id_komunitas, g.tanggal, g.bentuk, g.moda, g.durasi_menit
    from kegiatan as g
    where g.tanggal between $dari::date
        and least($sampai::date, (date_trunc('month', $dari::date - 1) + interval 1 month)::date - 1)
    union all
    select g.id_komunitas, g.tanggal, g.bentuk, g.moda, g.durasi_menit
    from kegiatan as g
    where g.tanggal between greatest((date_trunc('month', $dari::date - 1) + interval 1 month)::date,
                                     date_trunc('month', $sampai::date + 1)::date)
        and $sampai::date
),

kegiatan_dibaca as (
    select g.tanggal, g.bentuk, g.moda, g.durasi_menit
    from kegiatan_sebagian as g
    inner join komunitas_lingkup as k on k.id_komunitas = g.id_komunitas
    union all
    select g.tanggal, g.bentuk, g.moda, g.durasi_menit
    from kegiatan as g
    inner join bulan_penuh as b
        on b.ada_nilai_lain and b.id_komunitas = g.id_komunitas and b.bulan = date_trunc('month', g.tanggal)::date
    where g.tanggal >= (date_trunc('month', $dari::date - 1) + interval 1 month)::date
        and g.tanggal < date_trunc('month', $sampai::date + 1)::date
),

-- bentuk x moda per month first (a few dozen groups), then split into the two dimensions
per_bulan as (
    select
        date_trunc('month', g.tanggal) as bulan,
        g.bentuk,
        g.moda,
        count(*) as jumlah_kegiatan,
        sum(g.durasi_menit) as total_durasi_menit
    from kegiatan_dibaca as g
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
    union all
    -- a value no activity of the month had gives no row, as a group-by over kegiatan would
    select bulan, v.dimensi, v.nilai, v.jumlah, v.durasi
    from ringkasan_per_nilai
    where v.jumlah > 0
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
