"""What the stages after the scan keep about a document, each an encrypted vault object of its own.

``extracted/<id>``: the text page by page, structured PHI fields and findings (JSON, sealed).
``phi-inventory/<id>``: every PHI span (offsets, type, keyed hash; never the text), sealed.
``derivatives/<id>``: the Safe Harbor de-identified text and its attestation, the only content AI-facing
callers may read; kept apart from the originals so access to one never implies the other.
``derivative-images/<id>``: the de-identified images (faces and PHI words blacked out, PNG from the pixels
alone), page by page, with the counts of what was blacked out; what AI-facing callers receive for images.
``linkage/<id>``: originals and their replacements, when the transform made any (PHI), sealed.
"""

from __future__ import annotations

import json
from typing import Any

from phigate.errors import Error, NotFound, ObjectNotFound
from phigate.models import (
    BlobKey,
    Extracted,
    Finding,
    FindingKind,
    Page,
    Region,
    StructuredField,
    TextSource,
)
from phigate.vault import Vault

EXTRACTED = "extracted"
INVENTORY = "phi-inventory"
DERIVATIVES = "derivatives"
IMAGE_DERIVATIVES = "derivative-images"
LINKAGE = "linkage"


def artifact_key(namespace: str, tenant: str, document_id: str) -> BlobKey:
    return BlobKey(tenant, namespace, document_id)


def put_json(vault: Vault, key: BlobKey, value: Any) -> None:
    vault.put(key, [json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass")])


def get_json(vault: Vault, key: BlobKey) -> Any:
    try:
        return json.loads(vault.read(key).decode("utf-8", "surrogatepass"))
    except ObjectNotFound as exc:
        raise NotFound("this document has no such record") from exc


def drop(vault: Vault, key: BlobKey) -> None:
    try:
        vault.delete(key)
    except Error:
        return


def finding_dict(f: Finding) -> dict[str, Any]:
    region = None if f.region is None else [f.region.left, f.region.bottom, f.region.right, f.region.top]
    return {"kind": str(f.kind), "detail": f.detail, "page": f.page, "region": region}


def finding_from_dict(x: dict[str, Any]) -> Finding:
    region = Region(*x["region"]) if x.get("region") else None
    return Finding(FindingKind(x["kind"]), x["detail"], x.get("page"), region)


def extracted_to_dict(doc: Extracted) -> dict[str, Any]:
    return {
        "media_type": doc.media_type,
        "pages": [{"number": p.number, "text": p.text, "start": p.start, "source": str(p.source),
                   "ocr_confidence": p.ocr_confidence} for p in doc.pages],
        "fields": [{"path": f.path, "category": f.category, "start": f.start, "end": f.end} for f in doc.fields],
        "findings": [finding_dict(f) for f in doc.findings],
    }


def extracted_from_dict(d: dict[str, Any]) -> Extracted:
    return Extracted(
        d["media_type"],
        tuple(Page(p["number"], p["text"], p["start"], TextSource(p["source"]), p.get("ocr_confidence"))
              for p in d["pages"]),
        tuple(StructuredField(f["path"], f["category"], f["start"], f["end"]) for f in d["fields"]),
        tuple(finding_from_dict(x) for x in d["findings"]),
    )
