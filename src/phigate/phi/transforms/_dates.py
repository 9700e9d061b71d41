"""Date shifting that keeps the written format: "July 22nd" -> "May 3rd", "2/3/97" -> "12/15/96"."""

from __future__ import annotations

import datetime as dt
import re

from phigate.phi.transforms._keys import derive

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_RE = re.compile(r"[A-Za-z]+")
_NUM_RE = re.compile(r"\d+")
_ORDINAL_RE = re.compile(r"(\d+)(st|nd|rd|th)", re.IGNORECASE)
_REFERENCE_YEAR = 2000  # a leap year, for dates written without one
# a clock time after a date ("2019-03-04T10:22", "2019-03-04 10:22:13", "201903041022"): kept as written
_TIME_TAIL = re.compile(r"(?<=\d)(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z?|(?<=^\d{8})\d{4}(?:\d\d)?)$")


def offset_days(secret: bytes, tenant: str, patient: str, preserve_weekday: bool) -> int:
    """The patient's date shift: the same for every document and run with the same secret, never zero."""
    n = int.from_bytes(derive(secret, "date-shift", tenant, patient)[:4], "big")
    days = (n % 364) + 1  # 1..364
    if preserve_weekday:
        days = max(7, (days // 7) * 7)
    return -days if n & (1 << 31) else days


def _month_of(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if len(w) < 3:
        return None
    for i, name in enumerate(_MONTHS):
        if name.startswith(w) or (w == "sept" and i == 8):
            return i + 1
    return None


def _month_like(template: str, month: int) -> str:
    name = _MONTHS[month - 1]
    bare = template.rstrip(".")
    out = (
        name if len(bare) > 4 or (bare.lower() in ("june", "july") and len(bare) == 4) else name[: len(bare)]
    )
    if len(bare) == 3:
        out = name[:3]
    if bare.isupper():
        out = out.upper()
    elif bare[0].isupper():
        out = out.capitalize()
    return out + template[len(bare) :]


def _ordinal(n: int, template_suffix: str) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix.upper() if template_suffix.isupper() else suffix}"


_Span = tuple[int, int]
_Part = tuple[int | None, _Span | None]  # a value and where it is written


def _parts(value: str) -> tuple[_Part, _Part, _Part, bool] | None:
    """Year, month and day of a written date, each with its span, and whether the month is a word; None if the
    form is not one of ours."""
    words = [(m.start(), m.end(), m.group()) for m in _MONTH_RE.finditer(value)]
    month_word = next(((s, e, w) for s, e, w in words if _month_of(w)), None)
    nums = [(m.start(), m.end(), m.group()) for m in _NUM_RE.finditer(value)]
    if month_word:
        year: _Part = (None, None)
        day: _Part = (None, None)
        for s, e, digits in nums:
            # a four-digit year, "'19", or two digits after the month once the day is known ("4Mar19", "6 Dec 26")
            two_digit_year = len(digits) == 2 and (value[max(0, s - 1)] == "'" or (day[0] is not None
                                                                                   and s >= month_word[1]))
            if len(digits) == 4 or two_digit_year:
                year = (int(digits), (s, e))
            elif day[0] is None and 1 <= int(digits) <= 31:
                day = (int(digits), (s, e))
        return year, (_month_of(month_word[2]), (month_word[0], month_word[1])), day, True
    parts = [(int(d), (s, e)) for s, e, d in nums]
    if len(nums) == 1 and len(nums[0][2]) == 8:
        return _compact(value)
    if len(nums) == 2 and len(nums[1][2]) == 4:  # "03/2019", "12-2026": a month of a year
        return parts[1], parts[0], (None, None), False
    if len(nums) == 3 and len(nums[0][2]) == 4:
        return parts[0], parts[1], parts[2], False
    if len(nums) == 3:
        month, day = (parts[0], parts[1]) if parts[0][0] <= 12 else (parts[1], parts[0])
        return parts[2], month, day, False
    if len(nums) == 2 and "/" in value:
        return (None, None), parts[0], parts[1], False
    if len(nums) == 1 and _ORDINAL_RE.search(value):
        return (None, None), (None, None), parts[0], False
    return None


def _compact(value: str) -> tuple[_Part, _Part, _Part, bool]:
    """ "20190304" (year first, as ISO writes it) or "03041950" (month, day, year, as a birth date is keyed)."""
    if value[:2] in ("19", "20") and 1 <= int(value[4:6]) <= 12:
        return (int(value[:4]), (0, 4)), (int(value[4:6]), (4, 6)), (int(value[6:]), (6, 8)), False
    return (int(value[4:]), (4, 8)), (int(value[:2]), (0, 2)), (int(value[2:4]), (2, 4)), False


def shift(value: str, days: int) -> str | None:
    """Shift a recognised date by ``days``, keeping its format (its zero padding too) and any clock time after it;
    None when it cannot be parsed."""
    tail = _TIME_TAIL.search(value)
    if tail is not None:
        head = shift(value[: tail.start()], days)
        return None if head is None else head + tail.group()
    found = _parts(value)
    if found is None:
        return None
    (year, year_span), (month, month_span), (day, day_span), month_word = found
    nums = _NUM_RE.findall(value)
    year_written = year
    if year is not None and year < 100:
        year = 2000 + year if year <= 30 else 1900 + year
    try:
        base = dt.date(year or _REFERENCE_YEAR, month or 1, day or 15)
    except ValueError:
        return None
    new = base + dt.timedelta(days=days)
    if month is None:  # "the 11th": only a day of an unknown month
        new = base + dt.timedelta(days=days % 28)
    repl: list[tuple[tuple[int, int], str]] = []
    # ISO and compact forms are fixed-width: every field keeps its two digits
    iso = bool(nums) and (len(nums[0]) == 4 or len(nums) == 1) and not month_word
    if year_span and year_written is not None:
        width = year_span[1] - year_span[0]
        repl.append((year_span, str(new.year) if width == 4 else f"{new.year % 100:02d}"))
    if month_span:
        written = value[month_span[0] : month_span[1]]
        repl.append(
            (
                month_span,
                _month_like(written, new.month)
                if month_word
                else str(new.month).zfill(2 if written.startswith("0") or iso else 1),
            )
        )
    if day_span:
        written = value[day_span[0] : day_span[1]]
        after = value[day_span[1] : day_span[1] + 2]
        if after.lower() in ("st", "nd", "rd", "th"):
            repl.append(((day_span[0], day_span[1] + 2), _ordinal(new.day, after)))
        else:
            repl.append((day_span, str(new.day).zfill(2 if written.startswith("0") or iso else 1)))
    out = value
    for (s, e), text in sorted(repl, reverse=True):
        out = out[:s] + text + out[e:]
    return out
