"""A load killed (SIGKILL) at any moment leaves the store exactly as before or after it, never between.

The loader runs as the real CLI subprocess on a load big enough to take seconds; it is killed after a
random (seeded) delay that covers reading, applying, checkpointing and swapping, while a reader thread
keeps querying the store the way the app does. The narrow checkpoint/fsync/swap windows, which a
random delay rarely hits, are then hit on purpose by killing the process from inside those steps.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from random import Random

import pytest

from data_loaders.load import Source, load_files
from queries.runner import Filters, run_query
from queries.scope import ADMIN
from store import database as store
from tests.reliability._support import (
    ROOT,
    fingerprint,
    loader_cmd,
    run_loader,
    temp_copies,
    write_kegiatan,
    write_komunitas,
)
from tests.support import copy_store

KILLS = 20
PERIOD = Filters(date(2022, 8, 1), date(2022, 12, 31))


class Reader(threading.Thread):
    """Queries the store in a loop: one read-only connection per data_version, a cursor per query."""

    def __init__(self, path: Path):
        super().__init__(daemon=True)
        self.path, self.stop, self.errors, self.queries, self.versions = path, threading.Event(), [], 0, set()

    def run(self) -> None:
        con, version = None, None
        while not self.stop.is_set():
            try:
                now = store.data_version(self.path)
                if now != version:
                    if con is not None:
                        con.close()
                    con, version = store.open_readonly(self.path), now
                    self.versions.add(now)
                head = run_query(store.cursor(con), "headline", PERIOD, ADMIN)
                assert len(head) == 1
                self.queries += 1
            except Exception as exc:  # every failure is collected and asserted on in the test
                self.errors.append(repr(exc))
            time.sleep(0.5)
        if con is not None:
            con.close()


@pytest.fixture(scope="module")
def loads(store_template, tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("kill")
    files = {"kom_lama": d / "komunitas_pmm_juli.csv", "keg_lama": d / "aktivitas_pmm_juli.csv",
             "kom_baru": d / "komunitas_pmm_desember.csv", "keg_baru": d / "aktivitas_pmm_agu-des.csv"}
    write_komunitas(files["kom_lama"], 4000, seed=1)
    write_kegiatan(files["keg_lama"], 20_000, 4000, seed=2)
    write_komunitas(files["kom_baru"], 5000, seed=3)  # changes the 4000 known communities, adds 1000
    write_kegiatan(files["keg_baru"], 100_000, 5000, seed=4)
    base = copy_store(store_template, d, "dasar.duckdb")
    load_files(base, [Source.from_path(files["kom_lama"]), Source.from_path(files["keg_lama"])])
    files["base"] = base
    return files


@pytest.fixture(scope="module")
def small_base(store_template, tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("kecil")
    write_komunitas(d / "komunitas_pmm.csv", 400, seed=6)
    base = copy_store(store_template, d, "dasar.duckdb")
    load_files(base, [Source.from_path(d / "komunitas_pmm.csv")])
    return base


def _restore(base: Path, db: Path) -> None:
    """Put the 'before' store back the way a load would: a private copy renamed over the store."""
    tmp = db.with_name("restore.tmp")
    shutil.copyfile(base, tmp)
    os.replace(tmp, db)


def test_random_sigkill_leaves_before_or_after(loads, tmp_path):
    new_files = (loads["kom_baru"], loads["keg_baru"])
    before = fingerprint(loads["base"])

    db = copy_store(loads["base"], tmp_path)
    reader = Reader(db)
    reader.start()  # already running while the reference load is timed: the kills below share the CPU with it

    (tmp_path / "acuan").mkdir()
    reference = copy_store(loads["base"], tmp_path / "acuan")
    t0 = time.monotonic()
    done = run_loader(reference, *new_files)
    full = time.monotonic() - t0
    assert done.returncode == 0, done.stderr
    after = fingerprint(reference)
    assert after != before and after["kegiatan"][0] > before["kegiatan"][0]
    rng = Random(20221129)
    outcomes = {"sebelum": 0, "sesudah": 0, "selesai": 0}
    phases = {"membaca": 0, "menulis salinan": 0, "setelah tukar": 0}
    try:
        for _ in range(KILLS):
            proc = subprocess.Popen(loader_cmd(db, *new_files), cwd=ROOT, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
            time.sleep(rng.uniform(0.2, full * 1.25))  # some loads finish: both outcomes are seen
            proc.send_signal(signal.SIGKILL)
            _, err = proc.communicate(timeout=60)
            if proc.returncode == 0:
                outcomes["selesai"] += 1
            else:
                assert proc.returncode == -signal.SIGKILL, err
            state = fingerprint(db)
            assert state in (before, after), "store between 'before' and 'after' a load"
            if state == after:
                outcomes["sesudah"] += proc.returncode != 0
                phases["setelah tukar"] += 1
                _restore(loads["base"], db)
            else:
                assert proc.returncode != 0, "a load that exited cleanly must have committed"
                outcomes["sebelum"] += 1
                # The private copy is named after the pid: none means it died while reading the files.
                copied = any(f".{proc.pid}." in p.name for p in temp_copies(db))
                phases["menulis salinan" if copied else "membaca"] += 1
        final = run_loader(db, *new_files)
        assert final.returncode == 0, final.stderr
    finally:
        reader.stop.set()
        reader.join(timeout=30)
    assert fingerprint(db) == after
    assert temp_copies(db) == [], "stale private copies must be removed by the next load"
    assert reader.errors == []
    assert reader.queries > 0 and len(reader.versions) > 1
    print(f"\nmuat penuh {full:.1f} dtk; {KILLS} kali dibunuh: {outcomes}; fase {phases}; "
          f"pembaca {reader.queries} kueri pada {len(reader.versions)} versi")


# Killing from inside the commit: after the checkpoint (first fsync), while copying the store, just before
# and just after the rename. `kill` is the process killing itself, exactly like an outside SIGKILL.
_HOOKS = {
    "copy": ("import shutil; real = shutil.copyfile\n"
             "def hook(src, dst, **kw):\n"
             "    real(src, dst); open(dst, 'r+b').truncate(4096); kill()\n"
             "shutil.copyfile = hook", "before"),
    "fsync": ("import store.cow as s\n"
              "def hook(path): kill()\n"
              "s.fsync = hook", "before"),
    "before_rename": ("import os; real = os.replace\n"
                      "def hook(a, b): kill()\n"
                      "os.replace = hook", "before"),
    "after_rename": ("import os; real = os.replace\n"
                     "def hook(a, b): real(a, b); kill()\n"
                     "os.replace = hook", "after"),
}


@pytest.mark.parametrize("point", sorted(_HOOKS))
def test_kill_inside_commit(point, small_base, tmp_path):
    db = copy_store(small_base, tmp_path)  # with its app state: the hooks below must meet the load's own commit
    before = fingerprint(db)
    small = tmp_path / "aktivitas_pmm_agustus.csv"
    write_kegiatan(small, 2000, 400, seed=5)
    hook, expected = _HOOKS[point]
    script = ("import os, signal, sys\n"
              "def kill(): os.kill(os.getpid(), signal.SIGKILL)\n"
              f"{hook}\n"
              "from data_loaders.__main__ import main\n"
              f"sys.exit(main(['--db', {str(db)!r}, {str(small)!r}]))\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    state = fingerprint(db)
    if expected == "before":
        assert state == before
    else:
        assert state != before and state["kegiatan"][0] > before["kegiatan"][0]
    assert (temp_copies(db) != []) == (expected == "before")  # a dead process leaves its copy behind
    with store.write_transaction(db):  # the next load removes what the dead one left
        pass
    assert temp_copies(db) == []


def test_next_load_removes_leftovers_of_a_killed_spilling_load(small_base, tmp_path):
    """A load killed while DuckDB spilled to disk leaves its copy, WAL and spill directory behind."""
    db = copy_store(small_base, tmp_path)
    dead = tmp_path / f".{db.name}.4242.deadbeef.tmp"
    shutil.copyfile(small_base, dead)
    Path(f"{dead}.wal").write_bytes(b"\0" * 100)
    spill = Path(f"{dead}.tmp")
    spill.mkdir()
    (spill / "duckdb_temp_storage_DEFAULT-0.tmp").write_bytes(b"\0" * 4096)
    small = tmp_path / "aktivitas_pmm_agustus.csv"
    write_kegiatan(small, 300, 400, seed=7)
    out = run_loader(db, small)
    assert out.returncode == 0, out.stderr
    assert temp_copies(db) == []
