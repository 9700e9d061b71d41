"""A synthetic annotated clinical corpus: many document styles, every PHI category, and hard negatives.

Synthetic people only. Half the names come from Faker's en_US lists (``faker_en_us.json``, MIT), which the engine's
dictionaries also hold; the other half are held out (``held_out_names.json``: Faker's non-English locales minus every
word in the engine's data files, checked by a test), and invented names and towns no list holds, so that recall on
them is earned from context ("Dr.", "pt", "lives in", "<city>, <state> <zip>"), not from a dictionary lookup.
Every generated document carries its gold spans; ``score`` turns predictions into token-level recall and
precision per category.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

_DATA = json.loads((Path(__file__).parent / "faker_en_us.json").read_text())
HELD_OUT = json.loads((Path(__file__).parent / "held_out_names.json").read_text())
HELD_OUT_SHARE = 0.5  # of names and towns that no dictionary of the engine holds
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_CITIES = [
    "Boston",
    "Springfield",
    "Worcester",
    "Cambridge",
    "Providence",
    "Hartford",
    "Albany",
    "Buffalo",
    "Pittsburgh",
    "Cleveland",
    "Columbus",
    "Dayton",
    "Toledo",
    "Detroit",
    "Lansing",
    "Madison",
    "Milwaukee",
    "Omaha",
    "Wichita",
    "Tulsa",
    "Denver",
    "Phoenix",
    "Tucson",
    "Sacramento",
    "Fresno",
    "Portland",
    "Spokane",
    "Boise",
    "Reno",
    "Santa Fe",
    "San Antonio",
    "El Paso",
    "New Orleans",
    "Baton Rouge",
    "Little Rock",
    "Nashville",
    "Knoxville",
    "Louisville",
    "Lexington",
    "Richmond",
    "Norfolk",
    "Raleigh",
    "Charlotte",
    "Savannah",
    "Tampa",
    "Orlando",
    "Miami",
    "Birmingham",
    "Jackson",
    "Memphis",
]
_STATES = [
    "MA",
    "RI",
    "CT",
    "NY",
    "PA",
    "OH",
    "MI",
    "WI",
    "NE",
    "KS",
    "OK",
    "CO",
    "AZ",
    "CA",
    "OR",
    "WA",
    "ID",
    "NV",
    "NM",
    "TX",
    "LA",
    "AR",
    "TN",
    "KY",
    "VA",
    "NC",
    "GA",
    "FL",
    "AL",
    "MS",
]
# head nouns of invented employers ("Kowalski Logistics"): an organisation is PHI when it identifies the patient
# (issue 11: employers and organisations); phigate types it LOCATION
_ORG_HEADS = [
    "Logistics", "Construction", "Foods", "Manufacturing", "Trucking", "Insurance", "Plumbing", "Electric",
    "Motors", "Bakery", "Landscaping", "Textiles", "Hardware", "Printing", "Roofing", "Dairy", "Lumber",
    "Software", "Shipping", "Steel", "Laboratories", "Industries", "Partners", "Associates", "Group", "Company",
    "Corporation", "Inc", "Builders", "Farms",
]
_FACILITIES = [
    "Hospital",
    "Medical Center",
    "Clinic",
    "Rehabilitation Center",
    "Nursing Home",
    "Health Center",
    "Memorial Hospital",
    "Regional Medical Center",
    "General Hospital",
    "Community Hospital",
    "Rehab",
]
_STREET_NAMES = ["Maple", "Oak", "Elm", "Washington", "Lincoln", "Main", "Cedar", "Pine", "Hill", "Park", "Lake"]
_ZIPS = [
    "02139",
    "02115",
    "01103",
    "10027",
    "15213",
    "44106",
    "48201",
    "53703",
    "68102",
    "80202",
    "85004",
    "94110",
    "97205",
    "98101",
    "73301",
    "37203",
    "30303",
    "33101",
    "60614",
    "55455",
    "27514",
    "84112",
    "19104",
    "63110",
]
_SYLLABLES = [
    "vel",
    "dra",
    "quin",
    "tor",
    "zan",
    "mik",
    "lor",
    "bex",
    "thal",
    "ros",
    "kev",
    "nar",
    "yl",
    "osh",
    "ferd",
    "gwy",
    "pell",
    "trax",
    "ume",
    "sarn",
]

HARD_NEGATIVES = [
    "BP 120/80, HR 72, RR 16, SpO2 98% on RA.",
    "Pain 7/10, improved to 3/10 after Tylenol.",
    "Dyspnea 2/2 to CHF exacerbation.",
    "Ambulated x3 in hall.",
    "Oxycodone 5 mg PO q6h PRN pain.",
    "Foley catheter placed and draining clear urine.",
    "History of Parkinson disease and Graves disease.",
    "Apgar scores 8 and 9.",
    "Strength 5/5 in all extremities.",
    "Grade 2/6 systolic murmur.",
    "Negative Babinski sign; Romberg negative.",
    "Hodgkin lymphoma in remission.",
    "WBC 12.3, Hgb 10.1, Plt 250.",
    "Na 140, K 4.1, Cl 102, CO2 24, BUN 18, Cr 1.1.",
    "EF 55% on echo.",
    "Lasix 40 mg IV given.",
    "The patient will return if symptoms worsen.",
    "May need surgery in the future.",
    "Mark the operative site.",
    "Bell's palsy resolved.",
    "Continue Coumadin, goal INR 2-3.",
    "Holter monitor for 48 hours.",
    "Cushing syndrome ruled out.",
    "Swan-Ganz catheter removed.",
    "Murphy sign positive.",
    "Follow up in 2 weeks.",
    "Patient is alert and oriented x3.",
    "Reflexes 2+ and symmetric.",
    "Lungs clear to auscultation bilaterally.",
    "Metoprolol 25 mg PO BID.",
    "A1c 7.2%.",
    "Temp 98.6 F.",
    "pt will f/u with pcp.",
    "GCS 15.",
    "Stage 3 pressure injury, Braden score 14.",
    "Weight 82 kg, BMI 27.",
    # nursing shorthand
    "Nursing progress note 0700-1900.",
    "c/o 4/10 back pain, given Percocet 1 tab with good effect.",
    "BP 110-130/60s, HR 80s-90s afib.",
    "SBP 100-120 overnight, UO 50-100cc/hr.",
    "NEURO: A&Ox3, MAE, follows commands, PERRL.",
    "GU: foley draining clear yellow urine.",
    "Plan d/c to rehab on Friday if stable.",
    "Morse fall score 45, bed alarm on.",
    "K 3.4 repleted with 40 meq KCl PO, rpt lytes at 2200.",
    "DNR/DNI confirmed with HCP, CMO discussed.",
    "Tmax 101F overnight, pan cultured.",
    "Braden 12, Glasgow 15, Morse 45.",
]

Span = tuple[int, int, str]


@dataclass
class Doc:
    style: str
    text: str = ""
    spans: list[Span] = field(default_factory=list)

    def add(self, s: str, typ: str | None = None) -> None:
        if typ:
            self.spans.append((len(self.text), len(self.text) + len(s), typ))
        self.text += s


# The split. Every vocabulary entry (a name, a town, a street, a ZIP code, a facility word, a hard-negative
# sentence, a lexicon word) belongs to the train or the test part by a stable hash of the entry itself, so the
# split is the same on every run and machine and an entry never moves unless its text changes. Templates are
# assigned by name in ``TEMPLATES`` below. Engine developers may read and tune on the train part; the test part
# is what the CI floor measures, and nobody tunes on it.
TRAIN_SHARE = 0.7
_SPLIT_SALT = b"phigate-deidgen-split-v1:"


def part_of(entry: str) -> str:
    """The part a vocabulary entry belongs to: ``"train"`` or ``"test"``, fixed by a hash of its text."""
    h = int.from_bytes(hashlib.sha256(_SPLIT_SALT + entry.encode()).digest()[:4], "big")
    return "train" if h < TRAIN_SHARE * 2**32 else "test"


def split(items: Sequence[str], part: str) -> list[str]:
    """The entries of ``items`` in ``part`` (every entry for ``"all"``)."""
    if part == "all":
        return list(items)
    if part not in ("train", "test"):
        raise ValueError(f"unknown part {part!r}")
    return [x for x in items if part_of(x) == part]


class _Gen:
    def __init__(self, rng: random.Random, part: str = "all") -> None:
        self.r = rng
        self.part = part
        self.v = {
            "first_male": split(_DATA["first_male"], part),
            "first_female": split(_DATA["first_female"], part),
            "last": split(_DATA["last"], part),
            "held_first": split(HELD_OUT["first"], part),
            "held_last": split(HELD_OUT["last"], part),
            "cities": split(_CITIES, part),
            "city_suffixes": split(_DATA["city_suffixes"], part),
            "syllables": split(_SYLLABLES, part),
            "streets": split(_STREET_NAMES, part),
            "zips": split(_ZIPS, part),
            "facilities": split(_FACILITIES, part),
            "org_heads": split(_ORG_HEADS, part),
            "negatives": split(HARD_NEGATIVES, part),
        }

    def neg(self) -> str:
        return self.r.choice(self.v["negatives"])

    def first(self) -> str:
        if self.r.random() < HELD_OUT_SHARE:
            return self.r.choice(self.v["held_first"])
        return self.r.choice(self.v["first_male"] if self.r.random() < 0.5 else self.v["first_female"])

    def last(self) -> str:
        return self.r.choice(self.v["held_last"] if self.r.random() < HELD_OUT_SHARE else self.v["last"])

    def ipv6(self) -> str:
        groups = [f"{self.r.randint(0, 0xFFFF):x}" for _ in range(self.r.choice([4, 6]))]
        return "2001:db8:" + ":".join(groups) if len(groups) == 6 else "fe80::" + ":".join(groups)

    def employer(self) -> str:
        return f"{self.last()} {self.r.choice(self.v['org_heads'])}"

    def invented(self) -> str:
        return "".join(self.r.choice(self.v["syllables"]) for _ in range(self.r.randint(2, 3))).capitalize()

    def initials(self) -> str:
        return self.first()[0].upper() + self.last()[0].upper()

    def year2(self) -> str:
        return f"{self.r.randint(0, 99):02d}"

    def full_name(self) -> str:
        f = self.r.random()
        if f < 0.15:
            return f"{self.last()}, {self.first()}"
        if f < 0.3:
            return f"{self.first()} {self.r.choice('ABCDEFGHJKLMNPRSTW')}. {self.last()}"
        return f"{self.first()} {self.last()}"

    def date(self) -> str:
        y, m, d = self.r.randint(1930, 2025), self.r.randint(1, 12), self.r.randint(1, 28)
        mon = _MONTHS[m - 1]
        return self.r.choice(
            [
                f"{m}/{d}/{y}",
                f"{m:02d}/{d:02d}/{y}",
                f"{m}/{d}/{y % 100:02d}",
                f"{y}-{m:02d}-{d:02d}",
                f"{mon} {d}, {y}",
                f"{d} {mon} {y}",
                f"{d:02d}-{mon[:3]}-{y}",
                f"{mon[:3].lower()}. {y}",
                f"{mon} {d}{'th' if d > 3 else ['st', 'nd', 'rd'][d - 1]}",
                f"{m}/{d}",
            ]
        )

    def phone(self) -> str:
        a, e, n = self.r.randint(201, 989), self.r.randint(200, 999), self.r.randint(0, 9999)
        return self.r.choice([f"({a}) {e}-{n:04d}", f"{a}-{e}-{n:04d}", f"{a}.{e}.{n:04d}"])

    def ssn(self) -> str:
        return f"{self.r.randint(100, 665)}-{self.r.randint(10, 99)}-{self.r.randint(1000, 9999)}"

    def idnum(self, prefix: str = "") -> str:
        return prefix + str(self.r.randint(10**6, 10**9))

    def city(self) -> str:
        if self.r.random() < HELD_OUT_SHARE:  # an invented town: "Port Aarneton", "Kovacsville"
            stem = self.r.choice(self.v["held_first"] + self.v["held_last"])
            town = stem + self.r.choice(self.v["city_suffixes"])
            return f"{self.r.choice(_DATA['city_prefixes'])} {town}" if self.r.random() < 0.3 else town
        return self.r.choice(self.v["cities"])

    def street(self) -> str:
        suffix = self.r.choice(
            ["Street", "St", "Avenue", "Ave", "Road", "Rd", "Lane", "Drive", "Blvd", "Court"]
        )
        name = self.r.choice([self.last(), self.first(), *self.v["streets"]])
        return f"{self.r.randint(1, 9999)} {name} {suffix}"

    def zipc(self) -> str:
        return self.r.choice(self.v["zips"])

    def facility(self) -> str:
        head = self.r.choice([self.last(), self.city(), "Saint " + self.first()])
        return f"{head} {self.r.choice(self.v['facilities'])}"

    def vin(self) -> str:
        chars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
        from phigate.phi.recognizers._structured import vin_valid

        while True:
            v = "".join(self.r.choice(chars) for _ in range(17))
            if vin_valid(v):
                return v


Part = str | tuple[str, str]


def _discharge(g: _Gen) -> list[Part]:
    name = g.full_name()
    return [
        "DISCHARGE SUMMARY\nPatient: ",
        (name, "NAME"),
        "\nMRN: ",
        (g.idnum(), "MRN"),
        "\nDOB: ",
        (g.date(), "DATE"),
        "\nAdmission Date: ",
        (g.date(), "DATE"),
        "  Discharge Date: ",
        (g.date(), "DATE"),
        "\nAttending: Dr. ",
        (g.last(), "NAME"),
        "\n\nHPI: ",
        (g.first(), "NAME"),
        " is a ",
        (f"{g.r.randint(90, 104)} year old", "AGE"),
        " woman from ",
        (g.city(), "LOCATION"),
        " admitted to ",
        (g.facility(), "LOCATION"),
        " on ",
        (g.date(), "DATE"),
        ". ",
        g.neg(),
        " ",
        g.neg(),
        "\nHer daughter ",
        (g.first(), "NAME"),
        " can be reached at ",
        (g.phone(), "PHONE"),
        ". ",
        g.neg(),
        "\nFollow up with Dr. ",
        (g.invented(), "NAME"),
        " on ",
        (g.date(), "DATE"),
        ". ",
        g.neg(),
        "\n",
    ]


def _nursing(g: _Gen) -> list[Part]:
    return [
        "0700 pt ",
        (g.full_name(), "NAME"),
        " resting in bed. ",
        g.neg(),
        " husband ",
        (g.first(), "NAME"),
        " at bedside. ",
        g.neg(),
        " called dr ",
        (g.last(), "NAME"),
        " re: pain. ",
        g.neg(),
        " fax sent to ",
        (g.phone(), "FAX"),
        ". ",
        g.neg(),
        " pt states lives in ",
        (g.city(), "LOCATION"),
        " with son ",
        (g.first(), "NAME"),
        ". ",
        g.neg(),
        " seen by nurse ",
        (g.invented(), "NAME"),
        ". pt works for ",
        (g.employer(), "LOCATION"),
        ".\n",
    ]


def _shift(g: _Gen) -> list[Part]:
    """A mixed-case ICU nursing note: relatives' names written in lowercase, an in-law, a pager, a rehab."""
    return [
        "Nursing Progress Note 1900-0700\nSOCIAL: husband ",
        (g.first().lower(), "NAME"),
        " visited, updated by RN. ",
        g.neg(),
        " sister in law ",
        (f"{g.first().lower()} {g.last().lower()}", "NAME"),
        " called, aware of plan. ",
        g.neg(),
        " Dr. ",
        (g.last(), "NAME"),
        " aware, pager ",
        (str(g.r.randint(10000, 99999)), "PHONE"),
        ". ",
        g.neg(),
        " PLAN: possible d/c to ",
        (f"{g.last()} {g.r.choice(['Rehab', 'Rehabilitation', 'Manor'])}", "LOCATION"),
        " on Friday ",
        (f"{g.r.randint(1, 12)}/{g.r.randint(1, 28)}", "DATE"),
        ". ",
        g.neg(),
        " daughter ",
        (g.first().lower(), "NAME"),
        " will bring clothes.\n",
    ]


