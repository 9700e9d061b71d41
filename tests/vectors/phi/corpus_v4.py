"""The fourth test part of the synthetic PHI corpus (issue 11): ten templates written without reading the engine.

Written on 7 December 2026 by a helper who had not read the engine (``src/phigate/phi``), its documentation, its
error classes or any earlier test template, from general knowledge of how clinics write: a physical-therapy
evaluation, an oncology infusion visit, a wound-clinic note, a hospice visit, an occupational-health / workers'
compensation report, an immunisation record, a sleep-study report, a cardiac-device interrogation, a genetic
counselling letter with a pedigree and a release-of-information authorisation. Nobody tunes on them.

The annotation conventions are those of the train templates in ``corpus.py``: a title ("Dr.", "Ms.") and a
credential (", MD", "RN") sit outside the NAME span; a state stays outside every span while town, street line and ZIP
are LOCATION, ADDRESS and ZIP; facilities and employers are LOCATION; an age phrase in running text ("age 93",
"93 year old") is the AGE span. Where the train templates show no case, the HIPAA Safe Harbor list decides, and the
line says so: a unit number is part of the street address; ZIP+4 is one ZIP; a county is LOCATION (a subdivision
smaller than a state); a masked SSN's last four digits are SSN; an IMEI is a device identifier; an ID-check template
of a palm vein or a hand is a biometric identifier. Numbers that identify no one are not PHI and carry no span: ages
under 90, room and chair numbers, vaccine lot and NDC numbers, device model numbers, CPT and ICD codes, gene variants.

This module imports nothing from ``corpus.py`` (which imports it), so the two cannot form an import cycle: a
template takes any source with the generator's ``r``, ``first``, ``last``, ``city`` and ``vin``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from tests.vectors.phi import check_digits
from tests.vectors.phi.check_digits import Part, dea, mbi, npi


class Source(check_digits.Source, Protocol):
    """What this part's templates need of the generator: the shared ``Source``, and a VIN with its check digit."""

    def vin(self) -> str: ...


# The part's own words: invented for it, in no data file of the engine and no other list of the generator (both
# checked by a test). Templates mix them with ordinary names and towns from the shared lists, as real notes do.
V4_FIRST = ["Talvira", "Jorunel", "Brisenda", "Caelith", "Essaly", "Galiena", "Havrin", "Idrenne", "Jessamond",
            "Korvan", "Mirabeth", "Quenby", "Saffrey", "Ulvida", "Wrenna", "Xandrel", "Zelphine", "Anouket",
            "Delphyne", "Emrik", "Hesper", "Jovanne", "Neriah", "Solvei", "Odrena", "Auberon", "Rosamel",
            "Velmina", "Elspet", "Fennick", "Gwinnie", "Maebh", "Ozias", "Wilhelmus"]
V4_LAST = ["Brannigold", "Quellmore", "Tessendorf", "Vantwright", "Harrowgate", "Pennicott", "Scarbrook",
           "Umberfield", "Yallowby", "Kilbraith", "Morrowdale", "Fenniwick", "Halvorsrud", "Kettleborough",
           "Nettlefold", "Oxenholme", "Pruszynski", "Quartermaine", "Rookhaven", "Stallworthy", "Tregothnan",
           "Vellacourt", "Winterbotham", "Ashmeade", "Drabwell", "Esterhuyse", "Frobisher", "Glasspool",
           "Hollingdrake", "Inchcombe", "Jewkesbury", "Krawiecki", "Lathbury", "Mossgiel", "Nunnerley", "Oakenfold",
           "Prendergrast", "Quiddington", "Rattenbury", "Shufflebotham", "Tollemache", "Underhay", "Zbikowska",
           "Oyeleke", "Nwachuku", "Achterberg", "Mbeki"]
V4_TOWNS = ["Upper Kesslow", "Bramblecote", "Lake Ondessa", "North Tillbury", "Sauvin Creek", "Glenharrow",
            "Pemberlin", "West Quarlton", "Tarrowmere", "Cobbsleigh", "Ashwick", "Dunmarrow", "Hollisford",
            "Pellworth", "Saltmarch", "Wendlebury", "Carrowmoor", "Eskerfield", "Brackwater", "Fallowmere",
            "Ironbridge", "Kestlewood", "Limberlost", "Oxcroft", "Quinnipac", "Rushmere", "Yarrowby", "Westerhope"]
V4_STREETS = ["Quillfeather", "Hobnail", "Saddlebrook", "Wickerbasket", "Lamplighter", "Tallowmill", "Copperkettle",
              "Ropewalk", "Millrace", "Cordwainer", "Sawbuck", "Gristmill", "Haybarn", "Ploughshare", "Whipporwill",
              "Fiddlehead"]
V4_VOCABULARY = (*V4_FIRST, *V4_LAST, *V4_TOWNS, *V4_STREETS)

OWN_SHARE = 0.65  # of names and towns drawn from the part's own words; the rest are ordinary (shared lists)

_STATES = ["ME", "NH", "VT", "NY", "PA", "OH", "IA", "MN", "MT", "OR", "WA", "NM", "TX", "LA", "GA", "SC", "MO",
           "Maine", "Vermont", "Iowa", "Montana", "Oregon", "Georgia", "Ohio"]
# USPS street suffixes (Publication 28, appendix C1), full and abbreviated, and secondary unit designators (C2)
_STREET_TYPES = ["Street", "St", "St.", "Avenue", "Ave", "Av", "Boulevard", "Blvd", "Drive", "Dr", "Lane", "Ln",
                 "Road", "Rd", "Court", "Ct", "Place", "Pl", "Terrace", "Ter", "Way", "Circle", "Cir", "Parkway",
                 "Pkwy", "Highway", "Hwy", "Trail", "Trl", "Pike", "Square", "Sq", "Alley", "Crossing", "Xing", "Loop",
                 "Run", "Row", "Path", "Point", "Pt", "Ridge", "Rdg", "Pass", "Turnpike", "Tpke", "Cove", "Cv",
                 "Bend", "Heights", "Hts", "Hollow", "Landing", "Lndg", "Extension", "Ext", "Green", "Walk"]
_UNITS = ["Apt {n}", "Apt. {n}{a}", "Unit {n}", "# {n}", "#{n}{a}", "Suite {n}", "Ste {n}", "Lot {n}", "Rm {n}",
          "Fl {n}", "Bldg {a}"]
_DIRECTIONS = ["N", "S", "E", "W", "North", "South", "NE", "SW"]
_ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_HOLIDAYS = ["Christmas Eve", "Christmas", "New Year's Day", "New Year's Eve", "Fourth of July", "Memorial Day",
             "Labor Day", "Easter Sunday", "Thanksgiving", "Halloween", "Veterans Day", "Mother's Day"]
