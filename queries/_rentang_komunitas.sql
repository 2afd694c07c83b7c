-- Partial: the communities in scope (_komunitas) with their evaluation window (METRICS §3.1–3.2).
-- Parameters: as _komunitas and _kalender.
-- minggu_pertama: the week containing max($dari, start date), the start date being the registration
-- date, else the first activity ever loaded; minggu_dievaluasi: the non-holiday weeks from minggu_pertama
-- to the period's last complete week (0 when it starts after that week).
with

komunitas_lingkup as (
{{ _komunitas }}
),

kalender as (
{{ _kalender }}
),

rentang as (
    select
        k.*,
        a.tanggal_pertama as kegiatan_pertama,
        a.tanggal_terakhir as kegiatan_terakhir,
        date_trunc('week', greatest($dari::date, coalesce(k.tanggal_terdaftar, a.tanggal_pertama, $dari::date)))::date
            as minggu_pertama
    from komunitas_lingkup as k
    left join komunitas_kegiatan as a on a.id_komunitas = k.id_komunitas
),

final as (
    select
        r.*,
        -- evaluated weeks = urut of the last week - urut before minggu_pertama (see _kalender)
        coalesce((select max(urut) from kalender) - c.urut + case when c.libur then 0 else 1 end, 0)
            as minggu_dievaluasi
    from rentang as r
    left join kalender as c on c.minggu = r.minggu_pertama
)

select
    id_komunitas,
    nama_komunitas,
    jenis,
    npsn,
    kode_kabkota,
    kabkota,
    jenjang,
    penggerak_nama,
    penggerak_email,
    tanggal_terdaftar,
    terdaftar_pmm,
    kegiatan_pertama,
    kegiatan_terakhir,
    minggu_pertama,
    minggu_dievaluasi
from final
