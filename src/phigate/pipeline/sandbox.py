"""Parsers run in a throw-away child process per document, never in the API or worker process.

Each document gets a fresh child forked from a pre-imported fork server (``multiprocessing``'s ``forkserver``
context, which starts from a clean interpreter and so holds no keys, database connections or other documents).
Before it reads a byte the child puts itself in its own process group, sends its stdio to ``/dev/null``, leaves
the network (a new network namespace where the platform allows) and lowers its resource limits (address space,
CPU time, open files, file size 0 so nothing can be written to disk, no core dumps). The plaintext arrives over a
pipe, the parser's result leaves as JSON over the same pipe (never a pickle: the child is not trusted), and the
parent kills the child's process group when the wall-clock timeout passes. A crash, hang or limit ends that
document's job only, with a stable reason code (``sandbox.crashed``, ``sandbox.timeout``, ``sandbox.memory``,
``sandbox.cpu``, ``sandbox.file_size``, ``sandbox.protocol``); the wrappers below turn it into ``unscannable``
(scan), an extraction error or an image de-identification error (both ``needs_review``), never ``clean``.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import json
import logging
import multiprocessing
import os
import pickle
import resource
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext
from typing import Any

from phigate.errors import Error, ExtractionError, PhiError, ScanError, ServiceUnavailable
from phigate.models import Extracted, ScannerInfo, ScanReason, ScanTarget, Verdict, VerdictKind
from phigate.pipeline._artifacts import extracted_from_dict, extracted_to_dict
from phigate.ports import Extractor, Scanner

log = logging.getLogger("phigate.pipeline.sandbox")

CRASHED = "sandbox.crashed"  # the child died without an answer (a signal such as SIGSEGV or SIGABRT, or an exit)
TIMEOUT = "sandbox.timeout"  # the wall-clock timeout passed; the parent killed the child's process group
MEMORY = "sandbox.memory"  # the parser hit the address-space limit
CPU = "sandbox.cpu"  # the parser hit the CPU-time limit
FILE_SIZE = "sandbox.file_size"  # the parser tried to write a file
PROTOCOL = "sandbox.protocol"  # the child's answer was too large or not what the protocol allows

CLONE_NEWNET = 0x40000000  # <sched.h>; os.CLONE_NEWNET from Python 3.12
CLONE_NEWUSER = 0x10000000
_EXIT_SIGNALS = {int(signal.SIGXCPU): CPU, int(signal.SIGXFSZ): FILE_SIZE}


@dataclass(frozen=True, slots=True)
class SandboxLimits:
    """What one parsing child may use. ``memory_bytes`` is address space on top of the pre-imported server's."""

    timeout_seconds: float = 600.0
    cpu_seconds: int = 600
    memory_bytes: int = 2 * 1024**3
    open_files: int = 64
    file_size_bytes: int = 0
    max_reply_bytes: int = 256 * 1024**2
    isolate_network: bool = True


class SandboxFailure(Error):
    """The parsing child crashed, hung or hit a resource limit; only this document's job ended."""

    status = 422

    def __init__(self, code: str, detail: str = "") -> None:
        self.code, self.detail = code, detail
        super().__init__("the isolated parser ended without a result" + (f" ({detail})" if detail else ""))


class SandboxUnavailable(ServiceUnavailable):
    """No parsing child could be started (fork server down, no processes left): an outage, retried later."""

    code = "sandbox.unavailable"


class ParserError(Error):
    """An error the parser raised inside the child, carried back by its stable code and safe diagnostics."""

    def __init__(self, code: str, status: int, message: str) -> None:
        self.code, self.status = code, status
        super().__init__(message)


class ParserExtractionError(ParserError, ExtractionError):
    """An extraction error from the child (malformed, over a limit, protected …)."""


class ParserScanError(ParserError, ScanError):
    """A scanner error from the child."""


class ParserPhiError(ParserError, PhiError):
    """An image de-identification failure in the child, or the child's own end (the document is held for review:
    an image that was not cleaned never reaches the AI path)."""


class ParserOutage(ParserError, ServiceUnavailable):
    """An outage the child met (status 503): the document stays where it is and is retried."""


# --- the parent side --------------------------------------------------------------------------------------------


