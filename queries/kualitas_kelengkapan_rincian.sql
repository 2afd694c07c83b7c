-- kualitas_kelengkapan_rincian: the rows behind the completeness indicators (definitions and parameters:
-- queries/_kualitas_kelengkapan_rincian.sql), for the page's list and its downloads.
-- Parameters: also $indikator (one indicator; NULL = all) and $batas (at most this many rows; NULL = all).
-- The page shows the first $batas rows of one indicator, so a national list (millions of rows) is not
-- fetched to show a screenful; the download runs without $batas. The sort ends with the source row so
-- "the first rows" are always the same ones.
-- @default indikator: null
-- @default batas: null
with

rincian as (
{{ _kualitas_kelengkapan_rincian }}
)

select
    indikator,
    id_komunitas,
    nama_komunitas,
    jenis,
    kode_kabkota,
    kabkota,
    penggerak_nama,
    tanggal,
    topik,
    sumber_file,
    sumber_baris
from rincian
where $indikator::varchar is null or indikator = $indikator::varchar
order by indikator, kode_kabkota, nama_komunitas, tanggal, id_komunitas, sumber_file, sumber_baris
limit $batas::bigint
