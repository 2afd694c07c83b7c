-- What a restricted user sees of kegiatan_upt: events of the whole UPT (no kab/kota) and of their kab/kota
-- ($lingkup), and the events their penggerak attended (penggerak_ranking counts them; placement as in
-- lingkup/penggerak.sql).
select * from main.kegiatan_upt as u
where u.kode_kabkota is null
    or list_contains($lingkup::varchar[], u.kode_kabkota)
    or u.id_kegiatan_upt in (
        select h.id_kegiatan_upt
        from main.kehadiran_upt as h
        where h.penggerak_email in (
            select lower(trim(p.penggerak_email)) from main.penggerak as p
            where list_contains($lingkup::varchar[], p.kode_kabkota)
            union all
            select lower(trim(k.penggerak_email)) from main.komunitas as k
            where list_contains($lingkup::varchar[], k.kode_kabkota)
        )
    )
