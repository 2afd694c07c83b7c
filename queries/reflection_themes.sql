-- reflection_themes: themes per period and reflection component, ranked (METRICS §6).
-- Parameters: $dari, $sampai (DATE, inclusive, on refleksi.tanggal), $kabkota (VARCHAR[] or
--   NULL = every kab/kota; [] = none), $jenis, $jenjang (NULL = no filter); $urutan_komponen (bound by
--   the runner: vocab.KOMPONEN, the reflection form's order).
-- One row per periode × komponen × tema (including `lainnya`), in rank order within the
-- komponen: more distinct communities first, then more items, then the theme name.
-- `contoh`: queries/_contoh_tema.sql (the wording most communities used, then the highest score, the
-- shorter, alphabetical).
with

butir as (
{{ _reflection_items }}
),

butir_contoh as (
    select
        periode,
        komponen,
        tema,
        butir,
        id_komunitas,
        skor,
        yakin
    from butir
),

contoh_tema as (
{{ _contoh_tema }}
),

contoh_terpilih as (
    select
        periode,
        komponen,
        tema,
        contoh
    from contoh_tema
    where urutan = 1
),

hitungan as (
    select
        periode,
        komponen,
        tema,
        count(distinct id_komunitas) as jumlah_komunitas,
        count(*) as jumlah_butir
    from butir
    group by periode, komponen, tema
),

final as (
    select
        h.periode,
        h.komponen,
        h.tema,
        h.jumlah_komunitas,
        h.jumlah_butir,
        c.contoh,
        row_number() over (
            partition by h.periode, h.komponen
            order by h.jumlah_komunitas desc, h.jumlah_butir desc, h.tema
        ) as peringkat
    from hitungan as h
    left join contoh_terpilih as c  -- a theme with no confident item has no example (issue 18)
        on c.periode = h.periode and c.komponen = h.komponen and c.tema = h.tema
)

select
    periode,
    komponen,
    tema,
    jumlah_komunitas,
    jumlah_butir,
    contoh
from final
order by
    periode,
    list_position($urutan_komponen, komponen) nulls last,
    komponen,
    peringkat
