"""National-scale benchmark (issue 7): one command, one table, all measured in the same run on the same data.

    python bench/run.py            # national scale (generates bench/data/ on first use, reuses after)
    python bench/run.py --quick    # one tenth of the scale, for development

Rows:
  load        the 1 M-row messy Google Forms CSV through data_loaders.load.load_files into a copy of the
              store (rows/s; x pandas = pandas time / app time of the same normalisation, bench/run.py); the
              store's copy, checks and version keeping around it are a row of their own (the load's progress
              messages SALINAN and MENYIMPAN bound them)
  query       every query a page calls, at national scale: app = runner.run_query (binding + DataFrame),
              median of --runs after one warm-up (a query slower than 5 s: its single first run, so the
              bench fits its time budget; the note says how many runs); cpu = process CPU seconds of that
              run (all DuckDB threads; meaningful when the machine is shared); pandas = bench/baselines.py
              (median of up to --runs within ~30 s, once for slow queries); bare = the same SQL text and
              parameters on the same connection, fetched to Arrow (skipped beyond 30 s).
              `cek` = the pandas output has the app's row count and column sums.
  page        every page file through AppTest in a subprocess (bench/pages.py says exactly what cold means),
              median of --page-runs: the default view cold and warm, and three seeded random filter
              combinations cold (kab/kota, jenis/jenjang, period, set as a shared link's URL parameters), at
              national scale and on one province of it (the province with the most communities, every row of
              it at national density: the size of one UPT's store); the peak RSS of the process that visited
              every page. The main table keeps one row per page (national default, cold); the page table
              after it has the columns per scale.
Targets (2-core machine): query <= 0.5 s and >= 20x pandas; app/bare <= 1.3; load >= 200,000 rows/s;
the store's work around a load <= 2 s;
peak memory <= 1.5 GB; per page and scale: default cold <= 0.5 s, every random combination cold <= 0.5 s,
warm <= 0.1 s. Each target is one check; `targets met: X/Y` counts checks of both tables.

    python bench/run.py --only pages [--page-runs 1]   # just the pages (both scales)
The bench stores are generated once; the bench runs on a copy migrated to the current schema
(bench/data/<store>.skema<N>.duckdb) and the province store derived from it, both cached beside it.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import baselines  # noqa: E402
import generate  # noqa: E402

import pages as page_bench  # noqa: E402
from data_loaders.load import MENYIMPAN, SALINAN, Source, load_files  # noqa: E402
from queries.runner import Filters, bind_params, default_period, query_names, run_query, sql_text  # noqa: E402
from queries.scope import ADMIN  # noqa: E402
from store import database, versions  # noqa: E402
from vocab import KOMPONEN  # noqa: E402

QUERY_MAX_S = 0.5
PANDAS_MIN_X = 20.0
LAYER_MAX_X = 1.3
LOAD_MIN_ROWS_S = 200_000
STORE_MAX_S = 2.0     # the store's copy, checks and version keeping around a load
PAGE_COLD_MAX_S = 0.5
PAGE_WARM_MAX_S = 0.1
PEAK_MAX_MB = 1.5 * 1024
PANDAS_BUDGET_S = 30.0
SLOW_S = 5.0         # a query slower than this is timed once (see bench_queries)
BARE_MAX_S = 30.0
FAST_BUDGET_S = 10.0

# Queries the reflection pages run on one two-month block (ui/refleksi.pilih_periode), not the sidebar period.
REFLECTION_BLOCK = {"reflection_theme_ranking", "reflection_unmatched_terms", "reflection_followup",
                    "reflection_missing", "bimonthly_draft", "reflection_items", "reflection_review",
                    "reflection_themes"}
# Parameters as the pages pass them on first view.
EXTRA = {"reflection_unmatched_terms": {"komponen": None},
         "reflection_items": {"komponen": None, "tema": "lainnya"},  # the "Butir tanpa tema" panel
         "reflection_review": {"komponen": [KOMPONEN[0]], "hanya_ragu": True},  # the "Perlu ditinjau" panel
         "kualitas_kelengkapan_rincian": {"indikator": "komunitas_tanpa_tanggal_terdaftar", "batas": 1000}}
# Named in the brief but not called by a page directly (weekly_rule feeds weekly_rule_followup).
NOT_ON_A_PAGE = ("weekly_rule", "reflection_themes")


@dataclass
class Row:
    item: str
    app: float | None = None
    pandas: float | None = None
    bare: float | None = None
    cpu: float | None = None   # process CPU seconds of the app run (all DuckDB threads): load-independent
    note: str = ""
    checks: list[tuple[str, bool]] = field(default_factory=list)

    def status(self) -> str:
        if not self.checks:
            return "info"
        failed = [label for label, ok in self.checks if not ok]
        return "PASS" if not failed else "FAIL " + ",".join(failed)


def _median_runs(fn, runs: int, budget: float | None = None) -> tuple[float, object, int]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
        if budget is not None and sum(times) > budget:
            break
    return statistics.median(times), result, len(times)


# -- load ------------------------------------------------------------------------------------------

_BULAN = {b: i + 1 for i, b in enumerate(generate.BULAN)} | {b.lower(): i + 1 for i, b in enumerate(generate.BULAN)} \
    | {b.lower(): i + 1 for i, b in enumerate(generate.BULAN_SINGKAT)}


def _pd_tanggal(s: str) -> date | None:
    s = s.strip().lower()
    if "," in s:
        s = s.split(",", 1)[1].strip()
    m = re.fullmatch(r"(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})", s)
    try:
        if m:
            y = int(m.group(3))
            return date(y + 2000 if y < 100 else y, int(m.group(2)), int(m.group(1)))
        m = re.fullmatch(r"(\d{1,2}) ([a-z]+) (\d{4})", s)
        if m and m.group(2) in _BULAN:
            return date(int(m.group(3)), _BULAN[m.group(2)], int(m.group(1)))
    except ValueError:
        pass
    return None


def _pd_durasi(s: str) -> float | None:
    s = s.strip().lower().replace(",", ".")
    if not s:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", s):
        return float(s)
    jam = re.search(r"(\d+(?:\.\d+)?)\s*jam", s)
    menit = re.search(r"(\d+)\s*menit", s)
    if not jam and not menit:
        return None
    return (float(jam.group(1)) * 60 if jam else 0) + (float(menit.group(1)) if menit else 0)


def _pd_kab_key(s: str) -> str:
    s = re.sub(r"[^0-9a-z]+", " ", s.lower()).strip()
    jenis = "Kota" if s.startswith("kota ") or s.endswith(" kota") else "Kabupaten"
    base = re.sub(r"^(kabupaten|kab|kota)\s+|\s+(kabupaten|kab|kota)$", "", s)
    return f"{jenis}|{base}"


def pandas_load(csv: Path, db: Path) -> pd.DataFrame:
    """What an analyst would write: read_csv, parse with apply/map, merge to the registry, dedupe."""
    con = database.open_readonly(db)
    try:
        kom = con.execute("select id_komunitas, nama_normal, kode_kabkota from komunitas").df()
        wil = con.execute("select kode_kabkota, kabkota, jenis_wilayah from wilayah").df()
    finally:
        con.close()
    df = pd.read_csv(csv, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    df.columns = ["stempel", "email", "nama", "kabkota", "tanggal", "topik", "bentuk", "moda", "durasi", "peserta",
                  "tautan"]
    df["tanggal"] = pd.to_datetime(df.tanggal.map(_pd_tanggal))
    df["durasi_menit"] = df.durasi.map(_pd_durasi)
    wil["key"] = wil.jenis_wilayah + "|" + wil.kabkota.str.lower().str.replace(r"^(kabupaten|kota) ", "", regex=True) \
        .str.replace(r"[^0-9a-z]+", " ", regex=True).str.strip()
    df["kode_kabkota"] = df.kabkota.map(_pd_kab_key).map(dict(zip(wil.key, wil.kode_kabkota)))
    df["nama_normal"] = df.nama.str.lower().str.replace(r"[^0-9a-z]+", " ", regex=True).str.strip()
    df = df.merge(kom, on=["nama_normal", "kode_kabkota"], how="left")
    df["topik_normal"] = df.topik.str.lower().str.strip()
    ok = df[df.id_komunitas.notna() & df.tanggal.notna()]
    return ok.drop_duplicates(["id_komunitas", "tanggal", "topik_normal"])


def bench_load(db: Path, csv: Path) -> tuple[list[Row], list[str]]:
    """Two rows from one load: the rows' own work (reading, cleaning, matching, storing, the summaries' refresh,
    the quarantine) and the store's (copying and checking it before the load writes; checkpoint, check, fsync
    and keeping the replaced file as a version after), told apart by load_files' progress messages."""
    copy = db.with_name(f"load_copy_{db.name}")
    shutil.copyfile(db, copy)
    marks: list[tuple[float, str]] = []
    t0 = time.perf_counter()
    try:
        report = load_files(copy, [Source.from_path(csv)], kind="kegiatan",
                            progress=lambda _f, m: marks.append((time.perf_counter() - t0, m)))
        total = time.perf_counter() - t0
    finally:
        copy.unlink(missing_ok=True)
        Path(str(copy) + ".lock").unlink(missing_ok=True)
        shutil.rmtree(versions.folder(copy), ignore_errors=True)  # the version the load kept (a national store)
    f = report.files[0]
    at = {m: tm for tm, m in marks}
    first_row = next(tm for tm, m in marks if m.startswith("Memproses"))
    before, after = first_row - at[SALINAN], at["Selesai"] - at[MENYIMPAN]
    app = total - before - after
    t = time.perf_counter()
    base = pandas_load(csv, db)
    pd_s = time.perf_counter() - t
    rate = f.baris_total / app
    rows = [Row(f"load {f.baris_total:,} baris CSV", app=app, pandas=pd_s,
                note=f"{rate:,.0f} baris/s; +{f.ditambah:,} ada {f.sudah_ada:,} karantina {f.dikarantina:,}; "
                     f"pandas {len(base):,}; seluruhnya {total:.1f}s",
                checks=[(">=200k/s", rate >= LOAD_MIN_ROWS_S)]),
            Row("load: salinan, periksa, versi penyimpanan", app=before + after,
                note=f"salin+periksa {before:.1f}s, checkpoint+periksa+versi {after:.1f}s",
                checks=[("<=2s", before + after <= STORE_MAX_S)])]
    phases, prev_t, prev_m = [], 0.0, "mulai"
    for tm, m in marks + [(total, "selesai")]:
        if tm - prev_t >= 0.5:
            phases.append(f"    {prev_t:7.1f}s +{tm - prev_t:6.1f}s  {prev_m}")
        prev_t, prev_m = tm, m
    return rows, phases


