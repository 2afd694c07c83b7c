"""In a real browser, behind a real OpenID Connect login: a deep link on a fresh server is guarded, a
wali wilayah sees and downloads only their kab/kota, data never turns into script or links, and a
stranger sees nothing. Tests run in file order: the first one is the server's first session."""
from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LOGIN, NO_CHROMIUM, STRANGER_EMAIL, Servers, choose, log_in, new_page
from tests.fixtures.security import LINK_NAME, WALI_EMAIL, XSS_NAME

WALI_NAMES = ["Kabupaten Bandung", "Kabupaten Bandung Barat"]
OUTSIDE = ["Kota Bandung", "SMAN 3 Bandung", "HYPERLINK", "Dewi Lestari", "Budi Santoso", "SMPN 9 Bandung"]
pytestmark = NO_CHROMIUM


def settle(page: Page) -> None:
    page.wait_for_selector('[data-testid="stApp"]')
    page.wait_for_function("() => !document.querySelector('[data-test-script-state=\"running\"]')")


def no_data(page: Page) -> None:
    for selector in ('[data-testid="stDataFrame"]', ".js-plotly-plot", '[data-testid="stMetric"]',
                     '[data-testid="stDownloadButton"]', '[data-testid="stMultiSelect"]'):
        expect(page.locator(selector)).to_have_count(0)


@pytest.fixture(scope="module")
def wali_login(browser, servers: Servers) -> dict:
    """The wali's session cookie, from one real login (after the fresh-server test has run)."""
    page = new_page(browser)
    try:
        log_in(page, servers, "wali")
        expect(page.get_by_text(f"Masuk sebagai {WALI_EMAIL}")).to_be_visible()
        return page.context.storage_state()
    finally:
        page.context.close()


@pytest.fixture
def wali_page(browser, wali_login: dict) -> Iterator[Page]:
    page = new_page(browser, wali_login)
    yield page
    page.context.close()


def test_deep_link_on_a_fresh_server_is_guarded(page: Page, servers: Servers) -> None:
    page.goto(f"{servers.app}/aturan_mingguan")  # the first session: pages/ still auto-discovered
    expect(page.get_by_role("button", name=LOGIN)).to_be_visible()
    settle(page)
    expect(page.get_by_role("heading", name="Aturan Mingguan")).to_be_visible()  # the page file ran alone
    no_data(page)


def test_wali_sees_and_downloads_only_their_kabkota(wali_page: Page, servers: Servers) -> None:
    page = wali_page
    page.goto(f"{servers.app}/wilayah?kabkota=Kota+Bandung")  # a shared link naming another kab/kota
    settle(page)
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    # the kab/kota filter offers only theirs
    page.locator(".st-key-kabkota [role='combobox']").click()
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options.filter(has_text="Kabupaten Bandung Barat")).to_have_count(1)
    assert sorted(t for t in options.all_inner_texts() if t != "Select all") == WALI_NAMES
    page.keyboard.press("Escape")
    # the progress table's download holds only their kab/kota
    with page.expect_download() as download:
        page.locator(".st-key-wilayah_progres_csv button").click()
    rows = pd.read_csv(io.BytesIO(open(download.value.path(), "rb").read()), encoding="utf-8-sig", dtype=str)
    assert sorted(rows["kabkota"]) == WALI_NAMES
    charts = " ".join(page.locator(".js-plotly-plot").all_inner_texts())
    body = page.locator("body").inner_text()
    for text in OUTSIDE:
        assert text not in body and text not in charts, text
    assert not page.dialogs


def test_wali_follow_up_list_and_week_grid(wali_page: Page, servers: Servers) -> None:
    page = wali_page
    page.goto(f"{servers.app}/aturan_mingguan")
    settle(page)
    with page.expect_download() as download:
        page.locator(".st-key-aturan_tindak_lanjut_csv button").click()
    rows = pd.read_csv(io.BytesIO(open(download.value.path(), "rb").read()), encoding="utf-8-sig", dtype=str)
    assert set(rows["kabkota"]) == set(WALI_NAMES)
    assert XSS_NAME in set(rows["nama_komunitas"])  # text stays text in the file too
    # the week grid of Bandung Barat names the attack-named communities in its axis
    choose(page, page.locator(".st-key-aturan_grid_kabkota [role='combobox']"), "Kabupaten Bandung Barat")
    settle(page)
    grid = page.locator(".js-plotly-plot", has_text="Status mingguan komunitas di Kabupaten Bandung Barat")
    expect(grid).to_have_count(1)
    expect(grid.locator(".ytick text", has_text="alert(1)")).to_have_count(1)
    labels = grid.locator(".ytick text").all_text_contents()
    assert XSS_NAME in labels and LINK_NAME in labels  # shown literally, not as markup
    assert page.locator('a[href*="evil"]').count() == 0
    assert page.locator("script", has_text="alert(1)").count() == 0
    assert not page.dialogs
    body = page.locator("body").inner_text()
    assert not re.search("|".join(OUTSIDE), body)


def test_a_stranger_sees_nothing(page: Page, servers: Servers) -> None:
    log_in(page, servers, "asing")
    expect(page.get_by_text("belum terdaftar", exact=False)).to_be_visible()
    expect(page.get_by_text(f"Akun: {STRANGER_EMAIL}")).to_be_visible()
    for path in ("aturan_mingguan", "unggah_data"):
        page.goto(f"{servers.app}/{path}")
        expect(page.get_by_text("belum terdaftar", exact=False)).to_be_visible()
        settle(page)
        no_data(page)


def test_a_bookmark_of_an_admin_page_before_login_asks_to_log_in(page: Page, servers: Servers) -> None:
    page.goto(servers.app)  # the server has run its navigation once (a later deep link is routed by it)
    expect(page.get_by_role("button", name=LOGIN)).to_be_visible()
    settle(page)
    page.goto(f"{servers.app}/unggah_data")
    expect(page.get_by_role("button", name=LOGIN)).to_be_visible()
    settle(page)
    expect(page.get_by_text("Page not found", exact=False)).to_have_count(0)  # registered, only hidden from menus
    expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)
    no_data(page)
