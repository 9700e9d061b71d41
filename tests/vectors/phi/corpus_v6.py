"""The sixth test part of the synthetic PHI corpus (issue 11): ten templates written without reading the engine.

Written on 7 December 2026 by a helper (branch ``v6``) who had not read the engine (``src/phigate/phi``), its
documentation, its error classes or the benchmark's output, from general knowledge of how US clinics, jails, labs and
clerks write, never from real notes: a dermatology Mohs surgery report, a county jail medical receiving screening, an
IVF cycle record, a poison-control call log, a hospital chaplain's spiritual-care note, a death-certificate
worksheet, an allergy and immunology clinic visit, a videofluoroscopic swallow study, a DOT drug-test custody and
medical review record and an anticoagulation clinic's INR flowsheet. None of these settings is used by an earlier
template (train, second, third, fourth or fifth part). Nobody tunes on them: they measure whether fixes made elsewhere
generalise.

The annotation conventions are those of the train templates in ``corpus.py`` and of the fourth and fifth parts: a
title ("Dr.", "Rev.", "Mrs.") and a credential (", MD", "CCC-SLP", "PharmD") sit outside the NAME span; a state stays
outside every span while town, street line and ZIP are LOCATION, ADDRESS and ZIP; facilities, agencies, churches,
laboratories, schools and employers are LOCATION, and so is a county (a subdivision smaller than a state); an age
phrase in running text ("a 94-year-old", "aged ninety-one") is the AGE span and a form's "Age:" field holds its value
alone; ages under 90 carry no span; a unit number is part of the street address; ZIP+4 is one ZIP; a masked SSN's
last four digits are SSN; a prescriber's NPI and DEA number and a clinician's or funeral director's state licence are
LICENSE. Where no earlier part shows the case, the HIPAA Safe Harbor list decides, and the line says so:

- a jail's booking number and a state corrections number, a poison centre's case number and a medical examiner's
  case number are the institution's record of the person (MRN, as the fifth part's ambulance record number);
- a fingerprint record (a Livescan transaction number, an AFIS record) and an iris enrolment template are biometric
  identifiers (BIOMETRIC);
- a name tattooed on the patient ("tattoos: L forearm, script - Rosalvie") names a person (NAME); the words
  describing the tattoo carry no span;
- a commercial driver's licence (CDL) is a licence number (LICENSE); the plate and VIN of the employer's truck that
  the donor drove are vehicle identifiers (VEHICLE: Safe Harbor covers the identifiers of the person's employer);
- the "Donor SSN or Employee ID" box holds an SSN (SSN); the drug-test specimen ID and a lab accession number are
  account-like numbers tying a sample to its bill (ACCOUNT);
- an implanted or home device's serial (a pacemaker removed before cremation, a home INR meter, a speech-generating
  device, an insulin pump) is a device identifier (DEVICE), its model is not;
- the decedent's, parents' and informant's names on a death worksheet are names (NAME); "Natural", "Accident", cause
  of death and ICD-10 codes are not PHI.

Numbers and words that identify no one are not PHI and carry no span: ages under 90, cycle and stimulation days,
follicle sizes, INR values and doses, times, room, bed, cell and pod numbers, Mohs stages and blocks, skin-test wheal
sizes, vial dilutions and lot numbers, specimen temperatures, the CCF's panel codes, fluoroscopy time, device and
product model numbers, CPT, HCPCS and ICD-10 codes, Bible verses, and names of people used as eponyms of tests,
diseases, manoeuvres and valves (Mohs, Breslow, Zitelli, Rumack-Matthew, Mendelsohn, Zenker, Rosenbek, Samter,
Puchalski, Alzheimer, Parkinson, St. Jude).

This module imports nothing from ``corpus.py`` (which imports it), so the two cannot form an import cycle: a
template takes any source with the generator's ``r``, ``first``, ``last`` and ``city``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tests.vectors.phi.check_digits import Part, Source, dea, mbi, npi, vin_check_digit

# The part's own words, invented for it: in no data file of the engine and no other list of the generator (both
# checked by a test). Templates mix them with ordinary names and towns from the shared lists, as real notes do.
V6_FIRST = ["Quillara", "Brennick", "Solvienne", "Tavriel", "Merrowyn", "Ondraya", "Callistor", "Feyanna",
            "Grendolyn", "Hollisande", "Ivabeth", "Jovanelle", "Kaspira", "Lisandor", "Nolwenna", "Orlithe",
            "Rosalvie", "Sevrina", "Verandisse", "Wrenlowe", "Yarrowyn", "Zephrine", "Anselka", "Belvina", "Darvelle",
            "Elowynne", "Fabrizel", "Garrowin", "Hestrelle", "Idrahim", "Jessamor", "Kellanor", "Lorivanne",
            "Maeldra", "Nathriel", "Perrivale"]
V6_LAST = ["Dravensholm", "Embersley", "Fenwarrick", "Gorsethwaite", "Hollinsgrave", "Jessendorf", "Lanchesterby",
           "Oakenshawe", "Quarrendell", "Ravenstoke", "Thistlewaite", "Underhollow", "Vandermeulenk", "Wethersbyne",
           "Yardleyson", "Bartoszewiak", "Czarnowiecki", "Hakobyanov", "Kovachenkov", "Nakamurai", "Okafordu",
           "Adewunmiye", "Ramanathar", "Sukhdevan", "Villafuertez", "Quintanillo", "Echeverrio", "Baptistelle",
           "Marrowgast", "Pellinghurst", "Stonebrackle", "Tillinghame", "Wolverstane", "Ashgrovely", "Brightwaterly",
           "Coldharbourne", "Delamorgue", "Ferriweather", "Grimsdottir", "Halloranby", "Kilmartinez", "Lindenbaumer"]
V6_TOWNS = ["Carrowmead", "Dunsmerrit", "Eskerwold", "Fallowquaith", "Glenvarrick", "Hollowaystead", "Innisbrake",
            "Lowestrand", "Marrowvandle", "Osterbrink", "Rivenholt", "Tarnwyck", "Vellisford", "Quarrelton",
            "Upper Wendlecombe", "West Harrowmere", "Lake Quennimore", "Fort Tallisker", "Bramblecourt",
            "Saint Orvalle", "Pennyfathom", "Gristlewood", "North Amberloch", "Cedar Quillmarsh", "Hatchmoorby",
            "Little Skarrow"]
V6_STREETS = ["Ferncastle", "Goldmossy", "Hazelwicke", "Ivorydown", "Juniperly", "Kestrelmoor", "Lilacombe",
              "Mossharbor", "Owlcroftly", "Poppyvale", "Quailbrooke", "Sparrowind", "Tansyhill", "Bellweathering",
              "Corncrakery", "Dapplemead", "Thornquistle", "Wickerbarrow"]
V6_VOCABULARY = (*V6_FIRST, *V6_LAST, *V6_TOWNS, *V6_STREETS)
# the generic words of some towns' names, shared with real place names ("Upper", "Lake", "Fort")
V6_GENERIC = ("upper", "west", "lake", "fort", "saint", "north", "cedar", "little")

OWN_SHARE = 0.6  # of names and towns drawn from the part's own words; the rest are ordinary (shared lists)

_STATES = ["AR", "CA", "CO", "CT", "FL", "GA", "IA", "LA", "MA", "ME", "MN", "MO", "MT", "NH", "NM", "NY", "OH",
           "OR", "PA", "SC", "TX", "VT", "WA", "Ohio", "Oregon", "Georgia", "Minnesota", "Texas", "Iowa", "Maine",
           "Calif.", "Mass.", "Penn.", "Fla."]
_STREET_TYPES = ["Street", "St.", "St", "Avenue", "Ave", "Road", "Rd", "Drive", "Dr", "Lane", "Ln.", "Court", "Ct",
                 "Boulevard", "Blvd", "Circle", "Cir", "Way", "Place", "Terrace", "Ter", "Trail", "Trl", "Parkway",
                 "Highway", "Hwy.", "Pike", "Alley", "Aly", "Bend", "Bnd", "Bluff", "Blf", "Crossing", "Xing",
                 "Hollow", "Holw", "Landing", "Lndg", "Loop", "Pass", "Point", "Pt", "Ridge", "Rdg", "Row", "Run",
                 "Square", "Sq", "Turnpike", "Tpke", "Walk", "Path", "Cove", "Cv", "Glen", "Gln", "Heights", "Hts"]
_UNITS = ["Apt {n}", "Apt. {n}{a}", "Unit {n}", "Unit {a}", "# {n}", "#{a}{n}", "Suite {n}", "Ste {n}",
          "Rm {n}", "Bldg {a}", "Lot {n}", "Trailer {n}", "Space {n}", "Apt {a}-{n}", "Fl {n}", "Side"]
_DIRECTIONS = ["N", "S", "E", "W", "NE", "SW", "North", "South", "West"]
_ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_HOLIDAYS = ["Memorial Day", "Easter Sunday", "Christmas Eve", "Veterans Day", "Mother's Day", "New Year's Eve",
             "Thanksgiving", "Christmas", "Labor Day", "Fourth of July", "Halloween", "Valentine's Day",
             "Juneteenth", "New Year's Day"]
_MAIL = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "aol.com", "comcast.net", "sbcglobal.net",
         "charter.net", "protonmail.com", "mail.com"]


# ---- names, places and numbers ------------------------------------------------------------------------------


class OwnWords:
    """A late part's own words (first names, surnames, towns, streets) and the helpers that draw names, towns,
    streets, addresses, facilities and employers from them, mixed with the shared lists (``OWN_SHARE``). The sixth
    and seventh parts each hold one, with their own words."""

    def __init__(self, first_names: Sequence[str], last_names: Sequence[str], towns: Sequence[str],
                 streets: Sequence[str]) -> None:
        self.first_names, self.last_names, self.towns, self.streets = first_names, last_names, towns, streets

    def first(self, g: Source) -> str:
        return g.r.choice(self.first_names) if g.r.random() < OWN_SHARE else g.first()

    def last(self, g: Source) -> str:
        return g.r.choice(self.last_names) if g.r.random() < OWN_SHARE else g.last()

    def person(self, g: Source) -> str:
        """A full name as forms and notes write it: plain, with a middle initial or name, "LAST, First", with an
        apostrophe, "Mac" or "De" prefix, hyphenated, or with a generational suffix (part of the legal name)."""
        f, last = self.first(g), self.last(g)
        return g.r.choice([
            f"{f} {last}",
            f"{f} {last}",
            f"{f} {_mi(g)}. {last}",
            f"{f} {self.first(g)} {last}",
            f"{last}, {f}",
            f"{last.upper()}, {f.upper()}",
            f"{last}, {f} {_mi(g)}",
            f"{f} O'{last}",
            f"{f} D'{last}",
            f"{f} Mac{last}",
            f"{f} De{last}",
            f"{f} {last}-{self.last(g)}",
            f"{f} {last} {g.r.choice(['Jr.', 'III', 'II'])}",
        ])

    def initials(self, g: Source) -> str:
        f, last = self.first(g), self.last(g)
        return g.r.choice([f"{f[0]}{last[0]}", f"{f[0]}.{last[0]}.", f"{f[0]}{_mi(g)}{last[0]}",
                           f"{f[0]}{last[0]}{last[1]}".upper()])

    def town(self, g: Source) -> str:
        return g.r.choice(self.towns) if g.r.random() < OWN_SHARE else g.city()

    def county(self, g: Source) -> str:
        """A county (smaller than a state: LOCATION), named after a town or a surname, as many are."""
        return f"{g.r.choice([self.town(g), self.last(g)])} County"

    def street(self, g: Source, unit: float = 0.3) -> str:
        """A street line: house number, optional direction, a name (the part's own, a surname, a first name, an
        ordinal), a USPS suffix, sometimes a trailing direction or a unit (inside the span: the street address)."""
        n = g.r.choice([str(g.r.randint(1, 99)), str(g.r.randint(100, 9999)), str(g.r.randint(10000, 98999)),
                        f"{g.r.randint(100, 999)}{g.r.choice('AB')}", f"N{g.r.randint(1000, 9999)}"])
        name = g.r.choice([g.r.choice(self.streets), g.r.choice(self.streets), self.last(g), self.first(g),
                           _ordinal(g.r.randint(2, 99))])
        if g.r.random() < 0.08:
            line = f"{n} {g.r.choice(['County Road', 'State Route', 'Rte', 'Hwy', 'CR'])} {g.r.randint(2, 999)}"
        else:
            direction = g.r.choice(_DIRECTIONS) + " " if g.r.random() < 0.2 else ""
            line = f"{n} {direction}{name} {g.r.choice(_STREET_TYPES)}"
            if g.r.random() < 0.1:
                line += f" {g.r.choice(['NE', 'SW', 'NW', 'SE'])}"
        if g.r.random() < unit:
            line += g.r.choice([" ", ", "]) + g.r.choice(_UNITS).format(n=g.r.randint(1, 640), a=g.r.choice("ABCDEF"))
        return line

    def address(self, g: Source, sep: str = ", ") -> list[Part]:
        """Street line, town, state and ZIP as one block (or a PO box or a rural route, an address too)."""
        roll = g.r.random()
        street = self.street(g) if roll < 0.85 else (f"PO Box {g.r.randint(1, 9999)}" if roll < 0.95
                                                 else f"Rural Route {g.r.randint(1, 9)}, Box {g.r.randint(10, 999)}")
        return [(street, "ADDRESS"), sep, (self.town(g), "LOCATION"), g.r.choice([", ", " ", ", "]), _state(g),
                g.r.choice([" ", "  "]), (_zip(g), "ZIP")]

    def facility(self, g: Source, kinds: Sequence[str]) -> tuple[str, str]:
        """A facility's full name and the short form staff write later: its head word(s) or its initials."""
        head = g.r.choice([self.town(g), self.last(g), f"St. {self.first(g)}", f"{self.last(g)}-{self.last(g)}",
                           f"Lake {self.last(g)}"])
        full = f"{head} {g.r.choice(kinds)}"
        initials = "".join(w[0] for w in full.replace("-", " ").replace(".", " ").split() if w[0].isupper())
        return full, g.r.choice([head, initials if len(initials) >= 3 else head])

    def employer(self, g: Source) -> str:
        kinds = ["Freight Lines", "Logistics Inc.", "Grain Elevator", "Poultry Processing", "Tire & Lube",
                 "Roofing LLC", "Feed & Seed", "Window Co.", "Dairy Farms", "Paving Corp.", "Bus Lines",
                 "Plastics Inc.", "Hauling", "Distribution Center"]
        return f"{g.r.choice([self.last(g), self.town(g)])} {g.r.choice(kinds)}"


