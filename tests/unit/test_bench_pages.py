"""bench/pages.py: the one-province store is exactly the province's rows of the source, with summaries equal to
the source's, and the random filter combinations are reproducible links a user could have (issue 19 item 6)."""
from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from pathlib import Path

import duckdb

from tests.support import ROOT, add_kegiatan, add_komunitas, add_penggerak, add_refleksi, add_sekolah

_spec = importlib.util.spec_from_file_location("bench_pages", ROOT / "bench" / "pages.py")
bench_pages = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_pages)

# Jawa Barat (32) has the most communities; Jawa Timur (35) and DKI (31) must be left out.
KOMUNITAS = {"jb1": "32.04", "jb2": "32.04", "jb3": "32.01", "jt1": "35.78", "jt2": "35.15", "dki": "31.71"}


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    start = date(2023, 1, 2)
    for i, (kid, kab) in enumerate(KOMUNITAS.items()):
        add_komunitas(con, kid, kode_kabkota=kab, jenjang="SD" if i % 2 else "SMP")
        for w in range(0, 30, 2 + i % 3):
            add_kegiatan(con, kid, start + timedelta(weeks=w, days=i), 60 + w)
        add_refleksi(con, kid, date(2023, 3, 1) + timedelta(days=i))
        add_sekolah(con, f"2020{i:04d}", kode_kabkota=kab)
        add_penggerak(con, f"p{i}@contoh.id", kode_kabkota=kab)


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return sorted(con.execute(sql).fetchall(), key=repr)
    finally:
        con.close()


def test_province_store_holds_exactly_the_province(tiny) -> None:
    tiny.build(_fill)
    src = tiny.path
    dest, label = bench_pages.province_store(src, log=lambda _m: None)
    assert label == "Jawa Barat (32)"
    kept = "(select id_komunitas from komunitas)"
    assert _rows(dest, "select id_komunitas from komunitas") == [("jb1",), ("jb2",), ("jb3",)]
    for table, where in (("kegiatan", f"id_komunitas in {kept}"), ("refleksi", f"id_komunitas in {kept}"),
                         ("kegiatan_mingguan", f"id_komunitas in {kept}"),
                         ("kegiatan_bulanan", f"id_komunitas in {kept}"),
                         ("komunitas_kegiatan", f"id_komunitas in {kept}"),
                         ("sekolah", "kode_kabkota like '32.%'"), ("penggerak", "kode_kabkota like '32.%'")):
        expected = _rows(src, f"select * from {table} where {where.replace(kept, KEPT_IN_SRC)}")
        assert expected, table
        assert _rows(dest, f"select * from {table}") == expected, table
    # The reference table of kab/kota stays whole, as in every real store.
    assert _rows(dest, "select count(*) from wilayah") == _rows(src, "select count(*) from wilayah")
    # A second call reuses the cached store.
    mtime = dest.stat().st_mtime_ns
    assert bench_pages.province_store(src, log=lambda _m: None)[0] == dest
    assert dest.stat().st_mtime_ns == mtime


KEPT_IN_SRC = "(select id_komunitas from komunitas where kode_kabkota like '32.%')"


def test_random_combos_are_seeded_links_inside_the_data(tiny) -> None:
    tiny.build(_fill)
    combos = bench_pages.random_combos(tiny.path, seed=7)
    assert combos == bench_pages.random_combos(tiny.path, seed=7)
    assert combos != bench_pages.random_combos(tiny.path, seed=8)
    assert len(combos) == bench_pages.RANDOM_COMBOS
    names = {r[0] for r in _rows(tiny.path, """
        select kabkota from wilayah where kode_kabkota in (select kode_kabkota from komunitas)""")}
    lo, hi = _rows(tiny.path, "select min(tanggal), max(tanggal) from kegiatan")[0]
    for q in combos:
        assert 1 <= len(q["kabkota"]) <= 2 and set(q["kabkota"]) <= names
        assert "jenis" in q or "jenjang" in q
        dari, sampai = (date.fromisoformat(d) for d in q["periode"])
        assert lo <= dari < sampai <= hi
        assert (sampai - dari).days >= bench_pages.MIN_WEEKS * 7
