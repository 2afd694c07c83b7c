"""Versions and undo (issue 14 item 4): every write keeps the store it replaces, a wrong load is undone from the
CLI with every table back exactly as before, a damaged store is refused before it is copied forward, the lock
holds when its file is deleted, and store files and versions are owner-only."""
from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from data_loaders.load import Source, load_files
from store import app_state, cow, database, versions
from store.meta import set_meta
from store.schema import SCHEMA_VERSION, row_key
from tests.reliability._support import ROOT, run_loader, temp_copies, write_kegiatan, write_komunitas
from tests.support import copy_store, store_contents

FIXTURES = ROOT / "tests" / "unit" / "fixtures"


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "data_loaders", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


@pytest.fixture
def loaded(store_template: Path, tmp_path: Path) -> Path:
    """A store with communities and activities loaded (through the real loader), versions from those loads."""
    write_komunitas(tmp_path / "komunitas.csv", 300, seed=1)
    write_kegiatan(tmp_path / "kegiatan.csv", 3000, 300, seed=2)
    db = copy_store(store_template, tmp_path)
    load_files(db, [Source.from_path(tmp_path / "komunitas.csv"), Source.from_path(tmp_path / "kegiatan.csv")])
    return db


def test_a_wrong_load_is_undone_from_the_cli(loaded: Path, tmp_path: Path) -> None:
    before = store_contents(loaded)
    app_before = app_state.app_path(loaded).read_bytes()
    write_komunitas(tmp_path / "salah.csv", 200, seed=9, start=300)  # the wrong UPT's file
    write_kegiatan(tmp_path / "salah_kegiatan.csv", 2000, 500, seed=8)
    out = run_loader(loaded, tmp_path / "salah.csv", tmp_path / "salah_kegiatan.csv")
    assert out.returncode == 0, out.stderr
    wrong = store_contents(loaded)
    assert wrong != before

    listed = cli("--db", str(loaded), "--riwayat")
    assert listed.returncode == 0, listed.stderr
    newest = versions.list_versions(loaded)[0]
    assert newest.tindakan == "pemuatan berkas" and newest.oleh.startswith("cli (")
    assert [f["nama"] for f in newest.berkas] == ["salah.csv", "salah_kegiatan.csv"]
    assert newest.baris_ditambah == sum(f["ditambah"] for f in newest.berkas) > 0
    for shown in (newest.id, "salah.csv", "salah_kegiatan.csv", newest.berkas[0]["sha256"][:12], "pemuatan berkas",
                  versions.ukuran(newest.size)):
        assert shown in listed.stdout, (shown, listed.stdout)

    undone = cli("--db", str(loaded), "--pulihkan", newest.id)
    assert undone.returncode == 0, undone.stderr
    assert store_contents(loaded) == before  # every row of every table, the load time of that state included
    assert app_state.app_path(loaded).read_bytes() == app_before  # the app's state is never touched

    # The restore is a step of its own: undoing it brings the wrong load back, exactly.
    restore_step = versions.list_versions(loaded)[0]
    assert restore_step.record["tindakan"] == "pulihkan" and restore_step.record["dipulihkan_dari"] == newest.id
    again = cli("--db", str(loaded), "--pulihkan", str(restore_step.nomor))
    assert again.returncode == 0, again.stderr
    assert store_contents(loaded) == wrong


def test_an_unknown_version_is_a_command_error(loaded: Path) -> None:
    before = loaded.read_bytes()
    out = cli("--db", str(loaded), "--pulihkan", "20990101-000000-9999")
    assert out.returncode == 2 and "tidak ada" in out.stderr and "Traceback" not in out.stderr
    assert loaded.read_bytes() == before


def _garble_block_of(db: Path, table: str) -> int:
    """Overwrite 64 bytes inside one data block of `table` (distinct bytes: DuckDB's XOR checksum would miss
    pairs of equal words) and return the block number."""
    with duckdb.connect(str(db), read_only=True) as con:
        block = con.execute(f"select max(block_id) from pragma_storage_info('{table}') where block_id >= 0"
                            ).fetchone()[0]
        size = con.execute("select block_size from pragma_database_size()").fetchone()[0]
    with open(db, "r+b") as fh:
        fh.seek(3 * 4096 + block * size + 2000)
        fh.write(bytes(range(101, 165)))
    return block


