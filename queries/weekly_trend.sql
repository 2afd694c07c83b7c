-- weekly_trend: share of communities meeting the weekly rule, per complete week of the period (METRICS §3).
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang
--   (NULL = no filter), $libur (DATE[] of holiday weeks).
-- Weeks: from the week containing $dari to the last complete week; holiday weeks omitted.
-- A week counts the communities whose evaluation window includes it; NULL percent when none.
with

minggu_komunitas as (
{{ _minggu_komunitas }}
),

libur as (
    select distinct date_trunc('week', l.tanggal)::date as minggu
    from unnest($libur::date[]) as l(tanggal)
),

minggu_periode as (
    select m.minggu::date as minggu
    from unnest(generate_series(
        date_trunc('week', $dari::date)::timestamp,
        (date_trunc('week', $sampai::date + 1)::date - 7)::timestamp,
        interval 7 day
    )) as m(minggu)
    where m.minggu::date not in (select minggu from libur)
),

rekap as (
    select
        minggu,
        count(*) as komunitas_dievaluasi,
        count(*) filter (where terpenuhi) as komunitas_terpenuhi
    from minggu_komunitas
    where not libur
    group by minggu
),

final as (
    select
        p.minggu,
        coalesce(r.komunitas_dievaluasi, 0) as komunitas_dievaluasi,
        coalesce(r.komunitas_terpenuhi, 0) as komunitas_terpenuhi,
        round(100.0 * r.komunitas_terpenuhi / r.komunitas_dievaluasi, 1) as persen_terpenuhi
    from minggu_periode as p
    left join rekap as r on r.minggu = p.minggu
)

select
    minggu,
    komunitas_dievaluasi,
    komunitas_terpenuhi,
    persen_terpenuhi
from final
order by minggu
