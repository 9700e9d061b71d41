"""The one authorization seam every use case asks. Today: the principal's scopes, bound to its tenant (the policy
decision point of the identity work plugs in here and returns a decision with obligations)."""

from __future__ import annotations

from phigate.errors import Forbidden
from phigate.models import Principal


def authorize(principal: Principal, scope: str, tenant: str | None = None) -> None:
    """Forbidden unless ``principal`` holds ``scope`` (``admin`` holds every scope) and, when ``tenant`` is given,
    is bound to that tenant or to none (phigate's own operators)."""
    if not principal.has(scope):
        raise Forbidden(f"this principal lacks the {scope} scope")
    if tenant is not None and principal.tenant is not None and principal.tenant != tenant:
        raise Forbidden("this principal is bound to another tenant")