def _referral(g: _Gen) -> list[Part]:
    city, st = g.city(), g.r.choice(_STATES)
    return [
        (g.date(), "DATE"),
        "\n\nDear Dr. ",
        (g.last(), "NAME"),
        ",\n\nThank you for seeing ",
        (g.full_name(), "NAME"),
        ", DOB ",
        (g.date(), "DATE"),
        ", who lives at ",
        (g.street(), "ADDRESS"),
        ", ",
        (city, "LOCATION"),
        ", ",
        st,
        " ",
        (g.zipc(), "ZIP"),
        ". ",
        g.neg(),
        " ",
        g.neg(),
        " Email: ",
        (f"{g.first().lower()}.{g.last().lower()}@example.com", "EMAIL"),
        ". Phone ",
        (g.phone(), "PHONE"),
        ".\n\nSincerely,\n",
        (g.full_name(), "NAME"),
        ", MD\n",
    ]


def _lab(g: _Gen) -> list[Part]:
    return [
        "LAB REPORT  Name: ",
        (g.full_name(), "NAME"),
        "  MRN ",
        (g.idnum(), "MRN"),
        "  Acct# ",
        (g.idnum("A"), "ACCOUNT"),
        "\nCollected: ",
        (g.date(), "DATE"),
        "\n",
        g.neg(),
        "\n",
        g.neg(),
        "\nOrdering provider NPI: ",
        (g.idnum(), "LICENSE"),
        "\nAnalyzer serial number: ",
        (f"SN-{g.r.randint(10000, 99999)}", "DEVICE"),
        "\n",
    ]


