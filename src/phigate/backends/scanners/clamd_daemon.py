"""Start and stop a private clamd (Debian ``clamav-daemon``) for tests, benchmarks and ``make run``.

It runs in the foreground of a child process owned by the caller, on a unix socket in ``run_dir`` (and
optionally a loopback TCP port), with the shipped test signature database unless told otherwise, and is
stopped by its PID. Production runs its own clamd with freshclam's databases (see the README).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from phigate.errors import ScannerUnavailable

TEST_SIGNATURES = Path(__file__).parent / "clamav-test-db"


@dataclass
class ClamdDaemon:
    process: subprocess.Popen[bytes]
    socket_path: Path
    tcp_port: int | None
    stream_max_bytes: int
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def __enter__(self) -> ClamdDaemon:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_clamd(run_dir: Path, *, database_dir: Path = TEST_SIGNATURES, stream_max_bytes: int = 100 << 20,
                tcp_port: int | None = None, timeout: float = 30.0) -> ClamdDaemon:
    """A running clamd whose limits all equal ``stream_max_bytes`` and which alerts on exceeded limits and
    encrypted documents, so that nothing it skipped can come back as ``OK``."""
    exe = shutil.which("clamd") or "/usr/sbin/clamd"
    if not Path(exe).exists():
        raise ScannerUnavailable("clamd is not installed (Debian package clamav-daemon)")
    run_dir.mkdir(parents=True, exist_ok=True)
    sock = run_dir / "clamd.sock"
    log = run_dir / "clamd.log"
    lines = [
        f"DatabaseDirectory {database_dir}", f"LocalSocket {sock}", "LocalSocketMode 600", "Foreground yes",
        f"LogFile {log}", "LogTime yes", f"StreamMaxLength {stream_max_bytes}", f"MaxFileSize {stream_max_bytes}",
        f"MaxScanSize {stream_max_bytes}", "MaxThreads 4", "SelfCheck 0", "AlertExceedsMax yes",
        "HeuristicScanPrecedence yes", "MaxScanTime 10000", "AlertEncryptedDoc yes", "AlertEncryptedArchive yes",
        "AlertBrokenExecutables yes",
    ]
    if tcp_port is not None:
        lines += [f"TCPSocket {tcp_port}", "TCPAddr 127.0.0.1"]
    conf = run_dir / "clamd.conf"
    conf.write_text("\n".join(lines) + "\n")
    with (run_dir / "clamd.out").open("wb") as out:
        process = subprocess.Popen([exe, "-c", str(conf)], stdout=out, stderr=subprocess.STDOUT)
    daemon = ClamdDaemon(process, sock, tcp_port, stream_max_bytes, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ScannerUnavailable(f"clamd exited at start with status {process.returncode}")
        if _answers(sock):
            return daemon
        time.sleep(0.02)
    daemon.stop()
    raise ScannerUnavailable(f"clamd did not answer within {timeout} s")


def _answers(sock: Path) -> bool:
    if not sock.exists():
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(1)
            conn.connect(str(sock))
            conn.sendall(b"zPING\0")
            return conn.recv(16).startswith(b"PONG")
    except OSError:
        return False


def main() -> None:
    """``python -m phigate.backends.scanners.clamd_daemon [RUN_DIR]``: a development clamd with the test
    signatures, in the foreground until interrupted (``make clamd-dev``). Never for production."""
    import sys

    run_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "./phigate-data/clamd").resolve()
    with start_clamd(run_dir) as daemon:
        sys.stdout.write(f"clamd (test signatures) pid {daemon.pid} on {daemon.socket_path}\n"
                         f"set PHIGATE_SCAN__CLAMD_SOCKET={daemon.socket_path} and "
                         "PHIGATE_SCAN__SCANNERS='[\"yara\",\"clamd\"]'; Ctrl-C stops it\n")
        sys.stdout.flush()
        with contextlib.suppress(KeyboardInterrupt):
            daemon.process.wait()


if __name__ == "__main__":
    main()
