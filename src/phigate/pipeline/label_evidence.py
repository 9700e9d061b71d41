"""Sensitivity labels the analysis stage proposes from general evidence in a document's text: terms of
substance-use treatment (42 CFR Part 2), HIV, behavioural and reproductive health. A proposal is not a label: a
privacy officer or tenant admin confirms or dismisses it. Until then it restricts reads as a label would (fail
closed): a proposed ``hiv`` needs the ``hiv`` grant.

The rules are deliberately plain (whole words and phrases, acronyms in capitals only): they are a prompt for a
person to look, not a classifier. Only the labels leave this module, never the matched text."""

from __future__ import annotations

import re
from typing import Final

from phigate.models import SensitivityLabel

_PHRASES: Final[dict[SensitivityLabel, tuple[str, ...]]] = {
    SensitivityLabel.PART2: (
        "substance use disorder", "substance abuse treatment", "opioid use disorder", "alcohol use disorder",
        "opioid dependence", "alcohol dependence", "methadone", "buprenorphine", "suboxone", "naltrexone",
        "detoxification", "medication-assisted treatment", "addiction treatment"),
    SensitivityLabel.HIV: (
        "hiv", "human immunodeficiency virus", "antiretroviral", "viral load", "cd4 count", "pre-exposure prophylaxis",
        "acquired immunodeficiency syndrome"),
    SensitivityLabel.BEHAVIORAL_HEALTH: (
        "major depressive disorder", "schizophrenia", "bipolar disorder", "suicidal ideation", "suicide attempt",
        "psychiatric admission", "psychotherapy", "post-traumatic stress disorder", "anxiety disorder",
        "eating disorder"),
    SensitivityLabel.REPRODUCTIVE_HEALTH: (
        "termination of pregnancy", "pregnancy termination", "abortion", "contraception", "contraceptive",
        "in vitro fertilization", "miscarriage", "infertility"),
}
_ACRONYMS: Final[dict[SensitivityLabel, tuple[str, ...]]] = {
    SensitivityLabel.PART2: ("MAT", "OUD", "AUD", "SUD"),
    SensitivityLabel.HIV: ("AIDS", "PrEP", "ART"),
    SensitivityLabel.BEHAVIORAL_HEALTH: ("PTSD", "MDD"),
    SensitivityLabel.REPRODUCTIVE_HEALTH: ("IVF",),
}


def _pattern(label: SensitivityLabel) -> re.Pattern[str]:
    phrases = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in _PHRASES[label])
    acronyms = "|".join(re.escape(a) for a in _ACRONYMS[label])
    return re.compile(rf"(?i:\b(?:{phrases})\b)|\b(?:{acronyms})\b")


_RULES: Final = {label: _pattern(label) for label in SensitivityLabel}


def propose_labels(text: str) -> frozenset[str]:
    """The labels whose evidence appears in ``text``."""
    return frozenset(label.value for label, rule in _RULES.items() if rule.search(text))
