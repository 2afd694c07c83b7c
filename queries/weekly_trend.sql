-- weekly_trend: share of communities meeting the weekly rule, per complete week of the period (METRICS §3).
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang
--   (NULL = no filter), $libur (DATE[] of holiday weeks).
-- Weeks: from the week containing $dari to the last complete week; holiday weeks omitted.
-- A week counts the communities whose evaluation window includes it; NULL percent when none.
with

rentang as (
{{ _rentang_komunitas }}
),

kalender as (
{{ _kalender }}
),

minggu_komunitas as (
{{ _minggu_komunitas }}
),

mulai as (
    select
        minggu_pertama,
        count(*) as jumlah
    from rentang
    group by minggu_pertama
),

dievaluasi as (
    -- communities whose window has begun by this week
    select
        c.minggu,
        c.libur,
        sum(coalesce(m.jumlah, 0)) over (order by c.minggu) as komunitas_dievaluasi
    from kalender as c
    left join mulai as m on m.minggu_pertama = c.minggu
),

terpenuhi as (
    select
        minggu,
        count(*) filter (where dinilai and terpenuhi) as komunitas_terpenuhi
    from minggu_komunitas
    group by minggu
),

final as (
    select
        d.minggu,
        d.komunitas_dievaluasi,
        coalesce(t.komunitas_terpenuhi, 0) as komunitas_terpenuhi,
        round(100.0 * coalesce(t.komunitas_terpenuhi, 0) / nullif(d.komunitas_dievaluasi, 0), 1) as persen_terpenuhi
    from dievaluasi as d
    left join terpenuhi as t on t.minggu = d.minggu
    where not d.libur
)

select
    minggu,
    komunitas_dievaluasi,
    komunitas_terpenuhi,
    persen_terpenuhi
from final
order by minggu
