-- penggerak_eligibility: per penggerak in scope, the Bab 1 §D.1 / Bab 2 §C.2 criteria (METRICS §7).
-- Parameters: $sampai (DATE), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang (NULL = no filter).
-- Placement, scope and the rules are those of queries/_penggerak_eligibility.sql. Order: not yet eligible for PMM
-- first (they need follow-up), then by kab/kota and name.
with

penggerak_lingkup as (
{{ _penggerak_eligibility }}
)

select
    penggerak_email,
    penggerak_nama,
    kode_kabkota,
    kabkota,
    ada_di_daftar_penggerak,
    akun_belajar_id,
    aksi_nyata_kurikulum_merdeka,
    aksi_nyata_perencanaan_pembelajaran,
    aksi_nyata_asesmen_awal,
    aksi_nyata_pembelajaran_berdiferensiasi,
    jumlah_topik,
    layak_daftar_pmm,
    memenuhi_kriteria_umum,
    kekurangan,
    jumlah_komunitas,
    komunitas_dipimpin
from penggerak_lingkup
order by coalesce(layak_daftar_pmm, false), kode_kabkota nulls last, penggerak_nama, penggerak_email