class Sandbox:
    """Runs one task per child process. ``preload``: modules the fork server imports once, so that a child
    starts with the parsers already in memory instead of importing them per document."""

    def __init__(self, limits: SandboxLimits, preload: Sequence[str] = ()) -> None:
        self.limits = limits
        self._ctx: ForkServerContext = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(["__main__", __name__, *preload])  # __main__: once, not per child
        self.network_isolated: bool | None = None  # what the last child reported
        _forget_fork_server_after_fork()

    def check(self) -> None:
        """Run an empty job; ``SandboxUnavailable`` or ``SandboxFailure`` when no child can run one. Logs once
        when the children cannot leave the network."""
        if self.run(probe, [b"probe"]) != len(b"probe"):
            raise SandboxFailure(PROTOCOL)
        if self.limits.isolate_network and not self.network_isolated:
            log.warning("parsing children share the host network: no network namespace here (needs root or "
                        "CAP_SYS_ADMIN); the resource limits still apply")

    def info(self) -> ScannerInfo:
        network = {True: "isolated", False: "shared", None: "unknown"}[self.network_isolated]
        return ScannerInfo("sandbox", "forkserver", f"network={network}")

    def run(self, task: Callable[[Iterator[bytes]], Any], chunks: Iterable[bytes]) -> Any:
        """The task's JSON result, computed in a child over ``chunks``. Raises ``SandboxFailure`` when the child
        ends without one, ``ParserError`` (one of its families) for an error the parser raised, and
        ``SandboxUnavailable`` when no child can start."""
        data = list(chunks)  # read (and decrypted) here, so a vault failure is the caller's, not the child's
        ours, theirs = self._ctx.Pipe(duplex=True)
        child = self._ctx.Process(target=_child_main, args=(theirs, task, self.limits), daemon=True)
        try:
            child.start()
        except (OSError, EOFError) as exc:
            ours.close()
            raise SandboxUnavailable("no isolated parser could be started") from exc
        finally:
            theirs.close()
        pid = child.pid or 0
        timed_out = threading.Event()
        watchdog = threading.Timer(self.limits.timeout_seconds, _expire, (pid, timed_out))
        sender = threading.Thread(target=_send, args=(ours, data), daemon=True, name="sandbox-send")
        watchdog.start()
        sender.start()
        try:
            raw = self._receive(ours, pid)
        finally:
            watchdog.cancel()
            exitcode = _reap(child, pid)
            sender.join()
            ours.close()
        if timed_out.is_set():
            raise SandboxFailure(TIMEOUT)
        if raw is None:
            raise SandboxFailure(child_exit_reason(exitcode), _describe_exit(exitcode))
        return self._unpack(raw)

    def _receive(self, conn: Connection, pid: int) -> bytes | None:
        try:
            return conn.recv_bytes(self.limits.max_reply_bytes)
        except (EOFError, ConnectionResetError):  # the child died without answering
            return None
        except OSError:  # longer than max_reply_bytes
            _kill_group(pid)
            return b""

    def _unpack(self, raw: bytes) -> Any:
        try:
            reply = json.loads(raw)
            self.network_isolated = bool(reply["network_isolated"])
            if "ok" in reply:
                return reply["ok"]
            err = reply["error"]
            code, status, family, message = str(err["code"]), int(err["status"]), err["family"], str(err["message"])
        except (ValueError, KeyError, TypeError) as exc:
            raise SandboxFailure(PROTOCOL) from exc
        if family == "sandbox":
            raise SandboxFailure(code)
        kind = {"outage": ParserOutage, "scan": ParserScanError, "phi": ParserPhiError}.get(family,
                                                                                         ParserExtractionError)
        raise kind(code, status, message)


_AT_FORK: list[bool] = []


def _forget_fork_server_after_fork() -> None:
    """A process forked from this one (``phigate ingest``'s worker pool) cannot use this process's fork server:
    ``multiprocessing`` would ``waitpid`` a process that is not its child. Make it start its own."""
    if not _AT_FORK:
        _AT_FORK.append(True)
        os.register_at_fork(after_in_child=_forget_fork_server)


