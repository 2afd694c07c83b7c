-- probable_duplicates_halaman: one page of the groups of queries/probable_duplicates.sql for Kualitas Data —
-- every member row of the groups numbered $kelompok_dari..$kelompok_sampai (no_kelompok), with the same columns
-- and order, each row carrying the totals of the whole list (jumlah_kelompok, jumlah_baris): a page needs one
-- query, and the school name and last activity are looked up for its rows only (nationally 50,000 groups,
-- 119,000 rows). An empty result: no group in that range (the page lies past the end, or there is no group).
-- Parameters: $kabkota (VARCHAR[] or NULL), $kelompok_dari, $kelompok_sampai (INTEGER, inclusive).
-- @default kelompok_dari: 1
-- @default kelompok_sampai: 20
with

kelompok_anggota as (
{{ _duplikat_kelompok }}
),

jumlah as (
    select max(no_kelompok)::integer as jumlah_kelompok, count(*)::bigint as jumlah_baris
    from kelompok_anggota
),

halaman as (
    select *
    from kelompok_anggota
    where no_kelompok between $kelompok_dari::integer and $kelompok_sampai::integer
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
        a.id_dipertahankan,
        j.jumlah_kelompok,
        j.jumlah_baris
    from halaman as a
    cross join jumlah as j
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
    id_dipertahankan,
    jumlah_kelompok,
    jumlah_baris
from final
order by no_kelompok, dipertahankan desc, jumlah_kegiatan desc, id_komunitas
