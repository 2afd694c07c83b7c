-- Partial: the open quarantine (karantina rows not yet resolved) in scope, each placed in a kab/kota.
-- Parameters: $kabkota (VARCHAR[] or NULL).
-- sumber_sha256: the checksum of the file the row came from; a file is its name and its content (monthly exports
--   reuse one name), NULL for a row quarantined before schema version 4 whose file is not known.
-- Placement, from the row's original values (baris_json), first that applies:
--   its id_komunitas names a known community -> that community's kab/kota;
--   its kab/kota spelling has a user mapping (pemetaan) -> the mapped kab/kota;
--   its kab/kota is a code (32.04 / 3204) of wilayah -> that kab/kota;
--   its kab/kota matches exactly one official name after normalisation (case, punctuation, `Kab.`/`Kota`
--   prefix or suffix) -> that kab/kota.
--   Anything else (unknown or ambiguous spelling, no kab/kota at all) stays unplaced (NULL).
-- Scope, failing closed: a placed row is seen when its kab/kota is in $kabkota; an unplaced row only when
--   $kabkota is NULL, which the runner gives only to admin/pimpinan without a kab/kota filter (a wali
--   wilayah always gets their list). So a misspelled row never leaks to another region's wali.
with

terbuka as (
    select
        q.id_karantina,
        q.jenis_data,
        q.sumber_file,
        q.sumber_sha256,
        q.sumber_baris,
        q.kolom,
        q.nilai,
        q.kode_alasan,
        q.alasan,
        q.baris_json,
        q.dimuat_pada,
        nullif(trim(q.baris_json ->> 'kabkota'), '') as kabkota_asli,
        nullif(trim(q.baris_json ->> 'id_komunitas'), '') as id_komunitas_asli,
        nullif(trim(q.baris_json ->> 'nama_komunitas'), '') as nama_komunitas_asli
    from karantina as q
    where q.diselesaikan_pada is null
),

dinormalkan as (
    select
        t.*,
        trim(regexp_replace(lower(strip_accents(coalesce(t.kabkota_asli, ''))), '[^0-9a-z]+', ' ', 'g'))
            as kabkota_normal
    from terbuka as t
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
    from wilayah as w
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
                 then (select w.kode_kabkota from wilayah as w
                       where w.kode_kabkota = substr(regexp_replace(p.kabkota_asli, '[^0-9]', '', 'g'), 1, 2)
                             || '.' || substr(regexp_replace(p.kabkota_asli, '[^0-9]', '', 'g'), 3, 2)) end,
            c.kode_kabkota
        ) as kode_kabkota
    from dipecah as p
    left join komunitas as k on k.id_komunitas = p.id_komunitas_asli
    left join app.pemetaan as m on m.jenis = 'kabkota' and m.nilai_normal = p.kabkota_normal
    left join cocok_nama as c on c.id_karantina = p.id_karantina
),

final as (
    select
        d.id_karantina,
        d.jenis_data,
        d.sumber_file,
        d.sumber_sha256,
        d.sumber_baris,
        d.kolom,
        d.nilai,
        d.kode_alasan,
        d.alasan,
        d.baris_json,
        d.dimuat_pada,
        d.kabkota_asli,
        d.nama_komunitas_asli,
        d.kode_kabkota,
        w.kabkota
    from ditempatkan as d
    left join wilayah as w on w.kode_kabkota = d.kode_kabkota
    where $kabkota::varchar[] is null or list_contains($kabkota::varchar[], d.kode_kabkota)
)

select
    id_karantina,
    jenis_data,
    sumber_file,
    sumber_sha256,
    sumber_baris,
    kolom,
    nilai,
    kode_alasan,
    alasan,
    baris_json,
    dimuat_pada,
    kabkota_asli,
    nama_komunitas_asli,
    kode_kabkota,
    kabkota
from final
