"""The printable brief (ui/ringkas_cetak.py, issue 17 item 5) opens offline: Chromium opens the generated HTML file
with every request recorded and anything but the file itself aborted, for the admin and for a one-kab/kota wali.
Nothing else is asked for, the headline figures are the `headline` query's, the at-risk names are there, a name
typed as markup is shown as text (no alert, no element), and the page prints to PDF. A PNG and the PDF of each go
to $KOMBEL_SCREENSHOTS (default: this test's tmp dir) for a person to look at."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from queries.runner import run_query
from queries.scope import ADMIN
from tests.browser.conftest import NO_CHROMIUM, new_page
from tests.fixtures.security import PERIOD, WALI_KOTA, XSS_NAME
from tests.support import open_readonly
from ui import format as fmt
from ui.ringkas_cetak import build_brief

pytestmark = NO_CHROMIUM


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("KOMBEL_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("ringkas_cetak")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize("nama, scope", [("admin", ADMIN), ("wali_kota", WALI_KOTA)])
def test_brief_opens_offline_with_the_query_figures(browser, security_store: Path, tmp_path: Path, shots: Path,
                                                     nama: str, scope) -> None:
    con = open_readonly(security_store)
    try:
        teks = build_brief(con, PERIOD, scope, diperbarui_pada="1 Jun 2024 08.00")
        h = run_query(con, "headline", PERIOD, scope).iloc[0]
        tindak = run_query(con, "weekly_rule_followup", PERIOD, scope)
    finally:
        con.close()
    berkas = tmp_path / f"ringkasan_{nama}.html"
    berkas.write_bytes(teks)
    alamat = berkas.as_uri()

    page = new_page(browser)
    diminta: list[str] = []
    luar: list[str] = []

    def jaga(route) -> None:
        url = route.request.url
        diminta.append(url)
        if url == alamat:
            route.continue_()
        else:
            luar.append(url)
            route.abort()

    page.route("**/*", jaga)
    page.on("request", lambda r: diminta.append(r.url))
    try:
        page.goto(alamat, wait_until="load")
        page.wait_for_timeout(300)  # anything lazily requested after load would land in `luar`
        assert luar == [], luar
        assert set(diminta) == {alamat}, diminta
        assert page.dialogs == []  # an alert() from data never ran

        angka = {el.get_attribute("data-kunci"): el.inner_text() for el in page.locator("[data-kunci]").all()}
        assert angka["jumlah_komunitas"] == fmt.angka(h.jumlah_komunitas)
        assert angka["komunitas_aktif_4_minggu"] == fmt.angka(h.komunitas_aktif_4_minggu)
        assert angka["komunitas_memenuhi_aturan"] == fmt.angka(h.komunitas_memenuhi_aturan)
        assert angka["jumlah_refleksi"] == fmt.angka(h.jumlah_refleksi)
        assert angka["persen_cakupan_ikm"] == fmt.persen(h.persen_cakupan_ikm)

        daftar = page.locator("table.berisiko").inner_text()
        berisiko = tindak[tindak["berisiko"]]
        assert len(berisiko) >= 1
        for n in berisiko["nama_komunitas"]:
            assert n in daftar  # shown exactly as typed, markup included, as text
        assert page.locator("script").count() == 0 and page.locator("a").count() == 0
        if scope is ADMIN:
            assert XSS_NAME in page.locator("body").inner_text()
            assert page.locator("svg.peta path").count() >= 3
        else:
            assert XSS_NAME not in page.locator("body").inner_text()  # another wali's kab/kota
            assert page.locator("svg.batang").count() == 1

        page.screenshot(path=str(shots / f"ringkasan_cetak_{nama}.png"), full_page=True)
        pdf = page.pdf(path=str(shots / f"ringkasan_cetak_{nama}.pdf"), format="A4", print_background=True)
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
        assert luar == []  # printing asked for nothing either
    finally:
        page.context.close()
