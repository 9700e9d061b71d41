"""The Safe Harbor generalisations (45 CFR 164.514(b)(2)), driven by versioned rule data, not code.

The rule pack (``data/safe_harbor_rules.json``) names the restricted three-digit ZIP areas, the age threshold
and what replaces them; its version and hash go into every attestation.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from importlib import resources

from phigate.errors import PhiError
from phigate.phi._types import PhiType


@dataclass(frozen=True, slots=True)
class RulePack:
    name: str
    version: str
    sha256: str
    restricted_zip3: frozenset[str]
    restricted_zip3_replacement: str
    age_threshold: int
    age_replacement: str


@functools.cache
def rule_pack() -> RulePack:
    raw = resources.files("phigate.phi").joinpath("data").joinpath("safe_harbor_rules.json").read_bytes()
    try:
        d = json.loads(raw)
        zip3 = frozenset(str(z) for z in d["restricted_zip3"])
        if not all(len(z) == 3 and z.isdigit() for z in zip3):
            raise ValueError("zip3")
        return RulePack(
            str(d["name"]),
            str(d["version"]),
            hashlib.sha256(raw).hexdigest(),
            zip3,
            str(d["restricted_zip3_replacement"]),
            int(d["age_threshold"]),
            str(d["age_replacement"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise PhiError("the Safe Harbor rule pack is malformed") from exc


_YEAR4 = re.compile(r"(?<!\d)(?:1[89]|2[01])\d\d(?!\d)")
_YEAR2 = re.compile(r"(?:[/.\-]|')(\d\d)$")
_DIGITS = re.compile(r"\d+")


def zip3(value: str) -> str:
    """The first three digits of a ZIP code, or "000" where fewer than 20,000 people share them."""
    rules = rule_pack()
    prefix = value[:3]
    return rules.restricted_zip3_replacement if prefix in rules.restricted_zip3 else prefix


def date_to_year(value: str) -> str:
    """Keep only the year of a date ("[DATE]" when it has none)."""
    m = _YEAR4.search(value)
    if m:
        return m.group()
    m2 = _YEAR2.search(value.strip())
    if m2 and ("/" in value or "-" in value or "'" in value or "." in value):
        yy = int(m2.group(1))
        return str(2000 + yy if yy <= 30 else 1900 + yy)
    return "[DATE]"


# an age over 89 written in words ("ninety-three", "one hundred and two") or as an ordinal ("her ninetieth
# birthday", "ninety-fifth", "hundredth"): the recognizer finds no smaller one
AGE_IN_WORDS = re.compile(
    r"(?i)\b(?:ninetieth|(?:(?:a|one)[ \t]{1,2})?hundredth|(?:ninety|(?:a|one)[ \t]{1,2}hundred|hundred)\b"
    r"(?:[ \t\-]{1,2}(?:and[ \t]{1,2})?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|first|second|third|fourth|fifth|sixth|seventh"
    r"|eighth|ninth|tenth)\b)*)"
)


def generalise_age(value: str) -> str:
    """An age over the threshold becomes "90+" ("93 yo" -> "90+ yo", "aged ninety one" -> "aged 90+")."""
    rules = rule_pack()
    m = _DIGITS.search(value)
    if m is None:
        w = AGE_IN_WORDS.search(value)  # an age no pattern reads is replaced whole: nothing of it is kept
        return rules.age_replacement if w is None else value[: w.start()] + rules.age_replacement + value[w.end() :]
    if int(m.group()) <= rules.age_threshold:
        return value
    return value[: m.start()] + rules.age_replacement + value[m.end() :]


def generalise(value: str, typ: PhiType) -> str:
    """The Safe Harbor replacement of one identifier."""
    if typ is PhiType.DATE:
        return date_to_year(value)
    if typ is PhiType.AGE:
        return generalise_age(value)
    if typ is PhiType.ZIP:
        return zip3(value)
    return f"[{typ}]"


TRANSFORM_NAMES = {PhiType.DATE: "date-to-year", PhiType.AGE: "age-90-plus", PhiType.ZIP: "zip3"}
