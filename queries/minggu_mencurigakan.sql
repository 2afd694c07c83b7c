-- minggu_mencurigakan: the complete weeks of the period in which far fewer communities met than usual — probably
-- a school holiday nobody has marked yet (METRICS §3.4: holidays apply only once a user accepts them).
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang (NULL = no
--   filter), $libur (DATE[]: weeks already marked), $kalender_libur (DATE[]: a date in each week the school
--   calendar suggests, data/kalender_libur.toml; the app binds it, the CLI and the snapshot leave it empty).
-- @default kalender_libur: []
-- The rule (docs/ATURAN.md, "Minggu libur"): a week is suspicious when its share of communities meeting is below
-- half the median share of the period's other evaluated weeks and at least 10 points below it. The shares are
-- weekly_trend's, so marked holiday weeks are neither listed nor part of the median; weeks with no community
-- evaluated yet are left out of both. With no other week to compare, nothing is listed.
with

tren as (
{{ weekly_trend }}
),

kalender_libur as (
    select distinct date_trunc('week', k.tanggal)::date as minggu
    from unnest($kalender_libur::date[]) as k(tanggal)
),

minggu_dinilai as (
    select
        minggu,
        komunitas_dievaluasi::bigint as komunitas_dievaluasi,
        komunitas_terpenuhi,
        100.0 * komunitas_terpenuhi / komunitas_dievaluasi as rasio
    from tren
    where komunitas_dievaluasi > 0
),

pembanding as (
    -- the other weeks of the period: every evaluated week but the row's own
    select
        *,
        median(rasio) over semua as rasio_biasa,
        count(*) over semua as minggu_pembanding
    from minggu_dinilai
    window semua as (order by minggu rows between unbounded preceding and unbounded following
                     exclude current row)
),

final as (
    select
        p.minggu,
        p.komunitas_dievaluasi,
        p.komunitas_terpenuhi,
        round(p.rasio, 1) as persen_terpenuhi,
        round(p.rasio_biasa, 1) as persen_biasa,
        p.minggu_pembanding,
        k.minggu is not null as disarankan_kalender
    from pembanding as p
    left join kalender_libur as k on k.minggu = p.minggu
    where p.minggu_pembanding > 0
        and p.rasio < 0.5 * p.rasio_biasa
        and p.rasio_biasa - p.rasio >= 10
)

select
    minggu,
    komunitas_dievaluasi,
    komunitas_terpenuhi,
    persen_terpenuhi,
    persen_biasa,
    minggu_pembanding,
    disarankan_kalender
from final
order by minggu
