-- Partial: the weeks of the period in which a community in scope had at least one activity
-- (kegiatan_mingguan), with the verdict of METRICS §3.3 for that week.
-- Parameters: as _komunitas and _kalender.
-- dinilai: the week is evaluated for this community: not a holiday, and on or after its minggu_pertama
-- (_rentang_komunitas). No activity precedes the first one, so only $dari and the registration date
-- can start the window later than the activity itself; that spares this pass the per-community window.
-- terpenuhi: ≥ 1 activity, and for dalam_sekolah ≥ 60 known minutes unless no duration is known.
-- Weeks before the window stay in (dinilai = false): callers aggregate with FILTER (where dinilai),
-- which is faster than filtering in the join.
with

komunitas_lingkup as materialized (
    -- materialized: built once on the 350,000 communities instead of being joined into every week row
    select
        id_komunitas,
        jenis is not distinct from 'dalam_sekolah' as dalam_sekolah,
        date_trunc('week', greatest($dari::date, coalesce(tanggal_terdaftar, $dari::date)))::date as minggu_mulai
    from (
{{ _komunitas }}
    )
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
        not c.libur and f.minggu >= k.minggu_mulai as dinilai,
        f.jumlah_kegiatan,
        f.total_durasi_menit,
        f.jumlah_berdurasi > 0 as ada_durasi,
        not k.dalam_sekolah or f.jumlah_berdurasi = 0 or f.total_durasi_menit >= 60 as terpenuhi
    from kegiatan_mingguan as f
    inner join kalender as c on c.minggu = f.minggu
    inner join komunitas_lingkup as k on k.id_komunitas = f.id_komunitas
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
