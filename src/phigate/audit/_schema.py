"""The mapping between events and the rows of the audit tables (``phigate._tables``, made by the ``audit`` Alembic
branch; read and written by ``ports.AuditStore``)."""

from __future__ import annotations

import datetime as dt
import functools
import ipaddress
import json
import re
from collections.abc import Sequence
from enum import StrEnum
from typing import Any, cast

from phigate._tables import AUDIT_ENTRY_COLUMNS
from phigate.audit.verifier import ENTRY_FIELDS, ENTRY_VERSION
from phigate.errors import InputError
from phigate.models import ActorKind, AuditAction, AuditEvent, AuditOutcome, AuditRecord, PurposeOfUse

# the table's entry columns are the signed fields, in the signed order ("ts" holds the entry's "time"): a stored
# row (``ports.AuditRow``) is ``seq``, the entry, then its hashes
if tuple(AUDIT_ENTRY_COLUMNS) != ENTRY_FIELDS[1:]:  # pragma: no cover - a mistake in _tables.py
    raise RuntimeError("the audit_events columns are out of the signed order")

# Ids are opaque tokens: no spaces, so free text (a name, a sentence) cannot slip into the log.
TOKEN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:@/+=-]{0,127}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_LIMITS = {"resource_kind": 64, "decision": 32}
_DETAIL_ITEM = re.compile(r"^[a-z][a-z0-9_]{0,31}=[A-Za-z0-9_.:@/+=-]{1,128}$")
DETAIL_MAX = 512
N_FIELDS = len(ENTRY_FIELDS)
Entry = tuple[str | None, ...]  # an event's entry fields in ENTRY_FIELDS order
_PLAIN = re.compile(r'[\x20\x21\x23-\x5b\x5d-\x7e]*')  # printable ASCII without " and \\
_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True).encode


def entry_bytes_of(seq: int, values: Sequence[Any]) -> bytes:
    """``verifier.entry_bytes`` for a row's values, without the JSON encoder when every value is a string of
    printable ASCII other than ``"`` and ``\\`` (what phigate writes); anything else takes the encoder, so the
    bytes are always the same."""
    try:
        plain = _PLAIN.fullmatch("".join([v for v in values if v is not None]))
    except TypeError:  # a value that is not a string
        plain = None
    if plain is not None:
        text = f'["{ENTRY_VERSION}",{seq},' + ",".join(["null" if v is None else f'"{v}"' for v in values]) + "]"
        return text.encode("ascii")
    return _dumps([ENTRY_VERSION, seq, *values]).encode("ascii")


def format_time(value: dt.datetime) -> str:
    """Canonical UTC time with microseconds, e.g. ``2026-01-02T03:04:05.000006Z`` (sorts as text)."""
    if value.tzinfo is None:
        raise InputError("audit event time must be timezone-aware")
    if value.tzinfo is not dt.UTC:
        value = value.astimezone(dt.UTC)
    return value.isoformat(timespec="microseconds")[:-6] + "Z"  # drop "+00:00"


def parse_time(value: str) -> dt.datetime:
    return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


_ID_FIELDS = ("tenant", "actor_id", "resource_kind", "resource_id", "decision", "policy_id", "request_id")
_ID_LIMITS = tuple(_LIMITS.get(name, 128) for name in _ID_FIELDS)


@functools.lru_cache(maxsize=4096)
def _canonical_ip(value: str) -> str:
    """The canonical text of an IP address (cached: a log sees the same few addresses again and again)."""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError as exc:
        raise InputError("audit event source_addr must be an IP address") from exc


@functools.cache
def _enum_texts(cls: type[StrEnum]) -> dict[str, str]:
    return {member: member.value for member in cls}  # a member and its plain string look up alike


def _enum_value(cls: type[StrEnum], value: object) -> str:
    text = _enum_texts(cls).get(value) if isinstance(value, str) else None
    return cls(cast(str, value)).value if text is None else text  # an unknown value raises as the enum does


