-- @untuk_semua: the user mappings (the app's state). Kab/kota spellings for everyone; community-name mappings,
-- which name communities, only of the user's kab/kota ($lingkup; NULL = all).
select * from app.pemetaan
where $lingkup::varchar[] is null or jenis = 'kabkota' or list_contains($lingkup::varchar[], kode_kabkota)
