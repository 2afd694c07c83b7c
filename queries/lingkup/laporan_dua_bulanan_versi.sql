-- @untuk_semua: saved bimonthly report versions (the app's state), scoped as queries/lingkup/laporan_dua_bulanan.sql:
-- a restricted user ($lingkup) sees only versions of a selection of their own kab/kota; NULL = all.
select * from app.laporan_dua_bulanan_versi
where $lingkup::varchar[] is null
    or list_has_all($lingkup::varchar[], string_split(regexp_extract(lingkup, '^kabkota=([^;]*)', 1), ','))
