"""The AI gateway's use cases: chat (answered or streamed), embeddings, the model list, the registry of models
and BAAs, the kill switches and the review queue.

A chat call reads top to bottom: authorise (``_access``, the one place that asks ``authorize()``) -> the model,
its kill switches and budgets -> the BAA that decides what may be sent -> the referenced documents, each checked
(tenant, state, consent, injection verdict) and injected de-identified (surrogates, or the Safe Harbor derivative
when no live BAA covers the model) -> the upstream -> the output scrub (originals and new PHI masked, surrogates
mapped back only for the full view) -> the review queue for high-risk models -> one audit event with hashes,
counts and ids, never text. Any refusal is audited too, then raised."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import hashlib
import json
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import anyio.to_thread

from phigate.ai.budgets import Budgets
from phigate.ai.catalog import Baa, Deployment, ModelEntry, ModelKind, PauseScope, Risk, covering_baa, expiring
from phigate.ai.injection import DocumentVerdict, InjectionScanner, Verdict
from phigate.ai.scrub import OutputScrub
from phigate.ai.surrogates import SurrogateSet
from phigate.ai.timing import Phases
from phigate.errors import (
    AiPaused,
    BaaRequired,
    Error,
    Forbidden,
    InputError,
    ModelNotFound,
    NotFound,
    PromptInjection,
    UpstreamError,
)
from phigate.models import (
    AccessContext,
    DocumentRecord,
    DocumentState,
    PolicyResource,
    Principal,
    PurposeOfUse,
    parse_purpose,
)
from phigate.phi import DeidContext, Linkage, PhiSpan, PhiType, deidentify, deidentify_linked
from phigate.pipeline._artifacts import DERIVATIVES, EXTRACTED, INVENTORY, artifact_key, get_json, put_json
from phigate.pipeline.results import Records
from phigate.ports import AiCatalog, Audit, CatalogSnapshot, ModelUpstream, Pause, ReviewRow
from phigate.services._authz import authorize, decide
from phigate.services.labels import document_resource, proposed_labels
from phigate.vault import Vault

__all__ = ["AiGateway", "ChatOutcome", "GatewayLimits", "ModelView", "PauseScope", "Phases", "ReviewRow"]

INVOKE, ADMIN, REVIEW = "ai:invoke", "ai:admin", "ai:review"
Caller = Principal | Callable[[], Principal]  # the caller, or its authentication (run in the worker thread)
REVIEWS = "ai-reviews"  # the vault namespace of held answers
SURROGATE, SAFE_HARBOR = "surrogate", "safe-harbor"  # what a document's text becomes before it is sent
_DOCUMENT_ID = 64


@dataclass(frozen=True, slots=True)
class GatewayLimits:
    max_documents: int = 4
    holdback_chars: int = 64
    switch_refresh_seconds: float = 0.5
    scrub_engine: bool = True
    document_cache: int = 256
    timing: bool = False


@dataclass(frozen=True, slots=True)
class PhigateFields:
    """phigate's own fields of an OpenAI request (``extra_body={"phigate": {...}}``)."""

    purpose: PurposeOfUse | None = None  # none given: the answer stays de-identified (no PHI read without one)
    documents: tuple[str, ...] = ()
    patient_ref: str | None = field(default=None, repr=False)  # PHI: only its keyed hash reaches the log

    @classmethod
    def parse(cls, raw: object, max_documents: int) -> PhigateFields:
        if raw is None:
            return cls()
        if not isinstance(raw, dict) or set(raw) - {"purpose", "documents", "patient_ref"}:
            raise InputError("phigate fields are an object with purpose, documents and patient_ref")
        purpose = raw.get("purpose")
        if purpose is not None and not isinstance(purpose, str):
            raise InputError("phigate.purpose is a purpose of use (treatment, TREAT, HRESCH ...)")
        purpose = parse_purpose(purpose)
        docs = raw.get("documents") or []
        if not isinstance(docs, list) or not all(isinstance(d, str) and 0 < len(d) <= _DOCUMENT_ID for d in docs):
            raise InputError("phigate.documents is a list of document ids")
        if len(set(docs)) > max_documents:
            raise InputError(f"a call may reference at most {max_documents} documents")
        ref = raw.get("patient_ref")
        if ref is not None and not (isinstance(ref, str) and 0 < len(ref) <= 128):
            raise InputError("phigate.patient_ref is a string of at most 128 characters")
        return cls(purpose, tuple(dict.fromkeys(docs)), ref)