_MAIL = ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "comcast.net", "hotmail.com"]


# ---- names, places and numbers ------------------------------------------------------------------------------


def _first(g: Source) -> str:
    return g.r.choice(V4_FIRST) if g.r.random() < OWN_SHARE else g.first()


def _last(g: Source) -> str:
    return g.r.choice(V4_LAST) if g.r.random() < OWN_SHARE else g.last()


def _person(g: Source) -> str:
    """A full name the way forms and notes write it: plain, with a middle initial, hyphenated, "Last, First",
    or with a generational suffix (inside the span: it is part of the legal name)."""
    f, last = _first(g), _last(g)
    return g.r.choice([
        f"{f} {last}",
        f"{f} {last}",
        f"{f} {g.r.choice('ABCDEFGHJKLMNPRSTVW')}. {last}",
        f"{last}, {f}",
        f"{last}, {f} {g.r.choice('ABCDEFGHJKLMNPRSTVW')}",
        f"{f} {last}-{_last(g)}",
        f"{f} {last} {g.r.choice(['Jr.', 'Sr.', 'III', 'II'])}",
    ])


def _initials(g: Source) -> str:
    return g.r.choice([f"{_first(g)[0]}{_last(g)[0]}", f"{_first(g)[0]}.{_last(g)[0]}.",
                       f"{_first(g)[0]}{g.r.choice('ABCDEFGHJKLMNPRSTVW')}{_last(g)[0]}"])


def _town(g: Source) -> str:
    return g.r.choice(V4_TOWNS) if g.r.random() < OWN_SHARE else g.city()


def _state(g: Source) -> str:
    return g.r.choice(_STATES)


def _street(g: Source, unit: float = 0.35) -> str:
    """A street line: house number, optional direction, a name (the part's own, a surname, an ordinal or a
    numbered route), a USPS suffix, and sometimes a unit (inside the span: Safe Harbor's street address)."""
    n = str(g.r.randint(1, 29999)) if g.r.random() < 0.9 else f"{g.r.randint(1, 999)}{g.r.choice('AB')}"
    name = g.r.choice([g.r.choice(V4_STREETS), g.r.choice(V4_STREETS), _last(g), _first(g),
                       _ordinal(g.r.randint(2, 99))])
    if g.r.random() < 0.1:
        line = f"{n} {g.r.choice(['County Road', 'State Route', 'Route', 'Rural Route'])} {g.r.randint(1, 240)}"
    else:
        line = f"{n} {g.r.choice(_DIRECTIONS) + ' ' if g.r.random() < 0.2 else ''}{name} {g.r.choice(_STREET_TYPES)}"
    if g.r.random() < unit:
        line += " " + g.r.choice(_UNITS).format(n=g.r.randint(1, 420), a=g.r.choice("ABCDEFGH"))
    return line


def _ordinal(d: int) -> str:
    return f"{d}{'th' if 10 <= d % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


def _zip(g: Source) -> str:
    z = f"{g.r.randint(1001, 99950):05d}"
    return f"{z}-{g.r.randint(1, 9999):04d}" if g.r.random() < 0.35 else z


def _address(g: Source, sep: str = ", ") -> list[Part]:
    """Street line, town, state and ZIP as one block, or a PO box (an address too)."""
    street = _street(g) if g.r.random() < 0.88 else f"PO Box {g.r.randint(10, 9999)}"
    return [(street, "ADDRESS"), sep, (_town(g), "LOCATION"), ", " if g.r.random() < 0.7 else " ", _state(g), " ",
            (_zip(g), "ZIP")]


def _facility(g: Source, kinds: Sequence[str]) -> tuple[str, str]:
    """A facility's full name and the short form staff write later: its first word(s) or its initials."""
    head = g.r.choice([_town(g), _last(g), f"St. {_first(g)}", f"{_last(g)}-{_last(g)}"])
    full = f"{head} {g.r.choice(kinds)}"
    initials = "".join(w[0] for w in full.replace("-", " ").replace(".", "").split() if w[0].isupper())
    return full, g.r.choice([head, initials if len(initials) >= 3 else head])


def _employer(g: Source) -> tuple[str, str]:
    """An employer's full name and its short form (the name without the kind of business: "Quellmore")."""
    kinds = ["Freight Lines", "Cold Storage", "Poultry Co.", "Precision Machining", "Paper Mill", "Fabricators Inc.",
             "Tool & Die", "Unified School District", "Granite Works", "Boatyard", "Distribution Center",
             "Orchards LLC", "& Sons Roofing", "Title & Escrow", "Feed and Grain"]
    head = g.r.choice([_last(g), _town(g), _last(g)])
    return f"{head} {g.r.choice(kinds)}", head


def _date(g: Source, lo: int = 2018, hi: int = 2026) -> str:
    y, m, d = g.r.randint(lo, hi), g.r.randint(1, 12), g.r.randint(1, 28)
    mon = _MONTHS[m - 1]
    return g.r.choice([
        f"{m}/{d}/{y}", f"{m:02d}/{d:02d}/{y}", f"{m:02d}/{d:02d}/{y % 100:02d}", f"{m}-{d}-{y % 100:02d}",
        f"{y}-{m:02d}-{d:02d}", f"{mon} {d}, {y}", f"{mon[:3]} {d} {y}", f"{mon[:3]}. {d}, {y}", f"{d} {mon} {y}",
        f"{d:02d}-{mon[:3]}-{y}", f"{d}-{mon[:3]}-{y % 100:02d}", f"{d:02d}{mon[:3].upper()}{y}", f"{m}.{d}.{y}",
        f"{y}{m:02d}{d:02d}", f"{mon} {y}", f"{mon[:3]} {_ordinal(d)}", f"the {_ordinal(d)} of {mon}",
    ])


def _dob(g: Source, old: bool = False) -> str:
    return _date(g, 1919, 1935) if old else _date(g, 1922, 2012)


def _holiday(g: Source) -> str:
    return g.r.choice(_HOLIDAYS)


def _old_age(g: Source, before_noun: bool = False) -> str:
    """An age over 89 as running text writes it, in digits or words with its unit (the span, as "93 year old"):
    before a noun ("a 93-year-old man") or as a predicate ("now aged 93")."""
    n = g.r.randint(90, 106)
    words = _age_words(n)
    if before_noun:
        return g.r.choice([f"{n}-year-old", f"{n} y/o", f"{n}yo", f"{n} yo", f"{words}-year-old"])
    return g.r.choice([f"aged {n}", f"{n} years old", f"{words} years of age", f"age {words}", f"{n} yrs",
                       f"{words}"])


