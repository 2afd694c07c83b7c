-- bimonthly_report: the two-monthly report to the centre (guide Bab 3 §E, METRICS §6) —
-- the top 5 themes of each of the six report components per period.
-- Parameters: $dari, $sampai (DATE, inclusive, on refleksi.tanggal), $kabkota (VARCHAR[] or
--   NULL = every kab/kota; [] = none), $jenis, $jenjang (NULL = no filter).
-- komponen_laporan: hal_baik, perlu_ditingkatkan, dampak (= dampak_peserta_didik and
-- dampak_guru_kepsek together: a community counts once), rencana_tindak_lanjut, risiko,
-- mitigasi. ide_solusi, tantangan and usulan_kegiatan are not report components (see
-- reflection_themes for them). `lainnya` is left out: the centre asks for priority themes,
-- and "fits no theme" is not one (its items stay visible in reflection_themes/items).
-- Rank: more distinct communities, then more items, then the theme name. `contoh` as in
-- reflection_themes: the wording most communities used, then highest score, shorter, alphabetical.
with

butir as (
{{ reflection_items }}
),

butir_laporan as (
    select
        periode,
        case
            when komponen in ('dampak_peserta_didik', 'dampak_guru_kepsek') then 'dampak'
            else komponen
        end as komponen_laporan,
        id_komunitas,
        butir,
        tema,
        skor
    from butir
    where komponen in (
            'hal_baik', 'perlu_ditingkatkan', 'dampak_peserta_didik', 'dampak_guru_kepsek',
            'rencana_tindak_lanjut', 'risiko', 'mitigasi'
        )
        and tema <> 'lainnya'
),

kalimat as (
    select
        periode,
        komponen_laporan,
        tema,
        butir,
        count(distinct id_komunitas) as jumlah_komunitas,
        max(skor) as skor
    from butir_laporan
    group by periode, komponen_laporan, tema, butir
),

contoh_terpilih as (
    select
        periode,
        komponen_laporan,
        tema,
        butir as contoh
    from kalimat
    qualify row_number() over (
        partition by periode, komponen_laporan, tema
        order by jumlah_komunitas desc, skor desc, length(butir), butir
    ) = 1
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
    inner join contoh_terpilih as c
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
    where peringkat <= 5
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
    list_position(
        ['hal_baik', 'perlu_ditingkatkan', 'dampak', 'rencana_tindak_lanjut', 'risiko', 'mitigasi'],
        komponen_laporan
    ),
    peringkat
