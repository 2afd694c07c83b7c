-- probable_duplicates: communities that are probably one community registered under several ids (issue 13.6),
-- one row per member of a group, for Kualitas Data to list and merge (edits/mappings.py merge_komunitas).
-- A group is either
--   - the same name in the same kab/kota once case, accents, punctuation and spaces (nama_normal) and one
--     leading "komunitas belajar" or "kombel" are set aside — nothing else: "KKG Gugus 1" and "KKG Gugus 2"
--     stay apart; or
--   - the same school (npsn) among in-school communities (jenis dalam_sekolah: one per school). Between-school
--     communities (KKG/MGMP gugus) often share a host school, so there the school says nothing.
-- Groups with exactly the same members are listed once (dasar names both reasons); the surest come first.
-- Proposed to keep (dipertahankan): the most activities ever loaded, then the older registration (unknown
-- last), then the smaller id. Activities count all loaded dates (not the period): the merge moves all of them.
-- Parameters: $kabkota (VARCHAR[] or NULL). Every member of a listed group is in scope (a pair across the
-- scope's border is not shown to a wali wilayah); any registration date, no jenis/jenjang filter.
with

kelompok_anggota as (
{{ _duplikat_kelompok }}
),

final as (
    select
        a.no_kelompok,
        a.dasar,
        a.id_komunitas,
        a.nama_komunitas,
        a.jenis,
        a.npsn,
        s.nama_sekolah,
        a.kode_kabkota,
        a.kabkota,
        a.tanggal_terdaftar,
        a.jumlah_kegiatan,
        t.tanggal_terakhir as kegiatan_terakhir,
        a.dipertahankan,
        a.id_dipertahankan
    from kelompok_anggota as a
    left join komunitas_kegiatan as t on t.id_komunitas = a.id_komunitas
    left join sekolah as s on s.npsn = a.npsn
)

select
    no_kelompok,
    dasar,
    id_komunitas,
    nama_komunitas,
    jenis,
    npsn,
    nama_sekolah,
    kode_kabkota,
    kabkota,
    tanggal_terdaftar,
    jumlah_kegiatan,
    kegiatan_terakhir,
    dipertahankan,
    id_dipertahankan
from final
order by no_kelompok, dipertahankan desc, jumlah_kegiatan desc, id_komunitas
