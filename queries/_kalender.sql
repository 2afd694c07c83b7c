-- Partial: the weeks of the period (METRICS §3.2, §3.4): from the week containing $dari to the last
-- complete week, i.e. the week of the last Sunday on or before $sampai. Empty when there is none.
-- Parameters: $dari, $sampai (DATE), $libur (DATE[]: a date in each school-holiday week).
-- urut numbers the evaluated (non-holiday) weeks 1, 2, …; a holiday week carries the number of the
-- evaluated week before it, so counting evaluated weeks between two weeks is a subtraction.
with

libur as (
    select distinct date_trunc('week', l.tanggal)::date as minggu
    from unnest($libur::date[]) as l(tanggal)
),

minggu as (
    select m.minggu::date as minggu
    from unnest(generate_series(
        date_trunc('week', $dari::date)::timestamp,
        (date_trunc('week', $sampai::date + 1)::date - 7)::timestamp,
        interval 7 day
    )) as m(minggu)
),

final as (
    select
        m.minggu,
        l.minggu is not null as libur,
        count(*) filter (where l.minggu is null) over (order by m.minggu) as urut
    from minggu as m
    left join libur as l on l.minggu = m.minggu
)

select
    minggu,
    libur,
    urut
from final
