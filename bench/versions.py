"""What versions and verification cost per write, at national scale (issue 14 item 4).

    python bench/versions.py                       # the national store bench/run.py generated
    python bench/versions.py --db PATH --runs 5

Works on a copy in a temporary folder (never writes the store it is given) and prints one table, all measured
in the same run, each row as seconds (median of --runs) and as a ratio to the plain copy of the store that
every write makes anyway (`salinan`):
  salinan            shutil.copyfile of the store (what store.cow.write_copy did before versions)
  checksum blok      store.cow.damaged_blocks: every block's checksum, numpy over the file
  tabel terbaca      attach + count(*) of every table (the SQL half of store.cow.verify)
  verifikasi         store.cow.verify = both (run twice per write: the current store and the new one)
  baca semua kolom   the alternative not taken: read every column of every table in SQL (covers no index)
  simpan versi       store.versions.Keeper.stage + commit: hard link + record + rename + prune
  tulis kosong       database.write_transaction with no change, end to end (copy, 2 verifications,
                     checkpoint, fsync, keep a version, swap); `tanpa versi` = the same with 0 versions kept;
                     `seperti dulu` = neither verification nor versions (the write path before issue 14)
  pulihkan           database.restore of the newest version (copy, verify, migrate check, keep, swap)
The page cache is warm for every row (the file was just copied): these are CPU and memory-bandwidth costs; a
cold read of the store costs what the disk gives for every row alike.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from store import app_state, cow, database, versions  # noqa: E402

DEFAULT = ROOT / "bench" / "data" / "national_g6_duckdb2.0.0.duckdb"


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _tables(path: Path) -> None:
    con = duckdb.connect(":memory:")
    con.execute("attach ? as b (read_only)", [str(path)])
    for s, t in con.execute("select schema_name, table_name from duckdb_tables() where database_name = 'b'"
                            ).fetchall():
        con.execute(f'select count(*) from b."{s}"."{t}"').fetchall()
    con.close()


def _all_columns(path: Path) -> None:
    con = duckdb.connect(":memory:")
    con.execute("attach ? as b (read_only)", [str(path)])
    for (t,) in con.execute("select table_name from duckdb_tables() where database_name = 'b'").fetchall():
        cols = con.execute("select column_name, data_type from duckdb_columns() where database_name = 'b' "
                           "and table_name = ?", [t]).fetchall()
        exprs = ", ".join(f'max(length("{c}"::varchar))' if "VARCHAR" in d else f'max("{c}")' for c, d in cols)
        con.execute(f'select {exprs} from b."{t}"').fetchall()
    con.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=DEFAULT)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if not args.db.exists():
        sys.exit(f"{args.db} tidak ada: jalankan dulu python bench/run.py (membuat penyimpanan nasional).")
    work = Path(tempfile.mkdtemp(prefix="kombel-bench-versi-"))
    try:
        db = work / "kombel.duckdb"
        shutil.copyfile(args.db, db)
        if app_state.app_path(args.db).exists():
            shutil.copyfile(app_state.app_path(args.db), app_state.app_path(db))
        database.ensure_store(db)  # an older bench store is migrated here, not inside a timed row
        size = db.stat().st_size
        con = duckdb.connect(str(db), read_only=True)
        bs, total, free = con.execute("select block_size, total_blocks, free_blocks from pragma_database_size()"
                                      ).fetchone()
        con.close()
        scratch = work / "salinan.duckdb"
        rows: list[tuple[str, float]] = []
        rows.append(("salinan", _median(lambda: shutil.copyfile(db, scratch), args.runs)))
        rows.append(("checksum blok", _median(lambda: cow.damaged_blocks(db, bs, total, free), args.runs)))
        rows.append(("tabel terbaca", _median(lambda: _tables(db), args.runs)))
        rows.append(("verifikasi", _median(lambda: cow.verify(db, lambda d: AssertionError(d)), args.runs)))
        rows.append(("baca semua kolom", _median(lambda: _all_columns(db), args.runs)))

        def keep() -> None:
            keeper = versions.Keeper(db, count=args.runs + 1)
            keeper.record.update(tindakan="ubah", oleh="bench")
            keeper.commit(keeper.stage(db))
        rows.append(("simpan versi", _median(keep, args.runs)))
        shutil.rmtree(versions.folder(db))

        def empty_write() -> None:
            with database.write_transaction(db):
                pass
        real_verify = cow.verify
        cow.verify = lambda *a, **k: None
        try:
            with versions.keeping(0):
                rows.append(("tulis kosong seperti dulu", _median(empty_write, args.runs)))
        finally:
            cow.verify = real_verify
        with versions.keeping(0):
            rows.append(("tulis kosong tanpa versi", _median(empty_write, args.runs)))
        rows.append(("tulis kosong", _median(empty_write, args.runs)))
        rows.append(("pulihkan", _median(lambda: database.restore(db, str(versions.list_versions(db)[-1].nomor)),
                                         args.runs)))
        kept = versions.list_versions(db)
        used = versions.disk_usage(db)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    copy_s = rows[0][1]
    print(f"Versi dan verifikasi: {args.db.name}, {size / 1e9:.2f} GB, {total:,} blok x {bs // 1024} KiB, "
          f"{os.cpu_count()} CPU, duckdb {duckdb.__version__}, median dari {args.runs}")
    print(f"{'butir':<28}{'detik':>9}{'x salinan':>11}")
    print("-" * 48)
    for name, s in rows:
        print(f"{name:<28}{s:>9.3f}{s / copy_s:>11.2f}")
    print(f"versi tersimpan: {len(kept)}, {used / 1e9:.2f} GB di disk ({used / size:.1f}x penyimpanan)")


if __name__ == "__main__":
    main()
