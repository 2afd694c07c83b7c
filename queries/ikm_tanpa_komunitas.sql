-- ikm_tanpa_komunitas: the IKM schools in scope without an in-school community (issue 17 item 1), the drill-down of
-- the coverage figure: per kab/kota its row count = sekolah_ikm - sekolah_ikm_dengan_kombel of progress_kabkota.
-- Parameters: $sampai (DATE), $kabkota (VARCHAR[] or NULL), $jenjang (NULL = no filter; the school's own).
-- Which school is covered: _sekolah_ikm, the partial the coverage figure reads too; $jenis is ignored.
-- Columns: kode_kabkota, kabkota, npsn, nama_sekolah, jenjang, jalur_ikm (as loaded, NULL = unknown);
--   komunitas_antar_sekolah = antar_sekolah communities of the school's kab/kota and jenjang registered by
--   $sampai (or undated): those it could join now; nama_antar_sekolah = up to 3 of their names, alphabetical,
--   joined by "; " (NULL when none). A school without a jenjang matches no community.
-- Order: kab/kota, jenjang, school name, npsn.
with

ikm as (
{{ _sekolah_ikm }}
),

tanpa_komunitas as (
    select s.*
    from ikm as s
    where not s.berkombel
),

antar_sekolah as (
    -- only the kab/kota x jenjang pairs that have a school on the list
    select
        k.kode_kabkota,
        k.jenjang,
        count(*) as komunitas_antar_sekolah,
        array_to_string(list_sort(list(k.nama_komunitas))[1:3], '; ') as nama_antar_sekolah
    from komunitas as k
    where k.jenis = 'antar_sekolah'
        and (k.tanggal_terdaftar is null or k.tanggal_terdaftar <= $sampai::date)
        and (k.kode_kabkota, k.jenjang) in (select (t.kode_kabkota, t.jenjang) from tanpa_komunitas as t)
    group by k.kode_kabkota, k.jenjang
),

final as (
    select
        t.kode_kabkota,
        w.kabkota,
        t.npsn,
        t.nama_sekolah,
        t.jenjang,
        t.jalur_ikm,
        coalesce(a.komunitas_antar_sekolah, 0) as komunitas_antar_sekolah,
        a.nama_antar_sekolah
    from tanpa_komunitas as t
    left join wilayah as w on w.kode_kabkota = t.kode_kabkota
    left join antar_sekolah as a on a.kode_kabkota = t.kode_kabkota and a.jenjang = t.jenjang
)

select
    kode_kabkota,
    kabkota,
    npsn,
    nama_sekolah,
    jenjang,
    jalur_ikm,
    komunitas_antar_sekolah,
    nama_antar_sekolah
from final
order by kode_kabkota, jenjang, nama_sekolah, npsn
