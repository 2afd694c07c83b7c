-- Partial: every reflection item in scope with its theme (METRICS §6), unordered — the rows of
-- reflection_items, and the input of reflection_themes, bimonthly_draft and reflection_unmatched_terms
-- (which would otherwise pay for reflection_items' sort).
-- Parameters: $dari, $sampai (DATE, inclusive, on refleksi.tanggal), $kabkota (VARCHAR[] or
--   NULL = every kab/kota; [] = none), $jenis, $jenjang (NULL = no filter; the community's own).
--   $komponen (VARCHAR[]; NULL = every komponen), $tema (VARCHAR; NULL = every theme).
-- One row per item (butir_refleksi) classified with the current (newest) lexicon version. A reviewer's correction
-- (app state koreksi_tema, issue 18) overrides the classifier's theme: the newest per (id_refleksi, butir) wins, so
-- every count, ranking, draft and download follows it at once. `yakin`: the classifier's calibrated confidence
-- (data_loaders/themes.py), TRUE for a corrected item; `dikoreksi`: whether a correction applies.
-- @default komponen: null
-- @default tema: null
with

komunitas_lingkup as (
{{ _komunitas }}
),

versi_terkini as (
{{ _versi_leksikon }}
),

refleksi_periode as (
    select
        r.id_refleksi,
        r.id_komunitas,
        r.tanggal,
        r.periode,
        r.komponen,
        r.jawaban
    from refleksi as r
    where r.tanggal between $dari::date and $sampai::date
        and ($komponen::varchar[] is null or list_contains($komponen::varchar[], r.komponen))
),

koreksi_terkini as (
{{ _koreksi_terkini }}
),

butir_terkini as (
    -- the drill-down ($tema) filters the scan by the classifier's theme, plus the items corrected into $tema
    select
        b.id_refleksi,
        b.nomor_butir,
        b.butir,
        b.tema,
        b.skor,
        coalesce(b.yakin, false) as yakin
    from butir_refleksi as b
    inner join versi_terkini as v on v.versi = b.versi_leksikon
    where $tema::varchar is null or b.tema = $tema::varchar
        or (b.id_refleksi, b.butir) in (select id_refleksi, butir from koreksi_terkini where tema = $tema::varchar)
),

final as (
    select
        k.id_komunitas,
        k.nama_komunitas,
        k.kode_kabkota,
        r.periode,
        r.komponen,
        r.jawaban,
        b.butir,
        coalesce(c.tema, b.tema) as tema,
        b.skor,
        r.tanggal,
        r.id_refleksi,
        b.nomor_butir,
        c.tema is not null or b.yakin as yakin,
        c.tema is not null as dikoreksi
    from refleksi_periode as r
    inner join komunitas_lingkup as k on k.id_komunitas = r.id_komunitas
    inner join butir_terkini as b on b.id_refleksi = r.id_refleksi
    left join koreksi_terkini as c on c.id_refleksi = b.id_refleksi and c.butir = b.butir
    where $tema::varchar is null or coalesce(c.tema, b.tema) = $tema::varchar
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
    skor,
    tanggal,
    id_refleksi,
    nomor_butir,
    yakin,
    dikoreksi
from final
