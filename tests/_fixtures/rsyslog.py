"""A real rsyslogd receiving RFC 5424 over TCP+TLS (the ``ossl`` stream driver, Debian rsyslog-openssl),
with a throwaway CA and server certificate made with ``cryptography``. Started on a free port, stopped by PID."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests._fixtures.services import free_port, wait_for


@dataclass
class Rsyslog:
    host: str
    port: int
    ca_file: Path
    output: Path
    server_name: str = "localhost"


def _cert(subject: str, issuer_key: ec.EllipticCurvePrivateKey | None, issuer: x509.Name | None,
          ca: bool) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    now = dt.datetime.now(dt.UTC)
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(issuer or name)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if not ca:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
    return key, builder.sign(issuer_key or key, hashes.SHA256())


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


@pytest.fixture
def rsyslog_tls(tmp_path: Path) -> Iterator[Rsyslog]:
    exe = shutil.which("rsyslogd") or "/usr/sbin/rsyslogd"
    if not Path(exe).exists() or not Path("/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_ossl.so").exists():
        pytest.fail("rsyslog with the openssl driver is not installed: run scripts/install-system-deps.sh")
    run = tmp_path / "rsyslog"
    (run / "work").mkdir(parents=True)
    ca_key, ca = _cert("phigate test CA", None, None, ca=True)
    srv_key, srv = _cert("localhost", ca_key, ca.subject, ca=False)
    (run / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (run / "server.pem").write_bytes(srv.public_bytes(serialization.Encoding.PEM))
    (run / "server.key").write_bytes(_pem_key(srv_key))
    port = free_port()
    output = run / "audit.log"
    (run / "rsyslog.conf").write_text(f'''
global(workDirectory="{run}/work"
       DefaultNetstreamDriver="ossl"
       DefaultNetstreamDriverCAFile="{run}/ca.pem"
       DefaultNetstreamDriverCertFile="{run}/server.pem"
       DefaultNetstreamDriverKeyFile="{run}/server.key")
module(load="imtcp" StreamDriver.Name="ossl" StreamDriver.Mode="1" StreamDriver.AuthMode="anon")
input(type="imtcp" port="{port}" address="127.0.0.1" ruleset="remote")
template(name="raw5424" type="string"
         string="%PRI% %TIMESTAMP:::date-rfc3339% %APP-NAME% %MSGID% %STRUCTURED-DATA% %msg%\\n")
ruleset(name="remote") {{
  action(type="omfile" file="{output}" template="raw5424")
}}
''')
    log = (run / "rsyslogd.out").open("wb")
    proc = subprocess.Popen([exe, "-n", "-f", str(run / "rsyslog.conf"), "-i", str(run / "rsyslogd.pid")],
                            stdout=log, stderr=subprocess.STDOUT)

    def listening() -> bool:
        if proc.poll() is not None:
            raise RuntimeError(f"rsyslogd exited: {(run / 'rsyslogd.out').read_text()[-2000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            return False

    try:
        wait_for(listening, timeout=15, what="rsyslogd")
        yield Rsyslog("127.0.0.1", port, run / "ca.pem", output)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