def _insurance(g: _Gen) -> list[Part]:
    return [
        "INSURANCE CLAIM FORM\nSubscriber: ",
        (g.full_name(), "NAME"),
        "\nSSN: ",
        (g.ssn(), "SSN"),
        "\nMember ID: ",
        (g.idnum("W"), "HEALTH_PLAN"),
        "\nPolicy #: ",
        (g.idnum("P"), "HEALTH_PLAN"),
        "\nAddress: ",
        (g.street(), "ADDRESS"),
        ", ",
        (g.city(), "LOCATION"),
        ", ",
        g.r.choice(_STATES),
        " ",
        (g.zipc(), "ZIP"),
        "\nDriver's license: ",
        (g.idnum("D"), "LICENSE"),
        "\nVehicle VIN: ",
        (g.vin(), "VEHICLE"),
        "\nLicense plate: ",
        (f"{g.r.randint(1, 9)}ABC{g.r.randint(100, 999)}", "VEHICLE"),
        "\n",
    ]


def _consent(g: _Gen) -> list[Part]:
    return [
        "CONSENT FOR TREATMENT\nI, ",
        (g.full_name(), "NAME"),
        ", consent to the procedure on ",
        (g.date(), "DATE"),
        ". ",
        g.neg(),
        "\nWitness: ",
        (g.full_name(), "NAME"),
        "\nPatient portal: ",
        (f"https://portal.example.org/u/{g.r.randint(1000, 9999)}", "URL"),
        "\nFingerprint ID: ",
        (f"FP{g.r.randint(100000, 999999)}", "BIOMETRIC"),
        "\nLogin from IP ",
        (f"10.{g.r.randint(0, 255)}.{g.r.randint(0, 255)}.{g.r.randint(1, 254)}", "IP"),
        " and ",
        (g.ipv6(), "IP"),
        "\n",
    ]


