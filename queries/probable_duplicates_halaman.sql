-- probable_duplicates_halaman: one page of the groups of queries/probable_duplicates.sql for Kualitas Data —
-- every member row of the groups numbered $kelompok_dari..$kelompok_sampai (no_kelompok, in the list's order),
-- each row carrying the totals of the whole list (jumlah_kelompok, jumlah_baris), so a page needs one query and
-- converts only the rows on screen (nationally 50,000 groups, 119,000 rows). An empty result: no group in that
-- range (the page lies past the end, or there is no group at all).
-- Parameters: $kabkota (VARCHAR[] or NULL), $kelompok_dari, $kelompok_sampai (INTEGER, inclusive).
-- @default kelompok_dari: 1
-- @default kelompok_sampai: 20
with

daftar as (
{{ probable_duplicates }}
),

jumlah as (
    select max(no_kelompok)::integer as jumlah_kelompok, count(*)::bigint as jumlah_baris
    from daftar
)

select
    d.no_kelompok,
    d.dasar,
    d.id_komunitas,
    d.nama_komunitas,
    d.jenis,
    d.npsn,
    d.nama_sekolah,
    d.kode_kabkota,
    d.kabkota,
    d.tanggal_terdaftar,
    d.jumlah_kegiatan,
    d.kegiatan_terakhir,
    d.dipertahankan,
    d.id_dipertahankan,
    j.jumlah_kelompok,
    j.jumlah_baris
from daftar as d, jumlah as j
where d.no_kelompok between $kelompok_dari::integer and $kelompok_sampai::integer
order by d.no_kelompok, d.dipertahankan desc, d.jumlah_kegiatan desc, d.id_komunitas
