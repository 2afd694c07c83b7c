"""apply.record_quarantine registers its entries through Arrow, falling back to pandas for a column Arrow cannot
type; both give the same stored entries, and the content rule still holds (the n-th identical row is added only
when fewer than n entries of that content exist; an open entry takes the row's current reason)."""
from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import duckdb

from data_loaders.apply import record_quarantine
from store.schema import row_key

NOW = datetime(2024, 5, 6, 7, 8, 9)


def entry(line: int, nilai, code: str, content: dict) -> dict:
    return {"sumber_baris": line, "kolom": "Tanggal", "nilai": nilai, "kode_alasan": code, "alasan": f"alasan {code}",
            "baris_json": str(content), "kunci_baris": row_key(content)}


def stored(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("""
        select jenis_data, sumber_file, sumber_baris, kolom, nilai, kode_alasan, alasan, baris_json, dimuat_pada,
               sumber_sha256, kunci_baris
        from karantina order by id_karantina
    """).fetchall()


def test_entries_through_arrow_and_through_pandas_are_the_same(empty_store):
    a, b = {"Tanggal": "Senin"}, {"Tanggal": "31/02/2024"}
    batch = SimpleNamespace(kind="kegiatan", sumber_file="kegiatan.csv", now=NOW, sumber_sha256="ab" * 32)
    con = duckdb.connect(str(empty_store))
    try:
        con.execute("begin")
        text = [entry(2, "Senin", "tanggal_tidak_terbaca", a), entry(3, "Senin", "tanggal_tidak_terbaca", a),
                entry(4, None, "nilai_wajib_kosong", b)]
        record_quarantine(con, batch, text)
        through_arrow = stored(con)
        con.execute("rollback")

        con.execute("begin")
        mixed = [dict(e) for e in text]
        mixed[2]["nilai"] = 31  # a number among texts: Arrow refuses the column, pandas takes it
        record_quarantine(con, batch, mixed)
        through_pandas = stored(con)
        con.execute("rollback")
    finally:
        con.close()
    assert [r[:4] + r[5:] for r in through_arrow] == [r[:4] + r[5:] for r in through_pandas]
    assert [r[4] for r in through_pandas] == ["Senin", "Senin", "31"]
    assert through_arrow[0][:3] == ("kegiatan", "kegiatan.csv", 2)
    assert through_arrow[0][8:10] == (NOW, "ab" * 32)
    assert [r[2] for r in through_arrow] == [2, 3, 4]  # two identical rows keep two entries


def test_same_content_again_adds_nothing_and_takes_the_current_reason(empty_store):
    a = {"Tanggal": "Senin", "Topik": "x"}
    first = SimpleNamespace(kind="kegiatan", sumber_file="jan.csv", now=NOW, sumber_sha256=None)
    second = SimpleNamespace(kind="kegiatan", sumber_file="feb.csv", now=NOW, sumber_sha256="cd" * 32)
    con = duckdb.connect(str(empty_store))
    try:
        record_quarantine(con, first, [entry(5, "Senin", "tanggal_tidak_terbaca", a)])
        record_quarantine(con, second, [entry(9, "Senin", "tanggal_urutan_ambigu", a),
                                        entry(10, "Senin", "tanggal_urutan_ambigu", a)])
        rows = stored(con)
    finally:
        con.close()
    # One entry of that content existed: the first copy of feb.csv adds nothing, the second copy is added.
    assert [(r[1], r[2], r[5], r[9]) for r in rows] == [
        ("jan.csv", 5, "tanggal_urutan_ambigu", None), ("feb.csv", 10, "tanggal_urutan_ambigu", "cd" * 32)]
