"""Backup and restore (issue 16, item 7): the time to seal an embedded data directory into an archive and to
restore it into a fresh directory (authenticated twice: before writing, and the post-restore checks that verify
the audit log and open every sealed object), against a plain tar of the same directory (copy, no encryption,
no checks) and its extraction. A bulk file of random bytes (as incompressible as the sealed blobs) makes the
archive large enough that the restore time per archive GiB, the figure behind the recovery time objective in
``docs/operations.md``, is not just the fixed cost (two scrypt derivations, the checks' start-up)."""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
import time
from pathlib import Path

from phigate import registry
from phigate.config import Settings
from phigate.models import SYSTEM
from phigate.services import backup as service

AREA = "backup"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DOCUMENTS = [("adt-a01.hl7", "application/hl7-v2"), ("patient-bundle.fhir.json", "application/fhir+json"),
             ("discharge-summary.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
             ("referral-letter.pdf", "application/pdf")]
PASSPHRASE = b"bench passphrase, not a secret"


def _populate(data_dir: Path, copies: int) -> int:
    runtime = registry.build(Settings.load(data_dir=data_dir, pipeline={"ocr": False}))
    try:
        assert runtime.documents is not None
        for t in range(4):
            runtime.tenants.add(SYSTEM, f"t{t}")
        for i in range(copies):
            for name, media_type in DOCUMENTS:
                runtime.documents.ingest(f"t{i % 4}", [(EXAMPLES / name).read_bytes()], media_type)
        return copies * len(DOCUMENTS)
    finally:
        runtime.close()


def _backup(settings: Settings, out: Path) -> service.BackupReport:
    with registry.backups(settings) as backups:
        return backups.create(SYSTEM, out, PASSPHRASE)


def _restore(archive: Path, target: Path) -> service.RestoreReport:
    report = service.restore(SYSTEM, archive, PASSPHRASE, target)
    settings = Settings.load(data_dir=target)
    with registry.restored(settings) as (log, vault):
        report = service.verify_restored(SYSTEM, report, log, vault)
    assert report.ok, report.findings
    return report


def _timed(fn: object) -> float:
    t0 = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - t0


def run(quick: bool) -> list[dict[str, object]]:
    repeats = 1 if quick else 3
    copies = 5 if quick else 50
    with tempfile.TemporaryDirectory(prefix="phigate-bench-backup-") as tmp:
        root = Path(tmp)
        source = root / "source"
        documents = _populate(source, copies)
        bulk_mib = 32 if quick else 256  # ciphertext-like bytes, so the per-GiB figure is not all fixed cost
        (source / "bulk").mkdir()
        with (source / "bulk" / "random.bin").open("wb") as fh:
            for _ in range(bulk_mib):
                fh.write(os.urandom(1024**2))
        settings = Settings.load(data_dir=source)
        backup_s, restore_s, tar_s, untar_s = [], [], [], []
        report = None
        for i in range(repeats):
            archive = root / f"b{i}.phigate"
            backup_s.append(_timed(lambda a=archive: _backup(settings, a)))  # type: ignore[misc]
            t0 = time.perf_counter()
            report = _restore(archive, root / f"r{i}")
            restore_s.append(time.perf_counter() - t0)
            plain = root / f"plain{i}.tar"
            tar_s.append(_timed(lambda p=plain: _tar(source, p)))  # type: ignore[misc]
            untar_s.append(_timed(lambda p=plain, t=root / f"u{i}": _untar(p, t)))  # type: ignore[misc]
            shutil.rmtree(root / f"r{i}")
            shutil.rmtree(root / f"u{i}")
        size = (root / "b0.phigate").stat().st_size
    med = sorted(backup_s)[len(backup_s) // 2], sorted(restore_s)[len(restore_s) // 2]
    base = sorted(tar_s)[len(tar_s) // 2], sorted(untar_s)[len(untar_s) // 2]
    assert report is not None
    gib = size / 1024**3
    return [
        {"area": AREA, "name": f"backup of {documents} documents + {bulk_mib} MiB ({size / 1024**2:.0f} MiB archive), vs plain tar",
         "value": med[0], "unit": "s", "baseline": base[0], "ratio": med[0] / base[0]},
        {"area": AREA, "name": f"restore + checks ({report.objects_checked} objects, {report.audit_events} audit "
         "events), vs plain untar", "value": med[1], "unit": "s", "baseline": base[1], "ratio": med[1] / base[1]},
        {"area": AREA, "name": "restore time per archive GiB (extrapolated: the RTO figure)",
         "value": med[1] / gib, "unit": "s/GiB"},
    ]


def _tar(source: Path, out: Path) -> None:
    with tarfile.open(out, "w") as tar:
        tar.add(source, arcname=".")


def _untar(archive: Path, target: Path) -> None:
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
