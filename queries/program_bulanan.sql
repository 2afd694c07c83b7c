-- program_bulanan: the UPT programme grid (guide, Lampiran): per month of the period x kind of event,
-- planned (rencana_program) vs held (kegiatan_upt), participants and kab/kota reached.
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL).
-- Months: every calendar month from $dari's to $sampai's. Events: queries/_kegiatan_upt.sql (UPT-wide
-- events are in every scope). The plan is the UPT's, the same for every user.
-- status: 'sesuai rencana' (held >= planned > 0), 'kurang dari rencana' (month over, held < planned),
--   'belum terlaksana' (month not over yet, held < planned), 'di luar rencana' (held, nothing planned),
--   NULL (nothing planned, nothing held).
with

bulan as (
    select strftime(b, '%Y-%m') as bulan, (b + interval 1 month - interval 1 day)::date as akhir_bulan
    from range(date_trunc('month', $dari::date), $sampai::date + 1, interval 1 month) as t(b)
),

jenis as (
{{ _jenis_kegiatan_upt }}
),

acara as (
{{ _kegiatan_upt }}
),

terlaksana as (
    select
        strftime(a.tanggal, '%Y-%m') as bulan,
        a.jenis_kegiatan,
        count(*) as jumlah_terlaksana,
        sum(a.jumlah_peserta)::bigint as jumlah_peserta,
        list_distinct(flatten(list(a.kabkota_terjangkau))) as kabkota_terjangkau
    from acara as a
    group by all
),

final as (
    select
        b.bulan,
        j.jenis_kegiatan,
        j.urutan,
        coalesce(r.jumlah_rencana, 0) as jumlah_rencana,
        coalesce(t.jumlah_terlaksana, 0) as jumlah_terlaksana,
        coalesce(t.jumlah_peserta, 0) as jumlah_peserta,
        coalesce(len(t.kabkota_terjangkau), 0) as kabkota_terjangkau,
        case
            when coalesce(r.jumlah_rencana, 0) > 0 and coalesce(t.jumlah_terlaksana, 0) >= r.jumlah_rencana
                then 'sesuai rencana'
            when coalesce(r.jumlah_rencana, 0) > 0 and b.akhir_bulan <= $sampai::date
                then 'kurang dari rencana'
            when coalesce(r.jumlah_rencana, 0) > 0 then 'belum terlaksana'
            when coalesce(t.jumlah_terlaksana, 0) > 0 then 'di luar rencana'
        end as status
    from bulan as b
    cross join jenis as j
    left join rencana_program as r on r.bulan = b.bulan and r.jenis_kegiatan = j.jenis_kegiatan
    left join terlaksana as t on t.bulan = b.bulan and t.jenis_kegiatan = j.jenis_kegiatan
)

select
    bulan,
    jenis_kegiatan,
    jumlah_rencana,
    jumlah_terlaksana,
    jumlah_peserta,
    kabkota_terjangkau,
    status
from final
order by bulan, urutan
