"""The fifth test part of the synthetic PHI corpus (issue 11): ten templates written without reading the engine.

Written on 7 December 2026 by a helper (branch ``v5b``) who had not read the engine (``src/phigate/phi``), its
documentation, its error classes or the benchmark's output, from general knowledge of how clinics write, never from
real notes: an ophthalmology cataract work-up, an audiology hearing-aid fitting, a bariatric surgery clinic visit, a
kidney-transplant coordinator note, a NICU parent update, a blood-bank transfusion record, an opioid treatment
program dosing record, a travel-medicine consultation, a durable medical equipment order and an ambulance billing
abstract. None of these settings is used by an earlier template. Nobody tunes on them: they measure whether fixes
made elsewhere generalise.

The annotation conventions are those of the train templates in ``corpus.py`` and of the fourth part
(``corpus_v4``): a title ("Dr.", "Mrs.") and a credential (", MD", "Au.D.", "RN") sit outside the NAME span; a state
stays outside every span while town, street line and ZIP are LOCATION, ADDRESS and ZIP; facilities, agencies,
suppliers and employers are LOCATION; an age phrase in running text ("a 94-year-old", "aged ninety-two") is the AGE
span, and a form's "Age:" field holds its value alone; ages under 90 carry no span. Where the train templates show
no case, the HIPAA Safe Harbor list decides, and the line says so: a unit number is part of the street address;
ZIP+4 is one ZIP; a masked SSN's last four digits are SSN; a patient's driver's licence and passport are certificate
or licence numbers (LICENSE); an infant's footprint record and a dosing clinic's finger-scan template are biometric
identifiers; the words "Baby Girl" before a newborn's surname are not part of the name; an ambulance patient care
report's number is the agency's record of the patient (MRN). Numbers that identify no one are not PHI and carry no
span: ages under 90, gestational and corrected ages, day of life, times, doses, bed and pod numbers, vaccine lot
numbers, device model numbers, HCPCS, CPT and ICD codes, blood-product codes, HLA types and ambulance unit numbers.
Countries (larger than a state) and blood-group systems named after people (Kell, Duffy, Kidd, Lewis) carry no span
either.

This module imports nothing from ``corpus.py`` (which imports it), so the two cannot form an import cycle: a
template takes any source with the generator's ``r``, ``first``, ``last`` and ``city``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tests.vectors.phi.check_digits import Part, Source, dea, mbi, npi, vin_check_digit

# The part's own words, invented for it: in no data file of the engine and no other list of the generator (both
# checked by a test). Templates mix them with ordinary names and towns from the shared lists, as real notes do.
V5_FIRST = ["Brevanna", "Corvessa", "Dellamina", "Faunelle", "Gavrielo", "Ilsabet", "Joriander", "Kestrina",
            "Lunavere", "Nerissande", "Orsolwyn", "Pellamy", "Rhovanne", "Sabrielle", "Tamsinor", "Uriella",
            "Vaelric", "Wendaline", "Xiomaro", "Yselvane", "Zorabeth", "Aldwynne", "Cassivane", "Dorimond",
            "Evandrel", "Gideonne", "Jessaline", "Kiriathe", "Lorcanne", "Novalyn", "Amberlis", "Bexaline",
            "Cyrandel", "Delphor", "Eulavine", "Fennora", "Gracimel", "Halvessa"]
V5_LAST = ["Brackenholt", "Copperwaite", "Dunnivant", "Elderwick", "Farrowdene", "Gallowcombe", "Hembleton",
           "Ingleborne", "Jarrowsby", "Kettlewhite", "Larkspurne", "Mallowbrook", "Nethervane", "Orchardine",
           "Quillendorf", "Rathmoyle", "Sallowfield", "Umbergast", "Vintonbury", "Wexmoreland", "Zellerbrook",
           "Abernovich", "Bogdarescu", "Esterwald", "Fiorvanti", "Iwanaszko", "Jablonowicz", "Kowalewczyk",
           "Lindqvarn", "Mortensbrook", "Okonjiwe", "Przybyszek", "Ruvalcavo", "Tomaszewczyk", "Ulvenhagen",
           "Vasquerana", "Wojciechak", "Adebayomi", "Chukwuemena", "Oyelowande", "Takahashiro", "Nwabuezeh",
           "Delacroixe", "Santavenia"]
V5_TOWNS = ["Brasselwick", "Corrandale", "Drummelow", "Elstanbury", "Farnquist", "Glennomere", "Hadderly",
            "Iskelford", "Port Alvenna", "East Tressick", "South Calvermoor", "Mount Orrisby", "New Tallowford",
            "Quenlowe", "Pimberton", "Sorrelby", "Varnhollow", "Wickenden", "Ashlocket", "Bexholme",
            "Drenmoorby", "Oakhelmsted", "Lochtarran", "Norrowfield", "Glimmerton", "Quarrybend",
            "Calvary Springs", "Tressingham Falls"]
V5_STREETS = ["Brindlemark", "Cattlemoor", "Dovenbury", "Emberglade", "Flintmarrow", "Gosslingham", "Harrowcroft",
              "Inkwellow", "Jasperlyn", "Kindlebrook", "Lanternmoss", "Marigrove", "Oxbowden", "Pewterwick",
              "Quiverbank", "Rushcandle", "Thimblecot", "Saltgrovenor"]
V5_VOCABULARY = (*V5_FIRST, *V5_LAST, *V5_TOWNS, *V5_STREETS)
# the generic words of some towns' names, shared with real place names ("Port", "Mount", "Falls")
V5_GENERIC = ("port", "east", "south", "mount", "new", "calvary", "springs", "falls")

OWN_SHARE = 0.6  # of names and towns drawn from the part's own words; the rest are ordinary (shared lists)

_STATES = ["AL", "AK", "AZ", "DE", "HI", "ID", "IL", "IN", "KS", "KY", "MD", "MI", "MS", "NC", "ND", "NE", "NV",
           "NJ", "OK", "RI", "SD", "TN", "UT", "VA", "WV", "WI", "WY", "Indiana", "Kentucky", "Nebraska",
           "Tennessee", "Wisconsin", "Utah", "Delaware", "N.C.", "Va."]
_STREET_TYPES = ["Street", "St", "Avenue", "Ave.", "Road", "Rd.", "Drive", "Dr.", "Lane", "Ln", "Court", "Ct.",
                 "Boulevard", "Blvd.", "Circle", "Way", "Place", "Pl", "Terrace", "Trail", "Parkway", "Pkwy.",
                 "Hwy", "Crescent", "Cres", "Grove", "Gardens", "Meadows", "Knoll", "Orchard", "Shoals", "Spur",
                 "Estates", "Est", "Fork", "Frk", "Harbor", "Hbr", "Junction", "Jct", "Manor", "Mnr", "Mill",
                 "Mews", "Plaza", "Plz", "Ramp", "Station", "Sta", "Summit", "Smt", "Vista", "Vis", "Ville"]
_UNITS = ["Apt {n}", "Apt #{n}", "Apartment {n}{a}", "Unit {a}{n}", "#{n}", "Ste. {n}", "Suite {n}", "Trlr {n}",
          "Lot #{n}", "Spc {n}", "Dept {n}", "Floor {n}", "Bsmt", "Rear", "Upper", "Lowr"]
_DIRECTIONS = ["N.", "S.", "E.", "W.", "NW", "SE", "Northwest", "East"]
_ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_HOLIDAYS = ["Thanksgiving Day", "Christmas morning", "New Year's", "July 4th", "Independence Day",
             "Martin Luther King Day", "Presidents' Day", "Father's Day", "Columbus Day", "Good Friday",
             "Christmas", "Labor Day"]
_MAIL = ["gmail.com", "yahoo.com", "proton.me", "icloud.com", "att.net", "msn.com", "live.com", "me.com",
         "verizon.net", "ymail.com"]


# ---- names, places and numbers ------------------------------------------------------------------------------


def _first(g: Source) -> str:
    return g.r.choice(V5_FIRST) if g.r.random() < OWN_SHARE else g.first()


def _last(g: Source) -> str:
    return g.r.choice(V5_LAST) if g.r.random() < OWN_SHARE else g.last()


def _mi(g: Source) -> str:
    return g.r.choice("ABCDEFGHJKLMNPRSTVWZ")


def _person(g: Source) -> str:
    """A full name as forms and notes write it: plain, with a middle initial or name, "LAST, First", with an
    apostrophe or "Mc" prefix, hyphenated, or with a generational suffix (part of the legal name)."""
    f, last = _first(g), _last(g)
    return g.r.choice([
        f"{f} {last}",
        f"{f} {last}",
        f"{f} {_mi(g)} {last}",
        f"{f} {_first(g)} {last}",
        f"{last}, {f}",
        f"{last.upper()}, {f}",
        f"{last}, {f} {_mi(g)}.",
        f"{f} O'{last}",
        f"{f} Mc{last}",
        f"{f} {last}-{_last(g)}",
        f"{f} {last}, {g.r.choice(['Jr.', 'Sr.', 'IV'])}",
    ])


def _initials(g: Source) -> str:
    f, last = _first(g), _last(g)
    return g.r.choice([f"{f[0]}{last[0]}", f"{f[0]}. {last[0]}.", f"{f[0]}{_mi(g)}{last[0]}",
                       f"{f[0]}{last[:2]}".upper()])


def _town(g: Source) -> str:
    return g.r.choice(V5_TOWNS) if g.r.random() < OWN_SHARE else g.city()


def _state(g: Source) -> str:
    return g.r.choice(_STATES)


def _ordinal(d: int) -> str:
    return f"{d}{'th' if 10 <= d % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


def _street(g: Source, unit: float = 0.3) -> str:
    """A street line: house number (sometimes with a half or a letter), optional direction, a name (the part's own,
    a surname, a first name, an ordinal), a USPS suffix, sometimes a unit (inside the span: the street address)."""
    n = g.r.choice([str(g.r.randint(1, 99)), str(g.r.randint(100, 9999)), str(g.r.randint(10000, 49999)),
                    f"{g.r.randint(2, 900)} 1/2", f"{g.r.randint(10, 900)}-{g.r.choice('ABC')}"])
    name = g.r.choice([g.r.choice(V5_STREETS), g.r.choice(V5_STREETS), _last(g), _first(g),
                       _ordinal(g.r.randint(2, 140))])
    if g.r.random() < 0.08:
        line = f"{n} {g.r.choice(['US Hwy', 'State Hwy', 'County Rd', 'FM', 'SR'])} {g.r.randint(2, 999)}"
    else:
        direction = g.r.choice(_DIRECTIONS) + " " if g.r.random() < 0.2 else ""
        line = f"{n} {direction}{name} {g.r.choice(_STREET_TYPES)}"
    if g.r.random() < unit:
        line += g.r.choice([" ", ", "]) + g.r.choice(_UNITS).format(n=g.r.randint(1, 612), a=g.r.choice("ABCDEF"))
    return line


def _zip(g: Source) -> str:
    z = f"{g.r.randint(601, 99929):05d}"
    return f"{z}-{g.r.randint(1, 9999):04d}" if g.r.random() < 0.3 else z


def _address(g: Source, sep: str = ", ") -> list[Part]:
    """Street line, town, state and ZIP as one block (or a PO box or rural route, an address too)."""
    roll = g.r.random()
    street = _street(g) if roll < 0.85 else (f"P.O. Box {g.r.randint(1, 99999)}" if roll < 0.95
                                             else f"RR {g.r.randint(1, 9)} Box {g.r.randint(10, 999)}")
    return [(street, "ADDRESS"), sep, (_town(g), "LOCATION"), g.r.choice([", ", " ", ",  "]), _state(g),
            g.r.choice([" ", "  "]), (_zip(g), "ZIP")]


def _facility(g: Source, kinds: Sequence[str]) -> tuple[str, str]:
    """A facility's full name and the short form staff write later: its head word(s) or its initials."""
    head = g.r.choice([_town(g), _last(g), f"Saint {_first(g)}", f"{_last(g)} & {_last(g)}", f"Mount {_last(g)}"])
    full = f"{head} {g.r.choice(kinds)}"
    initials = "".join(w[0] for w in full.replace("-", " ").replace("&", " ").split() if w[0].isupper())
    return full, g.r.choice([head, initials if len(initials) >= 3 else head])