def _age_words(n: int) -> str:
    if n >= 100:
        rest = n - 100
        return "one hundred" + (f" and {_ONES[rest]}" if rest else "")
    return "ninety" + (f"-{_ONES[n - 90]}" if n > 90 else "")


def _phone(g: Source) -> str:
    a, e, n = g.r.randint(201, 989), g.r.randint(200, 999), g.r.randint(0, 9999)
    return g.r.choice([f"({a}) {e}-{n:04d}", f"({a}){e}-{n:04d}", f"{a}-{e}-{n:04d}", f"{a}.{e}.{n:04d}",
                       f"{a} {e} {n:04d}", f"+1 {a} {e} {n:04d}", f"1-{a}-{e}-{n:04d}", f"{a}/{e}-{n:04d}"])


def _email(g: Source, first: str, last: str, domain: str | None = None) -> str:
    user = g.r.choice([f"{first}.{last}", f"{first[0]}{last}", f"{last}{g.r.randint(1, 99)}",
                       f"{first}_{last}{g.r.randint(40, 99)}", f"{first}{last[0]}"]).lower()
    return f"{user.replace(' ', '').replace(',', '')}@{domain or g.r.choice(_MAIL)}"


def _slug(name: str) -> str:
    return "".join(c for c in name.lower() if c.isalpha())[:20]


def _domain(name: str) -> str:
    """An organisation's web domain made from its name ("Glenharrow Sleep Lab" -> glenharrowsleeplab.org)."""
    return _slug(name) + (".org" if len(name) % 2 else ".com")


def _mrn(g: Source) -> str:
    return g.r.choice([f"{g.r.randint(0, 99999999):08d}", f"E{g.r.randint(100000, 9999999)}",
                       f"{g.r.randint(100, 999)}-{g.r.randint(100, 999)}-{g.r.randint(10, 99)}",
                       f"MR{g.r.randint(1000000, 9999999)}", str(g.r.randint(1000000, 99999999))])


def _account(g: Source) -> str:
    return g.r.choice([f"{g.r.randint(10**8, 10**10)}", f"V{g.r.randint(10**6, 10**8)}",
                       f"{g.r.randint(1000, 9999)}-{g.r.randint(100000, 999999)}"])


def _npi(g: Source) -> str:
    return npi(g.r, "1")


def _dea(g: Source, last: str) -> str:
    return dea(g.r, last)


def _mbi(g: Source) -> str:
    return mbi(g.r, 0.5)


def _member_id(g: Source) -> str:
    return g.r.choice([_mbi(g), f"{g.r.choice(['XJH', 'YPW', 'ZQB', 'MCD'])}{g.r.randint(10**8, 10**9)}",
                       f"{g.r.randint(10**9, 10**10)}01", f"W{g.r.randint(10**7, 10**8)}-0{g.r.randint(1, 4)}"])


def _plate(g: Source) -> str:
    c = "ABCDEFGHJKLMNPRSTVWXYZ"
    return g.r.choice([f"{g.r.randint(1, 9)}{''.join(g.r.choice(c) for _ in range(3))}{g.r.randint(100, 999)}",
                       f"{''.join(g.r.choice(c) for _ in range(3))}-{g.r.randint(1000, 9999)}",
                       f"{g.r.randint(100, 999)} {''.join(g.r.choice(c) for _ in range(3))}",
                       f"{''.join(g.r.choice(c) for _ in range(2))} {g.r.randint(10000, 99999)}"])


def _ipv4(g: Source) -> str:
    return g.r.choice([f"{g.r.choice([24, 50, 67, 73, 96, 108, 174, 198])}.{g.r.randint(0, 255)}."
                       f"{g.r.randint(0, 255)}.{g.r.randint(1, 254)}",
                       f"10.{g.r.randint(0, 255)}.{g.r.randint(0, 255)}.{g.r.randint(1, 254)}",
                       f"172.{g.r.randint(16, 31)}.{g.r.randint(0, 255)}.{g.r.randint(1, 254)}"])


def _ipv6(g: Source) -> str:
    hx = [f"{g.r.randint(0, 0xFFFF):x}" for _ in range(8)]
    return g.r.choice([f"2600:{hx[0]}:{hx[1]}:{hx[2]}::{hx[3]}", ":".join(["2607", *hx[1:]]),
                       f"2a02:{hx[0]}:{hx[1]}::{hx[2]}:{hx[3]}", f"fd00:{hx[0]}::{hx[1]}"])


def _digits(g: Source, n: int) -> str:
    return "".join(str(g.r.randint(0, 9)) for _ in range(n))


def _some(g: Source, items: Sequence[str], k: int) -> str:
    return " ".join(g.r.sample(list(items), k))


# ---- the templates ------------------------------------------------------------------------------------------

_PT_TESTS = [
    "Berg Balance Scale 38/56; TUG 16.4 s with RW; 5xSTS 19.2 s, UE used.",
    "MMT: hip abd 3+/5 R, 4/5 L; knee ext 4-/5 R with 10 deg extensor lag.",
    "Special tests: (+) Thomas R, (-) Ober, (-) Lachman, (-) McMurray, (+) FABER L.",
    "Gait: antalgic, decreased stance time R, positive Trendelenburg sign R.",
    "AROM knee 5-92 deg R, 0-128 deg L; PROM 3-98 deg R with firm end feel.",
    "6MWT 286 m with 2 standing rests; Borg RPE 13/20.",
    "Oswestry 44%; LEFS 31/80; NPRS 6/10 at worst, 2/10 at best.",
    "Sensation intact to light touch L2-S1; DTRs 2+ patellar, 1+ Achilles bilat.",
]
_PT_PLAN = ["97161", "97162", "97110", "97112", "97140", "97530", "97116", "G0283"]