def _hl7(g: _Gen) -> list[Part]:
    last, first = g.last(), g.first()
    return [
        "MSH|^~\\&|LAB|HOSP|||",
        ("202401010800", "DATE"),
        "||ORU^R01|123|P|2.5\nPID|1||",
        (g.idnum(), "MRN"),
        "^^^HOSP^MR||",
        (f"{last.upper()}^{first.upper()}", "NAME"),
        "||",
        (str(g.r.randint(1930, 2020)), None),
        "|F|||",
        (g.street(), "ADDRESS"),
        "^^",
        (g.city(), "LOCATION"),
        "^",
        g.r.choice(_STATES),
        "^",
        (g.zipc(), "ZIP"),
        "||",
        (g.phone(), "PHONE"),
        "\nOBX|1|NM|WBC||12.3|10*3/uL|4.0-11.0|H\n",
    ]


def _email(g: _Gen) -> list[Part]:
    return [
        "From: ",
        (f"{g.first().lower()}{g.r.randint(1, 99)}@example.net", "EMAIL"),
        "\nSubject: follow up\n\nHi ",
        (g.first(), "NAME"),
        ",\nMy mother ",
        (g.full_name(), "NAME"),
        " was seen on ",
        (g.date(), "DATE"),
        ". ",
        g.neg(),
        " Please call me at ",
        (g.phone(), "PHONE"),
        ". Her pacemaker serial is ",
        (f"PM{g.r.randint(1000000, 9999999)}", "DEVICE"),
        ".\nThanks, ",
        (g.first(), "NAME"),
        "\n",
    ]


