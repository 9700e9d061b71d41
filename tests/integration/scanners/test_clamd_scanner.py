"""ClamdScanner against a real clamd (tests/_fixtures/clamd.py) running the project's test signatures."""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from phigate.backends.scanners import ClamdScanner
from phigate.backends.scanners.clamd_daemon import ClamdDaemon, start_clamd
from phigate.errors import ScannerUnavailable
from phigate.models import ScanTarget
from tests._fixtures import hostile as h
from tests._fixtures.clamd import CLAMD_STREAM_MAX

pytestmark = pytest.mark.clamd
TARGET = ScanTarget(h.TEXT)


def reasons(scanner: ClamdScanner, data: bytes) -> set[tuple[str, str]]:
    return {(r.code, r.detail) for r in scanner.scan([data], TARGET).reasons}


@pytest.fixture
def unix_scanner(clamd: ClamdDaemon) -> ClamdScanner:
    return ClamdScanner(socket_path=clamd.socket_path, max_stream_bytes=CLAMD_STREAM_MAX, timeout=10)


def test_eicar_over_unix_socket_and_tcp(clamd: ClamdDaemon, unix_scanner: ClamdScanner) -> None:
    assert clamd.tcp_port is not None
    tcp = ClamdScanner(port=clamd.tcp_port, max_stream_bytes=CLAMD_STREAM_MAX, timeout=10)
    for scanner in (unix_scanner, tcp):
        found = reasons(scanner, h.eicar())
        assert len(found) == 1
        code, signature = found.pop()
        assert code == "malware.signature" and signature.startswith("Phigate.Test.EICAR")


@pytest.mark.parametrize(("data", "signature"), [
    (h.zip_of({"x.com": h.eicar()}), "Phigate.Test.EICAR"),
    (h.docx(extra={"word/embeddings/oleObject1.bin": h.eicar()}), "Phigate.Test.EICAR"),
    (b"synthetic sample PHIGATE-SYNTHETIC-MALWARE-MARKER end", "Phigate.Test.Marker"),
    (h.raw_pdf("/OpenAction 4 0 R", ("<< /Type /Action /S /Launch /F (x) >>",)), "Phigate.Test.PDF.LaunchAction"),
])
def test_shipped_signatures(unix_scanner: ClamdScanner, data: bytes, signature: str) -> None:
    assert reasons(unix_scanner, data) == {("malware.signature", f"{signature}.UNOFFICIAL")}


@pytest.mark.parametrize("data", [b"", b"hello", h.text_pdf(2), h.docx(), h.image("PNG")])
def test_clean(unix_scanner: ClamdScanner, data: bytes) -> None:
    verdict = unix_scanner.scan([data], TARGET)
    assert verdict.kind == "clean"
    assert verdict.scanners[0].version.startswith("ClamAV ")
    assert verdict.scanners[0].signatures == "unofficial"


def test_chunked_stream_matches_across_frame_boundaries(unix_scanner: ClamdScanner) -> None:
    data = b"a" * 65530 + h.eicar() + b"b" * 100
    chunks = [data[i:i + 1000] for i in range(0, len(data), 1000)]
    assert unix_scanner.scan(chunks, TARGET).kind == "infected"


def test_oversize_is_unscannable_at_our_cap_and_at_clamds(clamd: ClamdDaemon) -> None:
    big = b"\0" * (CLAMD_STREAM_MAX + 1)
    ours = ClamdScanner(socket_path=clamd.socket_path, max_stream_bytes=CLAMD_STREAM_MAX)
    assert {c for c, _ in reasons(ours, big)} == {"too_large"}
    # misconfigured client cap above clamd's StreamMaxLength: clamd's own refusal is still never "clean"
    theirs = ClamdScanner(socket_path=clamd.socket_path, max_stream_bytes=4 * CLAMD_STREAM_MAX)
    assert reasons(theirs, big) == {("too_large", "above clamd's StreamMaxLength")}


def test_scan_limits_exceeded_are_unscannable_not_ok(unix_scanner: ClamdScanner) -> None:
    # clamd would answer OK for what it skipped; AlertExceedsMax turns that into a heuristic we refuse
    found = reasons(unix_scanner, h.single_entry_bomb(16))
    assert {c for c, _ in found} == {"scanner.limit"}
    assert all(d.startswith("Heuristics.Limits.Exceeded") for _, d in found)


def test_encrypted_pdf_is_unscannable(unix_scanner: ClamdScanner) -> None:
    assert {c for c, _ in reasons(unix_scanner, h.encrypted_pdf())} == {"encrypted"}


def test_unreachable_clamd_fails_at_construction(tmp_path: Path) -> None:
    with pytest.raises(ScannerUnavailable):
        ClamdScanner(socket_path=tmp_path / "nothing.sock")


def test_clamd_going_away_is_unscannable(tmp_path: Path) -> None:
    with start_clamd(tmp_path / "run") as daemon:
        scanner = ClamdScanner(socket_path=daemon.socket_path, timeout=5)
        assert scanner.scan([b"hello"], TARGET).kind == "clean"
    verdict = scanner.scan([b"hello"], TARGET)
    assert verdict.kind == "unscannable"
    assert [r.code for r in verdict.reasons] == ["scanner.unavailable"]


class _SilentClamd(socketserver.BaseRequestHandler):
    """Answers PING and VERSION like clamd, then accepts a stream and never replies (a hung engine)."""

    def handle(self) -> None:
        command = self.request.recv(16)
        if command.startswith(b"zPING"):
            self.request.sendall(b"PONG\0")
        elif command.startswith(b"zVERSION"):
            self.request.sendall(b"ClamAV 1.4.6/27000/Tue Nov 24 09:00:00 2026\0")
        else:
            self.request.settimeout(5)
            try:
                while self.request.recv(65536):
                    pass
            except OSError:
                return


@pytest.fixture
def silent_clamd(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "silent.sock"
    server = socketserver.ThreadingUnixStreamServer(str(path), _SilentClamd)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield path
    finally:
        server.shutdown()
        server.server_close()


def test_timeout_is_unscannable_and_official_versions_are_parsed(silent_clamd: Path) -> None:
    scanner = ClamdScanner(socket_path=silent_clamd, timeout=0.5)
    verdict = scanner.scan([b"hello"], TARGET)
    assert verdict.kind == "unscannable"
    assert [r.code for r in verdict.reasons] == ["scanner.timeout"]
    assert verdict.scanners[0].version == "ClamAV 1.4.6"
    assert verdict.scanners[0].signatures == "daily 27000"


def test_garbage_reply_is_unscannable(tmp_path: Path) -> None:
    path = tmp_path / "garbage.sock"

    class Garbage(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            command = self.request.recv(16)
            self.request.sendall(b"PONG\0" if command.startswith(b"zPING") else b"stream: ??? \xff\0")

    server = socketserver.ThreadingUnixStreamServer(str(path), Garbage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        verdict = ClamdScanner(socket_path=path, timeout=2).scan([b"x"], TARGET)
        assert verdict.kind == "unscannable" and verdict.reasons[0].code == "scanner.error"
    finally:
        server.shutdown()
        server.server_close()


def test_never_socket_leak_on_refused_connection(tmp_path: Path) -> None:
    path = tmp_path / "closed.sock"
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(path))  # bound but not listening: connect is refused
    try:
        with pytest.raises(ScannerUnavailable):
            ClamdScanner(socket_path=path)
    finally:
        listener.close()
