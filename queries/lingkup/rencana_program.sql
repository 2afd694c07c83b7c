-- @untuk_semua: The UPT's programme plan (the app's state): UPT-wide counts per month, nothing of one region.
select * from app.rencana_program
