"""The access gate (ui/akses.py `TokenGate`) on hand-made ASGI requests: without login configured only the token
cookie lets a request reach Streamlit, whatever the request claims about where it comes from; `?token=` sets
the cookie and leaves the address; the websocket handshake is refused without the cookie; with login
configured the gate is out of the way. (The same through a real server and a TCP forwarder:
tests/browser/test_access_token.py.)"""
from __future__ import annotations

import asyncio
from http.cookies import SimpleCookie

import pytest

from ui import akses

TOKEN = "uji-token-gerbang-0123456789"
FORGED = [(b"host", b"127.0.0.1:8501"), (b"origin", b"http://127.0.0.1:8501"), (b"referer", b"http://127.0.0.1:8501/"),
          (b"x-forwarded-for", b"127.0.0.1"), (b"x-forwarded-host", b"127.0.0.1:8501"),
          (b"x-forwarded-proto", b"http"), (b"x-real-ip", b"127.0.0.1"), (b"forwarded", b"for=127.0.0.1")]


@pytest.fixture(autouse=True)
def gate_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(akses.TOKEN_ENV, TOKEN)
    monkeypatch.setattr(akses, "auth_configured", lambda: False)


class Behind:
    """What sits behind the gate: answers `DATA` and records that it was reached."""

    def __init__(self) -> None:
        self.reached = 0

    async def __call__(self, scope, receive, send) -> None:
        self.reached += 1
        if scope["type"] == "websocket":
            await receive()
            await send({"type": "websocket.accept"})
            await send({"type": "websocket.send", "text": "DATA"})
            return
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"DATA"})


def _scope(kind: str, path: str, query: bytes = b"", headers: list | None = None, method: str = "GET") -> dict:
    scope = {"type": kind, "path": path, "raw_path": path.encode(), "query_string": query,
             "headers": list(headers or []), "client": ("203.0.113.7", 40000), "server": ("127.0.0.1", 8501)}
    if kind == "http":
        scope["method"] = method
    return scope


def call(scope: dict) -> tuple[Behind, list[dict]]:
    behind, sent = Behind(), []
    incoming = [{"type": "websocket.connect"}] if scope["type"] == "websocket" else [
        {"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> dict:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(akses.TokenGate(behind)(scope, receive, send))
    return behind, sent


def http(path: str, query: bytes = b"", headers: list | None = None, method: str = "GET"):
    behind, sent = call(_scope("http", path, query, headers, method))
    start = sent[0]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return behind.reached, start["status"], dict(start["headers"]), body


def cookie_header(value: str | None = None, name: str | None = None) -> tuple[bytes, bytes]:
    name = name or akses.cookie_name()
    return b"cookie", f"other=1; {name}={value if value is not None else akses._cookie_value()}".encode()


@pytest.mark.parametrize("path", ["/", "/program_upt", "/_stcore/host-config", "/_stcore/upload_file/x",
                                  "/media/abc.csv", "/static/js/main.js", "/_stcore/metrics"])
def test_without_the_cookie_nothing_reaches_streamlit(path: str) -> None:
    reached, status, headers, body = http(path, headers=FORGED)
    assert (reached, status) == (0, 403)
    assert b"Akses ditolak" in body and b"alamat bertoken" in body and b"DATA" not in body
    assert headers[b"cache-control"] == b"no-store"


def test_health_answers_without_proof() -> None:
    assert http("/_stcore/health")[:2] == (1, 200)
    assert http("/_stcore/health", method="POST")[:2] == (0, 403)


def test_the_token_sets_the_cookie_and_leaves_the_address() -> None:
    reached, status, headers, _ = http("/aturan_mingguan", f"kabkota=32.04&token={TOKEN}&jenis=x".encode())
    assert (reached, status) == (0, 303)
    assert headers[b"location"] == b"/aturan_mingguan?kabkota=32.04&jenis=x"
    cookie = headers[b"set-cookie"].decode()
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    morsel = SimpleCookie(cookie)[akses.cookie_name()]
    assert TOKEN not in cookie and morsel.value == akses._cookie_value()
    # and the cookie then opens every request, the websocket too
    assert http("/aturan_mingguan", headers=[cookie_header(morsel.value)])[:2] == (1, 200)


def test_the_redirect_never_leaves_the_site() -> None:
    for path in ("//evil.example/", "/\\evil.example/", "///evil.example"):
        _, status, headers, _ = http(path, f"token={TOKEN}".encode())
        assert status == 303 and headers[b"location"].startswith(b"/e"), headers[b"location"]


def test_a_wrong_token_is_refused() -> None:
    for wrong in (TOKEN[:-1], TOKEN + "x", "", akses._cookie_value(), "ü" * 30):
        reached, status, _, body = http("/", f"token={wrong}".encode())
        assert (reached, status) == (0, 403) and b"tidak cocok" in body


def test_a_cookie_must_be_the_right_one() -> None:
    for header in (cookie_header(TOKEN), cookie_header(akses._cookie_value()[:-1]), cookie_header("ü" * 64),
                   cookie_header(name="kombel_akses_1"), (b"cookie", b"garbage;;=\x00")):
        assert http("/", headers=[header])[:2] == (0, 403), header
    # with the right cookie, a stale token in the address is dropped
    reached, status, headers, _ = http("/", b"token=lama", headers=[cookie_header()])
    assert (reached, status) == (0, 303) and headers[b"location"] == b"/" and b"set-cookie" not in headers


def test_the_websocket_handshake_needs_the_cookie() -> None:
    behind, sent = call(_scope("websocket", "/_stcore/stream", headers=FORGED))
    assert behind.reached == 0
    assert sent == [{"type": "websocket.close", "code": 1008}]  # closed before accept: HTTP 403
    behind, sent = call(_scope("websocket", "/_stcore/stream", headers=[*FORGED, cookie_header()]))
    assert behind.reached == 1 and sent[0] == {"type": "websocket.accept"}


def test_with_login_configured_the_gate_is_out_of_the_way(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(akses, "auth_configured", lambda: True)
    assert http("/program_upt")[:2] == (1, 200)
    assert call(_scope("websocket", "/_stcore/stream"))[0].reached == 1


def test_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    assert akses.token() == TOKEN and akses.token_ok(TOKEN) and not akses.token_ok(TOKEN.upper())
    assert akses.token_url().endswith(f"/?token={TOKEN}")
    for bad in ("pendek", "ada spasi di dalam token ini", "titik;koma;" * 3):
        monkeypatch.setenv(akses.TOKEN_ENV, bad)
        with pytest.raises(akses.TokenError):
            akses.token()
    monkeypatch.delenv(akses.TOKEN_ENV)
    made = akses.token()
    assert len(made) >= 43 and akses.token() == made  # made once, then kept in the environment