def physical_therapy(g: Source) -> list[Part]:
    """Outpatient PT initial evaluation: key-value header, subjective in prose, tables of tests, PT sign-off."""
    clinic, _ = _facility(g, ["Physical Therapy", "Sports & Spine PT", "Rehab Services", "Outpatient Rehab"])
    hosp, hosp_short = _facility(g, ["Memorial Hospital", "Regional Medical Center", "Orthopaedic Hospital"])
    pt_first, pt_last = _first(g), _last(g)
    # half the patients are under 90, whose age is not PHI and carries no span
    age: Part = f"{g.r.randint(58, 86)} y/o" if g.r.random() < 0.5 else (_old_age(g, before_noun=True), "AGE")
    return [
        (clinic, "LOCATION"),
        "\nPHYSICAL THERAPY INITIAL EVALUATION\n\nPatient: ",
        (f"{pt_last}, {pt_first}", "NAME"),
        "    DOB: ",
        (_dob(g), "DATE"),
        "    Acct #: ",
        (_account(g), "ACCOUNT"),
        "\nInsurance: Medicare Part B  MBI ",
        (_mbi(g), "HEALTH_PLAN"),
        "\nReferring provider: Dr. ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        "  NPI ",
        (_npi(g), "LICENSE"),
        "\nDate of evaluation: ",
        (_date(g), "DATE"),
        "\nDx: M17.11 unilateral primary OA R knee; Z96.651 presence of R artificial knee joint.\n\n"
        "SUBJECTIVE: Pt is a ",
        age,
        " F s/p R TKA on ",
        (_date(g), "DATE"),
        " at ",
        (hosp, "LOCATION"),
        ", d/c home POD 2. Reports she fell on the ice on ",
        (_holiday(g), "DATE"),
        " with no new injury. Lives with her husband ",
        (_first(g), "NAME"),
        " in a 2-story house in ",
        (_town(g), "LOCATION"),
        ", 4 STE with L rail; bedroom 2nd floor. PLOF: indep, community ambulator, drives. Goal: \"walk my dog "
        "and get back to church.\"\n\nOBJECTIVE:\n",
        "\n".join(g.r.sample(_PT_TESTS, 3)),
        "\n\nASSESSMENT: Pt presents with decreased ROM, strength and balance following TKA, limiting "
        "household and community mobility; good rehab potential. Surgeon Dr. ",
        (_last(g), "NAME"),
        " at ",
        (hosp_short, "LOCATION"),
        " notified of ROM deficit.\nPLAN: 2-3x/wk x 6 wks. CPT ",
        _some(g, _PT_PLAN, 4),
        ". HEP issued via ",
        (f"https://{_slug(clinic)}.medbridgego.com/access/{_digits(g, 4).upper()}Q{_digits(g, 3)}", "URL"),
        ".\nRe-eval by ",
        (_date(g), "DATE"),
        ".\n\n",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", PT, DPT\nLic # ",
        (f"PT{_digits(g, 6)}", "LICENSE"),
        "    Electronically signed ",
        (_date(g), "DATE"),
        f" {g.r.randint(7, 18):02d}{g.r.choice(['00', '15', '32', '47'])}\n",
    ]


_CHEMO = [
    ("FOLFOX", "oxaliplatin 85 mg/m2 (171 mg) IV over 2 h, leucovorin 400 mg/m2 IV, 5-FU 400 mg/m2 IV push, then "
               "5-FU 2400 mg/m2 via CADD ambulatory pump over 46 h"),
    ("AC-T", "doxorubicin 60 mg/m2 IV push, cyclophosphamide 600 mg/m2 IV over 30 min"),
    ("carbo/pem/pembro", "pembrolizumab 200 mg IV over 30 min, pemetrexed 500 mg/m2, carboplatin AUC 5 (Calvert)"),
    ("R-CHOP", "rituximab 375 mg/m2 (rapid rate), cyclophosphamide 750 mg/m2, doxorubicin 50 mg/m2, vincristine "
               "1.4 mg/m2 (cap 2 mg), prednisone 100 mg PO D1-5"),
]


def oncology_infusion(g: Source) -> list[Part]:
    """An infusion-centre nursing note, telegraphic: regimen, pump serial, relatives in the chair, RN sign-off."""
    centre, short = _facility(g, ["Cancer Institute", "Cancer Center", "Infusion Center", "Oncology Associates"])
    regimen, orders = g.r.choice(_CHEMO)
    return [
        (centre, "LOCATION"),
        f" - Infusion Suite {g.r.choice('ABC')}, chair {g.r.randint(1, 24)}\nINFUSION NURSING NOTE  ",
        (_date(g), "DATE"),
        "\nPt: ",
        (f"{_last(g)}, {_first(g)}".upper(), "NAME"),
        "  MRN ",
        (_mrn(g), "MRN"),
        "  Ins ID ",
        (_member_id(g), "HEALTH_PLAN"),
        f"\nRegimen: {regimen} C{g.r.randint(1, 8)}D1. Ht 165 cm Wt 71.2 kg BSA 1.79 m2.\n"
        "0812 arrived ambulatory w/ ",
        g.r.choice(["daughter", "spouse", "partner", "neighbor", "son-in-law"]),
        " ",
        (_first(g), "NAME"),
        ". ID verified x2 (name/DOB ",
        (_dob(g), "DATE"),
        "). R chest port accessed w/ 20G 3/4\" Huber, +blood return, flushes easily.\n"
        "Labs: ANC 2.1, Hgb 10.8, plt 148, Cr 0.9, T bili 0.6 - OK to treat per Dr ",
        (_last(g), "NAME"),
        ".\nPre-meds: ondansetron 16 mg IV, dexamethasone 12 mg IV, fosaprepitant 150 mg IV.\nGiven: ",
        orders,
        ".\nPump: serial ",
        (f"{g.r.choice(['CADD', 'SN', 'S/N'])} {_digits(g, 2)}-{_digits(g, 5)}{g.r.choice('KLMX')}", "DEVICE"),
        f", reservoir 100 mL, rate 2.1 mL/h. No s/sx hypersensitivity. CTCAE v5 gr {g.r.randint(1, 2)} "
        f"neuropathy, ECOG {g.r.randint(0, 2)}.\nPt tearful re missing shifts at ",
        (_employer(g)[0], "LOCATION"),
        "; SW ",
        (_first(g), "NAME"),
        " paged x",
        (f"{g.r.randint(4000, 4999)}", "PHONE"),
        ". Disconnect at ",
        (short, "LOCATION"),
        " on ",
        (_date(g), "DATE"),
        ". Next cycle ",
        (_date(g), "DATE"),
        ". Pt has home # ",
        (_phone(g), "PHONE"),
        " on file.\nVerified by pharmacist ",
        (_initials(g), "NAME"),
        ".  ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", RN, OCN\n",
    ]


