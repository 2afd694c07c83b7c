-- @untuk_semua: The theme lexicon versions (the app's state): nothing of any region.
select * from app.leksikon
