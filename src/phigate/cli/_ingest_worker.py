"""One ingest worker process: builds the runtime once, then runs files through the whole pipeline. Results
carry ids, codes and counts; the path is only echoed back to the terminal of the user who typed it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from phigate import formats
from phigate.config import Settings
from phigate.errors import Error

log = logging.getLogger("phigate.ingest")

_CHUNK = 1024 * 1024
_RUNTIME: Any = None  # this worker process's runtime, built by ``start`` (one per process, never imported state)


def media_type_of(path: Path) -> str:
    """What the file's extension declares, as an uploader would (``phigate.formats``, shared with the upload)."""
    return formats.of_path(path)


def start(data_dir: str) -> None:
    global _RUNTIME  # noqa: PLW0603 - one runtime per worker process
    from phigate import registry

    _RUNTIME = registry.build(Settings.load(data_dir=Path(data_dir)))


def warm_tenant_key(tenant: str) -> None:
    """Refuse a tenant that is not registered; then create the tenant's key once, before worker processes
    start, so they never race to create it."""
    _RUNTIME.tenants.require(tenant)
    _RUNTIME.keys.new_data_key(tenant, b"phigate/ingest")


def stop() -> None:
    global _RUNTIME  # noqa: PLW0603
    if _RUNTIME is not None:
        _RUNTIME.close()
        _RUNTIME = None


def ingest_one(path_text: str, tenant: str) -> dict[str, Any]:
    path = Path(path_text)
    media_type = media_type_of(path)
    row: dict[str, Any] = {"path": path_text, "id": None, "type": media_type, "state": None, "verdict": None,
                           "pages": None, "ocr_pages": None, "phi": {}, "findings": [], "hidden_text": 0,
                           "reason": None, "ok": False}
    try:
        view = _RUNTIME.documents.ingest(tenant, _chunks(path), media_type)
    except Error as exc:
        row["reason"] = f"{exc.code}: {exc.diagnostics()}"
        return row
    except OSError as exc:
        row["reason"] = f"unreadable: {type(exc).__name__}"
        return row
    except Exception as exc:  # one file's failure never stops the others
        log.error("ingest failed unexpectedly: %s", type(exc).__name__)
        row["reason"] = f"internal_error: {type(exc).__name__}"
        return row
    s = view.summary()
    results = view.results
    failed = s["state"] not in {"stored", "needs_review"} or bool(results.extract and results.extract.error) or \
        bool(results.analyse and results.analyse.error)
    row.update(id=s["id"], state=s["state"], verdict=s["verdict"], pages=s["pages"], ocr_pages=s["ocr_pages"],
               phi=s["phi"], findings=[f["kind"] if f.get("page") is None else f"{f['kind']}@p{f['page']}"
                                       for f in s["findings"]],
               hidden_text=s["hidden_text"], reason="; ".join(s["reasons"]) or None, ok=not failed)
    return row


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            yield chunk
