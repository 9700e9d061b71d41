"""The development certificate is a leaf for the served names: trusting it trusts nothing else. Its key used to
be a CA's without name constraints: whoever copied it could mint a certificate for any host that every client
told to trust ``tls/cert.pem`` would accept. Checked with real TLS handshakes (the ``ssl`` module, OpenSSL)."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import socket
import ssl
import threading
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from phigate.cli._devcert import ensure_dev_certificate


def _handshake(cert: Path, key: Path, trust: Path, server_name: str) -> None:
    """A TLS 1.3 handshake from a client that trusts ``trust`` only; raises ssl.SSLError if it refuses."""
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)
    client_ctx = ssl.create_default_context(cafile=str(trust))
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        conn, _ = listener.accept()
        try:
            with server_ctx.wrap_socket(conn, server_side=True) as tls:
                tls.recv(1)
        except (ssl.SSLError, OSError):
            pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw, \
                client_ctx.wrap_socket(raw, server_hostname=server_name) as tls:
            tls.sendall(b"x")
    finally:
        thread.join(timeout=5)
        listener.close()


def _signed_by_dev_key(tmp_path: Path, dev_cert: Path, dev_key: Path, host: str) -> tuple[Path, Path]:
    """What a thief of ``tls/key.pem`` would make: a certificate for another host, issued by the dev cert."""
    issuer = x509.load_pem_x509_certificate(dev_cert.read_bytes())
    signer = serialization.load_pem_private_key(dev_key.read_bytes(), None)
    assert isinstance(signer, ec.EllipticCurvePrivateKey)
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
            .issuer_name(issuer.subject).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=1)).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(signer, hashes.SHA256()))
    cert_path, key_path = tmp_path / "forged.pem", tmp_path / "forged.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM) + dev_cert.read_bytes())
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_the_dev_certificate_is_a_leaf_for_the_served_names(tmp_path: Path) -> None:
    cert_path, key_path = ensure_dev_certificate(tmp_path / "tls", names=["phigate.internal", "0.0.0.0"])
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    assert cert.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign is False
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert set(san.get_values_for_type(x509.DNSName)) == {"localhost", "phigate.internal"}
    assert {str(ip) for ip in san.get_values_for_type(x509.IPAddress)} == {"127.0.0.1", "::1"}
    assert key_path.stat().st_mode & 0o077 == 0
    for name in ("localhost", "127.0.0.1", "phigate.internal"):
        _handshake(cert_path, key_path, cert_path, name)
    with pytest.raises(ssl.SSLCertVerificationError):
        _handshake(cert_path, key_path, cert_path, "elsewhere.example")


def test_its_key_cannot_mint_a_certificate_for_another_host(tmp_path: Path) -> None:
    cert_path, key_path = ensure_dev_certificate(tmp_path / "tls")
    forged = _signed_by_dev_key(tmp_path, cert_path, key_path, "bank.example")
    with pytest.raises(ssl.SSLCertVerificationError):
        _handshake(*forged, trust=cert_path, server_name="bank.example")


def test_an_old_ca_certificate_is_replaced_and_a_good_one_kept(tmp_path: Path) -> None:
    directory = tmp_path / "tls"
    cert_path, _ = ensure_dev_certificate(directory)
    kept = cert_path.read_bytes()
    assert ensure_dev_certificate(directory)[0].read_bytes() == kept
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    old_ca = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
              .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=30))
              .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
              .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True).sign(key, hashes.SHA256()))
    cert_path.write_bytes(old_ca.public_bytes(serialization.Encoding.PEM))
    ensure_dev_certificate(directory)
    renewed = x509.load_pem_x509_certificate(cert_path.read_bytes())
    assert renewed.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    ensure_dev_certificate(directory, names=["other.internal"])  # a newly served name: a new certificate
    san = x509.load_pem_x509_certificate(cert_path.read_bytes()).extensions.get_extension_for_class(
        x509.SubjectAlternativeName).value
    assert "other.internal" in san.get_values_for_type(x509.DNSName)


def _ensure_in_child(directory: str, names: list[str]) -> None:
    ensure_dev_certificate(Path(directory), names=names)


def test_processes_starting_together_agree_on_one_key_and_certificate(tmp_path: Path) -> None:
    """Two API processes on one data directory (scripts/scale.sh) used to write key and certificate in place:
    a reader could load an empty ``cert.pem``, and two writers could leave one's key beside the other's
    certificate. Each process here asks for a different name, so each of them writes."""
    directory = tmp_path / "tls"
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_ensure_in_child, args=(str(directory), [f"api-{i}.internal"])) for i in range(6)]
    for p in procs:
        p.start()
    seen = 0
    while any(p.is_alive() for p in procs):
        cert = directory / "cert.pem"
        if cert.exists():  # whatever a reader finds there is a whole certificate
            x509.load_pem_x509_certificate(cert.read_bytes())
            seen += 1
    for p in procs:
        p.join()
        assert p.exitcode == 0
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(cert_path, key_path)  # raises if they do not match
    assert seen > 0
    assert sorted(p.name for p in directory.iterdir()) == [".lock", "cert.pem", "key.pem"]  # no temporary left
    assert (key_path.stat().st_mode & 0o777) == 0o600
