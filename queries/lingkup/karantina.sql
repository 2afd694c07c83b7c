-- @untuk_semua: the quarantine as every query sees it, each row placed in a kab/kota. A restricted user
-- ($lingkup) sees only the rows placed in their kab/kota; an unplaced row only admin/pimpinan ($lingkup NULL).
-- Columns: karantina's own, plus kabkota_asli, id_komunitas_asli, nama_komunitas_asli (from baris_json) and
-- kode_kabkota, the placement, from the row's original values, first that applies:
--   its id_komunitas names a known community -> that community's kab/kota;
--   its kab/kota spelling has a user mapping (pemetaan) -> the mapped kab/kota;
--   its kab/kota is a code (32.04 / 3204) of wilayah -> that kab/kota;
--   its kab/kota matches exactly one official name after normalisation (case, punctuation, `Kab.`/`Kota`
--   prefix or suffix) -> that kab/kota.
--   Anything else (unknown or ambiguous spelling, no kab/kota at all) stays unplaced (NULL).
with

baris as (
    select
        q.*,
        nullif(trim(q.baris_json ->> 'kabkota'), '') as kabkota_asli,
        nullif(trim(q.baris_json ->> 'id_komunitas'), '') as id_komunitas_asli,
        nullif(trim(q.baris_json ->> 'nama_komunitas'), '') as nama_komunitas_asli
    from main.karantina as q
),

dinormalkan as (
    select
        t.*,
        trim(regexp_replace(lower(strip_accents(coalesce(t.kabkota_asli, ''))), '[^0-9a-z]+', ' ', 'g'))
            as kabkota_normal
    from baris as t
),

dipecah as (
    select
        d.*,
        case
            when regexp_matches(d.kabkota_normal, '^(kabupaten|kab) ') or regexp_matches(d.kabkota_normal, ' (kabupaten|kab)$')
                then 'Kabupaten'
            when regexp_matches(d.kabkota_normal, '^(kota|kotamadya|kodya) ') or regexp_matches(d.kabkota_normal, ' kota$')
                then 'Kota'
        end as jenis_tertulis,
        replace(regexp_replace(regexp_replace(d.kabkota_normal,
            '^(kabupaten administrasi|kabupaten|kab adm|kab|kota administrasi|kota adm|kotamadya|kodya|kota) ', ''),
            ' (kabupaten|kab|kota)$', ''), ' ', '') as kabkota_dasar
    from dinormalkan as d
),

wilayah_dasar as (
    select
        w.kode_kabkota,
        w.jenis_wilayah,
        replace(regexp_replace(trim(regexp_replace(lower(strip_accents(w.kabkota)), '[^0-9a-z]+', ' ', 'g')),
                               '^(kabupaten|kota) ', ''), ' ', '') as kabkota_dasar
    from main.wilayah as w
),

cocok_nama as (
    select
        p.id_karantina,
        case when count(*) = 1 then min(wd.kode_kabkota) end as kode_kabkota
    from dipecah as p
    inner join wilayah_dasar as wd
        on wd.kabkota_dasar = p.kabkota_dasar
        and (p.jenis_tertulis is null or wd.jenis_wilayah = p.jenis_tertulis)
    where p.kabkota_dasar <> ''
    group by p.id_karantina
),

ditempatkan as (
    select
        p.*,
        coalesce(
            k.kode_kabkota,
            m.target,
            case when regexp_matches(coalesce(p.kabkota_asli, ''), '^\d{2}[.\s]?\d{2}$')
                 then (select w.kode_kabkota from main.wilayah as w
                       where w.kode_kabkota = substr(regexp_replace(p.kabkota_asli, '[^0-9]', '', 'g'), 1, 2)
                             || '.' || substr(regexp_replace(p.kabkota_asli, '[^0-9]', '', 'g'), 3, 2)) end,
            c.kode_kabkota
        ) as kode_kabkota
    from dipecah as p
    left join main.komunitas as k on k.id_komunitas = p.id_komunitas_asli
    left join app.pemetaan as m on m.jenis = 'kabkota' and m.nilai_normal = p.kabkota_normal
    left join cocok_nama as c on c.id_karantina = p.id_karantina
)

select
    q.* exclude (kabkota_normal, jenis_tertulis, kabkota_dasar)
from ditempatkan as q
where $lingkup::varchar[] is null or list_contains($lingkup::varchar[], q.kode_kabkota)
