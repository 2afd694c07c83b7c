"""A shared link reproduces what the sender sees (issue 15 item 4). In Chromium, on a small loaded store (the
e2e fixtures: 10 communities in three kab/kota, 02/08–04/09/2022): the sender types a period start and presses
Enter (it applies without leaving the field), picks kab/kota, jenis, jenjang, a threshold, a holiday week and
the grid's kab/kota on Aturan Mingguan; a new person (a new browser context, through the token address as
everyone gets in) opens the sender's URL and sees the same headline, settings and follow-up list; the threshold
and holiday week stay in the URL on another page and apply there."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    NO_CHROMIUM,
    TOKEN,
    choose,
    new_page,
    no_error,
    settle,
    token_server,
)
from tests.browser.test_e2e_upload import KEGIATAN_CSV, KOMUNITAS_CSV, download_csv
from tests.support import copy_store, load_store

pytestmark = NO_CHROMIUM


@pytest.fixture(scope="module")
def loaded_app(store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("tautan")
    with token_server(tmp, load_store(copy_store(store_template, tmp), [KOMUNITAS_CSV, KEGIATAN_CSV])) as url:
        yield url


def caption(page: Page):
    return page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first


def headline(page: Page):
    return page.locator('[data-testid="stMain"] h3', has_text="memenuhi aturan mingguan")


def pick(page: Page, widget: str, label: str, option: str) -> None:
    choose(page, page.locator(f'[data-testid="{widget}"]', has_text=label).get_by_role("combobox"), option)
    if widget == "stMultiSelect":
        page.keyboard.press("Escape")
    settle(page)


def settings(page: Page) -> dict[str, object]:
    page.get_by_text("Pengaturan aturan mingguan", exact=True).click()
    ms = page.locator('[data-testid="stMultiSelect"]', has_text="Kabupaten/kota")
    libur = page.locator('[data-testid="stMultiSelect"]', has_text="Minggu libur")
    return {
        "kabkota": sorted(ms.locator('[data-baseweb="tag"]').all_inner_texts()),
        "jenis": page.get_by_role("combobox", name="Jenis komunitas", exact=False).input_value(),
        "jenjang": page.locator('[data-testid="stSelectbox"]', has_text="Jenjang").get_by_role("combobox")
        .input_value(),
        "ambang": page.get_by_role("spinbutton", name="Ambang", exact=False).input_value(),
        "libur": libur.locator('[data-baseweb="tag"]').all_inner_texts(),
        "grid": page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]', has_text="Kabupaten/kota")
        .get_by_role("combobox").input_value(),
    }


def test_a_shared_url_shows_the_receiver_what_the_sender_sees(browser, loaded_app: str) -> None:
    app = loaded_app
    sender = new_page(browser)
    receiver = new_page(browser)
    try:
        sender.goto(f"{app}/?token={TOKEN}")
        settle(sender)
        sender.get_by_role("link", name="Aturan Mingguan").click()
        expect(headline(sender)).to_have_count(1)
        settle(sender)
        bawaan = headline(sender).inner_text()

        # A typed date applies on Enter, the field still focused (Streamlit's own field waits for a blur).
        sender.get_by_role("spinbutton", name="day, Periode start date").click()
        sender.keyboard.type("09")
        sender.keyboard.press("Enter")
        expect(caption(sender)).to_contain_text("Periode 9 Agu 2022 – 4 Sep 2022")
        expect(sender).to_have_url(re.compile(r"periode=2022-08-09&periode=2022-09-04"))
        settle(sender)

        for nama in ("Kabupaten Bandung", "Kabupaten Bandung Barat"):
            pick(sender, "stMultiSelect", "Kabupaten/kota", nama)
        pick(sender, "stSelectbox", "Jenis komunitas", "Dalam sekolah")
        pick(sender, "stSelectbox", "Jenjang", "SD")
        sender.get_by_text("Pengaturan aturan mingguan", exact=True).click()
        ambang = sender.get_by_role("spinbutton", name="Ambang", exact=False)
        ambang.fill("75")
        ambang.press("Enter")
        expect(sender).to_have_url(re.compile(r"ambang=75"))
        settle(sender)
        libur = sender.locator('[data-testid="stMultiSelect"]', has_text="Minggu libur")
        libur.get_by_role("combobox").click()
        sender.get_by_role("option", name=re.compile("29 Agu 2022")).click()
        sender.keyboard.press("Escape")
        settle(sender)
        expect(sender).to_have_url(re.compile(r"libur=2022-08-29"))
        pick(sender, "stSelectbox", "Kabupaten/kota", "Kabupaten Bandung Barat")  # the grid's, in the main area
        expect(sender).to_have_url(re.compile(r"aturan_grid_kabkota=Kabupaten(\+|%20)Bandung(\+|%20)Barat"))
        settle(sender)
        no_error(sender, "aturan_mingguan")
        url = sender.url
        for param in ("periode=", "kabkota=", "jenis=Dalam", "jenjang=SD", "ambang=75", "libur=2022-08-29"):
            assert param in url, (param, url)
        terlihat = headline(sender).inner_text()
        assert terlihat != bawaan  # the settings change the figures, so comparing them means something
        tabel = download_csv(sender, "aturan_tindak_lanjut_csv")
        assert not tabel.empty

        # A new person: the token address first (how anyone gets in), then the sender's link.
        receiver.goto(f"{app}/?token={TOKEN}", wait_until="commit")
        receiver.goto(url)
        expect(headline(receiver)).to_have_text(terlihat)
        settle(receiver)
        expect(caption(receiver)).to_contain_text("Periode 9 Agu 2022 – 4 Sep 2022")
        no_error(receiver, "aturan_mingguan")
        assert settings(receiver) == settings(sender)
        assert download_csv(receiver, "aturan_tindak_lanjut_csv").equals(tabel)

        # On another page the threshold and holiday week stay in the URL, and a link to it applies them.
        sender.get_by_role("link", name="Ringkasan").click()
        expect(sender.locator("h1")).to_have_text("Ringkasan")
        expect(sender).to_have_url(re.compile(r":\d+/\?.*ambang=75"))  # Ringkasan, the default page, is /
        settle(sender)
        assert "libur=2022-08-29" in sender.url and "jenis=Dalam" in sender.url
        nilai = sender.locator('[data-testid="stMetric"]', has_text="Memenuhi aturan mingguan")
        angka = nilai.inner_text().split()
        ketiga = new_page(browser)
        try:
            ketiga.goto(f"{sender.url}&token={TOKEN}")  # the token redirect keeps the link's settings
            kartu = ketiga.locator('[data-testid="stMetric"]', has_text="Memenuhi aturan mingguan")
            expect(kartu).to_have_count(1)
            settle(ketiga)
            assert kartu.inner_text().split() == angka
            assert "ambang=75" in ketiga.url and "token" not in ketiga.url
        finally:
            ketiga.context.close()
    finally:
        sender.context.close()
        receiver.context.close()
