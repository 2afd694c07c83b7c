-- kualitas_kelengkapan: completeness indicators, one row per indicator (definitions and row lists:
-- queries/_kualitas_kelengkapan_rincian.sql). persen = 100 x jumlah / dari_total, one decimal (NULL when 0).
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang.
with

komunitas_lingkup as (
{{ _komunitas }}
),

rincian as (
{{ _kualitas_kelengkapan_rincian }}
),

total as (
    select
        (select count(*) from komunitas_lingkup) as komunitas,
        (select count(*) from kegiatan as g
         inner join komunitas_lingkup as k on k.id_komunitas = g.id_komunitas
         where g.tanggal between $dari::date and $sampai::date) as kegiatan
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
        (select count(*) from rincian as r where r.indikator = i.indikator) as jumlah,
        case i.satuan when 'komunitas' then t.komunitas else t.kegiatan end as dari_total
    from indikator as i, total as t
)

select
    indikator,
    judul,
    jumlah,
    dari_total,
    round(100.0 * jumlah / nullif(dari_total, 0), 1) as persen
from final
order by urutan
