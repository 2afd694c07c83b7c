"""The loader's summaries after a kegiatan load are merged from the inserted rows' own aggregates
(store/rollup.py add_inserted) instead of recomputed from kegiatan: they must still equal a from-scratch
aggregation, column for column, when a file mixes rows already stored, repeats within the file, new rows in
weeks and months already summed (earlier and later than what is there) and rows in new periods."""
from __future__ import annotations

from pathlib import Path

import duckdb

from data_loaders.load import Source, load_files
from store import rollup
from tests.unit.test_load import load_base, src
from tests.unit.test_rollup import assert_rollups_exact

TABLES = ("kegiatan_mingguan", "kegiatan_bulanan", "komunitas_kegiatan")

HEADER = b"ID Komunitas\tTanggal\tDurasi (menit)\tTopik\tJenis Kegiatan\tModa\tTautan Dokumentasi\n"
ROWS = [
    b"KOM-005\t2022-08-16\t60\tAsesmen Diagnostik\tBelajar Bersama\tLuring\t",   # stored already (kegiatan_pmm)
    b"KOM-005\t2022-08-17\t30\tRapat kecil\tWebinar\tDaring\thttps://x.id/1",   # week and month already summed
    b"KOM-005\t2022-08-17\t30\tRapat kecil\tWebinar\tDaring\thttps://x.id/1",   # the same meeting again
    b"KOM-005\t2022-08-01\t\tAwal bulan\tRefleksi\t\t ",                        # before the community's first
    b"KOM-005\t2022-09-05\t45\tBulan baru\tBerbagi Praktik Baik\tLuring\t",      # a new month
    b"KOM-001\t2022-08-15\t15\tTopik lain\t\tDaring\t",                         # a second meeting that day
    b"KOM-001\t2021-12-31\t120\tAkhir tahun\tLainnya\tLuring\thttps://x.id/2",   # a week across two years
]


def from_scratch(db: Path) -> dict[str, list[tuple]]:
    """Each summary as stored, and as rollup.rebuild computes it from kegiatan (in a transaction rolled back)."""
    con = duckdb.connect(str(db))
    try:
        stored = {t: con.execute(f"select * from {t} order by all").fetchall() for t in TABLES}
        con.execute("begin")
        rollup.rebuild(con)
        rebuilt = {t: con.execute(f"select * from {t} order by all").fetchall() for t in TABLES}
        con.execute("rollback")
        assert_rollups_exact(con)  # the independent definition of the weeks and first/last dates
    finally:
        con.close()
    assert stored == rebuilt
    return stored


def test_merged_summaries_equal_from_scratch_aggregation(empty_store):
    load_base(empty_store)
    load_files(empty_store, [src("kegiatan_pmm.tsv")])
    before = from_scratch(empty_store)

    report = load_files(empty_store, [Source("kegiatan_campuran.tsv", HEADER + b"\n".join(ROWS) + b"\n")])
    f = report.files[0]
    assert (f.ditambah, f.sudah_ada, f.dikarantina) == (5, 2, 0)
    after = from_scratch(empty_store)
    assert after != before
    # The month already summed grew by the rows inserted into it, not by the row stored already nor the repeat.
    month = {(r[0], str(r[1])): r for r in after["kegiatan_bulanan"]}
    old = {(r[0], str(r[1])): r for r in before["kegiatan_bulanan"]}
    assert month[("KOM-005", "2022-08-01")][2] == old[("KOM-005", "2022-08-01")][2] + 2
    first = {r[0]: str(r[1]) for r in after["komunitas_kegiatan"]}
    assert (first["KOM-005"], first["KOM-001"]) == ("2022-08-01", "2021-12-31")

    # The same file again inserts nothing and changes no summary.
    again = load_files(empty_store, [Source("kegiatan_campuran.tsv", HEADER + b"\n".join(ROWS) + b"\n")])
    assert again.files[0].ditambah == 0
    assert from_scratch(empty_store) == after
