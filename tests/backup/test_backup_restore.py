"""``phigate backup`` and ``phigate restore`` through the CLI: a backup of a running phigate restored into a fresh
directory passes ``phigate audit verify`` and serves every document's content and text over HTTPS from a server
started on it; a tampered, truncated or wrongly keyed archive and a non-empty target are refused, writing
nothing."""

from __future__ import annotations

import json
import os
import sqlite3
import struct
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phigate.cli import app
from phigate.errors import Error
from tests._fixtures.pipeline import EXAMPLES, ingest
from tests._fixtures.server import IntakeServer, start_server, stop_server
from tests._fixtures.services import create_pg_database, drop_pg_database, wait_for
from tests._fixtures.tenants import register

PASSPHRASE = "correct horse battery staple"
FILES = ("adt-a01.hl7", "referral-letter.pdf", "patient-bundle.fhir.json", "discharge-summary.docx")
READ_PHI = ("documents:read", "documents:read_phi")
HEADER = struct.calcsize(">8sBBB16s7sI")
CHUNK = 1024 * 1024 + 16


@dataclass
class Source:
    server: IntakeServer
    archive: Path
    documents: dict[str, str]  # file name -> document id
    backup_row: dict[str, object]


def phigate(*args: str, passphrase: str | None = PASSPHRASE, **settings: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHIGATE_")} | settings
    if passphrase is not None:
        env["PHIGATE_BACKUP_PASSPHRASE"] = passphrase
    result = CliRunner().invoke(app, list(args), env=env)
    if isinstance(result.exception, Error):  # what ``phigate.cli.main`` prints, with its exit code
        return 2, f"{result.output}error ({result.exception.code}): {result.exception.diagnostics()}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Source]:
    """A running phigate with four documents ingested for tenant t1, backed up while it runs."""
    root = tmp_path_factory.mktemp("backup-source")
    server = start_server(root / "data", {})
    try:
        docs = root / "docs"
        docs.mkdir()
        for name in FILES:
            (docs / name).write_bytes((EXAMPLES / name).read_bytes())
        run = ingest(server.data_dir, docs, tenant="t1", env=server.env)
        documents = {Path(r["path"]).name: r["id"] for r in run.rows}
        assert sorted(documents) == sorted(FILES) and all(r["state"] == "stored" for r in run.rows), run.output
        # an operator's own file in the data directory travels too; 1.5 MiB makes the archive span chunks
        (server.data_dir / "notes").mkdir()
        (server.data_dir / "notes" / "bulk.bin").write_bytes(os.urandom(1536 * 1024))
        archive = root / "phigate.backup"
        code, out = phigate("backup", "--out", str(archive), "--data-dir", str(server.data_dir), "--json")
        assert code == 0, out
        yield Source(server, archive, documents, json.loads(out))
    finally:
        stop_server(server.proc)


def test_backup_is_sealed_and_audited(source: Source) -> None:
    raw = source.archive.read_bytes()
    assert raw.startswith(b"PHGBAK\x00\x01") and oct(source.archive.stat().st_mode & 0o777) == "0o600"
    assert source.backup_row["archive_bytes"] == len(raw) and source.backup_row["files"] > 10  # type: ignore[operator]
    for secret in (b"Quintero", b"BEGIN PRIVATE KEY", b"SQLite format 3"):  # nothing readable inside
        assert secret not in raw
    code, out = phigate("audit", "tail", "--json", "--data-dir", str(source.server.data_dir))
    assert code == 0 and "op=backup.create" in out and source.backup_row["sha256"] in out  # type: ignore[operator]
    code, out = phigate("backup", "--out", str(source.archive), "--data-dir", str(source.server.data_dir))
    assert code == 2 and "conflict" in out  # never overwrites an archive


def test_restore_into_a_fresh_directory_verifies_and_serves_every_document(source: Source,
                                                                            tmp_path: Path) -> None:
    target = tmp_path / "restored"
    code, out = phigate("restore", str(source.archive), "--data-dir", str(target), "--json")
    assert code == 0, out
    report = json.loads(out)
    assert report["ok"] and not report["findings"] and report["audit_events"] > 0
    assert report["objects_checked"] >= 3 * len(FILES)  # original, extracted text, inventory, derivative …
    code, out = phigate("audit", "verify", "--json", "--data-dir", str(target))
    assert code == 0 and json.loads(out)["ok"], out
    code, out = phigate("audit", "tail", "--json", "--data-dir", str(target))
    assert "op=backup.restore" in out
    bulk = "notes/bulk.bin"
    assert (target / bulk).read_bytes() == (source.server.data_dir / bulk).read_bytes()
    assert oct((target / bulk).stat().st_mode & 0o777) == "0o600"
    server = start_server(target, {})  # the restored admin credentials and keys
    try:
        token = server.token("t1", READ_PHI)
        with server.client() as client:
            for name, doc in source.documents.items():
                meta = client.get(f"/v1/documents/{doc}", headers=server.auth(token))
                assert meta.status_code == 200 and meta.json()["state"] == "stored", name
                content = client.get(f"/v1/documents/{doc}/content", params={"purpose": "TREAT"},
                                     headers=server.auth(token))
                assert content.status_code == 200 and content.content == (EXAMPLES / name).read_bytes(), name
                for view in ("full", "deidentified"):
                    text = client.get(f"/v1/documents/{doc}/text", params={"view": view, "purpose": "TREAT"},
                                      headers=server.auth(token))
                    assert text.status_code == 200 and text.json()["text"].strip(), (name, view)
    finally:
        stop_server(server.proc)


def test_a_backup_taken_while_documents_arrive_restores_clean(source: Source, tmp_path: Path) -> None:
    """The order of the copy (database, blobs, keys, then the audit log) keeps a backup of a busy phigate
    consistent: the restored log verifies and every sealed object opens."""
    docs = tmp_path / "more"
    docs.mkdir()
    for i in range(6):
        for name in FILES:
            (docs / f"{i}-{name}").write_bytes((EXAMPLES / name).read_bytes())
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHIGATE_")} | source.server.env
    assert register(source.server.data_dir, "t2", env)
    busy = subprocess.Popen([sys.executable, "-m", "phigate", "ingest", str(docs), "--tenant", "t2", "--json",
                             "--data-dir", str(source.server.data_dir)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: _documents(source.server.data_dir, "t2") > 0, timeout=60, what="the first document")
        archive = tmp_path / "busy.phigate"
        code, out = phigate("backup", "--out", str(archive), "--data-dir", str(source.server.data_dir))
        assert code == 0, out
        still_running = busy.poll() is None
    finally:
        busy.communicate(timeout=300)
    assert still_running, "the backup did not overlap the ingest: make the ingest longer"
    code, out = phigate("restore", str(archive), "--data-dir", str(tmp_path / "restored"), "--json")
    assert code == 0, out
    report = json.loads(out)
    assert report["ok"] and report["audit_events"] > 0, report


def _documents(data_dir: Path, tenant: str) -> int:
    with sqlite3.connect(f"file:{data_dir / 'phigate.db'}?mode=ro", uri=True) as db:
        return int(db.execute("SELECT count(*) FROM documents WHERE tenant = ?", (tenant,)).fetchone()[0])


def _refused(archive: Path, target: Path, passphrase: str = PASSPHRASE) -> str:
    code, out = phigate("restore", str(archive), "--data-dir", str(target), passphrase=passphrase)
    assert code == 2, out
    assert not target.exists() or not any(target.iterdir())  # nothing written
    return out


def test_wrong_passphrase_is_refused(source: Source, tmp_path: Path) -> None:
    assert "backup.invalid" in _refused(source.archive, tmp_path / "t", "correct horse battery stapler")


@pytest.mark.parametrize("where", ["header", "first chunk", "middle", "last byte"])
def test_tampered_archive_is_refused(source: Source, tmp_path: Path, where: str) -> None:
    raw = bytearray(source.archive.read_bytes())
    at = {"header": 12, "first chunk": HEADER + 100, "middle": len(raw) // 2, "last byte": len(raw) - 1}[where]
    raw[at] ^= 0x01
    (tmp_path / "bad").write_bytes(raw)
    assert "backup.invalid" in _refused(tmp_path / "bad", tmp_path / "t")


def test_truncated_and_extended_archives_are_refused(source: Source, tmp_path: Path) -> None:
    raw = source.archive.read_bytes()
    assert len(raw) > HEADER + CHUNK  # so that one cut falls on a chunk boundary
    cuts = {"header": raw[:HEADER - 3], "no chunk": raw[:HEADER], "chunk boundary": raw[:HEADER + CHUNK],
            "last chunk cut": raw[:-7], "appended": raw + raw[HEADER:HEADER + CHUNK]}
    for name, data in cuts.items():
        (tmp_path / name).write_bytes(data)
        out = _refused(tmp_path / name, tmp_path / f"t-{name}")
        assert "backup.invalid" in out, name


def test_restore_into_a_non_empty_directory_is_refused(source: Source, tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "phigate.db").write_bytes(b"someone else's")
    code, out = phigate("restore", str(source.archive), "--data-dir", str(target))
    assert code == 2 and "conflict" in out
    assert [p.name for p in target.iterdir()] == ["phigate.db"]
    assert (target / "phigate.db").read_bytes() == b"someone else's"


def test_not_a_backup_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x").write_bytes(b"PK\x03\x04" + os.urandom(100))
    assert "backup.invalid" in _refused(tmp_path / "x", tmp_path / "t")


def test_an_s3_layout_or_an_audit_database_apart_is_refused_before_anything_is_read(source: Source,
                                                                                    tmp_path: Path) -> None:
    pg = "postgresql+psycopg://nobody@127.0.0.1:1/"
    for settings, hint in (({"PHIGATE_STORAGE__BACKEND": "s3"}, "versioning"),
                           ({"PHIGATE_DATABASE__URL": pg + "main", "PHIGATE_AUDIT__DATABASE_URL": pg + "audit"},
                            "audit log too")):
        code, out = phigate("backup", "--out", str(tmp_path / "x.phigate"), "--data-dir",
                            str(source.server.data_dir), **settings)
        assert code == 2 and "config_error" in out and hint in out, out
        assert not (tmp_path / "x.phigate").exists()


@pytest.mark.postgres
def test_a_postgresql_phigate_is_restored_into_an_empty_database(tmp_path: Path) -> None:
    """pg_dump's snapshot in the archive, pg_restore into a new database; the restored phigate verifies and serves
    every document. A database that is not empty is refused before anything is written."""
    names = []
    try:
        name, source_url = create_pg_database("phigate_bak")
        names.append(name)
        name, target_url = create_pg_database("phigate_res")
        names.append(name)
        server = start_server(tmp_path / "source", {"PHIGATE_DATABASE__URL": source_url})
        try:
            run = ingest(server.data_dir, *(EXAMPLES / n for n in FILES[:2]), tenant="t1", env=server.env)
            documents = {Path(r["path"]).name: r["id"] for r in run.rows}
            archive = tmp_path / "pg.phigate"
            code, out = phigate("backup", "--out", str(archive), "--data-dir", str(server.data_dir),
                                PHIGATE_DATABASE__URL=source_url)
            assert code == 0, out
        finally:
            stop_server(server.proc)
        code, out = phigate("restore", str(archive), "--data-dir", str(tmp_path / "nodb"))
        assert code == 2 and "PHIGATE_DATABASE__URL" in out and not (tmp_path / "nodb").exists()
        code, out = phigate("restore", str(archive), "--data-dir", str(tmp_path / "busy"),
                            PHIGATE_DATABASE__URL=source_url)  # the source database is not empty
        assert code == 2 and "conflict" in out and not (tmp_path / "busy").exists()
        target = tmp_path / "restored"
        code, out = phigate("restore", str(archive), "--data-dir", str(target), "--json",
                            PHIGATE_DATABASE__URL=target_url)
        assert code == 0 and json.loads(out)["ok"], out
        code, out = phigate("audit", "verify", "--json", "--data-dir", str(target), PHIGATE_DATABASE__URL=target_url)
        assert code == 0 and json.loads(out)["ok"], out
        restored = start_server(target, {"PHIGATE_DATABASE__URL": target_url})
        try:
            token = restored.token("t1", READ_PHI)
            with restored.client() as client:
                for file_name, doc in documents.items():
                    content = client.get(f"/v1/documents/{doc}/content", params={"purpose": "TREAT"},
                                         headers=restored.auth(token))
                    assert content.status_code == 200
                    assert content.content == (EXAMPLES / file_name).read_bytes()
        finally:
            stop_server(restored.proc)
    finally:
        for name in names:
            drop_pg_database(name)
