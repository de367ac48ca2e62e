"""A small keep-alive HTTP/1.1 client on asyncio streams, for load tests on loopback only.

No dependency: each virtual participant holds one connection and its cookies, like a browser."""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit


@dataclass
class Reply:
    status: int
    headers: dict[str, list[str]]
    body: bytes


@dataclass
class Visitor:
    base: str
    cookies: dict[str, str] = field(default_factory=dict)
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None

    async def _connect(self) -> None:
        parts = urlsplit(self.base)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("load tests run against loopback only")
        self.reader, self.writer = await asyncio.open_connection(parts.hostname, parts.port)

    async def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Reply:
        if self.writer is None:
            await self._connect()
        assert self.reader is not None and self.writer is not None
        body = urlencode(form).encode() if form is not None else b""
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: keep-alive"]
        if cookie:
            head.append(f"Cookie: {cookie}")
        if form is not None:
            head += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}",
                     f"Referer: {self.base}{path}"]  # fmt: skip
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:  # the server closed an idle connection: reconnect once
            self.writer = None
            return await self.request(method, path, form)
        status = int(status_line.split()[1])
        headers: dict[str, list[str]] = {}
        while True:
            line = (await self.reader.readline()).decode("latin-1").rstrip("\r\n")
            if not line:
                break
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
        length = int(headers.get("content-length", ["0"])[0])
        data = await self.reader.readexactly(length) if length else b""
        for raw in headers.get("set-cookie", []):
            name, _, rest = raw.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        if headers.get("connection", [""])[0].lower() == "close":
            self.writer.close()
            self.writer = None
        return Reply(status, headers, data)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def csrf_token(html: bytes) -> str:
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise RuntimeError("no CSRF token in the page")
    return match.group(1).decode()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[k]


def now() -> float:
    return time.perf_counter()
