"""Draw helpers shared by the late test parts of the synthetic PHI corpus (``corpus_v9``, ``corpus_v10``).

The ninth part's helper wrote them; the tenth part's helper took them over with its own words. Each part keeps
its own vocabulary (a ``Vocabulary`` of invented first names, surnames, towns and street names, half the draws
from the shared lists) and its own templates; the shapes of dates, addresses, phones and identifiers are these.
Nothing here reads the engine or ``corpus.py``.
"""

from __future__ import annotations

from collections.abc import Sequence

from tests.vectors.phi.check_digits import Part, Source, mbi, vin_check_digit

OWN = 0.5  # the share of names and towns drawn from the part's own words; the rest from the shared lists

STATES = ["OR", "WA", "ID", "MT", "CO", "NM", "AZ", "TX", "OK", "AR", "LA", "GA", "SC", "FL", "OH", "PA", "NY",
           "VT", "ME", "NH", "MA", "CT", "Oregon", "Georgia", "Ohio", "Texas", "Colorado", "Maine", "Fla.", "Ga.",
           "Colo.", "Ark."]
SUFFIX = ["Street", "St.", "Avenue", "Ave", "Road", "Rd", "Lane", "Ln.", "Drive", "Dr", "Court", "Ct", "Way",
           "Boulevard", "Blvd", "Place", "Pl.", "Terrace", "Trail", "Trl", "Parkway", "Circle", "Cove", "Bend",
           "Hollow", "Run", "Heights", "Alley"]
