"""The PHI engine's types: categories, spans, the caller's context and the frozen result."""

from __future__ import annotations

import enum
import hashlib
import hmac
from collections.abc import Iterator
from dataclasses import FrozenInstanceError, dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

Mode = Literal["tag", "redact", "mask", "surrogate", "date-shift", "pseudonym", "safe-harbor"]
MODES: tuple[str, ...] = ("tag", "redact", "mask", "surrogate", "date-shift", "pseudonym", "safe-harbor")


class PhiType(enum.StrEnum):
    """What kind of identifier a span is. Each maps to one of the 18 Safe Harbor categories."""

    NAME = "NAME"
    ADDRESS = "ADDRESS"
    LOCATION = "LOCATION"  # city, county, facility
    ZIP = "ZIP"
    DATE = "DATE"
    AGE = "AGE"  # ages over 89 only
    PHONE = "PHONE"
    FAX = "FAX"
    EMAIL = "EMAIL"
    SSN = "SSN"
    MRN = "MRN"
    HEALTH_PLAN = "HEALTH_PLAN"
    ACCOUNT = "ACCOUNT"
    LICENSE = "LICENSE"
    VEHICLE = "VEHICLE"
    DEVICE = "DEVICE"
    URL = "URL"
    IP = "IP"
    BIOMETRIC = "BIOMETRIC"
    PHOTO = "PHOTO"
    ID = "ID"  # any other unique identifying number or code


# 45 CFR 164.514(b)(2)(i)(A)-(R): letter, title, and the types that fall under it.
SAFE_HARBOR_CATEGORIES: tuple[tuple[str, str, tuple[PhiType, ...]], ...] = (
    ("A", "names", (PhiType.NAME,)),
    ("B", "geographic subdivisions smaller than a state", (PhiType.ADDRESS, PhiType.LOCATION, PhiType.ZIP)),
    ("C", "dates (except year) and ages over 89", (PhiType.DATE, PhiType.AGE)),
    ("D", "telephone numbers", (PhiType.PHONE,)),
    ("E", "fax numbers", (PhiType.FAX,)),
    ("F", "email addresses", (PhiType.EMAIL,)),
    ("G", "social security numbers", (PhiType.SSN,)),
    ("H", "medical record numbers", (PhiType.MRN,)),
    ("I", "health plan beneficiary numbers", (PhiType.HEALTH_PLAN,)),
    ("J", "account numbers", (PhiType.ACCOUNT,)),
    ("K", "certificate/license numbers", (PhiType.LICENSE,)),
    ("L", "vehicle identifiers and serial numbers, including license plates", (PhiType.VEHICLE,)),
    ("M", "device identifiers and serial numbers", (PhiType.DEVICE,)),
    ("N", "web universal resource locators (URLs)", (PhiType.URL,)),
    ("O", "internet protocol (IP) address numbers", (PhiType.IP,)),
    ("P", "biometric identifiers", (PhiType.BIOMETRIC,)),
    ("Q", "full face photographic images and comparable images", (PhiType.PHOTO,)),
    ("R", "any other unique identifying number, characteristic, or code", (PhiType.ID,)),
)
CATEGORY_OF: dict[PhiType, str] = {t: letter for letter, _, types in SAFE_HARBOR_CATEGORIES for t in types}


class SpanHasher:
    """The keyed hash of a span's text (HMAC-SHA256, 128 bits in hex): lets callers match spans without holding
    PHI, and cannot be reversed by hashing a dictionary of names without the key.

    One per text: the HMAC is keyed once and copied for each span, a third cheaper than keying it per span.
    """

    __slots__ = ("_keyed",)

    def __init__(self, key: bytes) -> None:
        self._keyed = hmac.new(key, digestmod=hashlib.sha256)

    def __call__(self, text: str) -> str:
        mac = self._keyed.copy()
        mac.update(text.encode("utf-8", "surrogatepass"))
        return mac.hexdigest()[:32]


@dataclass(frozen=True, slots=True, order=True)
class PhiSpan:
    """One identifier found in a text: character offsets ``[start, end)`` into the input, its type, and a keyed
    hash of its text (never the text itself)."""

    start: int
    end: int
    type: PhiType
    text_hash: str = field(default="", compare=False)
    source: str = field(
        default="rule", compare=False
    )  # which layer found it: rule, context, dictionary, known

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "type": str(self.type), "text_hash": self.text_hash}


@dataclass(frozen=True, slots=True)
class KnownPhi:
    """A value the caller already knows is PHI (for example an HL7 PID name): every occurrence is treated as PHI."""

    value: str
    type: PhiType


