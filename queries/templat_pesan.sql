-- templat_pesan: the follow-up message template an admin or pimpinan saved (edits/pesan.py); no rows while the
-- shipped default is in use. The template is the UPT's, not a region's: it reads no regional table.
-- @lingkup: semua_wilayah
select
    isi,
    diubah_pada,
    diubah_oleh
from templat_pesan
where kunci = 'tindak_lanjut'
