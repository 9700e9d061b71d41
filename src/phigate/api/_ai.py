"""The AI gateway's routes: OpenAI-compatible ``/v1/chat/completions`` (answered or streamed as server-sent
events), ``/v1/embeddings`` and ``/v1/models``, so an app uses the official ``openai`` SDK with ``base_url`` set
to phigate; phigate's own fields travel in the body under ``phigate``. Then the administration: models and BAAs,
the kill switches and the review queue. Thin: every decision and audit event is in ``services.ai``."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from phigate.api._deps import CurrentPrincipal, DeferredPrincipal
from phigate.api._schemas import AUTH_ERRORS, errors
from phigate.errors import Error, InputError, ServiceUnavailable
from phigate.services.ai import AiGateway, PauseScope, Phases, ReviewRow

router = APIRouter(tags=["ai"])
_NO_STORE = {"Cache-Control": "no-store"}
_CALL_ERRORS = {**errors(400, 404, 502), **AUTH_ERRORS}


async def _gateway(request: Request) -> AiGateway:  # async: FastAPI runs a plain def in the thread pool
    gateway: AiGateway | None = getattr(request.app.state.services, "ai", None)
    if gateway is None:
        raise ServiceUnavailable("the AI gateway is not configured")
    return gateway


Gateway = Annotated[AiGateway, Depends(_gateway)]
OpenAIBody = Annotated[dict[str, Any], Body(description=(
    "The OpenAI request body, plus phigate's fields: "
    '{"phigate": {"purpose": "treatment", "documents": ["doc_..."], "patient_ref": "..."}}'))]


async def _started() -> Phases:
    """The call's clock, started before the request's fields are read (its first phase is ``edge``, then the
    gateway's ``authenticate``); async, so it costs no trip through the thread pool."""
    return Phases()


Started = Annotated[Phases, Depends(_started)]


@router.post("/v1/chat/completions", responses={
    200: {"description": "the answer (JSON), or server-sent events when stream is true",
          "content": {"text/event-stream": {}}},
    202: {"description": "the answer waits for review: its review id (as JSON; when stream is true, as one "
                         "server-sent event that also carries an ``error`` object, which the openai client raises)",
          "content": {"text/event-stream": {}}},
    **_CALL_ERRORS})
async def chat_completions(phases: Started, body: OpenAIBody, principal: DeferredPrincipal,
                           gateway: Gateway) -> Any:
    phases.mark("edge")
    stream = bool(body.get("stream"))
    outcome = await (gateway.chat_stream if stream else gateway.chat)(principal, body, phases)
    headers = {**_NO_STORE, **({"Server-Timing": outcome.timing} if outcome.timing else {})}
    if outcome.review_id is not None:
        held = {"id": outcome.review_id, "object": "phigate.review", "status": "pending"}
        if stream:
            return StreamingResponse(_held(held), status_code=202, media_type="text/event-stream", headers=headers)
        return JSONResponse(held, status_code=202, headers=headers)
    if outcome.chunks is not None:
        return StreamingResponse(_events(outcome.chunks), media_type="text/event-stream", headers=headers)
    return JSONResponse(outcome.response, headers=headers)


@router.post("/v1/embeddings", responses=_CALL_ERRORS)
async def embeddings(body: OpenAIBody, principal: CurrentPrincipal, gateway: Gateway) -> Any:
    return JSONResponse(await gateway.embeddings(principal, body), headers=_NO_STORE)


@router.get("/v1/models", responses=AUTH_ERRORS)
def list_models(principal: CurrentPrincipal, gateway: Gateway) -> dict[str, Any]:
    return {"object": "list", "data": [m.public() for m in gateway.models(principal)]}


async def _events(chunks: AsyncIterator[dict[str, Any]]) -> AsyncIterator[bytes]:
    """Server-sent events as the OpenAI API sends them; a failure after the first byte ends the stream with an
    error event (and no ``[DONE]``), so the client cannot take a cut answer for a whole one."""
    try:
        async for chunk in chunks:
            yield b"data: " + json.dumps(chunk, separators=(",", ":")).encode() + b"\n\n"
    except Error as exc:
        error = {"error": {"code": exc.code, "message": exc.diagnostics()}}
        yield b"data: " + json.dumps(error).encode() + b"\n\n"
        return
    yield b"data: [DONE]\n\n"


async def _held(held: dict[str, Any]) -> AsyncIterator[bytes]:
    """A streamed call whose answer waits for review: one event with the review, and an ``error`` object in it
    so that a streaming client cannot take the empty stream for an empty answer (the openai client raises
    ``APIError`` with ``code == "review_pending"`` and the review id in ``body``); no ``[DONE]`` follows."""
    error = {"code": "review_pending", "type": "review_pending", "review_id": held["id"],
             "message": f"the answer waits for review: GET /v1/ai/reviews/{held['id']} once it is approved"}
    yield b"data: " + json.dumps({**held, "error": error}, separators=(",", ":")).encode() + b"\n\n"


# --- administration: kill switches, models, BAAs, reviews ---------------------------------------------------------


class SwitchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scope: PauseScope
    target: str | None = Field(default=None, min_length=1, max_length=128,
                               description="the tenant or the model; none for the global switch")


_ADMIN_ERRORS = {**errors(400, 404, 409, 413), **AUTH_ERRORS}


@router.post("/v1/ai/pause", responses=_ADMIN_ERRORS)
def pause(switch: SwitchRequest, principal: CurrentPrincipal, gateway: Gateway) -> dict[str, Any]:
    """Stop AI calls (global, a tenant's, a model's) in every process within a second; 503 ``ai_paused``."""
    changed = gateway.pause(principal, switch.scope, switch.target)
    return {"scope": switch.scope.value, "target": switch.target, "paused": True, "changed": changed}


@router.post("/v1/ai/resume", responses=_ADMIN_ERRORS)
def resume(switch: SwitchRequest, principal: CurrentPrincipal, gateway: Gateway) -> dict[str, Any]:
    changed = gateway.resume(principal, switch.scope, switch.target)
    return {"scope": switch.scope.value, "target": switch.target, "paused": False, "changed": changed}


@router.get("/v1/ai/switches", responses=AUTH_ERRORS)
def switches(principal: CurrentPrincipal, gateway: Gateway) -> dict[str, Any]:
    return {"data": [{"scope": p.scope.value, "target": p.target, "paused_at": p.paused_at,
                      "paused_by": p.paused_by} for p in gateway.switches(principal)]}


class DecisionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: str = Field(pattern="^(approve|edit|reject)$")
    text: str | None = Field(default=None, max_length=64 * 1024, description="the edited answer (edit only)")


def _review(row: ReviewRow, text: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": row.id, "object": "phigate.review", "status": row.status, "model": row.model,
                           "caller": row.caller, "created_at": row.created_at, "decided_at": row.decided_at,
                           "decided_by": row.decided_by, "answer_sha256": row.answer_sha256}
    if text is not None:
        out["text"] = text
    return out


@router.get("/v1/ai/reviews", responses=AUTH_ERRORS)
def list_reviews(principal: CurrentPrincipal, gateway: Gateway,
                 status: Annotated[str, Query(pattern="^(pending|approved|edited|rejected|all)$")] = "pending",
                 ) -> dict[str, Any]:
    rows = gateway.reviews(principal, None if status == "all" else status)
    return {"data": [_review(r) for r in rows]}


@router.get("/v1/ai/reviews/{review_id}", responses={**errors(404), **AUTH_ERRORS})
def get_review(review_id: str, principal: CurrentPrincipal, gateway: Gateway) -> JSONResponse:
    """A held answer: the reviewer sees it while pending, the caller once approved (or edited)."""
    row, text = gateway.review(principal, review_id)
    return JSONResponse(_review(row, text), headers=_NO_STORE)


@router.post("/v1/ai/reviews/{review_id}/decision", responses=_ADMIN_ERRORS)
def decide(review_id: str, decision: DecisionRequest, principal: CurrentPrincipal,
           gateway: Gateway) -> dict[str, Any]:
    """Approve, edit or reject a held answer (``ai:review``; never one's own)."""
    if decision.decision == "edit" and decision.text is None:
        raise InputError("an edit carries the new text")
    return _review(gateway.decide(principal, review_id, decision.decision, decision.text))
