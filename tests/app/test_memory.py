"""Bounded memory at national scale (issue 7): the read-only connection's DuckDB limits, the completeness list
fetched per indicator and limited for display (downloads keep every row), and the mapping targets narrowed by
kab/kota and a search text instead of every community."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from queries.runner import Filters, run_query
from queries.scope import ADMIN, Scope
from store import cow
from store.database import cursor, open_readonly
from tests.fixtures.penggerak import DARI, SAMPAI
from tests.support import ROOT

WALI = Scope(email="w@upt.id", peran="wali_wilayah", kabkota=("32.04",))


@pytest.fixture
def store(penggerak_store: Path) -> Path:
    """A private copy of the penggerak fixture store (tests/fixtures/penggerak) per test."""
    return penggerak_store


def query(store: Path, name: str, extra: dict | None = None, scope: Scope = ADMIN):
    con = open_readonly(store)
    try:
        return run_query(con, name, Filters(DARI, SAMPAI), scope, extra)
    finally:
        con.close()


def rows(df: pd.DataFrame) -> pd.DataFrame:
    """Values only: an all-NULL text column comes back as object/None, otherwise as str/NaN."""
    return df.astype(object).where(df.notna(), None)


def test_readonly_connection_is_bounded(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def settings() -> tuple:
        con = open_readonly(store)
        try:
            cur = cursor(con)  # per-thread cursors inherit the instance's settings
            return cur.execute("select current_setting('memory_limit'), current_setting('threads'), "
                               "current_setting('preserve_insertion_order'), current_setting('temp_directory')"
                               ).fetchone()
        finally:
            con.close()

    monkeypatch.delenv(cow.MEMORY_ENV, raising=False)
    monkeypatch.delenv(cow.THREADS_ENV, raising=False)
    limit, threads, keep_order, tmp = settings()
    assert (limit, threads, keep_order) == ("953.6 MiB", cow.DEFAULT_THREADS, False)  # 1GB = 10^9 bytes
    assert Path(tmp).name.startswith("kombel-duckdb-") and tmp != settings()[3]  # private spill directories
    monkeypatch.setenv(cow.MEMORY_ENV, "512MB")
    monkeypatch.setenv(cow.THREADS_ENV, "1")
    assert settings()[:2] == ("488.2 MiB", 1)


def test_completeness_list_per_indicator_and_limited(store: Path) -> None:
    semua = query(store, "kualitas_kelengkapan_rincian")
    jumlah = dict(query(store, "kualitas_kelengkapan")[["indikator", "jumlah"]].itertuples(index=False))
    assert semua.groupby("indikator").size().to_dict() == {k: v for k, v in jumlah.items() if v}
    for indikator, n in jumlah.items():
        satu = query(store, "kualitas_kelengkapan_rincian", {"indikator": indikator})
        assert len(satu) == n and set(satu["indikator"]) <= {indikator}
        baris = semua[semua["indikator"] == indikator].reset_index(drop=True)
        pd.testing.assert_frame_equal(rows(satu), rows(baris))  # same rows, same order as the unfiltered list
    dokumentasi = query(store, "kualitas_kelengkapan_rincian", {"indikator": "kegiatan_tanpa_dokumentasi"})
    assert list(dokumentasi[["id_komunitas", "sumber_baris"]].itertuples(index=False, name=None))  # not empty
    pertama = query(store, "kualitas_kelengkapan_rincian", {"indikator": "kegiatan_tanpa_dokumentasi", "batas": 1})
    pd.testing.assert_frame_equal(rows(pertama), rows(dokumentasi.head(1)))
    assert query(store, "kualitas_kelengkapan_rincian", {"indikator": "tidak_ada"}).empty
    # The wali's list holds only their kab/kota, also when limited.
    wali = query(store, "kualitas_kelengkapan_rincian", {"indikator": "kegiatan_tanpa_dokumentasi", "batas": 5}, WALI)
    assert set(wali["kode_kabkota"]) <= {"32.04"}


def test_mapping_targets_are_narrowed(store: Path) -> None:
    semua = query(store, "kualitas_komunitas_pilihan")
    assert set(semua["id_komunitas"]) >= {"K1", "K2", "K3", "K4"}
    bandung = query(store, "kualitas_komunitas_pilihan", {"kode_kabkota": "32.04"})
    assert set(bandung["id_komunitas"]) == {"K1", "K2"}
    assert list(query(store, "kualitas_komunitas_pilihan", {"cari": "  soreang "})["id_komunitas"]) == ["K1", "K2"]
    assert list(query(store, "kualitas_komunitas_pilihan",
                      {"cari": "KKG", "kode_kabkota": "32.73"})["id_komunitas"]) == []
    assert len(query(store, "kualitas_komunitas_pilihan", {"batas": 2})) == 2
    assert query(store, "kualitas_komunitas_pilihan", {"cari": "%"}).empty  # a search text, not a LIKE pattern
    # A wali never sees another kab/kota's communities, whatever kab/kota the page asks for.
    assert query(store, "kualitas_komunitas_pilihan", {"kode_kabkota": "32.73"}, WALI).empty


@pytest.fixture
def page_env(store: Path, use_store) -> Path:
    return use_store(store)


def test_kualitas_page_searches_mapping_targets_and_lists_one_indicator(page_env: Path) -> None:
    at = AppTest.from_file(str(ROOT / "pages/kualitas_data.py"), default_timeout=30)
    at.query_params["periode"] = ["2022-08-01", "2022-08-28"]
    at.run()
    assert not at.exception, at.exception
    target = at.selectbox(key="kualitas_nama_target")
    assert target.options and len(target.options) <= 4
    at.text_input(key="kualitas_nama_cari").set_value("tidak ada komunitas seperti ini").run()
    assert not at.exception and at.selectbox(key="kualitas_nama_target").options == []
    at.selectbox(key="kualitas_indikator").set_value("kegiatan_tanpa_durasi").run()
    tabel = at.dataframe[-1].value  # the completeness list is the last table
    assert "indikator" not in tabel.columns and len(tabel) == 1


def test_kualitas_page_shows_the_first_rows_of_a_long_list(page_env: Path, tmp_path: Path) -> None:
    from data_loaders.load import Source, load_files

    berkas = tmp_path / "kegiatan_banyak.csv"
    baris = [f"{d:02d}/08/2022 19:{m:02d}:00;MGMP IPA Soreang;KAB BANDUNG;{d:02d}/08/2022;45;Topik {d}-{m};"
             "Belajar bersama;Daring;" for d in range(1, 29) for m in range(40)]  # 1,120 rows, no documentation
    berkas.write_text("Timestamp;Nama Komunitas Belajar;Kabupaten/Kota;Tanggal Pelaksanaan Kegiatan;Durasi (menit);"
                      "Topik Kegiatan;Bentuk Kegiatan;Moda;Tautan Dokumentasi\n" + "\n".join(baris) + "\n",
                      encoding="utf-8")
    load_files(page_env, [Source.from_path(berkas)])
    at = AppTest.from_file(str(ROOT / "pages/kualitas_data.py"), default_timeout=30)
    at.query_params["periode"] = ["2022-08-01", "2022-08-28"]
    at.run()
    at.selectbox(key="kualitas_indikator").set_value("kegiatan_tanpa_dokumentasi").run()
    assert not at.exception, at.exception
    jumlah = len(query(page_env, "kualitas_kelengkapan_rincian", {"indikator": "kegiatan_tanpa_dokumentasi"}))
    assert jumlah > 1_120
    assert len(at.dataframe[-1].value) == 1_000
    assert f"Ditampilkan 1.000 baris pertama dari {jumlah:,} baris".replace(",", ".") in "\n".join(
        c.value for c in at.caption)
