-- Partial: the communities in scope (METRICS §3.9, §8), with their kab/kota names.
-- Parameters: $sampai (DATE), $kabkota (VARCHAR[] or NULL = every kab/kota; [] = none),
--   $jenis, $jenjang (NULL = no filter; jenjang is the community's own).
-- One row per community: registered on or before $sampai, or with an unknown date.
with

komunitas_terfilter as (
    select
        k.id_komunitas,
        k.nama_komunitas,
        k.jenis,
        k.npsn,
        k.kode_kabkota,
        k.jenjang,
        k.penggerak_nama,
        k.penggerak_email,
        k.tanggal_terdaftar,
        k.terdaftar_pmm
    from komunitas as k
    where ($kabkota::varchar[] is null or list_contains($kabkota::varchar[], k.kode_kabkota))
        and ($jenis::varchar is null or k.jenis = $jenis::varchar)
        and ($jenjang::varchar is null or k.jenjang = $jenjang::varchar)
        and (k.tanggal_terdaftar is null or k.tanggal_terdaftar <= $sampai::date)
),

final as (
    select
        k.id_komunitas,
        k.nama_komunitas,
        k.jenis,
        k.npsn,
        k.kode_kabkota,
        w.kabkota,
        k.jenjang,
        k.penggerak_nama,
        k.penggerak_email,
        k.tanggal_terdaftar,
        k.terdaftar_pmm
    from komunitas_terfilter as k
    left join wilayah as w on w.kode_kabkota = k.kode_kabkota
)

select
    id_komunitas,
    nama_komunitas,
    jenis,
    npsn,
    kode_kabkota,
    kabkota,
    jenjang,
    penggerak_nama,
    penggerak_email,
    tanggal_terdaftar,
    terdaftar_pmm
from final
