-- @untuk_semua: the follow-up message template (the app's state): the UPT's wording, nothing of any region.
select * from app.templat_pesan
