-- Partial: the example wordings (`contoh`) of each periode × komponen × tema (METRICS §6), best first:
-- the wording most communities used (a typo is rarely the common wording), then the highest score, the
-- shorter, alphabetical. Up to three per theme, `urutan` 1..3 (distinct wordings); reflection_themes and
-- bimonthly_draft take urutan 1, reflection_theme_ranking all three.
-- Only confident items (`yakin`, issue 18: calibrated, or corrected by a reviewer) are quoted: an item the
-- classifier may have misfiled never speaks for a theme. A theme with no confident item has no example (NULL).
-- @input: butir_contoh(periode, komponen, tema, butir, id_komunitas, skor, yakin), a CTE the including query defines,
--   one row per reflection item (bimonthly_draft passes its komponen_laporan as komponen). So the runner
--   defines this partial in the includer's own `with` list, after butir_contoh (queries/runner.py).
-- Parameters: none of its own.
-- Communities are counted by grouping per community first, not with count(distinct): DuckDB plans a
-- DISTINCT aggregate as a second group-by joined back, which costs more than the two plain group-bys.
with

kalimat_komunitas as (
    select
        periode,
        komponen,
        tema,
        butir,
        id_komunitas,
        max(skor) as skor
    from butir_contoh
    where yakin
    group by periode, komponen, tema, butir, id_komunitas
),

kalimat as (
    select
        periode,
        komponen,
        tema,
        butir,
        count(*) as jumlah_komunitas,
        max(skor) as skor
    from kalimat_komunitas
    group by periode, komponen, tema, butir
),

final as (
    select
        periode,
        komponen,
        tema,
        butir as contoh,
        row_number() over (
            partition by periode, komponen, tema
            order by jumlah_komunitas desc, skor desc, length(butir), butir
        ) as urutan
    from kalimat
)

select
    periode,
    komponen,
    tema,
    contoh,
    urutan
from final
where urutan <= 3
