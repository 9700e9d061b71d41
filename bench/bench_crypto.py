"""Encrypted storage benchmarks (issue 2): streaming envelope throughput against raw AES-GCM and Tink's streaming
AEAD on the same bytes, peak memory while encrypting 2 GiB, random access at the end of 1 GiB, rewrap rates."""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from phigate.crypto.envelope import EnvelopeContext, decrypt_stream, encrypt_stream, new_data_key

CHUNK = 64 * 1024
MiB = 1024 * 1024
SRC = str(Path(__file__).parents[1] / "src")


def _rounds(fns: list[Any], nbytes: int, repeat: int) -> list[list[float]]:
    """MiB/s of each function in each round; the functions run one after another within a round, so load on this
    shared machine hits them alike, and ratios are taken round by round."""
    rates: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            rates[i].append(nbytes / (time.perf_counter() - t0) / MiB)
    return rates


def _ratio_row(name: str, ours: list[float], base: list[float], target: float, target_text: str) -> dict[str, Any]:
    ratio = statistics.median(o / b for o, b in zip(ours, base, strict=True))
    return {"area": "crypto", "name": name, "value": statistics.median(ours), "unit": "MiB/s",
            "baseline": statistics.median(base), "ratio": ratio, "target": target_text, "ok": ratio >= target}


