-- Partial: the kinds of UPT event of the guide's Lampiran (and the loader's jenis_kegiatan values), in the
-- Lampiran's order. No parameters.
select
    jenis_kegiatan,
    urutan
from (values
    ('webinar', 1),
    ('peningkatan kapasitas daring', 2),
    ('peningkatan kapasitas luring', 3),
    ('berbagi praktik baik', 4),
    ('refleksi', 5),
    ('sosialisasi', 6),
    ('monitoring', 7)
) as t(jenis_kegiatan, urutan)
