"""Server-side time of every page (AppTest) and the process's peak memory (VmHWM), run by bench/run.py in a
subprocess, so the peak is the app's own:

    KOMBEL_DB=/path/store.duckdb KOMBEL_SAMPLE=0 python bench/pages.py [--runs N] [--seed S] [--profile] [page ...]

Per page, each a median of --runs:
  cold      the default view as the first visitor after a load sees it: Streamlit's caches cleared
            (st.cache_data, st.cache_resource: so also the store check of ui/first_start and the connection),
            every DuckDB connection the previous run opened closed (a new in-memory instance ATTACHes the store:
            catalog read again, empty buffer pool), a fresh AppTest (new session). Not cold: the OS page cache
            (a load has just written the file) and Python's imported modules (a running server has them: one
            untimed run of each page comes first).
  warm      the same session run again (what a rerun or a second visitor with the same filters sees).
  random    three seeded random filter combinations, cold, each set as a shared link would carry it, through
            `at.query_params` (ui/filters.py: `periode` twice, `kabkota` by name, `jenis`, `jenjang`): one or two
            random kab/kota, a random jenis and/or jenjang, a random period of at least 4 weeks inside the data.
Prints one JSON object on its last line:
  {"pages": {name: {"cold", "warm", "random": [s, s, s], "error"}}, "combos": [...], "peak_rss_mb": MB}
With --profile, instead: per page, one cold default run with the time of every query it ran (queries.runner's
run_query and run_page, split into SQL + Arrow fetch and the DataFrame conversion) and cProfile's top entries of
the page's thread, then the same session's warm run's top entries, on stderr.

The helpers `prepared` (a migrated copy of a bench store) and `province_store` (one province of it, exact) are
used by bench/run.py.
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import random
import re
import shutil
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RANDOM_COMBOS = 3
MIN_WEEKS = 4


def page_names() -> list[str]:
    return sorted(p.stem for p in (ROOT / "pages").glob("*.py"))


# -- stores -----------------------------------------------------------------------------------------

def _drop(path: Path) -> None:
    from store import app_state, versions

    for p in (path, Path(str(path) + ".lock"), app_state.app_path(path), Path(str(app_state.app_path(path)) + ".lock")):
        p.unlink(missing_ok=True)
    shutil.rmtree(versions.folder(path), ignore_errors=True)


def prepared(src: Path, log=print) -> Path:
    """A copy of the bench store `src`, migrated to the current schema by the dashboard's own start-up step
    (ui/first_start.create_or_migrate_store: ensure_store and whatever it runs after a migration), beside it as
    `<name>.skema<N>.duckdb`; reused while present. The generated store itself is never written."""
    from store import app_state, versions
    from store.schema import SCHEMA_VERSION

    dest = src.with_name(f"{src.stem}.skema{SCHEMA_VERSION}.duckdb")
    if dest.exists() and dest.stat().st_mtime >= src.stat().st_mtime:
        return dest
    for old in src.parent.glob(f"{src.stem}.skema*.duckdb"):  # an older schema's copy: 1 GB each
        _drop(old)
    t = time.perf_counter()
    tmp = dest.with_name(dest.name + ".building")
    _drop(tmp)
    shutil.copyfile(src, tmp)
    if app_state.app_path(src).exists():
        shutil.copyfile(app_state.app_path(src), app_state.app_path(tmp))
    _app_migrates(tmp)
    shutil.rmtree(versions.folder(tmp), ignore_errors=True)  # the pre-migration version ensure_store kept
    os.replace(tmp, dest)
    os.replace(app_state.app_path(tmp), app_state.app_path(dest))
    Path(str(tmp) + ".lock").unlink(missing_ok=True)
    Path(str(app_state.app_path(tmp)) + ".lock").unlink(missing_ok=True)
    log(f"{dest.name}: salinan termigrasi ke skema {SCHEMA_VERSION} ({time.perf_counter() - t:.0f}s)")
    return dest


def _app_migrates(path: Path) -> None:
    from store import database
    from ui import first_start

    before = os.environ.get(database.DB_ENV)
    os.environ[database.DB_ENV] = str(path)
    try:
        first_start.create_or_migrate_store()
    finally:
        if before is None:
            os.environ.pop(database.DB_ENV)
        else:
            os.environ[database.DB_ENV] = before


# Which rows of a table belong to the kept province, by the first key column the table has. Tables with
# none of them hold nothing of a region (meta, berkas, wilayah: the fixed reference of all 514 kab/kota,
# as every real store has it) and are left as ensure_store made them; derived tables are rebuilt.
_KEYS = (("kode_kabkota", "kode_kabkota in (select kode_kabkota from _kab)"),
         ("id_komunitas", "id_komunitas in (select id_komunitas from komunitas)"),
         ("id_refleksi", "id_refleksi in (select id_refleksi from refleksi)"),
         ("id_kegiatan_upt", "id_kegiatan_upt in (select id_kegiatan_upt from kegiatan_upt)"))
_ORDER = ("wilayah", "sekolah", "komunitas", "penggerak", "kegiatan", "refleksi", "butir_refleksi", "kegiatan_upt",
          "kehadiran_upt")  # parents first: a child's filter reads its parent's kept rows
_DERIVED = ("kegiatan_mingguan", "kegiatan_bulanan", "komunitas_kegiatan", "penggerak_ringkas", "tema_topik")
_META_KEPT = ("versi_leksikon",)


def largest_province(db: Path) -> tuple[str, str]:
    from store import database

    con = database.open_readonly(db)
    try:
        return tuple(con.execute("""
            select w.kode_provinsi, any_value(w.provinsi) from komunitas as k join wilayah as w using (kode_kabkota)
            group by 1 order by count(*) desc, 1 limit 1
        """).fetchall()[0])
    finally:
        con.close()


def province_store(national: Path, log=print) -> tuple[Path, str]:
    """One province of the (migrated) national store at national density — every row of its kab/kota and of
    their communities, nothing else — in a fresh store written the way a load writes (rows in the national
    store's order, so kegiatan stays in date order), with the summaries rebuilt (store.rollup.rebuild,
    data_loaders.topik.perbarui). The province is the one with the most communities. Cached beside `national`.
    Returns (path, "kode provinsi")."""
    from data_loaders import topik
    from store import database, rollup
    from store.meta import set_meta

    kode, nama = largest_province(national)
    dest = national.with_name(f"{national.stem}.provinsi{kode}.duckdb")
    label = f"{nama} ({kode})"
    if dest.exists() and dest.stat().st_mtime >= national.stat().st_mtime:
        return dest, label
    t = time.perf_counter()
    tmp = dest.with_name(dest.name + ".building")
    _drop(tmp)
    database.ensure_store(tmp)  # schema + wilayah + an empty app state
    with database.write_transaction(tmp, tindakan=None) as con:
        con.execute("attach ? as src (read_only)", [str(national)])
        con.execute("create temp table _kab as select kode_kabkota from src.wilayah where kode_provinsi = ?", [kode])
        tables = [r[0] for r in con.execute("""
            select table_name from duckdb_tables() where database_name = 'src' and not temporary""").fetchall()]
        ordered = [t_ for t_ in _ORDER if t_ in tables] + sorted(set(tables) - set(_ORDER))
        for table in ordered:
            if table in _DERIVED or table in ("meta", "wilayah"):
                continue
            cols = [r[0] for r in con.execute("""
                select column_name from duckdb_columns() where database_name = 'src' and table_name = ?
                order by column_index""", [table]).fetchall()]
            where = next((cond for col, cond in _KEYS if col in cols), "true")
            names = ", ".join(f'"{c}"' for c in cols)
            con.execute(f"delete from {table}")
            con.execute(f"insert into {table} ({names}) select {names} from src.{table} where {where}")
        for k in _META_KEPT:
            v = con.execute("select nilai from src.meta where kunci = ?", [k]).fetchall()
            if v:
                set_meta(con, k, v[0][0])
        rollup.rebuild(con)
        topik.perbarui(con)
        con.execute("detach src")
        counts = {tb: con.execute(f"select count(*) from {tb}").fetchall()[0][0]
                  for tb in ("komunitas", "kegiatan", "refleksi", "kegiatan_mingguan")}
    _drop_versions(tmp)
    os.replace(tmp, dest)
    from store import app_state

    os.replace(app_state.app_path(tmp), app_state.app_path(dest))
    for p in (Path(str(tmp) + ".lock"), Path(str(app_state.app_path(tmp)) + ".lock")):
        p.unlink(missing_ok=True)
    log(f"{dest.name}: provinsi {label}, " + ", ".join(f"{k} {v:,}" for k, v in counts.items())
        + f" ({time.perf_counter() - t:.0f}s)")
    return dest, label


def _drop_versions(path: Path) -> None:
    from store import versions

    shutil.rmtree(versions.folder(path), ignore_errors=True)


# -- filters ----------------------------------------------------------------------------------------

def random_combos(db: Path, seed: int, n: int = RANDOM_COMBOS) -> list[dict[str, list[str] | str]]:
    """`n` filter combinations as URL query parameters (ui/filters.py names and labels), drawn with `seed`
    from what the store holds: kab/kota that have communities, the activity date range."""
    from store import database
    from vocab import JENIS_LABEL, JENJANG

    con = database.open_readonly(db)
    try:
        kab = con.execute("""
            select w.kabkota from wilayah as w where w.kode_kabkota in (select kode_kabkota from komunitas)
            order by w.kode_kabkota""").fetchall()
        lo, hi = con.execute("select min(tanggal), max(tanggal) from kegiatan").fetchall()[0]
    finally:
        con.close()
    rng = random.Random(seed)
    combos = []
    for _ in range(n):
        q: dict[str, list[str] | str] = {}
        q["kabkota"] = [k for (k,) in rng.sample(kab, min(len(kab), rng.choice((1, 2))))]
        which = rng.choice(("jenis", "jenjang", "keduanya"))
        if which in ("jenis", "keduanya"):
            q["jenis"] = JENIS_LABEL[rng.choice(sorted(JENIS_LABEL))]
        if which in ("jenjang", "keduanya"):
            q["jenjang"] = rng.choice(list(JENJANG))
        if lo is not None:
            span = (hi - lo).days
            weeks = MIN_WEEKS * 7
            start = lo + timedelta(days=rng.randrange(max(1, span - weeks)))
            end = start + timedelta(days=weeks + rng.randrange(max(1, (hi - start).days - weeks + 1)))
            q["periode"] = [start.isoformat(), min(end, hi).isoformat()]
        combos.append(q)
    return combos


# -- measuring ------------------------------------------------------------------------------------------

class _Connections:
    """Every DuckDB connection the app opens (store.database.open_readonly), so a cold run can close them:
    dropping Streamlit's cache_resource entry alone leaves a connection alive while anything refers to it."""

    def __init__(self) -> None:
        from store import database

        self.open: list = []
        original = database.open_readonly

        def tracked(path):
            con = original(path)
            self.open.append(con)
            return con

        database.open_readonly = tracked

    def close_all(self) -> None:
        for con in self.open:
            try:
                con.close()
            except Exception:  # noqa: BLE001 — already closed
                pass
        self.open.clear()


