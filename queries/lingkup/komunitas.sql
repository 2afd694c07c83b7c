-- What a restricted user sees of komunitas: the communities of their kab/kota ($lingkup).
select * from main.komunitas where list_contains($lingkup::varchar[], kode_kabkota)
