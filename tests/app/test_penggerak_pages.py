"""AppTest of the Penggerak, Program UPT and Kualitas Data pages on the small fixture store and on an empty store,
including the write actions (plan, manual event, mapping) and the admin-only mapping controls."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store.database import open_readonly
from tests.app.conftest import logged_in
from tests.support import ROOT

PAGES = ["pages/penggerak.py", "pages/program_upt.py", "pages/kualitas_data.py"]
USERS = """
[pengguna."wali.bandung@upt.id"]
peran = "wali_wilayah"
kabkota = ["32.04"]
"""


@pytest.fixture
def small(penggerak_store: Path, use_store) -> Path:
    """The penggerak fixture store (tests/fixtures/penggerak), a private copy per test."""
    return use_store(penggerak_store)


def run(page: str, wali: bool = False) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=30)
    at.query_params["periode"] = ["2022-08-01", "2022-08-28"]
    if wali:
        logged_in(at, "wali.bandung@upt.id")
    return at.run()


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success", "subheader")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_pages_render_on_small_store(small: Path, page: str) -> None:
    at = run(page)
    assert not at.exception, at.exception


@pytest.mark.parametrize("page", PAGES)
def test_pages_render_on_empty_store(empty_db: Path, page: str) -> None:
    at = run(page)
    assert not at.exception, at.exception


def test_penggerak_page_ranking_and_weights(small: Path) -> None:
    at = run("pages/penggerak.py")
    shown = texts(at)
    assert "Contoh: Ani Rahmawati (peringkat 1)" in shown and "skor 100,0" in shown
    assert "1 dari 2** penggerak yang ikut upgrading luring" in shown
    at.number_input(key="penggerak_bobot_kegiatan").set_value(2.0).run()
    at.number_input(key="penggerak_bobot_upt").set_value(0.0).run()
    assert not at.exception
    for kunci in ("berbagi", "aturan", "pengimbasan", "kegiatan"):
        at.number_input(key=f"penggerak_bobot_{kunci}").set_value(0.0).run()
    assert "Semua bobot bernilai 0" in texts(at)


def test_wali_sees_only_their_penggerak_and_no_mapping(small: Path) -> None:
    at = run("pages/penggerak.py", wali=True)
    assert not at.exception
    names = set()
    for df in at.dataframe:
        if "penggerak_nama" in df.value.columns:
            names |= set(df.value["penggerak_nama"])
    assert names == {"Ani Rahmawati", "Budi Santoso"}
    kualitas = run("pages/kualitas_data.py", wali=True)
    assert not kualitas.exception
    assert "Perbaiki dengan pemetaan" not in texts(kualitas)
    assert not [b for b in kualitas.button if b.key and b.key.startswith("kualitas_simpan")]


def test_program_page_saves_plan_and_event(small: Path) -> None:
    at = run("pages/program_upt.py")
    assert "Peningkatan kapasitas daring minimal 2 kali" in texts(at)
    at.text_input(key="program_form_nama").set_value("Upgrading Daring Sesi 2")
    at.selectbox(key="program_form_jenis").set_value("peningkatan kapasitas daring")
    at.date_input(key="program_form_tanggal").set_value(date(2022, 8, 24))
    at.button(key="FormSubmitter:program_form_kegiatan-Simpan kegiatan").click().run()
    assert not at.exception, at.exception
    assert "Sudah terlaksana 2 kali" in texts(at)
    con = open_readonly(small)
    try:
        assert con.execute("select count(*) from app.kegiatan_upt_manual").fetchone()[0] == 1
    finally:
        con.close()


def test_kualitas_page_maps_a_spelling(small: Path) -> None:
    at = run("pages/kualitas_data.py")
    assert "Perbaiki dengan pemetaan" in texts(at)
    at.selectbox(key="kualitas_ejaan").set_value("Kab. Bandoeng Raya")
    at.selectbox(key="kualitas_ejaan_target").set_value("32.04").run()
    at.button(key="kualitas_simpan_ejaan").click().run()
    assert not at.exception, at.exception
    assert "1 baris keluar dari karantina" in texts(at)
    con = open_readonly(small)
    try:
        assert con.execute("select count(*) from app.pemetaan").fetchone()[0] == 1
    finally:
        con.close()


@pytest.mark.parametrize("wali", [False, True])
def test_pages_reachable_from_the_menu(small: Path, wali: bool) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    if wali:
        logged_in(at, "wali.bandung@upt.id")
    at.run()
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
