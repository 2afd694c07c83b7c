"""The page language: Streamlit serves its index.html as `<html lang="en">`, so a phone's browser offers to
translate the Indonesian pages "from English" and screen readers read them with English pronunciation. This
ASGI middleware (dashboard.py, inside the access gate) serves that page as `lang="id"`.
"""
from __future__ import annotations

import gzip
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Message = MutableMapping[str, Any]
_EN, _ID = b'<html lang="en"', b'<html lang="id"'


class HtmlLang:
    """Rewrites `<html lang="en"` to `lang="id"` in text/html responses, plain or gzip (Streamlit compresses the
    page on some paths; the page is a few kB, read whole); every other response passes untouched."""

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Message, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        body: list[bytes] = []

        async def rewrite(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if (headers.get(b"content-type", b"").startswith(b"text/html")
                        and headers.get(b"content-encoding", b"gzip") == b"gzip"):
                    start = message  # held until the whole body is read
                    return
            elif message["type"] == "http.response.body" and start is not None:
                body.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                page = b"".join(body)
                packed = dict(start.get("headers", [])).get(b"content-encoding") == b"gzip"
                page = (gzip.decompress(page) if packed else page).replace(_EN, _ID, 1)
                page = gzip.compress(page, mtime=0) if packed else page
                headers = [(k, v) for k, v in start.get("headers", []) if k != b"content-length"]
                await send({**start, "headers": [*headers, (b"content-length", str(len(page)).encode())]})
                await send({"type": "http.response.body", "body": page})
                return
            await send(message)

        await self.app(scope, receive, rewrite)
