-- reflection_items: every reflection item with its theme — the audit trail of METRICS §6.
-- Parameters: $dari, $sampai (DATE, inclusive, on refleksi.tanggal), $kabkota (VARCHAR[] or
--   NULL = every kab/kota; [] = none), $jenis, $jenjang (NULL = no filter; the community's own).
--   $komponen (VARCHAR[]; NULL = every komponen), $tema (VARCHAR; NULL = every theme): the
--   drill-down from a theme count to the items behind it. $urutan_komponen (bound by the runner:
--   vocab.KOMPONEN, the reflection form's order).
-- One row per item (butir_refleksi) classified with the current (newest) lexicon version
-- (queries/_reflection_items.sql), in report order.
with

butir as (
{{ _reflection_items }}
)

select
    id_komunitas,
    nama_komunitas,
    kode_kabkota,
    periode,
    komponen,
    jawaban,
    butir,
    tema,
    skor
from butir
order by
    periode,
    list_position($urutan_komponen, komponen) nulls last,
    komponen,
    nama_komunitas,
    id_komunitas,
    tanggal,
    id_refleksi,
    nomor_butir
