-- Partial: the communities with >= 1 activity in the 4 complete weeks ending with the period's last complete
-- week (the week of the last Sunday on or before $sampai), whatever $dari is (METRICS §5
-- komunitas_aktif_4_minggu). One row per community; not limited to the scope: join it to one.
-- Parameters: $sampai (DATE).
with

jendela as (
    select
        date_trunc('week', $sampai::date + 1)::date - 28 as mulai,
        date_trunc('week', $sampai::date + 1)::date - 1 as selesai
)

select distinct g.id_komunitas
from kegiatan_mingguan as g, jendela as j
where g.minggu between j.mulai and j.selesai
