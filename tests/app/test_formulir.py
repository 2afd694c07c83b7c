"""AppTest: prefilled form links on Kualitas Data (issue 17 item 4). The admin pastes a template (a bad one gets an
Indonesian message and stores nothing), the fields are detected from ID/NAMA/KABKOTA, and the saved template gives
each community its link and QR; a wali cannot change the template and sees only their region's communities."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from edits import formulir
from tests.app.conftest import open_page
from tests.support import add_komunitas, new_store

USERS = """
[pengguna."admin@bbgp-jabar.id"]
peran = "admin"

[pengguna."pimpinan@bbgp-jabar.id"]
peran = "pimpinan"

[pengguna."wali.bandung@bbgp-jabar.id"]
peran = "wali_wilayah"
kabkota = ["32.04"]
"""
A1 = "Kombel Guru & Murid #1"
TEMPLAT = ("https://docs.google.com/forms/d/e/1FAIpQLSe_contohFormulirKombel/viewform?usp=pp_url"
           "&entry.1001=ID&entry.1002=NAMA&entry.1003=KABKOTA")


def fill(con) -> None:
    add_komunitas(con, "A1", nama_komunitas=A1, tanggal_terdaftar=date(2023, 6, 1))
    add_komunitas(con, "B1", nama_komunitas="Kombel Bogor", kode_kabkota="32.01", tanggal_terdaftar=date(2023, 6, 1))


@pytest.fixture
def store(store_template: Path, tmp_path: Path, use_store: Callable[[Path], Path]) -> Path:
    s = new_store(store_template, tmp_path).build(fill)
    s.close()
    return use_store(s.path)


def kualitas(email: str | None = None) -> AppTest:
    return open_page("pages/kualitas_data.py", email)


def test_admin_sets_the_template_and_gets_a_link_per_community(store: Path) -> None:
    at = kualitas()
    assert any("belum" in i.value.lower() or "Tempelkan" in i.value for i in at.info)
    at.text_input(key="formulir_tautan").set_value("https://forms.gle/AbC123").run()
    assert any("Tautan pendek" in e.value for e in at.error)
    assert formulir.read(store) is None

    at.text_input(key="formulir_tautan").set_value(TEMPLAT).run()
    assert not at.exception, at.exception
    assert [at.selectbox(key=f"formulir_entri_{p}").value for p in formulir.PERAN] == [
        "entry.1001", "entry.1002", "entry.1003"]
    at.button(key="formulir_simpan").click().run()
    assert not at.exception, at.exception
    assert any("Templat tautan formulir disimpan" in s.value for s in at.success)
    assert formulir.read(store).entri_id == "entry.1001"

    kab = at.selectbox(key="formulir_kabkota")
    assert set(kab.options) >= {"Kabupaten Bandung", "Kabupaten Bogor"}
    kab.set_value("32.04").run()
    at.selectbox(key="formulir_satu").set_value("A1").run()
    assert not at.exception, at.exception
    tautan = at.code[-1].value
    isian = dict(parse_qsl(urlsplit(tautan).query))
    assert (isian["entry.1001"], isian["entry.1002"], isian["entry.1003"]) == ("A1", A1, "Kabupaten Bandung")
    assert {"formulir_zip", "formulir_html"} <= {d.key for d in at.get("download_button")}
    assert at.get("image")  # the QR code of the community picked


def test_a_wali_downloads_only_their_region_and_cannot_change_the_template(store: Path) -> None:
    formulir.save(store, TEMPLAT, "entry.1001", "entry.1002", "entry.1003", "admin@bbgp-jabar.id")
    at = kualitas("wali.bandung@bbgp-jabar.id")
    assert not [t for t in at.text_input if t.key == "formulir_tautan"]
    assert at.selectbox(key="formulir_kabkota").options == ["Kabupaten Bandung"]
    assert at.selectbox(key="formulir_satu").options == [f"{A1} (A1)"]
    assert {"formulir_zip", "formulir_html"} <= {d.key for d in at.get("download_button")}


def test_pimpinan_downloads_every_region_but_the_template_is_the_admins(store: Path) -> None:
    at = kualitas("pimpinan@bbgp-jabar.id")
    assert not [t for t in at.text_input if t.key == "formulir_tautan"]
    assert any("Admin UPT belum memasang" in i.value for i in at.info)
    formulir.save(store, TEMPLAT, "entry.1001", "entry.1002", None, "admin@bbgp-jabar.id")
    at.run()
    assert not at.exception, at.exception
    assert set(at.selectbox(key="formulir_kabkota").options) >= {"Kabupaten Bandung", "Kabupaten Bogor"}
