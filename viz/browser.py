"""Open a page in a local headless Chromium, offline, and report what a person would see.

Used to take the screenshots of ``thesisgraph viz --screenshot`` and by the
tests that check a page in a real browser. It talks the DevTools protocol
over a WebSocket written with the standard library only, and it keeps the
page off the network twice over: every host resolves to nothing and every
connection goes to a dead proxy. Whatever the page tries to fetch is still
recorded, with every console message and uncaught exception.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..graph.errors import MissingDependencyError, ThesisGraphError

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
    "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
)
_LISTENING = re.compile(r"DevTools listening on (ws://[^\s]+)")


class BrowserError(ThesisGraphError):
    """Chromium could not be started or driven."""


def chromium_path() -> str | None:
    """The Chromium (or Chrome) executable on this machine, if any."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class _WebSocket:
    """The client side of RFC 6455, enough for the DevTools protocol (text frames)."""

    def __init__(self, url: str, timeout: float) -> None:
        m = re.match(r"ws://([^:/]+):(\d+)(/.*)", url)
        if not m:
            raise BrowserError(f"unexpected DevTools address {url!r}")
        host, port, path = m.group(1), int(m.group(2)), m.group(3)
        self.sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
             f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .encode()
        )
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise BrowserError("DevTools closed the connection during the handshake")
            head += chunk
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise BrowserError(f"DevTools refused the WebSocket: {head[:200]!r}")
        self.buffer = head.split(b"\r\n\r\n", 1)[1]

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buffer)))
            if not chunk:
                raise BrowserError("DevTools closed the connection")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def send(self, text: str) -> None:
        payload = text.encode("utf-8")
        n = len(payload)
        head = bytes([0x81])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack("!Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(head + mask + masked)

    def recv(self) -> str:
        parts: list[bytes] = []
        while True:
            b0, b1 = self._read(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else b""
            data = self._read(n)
            if mask:
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
            if opcode == 0x8:
                raise BrowserError("DevTools closed the connection")
            if opcode == 0x9:  # ping: answer with a pong
                self.sock.sendall(bytes([0x8A, 0x80 | len(data)]) + b"\0\0\0\0" + data)
                continue
            if opcode in (0x0, 0x1, 0x2):
                parts.append(data)
                if b0 & 0x80:
                    return b"".join(parts).decode("utf-8")

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


@dataclass
class PageReport:
    """What happened when a page was opened."""

    url: str
    attributes: dict[str, str | None] = field(default_factory=dict)
    console: list[str] = field(default_factory=list)  # every console message, "level: text"
    errors: list[str] = field(default_factory=list)  # console errors, exceptions, log errors
    requests: list[str] = field(default_factory=list)  # URLs other than the page's own file
    screenshot: bytes = b""


class Chromium:
    """A headless Chromium with one page; use as a context manager."""

    def __init__(self, executable: str | None = None, *, width: int = 1280, height: int = 800,
                 timeout: float = 60.0) -> None:
        exe = executable or chromium_path()
        if exe is None:
            raise MissingDependencyError("chromium (Debian package 'chromium')", "all")
        self.width, self.height, self.timeout = width, height, timeout
        self.profile = tempfile.mkdtemp(prefix="tg-chromium-")
        self.proc = subprocess.Popen(
            [exe, *FLAGS, f"--user-data-dir={self.profile}", f"--window-size={width},{height}",
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        self.ws = _WebSocket(self._devtools_url(), timeout)
        self._next = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for method in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
            self.call(method, session=True)
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
                  session=True)

    def _devtools_url(self) -> str:
        stderr = self.proc.stderr
        if stderr is None:
            raise BrowserError("cannot read Chromium's output")
        deadline = time.monotonic() + self.timeout
        seen = []
        while time.monotonic() < deadline:
            line = stderr.readline().decode("utf-8", "replace")
            if not line and self.proc.poll() is not None:
                break
            seen.append(line)
            m = _LISTENING.search(line)
            if m:
                return m.group(1)
        self.close()
        raise BrowserError("Chromium did not start: " + "".join(seen[-5:]).strip())

    def call(self, method: str, params: dict[str, Any] | None = None, *, session: bool = False) -> Any:
        """Send one DevTools command and return its result (events are kept in ``events``)."""
        self._next += 1
        msg: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = self.session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        r = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=True)
        if "exceptionDetails" in r:
            raise BrowserError(f"{expression[:60]}: {r['exceptionDetails'].get('text')}")
        return r.get("result", {}).get("value")

    def open(self, page: str | os.PathLike[str], *, until: str = "data-stabilized",
             attributes: tuple[str, ...] = ("data-status", "data-nodes-drawn", "data-stabilized",
                                            "data-error")) -> PageReport:
        """Open a file (or URL), wait until the root element has ``until``, and report."""
        url = Path(page).resolve().as_uri() if not str(page).startswith(("file:", "http:", "https:",
                                                                          "data:", "about:")) else str(page)
        self.events.clear()
        self.call("Page.navigate", {"url": url}, session=True)
        deadline = time.monotonic() + self.timeout
        get = "document.documentElement && document.documentElement.getAttribute({!r})"
        while time.monotonic() < deadline:
            if self.evaluate(get.format(until)) or self.evaluate(get.format("data-error")):
                break
            time.sleep(0.2)
        time.sleep(0.3)  # let the first frame reach the screen
        report = PageReport(url=url)
        for name in attributes:
            report.attributes[name] = self.evaluate(get.format(name))
        self._collect(report)
        return report

    def screenshot(self) -> bytes:
        r = self.call("Page.captureScreenshot", {"format": "png"}, session=True)
        return base64.b64decode(r["data"])

    def _collect(self, report: PageReport) -> None:
        for ev in self.events:
            method, p = ev.get("method"), ev.get("params", {})
            if method == "Runtime.consoleAPICalled":
                text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
                report.console.append(f"{p.get('type')}: {text}")
                if p.get("type") in ("error", "assert"):
                    report.errors.append(text)
            elif method == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                report.errors.append(str(d.get("exception", {}).get("description") or d.get("text")))
            elif method == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                report.errors.append(str(p["entry"].get("text")))
            elif method == "Network.requestWillBeSent":
                req = p.get("request", {}).get("url", "")
                if req != report.url and not req.startswith("data:"):
                    report.requests.append(req)

    def close(self) -> None:
        try:
            if getattr(self, "ws", None) is not None:
                try:
                    self.call("Browser.close")
                except (BrowserError, OSError):
                    pass
                self.ws.close()
        finally:
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
            if self.proc.stderr is not None:
                self.proc.stderr.close()
            shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def png_size_and_rows(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and unfiltered RGB(A) rows of an 8-bit PNG (standard library only)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise BrowserError("not a PNG")
    pos, idat, width, height, ctype = 8, b"", 0, 0, 0
    while pos < len(png):
        n, kind = struct.unpack("!I4s", png[pos : pos + 8])
        body = png[pos + 8 : pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack("!IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                raise BrowserError(f"unsupported PNG (depth {depth}, colour type {ctype})")
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    bpp = 4 if ctype == 6 else 3
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 0xFF
            elif f == 2:
                line[i] = (line[i] + b) & 0xFF
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, [bytes(r[i] for i in range(len(r)) if i % bpp < 3) for r in rows]


def ink(png: bytes, box: tuple[int, int, int, int] | None = None, background: tuple[int, int, int] = (255, 255, 255)) -> int:
    """How many pixels inside ``box`` (left, top, right, bottom) differ from the background."""
    width, height, rows = png_size_and_rows(png)
    left, top, right, bottom = box or (0, 0, width, height)
    bg = bytes(background)
    count = 0
    for y in range(max(0, top), min(height, bottom)):
        row = rows[y]
        for x in range(max(0, left), min(width, right)):
            if row[3 * x : 3 * x + 3] != bg:
                count += 1
    return count