def _forget_fork_server() -> None:
    from multiprocessing import forkserver

    server: Any = forkserver._forkserver
    if server._forkserver_alive_fd is not None:
        with contextlib.suppress(OSError):
            os.close(server._forkserver_alive_fd)
    server._forkserver_pid = server._forkserver_address = server._forkserver_alive_fd = None
    server._lock = threading.Lock()


def child_exit_reason(exitcode: int) -> str:
    """The reason code for a child that ended with ``exitcode`` (negative: killed by that signal)."""
    return _EXIT_SIGNALS.get(-exitcode, CRASHED) if exitcode < 0 else CRASHED


def _reap(child: Any, pid: int) -> int:
    """Wait for the child (killing its group if it lingers after answering) and return its exit code."""
    child.join(timeout=5)
    if child.exitcode is None:
        _kill_group(pid)
        child.join()
    exitcode = int(child.exitcode)
    child.close()
    return exitcode


def _describe_exit(exitcode: int) -> str:
    if exitcode < 0:
        with contextlib.suppress(ValueError):
            return signal.Signals(-exitcode).name
    return f"exit {exitcode}"


def _send(conn: Connection, data: list[bytes]) -> None:
    with contextlib.suppress(OSError):  # the child ended (answered early, crashed or was killed)
        for chunk in data:
            if chunk:
                conn.send_bytes(chunk)
        conn.send_bytes(b"")


def _expire(pid: int, timed_out: threading.Event) -> None:
    timed_out.set()
    _kill_group(pid)


def _kill_group(pid: int) -> None:
    """Kill the child and everything it started (OCR engines) by its process group; the child itself even if it
    died before it could make its own group."""
    if pid <= 0:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGKILL)


# --- the child side -----------------------------------------------------------------------------------------------


def _child_main(conn: Connection, task: Callable[[Iterator[bytes]], Any], limits: SandboxLimits) -> None:
    os.setpgid(0, 0)
    _silence_stdio()
    isolated = limits.isolate_network and leave_network()
    apply_limits(limits)
    reply: dict[str, Any] = {"network_isolated": isolated}
    try:
        reply["ok"] = task(_receive(conn))
        body = json.dumps(reply, separators=(",", ":")).encode()
    except MemoryError:
        body = _error_body(isolated, MEMORY, 422, "sandbox", "")
    except Error as exc:
        body = _error_body(isolated, exc.code, exc.status, _family(exc), exc.diagnostics())
    except Exception as exc:  # a parser bug met by hostile input: this document's failure, by type name only
        body = _error_body(isolated, "extraction_failed", 422, "parser", type(exc).__name__)
    conn.send_bytes(body)
    conn.close()


def _error_body(isolated: bool, code: str, status: int, family: str, message: str) -> bytes:
    return json.dumps({"network_isolated": isolated, "error": {"code": code, "status": status, "family": family,
                                                               "message": message}}).encode()


def _family(exc: Error) -> str:
    if isinstance(exc, ServiceUnavailable):
        return "outage"
    if isinstance(exc, ExtractionError):
        return "extraction"
    if isinstance(exc, PhiError):
        return "phi"
    return "scan" if isinstance(exc, ScanError) else "parser"


def _receive(conn: Connection) -> Iterator[bytes]:
    while chunk := conn.recv_bytes():
        yield chunk


def _silence_stdio() -> None:
    """A parser's prints go nowhere: no document text in logs, and no write to a file (file size 0 would kill)."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


def leave_network() -> bool:
    """Move this process into a new, empty network namespace (no interface but a down loopback): directly with
    root or CAP_SYS_ADMIN, else inside a new user namespace where the kernel allows unprivileged ones (as under
    the shipped systemd units). False where both are refused: the child keeps the host's network, and the
    limits still apply."""
    return any(_unshare(flags) for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET))


def _unshare(flags: int) -> bool:
    unshare = getattr(os, "unshare", None)
    try:
        if unshare is not None:  # Python 3.12+
            unshare(flags)
            return True
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.unshare(flags) == 0)
    except (OSError, AttributeError):
        return False


def apply_limits(limits: SandboxLimits) -> None:
    """Lower soft and hard limits together, so the parser cannot raise them again."""
    address_space = _address_space_in_use() + limits.memory_bytes
    _lower(resource.RLIMIT_AS, address_space)
    _lower(resource.RLIMIT_CPU, limits.cpu_seconds, hard=limits.cpu_seconds + 5)  # SIGXCPU, then SIGKILL
    _lower(resource.RLIMIT_NOFILE, limits.open_files)
    _lower(resource.RLIMIT_FSIZE, limits.file_size_bytes)
    _lower(resource.RLIMIT_CORE, 0)


def _lower(which: int, soft: int, *, hard: int | None = None) -> None:
    _, current_hard = resource.getrlimit(which)
    hard = soft if hard is None else hard
    if current_hard != resource.RLIM_INFINITY:
        soft, hard = min(soft, current_hard), min(hard, current_hard)
    resource.setrlimit(which, (soft, hard))


def _address_space_in_use() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


# --- the tasks a child runs, and the port implementations that hand them to a sandbox ---------------------------


def probe(chunks: Iterator[bytes]) -> int:
    """An empty job (bytes received), for start-up checks and the benchmark's round trip."""
    return sum(len(c) for c in chunks)


