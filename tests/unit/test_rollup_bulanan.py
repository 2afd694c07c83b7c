"""kegiatan_bulanan (store/rollup.py) must equal kegiatan summed per community and calendar month after
every load, a load into a month already summed, and a full rebuild."""
from __future__ import annotations

from pathlib import Path

import duckdb

from data_loaders.load import Source, load_files
from store import rollup
from store.database import open_readonly, write_transaction
from tests.unit.test_load import load_base, src

# Written independently of rollup.py: the definition, not the implementation.
EXPECTED = """
    select id_komunitas, date_trunc('month', tanggal)::date, count(*), coalesce(sum(durasi_menit), 0),
           count(durasi_menit), count(*) filter (where nullif(trim(tautan_dokumentasi), '') is null)
    from kegiatan group by 1, 2 order by 1, 2
"""
STORED = """
    select id_komunitas, bulan, jumlah_kegiatan, total_durasi_menit, jumlah_berdurasi, jumlah_tanpa_dokumentasi
    from kegiatan_bulanan order by 1, 2
"""


def assert_exact(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    months = con.execute(STORED).fetchall()
    assert months == con.execute(EXPECTED).fetchall()
    return months


def check(db: Path) -> list[tuple]:
    con = open_readonly(db)
    try:
        return assert_exact(con)
    finally:
        con.close()


def test_monthly_rollup_follows_every_load(empty_store):
    load_base(empty_store)
    assert check(empty_store) == []
    for name in ("kegiatan_forms_excel.csv", "kegiatan_pmm.tsv", "kegiatan_cp1252.csv"):
        load_files(empty_store, [src(name)])
        months = check(empty_store)
    assert months  # the fixtures do load activities
    before = {(m[0], str(m[1])): m for m in months}

    # Meetings on both sides of a month end, one without a duration and one with a blank link: the months
    # already summed are recomputed, not duplicated.
    data = (b"ID Komunitas;Tanggal;Durasi (menit);Topik;Link Dokumentasi\n"
            b"KOM-005;31/08/2022;45;Refleksi akhir bulan;https://drive.google.com/x\n"
            b"KOM-005;01/09/2022;;Awal bulan tanpa durasi; \n"
            b"KOM-005;02/09/2022;30;Awal bulan tanpa tautan;\n")
    load_files(empty_store, [Source("kegiatan_pergantian_bulan.csv", data)])
    after = {(m[0], str(m[1])): m for m in check(empty_store)}
    agustus, september = after[("KOM-005", "2022-08-01")], after[("KOM-005", "2022-09-01")]
    lama = before[("KOM-005", "2022-08-01")]
    assert agustus[2:6] == (lama[2] + 1, lama[3] + 45, lama[4] + 1, lama[5])
    lama = before.get(("KOM-005", "2022-09-01"), ("", "", 0, 0, 0, 0))
    assert september[2:6] == (lama[2] + 2, lama[3] + 30, lama[4] + 1, lama[5] + 2)


def test_rebuild_equals_incremental(empty_store):
    load_base(empty_store)
    load_files(empty_store, [src("kegiatan_forms_excel.csv"), src("kegiatan_pmm.tsv")])
    incremental = check(empty_store)
    with write_transaction(empty_store) as con:
        rollup.rebuild(con)
    assert check(empty_store) == incremental
