-- Partial: the penggerak in scope (METRICS §7, §8) with their eligibility. One row per penggerak email.
-- Parameters: $sampai (DATE), $kabkota (VARCHAR[] or NULL), $jenis, $jenjang (NULL = no filter).
-- Who: everyone in the penggerak list plus every community's penggerak email (eligibility unknown when
--   not in the list: the booleans are NULL and `kekurangan` says so).
-- Placement: a penggerak's own kode_kabkota, else the kab/kota of the communities they lead (all of
--   them). A restricted user sees a penggerak only when that placement meets their kab/kota; one with
--   no placement at all is seen only when $kabkota is NULL (admin/pimpinan without a kab/kota filter).
-- $jenis / $jenjang: only penggerak leading a community of that jenis / jenjang (in scope).
-- layak_daftar_pmm = belajar.id account and Aksi Nyata Kurikulum Merdeka and Perencanaan Pembelajaran
--   (Bab 2 §C.2); memenuhi_kriteria_umum = Aksi Nyata in >= 2 of the 4 topics (Bab 1 §D.1); a topic
--   left empty in the list counts as not done.
with

daftar as (
    select
        lower(trim(p.penggerak_email)) as penggerak_email,
        p.penggerak_nama,
        p.kode_kabkota,
        coalesce(p.akun_belajar_id, false) as akun_belajar_id,
        coalesce(p.aksi_nyata_kurikulum_merdeka, false) as aksi_nyata_kurikulum_merdeka,
        coalesce(p.aksi_nyata_perencanaan_pembelajaran, false) as aksi_nyata_perencanaan_pembelajaran,
        coalesce(p.aksi_nyata_asesmen_awal, false) as aksi_nyata_asesmen_awal,
        coalesce(p.aksi_nyata_pembelajaran_berdiferensiasi, false) as aksi_nyata_pembelajaran_berdiferensiasi
    from penggerak as p
),

komunitas_penggerak as (
{{ _komunitas }}
),

ringkas as (
    -- every penggerak's summary over all the communities they lead (store/rollup.py penggerak_ringkas; a wali
    -- sees the rows whose communities are all in their kab/kota, queries/lingkup), and whether all of those are
    -- in scope, so the row is the answer as is: no jenis/jenjang filter, every kab/kota in $kabkota, every
    -- registration on or before $sampai
    select
        r.*,
        $jenis::varchar is null and $jenjang::varchar is null
            and ($kabkota::varchar[] is null
                 or len(list_filter(r.kode_komunitas, lambda x: not list_contains($kabkota::varchar[], x))) = 0)
            and (r.terdaftar_terakhir is null or r.terdaftar_terakhir <= $sampai::date) as utuh
    from penggerak_ringkas as r
),

hitung_ulang as (
    -- the rows not whole that may lead a community in scope: their count and names in scope are recounted
    select r.penggerak_email
    from ringkas as r
    where not r.utuh
        and ($kabkota::varchar[] is null or len(list_intersect(r.kode_komunitas, $kabkota::varchar[])) > 0)
),

dalam_lingkup as (
    -- their communities in scope (the _komunitas partial: small for a kab/kota filter)
    select
        lower(trim(kp.penggerak_email)) as penggerak_email,
        count(*) as jumlah_komunitas,
        -- list_sort + array_to_string: an ordered string_agg costs several times more per group
        array_to_string(list_sort(list(kp.nama_komunitas)), '; ') as komunitas_dipimpin
    from komunitas_penggerak as kp
    where nullif(trim(kp.penggerak_email), '') is not null
        and lower(trim(kp.penggerak_email)) in (select penggerak_email from hitung_ulang)
    group by 1
),

sebagian as (
    -- (a wali only) the penggerak whose communities are not all in the wali's kab/kota, absent from ringkas:
    -- counted the old way from the communities the wali sees, all of which place them
    select
        lower(trim(k.penggerak_email)) as penggerak_email,
        min(k.penggerak_nama) as penggerak_nama,
        -- list_distinct, not list(distinct): a DISTINCT aggregate is planned as a second group-by + join
        list_sort(list_distinct(list(k.kode_kabkota))) as kode_komunitas,
        count(kp.id_komunitas) as jumlah_komunitas,
        case when count(kp.id_komunitas) > 0
             then array_to_string(list_sort(list(k.nama_komunitas) filter (where kp.id_komunitas is not null)),
                                  '; ')
        end as komunitas_dipimpin
    from komunitas as k
    left join komunitas_penggerak as kp on kp.id_komunitas = k.id_komunitas
    where $lingkup::varchar[] is not null
        and nullif(trim(k.penggerak_email), '') is not null
        and lower(trim(k.penggerak_email)) not in (select penggerak_email from ringkas)
    group by 1
),

pemimpin as (
    -- every community's penggerak: a whole row as summarised; a recounted one with its name and kab/kota from
    -- the summary (all their communities place them) and its count in scope; a row neither whole nor
    -- recounted leads no community in scope ($kabkota holds none of their kab/kota)
    select
        r.penggerak_email,
        r.penggerak_nama,
        r.kode_komunitas,
        case when r.utuh then r.jumlah_komunitas::bigint else coalesce(d.jumlah_komunitas, 0) end
            as jumlah_komunitas,
        case when r.utuh then r.komunitas_dipimpin else d.komunitas_dipimpin end as komunitas_dipimpin
    from ringkas as r
    left join dalam_lingkup as d on d.penggerak_email = r.penggerak_email
    union all
    select * from sebagian
),