_OWN = OwnWords(V6_FIRST, V6_LAST, V6_TOWNS, V6_STREETS)
_first, _last, _person, _initials, _town = _OWN.first, _OWN.last, _OWN.person, _OWN.initials, _OWN.town
_county, _street, _address, _facility, _employer = _OWN.county, _OWN.street, _OWN.address, _OWN.facility, _OWN.employer


def _mi(g: Source) -> str:
    return g.r.choice("ABCDEFGHJKLMNPRSTVW")


def _state(g: Source) -> str:
    return g.r.choice(_STATES)


def _ordinal(d: int) -> str:
    return f"{d}{'th' if 10 <= d % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


def _zip(g: Source) -> str:
    z = f"{g.r.randint(1001, 99950):05d}"
    return f"{z}-{g.r.randint(1, 9999):04d}" if g.r.random() < 0.3 else z


def _date(g: Source, lo: int = 2019, hi: int = 2026) -> str:
    y, m, d = g.r.randint(lo, hi), g.r.randint(1, 12), g.r.randint(1, 28)
    mon = _MONTHS[m - 1]
    return g.r.choice([
        f"{m}/{d}/{y}", f"{m:02d}/{d:02d}/{y}", f"{m}/{d}/{y % 100:02d}", f"{m:02d}/{d:02d}/{y % 100:02d}",
        f"{m}-{d}-{y}", f"{m}-{d}-{y % 100:02d}", f"{y}-{m:02d}-{d:02d}", f"{mon} {d}, {y}", f"{mon[:3]} {d} {y}",
        f"{mon[:3]}. {d}, {y}", f"{d} {mon} {y}", f"{d}-{mon[:3]}-{y % 100:02d}", f"{d:02d}{mon[:3].upper()}{y}",
        f"{y}{m:02d}{d:02d}", f"{m}.{d}.{y}", f"{mon} of {y}", f"{m}/{y}", f"{mon} {_ordinal(d)}",
        f"{mon[:3]} {d}", f"{m}/{d}",
    ])


def _date_series(g: Source, n: int) -> list[str]:
    """``n`` dates a flowsheet's rows hold, in order, a week or more apart, all in one of the forms a flowsheet
    uses."""
    y, m, d = g.r.randint(2020, 2025), g.r.randint(1, 9), g.r.randint(1, 14)
    form = g.r.choice(["{m}/{d}/{y}", "{m:02d}/{d:02d}/{yy:02d}", "{m}/{d}", "{mon} {d}", "{y}-{m:02d}-{d:02d}",
                       "{d}-{mon}-{yy:02d}"])
    out = []
    for _ in range(n):
        out.append(form.format(m=m, d=d, y=y, yy=y % 100, mon=_MONTHS[m - 1][:3]))
        d += g.r.choice([7, 7, 14, 14, 28])
        while d > 28:
            d, m = d - 28, m + 1
        if m > 12:
            m, y = 1, y + 1
    return out


def _dob(g: Source, old: bool = False) -> str:
    return _date(g, 1919, 1936) if old else _date(g, 1940, 2010)


def _age_words(n: int) -> str:
    if n >= 100:
        rest = n - 100
        return "one hundred" + (f" and {_ONES[rest]}" if rest else "")
    return "ninety" + (f"-{_ONES[n - 90]}" if n > 90 else "")