@runtime_checkable
class KnownSpan(Protocol):
    """PHI an extractor already located, such as ``phigate.models.StructuredField`` (an HL7 PID-5 name, a FHIR
    ``birthDate``, a DICOM PatientName): character offsets into the analysed text and a category, a plain
    string such as ``name``, ``date``, ``address``, ``identifier``, ``ssn``, ``phone`` or ``email``."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def category(self) -> str: ...


# the categories extractors use, and a few synonyms, to PHI types; any other category is ID (still PHI)
_CATEGORY_TYPES: dict[str, PhiType] = {
    "name": PhiType.NAME,
    "person": PhiType.NAME,
    "address": PhiType.ADDRESS,
    "street": PhiType.ADDRESS,
    "city": PhiType.LOCATION,
    "county": PhiType.LOCATION,
    "location": PhiType.LOCATION,
    "facility": PhiType.LOCATION,
    "zip": PhiType.ZIP,
    "postal_code": PhiType.ZIP,
    "date": PhiType.DATE,
    "birth_date": PhiType.DATE,
    "datetime": PhiType.DATE,
    "age": PhiType.AGE,
    "phone": PhiType.PHONE,
    "telephone": PhiType.PHONE,
    "fax": PhiType.FAX,
    "email": PhiType.EMAIL,
    "ssn": PhiType.SSN,
    "mrn": PhiType.MRN,
    "medical_record": PhiType.MRN,
    "health_plan": PhiType.HEALTH_PLAN,
    "insurance": PhiType.HEALTH_PLAN,
    "account": PhiType.ACCOUNT,
    "license": PhiType.LICENSE,
    "licence": PhiType.LICENSE,
    "certificate": PhiType.LICENSE,
    "vehicle": PhiType.VEHICLE,
    "device": PhiType.DEVICE,
    "serial": PhiType.DEVICE,
    "url": PhiType.URL,
    "ip": PhiType.IP,
    "biometric": PhiType.BIOMETRIC,
    "photo": PhiType.PHOTO,
    "identifier": PhiType.ID,
    "id": PhiType.ID,
}


def phi_type(category: str) -> PhiType:
    """The PHI type of an extractor's category (``"name"``, ``"date"``, ``"MRN"``, ``"health-plan"``…).

    Unknown categories are ``ID``: a field an extractor marked as PHI stays PHI whatever it is called."""
    key = category.strip().lower().replace("-", "_").replace(" ", "_")
    if key in _CATEGORY_TYPES:
        return _CATEGORY_TYPES[key]
    try:
        return PhiType(key.upper())
    except ValueError:
        return PhiType.ID


THRESHOLD_LIMIT = 20.0  # log-odds: beyond this a threshold keeps every candidate or none


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The score a candidate name or place must reach to be kept, per category (log-odds: 0 is even odds).

    Lower keeps more (recall: the default, since the de-identified view feeds AI components); higher drops more
    (precision, for human readers). A privacy officer chooses; ``python -m bench phi-real`` prints the trade-off
    on real notes (``docs/phi.md``, "Thresholds"). Patterns with validation (dates, phones, identifiers) do not
    depend on them.
    """

    name: float = 0.0
    place: float = 0.0

    def __post_init__(self) -> None:
        from phigate.errors import PhiError

        for label, value in (("name", self.name), ("place", self.place)):
            if isinstance(value, bool) or not isinstance(value, int | float) or not (
                    -THRESHOLD_LIMIT <= value <= THRESHOLD_LIMIT):
                raise PhiError(f"the {label} threshold must be a number from {-THRESHOLD_LIMIT:g} to "
                               f"{THRESHOLD_LIMIT:g} (log-odds)")

    def to_dict(self) -> dict[str, float]:
        return {"name": float(self.name), "place": float(self.place)}


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True, slots=True)
class DeidContext:
    """Who the text belongs to, and the secret that keys surrogates, pseudonyms, date shifts and span hashes.

    The same tenant, patient and secret always give the same surrogates and the same date shift, across
    documents and runs; a different secret gives unrelated ones.
    """

    tenant: str = "default"
    patient_ref: str = ""
    secret: bytes = field(default=b"", repr=False)
    preserve_weekday: bool = False
    include_clinicians: bool = True  # Safe Harbor practice removes clinicians' and staff names too
    thresholds: Thresholds = DEFAULT_THRESHOLDS  # the names' and places' decision thresholds

    def __post_init__(self) -> None:
        from phigate.errors import PhiError

        if not isinstance(self.secret, bytes):
            raise PhiError("the de-identification secret must be bytes")
        if self.secret and len(self.secret) < 16:
            raise PhiError("the de-identification secret must be at least 16 bytes")
        if not isinstance(self.thresholds, Thresholds):
            raise PhiError("thresholds must be a phigate.phi.Thresholds")