@dataclass(frozen=True, slots=True)
class Access:
    """What the caller may do with this call's documents: ``reveal`` maps surrogates back (the full view)."""

    principal: Principal
    tenant: str
    purpose: PurposeOfUse | None
    reveal: bool


@dataclass(frozen=True, slots=True)
class InjectedDocument:
    """A document as the upstream receives it, with what the scrub needs (PHI: kept in memory only)."""

    id: str
    text: str = field(repr=False)
    linkage: Linkage = field(repr=False)
    masks: tuple[tuple[str, str], ...] = field(repr=False)
    verdict: DocumentVerdict


@dataclass(slots=True)
class Call:
    """One call on its way: what was decided and sent, for the scrub and the audit event."""

    access: Access
    model: ModelEntry
    baa: Baa | None
    view: str
    documents: tuple[InjectedDocument, ...]
    surrogates: SurrogateSet
    body: dict[str, Any]
    started: float
    phases: Phases = field(default_factory=Phases)
    prompt_sha256: str = ""
    wants_usage: bool = False

    def scrub(self, engine: bool) -> OutputScrub:
        return self.surrogates.output_scrub(reveal=self.access.reveal and self.view == SURROGATE, engine=engine)


@dataclass(frozen=True, slots=True)
class ChatOutcome:
    """The answer to return (``response``, or ``chunks`` for a stream), or the review it waits in
    (``review_id``); ``timing`` is the call's phases as a Server-Timing value when ``ai.timing`` is on."""

    response: dict[str, Any] | None = None
    review_id: str | None = None
    chunks: AsyncIterator[dict[str, Any]] | None = None
    timing: str | None = None


@dataclass(frozen=True, slots=True)
class ModelView:
    model: ModelEntry
    baa: Baa | None
    paused: bool

    def public(self) -> dict[str, Any]:
        d = self.model.deployment
        return {"id": self.model.name, "object": "model", "created": int(self.model.created_at),
                "owned_by": d.vendor, "phigate": {
                    "kind": self.model.kind.value, "vendor": d.vendor, "service": d.service,
                    "upstream_model": d.upstream_model, "region": d.region, "retention": d.retention,
                    "risk": self.model.risk.value, "phi_allowed": self.model.phi_allowed,
                    "baa": None if self.baa is None else {"id": self.baa.id, "expires": self.baa.expires.isoformat()},
                    "paused": self.paused}}


class _Snapshots:
    """The catalog and switches as the database holds them, at most ``ttl`` seconds old (one query per period
    per process, so a pause reaches every process within ``ttl``)."""

    def __init__(self, catalog: AiCatalog, ttl: float) -> None:
        self._catalog, self._ttl = catalog, ttl
        self._at, self._value = -1e9, CatalogSnapshot()
        self._lock = threading.Lock()

    def get(self) -> CatalogSnapshot:
        with self._lock:
            if time.monotonic() - self._at >= self._ttl:
                self._value, self._at = self._catalog.snapshot(), time.monotonic()
            return self._value

    def expire(self) -> None:
        with self._lock:
            self._at = -1e9


