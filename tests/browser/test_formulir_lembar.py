"""The printable QR sheet (edits/formulir.html_sheet, issue 17 item 4) as Chromium shows it, offline: every request
but the file itself is aborted and none is made; each card's QR code, cut from a screenshot of the page in print
media, decodes with zxing-cpp to that community's link; a name carrying markup is shown as text."""
from __future__ import annotations

import io
from pathlib import Path

import zxingcpp
from PIL import Image

from edits import formulir

TEMPLAT = ("https://docs.google.com/forms/d/e/1FAIpQLSe_contohFormulirKombel12345678901234/viewform?usp=pp_url"
           "&entry.1001=ID&entry.1002=NAMA&entry.1003=KABKOTA")
NAMA = ["KKG Gugus 3 Soreang", "MGMP Matematika & IPA #2", "Kombel Guru + Siswa Ñusantara 🎓",
        "<img src=x onerror=alert(1)>"]


def test_the_sheet_opens_offline_and_every_printed_code_scans(page, tmp_path: Path) -> None:
    p = formulir.check(TEMPLAT, "entry.1001", "entry.1002", "entry.1003")
    daftar = formulir.rows(p, [{"id_komunitas": f"32.04-KB-{i:04d}", "nama_komunitas": n,
                                "kabkota": "Kabupaten Bandung"} for i, n in enumerate(NAMA)])
    berkas = tmp_path / "lembar.html"
    berkas.write_text(formulir.html_sheet(daftar, "Kabupaten Bandung"), encoding="utf-8")
    luar: list[str] = []

    def route(r) -> None:
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            luar.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(berkas.as_uri())
    page.emulate_media(media="print")
    kartu = page.locator(".kartu")
    assert kartu.count() == len(NAMA)
    for i, b in enumerate(daftar):
        gambar = Image.open(io.BytesIO(kartu.nth(i).locator("svg").screenshot())).convert("L")
        hasil = zxingcpp.read_barcodes(gambar)
        assert [h.text for h in hasil] == [b.tautan]
        assert kartu.nth(i).locator(".nama").inner_text() == b.nama_komunitas
    assert luar == [] and page.dialogs == []
