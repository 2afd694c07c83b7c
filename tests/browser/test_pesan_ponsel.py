"""Ready-to-send WhatsApp messages on a phone (issue 16 item 2): in Chromium at 390 px wide, the admin (local
token mode) opens Aturan Mingguan, picks the three at-risk communities, and gets three wa.me links whose decoded
text names the right community, its penggerak and the weeks missed; the page never scrolls sideways; the CSV
for bulk tools carries number + name + message and its download is recorded in the app state's log_ekspor.

Store (built by hand): 2024-01-01 to Sunday 2024-02-11. Three communities with long names in two kab/kota met
weekly until Wednesday 17 Jan and stopped (three whole weeks to 11 Feb); a fourth meets every week.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import duckdb
import pytest
from playwright.sync_api import expect

from store import app_state
from tests.browser.conftest import (
    NO_CHROMIUM,
    TOKEN,
    no_error,
    settle,
    token_server,
)
from tests.support import add_kegiatan, add_komunitas, new_store

pytestmark = NO_CHROMIUM

LEBAR = 390
BERISIKO = {  # id -> (name, kab/kota, penggerak, number)
    "R1": ("Komunitas Belajar Guru Penggerak Sekolah Dasar Negeri Cibiru & Sekitarnya", "32.04", "Siti Aminah",
           "6281200000101"),
    "R2": ("Kombel Matematika? #2 Kecamatan Cileunyi 🚀", "32.04", "Budi Santoso", "6281200000102"),
    "R3": ("KKG Gugus Melati Bogor", "32.01", "Dodi Saputra", "6281200000103"),
}


def fill(con) -> None:
    for kid, (nama, kab, penggerak, nomor) in BERISIKO.items():
        add_komunitas(con, kid, nama_komunitas=nama, kode_kabkota=kab, tanggal_terdaftar=date(2023, 6, 1),
                      penggerak_nama=penggerak, penggerak_email=f"{kid.lower()}@guru.id", penggerak_wa=nomor)
    add_komunitas(con, "OK", nama_komunitas="Kombel Rajin", tanggal_terdaftar=date(2023, 6, 1),
                  penggerak_nama="Cici", penggerak_email="cici@guru.id", penggerak_wa="6281200000104")
    for w in range(6):
        add_kegiatan(con, "OK", date(2024, 1, 3) + timedelta(weeks=w), 60)
        if w < 3:
            for kid in BERISIKO:
                add_kegiatan(con, kid, date(2024, 1, 3) + timedelta(weeks=w), 60)
    add_kegiatan(con, "OK", date(2024, 2, 11), 60)


@pytest.fixture(scope="module")
def ponsel_app(store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    tmp = tmp_path_factory.mktemp("pesan")
    store = new_store(store_template, tmp).build(fill)
    store.close()
    with token_server(tmp, store.path) as url:
        yield url, store.path


@pytest.fixture
def ponsel(browser) -> Iterator[object]:
    context = browser.new_context(accept_downloads=True, locale="id-ID", viewport={"width": LEBAR, "height": 844},
                                  is_mobile=True, has_touch=True, device_scale_factor=3)
    context.set_default_timeout(30_000)
    pg = context.new_page()
    yield pg
    context.close()


def no_sideways_scroll(page) -> None:
    lebar = page.evaluate("() => document.documentElement.scrollWidth")
    assert lebar <= LEBAR, f"halaman selebar {lebar} px pada layar {LEBAR} px"


def test_three_wa_links_on_a_phone_without_sideways_scrolling(ponsel_app: tuple[str, Path], ponsel) -> None:
    url, store = ponsel_app
    page = ponsel
    page.goto(f"{url}/?token={TOKEN}")
    settle(page)
    page.goto(f"{url}/aturan_mingguan")
    settle(page)
    tombol = page.get_by_role("button", name="Pilih semua yang berisiko dan belum bertemu lagi (3)")
    tombol.scroll_into_view_if_needed()
    tombol.click()
    links = page.locator('a[href^="https://wa.me/"]')
    expect(links).to_have_count(3)
    settle(page)
    no_error(page, "aturan_mingguan")

    found = {}
    for i in range(3):
        link = links.nth(i)
        href = link.get_attribute("href")
        parts = urlsplit(href)
        nomor = parts.path.strip("/")
        teks = parse_qs(parts.query)["text"][0]
        found[nomor] = teks
        link.scroll_into_view_if_needed()
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= LEBAR  # tappable, fully on screen
    assert set(found) == {v[3] for v in BERISIKO.values()}
    for nama, _, penggerak, nomor in BERISIKO.values():
        teks = found[nomor]
        assert nama in teks, teks  # & ? # and the emoji survive the link
        assert f"Bapak/Ibu {penggerak}" in teks
        assert "selama 3 minggu terakhir" in teks and "17 Januari 2024" in teks
    # each message is on the page as a code block (copy icon), wrapped to the screen
    for nama, *_ in BERISIKO.values():
        expect(page.locator('[data-testid="stCode"]').filter(has_text=nama.split(" 🚀")[0])).to_have_count(1)
    no_sideways_scroll(page)
    page.mouse.wheel(0, 20_000)
    no_sideways_scroll(page)

    unduh = page.get_by_role("button", name="Unduh CSV pesan (nomor, nama, pesan)")
    unduh.scroll_into_view_if_needed()
    with page.expect_download() as info:
        unduh.click()
    isi = Path(info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(isi)))
    assert {r["nomor_wa"]: r["nama_komunitas"] for r in rows} == {v[3]: v[0] for v in BERISIKO.values()}
    assert all(found[r["nomor_wa"]] == r["pesan"] for r in rows)  # the same text the link carries
    con = duckdb.connect(str(app_state.app_path(store)), read_only=True)
    try:
        assert con.execute("select oleh, ekspor, jumlah_baris, jumlah_nomor from log_ekspor").fetchall() == [
            ("lokal", "pesan_tindak_lanjut", 3, 3)]
    finally:
        con.close()
