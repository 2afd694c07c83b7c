-- weekly_rule_followup: the weekly_rule rows with whom to contact, for the wali wilayah's follow-up list.
-- Parameters: as weekly_rule — $dari, $sampai, $kabkota, $jenis, $jenjang, $ambang, $libur.
-- kegiatan_terakhir = the community's last activity ever loaded, whatever the period (NULL if none).
with

aturan as (
{{ weekly_rule }}
),

komunitas_lingkup as (
{{ _komunitas }}
),

kegiatan_terakhir as (
    select
        id_komunitas,
        max(tanggal) as kegiatan_terakhir
    from kegiatan
    group by id_komunitas
),

final as (
    select
        a.id_komunitas,
        a.nama_komunitas,
        a.jenis,
        a.kode_kabkota,
        a.kabkota,
        a.minggu_dievaluasi,
        a.minggu_terpenuhi,
        a.minggu_tanpa_durasi,
        a.persen_terpenuhi,
        a.memenuhi_aturan,
        a.minggu_beruntun,
        a.berisiko,
        k.penggerak_nama,
        k.penggerak_email,
        t.kegiatan_terakhir
    from aturan as a
    inner join komunitas_lingkup as k on k.id_komunitas = a.id_komunitas
    left join kegiatan_terakhir as t on t.id_komunitas = a.id_komunitas
)

select
    id_komunitas,
    nama_komunitas,
    jenis,
    kode_kabkota,
    kabkota,
    minggu_dievaluasi,
    minggu_terpenuhi,
    minggu_tanpa_durasi,
    persen_terpenuhi,
    memenuhi_aturan,
    minggu_beruntun,
    berisiko,
    penggerak_nama,
    penggerak_email,
    kegiatan_terakhir
from final
order by kode_kabkota, nama_komunitas, id_komunitas
