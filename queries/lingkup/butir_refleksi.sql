-- What a restricted user sees of butir_refleksi: the items of reflections of communities of their kab/kota.
select * from main.butir_refleksi
where id_refleksi in (
    select r.id_refleksi
    from main.refleksi as r
    inner join main.komunitas as k on k.id_komunitas = r.id_komunitas
    where list_contains($lingkup::varchar[], k.kode_kabkota)
)
