-- @untuk_semua: the contact log (the app's state). A restricted user ($lingkup) sees the contacts of their
-- kab/kota (the community's kab/kota when it was contacted); anyone else ($lingkup NULL) all.
select * from app.kontak
where $lingkup::varchar[] is null or list_contains($lingkup::varchar[], kode_kabkota)
