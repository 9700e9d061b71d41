"""The one authorization seam every use case asks: ``decide`` (the policy decision point's answer) and
``authorize`` (the same, raising the refusal's error on a deny, returning the ``Decision`` on a permit).

The decision point is the one the registry built from the configured policy pack (``install``); until one is
installed every request is refused (fail closed). An action is a use case's name (``document.text.full``) or,
for the use cases that need no finer distinction, the scope that allows them (``webhooks:manage``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from phigate import context as phigate_context
from phigate.errors import (
    ConfigError,
    ConsentRefused,
    DeidentifiedOnly,
    DuplicateApproval,
    Error,
    Forbidden,
    LabelRequired,
    PurposeRequired,
    SelfApproval,
    StepUpRequired,
)
from phigate.models import AccessContext, Decision, PolicyResource, Principal
from phigate.ports import PolicyDecisionPoint

_installed: list[PolicyDecisionPoint] = []

# a deny's code -> the error the caller receives (a code not here is a plain Forbidden)
_REFUSALS: Final[dict[str, Callable[[Decision], Error]]] = {
    "purpose_required": lambda d: PurposeRequired(
        "a read of PHI must name its purpose of use (purpose=TREAT, HPAYMT, HOPERAT, HRESCH, PUBHLTH, ETREAT, AIPROC)"),
    "deidentified_only": lambda d: DeidentifiedOnly(
        "this purpose of use gets de-identified views only; ask for view=deidentified"),
    "consent_refused": lambda d: ConsentRefused(
        "the patient did not consent to AI processing of this document"),
    "label_required": lambda d: LabelRequired(
        "this document carries a sensitivity label you were not granted"),
    "self_approval": lambda d: SelfApproval(
        "a re-identification request is approved by two people other than the requester"),
    "duplicate_approval": lambda d: DuplicateApproval(
        "you approved this re-identification request already: the second approval comes from someone else"),
    "insufficient_user_authentication": lambda d: StepUpRequired(
        "this action needs a recent sign-in with a second factor: sign in again and retry",
        acr_values=d.obligations.step_up.acr_values if d.obligations.step_up else (),
        max_age=d.obligations.step_up.max_age if d.obligations.step_up else None),
}


def install(point: PolicyDecisionPoint) -> None:
    """Make ``point`` the decision point every use case asks (the registry, once at start-up)."""
    _installed[:] = [point]


def decide(principal: Principal, action: str, resource: PolicyResource,
           context: AccessContext | None = None) -> Decision:
    """The decision of the installed policy decision point; ConfigError when none was installed."""
    if not _installed:
        raise ConfigError("no policy decision point is installed: every request is refused")
    decision = _installed[0].decide(principal, action, resource, context or AccessContext())
    phigate_context.decided(decision)  # the request's audit events record it
    return decision


def authorize(principal: Principal, action: str, tenant: str | None = None, *,
              resource: PolicyResource | None = None, context: AccessContext | None = None) -> Decision:
    """The permit for ``principal`` to do ``action`` on ``resource`` (by default the ``tenant``, or the whole
    deployment when ``tenant`` is None); the refusal's error (``Forbidden`` and its kinds, ``StepUpRequired``)
    on a deny."""
    decision = decide(principal, action, resource or PolicyResource.scope_of(tenant), context)
    if not decision.allow:
        raise refusal(decision)
    return decision


def refusal(decision: Decision) -> Error:
    """The error a denied ``decision`` gives its caller."""
    make = _REFUSALS.get(decision.code or "")
    if make is not None:
        return make(decision)
    return Forbidden(f"this principal may not perform {decision.action} here")
