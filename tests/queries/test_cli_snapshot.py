"""The command line paths out of the store: `python -m queries NAME --sebagai` and
`python -m queries snapshot`, for a wali wilayah, a stranger and a broken users file."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from queries import __version__
from queries.__main__ import main
from queries.export import to_csv_bytes
from queries.runner import bind_params, query_names, run_query
from queries.scope import ADMIN
from queries.snapshot import MANIFEST, NOT_IN_SNAPSHOT, build_snapshot
from store.database import open_readonly
from store.meta import get_meta
from tests.fixtures.security import ALL_KABKOTA, FIXTURES, PERIOD, WALI, WALI_EMAIL
from tests.support import ROOT

ARGS = ["--dari", "2022-08-01", "--sampai", "2022-10-30"]


def needs_extra(name: str) -> bool:
    try:
        bind_params(name, PERIOD, ADMIN)
    except KeyError:
        return True
    return False


SNAPSHOT_QUERIES = [n for n in query_names() if n not in NOT_IN_SNAPSHOT and not needs_extra(n)]


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def open_zip(data: bytes) -> tuple[dict, dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        files = {n: z.read(n) for n in z.namelist()}
    return json.loads(files.pop(MANIFEST)), files


@pytest.fixture
def con(security_store: Path):
    connection = open_readonly(security_store)
    yield connection
    connection.close()


# --- python -m queries NAME --sebagai -------------------------------------------------------------

@pytest.mark.parametrize("name", ["weekly_rule_followup", "reflection_items", "activity_per_community"])
def test_cli_as_wali_gives_only_their_kabkota(security_store: Path, security_users: Path, name: str,
                                              capsysbinary) -> None:
    common = [name, "--db", str(security_store), *ARGS, "--pengguna-file", str(security_users)]
    assert main([*common, "--sebagai", "WALI.bandung@BBGP-jabar.id"]) == 0  # emails match case-insensitively
    rows = read_csv(capsysbinary.readouterr().out)
    assert not rows.empty and set(rows["kode_kabkota"]) == set(WALI.kabkota)
    assert main([*common, "--sebagai", WALI_EMAIL, "--kabkota", "32.73"]) == 0
    assert read_csv(capsysbinary.readouterr().out).empty
    assert main([*common, "--sebagai", "kepala@bbgp-jabar.id"]) == 0
    assert set(read_csv(capsysbinary.readouterr().out)["kode_kabkota"]) == set(ALL_KABKOTA)


@pytest.mark.parametrize("command", [["weekly_rule"], ["snapshot", "--out", "cuplikan.zip"]])
def test_cli_refuses_an_unknown_email(security_store: Path, security_users: Path, tmp_path: Path,
                                      command: list[str], capsysbinary, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code = main([*command, "--db", str(security_store), *ARGS, "--pengguna-file", str(security_users),
                 "--sebagai", "orang.lain@gmail.com"])
    out, err = capsysbinary.readouterr()
    assert code == 1
    assert out == b"" and not (tmp_path / "cuplikan.zip").exists()
    assert "tidak terdaftar" in err.decode()


def test_cli_refuses_when_the_users_file_is_broken(security_store: Path, tmp_path: Path, capsysbinary) -> None:
    broken = tmp_path / "pengguna.toml"
    broken.write_text('[pengguna."wali@bbgp.id"]\nperan = "raja"\n', encoding="utf-8")
    for command in (["weekly_rule"], ["snapshot", "--out", str(tmp_path / "x.zip")]):
        assert main([*command, "--db", str(security_store), "--pengguna-file", str(broken),
                     "--sebagai", "wali@bbgp.id"]) == 1
        assert "tidak dikenal" in capsysbinary.readouterr().err.decode()
    assert not (tmp_path / "x.zip").exists()


# --- snapshot ---------------------------------------------------------------------------------------

def test_snapshot_holds_every_query_for_the_scope(con: duckdb.DuckDBPyConnection) -> None:
    made = datetime(2022, 11, 2, 9, 30)
    data = build_snapshot(con, PERIOD, WALI, diperbarui_pada="2022-11-01T08:00:00", app_version="9.9.9",
                          dibuat_pada=made)
    manifest, files = open_zip(data)
    assert sorted(files) == sorted(f"{n}.csv" for n in SNAPSHOT_QUERIES)
    for name in SNAPSHOT_QUERIES:  # byte for byte what the dashboard's CSV download gives
        assert files[f"{name}.csv"] == to_csv_bytes(run_query(con, name, PERIOD, WALI)), name
    assert manifest["versi_aplikasi"] == "9.9.9"
    assert manifest["dibuat_pada"] == "2022-11-02T09:30:00"
    assert manifest["data_diperbarui_pada"] == "2022-11-01T08:00:00"
    assert manifest["lingkup"] == {"email": WALI_EMAIL, "peran": "wali_wilayah", "kabkota": ["32.04", "32.17"]}
    assert manifest["filter"] == {
        "dari": "2022-08-01", "sampai": "2022-10-30", "kabkota": [], "kabkota_diterapkan": ["32.04", "32.17"],
        "jenis": None, "jenjang": None, "ambang": 100.0, "libur": [],
    }
    counts = {f["kueri"]: f["baris"] for f in manifest["berkas"]}
    assert counts == {n: len(read_csv(files[f"{n}.csv"])) for n in SNAPSHOT_QUERIES}
    assert counts["weekly_rule"] == 5
    skipped = {s["kueri"]: s["alasan"] for s in manifest["dilewati"]}
    assert sorted(skipped) == sorted(set(query_names()) - set(SNAPSHOT_QUERIES))
    for name, reason in skipped.items():  # each one says why: a UI list, or the parameters it needs
        assert reason == NOT_IN_SNAPSHOT.get(name) or ("butuh parameter" in reason and name in reason), reason
    sources = manifest["berkas_sumber"]
    assert sorted(s["sumber_file"] for s in sources) == sorted(p.name for p in FIXTURES.glob("*.csv"))
    assert all(set(s) == {"sumber_file", "sha256", "jenis_data", "dimuat_pada"} for s in sources)
    assert all(len(s["sha256"]) == 64 for s in sources)


def test_snapshot_rows_stay_in_scope(con: duckdb.DuckDBPyConnection) -> None:
    _, wali = open_zip(build_snapshot(con, PERIOD, WALI, diperbarui_pada=None, app_version=__version__))
    _, admin = open_zip(build_snapshot(con, PERIOD, ADMIN, diperbarui_pada=None, app_version=__version__))
    text = b"".join(wali.values()).decode("utf-8-sig")
    assert "Kota Bandung" not in text and "KB-301" not in text and "HYPERLINK" not in text
    assert "Kota Bandung" in b"".join(admin.values()).decode("utf-8-sig")
    for name, data in wali.items():
        rows = read_csv(data)
        if "kode_kabkota" in rows.columns:  # empty = a UPT-wide event, everyone's
            assert set(rows["kode_kabkota"]) - {""} <= set(WALI.kabkota), name


def test_snapshot_cli_as_a_module(security_store: Path, security_users: Path, tmp_path: Path) -> None:
    out = tmp_path / "cuplikan_wali.zip"
    result = subprocess.run(
        [sys.executable, "-m", "queries", "snapshot", "--db", str(security_store), "--out", str(out), *ARGS,
         "--jenis", "dalam_sekolah", "--sebagai", WALI_EMAIL, "--pengguna-file", str(security_users)],
        cwd=ROOT, capture_output=True, check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    manifest, files = open_zip(out.read_bytes())
    assert len(files) == len(SNAPSHOT_QUERIES)
    assert manifest["versi_aplikasi"] == __version__
    assert manifest["lingkup"]["kabkota"] == ["32.04", "32.17"]
    assert manifest["filter"]["jenis"] == "dalam_sekolah"
    con = open_readonly(security_store)
    try:
        assert manifest["data_diperbarui_pada"] == get_meta(con, "diperbarui_pada")
    finally:
        con.close()
    rule = read_csv(files["weekly_rule.csv"])
    assert rule["id_komunitas"].tolist() == ["KB-101", "KB-201"]  # in scope and dalam_sekolah only


def test_snapshot_cli_usage_errors(security_store: Path, tmp_path: Path, capsysbinary) -> None:
    assert main(["snapshot", "--db", str(security_store), "--out", str(tmp_path / "x.csv")]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["snapshot", "--db", str(security_store)])  # --out is required
    assert exc.value.code == 2
    assert main(["snapshot", "--db", str(tmp_path / "hilang.duckdb"), "--out", str(tmp_path / "x.zip")]) == 1
    assert "tidak ditemukan" in capsysbinary.readouterr().err.decode()
    assert main(["snapshot", "--db", str(security_store), *ARGS, "--out", str(tmp_path / "tidak" / "x.zip")]) == 1
    assert "tidak dapat ditulis" in capsysbinary.readouterr().err.decode()