# Styles of real ICU practice (issue 11 item 4). Each kind has a train template and a test template with their
# own wording; generic unit abbreviations (MICU, CCU, 7 West) identify nothing and are not PHI, named hospitals,
# their abbreviations and named wards are LOCATION, initials in a signature are NAME. A named ward is annotated
# without its number ("the [Kovacs] 7 ward"), as the PhysioNet gold standard does: the name identifies the
# hospital, the number is a floor or a bay, as generic as "7 West".
_UNITS = ["MICU", "SICU", "CCU", "CVICU", "NICU", "PACU", "ED", "7 West", "4 East", "step-down", "telemetry", "OR"]


def _hosp_abbr(g: _Gen) -> str:
    return g.last()[0].upper() + g.r.choice(["MC", "MH", "GH", "RH", "CH"])


def _flow_train(g: _Gen) -> list[Part]:
    return [
        f"{g.r.choice(_UNITS)} NURSING FLOWSHEET ",
        (g.date(), "DATE"),
        "\nPt: ",
        (f"{g.last()}, {g.first()}", "NAME"),
        "  MR# ",
        (g.idnum(), "MRN"),
        "\n0800 HR 92 ST BP 104/58 MAP 70 RR 22 SpO2 95% FiO2 .5 PEEP 8\n1000 HR 88 SR, levophed 0.08 mcg/kg/min\n",
        g.neg(),
        "\n1200 family in: wife ",
        (g.first(), "NAME"),
        ", son ",
        (g.first(), "NAME"),
        ". ",
        g.neg(),
        "\n1400 ",
        g.neg(),
        "\n",
        (g.initials(), "NAME"),
        " RN\n",
    ]