class AiGateway:
    def __init__(self, *, catalog: AiCatalog, records: Records, vault: Vault, audit: Audit,
                 upstream_for: Callable[[ModelEntry], ModelUpstream], secret_for: Callable[[str], bytes],
                 budgets: Budgets, limits: GatewayLimits = GatewayLimits(),
                 injection: InjectionScanner | None = None, today: Callable[[], dt.date] | None = None) -> None:
        self._catalog, self._records, self._vault, self._audit = catalog, records, vault, audit
        self._upstream_for, self._secret_for, self._budgets, self._limits = upstream_for, secret_for, budgets, limits
        self._injection = injection or InjectionScanner()
        self._today = today or (lambda: dt.datetime.now(dt.UTC).date())
        self._snapshots = _Snapshots(catalog, limits.switch_refresh_seconds)
        self._cache: OrderedDict[tuple[str, ...], InjectedDocument] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._sets: OrderedDict[tuple[str, ...], tuple[tuple[InjectedDocument, ...], SurrogateSet]] = OrderedDict()
        self._proposals: OrderedDict[str, tuple[float, frozenset[str]]] = OrderedDict()  # id -> (version, labels)
        self._used: dict[int, ModelUpstream] = {}

    def _upstream(self, model: ModelEntry) -> ModelUpstream:
        upstream = self._upstream_for(model)
        self._used.setdefault(id(upstream), upstream)
        return upstream

    async def aclose(self) -> None:
        """Close the upstreams' connection pools (on shutdown)."""
        used, self._used = list(self._used.values()), {}
        for upstream in used:
            await upstream.aclose()

    # -- authorisation: the one place ------------------------------------------------------------------------

    def _access(self, principal: Principal, scope: str, purpose: PurposeOfUse | None = None) -> Access:
        """Ask the policy decision point for the use case's scope (``ai:invoke``, ``ai:admin``, ``ai:review``)
        with the caller's purpose; the refusal's error on a deny."""
        authorize(principal, scope, principal.tenant, context=AccessContext(purpose=purpose))
        if principal.tenant is None and scope == INVOKE:
            raise Forbidden("AI calls act for a tenant: use a tenant's token")
        return Access(principal, principal.tenant or "", purpose, reveal=False)

    def _proposed(self, doc: DocumentRecord) -> frozenset[str]:
        """The labels the analysis proposed for ``doc`` and nobody has decided yet, kept per document version: a
        decision moves the document's ``updated_at`` on (``LabelStore.decide``), and ``doc`` is read afresh on
        every call, so a confirmed or dismissed label takes effect on the next call, whichever process decided."""
        with self._cache_lock:
            found = self._proposals.get(doc.id)
        if found is not None and found[0] == doc.updated_at:
            return found[1]
        proposed = proposed_labels(self._records.results(doc.id))
        with self._cache_lock:
            self._proposals[doc.id] = (doc.updated_at, proposed)
            self._proposals.move_to_end(doc.id)
            while len(self._proposals) > max(self._limits.document_cache, 1):
                self._proposals.popitem(last=False)
        return proposed

    def _may(self, principal: Principal, scope: str) -> bool:
        return decide(principal, scope, PolicyResource.scope_of(principal.tenant)).allow

    def _document_access(self, access: Access, doc: DocumentRecord) -> bool:
        """Each injected document: its AI processing must be permitted (consent, sensitivity labels: the
        refusal's error otherwise); True when the caller's own purpose permits its full view, the only case in
        which surrogates are mapped back (research, or no purpose given, keeps the answer de-identified)."""
        resource = document_resource(doc, self._proposed(doc) - doc.labels)
        authorize(access.principal, "ai.document", resource=resource,
                  context=AccessContext(purpose=PurposeOfUse.AI_PROCESSING))
        if access.purpose is None:
            return False
        return decide(access.principal, "document.text.full", resource, AccessContext(purpose=access.purpose)).allow

    # -- the model list and the registry -------------------------------------------------------------------------

    def models(self, principal: Principal) -> list[ModelView]:
        self._access(principal, INVOKE if principal.tenant else ADMIN)
        snap, today = self._snapshots.get(), self._today()
        out = [ModelView(m, covering_baa(m, snap.baas, today), _paused(snap.pauses, principal.tenant, m.name))
               for m in snap.models]
        self._audit.record("ai.models.list", actor=principal.id, actor_kind=principal.kind, tenant=principal.tenant,
                           outcome="success", count=len(out))
        return out

    def add_model(self, principal: Principal, model: ModelEntry) -> ModelEntry:
        self._access(principal, ADMIN)
        if principal.tenant is not None:
            raise Forbidden("the model registry is phigate's own administration")
        model = ModelEntry(model.name, model.deployment, model.base_url, model.kind, model.risk, model.phi_allowed,
                           model.api_key_env, time.time(), principal.id)
        self._catalog.add_model(model, before_commit=lambda: self._audit.record(
            "ai.model.add", actor=principal.id, actor_kind=principal.kind, tenant=None, outcome="success",
            model=model.name, vendor=model.deployment.vendor, region=model.deployment.region,
            risk=model.risk.value, phi_allowed=str(model.phi_allowed).lower()))
        self._snapshots.expire()
        return model

    def add_baa(self, principal: Principal, baa: Baa) -> Baa:
        self._access(principal, ADMIN)
        if principal.tenant is not None:
            raise Forbidden("BAAs are phigate's own administration")
        self._catalog.add_baa(baa, principal.id, before_commit=lambda: self._audit.record(
            "ai.baa.add", actor=principal.id, actor_kind=principal.kind, tenant=None, outcome="success", baa=baa.id,
            vendor=baa.deployment.vendor, effective=baa.effective.isoformat(), expires=baa.expires.isoformat()))
        self._snapshots.expire()
        return baa

    def baas(self, principal: Principal) -> tuple[list[Baa], list[Baa]]:
        """Every BAA, and those expiring within 30 days (the renewal alert)."""
        self._access(principal, ADMIN)
        snap = self._snapshots.get()
        return list(snap.baas), expiring(snap.baas, self._today())

    # -- kill switches ---------------------------------------------------------------------------------------

    def pause(self, principal: Principal, scope: PauseScope, target: str | None = None) -> bool:
        return self._switch(principal, scope, target, pause=True)

    def resume(self, principal: Principal, scope: PauseScope, target: str | None = None) -> bool:
        return self._switch(principal, scope, target, pause=False)

    def switches(self, principal: Principal) -> list[Pause]:
        self._access(principal, ADMIN)
        return [p for p in self._catalog.snapshot().pauses
                if principal.tenant is None or (p.scope is PauseScope.TENANT and p.target == principal.tenant)]

    def _switch(self, principal: Principal, scope: PauseScope, target: str | None, *, pause: bool) -> bool:
        """A tenant's administrator switches its own tenant only; phigate's operators any scope."""
        self._access(principal, ADMIN)
        target = "*" if scope is PauseScope.GLOBAL else (target or principal.tenant)
        if target is None:
            raise InputError(f"pausing a {scope.value} names the {scope.value}")
        if principal.tenant is not None and (scope is not PauseScope.TENANT or target != principal.tenant):
            raise Forbidden("a tenant's administrator pauses and resumes its own tenant only")
        action = "ai.pause" if pause else "ai.resume"

        def audit() -> None:
            self._audit.record(action, actor=principal.id, actor_kind=principal.kind, tenant=principal.tenant,
                               outcome="success", scope=scope.value, target=target)

        if pause:
            changed = self._catalog.pause(scope, target, principal.id, before_commit=audit)
        else:
            changed = self._catalog.resume(scope, target, before_commit=audit)
        self._snapshots.expire()
        return changed

    # -- chat -------------------------------------------------------------------------------------------------

    async def chat(self, principal: Caller, request: dict[str, Any], phases: Phases | None = None) -> ChatOutcome:
        """``principal``: the caller, or its authentication to run first in the worker thread (the API's, so that
        authenticating costs no trip through the thread pool of its own)."""
        call = await anyio.to_thread.run_sync(self._prepare, principal, request, ModelKind.CHAT, phases)
        return await self._answer(call)

    async def _answer(self, call: Call) -> ChatOutcome:
        """The whole answer, scrubbed (or held for review)."""
        call.phases.mark("hop")
        try:
            answer = await self._upstream(call.model).chat(call.body)
        except Error as exc:
            await anyio.to_thread.run_sync(self._refused, call, exc)
            raise
        call.phases.mark("upstream")
        outcome = await anyio.to_thread.run_sync(self._finish, call, answer)
        call.phases.mark("hop")
        return dataclasses.replace(outcome, timing=self._timing(call))

    async def chat_stream(self, principal: Caller, request: dict[str, Any],
                          phases: Phases | None = None) -> ChatOutcome:
        """The answer's chunks (``chunks``), scrubbed on the fly; the last one is followed by the audit event.
        Opened before the first byte is sent, so a refusal is still an HTTP error. A high-risk model's answer is
        never streamed: it is taken whole and held for review like a non-streaming call's (``review_id``)."""
        call = await anyio.to_thread.run_sync(self._prepare, principal, request, ModelKind.CHAT, phases)
        if call.model.risk is Risk.HIGH:
            return await self._answer(call)
        call.phases.mark("hop")
        chunks = self._upstream(call.model).chat_stream(call.body)
        try:  # the upstream answers (or fails) before the first byte goes out
            first = [await anext(chunks)]
        except StopAsyncIteration:
            first = []
        except Error as exc:
            await anyio.to_thread.run_sync(self._refused, call, exc)
            raise
        call.phases.mark("upstream_first_chunk")
        return ChatOutcome(chunks=self._stream(call, _chain(first, chunks)), timing=self._timing(call))

    def _timing(self, call: Call) -> str | None:
        return call.phases.header() if self._limits.timing else None

    async def _stream(self, call: Call, chunks: AsyncIterator[dict[str, Any]]) -> AsyncIterator[dict[str, Any]]:
        scrub = call.scrub(self._limits.scrub_engine).stream(self._limits.holdback_chars)
        received, returned = hashlib.sha256(), hashlib.sha256()
        usage: dict[str, Any] = {}
        last: dict[str, Any] | None = None
        flushed = False
        try:
            async for chunk in chunks:
                usage = chunk.get("usage") or usage
                if not chunk.get("choices"):  # the usage chunk phigate asked for
                    if call.wants_usage:
                        yield {**chunk, "model": call.model.name}
                    continue
                text = _delta(chunk)
                received.update(text.encode())
                out = scrub.feed(text) if text else ""
                if _finish_reason(chunk) is not None and not flushed:
                    out, flushed = out + scrub.flush(), True  # nothing may follow the finish
                returned.update(out.encode())
                last = chunk
                if out or not text:
                    yield _with_delta(chunk, out, call.model.name)
        except Error as exc:
            await anyio.to_thread.run_sync(self._refused, call, exc)
            raise
        tail = "" if flushed else scrub.flush()
        returned.update(tail.encode())
        if tail and last is not None:
            yield _with_delta(last, tail, call.model.name)
        await anyio.to_thread.run_sync(self._audit_call, call, "success", received.hexdigest(), returned.hexdigest(),
                                       usage, scrub.masked, None)

    def _prepare(self, caller: Caller, request: dict[str, Any], kind: ModelKind,
                 phases: Phases | None = None) -> Call:
        phases = phases or Phases()
        phases.mark("hop")
        principal = caller if isinstance(caller, Principal) else caller()  # refused: no call began, none audited
        phases.mark("authenticate")
        fields = PhigateFields.parse(request.get("phigate"), self._limits.max_documents)
        call = Call(Access(principal, principal.tenant or "", fields.purpose, reveal=False), _UNKNOWN_MODEL, None,
                    SAFE_HARBOR, (), SurrogateSet(), {}, time.monotonic(), phases)
        try:
            call.access = access = self._access(principal, INVOKE, fields.purpose)
            phases.mark("authorize")
            call.model = self._model(request.get("model"), kind, access.tenant)
            self._budgets.admit(principal.id, access.tenant)
            call.baa = covering_baa(call.model, self._snapshots.get().baas, self._today())
            call.view = SURROGATE if call.model.phi_allowed and call.baa is not None else SAFE_HARBOR
            if fields.documents and call.model.phi_allowed and call.baa is None:
                raise BaaRequired("no live BAA covers this model's exact deployment; no document was sent")
            phases.mark("model_budget_baa")
            call.documents, full = self._documents(access, fields, call.view)
            call.access = dataclasses.replace(access, reveal=bool(call.documents) and full)
            call.surrogates = self._surrogates(call.documents)
            phases.mark("documents")
            call.body = self._upstream_body(request, call, kind)
            phases.mark("prompt")
        except Error as exc:
            self._refused(call, exc)
            raise
        call.prompt_sha256 = _sha256(json.dumps(call.body, sort_keys=True, separators=(",", ":")))
        phases.mark("prompt_digest")
        return call

    def _model(self, name: object, kind: ModelKind, tenant: str) -> ModelEntry:
        if not isinstance(name, str) or not name:
            raise InputError("model is required")
        snap = self._snapshots.get()
        model = next((m for m in snap.models if m.name == name and m.kind is kind), None)
        if model is None:
            raise ModelNotFound()
        if _paused(snap.pauses, tenant, model.name):
            raise AiPaused()
        return model

    def _documents(self, access: Access, fields: PhigateFields,
                   view: str) -> tuple[tuple[InjectedDocument, ...], bool]:
        """The call's documents, each permitted and scanned, and whether the caller may see all of them full."""
        tenant = access.tenant
        patient_key = fields.patient_ref or "documents:" + "+".join(sorted(fields.documents))
        out, full = [], True
        found = self._records.documents(fields.documents, tenant) if fields.documents else {}
        for document_id in fields.documents:
            doc = found.get(document_id)
            if doc is None or doc.state is not DocumentState.STORED:
                self._forget(document_id)  # erased, shredded or withdrawn: its text leaves this process's memory
                raise NotFound("no such document")
            full = self._document_access(access, doc) and full
            injected = self._injected(tenant, doc.id, patient_key, view, doc.updated_at)
            if injected.verdict.verdict is Verdict.BLOCKED:
                raise PromptInjection(f"a referenced document was blocked by the input firewall "
                                      f"({'+'.join(injected.verdict.categories)})")
            out.append(injected)
        return tuple(out), full

    def _injected(self, tenant: str, document_id: str, patient_key: str, view: str,
                  version: float) -> InjectedDocument:
        """The document de-identified for the upstream, from its stored text and PHI inventory (the engine does
        not run again), kept in memory between calls."""
        key = (tenant, document_id, patient_key, view, repr(version))
        with self._cache_lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        injected = self._build_injected(tenant, document_id, patient_key, view)
        if self._limits.document_cache:
            with self._cache_lock:
                self._cache[key] = injected
                while len(self._cache) > self._limits.document_cache:
                    self._cache.popitem(last=False)
        return injected

    def _forget(self, document_id: str) -> None:
        """Drop every cached derivative of ``document_id`` and every surrogate set built from it."""
        with self._cache_lock:
            for key in [k for k in self._cache if k[1] == document_id]:
                del self._cache[key]
            self._proposals.pop(document_id, None)
            for key in [k for k, (docs, _) in self._sets.items() if any(d.id == document_id for d in docs)]:
                del self._sets[key]

    def _build_injected(self, tenant: str, document_id: str, patient_key: str, view: str) -> InjectedDocument:
        pages = get_json(self._vault, artifact_key(EXTRACTED, tenant, document_id))["pages"]
        text = "\f".join(str(p["text"]) for p in pages)
        inventory = get_json(self._vault, artifact_key(INVENTORY, tenant, document_id))
        spans = [PhiSpan(int(s["start"]), int(s["end"]), PhiType(s["type"]), str(s.get("text_hash", "")))
                 for s in inventory.get("spans", [])]
        masks = tuple((text[s.start:s.end], f"[{s.type}]") for s in spans if len(text[s.start:s.end].strip()) > 1)
        hidden = (self._records.results(document_id).extract or _NO_EXTRACT).hidden_text
        verdict = self._injection.scan(text, hidden_text=hidden)
        if view == SURROGATE:
            context = DeidContext(tenant=tenant, patient_ref=patient_key, secret=self._secret_for(tenant))
            deid, linkage = deidentify_linked(text, "surrogate", context, spans=spans)
            return InjectedDocument(document_id, deid.text, linkage, masks, verdict)
        derivative = str(get_json(self._vault, artifact_key(DERIVATIVES, tenant, document_id))["text"])
        return InjectedDocument(document_id, derivative, Linkage(), masks, verdict)

    def _surrogates(self, documents: tuple[InjectedDocument, ...]) -> SurrogateSet:
        """The call's surrogates, kept with its documents' cache entries (the same documents: the same set, its
        matchers compiled once)."""
        if not documents:
            return SurrogateSet()
        key = ("set", *(str(id(d)) for d in documents))
        with self._cache_lock:
            found = self._sets.get(key)
        if found is not None and found[0] == documents:
            return found[1]
        made = SurrogateSet.of((d.linkage for d in documents), (m for d in documents for m in d.masks))
        with self._cache_lock:
            self._sets[key] = (documents, made)
            while len(self._sets) > max(self._limits.document_cache, 1):
                self._sets.popitem(last=False)
        return made

    def _upstream_body(self, request: dict[str, Any], call: Call, kind: ModelKind) -> dict[str, Any]:
        body = {k: copy.deepcopy(v) for k, v in request.items() if k not in ("phigate", "stream_options")}
        body["model"] = call.model.deployment.upstream_model
        if kind is ModelKind.EMBEDDINGS:
            body["input"] = _map_text(body.get("input"), lambda t: self._outbound(t, call))
            return body
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            raise InputError("messages is a non-empty list")
        for m in messages:
            if not isinstance(m, dict):
                raise InputError("each message is an object")
            m["content"] = _map_text(m.get("content"), lambda t: self._outbound(t, call))
        if call.documents:
            refs = "\n\n".join(f'<document index="{i}">\n{d.text}\n</document>'
                               for i, d in enumerate(call.documents, 1))
            messages.insert(0, {"role": "system", "content": "Reference documents (de-identified; the values in "
                                "them are placeholders and must be quoted exactly):\n\n" + refs})
        if request.get("stream") and call.model.risk is not Risk.HIGH:  # a held answer is taken whole
            options = request.get("stream_options")
            call.wants_usage = isinstance(options, dict) and bool(options.get("include_usage"))
            body["stream_options"] = {"include_usage": True}
        return body

    def _outbound(self, text: str, call: Call) -> str:
        """The caller's own text as sent: originals of its documents become their surrogates; to a model no live
        BAA covers, whatever else the engine finds is replaced by its Safe Harbor tag."""
        text = call.surrogates.hide(text) if call.view == SURROGATE else call.surrogates.mask(text)
        if call.baa is None or not call.model.phi_allowed:
            text = deidentify(text, "tag").text
        return text

    def _finish(self, call: Call, answer: dict[str, Any]) -> ChatOutcome:
        call.phases.mark("hop")
        received = _message(answer)
        usage = answer.get("usage") or {}
        if call.model.risk is Risk.HIGH:  # the reviewer sees it de-identified, whatever the caller's view
            held = call.surrogates.output_scrub(reveal=False).scrub(received)
            call.phases.mark("scrub")
            review_id = self._hold(call, held.text)
            call.phases.mark("hold")
            self._audit_call(call, "held", _sha256(received), None, usage, held.masked, review_id)
            call.phases.mark("audit")
            return ChatOutcome(review_id=review_id)
        scrubbed = call.scrub(self._limits.scrub_engine).scrub(received)
        call.phases.mark("scrub")
        response = copy.deepcopy(answer)
        response["model"] = call.model.name
        if response.get("choices"):
            response["choices"][0].setdefault("message", {})["content"] = scrubbed.text
        self._audit_call(call, "success", _sha256(received), _sha256(scrubbed.text), usage, scrubbed.masked, None)
        call.phases.mark("audit")
        return ChatOutcome(response=response)

    def _refused(self, call: Call, exc: Error) -> None:
        outcome = "failure" if isinstance(exc, UpstreamError) or exc.status >= 500 else "denied"
        self._audit_call(call, outcome, None, None, {}, 0, None, reason=exc.code)

    def _audit_call(self, call: Call, outcome: str, received: str | None, returned: str | None,
                    usage: dict[str, Any], masked: int, review_id: str | None, *, reason: str | None = None) -> None:
        """The call's audit event: caller, purpose, model, vendor, BAA, documents and their view and verdicts,
        the decision, SHA-256 of the prompt as sent and the answer as received and as returned, token counts and
        latency (never text). Written before the answer leaves (a failed write withholds it)."""
        a, m = call.access, call.model
        tokens_in, tokens_out = int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)
        if outcome in ("success", "held"):
            self._budgets.spend(a.principal.id, a.tenant, tokens_in + tokens_out)
        documents = {f"doc{i}": d.id for i, d in enumerate(call.documents, 1)}  # a detail value holds <= 128
        self._audit.record(
            "ai.embeddings" if m.kind is ModelKind.EMBEDDINGS else "ai.chat", actor=a.principal.id,
            actor_kind=a.principal.kind, tenant=a.tenant, outcome="denied" if outcome == "denied" else (
                "failure" if outcome == "failure" else ("requested" if outcome == "held" else "success")),
            model=m.name if m is not _UNKNOWN_MODEL else None, purpose=a.purpose.value if a.purpose else None,
            vendor=m.deployment.vendor if m is not _UNKNOWN_MODEL else None, baa=call.baa.id if call.baa else None,
            **documents, view=call.view if call.documents else None,
            verdicts="+".join(d.verdict.verdict.value for d in call.documents) or None,
            decision="hold" if review_id else ("deny" if reason else "permit"), reason=reason,
            reveal=str(a.reveal and call.view == SURROGATE).lower(),
            sha256=call.prompt_sha256 or None, received_sha256=received, returned_sha256=returned,
            tokens=f"{tokens_in}/{tokens_out}", masked=masked, review=review_id,
            latency_ms=int((time.monotonic() - call.started) * 1000))

    # -- embeddings ---------------------------------------------------------------------------------------------

    async def embeddings(self, principal: Principal, request: dict[str, Any]) -> dict[str, Any]:
        if request.get("phigate", {}).get("documents") if isinstance(request.get("phigate"), dict) else False:
            raise InputError("embeddings take their input in the request; documents are for chat")
        call = await anyio.to_thread.run_sync(self._prepare, principal, request, ModelKind.EMBEDDINGS)
        try:
            answer = await self._upstream(call.model).embeddings(call.body)
        except Error as exc:
            await anyio.to_thread.run_sync(self._refused, call, exc)
            raise
        answer = {**answer, "model": call.model.name}
        await anyio.to_thread.run_sync(self._audit_call, call, "success", None, None, answer.get("usage") or {}, 0,
                                       None)
        return answer

    # -- the review queue -------------------------------------------------------------------------------------

    def _hold(self, call: Call, text: str) -> str:
        review_id = f"rev_{secrets.token_hex(16)}"
        a = call.access
        put_json(self._vault, artifact_key(REVIEWS, a.tenant, review_id), {"text": text})
        self._catalog.add_review(ReviewRow(review_id, a.tenant, a.principal.id, call.model.name, "pending",
                                           _sha256(text), time.time()))
        return review_id

    def reviews(self, principal: Principal, status: str | None = "pending") -> list[ReviewRow]:
        self._access(principal, REVIEW)
        rows = self._catalog.reviews(principal.tenant, status)
        self._audit.record("ai.review.list", actor=principal.id, actor_kind=principal.kind, tenant=principal.tenant,
                           outcome="success", count=len(rows))
        return rows

    def review(self, principal: Principal, review_id: str) -> tuple[ReviewRow, str | None]:
        """A held answer: its reviewer sees it while pending; its caller, once approved or edited."""
        row = self._catalog.review(review_id[:64], principal.tenant)
        reviewer = self._may(principal, REVIEW)
        if row is None or not (reviewer or row.caller == principal.id):
            raise NotFound("no such review")
        self._access(principal, REVIEW if reviewer else INVOKE)
        released = row.status in ("approved", "edited")
        text = None
        if reviewer or released:
            text = str(get_json(self._vault, artifact_key(REVIEWS, row.tenant, row.id))["text"])
        self._audit.record("ai.review.read", actor=principal.id, actor_kind=principal.kind, tenant=row.tenant,
                           outcome="success", review=row.id, status=row.status)
        return row, text

    def decide(self, principal: Principal, review_id: str, decision: str, text: str | None = None) -> ReviewRow:
        """``approve`` releases the held answer, ``edit`` releases the reviewer's text instead, ``reject``
        withholds it for good. The caller itself cannot decide on its own answer."""
        if decision not in ("approve", "edit", "reject"):
            raise InputError("decision is approve, edit or reject")
        if (decision == "edit") != (text is not None):
            raise InputError("an edit carries the new text; approve and reject carry none")
        self._access(principal, REVIEW)
        row = self._catalog.review(review_id[:64], principal.tenant)
        if row is None:
            raise NotFound("no such review")
        if row.caller == principal.id:
            raise Forbidden("the caller cannot review its own answer")
        status = {"approve": "approved", "edit": "edited", "reject": "rejected"}[decision]
        key = artifact_key(REVIEWS, row.tenant, row.id)
        digest = row.answer_sha256
        if text is not None:
            put_json(self._vault, key, {"text": text})
            digest = _sha256(text)
        self._catalog.decide_review(row.id, status, principal.id, digest, before_commit=lambda: self._audit.record(
            "ai.review.decide", actor=principal.id, actor_kind=principal.kind, tenant=row.tenant,
            outcome="success", review=row.id, decision=status, sha256=digest, model=row.model))
        found = self._catalog.review(row.id, row.tenant)
        assert found is not None
        return found


