-- Partial: the activities dated in the period summed per community and calendar month (unscoped: callers
-- join their communities). Parameters: $dari, $sampai (DATE, inclusive; any day of a month).
-- One row per community-month with an activity in the period; a month cut by $dari or $sampai counts only
-- its days inside the period. Months wholly inside come from kegiatan_bulanan; the cut months from
-- kegiatan, read as two plain date ranges (before the first whole month, from the end of the last one):
-- constant bounds, so the scan filters on tanggal before it reads any other column.
-- First whole month: date_trunc('month', $dari - 1) + 1 month; end of the last: date_trunc('month', $sampai + 1).
-- jumlah_tanpa_dokumentasi: no documentation link, blank counting as none (as in kegiatan_bulanan; ltrim(x) = ''
-- is trim's test for blank at a tenth of its cost).
with

bulan_penuh as (
    select
        b.id_komunitas,
        b.bulan,
        b.jumlah_kegiatan,
        b.total_durasi_menit,
        b.jumlah_berdurasi,
        b.jumlah_tanpa_dokumentasi
    from kegiatan_bulanan as b
    where b.bulan >= (date_trunc('month', $dari::date - 1) + interval 1 month)::date
        and b.bulan < date_trunc('month', $sampai::date + 1)::date
),

kegiatan_sebagian as (
    select g.id_komunitas, g.tanggal, g.durasi_menit, g.tautan_dokumentasi
    from kegiatan as g
    where g.tanggal between $dari::date
        and least($sampai::date, (date_trunc('month', $dari::date - 1) + interval 1 month)::date - 1)
    union all
    select g.id_komunitas, g.tanggal, g.durasi_menit, g.tautan_dokumentasi
    from kegiatan as g
    where g.tanggal between greatest((date_trunc('month', $dari::date - 1) + interval 1 month)::date,
                                     date_trunc('month', $sampai::date + 1)::date)
        and $sampai::date
),

bulan_sebagian as (
    select
        g.id_komunitas,
        date_trunc('month', g.tanggal)::date as bulan,
        count(*)::integer as jumlah_kegiatan,
        coalesce(sum(g.durasi_menit), 0)::bigint as total_durasi_menit,
        count(g.durasi_menit)::integer as jumlah_berdurasi,
        count(*) filter (where g.tautan_dokumentasi is null or ltrim(g.tautan_dokumentasi) = '')::integer
            as jumlah_tanpa_dokumentasi
    from kegiatan_sebagian as g
    group by g.id_komunitas, bulan
),

final as (
    select id_komunitas, bulan, jumlah_kegiatan, total_durasi_menit, jumlah_berdurasi, jumlah_tanpa_dokumentasi
    from bulan_penuh
    union all
    select id_komunitas, bulan, jumlah_kegiatan, total_durasi_menit, jumlah_berdurasi, jumlah_tanpa_dokumentasi
    from bulan_sebagian
)

select
    id_komunitas,
    bulan,
    jumlah_kegiatan,
    total_durasi_menit,
    jumlah_berdurasi,
    jumlah_tanpa_dokumentasi
from final
