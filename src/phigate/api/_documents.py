"""Thin routes for stored documents: the record, its text (de-identified or full) and the original bytes.
Scope checks, tenant scoping and the audit event (with the purpose of use) happen in ``DocumentService``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import Response, StreamingResponse

from phigate.api._deps import CurrentPrincipal
from phigate.errors import ServiceUnavailable
from phigate.models import PurposeOfUse
from phigate.services.documents import DocumentService

router = APIRouter(tags=["documents"])
_NO_STORE = {"Cache-Control": "no-store"}


def _documents(request: Request) -> DocumentService:
    service: DocumentService | None = getattr(request.app.state.services, "documents", None)
    if service is None:
        raise ServiceUnavailable("the document pipeline is not configured")
    return service


Documents = Annotated[DocumentService, Depends(_documents)]
# the schema lists the valid values; the service refuses any other (400) and audits the refusal
_PURPOSES = {"enum": [p.value for p in PurposeOfUse]}
PurposeQuery = Annotated[str | None, Query(max_length=32, description="Purpose of use (default: treatment).",
                                           json_schema_extra=_PURPOSES)]
PurposeHeader = Annotated[str | None, Header(alias="X-Purpose-Of-Use", max_length=32, json_schema_extra=_PURPOSES)]


@router.get("/v1/documents/{document_id}")
def get_document(document_id: str, principal: CurrentPrincipal, documents: Documents,
                 purpose: PurposeQuery = None, purpose_header: PurposeHeader = None) -> dict[str, Any]:
    return documents.get(principal, document_id, purpose or purpose_header).summary()


@router.get("/v1/documents/{document_id}/text")
def get_text(document_id: str, principal: CurrentPrincipal, documents: Documents,
             view: Annotated[str, Query(max_length=16, json_schema_extra={"enum": ["deidentified", "full"]})]
             = "deidentified", purpose: PurposeQuery = None,
             purpose_header: PurposeHeader = None) -> Any:
    from fastapi.responses import JSONResponse

    text = documents.text(principal, document_id, view, purpose or purpose_header)
    return JSONResponse({"id": document_id, "view": view, "text": text}, headers=_NO_STORE)


@router.get("/v1/documents/{document_id}/image", response_class=Response, responses={
    200: {"content": {"image/png": {}}, "description": "the de-identified page: faces and PHI words blacked out"},
    400: {"description": "an unknown view"},
    403: {"description": "the token lacks the documents:read scope"},
    404: {"description": "no such document, page or image derivative for this tenant"},
    410: {"description": "the document was erased"}})
def get_image(document_id: str, principal: CurrentPrincipal, documents: Documents,
              view: Annotated[str, Query(max_length=16, json_schema_extra={"enum": ["deidentified"]})]
              = "deidentified", page: Annotated[int, Query(ge=1, le=10_000)] = 1, purpose: PurposeQuery = None,
              purpose_header: PurposeHeader = None) -> Response:
    """A page of the de-identified image derivative (PNG without metadata), what the AI path receives."""
    png = documents.image(principal, document_id, view, page, purpose or purpose_header)
    return Response(png, media_type="image/png", headers=_NO_STORE)


@router.delete("/v1/documents/{document_id}", responses={
    403: {"description": "the token lacks the documents:erase scope"},
    404: {"description": "no such document for this tenant"},
    409: {"description": "the document is still being processed"},
    410: {"description": "the document was already erased"}})
def erase_document(document_id: str, principal: CurrentPrincipal, documents: Documents) -> dict[str, Any]:
    """Erase the document: every artifact crypto-shredded; every view answers 410 afterwards."""
    result = documents.erase(principal, document_id)
    return {"id": result.document_id, "state": "erased", "destroyed": list(result.destroyed)}


@router.get("/v1/documents/{document_id}/content")
def get_content(document_id: str, principal: CurrentPrincipal, documents: Documents,
                purpose: PurposeQuery = None, purpose_header: PurposeHeader = None) -> StreamingResponse:
    doc, chunks = documents.content(principal, document_id, purpose or purpose_header)
    return StreamingResponse(chunks, media_type=doc.media_type,
                             headers={**_NO_STORE, "Content-Length": str(doc.size),
                                      "Content-Disposition": "attachment"})
