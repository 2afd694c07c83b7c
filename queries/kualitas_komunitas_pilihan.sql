-- kualitas_komunitas_pilihan: the communities in scope a quarantined name can be mapped to (any registration
-- date, no jenis/jenjang filter), for a selectbox: a national store has ~350,000, so the page narrows them.
-- Parameters: $kabkota (VARCHAR[] or NULL); $kode_kabkota (the quarantined row's kab/kota; NULL = any);
--   $cari (part of the name, case-insensitive; '' = any); $batas (at most this many rows; NULL = all).
-- @default kode_kabkota: null
-- @default cari: ""
-- @default batas: null
with

final as (
    select
        k.id_komunitas,
        k.nama_komunitas,
        k.kode_kabkota,
        w.kabkota
    from komunitas as k
    left join wilayah as w on w.kode_kabkota = k.kode_kabkota
    where ($kabkota::varchar[] is null or list_contains($kabkota::varchar[], k.kode_kabkota))
        and ($kode_kabkota::varchar is null or k.kode_kabkota = $kode_kabkota::varchar)
        and (trim($cari::varchar) = '' or contains(lower(k.nama_komunitas), lower(trim($cari::varchar))))
)

select
    id_komunitas,
    nama_komunitas,
    kode_kabkota,
    kabkota
from final
order by kode_kabkota, nama_komunitas, id_komunitas
limit $batas::bigint