def wound_care(g: Source) -> list[Part]:
    """A wound-clinic progress note: measurements by clock position, dressing orders, photo link, ALL-CAPS sign."""
    clinic, _ = _facility(g, ["Wound & Hyperbaric Center", "Wound Healing Institute", "Limb Preservation Clinic"])
    snf, _ = _facility(g, ["Manor", "Care Center", "Rehabilitation & Nursing", "Assisted Living", "Skilled Nursing"])
    nurse = f"{_first(g)} {_last(g)}"
    return [
        (clinic, "LOCATION"),
        "\nWOUND CARE PROGRESS NOTE\nName: ",
        (_person(g), "NAME"),
        "   DOB: ",
        (_dob(g, old=True), "DATE"),
        "   Age: ",
        (f"{g.r.randint(90, 104)}", "AGE"),  # a form field: the value is the span
        "   MRN: ",
        (_mrn(g), "MRN"),
        "\nDOS: ",
        (_date(g), "DATE"),
        f"   Visit #{g.r.randint(2, 30)}   HBO tx {g.r.randint(1, 39)}/40 at 2.4 ATA x 90 min\n"
        "Resides at ",
        (snf, "LOCATION"),
        f", rm {g.r.randint(100, 340)}{g.r.choice('AB')}; accompanied by aide.\n\n"
        "Wound #1 R heel, pressure injury stage 4: 3.2 x 2.1 x 0.6 cm, undermining 1.0 cm from 2 to 5 o'clock, "
        "tunneling 2.3 cm at 12 o'clock. Bed 60% granulation / 40% slough, mod serosanguineous drainage, no odor. "
        "Periwound macerated. PUSH 11 (prev 13).\nWound #2 L lateral malleolus, venous: 1.4 x 0.9 x 0.1 cm, "
        "Wagner 1. ABI R 0.78 / L 0.81, TBI 0.52.\nProcedure: sharp excisional debridement to subcutaneous tissue "
        "(CPT 11042), 4.2 sq cm, curette; hemostasis with silver nitrate. Tolerated well.\nOrders: Santyl + "
        "Aquacel Ag, ABD, Kerlix, change daily by facility staff; Unna boot L, change twice weekly; Prevalon "
        "boots in bed; turn q2h. Nutrition: Juven BID, prealbumin 14.\nPhotos uploaded to ",
        (f"https://woundimg.{_domain(clinic)}/pt/{_digits(g, 6)}/{_digits(g, 8)}.jpg", "URL"),
        "\nFacility nurse ",
        (_first(g), "NAME"),
        " updated by phone ",
        (_phone(g), "PHONE"),
        "; orders faxed to ",
        (_phone(g), "FAX"),
        ". Podiatry (Dr. ",
        (_last(g), "NAME"),
        ") f/u ",
        (_date(g), "DATE"),
        ".\n\n",
        (nurse.upper(), "NAME"),
        ", RN, CWOCN\n",
        (_initials(g), "NAME"),
        "/",
        (_initials(g).lower().replace(".", ""), "NAME"),  # the transcriber's initials, as typed
        "\n",
    ]


def hospice_visit(g: Source) -> list[Part]:
    """A hospice RN home visit: symptom scales, a comfort kit, family logistics, a holiday, the funeral home."""
    agency, _ = _facility(g, ["Hospice", "Valley Hospice", "Home Health & Hospice", "Palliative Care"])
    home = f"{_last(g)}-{_last(g)} Funeral Home" if g.r.random() < 0.5 else f"{_last(g)} & Sons Funeral Home"
    pt_last, attending = _last(g), _last(g)
    return [
        (agency, "LOCATION"),
        " - RN Skilled Visit\nVisit date: ",
        (_date(g), "DATE"),
        f"  Time in {g.r.randint(8, 15):02d}15  Time out {g.r.randint(16, 18):02d}05\nPatient: ",
        (f"{_first(g)} {pt_last}", "NAME"),
        ", a ",
        (_old_age(g, before_noun=True), "AGE"),
        " man with end-stage CHF (NYHA IV), hospice day ",
        str(g.r.randint(3, 160)),
        ".\nVisit location: ",
        *_address(g),
        " (",
        (g.r.choice(["Dunmarrow County", "Carrowmoor County", f"{_town(g)} County"]), "LOCATION"),  # Safe Harbor
        ")",
        "\nPrimary caregiver: wife ",
        (_first(g), "NAME"),
        ", cell ",
        (_phone(g), "PHONE"),
        "\n\nPPS 30%, FAST n/a, Karnofsky 30. Cheyne-Stokes respirations intermittently, RR 8-26, mottling to "
        "knees, UO minimal. PAINAD 3/10 -> 0/10 after morphine concentrate (Roxanol) 20 mg/mL 5 mg SL.\n"
        "Comfort kit in home: morphine, lorazepam 0.5 mg SL q4h prn, haloperidol 0.5 mg, atropine 1% gtts 2 SL "
        "q4h prn secretions, bisacodyl PR. Scopolamine patch placed behind L ear.\n"
        "Family: son ",
        (_first(g), "NAME"),
        " driving up from ",
        (_town(g), "LOCATION"),
        ", expected by ",
        (_holiday(g), "DATE"),
        "; granddaughter ",
        (_person(g), "NAME"),
        " asked about vigil volunteers. Chaplain ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        " to visit ",
        (_date(g), "DATE"),
        ". Mrs. ",
        (pt_last, "NAME"),
        " has chosen ",
        (home, "LOCATION"),
        " (",
        (_phone(g), "PHONE"),
        "). Out-of-hospital DNR/POLST on the refrigerator. Attending: Dr. ",
        (attending, "NAME"),
        ", who signed the comfort-kit prescriptions (DEA ",
        (_dea(g, attending), "LICENSE"),
        "); hospice medical director ",
        (f"{_first(g)[0]}. {_last(g)}", "NAME"),
        ", DO, aware.\n-- ",
        (f"{_first(g).lower()} {_last(g).lower()}", "NAME"),
        " rn\n",
    ]


