-- What a restricted user sees of tema_topik: the texts (activity topics, hal_baik items) of their kab/kota.
select * from main.tema_topik
where teks in (
    select g.topik from main.kegiatan as g
    where g.id_komunitas in (select id_komunitas from main.komunitas where list_contains($lingkup::varchar[], kode_kabkota))
)
or teks in (
    select b.butir
    from main.butir_refleksi as b
    inner join main.refleksi as r on r.id_refleksi = b.id_refleksi
    inner join main.komunitas as k on k.id_komunitas = r.id_komunitas
    where list_contains($lingkup::varchar[], k.kode_kabkota)
)
