"""``CedarPolicyPoint``: the policy decision point, Cedar policies evaluated in-process (``cedarpy``).

A policy pack is a directory of ``*.cedar`` files, validated one by one against the schema at construction: a
file that does not parse, or does not fit the schema, refuses start with an error naming the file. Every policy
carries an ``@id`` (what an audit event records) and may carry annotations the decision turns into obligations
(permits) or a reason (forbids):

- ``@obligation_view("deidentified"|"full")``, ``@obligation_mask("field,field")``,
  ``@obligation_break_glass("true")`` on a permit;
- ``@code("purpose_required")`` on a forbid: the stable code of the refusal; with ``@acr_values("...")`` and
  ``@max_age("N")`` a refusal asks for step-up (RFC 9470).

Each request is evaluated over the two entities it needs (the principal and the resource), never a directory
of every entity: the policies read attributes, so the slice is all Cedar has to see. And over the policies that
can apply: those whose scope admits the request's principal type and action (or one of the action's groups)
and whose condition, when it pins ``principal.tenant == "..."``, names the principal's tenant; found once per
(principal type, action, tenant) and kept. A policy outside that slice cannot be satisfied, so the
decision is the same; Cedar's cost grows with the policies it is handed.

A decision is a function of its inputs alone (the pack is fixed for the life of the point): the principal, the
action, the resource (state, labels, consent, ...) and the context with the authentication's age in whole
seconds. So the answer to inputs seen before is kept (at most ``MEMO_SIZE`` of them, forgotten all at once when
full) and given again without asking Cedar: any change of an input, a label or a second of age, is another key.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import cedarpy

from phigate.errors import ConfigError
from phigate.models import (
    AccessContext,
    ActorKind,
    Decision,
    Obligations,
    PolicyResource,
    Principal,
    StepUp,
    View,
    purpose_code,
)

NAMESPACE: Final = "Phigate"
MEMO_SIZE: Final = 4096
_PRINCIPAL_TYPES: Final = {ActorKind.USER: "User", ActorKind.SERVICE: "ServiceAccount",
                           ActorKind.AI_MODEL: "AiModel", ActorKind.SYSTEM: "ServiceAccount"}
# when several forbids match, the caller hears the one it can do least about first; step-up last, so a fresh
# sign-in is asked for only when nothing else stands in the way
_DENIAL_ORDER: Final = ("forbidden", "label_required", "consent_refused", "deidentified_only", "purpose_required",
                        "insufficient_user_authentication")


@dataclass(frozen=True, slots=True)
class PolicyFile:
    """One file of a policy pack: its name (for errors) and its text."""

    name: str
    text: str


def read_pack(directory: Path) -> list[PolicyFile]:
    """The ``*.cedar`` files of ``directory``, in name order; ConfigError if there are none."""
    try:
        files = sorted(p for p in directory.glob("*.cedar") if p.is_file())
        pack = [PolicyFile(p.name, p.read_text(encoding="utf-8")) for p in files]
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError("the policy directory cannot be read") from exc
    if not pack:
        raise ConfigError("the policy directory holds no *.cedar policy file")
    return pack


class CedarPolicyPoint:
    """``ports.PolicyDecisionPoint`` over a validated Cedar policy pack."""

    def __init__(self, pack: Sequence[PolicyFile], schema_text: str) -> None:
        try:
            self._schema = cedarpy.Schema.from_str(schema_text)
        except ValueError as exc:
            raise ConfigError("the Cedar schema does not parse") from exc
        for f in pack:
            _validate(f, self._schema)
        text = "\n".join(f.text for f in pack)
        try:
            cedarpy.PolicySet.from_str(text)
            parsed = json.loads(cedarpy.policies_to_json_str(text))["staticPolicies"]
            actions = json.loads(str(cedarpy.Entities.from_json_str("[]", schema=self._schema)))
        except ValueError as exc:  # each file parsed alone; together they may still clash (a duplicate id)
            raise ConfigError("the policy files do not form one policy set") from exc
        self._parsed: dict[str, dict[str, Any]] = parsed
        self._groups = _ancestors(actions)
        self._pinned = {pid: _pinned_tenant(p) for pid, p in parsed.items()}
        self._slices: dict[tuple[str, str, str], tuple[cedarpy.PolicySet, cedarpy.PolicySet]] = {}
        self._annotations: dict[str, Mapping[str, str]] = {pid: p.get("annotations") or {}
                                                           for pid, p in parsed.items()}
        ids = [a.get("id") for a in self._annotations.values()]
        if len(set(ids)) != len(ids):
            raise ConfigError("two policies share one @id: every policy's @id must be unique")
        self.policy_count = len(ids)
        self._memo: dict[tuple[object, ...], Decision] = {}

    def _slice(self, principal_type: str, action: str, tenant: str) -> tuple[cedarpy.PolicySet, cedarpy.PolicySet]:
        """The policies that can apply to this principal type, action and tenant, and the permits among them (a
        deny is explained by its forbids only when some permit would have applied)."""
        key = (principal_type, action, tenant)
        found = self._slices.get(key)
        if found is None:
            actions = {action, *self._groups.get(action, ())}
            live = {pid: p for pid, p in self._parsed.items()
                    if _admits_principal(p["principal"], principal_type) and _admits_action(p["action"], actions)
                    and self._pinned[pid] in (None, tenant)}
            found = (_policy_set(live), _policy_set({k: v for k, v in live.items() if v.get("effect") == "permit"}))
            self._slices[key] = found
        return found

    def decide(self, principal: Principal, action: str, resource: PolicyResource,
               context: AccessContext) -> Decision:
        now = time.time() if context.now is None else context.now
        auth = principal.auth
        age = int(now - auth.auth_time) if auth else -1
        key = (principal, action, resource, context.purpose, context.break_glass, age)
        found = self._memo.get(key)
        if found is not None:
            return found
        decision = self._decide(principal, action, resource, context, age)
        if len(self._memo) >= MEMO_SIZE:
            self._memo.clear()
        self._memo[key] = decision
        return decision

    def _decide(self, principal: Principal, action: str, resource: PolicyResource, context: AccessContext,
                age: int) -> Decision:
        auth = principal.auth
        request = {
            "principal": _uid(_PRINCIPAL_TYPES[principal.kind], principal.id),
            "action": {"type": f"{NAMESPACE}::Action", "id": action},
            "resource": _uid(resource.kind.value, resource.id),
            "context": {"purpose": purpose_code(context.purpose), "acr": auth.acr if auth else "",
                        "auth_age": age, "break_glass": context.break_glass}}
        entities = [_principal_entity(principal), _resource_entity(resource)]
        policies, permits = self._slice(f"{NAMESPACE}::{_PRINCIPAL_TYPES[principal.kind]}", action,
                                        principal.tenant or "")
        result = cedarpy.is_authorized(request, policies, entities, self._schema)
        matched = [self._annotations.get(pid, {}) for pid in result.diagnostics.reasons]
        ids = tuple(sorted(str(a.get("id", "")) for a in matched))
        if result.allowed:
            return Decision(True, action, ids, _obligations(matched))
        forbids = sorted(matched, key=lambda a: _rank(a.get("code", "forbidden")))
        if not forbids or not cedarpy.is_authorized(request, permits, entities, self._schema).allowed:
            return Decision(False, action, ids, code="forbidden")  # no permit applies: the default deny
        first = forbids[0]
        code = first.get("code", "forbidden")
        step_up = StepUp(tuple(first.get("acr_values", "").split()), _int(first.get("max_age"))) \
            if code == "insufficient_user_authentication" else None
        return Decision(False, action, ids, Obligations(step_up=step_up, purpose_required=code == "purpose_required"),
                        code=code)


def _validate(f: PolicyFile, schema: cedarpy.Schema) -> None:
    try:
        cedarpy.PolicySet.from_str(f.text)
        result = cedarpy.validate_policies(f.text, schema)
        missing = [pid for pid, p in json.loads(cedarpy.policies_to_json_str(f.text))["staticPolicies"].items()
                   if not (p.get("annotations") or {}).get("id")]
    except ValueError as exc:
        raise ConfigError(f"the policy file {f.name} does not parse: {_first_line(exc)}") from exc
    if not result.validation_passed:
        raise ConfigError(f"the policy file {f.name} does not fit the schema: {_first_line(result.errors[0])}")
    if missing:
        raise ConfigError(f"the policy file {f.name} has a policy without an @id annotation")


def _ancestors(actions: list[dict[str, Any]]) -> dict[str, frozenset[str]]:
    """Each action's groups, transitively (from the schema's action entities)."""
    parents = {a["uid"]["id"]: {p["id"] for p in a.get("parents", [])} for a in actions}
    out: dict[str, frozenset[str]] = {}
    for action, direct in parents.items():
        seen: set[str] = set()
        todo = list(direct)
        while todo:
            group = todo.pop()
            if group not in seen:
                seen.add(group)
                todo.extend(parents.get(group, ()))
        out[action] = frozenset(seen)
    return out


def _admits_principal(scope: Mapping[str, Any], principal_type: str) -> bool:
    if scope.get("op") == "is":
        return bool(scope.get("entity_type") == principal_type)
    if scope.get("op") == "==":
        return bool(scope.get("entity", {}).get("type") == principal_type)
    return True  # All, or a scope this index does not read: kept, Cedar decides


def _admits_action(scope: Mapping[str, Any], actions: set[str]) -> bool:
    if scope.get("op") == "==":
        return bool(scope.get("entity", {}).get("id") in actions)
    if scope.get("op") == "in":
        named = scope.get("entities") or [scope.get("entity", {})]
        return any(e.get("id") in actions for e in named)
    return True


_PRINCIPAL_TENANT: Final = {".": {"left": {"Var": "principal"}, "attr": "tenant"}}


def _pinned_tenant(policy: Mapping[str, Any]) -> str | None:
    """The tenant a policy's ``when`` pins with a top-level conjunct ``principal.tenant == "..."``, if any."""
    for condition in policy.get("conditions", []):
        if condition.get("kind") != "when":
            continue
        todo = [condition.get("body", {})]
        while todo:
            node = todo.pop()
            if "&&" in node:
                todo += [node["&&"]["left"], node["&&"]["right"]]
            elif "==" in node:
                left, right = node["=="]["left"], node["=="]["right"]
                for attr, value in ((left, right), (right, left)):
                    if attr == _PRINCIPAL_TENANT and isinstance(value.get("Value"), str):
                        return str(value["Value"])
    return None