class _QueryLog:
    """Times every query a page runs (queries.runner.run_query, and run_page for a paginated list where it
    exists), split into DuckDB (SQL + Arrow fetch) and the DataFrame conversion (runner._frame), by name."""

    def __init__(self) -> None:
        import queries.runner as runner
        import ui.data

        self.calls: list[tuple[str, float, float, int]] = []
        self.frame_s = 0.0
        frame = runner._frame

        def timed_frame(table):
            t = time.perf_counter()
            try:
                return frame(table)
            finally:
                self.frame_s += time.perf_counter() - t

        runner._frame = timed_frame
        for module in (runner, ui.data):
            for fname in ("run_query", "run_page"):
                if hasattr(module, fname):
                    setattr(module, fname, self._timed(getattr(module, fname), fname))

    def _timed(self, fn, fname: str):
        def timed(con, name, *args, **kwargs):
            frame_before, t = self.frame_s, time.perf_counter()
            result = fn(con, name, *args, **kwargs)
            total, conv = time.perf_counter() - t, self.frame_s - frame_before
            df = result[0] if isinstance(result, tuple) else result
            self.calls.append((name + (" (1 halaman)" if fname == "run_page" else ""), total - conv, conv, len(df)))
            return result

        return timed


def _reset(conns: _Connections) -> None:
    import streamlit as st

    from ui import first_start

    st.cache_data.clear()
    st.cache_resource.clear()
    first_start._checked.clear()  # a new data version is checked again (the store check is part of cold)
    conns.close_all()
    gc.collect()


