-- bimonthly_report: the two-monthly report to the centre (guide Bab 3 §E, METRICS §6) —
-- the top 5 themes of each of the six report components per period.
-- Parameters: $dari, $sampai (DATE, inclusive, on refleksi.tanggal), $kabkota (VARCHAR[] or
--   NULL = every kab/kota; [] = none), $jenis, $jenjang (NULL = no filter); $urutan_komponen_laporan (bound
--   by the runner: vocab.KOMPONEN_LAPORAN, the report's order).
-- komponen_laporan: hal_baik, perlu_ditingkatkan, dampak (= dampak_peserta_didik and
-- dampak_guru_kepsek together: a community counts once), rencana_tindak_lanjut, risiko,
-- mitigasi. ide_solusi, tantangan and usulan_kegiatan are not report components (see
-- reflection_themes for them). `lainnya` and `umum/tidak spesifik` are left out (METRICS §6): the
-- centre asks for priority themes, and "fits no theme" or "general, nothing specific" is not one (their
-- items stay visible in reflection_themes/items).
-- Ranking, `contoh` and the components are those of bimonthly_draft (every ranked theme);
-- this output keeps its first five per component.
with

draf as (
{{ bimonthly_draft }}
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
    from draf
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
    list_position($urutan_komponen_laporan, komponen_laporan),
    peringkat