def _flow_test(g: _Gen) -> list[Part]:
    return [
        "Flow sheet ",
        (g.date(), "DATE"),
        f" bed {g.r.randint(1, 24)} {g.r.choice(_UNITS)}\n",
        "Name ",
        (g.full_name(), "NAME"),
        " / MRN ",
        (g.idnum(), "MRN"),
        "\n02:00 T 38.1 P 110 AF BP 92/50 CVP 12 UO 20cc; ",
        g.neg(),
        "\n04:00 ",
        g.neg(),
        " dtr ",
        (g.first(), "NAME"),
        " called for update.\n06:00 labs sent. ",
        g.neg(),
        "\n--",
        (f"{g.first()[0]}. {g.last()}", "NAME"),
        " RN\n",
    ]


def _telegraphic_train(g: _Gen) -> list[Part]:
    return [
        "pt seen by dr ",
        (g.last(), "NAME"),
        f" in {g.r.choice(_UNITS)}. ",
        g.neg(),
        " wife ",
        (g.first(), "NAME"),
        " in, updated. ",
        g.neg(),
        " hx cabg '",
        (g.year2(), "DATE"),
        ". ",
        g.neg(),
        " tx to ",
        (_hosp_abbr(g), "LOCATION"),
        " on ",
        (f"{g.r.randint(1, 12)}/{g.r.randint(1, 28)}/{g.year2()}", "DATE"),
        ". ",
        (g.initials(), "NAME"),
        "\n",
    ]


def _telegraphic_test(g: _Gen) -> list[Part]:
    return [
        "neuro intact. ",
        g.neg(),
        " s/p mvr in ",
        (g.year2(), "DATE"),
        " at ",
        (g.facility(), "LOCATION"),
        ". ",
        g.neg(),
        " bro ",
        (g.first(), "NAME"),
        " here today. md ",
        (g.last(), "NAME"),
        " paged re k 3.1. ",
        g.neg(),
        " f/u ",
        (f"{g.r.randint(1, 12)}/{g.r.randint(1, 28)}", "DATE"),
        ".\n-",
        (g.last(), "NAME"),
        "\n",
    ]


def _transfer_train(g: _Gen) -> list[Part]:
    city = g.city()
    return [
        "TRANSFER NOTE\n",
        (g.full_name(), "NAME"),
        ", ",
        (f"{g.r.randint(90, 103)} yo", "AGE"),
        ", transferred from ",
        (g.facility(), "LOCATION"),
        f" to {g.r.choice(_UNITS)} on ",
        (g.date(), "DATE"),
        ". Accepting: Dr. ",
        (g.full_name(), "NAME"),
        ". ",
        g.neg(),
        " ",
        g.neg(),
        "\nHome: ",
        (g.street(), "ADDRESS"),
        ", ",
        (city, "LOCATION"),
        ", ",
        g.r.choice(_STATES),
        " ",
        (g.zipc(), "ZIP"),
        ". HCP niece ",
        (g.first(), "NAME"),
        " ",
        (g.phone(), "PHONE"),
        ".\n",
    ]


def _transfer_test(g: _Gen) -> list[Part]:
    return [
        "Transfer summary: pt from ",
        (g.city(), "LOCATION"),
        " came over from ",
        (_hosp_abbr(g), "LOCATION"),
        " by ambulance ",
        (g.date(), "DATE"),
        ". Accepted to the ",
        (g.last(), "LOCATION"),  # a named ward: its name is PHI, its number (a floor, like "7 West") is not
        f" {g.r.randint(2, 12)} ward ({g.r.choice(_UNITS)}) under ",
        (g.full_name(), "NAME"),
        ", MD. ",
        g.neg(),
        " ",
        g.neg(),
        "\nContact: grandson ",
        (g.first(), "NAME"),
        " cell ",
        (g.phone(), "PHONE"),
        ", fax ",
        (g.phone(), "FAX"),
        ". Mailing address ",
        (g.street(), "ADDRESS"),
        ", ",
        (g.city(), "LOCATION"),
        " ",
        g.r.choice(_STATES),
        " ",
        (g.zipc(), "ZIP"),
        ".\n",
    ]


def _event_train(g: _Gen) -> list[Part]:
    return [
        "EVENT NOTE ",
        (g.date(), "DATE"),
        " 0315: rapid response called for SBP 70s. ",
        g.neg(),
        " Dr ",
        (g.last(), "NAME"),
        " at bedside. ",
        g.neg(),
        " Wife ",
        (g.first(), "NAME"),
        " notified at ",
        (g.phone(), "PHONE"),
        ".\n-- ",
        (f"{g.first()[0]}. {g.last()}", "NAME"),
        " MD\n",
    ]