def prebuilt(parser: Any) -> Callable[[], Any] | None:
    """A factory that hands each child a copy of ``parser`` built once here, so per-document set-up (an OCR
    engine's version probe) is not repeated; None when ``parser`` does not pickle (build it in the child)."""
    try:
        pickle.dumps(parser)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return functools.partial(_same, parser)


def _same(parser: Any) -> Any:
    return parser



@dataclass(frozen=True, slots=True)
class ScanTask:
    build: Callable[[], Scanner]
    target: ScanTarget

    def __call__(self, chunks: Iterator[bytes]) -> dict[str, object]:
        verdict = self.build().scan(chunks, self.target)
        return verdict.to_dict() | {"timings": [list(t) for t in verdict.timings]}


@dataclass(frozen=True, slots=True)
class ExtractTask:
    build: Callable[[], Extractor]
    media_type: str

    def __call__(self, chunks: Iterator[bytes]) -> dict[str, Any]:
        return extracted_to_dict(self.build().extract(b"".join(chunks), self.media_type))


class SandboxedScanner:
    """A ``Scanner`` whose scans run in the sandbox. ``build`` makes the real scanner in the child (picklable:
    a module-level function and plain settings); the one built here answers ``info`` and ``check``."""

    name = "sandboxed"

    def __init__(self, sandbox: Sandbox, build: Callable[[], Scanner]) -> None:
        self._sandbox, self._build = sandbox, build
        self._local = build()

    def info(self) -> ScannerInfo:
        return self._local.info()

    def check(self) -> None:
        self._local.check()

    def scan(self, chunks: Iterable[bytes], target: ScanTarget) -> Verdict:
        try:
            payload = self._sandbox.run(ScanTask(self._build, target), chunks)
            verdict = replace(Verdict.from_dict(payload), timings=tuple(
                (str(name), float(seconds)) for name, seconds in payload.get("timings", ())))
        except SandboxFailure as exc:
            reason = ScanReason(exc.code, VerdictKind.UNSCANNABLE, "sandbox", exc.detail)
            return Verdict.from_reasons((reason,), scanners=(self._sandbox.info(),))
        except (ValueError, KeyError, TypeError, AttributeError):
            reason = ScanReason(PROTOCOL, VerdictKind.UNSCANNABLE, "sandbox")
            return Verdict.from_reasons((reason,), scanners=(self._sandbox.info(),))
        return replace(verdict, scanners=(*verdict.scanners, self._sandbox.info()))


class SandboxedExtractor:
    """An ``Extractor`` whose extractions run in the sandbox; a sandbox failure is an ``ExtractionError`` with
    the sandbox's reason code (the document goes to ``needs_review``)."""

    name = "sandboxed"

    def __init__(self, sandbox: Sandbox, build: Callable[[], Extractor], media_types: frozenset[str]) -> None:
        self._sandbox, self._build, self.media_types = sandbox, build, media_types

    def extract(self, data: bytes, media_type: str) -> Extracted:
        try:
            return extracted_from_dict(self._sandbox.run(ExtractTask(self._build, media_type), (data,)))
        except SandboxFailure as exc:
            raise ParserExtractionError(exc.code, exc.status, exc.diagnostics()) from exc
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ParserExtractionError(PROTOCOL, 422, "the isolated parser's answer was malformed") from exc
