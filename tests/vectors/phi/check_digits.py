"""What the corpus's test parts share: the shape of a template's parts and of the generator a template reads
(``Part``, ``Source``), and identifiers with their real check digits and patterns, so that a generated number is one
a real form could carry. Shared by the parts (``corpus``, ``corpus_v4`` to ``corpus_v7``; the fourth
extends ``Source`` with ``vin``): each passes its random source and its own choices, and draws exactly what it drew
before they were shared."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Protocol

Part = str | tuple[str, str | None]  # as in corpus.py: a labelled part, or plain text


class Source(Protocol):
    """What a template needs of the generator: its random source and the shared (split) name and town lists."""

    r: random.Random

    def first(self) -> str: ...

    def last(self) -> str: ...

    def city(self) -> str: ...


_VIN_VALUES = {**{str(d): d for d in range(10)}, **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
               **dict(zip("JKLMN", range(1, 6), strict=True)), "P": 7, "R": 9,
               **dict(zip("STUVWXYZ", range(2, 10), strict=True))}
_VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]


def vin_check_digit(body: Sequence[str]) -> str:
    """The ninth character of a 17-character VIN whose characters are ``body`` (its ninth ignored): 49 CFR 565."""
    check = sum(_VIN_VALUES[c] * w for c, w in zip(body, _VIN_WEIGHTS, strict=True)) % 11
    return "X" if check == 10 else str(check)


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
