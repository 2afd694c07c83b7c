-- kabkota_options: the sidebar's kab/kota choices — those with a community or an IKM school, within scope.
-- Parameters: $kabkota (VARCHAR[] or NULL; the runner passes the user's scope).
-- Independent of period and other filters: the choices do not move while the user filters.
with

kabkota_berdata as (
    select kode_kabkota from komunitas
    union
    select kode_kabkota from sekolah
),

final as (
    select
        w.kode_kabkota,
        w.kabkota,
        w.provinsi
    from kabkota_berdata as b
    inner join wilayah as w on w.kode_kabkota = b.kode_kabkota
    where $kabkota::varchar[] is null or list_contains($kabkota::varchar[], w.kode_kabkota)
)

select
    kode_kabkota,
    kabkota,
    provinsi
from final
order by kode_kabkota
