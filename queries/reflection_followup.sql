-- reflection_followup: the follow-up plans (komponen `rencana_tindak_lanjut`) per community and
-- theme, searchable (guide Bab 3 §E; METRICS §6).
-- Parameters: $dari, $sampai (DATE, inclusive, on refleksi.tanggal), $kabkota (VARCHAR[] or
--   NULL = every kab/kota; [] = none), $jenis, $jenjang (NULL = no filter),
--   $cari (VARCHAR; NULL or '' = everything): kept when the community name, the item or the theme
--   contains it, case-insensitive; `%` and `_` in it are literal characters.
-- One row per item of the current lexicon version, ordered by community, theme, item position.
-- @default cari: null
with

komunitas_lingkup as (
{{ _komunitas }}
),

versi_terkini as (
{{ _versi_leksikon }}
),

pola as (
    select
        '%' || replace(replace(replace(coalesce($cari::varchar, ''), '\', '\\'), '%', '\%'), '_', '\_') || '%'
            as pola
),

butir as (
    select
        k.id_komunitas,
        k.nama_komunitas,
        k.kode_kabkota,
        k.kabkota,
        k.penggerak_nama,
        k.penggerak_email,
        r.periode,
        r.tanggal,
        b.tema,
        b.butir,
        b.nomor_butir,
        r.id_refleksi
    from refleksi as r
    inner join komunitas_lingkup as k on k.id_komunitas = r.id_komunitas
    inner join butir_refleksi as b on b.id_refleksi = r.id_refleksi
    inner join versi_terkini as v on v.versi = b.versi_leksikon
    where r.komponen = 'rencana_tindak_lanjut'
        and r.tanggal between $dari::date and $sampai::date
),

final as (
    select
        b.nama_komunitas,
        b.kabkota,
        b.tema,
        b.butir,
        b.periode,
        b.tanggal,
        b.penggerak_nama,
        b.penggerak_email,
        b.id_komunitas,
        b.kode_kabkota,
        b.id_refleksi,
        b.nomor_butir
    from butir as b
    cross join pola as p
    where b.nama_komunitas ilike p.pola escape '\'
        or b.butir ilike p.pola escape '\'
        or b.tema ilike p.pola escape '\'
)

select
    nama_komunitas,
    kabkota,
    tema,
    butir,
    periode,
    tanggal,
    penggerak_nama,
    penggerak_email,
    id_komunitas,
    kode_kabkota
from final
order by nama_komunitas, id_komunitas, tema, tanggal, id_refleksi, nomor_butir
