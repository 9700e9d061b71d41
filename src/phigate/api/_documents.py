"""Thin routes for stored documents: the record, its text (de-identified or full) and the original bytes.
Scope checks, tenant scoping and the audit event (with the purpose of use) happen in ``DocumentService``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from phigate.api._deps import CurrentPrincipal
from phigate.api._schemas import AUTH_ERRORS, DocumentPublic, DocumentTextPublic, ErasurePublic, errors
from phigate.errors import ServiceUnavailable
from phigate.models import PURPOSE_CODES, PurposeOfUse
from phigate.services.documents import DocumentService
from phigate.services.intake import ACCEPTED_MEDIA_TYPES

router = APIRouter(tags=["documents"])
_NO_STORE = {"Cache-Control": "no-store"}


def _documents(request: Request) -> DocumentService:
    service: DocumentService | None = getattr(request.app.state.services, "documents", None)
    if service is None:
        raise ServiceUnavailable("the document pipeline is not configured")
    return service


Documents = Annotated[DocumentService, Depends(_documents)]
# the schema lists the valid values; the service refuses any other (400) and audits the refusal
_PURPOSES = {"enum": [p.value for p in PurposeOfUse] + sorted(set(PURPOSE_CODES.values()))}
PurposeQuery = Annotated[str | None, Query(max_length=32, description=(
    "Purpose of use: an HL7 PurposeOfUse code (TREAT, ETREAT, HPAYMT, HOPERAT, PUBHLTH, HRESCH, AIPROC) or its "
    "name; required to read PHI (full text, original), research gets de-identified views only."),
                                           json_schema_extra=_PURPOSES)]
PurposeHeader = Annotated[str | None, Header(alias="X-Purpose-Of-Use", max_length=32, json_schema_extra=_PURPOSES,
                                             description="Purpose of use, when not in the query.")]
# 400: an unknown purpose of use; 410: erased (or its key shredded); 409: still being processed
_READ_ERRORS = {**errors(400, 404, 409, 410), **AUTH_ERRORS}


@router.get("/v1/documents/{document_id}", response_model=DocumentPublic, responses=_READ_ERRORS)
def get_document(document_id: str, principal: CurrentPrincipal, documents: Documents,
                 purpose: PurposeQuery = None, purpose_header: PurposeHeader = None) -> dict[str, Any]:
    return documents.get(principal, document_id, purpose or purpose_header).summary()


@router.get("/v1/documents/{document_id}/text", response_model=DocumentTextPublic, responses=_READ_ERRORS)
def get_text(document_id: str, principal: CurrentPrincipal, documents: Documents,
             view: Annotated[str, Query(max_length=16, json_schema_extra={"enum": ["deidentified", "full"]})]
             = "deidentified", purpose: PurposeQuery = None,
             purpose_header: PurposeHeader = None) -> Any:
    text = documents.text(principal, document_id, view, purpose or purpose_header)
    return JSONResponse({"id": document_id, "view": view, "text": text}, headers=_NO_STORE)


@router.get("/v1/documents/{document_id}/image", response_class=Response, responses={
    200: {"content": {"image/png": {}}, "description": "the de-identified page: faces and PHI words blacked out"},
    **errors(400, 404, 410), **AUTH_ERRORS})
def get_image(document_id: str, principal: CurrentPrincipal, documents: Documents,
              view: Annotated[str, Query(max_length=16, json_schema_extra={"enum": ["deidentified"]})]
              = "deidentified", page: Annotated[int, Query(ge=1, le=10_000)] = 1, purpose: PurposeQuery = None,
              purpose_header: PurposeHeader = None) -> Response:
    """A page of the de-identified image derivative (PNG without metadata), what the AI path receives."""
    png = documents.image(principal, document_id, view, page, purpose or purpose_header)
    return Response(png, media_type="image/png", headers=_NO_STORE)


@router.delete("/v1/documents/{document_id}", response_model=ErasurePublic,
               responses={**errors(404, 409, 410), **AUTH_ERRORS})
def erase_document(document_id: str, principal: CurrentPrincipal, documents: Documents) -> ErasurePublic:
    """Erase the document: every artifact crypto-shredded; every view answers 410 afterwards (needs the
    documents:erase scope; 409 while the document is still being processed)."""
    result = documents.erase(principal, document_id)
    return ErasurePublic(id=result.document_id, state="erased", destroyed=list(result.destroyed))


@router.get("/v1/documents/{document_id}/content", responses={
    200: {"description": "the original bytes, in the document's media type",
          "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in ACCEPTED_MEDIA_TYPES}},
    **_READ_ERRORS})
def get_content(document_id: str, principal: CurrentPrincipal, documents: Documents,
                purpose: PurposeQuery = None, purpose_header: PurposeHeader = None) -> StreamingResponse:
    doc, chunks = documents.content(principal, document_id, purpose or purpose_header)
    return StreamingResponse(chunks, media_type=doc.media_type,
                             headers={**_NO_STORE, "Content-Length": str(doc.size),
                                      "Content-Disposition": "attachment"})