def _run(name: str, query: dict | None, conns: _Connections):
    from streamlit.testing.v1 import AppTest

    _reset(conns)
    at = AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=600)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    t, c = time.perf_counter(), time.process_time()
    at.run()
    elapsed = time.perf_counter() - t
    _run.cpu = time.process_time() - c  # every thread's CPU (DuckDB's too): less sensitive to a busy machine
    error = None
    if at.exception:  # the page's own message, and where (the trace's last frame)
        exc = at.exception[0]
        where = next((ln.strip() for ln in reversed(exc.stack_trace or []) if ln.strip().startswith("File ")), "")
        error = f"{exc.message} [{where}]"[:300]
    return at, elapsed, error


def _applied(at, query: dict) -> bool:
    """The page took the link's kab/kota (the sidebar's remembered value is what the queries used); a page
    without the sidebar filters (Unggah Data, Pengguna) has nothing to take."""
    if "simpan_kabkota" not in at.session_state:
        return True
    return not query.get("kabkota") or bool(at.session_state["simpan_kabkota"])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("pages", nargs="*")
    args = ap.parse_args(argv)

    import streamlit as st  # noqa: F401
    from streamlit import config as st_config
    from streamlit.components.v2.component_manager import BidiComponentManager

    # AppTest rescans installed packages for components on every new app; a server does it once at start-up.
    BidiComponentManager.discover_and_register_components = lambda self, **kwargs: None
    st_config.set_option("server.address", "127.0.0.1")  # loopback = local admin, no login
    st_config.set_option("client.showErrorDetails", "full")  # a failing page's own message in the table
    # No warm-after-load thread (ui/data.py HANGAT): cold means nothing computed ahead, and _reset closes the
    # connections a still-running warmer would hand to the next run ("Connection already closed").
    os.environ["KOMBEL_HANGAT"] = "0"
    db = Path(os.environ["KOMBEL_DB"])
    combos = random_combos(db, args.seed)
    load_before = os.getloadavg()[0]  # the machine is shared: a busy one makes every time longer
    conns = _Connections()
    qlog = _QueryLog() if args.profile else None
    out: dict[str, dict] = {}
    for name in args.pages or page_names():
        cold, cold_cpu, warm, rand, error = [], [], [], [[] for _ in combos], None
        _run(name, None, conns)  # untimed: imports the page's modules, as a running server has them
        if qlog is not None:  # --profile: one profiled cold run instead of the measurements
            _profile(name, conns, qlog)
            continue
        for _ in range(args.runs):
            at, t, error = _run(name, None, conns)
            cold.append(t)
            cold_cpu.append(_run.cpu)
            if error:
                break
            t = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - t)
            for i, q in enumerate(combos):
                at, t, err = _run(name, q, conns)
                rand[i].append(t)
                if err or not _applied(at, q):
                    error = error or err or f"filter tautan tidak terpakai: {q}"
        r = out[name] = {"cold": statistics.median(cold), "cold_cpu": statistics.median(cold_cpu),
                         "warm": statistics.median(warm) if warm else None,
                         "random": [statistics.median(x) if x else None for x in rand], "error": error}
        print(f"{name}: dingin {r['cold']:.2f}s (cpu {r['cold_cpu']:.2f}s) hangat {_fmt(r['warm'])}s acak "
              + " ".join(_fmt(x) for x in r["random"]) + (f" GALAT {error}" if error else ""),
              file=sys.stderr, flush=True)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec, so it would include bench/run.py's own
    # memory at the moment it started this process (8 GB of pandas frames).
    status = Path("/proc/self/status").read_text()
    peak_mb = int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE).group(1)) / 1024
    print(json.dumps({"pages": out, "combos": combos, "peak_rss_mb": peak_mb, "load_before": load_before,
                      "load_after": os.getloadavg()[0]}))


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def _profile(name: str, conns: _Connections, qlog: _QueryLog) -> None:
    """One more cold default run under cProfile, with every query timed, then the same session's warm run under
    cProfile: where the page's time goes."""
    import streamlit.runtime.scriptrunner.script_runner as script_runner

    qlog.calls.clear()
    run_script = script_runner.exec_func_with_error_handling
    current = {"prof": cProfile.Profile()}  # the profile of the run under way

    def profiled(func, ctx):  # the page runs in the script runner's thread: profile that thread
        current["prof"].enable()
        try:
            return run_script(func, ctx)
        finally:
            current["prof"].disable()

    script_runner.exec_func_with_error_handling = profiled
    try:
        at, total, _ = _run(name, None, conns)
        cold = current["prof"]
        current["prof"] = cProfile.Profile()
        t = time.perf_counter()
        at.run()
        warm = time.perf_counter() - t
    finally:
        script_runner.exec_func_with_error_handling = run_script
    lines = [f"== profil {name}: dingin {total:.2f}s (di bawah cProfile)"]
    sql = sum(c[1] for c in qlog.calls)
    conv = sum(c[2] for c in qlog.calls)
    lines.append(f"   kueri: {len(qlog.calls)} panggilan, SQL+Arrow {sql:.3f}s, ke DataFrame {conv:.3f}s, "
                 f"sisa (pandas, plotly, streamlit, lain) {total - sql - conv:.3f}s")
    for q, t_sql, t_conv, n in sorted(qlog.calls, key=lambda c: -c[1] - c[2]):
        lines.append(f"   {q:<36} SQL {t_sql:7.3f}s  DataFrame {t_conv:6.3f}s  {n:>9,} baris")
    buf = io.StringIO()
    stats = pstats.Stats(cold, stream=buf)
    stats.sort_stats("cumulative").print_stats(60)
    stats.sort_stats("tottime").print_stats(25)
    lines.append(buf.getvalue())
    lines.append(f"== profil {name}: hangat {warm:.2f}s (di bawah cProfile)")
    buf = io.StringIO()
    pstats.Stats(current["prof"], stream=buf).sort_stats("cumulative").print_stats(40)
    lines.append(buf.getvalue())
    print("\n".join(lines), file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
