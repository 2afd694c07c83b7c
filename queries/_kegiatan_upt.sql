-- Partial: the UPT's own events (kegiatan_upt) in scope, in the period, with the kab/kota each reached.
-- Parameters: $dari, $sampai (DATE, inclusive), $kabkota (VARCHAR[] or NULL).
-- An event for the whole UPT (kode_kabkota NULL) is everyone's event: it is in every scope.
-- Kab/kota reached by an event: its own kab/kota, plus the own kab/kota of the penggerak who attended
-- (kehadiran_upt x penggerak), kept only when inside $kabkota.
with

-- Events typed in on the Program UPT page (the app's state), unless an export brought the same event since.
semua_acara as (
    select
        u.id_kegiatan_upt,
        u.jenis_kegiatan,
        u.nama_kegiatan,
        u.tanggal,
        u.kode_kabkota,
        u.jumlah_peserta,
        u.sumber_file
    from kegiatan_upt as u
    union all
    select
        m.id_kegiatan_upt,
        m.jenis_kegiatan,
        m.nama_kegiatan,
        m.tanggal,
        m.kode_kabkota,
        m.jumlah_peserta,
        'input manual' as sumber_file
    from kegiatan_upt_manual as m
    anti join kegiatan_upt as u on u.id_kegiatan_upt = m.id_kegiatan_upt
),

acara as (
    select
        u.id_kegiatan_upt,
        u.jenis_kegiatan,
        u.nama_kegiatan,
        u.tanggal,
        u.kode_kabkota,
        u.jumlah_peserta,
        u.sumber_file
    from semua_acara as u
    where u.tanggal between $dari::date and $sampai::date
        and (u.kode_kabkota is null or $kabkota::varchar[] is null
             or list_contains($kabkota::varchar[], u.kode_kabkota))
),

jangkauan as (
    select a.id_kegiatan_upt, a.kode_kabkota
    from acara as a
    where a.kode_kabkota is not null
    union
    select h.id_kegiatan_upt, p.kode_kabkota
    from kehadiran_upt as h
    inner join acara as a on a.id_kegiatan_upt = h.id_kegiatan_upt
    inner join penggerak as p on lower(trim(p.penggerak_email)) = h.penggerak_email
    where p.kode_kabkota is not null
        and ($kabkota::varchar[] is null or list_contains($kabkota::varchar[], p.kode_kabkota))
),

final as (
    select
        a.id_kegiatan_upt,
        a.jenis_kegiatan,
        a.nama_kegiatan,
        a.tanggal,
        a.kode_kabkota,
        a.jumlah_peserta,
        a.sumber_file,
        coalesce((select list(distinct j.kode_kabkota) from jangkauan as j
                  where j.id_kegiatan_upt = a.id_kegiatan_upt), []) as kabkota_terjangkau
    from acara as a
)

select
    id_kegiatan_upt,
    jenis_kegiatan,
    nama_kegiatan,
    tanggal,
    kode_kabkota,
    jumlah_peserta,
    sumber_file,
    kabkota_terjangkau
from final
