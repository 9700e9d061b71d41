"""A self-signed certificate for the served names, made on first run so that phigate never serves plain HTTP.

It is a *leaf*: no CA bit, no certificate-signing key usage, server authentication only, names in its
SubjectAlternativeName. A client told to trust it (``--cacert tls/cert.pem``) trusts exactly this one
certificate for these names, and nothing its key could sign: a copied key cannot mint certificates for other
hosts. (Earlier versions made a CA here; such a certificate is replaced on the next start.)
"""

from __future__ import annotations

import datetime as dt
import fcntl
import ipaddress
import os
from collections.abc import Sequence
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEFAULT_NAMES = ("localhost", "127.0.0.1", "::1")
_WILDCARDS = frozenset({"", "0.0.0.0", "::"})  # noqa: S104 - addresses to recognise, not to bind


def ensure_dev_certificate(directory: Path, days: int = 365, names: Sequence[str] = ()) -> tuple[Path, Path]:
    """``(cert.pem, key.pem)`` in ``directory``, created (key mode 0600) if absent, if the existing one is a CA
    (made by an older phigate), or if it lacks one of ``names`` (host names or IP addresses, besides localhost)."""
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    wanted = [*DEFAULT_NAMES, *(n for n in names if n not in _WILDCARDS and n not in DEFAULT_NAMES)]
    if cert_path.exists() and key_path.exists() and _usable(cert_path, wanted):
        return cert_path, key_path
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Processes started together on one data directory (scripts/scale.sh) take turns: each file is replaced
    # whole, so nobody reads half a certificate, and under the lock nobody pairs one process's key with
    # another's certificate.
    with (directory / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (cert_path.exists() and key_path.exists() and _usable(cert_path, wanted)):
            key_pem, cert_pem = _make(wanted, days)
            _replace(key_path, key_pem, 0o600)
            _replace(cert_path, cert_pem, 0o644)
    return cert_path, key_path


def _make(wanted: Sequence[str], days: int) -> tuple[bytes, bytes]:
    """A new key and its self-signed leaf certificate for ``wanted``, as PEM."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, wanted[0]),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "phigate development certificate")])
    now = dt.datetime.now(dt.UTC)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName([_general_name(n) for n in wanted]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=False, crl_sign=False,
                                     content_commitment=False, key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(ski, critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
        .sign(key, hashes.SHA256())
    )
    return (key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()),
            cert.public_bytes(serialization.Encoding.PEM))


def _replace(path: Path, data: bytes, mode: int) -> None:
    """``path`` holds ``data`` (created with ``mode``), or what it held before: never a part of either."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _general_name(value: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(value))
    except ValueError:
        return x509.DNSName(value)


def _usable(cert_path: Path, names: Sequence[str]) -> bool:
    """A leaf (not a CA) that names every one of ``names`` and is not about to expire."""
    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (ValueError, x509.ExtensionNotFound):
        return False
    expiring = cert.not_valid_after_utc < dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    return not is_ca and not expiring and all(_general_name(n) in san for n in names)
