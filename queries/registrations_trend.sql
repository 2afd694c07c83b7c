-- registrations_trend: new communities per registration month and jenis, with the running total.
-- Parameters: $sampai (DATE), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang (NULL = no filter).
-- Every month up to $sampai, whatever the period start (the running total begins at the first registration);
-- communities with an unknown registration date are left out; unknown jenis = 'tidak_diketahui'.
with

komunitas_lingkup as (
{{ _komunitas }}
),

per_bulan as (
    select
        strftime(tanggal_terdaftar, '%Y-%m') as bulan,
        coalesce(jenis, 'tidak_diketahui') as jenis,
        count(*) as komunitas_baru
    from komunitas_lingkup
    where tanggal_terdaftar is not null
    group by all
),

final as (
    select
        bulan,
        jenis,
        komunitas_baru,
        sum(komunitas_baru) over (partition by jenis order by bulan)::bigint as kumulatif
    from per_bulan
)

select
    bulan,
    jenis,
    komunitas_baru,
    kumulatif
from final
order by bulan, jenis
