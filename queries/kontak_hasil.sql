-- kontak_hasil: "did it work?" (issue 16 item 4; docs/ATURAN.md "Kontak dan hasilnya") — per contacted
-- community, its latest contact and whether it met again within $minggu_kontak weeks of it.
-- Parameters: $kabkota (VARCHAR[] or NULL), $minggu_kontak (weeks, default 3). Not limited by the period.
-- @default minggu_kontak: 3
-- Rules:
-- * the latest contact counts (latest tanggal_kontak, then the latest recorded); earlier ones are history;
-- * "met again" = an activity dated strictly AFTER tanggal_kontak (an activity the same day may have come before
--   the call) and at most $minggu_kontak * 7 days after it;
-- * batas_data = the last activity date loaded for the contact's kab/kota (any community there): a window that
--   reaches past it cannot be judged yet, so a community not yet met again in it is 'menunggu', not
--   'belum_aktif' (per kab/kota, so a wali and the pimpinan judge a community alike);
-- * status: 'aktif_kembali' / 'menunggu' / 'belum_aktif' (the window passed in the data, no meeting);
--   hari_sampai_aktif = days from the contact to the first meeting after it (only for 'aktif_kembali').
with

kontak_terakhir as (
    select
        id_komunitas,
        arg_max(id, (tanggal_kontak, id)) as id_kontak,
        max(tanggal_kontak) as tanggal_kontak,
        count(*) as jumlah_kontak
    from kontak
    where $kabkota::varchar[] is null or list_contains($kabkota::varchar[], kode_kabkota)
    group by id_komunitas
),

terakhir as (
    select
        t.id_komunitas,
        t.id_kontak,
        t.tanggal_kontak,
        t.jumlah_kontak,
        k.kode_kabkota,
        k.dicatat_oleh,
        k.saluran
    from kontak_terakhir as t
    inner join kontak as k on k.id = t.id_kontak
),

batas as (
    -- how far each kab/kota's loaded activities reach (the same for every user who sees that kab/kota)
    select m.kode_kabkota, max(r.tanggal_terakhir) as batas_data
    from komunitas_kegiatan as r
    inner join komunitas as m on m.id_komunitas = r.id_komunitas
    where m.kode_kabkota in (select kode_kabkota from terakhir)
    group by m.kode_kabkota
),

minggu_sesudah as (
    -- the first week holding an activity after each latest contact, from the weekly rollup (a join on kegiatan
    -- itself scanned all of it: 0.5 s at national scale, against 0.03 s here)
    select
        t.id_komunitas,
        t.tanggal_kontak,
        min(g.minggu) as minggu,
        arg_min(g.tanggal_pertama, g.minggu) as tanggal_pertama
    from terakhir as t
    inner join kegiatan_mingguan as g on g.id_komunitas = t.id_komunitas and g.tanggal_terakhir > t.tanggal_kontak
    group by t.id_komunitas, t.tanggal_kontak
),

minggu_kontak_sendiri as (
    -- when that week also holds the contact's day or days before it, its first activity after the contact is read
    -- from kegiatan, for those communities only (none: DuckDB skips the scan)
    select
        s.id_komunitas,
        min(g.tanggal) as bertemu_pada
    from minggu_sesudah as s
    inner join kegiatan as g
        on g.id_komunitas = s.id_komunitas and g.tanggal > s.tanggal_kontak and g.tanggal < s.minggu + 7
    where s.tanggal_pertama <= s.tanggal_kontak
    group by s.id_komunitas
),

pertemuan as (
    -- the first activity after each latest contact
    select
        s.id_komunitas,
        case when s.tanggal_pertama > s.tanggal_kontak then s.tanggal_pertama else h.bertemu_pada end as bertemu_pada
    from minggu_sesudah as s
    left join minggu_kontak_sendiri as h on h.id_komunitas = s.id_komunitas
),

hasil as (
    select
        t.*,
        m.nama_komunitas,
        w.kabkota,
        b.batas_data,
        p.bertemu_pada,
        p.bertemu_pada is not null
            and p.bertemu_pada <= t.tanggal_kontak + 7 * $minggu_kontak::integer as aktif_kembali,
        t.tanggal_kontak + 7 * $minggu_kontak::integer as batas_tunggu
    from terakhir as t
    left join batas as b on b.kode_kabkota = t.kode_kabkota
    left join pertemuan as p on p.id_komunitas = t.id_komunitas
    left join komunitas as m on m.id_komunitas = t.id_komunitas
    left join wilayah as w on w.kode_kabkota = t.kode_kabkota
)

select
    id_komunitas,
    nama_komunitas,
    kode_kabkota,
    kabkota,
    dicatat_oleh,
    saluran,
    tanggal_kontak,
    jumlah_kontak,
    bertemu_pada,
    case
        when aktif_kembali then 'aktif_kembali'
        when batas_data is null or batas_tunggu > batas_data then 'menunggu'
        else 'belum_aktif'
    end as status,
    case when aktif_kembali then date_diff('day', tanggal_kontak, bertemu_pada) end as hari_sampai_aktif,
    batas_data
from hasil
order by tanggal_kontak desc, kode_kabkota, nama_komunitas, id_komunitas
