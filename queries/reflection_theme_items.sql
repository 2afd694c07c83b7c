-- reflection_theme_items: the items behind one theme count (the drill-down of METRICS §6) —
-- reflection_items restricted to some components and one theme.
-- Parameters: $dari, $sampai (DATE, inclusive, on refleksi.tanggal), $kabkota (VARCHAR[] or
--   NULL = every kab/kota; [] = none), $jenis, $jenjang (NULL = no filter),
--   $komponen (VARCHAR[]; NULL = every komponen; the report's `dampak` = both dampak components),
--   $tema (VARCHAR; NULL = every theme).
-- Columns and rows exactly as reflection_items, so its counts can be checked row by row.
-- @default komponen: null
-- @default tema: null
with

butir as (
{{ reflection_items }}
),

final as (
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
    where ($komponen::varchar[] is null or list_contains($komponen::varchar[], komponen))
        and ($tema::varchar is null or tema = $tema::varchar)
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
from final
order by
    periode,
    list_position(
        ['hal_baik', 'perlu_ditingkatkan', 'ide_solusi', 'dampak_peserta_didik', 'dampak_guru_kepsek',
         'tantangan', 'risiko', 'mitigasi', 'rencana_tindak_lanjut', 'usulan_kegiatan'],
        komponen
    ) nulls last,
    komponen,
    tema,
    nama_komunitas,
    id_komunitas,
    butir
