-- @untuk_semua: the UPT events typed in on Program UPT (the app's state). A restricted user ($lingkup) sees
-- events of the whole UPT and of their kab/kota; anyone else ($lingkup NULL) all.
select * from app.kegiatan_upt_manual
where $lingkup::varchar[] is null or kode_kabkota is null or list_contains($lingkup::varchar[], kode_kabkota)
