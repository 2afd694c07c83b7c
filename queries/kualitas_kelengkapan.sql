-- kualitas_kelengkapan: completeness indicators, one row per indicator (definitions and row lists:
-- queries/_kualitas_kelengkapan_rincian.sql). persen = 100 x jumlah / dari_total, one decimal (NULL when 0).
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang.
-- Counted with the rincian's predicates rather than by counting its rows (millions nationally): activities
-- from queries/_kegiatan_bulan.sql (the monthly rollup plus the cut months at either end).
with

komunitas_lingkup as (
{{ _komunitas }}
),

jumlah_komunitas as (
    select
        count(*) as komunitas,
        count(*) filter (where tanggal_terdaftar is null) as tanpa_tanggal_terdaftar,
        -- Blank = the rincian's nullif(trim(...), '') is null; ltrim(x) = '' is the same test at a fraction of
        -- trim's cost (350,000 emails nationally).
        count(*) filter (where penggerak_email is null or ltrim(penggerak_email) = '') as tanpa_email_penggerak
    from komunitas_lingkup
),

kegiatan_bulan as (
{{ _kegiatan_bulan }}
),

jumlah_kegiatan as (
    select
        coalesce(sum(g.jumlah_kegiatan), 0)::bigint as kegiatan,
        coalesce(sum(g.jumlah_kegiatan - g.jumlah_berdurasi), 0)::bigint as tanpa_durasi,
        coalesce(sum(g.jumlah_tanpa_dokumentasi), 0)::bigint as tanpa_dokumentasi
    from kegiatan_bulan as g
    where g.id_komunitas in (select id_komunitas from komunitas_lingkup)
),

indikator as (
    select * from (values
        (1, 'komunitas_tanpa_tanggal_terdaftar', 'Komunitas tanpa tanggal terdaftar', 'komunitas'),
        (2, 'komunitas_tanpa_email_penggerak', 'Komunitas tanpa email penggerak', 'komunitas'),
        (3, 'kegiatan_tanpa_durasi', 'Kegiatan tanpa durasi', 'kegiatan'),
        (4, 'kegiatan_tanpa_dokumentasi', 'Kegiatan tanpa tautan dokumentasi', 'kegiatan')
    ) as t(urutan, indikator, judul, satuan)
),

final as (
    select
        i.urutan,
        i.indikator,
        i.judul,
        case i.indikator
            when 'komunitas_tanpa_tanggal_terdaftar' then k.tanpa_tanggal_terdaftar
            when 'komunitas_tanpa_email_penggerak' then k.tanpa_email_penggerak
            when 'kegiatan_tanpa_durasi' then g.tanpa_durasi
            when 'kegiatan_tanpa_dokumentasi' then g.tanpa_dokumentasi
        end as jumlah,
        case i.satuan when 'komunitas' then k.komunitas else g.kegiatan end as dari_total
    from indikator as i, jumlah_komunitas as k, jumlah_kegiatan as g
)

select
    indikator,
    judul,
    jumlah,
    dari_total,
    round(100.0 * jumlah / nullif(dari_total, 0), 1) as persen
from final
order by urutan
