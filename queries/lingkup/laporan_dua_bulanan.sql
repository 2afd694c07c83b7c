-- @untuk_semua: saved bimonthly report drafts (the app's state). A restricted user ($lingkup) sees only drafts of
-- a selection of their own kab/kota (the key's 'kabkota=' part, edits/bimonthly_report.lingkup_key); NULL = all.
select * from app.laporan_dua_bulanan
where $lingkup::varchar[] is null
    or list_has_all($lingkup::varchar[], string_split(regexp_extract(lingkup, '^kabkota=([^;]*)', 1), ','))
