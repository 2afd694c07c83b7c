-- kontak_log: the contact log of the follow-up list (issue 16), latest first, each with its latest answer.
-- Parameters: $kabkota (VARCHAR[] or NULL = every kab/kota). Not limited by the period: a log is read whole.
-- kode_kabkota is the community's kab/kota when it was contacted (what scopes the entry); nama_komunitas is
-- today's name (NULL when the community is no longer in the data). jumlah_tanggapan counts every answer.
with

tanggapan_terakhir as (
    select
        id_kontak,
        arg_max(tanggapan, id) as tanggapan,
        arg_max(tanggal, id) as tanggal_tanggapan,
        arg_max(oleh, id) as tanggapan_oleh,
        count(*) as jumlah_tanggapan
    from tanggapan
    group by id_kontak
)

select
    k.id as id_kontak,
    k.id_komunitas,
    m.nama_komunitas,
    k.kode_kabkota,
    w.kabkota,
    k.tanggal_kontak,
    k.saluran,
    k.catatan,
    k.dicatat_oleh,
    k.dicatat_pada,
    t.tanggapan,
    t.tanggal_tanggapan,
    t.tanggapan_oleh,
    coalesce(t.jumlah_tanggapan, 0) as jumlah_tanggapan
from kontak as k
left join komunitas as m on m.id_komunitas = k.id_komunitas
left join wilayah as w on w.kode_kabkota = k.kode_kabkota
left join tanggapan_terakhir as t on t.id_kontak = k.id
where $kabkota::varchar[] is null or list_contains($kabkota::varchar[], k.kode_kabkota)
order by k.tanggal_kontak desc, k.dicatat_pada desc, k.id desc
