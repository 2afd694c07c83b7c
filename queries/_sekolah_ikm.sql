-- Partial: the IKM schools in scope, one row each, and whether one is covered (docs/ATURAN.md "School
-- counts"): a school of `sekolah` is covered when a dalam_sekolah community registered by $sampai (or undated)
-- carries its npsn, wherever that community is placed. The school's own jenjang and kab/kota place it; $jenis
-- is ignored (it selects communities, not schools). Read by _progress_kabkota (the coverage figure) and
-- ikm_tanpa_komunitas (its drill-down), so the list and the figure agree by construction.
-- Parameters: $sampai (DATE), $kabkota (VARCHAR[] or NULL), $jenjang (NULL = no filter).
with

sekolah_berkombel as (
    select distinct k.npsn
    from komunitas as k
    where k.jenis = 'dalam_sekolah'
        and k.npsn is not null
        and (k.tanggal_terdaftar is null or k.tanggal_terdaftar <= $sampai::date)
)

select
    s.npsn,
    s.nama_sekolah,
    s.jenjang,
    s.jalur_ikm,
    s.kode_kabkota,
    b.npsn is not null as berkombel
from sekolah as s
left join sekolah_berkombel as b on b.npsn = s.npsn
where ($kabkota::varchar[] is null or list_contains($kabkota::varchar[], s.kode_kabkota))
    and ($jenjang::varchar is null or s.jenjang = $jenjang::varchar)
