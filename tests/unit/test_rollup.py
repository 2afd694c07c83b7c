"""kegiatan_mingguan and komunitas_kegiatan (store/rollup.py) must equal kegiatan at all times:
after every load, a reload, a load into an existing week, and the migration of a version-1 store."""
from __future__ import annotations

from pathlib import Path

import duckdb

from data_loaders.load import Source, load_files
from store import meta, schema
from store.database import open_readonly
from tests.unit.test_load import load_base, src

# Written independently of rollup.py: the definition, not the implementation.
EXPECTED_WEEKS = """
    select id_komunitas, date_trunc('week', tanggal)::date, count(*), coalesce(sum(durasi_menit), 0),
           count(durasi_menit), min(tanggal), max(tanggal)
    from kegiatan group by 1, 2 order by 1, 2
"""
EXPECTED_COMMUNITIES = "select id_komunitas, min(tanggal), max(tanggal) from kegiatan group by 1 order by 1"
STORED_WEEKS = """
    select id_komunitas, minggu, jumlah_kegiatan, total_durasi_menit, jumlah_berdurasi, tanggal_pertama,
           tanggal_terakhir
    from kegiatan_mingguan order by 1, 2
"""
STORED_COMMUNITIES = "select id_komunitas, tanggal_pertama, tanggal_terakhir from komunitas_kegiatan order by 1"


def assert_rollups_exact(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    weeks = con.execute(STORED_WEEKS).fetchall()
    assert weeks == con.execute(EXPECTED_WEEKS).fetchall()
    assert con.execute(STORED_COMMUNITIES).fetchall() == con.execute(EXPECTED_COMMUNITIES).fetchall()
    return weeks


def check(db: Path) -> list[tuple]:
    con = open_readonly(db)
    try:
        return assert_rollups_exact(con)
    finally:
        con.close()


def test_rollups_follow_every_load(empty_store):
    load_base(empty_store)
    assert check(empty_store) == []
    for name in ("kegiatan_forms_excel.csv", "kegiatan_pmm.tsv", "kegiatan_cp1252.csv", "kegiatan_forms_excel.csv"):
        load_files(empty_store, [src(name)])
        weeks = check(empty_store)
    assert weeks  # the fixtures do load activities

    # A second meeting in a week already summed (KOM-005 met on Tuesday 2022-08-16 for 60 minutes):
    # the week is recomputed, not duplicated, and a meeting without a duration adds to the count only.
    before = {(w[0], str(w[1])): w for w in weeks}[("KOM-005", "2022-08-15")]
    data = (b"ID Komunitas;Tanggal;Durasi (menit);Topik\n"
            b"KOM-005;19/08/2022;45;Refleksi pekan ini\n"
            b"KOM-005;20/08/2022;;Tanpa durasi\n")
    load_files(empty_store, [Source("kegiatan_tambahan.csv", data)])
    after = {(w[0], str(w[1])): w for w in check(empty_store)}[("KOM-005", "2022-08-15")]
    assert after[2:5] == (before[2] + 2, before[3] + 45, before[4] + 1)
    assert str(after[6]) == "2022-08-20"


def test_dry_run_leaves_rollups(empty_store):
    load_base(empty_store)
    load_files(empty_store, [src("kegiatan_pmm.tsv")])
    weeks = check(empty_store)
    load_files(empty_store, [src("kegiatan_forms_excel.csv")], dry_run=True)
    assert check(empty_store) == weeks


def test_migration_from_version_1_fills_rollups_and_keeps_activities(tmp_path):
    con = duckdb.connect(str(tmp_path / "v1.duckdb"))
    con.execute(schema.MIGRATIONS[0])
    meta.set_meta(con, "schema_version", "1")
    con.execute("""
        insert into kegiatan (id_kegiatan, id_komunitas, tanggal, durasi_menit, sumber_file, sumber_baris, dimuat_pada)
        values ('a', 'KOM-1', '2024-03-04', 30, 'f.csv', 2, now()), ('b', 'KOM-1', '2024-03-08', 45, 'f.csv', 3, now()),
               ('c', 'KOM-1', '2024-03-13', null, 'f.csv', 4, now()),
               ('d', 'KOM-2', '2024-03-10', 60, 'f.csv', 5, now())
    """)
    schema.ensure_schema(con)
    assert meta.schema_version(con) == schema.SCHEMA_VERSION
    assert con.execute("select id_kegiatan from kegiatan order by 1").fetchall() == [("a",), ("b",), ("c",), ("d",)]
    weeks = assert_rollups_exact(con)
    assert [(w[0], str(w[1]), w[2], w[3], w[4]) for w in weeks] == [
        ("KOM-1", "2024-03-04", 2, 75, 2), ("KOM-1", "2024-03-11", 1, 0, 0), ("KOM-2", "2024-03-04", 1, 60, 1)]
    con.close()
