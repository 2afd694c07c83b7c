"""Issue 17 item 5 on the pages: Laporan Dua Bulanan's penanggung jawab fields (prefilled from the signed-in user,
editable, saved with the draft, a wrong email refused) and the sidebar's printable brief for a wali."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from edits import bimonthly_report as rd
from queries.runner import Filters
from queries.scope import scope_for, users_file
from tests.app.conftest import logged_in
from tests.app.test_refleksi_pages import USERS, WALI, page, stored_draft  # noqa: F401 (USERS: this module's users file)
from tests.support import ROOT
from ui import data

LAPORAN = "pages/laporan_dua_bulanan.py"
KUNCI = "laporan_dua_bulanan|2022-11/12|kabkota=32.04"  # the wali's draft (ui/refleksi.py's session keys)
NAMA, EMAIL = f"{KUNCI}|pj_nama", f"{KUNCI}|pj_email"


@pytest.fixture
def loaded_store(refleksi_store: Path, use_store) -> Path:
    """The pages read a private copy of the loaded Refleksi fixture (tests/fixtures/refleksi)."""
    return use_store(refleksi_store)


def test_prefilled_from_the_signed_in_user_edited_and_saved(loaded_store: Path) -> None:
    at = logged_in(AppTest.from_file(str(ROOT / LAPORAN), default_timeout=60), WALI)
    at.user["name"] = "Wali Bandung"
    at.run()
    assert not at.exception, at.exception
    assert at.text_input(key=NAMA).value == "Wali Bandung"
    assert at.text_input(key=EMAIL).value == WALI
    at.text_input(key=NAMA).set_value("Dra. Siti Aminah, M.Pd.").run()
    at.text_input(key=EMAIL).set_value("siti.aminah@bbgp-jabar.id").run()
    at.button(key="laporan_simpan").click().run()
    assert not at.exception, at.exception
    saved = stored_draft(loaded_store, "2022-11/12", "kabkota=32.04")
    assert saved.penanggung_jawab == rd.PenanggungJawab("Dra. Siti Aminah, M.Pd.", "siti.aminah@bbgp-jabar.id")

    again = page(LAPORAN, WALI)  # a new session reads the saved values, not the login's
    assert again.text_input(key=NAMA).value == "Dra. Siti Aminah, M.Pd."
    assert again.text_input(key=EMAIL).value == "siti.aminah@bbgp-jabar.id"


def test_a_wrong_email_is_refused_and_nothing_saved(loaded_store: Path) -> None:
    at = page(LAPORAN, WALI)
    at.text_input(key=EMAIL).set_value("siti di bbgp").run()
    at.button(key="laporan_simpan").click().run()
    assert not at.exception, at.exception
    assert any("bukan alamat email yang valid" in e.value for e in at.error)
    assert stored_draft(loaded_store, "2022-11/12", "kabkota=32.04") is None


def test_sidebar_brief_for_a_wali_holds_only_their_region(loaded_store: Path) -> None:
    at = page("pages/ringkasan.py", WALI)
    assert not at.exception, at.exception
    assert "Unduh ringkasan cetak (HTML)" in [b.label for b in at.sidebar.get("download_button")]
    path, version = data.open_store()
    scope = scope_for(WALI, users_file())
    teks = data.ringkas_cetak(str(path), version, Filters(date(2022, 8, 1), date(2022, 12, 31)), scope, None,
                              False).decode("utf-8")
    assert "Ringkasan Komunitas Belajar — Kabupaten Bandung" in teks
    assert "Kota Bandung" not in teks
