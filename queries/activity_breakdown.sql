-- activity_breakdown: activities per month by bentuk and by moda (METRICS §4, UI breakdowns).
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang
--   (NULL = no filter). Unknown bentuk/moda = 'tidak_diketahui'; durations as in §4 (known only, 0 if none).
-- Months come from kegiatan_bulanan's per-bentuk and per-moda columns (the unknown value is the month's total less
-- the known ones). A month the period cuts ($dari's, $sampai's) is read whichever way reads fewer days of kegiatan
-- (issue 19): its days inside the period from kegiatan, or the whole month from the summary less its days outside
-- the period (counted negative; a period from the 2nd of a month reads one day, not the month). A community-month
-- that holds a bentuk or moda outside the summary's lists (jumlah_bentuk_lain / jumlah_moda_lain > 0: none from
-- the loader, and then DuckDB skips that read) is read from kegiatan whole, its outside days subtracted likewise.
-- $dari's month is kept from the summary when its days outside the period are fewer than its days inside, and so is
-- $sampai's (the same decision when it is $dari's month); a month the period covers whole always is. The bounds are
-- written in $dari / $sampai, not in a CTE, so that they fold to constants and only those days' row groups are read.
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
        b.durasi_daring
    from kegiatan_bulanan as b
    where b.bulan between
        case when ($dari::date <= $sampai::date
            and day(last_day($dari::date)) < 2 * (least($sampai::date, last_day($dari::date)) - $dari::date + 1))
        then date_trunc('month', $dari::date)::date else (date_trunc('month', $dari::date)::date + interval 1 month)::date end
        and case when ($dari::date <= $sampai::date and case
            when date_trunc('month', $sampai::date)::date = date_trunc('month', $dari::date)::date
                then day(last_day($dari::date)) < 2 * ($sampai::date - $dari::date + 1)
            else day(last_day($sampai::date)) < 2 * day($sampai::date) end)
        then date_trunc('month', $sampai::date)::date else (date_trunc('month', $sampai::date)::date - interval 1 month)::date end
        and b.id_komunitas in (select id_komunitas from komunitas_lingkup)
        and b.jumlah_bentuk_lain = 0 and b.jumlah_moda_lain = 0
),

bulan_nilai_lain as (
    -- read apart, not as a second use of bulan_penuh: that would make DuckDB materialise its 3 million rows
    select b.id_komunitas, b.bulan
    from kegiatan_bulanan as b
    where b.bulan between
        case when ($dari::date <= $sampai::date
            and day(last_day($dari::date)) < 2 * (least($sampai::date, last_day($dari::date)) - $dari::date + 1))
        then date_trunc('month', $dari::date)::date else (date_trunc('month', $dari::date)::date + interval 1 month)::date end
        and case when ($dari::date <= $sampai::date and case
            when date_trunc('month', $sampai::date)::date = date_trunc('month', $dari::date)::date
                then day(last_day($dari::date)) < 2 * ($sampai::date - $dari::date + 1)
            else day(last_day($sampai::date)) < 2 * day($sampai::date) end)
        then date_trunc('month', $sampai::date)::date else (date_trunc('month', $sampai::date)::date - interval 1 month)::date end
        and (b.jumlah_bentuk_lain > 0 or b.jumlah_moda_lain > 0)
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
    -- a cut month not kept from the summary: its days inside the period (counted +1)
    select g.id_komunitas, g.tanggal, g.bentuk, g.moda, g.durasi_menit, 1 as tanda
    from kegiatan as g
    where g.tanggal between $dari::date and case
        when ($dari::date <= $sampai::date
            and day(last_day($dari::date)) < 2 * (least($sampai::date, last_day($dari::date)) - $dari::date + 1))
        then $dari::date - 1 else least($sampai::date, last_day($dari::date)) end
    union all
    select g.id_komunitas, g.tanggal, g.bentuk, g.moda, g.durasi_menit, 1 as tanda
    from kegiatan as g
    where g.tanggal between case
        when date_trunc('month', $sampai::date)::date > date_trunc('month', $dari::date)::date and not ($dari::date <= $sampai::date and case
            when date_trunc('month', $sampai::date)::date = date_trunc('month', $dari::date)::date
                then day(last_day($dari::date)) < 2 * ($sampai::date - $dari::date + 1)
            else day(last_day($sampai::date)) < 2 * day($sampai::date) end)
        then date_trunc('month', $sampai::date)::date else $sampai::date + 1 end
        and $sampai::date
    union all
    -- a kept cut month: its days outside the period, taken off the summary's month (counted -1)
    select g.id_komunitas, g.tanggal, g.bentuk, g.moda, g.durasi_menit, -1 as tanda
    from kegiatan as g
    where g.tanggal between date_trunc('month', $dari::date)::date and case
        when ($dari::date <= $sampai::date
            and day(last_day($dari::date)) < 2 * (least($sampai::date, last_day($dari::date)) - $dari::date + 1))
        then $dari::date - 1 else date_trunc('month', $dari::date)::date - 1 end
    union all
    select g.id_komunitas, g.tanggal, g.bentuk, g.moda, g.durasi_menit, -1 as tanda
    from kegiatan as g
    where g.tanggal between $sampai::date + 1 and case
        when ($dari::date <= $sampai::date and case
            when date_trunc('month', $sampai::date)::date = date_trunc('month', $dari::date)::date
                then day(last_day($dari::date)) < 2 * ($sampai::date - $dari::date + 1)
            else day(last_day($sampai::date)) < 2 * day($sampai::date) end)
        then last_day($sampai::date) else $sampai::date end
),

kegiatan_dibaca as (
    select g.tanggal, g.bentuk, g.moda, g.durasi_menit, g.tanda
    from kegiatan_sebagian as g
    inner join komunitas_lingkup as k on k.id_komunitas = g.id_komunitas
    union all
    -- the whole month of a community-month with a value outside the summary's lists (its days outside the
    -- period are among the -1 rows above)
    select g.tanggal, g.bentuk, g.moda, g.durasi_menit, 1 as tanda
    from kegiatan as g
    inner join bulan_nilai_lain as b
        on b.id_komunitas = g.id_komunitas and b.bulan = date_trunc('month', g.tanggal)::date
    where g.tanggal between
        case when ($dari::date <= $sampai::date
                and day(last_day($dari::date)) < 2 * (least($sampai::date, last_day($dari::date)) - $dari::date + 1))
            then date_trunc('month', $dari::date)::date else (date_trunc('month', $dari::date)::date + interval 1 month)::date end
        and last_day(case when ($dari::date <= $sampai::date and case
                when date_trunc('month', $sampai::date)::date = date_trunc('month', $dari::date)::date
                    then day(last_day($dari::date)) < 2 * ($sampai::date - $dari::date + 1)
                else day(last_day($sampai::date)) < 2 * day($sampai::date) end)
            then date_trunc('month', $sampai::date)::date else (date_trunc('month', $sampai::date)::date - interval 1 month)::date end)
),

-- bentuk x moda per month first (a few dozen groups), then split into the two dimensions
per_bulan as (
    select
        date_trunc('month', g.tanggal) as bulan,
        g.bentuk,
        g.moda,
        sum(g.tanda) as jumlah_kegiatan,
        sum(g.tanda * g.durasi_menit) as total_durasi_menit
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
    -- a value with no activity left in the period gives no row, as a group-by over kegiatan would
    having sum(jumlah_kegiatan) > 0
)

select
    bulan,
    dimensi,
    nilai,
    jumlah_kegiatan,
    total_durasi_menit
from final
order by bulan, dimensi, nilai