semua as (
    select
        coalesce(d.penggerak_email, p.penggerak_email) as penggerak_email,
        coalesce(d.penggerak_nama, p.penggerak_nama) as penggerak_nama,
        d.penggerak_email is not null as di_daftar,
        case when d.kode_kabkota is not null then [d.kode_kabkota]
             else coalesce(p.kode_komunitas, []) end as kode_tempat,
        d.akun_belajar_id,
        d.aksi_nyata_kurikulum_merdeka,
        d.aksi_nyata_perencanaan_pembelajaran,
        d.aksi_nyata_asesmen_awal,
        d.aksi_nyata_pembelajaran_berdiferensiasi,
        coalesce(p.jumlah_komunitas, 0) as jumlah_komunitas,
        p.komunitas_dipimpin
    from daftar as d
    full outer join pemimpin as p on p.penggerak_email = d.penggerak_email
),

terlihat as (
    select
        s.*,
        list_filter(s.kode_tempat, lambda x: $kabkota::varchar[] is null
                                             or list_contains($kabkota::varchar[], x)) as kode_terlihat
    from semua as s
    where ($kabkota::varchar[] is null or len(list_intersect(s.kode_tempat, $kabkota::varchar[])) > 0)
        and (($jenis::varchar is null and $jenjang::varchar is null)
             or s.jumlah_komunitas > 0)
),

kelayakan as (
    select
        t.*,
        t.aksi_nyata_kurikulum_merdeka::int + t.aksi_nyata_perencanaan_pembelajaran::int
            + t.aksi_nyata_asesmen_awal::int + t.aksi_nyata_pembelajaran_berdiferensiasi::int as jumlah_topik
    from terlihat as t
),

kode_tempat as (
    -- per distinct placement list (far fewer than penggerak), one row per kab/kota in it
    select
        t.kode_terlihat,
        unnest(t.kode_terlihat) as kode_kabkota
    from (select distinct kode_terlihat from terlihat) as t
),

nama_tempat as (
    -- names ordered by code; sorting a list of (code, name) is far cheaper than an ordered string_agg
    select
        kt.kode_terlihat,
        array_to_string(list_transform(list_sort(list({'kode': w.kode_kabkota, 'nama': w.kabkota})),
                                       lambda x: x.nama), ', ') as kabkota
    from kode_tempat as kt
    inner join wilayah as w on w.kode_kabkota = kt.kode_kabkota
    group by kt.kode_terlihat
),

final as (
    select
        k.penggerak_email,
        k.penggerak_nama,
        k.kode_terlihat[1] as kode_kabkota,
        nt.kabkota,
        k.di_daftar as ada_di_daftar_penggerak,
        k.akun_belajar_id,
        k.aksi_nyata_kurikulum_merdeka,
        k.aksi_nyata_perencanaan_pembelajaran,
        k.aksi_nyata_asesmen_awal,
        k.aksi_nyata_pembelajaran_berdiferensiasi,
        k.jumlah_topik,
        k.akun_belajar_id and k.aksi_nyata_kurikulum_merdeka and k.aksi_nyata_perencanaan_pembelajaran
            as layak_daftar_pmm,
        k.jumlah_topik >= 2 as memenuhi_kriteria_umum,
        case
            when not k.di_daftar
                then 'Belum ada di daftar penggerak: akun belajar.id dan Pelatihan Mandiri belum diketahui'
            else coalesce(nullif(concat_ws('; ',
                case when not k.akun_belajar_id then 'belum punya akun belajar.id' end,
                case when not k.aksi_nyata_kurikulum_merdeka
                     then 'belum Aksi Nyata topik Kurikulum Merdeka (syarat daftar PMM)' end,
                case when not k.aksi_nyata_perencanaan_pembelajaran
                     then 'belum Aksi Nyata topik Perencanaan Pembelajaran (syarat daftar PMM)' end,
                case when k.jumlah_topik < 2
                     then 'kurang ' || (2 - k.jumlah_topik)
                          || ' topik Pelatihan Mandiri lagi untuk kriteria umum (minimal 2 dari 4)' end
            ), ''), 'Tidak ada')
        end as kekurangan,
        k.jumlah_komunitas,
        k.komunitas_dipimpin
    from kelayakan as k
    left join nama_tempat as nt on nt.kode_terlihat = k.kode_terlihat
)

select
    penggerak_email,
    penggerak_nama,
    kode_kabkota,
    kabkota,
    ada_di_daftar_penggerak,
    akun_belajar_id,
    aksi_nyata_kurikulum_merdeka,
    aksi_nyata_perencanaan_pembelajaran,
    aksi_nyata_asesmen_awal,
    aksi_nyata_pembelajaran_berdiferensiasi,
    jumlah_topik,
    layak_daftar_pmm,
    memenuhi_kriteria_umum,
    kekurangan,
    jumlah_komunitas,
    komunitas_dipimpin
from final
