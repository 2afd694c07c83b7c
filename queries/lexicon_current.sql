-- lexicon_current: the newest saved version of the reflection theme lexicon (METRICS §6), as JSON; no rows
-- while the shipped default (data/leksikon_tema.toml, version 1) is in use. The lexicon is the UPT's, not a
-- region's: it reads no regional table.
-- @lingkup: semua_wilayah
select
    versi,
    isi_json,
    catatan,
    dibuat_pada
from leksikon
order by versi desc
limit 1
