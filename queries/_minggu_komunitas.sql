-- Partial: one row per community in scope × evaluated week (METRICS §3.1–3.5).
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota, $jenis, $jenjang (see _komunitas),
--   $libur (DATE[]: a date in each school-holiday week, normally its Monday).
-- Evaluated weeks run from the week containing max($dari, start date) to the last week
-- whose Sunday is on or before $sampai; holiday weeks are kept, flagged `libur`, so that
-- every consumer excludes them the same way. A community with no evaluated week has no row.
with

komunitas_lingkup as (
{{ _komunitas }}
),

kegiatan_pertama as (
    -- start date fallback: the first activity ever loaded, whatever the period
    select
        id_komunitas,
        min(tanggal) as tanggal_pertama
    from kegiatan
    group by id_komunitas
),

rentang as (
    select
        k.id_komunitas,
        k.nama_komunitas,
        k.jenis,
        k.kode_kabkota,
        k.kabkota,
        date_trunc('week', greatest($dari::date, coalesce(k.tanggal_terdaftar, p.tanggal_pertama, $dari::date)))::date
            as minggu_pertama,
        -- Monday of the last complete week: the week of the last Sunday on or before $sampai
        (date_trunc('week', $sampai::date + 1)::date - 7) as minggu_terakhir
    from komunitas_lingkup as k
    left join kegiatan_pertama as p on p.id_komunitas = k.id_komunitas
),

minggu as (
    select
        r.id_komunitas,
        r.nama_komunitas,
        r.jenis,
        r.kode_kabkota,
        r.kabkota,
        m.minggu::date as minggu
    from rentang as r,
        unnest(generate_series(r.minggu_pertama::timestamp, r.minggu_terakhir::timestamp, interval 7 day)) as m(minggu)
    where r.minggu_pertama <= r.minggu_terakhir
),

libur as (
    select distinct date_trunc('week', l.tanggal)::date as minggu
    from unnest($libur::date[]) as l(tanggal)
),

kegiatan_mingguan as (
    select
        g.id_komunitas,
        date_trunc('week', g.tanggal)::date as minggu,
        count(*) as jumlah_kegiatan,
        coalesce(sum(g.durasi_menit), 0)::bigint as total_durasi_menit,
        count(g.durasi_menit) > 0 as ada_durasi
    from kegiatan as g
    where g.tanggal >= (select min(minggu) from minggu)
        and g.tanggal < (select max(minggu) from minggu) + 7
    group by all
),

final as (
    select
        m.id_komunitas,
        m.nama_komunitas,
        m.jenis,
        m.kode_kabkota,
        m.kabkota,
        m.minggu,
        l.minggu is not null as libur,
        coalesce(g.jumlah_kegiatan, 0) as jumlah_kegiatan,
        coalesce(g.total_durasi_menit, 0) as total_durasi_menit,
        coalesce(g.ada_durasi, false) as ada_durasi,
        coalesce(g.jumlah_kegiatan, 0) > 0
            and (m.jenis is distinct from 'dalam_sekolah' or not g.ada_durasi or g.total_durasi_menit >= 60)
            as terpenuhi
    from minggu as m
    left join kegiatan_mingguan as g
        on g.id_komunitas = m.id_komunitas
        and g.minggu = m.minggu
    left join libur as l on l.minggu = m.minggu
)

select
    id_komunitas,
    nama_komunitas,
    jenis,
    kode_kabkota,
    kabkota,
    minggu,
    libur,
    jumlah_kegiatan,
    total_durasi_menit,
    ada_durasi,
    terpenuhi,
    terpenuhi and not ada_durasi as terpenuhi_tanpa_durasi
from final
