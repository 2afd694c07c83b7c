"""Who may see data when no login is configured: only a browser that proves it sits at the machine running the
dashboard (the Jupyter token model), checked where the request arrives.

- A secret token is made when the server starts (`secrets.token_urlsafe`, 256 bits), or taken from
  `$KOMBEL_TOKEN`, and printed in the terminal as the address to open: `http://127.0.0.1:8501/?token=…`.
- `TokenGate`, an ASGI middleware around Streamlit (`dashboard.py` defines the `st.App`), checks every HTTP
  request and the websocket handshake (`/_stcore/stream`). A request carrying the right `?token=` gets an
  HttpOnly, SameSite=Strict cookie and a redirect to the same address without `token` (so a copied link never
  carries it); the cookie holds an HMAC of the token, not the token. Without that cookie a request gets a
  refusal page in Indonesian (HTTP 403) and the websocket handshake is refused, so no page script runs and no
  data is streamed. Only the health check (`/_stcore/health`, "ok") answers without proof.
- Nothing about the connection is trusted: not the address the server is bound to, not the client address,
  `Host`, `Origin` or `X-Forwarded-*` — all of which a proxy, tunnel or forwarder can make look local.
- With login configured (`[auth]` in secrets.toml) the gate lets everything through: the page guard's login
  and users file decide, exactly as without the gate.

The page guard (`ui/guard.py`) checks the same cookie again on the session's own handshake (`st.context.cookies`),
so a page served without the gate (e.g. `streamlit run pages/x.py`) shows no data either.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import threading
from collections.abc import Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from http.cookies import CookieError, SimpleCookie
from typing import Any
from unittest import mock
from urllib.parse import parse_qsl, urlencode

import streamlit as st
from streamlit import config, runtime
from streamlit.web.server import server_util

TOKEN_ENV = "KOMBEL_TOKEN"
TOKEN_PARAM = "token"
_TOKEN_FORM = re.compile(r"[A-Za-z0-9._~-]{16,512}")
_COOKIE_PREFIX = "kombel_akses_"
_COOKIE_MAX_AGE = 30 * 24 * 3600  # the cookie lapses anyway when the token changes (every start by default)
_lock = threading.Lock()
served = threading.Event()  # set once the server has started and printed its address (the launcher waits on it)
served_url: list[str] = []  # the address to open, once `served` is set


class TokenError(Exception):
    """$KOMBEL_TOKEN is unusable."""


def token() -> str:
    """The server's token: `$KOMBEL_TOKEN`, or one made now and kept there (so a reloaded module, a child
    process and the page guard all see the same one)."""
    with _lock:
        given = os.environ.get(TOKEN_ENV, "")
        if given:
            if not _TOKEN_FORM.fullmatch(given):
                raise TokenError(f"{TOKEN_ENV} harus 16–512 karakter huruf, angka, '-', '_', '.' atau '~'.")
            return given
        made = secrets.token_urlsafe(32)
        os.environ[TOKEN_ENV] = made
        return made


def _cookie_value() -> str:
    return hmac.new(token().encode(), b"kombel-akses-cookie-v1", hashlib.sha256).hexdigest()


def cookie_name() -> str:
    """Per port: two dashboards on one machine (cookies ignore the port) keep their own cookie."""
    return f"{_COOKIE_PREFIX}{config.get_option('server.port')}"


def _same(given: str | None, expected: str) -> bool:
    """Constant-time comparison (bytes, so any text a client sends compares without raising)."""
    return given is not None and hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode())


def token_ok(given: str | None) -> bool:
    return _same(given, token())


def cookie_ok(cookies: Mapping[str, str]) -> bool:
    return _same(cookies.get(cookie_name()), _cookie_value())


def auth_configured() -> bool:
    """Login is on when secrets.toml has an [auth] section."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all (or an unreadable one): login is simply not configured
        return False


def _in_process_test() -> bool:
    """AppTest runs pages in this process on a stand-in runtime (a Mock), with no browser, no network and no
    way to set a cookie: there the guard trusts the caller. A real server always has a real runtime."""
    return isinstance(runtime.get_instance(), mock.NonCallableMock) if runtime.exists() else True


def _session_cookies() -> Mapping[str, str]:
    return st.context.cookies  # those of the session's websocket handshake, HttpOnly ones included


def session_proven() -> bool:
    """For the page guard: the session's own websocket handshake carried the token cookie."""
    return _in_process_test() or cookie_ok(_session_cookies())


# --- the address to open -------------------------------------------------------------------------------------

def _host() -> str:
    if config.is_manually_set("browser.serverAddress"):
        return config.get_option("browser.serverAddress")
    address = config.get_option("server.address") or ""
    if address in ("", "0.0.0.0", "::", "localhost") or address.startswith("127."):  # noqa: S104
        return "127.0.0.1"
    return f"[{address}]" if ":" in address else address


def app_url() -> str:
    return server_util.get_url(_host()) + "/"


def token_url() -> str:
    return f"{app_url()}?{TOKEN_PARAM}={token()}"


