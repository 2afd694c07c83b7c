"""The shipped deployment, tested (issue 14 item 6): Debian's nginx with deploy/nginx-kombel.conf in front of the
app started as deploy/kombel.service starts it, both files used as shipped with only ports and paths substituted
(a self-signed certificate made with `openssl req`, logs and temp folders in tmp, every port from free_port()).

Production configuration (login required: [auth] in secrets.toml, the offline OIDC provider mock, the users file of
tests/fixtures/security), in Chromium through the proxy, over HTTPS: plain HTTP redirects to HTTPS; a visitor
without login sees the login button and no data; a wali logs in, the session's websocket runs through nginx and the
page draws figures of their kab/kota only; a signed-in stranger sees nothing; an admin uploads a small CSV through
the proxy and it is in the store.

No-login configuration (no [auth]: the token gate), through nginx: a browser without the token and a hand-made client
with forged Host/Origin/X-Forwarded-* headers get no figure, no upload page and no websocket; the same client with
the token cookie gets its websocket through nginx (so the refusal is the gate's, not the proxy's).
Tests run in file order; each configuration is one app and one nginx for the module.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    CHROMIUM,
    LAUNCH_ARGS,
    LOGIN,
    NO_CHROMIUM,
    OIDC_USERS,
    STRANGER_EMAIL,
    Servers,
    free_port,
    handshake,
    log_in,
    start_server,
    stop_server,
    wait_ok,
)
from tests.browser.test_access_token import FORGED, REFUSAL
from tests.browser.test_login_scope import OUTSIDE, WALI_NAMES, no_data, settle
from tests.fixtures.security import USERS, WALI_EMAIL
from tests.support import ROOT, copy_store

NGINX = Path("/usr/sbin/nginx")
OPENSSL = shutil.which("openssl")
DEPLOY = ROOT / "deploy"
ADMIN_EMAIL = "admin@bbgp-jabar.id"  # an admin in the security fixture's users file
TOKEN = "uji-token-nginx-0123456789abcdef"
pytestmark = [
    NO_CHROMIUM,
    pytest.mark.skipif(not NGINX.exists(), reason="nginx tidak ada di /usr/sbin/nginx (apt-get install nginx); "
                       "uji penerapan dilewati."),
    pytest.mark.skipif(OPENSSL is None, reason="openssl tidak ada (apt-get install openssl); uji penerapan "
                       "dilewati."),
]
UPLOAD_CSV = (
    "ID Komunitas,Nama Komunitas,Jenis Komunitas,NPSN,Kabupaten/Kota,Provinsi,Jenjang,Nama Penggerak,"
    "Email Penggerak,Jumlah Anggota,Tanggal Terdaftar,Status PMM\n"
    "KB-901,Kombel Uji Proksi Cileunyi,Antar Sekolah,,Kab. Bandung,Jawa Barat,SD,Rina Marlina,"
    "rina.m@guru.sd.belajar.id,20,2022-07-20,Terdaftar\n"
    "KB-902,Kombel Uji Proksi Lembang,Antar Sekolah,,Kab. Bandung Barat,Jawa Barat,SMP,Dadan Hidayat,"
    "dadan.h@guru.smp.belajar.id,16,2022-07-21,Terdaftar\n"
)


def substitute(text: str, old: str, new: str) -> str:
    """Replace a placeholder the shipped file must contain: a renamed one fails here, not silently."""
    assert old in text, f"{old!r} not in the shipped deploy file"
    return text.replace(old, new)


# --- the service, as deploy/kombel.service runs it ------------------------------------------------------------

@dataclass(frozen=True)
class Unit:
    cmd: list[str]
    env: dict[str, str]
    cwd: Path


def unit(app_port: int, state: Path, users: Path) -> Unit:
    """ExecStart, Environment and WorkingDirectory of deploy/kombel.service, with this machine's paths."""
    text = (DEPLOY / "kombel.service").read_text(encoding="utf-8")
    text = substitute(text, "/opt/kombel/.venv/bin/python", sys.executable)
    text = substitute(text, "--server.port 8501", f"--server.port {app_port}")
    text = substitute(text, "/var/lib/kombel", str(state))
    text = substitute(text, "/etc/kombel/pengguna.toml", str(users))
    text = substitute(text, "WorkingDirectory=/opt/kombel", f"WorkingDirectory={ROOT}")
    keys = dict(re.findall(r"^(ExecStart|WorkingDirectory)=(.*)$", text, re.M))
    env = dict(v.split("=", 1) for v in re.findall(r"^Environment=(.*)$", text, re.M))
    assert {"KOMBEL_DB", "KOMBEL_PENGGUNA", "HOME"} <= env.keys()
    cmd = shlex.split(keys["ExecStart"])
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1"
    base = {k: v for k, v in os.environ.items() if not k.startswith("KOMBEL_")}
    return Unit(cmd, {**base, **env, "PYTHONWARNINGS": "ignore"}, Path(keys["WorkingDirectory"]))