_UNKNOWN_MODEL = ModelEntry("unknown", Deployment("unknown", "unknown", "unknown", "unknown", "unknown"),
                            "http://unknown")


class _NoExtract:
    hidden_text = 0


_NO_EXTRACT = _NoExtract()


def _paused(pauses: Iterable[Pause], tenant: str | None, model: str) -> bool:
    return any(p.scope is PauseScope.GLOBAL or (p.scope is PauseScope.TENANT and p.target == tenant)
               or (p.scope is PauseScope.MODEL and p.target == model) for p in pauses)


def _map_text(content: Any, fn: Callable[[str], str]) -> Any:
    """``fn`` over the text of a message's content (a string, a list of strings or of content parts)."""
    if isinstance(content, str):
        return fn(content)
    if isinstance(content, list):
        return [_map_text(c, fn) if isinstance(c, (str, list)) else
                ({**c, "text": fn(c["text"])} if isinstance(c, dict) and isinstance(c.get("text"), str) else c)
                for c in content]
    return content


def _message(answer: dict[str, Any]) -> str:
    try:
        content = answer["choices"][0]["message"].get("content")
    except (KeyError, IndexError, TypeError, AttributeError) as exc:
        raise UpstreamError("the model server's answer has no message") from exc
    return content if isinstance(content, str) else ""


def _delta(chunk: dict[str, Any]) -> str:
    try:
        content = chunk["choices"][0]["delta"].get("content")
    except (KeyError, IndexError, TypeError, AttributeError):
        return ""
    return content if isinstance(content, str) else ""


async def _chain(first: list[dict[str, Any]], rest: AsyncIterator[dict[str, Any]]) -> AsyncIterator[dict[str, Any]]:
    for chunk in first:
        yield chunk
    async for chunk in rest:
        yield chunk


def _finish_reason(chunk: dict[str, Any]) -> object:
    try:
        return chunk["choices"][0].get("finish_reason")
    except (KeyError, IndexError, TypeError, AttributeError):
        return None


def _with_delta(chunk: dict[str, Any], text: str, model: str) -> dict[str, Any]:
    out = copy.deepcopy(chunk)
    out["model"] = model
    choices = out.get("choices") or []
    if choices and isinstance(choices[0], dict):
        delta = choices[0].setdefault("delta", {})
        if text or "content" in delta:
            delta["content"] = text
    return out


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
