-- activity_per_community: activities dated in the period, per community in scope (zeros for none).
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang (NULL = no filter).
-- minggu_aktif = distinct ISO weeks with an activity in the period; durations known only (0 if none).
-- Weeks wholly inside the period come from kegiatan_mingguan (one row per community-week, so a row count
-- is the active-week count); the weeks cut by $dari or $sampai from kegiatan, read as two plain date ranges
-- (first whole week: date_trunc('week', $dari - 1) + 7 days; end of the last: date_trunc('week', $sampai + 1)).
with

komunitas_lingkup as (
{{ _komunitas }}
),

minggu_penuh as (
    select
        m.id_komunitas,
        m.jumlah_kegiatan,
        m.total_durasi_menit,
        m.tanggal_pertama,
        m.tanggal_terakhir
    from kegiatan_mingguan as m
    where m.minggu >= (date_trunc('week', $dari::date - 1) + interval 7 day)::date
        and m.minggu < date_trunc('week', $sampai::date + 1)::date
        and m.id_komunitas in (select id_komunitas from komunitas_lingkup)
),

kegiatan_sebagian as (
    select g.id_komunitas, g.tanggal, g.durasi_menit
    from kegiatan as g
    where g.tanggal between $dari::date
        and least($sampai::date, (date_trunc('week', $dari::date - 1) + interval 7 day)::date - 1)
    union all
    select g.id_komunitas, g.tanggal, g.durasi_menit
    from kegiatan as g
    where g.tanggal between greatest((date_trunc('week', $dari::date - 1) + interval 7 day)::date,
                                     date_trunc('week', $sampai::date + 1)::date)
        and $sampai::date
),

minggu_sebagian as (
    select
        g.id_komunitas,
        count(*) as jumlah_kegiatan,
        coalesce(sum(g.durasi_menit), 0) as total_durasi_menit,
        min(g.tanggal) as tanggal_pertama,
        max(g.tanggal) as tanggal_terakhir
    from kegiatan_sebagian as g
    group by g.id_komunitas, date_trunc('week', g.tanggal)
),

kegiatan_periode as (
    select
        id_komunitas,
        sum(jumlah_kegiatan)::bigint as jumlah_kegiatan,
        count(*) as minggu_aktif,
        sum(total_durasi_menit)::bigint as total_durasi_menit,
        min(tanggal_pertama) as kegiatan_pertama,
        max(tanggal_terakhir) as kegiatan_terakhir
    from (
        select id_komunitas, jumlah_kegiatan, total_durasi_menit, tanggal_pertama, tanggal_terakhir
        from minggu_penuh
        union all
        select id_komunitas, jumlah_kegiatan, total_durasi_menit, tanggal_pertama, tanggal_terakhir
        from minggu_sebagian
    ) as m
    group by id_komunitas
),

final as (
    select
        k.id_komunitas,
        k.nama_komunitas,
        k.jenis,
        k.kode_kabkota,
        k.kabkota,
        coalesce(g.jumlah_kegiatan, 0) as jumlah_kegiatan,
        coalesce(g.minggu_aktif, 0) as minggu_aktif,
        coalesce(g.total_durasi_menit, 0) as total_durasi_menit,
        g.kegiatan_pertama,
        g.kegiatan_terakhir
    from komunitas_lingkup as k
    left join kegiatan_periode as g on g.id_komunitas = k.id_komunitas
)

select
    id_komunitas,
    nama_komunitas,
    jenis,
    kode_kabkota,
    kabkota,
    jumlah_kegiatan,
    minggu_aktif,
    total_durasi_menit,
    kegiatan_pertama,
    kegiatan_terakhir
from final
order by kode_kabkota, nama_komunitas, id_komunitas
