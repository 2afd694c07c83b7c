-- What a restricted user sees of kehadiran_upt: who attended the events of the whole UPT and of their kab/kota
-- ($lingkup), and every attendance of their penggerak (placement as in lingkup/penggerak.sql).
select * from main.kehadiran_upt as h
where h.id_kegiatan_upt in (
        select u.id_kegiatan_upt from main.kegiatan_upt as u
        where u.kode_kabkota is null or list_contains($lingkup::varchar[], u.kode_kabkota)
    )
    or h.penggerak_email in (
        select lower(trim(p.penggerak_email)) from main.penggerak as p
        where list_contains($lingkup::varchar[], p.kode_kabkota)
        union all
        select lower(trim(k.penggerak_email)) from main.komunitas as k
        where list_contains($lingkup::varchar[], k.kode_kabkota)
    )
