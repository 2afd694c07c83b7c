-- bimonthly_draft: every candidate theme of the six bimonthly report components, ranked — what the
-- Laporan Dua Bulanan page offers when a user replaces one of the top 5 (guide Bab 3 §E, METRICS §6).
-- Parameters: $dari, $sampai (DATE, inclusive, on refleksi.tanggal), $kabkota (VARCHAR[] or
--   NULL = every kab/kota; [] = none), $jenis, $jenjang (NULL = no filter); $urutan_komponen_laporan (the
--   report components in the report's order, vocab.KOMPONEN_LAPORAN, bound by the runner).
-- bimonthly_report is this with the top-5 cut (its rows = these rows with peringkat <= 5; a test
-- holds the two together): komponen_laporan, `dampak` = both dampak components (a community counts
-- once), `lainnya` and `umum/tidak spesifik` left out (METRICS §6: they say nothing to the centre, so
-- they are not candidates either; reflection_themes and reflection_items still count them), rank by
-- distinct communities, then items, then theme name. Reviewers' corrections count as the theme they set
-- (queries/_reflection_items.sql); `contoh` quotes only a confident item (NULL when the theme has none, issue 18).
with

butir as (
{{ _reflection_items }}
),

butir_laporan as (
    -- the items of the report components ($urutan_komponen_laporan); ide_solusi, tantangan and
    -- usulan_kegiatan are none
    select
        periode,
        komponen_laporan,
        id_komunitas,
        butir,
        tema,
        skor,
        yakin
    from (
        select
            periode,
            case
                when komponen in ('dampak_peserta_didik', 'dampak_guru_kepsek') then 'dampak'
                else komponen
            end as komponen_laporan,
            id_komunitas,
            butir,
            tema,
            skor,
            yakin
        from butir
        where tema not in ('lainnya', 'umum/tidak spesifik')
    )
    where list_contains($urutan_komponen_laporan, komponen_laporan)
),

butir_contoh as (
    select
        periode,
        komponen_laporan as komponen,
        tema,
        butir,
        id_komunitas,
        skor,
        yakin
    from butir_laporan
),

contoh_terpilih as (
    -- the example wording of queries/_contoh_tema.sql, over both dampak components together
    select
        periode,
        komponen as komponen_laporan,
        tema,
        contoh
    from ({{ _contoh_tema }})
    where urutan = 1
),

hitungan as (
    select
        periode,
        komponen_laporan,
        tema,
        count(distinct id_komunitas) as jumlah_komunitas,
        count(*) as jumlah_butir
    from butir_laporan
    group by periode, komponen_laporan, tema
),

peringkat_tema as (
    select
        h.periode,
        h.komponen_laporan,
        row_number() over (
            partition by h.periode, h.komponen_laporan
            order by h.jumlah_komunitas desc, h.jumlah_butir desc, h.tema
        ) as peringkat,
        h.tema,
        h.jumlah_komunitas,
        h.jumlah_butir,
        c.contoh
    from hitungan as h
    left join contoh_terpilih as c  -- no confident item, no example: the theme still counts
        on c.periode = h.periode and c.komponen_laporan = h.komponen_laporan and c.tema = h.tema
),

final as (
    select
        periode,
        komponen_laporan,
        peringkat,
        tema,
        jumlah_komunitas,
        jumlah_butir,
        contoh
    from peringkat_tema
)

select
    periode,
    komponen_laporan,
    peringkat,
    tema,
    jumlah_komunitas,
    jumlah_butir,
    contoh
from final
order by
    periode,
    list_position($urutan_komponen_laporan, komponen_laporan),
    peringkat
