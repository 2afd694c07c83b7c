"""Participation (issue 17 item 2; docs/ATURAN.md "Partisipasi"): median participants per activity, its share of
the members (capped at 100, flagged above), share of activities with a count, the low-participation flag and its
edges (0 and empty counts, unknown or 0 members, fewer than 3 counted activities, exactly 50 %), per community and
per kab/kota, hand-computed; empty store, filters, a wali's scope and the CLI."""
from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from queries.scope import Scope
from tests.support import ROOT, TinyStore, add_kegiatan, add_komunitas, module_store

PERIOD = dict(dari=date(2024, 1, 1), sampai=date(2024, 3, 31))
WALI = Scope(email="wali@bbgp.id", peran="wali_wilayah", kabkota=("32.73",))


def _komunitas(con: duckdb.DuckDBPyConnection, kid: str, anggota: int | None, peserta: list[int | None], *,
               kode_kabkota: str = "32.04", jenis: str = "antar_sekolah") -> None:
    add_komunitas(con, kid, kode_kabkota=kode_kabkota, jenis=jenis)
    con.execute("update komunitas set jumlah_anggota = ? where id_komunitas = ?", [anggota, kid])
    for i, n in enumerate(peserta):
        add_kegiatan(con, kid, date(2024, 1, 8) + timedelta(days=7 * i), 60, jumlah_peserta=n)


def fill(con: duckdb.DuckDBPyConnection) -> None:
    _komunitas(con, "A", 20, [5, 6, 8, 30, None, 0])  # median of 4 counted = 7.0 -> 35 % -> low
    add_kegiatan(con, "A", date(2023, 12, 4), 60, jumlah_peserta=1)  # before the period: not read
    _komunitas(con, "B", 10, [12, 14, 16], jenis="dalam_sekolah")  # 140 % -> capped, flagged, not low
    _komunitas(con, "C", None, [3, 3, 3])  # members unknown
    _komunitas(con, "D", 0, [4, 4, 4])  # 0 members = unknown
    _komunitas(con, "E", 20, [2, 2, None, None])  # 10 % but only 2 counted activities: not judged
    _komunitas(con, "G", 10, [5, 5, 5])  # exactly 50 %: not low
    _komunitas(con, "F", 10, [], kode_kabkota="32.73")  # no activity


store = module_store(fill)


def test_per_community_hand_computed(store: TinyStore) -> None:
    df = store.run("partisipasi", **PERIOD)
    assert list(df.columns) == [
        "id_komunitas", "nama_komunitas", "jenis", "kode_kabkota", "kabkota", "jenjang", "jumlah_anggota",
        "jumlah_kegiatan", "kegiatan_berpeserta", "persen_kegiatan_berpeserta", "median_peserta",
        "persen_partisipasi", "peserta_melebihi_anggota", "partisipasi_rendah"]
    assert df["id_komunitas"].iloc[0] == "A"  # low participation first
    r = store.rows("partisipasi", **PERIOD)
    pick = ("jumlah_anggota", "jumlah_kegiatan", "kegiatan_berpeserta", "persen_kegiatan_berpeserta",
            "median_peserta", "persen_partisipasi", "peserta_melebihi_anggota", "partisipasi_rendah")
    got = {k: tuple(v[c] for c in pick) for k, v in r.items()}
    assert got == {
        "A": (20, 6, 4, 66.7, 7.0, 35.0, False, True),
        "B": (10, 3, 3, 100.0, 14.0, 100.0, True, False),
        "C": (None, 3, 3, 100.0, 3.0, None, None, None),
        "D": (None, 3, 3, 100.0, 4.0, None, None, None),
        "E": (20, 4, 2, 50.0, 2.0, 10.0, False, None),
        "G": (10, 3, 3, 100.0, 5.0, 50.0, False, False),
        "F": (10, 0, 0, None, None, None, None, None),
    }


def test_per_kabkota_hand_computed(store: TinyStore) -> None:
    r = store.rows("partisipasi_kabkota", key="kode_kabkota", **PERIOD)
    assert r["32.04"] == {
        "kode_kabkota": "32.04", "kabkota": "Kabupaten Bandung", "jumlah_komunitas": 6, "komunitas_berkegiatan": 6,
        "jumlah_kegiatan": 22, "kegiatan_berpeserta": 18, "persen_kegiatan_berpeserta": 81.8,
        "median_peserta": 4.5,  # medians 2, 3, 4, 5, 7, 14
        "median_persen_partisipasi": 42.5,  # 10, 35, 50, 100
        "komunitas_dinilai": 3, "komunitas_partisipasi_rendah": 1, "persen_partisipasi_rendah": 33.3}
    assert r["32.73"] == {
        "kode_kabkota": "32.73", "kabkota": "Kota Bandung", "jumlah_komunitas": 1, "komunitas_berkegiatan": 0,
        "jumlah_kegiatan": 0, "kegiatan_berpeserta": 0, "persen_kegiatan_berpeserta": None, "median_peserta": None,
        "median_persen_partisipasi": None, "komunitas_dinilai": 0, "komunitas_partisipasi_rendah": 0,
        "persen_partisipasi_rendah": None}
    # the kab/kota figures are the sums of the community rows
    per = store.run("partisipasi", **PERIOD).groupby("kode_kabkota")
    assert per["jumlah_kegiatan"].sum().to_dict() == {k: v["jumlah_kegiatan"] for k, v in r.items()}
    assert per["partisipasi_rendah"].sum().to_dict() == {k: v["komunitas_partisipasi_rendah"] for k, v in r.items()}


def test_filters_and_a_shorter_period(store: TinyStore) -> None:
    assert list(store.rows("partisipasi", jenis="dalam_sekolah", **PERIOD)) == ["B"]
    # up to 22 January: A has 5, 6, 8 (median 6 -> 30 %) and is judged on 3 counted activities
    a = store.rows("partisipasi", dari=date(2024, 1, 1), sampai=date(2024, 1, 22))["A"]
    assert (a["jumlah_kegiatan"], a["median_peserta"], a["persen_partisipasi"], a["partisipasi_rendah"]) \
        == (3, 6.0, 30.0, True)


@pytest.mark.parametrize("name", ["partisipasi", "partisipasi_kabkota"])
def test_a_wali_sees_only_their_region(store: TinyStore, name: str) -> None:
    df = store.run(name, WALI, **PERIOD)
    assert set(df["kode_kabkota"]) == {"32.73"} and len(df) == 1
    assert store.run(name, WALI, kabkota=("32.04",), **PERIOD).empty  # another region's filter gives nothing


@pytest.mark.parametrize("name", ["partisipasi", "partisipasi_kabkota"])
def test_empty_store(empty_store: Path, name: str) -> None:
    tiny = TinyStore(empty_store)
    try:
        assert tiny.run(name, **PERIOD).empty
    finally:
        tiny.close()


def test_on_the_command_line(store: TinyStore, tmp_path: Path) -> None:
    for name, rows in [("partisipasi", 7), ("partisipasi_kabkota", 2)]:
        out = tmp_path / f"{name}.csv"
        subprocess.run([sys.executable, "-m", "queries", name, "--db", str(store.path), "--dari", "2024-01-01",
                        "--sampai", "2024-03-31", "--out", str(out)], cwd=ROOT, check=True, capture_output=True)
        assert len(pd.read_csv(out, encoding="utf-8-sig")) == rows
