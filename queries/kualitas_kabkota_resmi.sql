-- kualitas_kabkota_resmi: the official kab/kota list (wilayah) as mapping targets for an unknown spelling;
-- kab/kota that already have data first. Parameters: $kabkota (VARCHAR[] or NULL).
with

berdata as (
    select kode_kabkota from komunitas
    union
    select kode_kabkota from sekolah
),

final as (
    select
        w.kode_kabkota,
        w.kabkota,
        w.provinsi,
        w.kode_kabkota in (select kode_kabkota from berdata) as ada_data
    from wilayah as w
    where $kabkota::varchar[] is null or list_contains($kabkota::varchar[], w.kode_kabkota)
)

select
    kode_kabkota,
    kabkota,
    provinsi,
    ada_data
from final
order by ada_data desc, kode_kabkota
