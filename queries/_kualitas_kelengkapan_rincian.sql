-- _kualitas_kelengkapan_rincian (partial): the rows behind each completeness indicator, unordered — counted
-- with the same predicates by queries/kualitas_kelengkapan.sql (keep the two in step), listed (one indicator,
-- sorted, limited) by kualitas_kelengkapan_rincian.sql.
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang.
-- Communities: those in scope (queries/_komunitas.sql); activities: theirs, dated in the period.
-- indikator:
--   komunitas_tanpa_tanggal_terdaftar   tanggal_terdaftar unknown (the weekly rule then starts at the first activity)
--   komunitas_tanpa_email_penggerak     no penggerak email (cannot be linked to the penggerak list)
--   kegiatan_tanpa_durasi               durasi_menit unknown (counts as 0 for in-school weekly hours)
--   kegiatan_tanpa_dokumentasi          no documentation link
with

komunitas_lingkup as (
{{ _komunitas }}
),

kegiatan_lingkup as (
    select
        g.id_kegiatan,
        g.id_komunitas,
        g.tanggal,
        g.topik,
        g.durasi_menit,
        g.tautan_dokumentasi,
        g.sumber_file,
        g.sumber_baris
    from kegiatan as g
    inner join komunitas_lingkup as k on k.id_komunitas = g.id_komunitas
    where g.tanggal between $dari::date and $sampai::date
),

komunitas_asal as (
    select k.id_komunitas, k.sumber_file, k.sumber_baris from komunitas as k
),

final as (
    select 'komunitas_tanpa_tanggal_terdaftar' as indikator, k.id_komunitas, k.nama_komunitas, k.jenis,
           k.kode_kabkota, k.kabkota, k.penggerak_nama, null::date as tanggal, null::varchar as topik,
           a.sumber_file, a.sumber_baris
    from komunitas_lingkup as k
    inner join komunitas_asal as a on a.id_komunitas = k.id_komunitas
    where k.tanggal_terdaftar is null
    union all
    select 'komunitas_tanpa_email_penggerak', k.id_komunitas, k.nama_komunitas, k.jenis, k.kode_kabkota,
           k.kabkota, k.penggerak_nama, null, null, a.sumber_file, a.sumber_baris
    from komunitas_lingkup as k
    inner join komunitas_asal as a on a.id_komunitas = k.id_komunitas
    where nullif(trim(k.penggerak_email), '') is null
    union all
    select 'kegiatan_tanpa_durasi', k.id_komunitas, k.nama_komunitas, k.jenis, k.kode_kabkota, k.kabkota,
           k.penggerak_nama, g.tanggal, g.topik, g.sumber_file, g.sumber_baris
    from kegiatan_lingkup as g
    inner join komunitas_lingkup as k on k.id_komunitas = g.id_komunitas
    where g.durasi_menit is null
    union all
    select 'kegiatan_tanpa_dokumentasi', k.id_komunitas, k.nama_komunitas, k.jenis, k.kode_kabkota, k.kabkota,
           k.penggerak_nama, g.tanggal, g.topik, g.sumber_file, g.sumber_baris
    from kegiatan_lingkup as g
    inner join komunitas_lingkup as k on k.id_komunitas = g.id_komunitas
    where g.tautan_dokumentasi is null or ltrim(g.tautan_dokumentasi) = ''  -- blank as trim sees it, 10x cheaper
)

select
    indikator,
    id_komunitas,
    nama_komunitas,
    jenis,
    kode_kabkota,
    kabkota,
    penggerak_nama,
    tanggal,
    topik,
    sumber_file,
    sumber_baris
from final