def workers_comp(g: Source) -> list[Part]:
    """An occupational-health first visit for a work injury: employer block, claim, company vehicle, time clock."""
    employer, employer_short = _employer(g)
    e_first, e_last = _first(g), _last(g)
    carrier = f"{_last(g)} {g.r.choice(['Mutual Casualty', 'Mutual Insurance Co.', 'Assurance Group'])}"
    adjuster = (_first(g), _last(g))
    return [
        "OCCUPATIONAL HEALTH - WORK STATUS REPORT (FIRST REPORT OF INJURY)\n",
        (_facility(g, ["Occupational Health", "WorkCare Clinic", "Industrial Medicine"])[0], "LOCATION"),
        "\n\nEmployee: ",
        (f"{e_last.upper()}, {e_first.upper()} {g.r.choice('ABCDEFGHJKLMNPRSTVW')}", "NAME"),
        "   SSN: ",
        (f"{g.r.randint(100, 665)}-{g.r.randint(10, 99)}-{g.r.randint(1000, 9999)}", "SSN"),
        "   DOB: ",
        (_dob(g), "DATE"),
        "\nEmployee home: ",
        *_address(g),
        "   Cell: ",
        (_phone(g), "PHONE"),
        "\nEmployer: ",
        (employer, "LOCATION"),
        "   Site: ",
        *_address(g),
        "\nSupervisor: ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        "  ",
        (_phone(g), "PHONE"),
        "   Fax: ",
        (_phone(g), "FAX"),
        "\nCarrier: ",
        (carrier, "LOCATION"),
        "   Claim #: ",
        (f"WC{g.r.randint(20, 26)}-{_digits(g, 6)}", "ACCOUNT"),
        "   Adjuster: ",
        (f"{adjuster[0]} {adjuster[1]}", "NAME"),
        " <",
        (_email(g, *adjuster, _domain(carrier)), "EMAIL"),
        ">\n\nDate of injury: ",
        (_date(g), "DATE"),
        f"  Time: {g.r.randint(6, 22):02d}{g.r.choice(['05', '20', '40'])}\n"
        "Mechanism: lifting a 70 lb tote from floor to waist, felt a pop in the low back. Driving company box truck "
        "(unit ",
        str(g.r.randint(3, 60)),
        ", plate ",
        (_plate(g), "VEHICLE"),
        ", VIN ",
        (g.vin(), "VEHICLE"),
        ") at the time. Clocked in via hand-geometry reader, template ID ",
        (f"HG-{_digits(g, 7)}", "BIOMETRIC"),
        ".\nForklift operator certificate no. ",
        (f"FL-{_digits(g, 5)}", "LICENSE"),
        "; CDL ",
        (f"{g.r.choice('ABCDKS')}{_digits(g, 8)}", "LICENSE"),
        ".\nExam: paraspinal spasm L>R, SLR neg bilat, Waddell 0/5, Oswestry 38%. Dx: S39.012A strain of muscle, "
        "fascia and tendon of lower back. L4-L5 DDD on prior film, not work related per pt.\n"
        "Work status: MODIFIED DUTY from ",
        (_date(g), "DATE"),
        " to ",
        (_date(g), "DATE"),
        ": no lifting > 20 lb, no ladders, no commercial driving while on cyclobenzaprine 5 mg qhs. MMI not "
        "reached. Recheck ",
        (_date(g), "DATE"),
        ".\n\nExamining provider: ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", PA-C   NPI ",
        (_npi(g), "LICENSE"),
        "\ncc: ",
        (employer_short, "LOCATION"),  # the employer's short form, as HR is addressed
        " HR, ",
        (carrier, "LOCATION"),
        "\n",
    ]


_VACCINES = [
    ("Fluzone High-Dose Quadrivalent", "CVX 197", "Sanofi", "UT7734KA", "L deltoid", "IM"),
    ("Shingrix (RZV) dose 2", "CVX 187", "GSK", "7M45X", "R deltoid", "IM"),
    ("Prevnar 20 (PCV20)", "CVX 216", "Pfizer", "LM0128", "L deltoid", "IM"),
    ("Boostrix (Tdap)", "CVX 115", "GSK", "9Y2R4", "R deltoid", "IM"),
    ("Spikevax 2024-2025", "CVX 312", "Moderna", "3046771", "L deltoid", "IM"),
    ("Arexvy (RSV)", "CVX 303", "GSK", "N2F47", "R deltoid", "IM"),
    ("PPSV23 (Pneumovax 23)", "CVX 33", "Merck", "W009442", "L deltoid", "SC"),
    ("Heplisav-B", "CVX 189", "Dynavax", "HB5516", "R deltoid", "IM"),
]


def immunization_record(g: Source) -> list[Part]:
    """A state registry (IIS) printout: client block, guardian, then a fixed-width table of doses with lot numbers
    (not PHI), two-digit-year dates, the giver's initials and the clinic."""
    clinic, short = _facility(g, ["Family Practice", "Community Health Center", "Pharmacy", "Public Health Dept"])
    rows: list[Part] = []
    for name, cvx, mfr, lot, site, route in g.r.sample(_VACCINES, g.r.randint(3, 5)):
        rows += [
            f"{name:<32}{cvx:<9}",
            (f"{g.r.randint(1, 12):02d}/{g.r.randint(1, 28):02d}/{g.r.randint(18, 26):02d}", "DATE"),
            f"  {mfr:<8}{lot:<10}{site:<10}{route:<4}",
            (_initials(g), "NAME"),
            "   ",
            (g.r.choice([short, clinic]), "LOCATION"),
            "\n",
        ]
    return [
        f"{_state(g).upper()} IMMUNIZATION INFORMATION SYSTEM - OFFICIAL RECORD\nPrinted ",
        (_date(g), "DATE"),
        " by ",
        (clinic, "LOCATION"),
        "\n\nClient: ",
        (f"{_last(g)}, {_first(g)} {_first(g)}".upper(), "NAME"),
        "   DOB: ",
        (_dob(g, old=True), "DATE"),
        "   Client ID: ",
        (f"{_digits(g, 9)}", "MRN"),
        "\nAddress: ",
        *_address(g),
        "\nMedicaid ID: ",
        (f"{g.r.choice(['ME', 'NH', 'VT'])}{_digits(g, 9)}", "HEALTH_PLAN"),
        "   Responsible party: ",
        (_person(g), "NAME"),
        " (",
        g.r.choice(["daughter", "guardian", "POA", "son"]),
        ")  ",
        (_phone(g), "PHONE"),
        "\nClient is ",
        (_old_age(g), "AGE"),
        "; record reconciled against Medicare Part B claims.\n\n",
        f"{'Vaccine':<32}{'CVX':<9}{'Date':<10}{'Mfr':<8}{'Lot':<10}{'Site':<10}{'Rte':<4}By  Clinic\n",
        *rows,
        "\nContraindications: none recorded. Egg allergy: no. Latex: no. Prior Guillain-Barre: no.\n"
        "VIS given for each dose. NDC 49281-0124-65; 58160-0823-11. Next due: COVID-19 and Fluzone in the fall.\n",
    ]


