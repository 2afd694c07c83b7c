"""Twenty dashboard sessions keep browsing while a loader process commits a new load.

Every session uses the app's own read path (`ui.data`: one read-only connection per data_version,
a cursor per query; half of them through the cached query layer, half straight on the connection).
Within one page run all figures must come from the same store version: the old data or the new.
"""
from __future__ import annotations

import subprocess
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from data_loaders.load import Source, load_files
from queries.runner import Filters, run_query
from queries.scope import ADMIN
from store import database as store
from tests.reliability._support import ROOT, loader_cmd, write_kegiatan, write_komunitas
from tests.support import copy_store

ui_data = pytest.importorskip("ui.data")

SESSIONS = 20
PERIOD = Filters(date(2022, 8, 1), date(2022, 12, 31))


def _figures(run) -> tuple[int, int, int, int]:
    """The numbers one page run shows, from three queries."""
    info = run("data_info")
    head = run("headline")
    grid = run("weekly_trend")
    return (int(info.iloc[0]["jumlah_berkas"]), int(head.iloc[0]["jumlah_komunitas"]),
            int(head.iloc[0]["komunitas_aktif_4_minggu"]), len(grid))


def _direct(path: Path):
    con = store.open_readonly(path)
    try:
        return _figures(lambda name: run_query(store.cursor(con), name, PERIOD, ADMIN))
    finally:
        con.close()


def test_sessions_see_old_or_new_never_a_mix(empty_store, tmp_path, monkeypatch):
    files = [tmp_path / "komunitas_pmm.csv", tmp_path / "aktivitas_pmm.csv",
             tmp_path / "komunitas_pmm_baru.csv", tmp_path / "aktivitas_pmm_baru.csv"]
    write_komunitas(files[0], 400, seed=11)
    write_kegiatan(files[1], 5000, 400, seed=12)
    write_komunitas(files[2], 300, seed=13, start=400)
    write_kegiatan(files[3], 15_000, 700, seed=14)
    db = empty_store
    load_files(db, [Source.from_path(files[0]), Source.from_path(files[1])])
    reference = copy_store(db, tmp_path, "acuan.duckdb")
    load_files(reference, [Source.from_path(files[2]), Source.from_path(files[3])])
    old, new = _direct(db), _direct(reference)
    assert old != new

    monkeypatch.setenv(store.DB_ENV, str(db))
    path = str(db)
    stop = threading.Event()
    commit_time: list[float] = []
    errors: list[str] = []
    runs: list[list[tuple[float, tuple]]] = [[] for _ in range(SESSIONS)]

    def session(i: int) -> None:
        while not stop.is_set():
            started = time.monotonic()
            try:
                version = store.data_version(Path(path))
                # (the lambdas bind this run's version and connection: each is called before the next run)
                if i % 2:  # cached layer, as most page runs hit it
                    figures = _figures(lambda name, v=version: ui_data.cached_query(path, v, name, PERIOD, ADMIN, ()))
                else:  # a fresh cursor per query on the shared per-version connection
                    con = ui_data.connection(path, version)
                    figures = _figures(lambda name, c=con: run_query(store.cursor(c), name, PERIOD, ADMIN))
                runs[i].append((started, figures))
            except Exception as exc:  # collected and asserted on below
                errors.append(f"sesi {i}: {exc!r}")
            time.sleep(0.1)  # a person clicks, not a tight loop

    threads = [threading.Thread(target=session, args=(i,), daemon=True) for i in range(SESSIONS)]
    for t in threads:
        t.start()
    time.sleep(1.0)
    proc = subprocess.run(loader_cmd(db, files[2], files[3]), cwd=ROOT, capture_output=True, text=True, timeout=300)
    commit_time.append(time.monotonic())
    assert proc.returncode == 0, proc.stderr
    time.sleep(2.0)
    stop.set()
    for t in threads:
        t.join(timeout=60)

    assert errors == []
    assert all(r for r in runs), "every session ran pages"
    seen = {fig for session_runs in runs for _, fig in session_runs}
    assert seen <= {old, new}, f"a page mixed old and new data: {seen - {old, new}}"
    assert any(fig == old for r in runs for _, fig in r) and any(fig == new for r in runs for _, fig in r)
    late = [fig for r in runs for started, fig in r if started > commit_time[0]]
    assert late and all(fig == new for fig in late), "runs after the commit see the new data"
    print(f"\n{SESSIONS} sesi, {sum(map(len, runs))} putaran halaman ({len(late)} setelah muat)")


def test_session_keeps_its_connection_when_two_loads_commit_during_its_run(empty_store, tmp_path):
    """The app caches two connections (versions); a third evicts the oldest while a session may still
    be mid-run on it. That session's next query must work (it failed with 'Connection already closed')."""
    db = empty_store
    write_komunitas(tmp_path / "komunitas_pmm.csv", 50, seed=21)
    load_files(db, [Source.from_path(tmp_path / "komunitas_pmm.csv")])
    path = str(db)
    slow_session = store.cursor(ui_data.connection(path, store.data_version(db)))
    for i in range(2):  # two loads, each first seen by some other session
        write_komunitas(tmp_path / f"komunitas_{i}.csv", 10, seed=22 + i, start=100 + 10 * i)
        load_files(db, [Source.from_path(tmp_path / f"komunitas_{i}.csv")])
        run_query(store.cursor(ui_data.connection(path, store.data_version(db))), "headline", PERIOD, ADMIN)
    head = run_query(slow_session, "headline", PERIOD, ADMIN)
    assert int(head.iloc[0]["jumlah_komunitas"]) == 50  # still its own (old) version, consistently
