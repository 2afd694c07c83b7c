-- What a restricted user sees of sekolah: the schools of their kab/kota ($lingkup).
select * from main.sekolah where list_contains($lingkup::varchar[], kode_kabkota)