def sleep_study(g: Source) -> list[Part]:
    """A polysomnography report: letterhead with fax, indices and ratios, CPAP titration, device and modem ids."""
    centre, _ = _facility(g, ["Sleep Disorders Center", "Center for Sleep Medicine", "Sleep Lab"])
    dme = f"{_town(g)} Home Medical"
    return [
        (centre, "LOCATION"),
        "\n",
        *_address(g, " \u00b7 "),
        "\nTel ",
        (_phone(g), "PHONE"),
        "   Fax ",
        (_phone(g), "FAX"),
        "\n\nPOLYSOMNOGRAPHY REPORT - SPLIT-NIGHT (CPT 95811)\nPatient: ",
        (_person(g), "NAME"),
        "   DOB: ",
        (_dob(g), "DATE"),
        "   MRN: ",
        (_mrn(g), "MRN"),
        "\nStudy date: ",
        (_date(g), "DATE"),
        "   Referring: ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", MD   Technologist: ",
        (_initials(g), "NAME"),
        ", RPSGT\nRecording: Compumedics Grael HD, amplifier S/N ",
        (f"GR{_digits(g, 6)}", "DEVICE"),
        ".\n\nHISTORY: loud snoring, witnessed apneas, Epworth 15/24, Mallampati III, neck 44 cm, BMI 36.2. "
        f"Drives a commercial route ({g.r.choice(_STATES[:17])} CDL ",
        (f"{g.r.choice('ABCDEFGHJKLMNPRSTVW')}{_digits(g, 8)}", "LICENSE"),
        ").\nDIAGNOSTIC PORTION: TST 182.5 min, SE 81.4%, SOL 14 min, REM latency 96 min; N1 9%, N2 58%, N3 14%, "
        "REM 19%. AHI 34.2/h (supine 51.0/h, non-supine 12.7/h), RDI 38.9/h, ODI(4%) 29.1/h, SpO2 nadir 79%, "
        "T88 22.4 min. PLMI 6/h. ECG: NSR, rare PVCs.\nTITRATION: CPAP 5 -> 12 cm H2O; at 10 cm H2O AHI 2.1/h "
        "with REM supine sleep observed. Mask: ResMed AirFit F20, size M.\n\nIMPRESSION: Severe obstructive sleep "
        "apnea (G47.33), CPAP-responsive.\nRECOMMENDATIONS: APAP 8-14 cm H2O with heated humidification via ",
        (dme, "LOCATION"),
        ". ResMed AirSense 11 AutoSet dispensed ",
        (_date(g), "DATE"),
        ", device SN ",
        (_digits(g, 11), "DEVICE"),
        ", cellular modem IMEI ",
        (_digits(g, 15), "DEVICE"),
        ". Compliance data in AirView at ",
        (f"https://airview.resmed.com/patients/{_digits(g, 7)}", "URL"),
        ", first upload from ",
        (_ipv4(g), "IP"),
        ". Counseled on drowsy driving. Follow-up in 31-90 days.\n\nInterpreted by ",
        (f"{_first(g)} {g.r.choice('ABCDEFGHJKLMNPRSTVW')}. {_last(g)}", "NAME"),
        ", MD, D-ABSM   ",
        (_date(g), "DATE"),
        "\n",
    ]


_DEVICES = [
    ("Medtronic Azure XT DR MRI SureScan W1DR01", "RNB", "S"),
    ("Boston Scientific ACCOLADE MRI L331", "", ""),
    ("Abbott (St. Jude Medical) Assurity MRI PM2272", "", ""),
    ("Biotronik Edora 8 DR-T", "", ""),
]


def device_interrogation(g: Source) -> list[Part]:
    """A remote pacemaker transmission review: model numbers (not PHI) beside serials (PHI), lead data, the
    bedside monitor's address, a clinic abbreviation."""
    model, prefix, suffix = g.r.choice(_DEVICES)
    hosp, short = _facility(g, ["Heart & Vascular Institute", "Regional Medical Center", "Heart Hospital"])
    serial = f"{prefix or g.r.choice(['PJN', 'BSX', 'NXT'])}{_digits(g, 6)}{suffix or g.r.choice('ABHKNS')}"
    return [
        "DEVICE CLINIC - REMOTE TRANSMISSION REVIEW\nPt: ",
        (_person(g), "NAME"),
        "   MRN ",
        (_mrn(g), "MRN"),
        "   DOB ",
        (_dob(g, old=True), "DATE"),
        "   (",
        (_old_age(g), "AGE"),
        ")\nDevice: ",
        model,
        "   SN ",
        (serial, "DEVICE"),
        "\nRA lead Medtronic 5076-52 cm SN ",
        (f"PJN{_digits(g, 7)}", "DEVICE"),
        "; RV lead 5076-58 cm SN ",
        (f"PJN{_digits(g, 7)}", "DEVICE"),
        "\nImplanted ",
        (_date(g, 2012, 2024), "DATE"),
        " at ",
        (hosp, "LOCATION"),
        " by Dr. ",
        (_last(g), "NAME"),
        " for CHB. Prior device St. Jude Accent SR explanted at generator change.\nTransmission ",
        (_date(g), "DATE"),
        f" {g.r.randint(0, 23):02d}:{g.r.randint(0, 59):02d} via bedside monitor SN ",
        (f"{g.r.choice(['MBT', 'LAT', 'CM'])}{_digits(g, 6)}", "DEVICE"),
        ", last check-in from ",
        (_ipv6(g) if g.r.random() < 0.6 else _ipv4(g), "IP"),
        ".\n\nMode DDDR 60/130, AV delay 180/150 ms. Battery 3.01 V, longevity 9.1 y (RRT not reached).\n"
        "RA: impedance 456 ohms, P-wave 2.8 mV, threshold 0.625 V @ 0.4 ms.  RV: impedance 532 ohms, R-wave "
        "11.2 mV, threshold 0.75 V @ 0.4 ms. AP 38%, VP 99.6%.\nEpisodes: AT/AF burden 0.3% (longest 00:42:10); "
        "VHR x2, 6-9 beats, 188 bpm, NSVT. No therapies. CHA2DS2-VASc 4, on apixaban 5 mg BID.\n"
        "Assessment: normal device function, no programming changes. Next remote ",
        (_date(g), "DATE"),
        "; in-clinic visit ",
        (f"{g.r.choice(_MONTHS)} {g.r.randint(2025, 2027)}", "DATE"),
        " at ",
        (short, "LOCATION"),
        ".\n\nReviewed by ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", RN, CCDS.  cc: Dr. ",
        (_last(g), "NAME"),
        ", ",
        (_town(g), "LOCATION"),
        " Family Medicine\n",
    ]


