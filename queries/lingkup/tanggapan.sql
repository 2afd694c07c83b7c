-- @untuk_semua: answers to contacts (the app's state), seen exactly where their contact is (lingkup/kontak.sql).
select t.* from app.tanggapan as t
inner join app.kontak as k on k.id = t.id_kontak
where $lingkup::varchar[] is null or list_contains($lingkup::varchar[], k.kode_kabkota)
