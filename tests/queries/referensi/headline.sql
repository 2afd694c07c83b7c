-- Reference (tests only): queries/headline.sql as it was before it read the list progress_kabkota_rinci (issue 19),
-- computing _progress_kabkota itself. tests/queries/test_kueri_cepat_sama.py checks the query gives the same frame.
-- headline: the overview's key figures over the whole scope, one row (METRICS §5, §3).
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang
--   (NULL = no filter), $ambang, $libur.
-- Counts are the sums of _progress_kabkota (the source of progress_kabkota), so the overview and the
-- per-kab/kota table always agree; komunitas_dievaluasi = communities with at least one evaluated week.
with

progres as (
{{ _progress_kabkota }}
),

jumlah as (
    select
        coalesce(sum(jumlah_komunitas), 0)::bigint as jumlah_komunitas,
        coalesce(sum(terdaftar_pmm), 0)::bigint as terdaftar_pmm,
        coalesce(sum(komunitas_aktif_4_minggu), 0)::bigint as komunitas_aktif_4_minggu,
        coalesce(sum(komunitas_dievaluasi), 0)::bigint as komunitas_dievaluasi,
        coalesce(sum(komunitas_memenuhi_aturan), 0)::bigint as komunitas_memenuhi_aturan,
        coalesce(sum(jumlah_refleksi), 0)::bigint as jumlah_refleksi,
        coalesce(sum(sekolah_ikm), 0)::bigint as sekolah_ikm,
        coalesce(sum(sekolah_ikm_dengan_kombel), 0)::bigint as sekolah_ikm_dengan_kombel
    from progres
),

final as (
    select
        j.jumlah_komunitas,
        j.terdaftar_pmm,
        j.komunitas_aktif_4_minggu,
        round(100.0 * j.komunitas_aktif_4_minggu / nullif(j.jumlah_komunitas, 0), 1) as persen_aktif_4_minggu,
        j.komunitas_dievaluasi,
        j.komunitas_memenuhi_aturan,
        round(100.0 * j.komunitas_memenuhi_aturan / nullif(j.komunitas_dievaluasi, 0), 1) as persen_memenuhi_aturan,
        j.jumlah_refleksi,
        j.sekolah_ikm,
        j.sekolah_ikm_dengan_kombel,
        round(100.0 * j.sekolah_ikm_dengan_kombel / nullif(j.sekolah_ikm, 0), 1) as persen_cakupan_ikm
    from jumlah as j
)

select
    jumlah_komunitas,
    terdaftar_pmm,
    komunitas_aktif_4_minggu,
    persen_aktif_4_minggu,
    komunitas_dievaluasi,
    komunitas_memenuhi_aturan,
    persen_memenuhi_aturan,
    jumlah_refleksi,
    sekolah_ikm,
    sekolah_ikm_dengan_kombel,
    persen_cakupan_ikm
from final
