"""A real TLS scanner (testssl.sh, Debian's ``testssl.sh`` package) against a real ``phigate serve``: TLS 1.3 is
the only protocol offered (SSLv2, SSLv3, TLS 1.0, 1.1 and 1.2 refused), no weak cipher category is offered, and
the certificate served is the data directory's."""

from __future__ import annotations

import hashlib
import json
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests._fixtures.server import IntakeServer, own_server

server = own_server("tls-scan")
REFUSED = ("SSLv2", "SSLv3", "TLS1", "TLS1_1", "TLS1_2")
WEAK = ("cipherlist_NULL", "cipherlist_aNULL", "cipherlist_EXPORT", "cipherlist_LOW", "cipherlist_3DES_IDEA",
        "cipherlist_AVERAGE")


@pytest.fixture(scope="module")
def findings(server: IntakeServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """testssl's protocol (-p), cipher category (-s) and server default (-S) findings, by id."""
    assert shutil.which("testssl"), "testssl.sh is missing: run scripts/install-system-deps.sh (make system-deps)"
    out = tmp_path_factory.mktemp("testssl") / "scan.json"
    target = server.base_url.removeprefix("https://")
    run = subprocess.run(["testssl", "--quiet", "--color", "0", "--warnings", "off", "--ip", "one", "-p", "-s",
                          "-S", "--jsonfile-pretty", str(out), target],
                         capture_output=True, timeout=300, check=False)
    assert out.exists(), run.stdout[-2000:] + run.stderr[-2000:]
    scan = json.loads(out.read_text())["scanResult"][0]
    yield {f["id"]: f["finding"] for part in ("protocols", "ciphers", "serverDefaults") for f in scan.get(part, [])}


def test_only_tls_1_3_is_offered(findings: dict[str, str]) -> None:
    assert findings["TLS1_3"].startswith("offered")
    for protocol in REFUSED:
        assert findings[protocol] == "not offered", protocol


def test_no_weak_cipher_category_is_offered(findings: dict[str, str]) -> None:
    for category in WEAK:
        assert findings[category] == "not offered", category
    assert findings["cipherlist_STRONG"] == "offered"


def test_the_data_directorys_certificate_is_served(server: IntakeServer, findings: dict[str, str]) -> None:
    der = ssl.PEM_cert_to_DER_cert(Path(server.cert).read_text())
    assert findings["cert_fingerprintSHA256"] == hashlib.sha256(der).hexdigest().upper()
    assert findings["cert_commonName"] == "localhost" and "127.0.0.1" in findings["cert_subjectAltName"]
    assert findings["cert_keySize"].startswith("EC 256")
