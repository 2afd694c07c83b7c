-- progress_kabkota: progress per kab/kota (METRICS §5), computed in _progress_kabkota, read as the list
-- progress_kabkota_rinci (which headline reads too: a page showing both computes it once, issue 19).
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang
--   (NULL = no filter), $ambang, $libur (for the weekly rule).
with

progres as (
{{ progress_kabkota_rinci }}
)

select
    kode_kabkota,
    kabkota,
    kode_provinsi,
    provinsi,
    jumlah_komunitas,
    komunitas_dalam_sekolah,
    komunitas_antar_sekolah,
    komunitas_daring_pmm,
    terdaftar_pmm,
    komunitas_aktif_4_minggu,
    persen_aktif_4_minggu,
    rata_persen_terpenuhi,
    komunitas_memenuhi_aturan,
    sekolah_ikm,
    sekolah_ikm_dengan_kombel,
    persen_cakupan_ikm,
    jumlah_refleksi
from progres
order by kode_kabkota
