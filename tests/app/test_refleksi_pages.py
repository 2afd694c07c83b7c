"""AppTest of the three Refleksi pages on the loaded fixture store, on an empty store, and on a store with
communities but no reflection; the wali wilayah's view; the lexicon editor; saving a draft; the search."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import vocab
from data_loaders.load import Source, load_files
from edits import bimonthly_report as report_draft
from edits import lexicon as lexicon_edit
from store import app_state
from tests.app.conftest import logged_in
from tests.fixtures import refleksi
from tests.support import ROOT

FIXTURES = refleksi.FIXTURES
USERS = refleksi.USERS  # the users file of this module's runs (tests/app/conftest.py::app_env)
PAGES = ["pages/refleksi.py", "pages/laporan_dua_bulanan.py", "pages/rencana_tindak_lanjut.py"]
TIMEOUT = 60
WALI = "wali.bandung@bbgp-jabar.id"
KOTA_BANDUNG = {"MGMP Matematika SMP Kota Bandung", "Kombel SMAN 3 Bandung"}


@pytest.fixture
def loaded_store(refleksi_store: Path, use_store) -> Path:
    """The pages read a private copy of the loaded Refleksi fixture (tests/fixtures/refleksi)."""
    return use_store(refleksi_store)


def app_rows(db: Path, sql: str, params: list | None = None) -> pd.DataFrame:
    """What the app's state file holds (store/app_state.py), read directly."""
    with duckdb.connect(str(app_state.app_path(db)), read_only=True) as con:
        return con.execute(sql, params or []).df()


def stored_draft(db: Path, periode: str, lingkup: str) -> report_draft.SavedDraft | None:
    return report_draft.saved_draft(app_rows(
        db, "select * from laporan_dua_bulanan where periode = ? and lingkup = ?", [periode, lingkup]))


def page(path: str, email: str | None = None) -> AppTest:
    """A page opened on its own (a deep link); `email` signs in with login configured."""
    at = AppTest.from_file(str(ROOT / path), default_timeout=TIMEOUT)
    return (logged_in(at, email) if email else at).run()


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success", "text", "subheader")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def frames(at: AppTest) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


def communities(at: AppTest) -> set[str]:
    return {n for df in frames(at) if "nama_komunitas" in df.columns for n in df["nama_komunitas"]}


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_on_loaded_store(loaded_store: Path, path: str) -> None:
    at = page(path)
    assert not at.exception, at.exception
    assert "Mode lokal (tanpa login)" in [c.value for c in at.sidebar.caption]  # the guard ran
    assert at.selectbox(key="refleksi_periode").value == "2022-11/12"  # the latest period by default
    assert frames(at)
    assert communities(at) & KOTA_BANDUNG  # an admin sees every kab/kota


@pytest.mark.parametrize("path", PAGES)
def test_page_empty_store(empty_db: Path, path: str) -> None:
    at = page(path)
    assert not at.exception, at.exception
    assert any("Belum ada data komunitas" in i.value for i in at.info)
    assert not at.dataframe


@pytest.mark.parametrize("path", PAGES)
def test_page_with_communities_but_no_reflection(empty_db: Path, path: str) -> None:
    load_files(empty_db, [Source.from_path(FIXTURES / "komunitas_kombel.csv")])
    at = page(path)
    assert not at.exception, at.exception
    if path == "pages/rencana_tindak_lanjut.py":  # the chase list still works: nobody has reflected yet
        assert "5 komunitas belum mengisi refleksi" in texts(at)
        assert len(frames(at)[-1]) == 5
    else:
        assert any("Belum ada refleksi komunitas belajar" in i.value for i in at.info)
        assert not at.dataframe


def test_navigation_has_the_refleksi_section(loaded_store: Path) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    for path, title in zip(PAGES, ("Refleksi", "Laporan Dua Bulanan", "Rencana Tindak Lanjut")):
        at.switch_page(path).run()
        assert not at.exception and at.title[0].value == title


def test_refleksi_ranking_drill_down_and_period(loaded_store: Path) -> None:
    at = page("pages/refleksi.py")
    assert "Tema refleksi Nov–Des 2022: 3 komunitas mengisi" in texts(at)
    hal_baik = frames(at)[0]
    assert list(hal_baik.columns[:5]) == ["peringkat", "tema", "jumlah_komunitas", "persen_komunitas",
                                          "selisih_komunitas"]
    # the drill-down lists exactly the items counted in the row of the chosen theme
    at.selectbox(key="refleksi_telusur_komponen").set_value("hal_baik").run()
    tema = hal_baik.iloc[0]["tema"]
    at.selectbox(key="refleksi_telusur_tema").set_value(tema).run()
    butir = next(df for df in frames(at) if "butir" in df.columns and "jawaban" in df.columns)
    assert len(butir) == hal_baik.iloc[0]["jumlah_butir"]
    assert butir["id_komunitas"].nunique() == hal_baik.iloc[0]["jumlah_komunitas"]
    # the `lainnya` panel: the classifier left "Sultan Agung 100%" without a theme
    assert "sultan agung" in set(next(df for df in frames(at) if "frasa" in df.columns)["frasa"])
    at.selectbox(key="refleksi_periode").set_value("2022-09/10").run()
    assert "Tema refleksi Sep–Okt 2022: 3 komunitas mengisi" in texts(at)


