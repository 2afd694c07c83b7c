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
    select
        id_refleksi,
        butir,
        arg_max(tema_baru, id) as tema
    from koreksi_tema
    group by id_refleksi, butir
),

butir_dikoreksi as (
    select
        b.id_refleksi,
        b.nomor_butir,
        b.butir,
        coalesce(c.tema, b.tema) as tema,
        b.skor,
        c.tema is not null or coalesce(b.yakin, false) as yakin,
        c.tema is not null as dikoreksi
    from butir_refleksi as b
    inner join versi_terkini as v on v.versi = b.versi_leksikon
    left join koreksi_terkini as c on c.id_refleksi = b.id_refleksi and c.butir = b.butir
),

butir_terkini as (
    select
        id_refleksi,
        nomor_butir,
        butir,
        tema,
        skor,
        yakin,
        dikoreksi
    from butir_dikoreksi
    where $tema::varchar is null or tema = $tema::varchar
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
        b.tema,
        b.skor,
        r.tanggal,
        r.id_refleksi,
        b.nomor_butir,
        b.yakin,
        b.dikoreksi
    from refleksi_periode as r
    inner join komunitas_lingkup as k on k.id_komunitas = r.id_komunitas
    inner join butir_terkini as b on b.id_refleksi = r.id_refleksi
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
