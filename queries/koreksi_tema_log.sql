-- koreksi_tema_log: every theme correction of reflection items (issue 18), newest first: who, when, old -> new.
-- Parameters: $kabkota (VARCHAR[] or NULL = every kab/kota). Not limited by the period: a log is read whole.
-- kode_kabkota is the community's kab/kota when corrected (what scopes the row); nama_komunitas is today's name
-- (NULL when the answer is no longer in the data). berlaku: the newest correction of its item (the one in force).
-- dipakai_versi_leksikon: the lexicon version that took it as a labelled example (NULL: not yet; a wali's never).
with

koreksi as (
    select
        c.*,
        c.id = max(c.id) over (partition by c.id_refleksi, c.butir) as berlaku
    from koreksi_tema as c
    where $kabkota::varchar[] is null or list_contains($kabkota::varchar[], c.kode_kabkota)
),

komunitas_refleksi as (
    select
        r.id_refleksi,
        k.nama_komunitas
    from refleksi as r
    inner join komunitas as k on k.id_komunitas = r.id_komunitas
    where r.id_refleksi in (select id_refleksi from koreksi)
)

select
    c.id as id_koreksi,
    c.dibuat_pada,
    c.oleh,
    c.peran,
    m.nama_komunitas,
    c.kode_kabkota,
    c.komponen,
    c.butir,
    c.tema_lama,
    c.tema_baru,
    c.berlaku,
    c.dipakai_versi_leksikon,
    c.id_refleksi
from koreksi as c
left join komunitas_refleksi as m on m.id_refleksi = c.id_refleksi
order by c.id desc
