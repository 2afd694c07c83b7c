"""The token model in a real browser (issue 14 items 1 and 2), without login configured. The launcher
(`python start.py --no-browser`) starts the dashboard on a free loopback port with a token of its own making
and prints the address to open; a tiny TCP forwarder on another loopback port stands for any proxy, SSH tunnel
or port forward. The store holds markup in every text field of every input kind (tests/app/
test_markup_from_data.py), loaded through the real loader.

- the token address gets the dashboard, the cookie is HttpOnly + SameSite=Strict, and the address bar ends
  without the token; a context without the cookie gets the refusal and no figure;
- through the forwarder a browser without the token sees no data, and a hand-made client with forged `Host`,
  `Origin`, `X-Forwarded-*` headers gets HTTP 403 and a refused websocket handshake (the same client with the
  cookie gets `101 Switching Protocols`: the refusal is the gate's, not the harness's);
- no page turns data into a link, an image or bold text: not in the DOM, not in Plotly's SVG.
Tests run in file order and share one server.
"""
from __future__ import annotations

import os
import re
import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import websockets.exceptions
import websockets.sync.client
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    NO_CHROMIUM,
    free_port,
    handshake,
    new_page,
    settle,
    start_server,
    stop_server,
    wait_ok,
)
from tests.fixtures.markup import LINK, build_markup_store
from tests.support import ROOT

pytestmark = NO_CHROMIUM
PAGES = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))
REFUSAL = "Akses ditolak"
NONE = {"links": 0, "images": 0, "handlers": 0, "bold": 0}
# What a client can claim about itself; none of it is believed.
FORGED = {"X-Forwarded-For": "127.0.0.1", "X-Forwarded-Host": "127.0.0.1", "X-Forwarded-Proto": "http",
          "X-Real-IP": "127.0.0.1", "Forwarded": "for=127.0.0.1;host=127.0.0.1"}


@dataclass(frozen=True)
class Dashboard:
    app: str        # http://127.0.0.1:PORT, the server itself
    token_url: str  # as the launcher printed it
    port: int
    forwarder: str  # http://127.0.0.1:OTHER, a TCP forwarder in front of the server


class Forwarder:
    """A plain TCP forwarder (as `ssh -L`, socat or a proxy would be): bytes in, bytes out, no headers added."""

    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self.server.close()


