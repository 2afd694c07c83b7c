-- What a restricted user sees of refleksi: the rows of communities of their kab/kota ($lingkup).
select * from main.refleksi
where id_komunitas in (select id_komunitas from main.komunitas where list_contains($lingkup::varchar[], kode_kabkota))