def _event_test(g: _Gen) -> list[Part]:
    return [
        "Event: ",
        (g.date(), "DATE"),
        " approx 2240 pt found on floor. ",
        g.neg(),
        " Covering resident ",
        (g.full_name(), "NAME"),
        " examined pt. ",
        g.neg(),
        " Husband ",
        (g.first().lower(), "NAME"),
        " aware. Incident report filed.\n",
        (g.full_name(), "NAME"),
        ", RN / ",
        (g.initials(), "NAME"),
        "\n",
    ]


def _registration_test(g: _Gen) -> list[Part]:
    """Every structured category, in wording no train template uses."""
    return [
        "Registration update ",
        (g.date(), "DATE"),
        "\nGuarantor ",
        (g.full_name(), "NAME"),
        ", ",
        (f"age {g.r.randint(90, 105)}", "AGE"),  # the convention of "93 year old": the age phrase is the span
        "; social ",
        (g.ssn(), "SSN"),
        "\nInsurance member number ",
        (g.idnum("XK"), "HEALTH_PLAN"),
        "; billing account ",
        (g.idnum("B"), "ACCOUNT"),
        "\nMedical license no. ",
        (g.idnum("MD"), "LICENSE"),
        "; patient email ",
        (f"{g.last().lower()}{g.r.randint(1, 99)}@example.org", "EMAIL"),
        "\nCar VIN ",
        (g.vin(), "VEHICLE"),
        ", tag ",
        (f"{g.r.choice('ABCDEFGH')}{g.r.choice('KLMNPR')}{g.r.randint(1000, 9999)}", "VEHICLE"),
        "\nInsulin pump serial ",
        (f"{g.r.choice(['IP', 'MX', 'TP'])}{g.r.randint(100000, 9999999)}", "DEVICE"),
        "; retinal scan id ",
        (f"RS-{g.r.randint(10000, 999999)}", "BIOMETRIC"),
        "\nEmployer: ",
        (g.employer(), "LOCATION"),
        "\nPortal ",
        (f"https://myhealth.example.com/p/{g.r.randint(10000, 99999)}", "URL"),
        " last seen from ",
        (f"192.168.{g.r.randint(0, 255)}.{g.r.randint(1, 254)}", "IP"),
        " (IPv6 ",
        (g.ipv6(), "IP"),
        ")",
        "\n",
    ]


def _lexicon_words(part: str) -> list[str]:
    """Plain words of the shipped clinical lexicon and ICU shorthand, in ``part``."""
    data = resources.files("phigate.phi").joinpath("data")
    words = []
    for name in ("clinical.txt", "icu_shorthand.txt"):
        for w in data.joinpath(name).read_text(encoding="utf-8").split():
            if w.isalpha() and w.isascii() and 4 <= len(w) <= 14:
                words.append(w)
    return split(words, part)


_DENSE_FRAMES = [
    "{0} and {1} reviewed, {2} continued.",
    "Started {0}; {1} held for {2}.",
    "{0} noted on exam, no {1} or {2}.",
    "s/p {0}, {1} in place, f/u {2} in am.",
    "Assessment: {0} with {1}, r/o {2}.",
    "{0} {1} {2} per protocol.",
    "Plan: {0}, then {1}; consider {2}.",
    "Hx of {0}, {1}; now {2}.",
]


def lexicon_negatives(rng: random.Random, part: str, n: int) -> Doc:
    """``n`` sentences of dense clinical vocabulary from the shipped lexicon with no PHI in them."""
    words, frames = _lexicon_words(part), split(_DENSE_FRAMES, part)
    doc = Doc("lexicon-negatives")
    for _ in range(n):
        picked = [rng.choice(words) for _ in range(3)]
        picked = [w.capitalize() if rng.random() < 0.3 else w.upper() if rng.random() < 0.1 else w for w in picked]
        doc.add(rng.choice(frames).format(*picked) + "\n")
    return doc


@dataclass(frozen=True)
class Template:
    """A document template, the part it belongs to, and the letter cases it is rendered in."""

    build: Callable[[_Gen], list[Part]]
    part: str
    cases: tuple[str, ...] = ("mixed",)


