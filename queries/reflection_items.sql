-- reflection_items: every reflection item with its theme — the audit trail of METRICS §6.
-- Parameters: $dari, $sampai (DATE, inclusive, on refleksi.tanggal), $kabkota (VARCHAR[] or
--   NULL = every kab/kota; [] = none), $jenis, $jenjang (NULL = no filter; the community's own).
--   $komponen (VARCHAR[]; NULL = every komponen), $tema (VARCHAR; NULL = every theme): the
--   drill-down from a theme count to the items behind it.
-- One row per item (butir_refleksi) classified with the current (newest) lexicon version
-- (queries/_butir_refleksi.sql), in report order.
with

butir as (
{{ _butir_refleksi }}
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
    list_position(
        ['hal_baik', 'perlu_ditingkatkan', 'ide_solusi', 'dampak_peserta_didik', 'dampak_guru_kepsek',
         'tantangan', 'risiko', 'mitigasi', 'rencana_tindak_lanjut', 'usulan_kegiatan'],
        komponen
    ) nulls last,
    komponen,
    nama_komunitas,
    id_komunitas,
    tanggal,
    id_refleksi,
    nomor_butir
