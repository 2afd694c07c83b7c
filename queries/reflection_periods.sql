-- reflection_periods: the two-month reflection periods present in the data (METRICS §6), for the
-- period selector of the reflection pages.
-- Parameters: $kabkota (VARCHAR[] or NULL = every kab/kota; [] = none), $jenis, $jenjang (NULL = no
--   filter; the community's own). The date filter is deliberately not applied: every period is listed.
-- One row per periode with at least one reflection in scope; `dari`/`sampai` = the block's first and
-- last day (a reflection's periode derives from its date, so every answer of the block lies within).
-- Communities as in every reflection query of that block (METRICS §3.9, the _komunitas partial with
-- $sampai = the block's last day): registered on or before `sampai`, or with an unknown date. So
-- jumlah_komunitas = the communities reflection_missing does not list for the block, and the two add up
-- to the communities in scope (docs/ATURAN.md).
with

komunitas_lingkup as (
    select
        k.id_komunitas,
        k.tanggal_terdaftar
    from komunitas as k
    where ($kabkota::varchar[] is null or list_contains($kabkota::varchar[], k.kode_kabkota))
        and ($jenis::varchar is null or k.jenis = $jenis::varchar)
        and ($jenjang::varchar is null or k.jenjang = $jenjang::varchar)
),

per_komunitas as (
    -- one row per community and periode first: ten times fewer rows to meet the communities
    select
        r.periode,
        r.id_komunitas,
        count(*) as jumlah_jawaban
    from refleksi as r
    group by r.periode, r.id_komunitas
),

blok as (
    select
        periode,
        dari,
        cast(last_day(dari + interval 1 month) as date) as sampai
    from (
        select
            periode,
            make_date(cast(left(periode, 4) as integer), cast(substr(periode, 6, 2) as integer), 1) as dari
        from (select distinct periode from per_komunitas)
    )
),

per_periode as (
    select
        p.periode,
        count(*) as jumlah_komunitas,
        sum(p.jumlah_jawaban)::bigint as jumlah_jawaban
    from per_komunitas as p
    inner join blok as b on b.periode = p.periode
    inner join komunitas_lingkup as k on k.id_komunitas = p.id_komunitas
    where k.tanggal_terdaftar is null or k.tanggal_terdaftar <= b.sampai
    group by p.periode
),

final as (
    select
        p.periode,
        b.dari,
        b.sampai,
        p.jumlah_komunitas,
        p.jumlah_jawaban
    from per_periode as p
    inner join blok as b on b.periode = p.periode
)

select
    periode,
    dari,
    sampai,
    jumlah_komunitas,
    jumlah_jawaban
from final
order by periode