def genetic_counselling(g: Source) -> list[Part]:
    """A cancer genetics consult letter: a pedigree of named relatives by generation, variants and risk models
    (not PHI), a results portal, a counsellor's licence."""
    pro_first, pro_last = _first(g), _last(g)
    mother_maiden = _last(g)
    lab = g.r.choice(["Invitae", "Ambry Genetics", "Myriad", "GeneDx"])
    return [
        (_date(g), "DATE"),
        "\n\nRE: ",
        (f"{pro_first} {pro_last}", "NAME"),
        "   DOB ",
        (_dob(g), "DATE"),
        "   MRN ",
        (_mrn(g), "MRN"),
        "\n\nDear Dr. ",
        (_last(g), "NAME"),
        ",\n\nI met with Ms. ",
        (pro_last, "NAME"),
        " and her sister ",
        (_first(g), "NAME"),
        " in our ",
        (_town(g), "LOCATION"),
        " clinic for cancer genetic counseling. Family history (three generations, pedigree in chart):\n"
        "  I-1   maternal grandfather ",
        (f"{_first(g)} {mother_maiden}", "NAME"),
        ", d. 71 (MI); I-2 maternal grandmother ",
        (_first(g), "NAME"),
        " (nee ",
        (_last(g), "NAME"),
        "), ovarian ca dx 58, d. 61\n  II-2  mother ",
        (f"{_first(g)} {pro_last}", "NAME"),
        ", breast ca (ER+/HER2-) dx 44, alive, now ",
        (_old_age(g), "AGE"),
        ", lives in ",
        (_town(g), "LOCATION"),
        "\n  II-3  maternal aunt ",
        (_person(g), "NAME"),
        ", bilateral breast ca dx 39 and 52, tested at ",
        (_facility(g, ["Cancer Center", "University Hospital", "Breast Center"])[0], "LOCATION"),
        ": BRCA1 c.68_69delAG (p.Glu23fs), pathogenic\n  III-1 proband, 41, no cancer; III-2 brother ",
        (_first(g), "NAME"),
        ", 38, prostate ca not reported\nAncestry: Ashkenazi Jewish (maternal), Irish/German (paternal). "
        "Paternal side noncontributory.\n\nTyrer-Cuzick v8 lifetime breast cancer risk 27.3%; she meets NCCN "
        "criteria for testing. We discussed BRCA1/2, PALB2, CHEK2, ATM, Lynch syndrome (MLH1, MSH2, MSH6, PMS2, "
        "EPCAM), Li-Fraumeni (TP53), Cowden (PTEN) and Peutz-Jeghers (STK11), VUS rates and GINA protections.\n"
        "Testing: ",
        lab,
        " 47-gene panel with familial variant targeted, saliva, sent ",
        (_date(g), "DATE"),
        ". Results will post to ",
        (f"https://portal.{_domain(pro_last + 'gen')}/results/{_digits(g, 8)}", "URL"),
        " and she may reach me at ",
        (_email(g, _first(g), _last(g), "genetics." + _domain(_town(g))), "EMAIL"),
        ".\n\nSincerely,\n\n",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", MS, CGC\nLicensed Genetic Counselor, lic. ",
        (f"LGC{_digits(g, 5)}", "LICENSE"),
        "\ncc: ",
        (_person(g), "NAME"),
        ", NP\n",
    ]


def release_of_information(g: Source) -> list[Part]:
    """An authorisation to release PHI (45 CFR 164.508): the patient's identifiers, the releasing facility by
    full and short name, a law firm as recipient, identity checks, the request log."""
    hosp, short = _facility(g, ["Medical Center", "Regional Hospital", "Health System", "Community Hospital"])
    firm = f"{_last(g)}, {_last(g)} & {_last(g)} LLP"
    pt_first, pt_last = _first(g), _last(g)
    return [
        "AUTHORIZATION FOR USE OR DISCLOSURE OF PROTECTED HEALTH INFORMATION\n",
        (hosp, "LOCATION"),
        " - Health Information Management   Fax ",
        (_phone(g), "FAX"),
        "\n\n1. Patient name: ",
        (f"{pt_first} {pt_last}", "NAME"),
        "   Other names used: ",
        (f"{pt_first} {_last(g)}", "NAME"),
        "\n   DOB: ",
        (_dob(g), "DATE"),
        "   MRN: ",
        (_mrn(g), "MRN"),
        "   SSN (last 4): ",
        (_digits(g, 4), "SSN"),
        "\n   Address: ",
        *_address(g),
        "\n   Phone: ",
        (_phone(g), "PHONE"),
        "   Email: ",
        (_email(g, pt_first, pt_last), "EMAIL"),
        "\n2. I authorize ",
        (short, "LOCATION"),
        " to release to: ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", Esq., ",
        (firm, "LOCATION"),
        ", ",
        *_address(g),
        "\n3. Records: ED and inpatient records for dates of service ",
        (_date(g), "DATE"),
        " through ",
        (_date(g), "DATE"),
        "; imaging reports; billing statements (acct ",
        (_account(g), "ACCOUNT"),
        ").\n   Initial to include: HIV/AIDS ___  substance use disorder (42 CFR Part 2) ___  mental health ",
        (_initials(g), "NAME"),
        "\n4. Purpose: legal - personal injury claim. Not a condition of treatment, payment, enrollment or "
        "eligibility (45 CFR 164.508(b)(4)).\n5. Expires: ",
        (_date(g), "DATE"),
        ", or one year from signing. I may revoke in writing at any time.\n\nSignature: /s/ ",
        (f"{pt_first} {pt_last}", "NAME"),
        "   Date: ",
        (_date(g), "DATE"),
        "\nIf signed by a personal representative: ",
        (_person(g), "NAME"),
        ", ",
        g.r.choice(["son, POA", "daughter, health care proxy", "legal guardian"]),
        "\n\nFOR HIM USE: identity verified by driver's license ",
        (f"{g.r.choice('ABCDEFGHJKLMNPRSTVW')}{_digits(g, 3)}-{_digits(g, 3)}-{_digits(g, 3)}", "LICENSE"),
        " and palm-vein scan, template ",
        (f"PV{_digits(g, 8)}", "BIOMETRIC"),
        ". Request received via portal from ",
        (_ipv4(g), "IP"),
        " (",
        (_ipv6(g), "IP"),
        "); tracking ",
        (f"https://roi.{_domain(short)}/requests/{_digits(g, 6)}", "URL"),
        ". Copies invoiced, invoice ",
        (f"INV-{_digits(g, 7)}", "ACCOUNT"),
        ". Processed by ",
        (_initials(g), "NAME"),
        " on ",
        (_date(g), "DATE"),
        ".\n",
    ]


_MIXED = ("mixed",)
_FORMS = ("mixed", "mixed", "caps")  # forms and printouts are often all capitals
_NOTES = ("mixed", "mixed", "caps", "lower")  # nursing notes are typed in every case
# name -> (template, the letter cases it is rendered in); ``corpus.TEMPLATES`` registers them as part "test"
V4_BUILDERS: dict[str, tuple[Callable[[Source], list[Part]], tuple[str, ...]]] = {
    "physical-therapy": (physical_therapy, _MIXED),
    "oncology-infusion": (oncology_infusion, _NOTES),
    "wound-care": (wound_care, _MIXED),
    "hospice-visit": (hospice_visit, ("mixed", "mixed", "lower")),
    "workers-compensation": (workers_comp, _FORMS),
    "immunization-record": (immunization_record, _FORMS),
    "sleep-study": (sleep_study, _MIXED),
    "device-interrogation": (device_interrogation, _MIXED),
    "genetic-counselling": (genetic_counselling, _MIXED),
    "release-of-information": (release_of_information, _FORMS),
}
