-- weekly_rule: the weekly-meeting rule per community (METRICS §3). One row per community in scope.
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang
--   (NULL = no filter), $ambang (threshold %, default 100), $libur (DATE[] of holiday weeks).
-- Holiday weeks are neither evaluated nor counted, and the streak skips them. Computed in _weekly_rule.
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
    berisiko
from aturan
order by kode_kabkota, nama_komunitas, id_komunitas