def _employer(g: Source) -> str:
    kinds = ["Meat Packing", "Auto Body", "Casket Co.", "Cabinetry LLC", "Brewing Company", "Veneer Plant",
             "Ready Mix Concrete", "Cheese Cooperative", "Call Center", "Sawmill", "Truck Stop", "Nursery & Garden",
             "Credit Union", "Public Library", "Car Wash"]
    return f"{g.r.choice([_last(g), _town(g)])} {g.r.choice(kinds)}"


def _date(g: Source, lo: int = 2019, hi: int = 2026) -> str:
    y, m, d = g.r.randint(lo, hi), g.r.randint(1, 12), g.r.randint(1, 28)
    mon = _MONTHS[m - 1]
    return g.r.choice([
        f"{m}/{d}/{y}", f"{m:02d}/{d:02d}/{y}", f"{m}/{d}/{y % 100:02d}", f"{m:02d}/{d:02d}/{y % 100:02d}",
        f"{m:02d}-{d:02d}-{y}", f"{y}/{m:02d}/{d:02d}", f"{y}-{m:02d}-{d:02d}", f"{mon} {d}, {y}",
        f"{mon} {_ordinal(d)}, {y}", f"{mon[:3]}-{d:02d}-{y}", f"{d:02d} {mon[:3]} {y}",
        f"{d}-{mon[:3].upper()}-{y}", f"{d:02d}{mon[:3].upper()}{y % 100:02d}", f"{m:02d}{d:02d}{y}",
        f"{m}.{d}.{y % 100:02d}", f"{mon[:3]} '{y % 100:02d}",
        f"{d} {mon}", f"{mon[:3]}. {_ordinal(d)}", f"{m}/{d}", f"{mon} {y}",
    ])


def _dob(g: Source, old: bool = False) -> str:
    return _date(g, 1918, 1935) if old else _date(g, 1930, 2008)


def _age_words(n: int) -> str:
    if n >= 100:
        rest = n - 100
        return "one hundred" + (f" {_ONES[rest]}" if rest else "")
    return "ninety" + (f"-{_ONES[n - 90]}" if n > 90 else "")


def _old_age(g: Source, before_noun: bool = False) -> str:
    """An age over 89 in running text, digits or words with its unit: before a noun ("a 94-year-old") or as a
    predicate ("aged ninety-two", "97 y.o.")."""
    n = g.r.randint(90, 105)
    words = _age_words(n)
    if before_noun:
        return g.r.choice([f"{n}-year-old", f"{n} year old", f"{n}-yr-old", f"{n} y.o.", f"{words} year old",
                           f"{n}-y/o"])
    return g.r.choice([f"aged {words}", f"age {n}", f"{n} years of age", f"{n} y.o.", f"{words} years old",
                       f"{n}yrs", f"{n} years"])


def _phone(g: Source) -> str:
    a, e, n = g.r.randint(201, 989), g.r.randint(200, 999), g.r.randint(0, 9999)
    return g.r.choice([f"({a}) {e}-{n:04d}", f"{a}-{e}-{n:04d}", f"{a}.{e}.{n:04d}", f"({a}) {e} {n:04d}",
                       f"{a} {e}-{n:04d}", f"+1 ({a}) {e}-{n:04d}", f"1 ({a}) {e}-{n:04d}", f"{a}{e}{n:04d}",
                       f"+1-{a}-{e}-{n:04d}", f"1.{a}.{e}.{n:04d}"])


