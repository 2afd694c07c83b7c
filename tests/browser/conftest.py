"""A real dashboard behind a real login, for the browser tests: the offline OpenID Connect provider
(oidc-provider-mock) and `streamlit run dashboard.py`, each on a free port, with a temporary HOME
(whose ~/.streamlit/secrets.toml holds [auth], so the repository is untouched), a copy of the small store
of tests/fixtures/security (loaded through the real loader), and its users file. Debian's Chromium through
Playwright; never a browser download. Test modules mark themselves NO_CHROMIUM: skipped when
/usr/bin/chromium is absent.
"""
from __future__ import annotations

import base64
import contextlib
import json
import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.fixtures.security import USERS, WALI_EMAIL
from tests.support import ROOT, copy_store

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]
STRANGER_EMAIL = "orang.lain@gmail.com"
LOGIN = "Masuk dengan akun belajar.id"  # the login button
# oidc-provider-mock users: `sub` is the button to press on its authorize page.
OIDC_USERS = [
    {"sub": "wali", "email": WALI_EMAIL, "email_verified": True, "name": "Wali Bandung"},
    {"sub": "asing", "email": STRANGER_EMAIL, "email_verified": True, "name": "Orang Lain"},
]
NO_CHROMIUM = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium tidak ada di /usr/bin/chromium "
                                 "(apt-get install chromium); uji peramban dilewati.")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ok(url: str, proc: subprocess.Popen, log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: process ended ({proc.returncode}):\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} not ready after {timeout} s:\n{log.read_text(errors='replace')}")


@dataclass(frozen=True)
class Servers:
    app: str      # http://127.0.0.1:PORT
    oidc: str
    store: Path


