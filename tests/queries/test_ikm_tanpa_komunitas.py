"""IKM target list (issue 17 item 1): the IKM schools in scope without an in-school community, per kab/kota, with
the between-school communities they could join — hand-computed on a small store, and per kab/kota exactly the
complement of the coverage figure of progress_kabkota (admin, wali, filters)."""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from queries.runner import Filters, run_query
from queries.scope import ADMIN, Scope
from tests.support import ROOT, TinyStore, add_komunitas, add_sekolah, module_store

PERIOD = dict(dari=date(2024, 1, 1), sampai=date(2024, 3, 31))
WALI = Scope(email="wali@bbgp.id", peran="wali_wilayah", kabkota=("32.04",))
COLUMNS = ["kode_kabkota", "kabkota", "npsn", "nama_sekolah", "jenjang", "jalur_ikm", "komunitas_antar_sekolah",
           "nama_antar_sekolah"]


def fill(con: duckdb.DuckDBPyConnection) -> None:
    add_sekolah(con, "S1")  # covered by D1
    add_sekolah(con, "S2", jalur_ikm="mandiri belajar")  # no community: four antar_sekolah SD of 32.04 around
    add_sekolah(con, "S3", jenjang="SMP", jalur_ikm=None)  # its community registered after sampai
    add_sekolah(con, "S4")  # covered by a community placed in 32.73 (wherever placed, METRICS §5)
    add_sekolah(con, "S5", kode_kabkota="32.73", jenjang="SMP")
    add_sekolah(con, "S6", kode_kabkota="11.01")
    add_komunitas(con, "D1", jenis="dalam_sekolah", npsn="S1", tanggal_terdaftar=date(2024, 1, 5))
    add_komunitas(con, "D3", jenis="dalam_sekolah", npsn="S3", jenjang="SMP", tanggal_terdaftar=date(2024, 4, 2))
    add_komunitas(con, "D4", jenis="dalam_sekolah", npsn="S4", kode_kabkota="32.73")
    add_komunitas(con, "X2", jenis="daring_pmm", npsn="S2")  # not in-school: does not cover S2
    for kid, nama in [("A1", "Beta"), ("A2", "Alpha"), ("A3", "Gamma"), ("A4", "Delta")]:
        add_komunitas(con, kid, nama_komunitas=nama, tanggal_terdaftar=None if kid == "A4" else date(2023, 9, 1))
    add_komunitas(con, "A5", nama_komunitas="Aa Terlambat", tanggal_terdaftar=date(2024, 5, 1))  # after sampai
    add_komunitas(con, "A6", nama_komunitas="Smp Lain", jenjang="SMP", kode_kabkota="32.73")  # S5's kab/kota


store = module_store(fill)


def test_the_list_hand_computed(store: TinyStore) -> None:
    df = store.run("ikm_tanpa_komunitas", **PERIOD)
    assert list(df.columns) == COLUMNS
    assert df["npsn"].tolist() == ["S6", "S2", "S3", "S5"]  # by kab/kota, jenjang, name
    rows = store.rows("ikm_tanpa_komunitas", key="npsn", **PERIOD)
    assert rows["S2"] == {"kode_kabkota": "32.04", "kabkota": "Kabupaten Bandung", "npsn": "S2",
                          "nama_sekolah": "SD Negeri S2", "jenjang": "SD", "jalur_ikm": "mandiri belajar",
                          "komunitas_antar_sekolah": 4, "nama_antar_sekolah": "Alpha; Beta; Delta"}
    assert (rows["S3"]["jalur_ikm"], rows["S3"]["komunitas_antar_sekolah"], rows["S3"]["nama_antar_sekolah"]) \
        == (None, 0, None)
    assert (rows["S5"]["komunitas_antar_sekolah"], rows["S5"]["nama_antar_sekolah"]) == (1, "Smp Lain")
    # once D3 is registered (sampai after its date), S3 is covered
    later = store.rows("ikm_tanpa_komunitas", key="npsn", dari=date(2024, 1, 1), sampai=date(2024, 6, 30))
    assert set(later) == {"S2", "S5", "S6"} and later["S2"]["komunitas_antar_sekolah"] == 5


@pytest.mark.parametrize("scope,filters", [
    (ADMIN, {}), (ADMIN, {"jenjang": "SD"}), (ADMIN, {"jenis": "antar_sekolah"}), (ADMIN, {"kabkota": ("32.04",)}),
    (WALI, {}), (Scope(email="w2@bbgp.id", peran="wali_wilayah", kabkota=("32.73", "11.01")), {}),
])
def test_per_kabkota_the_complement_of_the_coverage_figure(store: TinyStore, scope: Scope, filters: dict) -> None:
    f = Filters(**PERIOD, **filters)
    daftar = run_query(store.con, "ikm_tanpa_komunitas", f, scope)
    progres = run_query(store.con, "progress_kabkota", f, scope)
    expected = (progres.set_index("kode_kabkota").eval("sekolah_ikm - sekolah_ikm_dengan_kombel"))
    got = daftar.groupby("kode_kabkota").size().reindex(expected.index, fill_value=0)
    assert (got == expected).all() and len(daftar) == int(expected.sum()) > 0, (got, expected)
    headline = run_query(store.con, "headline", f, scope).iloc[0]
    assert len(daftar) == headline.sekolah_ikm - headline.sekolah_ikm_dengan_kombel


def test_a_wali_sees_only_their_region(store: TinyStore) -> None:
    df = store.run("ikm_tanpa_komunitas", WALI, **PERIOD)
    assert set(df["kode_kabkota"]) == {"32.04"}
    # S4's community lies in 32.73, which the wali cannot see: for them S4 is uncovered, as in their coverage figure
    assert sorted(df["npsn"]) == ["S2", "S3", "S4"]
    assert "Smp Lain" not in df["nama_antar_sekolah"].fillna("").str.cat()


def test_empty_store_gives_no_rows_with_the_columns(empty_store: Path) -> None:
    tiny = TinyStore(empty_store)
    try:
        df = tiny.run("ikm_tanpa_komunitas", **PERIOD)
        assert df.empty and list(df.columns) == COLUMNS
    finally:
        tiny.close()


def test_on_the_command_line(store: TinyStore, tmp_path: Path) -> None:
    out = tmp_path / "ikm.csv"
    subprocess.run([sys.executable, "-m", "queries", "ikm_tanpa_komunitas", "--db", str(store.path), "--dari",
                    "2024-01-01", "--sampai", "2024-03-31", "--kabkota", "32.04", "--out", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    df = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
    assert list(df.columns) == COLUMNS and sorted(df["npsn"]) == ["S2", "S3"]
