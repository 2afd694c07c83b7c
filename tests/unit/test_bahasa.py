"""ui/bahasa.HtmlLang on ASGI responses: the index page's lang, chunked or not; nothing else touched."""
from __future__ import annotations

import asyncio
import gzip

from ui.bahasa import HtmlLang

PAGE = b'<!doctype html><html lang="en"><head><title>Streamlit</title></head><body></body></html>'


def serve(headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> tuple[dict, bytes]:
    async def inner(scope, receive, send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        for i, chunk in enumerate(chunks):
            await send({"type": "http.response.body", "body": chunk, "more_body": i < len(chunks) - 1})

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(HtmlLang(inner)({"type": "http", "path": "/"}, None, send))
    return dict(sent[0]["headers"]), b"".join(m.get("body", b"") for m in sent[1:])


def test_html_is_served_as_indonesian_with_its_length() -> None:
    for chunks in ([PAGE], [PAGE[:20], PAGE[20:40], PAGE[40:]]):
        headers, body = serve([(b"content-type", b"text/html"), (b"content-length", str(len(PAGE)).encode())],
                              chunks)
        assert body == PAGE.replace(b'lang="en"', b'lang="id"')
        assert headers[b"content-length"] == str(len(body)).encode()


def test_a_gzip_page_is_rewritten_and_stays_gzip() -> None:
    headers, body = serve([(b"content-type", b"text/html; charset=utf-8"), (b"content-encoding", b"gzip")],
                          [gzip.compress(PAGE)])
    assert gzip.decompress(body) == PAGE.replace(b'lang="en"', b'lang="id"')
    assert headers[b"content-encoding"] == b"gzip" and headers[b"content-length"] == str(len(body)).encode()


def test_other_responses_pass_untouched() -> None:
    for headers, body in (([(b"content-type", b"text/html"), (b"content-encoding", b"br")], b"\x1b\x00"),
                          ([(b"content-type", b"application/javascript")], PAGE)):
        got_headers, got = serve(headers, [body])
        assert got == body and got_headers == dict(headers)
