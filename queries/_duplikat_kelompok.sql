-- Partial: the groups of probable duplicates (queries/probable_duplicates.sql says what a group is and which
-- member is proposed to keep), one row per member, numbered in the list's order (no_kelompok), without the
-- columns only a shown row needs (school name, last activity): probable_duplicates adds them to every row,
-- probable_duplicates_halaman only to the rows of one page. Parameters: $kabkota (VARCHAR[] or NULL).
with

komunitas_lingkup as (
    select
        k.id_komunitas,
        k.nama_komunitas,
        k.jenis,
        nullif(trim(k.npsn), '') as npsn,
        k.kode_kabkota,
        k.tanggal_terdaftar,
        -- One leading 'komunitas belajar ' or 'kombel ' set aside: starts_with + substr, a fifth of the cost of
        -- the same regexp_replace on 350,000 names.
        case
            when starts_with(k.nama_normal, 'komunitas belajar ') then substr(k.nama_normal, 19)
            when starts_with(k.nama_normal, 'kombel ') then substr(k.nama_normal, 8)
            else k.nama_normal
        end as nama_lipat
    from komunitas as k
    where ($kabkota::varchar[] is null or list_contains($kabkota::varchar[], k.kode_kabkota))
),

nama_ganda as (
    select kode_kabkota || '|' || nama_lipat as kunci_nama, count(*) as n_nama
    from komunitas_lingkup
    group by kode_kabkota, nama_lipat
    having count(*) > 1
),

sekolah_ganda as (
    -- A school group whose members are exactly one name group is listed once, as that name group (sama_nama).
    select
        k.npsn,
        min(n.kunci_nama) = max(n.kunci_nama) and count(n.kunci_nama) = count(*) and max(n.n_nama) = count(*)
            as sama_nama,
        min(n.kunci_nama) as kunci_nama
    from komunitas_lingkup as k
    left join nama_ganda as n on n.kunci_nama = k.kode_kabkota || '|' || k.nama_lipat
    where k.jenis = 'dalam_sekolah' and k.npsn is not null
    group by k.npsn
    having count(*) > 1
),

anggota as (
    -- dasar: 0 same name and school, 1 same name, 2 same school (the surest first).
    select
        'nama|' || n.kunci_nama as kelompok,
        case when n.kunci_nama in (select kunci_nama from sekolah_ganda where sama_nama) then 0 else 1 end as dasar,
        k.id_komunitas
    from komunitas_lingkup as k
    inner join nama_ganda as n on n.kunci_nama = k.kode_kabkota || '|' || k.nama_lipat
    union all
    select 'sekolah|' || s.npsn, 2, k.id_komunitas
    from komunitas_lingkup as k
    inner join sekolah_ganda as s on s.npsn = k.npsn and not s.sama_nama
    where k.jenis = 'dalam_sekolah'
),

kegiatan_anggota as (
    select b.id_komunitas, sum(b.jumlah_kegiatan)::bigint as jumlah_kegiatan
    from kegiatan_bulanan as b
    where b.id_komunitas in (select id_komunitas from anggota)
    group by b.id_komunitas
),

baris as (
    select
        a.kelompok,
        a.dasar,
        k.id_komunitas,
        k.nama_komunitas,
        k.jenis,
        k.npsn,
        k.kode_kabkota,
        w.kabkota,
        k.tanggal_terdaftar,
        coalesce(g.jumlah_kegiatan, 0) as jumlah_kegiatan
    from anggota as a
    inner join komunitas_lingkup as k on k.id_komunitas = a.id_komunitas
    left join kegiatan_anggota as g on g.id_komunitas = a.id_komunitas
    left join wilayah as w on w.kode_kabkota = k.kode_kabkota
),

kelompok_urut as (
    -- Per group (50,000 nationally, against 119,000 member rows): the member proposed to keep — the most
    -- activities, then the older registration (unknown last), then the smaller id — and the group's place in
    -- the list. Unique keys, so arg_min and row_number give exactly first_value and dense_rank over the rows.
    select
        kelompok,
        dasar,
        k.tetap.id_komunitas as id_dipertahankan,
        row_number() over (order by dasar, k.tetap.kabkota, k.tetap.nama_komunitas, kelompok)::integer
            as no_kelompok
    from (
        select
            kelompok,
            min(dasar) as dasar,
            arg_min(
                struct_pack(id_komunitas, kabkota, nama_komunitas),
                struct_pack(k1 := -jumlah_kegiatan, k2 := tanggal_terdaftar is null,
                            k3 := coalesce(tanggal_terdaftar, date '1970-01-01'), k4 := id_komunitas)
            ) as tetap
        from baris
        group by kelompok
    ) as k
),

urut as (
    select b.*, g.id_dipertahankan, g.no_kelompok
    from baris as b
    inner join kelompok_urut as g on g.kelompok = b.kelompok
),

final as (
    select
        -- The surest groups first: same name and school, same name, same school.
        no_kelompok,
        case dasar
            when 0 then 'Nama sama di kab/kota yang sama; sekolah sama'
            when 1 then 'Nama sama di kab/kota yang sama'
            else 'Sekolah sama (komunitas dalam sekolah)'
        end as dasar,
        id_komunitas,
        nama_komunitas,
        jenis,
        npsn,
        kode_kabkota,
        kabkota,
        tanggal_terdaftar,
        jumlah_kegiatan,
        id_komunitas = id_dipertahankan as dipertahankan,
        id_dipertahankan
    from urut
)

select * from final
