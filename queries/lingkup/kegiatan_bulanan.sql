-- What a restricted user sees of kegiatan_bulanan: the rows of communities of their kab/kota ($lingkup).
select * from main.kegiatan_bulanan
where id_komunitas in (select id_komunitas from main.komunitas where list_contains($lingkup::varchar[], kode_kabkota))