# --- nginx, with deploy/nginx-kombel.conf ------------------------------------------------------------------------

@dataclass(frozen=True)
class Proxy:
    https: str  # https://127.0.0.1:PORT
    http: str   # http://127.0.0.1:PORT
    https_port: int
    access_log: Path


def certificate(tmp: Path) -> tuple[Path, Path]:
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run([OPENSSL, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def render_site(tmp: Path, app_port: int, http_port: int, https_port: int) -> Path:
    cert, key = certificate(tmp)
    text = (DEPLOY / "nginx-kombel.conf").read_text(encoding="utf-8")
    for old, new in [
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;"),
        ("https://$host$request_uri", f"https://$host:{https_port}$request_uri"),  # not on 443 here
        ("http://127.0.0.1:8501", f"http://127.0.0.1:{app_port}"),
        ("/etc/letsencrypt/live/kombel.example.go.id/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/kombel.example.go.id/privkey.pem", str(key)),
        ("/var/log/nginx/", f"{tmp}/log/"),
        ("root /var/www/html;", f"root {tmp}/www;"),
    ]:
        text = substitute(text, old, new)
    site = tmp / "nginx-kombel.conf"
    site.write_text(text, encoding="utf-8")
    return site


def start_nginx(tmp: Path, app_port: int) -> tuple[subprocess.Popen, Proxy]:
    """Debian's nginx in the foreground on a config of its own (prefix, pid, logs, temp folders in tmp) that
    includes the rendered site file, as /etc/nginx/nginx.conf includes sites-enabled/."""
    for sub in ("log", "www", "temp"):
        (tmp / sub).mkdir(parents=True, exist_ok=True)
    http_port, https_port = free_port(), free_port()
    site = render_site(tmp, app_port, http_port, https_port)
    temp = "\n".join(f"    {name}_temp_path {tmp}/temp/{name};" for name in
                     ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # As root the workers would drop to `nobody`, who cannot enter pytest's tmp folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/log/error.log;\n"
        "events { worker_connections 256; }\n"
        f"http {{\n    access_log {tmp}/log/access.log;\n{temp}\n    include {site};\n}}\n", encoding="utf-8")
    args = [str(NGINX), "-p", f"{tmp}/", "-c", str(conf)]
    checked = subprocess.run([*args, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    proc = start_server(args, tmp / "nginx.log", dict(os.environ), tmp)
    proxy = Proxy(f"https://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}", https_port,
                  tmp / "log" / "kombel.access.log")
    try:
        wait_listening(https_port, proc, tmp / "nginx.log")
    except BaseException:
        stop_server(proc)
        raise
    return proc, proxy


def wait_listening(port: int, proc: subprocess.Popen, log: Path, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nginx ended ({proc.returncode}):\n{log.read_text(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nginx not listening on {port}:\n{log.read_text(errors='replace')}")


def _insecure() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


# --- the two configurations ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Deployed:
    proxy: Proxy
    oidc: str
    store: Path

    @property
    def servers(self) -> Servers:
        """What test_login_scope's helpers take: the app's address is the proxy's."""
        return Servers(app=self.proxy.https, oidc=self.oidc, store=self.store)


@pytest.fixture(scope="module")
def production(security_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployed]:
    """Login required: [auth] with the OIDC mock, redirect_uri on the proxy's HTTPS address."""
    tmp = tmp_path_factory.mktemp("penerapan")
    state = tmp / "var-lib-kombel"  # also the service's HOME: the test's secrets.toml goes in its .streamlit/
    (state / ".streamlit").mkdir(parents=True)
    store = copy_store(security_store, state)
    users = tmp / "pengguna.toml"
    users.write_text(USERS, encoding="utf-8")
    oidc_port, app_port = free_port(), free_port()
    oidc = f"http://127.0.0.1:{oidc_port}"
    service = unit(app_port, state, users)
    provider_cmd = [sys.executable, "-m", "oidc_provider_mock", "--port", str(oidc_port)]
    for user in [*OIDC_USERS, {"sub": "admin", "email": ADMIN_EMAIL, "email_verified": True, "name": "Admin"}]:
        provider_cmd += ["--user-claims", json.dumps(user)]
    provider = start_server(provider_cmd, tmp / "oidc.log", service.env, tmp)
    procs = [provider]
    try:
        nginx, proxy = start_nginx(tmp, app_port)  # first: the redirect_uri names its port
        procs.append(nginx)
        (state / ".streamlit" / "secrets.toml").write_text(
            "[auth]\n"
            f'redirect_uri = "{proxy.https}/oauth2callback"\n'
            'cookie_secret = "rahasia-uji-penerapan-yang-cukup-panjang"\n'
            'client_id = "dasbor-kombel"\n'
            'client_secret = "rahasia-klien"\n'
            f'server_metadata_url = "{oidc}/.well-known/openid-configuration"\n', encoding="utf-8")
        app_proc = start_server(service.cmd, tmp / "app.log", service.env, service.cwd)
        procs.append(app_proc)
        wait_ok(f"{oidc}/.well-known/openid-configuration", provider, tmp / "oidc.log")
        wait_ok(f"http://127.0.0.1:{app_port}/_stcore/health", app_proc, tmp / "app.log", timeout=60)
        yield Deployed(proxy, oidc, store)
    finally:
        for proc in reversed(procs):
            stop_server(proc)


@pytest.fixture(scope="module")
def token_mode(security_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    """The same service with no [auth] anywhere (a server whose login was never configured): the token gate."""
    tmp = tmp_path_factory.mktemp("penerapan_token")
    state = tmp / "var-lib-kombel"  # also the service's HOME: the test's secrets.toml goes in its .streamlit/
    (state / ".streamlit").mkdir(parents=True)
    copy_store(security_store, state)
    users = tmp / "pengguna.toml"
    users.write_text(USERS, encoding="utf-8")
    app_port = free_port()
    service = unit(app_port, state, users)
    nginx, proxy = start_nginx(tmp, app_port)
    procs = [nginx]
    try:
        app_proc = start_server(service.cmd, tmp / "app.log", {**service.env, "KOMBEL_TOKEN": TOKEN}, service.cwd)
        procs.append(app_proc)
        wait_ok(f"http://127.0.0.1:{app_port}/_stcore/health", app_proc, tmp / "app.log", timeout=60)
        yield proxy
    finally:
        for proc in reversed(procs):
            stop_server(proc)


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    expect.set_options(timeout=20_000)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(chromium) -> Iterator[Page]:
    """A fresh context per test (no cookie carries over) that accepts the self-signed certificate and records
    the websockets the page opens."""
    context = chromium.new_context(ignore_https_errors=True, locale="id-ID", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(20_000)
    pg = context.new_page()
    pg.sockets = []
    pg.on("websocket", lambda ws: pg.sockets.append(ws.url))
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()


# --- production: login required ----------------------------------------------------------------------------------

def test_plain_http_redirects_to_https(production: Deployed) -> None:
    r = httpx.get(f"{production.proxy.http}/wilayah?kabkota=32.04", follow_redirects=False, timeout=10)
    assert r.status_code == 301
    assert r.headers["location"] == f"{production.proxy.https}/wilayah?kabkota=32.04"
    r = httpx.get(f"{production.proxy.https}/_stcore/health", verify=False, timeout=10)
    assert r.status_code == 200 and r.text == "ok"
    assert r.headers["strict-transport-security"].startswith("max-age=")


def test_a_visitor_without_login_sees_nothing(page: Page, production: Deployed) -> None:
    for path in ("", "wilayah", "unggah_data"):
        page.goto(f"{production.proxy.https}/{path}")
        expect(page.get_by_role("button", name=LOGIN)).to_be_visible()
        settle(page)
        no_data(page)
        expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)


def test_a_wali_logs_in_through_the_proxy_and_sees_only_their_region(page: Page, production: Deployed) -> None:
    log_in(page, production.servers, "wali")
    expect(page.get_by_text(f"Masuk sebagai {WALI_EMAIL}")).to_be_visible()
    page.goto(f"{production.proxy.https}/wilayah?kabkota=Kota+Bandung")  # a link naming another kab/kota
    settle(page)
    expect(page.locator(".js-plotly-plot").first).to_be_visible()  # drawn from messages over the websocket
    assert f"wss://127.0.0.1:{production.proxy.https_port}/_stcore/stream" in page.sockets
    page.locator(".st-key-kabkota [role='combobox']").click()
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options.filter(has_text="Kabupaten Bandung Barat")).to_have_count(1)
    assert sorted(t for t in options.all_inner_texts() if t != "Select all") == WALI_NAMES
    page.keyboard.press("Escape")
    charts = " ".join(page.locator(".js-plotly-plot").all_inner_texts())
    body = page.locator("body").inner_text()
    for text in OUTSIDE:
        assert text not in body and text not in charts, text
    assert "Unggah Data" not in body  # not an admin
    assert not page.dialogs


def test_a_stranger_sees_nothing(page: Page, production: Deployed) -> None:
    log_in(page, production.servers, "asing")
    expect(page.get_by_text("belum terdaftar", exact=False)).to_be_visible()
    expect(page.get_by_text(f"Akun: {STRANGER_EMAIL}")).to_be_visible()
    for path in ("wilayah", "unggah_data"):
        page.goto(f"{production.proxy.https}/{path}")
        expect(page.get_by_text("belum terdaftar", exact=False)).to_be_visible()
        settle(page)
        no_data(page)
        expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)


def test_an_admin_uploads_through_the_proxy(page: Page, production: Deployed, tmp_path: Path) -> None:
    csv = tmp_path / "komunitas_baru.csv"
    csv.write_text(UPLOAD_CSV, encoding="utf-8")
    log_in(page, production.servers, "admin")
    page.goto(f"{production.proxy.https}/unggah_data")
    settle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(csv)
    expect(page.locator('[data-testid="stSelectbox"]', has_text="Jenis data").get_by_role("combobox")
           ).to_have_value("Daftar komunitas")
    settle(page)
    page.get_by_role("button", name="Periksa (uji coba, belum menyimpan)").click()
    expect(page.get_by_role("heading", name="Hasil uji coba (belum disimpan)")).to_be_visible()
    settle(page)
    page.get_by_role("button", name="Muat data").click()
    expect(page.get_by_text("Data berhasil dimuat. Semua halaman kini memakai data terbaru.")).to_be_visible()
    settle(page)
    expect(page.locator('[data-testid="stMetric"]', has_text="Ditambahkan").locator(
        '[data-testid="stMetricValue"]')).to_have_text(["2"])
    with duckdb.connect(str(production.store), read_only=True) as con:
        names = con.execute("select nama_komunitas from komunitas where nama_komunitas like 'Kombel Uji Proksi%' "
                            "order by 1").fetchall()
    assert names == [("Kombel Uji Proksi Cileunyi",), ("Kombel Uji Proksi Lembang",)]
    # the file went through nginx, not around it
    log = production.proxy.access_log.read_text(errors="replace")
    assert re.search(r'"PUT /_stcore/upload_file/\S+ HTTP/1\.1" 2\d\d ', log), log[-2000:]


# --- no login configured: the token gate, through nginx ------------------------------------------------------

def refused(page: Page) -> None:
    expect(page.get_by_role("heading", name=REFUSAL)).to_be_visible()
    for selector in ('[data-testid="stApp"]', ".js-plotly-plot", '[data-testid="stFileUploader"]'):
        expect(page.locator(selector)).to_have_count(0)
    assert "Kombel" not in page.content()


def test_without_login_a_browser_through_nginx_gets_no_data(page: Page, token_mode: Proxy) -> None:
    page.set_extra_http_headers(FORGED)
    for path in ("", "wilayah", "unggah_data"):
        response = page.goto(f"{token_mode.https}/{path}")
        assert response.status == 403
        refused(page)
    assert not page.sockets  # no page script ran, so no session was opened
    page.goto(f"{token_mode.https}/?token=tebakan-yang-salah-0000000000000")
    refused(page)


def test_without_login_forged_headers_through_nginx_get_no_data(token_mode: Proxy,
                                                               capsys: pytest.CaptureFixture) -> None:
    host = f"127.0.0.1:{token_mode.https_port}"
    evidence = []
    for claimed in (host, "127.0.0.1", "localhost:8501"):
        forged = {"Host": claimed, "Origin": f"https://{claimed}", "Referer": f"https://{claimed}/", **FORGED}
        for path in ("/", "/wilayah", "/unggah_data", "/_stcore/host-config", "/_stcore/upload_file/x"):
            r = httpx.get(token_mode.https + path, headers=forged, follow_redirects=False, timeout=10, verify=False)
            evidence.append(f"GET {path} Host={claimed} -> {r.status_code}")
            assert r.status_code == 403 and REFUSAL in r.text and "Kombel" not in r.text
        r = httpx.put(f"{token_mode.https}/_stcore/upload_file/x/y", headers=forged, verify=False, timeout=10,
                      files={"file": ("a.csv", b"a,b\n1,2\n")})
        evidence.append(f"PUT upload Host={claimed} -> {r.status_code}")
        assert r.status_code == 403
        status = handshake(token_mode.https_port, forged, tls=_insecure())
        evidence.append(f"websocket Host={claimed} -> {status}")
        assert status.split()[1] == "403", status
    # Control: the same client holding the cookie gets its websocket through nginx.
    r = httpx.get(f"{token_mode.https}/?token={TOKEN}", follow_redirects=False, timeout=10, verify=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"].split(";")[0]
    status = handshake(token_mode.https_port, {"Host": host, "Origin": f"https://{host}", "Cookie": cookie},
                       tls=_insecure())
    evidence.append(f"websocket with the cookie -> {status}")
    assert status.split()[1] == "101", status
    with capsys.disabled():
        print("\n" + "\n".join(evidence))


def test_without_login_the_token_holder_gets_the_dashboard_through_nginx(page: Page, token_mode: Proxy) -> None:
    """Control for the refusals above: the proxy itself carries the dashboard and its websocket."""
    page.goto(f"{token_mode.https}/?token={TOKEN}")
    settle(page)
    assert page.url.partition("?")[0] == f"{token_mode.https}/" and "token" not in page.url
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    assert f"wss://127.0.0.1:{token_mode.https_port}/_stcore/stream" in page.sockets
