-- reflection_periods: the two-month reflection periods present in the data (METRICS §6), for the
-- period selector of the reflection pages.
-- Parameters: $kabkota (VARCHAR[] or NULL = every kab/kota; [] = none), $jenis, $jenjang (NULL = no
--   filter; the community's own). The date filter is deliberately not applied: every period is listed.
-- One row per periode with at least one reflection in scope; `dari`/`sampai` = the block's first and
-- last day (a reflection's periode derives from its date, so every answer of the block lies within).
with

komunitas_lingkup as (
    select k.id_komunitas
    from komunitas as k
    where ($kabkota::varchar[] is null or list_contains($kabkota::varchar[], k.kode_kabkota))
        and ($jenis::varchar is null or k.jenis = $jenis::varchar)
        and ($jenjang::varchar is null or k.jenjang = $jenjang::varchar)
),

per_periode as (
    select
        r.periode,
        count(distinct r.id_komunitas) as jumlah_komunitas,
        count(*) as jumlah_jawaban
    from refleksi as r
    inner join komunitas_lingkup as k on k.id_komunitas = r.id_komunitas
    group by r.periode
),

final as (
    select
        periode,
        make_date(cast(left(periode, 4) as integer), cast(substr(periode, 6, 2) as integer), 1) as dari,
        jumlah_komunitas,
        jumlah_jawaban
    from per_periode
)

select
    periode,
    dari,
    cast(last_day(dari + interval 1 month) as date) as sampai,
    jumlah_komunitas,
    jumlah_jawaban
from final
order by periode