def test_a_damaged_store_is_refused_before_it_is_copied_forward(loaded: Path, tmp_path: Path) -> None:
    block = _garble_block_of(loaded, "kegiatan")
    with duckdb.connect(str(loaded), read_only=True) as con:  # what a load reads does not meet the damage
        assert con.execute("select count(*) from kegiatan").fetchone()[0] == 3000
    damaged = loaded.read_bytes()
    kept = [v.id for v in versions.list_versions(loaded)]

    write_komunitas(tmp_path / "baru.csv", 20, seed=5, start=900)
    out = run_loader(loaded, tmp_path / "baru.csv")
    assert out.returncode == 4, out.stderr
    assert f"Berkas penyimpanan {loaded} rusak" in out.stderr and f"blok {block}" in out.stderr
    assert "--riwayat" in out.stderr and "--pulihkan" in out.stderr  # the way back
    assert "Traceback" not in out.stderr
    assert loaded.read_bytes() == damaged
    assert [v.id for v in versions.list_versions(loaded)] == kept  # the damaged file became no version
    assert temp_copies(loaded) == []

    # The suggested fix works: the version before the last load is undamaged.
    fixed = cli("--db", str(loaded), "--pulihkan", kept[0])
    assert fixed.returncode == 0, fixed.stderr
    cow.verify(loaded, lambda detail: AssertionError(detail))
    assert run_loader(loaded, tmp_path / "baru.csv").returncode == 0


def test_a_damaged_version_is_not_restored(loaded: Path) -> None:
    version = versions.list_versions(loaded)[0]
    _garble_block_of(version.path, "wilayah")
    before = loaded.read_bytes()
    out = cli("--db", str(loaded), "--pulihkan", version.id)
    assert out.returncode == 4 and "rusak" in out.stderr and version.id in out.stderr, out.stderr
    assert loaded.read_bytes() == before


_HOLDER = """
import sys, time
from pathlib import Path
from store import database
from store.meta import set_meta
db, ready, go = map(Path, sys.argv[1:4])
with database.write_transaction(db) as con:
    set_meta(con, "penanda", "pemegang kunci")
    ready.write_text("siap")
    while not go.exists():
        time.sleep(0.05)
"""

_SHORT_WAIT = ("import sys; import store.database as s; from data_loaders.__main__ import main;"
               "orig = s.write_transaction;"
               "s.write_transaction = lambda p, lock_timeout=120.0: orig(p, lock_timeout=1.0);"
               "sys.exit(main(sys.argv[1:]))")


