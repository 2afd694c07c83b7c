-- Partial: the kinds of UPT event of the guide's Lampiran (and the loader's jenis_kegiatan values), in the
-- Lampiran's order: vocab.JENIS_KEGIATAN_UPT, bound as $urutan_jenis_kegiatan_upt.
select
    jenis_kegiatan,
    urutan::integer as urutan
from (
    select
        unnest($urutan_jenis_kegiatan_upt::varchar[]) as jenis_kegiatan,
        generate_subscripts($urutan_jenis_kegiatan_upt::varchar[], 1) as urutan
)