@dataclass(frozen=True, slots=True)
class LinkageEntry:
    """One original value and what replaced it. PHI: for the caller to encrypt and store, never to log."""

    type: PhiType
    original: str = field(repr=False)
    replacement: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class Linkage:
    """What replaced each original value in one de-identification (surrogate, pseudonym and date-shift modes):
    the way back from a de-identified text to the original. PHI: kept apart from ``Deidentified``, so the
    text handed to an AI consumer cannot carry it; encrypt it, never print or log it."""

    entries: tuple[LinkageEntry, ...] = field(default=(), repr=False)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[LinkageEntry]:
        return iter(self.entries)

    def replacements(self) -> dict[str, str]:
        """Original value -> its replacement."""
        return {e.original: e.replacement for e in self.entries}


Found = tuple[int, int, PhiType, str, str]  # a span before it is a PhiSpan: start, end, type, text hash, layer


class Deidentified:
    """A de-identified text and everything a caller may need about how it was made.

    ``spans`` have offsets into the *input*. The way back to the originals (surrogate, pseudonym and date-shift
    modes) is not here: ``deidentify_linked`` returns it apart, as a ``Linkage``, so a ``Deidentified`` handed
    to an AI consumer carries no PHI.

    Immutable, and compared like the frozen dataclass it used to be. ``deidentify`` makes it with ``spans`` and
    ``attestation`` pending: a short text's many span objects and its 18-category record cost more than finding
    its PHI, and most callers read neither. Both are built on first access from what ``deidentify`` computed
    and kept (offsets, types, keyed hashes, the input's SHA-256 and the time), never from the input itself,
    which a ``Deidentified`` does not hold: it is what AI-facing callers receive.
    """

    __slots__ = ("_attestation", "_found", "_pending", "_spans", "mode", "text")
    __match_args__ = ("text", "spans", "mode", "attestation")

    text: str
    mode: str
    _spans: tuple[PhiSpan, ...] | None
    _attestation: dict[str, Any] | None
    _found: tuple[Found, ...]
    _pending: tuple[str, str, Thresholds] | None  # input SHA-256, creation time, thresholds: until the attestation

    def __init__(
        self,
        text: str,
        spans: tuple[PhiSpan, ...],
        mode: str,
        attestation: dict[str, Any],
    ) -> None:
        for name, value in (("text", text), ("mode", mode), ("_spans", spans),
                            ("_attestation", attestation), ("_found", ()), ("_pending", None)):
            object.__setattr__(self, name, value)

    @classmethod
    def pending(
        cls,
        text: str,
        mode: str,
        found: tuple[Found, ...],
        input_sha256: str,
        created_at: str,
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
    ) -> Deidentified:
        """The result of ``deidentify``, its spans and attestation made from ``found`` when first read."""
        self = cls.__new__(cls)
        init = object.__setattr__  # made once per text: plain calls, no loop
        init(self, "text", text)
        init(self, "mode", mode)
        init(self, "_spans", None)
        init(self, "_attestation", None)
        init(self, "_found", found)
        init(self, "_pending", (input_sha256, created_at, thresholds))
        return self

    @property
    def spans(self) -> tuple[PhiSpan, ...]:
        spans = self._spans
        if spans is None:
            spans = tuple(PhiSpan(*f) for f in self._found)
            object.__setattr__(self, "_spans", spans)
        return spans

    @property
    def attestation(self) -> dict[str, Any]:
        record = self._attestation
        if record is None:
            from phigate.phi.attestation import record_of  # attestation imports this module

            assert self._pending is not None
            input_sha256, created_at, thresholds = self._pending
            record = record_of(input_sha256, self.text, [f[2] for f in self._found], self.mode, created_at,
                               thresholds)
            object.__setattr__(self, "_attestation", record)
        return record

    def to_json_dict(self) -> dict[str, Any]:
        if self._spans is not None:
            return {"text": self.text, "spans": [s.to_dict() for s in self._spans]}
        return {
            "text": self.text,
            "spans": [{"start": s, "end": e, "type": str(t), "text_hash": h} for s, e, t, h, _ in self._found],
        }

    def _fields(self) -> tuple[Any, ...]:
        return (self.text, self.spans, self.mode, self.attestation)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Deidentified)
        return self._fields() == other._fields()

    def __hash__(self) -> int:  # as the frozen dataclass did: the attestation is a dict, so this raises TypeError
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}(spans={self.spans!r}, mode={self.mode!r})"

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), self._fields())
