-- kebutuhan_topik: the needs survey (Bab 2 §B.7): how many respondents asked for each upgrading topic, per
-- kab/kota, to choose the next upgrading topics (Bab 2 §B.8.a). One row per kab/kota x topic.
-- Parameters: $sampai (DATE), $kabkota (VARCHAR[] or NULL).
-- Responses: every response submitted on or before $sampai (or undated) — a survey usually precedes the
--   activities it plans for, so there is no lower bound. Topics are grouped case-insensitively.
-- A response without a kab/kota (kode_kabkota NULL) is seen only when $kabkota is NULL (admin/pimpinan
--   without a kab/kota filter), under kabkota 'Tidak diisi'.
-- peringkat: within the kab/kota by respondents (ties: topic name); persen_responden: over the kab/kota's
--   respondents, one decimal.
with

respons as (
    select
        s.id_respons,
        s.kode_kabkota,
        lower(s.topik) as kunci_topik,
        s.topik
    from survei_kebutuhan as s
    where (s.waktu_pengisian is null or s.waktu_pengisian::date <= $sampai::date)
        and ($kabkota::varchar[] is null or list_contains($kabkota::varchar[], s.kode_kabkota))
),

responden_kabkota as (
    select kode_kabkota, count(distinct id_respons) as jumlah
    from respons
    group by kode_kabkota
),

per_topik as (
    select
        kode_kabkota,
        kunci_topik,
        min(topik) as topik,
        count(distinct id_respons) as jumlah_responden
    from respons
    group by kode_kabkota, kunci_topik
),

final as (
    select
        t.kode_kabkota,
        coalesce(w.kabkota, 'Tidak diisi') as kabkota,
        rank() over (partition by t.kode_kabkota order by t.jumlah_responden desc) as peringkat,
        t.topik,
        t.jumlah_responden,
        r.jumlah as responden_kabkota,
        round(100.0 * t.jumlah_responden / nullif(r.jumlah, 0), 1) as persen_responden
    from per_topik as t
    inner join responden_kabkota as r on r.kode_kabkota is not distinct from t.kode_kabkota
    left join wilayah as w on w.kode_kabkota = t.kode_kabkota
)

select
    kode_kabkota,
    kabkota,
    peringkat,
    topik,
    jumlah_responden,
    responden_kabkota,
    persen_responden
from final
order by kode_kabkota nulls last, peringkat, topik
