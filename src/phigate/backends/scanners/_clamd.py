"""ClamAV through clamd's INSTREAM command, over a unix socket or TCP, streaming the caller's plaintext chunks
straight from memory (nothing is written to disk).

clamd answers ``OK`` for data it skipped because of its own size limits unless configured otherwise, so this
client refuses streams above ``max_stream_bytes`` itself (keep it at or below clamd's ``StreamMaxLength``,
``MaxFileSize`` and ``MaxScanSize``) and maps ``size limit exceeded``, ``Heuristics.Limits.Exceeded.*``
(``AlertExceedsMax yes``), errors and timeouts to ``unscannable``: never to ``clean``.
"""

from __future__ import annotations

import socket
import struct
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from phigate.errors import ScannerUnavailable
from phigate.models import ScannerInfo, ScanReason, ScanTarget, Verdict

from ._findings import infected, unscannable

SCANNER = "clamd"
_FRAME = 64 * 1024
_MAX_REPLY = 64 * 1024


class ClamdScanner:
    """The ``Scanner`` over a running clamd. Fails at construction when clamd does not answer."""

    name = SCANNER

    def __init__(self, *, socket_path: Path | None = None, host: str = "127.0.0.1", port: int = 3310,
                 timeout: float = 30.0, max_stream_bytes: int = 100 * 1024 * 1024) -> None:
        self._socket_path = socket_path
        self._address = (host, port)
        self._timeout = timeout
        self._max_stream_bytes = max_stream_bytes
        self.check()

    def check(self) -> None:
        try:
            reply = self._command(b"zPING\0")
        except OSError as exc:
            raise ScannerUnavailable("clamd is not reachable") from exc
        if reply != "PONG":
            raise ScannerUnavailable("clamd did not answer PING")

    def info(self) -> ScannerInfo:
        try:
            return parse_version(self._command(b"zVERSION\0"))
        except OSError:
            return ScannerInfo(SCANNER, "unavailable", "")

    def scan(self, chunks: Iterable[bytes], target: ScanTarget) -> Verdict:
        started = time.perf_counter()
        info = self.info()
        reasons = self._scan(chunks) if info.version != "unavailable" else [
            unscannable("scanner.unavailable", SCANNER, "clamd is not reachable")]
        return Verdict.from_reasons(tuple(reasons), scanners=(info,),
                                    timings=((SCANNER, time.perf_counter() - started),))

    def _scan(self, chunks: Iterable[bytes]) -> list[ScanReason]:
        try:
            with self._connect() as conn:
                conn.sendall(b"zINSTREAM\0")
                if not self._send_stream(conn, chunks):
                    return [unscannable("too_large", SCANNER, f"above {self._max_stream_bytes} bytes for clamd")]
                return parse_reply(_read_reply(conn))
        except TimeoutError:
            return [unscannable("scanner.timeout", SCANNER, f"clamd gave no answer within {self._timeout} s")]
        except OSError:
            return [unscannable("scanner.unavailable", SCANNER, "the connection to clamd failed")]

    def _send_stream(self, conn: socket.socket, chunks: Iterable[bytes]) -> bool:
        """Send every chunk in INSTREAM frames; False (nothing more sent) once the stream exceeds the cap."""
        sent = 0
        try:
            for frame in _frames(chunks):
                sent += len(frame)
                if sent > self._max_stream_bytes:
                    return False
                conn.sendall(struct.pack("!L", len(frame)) + frame)
            conn.sendall(struct.pack("!L", 0))
        except (BrokenPipeError, ConnectionResetError):
            pass  # clamd hung up early (its own size limit): its reply says why
        return True

    def _connect(self) -> socket.socket:
        if self._socket_path is not None:
            conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            conn.settimeout(self._timeout)
            try:
                conn.connect(str(self._socket_path))
            except OSError:
                conn.close()
                raise
            return conn
        return socket.create_connection(self._address, timeout=self._timeout)

    def _command(self, command: bytes) -> str:
        with self._connect() as conn:
            conn.sendall(command)
            return _read_reply(conn)


def _frames(chunks: Iterable[bytes]) -> Iterator[bytes]:
    for chunk in chunks:
        view = memoryview(chunk)
        for offset in range(0, len(view), _FRAME):
            yield bytes(view[offset:offset + _FRAME])


def _read_reply(conn: socket.socket) -> str:
    reply = b""
    while not reply.endswith(b"\0") and len(reply) < _MAX_REPLY:
        data = conn.recv(4096)
        if not data:
            break
        reply += data
    return reply.rstrip(b"\0").decode("utf-8", "replace").strip()


def parse_version(reply: str) -> ScannerInfo:
    """``ClamAV 1.4.6/27470/Tue Nov 24 ...`` (official databases) or ``ClamAV 1.4.6`` (only unofficial ones)."""
    engine, _, rest = reply.partition("/")
    database = rest.split("/", 1)[0] if rest else "unofficial"
    return ScannerInfo(SCANNER, engine.strip() or "unknown", f"daily {database}" if rest else database)


def parse_reply(reply: str) -> list[ScanReason]:
    if reply == "stream: OK":
        return []
    if reply.startswith("stream: ") and reply.endswith(" FOUND"):
        signature = reply.removeprefix("stream: ").removesuffix(" FOUND").strip()
        if signature.startswith("Heuristics.Limits.Exceeded"):
            return [unscannable("scanner.limit", SCANNER, signature)]
        if signature.startswith("Heuristics.Encrypted"):
            return [unscannable("encrypted", SCANNER, signature)]
        return [infected("malware.signature", SCANNER, signature)]
    if "size limit exceeded" in reply:
        return [unscannable("too_large", SCANNER, "above clamd's StreamMaxLength")]
    return [unscannable("scanner.error", SCANNER, "clamd returned an error")]
