-- partisipasi: participation per community in scope (issue 17 item 2), the rule in docs/ATURAN.md "Partisipasi"
-- and in _partisipasi.
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang (NULL = no filter).
-- Columns: id_komunitas, nama_komunitas, jenis, kode_kabkota, kabkota, jenjang, jumlah_anggota (NULL = unknown or 0),
--   jumlah_kegiatan (in the period), kegiatan_berpeserta (with a participant count > 0), persen_kegiatan_berpeserta,
--   median_peserta, persen_partisipasi (median_peserta / jumlah_anggota, capped at 100), peserta_melebihi_anggota,
--   partisipasi_rendah (< 50 % with >= 3 counted activities; NULL = cannot be judged).
-- Order: low participation first (lowest share first), then the rest; then kab/kota, name.
with

partisipasi as (
{{ _partisipasi }}
)

select
    id_komunitas,
    nama_komunitas,
    jenis,
    kode_kabkota,
    kabkota,
    jenjang,
    jumlah_anggota,
    jumlah_kegiatan,
    kegiatan_berpeserta,
    persen_kegiatan_berpeserta,
    median_peserta,
    persen_partisipasi,
    peserta_melebihi_anggota,
    partisipasi_rendah
from partisipasi
where $kabkota::varchar[] is null or list_contains($kabkota::varchar[], kode_kabkota)
order by coalesce(partisipasi_rendah, false) desc,
    case when partisipasi_rendah then persen_partisipasi end nulls last,
    kode_kabkota, nama_komunitas, id_komunitas
