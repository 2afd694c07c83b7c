-- What a restricted user sees of kegiatan_mingguan: the rows of communities of their kab/kota ($lingkup).
select * from main.kegiatan_mingguan
where id_komunitas in (select id_komunitas from main.komunitas where list_contains($lingkup::varchar[], kode_kabkota))
