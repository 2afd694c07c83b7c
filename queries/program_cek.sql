-- program_cek: automatic checks of the UPT's own programme (Bab 2 §B.8, §B.2; Lampiran), one row per check.
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL).
-- Events: queries/_kegiatan_upt.sql (in the period; UPT-wide events are in every scope), except that
--   socialisation counts from any date up to $sampai (it usually precedes the period's activity).
-- 1 upgrading_daring: >= 2 'peningkatan kapasitas daring' events in the period (Bab 2 §B.8.a).
-- 2 refleksi_dua_bulanan: a 'refleksi' event in every two-month block (Jan/Feb, Mar/Apr, ...) that starts
--   on or after the first day of $dari's month and has begun by $sampai; a block not over yet passes when it
--   already has one, else it is reported as still running (not a failure) (Bab 2 §B.8.e, Bab 3).
-- 3 sosialisasi_kabkota: every kab/kota in scope (>= 1 community or IKM school, within $kabkota) reached by
--   a 'sosialisasi' event: held there, or attended by a penggerak whose own kab/kota it is (Bab 2 §B.2).
-- status: 'terpenuhi' / 'belum terpenuhi' / 'belum dapat dinilai' (nothing to evaluate in the period);
-- keterangan explains in plain Indonesian.
with

acara as (
{{ _kegiatan_upt }}
),

daring as (
    select count(*) as n from acara where jenis_kegiatan = 'peningkatan kapasitas daring'
),

blok as (
    -- two-month blocks begin in odd months
    select
        b::date as mulai,
        (b + interval 2 month - interval 1 day)::date as akhir,
        strftime(b, '%Y-%m') || '/' || strftime(b + interval 1 month, '%m') as periode
    from range(
        make_date(year($dari::date), ((month($dari::date) - 1) // 2) * 2 + 1, 1),
        $sampai::date + 1, interval 2 month) as t(b)
    where b >= date_trunc('month', $dari::date)
),

blok_refleksi as (
    select
        k.periode,
        k.akhir,
        (select count(*) from acara as a
         where a.jenis_kegiatan = 'refleksi' and a.tanggal between k.mulai and k.akhir) as n
    from blok as k
),

refleksi_rekap as (
    select
        count(*) filter (where n = 0 and akhir <= $sampai::date) as kurang,
        count(*) filter (where n > 0) as ada,
        count(*) as total,
        string_agg(periode, ', ' order by periode) filter (where n = 0 and akhir <= $sampai::date) as tanpa,
        string_agg(periode, ', ' order by periode) filter (where n = 0 and akhir > $sampai::date) as berjalan
    from blok_refleksi
),

kabkota_lingkup as (
    select kode_kabkota from komunitas
    where $kabkota::varchar[] is null or list_contains($kabkota::varchar[], kode_kabkota)
    union
    select kode_kabkota from sekolah
    where $kabkota::varchar[] is null or list_contains($kabkota::varchar[], kode_kabkota)
),

sosialisasi as (
    select u.kode_kabkota
    from kegiatan_upt as u
    where u.jenis_kegiatan = 'sosialisasi' and u.tanggal <= $sampai::date and u.kode_kabkota is not null
    union
    select p.kode_kabkota
    from kegiatan_upt as u
    inner join kehadiran_upt as h on h.id_kegiatan_upt = u.id_kegiatan_upt
    inner join penggerak as p on lower(trim(p.penggerak_email)) = h.penggerak_email
    where u.jenis_kegiatan = 'sosialisasi' and u.tanggal <= $sampai::date and p.kode_kabkota is not null
),

sosialisasi_rekap as (
    select
        count(*) as total,
        count(*) filter (where s.kode_kabkota is null) as kurang,
        string_agg(w.kabkota, ', ' order by w.kabkota) filter (where s.kode_kabkota is null) as belum
    from kabkota_lingkup as k
    left join sosialisasi as s on s.kode_kabkota = k.kode_kabkota
    left join wilayah as w on w.kode_kabkota = k.kode_kabkota
),

final as (
    select
        1 as urutan,
        'upgrading_daring' as cek,
        'Peningkatan kapasitas daring minimal 2 kali' as judul,
        case when d.n >= 2 then 'terpenuhi' else 'belum terpenuhi' end as status,
        case when d.n >= 2 then 'Sudah terlaksana ' || d.n || ' kali pada periode ini.'
             else 'Baru terlaksana ' || d.n || ' kali pada periode ini; panduan meminta minimal 2 kali '
                  || 'untuk semua penggerak (Bab 2 B.8.a).' end as keterangan
    from daring as d
    union all
    select
        2,
        'refleksi_dua_bulanan',
        'Refleksi setiap dua bulan',
        case when r.total = 0 then 'belum dapat dinilai' when r.kurang = 0 then 'terpenuhi'
             else 'belum terpenuhi' end,
        case
            when r.total = 0 then 'Periode ini belum mencakup satu blok dua bulanan pun.'
            when r.kurang = 0 then 'Setiap blok dua bulanan yang sudah berjalan memiliki kegiatan refleksi'
                || coalesce(' (' || r.berjalan || ' masih berjalan dan belum ada refleksi)', '') || '.'
            else 'Belum ada kegiatan refleksi UPT pada ' || r.tanpa || '.'
                || coalesce(' Blok ' || r.berjalan || ' masih berjalan.', '')
        end
    from refleksi_rekap as r
    union all
    select
        3,
        'sosialisasi_kabkota',
        'Sosialisasi menjangkau semua kab/kota',
        case when s.total = 0 then 'belum dapat dinilai' when s.kurang = 0 then 'terpenuhi'
             else 'belum terpenuhi' end,
        case
            when s.total = 0 then 'Belum ada kab/kota dengan komunitas atau sekolah IKM di lingkup ini.'
            when s.kurang = 0 then 'Semua ' || s.total || ' kab/kota sudah mendapat sosialisasi.'
            else s.kurang || ' dari ' || s.total || ' kab/kota belum mendapat sosialisasi: ' || s.belum || '.'
        end
    from sosialisasi_rekap as s
)

select
    cek,
    judul,
    status,
    keterangan
from final
order by urutan
