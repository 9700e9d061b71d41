"""Parsers that misbehave on purpose, for the sandbox tests. They live in a module (not in a test) so that the
sandbox's fork server can import them by name in a child process."""

from __future__ import annotations

import ctypes
import os
import socket
import time
from collections.abc import Iterable

from phigate.errors import MalformedDocument
from phigate.models import Extracted, Page, ScannerInfo, ScanTarget, TextSource, Verdict

TEXT = "synthetic page one"
PARENT_STATE = ["as imported"]  # a test changes it in the parent; a child must still see the imported value


class Behaviour:
    """What a hostile parser does when it gets a document: ``ok``, ``segfault``, ``abort``, ``hang``, ``spin``,
    ``allocate``, ``write_file``, ``malformed``, ``value_error``, ``connect`` or ``huge_reply``."""

    def __init__(self, behaviour: str) -> None:
        self.behaviour = behaviour

    def act(self, data: bytes) -> str:
        b = self.behaviour
        if b == "segfault":
            ctypes.string_at(0)
        elif b == "abort":
            os.abort()
        elif b == "hang":
            time.sleep(3600)
        elif b == "spin":
            while True:
                pass
        elif b == "allocate":
            hog = bytearray(64 * 1024**3)  # far more than any limit the tests set
            return str(len(hog))
        elif b == "write_file":
            with open(f"/tmp/phigate-sandbox-test-{os.getpid()}", "wb") as f:
                f.write(data)
                f.flush()
        elif b == "malformed":
            raise MalformedDocument("the test parser refuses this document")
        elif b == "value_error":
            raise ValueError(data.decode())  # the text must never come back to the parent
        elif b == "connect":
            with socket.create_connection(("127.0.0.1", 9), timeout=2):
                pass
        elif b == "huge_reply":
            return "x" * (8 * 1024**2)
        elif b == "pid":
            return str(os.getpid())
        elif b == "stdio":
            return " ".join(os.readlink(f"/proc/self/fd/{fd}") for fd in (0, 1, 2))
        elif b == "parent_state":
            return PARENT_STATE[0]
        return TEXT


class HostileExtractor:
    name = "hostile"
    media_types = frozenset({"text/plain"})

    def __init__(self, behaviour: str) -> None:
        self._b = Behaviour(behaviour)

    def extract(self, data: bytes, media_type: str) -> Extracted:
        text = self._b.act(data)
        return Extracted(media_type, (Page(1, text, 0, TextSource.TEXT_LAYER),))


class HostileScanner:
    name = "hostile"

    def __init__(self, behaviour: str) -> None:
        self._b = Behaviour(behaviour)

    def info(self) -> ScannerInfo:
        return ScannerInfo("hostile", "1")

    def check(self) -> None:
        return None

    def scan(self, chunks: Iterable[bytes], target: ScanTarget) -> Verdict:
        self._b.act(b"".join(chunks))
        return Verdict.from_reasons((), scanners=(self.info(),))


def network_reachable() -> str:
    """``reachable`` when a TCP connection to loopback can even be attempted, else ``unreachable``."""
    try:
        with socket.create_connection(("127.0.0.1", 9), timeout=2):
            return "reachable"
    except ConnectionRefusedError:
        return "reachable"  # loopback is up: something answered with a refusal
    except OSError:
        return "unreachable"


class HostileWords:
    """A ``WordReader`` (the image de-identifier's OCR) that misbehaves like ``Behaviour`` on the first page."""

    def __init__(self, behaviour: str) -> None:
        self._b = Behaviour(behaviour)

    def read_words(self, image: object, dpi: int = 300) -> tuple[object, ...]:
        self._b.act(b"")
        return ()


class NoWords:
    """A ``WordReader`` that reads no words (faces are still found and blacked out)."""

    def read_words(self, image: object, dpi: int = 300) -> tuple[object, ...]:
        return ()