def start_server(cmd: list[str], log: Path, env: dict[str, str], cwd: Path) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT)


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def login_servers(tmp: Path, users: str, oidc_users: list[dict], store: Path | None = None) -> Iterator[Servers]:
    """The OIDC mock with `oidc_users` and `streamlit run dashboard.py` behind it, with `users` as the users
    file, on `store` (None: a store that does not exist yet, so the first page run loads the sample data)."""
    home = tmp / "home"
    (home / ".streamlit").mkdir(parents=True)
    users_file = tmp / "pengguna.toml"
    users_file.write_text(users, encoding="utf-8")
    oidc_port, app_port = free_port(), free_port()
    oidc, app = f"http://127.0.0.1:{oidc_port}", f"http://127.0.0.1:{app_port}"
    (home / ".streamlit" / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "{app}/oauth2callback"\n'
        'cookie_secret = "rahasia-uji-peramban-yang-cukup-panjang"\n'
        'client_id = "dasbor-kombel"\n'
        'client_secret = "rahasia-klien"\n'
        f'server_metadata_url = "{oidc}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "HOME": str(home), "KOMBEL_DB": str(store or tmp / "kombel.duckdb"),
           "KOMBEL_PENGGUNA": str(users_file), "PYTHONWARNINGS": "ignore"}
    if store is None:
        env.pop("KOMBEL_SAMPLE", None)
    else:
        env["KOMBEL_SAMPLE"] = "0"
    provider_cmd = [sys.executable, "-m", "oidc_provider_mock", "--port", str(oidc_port)]
    for user in oidc_users:
        provider_cmd += ["--user-claims", json.dumps(user)]
    provider = start_server(provider_cmd, tmp / "oidc.log", env, tmp)
    app_proc = None
    try:
        app_proc = start_server(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.address", "127.0.0.1",
             "--server.port", str(app_port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            tmp / "app.log", env, ROOT,
        )
        wait_ok(f"{oidc}/.well-known/openid-configuration", provider, tmp / "oidc.log")
        wait_ok(f"{app}/_stcore/health", app_proc, tmp / "app.log")
        yield Servers(app=app, oidc=oidc, store=store or tmp / "kombel.duckdb")
    finally:
        if app_proc is not None:
            stop_server(app_proc)
        stop_server(provider)


@pytest.fixture(scope="module")
def servers(security_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """Fresh per test module: its first page request is the first session the app ever sees."""
    tmp = tmp_path_factory.mktemp("peramban")
    with login_servers(tmp, USERS, OIDC_USERS, copy_store(security_store, tmp)) as s:
        yield s


def log_in(page, servers: Servers, sub: str, path: str = "", timeout: float | None = None) -> None:
    """Through the OIDC mock's authorize page, as `sub` (the button to press there); `timeout` (ms) for the
    first run after it (see settle)."""
    page.goto(f"{servers.app}/{path}")
    page.get_by_role("button", name=LOGIN).click()
    page.wait_for_url(f"{servers.oidc}/**")
    page.locator(f'button[name="sub"][value="{sub}"]').click()
    page.wait_for_url(f"{servers.app}/**")
    settle(page, timeout)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=20_000)  # a first page run on a busy machine takes seconds

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


def new_page(browser, storage_state: dict | None = None):
    context = browser.new_context(accept_downloads=True, locale="id-ID", viewport={"width": 1400, "height": 1000},
                                  storage_state=storage_state)
    context.set_default_timeout(20_000)
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs  # an alert() from data would land here
    return pg


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A fresh context per test: no cookie, so no login, carries over."""
    pg = new_page(browser)
    yield pg
    pg.context.close()


TOKEN = "uji-token-e2e-0123456789"
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


@contextlib.contextmanager
def token_server(tmp: Path, store: Path | None = None, shipped_config: bool = False) -> Iterator[str]:
    """`streamlit run dashboard.py` on 127.0.0.1 with no secrets anywhere (local admin behind the access token
    TOKEN), no sample data, on `store` (None: a store file that does not exist yet). `shipped_config`: leave
    telemetry and the address to the repository's .streamlit/config.toml, as a user runs it."""
    home = tmp / "home"
    (home / ".streamlit").mkdir(parents=True)
    port = free_port()
    env = {**os.environ, "HOME": str(home), "KOMBEL_DB": str(store or tmp / "kombel.duckdb"), "KOMBEL_SAMPLE": "0",
           "PYTHONWARNINGS": "ignore", "KOMBEL_TOKEN": TOKEN}
    env.pop("KOMBEL_PENGGUNA", None)
    options = [] if shipped_config else ["--server.address", "127.0.0.1", "--server.headless", "true",
                                         "--browser.gatherUsageStats", "false"]
    proc = start_server([sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
                         *options, "--server.fileWatcherType", "none"], tmp / "app.log", env, ROOT)
    try:
        wait_ok(f"http://127.0.0.1:{port}/_stcore/health", proc, tmp / "app.log")
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A token-mode server on a store file that does not exist yet; one per test module."""
    with token_server(tmp_path_factory.mktemp("e2e")) as url:
        yield url


@pytest.fixture(scope="module")
def admin(browser, app: str) -> Iterator[object]:
    """One browser session through a module's flow, as a person would use it: it opens the token address the
    server printed (without login the server shows data only to who has its token), as start.py does."""
    page = new_page(browser)
    page.goto(f"{app}/?token={TOKEN}")
    yield page
    page.context.close()


def settle(page, timeout: float | None = None) -> None:
    """Wait for the run to end. Waiting for `notRunning` rather than for no `running` also covers a freshly
    loaded page (`initial`). Right after a click the state may not have turned to `running` yet: there, first
    wait for something the rerun draws. `timeout` (ms) for a run longer than the page's default, e.g. the
    first run that loads the sample data."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function("() => document.querySelector('[data-testid=\"stApp\"]')"
                           "?.getAttribute('data-test-script-state') === 'notRunning'", timeout=timeout)


def choose(page, box, option: str, exact: bool = True) -> None:
    """Open the combobox `box` and click `option`. A click that lands while another menu closes or a rerun
    redraws only focuses the box: open it again, a few times."""
    pilihan = page.get_by_role("option", name=option, exact=exact)
    for _ in range(3):
        box.click()
        try:
            pilihan.wait_for(timeout=3000)
            break
        except PlaywrightTimeoutError:
            page.keyboard.press("Escape")
    pilihan.click()


def no_error(page, path: str) -> None:
    errors = page.locator(ERRORS)
    assert errors.count() == 0, f"/{path}: {errors.all_inner_texts()}"


def handshake(port: int, headers: dict[str, str], tls: ssl.SSLContext | None = None) -> str:
    """A websocket upgrade request written by hand (over TLS with `tls`); returns the status line of the answer."""
    key = base64.b64encode(os.urandom(16)).decode()
    lines = ["GET /_stcore/stream HTTP/1.1", "Upgrade: websocket", "Connection: Upgrade",
             f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Protocol: streamlit",
             *(f"{k}: {v}" for k, v in headers.items())]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        s = tls.wrap_socket(raw, server_hostname="127.0.0.1") if tls else raw
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        answer = b""
        while b"\r\n" not in answer:
            chunk = s.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer.split(b"\r\n", 1)[0].decode()