def _email(g: Source, first: str, last: str, domain: str | None = None) -> str:
    user = g.r.choice([f"{first}.{last}", f"{first[0]}.{last}", f"{last}.{first[0]}{g.r.randint(1, 9)}",
                       f"{first}{g.r.randint(1960, 2005)}", f"{first[0]}{last}{g.r.randint(1, 99)}",
                       f"{last}_{first}", f"{first}-{last}"]).lower()
    return f"{''.join(c for c in user if c.isalnum() or c in '._-')}@{domain or g.r.choice(_MAIL)}"


def _slug(name: str) -> str:
    return "".join(c for c in name.lower() if c.isalnum())[:18]


def _domain(name: str) -> str:
    """An organisation's web domain made from its name ("Quenlowe Eye Center" -> quenloweeyecenter.health)."""
    return _slug(name) + [".org", ".com", ".health", ".net"][len(name) % 4]


def _digits(g: Source, n: int) -> str:
    return "".join(str(g.r.randint(0, 9)) for _ in range(n))


def _alnum(g: Source, n: int, alphabet: str = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789") -> str:
    return "".join(g.r.choice(alphabet) for _ in range(n))


def _mrn(g: Source) -> str:
    return g.r.choice([_digits(g, 7), f"{_digits(g, 2)}-{_digits(g, 2)}-{_digits(g, 2)}", f"M{_digits(g, 8)}",
                       f"000{_digits(g, 6)}", f"{_digits(g, 3)} {_digits(g, 4)}", f"HN{_digits(g, 6)}"])


def _account(g: Source) -> str:
    return g.r.choice([_digits(g, 11), f"A{_digits(g, 9)}", f"{_digits(g, 4)}-{_digits(g, 4)}-{_digits(g, 2)}",
                       f"HAR {_digits(g, 9)}", f"{_digits(g, 6)}/{_digits(g, 2)}"])


def _ssn(g: Source) -> str:
    a, b, c = g.r.randint(100, 665), g.r.randint(10, 99), g.r.randint(1000, 9999)
    return g.r.choice([f"{a}-{b}-{c}", f"{a} {b} {c}", f"{a}{b}{c}"])


def _npi(g: Source) -> str:
    return npi(g.r)


def _dea(g: Source, last: str) -> str:
    return dea(g.r, last, "ABFGM")


def _mbi(g: Source) -> str:
    return mbi(g.r, 0.6)


def _member_id(g: Source) -> str:
    return g.r.choice([f"{g.r.choice(['HMA', 'QZV', 'UHX', 'BCX', 'AMG'])}{_digits(g, 9)}", f"{_digits(g, 9)}00",
                       f"{_alnum(g, 3, 'ABCDEFGHJKLMNPRTUVWXYZ')}-{_digits(g, 6)}-{_digits(g, 2)}",
                       f"{_digits(g, 3)}{_alnum(g, 2, 'ABCDEFGHJK')}{_digits(g, 5)}"])



def _vin(g: Source) -> str:
    """A 17-character VIN (no I, O or Q) whose ninth character is its check digit (49 CFR 565)."""
    chars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    wmi = g.r.choice(["1HG", "2T1", "5YJ", "1FT", "3VW", "JM1", "KNA", "1C4", "4S4", "WBA"])
    body = [*wmi, *(g.r.choice(chars) for _ in range(5)), "0", g.r.choice("KLMNPRST"),
            g.r.choice(chars), *(g.r.choice("0123456789") for _ in range(6))]
    body[8] = vin_check_digit(body)
    return "".join(body)


def _plate(g: Source) -> str:
    c = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return g.r.choice([f"{''.join(g.r.choice(c) for _ in range(3))} {_digits(g, 4)}",
                       f"{_digits(g, 3)}-{''.join(g.r.choice(c) for _ in range(3))}",
                       f"{g.r.choice(c)}{_digits(g, 2)}{''.join(g.r.choice(c) for _ in range(2))}{_digits(g, 2)}",
                       f"{_digits(g, 1)}{''.join(g.r.choice(c) for _ in range(2))}{_digits(g, 4)}"])


def _ipv4(g: Source) -> str:
    return g.r.choice([f"{g.r.choice([23, 45, 63, 71, 99, 104, 136, 162, 184, 207])}.{g.r.randint(0, 255)}."
                       f"{g.r.randint(0, 255)}.{g.r.randint(1, 254)}",
                       f"192.168.{g.r.randint(0, 255)}.{g.r.randint(2, 254)}",
                       f"100.{g.r.randint(64, 127)}.{g.r.randint(0, 255)}.{g.r.randint(1, 254)}"])


def _ipv6(g: Source) -> str:
    hx = [f"{g.r.randint(0, 0xFFFF):04x}" for _ in range(8)]
    return g.r.choice([f"2601:{hx[0]}:{hx[1]}:{hx[2]}:{hx[3]}:{hx[4]}:{hx[5]}:{hx[6]}",
                       f"2603:{hx[0]}:{hx[1]}::{hx[2]}", f"2001:{hx[0]}:{hx[1]}:{hx[2]}::{hx[3]}:{hx[4]}",
                       f"2a01:{hx[0]}::{hx[1]}"])


def _holiday(g: Source) -> str:
    return g.r.choice(_HOLIDAYS)


def _time(g: Source) -> str:
    return g.r.choice([f"{g.r.randint(0, 23):02d}{g.r.randint(0, 59):02d}",
                       f"{g.r.randint(1, 12)}:{g.r.randint(0, 59):02d} {g.r.choice(['AM', 'PM', 'am', 'pm'])}",
                       f"{g.r.randint(0, 23):02d}:{g.r.randint(0, 59):02d}"])


def _young_age(g: Source, lo: int = 18, hi: int = 89) -> str:
    """An age under 90, written as the part writes its ages: no span (not PHI)."""
    n = g.r.randint(lo, hi)
    return g.r.choice([f"{n} yo", f"{n}-year-old", f"{n} y/o", f"age {n}", f"{n}yo"])


# ---- the templates ------------------------------------------------------------------------------------------

_IOLS = ["Alcon AcrySof IQ SN60WF", "J&J Tecnis ZCB00", "B+L enVista MX60E", "Alcon Clareon CNA0T0",
         "Tecnis Eyhance DIB00", "Rayner RayOne EMV RAO200E"]


def ophthalmology(g: Source) -> list[Part]:
    """A comprehensive eye exam before cataract surgery: acuities, pressures, eponymous tests and lens models (not
    PHI) beside the fellow eye's implant serial (a device identifier), the DMV vision form, a scribe's initials."""
    practice, short = _facility(g, ["Eye Associates", "Vision Center", "Eye Institute", "Ophthalmology",
                                    "Retina & Cataract"])
    asc = f"{g.r.choice([_town(g), _last(g)])} {g.r.choice(['Surgery Center', 'Ambulatory Surgery Center', 'ASC'])}"
    pt_first, pt_last = _first(g), _last(g)
    surgeon = _last(g)
    return [
        (practice, "LOCATION"),
        "  |  ",
        *_address(g, "  |  "),
        "  |  ph ",
        (_phone(g), "PHONE"),
        "\nCOMPREHENSIVE EYE EXAM - CATARACT EVALUATION\n\nPatient: ",
        (f"{pt_first} {pt_last}", "NAME"),
        "     DOB: ",
        (_dob(g, old=True), "DATE"),
        "     Acct: ",
        (_account(g), "ACCOUNT"),
        "\nDate of service: ",
        (_date(g), "DATE"),
        f"   Arrived {_time(g)}   Dilated with tropicamide 1% / phenylephrine 2.5% OU\n"
        "Referring optometrist: ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", OD (fax ",
        (_phone(g), "FAX"),
        ")\n\nCC/HPI: ",
        (pt_first, "NAME"),
        " is a ",
        (_old_age(g, before_noun=True), "AGE"),
        " retired ",
        g.r.choice(["machinist", "schoolteacher", "dairy farmer", "bookkeeper", "mail carrier"]),
        " with glare and halos driving at night, worse OD. Still drives to ",
        (_town(g), "LOCATION"),
        " twice a week. Hx of tamsulosin (Flomax) 0.4 mg, stopped 2 yrs ago - IFIS risk. "
        "Fellow eye (OS) had phaco/IOL ",
        (_date(g, 2012, 2022), "DATE"),
        " at ",
        (asc, "LOCATION"),
        ": ",
        g.r.choice(_IOLS),
        f" +{g.r.randint(17, 24)}.{g.r.choice(['0', '5'])} D, lens serial no. ",
        (f"{_digits(g, 11)}", "DEVICE"),
        ".\n\nVA cc (Snellen): OD 20/",
        str(g.r.choice([60, 70, 80, 100, 200])),
        " PH 20/50   OS 20/25-2.  BAT (glare) OD 20/400.  IOP (Goldmann) ",
        f"{g.r.randint(12, 21)}/{g.r.randint(12, 21)} mmHg at {_time(g)}.\n"
        "Pupils: PERRL, no APD.  EOM full.  CVF full to finger count OU.  Amsler grid: no metamorphopsia.\n"
        "SLE: 3+ nuclear sclerosis, 2+ PSC OD; PCIOL well centered OS, trace PCO. Cornea: Fuchs guttae 1+ OU, "
        "pachymetry 552/548 um.\nDFE: C/D 0.4 OU, scattered hard drusen, no CNV, periphery flat 360 (Schepens).\n"
        "Biometry (Zeiss IOLMaster 700): AL 23.48 mm, K1 43.25 @ 176, K2 44.00 @ 86, ACD 2.91 mm; "
        "Barrett Universal II.\n\nA/P: Visually significant cataract OD (H25.11), affecting ADLs and driving.\n"
        "- Phaco/IOL OD at ",
        (asc, "LOCATION"),
        " on ",
        (_date(g), "DATE"),
        " with Dr. ",
        (surgeon, "NAME"),
        "; target -0.25 D. Pre-op: ofloxacin, prednisolone acetate 1%, ketorolac 0.5% QID x 1 wk.\n"
        "- Ride home: ",
        g.r.choice(["daughter", "son", "neighbor", "niece", "husband"]),
        " ",
        (_person(g), "NAME"),
        ", cell ",
        (_phone(g), "PHONE"),
        ".\n- DMV vision report completed for driver license ",
        (f"{_alnum(g, 1, 'ABCDEFGHJKLMNPRSTW')}{_digits(g, 3)}-{_digits(g, 4)}-{_digits(g, 4)}", "LICENSE"),
        "; no night driving until post-op refraction.\n- Return to ",
        (short, "LOCATION"),
        " POD1, POW1, POM1.\n\n",
        (f"{_first(g)} {_mi(g)}. {surgeon}", "NAME"),
        ", MD   ",
        (_date(g), "DATE"),
        "\nScribed by ",
        (_initials(g), "NAME"),
        ", COA, in the presence of the physician.\n",
    ]


_AIDS = [("Phonak Audeo Lumity L90-R", "M receiver, open dome 8 mm"),
         ("Oticon Intent 1 miniRITE R", "85 receiver, power dome"),
         ("Signia Pure Charge&Go IX 7", "S receiver, click sleeve"),
         ("ReSound Nexia 9 RIE", "LP receiver, tulip dome"),
         ("Starkey Genesis AI 24 RIC RT", "M receiver, custom earmold")]


def audiology(g: Source) -> list[Part]:
    """A hearing-aid fitting and verification note: audiometric figures, Weber and Rinne, aid model numbers (not
    PHI) beside each aid's serial (a device identifier), the app's remote session, a trial period under state law."""
    clinic, short = _facility(g, ["Hearing Center", "Audiology Associates", "Hearing & Balance", "Audiology Clinic"])
    model, coupling = g.r.choice(_AIDS)
    pt_first, pt_last = _first(g), _last(g)
    grandchild = _first(g)
    return [
        (clinic, "LOCATION"),
        "\nAudiology - Hearing Aid Fitting & Verification (CPT 92591, V5261)\n\nName: ",
        (f"{pt_last.upper()}, {pt_first}", "NAME"),
        "   DOB ",
        (_dob(g, old=True), "DATE"),
        "   Age: ",
        (str(g.r.randint(90, 103)), "AGE"),
        "   MRN ",
        (_mrn(g), "MRN"),
        "\nAppointment ",
        (_date(g), "DATE"),
        f" {_time(g)}; accompanied by grandson ",
        (grandchild, "NAME"),
        ", who manages the app.\nAddress on file: ",
        *_address(g),
        "\nPlan: Medicare Advantage, member ",
        (_member_id(g), "HEALTH_PLAN"),
        "; hearing benefit $1,500 per ear q3y.\n\nAudiogram (",
        (_date(g), "DATE"),
        "): moderate-to-severe sloping SNHL AU, PTA R 56 / L 61 dB HL; WRS 76% R, 68% L at 85 dB HL; QuickSIN "
        "SNR loss 9 dB. Tympanometry type A AU. Weber midline, Rinne AC>BC AU (512 Hz). No red flags; "
        "otoscopy clear after cerumen removal.\n\nFitted: ",
        model,
        " x2, ",
        coupling,
        ".\n  R serial ",
        (f"{_digits(g, 4)}{_alnum(g, 1, 'ABCDEFGHX')}{_digits(g, 4)}", "DEVICE"),
        "   L serial ",
        (f"{_digits(g, 4)}{_alnum(g, 1, 'ABCDEFGHX')}{_digits(g, 4)}", "DEVICE"),
        "\n  Charger S/N ",
        (f"CH{_digits(g, 8)}", "DEVICE"),
        "\nVerification: Audioscan Verifit 2 REM, NAL-NL2 targets met within 5 dB 250-4000 Hz at 55/65/80 dB SPL; "
        "MPO < UCL. Feedback manager run. Programs: Auto, Restaurant, TV streamer.\n"
        "App paired to ",
        (grandchild, "NAME"),
        "'s phone; remote fine-tuning consent signed, first session from ",
        (_ipv4(g) if g.r.random() < 0.6 else _ipv6(g), "IP"),
        " via ",
        (f"https://remotecare.{_domain(short)}/session/{_alnum(g, 10).lower()}", "URL"),
        ".\nCounseled: insertion, cleaning (wax guards), battery life ~24 h, realistic expectations. "
        f"{g.r.randint(30, 60)}-day trial per state law ends ",
        (_date(g), "DATE"),
        "; invoice ",
        (f"INV{_digits(g, 6)}", "ACCOUNT"),
        ".\nFollow-up 2 wks at ",
        (short, "LOCATION"),
        " satellite in ",
        (_town(g), "LOCATION"),
        ".\n\n",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", Au.D., CCC-A   License ",
        (f"AUD.{_digits(g, 6)}", "LICENSE"),
        "\n",
    ]


def bariatric(g: Source) -> list[Part]:
    """A bariatric surgery pre-operative visit: weights and BMIs, drug names and the Roux-en-Y, an old gastric band's
    serial, a shift worker's employer, the programme's portal and a holiday weigh-in; the patient is under 90."""
    program, short = _facility(g, ["Bariatric & Metabolic Institute", "Center for Weight Management",
                                   "Surgical Weight Loss", "Metabolic Surgery Program"])
    old_hosp, _ = _facility(g, ["General Hospital", "Medical Center", "Hospital"])
    pt_first, pt_last = _first(g), _last(g)
    return [
        (program, "LOCATION"),
        " - Surgeon Pre-operative Visit\nPatient: ",
        (f"{pt_first} {pt_last}", "NAME"),
        "   DOB: ",
        (_dob(g), "DATE"),
        "   MRN: ",
        (_mrn(g), "MRN"),
        "   Visit: ",
        (_date(g), "DATE"),
        "\nInsurer ID: ",
        (_member_id(g), "HEALTH_PLAN"),
        "   Prior auth requested for CPT 43644 (lap RYGB).\n\nS: ",
        _young_age(g, 24, 66),
        " ",
        g.r.choice(["F", "M", "woman", "man"]),
        " with class III obesity, T2DM (A1c 8.1% on metformin 1000 mg BID and semaglutide [Ozempic] 1 mg weekly), "
        "OSA on CPAP, GERD with LA grade B esophagitis. Lap-Band AP placed ",
        (_date(g, 2008, 2015), "DATE"),
        " at ",
        (old_hosp, "LOCATION"),
        ", port serial ",
        (f"{_digits(g, 2)}{_alnum(g, 2, 'ABCDEFGH')}{_digits(g, 6)}", "DEVICE"),
        ", removed for slippage. Weight-loss history: Weight Watchers, phentermine (Adipex-P), Wegovy; lowest "
        "weight since ",
        (_holiday(g), "DATE"),
        ". Works nights at ",
        (_employer(g), "LOCATION"),
        "; husband ",
        (_first(g), "NAME"),
        " attends the support group.\n\nO: Ht 5'4\", Wt 281 lb (start 302 lb), BMI 48.2; 6-month supervised diet "
        "complete (-21 lb). BP 138/84. Mallampati III. Abdomen: well-healed port scar LUQ, no hernia.\n"
        "Clearances: psych (",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", PhD, ",
        (_date(g), "DATE"),
        "); dietitian (",
        (_initials(g), "NAME"),
        ", RD, LDN); cardiology stress echo normal; EGD ",
        (_date(g), "DATE"),
        ": 3 cm hiatal hernia, H. pylori negative.\n\nA/P: Candidate for laparoscopic Roux-en-Y gastric bypass with "
        "hiatal hernia repair (K44.9). Nicotine cotinine neg. Hold semaglutide 1 week pre-op. Pre-op liquid diet "
        "2 wks. Vitamins post-op: bariatric MVI, B12, calcium citrate 1500 mg, iron.\nSurgery scheduled ",
        (_date(g), "DATE"),
        " with Dr. ",
        (_last(g), "NAME"),
        ". Video teach-back and consent via ",
        (f"https://{_slug(short)}.mychart-portal.org/visit/{_digits(g, 9)}", "URL"),
        "; pt prefers email ",
        (_email(g, pt_first, pt_last), "EMAIL"),
        " and text to ",
        (_phone(g), "PHONE"),
        ".\n\nElectronically signed: ",
        (f"{_first(g)} {_last(g)}".upper(), "NAME"),
        ", MD, FACS, FASMBS\n",
    ]


def transplant_coordinator(g: Source) -> list[Part]:
    """A kidney-transplant pre-listing coordinator note: registration identifiers, the peritoneal cycler's serial,
    how the centre reaches the patient at night, a living donor's contacts, immunology (not PHI), a parking plate."""
    centre, short = _facility(g, ["Transplant Institute", "Kidney Transplant Center", "Abdominal Transplant Program"])
    dialysis, _ = _facility(g, ["Dialysis", "Kidney Center", "Home Dialysis Unit"])
    pt_first, pt_last = _first(g), _last(g)
    donor_first, donor_last = _first(g), _last(g)
    return [
        "TRANSPLANT COORDINATOR NOTE - PRE-LISTING\n",
        (centre, "LOCATION"),
        "\n\nCandidate: ",
        (f"{pt_last}, {pt_first} {_mi(g)}", "NAME"),
        "  MRN ",
        (_mrn(g), "MRN"),
        "  DOB ",
        (_dob(g), "DATE"),
        "  SSN ",
        (_ssn(g), "SSN"),
        "\nOrgan: kidney (KI)  ABO O  cPRA 87%  HLA A2, A24; B44, B62; DR4, DR13 (HLA typing is not PHI).\n"
        "ESRD 2/2 IgA nephropathy; dialysis start date ",
        (_date(g, 2016, 2024), "DATE"),
        " (wait time accrues from it). Home PD at ",
        (dialysis, "LOCATION"),
        "; Baxter Amia cycler SN ",
        (f"{_alnum(g, 2, 'ABCDEFGHJK')}{_digits(g, 7)}", "DEVICE"),
        ".\nNephrologist: Dr. ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ".\n\nReachability (must answer an organ offer within 1 h, 24/7): cell ",
        (_phone(g), "PHONE"),
        ", home ",
        (_phone(g), "PHONE"),
        ", backup - ",
        g.r.choice(["brother", "wife", "partner", "adult daughter"]),
        " ",
        (_first(g), "NAME"),
        " ",
        (_phone(g), "PHONE"),
        ".\nLives in ",
        (_town(g), "LOCATION"),
        ", 2 h 10 min by car; drives a ",
        g.r.choice(["2016 Subaru Outback", "2019 Ford F-150", "2012 Toyota Camry", "2021 Kia Soul"]),
        ", plate ",
        (_plate(g), "VEHICLE"),
        " (",
        _state(g),
        "), registered for the ",
        (short, "LOCATION"),
        " garage.\n\nLiving donor inquiry: ",
        g.r.choice(["sister-in-law", "coworker", "cousin", "church friend"]),
        " ",
        (f"{donor_first} {donor_last}", "NAME"),
        ", ",
        _young_age(g, 23, 61),
        ", blood type A (incompatible; paired exchange discussed, NKR). Donor contact: ",
        (_email(g, donor_first, donor_last), "EMAIL"),
        ". Independent living donor advocate: ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", LICSW.\n\nMeds: sevelamer 1600 mg TID, cinacalcet, epoetin alfa at dialysis. Induction plan: "
        "Thymoglobulin; maintenance tacrolimus / mycophenolate / prednisone. Vaccines: Shingrix x2, PCV20, HBV "
        "titer > 10. Dental clearance ",
        (_date(g), "DATE"),
        ". CT A/P: mild iliac calcification.\nFinancial: Medicare Part A/B (MBI ",
        (_mbi(g), "HEALTH_PLAN"),
        "), secondary via spouse's employer, ",
        (_employer(g), "LOCATION"),
        ". Social work: good support, 24/7 caregiver plan x 6 wks.\n\nPresented at selection committee ",
        (_date(g), "DATE"),
        "; approved for listing. UNet registration complete.\n",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", RN, CCTC - pre-transplant coordinator, pager ",
        (f"{g.r.randint(2000, 7999)}", "PHONE"),
        "\n",
    ]


def nicu_update(g: Source) -> list[Part]:
    """A NICU family update: an infant named "Baby Girl <surname>" (the words before the surname are not PHI),
    gestational and corrected ages and day of life (not PHI), the infant-security tag and footprint record, parents'
    contacts, a bedside camera link, a transfer closer to home."""
    nicu, short = _facility(g, ["Children's Hospital", "Women & Infants Hospital", "Medical Center",
                                "Regional Perinatal Center"])
    baby_last = _last(g)
    mom_first, dad_first, dad_last = _first(g), _first(g), g.r.choice([baby_last, _last(g)])
    ga_w, ga_d, dol = g.r.randint(23, 31), g.r.randint(0, 6), g.r.randint(3, 60)
    cga_w = ga_w + (ga_d + dol) // 7
    return [
        (nicu, "LOCATION"),
        " NICU - Family Update / Social Note\n",
        g.r.choice(["Baby Girl", "Baby Boy", "Girl", "Boy", "BG", "BB"]),  # not part of the name: no span
        " ",
        (baby_last, "NAME"),
        g.r.choice(["", " (twin A)", " A", " (Twin B)"]),
        "   MRN ",
        (_mrn(g), "MRN"),
        "   DOB ",
        (_date(g, 2025, 2026), "DATE"),
        f" at {_time(g)}   Bed {g.r.randint(1, 48)}, pod {g.r.choice('ABCD')}\n"
        f"GA at birth {ga_w}+{ga_d} wks, DOL {dol}, CGA {cga_w} wks. BW {g.r.randint(540, 1650)} g, today "
        f"{g.r.randint(700, 2100)} g.\n\nCalled mom ",
        (mom_first, "NAME"),
        " at ",
        (_phone(g), "PHONE"),
        f" at {_time(g)}; she was pumping at home in ",
        (_town(g), "LOCATION"),
        ". Dad ",
        (f"{dad_first} {dad_last}", "NAME"),
        " on speaker. Updated on: bubble CPAP +6, FiO2 0.25-0.30; caffeine citrate 5 mg/kg daily; two "
        "brady/desat events, self-resolved. Feeds: MBM/donor milk 150 mL/kg/d with HMF 24 kcal via OG, PICC "
        "out. Head US DOL 7 and 28: no IVH, no PVL. ROP exam ",
        (_date(g, 2025, 2026), "DATE"),
        ": zone II stage 1, no plus, per Dr. ",
        (_last(g), "NAME"),
        " (ophthalmology); repeat in 2 wks.\nParents asked about hepatitis B vaccine and Synagis (palivizumab) "
        "before discharge; hearing screen (ABR) and CCHD screen pending; car seat test at 37 wks.\n\n"
        "Infant security: Hugs tag ",
        (f"{_alnum(g, 1, 'HT')}{_digits(g, 6)}", "DEVICE"),
        " checked; footprint record ",
        (f"FTP-{_digits(g, 7)}", "BIOMETRIC"),  # Safe Harbor: a footprint is a biometric identifier
        " on the birth certificate worksheet. Bedside camera for family: ",
        (f"https://nicuview.{_domain(short)}/cam/{_alnum(g, 8).lower()}", "URL"),
        " (password given to parents only).\nDonor milk from ",
        (f"{g.r.choice([_town(g), _last(g)])} Mothers' Milk Bank", "LOCATION"),
        ". WIC referral for breast pump; SW ",
        (_first(g), "NAME"),
        " aware of the family's travel (",
        str(g.r.randint(40, 140)),
        " miles each way). Grandmother ",
        (_person(g), "NAME"),
        " added to the visitor list.\nPlan discussed: back-transfer to ",
        (f"{_town(g)} {g.r.choice(['Community Hospital', 'Medical Center', 'Regional'])}", "LOCATION"),
        " Level II nursery when off CPAP, closer to home. Dad asked for updates by email: ",
        (_email(g, dad_first, dad_last), "EMAIL"),
        ".\n\n",
        (f"{_first(g).lower()} {_last(g).lower()}", "NAME"),
        ", rn  /  ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", NNP-BC\n",
    ]


def transfusion_record(g: Source) -> list[Part]:
    """A blood-bank crossmatch and transfusion record: ABO/Rh, antibodies named after people (Kell, Duffy, Kidd,
    Lewis, not PHI), product codes and times (not PHI), the two-person check by initials, the hospital that holds the
    antibody history, a caller's number."""
    hosp, short = _facility(g, ["Hospital", "Medical Center", "Health Center", "University Hospital"])
    other, _ = _facility(g, ["Memorial Hospital", "Regional Medical Center", "Hospital"])
    pt_first, pt_last = _first(g), _last(g)
    return [
        (short, "LOCATION"),
        " TRANSFUSION SERVICE - CROSSMATCH & ADMINISTRATION RECORD\n",
        (hosp, "LOCATION"),
        ", ",
        *_address(g),
        "\nPatient: ",
        (f"{pt_last.upper()}, {pt_first.upper()}", "NAME"),
        "   MRN: ",
        (_mrn(g), "MRN"),
        "   DOB: ",
        (_dob(g, old=True), "DATE"),
        "   Sex: F\nCollected: ",
        (_date(g), "DATE"),
        f" {_time(g)} by ",
        (_initials(g), "NAME"),
        "   Ordering: Dr. ",
        (_last(g), "NAME"),
        "\nABO/Rh: O NEG   Antibody screen: POS   ID: anti-K (Kell) and anti-Fy(a) (Duffy); Kidd and Lewis "
        "antigens typed.\nDAT (poly): neg.   Antigen-negative units requested: K-, Fy(a)-.\n"
        "Antibody history on file with ",
        (other, "LOCATION"),
        " blood bank, tel ",
        (_phone(g), "PHONE"),
        ", fax ",
        (_phone(g), "FAX"),
        ".\n\nIndication: Hgb 6.8 g/dL, symptomatic anemia; pt is ",
        (_old_age(g), "AGE"),
        ", CHF - transfuse slowly, furosemide 20 mg IV between units.\nProduct: RBC LR, E0336V00, ",
        f"{g.r.randint(270, 340)} mL, K-neg / Fy(a)-neg, crossmatch compatible (AHG).\n"
        "Consent for blood products signed ",
        (_date(g), "DATE"),
        "; no religious objection to blood products.\n\n"
        f"Pre-vitals {_time(g)}: T 36.8, HR 84, BP 128/66, RR 18, SpO2 95%.\nTwo-person bedside check: ",
        (_initials(g), "NAME"),
        " / ",
        (_initials(g), "NAME"),
        f"  Start {_time(g)} at 1 mL/kg/h x 15 min, then 100 mL/h.\n15-min vitals: T 36.9, HR 86, BP 130/68. "
        "No fever, rigors, urticaria, dyspnea or back pain. End time recorded; volume 310 mL. Post Hgb 7.9.\n"
        "Daughter ",
        (_first(g), "NAME"),
        " called for update, ",
        (_phone(g), "PHONE"),
        ".\nRN: ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        "   Verified by MLS(ASCP) ",
        (f"{_first(g)[0]}. {_last(g)}", "NAME"),
        "\n",
    ]


def otp_dosing(g: Source) -> list[Part]:
    """An opioid treatment program's dosing and counselling record (42 CFR Part 2): the finger-scan check-in, doses
    and times (not PHI), urine drug screen, take-home phase, guest dosing at another program, the prescriber's DEA."""
    program, short = _facility(g, ["Recovery Services", "Treatment Center", "Comprehensive Treatment Center",
                                   "Opioid Treatment Program"])
    guest, _ = _facility(g, ["Treatment Services", "Addiction Medicine", "Methadone Clinic"])
    prescriber = _last(g)
    pt_first, pt_last = _first(g), _last(g)
    dose = g.r.choice([45, 60, 80, 95, 110, 125])
    return [
        (program, "LOCATION"),
        "\nCONFIDENTIAL - 42 CFR PART 2: FEDERAL LAW PROHIBITS FURTHER DISCLOSURE\n"
        "DOSING & COUNSELING RECORD\n\nClient: ",
        (f"{pt_first} {pt_last}", "NAME"),
        "   Client #: ",
        (f"{_digits(g, 5)}", "MRN"),
        "   DOB: ",
        (_dob(g), "DATE"),
        "\nCheck-in ",
        (_date(g), "DATE"),
        f" {_time(g)}, identity by finger-scan (template ",
        (f"FS{_alnum(g, 10)}", "BIOMETRIC"),  # Safe Harbor: a finger print's template is a biometric identifier
        ", match score 0.97) and photo on file.\nMedication: methadone HCl oral concentrate 10 mg/mL, ",
        f"{dose} mg (up from {dose - 5} mg on ",
        (_date(g), "DATE"),
        "), observed, swallowed, then spoke to nurse. Split dose not indicated.\n"
        f"Time in program: {g.r.randint(3, 40)} months; phase {g.r.randint(1, 5)}, "
        f"{g.r.randint(1, 6)} take-homes/wk in lockbox. Last UDS ",
        (_date(g), "DATE"),
        ": methadone/EDDP +, fentanyl -, norfentanyl -, xylazine -, buprenorphine -, THC +.\n"
        "PDMP (state PMP) queried: no other controlled Rx. Naloxone 4 mg nasal kit on hand.\n\n"
        "Counseling (individual, 45 min): ",
        _young_age(g, 22, 68),
        " client reports stable housing at ",
        *_address(g),
        "; working ",
        g.r.choice(["first shift", "nights", "weekends", "seasonal"]),
        " at ",
        (_employer(g), "LOCATION"),
        ", dosing window 0530-0630 accommodates shift. Partner ",
        (_first(g), "NAME"),
        " supportive. Requests guest dosing at ",
        (guest, "LOCATION"),
        " in ",
        (_town(g), "LOCATION"),
        " from ",
        (_date(g), "DATE"),
        " to ",
        (_date(g), "DATE"),
        " for a family funeral; faxed guest-dose letter to ",
        (_phone(g), "FAX"),
        ".\nDriving: has ",
        _state(g),
        " license ",
        (f"{_alnum(g, 1, 'ABCDEFGHJKLMNPRSTW')}{_digits(g, 8)}", "LICENSE"),
        "; no sedation observed, counseled re: alcohol and benzodiazepines.\n"
        "Emergency contact: ",
        g.r.choice(["mother", "aunt", "sponsor", "sister"]),
        " ",
        (_person(g), "NAME"),
        ", ",
        (_phone(g), "PHONE"),
        ".\n\nCounselor: ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", LADC   Dose ordered by: ",
        (f"{_first(g)} {prescriber}", "NAME"),
        ", MD (DEA ",
        (_dea(g, prescriber), "LICENSE"),
        ")   Dispensed by: ",
        (_initials(g), "NAME"),
        ", LPN\nNext counseling ",
        (_date(g), "DATE"),
        " at ",
        (short, "LOCATION"),
        ".\n",
    ]


def travel_medicine(g: Source) -> list[Part]:
    """A pre-travel consultation: countries (larger than a state, not PHI), vaccines with lot numbers and malaria
    prophylaxis (not PHI), a passport number (a certificate number, LICENSE), an online booking's address, the
    traveller's employer."""
    clinic, short = _facility(g, ["Travel Health Clinic", "Travel Medicine", "International Travel Clinic",
                                  "Travelers' Clinic"])
    pt_first, pt_last = _first(g), _last(g)
    trips = g.r.choice([("Ghana, Togo and Benin", "yellow fever, typhoid, hepatitis A"),
                        ("Peru (Cusco, Iquitos) and Bolivia", "yellow fever, typhoid, rabies pre-exposure"),
                        ("India (Delhi, Varanasi) and Nepal", "Japanese encephalitis, typhoid, polio booster"),
                        ("Kenya and Tanzania (safari, Zanzibar)", "yellow fever, typhoid, cholera")])
    return [
        (clinic, "LOCATION"),
        "\nPre-Travel Consultation\n\nTraveler: ",
        (_person(g), "NAME"),
        "   DOB ",
        (_dob(g), "DATE"),
        "   Chart ",
        (_mrn(g), "MRN"),
        "\nPassport no. ",
        (f"{_alnum(g, 1, 'ACEFHJKLMN')}{_digits(g, 8)}", "LICENSE"),  # Safe Harbor: a certificate number
        " (exp. ",
        (_date(g, 2027, 2034), "DATE"),
        ")   Booked online ",
        (_date(g), "DATE"),
        " from ",
        (_ipv6(g) if g.r.random() < 0.6 else _ipv4(g), "IP"),
        "\nEmail: ",
        (_email(g, pt_first, pt_last), "EMAIL"),
        "   Mobile: ",
        (_phone(g), "PHONE"),
        "\n\nItinerary: ",
        trips[0],
        ", departing ",
        (_date(g), "DATE"),
        " for 3 weeks; rural homestays, volunteer work with ",
        (f"{_last(g)} {g.r.choice(['Water Partners', 'Mission Fund', 'Foundation', 'Outreach'])}", "LOCATION"),
        "; returns before ",
        (_holiday(g), "DATE"),
        ". Traveling with spouse ",
        (_first(g), "NAME"),
        " (seen separately).\nHx: ",
        _young_age(g, 19, 79),
        ", well; egg allergy no; immunocompromise no; pregnant no. Prior yellow fever vaccine: none.\n\n"
        "Recommended: ",
        trips[1],
        ", influenza, COVID-19 update.\nGiven today: YF-Vax 0.5 mL SC L arm, lot ",
        f"{_alnum(g, 2, 'UVWX')}{_digits(g, 3)}{_alnum(g, 2, 'AB')}; Typhim Vi IM R deltoid, lot "
        f"{_alnum(g, 1, 'RSTU')}{_digits(g, 4)}; Havrix 1440 EL.U., lot AHAVC{_digits(g, 3)}A.\n"
        "ICVP (yellow card) issued and stamped. Rx: atovaquone-proguanil (Malarone) 250/100 mg daily, start 1-2 "
        "days before, continue 7 days after; azithromycin 1 g x1 standby for TD; acetazolamide 125 mg BID for "
        "altitude if applicable. Counseled: DEET 30%, permethrin clothing, food and water, rabies exposure, "
        "Schistosoma (no freshwater swimming), STEP enrollment.\nWork letter for employer, ",
        (_employer(g), "LOCATION"),
        ".\n\nProvider: ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", MSN, FNP-C, CTH   Follow-up on return at ",
        (short, "LOCATION"),
        " or ",
        (f"https://{_slug(clinic)}.org/posttravel", "URL"),
        "\n",
    ]


_DME_ITEMS = [
    ("E1390", "Oxygen concentrator, stationary, 2 LPM continuous via NC, 24 h/day", "Inogen At Home GS-100"),
    ("E0431", "Portable gaseous oxygen system, E-cylinders x 8/mo, conserving regulator", "Drive Medical 18301"),
    ("K0823", "Power wheelchair, group 2 standard, captain's seat, 20\" x 18\"", "Pride Jazzy Elite HD"),
    ("E0260", "Hospital bed, semi-electric, with mattress; half rails", "Invacare 5410IVC"),
    ("E0601", "CPAP device, 10 cm H2O, heated humidifier E0562, full face mask A7030", "Philips DreamStation 2"),
    ("E0143", "Walker, folding, wheeled, adjustable height", "Medline MDS86410W5"),
]


def dme_order(g: Source) -> list[Part]:
    """A Medicare standard written order for durable medical equipment: HCPCS codes and equipment models (not PHI)
    beside the delivered unit's serial, qualifying test results, the ordering physician's NPI, the supplier's fax,
    a masked SSN whose last four digits are the span, the delivery tracking link."""
    kinds = ["Home Medical Supply", "Medical Equipment", "HME", "Respiratory & Mobility"]
    supplier = f"{g.r.choice([_town(g), _last(g)])} {g.r.choice(kinds)}"
    practice, _ = _facility(g, ["Internal Medicine", "Family Physicians", "Pulmonary Associates", "Primary Care"])
    code, item, model = g.r.choice(_DME_ITEMS)
    doc_first, doc_last = _first(g), _last(g)
    return [
        "STANDARD WRITTEN ORDER (SWO) - DURABLE MEDICAL EQUIPMENT\nSupplier: ",
        (supplier, "LOCATION"),
        "   Fax ",
        (_phone(g), "FAX"),
        "   Order # ",
        (f"SO-{_digits(g, 7)}", "ACCOUNT"),
        "\n\nBeneficiary: ",
        (_person(g), "NAME"),
        "\nDOB: ",
        (_dob(g, old=True), "DATE"),
        "   Age: ",
        (f"{g.r.randint(90, 104)}", "AGE"),
        "   SSN: XXX-XX-",
        (_digits(g, 4), "SSN"),  # Safe Harbor: the last four digits of a masked SSN are still the SSN's
        "\nMBI: ",
        (_mbi(g), "HEALTH_PLAN"),
        "   Secondary: ",
        g.r.choice(["AARP Medicare Supplement Plan G", "state Medicaid", "Tricare for Life"]),
        " ID ",
        (_member_id(g), "HEALTH_PLAN"),
        "\nDelivery address: ",
        *_address(g),
        "\nPhone: ",
        (_phone(g), "PHONE"),
        "\n\nOrder date: ",
        (_date(g), "DATE"),
        "\nItem: HCPCS ",
        code,
        " - ",
        item,
        ". Length of need: 99 months (lifetime). Qty 1.\nDx: J44.1 COPD with exacerbation; R26.81 unsteady gait; "
        "G47.33 OSA.\nQualifying test: SpO2 86% on room air at rest, ",
        (_date(g), "DATE"),
        ", performed during the face-to-face encounter on ",
        (_date(g), "DATE"),
        "; 6MWT desaturated to 84%.\nThe patient is ",
        (_old_age(g), "AGE"),
        ", lives alone, mobility limitation in the home; able and willing to use the equipment safely.\n\n"
        "Ordering practitioner: ",
        (f"{doc_first} {_mi(g)}. {doc_last}", "NAME"),
        ", MD   NPI ",
        (_npi(g), "LICENSE"),
        "\n",
        (practice, "LOCATION"),
        ", ",
        *_address(g),
        "   Tel ",
        (_phone(g), "PHONE"),
        "   Fax ",
        (_phone(g), "FAX"),
        "\nSignature: /s/ ",
        (f"{doc_first[0]}. {doc_last}", "NAME"),
        "   Date: ",
        (_date(g), "DATE"),
        "\n\nDELIVERY TICKET: ",
        model,
        ", serial ",
        (f"{_alnum(g, 2, 'ABCDEFGHJKLMNPRSTUVWXYZ')}{_digits(g, 8)}", "DEVICE"),
        ", delivered and set up ",
        (_date(g), "DATE"),
        " by RT ",
        (_initials(g), "NAME"),
        "; received by ",
        g.r.choice(["son", "daughter", "caregiver", "neighbor"]),
        " ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ". Track: ",
        (f"https://track.{_domain(supplier)}/d/{_digits(g, 10)}", "URL"),
        "\n",
    ]


def ambulance_billing(g: Source) -> list[Part]:
    """An ambulance claim abstract from the patient care report: HCPCS level of service and loaded miles, unit and
    crew (unit numbers are not PHI, the crew's names and state certifications are), the pickup and destination, and
    for a road crash the patient's own car and the auto insurer's claim."""
    kinds = ["Fire Rescue", "Ambulance Service", "EMS", "Volunteer Rescue Squad"]
    agency = f"{g.r.choice([_town(g), _last(g)])} {g.r.choice(kinds)}"
    dest, _ = _facility(g, ["Medical Center", "Hospital", "Regional Medical Center", "Community Hospital"])
    carrier = f"{_last(g)} {g.r.choice(['Auto Insurance', 'Casualty Co.', 'Mutual'])}"
    pt_first, pt_last = _first(g), _last(g)
    return [
        (agency, "LOCATION"),
        " - AMBULANCE CLAIM ABSTRACT (CMS-1500 / 837P)\nIncident ",
        (_date(g), "DATE"),
        f"   Unit Medic {g.r.randint(1, 40)}   Dispatched {_time(g)}   PCR # ",
        (f"{g.r.randint(20, 26)}-{_digits(g, 5)}", "MRN"),  # the patient care report's number: the agency's record
        "   Billing acct ",
        (_account(g), "ACCOUNT"),
        "\n\nPATIENT: ",
        (f"{pt_last}, {pt_first} {_mi(g)}", "NAME"),
        "   DOB ",
        (_dob(g, old=True), "DATE"),
        "   SSN ",
        (_ssn(g), "SSN"),
        "\nHome: ",
        *_address(g),
        "   Ph ",
        (_phone(g), "PHONE"),
        "\nPrimary payer: Medicare, MBI ",
        (_mbi(g), "HEALTH_PLAN"),
        "   Secondary: Medicaid # ",
        (f"{_digits(g, 8)}{_alnum(g, 1, 'ABCDEFGH')}", "HEALTH_PLAN"),
        "\n\nPickup: ",
        g.r.choice(["motor vehicle crash, southbound lanes, mile marker 212", "two-car MVC at an intersection",
                    "single-vehicle rollover, rural road"]),
        ", ",
        (_town(g), "LOCATION"),
        ", ",
        (_zip(g), "ZIP"),
        "\nDestination: ",
        (dest, "LOCATION"),
        " ED (closest appropriate facility, trauma level III). Loaded miles: ",
        f"{g.r.randint(2, 38)}.{g.r.randint(0, 9)}\nLevel of service: A0427 ALS1 emergency + A0425 x "
        f"{g.r.randint(3, 39)}; A0398 ALS routine disposable supplies.\nMedical necessity: ",
        (_old_age(g, before_noun=True), "AGE"),
        " restrained driver, c/o neck pain and chest wall pain; c-collar and KED applied, IV NS KVO, fentanyl 50 mcg "
        "IN; cardiac monitor sinus tach 112. Unable to be transported safely by other means.\n\n"
        "Pt's vehicle: ",
        g.r.choice(["2014 Buick LaCrosse", "2020 Honda CR-V", "2009 Chevrolet Silverado", "2017 Nissan Rogue"]),
        ", plate ",
        (_plate(g), "VEHICLE"),
        ", VIN ",
        (_vin(g), "VEHICLE"),
        ". Auto insurer: ",
        (carrier, "LOCATION"),
        ", claim ",
        (f"{_digits(g, 2)}-{_alnum(g, 2, 'ABCDEFGHJK')}{_digits(g, 6)}", "ACCOUNT"),
        ", adjuster email ",
        (_email(g, _first(g), _last(g), _domain(carrier)), "EMAIL"),
        ".\n\nPatient unable to sign (c-collar, distress); signature obtained from receiving RN ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        " at ",
        _time(g),
        ".\nCrew: ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", Paramedic, cert ",
        (f"P{_digits(g, 6)}", "LICENSE"),
        "; ",
        (f"{_last(g)}, {_first(g)}", "NAME"),
        ", EMT-B. Medical direction: Dr. ",
        (_last(g), "NAME"),
        ".\nRelease to billing ",
        (_date(g), "DATE"),
        ", ",
        (_initials(g), "NAME"),
        "\n",
    ]


_MIXED = ("mixed",)
_FORMS = ("mixed", "caps")  # forms and billing abstracts are often printed in capitals
_NOTES = ("mixed", "mixed", "lower", "caps")  # nursing notes are typed in every case
# name -> (template, the letter cases it is rendered in); ``corpus.TEMPLATES`` registers them as part "test"
V5_BUILDERS: dict[str, tuple[Callable[[Source], list[Part]], tuple[str, ...]]] = {
    "ophthalmology": (ophthalmology, _MIXED),
    "audiology-fitting": (audiology, ("mixed", "mixed", "caps")),
    "bariatric-clinic": (bariatric, _MIXED),
    "transplant-coordinator": (transplant_coordinator, _FORMS),
    "nicu-update": (nicu_update, _NOTES),
    "transfusion-record": (transfusion_record, _FORMS),
    "otp-dosing": (otp_dosing, ("mixed", "mixed", "lower")),
    "travel-medicine": (travel_medicine, _MIXED),
    "dme-order": (dme_order, _FORMS),
    "ambulance-billing": (ambulance_billing, ("caps", "mixed")),
}