class _Sink(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        return len(b)


def _chunks(block: bytes, total: int) -> Any:
    for _ in range(total // len(block)):
        yield block


def run(quick: bool) -> list[dict[str, Any]]:
    size = (64 if quick else 1024) * MiB
    repeat = 5
    block = os.urandom(CHUNK)
    dek = new_data_key()
    ctx = EnvelopeContext("bench", "docs/obj", "key")
    rows: list[dict[str, Any]] = []

    aead = AESGCM(dek)
    nonce = os.urandom(12)

    def raw_encrypt() -> None:
        for c in _chunks(block, size):
            aead.encrypt(nonce, c, None)

    ct_block = aead.encrypt(nonce, block, None)

    def raw_decrypt() -> None:
        for _ in range(size // CHUNK):
            aead.decrypt(nonce, ct_block, None)

    def ours_encrypt() -> None:
        for _ in encrypt_stream(dek, ctx, _chunks(block, size)):
            pass

    # in memory, read back in 1 MiB pieces (the stores' read size), so no disk time is measured
    ciphertext = b"".join(encrypt_stream(dek, ctx, _chunks(block, size)))

    def ours_decrypt() -> None:
        view = memoryview(ciphertext)
        for _ in decrypt_stream(dek, ctx, (view[i:i + MiB] for i in range(0, len(view), MiB))):
            pass

    funcs_enc: list[Any] = [ours_encrypt, raw_encrypt]
    funcs_dec: list[Any] = [ours_decrypt, raw_decrypt]
    tink_label = "Tink AES256_GCM_HKDF_1MB"
    with tempfile.TemporaryDirectory() as d:
        try:
            import tink
            from tink import streaming_aead

            streaming_aead.register()
            handle = tink.new_keyset_handle(streaming_aead.streaming_aead_key_templates.AES256_GCM_HKDF_1MB)
            prim = handle.primitive(streaming_aead.StreamingAead)
            path = Path(d) / "tink.bin"
            with prim.new_encrypting_stream(path.open("wb"), b"aad") as enc:  # Tink closes the file itself
                for c in _chunks(block, size):
                    enc.write(c)

            def tink_encrypt() -> None:
                with prim.new_encrypting_stream(_Sink(), b"aad") as enc:
                    for c in _chunks(block, size):
                        enc.write(c)

            def tink_decrypt() -> None:
                with prim.new_decrypting_stream(path.open("rb"), b"aad") as dec:
                    while dec.read(MiB):
                        pass

            funcs_enc.append(tink_encrypt)
            funcs_dec.append(tink_decrypt)
        except ImportError:
            tink_label = ""
        enc_rates = _rounds(funcs_enc, size, repeat)
        dec_rates = _rounds(funcs_dec, size, repeat)
    label = f"{size // MiB} MiB"
    for op, rates in (("encrypt", enc_rates), ("decrypt", dec_rates)):
        rows.append(_ratio_row(f"stream {op} {label} vs raw AESGCM 64 KiB", rates[0], rates[1], 0.70, ">= 0.70"))
        if tink_label:
            rows.append(_ratio_row(f"stream {op} {label} vs {tink_label}", rates[0], rates[2], 4.0, ">= 4x"))
            ceiling = _ratio_row(f"  (ceiling: raw AESGCM {op} vs {tink_label})", rates[1], rates[2], 4.0, "info")
            ceiling["ok"] = None
            rows.append(ceiling)
    rows += _vault_rows(quick)
    rows += _rewrap_rows(quick)
    return rows


_VAULT_SCRIPT = textwrap.dedent("""
    import json, os, resource, statistics, sys, time
    from pathlib import Path
    from phigate.backends.kms.local import LocalKeyring
    from phigate.backends.storage.filesystem import FilesystemStore
    from phigate.models import BlobKey
    from phigate.vault import Vault
    root, size = Path(sys.argv[1]), int(sys.argv[2])
    vault = Vault(FilesystemStore(root / "blobs"), LocalKeyring.open(root / "ring.json", root / "master.key"))
    block = os.urandom(1 << 20)
    def rss():
        with open("/proc/self/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmHWM")) * 1024
    base = rss()
    key = BlobKey("bench", "docs", "big")
    t0 = time.perf_counter()
    vault.put(key, (block for _ in range(size >> 20)))
    put_s = time.perf_counter() - t0
    peak = rss() - base
    times = []
    for _ in range(21):
        t0 = time.perf_counter()
        out = vault.read_range(key, size - (1 << 20), 1 << 20)
        times.append(time.perf_counter() - t0)
    assert out == block
    print(json.dumps({"peak": peak, "put_s": put_s, "range_ms": statistics.median(times) * 1000}))
""")


def _vault_rows(quick: bool) -> list[dict[str, Any]]:
    import json

    size = (256 if quick else 2048) * MiB
    with tempfile.TemporaryDirectory() as d:
        out = subprocess.run([sys.executable, "-c", _VAULT_SCRIPT, d, str(size)], capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": SRC}, check=True, timeout=1200)
    r = json.loads(out.stdout)
    label = f"{size // MiB} MiB"
    return [
        {"area": "crypto", "name": f"vault put {label} to filesystem: peak RSS growth", "value": r["peak"] / MiB,
         "unit": "MiB", "target": "< 64", "ok": r["peak"] < 64 * MiB},
        {"area": "crypto", "name": f"vault put {label} to filesystem (encrypt + fsync)",
         "value": size / MiB / r["put_s"], "unit": "MiB/s"},
        {"area": "crypto", "name": f"random 1 MiB read at the end of {label}", "value": r["range_ms"],
         "unit": "ms (median)", "target": "< 20", "ok": r["range_ms"] < 20},
    ]


def _rewrap_rows(quick: bool) -> list[dict[str, Any]]:
    from phigate.backends.kms.local import LocalKeyring

    n = 1000 if quick else 10_000
    rows = []
    with tempfile.TemporaryDirectory() as d:
        km = LocalKeyring.open(Path(d) / "ring.json", Path(d) / "master.key")
        wrapped = [km.new_data_key("bench", b"ctx%d" % i).wrapped for i in range(n)]
        km.rotate("bench")
        t0 = time.perf_counter()
        for i, w in enumerate(wrapped):
            km.rewrap(w, b"ctx%d" % i)
        rate = n / (time.perf_counter() - t0)
        rows.append({"area": "crypto", "name": f"rewrap {n:,} DEKs, local keyring", "value": rate, "unit": "keys/s"})
    rate_hsm = _softhsm_rewrap(n)
    if rate_hsm is not None:
        rows.append({"area": "crypto", "name": f"rewrap {n:,} DEKs, SoftHSM2 (PKCS#11)", "value": rate_hsm,
                     "unit": "keys/s"})
    return rows


def _softhsm_rewrap(n: int) -> float | None:
    module = "/usr/lib/softhsm/libsofthsm2.so"
    if not Path(module).exists():
        return None
    script = textwrap.dedent(f"""
        import time
        from phigate.backends.kms.pkcs11 import Pkcs11KeyManager
        km = Pkcs11KeyManager({module!r}, "bench", "123456")
        wrapped = [km.new_data_key("bench", b"ctx%d" % i).wrapped for i in range({n})]
        km.rotate("bench")
        t0 = time.perf_counter()
        for i, w in enumerate(wrapped):
            km.rewrap(w, b"ctx%d" % i)
        print({n} / (time.perf_counter() - t0))
    """)
    with tempfile.TemporaryDirectory() as d:
        conf = Path(d) / "softhsm2.conf"
        (Path(d) / "tokens").mkdir()
        conf.write_text(f"directories.tokendir = {d}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n")
        env = {**os.environ, "SOFTHSM2_CONF": str(conf), "PYTHONPATH": SRC}
        subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "bench", "--so-pin", "87654321",
                        "--pin", "123456"], check=True, capture_output=True, env=env)
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True,
                             timeout=600)
    return float(out.stdout.strip())
