-- penggerak_ranking_ringkas: the Penggerak page's ranking figures in one row, so the page needs no row per
-- penggerak (issue 19): how many penggerak are ranked, how many attended an offline upgrading (luring) up to
-- $sampai, and how many of those have since facilitated an activity (pengimbasan). None depends on the weights.
-- Parameters: as penggerak_ranking (the weights at their defaults).
with

peringkat as (
{{ penggerak_ranking }}
)

select
    count(*) as jumlah_penggerak,
    count(*) filter (where ikut_luring_pada is not null) as ikut_luring,
    count(*) filter (where ikut_luring_pada is not null and sudah_mengimbaskan) as sudah_mengimbaskan
from peringkat