def _policy_set(policies: Mapping[str, Any]) -> cedarpy.PolicySet:
    return cedarpy.PolicySet.from_json_str(json.dumps({"staticPolicies": policies, "templates": {},
                                                       "templateLinks": []}))


def _obligations(permits: Sequence[Mapping[str, str]]) -> Obligations:
    """The permits' obligations together: the most restrictive view, every mask, break-glass if any says so."""
    views = {a["obligation_view"] for a in permits if "obligation_view" in a}
    view = View.DEIDENTIFIED if View.DEIDENTIFIED.value in views else (View.FULL if views else None)
    mask = frozenset(f.strip() for a in permits for f in a.get("obligation_mask", "").split(",") if f.strip())
    glass = any(a.get("obligation_break_glass") == "true" for a in permits)
    return Obligations(view=view, mask=mask, break_glass_allowed=glass)


def _principal_entity(p: Principal) -> dict[str, Any]:
    kind = _PRINCIPAL_TYPES[p.kind]
    attrs: dict[str, Any] = {"tenant": p.tenant or ""}
    if p.kind is ActorKind.USER:
        attrs.update(role=p.role or "", labels=sorted(p.labels))
    else:
        attrs["scopes"] = sorted(p.scopes)
    return {"uid": _uid(kind, p.id), "attrs": attrs, "parents": []}


def _resource_entity(r: PolicyResource) -> dict[str, Any]:
    attrs: dict[str, Any] = {"tenant": r.tenant or ""}
    if r.kind.value == "Document":
        attrs.update(state=r.state, labels=sorted(r.labels), ai_consent=r.ai_consent)
    elif r.kind.value == "Reidentification":
        attrs.update(requester={"__entity": _uid("User", r.requester)},
                     approvers=[{"__entity": _uid("User", a)} for a in sorted(r.approvers)])
    return {"uid": _uid(r.kind.value, r.id), "attrs": attrs, "parents": []}


def _uid(kind: str, id_: str) -> dict[str, str]:
    return {"type": f"{NAMESPACE}::{kind}", "id": id_}


def _rank(code: str) -> int:
    return _DENIAL_ORDER.index(code) if code in _DENIAL_ORDER else 0


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None


def _first_line(error: object) -> str:
    return str(error).strip().splitlines()[0][:300] if str(error).strip() else "unknown error"
