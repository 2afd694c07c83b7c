from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from store.cow import exclusive_lock
from tests.support import ROOT

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "data_loaders", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def test_cli_loads_and_reports(empty_store):
    out = run("--db", str(empty_store), str(FIXTURES / "kegiatan_forms_excel.csv"), str(FIXTURES / "komunitas_pmm.csv"))
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert text.startswith("Data berhasil dimuat.")
    assert "== komunitas_pmm.csv — jenis data: komunitas" in text
    assert "Baris: 17 | ditambah 10 | diperbarui 0 | sudah ada 1 | dikarantina 6" in text
    assert "kabkota_ambigu: 1 baris — baris 10" in text
    assert "Koreksi otomatis:" in text


def test_cli_dry_run_and_kind_via_env_db(empty_store):
    before = empty_store.read_bytes()
    out = run("--dry-run", "--kind", "komunitas", str(FIXTURES / "komunitas_pmm.csv"),
              env={"KOMBEL_DB": str(empty_store)})
    assert out.returncode == 0, out.stderr
    assert "UJI COBA" in out.stdout and "ditambah 10" in out.stdout
    assert empty_store.read_bytes() == before


def test_cli_errors_name_the_file(empty_store, tmp_path):
    missing = run("--db", str(empty_store), str(FIXTURES / "kegiatan_tanpa_tanggal.csv"), "--kind", "kegiatan")
    assert missing.returncode == 2
    assert "kegiatan_tanpa_tanggal.csv" in missing.stderr and "'tanggal'" in missing.stderr
    junk = tmp_path / "rusak.xlsx"
    junk.write_bytes(b"PK\x03\x04 rusak")
    bad = run("--db", str(empty_store), str(junk))
    assert bad.returncode == 2 and "rusak.xlsx" in bad.stderr and "Traceback" not in bad.stderr
    absent = run("--db", str(empty_store), str(tmp_path / "tidak_ada.csv"))
    assert absent.returncode == 2 and "tidak_ada.csv" in absent.stderr
    wrong_kind = run("--db", str(empty_store), "--kind", "rapat", str(FIXTURES / "komunitas_pmm.csv"))
    assert wrong_kind.returncode != 0


def test_cli_busy_store(empty_store):
    with exclusive_lock(empty_store, timeout=1):
        out = subprocess.run(
            [sys.executable, "-c",
             "import sys; import store.database as s; from data_loaders.__main__ import main;"
             "orig = s.write_transaction;"
             "s.write_transaction = lambda p, lock_timeout=120.0: orig(p, lock_timeout=0.5);"
             f"sys.exit(main(['--db', {str(empty_store)!r}, {str(FIXTURES / 'komunitas_pmm.csv')!r}]))"],
            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 3
    assert "sedang dipakai" in out.stderr