def test_wali_sees_only_their_region_and_a_read_only_lexicon(loaded_store: Path) -> None:
    for path in PAGES:
        at = page(path, WALI)
        assert not at.exception, at.exception
        assert frames(at)
        assert not communities(at) & KOTA_BANDUNG, path
    at = page("pages/refleksi.py", WALI)
    assert any("hanya dapat diubah oleh admin atau pimpinan" in i.value for i in at.info)
    assert not [b for b in at.button if b.label.startswith("Simpan sebagai versi baru")]


def test_admin_lexicon_editor_saves_version_2_and_reclassifies(loaded_store: Path) -> None:
    at = page("pages/refleksi.py")
    at.selectbox(key="refleksi_leksikon_kelompok").set_value("rencana_tindak_lanjut").run()
    form_tema = next(s for s in at.selectbox if s.label == "Tema" and "diseminasi praktik baik" in s.options)
    form_tema.set_value("diseminasi praktik baik")
    next(t for t in at.text_area if t.label.startswith("Kata kunci baru")).set_value("sultan agung")
    next(b for b in at.button if b.label.startswith("Simpan sebagai versi baru")).click().run()
    assert not at.exception, at.exception
    assert any("Leksikon versi 2 tersimpan; 51 butir" in s.value for s in at.success)
    versi, lex = lexicon_edit.current(
        app_rows(loaded_store, "select versi, isi_json from leksikon order by versi desc"))
    assert versi == 2
    assert "sultan agung" in next(t for t in lex.group_of("rencana_tindak_lanjut").tema
                                  if t.nama == "diseminasi praktik baik").kata_kunci
    # the page now counts with version 2: its only `lainnya` item found a theme
    assert any(i.value == "Tidak ada butir tanpa tema." for i in at.info)
    assert not [df for df in frames(at) if "frasa" in df.columns]


def test_laporan_draft_saved_per_scope(loaded_store: Path) -> None:
    at = page("pages/laporan_dua_bulanan.py")
    assert [s.value for s in at.subheader][:6] == [
        f"{i}. {vocab.KOMPONEN_LAPORAN_LABEL[k]}" for i, k in enumerate(vocab.KOMPONEN_LAPORAN, 1)]
    at.button(key="laporan_simpan").click().run()
    assert not at.exception, at.exception
    assert any(t.value.startswith("Draf tersimpan") and "oleh lokal" in t.value for t in at.text)
    semua = stored_draft(loaded_store, "2022-11/12", "kabkota=semua")
    assert semua is not None and set(semua.draft["komponen_laporan"]) <= set(vocab.KOMPONEN_LAPORAN)

    wali = page("pages/laporan_dua_bulanan.py", WALI)
    assert not any(t.value.startswith("Draf tersimpan") for t in wali.text)  # not the UPT-wide draft
    wali.button(key="laporan_simpan").click().run()
    mine = stored_draft(loaded_store, "2022-11/12", "kabkota=32.04")
    assert mine is not None and mine.disimpan_oleh == WALI
    assert mine.draft["jumlah_komunitas"].max() <= 2  # only Kab. Bandung communities counted
    assert stored_draft(loaded_store, "2022-11/12", "kabkota=semua").disimpan_oleh == "lokal"


def test_rencana_search_and_chase_list(loaded_store: Path) -> None:
    at = page("pages/rencana_tindak_lanjut.py")
    semua = frames(at)[0]
    assert {"nama_komunitas", "tema", "butir", "penggerak_email"} <= set(semua.columns)
    at.text_input(key="rtl_cari").set_value("lesson").run()
    cocok = frames(at)[0]
    assert 0 < len(cocok) < len(semua)
    assert all("lesson" in f"{r.nama_komunitas} {r.butir} {r.tema}".lower() for r in cocok.itertuples())
    belum = frames(at)[-1]
    # Nov-Des: Gugus 3 and SMPN 2 Soreang have not reflected (SMPN 2 Soreang never has)
    assert sorted(belum["nama_komunitas"]) == ["KKG Gugus 3 Cileunyi", "Kombel SMPN 2 Soreang"]
    assert set(belum["penggerak_email"]) == {"asep.sunandar@guru.sd.belajar.id", "yanti.r@guru.smp.belajar.id"}
