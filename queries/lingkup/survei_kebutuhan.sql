-- What a restricted user sees of survei_kebutuhan: the answers given for their kab/kota ($lingkup); an answer
-- without a kab/kota is nobody's region.
select * from main.survei_kebutuhan where list_contains($lingkup::varchar[], kode_kabkota)
