-- reflection_theme_ranking: the ranked themes of every reflection component in one period, with
-- their share, the change against the previous period and up to three example items (METRICS §6).
-- Parameters: $dari, $sampai (DATE, inclusive, on refleksi.tanggal: one two-month period),
--   $kabkota (VARCHAR[] or NULL = every kab/kota; [] = none), $jenis, $jenjang (NULL = no filter);
--   $urutan_komponen (bound by the runner: vocab.KOMPONEN, the reflection form's order).
-- The previous period is [$dari - 2 months, $dari - 1 day], same scope and filters.
-- One row per komponen × tema (including `lainnya`) present in the period. Rank and counts as in
-- reflection_themes (distinct communities, then items, then name). persen_komunitas = communities
-- naming the theme / communities with at least one item in that komponen in the period × 100.
-- Previous-period columns are NULL when the komponen had no item at all in the previous period
-- (nothing to compare with); jumlah_komunitas_sebelumnya = 0 when it had items but not this theme.
-- persen_komunitas_sebelumnya = the theme's persen_komunitas in the previous period (Refleksi's chart).
-- contoh_1..3: distinct wordings, the ones most communities used first, then highest score,
-- shorter, alphabetical (queries/_contoh_tema.sql; contoh_1 = reflection_themes.contoh), from confident items only.
-- Reviewers' corrections count as the theme they set (issue 18). jumlah_butir_perlu_ditinjau = the theme's items
-- that are not `yakin` (the classifier is not confident and nobody corrected them): counted in jumlah_butir too,
-- shown apart so the reader knows how much of the count rests on uncertain items (docs/ATURAN.md).
with

komunitas_lingkup as (
{{ _komunitas }}
),

versi_terkini as (
{{ _versi_leksikon }}
),

koreksi_terkini as (
{{ _koreksi_terkini }}
),

butir as (
    select
        r.komponen,
        r.id_komunitas,
        b.butir,
        coalesce(c.tema, b.tema) as tema,
        b.skor,
        c.tema is not null or coalesce(b.yakin, false) as yakin,
        r.tanggal >= $dari::date as periode_ini
    from refleksi as r
    inner join komunitas_lingkup as k on k.id_komunitas = r.id_komunitas
    inner join butir_refleksi as b on b.id_refleksi = r.id_refleksi
    inner join versi_terkini as v on v.versi = b.versi_leksikon
    left join koreksi_terkini as c on c.id_refleksi = b.id_refleksi and c.butir = b.butir
    where r.tanggal between cast($dari::date - interval 2 month as date) and $sampai::date
),

hitungan as (
    select
        periode_ini,
        komponen,
        tema,
        count(distinct id_komunitas) as jumlah_komunitas,
        count(*) as jumlah_butir,
        count(*) filter (where not yakin) as jumlah_butir_perlu_ditinjau
    from butir
    group by periode_ini, komponen, tema
),

peringkat as (
    select
        periode_ini,
        komponen,
        tema,
        jumlah_komunitas,
        jumlah_butir,
        jumlah_butir_perlu_ditinjau,
        row_number() over (
            partition by periode_ini, komponen
            order by jumlah_komunitas desc, jumlah_butir desc, tema
        ) as peringkat
    from hitungan
),

penyebut as (
    select
        periode_ini,
        komponen,
        count(distinct id_komunitas) as komunitas_komponen
    from butir
    group by periode_ini, komponen
),

butir_contoh as (
    -- the period as one block (periode NULL), as the ranking itself counts it
    select
        null::varchar as periode,
        komponen,
        tema,
        butir,
        id_komunitas,
        skor,
        yakin
    from butir
    where periode_ini
),

contoh_tema as (
{{ _contoh_tema }}
),

contoh as (
    select
        komponen,
        tema,
        max(contoh) filter (where urutan = 1) as contoh_1,
        max(contoh) filter (where urutan = 2) as contoh_2,
        max(contoh) filter (where urutan = 3) as contoh_3
    from contoh_tema
    group by komponen, tema
),

final as (
    select
        p.komponen,
        p.peringkat,
        p.tema,
        p.jumlah_komunitas,
        p.jumlah_butir,
        round(100.0 * p.jumlah_komunitas / nullif(n.komunitas_komponen, 0), 1) as persen_komunitas,
        case when nl.komponen is not null then coalesce(l.jumlah_komunitas, 0) end as jumlah_komunitas_sebelumnya,
        case when nl.komponen is not null then p.jumlah_komunitas - coalesce(l.jumlah_komunitas, 0) end
            as selisih_komunitas,
        case when nl.komponen is not null
            then round(100.0 * coalesce(l.jumlah_komunitas, 0) / nl.komunitas_komponen, 1) end
            as persen_komunitas_sebelumnya,
        l.peringkat as peringkat_sebelumnya,
        c.contoh_1,
        c.contoh_2,
        c.contoh_3,
        p.jumlah_butir_perlu_ditinjau
    from peringkat as p
    inner join penyebut as n on n.komponen = p.komponen and n.periode_ini
    left join contoh as c on c.komponen = p.komponen and c.tema = p.tema
    left join penyebut as nl on nl.komponen = p.komponen and not nl.periode_ini
    left join peringkat as l on l.komponen = p.komponen and l.tema = p.tema and not l.periode_ini
    where p.periode_ini
)

select
    komponen,
    peringkat,
    tema,
    jumlah_komunitas,
    jumlah_butir,
    persen_komunitas,
    jumlah_komunitas_sebelumnya,
    selisih_komunitas,
    persen_komunitas_sebelumnya,
    peringkat_sebelumnya,
    contoh_1,
    contoh_2,
    contoh_3,
    jumlah_butir_perlu_ditinjau
from final
order by
    list_position($urutan_komponen, komponen) nulls last,
    komponen,
    peringkat
