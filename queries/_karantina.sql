-- Partial: the open quarantine (karantina rows not yet resolved) in scope, each placed in a kab/kota (the
-- placement is karantina's own view: queries/lingkup/karantina.sql).
-- Parameters: $kabkota (VARCHAR[] or NULL).
-- sumber_sha256: the checksum of the file the row came from; a file is its name and its content (monthly exports
--   reuse one name), NULL for a row quarantined before schema version 4 whose file is not known.
-- Scope, failing closed: a placed row is seen when its kab/kota is in $kabkota; an unplaced row only when
--   $kabkota is NULL, which the runner gives only to admin/pimpinan without a kab/kota filter (a wali
--   wilayah always gets their list, and their view of karantina holds only their rows).
with

final as (
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
        q.kabkota_asli,
        q.nama_komunitas_asli,
        q.kode_kabkota,
        w.kabkota
    from karantina as q
    left join wilayah as w on w.kode_kabkota = q.kode_kabkota
    where q.diselesaikan_pada is null
        and ($kabkota::varchar[] is null or list_contains($kabkota::varchar[], q.kode_kabkota))
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