def _old_age(g: Source, before_noun: bool = False) -> str:
    """An age over 89 in running text, digits or words with its unit: before a noun ("a 94-year-old") or as a
    predicate ("aged ninety-two", "97 yo")."""
    n = g.r.randint(90, 106)
    words = _age_words(n)
    if before_noun:
        return g.r.choice([f"{n}-year-old", f"{n} yr old", f"{n}-yo", f"{n} YO", f"{words}-year-old",
                           f"{n} year-old"])
    return g.r.choice([f"aged {n}", f"age {words}", f"{n} years old", f"{n} yo", f"{words}", f"{n} y/o",
                       f"{n}y"])


def _phone(g: Source) -> str:
    a, e, n = g.r.randint(201, 989), g.r.randint(200, 999), g.r.randint(0, 9999)
    return g.r.choice([f"({a}) {e}-{n:04d}", f"{a}-{e}-{n:04d}", f"{a}.{e}.{n:04d}", f"({a}){e}-{n:04d}",
                       f"{a}/{e}-{n:04d}", f"{a}-{e}-{n:04d} x{g.r.randint(10, 9999)}", f"1-{a}-{e}-{n:04d}",
                       f"{a} {e} {n:04d}", f"+1 {a} {e} {n:04d}", f"({a}) {e}.{n:04d}"])


def _email(g: Source, first: str, last: str, domain: str | None = None) -> str:
    user = g.r.choice([f"{first}.{last}", f"{first[0]}{last}", f"{last}{first[0]}{g.r.randint(1, 99)}",
                       f"{first}{last[0]}{g.r.randint(70, 99)}", f"{first}_{last}", f"{last}.{first}",
                       f"{first}{g.r.randint(1, 999)}"]).lower()
    return f"{''.join(c for c in user if c.isalnum() or c in '._-')}@{domain or g.r.choice(_MAIL)}"


def _slug(name: str) -> str:
    return "".join(c for c in name.lower() if c.isalnum())[:20]


def _domain(name: str) -> str:
    """An organisation's web domain made from its name ("Tarnwyck Dermatology" -> tarnwyckdermatology.com)."""
    return _slug(name) + [".com", ".org", ".net", ".us", ".health"][len(name) % 5]


def _digits(g: Source, n: int) -> str:
    return "".join(str(g.r.randint(0, 9)) for _ in range(n))


