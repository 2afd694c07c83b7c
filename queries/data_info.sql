-- data_info: what is loaded, for the footer and export sheets; one row.
-- Parameters: $kabkota (VARCHAR[] or NULL; the user's scope).
-- tanggal_awal / tanggal_akhir / jumlah_komunitas cover every loaded row in the scope's kab/kota,
-- whatever the period and filters. jumlah_berkas = the distinct files applied to the store, by content
-- (berkas.sha256): reloading a file, or the same file under another name, adds none; a changed export
-- under an old name adds one (docs/ATURAN.md).
with

komunitas_lingkup as (
    select k.id_komunitas
    from komunitas as k
    where $kabkota::varchar[] is null or list_contains($kabkota::varchar[], k.kode_kabkota)
),

-- from komunitas_kegiatan (each community's first and last activity, kept by store/rollup.py):
-- 350,000 rows instead of every activity
kegiatan_lingkup as (
    select
        min(g.tanggal_pertama) as tanggal_awal,
        max(g.tanggal_terakhir) as tanggal_akhir
    from komunitas_kegiatan as g
    inner join komunitas_lingkup as k on k.id_komunitas = g.id_komunitas
),

final as (
    select
        (select nilai from meta where kunci = 'diperbarui_pada') as diperbarui_pada,
        (select count(distinct sha256) from berkas) as jumlah_berkas,
        coalesce((select nilai = '1' from meta where kunci = 'data_contoh'), false) as data_contoh,
        g.tanggal_awal,
        g.tanggal_akhir,
        (select count(*) from komunitas_lingkup) as jumlah_komunitas
    from kegiatan_lingkup as g
)

select
    diperbarui_pada,
    jumlah_berkas,
    data_contoh,
    tanggal_awal,
    tanggal_akhir,
    jumlah_komunitas
from final
