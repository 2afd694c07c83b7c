-- reflection_missing: communities in scope with no reflection dated in the period — the wali
-- wilayah's chase list (guide Bab 3: every community reflects every two months).
-- Parameters: $dari, $sampai (DATE, inclusive, on refleksi.tanggal), $kabkota (VARCHAR[] or
--   NULL = every kab/kota; [] = none), $jenis, $jenjang (NULL = no filter).
-- Communities as in every community figure (registered on or before $sampai, or date unknown).
-- Contact: the community's penggerak, else the name the penggerak list gives that email.
-- refleksi_terakhir = the latest reflection date before $dari (NULL = never reflected).
with

komunitas_lingkup as (
{{ _komunitas }}
),

sudah as (
    select distinct r.id_komunitas
    from refleksi as r
    where r.tanggal between $dari::date and $sampai::date
),

terakhir as (
    select
        r.id_komunitas,
        max(r.tanggal) as refleksi_terakhir
    from refleksi as r
    where r.tanggal < $dari::date
    group by r.id_komunitas
),

final as (
    select
        k.nama_komunitas,
        k.kabkota,
        k.jenis,
        k.jenjang,
        coalesce(k.penggerak_nama, p.penggerak_nama) as penggerak_nama,
        k.penggerak_email,
        t.refleksi_terakhir,
        k.id_komunitas,
        k.kode_kabkota
    from komunitas_lingkup as k
    left join penggerak as p on p.penggerak_email = k.penggerak_email
    left join terakhir as t on t.id_komunitas = k.id_komunitas
    where k.id_komunitas not in (select id_komunitas from sudah)
)

select
    nama_komunitas,
    kabkota,
    jenis,
    jenjang,
    penggerak_nama,
    penggerak_email,
    refleksi_terakhir,
    id_komunitas,
    kode_kabkota
from final
order by kabkota, nama_komunitas, id_komunitas