def test_deleting_the_lock_file_lets_no_second_load_in(loaded: Path, tmp_path: Path) -> None:
    """A load holds the lock (its private copy written, not yet swapped); every `.lock` file in the folder is
    deleted; a second load must still find the store busy and leave the first load's copy alone."""
    ready, go = tmp_path / "siap", tmp_path / "lanjut"
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(loaded), str(ready), str(go)], cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE, text=True)
    try:
        while not ready.exists():
            assert holder.poll() is None, holder.stderr.read()
            time.sleep(0.05)
        live = [p for p in temp_copies(loaded) if f".{holder.pid}." in p.name]
        assert live, "the holder's private copy"
        for lock in tmp_path.glob("*.lock"):
            lock.unlink()
        before = loaded.read_bytes()

        write_komunitas(tmp_path / "kedua.csv", 20, seed=7, start=700)
        second = subprocess.run([sys.executable, "-c", _SHORT_WAIT, "--db", str(loaded), str(tmp_path / "kedua.csv")],
                                cwd=ROOT, capture_output=True, text=True, timeout=120,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert second.returncode == 3, second.stderr
        assert "sedang dipakai" in second.stderr
        assert loaded.read_bytes() == before
        assert all(p.exists() for p in live), "the second load removed a live load's copy"
    finally:
        go.write_text("lanjut")
        holder.wait(timeout=120)
    assert holder.returncode == 0, holder.stderr.read()
    # Both writes are in: the second, run again, waited for nothing and lost nothing.
    assert run_loader(loaded, tmp_path / "kedua.csv").returncode == 0
    with duckdb.connect(str(loaded), read_only=True) as con:
        assert con.execute("select nilai from meta where kunci = 'penanda'").fetchone() == ("pemegang kunci",)
        assert con.execute("select count(*) from komunitas where id_komunitas >= 'KOM-000700'").fetchone()[0] == 20
    assert temp_copies(loaded) == []


def test_cleanup_spares_a_live_process_copy_and_removes_a_dead_one(loaded: Path) -> None:
    live_proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    dead_proc = subprocess.Popen([sys.executable, "-c", "pass"])
    dead_proc.wait()
    try:
        live = loaded.with_name(f".{loaded.name}.{live_proc.pid}.0badc0de.tmp")
        dead = loaded.with_name(f".{loaded.name}.{dead_proc.pid}.0badc0de.tmp")
        for p in (live, dead):
            p.write_bytes(b"salinan")
        with database.write_transaction(loaded):
            pass
        assert live.exists() and not dead.exists()
    finally:
        live_proc.send_signal(signal.SIGKILL)
        live_proc.wait()


def test_store_files_and_versions_are_owner_only(loaded: Path, tmp_path: Path) -> None:
    write_komunitas(tmp_path / "lagi.csv", 10, seed=3, start=800)
    out = subprocess.run([sys.executable, "-m", "data_loaders", "--db", str(loaded), str(tmp_path / "lagi.csv")],
                         cwd=ROOT, capture_output=True, text=True, timeout=300, preexec_fn=lambda: os.umask(0o022),
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    kept = versions.list_versions(loaded)
    assert kept
    files = [loaded, app_state.app_path(loaded), *(v.path for v in kept), *(v.path.with_suffix(".json") for v in kept)]
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, (f, oct(f.stat().st_mode))
    assert stat.S_IMODE(versions.folder(loaded).stat().st_mode) == 0o700


def test_a_new_store_is_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        db = tmp_path / "baru.duckdb"
        database.ensure_store(db)
    finally:
        os.umask(old)
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(app_state.app_path(db).stat().st_mode) == 0o600


def test_pruning_keeps_the_newest_n(loaded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(versions.ENV, "2")
    for i in range(4):
        with database.write_transaction(loaded) as con:
            set_meta(con, "putaran", str(i))
    kept = versions.list_versions(loaded)
    assert len(kept) == 2
    assert kept[0].nomor == kept[1].nomor + 1
    numbers = [v.nomor for v in kept]
    assert numbers == sorted(numbers, reverse=True) and numbers[0] >= 5  # 2 loads + 4 writes, the newest two
    on_disk = sorted(p.name for p in versions.folder(loaded).iterdir())
    assert on_disk == sorted([f"{v.id}.duckdb" for v in kept] + [f"{v.id}.json" for v in kept])
    assert versions.disk_usage(loaded) >= sum(v.size for v in kept) > 0
    # The newest kept version is the store as it was before the last write.
    with duckdb.connect(str(kept[0].path), read_only=True) as con:
        assert con.execute("select nilai from meta where kunci = 'putaran'").fetchone() == ("2",)

    one = cli("--db", str(loaded), "--simpan-versi", "1", "--riwayat")
    assert one.returncode == 0 and "paling banyak 1" in one.stdout
    monkeypatch.setenv(versions.ENV, "0")
    with database.write_transaction(loaded):
        pass
    assert versions.list_versions(loaded) == []  # 0 keeps none

    bad = cli("--db", str(loaded), str(FIXTURES / "komunitas_pmm.csv"), env={versions.ENV: "lima"})
    assert bad.returncode == 4 and versions.ENV in bad.stderr and "Traceback" not in bad.stderr


def _as_schema_3(db: Path) -> None:
    """Make a current store look as schema version 3 wrote it: no content keys on quarantined rows."""
    with duckdb.connect(str(db)) as con:
        con.execute("update karantina set kunci_baris = null, sumber_sha256 = null")
        set_meta(con, "schema_version", "3")


def test_an_older_schema_version_is_migrated_on_restore(store_template: Path, tmp_path: Path) -> None:
    db = copy_store(store_template, tmp_path)
    load_files(db, [Source.from_path(FIXTURES / "komunitas_pmm.csv")])  # 2 rows go to karantina
    _as_schema_3(db)
    old_bytes = db.read_bytes()
    write_kegiatan(tmp_path / "kegiatan.csv", 50, 10, seed=4)
    load_files(db, [Source.from_path(tmp_path / "kegiatan.csv")])  # migrates the store, keeps the v3 file
    version = versions.list_versions(db)[0]
    assert version.versi_skema == 3 and version.path.read_bytes() == old_bytes
    app_before = app_state.app_path(db).read_bytes()

    database.restore(db, version.id)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select nilai from meta where kunci = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
        rows = con.execute("select baris_json, kunci_baris from karantina").fetchall()
        assert con.execute("select count(*) from kegiatan").fetchone()[0] == 0
    import json
    assert len(rows) == 2 and all(k == row_key(json.loads(b)) for b, k in rows)
    assert app_state.app_path(db).read_bytes() == app_before
