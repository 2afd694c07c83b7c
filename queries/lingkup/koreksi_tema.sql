-- @untuk_semua: theme corrections of reflection items (the app's state, issue 18). A restricted user ($lingkup) sees
-- the corrections of items of their kab/kota (the community's kab/kota when corrected); anyone else ($lingkup NULL) all.
select * from app.koreksi_tema
where $lingkup::varchar[] is null or list_contains($lingkup::varchar[], kode_kabkota)
