"""Identifiers the corpus's parts generate, with their real check digits and patterns, so that a generated number
is one a real form could carry. Shared by every part (``corpus``, ``corpus_v4``, ``corpus_v5``): each passes its
random source and its own choices, and draws exactly what it drew before they were shared."""

from __future__ import annotations

import random


def npi_check_digit(body: str) -> str:
    """The tenth digit of an NPI whose first nine are ``body``: Luhn over the prefix 80840 and ``body`` (CMS)."""
    total = 0
    for i, digit in enumerate(reversed([int(c) for c in "80840" + body])):
        doubled = digit * 2 if i % 2 == 0 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return str((10 - total % 10) % 10)


def dea_check_digit(digits: list[int]) -> str:
    """The seventh digit of a DEA registration number whose first six are ``digits``."""
    return str((digits[0] + digits[2] + digits[4] + 2 * (digits[1] + digits[3] + digits[5])) % 10)


def npi(r: random.Random, first: str = "12") -> str:
    """A ten-digit NPI starting with one of ``first`` (drawn only when there is a choice), with its check digit."""
    body = (r.choice(first) if len(first) > 1 else first) + "".join(str(r.randint(0, 9)) for _ in range(8))
    return body + npi_check_digit(body)


def dea(r: random.Random, last: str, letters: str = "ABFM") -> str:
    """A DEA registration number: a registrant-type letter, the prescriber's surname initial, six digits and the
    check digit."""
    d = [r.randint(0, 9) for _ in range(6)]
    return f"{r.choice(letters)}{last[0].upper()}{''.join(map(str, d))}{dea_check_digit(d)}"


def mbi(r: random.Random, plain: float = 0.5) -> str:
    """A Medicare Beneficiary Identifier: 11 characters in CMS's fixed pattern (no S, L, O, I, B, Z), plain with
    probability ``plain``, otherwise printed with dashes (``1EG4-TE5-MK73``)."""
    letters = "ACDEFGHJKMNPQRTUVWXY"
    digit, alnum = "0123456789", letters + "0123456789"
    pattern = ["123456789", letters, alnum, digit, letters, alnum, digit, letters, letters, digit, digit]
    value = "".join(r.choice(p) for p in pattern)
    return value if r.random() < plain else f"{value[:4]}-{value[4:7]}-{value[7:]}"
