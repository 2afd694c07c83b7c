-- kualitas_komunitas_pilihan: the communities in scope a quarantined name can be mapped to (any registration
-- date, no jenis/jenjang filter). Parameters: $kabkota (VARCHAR[] or NULL).
with

final as (
    select
        k.id_komunitas,
        k.nama_komunitas,
        k.kode_kabkota,
        w.kabkota
    from komunitas as k
    left join wilayah as w on w.kode_kabkota = k.kode_kabkota
    where $kabkota::varchar[] is null or list_contains($kabkota::varchar[], k.kode_kabkota)
)

select
    id_komunitas,
    nama_komunitas,
    kode_kabkota,
    kabkota
from final
order by kode_kabkota, nama_komunitas, id_komunitas
