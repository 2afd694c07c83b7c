-- progress_kabkota_rinci: _progress_kabkota as a list, one row per kab/kota with every column (komunitas_dievaluasi
-- too), which progress_kabkota and headline read (issue 19): the app materialises a list once per connection and
-- parameters (queries/runner.py Hasil), so a page showing both (Ringkasan) computes the weekly rule once, not twice.
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang
--   (NULL = no filter), $ambang, $libur (for the weekly rule).
with

progres as (
{{ _progress_kabkota }}
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
    komunitas_dievaluasi,
    persen_aktif_4_minggu,
    rata_persen_terpenuhi,
    komunitas_memenuhi_aturan,
    sekolah_ikm,
    sekolah_ikm_dengan_kombel,
    persen_cakupan_ikm,
    jumlah_refleksi
from progres
order by kode_kabkota
