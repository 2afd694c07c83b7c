-- partisipasi_kabkota: participation per kab/kota (issue 17 item 2), the sums of _partisipasi's communities, so the
-- per-community list and these figures agree (docs/ATURAN.md "Partisipasi").
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang (NULL = no filter).
-- One row per kab/kota with a community in scope. Columns: kode_kabkota, kabkota, jumlah_komunitas,
--   komunitas_berkegiatan (>= 1 activity in the period), jumlah_kegiatan, kegiatan_berpeserta,
--   persen_kegiatan_berpeserta (over jumlah_kegiatan), median_peserta (over the kab/kota's communities'
--   median_peserta, each community once whatever its number of activities), median_persen_partisipasi (over the
--   communities with a persen_partisipasi), komunitas_dinilai (partisipasi_rendah not NULL),
--   komunitas_partisipasi_rendah, persen_partisipasi_rendah (over komunitas_dinilai).
with

partisipasi as (
{{ _partisipasi }}
),

final as (
    select
        p.kode_kabkota,
        any_value(p.kabkota) as kabkota,
        count(*) as jumlah_komunitas,
        count(*) filter (where p.jumlah_kegiatan > 0) as komunitas_berkegiatan,
        sum(p.jumlah_kegiatan)::bigint as jumlah_kegiatan,
        sum(p.kegiatan_berpeserta)::bigint as kegiatan_berpeserta,
        median(p.median_peserta) as median_peserta,
        median(p.persen_partisipasi) as median_persen_partisipasi,
        count(p.partisipasi_rendah) as komunitas_dinilai,
        count(*) filter (where p.partisipasi_rendah) as komunitas_partisipasi_rendah
    from partisipasi as p
    where $kabkota::varchar[] is null or list_contains($kabkota::varchar[], p.kode_kabkota)
    group by p.kode_kabkota
)

select
    kode_kabkota,
    kabkota,
    jumlah_komunitas,
    komunitas_berkegiatan,
    jumlah_kegiatan,
    kegiatan_berpeserta,
    round(100.0 * kegiatan_berpeserta / nullif(jumlah_kegiatan, 0), 1) as persen_kegiatan_berpeserta,
    round(median_peserta, 1) as median_peserta,
    round(median_persen_partisipasi, 1) as median_persen_partisipasi,
    komunitas_dinilai,
    komunitas_partisipasi_rendah,
    round(100.0 * komunitas_partisipasi_rendah / nullif(komunitas_dinilai, 0), 1) as persen_partisipasi_rendah
from final
order by kode_kabkota