def _alnum(g: Source, n: int, alphabet: str = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789") -> str:
    return "".join(g.r.choice(alphabet) for _ in range(n))


def _mrn(g: Source) -> str:
    return g.r.choice([_digits(g, 8), f"{_digits(g, 3)}-{_digits(g, 3)}-{_digits(g, 3)}", f"E{_digits(g, 7)}",
                       f"00{_digits(g, 7)}", f"{_digits(g, 2)} {_digits(g, 2)} {_digits(g, 2)}",
                       f"MR{_digits(g, 6)}", _digits(g, 6)])


def _account(g: Source) -> str:
    return g.r.choice([_digits(g, 10), f"V{_digits(g, 8)}", f"{_digits(g, 3)}-{_digits(g, 7)}",
                       f"FIN {_digits(g, 9)}", f"{_digits(g, 8)}-{_digits(g, 3)}", f"ENC{_digits(g, 7)}"])


def _ssn(g: Source) -> str:
    a, b, c = g.r.randint(100, 665), g.r.randint(10, 99), g.r.randint(1000, 9999)
    return g.r.choice([f"{a}-{b}-{c}", f"{a} {b} {c}", f"{a}{b}{c}", f"{a}-{b}-{c}"])


def _npi(g: Source) -> str:
    return npi(g.r)


def _dea(g: Source, last: str) -> str:
    return dea(g.r, last, "ABFM")


def _mbi(g: Source) -> str:
    return mbi(g.r, 0.5)


def _member_id(g: Source) -> str:
    return g.r.choice([f"{g.r.choice(['XEH', 'JQU', 'W', 'YPB', 'ZGD', 'R'])}{_digits(g, 9)}",
                       f"{_digits(g, 9)}01", f"{_alnum(g, 2, 'ABCDEFGHJKLMNPRTUVWXYZ')}{_digits(g, 7)}",
                       f"{_digits(g, 4)}-{_digits(g, 4)}-{_digits(g, 3)}", f"M{_digits(g, 10)}"])


def _medicaid(g: Source) -> str:
    return g.r.choice([f"{_digits(g, 10)}", f"{_alnum(g, 2, 'ABCDEFGHJKLMNPRTUVWXYZ')}{_digits(g, 5)}"
                                            f"{_alnum(g, 1, 'ABCDEFGHJK')}", f"{_digits(g, 9)}{_alnum(g, 1, 'ABCDE')}"])



def _vin(g: Source, makers: Sequence[str] = ("1XK", "1FU", "3AK", "4V4", "1XP", "2NP", "1M1", "5KJ")) -> str:
    """A 17-character VIN (no I, O or Q) whose ninth character is its check digit (49 CFR 565); by default from a
    heavy-truck maker's world manufacturer identifier."""
    chars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    body = [*g.r.choice(makers), *(g.r.choice(chars) for _ in range(5)), "0", g.r.choice("HJKLMNPRS"),
            g.r.choice(chars), *(g.r.choice("0123456789") for _ in range(6))]
    body[8] = vin_check_digit(body)
    return "".join(body)


def _plate(g: Source) -> str:
    c = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return g.r.choice([f"{''.join(g.r.choice(c) for _ in range(3))}-{_digits(g, 4)}",
                       f"{_digits(g, 2)}{g.r.choice(c)}{_digits(g, 4)}",
                       f"P{_digits(g, 6)}", f"{''.join(g.r.choice(c) for _ in range(2))} {_digits(g, 5)}",
                       f"{_digits(g, 4)}{''.join(g.r.choice(c) for _ in range(2))}"])


def _ipv4(g: Source) -> str:
    return g.r.choice([f"{g.r.choice([24, 50, 66, 73, 98, 108, 142, 173, 198, 209])}.{g.r.randint(0, 255)}."
                       f"{g.r.randint(0, 255)}.{g.r.randint(1, 254)}",
                       f"10.{g.r.randint(0, 255)}.{g.r.randint(0, 255)}.{g.r.randint(2, 254)}",
                       f"172.{g.r.randint(16, 31)}.{g.r.randint(0, 255)}.{g.r.randint(1, 254)}"])


def _ipv6(g: Source) -> str:
    hx = [f"{g.r.randint(0, 0xFFFF):x}" for _ in range(8)]
    return g.r.choice([f"2600:{hx[0]}:{hx[1]}:{hx[2]}:{hx[3]}:{hx[4]}:{hx[5]}:{hx[6]}",
                       f"2607:{hx[0]}:{hx[1]}::{hx[2]}:{hx[3]}", f"2804:{hx[0]}::{hx[1]}",
                       f"fd{hx[0][:2].rjust(2, '0')}:{hx[1]}:{hx[2]}::{hx[3]}"])


def _holiday(g: Source) -> str:
    return g.r.choice(_HOLIDAYS)


def _time(g: Source) -> str:
    return g.r.choice([f"{g.r.randint(0, 23):02d}{g.r.randint(0, 59):02d}",
                       f"{g.r.randint(1, 12)}:{g.r.randint(0, 59):02d}{g.r.choice(['a', 'p', ' AM', ' PM'])}",
                       f"{g.r.randint(0, 23):02d}:{g.r.randint(0, 59):02d}",
                       f"{g.r.randint(0, 23):02d}{g.r.randint(0, 59):02d}h"])


def _young_age(g: Source, lo: int = 18, hi: int = 89) -> str:
    """An age under 90, written as the part writes its ages: no span (not PHI)."""
    n = g.r.randint(lo, hi)
    return g.r.choice([f"{n} yo", f"{n}-year-old", f"{n} y/o", f"age {n}", f"{n}yo", f"{n} YO", f"{n}M", f"{n}F"])


# ---- the templates ------------------------------------------------------------------------------------------


_PACERS = [("Medtronic Azure XT DR MRI SureScan", "W1DR01"), ("Boston Scientific Accolade MRI", "L331"),
           ("Abbott Assurity MRI", "PM2272"), ("Biotronik Edora 8 DR-T", "407145")]


def mohs_surgery(g: Source) -> list[Part]:
    """A Mohs micrographic surgery report: stages and blocks in a table (not PHI), eponyms (Mohs, Breslow, Zitelli),
    a pacemaker's model (not PHI) beside its serial (a device identifier), the referring dermatologist's fax, the
    driver home, the photo upload link, the surgeon's NPI."""
    practice, short = _facility(g, ["Dermatology", "Dermatology & Mohs Surgery", "Skin Cancer Center",
                                    "Dermatologic Surgery"])
    pt_first, pt_last = _first(g), _last(g)
    surgeon_first, surgeon_last = _first(g), _last(g)
    site = g.r.choice(["L nasal ala", "R helical rim", "L lower eyelid", "R temple", "central forehead",
                       "L preauricular cheek", "vertex scalp"])
    tumor = g.r.choice(["nodular BCC", "infiltrative BCC", "well-differentiated SCC", "SCC in situ (Bowen's disease)"])
    pacer, model = g.r.choice(_PACERS)
    stages = g.r.randint(2, 3)
    margins = [f"+ {g.r.choice(['deep', '3-6 oclock', 'lateral'])}" for _ in range(stages - 1)] + ["clear"]
    rows = "".join(f"  {i}   |   {g.r.randint(1, 4)}    | {m:<10} | {g.r.randint(6, 22)} x {g.r.randint(5, 18)} mm\n"
                   for i, m in enumerate(margins, 1))
    return [
        (practice, "LOCATION"),
        "\n",
        *_address(g),
        "\nTel ",
        (_phone(g), "PHONE"),
        "   Fax ",
        (_phone(g), "FAX"),
        "\n\nMOHS MICROGRAPHIC SURGERY REPORT\n\nPatient: ",
        (f"{pt_last}, {pt_first}", "NAME"),
        "     DOB: ",
        (_dob(g, old=True), "DATE"),
        "     MRN: ",
        (_mrn(g), "MRN"),
        "\nDate of surgery: ",
        (_date(g), "DATE"),
        "     Referring: ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", PA-C (fax ",
        (_phone(g), "FAX"),
        ")\nInsurance: Medicare ",
        (_mbi(g), "HEALTH_PLAN"),
        "\n\nIndication: ",
        (pt_first, "NAME"),
        " is a ",
        (_old_age(g, before_noun=True), "AGE"),
        f" with biopsy-proven {tumor} of the {site}, biopsied ",
        (_date(g), "DATE"),
        f". Pre-op size {g.r.randint(6, 18)} x {g.r.randint(5, 14)} mm. Fitzpatrick II. Not a candidate for ED&C given "
        "location (H-zone). AUC score 9 (appropriate). Anticoagulated on apixaban (Eliquis) 2.5 mg BID, continued.\n"
        f"Pacemaker: {pacer} (model {model}), serial ",
        (f"{_alnum(g, 3, 'ABCDEFGHJKLMNPRSTVWXYZ')}{_digits(g, 6)}{_alnum(g, 1, 'GHNS')}", "DEVICE"),
        "; bipolar cautery only, magnet available.\n\nProcedure: Time-out performed. Local anesthesia with 1% "
        "lidocaine with epinephrine 1:100,000, buffered. Tissue processed by the Mohs technique with frozen "
        "horizontal sections, H&E.\n\nStage | Blocks | Margin     | Defect\n",
        rows,
        "Final defect repaired with a bilobed transposition flap (Zitelli modification); 5-0 Monocryl deep, 6-0 "
        "Prolene cutaneous. EBL minimal. No Breslow depth applicable. Pre- and post-op photographs uploaded to ",
        (f"https://photos.{_domain(short)}/case/{_digits(g, 8)}", "URL"),
        ".\n\nPost-op: pressure dressing 48 h, acetaminophen, no ibuprofen. Driven home by ",
        g.r.choice(["husband", "wife", "son", "granddaughter", "neighbor"]),
        " ",
        (_person(g), "NAME"),
        ", cell ",
        (_phone(g), "PHONE"),
        ". Suture removal in 1 week at ",
        (short, "LOCATION"),
        ", ",
        (_date(g), "DATE"),
        g.r.choice([" (office closed ", " (not ", " (rescheduled from "]),
        (_holiday(g), "DATE"),
        ").\n\n",
        (f"{surgeon_first} {_mi(g)}. {surgeon_last}", "NAME"),
        ", MD, FACMS   NPI ",
        (_npi(g), "LICENSE"),
        "\nDictated ",
        (_date(g), "DATE"),
        "; transcribed by ",
        (_initials(g), "NAME"),
        "\n",
    ]


def correctional_intake(g: Source) -> list[Part]:
    """A county jail's medical receiving screening at booking: the county and facility (LOCATION), booking and state
    numbers (the institution's record: MRN), a Livescan fingerprint record and an iris template (BIOMETRIC), a
    tattooed name (NAME), withdrawal scales and TB screen (not PHI), an insulin pump's model (not PHI) and serial
    (DEVICE), a suspended Medicaid number, the verifying pharmacy."""
    county = _county(g)
    facility = f"{county} {g.r.choice(['Detention Center', 'Jail', 'Adult Detention Facility', 'Correctional Center'])}"
    agency = f"{_town(g)} {g.r.choice(['Police Department', 'PD', 'Sheriff Office', 'State Patrol Post'])}"
    pharmacy = f"{g.r.choice([_last(g), _town(g)])} {g.r.choice(['Pharmacy', 'Drug', 'Apothecary', 'Family Pharmacy'])}"
    pt_first, pt_last = _first(g), _last(g)
    return [
        (facility, "LOCATION"),
        "\nMEDICAL RECEIVING SCREENING - INTAKE\n\nInmate: ",
        (f"{pt_last.upper()}, {pt_first.upper()} {_mi(g)}", "NAME"),
        "   Booking #: ",
        (f"{g.r.randint(19, 26)}-{_digits(g, 6)}", "MRN"),  # the jail's record of the person
        "   SID: ",
        (f"{_alnum(g, 2, 'ABCDEFGHJKLMNPRSTUVWXYZ')}{_digits(g, 7)}", "MRN"),
        "\nDOB: ",
        (_dob(g), "DATE"),
        "   Age: ",
        str(g.r.randint(19, 71)),  # an age under 90 in a form's field: no span
        "   SSN: ",
        (_ssn(g), "SSN"),
        "\nBooked: ",
        (_date(g), "DATE"),
        f" {_time(g)}   Arresting agency: ",
        (agency, "LOCATION"),
        f"   Housing: {g.r.choice(['medical', 'intake', 'B-pod', 'D2'])} cell {g.r.randint(1, 48)}\n"
        "Fingerprints: Livescan TCN ",
        (f"{_alnum(g, 2, 'ABCDEFGHJKLMNPRSTVWXYZ')}{_digits(g, 11)}", "BIOMETRIC"),  # a fingerprint record
        "   Iris enrollment: template ",
        (f"IR-{_alnum(g, 12, '0123456789ABCDEF')}", "BIOMETRIC"),  # an iris template
        "\nLast known address: ",
        *_address(g),
        "\n\nRECEIVING SCREENING (completed within 4 hrs of arrival)\n"
        "1. Visible signs of trauma/illness requiring immediate referral? N\n"
        "2. Currently under a physician's care? Y - Dr. ",
        (_last(g), "NAME"),
        ", ",
        (_town(g), "LOCATION"),
        "\n3. Diabetes: type 1 on insulin pump, ",
        g.r.choice(["Tandem t:slim X2", "Omnipod 5", "Medtronic MiniMed 780G"]),
        ", serial ",
        (f"{_digits(g, 3)}{_alnum(g, 1, 'ABCDEFGH')}{_digits(g, 5)}", "DEVICE"),
        "; POC glucose 212 mg/dL. Pump retained per medical.\n"
        "4. Alcohol/drug use: heroin/fentanyl IV daily, last use ",
        (_date(g), "DATE"),
        f" ~{_time(g)}. COWS 6, CIWA-Ar 3. Start withdrawal protocol q4h x 72 h.\n"
        "5. Suicide risk screen (C-SSRS): negative. Prior attempt: none. Mental health hx: PTSD, on sertraline "
        "100 mg.\n6. TB symptom screen negative; PPD placed L forearm, read in 48-72 h.\n"
        "7. Pregnancy: N/A.\n8. Allergies: sulfa (rash).\n\nMedications verified with ",
        (pharmacy, "LOCATION"),
        ", ph ",
        (_phone(g), "PHONE"),
        ", fax ",
        (_phone(g), "FAX"),
        ". Medicaid # ",
        (_medicaid(g), "HEALTH_PLAN"),
        " (suspended on incarceration).\nIdentifying marks: scar R knee; tattoos: L forearm, script - ",
        (_first(g), "NAME"),  # a name tattooed on the inmate names a person
        "; rose R hand.\nEmergency contact: ",
        g.r.choice(["mother", "girlfriend", "grandmother", "brother"]),
        " ",
        (_person(g), "NAME"),
        " ",
        (_phone(g), "PHONE"),
        "\nDisposition: general population with chronic care f/u; sick call in AM.\n\nScreened by: ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", LPN   Reviewed: ",
        (f"{_first(g)[0]}. {_last(g)}", "NAME"),
        ", RN, CCHP   ",
        (_date(g), "DATE"),
        "\n",
    ]


def fertility_cycle(g: Source) -> list[Part]:
    """An IVF cycle record: both partners' identifiers, a monitoring table of dates (DATE) beside cycle days,
    hormone levels and follicle sizes (not PHI), stimulation drugs, embryo grades and storage locations (not PHI), the
    genetics lab, a portal consent signed from an IP address, an accession number (ACCOUNT)."""
    clinic, short = _facility(g, ["Fertility Center", "Reproductive Medicine", "Center for Reproductive Health",
                                  "IVF & Fertility"])
    lab = f"{g.r.choice([_last(g), _town(g)])} {g.r.choice(['Genetics', 'Reproductive Genetics', 'Genomics Lab'])}"
    p1_first, p1_last = _first(g), _last(g)
    p2_first, p2_last = _first(g), g.r.choice([p1_last, _last(g)])
    y = g.r.randint(2023, 2026)
    m = g.r.randint(1, 10)
    start = g.r.randint(1, 12)
    table: list[Part] = []
    for k, cd in enumerate((2, 6, 8, 10, 12)):
        d = start + cd - 2
        table += [
            (g.r.choice([f"{m}/{d}", f"{m:02d}/{d:02d}/{y % 100:02d}", f"{m}/{d}/{y}"]), "DATE"),
            f"  | CD{cd:<2} | E2 {[38, 210, 540, 1180, 2350][k] + g.r.randint(0, 60):>4}"
            f" | LH {g.r.randint(1, 6)}.{g.r.randint(0, 9)}"
            f" | R: {g.r.choice(['8x10', '6x12, 3x14', '4x15, 5x17', '3x18, 6x16', '5x19, 4x17'])}\n",
        ]
    return [
        (clinic, "LOCATION"),
        " - IVF CYCLE RECORD (antagonist protocol, ICSI, freeze-all)\n\nPatient: ",
        (f"{p1_first} {p1_last}", "NAME"),
        "   DOB ",
        (_date(g, 1978, 1997), "DATE"),
        "   MRN ",
        (_mrn(g), "MRN"),
        "\nPartner: ",
        (_person(g) if g.r.random() < 0.3 else f"{p2_first} {p2_last}", "NAME"),
        "   DOB ",
        (_date(g, 1978, 1997), "DATE"),
        "   MRN ",
        (_mrn(g), "MRN"),
        "\nPlan: ",
        g.r.choice(["Progyny", "WINFertility", "Carrot", "employer fertility benefit"]),
        ", member ",
        (_member_id(g), "HEALTH_PLAN"),
        "; auth through ",
        (_date(g), "DATE"),
        "\n\nHx: ",
        _young_age(g, 29, 44),
        " G1P0010, AMH 1.4 ng/mL, AFC 11, day-3 FSH 7.9. Dx: diminished ovarian reserve, male factor (TMC 4 M). "
        "HSG patent bilaterally.\nStim: Gonal-f 225 IU + Menopur 75 IU from CD2; ganirelix 250 mcg from day 6.\n\n"
        "Date       | CD   | E2 pg/mL | LH   | Follicles (mm)\n",
        *table,
        "\nTrigger: Ovidrel 250 mcg + Lupron 40 units at ",
        _time(g),
        " on ",
        (_date(g), "DATE"),
        "; retrieval 35 h later by Dr. ",
        (_last(g), "NAME"),
        ", IV sedation. 14 oocytes, 11 MII, ICSI 11, 8 2PN. Day 5/6 blasts: 4AA, 4AB, 5BB, 3BC - biopsied for PGT-A "
        "at ",
        (lab, "LOCATION"),
        ", accession ",
        (f"{_alnum(g, 2, 'PGTA')}{_digits(g, 7)}", "ACCOUNT"),
        ". Vitrified: tank 3, canister B, cane 12 (storage location, not an identifier).\n"
        "Embryologist: ",
        (_initials(g), "NAME"),
        "; witnessed by ",
        (_initials(g), "NAME"),
        " (double witness).\n\nConsents (disposition of embryos, PGT, storage fees) e-signed by both partners on ",
        (_date(g), "DATE"),
        " from ",
        (_ipv6(g) if g.r.random() < 0.5 else _ipv4(g), "IP"),
        " via ",
        (f"https://portal.{_domain(short)}/consent/{_alnum(g, 12).lower()}", "URL"),
        ". Storage invoice acct ",
        (_account(g), "ACCOUNT"),
        ".\nResults by secure message to ",
        (_email(g, p1_first, p1_last), "EMAIL"),
        " and call to ",
        (_phone(g), "PHONE"),
        ". FET planned after ",
        (_holiday(g), "DATE"),
        ".\n\nNurse coordinator: ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", BSN, RN   Physician: ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", MD, FACOG (REI)\n",
    ]


_EXPOSURES = [
    ("acetaminophen (Tylenol Extra Strength 500 mg), up to 20 tabs", "4-h APAP level; Rumack-Matthew nomogram; NAC "
     "if above the treatment line"),
    ("a grandparent's amlodipine 10 mg and metoprolol tartrate 50 mg, unknown count", "ECG, glucose, BP q15 min; "
     "high-dose insulin euglycemia if hypotensive"),
    ("liquid laundry detergent pod (bitten)", "observe for airway, vomiting, ocular exposure; no induced emesis"),
    ("a family member's oxycodone 5 mg, 1-2 tabs", "naloxone available; observe 6 h; no charcoal"),
    ("lamp oil / hydrocarbon, one swallow, coughing", "CXR at 6 h; watch for pneumonitis"),
]


def poison_control(g: Source) -> list[Part]:
    """A poison centre's call log: the centre's case number (MRN), caller and patient, ages (under 90 no span, over
    89 AGE), the product and the nomogram (not PHI), the web chat's IP and link, the receiving ED and its fax,
    follow-up calls in a table with times (not PHI) and the specialist's initials."""
    kinds = ["Poison Center", "Regional Poison Center", "Poison & Drug Information Center"]
    centre = f"{g.r.choice([_town(g), _last(g), 'Tri-State', 'Mid-Valley'])} {g.r.choice(kinds)}"
    ed, ed_short = _facility(g, ["Medical Center", "Community Hospital", "Memorial Hospital", "Regional Hospital"])
    substance, management = g.r.choice(_EXPOSURES)
    caller_first, caller_last = _first(g), _last(g)
    old = g.r.random() < 0.5
    spi = _initials(g)
    return [
        (centre, "LOCATION"),
        " - HUMAN EXPOSURE CALL RECORD\ncase ",
        (f"{g.r.randint(24, 26)}-{_digits(g, 6)}", "MRN"),  # the centre's record of the patient
        "   call date ",
        (_date(g), "DATE"),
        f"   time {_time(g)}   via {g.r.choice(['phone', 'web chat', 'text'])}\n"
        "caller: ",
        g.r.choice(["daughter", "son", "grandmother", "mother", "home health aide"]),
        " ",
        (f"{caller_first} {caller_last}", "NAME"),
        ", callback ",
        (_phone(g), "PHONE"),
        "\nchat session from ",
        (_ipv4(g) if g.r.random() < 0.6 else _ipv6(g), "IP"),
        ", transcript ",
        (f"https://chat.{_domain(centre)}/t/{_alnum(g, 10).lower()}", "URL"),
        "\npatient: ",
        (_person(g), "NAME"),
        ", ",
        *([(_old_age(g), "AGE")] if old else [g.r.choice(["{} y/o", "{} yr", "{}yo", "age {}", "{} yrs"]).format(
            g.r.randint(1, 5))]),  # a toddler's age is under 90: no span
        f", {g.r.choice(['F', 'M'])}, wt {g.r.randint(45, 80) if old else g.r.randint(10, 21)} kg\n",
        "exposure site: own residence, ",
        *_address(g),
        "\nsubstance: ",
        substance,
        "\nroute: ingestion, acute, unintentional (",
        g.r.choice(["therapeutic error - took twice", "exploratory", "confused pill boxes"]),
        "). time of exposure approx ",
        _time(g),
        ".\nsx at call: none / drowsy. no vomiting.\n\nrec: refer to hcf. ",
        management,
        ".\nEMS not needed; family driving to ",
        (ed, "LOCATION"),
        " in ",
        (_town(g), "LOCATION"),
        ". called ahead to charge rn ",
        (_first(g), "NAME"),
        "; faxed management guidelines to ED at ",
        (_phone(g), "FAX"),
        ".\n\nfollow-up | with | note\n",
        _time(g),
        " | Dr. ",
        (_last(g), "NAME"),
        " (",
        (ed_short, "LOCATION"),
        " ED) | labs pending, pt asymptomatic\n",
        _time(g),
        " | RN ",
        (_first(g), "NAME"),
        " | level below treatment line / vitals stable\n",
        _time(g),
        " | ",
        (caller_first, "NAME"),
        " (caller) | home, doing well; safe storage counseled\n\nmedical outcome: no effect. closed ",
        (_date(g), "DATE"),
        ". summary emailed to pcp office ",
        (_email(g, _first(g), _last(g), _domain(ed)), "EMAIL"),
        "\nspi: ",
        (spi, "NAME"),
        ", RN, CSPI\n",
    ]


def chaplain_note(g: Source) -> list[Part]:
    """A hospital chaplain's spiritual-care note: room and bed (not PHI), a very old patient, a congregation and its
    pastor, family, the proxy and the funeral home, scripture and rites (not PHI), the FICA tool (Puchalski, an
    eponym), a holiday, the bereavement mailing."""
    hosp, short = _facility(g, ["Medical Center", "Hospital", "Health System", "Regional Medical Center"])
    church = g.r.choice([f"St. {_first(g)} Catholic Church", f"{_town(g)} First Baptist Church",
                         f"{_last(g)} Memorial United Methodist Church", f"Mount {_last(g)} AME Church",
                         f"{_town(g)} Lutheran Church", f"Congregation Beth {_last(g)}"])
    pastor_first, pastor_last = _first(g), _last(g)
    pt_first, pt_last = _first(g), _last(g)
    daughter = _first(g)
    funeral = f"{_last(g)} {g.r.choice(['& Sons Funeral Home', 'Funeral Home', 'Mortuary', 'Funeral Chapel'])}"
    return [
        (short, "LOCATION"),
        " Spiritual Care - Chaplain Progress Note\nPatient: ",
        (f"{pt_first} {pt_last}", "NAME"),
        "   MRN: ",
        (_mrn(g), "MRN"),
        "   Enc: ",
        (_account(g), "ACCOUNT"),
        f"   Unit 4 West, Rm {g.r.randint(401, 468)}-{g.r.choice('AB')}\nDate: ",
        (_date(g), "DATE"),
        f"   Time spent: {g.r.choice([20, 30, 45, 60])} min   Referral: RN ",
        (_first(g), "NAME"),
        " (pt anxious, asked for prayer)\n\nVisit: ",
        (pt_first, "NAME"),
        " is a ",
        (_old_age(g, before_noun=True), "AGE"),
        " widow admitted with CHF exacerbation, now comfort-focused per goals-of-care meeting ",
        (_date(g), "DATE"),
        ". Lifelong member of ",
        (church, "LOCATION"),
        "; Rev. ",
        (f"{pastor_first} {pastor_last}", "NAME"),
        " visits weekly and can be reached at ",
        (_email(g, pastor_first, pastor_last, _domain(church)), "EMAIL"),
        ". Pt shared memories of her late husband ",
        (_first(g), "NAME"),
        " and of ",
        (_holiday(g), "DATE"),
        " dinners at the farm outside ",
        (_town(g), "LOCATION"),
        ". States she is \"ready to go home to the Lord\" but worries about daughter ",
        (daughter, "NAME"),
        ", who is flying in from ",
        (_town(g), "LOCATION"),
        ".\n\nFICA (Puchalski): Faith - ",
        g.r.choice(["Methodist", "Roman Catholic", "Baptist", "Lutheran", "Jewish, Conservative"]),
        "; Importance - high; Community - church, Tuesday Bible study; Address in care - wants communion and the "
        "Anointing of the Sick.\nInterventions: active listening, life review, read Psalm 23 and John 14:1-3, prayed "
        "the Lord's Prayer with pt and son ",
        (_person(g), "NAME"),
        " (cell ",
        (_phone(g), "PHONE"),
        "). Contacted parish office ",
        (_phone(g), "PHONE"),
        " to request a priest or pastor visit; on-call chaplain ",
        (_initials(g), "NAME"),
        " to follow over the weekend.\nAdvance directive on file; health care agent is ",
        (daughter, "NAME"),
        ". Family has chosen ",
        (funeral, "LOCATION"),
        ".\n\nPlan: daily visits while inpatient; bereavement packet to be mailed to the family at ",
        *_address(g),
        " after death.\n\n",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", M.Div., BCC - Staff Chaplain, ",
        (hosp, "LOCATION"),
        "   pager ",
        (str(g.r.randint(3000, 8999)), "PHONE"),
        "\n",
    ]


_CAUSES = [("Aspiration pneumonia", "Dementia, Alzheimer type", "Natural"),
           ("Acute on chronic systolic heart failure", "Ischemic cardiomyopathy", "Natural"),
           ("Sepsis, urinary source", "Parkinson disease with dysphagia", "Natural"),
           ("Subdural hematoma", "Ground-level fall at home on anticoagulation", "Accident"),
           ("Metastatic adenocarcinoma of the pancreas", "", "Natural")]


def death_worksheet(g: Source) -> list[Part]:
    """A death-certificate worksheet: the decedent's and parents' names, SSN, age at death over 89 (a form field and
    a phrase in words), residence with county, place of death, cause of death and ICD-10 (not PHI), a pacemaker's
    serial, the medical examiner's case number and fingerprint identification, the certifier's and funeral
    director's licences, the electronic death registration link."""
    dec_first, dec_last = _first(g), _last(g)
    age = g.r.randint(90, 104)
    place, _ = _facility(g, ["Hospice House", "Nursing & Rehabilitation Center", "Medical Center", "Care Center"])
    funeral = f"{_last(g)} {g.r.choice(['Funeral Home', 'Funeral Home & Crematory', 'Memorial Chapel'])}"
    a, b, manner = g.r.choice(_CAUSES)
    pacer, model = g.r.choice(_PACERS)
    cert_first, cert_last = _first(g), _last(g)
    return [
        "DEATH CERTIFICATE WORKSHEET - FOR FUNERAL DIRECTOR AND MEDICAL CERTIFIER\n\n"
        "1. Decedent's legal name: ",
        (f"{dec_first.upper()} {_mi(g)}. {dec_last.upper()}", "NAME"),
        "   AKA: ",
        (f"{g.r.choice(['Sister', 'Nana', 'Bud', 'Dot', 'Sonny'])}", "NAME"),
        "\n2. Sex: ",
        g.r.choice(["F", "M"]),
        "   3. SSN: ",
        (_ssn(g), "SSN"),
        "\n4a. Age (years): ",
        (str(age), "AGE"),
        "   5. Date of birth: ",
        (_dob(g, old=True), "DATE"),
        "   6. Birthplace: ",
        (_town(g), "LOCATION"),
        ", ",
        _state(g),
        "\n7. Residence: ",
        *_address(g),
        "   County: ",
        (_county(g), "LOCATION"),
        "   Inside city limits: Y\n8. Ever in US Armed Forces? ",
        g.r.choice(["Yes (Korea)", "No", "Yes (WWII)"]),
        "   9. Marital status: Widowed   10. Surviving spouse: none\n11. Father's name: ",
        (f"{_first(g)} {dec_last}", "NAME"),
        "   12. Mother's name prior to first marriage: ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        "\n13. Informant: ",
        (_person(g), "NAME"),
        ", ",
        g.r.choice(["daughter", "son", "nephew", "niece", "POA"]),
        ", ",
        *_address(g),
        ", ph ",
        (_phone(g), "PHONE"),
        "\n\n14. Place of death: ",
        g.r.choice(["Hospice facility", "Nursing home/LTC", "Inpatient"]),
        " - ",
        (place, "LOCATION"),
        ", ",
        (_town(g), "LOCATION"),
        "\n15. Date of death: ",
        (_date(g, 2025, 2026), "DATE"),
        f"   Time pronounced: {_time(g)}   Pronounced by: ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", RN\n\nPART I. Cause of death\n  a. ",
        a,
        "  (days)\n  b. ",
        b or "-",
        "  (years)\nPART II. Other significant conditions: CKD stage 3, atrial fibrillation, hypertension\n"
        "ICD-10 (coder): J69.0 / G30.9 / I48.91\nAutopsy: No.   Tobacco contributed: No.   Manner of death: ",
        manner,
        "\nDecedent was ",
        (_age_words(age) if g.r.random() < 0.6 else f"{age} years of age", "AGE"),
        " and had been in declining health since a fall on ",
        (_holiday(g), "DATE"),
        ".\nMedical examiner notified: ",
        "yes, jurisdiction " + g.r.choice(["declined", "accepted, released for burial"]),
        ", ME case ",
        (f"ME{g.r.randint(25, 26)}-{_digits(g, 4)}", "MRN"),  # the examiner's record of the decedent
        "; identity confirmed by fingerprint comparison, AFIS record ",
        (f"{_digits(g, 9)}{_alnum(g, 1, 'ABCDEFGH')}", "BIOMETRIC"),
        "\n\nImplanted device: ",
        pacer,
        f" (model {model}), serial ",
        (f"{_alnum(g, 3, 'ABCDEFGHJKLMNPRSTVWXYZ')}{_digits(g, 6)}", "DEVICE"),
        " - removed by funeral home before cremation, returned to manufacturer.\n\nCertifier: ",
        (f"{cert_first} {cert_last}", "NAME"),
        ", MD   License ",
        (f"{_alnum(g, 2, 'MDOA')}{_digits(g, 6)}", "LICENSE"),
        "   NPI ",
        (_npi(g), "LICENSE"),
        "\nCertifier's address: ",
        *_address(g),
        "\nDate certified: ",
        (_date(g, 2025, 2026), "DATE"),
        "\n\nFuneral facility: ",
        (funeral, "LOCATION"),
        "   Tel ",
        (_phone(g), "PHONE"),
        "   Fax ",
        (_phone(g), "FAX"),
        "\nFuneral director: ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", license ",
        (f"FD{_digits(g, 5)}", "LICENSE"),
        "   Disposition: cremation\nSubmitted in EDRS: ",
        (f"https://edrs.{g.r.choice(['vitalrecords', 'health-vitals', 'dhs-vr'])}.gov/case/{_digits(g, 10)}", "URL"),
        "\n",
    ]


_ALLERGENS = ["D. pteronyssinus", "D. farinae", "Cat hair/pelt", "Dog epithelia", "Timothy grass", "Short ragweed",
              "Alternaria alternata", "Aspergillus mix", "Oak", "Birch mix", "German cockroach", "Mouse epithelia"]


def allergy_clinic(g: Source) -> list[Part]:
    """An allergy and immunology visit: a skin-prick table (allergen extracts and wheal sizes, not PHI), spirometry,
    eponymous syndromes and biologic names (Samter, Xolair), immunotherapy vial labels with the patient's name and
    birth date, the school's fax for the action plan, the parent's e-check-in from an IP address."""
    clinic, short = _facility(g, ["Allergy & Asthma", "Allergy, Asthma & Immunology", "Asthma and Allergy Center",
                                  "Allergy Associates"])
    kinds = ["Middle School", "Elementary", "High School", "Academy"]
    school = f"{g.r.choice([_town(g), _last(g)])} {g.r.choice(kinds)}"
    child = g.r.random() < 0.5
    pt_first, pt_last = _first(g), _last(g)
    parent_first = _first(g)
    dob = _date(g, 2008, 2017) if child else _dob(g)
    picks = g.r.sample(_ALLERGENS, 6)
    rows = "".join(f"{a:<22}| {w:>2} | {w + g.r.randint(4, 20):>2}\n"
                   for a, w in ((a, g.r.choice([0, 0, 3, 5, 7, 9, 12])) for a in picks))
    return [
        (clinic, "LOCATION"),
        "\nNew patient consultation\n\nPatient: ",
        (f"{pt_first} {pt_last}", "NAME"),
        "   DOB: ",
        (dob, "DATE"),
        "   MRN: ",
        (_mrn(g), "MRN"),
        "\nVisit: ",
        (_date(g), "DATE"),
        "   Insurance ID: ",
        (_member_id(g), "HEALTH_PLAN"),
        "   Group ",
        f"{_digits(g, 6)}\n",
        "Accompanied by ",
        g.r.choice(["mother", "father", "grandmother"]) if child else "spouse",
        " ",
        (f"{parent_first} {pt_last}" if child else _first(g), "NAME"),
        "; e-check-in completed from ",
        (_ipv4(g) if g.r.random() < 0.5 else _ipv6(g), "IP"),
        "\n\nHPI: ",
        _young_age(g, 8, 16) if child else _young_age(g, 25, 70),
        " with perennial rhinitis, moderate persistent asthma and ",
        g.r.choice(["hives after peanut butter", "a childhood 'penicillin allergy' (rash at age 4)",
                    "nasal polyps and aspirin-exacerbated respiratory disease (Samter's triad)",
                    "anaphylaxis to a yellow jacket sting"]),
        ". Lives in ",
        (_town(g), "LOCATION"),
        "; older home with carpet, one cat. Antihistamines held 5 days.\n\n"
        "Skin prick testing (Greer, Multi-Test II): histamine 7 mm, saline 0 mm\n"
        "Allergen              | W  | F (mm)\n",
        rows,
        "Spirometry: FEV1 2.41 L (84% pred), FEV1/FVC 0.74, +14% post albuterol. FeNO 46 ppb.\n\n"
        "A/P: Allergic rhinitis with asthma, sensitized to dust mite and cat. Start fluticasone/salmeterol 100/50 BID, "
        "montelukast 10 mg. Omalizumab (Xolair) if uncontrolled; not Churg-Strauss (eos 380).\n"
        "Subcutaneous immunotherapy (SCIT) to begin ",
        (_date(g), "DATE"),
        ": vials prepared 1:10,000 -> 1:1 v/v, lot ",
        f"{_alnum(g, 2, 'GHJK')}{_digits(g, 5)}, exp {g.r.randint(1, 12)}/{g.r.randint(27, 29)}.\nVial label: ",
        (f"{pt_last.upper()}, {pt_first.upper()}", "NAME"),
        " / DOB ",
        (dob, "DATE"),
        " / Mix A (mite-cat) / Red 1:1\nEpinephrine auto-injector (Auvi-Q 0.3 mg) Rx x2; anaphylaxis action plan "
        "(FARE) faxed to ",
        "the school nurse at " if child else "occupational health at ",
        (school if child else _employer(g), "LOCATION"),
        ", fax ",
        (_phone(g), "FAX"),
        ".\nVisit summary: ",
        (f"https://mychart.{_domain(short)}/avs/{_digits(g, 9)}", "URL"),
        "; questions to ",
        (_email(g, parent_first, pt_last), "EMAIL"),
        " or ",
        (_phone(g), "PHONE"),
        ".\nShots Mon/Wed at ",
        (short, "LOCATION"),
        " (30-min wait); closed ",
        (_holiday(g), "DATE"),
        ".\n\n",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", MD, FAAAAI\n",
    ]


def swallow_study(g: Source) -> list[Part]:
    """A videofluoroscopic (modified barium) swallow study: the penetration-aspiration scale (Rosenbek), manoeuvres
    and diverticula named after people (Mendelsohn, Zenker), IDDSI levels, valve and trach models (not PHI), a
    speech-generating device's serial (DEVICE), a very old patient, the nursing facility's fax, the clinician's
    licence."""
    hosp, short = _facility(g, ["Hospital", "Medical Center", "Rehabilitation Hospital", "Health"])
    kinds = ["Rehabilitation & Nursing", "Health & Rehab", "Care Center", "Manor"]
    snf = f"{g.r.choice([_town(g), _last(g)])} {g.r.choice(kinds)}"
    pt_first, pt_last = _first(g), _last(g)
    wife = _first(g)
    return [
        (hosp, "LOCATION"),
        " - Speech-Language Pathology\nVIDEOFLUOROSCOPIC SWALLOW STUDY (MBSS)  CPT 92611 / 74230\n\nPatient: ",
        (_person(g) if g.r.random() < 0.5 else f"{pt_first} {pt_last}", "NAME"),
        "   MRN: ",
        (_mrn(g), "MRN"),
        "   Acct: ",
        (_account(g), "ACCOUNT"),
        "\nDOB: ",
        (_dob(g, old=True), "DATE"),
        "   Exam date: ",
        (_date(g), "DATE"),
        "   Referring: Dr. ",
        (f"{_first(g)[0]}. {_last(g)}", "NAME"),
        "   Radiologist: Dr. ",
        (_last(g), "NAME"),
        "\nPayer: Medicare A, MBI ",
        (_mbi(g), "HEALTH_PLAN"),
        "\n\nHistory: ",
        (_old_age(g, before_noun=True), "AGE"),
        " man, L MCA stroke ",
        (_date(g), "DATE"),
        ", s/p trach (Shiley 6 DCFN, Passy-Muir PMV 007 tolerated), coughing with thin liquids, wt loss 4 kg. "
        "Communicates with a speech-generating device (",
        g.r.choice(["Tobii Dynavox I-13", "PRC Accent 1400", "Lingraphica TouchTalk"]),
        ", serial ",
        (f"{_alnum(g, 2, 'TDPRCL')}{_digits(g, 8)}", "DEVICE"),
        "). Wife ",
        (wife, "NAME"),
        " present, wants him home by ",
        (_holiday(g), "DATE"),
        ".\n\nProcedure: seated lateral and A-P views, 30 fps; barium thin (IDDSI 0), mildly thick (2), puree (4), "
        "soft & bite-sized (6). Fluoro time 3.2 min.\nFindings: reduced base-of-tongue retraction, delayed swallow "
        "initiation to the pyriform sinuses; silent aspiration of thin liquid during the swallow, PAS 8 "
        "(Rosenbek scale); mildly thick PAS 3; puree PAS 1 with vallecular residue cleared by a second swallow. "
        "Chin tuck ineffective; Mendelsohn maneuver improved UES opening. Small Zenker's diverticulum noted by "
        "radiology. MBSImP overall impression 14.\n\nRecommendations: IDDSI level 5 minced & moist, level 2 mildly "
        "thick liquids by teaspoon, meds crushed in puree, upright 90 degrees, 1:1 supervision; NPO if febrile. "
        "Continue SLP 5x/wk, NMES not indicated. Repeat MBSS in 4-6 wks.\nResults and video: ",
        (f"https://pacs.{_domain(short)}/viewer?acc={_digits(g, 10)}", "URL"),
        "\nReport faxed to ",
        (snf, "LOCATION"),
        " at ",
        (_phone(g), "FAX"),
        ", attn. ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", DON; wife's cell ",
        (_phone(g), "PHONE"),
        ".\n\n",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", MA, CCC-SLP   License ",
        (f"SP{_digits(g, 5)}", "LICENSE"),
        "   ",
        (_date(g), "DATE"),
        "\n",
    ]


def drug_test_custody(g: Source) -> list[Part]:
    """A DOT drug test's custody and control form with the medical review officer's verification: the donor's SSN box
    and commercial driver's licence, the employer (LOCATION) and its truck's plate and VIN (VEHICLE, the employer's
    identifiers), the specimen ID (ACCOUNT), the collection site and the lab, temperature and panel codes (not PHI),
    the collector's and MRO's names, the MRO's fax."""
    employer = _employer(g)
    site, _ = _facility(g, ["Occupational Health", "Urgent Care", "Drug Testing Services", "Workplace Health"])
    kinds = ["Toxicology Laboratory", "Forensic Toxicology", "Clinical Reference Lab"]
    lab = f"{g.r.choice([_last(g), _town(g)])} {g.r.choice(kinds)}"
    der_first, der_last = _first(g), _last(g)
    donor_first, donor_last = _first(g), _last(g)
    mro_first, mro_last = _first(g), _last(g)
    rx = g.r.choice(["none", "lisdexamfetamine (Vyvanse) 40 mg", "dextroamphetamine-amphetamine (Adderall XR) 20 mg"])
    return [
        "FEDERAL DRUG TESTING CUSTODY AND CONTROL FORM - COPY 2 (MRO)\nSpecimen ID No. ",
        (f"{_digits(g, 7)}", "ACCOUNT"),
        "   Accession No. ",
        (f"{_alnum(g, 1, 'ABCDEF')}{_digits(g, 9)}", "ACCOUNT"),
        "\n\nSTEP 1 (employer / collector)\nA. Employer: ",
        (employer, "LOCATION"),
        ", ",
        *_address(g),
        "\n   DER: ",
        (f"{der_first} {der_last}", "NAME"),
        "   Ph ",
        (_phone(g), "PHONE"),
        "   Fax ",
        (_phone(g), "FAX"),
        "   ",
        (_email(g, der_first, der_last, _domain(employer)), "EMAIL"),
        "\nB. MRO: Dr. ",
        (f"{mro_first} {mro_last}", "NAME"),
        ", ",
        *_address(g),
        "   Fax ",
        (_phone(g), "FAX"),
        "\nC. Donor SSN or Employee I.D. No.: ",
        (_ssn(g), "SSN"),
        "\nD. Specify testing authority: FMCSA\nE. Reason for test: ",
        g.r.choice(["Post-Accident", "Random", "Reasonable Suspicion", "Pre-employment"]),
        "\nF. Drug tests to be performed: THC, COC, PCP, OPI, AMP (5-panel)\nG. Collection site: ",
        (site, "LOCATION"),
        ", ",
        *_address(g),
        "   Ph ",
        (_phone(g), "PHONE"),
        "\n\nSTEP 2: temperature read within 4 minutes, 90-100 F: Yes.   Split specimen: Yes (Bottle A 45 mL / B "
        "15 mL).\nSTEP 4 (collector): ",
        (f"{_first(g)} {_last(g)}".upper(), "NAME"),
        ", collected ",
        (_date(g), "DATE"),
        f" at {_time(g)}; released to FedEx for ",
        (lab, "LOCATION"),
        ".\nSTEP 5 (donor): ",
        (_person(g) if g.r.random() < 0.4 else f"{donor_first} {donor_last}", "NAME"),
        "   DOB ",
        (_dob(g), "DATE"),
        "   Daytime ph ",
        (_phone(g), "PHONE"),
        "   Evening ph ",
        (_phone(g), "PHONE"),
        "\n\nPost-accident information: tractor ",
        g.r.choice(["2021 Freightliner Cascadia", "2019 Kenworth T680", "2022 Peterbilt 579", "2018 Volvo VNL 760"]),
        ", plate ",
        (_plate(g), "VEHICLE"),
        " (",
        _state(g),
        "), VIN ",
        (_vin(g), "VEHICLE"),
        "; crash on ",
        (_date(g), "DATE"),
        " near ",
        (_town(g), "LOCATION"),
        ", mile marker 114 (citation issued, 49 CFR 382.303).\n\nMRO VERIFICATION\nLab result: ",
        g.r.choice(["NEGATIVE", "NEGATIVE-DILUTE (creatinine 14 mg/dL, SG 1.0018)", "POSITIVE - AMP (amphetamine "
                    "1,420 ng/mL)"]),
        ". Donor interviewed by phone ",
        (_date(g), "DATE"),
        "; CDL ",
        (f"{_alnum(g, 1, 'ABCDEFGHJKLMNPRSTW')}{_digits(g, 3)}-{_digits(g, 3)}-{_digits(g, 3)}", "LICENSE"),
        " (",
        _state(g),
        ", class A) verified. Legitimate prescription reviewed: ",
        *(["none"] if rx == "none" else [f"{rx}, prescribed by Dr. ", (_last(g), "NAME")]),
        ".\nVerified result reported to the DER ",
        (_date(g), "DATE"),
        ". Return-to-duty not applicable.\n\n",
        (f"{mro_first[0]}. {mro_last}", "NAME"),
        ", DO, MRO (MROCC certified)   ",
        (_date(g), "DATE"),
        "\n",
    ]


def anticoag_clinic(g: Source) -> list[Part]:
    """A pharmacist-run anticoagulation clinic's INR flowsheet and phone note: an old patient (the form's age field),
    risk scores and a valve named after a saint (St. Jude: an eponym, not a place), weekly doses and INRs in a
    table with dates, a home INR meter's model (not PHI) and serial (DEVICE), its upload link and address, the
    holiday diet change, the pharmacist's initials."""
    clinic, short = _facility(g, ["Anticoagulation Clinic", "Coumadin Clinic", "Anticoagulation Service",
                                  "Heart & Vascular - Anticoagulation"])
    pt_first, pt_last = _first(g), _last(g)
    age = g.r.randint(90, 101)
    rows: list[Part] = []
    dose = g.r.choice([27.5, 30.0, 32.5, 35.0])
    for day in _date_series(g, g.r.randint(3, 5)):
        inr = round(g.r.uniform(1.6, 3.9), 1)
        change = "no change" if 2.4 <= inr <= 3.6 else ("+7.5%" if inr < 2.4 else "hold x1, -10%")
        rows += [(day, "DATE"), f" | {inr:<4} | {dose:>5} mg/wk | {change:<13} | {g.r.choice([1, 2, 2, 4])} wk\n"]
    return [
        (clinic, "LOCATION"),
        " - ",
        (short, "LOCATION"),
        "\nANTICOAGULATION FLOWSHEET\n\nPatient: ",
        (f"{pt_last}, {pt_first}", "NAME"),
        "   MRN: ",
        (_mrn(g), "MRN"),
        "   DOB: ",
        (_dob(g, old=True), "DATE"),
        "   Age: ",
        (str(age), "AGE"),
        "\nIndication: mechanical mitral valve (St. Jude Medical Regent, 2011) + atrial fibrillation; CHA2DS2-VASc "
        "5, HAS-BLED 2. Goal INR 2.5-3.5. Warfarin (Jantoven) 5 mg tabs, peach.\nManaging provider: Dr. ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        "   Medicare MBI ",
        (_mbi(g), "HEALTH_PLAN"),
        "\nHome INR monitoring: ",
        g.r.choice(["Roche CoaguChek XS", "Roche CoaguChek INRange", "Siemens Xprecia Stride"]),
        " meter, serial ",
        (f"{_alnum(g, 2, 'UWZ')}{_digits(g, 8)}", "DEVICE"),
        ", results uploaded weekly from ",
        (_ipv6(g) if g.r.random() < 0.5 else _ipv4(g), "IP"),
        " to ",
        (f"https://inr.{_domain(clinic)}/pt/{_alnum(g, 8).lower()}", "URL"),
        " (G0249 / G0250).\n\nDate        | INR  | Dose        | Change        | Next\n",
        *rows,
        "\nPhone note ",
        (_date(g), "DATE"),
        f" {_time(g)}: called ",
        (_phone(g), "PHONE"),
        ", spoke with pt and daughter ",
        (_person(g), "NAME"),
        " (HIPAA release on file). INR 1.8 after ",
        (_holiday(g), "DATE"),
        ": extra greens (kale salad), no missed doses, no new meds (amiodarone, TMP-SMX, fluconazole screened). No "
        "bleeding, bruising, melena or falls. Pt is ",
        (g.r.choice([f"{age} years old", f"aged {age}", _age_words(age), f"{age} yo", f"age {_age_words(age)}"]),
         "AGE"),
        ", lives independently in ",
        (_town(g), "LOCATION"),
        ", drives to church. Boost 7.5 mg tonight then resume; recheck 1 wk. Enoxaparin bridge not needed.\n"
        "Teach-back OK. Next appointment ",
        (_date(g), "DATE"),
        ".\n\n",
        (_initials(g), "NAME"),
        " / ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", PharmD, CACP\n",
    ]


_MIXED = ("mixed",)
_FORMS = ("mixed", "caps")  # forms, custody forms and worksheets are often printed in capitals
_NOTES = ("mixed", "mixed", "lower", "caps")  # phone logs and nursing-style notes are typed in every case
# name -> (template, the letter cases it is rendered in); ``corpus.TEMPLATES`` registers them as part "test"
V6_BUILDERS: dict[str, tuple[Callable[[Source], list[Part]], tuple[str, ...]]] = {
    "mohs-surgery": (mohs_surgery, ("mixed", "mixed", "caps")),
    "correctional-intake": (correctional_intake, ("caps", "mixed", "lower")),
    "fertility-cycle": (fertility_cycle, _MIXED),
    "poison-control": (poison_control, _NOTES),
    "chaplain-note": (chaplain_note, ("mixed", "mixed", "lower")),
    "death-worksheet": (death_worksheet, ("caps", "mixed")),
    "allergy-clinic": (allergy_clinic, _MIXED),
    "swallow-study": (swallow_study, ("mixed", "mixed", "caps")),
    "drug-test-custody": (drug_test_custody, _FORMS),
    "anticoag-clinic": (anticoag_clinic, _NOTES),
}
