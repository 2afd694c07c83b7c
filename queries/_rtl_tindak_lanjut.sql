-- Partial: RTL follow-through per community (guide Bab 3 §D; docs/ATURAN.md "Tindak lanjut RTL").
-- Parameters: $dari, $sampai (DATE, inclusive: period N, on refleksi.tanggal), $kabkota (VARCHAR[] or NULL =
--   every kab/kota; [] = none), $jenis, $jenjang (NULL = no filter).
-- Period N+1 = from $sampai + 1 day to the last day of the second month after $sampai's month (the next
-- two-month block when $dari..$sampai is one). Evidence in N+1, of the same community: the themes of its
-- activity topics (tema_topik, data_loaders/topik.py) and of its `hal_baik` reflection items
-- ($komponen_bukti_rtl, bound from vocab.KOMPONEN_BUKTI_RTL), all classified
-- against the lexicon's rencana_tindak_lanjut group, so they share the RTL items' theme names.
-- One row per community in scope with at least one RTL item (current lexicon version) in N.
with

komunitas_lingkup as (
{{ _komunitas }}
),

versi_terkini as (
{{ _versi_leksikon }}
),

batas as (
    select
        ($sampai::date + 1) as dari_berikut,
        last_day($sampai::date + interval 2 month)::date as sampai_berikut
),

data_sampai as (
    -- the last date any activity or reflection is loaded for; N+1 is over when this reaches its last day
    select greatest(
        (select max(tanggal_terakhir) from komunitas_kegiatan),
        (select max(tanggal) from refleksi)
    ) as tanggal
),

rtl as (
    select
        r.id_komunitas,
        b.tema
    from refleksi as r
    inner join komunitas_lingkup as k on k.id_komunitas = r.id_komunitas
    inner join butir_refleksi as b on b.id_refleksi = r.id_refleksi
    inner join versi_terkini as v on v.versi = b.versi_leksikon
    where r.komponen = 'rencana_tindak_lanjut'
        and r.tanggal between $dari::date and $sampai::date
),

rtl_komunitas as (
    select
        id_komunitas,
        count(*) as butir_rtl,
        count(*) filter (where tema <> 'lainnya') as butir_bertema,
        list(distinct tema order by tema) filter (where tema <> 'lainnya') as tema_rtl
    from rtl
    group by id_komunitas
),

kegiatan_berikut as (
    select
        g.id_komunitas,
        g.topik
    from kegiatan as g
    cross join batas as p
    where g.tanggal between p.dari_berikut and p.sampai_berikut
        and g.id_komunitas in (select id_komunitas from rtl_komunitas)
),

refleksi_berikut as (
    select
        r.id_komunitas,
        r.id_refleksi,
        r.komponen
    from refleksi as r
    cross join batas as p
    where r.tanggal between p.dari_berikut and p.sampai_berikut
        and r.id_komunitas in (select id_komunitas from rtl_komunitas)
),

bukti as (
    -- the RTL-group themes of what the community did in N+1 ('lainnya' is no evidence)
    select g.id_komunitas, t.tema
    from kegiatan_berikut as g
    inner join tema_topik as t on t.teks = g.topik
    union
    select r.id_komunitas, t.tema
    from refleksi_berikut as r
    inner join butir_refleksi as b on b.id_refleksi = r.id_refleksi
    inner join versi_terkini as v on v.versi = b.versi_leksikon
    inner join tema_topik as t on t.teks = b.butir
    where list_contains($komponen_bukti_rtl::varchar[], r.komponen)
),

cocok as (
    select
        r.id_komunitas,
        list(distinct r.tema order by r.tema) as tema_dijalankan
    from rtl as r
    inner join bukti as b on b.id_komunitas = r.id_komunitas and b.tema = r.tema
    where r.tema <> 'lainnya'
    group by r.id_komunitas
),

jumlah_berikut as (
    select
        c.id_komunitas,
        (select count(*) from kegiatan_berikut as g where g.id_komunitas = c.id_komunitas) as kegiatan_berikut,
        (select count(distinct r.id_refleksi) from refleksi_berikut as r where r.id_komunitas = c.id_komunitas)
            as refleksi_berikut
    from rtl_komunitas as c
),

final as (
    select
        k.id_komunitas,
        k.nama_komunitas,
        k.kode_kabkota,
        k.kabkota,
        k.penggerak_nama,
        k.penggerak_email,
        c.butir_rtl,
        c.butir_bertema,
        coalesce(c.tema_rtl, []) as tema_rtl,
        coalesce(m.tema_dijalankan, []) as tema_dijalankan,
        j.kegiatan_berikut,
        j.refleksi_berikut,
        p.dari_berikut,
        p.sampai_berikut,
        coalesce(d.tanggal >= p.sampai_berikut, false) as berikut_selesai,
        case
            when m.id_komunitas is not null then 'dijalankan'
            when c.butir_bertema = 0 then 'tidak ada data'
            when not coalesce(d.tanggal >= p.sampai_berikut, false) then 'tidak ada data'
            when j.kegiatan_berikut = 0 and j.refleksi_berikut = 0 then 'tidak ada data'
            else 'belum terlihat'
        end as status,
        case
            when m.id_komunitas is not null then 'tema rencana muncul di kegiatan atau refleksi periode berikutnya'
            when c.butir_bertema = 0 then 'rencana tanpa tema yang dikenali (semua butir lainnya)'
            when not coalesce(d.tanggal >= p.sampai_berikut, false) then 'periode berikutnya belum selesai dimuat'
            when j.kegiatan_berikut = 0 and j.refleksi_berikut = 0
                then 'tidak ada kegiatan maupun refleksi pada periode berikutnya'
            else 'ada kegiatan atau refleksi, tetapi tema rencana belum muncul'
        end as keterangan
    from rtl_komunitas as c
    inner join komunitas_lingkup as k on k.id_komunitas = c.id_komunitas
    inner join jumlah_berikut as j on j.id_komunitas = c.id_komunitas
    left join cocok as m on m.id_komunitas = c.id_komunitas
    cross join batas as p
    cross join data_sampai as d
)

select
    id_komunitas,
    nama_komunitas,
    kode_kabkota,
    kabkota,
    penggerak_nama,
    penggerak_email,
    butir_rtl,
    butir_bertema,
    tema_rtl,
    tema_dijalankan,
    kegiatan_berikut,
    refleksi_berikut,
    dari_berikut,
    sampai_berikut,
    berikut_selesai,
    status,
    keterangan
from final