# -- queries ---------------------------------------------------------------------------------------

def page_queries() -> list[str]:
    """Query names the pages and the shared guard call, in file order, plus the brief's NOT_ON_A_PAGE."""
    found: list[str] = []
    files = sorted((ROOT / "pages").glob("*.py")) + sorted((ROOT / "ui").glob("*.py"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        for name in re.findall(r"query(?:_uncached)?\(\s*\"([a-z_][a-z0-9_]*)\"", text):
            if name not in found:
                found.append(name)
    return found + [n for n in NOT_ON_A_PAGE if n not in found]


def bench_queries(db: Path, runs: int, log) -> list[Row]:
    con = database.open_readonly(db)
    cur = database.cursor(con)
    dari, sampai = default_period(cur, ADMIN)
    base_f = Filters(dari=dari, sampai=sampai)
    kab = cur.execute("select kode_kabkota from komunitas group by 1 order by count(*) desc, 1 limit 1"
                      ).fetchall()[0][0]
    periods = run_query(cur, "reflection_periods", base_f)
    last = periods.iloc[-1]
    block_f = replace(base_f, dari=pd.Timestamp(last.dari).date(), sampai=pd.Timestamp(last.sampai).date())
    log(f"periode {dari}..{sampai}; blok refleksi {block_f.dari}..{block_f.sampai}; kab/kota tunggal {kab}")
    t = time.perf_counter()
    frames = baselines.read_frames(cur)
    log(f"pandas frames read in {time.perf_counter() - t:.1f}s (not timed)")

    specs: list[tuple[str, str, Filters]] = []
    for name in page_queries():
        f = block_f if name in REFLECTION_BLOCK else base_f
        if name == "weekly_grid":
            specs.append((f"{name} [{kab}]", name, replace(f, kabkota=(kab,))))
            continue
        specs.append((name + (" (bukan halaman)" if name in NOT_ON_A_PAGE else ""), name, f))
        if name in ("weekly_trend", "activity_frequency"):  # the wilayah page's per-kab/kota view
            specs.append((f"{name} [{kab}]", name, replace(f, kabkota=(kab,))))

    available = set(query_names())
    pandas_cache: dict = {}
    rows = []
    for label, name, f in specs:
        row = Row(label)
        rows.append(row)
        if name not in available:
            row.note = "kueri tidak ada di queries/"
            row.checks.append(("ada", False))
            continue
        extra = EXTRA.get(name)
        try:
            params = bind_params(name, f, ADMIN, extra)
            text = sql_text(name)
            # A first run warms the OS cache; a query slower than SLOW_S counts it as its one sample (the
            # whole bench must fit in ~15 min on 2 cores) and is compared with bare SQL once, or not at all
            # beyond BARE_MAX_S (where binding + DataFrame are noise against the SQL itself).
            c, t = time.process_time(), time.perf_counter()
            result = run_query(cur, name, f, ADMIN, extra)
            first, first_cpu = time.perf_counter() - t, time.process_time() - c
            app_t, bare_t, cpu_t = [], [], []
            if first > SLOW_S:
                app_t, cpu_t = [first], [first_cpu]
                if first <= BARE_MAX_S:
                    t = time.perf_counter()
                    cur.sql(text, params=params).to_arrow_table()
                    bare_t.append(time.perf_counter() - t)
            else:
                cur.sql(text, params=params).to_arrow_table()
                while len(app_t) < runs and (len(app_t) < 1 or sum(app_t) + sum(bare_t) < FAST_BUDGET_S):
                    c, t = time.process_time(), time.perf_counter()
                    result = run_query(cur, name, f, ADMIN, extra)
                    app_t.append(time.perf_counter() - t)
                    cpu_t.append(time.process_time() - c)
                    t = time.perf_counter()
                    cur.sql(text, params=params).to_arrow_table()
                    bare_t.append(time.perf_counter() - t)
        except Exception as exc:  # a broken query is a row of the table, not the end of the run
            row.note = f"GALAT: {type(exc).__name__}: {str(exc).splitlines()[0][:80]}"
            row.checks.append(("jalan", False))
            continue
        row.app, row.cpu = statistics.median(app_t), statistics.median(cpu_t)
        row.bare = statistics.median(bare_t) if bare_t else None
        row.note = f"{len(result):,} baris; {len(app_t)}x"
        row.checks.append(("<=0.5s", row.app <= QUERY_MAX_S))
        if row.bare is not None:
            row.checks.append(("<=1.3x bare", row.app <= LAYER_MAX_X * row.bare))
        fn = baselines.BASELINES.get(name)
        if fn is not None:
            key = (fn, f)
            if key not in pandas_cache:  # weekly_rule and weekly_rule_followup share one baseline
                pandas_cache[key] = _median_runs(lambda fn=fn, f=f: fn(frames, f), 1 if first > SLOW_S else runs,
                                                 PANDAS_BUDGET_S)
            row.pandas, base, n = pandas_cache[key]
            ok = baselines.same(result, base)
            row.note += f"; pandas {n}x, cek {'ok' if ok else 'BEDA'}"
            row.checks.append((">=20x pandas", row.pandas >= PANDAS_MIN_X * row.app))
        log(f"  {label}: app {row.app:.3f}s bare {_s(row.bare)}s"
            + (f" pandas {row.pandas:.2f}s" if row.pandas else ""))
    cur.close()
    con.close()
    return rows


# -- pages -----------------------------------------------------------------------------------------

def run_pages(db: Path, runs: int, log) -> dict:
    """bench/pages.py on `db` in its own process (so its peak memory is the app's own)."""
    env = os.environ | {"KOMBEL_DB": str(db), "KOMBEL_SAMPLE": "0"}
    proc = subprocess.Popen([sys.executable, str(ROOT / "bench" / "pages.py"), "--runs", str(runs)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    err_lines = []
    for line in proc.stderr:  # one line per page as it finishes
        err_lines.append(line)
        if re.match(r"^[a-z_]+: dingin", line):
            log("  " + line.rstrip())
    out_text = proc.stdout.read()
    if proc.wait() != 0:
        raise RuntimeError(f"bench/pages.py gagal:\n{''.join(err_lines)[-3000:]}")
    return json.loads(out_text.strip().splitlines()[-1])


@dataclass
class PageRow:
    name: str
    per_scale: dict[str, dict] = field(default_factory=dict)   # scale label -> bench/pages.py result
    checks: list[tuple[str, bool]] = field(default_factory=list)


def page_rows(results: dict[str, dict]) -> tuple[list[Row], list[PageRow], list[Row]]:
    """Main-table rows (national default cold, as before), the page table, and a memory row per scale."""
    main_rows, table, mem = [], {}, []
    for scale, out in results.items():
        for name, r in out["pages"].items():
            pr = table.setdefault(name, PageRow(name))
            pr.per_scale[scale] = r
            if r["error"]:
                pr.checks.append((f"{scale} tanpa galat", False))
                continue
            rand = [x for x in r["random"] if x is not None]
            pr.checks.append((f"{scale} dingin", r["cold"] <= PAGE_COLD_MAX_S))
            pr.checks.append((f"{scale} acak", bool(rand) and max(rand) <= PAGE_COLD_MAX_S))
            pr.checks.append((f"{scale} hangat", r["warm"] is not None and r["warm"] <= PAGE_WARM_MAX_S))
        peak = out["peak_rss_mb"]
        first = not mem
        mem.append(Row(f"memori puncak proses aplikasi ({scale})", note=f"{peak:,.0f} MB",
                       checks=[("<=1.5GB", peak <= PEAK_MAX_MB)] if first else []))
    first_scale = next(iter(results))
    for name, r in results[first_scale]["pages"].items():
        main_rows.append(Row(f"halaman {name} (dingin)", app=r["cold"],
                             note=(f"hangat {r['warm']:.2f}s" if r["warm"] is not None else "")
                             + (f" GALAT: {r['error'][:70]}" if r["error"] else "")))
    return main_rows, list(table.values()), mem


def print_page_table(results: dict[str, dict], table: list[PageRow]) -> None:
    scales = list(results)
    print(f"\nHalaman, waktu server (AppTest) median dari --page-runs; target dingin <= {PAGE_COLD_MAX_S} s "
          f"(bawaan dan tiap kombinasi acak), hangat <= {PAGE_WARM_MAX_S} s; cpu = detik CPU proses saat dingin "
          "(semua thread DuckDB): jauh di bawah waktu dinding berarti mesin sedang sibuk")
    for scale in scales:
        out = results[scale]
        combos = "; ".join(", ".join(f"{k}={v}" for k, v in c.items()) for c in out["combos"])
        print(f"  {scale}: load average {out['load_before']:.1f} -> {out['load_after']:.1f}; acak: {combos}")
    head = f"{'halaman':<24}" + "".join(
        f" | {scale[:16]:<16}{'dingin':>7}{'cpu':>6}{'acak maks':>10}{'acak med':>9}{'hangat':>7}"
        for scale in scales) + "  status"
    print(head)
    print("-" * len(head))
    for pr in table:
        line = f"{pr.name:<24}"
        for scale in scales:
            r = pr.per_scale.get(scale)
            rand = [x for x in (r or {}).get("random", []) if x is not None]
            cpu = format(r["cold_cpu"], ".2f") if r and r.get("cold_cpu") is not None else "n/a"
            line += (f" | {'':<16}{_s(r['cold']) if r else 'n/a':>7}{cpu:>6}{_s(max(rand)) if rand else 'n/a':>10}"
                     f"{_s(statistics.median(rand)) if rand else 'n/a':>9}{_s(r['warm']) if r else 'n/a':>7}")
        failed = [label for label, ok in pr.checks if not ok]
        errors = "; ".join(f"{s}: {r['error'][:60]}" for s, r in pr.per_scale.items() if r["error"])
        print(line + "  " + ("PASS" if not failed else "FAIL " + ",".join(failed)) + (f"  {errors}" if errors else ""))


# -- output ----------------------------------------------------------------------------------------

def _s(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def print_table(rows: list[Row], extra_checks: list[bool] = ()) -> None:
    head = (f"{'butir':<44}{'app s':>9}{'cpu s':>8}{'pandas s':>10}{'x pandas':>10}{'bare s':>9}{'app/bare':>9}  "
            f"{'status':<38}catatan")
    print(head)
    print("-" * len(head))
    for r in rows:
        xp = "n/a" if r.pandas is None or not r.app else f"{r.pandas / r.app:.1f}"
        ab = "n/a" if r.bare is None or not r.bare else f"{r.app / r.bare:.2f}"
        cpu = "n/a" if r.cpu is None else format(r.cpu, ".2f")
        print(f"{r.item[:43]:<44}{_s(r.app):>9}{cpu:>8}{_s(r.pandas):>10}{xp:>10}{_s(r.bare):>9}{ab:>9}  "
              f"{r.status():<37} {r.note}")
    checks = [ok for r in rows for _, ok in r.checks] + list(extra_checks)
    print(f"targets met: {sum(checks)}/{len(checks)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="one tenth of the national scale")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per query (median), default 5")
    ap.add_argument("--page-runs", type=int, default=5, help="AppTest runs per page (median), default 5")
    ap.add_argument("--only", nargs="+", choices=("load", "queries", "pages"), help="run only these parts")
    ap.add_argument("--skip-load", action="store_true")
    ap.add_argument("--skip-pages", action="store_true")
    args = ap.parse_args()
    parts = set(args.only or ("load", "queries", "pages"))
    parts -= {"load"} if args.skip_load else set()
    parts -= {"pages"} if args.skip_pages else set()

    def log(msg: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    scale = generate.QUICK if args.quick else generate.NATIONAL
    generated, csv, gen_s = generate.ensure(scale, log)
    log(f"data {generated.name} ({'baru, ' + format(gen_s, '.0f') + 's' if gen_s else 'dipakai ulang'})")
    db = page_bench.prepared(generated, log)  # the generated store stays as generated
    started = time.perf_counter()
    rows: list[Row] = []
    phases: list[str] = []
    page_table: list[PageRow] = []
    results: dict[str, dict] = {}
    if "load" in parts:
        log("load ...")
        load_rows, phases = bench_load(db, csv)
        rows += load_rows
    if "queries" in parts:
        log("queries ...")
        rows += bench_queries(db, args.runs, log)
    if "pages" in parts:
        province, label = page_bench.province_store(db, log)
        for scale_label, store in ((scale.name, db), (f"provinsi {label.split(' (')[0]}", province)):
            log(f"pages {scale_label} (AppTest subprocess, {args.page_runs}x) ...")
            results[scale_label] = run_pages(store, args.page_runs, log)
        main_rows, page_table, mem = page_rows(results)
        rows += main_rows + mem
    total = time.perf_counter() - started
    print(f"\nBench {scale.name} ({db.name}), {os.cpu_count()} CPU, duckdb {duckdb.__version__}, "
          f"pandas {pd.__version__}, {total:.0f}s (generasi tidak termasuk)")
    if phases:
        print("Tahap muat (dari progress load_files):")
        print("\n".join(phases))
    if page_table:
        print_page_table(results, page_table)
        print()
    print_table(rows, [ok for pr in page_table for _, ok in pr.checks])


if __name__ == "__main__":
    main()
