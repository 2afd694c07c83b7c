-- Partial: the weeks of the period in which a community in scope had at least one activity
-- (kegiatan_mingguan), with the verdict of METRICS §3.3 for that week.
-- Parameters: as _rentang_komunitas.
-- dinilai: the week is evaluated for this community (on or after its minggu_pertama, not a holiday).
-- terpenuhi: ≥ 1 activity, and for dalam_sekolah ≥ 60 known minutes unless no duration is known.
-- Weeks before minggu_pertama stay in (dinilai = false): filtering them in the join would be slower
-- than letting callers aggregate with FILTER (where dinilai).
with

rentang as (
{{ _rentang_komunitas }}
),

kalender as (
{{ _kalender }}
),

final as (
    select
        f.id_komunitas,
        f.minggu,
        c.urut,
        c.libur,
        f.minggu >= r.minggu_pertama and not c.libur as dinilai,
        f.jumlah_kegiatan,
        f.total_durasi_menit,
        f.jumlah_berdurasi > 0 as ada_durasi,
        r.jenis is distinct from 'dalam_sekolah' or f.jumlah_berdurasi = 0 or f.total_durasi_menit >= 60
            as terpenuhi
    from kegiatan_mingguan as f
    inner join kalender as c on c.minggu = f.minggu
    inner join rentang as r on r.id_komunitas = f.id_komunitas
)

select
    id_komunitas,
    minggu,
    urut,
    libur,
    dinilai,
    jumlah_kegiatan,
    total_durasi_menit,
    ada_durasi,
    terpenuhi
from final
