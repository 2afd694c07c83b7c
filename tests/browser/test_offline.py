"""No request leaves the machine: an intranet install has no internet, so every page — the favicon, fonts, maps,
Plotly, telemetry — must be served by the dashboard itself. Chromium opens every page as the local admin on a
store with data (so charts and maps draw) and records every request the page makes."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import NO_CHROMIUM, no_error, settle, token_server
from tests.support import copy_store

pytestmark = NO_CHROMIUM

PAGES = ["", "aturan_mingguan", "aktivitas", "wilayah", "refleksi", "laporan_dua_bulanan", "rencana_tindak_lanjut",
         "penggerak", "program_upt", "unggah_data", "kualitas_data", "pengguna"]


@pytest.fixture(scope="module")
def app(security_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The conftest's `app` (token mode, local admin), on a store with data. Telemetry is left to the shipped
    .streamlit/config.toml (no --browser.gatherUsageStats on the command line): that is what a user runs."""
    tmp = tmp_path_factory.mktemp("luring")
    with token_server(tmp, copy_store(security_store, tmp), shipped_config=True) as url:
        yield url


def test_every_page_requests_only_the_local_server(admin, app: str) -> None:
    requests: list[str] = []
    admin.on("request", lambda r: requests.append(r.url))
    host = urlsplit(app).hostname
    charts = 0
    for path in PAGES:
        admin.goto(f"{app}/{path}")
        settle(admin)
        admin.wait_for_load_state("networkidle")  # favicon, fonts, map tiles are fetched after the run
        no_error(admin, path)
        charts += admin.locator('[data-testid="stPlotlyChart"]').count()
    assert charts, "no chart was drawn: the pages ran without data, so their fetches were not tried"
    assert requests, "no request was recorded"
    outside = sorted({u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")
                      and urlsplit(u).hostname != host})
    assert not outside, f"requests leaving the machine: {outside}"
    # The tab icon is the bundled image, served by the dashboard itself.
    icon = admin.locator('link[rel~="icon"]').first.get_attribute("href") or ""
    assert urlsplit(icon).hostname in (None, host) and "material" not in icon, icon
