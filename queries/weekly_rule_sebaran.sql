-- weekly_rule_sebaran: the weekly rule's summary for Aturan Mingguan's heading and histogram, so the page
-- needs no row per community (issue 19). One row per jenis × 10-point band of persen_terpenuhi (kelas 0 =
-- 0–10 %, ..., 9 = 90–<100 %, 10 = exactly 100 %; NULL = no evaluated week), with how many communities,
-- how many meet the rule and how many are at risk.
-- Parameters: as weekly_rule — $dari, $sampai, $kabkota, $jenis, $jenjang, $ambang, $libur.
-- Read from weekly_rule_followup (every row of _weekly_rule, one per community): the page's follow-up list is
-- that same query, so the app computes it once (materialised, queries/runner.py Hasil) for both.
with

aturan as (
{{ weekly_rule_followup }}
)

select
    jenis,
    least(floor(greatest(least(persen_terpenuhi, 100), 0) / 10), 10)::integer as kelas,
    count(*) as jumlah_komunitas,
    count(*) filter (where memenuhi_aturan) as komunitas_memenuhi_aturan,
    count(*) filter (where berisiko) as komunitas_berisiko
from aturan
group by all
order by jenis, kelas