_CASED = ("mixed", "mixed", "mixed", "caps", "lower")
_TELEGRAPHIC = ("caps", "lower")
# The template split, recorded here once. The nine original templates are train: the engine was developed
# against them. Every new kind has one template per part with its own wording.
TEMPLATES: dict[str, Template] = {
    "discharge": Template(_discharge, "train", _CASED),
    "nursing": Template(_nursing, "train", _CASED),
    "shift": Template(_shift, "train"),
    "referral": Template(_referral, "train"),
    "lab": Template(_lab, "train"),
    "insurance": Template(_insurance, "train"),
    "consent": Template(_consent, "train"),
    "hl7": Template(_hl7, "train"),
    "email": Template(_email, "train"),
    "icu-flow": Template(_flow_train, "train"),
    "telegraphic": Template(_telegraphic_train, "train", _TELEGRAPHIC),
    "transfer": Template(_transfer_train, "train"),
    "event": Template(_event_train, "train", _CASED),
    "icu-flow-t": Template(_flow_test, "test", _CASED),
    "telegraphic-t": Template(_telegraphic_test, "test", _TELEGRAPHIC),
    "transfer-t": Template(_transfer_test, "test"),
    "event-t": Template(_event_test, "test"),
    "registration-t": Template(_registration_test, "test"),
}
STYLES = {name: t.build for name, t in TEMPLATES.items()}
_OCR = {"l": "1", "O": "0", "e": "c", "rn": "m", "i": "l"}


def _render(style: str, parts: list[Part], case: str, ocr: bool, rng: random.Random) -> Doc:
    doc = Doc(style + ("-" + case if case != "mixed" else "") + ("-ocr" if ocr else ""))
    for p in parts:
        text, typ = (p, None) if isinstance(p, str) else p
        if case == "caps":
            text = text.upper()
        elif case == "lower":
            text = text.lower()
        if ocr and typ is None:
            text = re.sub(r"rn|[lOei]", lambda m: _OCR[m.group()] if rng.random() < 0.08 else m.group(), text)
        doc.add(text, typ)
    return doc


def generate(n: int = 400, seed: int = 5, part: str = "all") -> list[Doc]:
    """``n`` documents from the templates and vocabularies of ``part`` ("train", "test" or "all"), cycling through
    its templates in their letter cases, some OCR-noisy; then its hard-negative sentences and dense clinical
    vocabulary from the lexicon, which hold no PHI."""
    rng = random.Random(seed)
    g = _Gen(rng, part)
    names = [k for k, t in TEMPLATES.items() if part in ("all", t.part)]
    docs = []
    for i in range(n):
        t = TEMPLATES[names[i % len(names)]]
        case = rng.choice(t.cases)
        docs.append(_render(names[i % len(names)], t.build(g), case, ocr=rng.random() < 0.15, rng=rng))
    negatives = Doc("negatives")
    for s in g.v["negatives"]:
        negatives.add(s + "\n")
    docs.append(negatives)
    docs.append(lexicon_negatives(rng, part, max(20, n // 4)))
    return docs


_TOKEN = re.compile(r"\w+")


@dataclass
class Score:
    gold: int = 0
    found: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0


def score(docs: Sequence[Doc], predict: Callable[[str], Iterable[tuple[Any, ...]]]) -> dict[str, Any]:
    """Token-level recall per gold category (a token counts as found if any predicted span covers it, whatever
    its type) and precision (predicted tokens that are gold PHI), overall and per predicted type when ``predict``
    gives ``(start, end, type)`` rather than ``(start, end)``."""
    per: dict[str, Score] = {}
    typed: dict[str, Score] = {}  # per predicted type: gold = predicted tokens, found = those that are PHI
    pred_tokens = true_pred = 0
    missed: list[str] = []
    false_pos: list[str] = []
    for doc in docs:
        owner: list[tuple[Any, ...] | None] = [None] * len(doc.text)  # the predicted span over each character
        for p in predict(doc.text):
            for i in range(max(0, p[0]), min(len(doc.text), p[1])):
                owner[i] = tuple(p)
        for m in _TOKEN.finditer(doc.text):
            s, e = m.span()
            gold = next((t for gs, ge, t in doc.spans if gs < e and s < ge), None)
            cover = next((o for o in owner[s:e] if o is not None), None)
            hit = cover is not None
            if gold is not None:
                sc = per.setdefault(gold, Score())
                sc.gold += 1
                sc.found += hit
                if not hit:
                    missed.append(f"{gold}:{m.group()}")
            if cover is not None:
                pred_tokens += 1
                true_pred += gold is not None
                if len(cover) > 2:
                    ts = typed.setdefault(str(cover[2]), Score())
                    ts.gold += 1
                    ts.found += gold is not None
                if gold is None:
                    false_pos.append(m.group())
    gold_total = sum(s.gold for s in per.values())
    return {
        "recall": {k: v.recall for k, v in sorted(per.items())},
        "overall_recall": sum(s.found for s in per.values()) / gold_total if gold_total else 1.0,
        "precision": true_pred / pred_tokens if pred_tokens else 1.0,
        "precision_by_type": {k: v.recall for k, v in sorted(typed.items())},
        "missed": missed,
        "false_positives": false_pos,
    }