UNITS = ["Apt {n}", "Apt. {n}{a}", "Unit {n}", "Suite {n}", "Ste {n}", "#{n}", "Lot {n}", "Space {n}", "Bldg {a}",
          "Trailer {n}"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
HOLIDAYS = ["Christmas", "Thanksgiving", "Labor Day", "Memorial Day", "New Year's Eve", "Halloween",
             "Easter Sunday", "Veterans Day", "Fourth of July", "Mother's Day"]
MAIL = ["gmail.com", "yahoo.com", "aol.com", "comcast.net", "protonmail.com", "icloud.com", "sbcglobal.net",
         "charter.net", "outlook.com"]
ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def num(g: Source, n: int) -> str:
    return "".join(str(g.r.randint(0, 9)) for _ in range(n))


def chars(g: Source, n: int, pool: str = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789") -> str:
    return "".join(g.r.choice(pool) for _ in range(n))


def zip_code(g: Source) -> str:
    z = f"{g.r.randint(1001, 99899):05d}"
    return f"{z}-{g.r.randint(1, 9999):04d}" if g.r.random() < 0.3 else z


def date(g: Source, lo: int = 2024, hi: int = 2026) -> str:
    y, m, d = g.r.randint(lo, hi), g.r.randint(1, 12), g.r.randint(1, 28)
    mon = MONTHS[m - 1]
    return g.r.choice([f"{m}/{d}/{y}", f"{m:02d}/{d:02d}/{y}", f"{m:02d}/{d:02d}/{y % 100:02d}", f"{y}-{m:02d}-{d:02d}",
                       f"{mon} {d}, {y}", f"{mon[:3]}. {d}, {y}", f"{d} {mon} {y}", f"{d}-{mon[:3]}-{y % 100:02d}",
                       f"{y}{m:02d}{d:02d}", f"{m}-{d}-{y}", f"{mon} {d}", f"{m}/{d}", f"{mon[:3]} {y}",
                       f"{d:02d}.{m:02d}.{y}"])


def dob(g: Source) -> str:
    return date(g, 1931, 2008)


def when(g: Source) -> str:
    return f"{g.r.randint(0, 23):02d}:{g.r.randint(0, 59):02d}"


def old(g: Source, words: bool) -> str:
    """An age over 89, in digits or in words."""
    a = g.r.randint(90, 104)
    if not words:
        return str(a)
    if a >= 100:
        rest = a - 100
        return "one hundred" + (f" and {ONES[rest]}" if rest else "")
    return "ninety" + (f"-{ONES[a - 90]}" if a > 90 else "")


def phone(g: Source) -> str:
    a, b, c = g.r.randint(201, 989), g.r.randint(200, 999), num(g, 4)
    return g.r.choice([f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}", f"1-{a}-{b}-{c}"])


def email(g: Source, f: str, s: str, host: str | None = None) -> str:
    h = host or g.r.choice(MAIL)
    return g.r.choice([f"{f}.{s}@{h}", f"{f[0]}{s}{g.r.randint(1, 99)}@{h}", f"{s}_{f}@{h}"]).lower()


def host(words: str) -> str:
    """A web host made of a name's letters, with one of a few top-level domains."""
    return "".join(c for c in words.lower() if c.isalpha())[:14] + [".org", ".com", ".net", ".health"][len(words) % 4]


def ip(g: Source) -> str:
    if g.r.random() < 0.3:
        return f"2600:{g.r.randint(4096, 65535):x}:{g.r.randint(1, 65535):x}::{g.r.randint(1, 65535):x}"
    return f"{g.r.randint(11, 223)}.{g.r.randint(0, 255)}.{g.r.randint(0, 255)}.{g.r.randint(1, 254)}"


def ssn4(g: Source) -> str:
    return f"{g.r.randint(1, 9999):04d}"


def ssn(g: Source) -> str:
    return f"{g.r.randint(100, 665):03d}-{g.r.randint(10, 99)}-{g.r.randint(1000, 9999)}"


def plate(g: Source) -> str:
    return g.r.choice([f"{chars(g, 3, 'ABCDEFGHJKLMNPRSTUVWXYZ')}-{num(g, 4)}",
                       f"{num(g, 1)}{chars(g, 2, 'ABCDEFHJKMNPRTUX')}{num(g, 4)}", f"P{num(g, 6)}"])


def vin(g: Source) -> str:
    body = list(chars(g, 17, "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"))
    body[8] = vin_check_digit(body)
    return "".join(body)


def plan(g: Source) -> str:
    return g.r.choice([f"{chars(g, 3, 'ABCDEFGHJKMNPRSTUVWXYZ')}{num(g, 9)}", f"W{num(g, 9)}", mbi(g.r),
                       f"{num(g, 3)}-{num(g, 2)}-{num(g, 5)}"])


class Vocabulary:
    """A part's own words, and the draws that use them (half from these, half from the shared lists)."""

    def __init__(self, first: Sequence[str], last: Sequence[str], towns: Sequence[str],
                 streets: Sequence[str]) -> None:
        self.first_words, self.last_words, self.towns, self.streets = first, last, towns, streets

    def first(self, g: Source) -> str:
        return g.r.choice(self.first_words) if g.r.random() < OWN else g.first()

    def last(self, g: Source) -> str:
        return g.r.choice(self.last_words) if g.r.random() < OWN else g.last()

    def town(self, g: Source) -> str:
        return g.r.choice(self.towns) if g.r.random() < OWN else g.city()

    def name(self, g: Source, first: str | None = None, last: str | None = None) -> str:
        """A person's name in one of the shapes forms, letters and messages write it."""
        f, s = first or self.first(g), last or self.last(g)
        mid = g.r.choice("ABCDEGHJKLMRSTW")
        return g.r.choice([f"{f} {s}", f"{f} {s}", f"{f} {mid}. {s}", f"{s}, {f}", f"{s}, {f} {mid}",
                           f"{s.upper()}, {f.upper()} {mid}", f"{f.upper()} {s.upper()}", f"{f} D'{s}",
                           f"{f} {s}-{self.last(g)}", f"{f} {s} III", f"{f[0]}. {s}",
                           f"{f} \"{g.r.choice(['Bee', 'Jo', 'Sonny'])}\" {s}"])

    def inits(self, g: Source) -> str:
        return g.r.choice([f"{self.first(g)[0]}{self.last(g)[0]}",
                           f"{self.first(g)[0]}{g.r.choice('ABDJMR')}{self.last(g)[0]}"])

    def street(self, g: Source, unit: float = 0.3) -> str:
        n = g.r.choice([str(g.r.randint(1, 99)), str(g.r.randint(100, 9999)), str(g.r.randint(10000, 45999)),
                        f"{g.r.randint(1, 999)}-{g.r.choice('AB')}",
                        f"N{g.r.randint(1, 9)}W{g.r.randint(10000, 39999)}"])
        k = g.r.randint(2, 40)
        th = f"{k}{'th' if 10 <= k <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(k % 10, 'th')}"
        nm = g.r.choice([g.r.choice(self.streets), g.r.choice(self.streets), self.last(g), th, "Old Mill"])
        pre = g.r.choice(["", "", "", "NE ", "SW ", "West ", "South "])
        line = f"{n} {pre}{nm} {g.r.choice(SUFFIX)}"
        if g.r.random() < unit:
            line += g.r.choice([" ", ", "]) + g.r.choice(UNITS).format(n=g.r.randint(1, 380), a=g.r.choice("ABCDF"))
        return line

    def addr(self, g: Source, sep: str = ", ", unit: float = 0.3) -> list[Part]:
        line = self.street(g, unit) if g.r.random() < 0.88 else f"PO Box {g.r.randint(10, 99999)}"
        return [(line, "ADDRESS"), sep, (self.town(g), "LOCATION"), ", ", g.r.choice(STATES), " ", (zip_code(g), "ZIP")]

    def facility(self, g: Source, kinds: list[str]) -> str:
        return f"{g.r.choice([self.town(g), self.last(g)])} {g.r.choice(kinds)}"
