-- reflection_review: the reflection items a reviewer may correct (issue 18) — the drill-down behind a theme count and
-- the "Perlu ditinjau" panel. The items of queries/_reflection_items.sql (reviewers' corrections applied), with what
-- a correction needs: id_refleksi and the item's text identify it (edits/koreksi_tema.py).
-- Parameters: $dari, $sampai (DATE, inclusive, on refleksi.tanggal), $kabkota (VARCHAR[] or NULL = every
--   kab/kota; [] = none), $jenis, $jenjang (NULL = no filter); $komponen (VARCHAR[]; NULL = every komponen),
--   $tema (VARCHAR; NULL = every theme), $hanya_ragu (BOOLEAN: only the items that are not `yakin`).
-- Order: the items not `yakin` first, lowest score first (the likeliest misfiled), then by community and answer.
-- @default komponen: null
-- @default tema: null
-- @default hanya_ragu: false
with

butir as (
{{ _reflection_items }}
)

select
    id_refleksi,
    nomor_butir,
    id_komunitas,
    nama_komunitas,
    kode_kabkota,
    periode,
    komponen,
    butir,
    tema,
    skor,
    yakin,
    dikoreksi,
    jawaban
from butir
where not ($hanya_ragu::boolean and yakin)
order by
    yakin,
    skor,
    nama_komunitas,
    id_komunitas,
    tanggal,
    id_refleksi,
    nomor_butir
