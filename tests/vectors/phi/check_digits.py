"""Check digits of the identifiers the corpus generates, so that a generated number is one a real form could carry."""

from __future__ import annotations


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