def announce() -> str:
    """Print (in Indonesian) the address to open, and tell a waiting launcher. Returns that address."""
    if auth_configured():
        url = app_url()
        print(f"\n  Dasbor Komunitas Belajar berjalan dengan login akun belajar.id:\n  {url}\n", flush=True)
    else:
        url = token_url()
        print("\n  Dasbor Komunitas Belajar siap. Buka alamat ini di peramban komputer ini (alamat ini berisi token\n"
              "  akses pribadi: jangan dibagikan; sesudah dibuka, token hilang dari bilah alamat):\n"
              f"\n  {url}\n", flush=True)
    served_url[:] = [url]
    served.set()
    return url


@asynccontextmanager
async def lifespan(_app: object):
    """For `st.App(lifespan=...)`: runs once the server listens on its final port."""
    announce()
    yield


# --- the gate ----------------------------------------------------------------------------------------------

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]

_REFUSAL = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Akses ditolak · Dasbor Komunitas Belajar</title>
<style>body{{font-family:system-ui,sans-serif;max-width:42rem;margin:4rem auto;padding:0 1rem;line-height:1.55;
color:#222}}h1{{font-size:1.5rem}}code{{background:#f2f2f2;padding:0 .25rem}}</style></head>
<body><h1>Akses ditolak</h1>{alasan}
<p>Dasbor ini berjalan tanpa login, sehingga datanya hanya ditampilkan di peramban pada komputer yang
menjalankannya, melalui alamat bertoken yang tercetak di terminal saat dasbor dimulai
(<code>http://127.0.0.1:8501/?token=…</code>).</p>
<ul><li>Anda yang menjalankan dasbor: buka alamat lengkap dari terminal itu (atau jalankan ulang
<code>python start.py</code>, yang membukanya otomatis).</li>
<li>Anda membuka dasbor dari komputer lain: minta administrator mengaktifkan login akun belajar.id
(bagian <code>[auth]</code> di <code>.streamlit/secrets.toml</code>).</li></ul>
<p><a href="{beranda}">Muat ulang</a></p></body></html>
"""
_WRONG_TOKEN = ("<p>Token pada alamat ini tidak cocok dengan token dasbor yang sedang berjalan. Token berganti "
                "setiap kali dasbor dimulai ulang.</p>")
_SECURITY_HEADERS = [
    (b"cache-control", b"no-store"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
]


def _base_path() -> str:
    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/" if base else "/"


def _cookies(scope: Scope) -> dict[str, str]:
    jar: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            parsed = SimpleCookie()
            try:
                parsed.load(value.decode("latin-1"))
            except CookieError:
                continue
            jar.update({k: m.value for k, m in parsed.items()})
    return jar


async def _respond(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes = b"") -> None:
    headers = [*headers, *_SECURITY_HEADERS, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _refuse(send: Send, wrong_token: bool = False) -> None:
    page = _REFUSAL.format(alasan=_WRONG_TOKEN if wrong_token else "", beranda=_base_path())
    await _respond(send, 403, [(b"content-type", b"text/html; charset=utf-8"),
                               (b"content-security-policy", b"default-src 'none'; style-src 'unsafe-inline'")],
                   page.encode())


async def _redirect_without_token(scope: Scope, send: Send, query: list[tuple[str, str]], set_cookie: bool) -> None:
    """303 to the same path and query minus `token`; a path starting with `//` or `/\\` would leave the site."""
    path = "/" + (scope.get("raw_path") or scope["path"].encode()).decode("latin-1").lstrip("/\\")
    rest = urlencode([(k, v) for k, v in query if k != TOKEN_PARAM])
    headers = [(b"location", (path + (f"?{rest}" if rest else "")).encode("latin-1"))]
    if set_cookie:
        secure = "; Secure" if config.get_option("server.sslCertFile") else ""
        cookie = (f"{cookie_name()}={_cookie_value()}; Path={_base_path()}; Max-Age={_COOKIE_MAX_AGE}; HttpOnly; "
                  f"SameSite=Strict{secure}")
        headers.append((b"set-cookie", cookie.encode()))
    await _respond(send, 303, headers)


class TokenGate:
    """ASGI middleware: without login configured, only requests with the token cookie reach Streamlit."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app
        token()  # fail at start on an unusable $KOMBEL_TOKEN, not at the first request

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or auth_configured():
            await self.app(scope, receive, send)
            return
        proven = cookie_ok(_cookies(scope))
        if scope["type"] == "websocket":
            if proven:
                await self.app(scope, receive, send)
            else:  # closing before accepting refuses the handshake (HTTP 403): no session, no script run
                await receive()
                await send({"type": "websocket.close", "code": 1008})
            return
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        given = [v for k, v in query if k == TOKEN_PARAM]
        if given:
            valid = token_ok(given[0])
            if valid or proven:
                await _redirect_without_token(scope, send, query, set_cookie=valid)
            else:
                await _refuse(send, wrong_token=True)
        elif proven or (scope["path"] == f"{_base_path()}_stcore/health" and scope["method"] in ("GET", "HEAD")):
            await self.app(scope, receive, send)
        else:
            await _refuse(send)


def middleware() -> list:
    from starlette.middleware import Middleware

    return [Middleware(TokenGate)]