@pytest.fixture(scope="module")
def dashboard(store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    tmp = tmp_path_factory.mktemp("token")
    home = tmp / "home"
    (home / ".streamlit").mkdir(parents=True)  # no secrets.toml anywhere: no login
    store = build_markup_store(store_template, tmp)
    port = free_port()
    env = {**os.environ, "HOME": str(home), "KOMBEL_DB": str(store), "KOMBEL_SAMPLE": "0",
           "PYTHONWARNINGS": "ignore", "PYTHONUNBUFFERED": "1"}
    for name in ("KOMBEL_TOKEN", "KOMBEL_PENGGUNA", "DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    log = tmp / "start.log"
    proc = start_server([sys.executable, "start.py", "--no-browser", "--server.port", str(port),
                   "--server.fileWatcherType", "none"], log, env, ROOT)
    forwarder = None
    try:
        app = f"http://127.0.0.1:{port}"
        wait_ok(f"{app}/_stcore/health", proc, log)
        deadline = time.monotonic() + 20
        while not (found := re.search(rf"{re.escape(app)}/\?token=[\w-]+", log.read_text(errors="replace"))):
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.2)
        forwarder = Forwarder(port)
        yield Dashboard(app, found.group(0), port, f"http://127.0.0.1:{forwarder.port}")
    finally:
        if forwarder:
            forwarder.close()
        stop_server(proc)


@pytest.fixture(scope="module")
def holder(browser, dashboard: Dashboard) -> Iterator[Page]:
    """The browser at the machine: opened the printed address once."""
    page = new_page(browser)
    page.goto(dashboard.token_url)
    settle(page)
    yield page
    page.context.close()


def refused(page: Page) -> None:
    expect(page.get_by_role("heading", name=REFUSAL)).to_be_visible()
    for selector in ('[data-testid="stApp"]', ".js-plotly-plot", '[data-testid="stDataFrame"]',
                     '[data-testid="stMetric"]'):
        expect(page.locator(selector)).to_have_count(0)
    assert "Kombel" not in page.content()


def test_the_launcher_prints_the_token_address(dashboard: Dashboard) -> None:
    token = dashboard.token_url.rpartition("=")[2]
    assert len(token) >= 43  # secrets.token_urlsafe(32)


def test_the_token_address_opens_the_dashboard_and_leaves_the_address_bar(holder: Page,
                                                                          dashboard: Dashboard) -> None:
    # redirected without `token`; the app then writes its settings (the period) to the URL
    assert holder.url.partition("?")[0] == f"{dashboard.app}/" and "token" not in holder.url
    expect(holder.get_by_text("Mode lokal (tanpa login)")).to_be_visible()
    expect(holder.locator(".js-plotly-plot").first).to_be_visible()
    [cookie] = [c for c in holder.context.cookies() if c["name"] == f"kombel_akses_{dashboard.port}"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert cookie["value"] not in dashboard.token_url
    assert holder.evaluate("document.cookie").find("kombel_akses") == -1  # page scripts cannot read it
    # a deep link with filters then works without the token, and keeps its filters
    holder.goto(f"{dashboard.app}/aturan_mingguan?jenis=antar_sekolah")
    settle(holder)
    expect(holder.get_by_role("heading", name="Aturan Mingguan", exact=True)).to_be_visible()
    expect(holder.locator(".js-plotly-plot").first).to_be_visible()
    assert "token" not in holder.url


def test_a_browser_without_the_cookie_is_refused(browser, dashboard: Dashboard) -> None:
    page = new_page(browser)
    try:
        for path in ("", "program_upt", "unggah_data"):
            response = page.goto(f"{dashboard.app}/{path}")
            assert response.status == 403
            refused(page)
        page.goto(f"{dashboard.app}/?token=tebakan-yang-salah-0000000000000")
        refused(page)
        expect(page.get_by_text("tidak cocok")).to_be_visible()
        assert not page.context.cookies()
    finally:
        page.context.close()


def test_through_a_forwarder_a_browser_without_the_token_sees_no_data(browser, dashboard: Dashboard) -> None:
    page = new_page(browser)
    try:
        page.set_extra_http_headers(FORGED)
        for path in ("", "program_upt", "unggah_data"):
            response = page.goto(f"{dashboard.forwarder}/{path}")
            assert response.status == 403
            refused(page)
    finally:
        page.context.close()


def test_forged_headers_get_no_data(dashboard: Dashboard, capsys: pytest.CaptureFixture) -> None:
    host = f"127.0.0.1:{dashboard.port}"
    forged = {"Host": host, "Origin": f"http://{host}", "Referer": f"http://{host}/", **FORGED}
    fwd_port = int(dashboard.forwarder.rpartition(":")[2])
    evidence = []
    for base in (dashboard.forwarder, dashboard.app):
        for path in ("/", "/program_upt", "/_stcore/host-config", "/media/x.csv", "/_stcore/upload_file/x"):
            r = httpx.get(base + path, headers=forged, follow_redirects=False, timeout=10)
            evidence.append(f"GET {base}{path} -> {r.status_code}")
            assert r.status_code == 403 and REFUSAL in r.text and "Kombel" not in r.text
    for port in (fwd_port, dashboard.port):
        status = handshake(port, forged)
        evidence.append(f"websocket handshake :{port} (forged headers) -> {status}")
        assert status.split()[1] == "403", status
        with pytest.raises(websockets.exceptions.InvalidStatus) as refusal:
            websockets.sync.client.connect(f"ws://127.0.0.1:{port}/_stcore/stream", origin=f"http://{host}",
                                           additional_headers=FORGED, subprotocols=["streamlit"],
                                           open_timeout=10)
        assert refusal.value.response.status_code == 403
    # Control: the same hand-made client holding the cookie is let through, via the forwarder too.
    r = httpx.get(dashboard.token_url, follow_redirects=False, timeout=10)
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"].split(";")[0]
    for port in (fwd_port, dashboard.port):
        status = handshake(port, {"Host": host, "Cookie": cookie})
        evidence.append(f"websocket handshake :{port} (with the cookie) -> {status}")
        assert status.split()[1] == "101", status
    with capsys.disabled():
        print("\n" + "\n".join(evidence))


def _markup_in_dom(page: Page) -> dict[str, int]:
    """Elements made from the data's markup, in the document and in Plotly's SVG: links (`href`, SVG's
    `xlink:href`), images or anything else loading `x`, event handlers, bold "tebal". (Plotly keeps each label's
    source text, escaped, in an inert `data-unformatted` attribute: that one is text.)"""
    return page.evaluate("""() => {
        const all = [...document.querySelectorAll('*')];
        const value = (e, names) => names.map(n => e.getAttribute(n) || '').join(' ');
        return {
            links: all.filter(e => value(e, ['href', 'xlink:href', 'action', 'formaction'])
                                   .includes('phish.example')).length,
            images: all.filter(e => ['src', 'srcset', 'poster', 'data'].some(n => e.getAttribute(n) === 'x')).length,
            handlers: all.filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
            bold: all.filter(e => (e.tagName.toLowerCase() === 'b' || (e.getAttribute('style') || '').includes('bold'))
                                  && e.textContent.trim() === 'tebal').length,
        };
    }""")


def _svg_texts(page: Page) -> str:
    return page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot svg text')]"
                         ".map(t => t.textContent).join('\\n')")


@pytest.mark.parametrize(("path", "chart"), [("program_upt", "Topik upgrading"),
                                             ("aturan_mingguan", "Status mingguan")])
def test_chart_labels_from_data_stay_text(holder: Page, dashboard: Dashboard, path: str, chart: str) -> None:
    holder.goto(f"{dashboard.app}/{path}")
    settle(holder)
    plot = holder.locator(".js-plotly-plot", has_text=chart)
    expect(plot).to_have_count(1)
    plot.scroll_into_view_if_needed()
    expect(plot.locator("svg text", has_text="phish.example").first).to_be_attached()
    assert _markup_in_dom(holder) == NONE
    assert LINK in _svg_texts(holder)  # drawn literally, as typed
    assert not holder.dialogs  # no onerror=alert(1) ran


def test_no_page_turns_data_into_links_images_or_bold(holder: Page, dashboard: Dashboard) -> None:
    for path in PAGES:
        holder.goto(f"{dashboard.app}/{path}")
        settle(holder)
        assert holder.locator('[data-testid="stException"]').count() == 0, path
        assert _markup_in_dom(holder) == NONE, path
    assert not holder.dialogs
