"""Summaries of kegiatan that the weekly-rule queries read instead of the 15-million-row table (issue 7):

- kegiatan_mingguan: each community's activities summed per ISO week (Monday);
- komunitas_kegiatan: each community's first and last activity;
- kegiatan_bulanan: each community's activities summed per calendar month (activity and completeness queries).

They must always equal what the SQL below computes from kegiatan, so they are rewritten inside the same
write transaction as every change to kegiatan: the loader calls `refresh` for what it touched, a schema
migration (or a bulk writer such as bench/generate.py) calls `rebuild`. They hold sums only; which week
meets the rule is decided in queries/.
"""
from __future__ import annotations

import duckdb

_MINGGUAN = """
    select
        g.id_komunitas,
        date_trunc('week', g.tanggal)::date as minggu,
        count(*)::integer as jumlah_kegiatan,
        coalesce(sum(g.durasi_menit), 0)::bigint as total_durasi_menit,
        count(g.durasi_menit)::integer as jumlah_berdurasi,
        min(g.tanggal) as tanggal_pertama,
        max(g.tanggal) as tanggal_terakhir
    from kegiatan as g
"""

_BULANAN = """
    select
        g.id_komunitas,
        date_trunc('month', g.tanggal)::date as bulan,
        count(*)::integer as jumlah_kegiatan,
        coalesce(sum(g.durasi_menit), 0)::bigint as total_durasi_menit,
        count(g.durasi_menit)::integer as jumlah_berdurasi,
        -- no link, or a blank one: ltrim(x) = '' is trim's own test for blank at a tenth of its cost
        count(*) filter (where g.tautan_dokumentasi is null or ltrim(g.tautan_dokumentasi) = '')::integer
            as jumlah_tanpa_dokumentasi
    from kegiatan as g
"""

_KOMUNITAS = """
    select
        m.id_komunitas,
        min(m.tanggal_pertama) as tanggal_pertama,
        max(m.tanggal_terakhir) as tanggal_terakhir
    from kegiatan_mingguan as m
"""


def refresh(con: duckdb.DuckDBPyConnection, changed: str) -> None:
    """Recompute the summaries for the rows of relation `changed` (columns id_komunitas, tanggal)."""
    con.execute(f"""
        create or replace temp table _minggu_berubah as
        select distinct id_komunitas, date_trunc('week', tanggal)::date as minggu from {changed}
    """)
    con.execute("""
        delete from kegiatan_mingguan as f using _minggu_berubah as u
        where f.id_komunitas = u.id_komunitas and f.minggu = u.minggu
    """)
    con.execute(f"""
        insert into kegiatan_mingguan
        {_MINGGUAN}
        semi join _minggu_berubah as u
            on u.id_komunitas = g.id_komunitas and u.minggu = date_trunc('week', g.tanggal)::date
        group by all
    """)
    con.execute("""
        delete from komunitas_kegiatan as k
        where k.id_komunitas in (select id_komunitas from _minggu_berubah)
    """)
    con.execute(f"""
        insert into komunitas_kegiatan
        {_KOMUNITAS}
        where m.id_komunitas in (select id_komunitas from _minggu_berubah)
        group by all
    """)
    con.execute("drop table _minggu_berubah")
    con.execute(f"""
        create or replace temp table _bulan_berubah as
        select distinct id_komunitas, date_trunc('month', tanggal)::date as bulan from {changed}
    """)
    con.execute("""
        delete from kegiatan_bulanan as f using _bulan_berubah as u
        where f.id_komunitas = u.id_komunitas and f.bulan = u.bulan
    """)
    con.execute(f"""
        insert into kegiatan_bulanan
        {_BULANAN}
        semi join _bulan_berubah as u
            on u.id_komunitas = g.id_komunitas and u.bulan = date_trunc('month', g.tanggal)::date
        group by all
    """)
    con.execute("drop table _bulan_berubah")


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute every summary from kegiatan."""
    con.execute("delete from kegiatan_mingguan")
    con.execute(f"insert into kegiatan_mingguan {_MINGGUAN} group by all order by all")
    con.execute("delete from komunitas_kegiatan")
    con.execute(f"insert into komunitas_kegiatan {_KOMUNITAS} group by all order by all")
    con.execute("delete from kegiatan_bulanan")
    con.execute(f"insert into kegiatan_bulanan {_BULANAN} group by all order by all")
