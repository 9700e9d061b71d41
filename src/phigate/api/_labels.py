"""Thin route for deciding a sensitivity label the analysis stage proposed (``POST
/v1/documents/{id}/labels``): confirm (the document carries it) or dismiss. The policy check and the audit event
happen in ``LabelService``."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict

from phigate.api._deps import CurrentPrincipal
from phigate.api._schemas import AUTH_ERRORS, errors
from phigate.errors import ServiceUnavailable
from phigate.models import SensitivityLabel
from phigate.services.labels import LabelService

router = APIRouter(tags=["documents"])


class LabelDecisionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: SensitivityLabel
    decision: Literal["confirm", "dismiss"]


class LabelsPublic(BaseModel):
    id: str
    labels: list[str]
    proposed_labels: list[str]


def _service(request: Request) -> LabelService:
    service: LabelService | None = getattr(request.app.state.services, "labels", None)
    if service is None:
        raise ServiceUnavailable("the document pipeline is not configured")
    return service


Service = Annotated[LabelService, Depends(_service)]


@router.post("/v1/documents/{document_id}/labels", response_model=LabelsPublic,
             responses={**errors(400, 404, 409), **AUTH_ERRORS})
def decide_label(document_id: str, body: LabelDecisionBody, principal: CurrentPrincipal,
                 service: Service) -> LabelsPublic:
    """Confirm or dismiss a label the analysis proposed (privacy officer, tenant admin). 409: not proposed."""
    found = service.decide(principal, document_id, body.label.value, body.decision)
    return LabelsPublic(id=found.document_id, labels=sorted(found.labels), proposed_labels=sorted(found.proposed))
