-- weekly_rule_followup: the weekly_rule rows with whom to contact, for the wali wilayah's follow-up list.
-- Parameters: as weekly_rule — $dari, $sampai, $kabkota, $jenis, $jenjang, $ambang, $libur.
-- kegiatan_terakhir = the community's last activity ever loaded, whatever the period (NULL if none).
with

aturan as (
{{ _weekly_rule }}
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
from aturan
order by kode_kabkota, nama_komunitas, id_komunitas