def entry_values(event: AuditEvent, time: str, patient_hash: str | None) -> Entry:
    """The event's entry fields in ``ENTRY_FIELDS`` order, as the log stores and hashes them, after checking each
    id is a token and each hash is hex (this runs once per appended event: keep it lean)."""
    for name, limit in zip(_ID_FIELDS, _ID_LIMITS, strict=True):
        value = getattr(event, name)
        if value is not None and (type(value) is not str or len(value) > limit or not TOKEN.fullmatch(value)):
            raise InputError(f"audit event field {name} must be an id (no spaces, at most 128 characters)")
    if event.object_hash is not None and not (type(event.object_hash) is str and _HEX64.fullmatch(event.object_hash)):
        raise InputError("audit event object_hash must be a lowercase hex SHA-256")
    if event.detail is not None:
        check_detail(event.detail)
    source = event.source_addr
    if source is not None:
        if type(source) is not str:
            raise InputError("audit event source_addr must be an IP address")
        source = _canonical_ip(source)
    return (time, event.tenant, _enum_value(ActorKind, event.actor_kind), event.actor_id,
            _enum_value(AuditAction, event.action), event.resource_kind, event.resource_id,
            None if event.purpose is None else _enum_value(PurposeOfUse, event.purpose), event.decision,
            event.policy_id, _enum_value(AuditOutcome, event.outcome), source, event.request_id,
            event.object_hash, patient_hash, event.detail)


def entry_dict(entry: Entry) -> dict[str, str | None]:
    return dict(zip(ENTRY_FIELDS, entry, strict=True))


def check_detail(detail: object) -> None:
    """A detail is ``key=value`` items separated by single spaces: lowercase keys, id-like values."""
    if not isinstance(detail, str) or not 0 < len(detail) <= DETAIL_MAX or not all(
            _DETAIL_ITEM.fullmatch(item) for item in detail.split(" ")):
        raise InputError(f"audit event detail must be key=value ids separated by spaces (at most {DETAIL_MAX} "
                         "characters)")


def row_to_record(row: Sequence[Any]) -> AuditRecord:
    """A stored row (``ports.AuditRow``: ``seq``, the entry fields, ``leaf_hash``, ``chain_hash``, ...)."""
    f = dict(zip(ENTRY_FIELDS, row[1:1 + N_FIELDS], strict=True))
    event = AuditEvent(
        actor_id=f["actor_id"], actor_kind=ActorKind(f["actor_kind"]), action=AuditAction(f["action"]),
        resource_kind=f["resource_kind"], outcome=AuditOutcome(f["outcome"]), tenant=f["tenant"],
        resource_id=f["resource_id"], purpose=None if f["purpose"] is None else PurposeOfUse(f["purpose"]),
        decision=f["decision"], policy_id=f["policy_id"], source_addr=f["source_addr"],
        request_id=f["request_id"], object_hash=f["object_hash"], time=parse_time(f["time"]),
        patient_hash=f["patient_hash"], detail=f["detail"],
    )
    return AuditRecord(seq=int(row[0]), event=event, leaf_hash=bytes(row[1 + N_FIELDS]),
                       chain_hash=bytes(row[2 + N_FIELDS]))


def record_fields(record: AuditRecord) -> dict[str, str | None]:
    """The entry fields of a stored record (what the standalone verifier hashes)."""
    e = record.event
    assert e.time is not None
    return {"time": format_time(e.time), "tenant": e.tenant, "actor_kind": e.actor_kind.value,
            "actor_id": e.actor_id, "action": e.action.value, "resource_kind": e.resource_kind,
            "resource_id": e.resource_id, "purpose": None if e.purpose is None else e.purpose.value,
            "decision": e.decision, "policy_id": e.policy_id, "outcome": e.outcome.value,
            "source_addr": e.source_addr, "request_id": e.request_id, "object_hash": e.object_hash,
            "patient_hash": e.patient_hash, "detail": e.detail}
