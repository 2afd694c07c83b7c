"""In a real browser (issue 15 item 6): the kab/kota chart of Wilayah and Ringkasan is readable without hovering
on a phone (390 px) and a laptop, and draws without any request leaving the machine (Plotly's geo and tile maps
fetch a topojson or label fonts from the internet). A wali wilayah with two kab/kota gets labelled bars, with
names and values written in the SVG. Tests run in file order: the first one is the server's first session."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import NO_CHROMIUM, Servers, log_in

pytestmark = NO_CHROMIUM


def settle(page: Page) -> None:
    page.wait_for_selector('[data-testid="stApp"]')
    page.wait_for_function("() => !document.querySelector('[data-test-script-state=\"running\"]')")


@pytest.fixture(scope="module")
def wali_login(browser, servers: Servers) -> dict:
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    try:
        log_in(page, servers, "wali")
        return context.storage_state()
    finally:
        context.close()


@pytest.fixture(params=[390, 1280], ids=["ponsel", "laptop"])
def wali_page(request: pytest.FixtureRequest, browser, wali_login: dict) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(locale="id-ID", viewport={"width": request.param, "height": 2400},
                                  storage_state=wali_login)
    context.set_default_timeout(30_000)
    page = context.new_page()
    keluar: list[str] = []  # every request to anywhere but this machine
    page.on("request", lambda r: None if re.match(r"(https?|wss?)://127\.0\.0\.1[:/]|(data|blob):", r.url)
            else keluar.append(r.url))
    yield page, keluar
    context.close()


@pytest.mark.parametrize("path, judul", [("wilayah", "Rata-rata % minggu terpenuhi per kab/kota"),
                                         ("", "Pemenuhan aturan mingguan per kab/kota")])
def test_two_kabkota_are_labelled_bars_drawn_offline(wali_page: tuple[Page, list[str]], servers: Servers,
                                                     path: str, judul: str) -> None:
    page, keluar = wali_page
    page.goto(f"{servers.app}/{path}")
    settle(page)
    chart = page.locator(".js-plotly-plot", has_text=judul)
    expect(chart).to_have_count(1)
    # names and values are written, not only in a hover
    teks = chart.locator("g.ytick text")
    expect(teks).to_have_count(2)
    assert sorted(teks.all_text_contents()) == ["Kab. Bandung", "Kab. Bandung Barat"]
    nilai = chart.locator("g.points text").all_text_contents()
    assert len(nilai) == 2 and all(re.fullmatch(r"\d+(,\d)? %|–", v) for v in nilai), nilai
    assert chart.locator(".geo, .maplibregl-map, canvas").count() == 0
    assert not keluar, keluar
