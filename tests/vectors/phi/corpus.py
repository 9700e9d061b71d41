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

from tests.vectors.phi import corpus_v4, corpus_v5, corpus_v6, corpus_v7, corpus_v8, corpus_v9, corpus_v10
from tests.vectors.phi.check_digits import dea, mbi, npi

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


Part = str | tuple[str, str | None]  # a labelled part, or (text, None): text kept apart but not PHI


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


# Styles of real ICU practice (issue 11 item 4). Each kind has two templates with their own wording (both train
# since the test part was rewritten, see ``TEMPLATES``); generic unit abbreviations (MICU, CCU, 7 West) identify
# nothing and are not PHI, named hospitals, their abbreviations and named wards are LOCATION, initials in a
# signature are NAME. A named ward is annotated without its number ("the [Kovacs] 7 ward"), as the PhysioNet gold
# standard does: the name identifies the hospital, the number is a floor or a bay, as generic as "7 West".
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


def _flow_second(g: _Gen) -> list[Part]:
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


def _telegraphic_second(g: _Gen) -> list[Part]:
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


def _transfer_second(g: _Gen) -> list[Part]:
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


def _event_second(g: _Gen) -> list[Part]:
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


def _registration(g: _Gen) -> list[Part]:
    """Every structured category in one form (written as the old test part's; train since December 2026)."""
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



def _roles_train(g: _Gen) -> list[Part]:
    """People named by their role, a form's label or a credential in brackets, and the initials that sign (branch
    ``names``, December 2026: invented wording, train)."""
    typist = g.initials().lower()
    return [
        "Handoff ",
        (g.date(), "DATE"),
        "\nPATIENT: ",
        (f"{g.last().upper()}, {g.first().upper()} {g.r.choice('ABCDEFGHJKLMNPRSTW')}", "NAME"),
        "   Bed 12\nOvernight the intensivist ",
        (g.full_name(), "NAME"),
        " adjusted pressors; RT ",
        (g.last(), "NAME"),
        " weaned FiO2 to 40%. Spoke with ",
        (g.first(), "NAME"),
        " (",
        g.r.choice(["niece", "grandson", "sister"]),
        ") by phone. ",
        (g.first(), "NAME"),
        " verbalized understanding of the plan.\nTransport crew: ",
        (f"{g.last()}, {g.first()}", "NAME"),
        " (EMT-B).\nScribe: ",
        (g.initials(), "NAME"),
        "\n-- ",
        (g.initials(), "NAME"),
        ", RN\n",
        (g.initials(), "NAME"),
        "/",
        (typist, "NAME"),
        "\n",
    ]

# Train (December 2026, helper ``addr``): a home-visit and transport order, with street addresses in the many forms
# of the USPS suffix table, units, towns no dictionary holds (some in English words), ZIP codes no list holds, and
# practices named by a kind of care. Its words are invented here, for this template only.
_ADDR_STREET_WORDS = ["Thistlecombe", "Orrin", "Saddler", "Whinmoor", "Kestrel", "Bramley", "Coldwater", "Garrowby",
                      "Larch", "Tidewell", "Calder Forge", "Upper Sallow", "Hazelrigg", "Copperleaf", "Stonehatch"]
_ADDR_SUFFIXES = ["Run", "Trail", "Crossing", "Loop", "Way", "Pike", "Row", "Path", "Bend", "Cove", "Landing",
                  "Terrace", "Ridge", "Point", "Pass", "Hollow", "Trace", "Xing", "Trce", "Pkwy", "Cir", "Blvd",
                  "Glen", "Mews", "Spur", "Walk", "Green", "Square", "Turnpike", "Lndg", "Holw", "Rdg"]
_ADDR_TOWNS = ["Anvil Springs", "Dunholt", "Carrow Bridge", "Pellingham", "Saltby Cove", "Dunstreath", "Eastwick Ford",
               "Ravelston", "Tarrow Creek", "Ockleton", "Nether Harlowe", "Brockwater", "Hepplewick", "Stenby Bay"]
_ADDR_CARE = ["Kidney Care", "Midwifery", "Senior Van", "Medical Pavilion", "Dialysis", "Home Care", "Orthopaedics",
              "Imaging", "Urgent Care", "Medical Transport", "Audiology", "Birth Center"]


def _addr_street(g: _Gen) -> str:
    number = g.r.choice([str(g.r.randint(1, 99)), str(g.r.randint(100, 9999)), f"{g.r.randint(10, 999)}"])
    words = g.r.choice([g.r.choice(_ADDR_STREET_WORDS), g.last(), f"{g.r.choice(['N', 'S', 'E', 'W'])} "
                        f"{g.r.choice(_ADDR_STREET_WORDS)}"])
    unit = g.r.choice(["", "", "", f", Apt {g.r.randint(1, 40)}{g.r.choice('ABC')}", f" Unit {g.r.randint(1, 9)}",
                       f", Suite {g.r.randint(100, 400)}", f" #{g.r.randint(2, 30)}"])
    return f"{number} {words} {g.r.choice(_ADDR_SUFFIXES)}{unit}"


def _addr_town(g: _Gen) -> str:
    return g.r.choice(_ADDR_TOWNS) if g.r.random() < 0.6 else g.city()


def _addr_zip(g: _Gen) -> str:
    code = f"{g.r.randint(1000, 99999):05d}"
    return code + (f"-{g.r.randint(0, 9999):04d}" if g.r.random() < 0.2 else "")


def _address_order_train(g: _Gen) -> list[Part]:
    state = g.r.choice(_STATES)
    town = _addr_town(g)
    return [
        "Home visit and transport order ",
        (g.date(), "DATE"),
        "\nPatient: ",
        (g.full_name(), "NAME"),
        "\nHome address: ",
        (_addr_street(g), "ADDRESS"),
        g.r.choice([", ", " , ", "  "]),
        (town, "LOCATION"),
        ", " + state + " " if g.r.random() < 0.5 else g.r.choice([" ", ", ", "  "]),
        (_addr_zip(g), "ZIP"),
        "\nLives at ",
        (_addr_street(g), "ADDRESS"),
        " with her daughter; pickup by ",
        (f"{g.r.choice([_addr_town(g), g.last()])} {g.r.choice(_ADDR_CARE)}", "LOCATION"),
        ".\nDialysis three times weekly at ",
        (f"{g.r.choice([_addr_town(g), g.last()])} {g.r.choice(_ADDR_CARE)}", "LOCATION"),
        "; she lives in ",
        (_addr_town(g), "LOCATION"),
        " and transport to ",
        (_addr_town(g), "LOCATION"),
        " is arranged.\nAmbulated 2 laps around the unit loop, rest periods as needed. ",
        g.neg(),
        "\n",
    ]


# Train (December 2026, helper ``places4``): an intake and referral form with places in the forms US forms and notes
# write them: address fields, a table with place columns, a post-office box, a hyphenated house number, a numbered
# highway, a travel history's list, where someone comes from, facilities and works by their head nouns, a ZIP code in
# a sentence. Its towns and names are invented here, for this template only.
_PLACES4_TOWNS = ["Kellam", "Ostby", "Varnley", "Ormsley", "Marlport", "Quarrytown", "Ferrisburgh", "Pellham",
                  "Harlowmere", "Dunstaple", "Ellory", "Tisbury Falls", "Bellhaven", "Cobble Springs"]
_PLACES4_NAMES = ["Halvorsen", "Quellmark", "Northway", "Brannock", "Tollard", "Wendle", "Brisbourne", "Ashcombe"]
_PLACES4_HEADS = ["Drug", "Diagnostics", "Home Health Agency", "Medical Equipment", "Paper Works", "Mobility",
                  "Optical", "Family Shelter", "District Court", "Bus Station", "VNA", "Head Start"]


def _places4_town(g: _Gen) -> str:
    return g.r.choice(_PLACES4_TOWNS) if g.r.random() < 0.7 else g.city()


def _places4_train(g: _Gen) -> list[Part]:
    state = g.r.choice(_STATES)
    return [
        "Intake and referral ",
        (g.date(), "DATE"),
        "\nPatient: ",
        (g.full_name(), "NAME"),
        "\nAddress line 1: ",
        (f"{g.r.randint(10, 99)}-{g.r.randint(10, 99)} {g.r.choice(_PLACES4_NAMES)} Blvd", "ADDRESS"),
        "\nAddress line 2: ",
        (f"Apt {g.r.randint(1, 9)}{g.r.choice('ABC')}", "ADDRESS"),
        "\nCity: ",
        (_places4_town(g), "LOCATION"),
        f"  State: {state}  Zip: ",
        (_addr_zip(g), "ZIP"),
        "\nMailing: ",
        (f"PO Box {g.r.randint(10, 9999)}", "ADDRESS"),
        "\n",
        (_places4_town(g), "LOCATION"),
        " ",
        (_addr_zip(g), "ZIP"),
        "\nStreet | City | ZIP\n",
        (f"{g.r.randint(100, 9999)} Highway {g.r.randint(1, 99)} {g.r.choice(['North', 'South', 'East', 'West'])}",
         "ADDRESS"),
        " | ",
        (_places4_town(g), "LOCATION"),
        " | ",
        (_addr_zip(g), "ZIP"),
        "\nTravel history: ",
        (_places4_town(g), "LOCATION"),
        ", ",
        (_places4_town(g), "LOCATION"),
        " and ",
        (_places4_town(g), "LOCATION"),
        " in the last month. Originally from ",
        (_places4_town(g), "LOCATION"),
        "; flew in from ",
        (_places4_town(g), "LOCATION"),
        " last week.\nPharmacy: ",
        (f"{g.r.choice(_PLACES4_NAMES)} {g.r.choice(_PLACES4_HEADS)}", "LOCATION"),
        ", ",
        (_places4_town(g), "LOCATION"),
        "\nFound down at ",
        (f"{_places4_town(g)} Park", "LOCATION"),
        " and brought in by ",
        (f"{_places4_town(g)} Rescue", "LOCATION"),
        ". Lives in the ",
        (_addr_zip(g), "ZIP"),
        " area.\nMoved to Ward 4B, Station 3 aware. Travel: none other. ",
        g.neg(),
        "\n",
    ]


# Train (December 2026, helper ``ids4``): a face sheet and its attachments, with identifiers under the many labels
# registration, billing, payer and device records print (record, visit, plan, licence and any other numbers; a
# key-value row's bar and dot leaders), ages over 89 in a few more forms, and the product codes, rooms and counts
# that sit in the same places and are not PHI. Its wording is invented here, for this template only.
def _records_train(g: _Gen) -> list[Part]:
    n = g.r.randint
    return [
        "FACE SHEET  printed ",
        (g.date(), "DATE"),
        "\n" + g.r.choice(["M.R.N.: ", "Pt. ID# ", "Med. Rec. # ", "MRN | ", "Person ID "]),
        (str(n(100000, 9999999)), "MRN"),
        g.r.choice(["   CSN: ", "   Enc #: ", "   Visit #: ", "   Guarantor ID "]),
        (str(n(10**7, 10**10)), "ACCOUNT"),
        "\nPatient: ",
        (g.full_name(), "NAME"),
        *[
            [" (", (str(n(90, 104)), "AGE"), ") was seen in clinic.  "],
            ["  Age........", (str(n(90, 104)), "AGE"), "  "],
            ["  Age | ", (str(n(90, 104)), "AGE"), "  "],
        ][n(0, 2)],
        "Room # 4412, Bed 2\n",
        g.r.choice(["HIC #: ", "Enrollee ID: ", "Sub ID: ", "Coverage ID: "]),
        (f"{g.r.choice(['', 'W', 'XQ'])}{n(10**7, 10**9)}", "HEALTH_PLAN"),
        "   RxBIN: 610014  RxPCN: ADV\n",
        g.r.choice(["DL: ", "DL No. ", "Lic. No. ", "CDL "]),
        (f"S{n(10**6, 10**8)}", "LICENSE"),
        g.r.choice(["; Employee ID: ", "; Kit # ", "; Incident # ", "; File No. "]),
        (f"{n(10, 99)}-{n(1000, 99999)}", "ID"),
        "\nImplant: model W1DR01, REF # 5076-52, lot 44812A, serial ",
        (f"PJN{n(100000, 999999)}", "DEVICE"),
        "; infusion pump (asset ",
        (str(n(10000, 999999)), "DEVICE"),
        ")\nHer husband, who is ",
        (str(n(90, 99)), "AGE"),
        ", visits daily. NS # 1000 mL bolus; Tylenol #3 one tab. Cycle # 4 of 6.\n",
        g.neg(),
        "\n",
    ]


# Train (December 2026, helper ``places5``): a case-management packet (letterhead, referral form, placement table,
# contacts, signature block) with places in the forms US clinics, agencies, insurers, schools, courts, shelters,
# pharmacies, labs, home-care and transport services write them: facilities with many head nouns and none, short
# forms after a first mention, form fields, table rows, verbs of movement and residence, counties, addresses on one
# and on several lines with units, boxes and rural routes, ZIP+4, a town and state without a ZIP; and the clinical
# look-alikes in the same shapes. Its names and towns are invented here, for this template only.
_P5_NAMES = ["Halvardine", "Quorrington", "Bexmoor", "Tallowmere", "Corvenbrook", "Ambledown", "Wrexholt", "Isselby",
             "Marrowgate", "Velloway", "Sparrowick", "Merrivale", "Hallorann", "Ravensmere", "Orrindale"]
_P5_TOWNS = ["Thornecliffe", "Cassowick", "Dunsoverby", "Elsworthy", "Fennowes", "Garthby", "Kettleby", "Lowmarsh",
             "Quellingham", "Rooksedge", "Saltmire", "Tevington", "Hollins Ferry", "Port Quellingham", "North Garthby"]
_P5_STREETS = ["Quintard", "Tamsin", "Hollybrook", "Marrowgate", "Pellerin", "Ashgrove", "Kettle Creek", "Tollgate",
               "Sawyer", "Larkspur", "Church", "Second", "Highland", "Sunset"]
_P5_TYPES = ["St", "St.", "Ave", "Ave.", "Rd", "Ln", "Dr", "Ct", "Pl", "Blvd", "Cir", "Ter", "Way", "Pkwy", "Street",
             "Road", "Avenue", "Lane", "Drive", "Court"]
_P5_UNITS = ["", "", "", " Apt 4B", ", Apt 12", " Unit 12", " #3", ", Suite 200", " Lot 14", ", Apt. 2C", " Ste 110",
             ", Unit B"]
_P5_HEADS = ["Family Practice", "Family Medicine", "Pediatrics", "Primary Care", "Behavioral Health",
             "Counseling Services", "Dental Group", "Eye Care", "Physical Therapy", "Home Care", "Home Health",
             "Hospice", "Senior Services", "Pharmacy", "Apothecary", "Diagnostics", "Labs", "Medical Transport",
             "Ambulance", "Wheelchair Van", "Assisted Living", "Manor", "Commons", "Elementary School",
             "Middle School", "Academy", "Community College", "Baptist Church", "Lutheran Church", "Chapel",
             "District Court", "Family Court", "Rescue Mission", "Women's Shelter", "Housing Authority",
             "Health Plan", "Mutual", "Distribution Center", "Tool and Die", "Credit Union", "Urgent Care",
             "Dialysis Center", "Sleep Center", "Women's Health", "Orthopedics", "Cancer Center"]
_P5_SHELTERS = ["Rescue Mission", "House", "Women's Shelter", "Family Shelter"]
_P5_NEGATIVES = [
    "Referred to PT for gait training; sent to lab at 0600. Transported to CT and back to bed 4 without event.",
    "Location: left arm. Site: RUE, 20 g, placed today. Pharmacy: no changes. Placement: PICC right basilic 42 cm.",
    "Babinski sign absent, Glasgow Coma Scale 15, Braden 18, Morse Fall Scale 45, Wells score 2, Foley in place.",
    "Discharged to home with family. Resides at home alone. Works at home. Facility: none. Agency: declined.",
    "Site: left deltoid. Location: RLQ, tender. Employer: retired. School: not applicable. Referred by: self.",
    "Swan-Ganz removed; Hickman line flushed; Mallampati II; Parkland formula followed; Apgar 8 and 9.",
]


def _p5_name(g: _Gen) -> str:
    return g.r.choice(_P5_NAMES) if g.r.random() < 0.6 else g.last()


def _p5_town(g: _Gen) -> str:
    return g.r.choice(_P5_TOWNS) if g.r.random() < 0.6 else g.city()


def _p5_facility(g: _Gen) -> str:
    r = g.r.random()
    if r < 0.12:
        return f"{_p5_name(g)} & {_p5_name(g)} Associates"
    if r < 0.22:
        return f"Saint {g.first()}'s"
    if r < 0.3:
        return f"{_p5_town(g)} {g.r.choice(['Community', 'Regional', 'Area'])} {g.r.choice(_P5_HEADS)}"
    return f"{_p5_name(g)} {g.r.choice(_P5_HEADS)}"


def _p5_street(g: _Gen, unit: bool = True) -> str:
    number = str(g.r.choice([g.r.randint(1, 99), g.r.randint(100, 9999), g.r.randint(10000, 40000)]))
    direction = g.r.choice(["", "", "", "N ", "S. ", "East ", "West ", "NE "])
    after = g.r.choice(["", "", "", "", " NW", " SE"])
    street = f"{number} {direction}{g.r.choice(_P5_STREETS)} {g.r.choice(_P5_TYPES)}{after}"
    return street + (g.r.choice(_P5_UNITS) if unit else "")


def _p5_zip(g: _Gen) -> str:
    code = f"{g.r.randint(1000, 99999):05d}"
    return code + (f"-{g.r.randint(0, 9999):04d}" if g.r.random() < 0.3 else "")


def _p5_address_lines(g: _Gen, state: str) -> list[Part]:
    """An address on one line, on several lines, a box or a rural route; with or without a comma before the ZIP."""
    kind = g.r.randint(0, 4)
    first: Part = (_p5_street(g), "ADDRESS")
    if kind == 1:
        first = (f"{g.r.choice(['PO Box', 'P.O. Box', 'Post Office Box'])} {g.r.randint(2, 9999)}", "ADDRESS")
    elif kind == 2:
        first = (f"{g.r.choice(['RR', 'Rural Route'])} {g.r.randint(1, 9)} Box {g.r.randint(1, 300)}", "ADDRESS")
    elif kind == 3:
        return [(_p5_street(g, unit=False), "ADDRESS"), "\n", (g.r.choice(["Apt 4B", "Unit 12", "Suite 200", "#3"]),
                                                               "ADDRESS"), "\n", (_p5_town(g), "LOCATION"),
                f", {state} ", (_p5_zip(g), "ZIP")]
    sep = g.r.choice([", ", "\n"])
    return [first, sep, (_p5_town(g), "LOCATION"), g.r.choice([f", {state} ", f" {state} ", f", {state}, "]),
            (_p5_zip(g), "ZIP")]


def _places5_train(g: _Gen) -> list[Part]:
    state = g.r.choice(_STATES)
    system = f"{g.r.choice(_P5_NAMES)} Valley Health"
    acronym = "".join(w[0] for w in system.split()).upper() + "S"
    placement = g.r.choice(_P5_NAMES)
    ward = f"{g.r.choice(_P5_NAMES)} Pavilion"
    return [
        (f"{g.r.choice(_P5_NAMES)} Family Practice", "LOCATION"),
        "\n",
        *_p5_address_lines(g, state),
        "\nTel ",
        (f"{g.r.randint(201, 989)}-555-01{g.r.randint(10, 99)}", "PHONE"),
        "\n\nCASE MANAGEMENT REFERRAL  ",
        (g.date(), "DATE"),
        "\nClient: ",
        (g.full_name(), "NAME"),
        "\nFacility: ",
        (_p5_facility(g), "LOCATION"),
        "\nSite: ",
        (_p5_facility(g), "LOCATION"),
        "\nPharmacy: ",
        (f"{_p5_name(g)} {g.r.choice(['Pharmacy', 'Apothecary', 'Drug', 'Rx', 'Compounding Pharmacy'])}", "LOCATION"),
        "\nEmployer: ",
        (f"{_p5_name(g)} {g.r.choice(['Logistics', 'Tool and Die', 'Distribution Center', 'Credit Union'])}",
         "LOCATION"),
        "\nSchool: ",
        (f"{_p5_name(g)} {g.r.choice(['Elementary School', 'Middle School', 'Academy', 'Community College'])}",
         "LOCATION"),
        "\nAgency: ",
        (f"{_p5_town(g)} {g.r.choice(['Housing Authority', 'Senior Services', 'Home Care', 'Hospice'])}",
         "LOCATION"),
        "\nPlacement: ",
        (placement, "LOCATION"),
        "\nReferred by: ",
        (f"{system} System", "LOCATION"),
        " (",
        (acronym, "LOCATION"),
        ")\nCounty of residence: ",
        (f"{_p5_town(g)} County", "LOCATION"),
        "\n\nProvider | Facility | City\nDr. ",
        (g.last(), "NAME"),
        " | ",
        (_p5_facility(g), "LOCATION"),
        " | ",
        (_p5_town(g).upper(), "LOCATION"),
        "\n\nClient was transported to ",
        (_p5_facility(g), "LOCATION"),
        " by ",
        (f"{_p5_name(g)} {g.r.choice(['Ambulance', 'Medical Transport', 'Wheelchair Van'])}", "LOCATION"),
        ", then discharged to ",
        (placement, "LOCATION"),
        ". She resides at the ",
        (ward, "LOCATION"),
        " of ",
        (acronym, "LOCATION"),
        " and was placed at ",
        (f"{g.r.choice(_P5_NAMES)} {g.r.choice(['Manor', 'Commons', 'Assisted Living', 'House'])}", "LOCATION"),
        " last spring. Relocated from ",
        (_p5_town(g), "LOCATION"),
        ", ",
        state,
        " in March; housed at ",
        (f"{_p5_name(g)} {g.r.choice(_P5_SHELTERS)}", "LOCATION"),
        " for two weeks. Her son works at ",
        (f"{_p5_name(g)} {g.r.choice(['Foods', 'Logistics', 'Hardware', 'Credit Union'])}", "LOCATION"),
        " in ",
        (_p5_town(g).lower() if g.r.random() < 0.3 else _p5_town(g), "LOCATION"),
        ". Court date at ",
        (f"{_p5_town(g)} {g.r.choice(['District Court', 'Family Court', 'Probate Court'])}", "LOCATION"),
        ". Attends services at ",
        (f"Saint {g.first()}'s", "LOCATION"),
        ". Labs drawn at ",
        (f"{_p5_name(g)} {g.r.choice(['Labs', 'Diagnostics'])}", "LOCATION"),
        ". Insured through ",
        (f"{_p5_name(g)} {g.r.choice(['Mutual', 'Health Plan'])}", "LOCATION"),
        ".\nMailing address: ",
        *_p5_address_lines(g, state),
        "\nSister lives in ",
        (_p5_town(g), "LOCATION"),
        ", ",
        state,
        ".\n",
        g.r.choice(_P5_NEGATIVES),
        "\n\n",
        (g.full_name(), "NAME"),
        ", LCSW\nCase Manager, ",
        (f"{g.r.choice(_P5_NAMES)} Behavioral Health", "LOCATION"),
        "\n",
        *_p5_address_lines(g, state),
        "\n",
        g.neg(),
        "\n",
    ]


# ---------------------------------------------------------------------------------------------------------------
# Train (December 2026, helper ``orgs6``): an occupational-health and social-history packet with the organisations
# US notes, letters and forms name: employers after a work verb and shift words, with an industry's head noun and
# "&" or "and" inside the name; programs and practices named by a service; insurers and carriers; funeral homes;
# firms of surnames; a facility's "for" tail; a facility's initials where only a place stands (an authorisation, a
# garage, a letterhead line); and the clinical look-alikes in the same shapes. Its names are invented here.
_O6_NAMES = ["Dravenholt", "Quollinder", "Tillowby", "Marchetton", "Ostravel", "Brenningham", "Corrowick", "Fenstable",
             "Halloway Creek", "Pemberwick", "Sparrowgill", "Veskitt", "Wendlesham", "Yeldersham", "Kestrelford"]
_O6_BUSINESS = ["Meat Packing", "Sawmill", "Ready Mix Concrete", "Truck Stop", "Fabricators Inc.", "Poultry Co.",
                "Title & Escrow", "Feed and Grain", "Car Wash", "Nursery & Garden", "Auto Body", "Tool & Die",
                "Distribution Center", "Auto Parts", "Dairy", "Machine Shop", "Landscaping", "Roofing", "Bakery",
                "Brewing", "Heating and Cooling", "Pest Control", "Collision", "Foundry", "Cannery"]
_O6_SHIFTS = ["works nights at", "is working first shift at", "works weekends at", "has been missing shifts at",
              "works part-time at", "picks up extra shifts at", "works at", "worked for"]
_O6_SERVICES = ["Transplant Program", "Abdominal Transplant Program", "Methadone Clinic", "Opioid Treatment Program",
                "Travelers' Clinic", "Travel Medicine", "Surgical Weight Loss", "ASC", "Physical Therapy",
                "Sports & Spine", "Palliative Care", "Industrial Medicine", "Occupational Health",
                "Volunteer Rescue Squad", "Retina & Cataract", "Milk Bank"]
_O6_INSURERS = ["Casualty Co.", "Mutual Casualty", "Assurance Group", "Mutual Insurance Co.", "Indemnity",
                "Underwriters"]
_O6_INITIALS = ["QDMH", "TVRC", "BQMC", "WKHC", "PVQH", "DRMC"]
_O6_NEGATIVES = [
    "Physical Therapy consulted for gait; Palliative Care following; Social Work to see. Meals on Wheels started.",
    "Meds at HS; transfer to ICU then PACU; records from OSH. Foley Supply restocked. Holter removed.",
    "Unintentional Weight Loss of 8 lb. Lumbar Spine films negative. Regional anesthesia used.",
    "He works nights at the hospital. She works weekends for cash. Mother works at a poultry farm.",
    "PT TO RADIOLOGY SERVICE. Talked to Mom & Dad. Pt at rest & comfortable.",
]


def _o6_name(g: _Gen) -> str:
    return g.r.choice(_O6_NAMES) if g.r.random() < 0.7 else g.last()


def _orgs6_train(g: _Gen) -> list[Part]:
    c = g.r.choice
    initials = c(_O6_INITIALS)
    return [
        (initials, "LOCATION"), c([" TRANSFUSION SERVICE\n", " OUTPATIENT SERVICES\n"]),
        (f"{_o6_name(g)} {c(_O6_SERVICES)}", "LOCATION"), "\n",
        "OCCUPATIONAL HEALTH NOTE  ", (g.date(), "DATE"), "\nPatient: ", (g.full_name(), "NAME"),
        "\n\nSocial history: Patient ", c(_O6_SHIFTS), " ", (f"{_o6_name(g)} {c(_O6_BUSINESS)}", "LOCATION"),
        c([". ", " and smokes. ", " for 12 years. "]), "Wife ", c(_O6_SHIFTS), " ",
        (f"{_o6_name(g)} {c(_O6_BUSINESS)}", "LOCATION"), ".\nWork letter for employer, ",
        (f"{_o6_name(g)} {c(_O6_BUSINESS)}", "LOCATION"), ".\n",
        "Follows with ", (f"{_o6_name(g)} {c(_O6_SERVICES)}", "LOCATION"), c([" yearly. ", ". ", " for years. "]),
        "Seen at ", (f"{_o6_name(g)} Center for {c(['Sleep Medicine', 'Digestive Health', 'Womens Health'])}",
                     "LOCATION"), ". Plan back-transfer to ", (f"{_o6_name(g)} {c(['Regional', 'Memorial'])}",
                                                               "LOCATION"),
        c([" once stable.\n", ".\n"]),
        "Claim filed with ", (f"{_o6_name(g)} {c(_O6_INSURERS)}", "LOCATION"), "; carrier contact ",
        (g.full_name(), "NAME"), ".\nNext counseling ", (g.date(), "DATE"), " at ",
        (f"{g.last()} & {g.last()}", "LOCATION"), ". Arrangements by ",
        (f"{g.last()} & Sons Funeral Home", "LOCATION"), " were discussed.\n",
        "I authorize ", (initials, "LOCATION"), " to release records to my employer. Parking for the ",
        (c(_O6_INITIALS), "LOCATION"), " garage validated.\n", c(_O6_NEGATIVES), "\n", g.neg(), "\n",
    ]


# Train (December 2026, helper ``places7``): a specialty practice's letterhead with its short form after a dash and
# that short form used further down, services and practices named by a proper name and a service's head (allergy,
# poison center, anticoagulation, genetics, rehabilitation and nursing, detention, a state patrol post), a
# congregation, a hospital's initials before a department, a county road and a unit named by a word, a scan's "ln"
# for "in"; and the clinical look-alikes in the same shapes. Its names are invented here.
_P7_NAMES = ["Zyvquarn", "Xelbrimm", "Qorzanth", "Yxmorvel", "Vhezzark", "Jorbuxen", "Wuvtallow", "Okkerbrisk"]
_P7_TOWNS = ["Zuxwarren", "Qyvelmouth", "Xorbidale", "Jhezzton", "Vuskerford"]
_P7_SERVICES = ["Asthma & Allergy", "Poison Control Center", "Warfarin Clinic", "INR Clinic", "Medical Genetics",
                "Nursing & Rehab", "Addiction Services", "Bariatric Surgery Program", "Vision Care", "Relief Fund",
                "Outreach Ministries", "Juvenile Detention Center", "Heart Institute", "Transplant Institute"]
_P7_LETTERHEADS = [("Asthma Allergy Associates", "AAA"), ("Vein & Vascular Center", "VVC"),
                   ("Warfarin Clinic", "WC"), ("Ear Nose & Throat", "ENT")]
_P7_NEGATIVES = [
    "Pharmacy to review; poison control was phoned by mother. Dressing applied inside the bay.",
    "Vascular surgery aware; regional block declined. MRI ED slot full; to CCU after cath.",
    "Warfarin clinic will dose. Genetics referral placed. Round 2 CR likely. Call back at 4 PM or by portal.",
    "Congestive Heart Failure - CHF\nexacerbation resolved; moved from CCU to PCU.",
]


def _places7_train(g: _Gen) -> list[Part]:
    c, n = g.r.choice, g.r.randint
    first, second = c(_P7_NAMES), c(_P7_NAMES)
    head, letters = c(_P7_LETTERHEADS)
    short = f"{first[0]}{second[0]}{letters}"
    initials = c(["ZQVH", "XKMH", "JVRH", "QWMC"])
    return [
        (f"{first} {second} {head}", "LOCATION"), c([" - ", " – "]), (short, "LOCATION"), "\n",
        "OFFICE VISIT  ", (g.date(), "DATE"), "\nName: ", (g.full_name(), "NAME"), "\n\n",
        c(["Allergy injections biweekly at ", "Staples out in ten days at ", "Recheck of levels at "]),
        (short, "LOCATION"), ".\n",
        c(["Evaluated by ", "Sent over to ", "Managed at ", "Placed at "]),
        (f"{c(_P7_NAMES)} {c(_P7_SERVICES)}", "LOCATION"), c([" for years. ", ". ", " twice. "]),
        c(["Held at ", "Paroled from "]), (f"{c(_P7_NAMES)} {c(['Juvenile Detention Center', 'Detention Facility'])}",
                                           "LOCATION"), "; escorted by deputies from ",
        (f"{c(_P7_NAMES)} State Police Post", "LOCATION"), ". Worships at ",
        (f"Congregation B'nai {c(_P7_NAMES)}", "LOCATION"), ".\n",
        "Sign-out from hospitalist (", (initials, "LOCATION"), " ICU). Return visit at ",
        (initials, "LOCATION"), " or ", ("https://zqvh.example.org", "URL"), "\n",
        c(["Resides ln ", "Living ln "]), (c(_P7_TOWNS), "LOCATION"), " near her sister.\n",
        c(["MAILING ADDR: ", "Current residence: "]),
        c([(f"{n(1, 9999)} CR {n(1, 400)}", "ADDRESS"),
           (f"{n(100, 9999)} {c(['Zephyr', 'Quince', 'Yarrow'])} {c(['Court', 'Road', 'Way'])} "
            f"{c(['Rear', 'Upper', 'Lower'])}", "ADDRESS")]),
        ", ", (c(_P7_TOWNS), "LOCATION"), c([", ", ",  "]), c(["S.C.", "ID", "WY"]), " ",
        (f"{n(1000, 99999):05d}", "ZIP"), "\n", c(_P7_NEGATIVES), "\n", g.neg(), "\n",
    ]


# Identifiers as US forms print them (branch ids5, train): the many labels of a record number in hospitals, jails,
# courts, shelters and schools, a label after its value or over it in a table, values in letters and digits with
# dashes, spaces, dots or slashes; plan and member ids, device serials and UDIs, accounts, licences and ages over 89
# in every written form; and hard negatives in the same shapes (lot, model and catalogue numbers, codes, doses,
# readings, rooms, counts, ages under 90). Written from general knowledge of such forms.
def _ids5_value(g: _Gen, letters: str = "ABCDEFGHJKMNPRTWXZ") -> str:
    n, c = g.r.randint, g.r.choice
    d = str(n(10**5, 10**8))
    return c([
        d, f"{c(letters)}{d}", f"{c(letters)}{c(letters)}-{d}", f"{d[:3]}-{d[3:]}",
        f"{n(100, 999)} {n(100, 999)} {n(10, 9999)}",
        f"{d[:2]}.{d[2:4]}.{d[4:]}", f"{d}/{n(1, 9):02d}", f"{c(letters)}{n(10, 99)}-{n(1000, 9999)}-{n(1, 9)}",
        f"{n(100, 999)}{c(letters)}{n(1000, 99999)}", f"00{d}", f"{d}{c(letters)}",
    ])


def _ids5_mrn(g: _Gen) -> list[Part]:
    c = g.r.choice
    label = c(["MR#: ", "MR # ", "Med Rec No. ", "Med Rec #: ", "Chart #: ", "Chart No ", "Hospital No.: ",
               "Hospital #", "Pt ID: ", "Patient Number: ", "Patient No ", "Case #: ", "Booking #: ", "Booking No. ",
               "Inmate No.: ", "Inmate # ", "Client ID ", "Resident #: ", "Registration #: ", "Unit No. ",
               "Unit Number: ", "Medical Record #: ", "Record No.: ", "MRN - ", "Hosp ID: ", "Patient ID No. ",
               "Facility MRN: ", "DOC #: ", "Offender ID: ", "Detainee No. ", "Student ID: ", "Decedent #: ",
               "Hospital Record No. ", "Med. Record No.: ", "Clinic No.: ", "Member MRN: ", "EMPI#: ",
               "Patient Acct/MRN: "])
    tail = c([" on the wristband.\n", "\n", " (verified with two identifiers).\n", "; DOB on file.\n", "\n",
              ", per intake.\n"])
    return [label, (_ids5_value(g), "MRN"), tail]


def _ids5_mrn_after(g: _Gen) -> list[Part]:
    c, v = g.r.choice, _ids5_value(g)
    return c([
        ["Chart ", (v, "MRN"), " (MRN) pulled from records.\n"],
        ["Labels printed for ", (v, "MRN"), " [MR#].\n"],
        ["Record ", (v, "MRN"), " - Medical Record Number\n"],
        ["MRN          Name              DOB\n", (v, "MRN"), "       ", (g.full_name(), "NAME"), "   ",
         (g.date(), "DATE"), "\n\n"],
        ["Patient ID | Room | Service\n", (v, "MRN"), " | 4412 | Medicine\n\n"],
        # a record's fields, and a number in brackets right after the name
        ['{"mrn": "', (v, "MRN"), '", "unit": "4B"}\n'],
        ["<PatientID>", (v, "MRN"), "</PatientID>\n"],
        [c(["patient_id: ", "mrn=", "medical_record_number: "]), (v, "MRN"), "\n"],
        ["Patient: ", (g.full_name(), "NAME"), " (", (str(g.r.randint(10**5, 10**8)), "MRN"), ")\n"],
    ])


def _ids5_plan(g: _Gen) -> list[Part]:
    c, n = g.r.choice, g.r.randint
    rows: list[list[Part]] = [
        [c(["Member ID: ", "Member ID# ", "Member No. ", "Subscriber #: ", "Subscriber No.: ", "Subscriber ID ",
            "Policy #: ", "Policy No. ", "Medicaid ID: ", "Medicaid # ", "Plan ID: ", "ID Number: ", "Insured ID: ",
            "Member Number ", "Cardholder ID: ", "Beneficiary No.: ", "Medi-Cal ID: ", "CHIP ID "]),
         (_ids5_value(g, "WXYZHJKM"), "HEALTH_PLAN"), c(["\n", " (primary).\n", ", copay $25.\n"])],
        [c(["Group No. ", "Group #: ", "Grp# ", "Group Number: "]), (f"{c(['', 'G', 'RX'])}{n(1000, 9999999)}",
                                                                   "HEALTH_PLAN"), "\n"],
        [c(["Medicare (MBI): ", "MBI: ", "Medicare ID ", "Medicare #: "]), (mbi(g.r), "HEALTH_PLAN"), "\n"],
        ["BIN: 610014   PCN: ADV   Group: ", (f"RX{n(1000, 99999)}", "HEALTH_PLAN"), "   ID: ",
         (_ids5_value(g, "WXYZ"), "HEALTH_PLAN"), "\n"],
        ["RxBIN 004336 / RxPCN ADV / RxGrp ", (f"{c(['RX', 'G', ''])}{n(1000, 99999)}", "HEALTH_PLAN"), "\n"],
    ]
    return c(rows)


def _ids5_gtin(g: _Gen) -> str:
    body = "0" + "".join(str(g.r.randint(0, 9)) for _ in range(12))
    total = sum(int(x) * (3 if i % 2 == 0 else 1) for i, x in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def _ids5_serial(g: _Gen) -> str:
    n, c = g.r.randint, g.r.choice
    return c([f"{c(['PJN', 'RLA', 'GX', 'SN', 'BLU'])}{n(100000, 9999999)}", f"{n(10, 99)}-{n(1000, 9999)}-{n(10, 99)}",
              f"{n(1000, 9999)}{c('ABCDEFGHJK')}{n(1000, 99999)}", f"{n(10**6, 10**9)}",
              f"{c('ABCDEFGH')}{c('ABCDEFGH')}{n(100, 999)} {n(1000, 9999)}"])


def _ids5_device(g: _Gen) -> list[Part]:
    c, n = g.r.choice, g.r.randint
    rows: list[list[Part]] = [
        [c(["SN: ", "S/N ", "S/N: ", "Ser. No. ", "Serial #: ", "Serial No.: ", "Pump serial: ", "Meter SN ",
            "Pump S/N ", "IPG serial ", "Lead serial number ", "Device serial: ", "Generator SN: ", "Glucometer S/N: ",
            "Transmitter ID: ", "Hearing aid (R) serial ", "CPAP serial no. ", "Concentrator S/N: "]),
         (_ids5_serial(g), "DEVICE"), c(["\n", " interrogated today.\n", "; model per card.\n"])],
        ["UDI: ", (f"(01){_ids5_gtin(g)}(17){n(26, 30)}{n(1, 12):02d}{n(1, 28):02d}"
                   f"(21){_ids5_serial(g).replace(' ', '')}", "DEVICE"), "\n"],
        [f"Implant card: model W1DR01, lot {n(10000, 99999)}A, serial ",
         (_ids5_serial(g), "DEVICE"), ".\n"],
    ]
    return c(rows)


def _ids5_account(g: _Gen) -> list[Part]:
    c = g.r.choice
    label = c(["Acct #: ", "Acct No. ", "Account #", "Account Number: ", "Billing No. ", "Billing Acct: ",
               "Invoice #: ", "Invoice No. ", "Claim #: ", "Claim No.: ", "Claim Number ", "Accession #: ",
               "Accession No. ", "Specimen ID: ", "Specimen #: ", "Encounter #: ", "Enc. No. ", "Visit ID: ",
               "FIN: ", "FIN # ", "Statement ID: ", "Patient Acct #: ", "Order #: ", "Req. #: "])
    typ = "ID" if any(w in label for w in ("Accession", "Specimen", "Order", "Req")) else "ACCOUNT"
    return [label, (_ids5_value(g), typ), c(["\n", " (self-pay).\n", "; balance due.\n", " received in lab.\n"])]


def _ids5_license(g: _Gen) -> list[Part]:
    c, n = g.r.choice, g.r.randint
    last = g.last()
    rows: list[list[Part]] = [
        [c(["Lic. #: ", "Lic # ", "State License: ", "State License No. ", "License #: ", "RN Lic. No. ",
            "Medical License # ", "CDL: ", "CDL # ", "DL #: ", "Driver License: ", "Pharmacist Lic. "]),
         (f"{c(['', 'S', 'MD', 'RN', 'D'])}{n(10**4, 10**8)}", "LICENSE"), "\n"],
        [c(["DEA: ", "DEA # ", "DEA No. "]), (dea(g.r, last), "LICENSE"), c(["  NPI: ", ", NPI # "]),
         (npi(g.r), "LICENSE"), "\n"],
    ]
    return c(rows)


def _ids5_age(g: _Gen) -> list[Part]:
    """An age over 89 in its written forms; as elsewhere in the corpus the age phrase is the span ("94 y/o", "aged
    94"), the number alone where brackets or a sex's letter set it off ("(94)", "94/F")."""
    c, n = g.r.choice, g.r.randint
    a = str(n(90, 106))
    obituary: list[list[Part]] = [[", died at home.\n"], [", of ", (g.city(), "LOCATION"), ".\n"],
                                  [", widow of the late ", (g.full_name(), "NAME"), ".\n"]]
    rows: list[list[Part]] = [
        [c(["Pt is a ", "This is a ", "A ", ""]), (a + c([" y/o", "yo", " YO", " yrs old", " y.o.", " yr old"]), "AGE"),
         " ", c(["female", "male", "F", "M", "woman"]), " seen today.\n"],
        [(a + c(["F", "M", "yoF", " YO", "yo", " y"]), "AGE"), c([" F", " M", " male", ""]), " w/ hx of CHF.\n"],
        [c(["a ", "A "]), (a + c(["-year-old", "-yr-old", " year old", "-y/o"]), "AGE"), " widow.\n"],
        [(c(["aged ", "Aged ", "age: ", "Age: ", "AGE ", "age "]) + a, "AGE"), c([", lives alone.\n", "\n"])],
        ["Pt ", (g.full_name(), "NAME"), " (", (a, "AGE"), ") arrived by ambulance.\n"],
        [c(["Now in her ", "Now in his ", "in her "]), (a + "th", "AGE"), " year, she still walks daily.\n"],
        ["DOB ", (g.date(), "DATE"), " (", (a, "AGE"), c([" y", " yrs", ""]), ")\n"],
        ["Patient ", (a + c([" yrs", " years", " y"]), "AGE"), ", ", c(["female", "male"]), ".\n"],
        ["She is ", (_ids5_words(g) + " years", "AGE"), c([" old", " of age"]), ".\n"],
        ["Age/Sex: ", (a, "AGE"), "/", c(["F", "M"]), "\n"],
        [c(["Resident: ", "Patient: ", ""]), (g.full_name(), "NAME"), " (", (a, "AGE"), c([")\n", ") - fall.\n"])],
        [(g.full_name(), "NAME"), ", ", (a, "AGE"), *c(obituary)],
        [c(["DOB/Age: ", "DOB / Age: "]), (f"{n(1, 12):02d}/{n(1, 28):02d}/{n(1920, 1935)}", "DATE"), " (",
         (a, "AGE"), ")\n"],
        [c(["The patient's age is ", "She's ", "He's ", "Age was "]), (a, "AGE"), ".\n"],
    ]
    return c(rows)


def _ids5_words(g: _Gen) -> str:
    return "ninety" + g.r.choice(["", "-one", "-two", "-three", "-four", "-five", "-six", "-seven", "-eight", "-nine"])


_IDS5_NEGATIVES = [
    "Lot # 44812A, exp 2027-03; Model No. 5076-52; Cat. No. 1234-56 on the box.",
    "REF 5076-52, LOT 448120, qty 2.",
    "CPT 99213, ICD-10 I50.32 and Z79.01; HCPCS J1885.",
    "Room 4412, Bed 2; transferred to Rm 618-B.",
    "Case 2 of 3 today. Pt #2 in queue. Order 3 of 5 complete.",
    "An 84 y/o female; her sister is 78 yo.",
    "SpO2 94% on 2L; BP 94/60, HR 94; glucose 94 mg/dL.",
    "Metoprolol 25 mg PO BID; heparin 5000 units SC q8h; K 4.1, Cr 1.2.",
    "Dose #2 of series given; cycle # 4 of 6; line #1 flushed.",
    "Temp 98.6 F, weight 94 kg, 94 mg of iron.",
    "Model # ABC-1234; part no. 22-881; catalogue no. 45-110.",
    "Grade 2 of 4 murmur; 2/6 SEM; 3 of 4 extremities.",
]


def _ids5_train(g: _Gen) -> list[Part]:
    builders = [_ids5_mrn, _ids5_mrn, _ids5_mrn_after, _ids5_plan, _ids5_plan, _ids5_device, _ids5_device,
                _ids5_account, _ids5_license, _ids5_age, _ids5_age, _ids5_age]
    parts: list[Part] = ["REGISTRATION / FACE SHEET\nPatient: ", (g.full_name(), "NAME"), "\n"]
    for _ in range(g.r.randint(8, 12)):
        parts.extend(g.r.choice(builders)(g))
        if g.r.random() < 0.3:
            parts.append(g.r.choice(_IDS5_NEGATIVES) + "\n")
    parts.append(g.neg() + "\n")
    return parts

# Names in role slots (branch names6, train): staff initials after "by", a role or a step's label and before a
# credential, a line that ends with a date and initials, typists' lines, a form's label of the person it is about
# before "LAST, FIRST M" or "FIRST LAST", a relative's and a newborn's name in capitals, lowercase signatures; and
# the clinical look-alikes in the same slots. Its names and letters are invented here, for this template only (its
# names strings of syllables no other part would draw).
_N6_FIRST = ["Vimbtzuth", "Waetchlusk", "Balphpael", "Joaltjaelow", "Wirrphoack", "Lorvweby", "Gwyrrgwyl",
             "Palkxilow", "Veqvaul", "Laurrmyl", "Quaundvon", "Xindmuin", "Woskthraen", "Tzultxick", "Jorrgwez"]
_N6_LAST = ["Zherrthroaz", "Gwuinggwaen", "Xoatchklard", "Tzaumbxave", "Droaxtbytte", "Voarrquaerd", "Jaeddphyric",
            "Yvimbskask", "Zhaskbrerd", "Tzeirvweiz", "Quuiskpaen", "Xunddraeric", "Thraumbpeby", "Baengskylow",
            "Nalkyvaemp"]
_N6_PEOPLE = ["EMPLOYEE", "Employee", "CANDIDATE", "Claimant", "ADJUSTER", "Supervisor", "Traveler", "Donor",
              "Decedent", "Inmate", "Athlete", "Applicant", "Tenant", "Insured", "Guarantor", "Subscriber",
              "Client", "Caregiver", "Interpreter", "Witness", "Notary", "Student"]
_N6_CREDENTIALS = ["RN", "LPN", "CMA", "COA", "RPSGT", "CPhT", "RD", "RT", "CNA", "PharmD", "RDMS", "MA"]
_N6_STEPS = ["Dispensed by:", "Verified by", "Collected by", "Processed by", "Scribed by", "Checked by:",
             "Received by", "Prepared by:", "Witnessed by"]
_N6_ROLES = ["pharmacist", "RT", "technologist", "dietitian", "nurse", "RN"]
_N6_NEGATIVES = [
    "Meds given by PO; fluids by IV; pain controlled by PCA. Seen by MD, RN aware.",
    "Wound assessed by PT, OT to follow. Evaluated by ENT today, cleared by GI.",
    "Taken by mouth. D/W RN. RN to call per MD. Pt A&O x3. Verified by: RN. Collected by: Lab.",
    "Labs drawn today, CBC pending. Weight by bed scale, KG stable. Follow up PRN. Last dose given by IV, PO next.",
    "Allergies: N.K.D.A. Code status: D.N.R. Medications taken p.o. b.i.d. Foley in place; Swan removed.",
    "Donor: none. Supervisor: notified of fall. Traveler: no recent travel. Tenant: Lives alone.",
    "Boy Scouts troop visited. Set up by RT at the bedside. Transported by EMS to CT. Skin check: WNL.",
]


def _n6_name(g: _Gen) -> tuple[str, str]:
    first = g.r.choice(_N6_FIRST) if g.r.random() < 0.6 else g.first()
    last = g.r.choice(_N6_LAST) if g.r.random() < 0.6 else g.last()
    return first, last


_N6_INITIALS = ["QK", "TZ", "WB", "JQ", "KFZ", "VHM", "ZB", "HJ", "GQW", "BZ", "FQ", "JWK", "KZ", "QBT", "WJ"]


def _n6_initials(g: _Gen, dotted: bool = False) -> str:
    letters = g.r.choice(_N6_INITIALS)
    if not dotted:
        return letters
    return ". ".join(letters) + "." if g.r.random() < 0.5 else ".".join(letters) + "."


def _n6_person(g: _Gen) -> list[Part]:
    first, last = _n6_name(g)
    label = g.r.choice(_N6_PEOPLE)
    shape = g.r.randint(0, 2)
    if shape == 0:
        return [f"{label}: ", (f"{last.upper()}, {first.upper()} {g.r.choice('ABDKLMPT')}", "NAME"), "\n"]
    if shape == 1:
        return [f"{label}: ", (f"{last.upper()}, {first}", "NAME"), "\n"]
    return [f"{label}: ", (f"{first} {last}", "NAME"), "\n"]


def _n6_staff(g: _Gen) -> list[Part]:
    c = g.r.choice
    shape = g.r.randint(0, 5)
    if shape == 0:
        return [c(_N6_STEPS), " ", (_n6_initials(g), "NAME"), ", ", c(_N6_CREDENTIALS), "\n"]
    if shape == 1:
        return [c(["Processed", "Collected", "Received"]), " by ", (_n6_initials(g), "NAME"), " on ",
                (f"{g.r.randint(1, 12)}/{g.r.randint(1, 28)}/{g.r.randint(20, 25)}", "DATE"), "\n"]
    if shape == 2:
        return [c(["Verified", "Checked", "Set up"]), " by ", c(_N6_ROLES), " ", (_n6_initials(g, True), "NAME"),
                "\n"]
    if shape == 3:
        return [c(["Technologist", "Sonographer", "Scribe"]), ": ", (_n6_initials(g), "NAME"), ", ",
                c(_N6_CREDENTIALS), "\n"]
    if shape == 4:
        return ["Bedside double check: ", (_n6_initials(g, True).rstrip("."), "NAME"), ". / ",
                (_n6_initials(g, True).rstrip("."), "NAME"), ".\n"]
    return [c(["Release to billing", "Chart closed", "Reviewed"]), " ",
            (f"{g.r.randint(1, 12)}/{g.r.randint(1, 28)}/20{g.r.randint(10, 25)}", "DATE"), ", ",
            (_n6_initials(g), "NAME"), "\n"]


def _n6_family(g: _Gen) -> list[Part]:
    first, last = _n6_name(g)
    if g.r.random() < 0.5:
        return [g.r.choice(["GRANDMOTHER", "Aunt", "FATHER"]), " ", (f"{last.upper()}, {first.upper()}", "NAME"),
                "\n"]
    return [g.r.choice(["BOY", "Girl", "Baby Boy"]), " ", (last, "NAME"), g.r.choice([" (TWIN B)\n", "\n"])]


def _names6_train(g: _Gen) -> list[Part]:
    first, last = _n6_name(g)
    parts: list[Part] = ["ROLES AND SIGNATURES\n"]
    builders = [_n6_person, _n6_person, _n6_staff, _n6_staff, _n6_staff, _n6_family]
    for _ in range(g.r.randint(6, 9)):
        parts.extend(g.r.choice(builders)(g))
        if g.r.random() < 0.35:
            parts.append(g.r.choice(_N6_NEGATIVES) + "\n")
    parts += ["Note reviewed.\n", (f"{first.lower()} {last.lower()}", "NAME"), ", ", g.r.choice(["rn", "lpn", "nnp"]),
              "\n", (_n6_initials(g), "NAME"), "/", (g.r.choice(["mk", "tq", "jz"]), "NAME"), "\n"]
    parts.append(g.neg() + "\n")
    return parts


# Names a label, an alias or a written text gives (branch names7, train): a co-signer's initials before a slash and
# a signed name, initials between a role and what the person does, a role and a name alone in a table's cell, "ATTN",
# a drug test's custody labels ("DER:", "(collector):"), an alias's label ("AKA:", "goes by"), a tattoo's or a name
# tag's text, a thing's label ("Vial label:"), lowercase names after a title; and the clinical look-alikes in the same
# slots. Its names and letters are invented here, for this template only (strings of syllables no other part draws).
_N7_FIRST = ["Zwoqrenda", "Klyvmaeth", "Prusktovi", "Yulvexhar", "Brenqotty", "Wexvulda", "Fjorquana", "Driskvelm"]
_N7_LAST = ["Quothbarrel", "Vrintmoszek", "Glaxtoreby", "Shumvrekkel", "Traxoppley", "Zelvquindor", "Morqualvix"]
_N7_NEGATIVES = [
    "Hx: R AKA, L BKA. AKA stump healing well. Sister at bedside.\n",
    "Multiple tattoos, script tattoo R arm, no text legible.\n",
    "RN to call MD with results. Meds given by PO. Pt goes by wheelchair to radiology.\n",
    "| 0900 | RN Assessment | complete |\n",
    "Attn: Medical Records Department. MD now aware of results.\n",
]


def _n7_name(g: _Gen) -> tuple[str, str]:
    return g.r.choice(_N7_FIRST), g.r.choice(_N7_LAST)


def _n7_initials(g: _Gen) -> str:
    letters = "BDFGHJKLMNPQTVWZ"
    return "".join(g.r.choice(letters) for _ in range(g.r.choice([2, 2, 3])))


def _n7_row(g: _Gen) -> list[Part]:
    c = g.r.choice
    first, last = _n7_name(g)
    ini = _n7_initials(g)
    rows: list[list[Part]] = [
        [(c([ini, ".".join(ini) + "."]), "NAME"), " / ", (f"{first} {last}", "NAME"), ", ", c(["PharmD", "RN", "MD"]),
         c(["\n", ", CACP\n"])],
        [c(["On-call chaplain ", "SW ", "Case manager "]), (ini, "NAME"), c([" to follow.\n", " aware.\n"])],
        ["| 0800 | ", c(["RN ", "LPN "]), (first, "NAME"), " | meds given |\n"],
        [c(["ATTN: ", "attn. ", "DER: ", "STEP 4 (collector): "]), (f"{first} {last}", "NAME"),
         c([", DON\n", "\n", ", collected 10:42\n"])],
        [c(["AKA: ", "Nickname: ", "Prefers to be called ", "Goes by "]), (first, "NAME"), "\n"],
        [c(["TATTOOS: L forearm, script - ", "Name tag read "]), (first, "NAME"), "\n"],
        [c(["Vial label: ", "Wristband: "]), (f"{last.upper()}, {first.upper()}", "NAME"), " / DOB ",
         (g.date(), "DATE"), "\n"],
    ]
    return c(rows)


def _names7_train(g: _Gen) -> list[Part]:
    parts: list[Part] = ["CONTACTS AND SIGNATURES\n"]
    for _ in range(g.r.randint(5, 8)):
        parts.extend(_n7_row(g))
        if g.r.random() < 0.35:
            parts.append(g.r.choice(_N7_NEGATIVES))
    parts.append(g.neg() + "\n")
    return parts


# Identifiers and ages as intake sheets, device clinics, paging logs and billing print them (branch ids6, train): an
# age over 89 in words as a bare value ("now ninety-four,", "(one hundred and three)" after a birth date), a header's
# "Sex/Age: F 94", a maker's word between a serial's label and the serial, a GS1 UDI after its label, an extension
# after a paging verb, "Ins ID" and "Docket No.", a number before its label after a dash. Vocabulary invented.
def _ids6_age(g: _Gen) -> list[Part]:
    c, n = g.r.choice, g.r.randint
    hundred = c(["one hundred", "a hundred", "one hundred and two", "one hundred one"])
    word = c([_ids5_words(g), _ids5_words(g), hundred])
    a = str(n(90, 104))
    rows: list[list[Part]] = [
        [c(["Alive and well, now ", "Widowed, now ", "Retired teacher, now "]), (word, "AGE"),
         c([", lives with her son.\n", ", still drives.\n", "; walks daily.\n"])],
        ["DOB ", (g.date(), "DATE"), c(["   (", " (", "  ("]), (word, "AGE"), ")\n"],
        [c(["He turns ", "She turned ", "Turning "]), (word, "AGE"), c([" next week.\n", " this spring.\n"])],
        [c(["Sex/Age: ", "Gender/Age: ", "SEX/AGE: "]), c(["F ", "M ", "Female ", "Male "]), (a, "AGE"), "\n"],
        [c(["F, ", "M, "]), (a, "AGE"), c([", from home with a walker.\n", ", here with her niece.\n"])],
        [c(["Celebrated her ", "Family brought cake for his "]),
         (c(["ninety-fifth", "one hundredth", "ninety-first", "ninetieth"]), "AGE"), " birthday.\n"],
    ]
    return c(rows)


def _ids6_serial(g: _Gen) -> str:
    n, c = g.r.randint, g.r.choice
    return c([f"{n(10, 99)}-{n(10000, 99999)}{c('HKLMX')}", f"{c(['PQ', 'TRV', 'XL'])}{n(100000, 999999)}{c('HKLM')}",
              f"{n(1000, 9999)}-{c('ABCDEFGH')}{n(100, 999)}"])


def _ids6_device(g: _Gen) -> list[Part]:
    c, n = g.r.choice, g.r.randint
    gtin = "".join(str(n(0, 9)) for _ in range(14))  # (a label's GTIN, its check digit unchecked)
    rows: list[list[Part]] = [
        [c(["Pump: serial ", "Insulin pump serial ", "S/N: ", "Feeding pump SN "]), c(["CADD ", "Vortrel ", "KQ-7 "]),
         (_ids6_serial(g), "DEVICE"), c(["\n", " checked today.\n"])],
        [c(["UDI ", "UDI: "]), (f"(01){gtin}(17){n(26, 30)}{n(1, 12):02d}{n(1, 28):02d}(21){_ids6_serial(g)}",
                                 "DEVICE"), "\n"],
    ]
    return c(rows)


def _ids6_pager(g: _Gen) -> list[Part]:
    c, n = g.r.choice, g.r.randint
    x = c(["x", "x", "x ", "X"]) + str(n(1000, 9999))
    rows: list[list[Part]] = [
        [c(["Covering resident paged at ", "Paged on-call at ", "paged "]), (x, "PHONE"), " for the pain plan.\n"],
        [c(["Call ", "Tel. ", "Office: "]), (x, "PHONE"), c([" with questions.\n", "\n"])],
    ]
    return c(rows)


def _ids6_ids(g: _Gen) -> list[Part]:
    c, n = g.r.choice, g.r.randint
    v = _ids5_value(g)
    rows: list[list[Part]] = [
        [c(["Ins ID ", "Ins. ID#: ", "Insurance #: ", "Insurance No. "]),
         (f"{c('WXYZ')}{n(10**7, 10**9)}-{n(1, 9):02d}", "HEALTH_PLAN"), "\n"],
        [c(["Labels: ", "Wristband reprinted, ", ""]), (str(n(10**5, 10**8)), "MRN"), c([" - MRN\n", " \u2013 MRN\n"])],
        ["Statement ", (str(n(10**6, 10**9)), "ACCOUNT"), " - Acct\n"],
        [c(["Docket No. ", "Docket #: "]), (f"{n(2019, 2026)}-{c(['CV', 'CR', 'FA'])}-{n(1000, 99999)}", "ID"), "\n"],
        [c(["ME Lic. ", "Lic.: ", "RN Lic. "]), (f"{c(['', 'RN', 'MD'])}{n(10**4, 10**7)}", "LICENSE"), "\n"],
        ["Acct # ", (v, "ACCOUNT"), "\n"],
    ]
    return c(rows)


_IDS6_NEGATIVES = [
    "Serial troponins 0.04, 0.05 and 0.06; serial CK 1200-900.",
    "Sats now ninety-four on 2L; HR now ninety; BP now one hundred over sixty.",
    "Called x2, paged x 3 without answer; Lasix x 3 days.",
    "T 98.6 F, 96, 18, 120/80 on arrival.",
    "Now ninety minutes post dose; turned ninety degrees to the left.",
    "Group 2 of 4; Room 4412 - Bed 2; CPT 99213 - E&M.",
]


def _ids6_train(g: _Gen) -> list[Part]:
    builders = [_ids6_age, _ids6_age, _ids6_age, _ids6_device, _ids6_pager, _ids6_ids, _ids6_ids]
    parts: list[Part] = ["INTAKE / BILLING SHEET\nPatient: ", (g.full_name(), "NAME"), "\n"]
    for _ in range(g.r.randint(8, 12)):
        parts.extend(g.r.choice(builders)(g))
        if g.r.random() < 0.3:
            parts.append(g.r.choice(_IDS6_NEGATIVES) + "\n")
    parts.append(g.neg() + "\n")
    return parts


# Identifiers and ages as face sheets, death records, agency case files and Medicare cards print them (branch ids7,
# train): a record or account number in pairs of digits, a case's number without its marker ("case 25-783103"), an
# age in words after a person and a verb, "93 years of age" whole, "now age ninety-one" with its "age", a scan's
# "Age (ycars):", and a value after a second label's short form, which stays out ("serial SN", "Medicare MBI", "Acct:
# FIN"). Vocabulary invented.
def _ids7_ids(g: _Gen) -> list[Part]:
    c, n = g.r.choice, g.r.randint
    pairs = " ".join(f"{n(0, 99):02d}" for _ in range(n(3, 4)))
    rows: list[list[Part]] = [
        [c(["MRN ", "MRN: ", "Med Rec # ", "Hospital # "]), (pairs, "MRN"), c([" at intake.\n", "\n"])],
        [c(["Acct ", "Acct # "]), (pairs, "ACCOUNT"), " sent to billing.\n"],
        [c(["Refer to case ", "Agency case ", "Incident ", "Police report ", "Case: "]),
         (f"{c(['', '20'])}{n(19, 26)}-{n(1000, 999999):0{c([4, 6])}d}", "ID"), c([" per dispatch.\n", "\n"])],
        ["ME case ", (f"ME{n(19, 26)}-{n(1000, 9999)}", "ID"), " opened by the investigator.\n"],
        [c(["Pump: serial SN ", "Concentrator serial S/N "]), (f"{n(10, 99)}-{n(10000, 99999)}{c('HKLM')}", "DEVICE"),
         " checked today.\n"],
        [c(["Medicare MBI ", "Medicare MBI: "]), (_mbi(g), "HEALTH_PLAN"), "\n"],
        [c(["Acct: FIN ", "Encounter: CSN ", "Account # CSN "]), (str(n(10**6, 10**9)), "ACCOUNT"), "\n"],
        ["Patient ID: MRN ", (str(n(10**5, 10**8)), "MRN"), "\n"],
    ]
    return c(rows)


def _ids7_age(g: _Gen) -> list[Part]:
    c, n = g.r.choice, g.r.randint
    word = c([_ids5_words(g), _ids5_words(g), "one hundred and six", "one hundred"])
    a = str(n(90, 104))
    rows: list[list[Part]] = [
        [c(["Decedent was ", "Client is ", "She was ", "Resident is "]), (word, "AGE"),
         c([" and had lived alone.\n", " when she moved to the home.\n", ".\n", "; walks daily.\n"])],
        [c(["Decedent was ", "He is ", "Patient is "]), (c([a, word]) + " years of age", "AGE"),
         c([".\n", ", alert.\n"])],
        [c(["Widowed, now ", "Alive and well, now "]), ("age " + word, "AGE"), c([", still cooks.\n", ".\n"])],
        [c(["4a. Age (ycars): ", "Age (years): ", "AGE (YRS): "]), (a, "AGE"), "\n"],
    ]
    return c(rows)


_IDS7_NEGATIVES = [
    "BP 130 77 81 on recheck; case 2 of 3 in the OR.",
    "In case of a fall, call the nurse; Age (years): 45.",
    "She was ninety minutes late; one hundred mg given; he was ninety feet from the door.",
    "Report 2019-2024 data to the registry; just in case 10-1500 mL is ordered.",
    "Lot 44 21 09 on the vial; CR 2.1 this morning.",
]


def _ids7_train(g: _Gen) -> list[Part]:
    builders = [_ids7_ids, _ids7_ids, _ids7_age, _ids7_age]
    parts: list[Part] = ["CASE FILE / FACE SHEET\nPatient: ", (g.full_name(), "NAME"), "\n"]
    for _ in range(g.r.randint(6, 10)):
        parts.extend(g.r.choice(builders)(g))
        if g.r.random() < 0.3:
            parts.append(g.r.choice(_IDS7_NEGATIVES) + "\n")
    parts.append(g.neg() + "\n")
    return parts


# Train (December 2026, helper ``addr6``): US street addresses, towns and ZIP codes in the shapes forms, EMS run
# sheets, delivery slips and letters print them: ordinal streets and the USPS suffixes ("31st Trl", "Harrow Bnd"),
# house numbers with a letter or a half, units in the street line, county and farm roads and rural routes, a
# street grid's address, the town between the street and its state when the separators are two spaces, a pipe or a
# middle dot, a state with periods or spelled out, a two-word town on a common first word, a town and ZIP code with
# no state in a scene or pickup line; and the clinical look-alikes. Its names and towns are invented here.
_A6_STREETS = ["Ollick", "Harrow", "Vessing", "Quarrow", "Tenner", "Dwale", "Marrick", "Sollow", "Penworth", "Grellen",
               "Hollin", "Brantle", "Ostler", "Tamsin Ridge", "Corvel"]
_A6_SUFFIXES = ["Trl", "Pkwy", "Pt", "Bnd", "Frk", "Shls", "Sta", "Smt", "Psge", "Xing", "Lndg", "Trce", "Cres",
                "Spur", "Run", "Row", "Path", "Loop", "Pass", "Point", "Bend", "Fork", "Shoals", "Station", "Summit",
                "Crossing", "Landing", "Parkway", "Trail", "Harbor", "Ave", "Rd", "Dr"]
_A6_TOWNS = ["Quobbin", "Wyndle", "Brindlecot", "Hask Wollow", "Carrowby", "Tessaly", "Gorsby", "Vossley", "Quella",
             "Dravel", "Orrimton", "Bessel Falls"]
_A6_PREFIXES = ["Port", "Mount", "East", "North", "Upper", "Lake", "Fort", "West", "Mt.", "St.", "Ft."]
# each state with the first three digits of its ZIP codes (a ZIP code that does not fit its state is not written)
_A6_STATES = [("MN", "Minnesota", 550, 567), ("NC", "North Carolina", 270, 289), ("VA", "Virginia", 220, 246),
              ("IN", "Indiana", 460, 479), ("DE", "Delaware", 197, 199), ("ND", "North Dakota", 580, 588),
              ("MI", "Michigan", 480, 499), ("UT", "Utah", 840, 847), ("OH", "Ohio", 430, 458),
              ("NY", "New York", 100, 149), ("TX", "Texas", 750, 799), ("NE", "Nebraska", 680, 693)]
_A6_UNITS = ["", "", "", " Spc 312", " Bldg D", ", Dept 596", " Lot 14", " Trlr 9", ", Rm 4", " Fl 2", " # 4B",
             ", Apt 3", " Unit 12"]
_A6_NEGATIVES = [
    "Gave 88 1/2 mg PO at 0900; moved to room 12 bed 2, then Station 4.",
    "Trail making test part B completed in 88 seconds. Bend knees to lift. Point tenderness over 3rd metatarsal.",
    "Walked 2 laps around the unit loop; 1 flight of stairs; 2nd Pass of the catheter without resistance.",
    "Labs: Hgb 12, WBC 8, Plt, 245. Heparin drip rate, 18000 units per 24 h reviewed.",
    "Home: with spouse. Address: verified at registration. Mailing address: same as above.",
    "Reviewed the 2nd Path report; 3rd Loop diuretic dose held; 5th Row of the flowsheet blank.",
]


def _a6_number(g: _Gen) -> str:
    n = str(g.r.choice([g.r.randint(1, 99), g.r.randint(100, 9999), g.r.randint(10000, 29999)]))
    return n + g.r.choice(["", "", "", "", "A", "-B", "-a", " 1/2"])


def _a6_ordinal(n: int) -> str:
    return f"{n}{'th' if n % 100 in (11, 12, 13) else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _a6_street(g: _Gen) -> str:
    kind = g.r.randint(0, 9)
    if kind == 0:
        return f"{g.r.randint(10, 9999)} {g.r.choice(['County Rd', 'County Road', 'FM', 'State Route'])} " \
               f"{g.r.randint(2, 999)}"
    if kind == 1:
        return f"{g.r.choice(['Rural Route', 'RR', 'HC'])} {g.r.randint(1, 99)} Box {g.r.randint(1, 300)}"
    if kind == 2:
        ns, ew = g.r.choice(["N", "S"]), g.r.choice(["E", "W"])
        a, b = (ns, ew) if g.r.random() < 0.5 else (ew, ns)
        return f"{g.r.randint(100, 9999)} {a} {g.r.randint(1, 99) * 100} {b}"
    direction = g.r.choice(["", "", "N ", "S. ", "E. ", "W "])
    name = _a6_ordinal(g.r.randint(1, 130)) if kind < 6 else g.r.choice(_A6_STREETS)
    return f"{_a6_number(g)} {direction}{name} {g.r.choice(_A6_SUFFIXES)}{g.r.choice(_A6_UNITS)}"


def _a6_town(g: _Gen) -> str:
    town = g.r.choice(_A6_TOWNS)
    return f"{g.r.choice(_A6_PREFIXES)} {town}" if g.r.random() < 0.35 else town


def _a6_zip(g: _Gen, state: tuple[str, str, int, int] | None = None) -> str:
    low, high = (100, 999) if state is None else state[2:]
    code = f"{g.r.randint(low, high)}{g.r.randint(0, 99):02d}"
    return code + (f"-{g.r.randint(1000, 9999)}" if g.r.random() < 0.25 else "")


def _a6_address(g: _Gen) -> list[Part]:
    """A street line, its town, its state in one of its forms and its ZIP code, the parts apart in one of the ways
    forms part them."""
    row = g.r.choice(_A6_STATES)
    abbr, name = row[0], row[1]
    state = g.r.choice([abbr, abbr, f"{abbr[0]}.{abbr[1]}.", f"{abbr}.", name])
    first, second = g.r.choice([(", ", ", "), (", ", ",  "), ("  ", ", "), (" | ", " | "), (" · ", " · "),
                                (", ", " "), ("\n", ", "), ("\n", " ")])
    return [(_a6_street(g), "ADDRESS"), first, (_a6_town(g), "LOCATION"), second, state,
            g.r.choice([" ", "  "]), (_a6_zip(g, row), "ZIP")]


def _addr6_train(g: _Gen) -> list[Part]:
    label = g.r.choice(["Address: ", "DELIVERY ADDRESS: ", "Mailing address: ", "Home: ", "Residence: ",
                        "Pt resides at ", "Lives at ", "Street: "])
    parts: list[Part] = ["INTAKE AND TRANSPORT PACKET  ", (g.date(), "DATE"), "\nPatient: ", (g.full_name(), "NAME"),
                         "\n", label, *_a6_address(g), "\n"]
    for _ in range(g.r.randint(3, 6)):
        kind = g.r.randint(0, 4)
        if kind == 0:
            parts += [g.r.choice(["Pickup: ", "SCENE: ", "Incident location: "]),
                      g.r.choice(["single-vehicle rollover, rural road, ", "I-80 eastbound, mile marker 212, ",
                                  "parking lot behind the feed store, ", "private residence, "]),
                      (_a6_town(g), "LOCATION"), ", ", (_a6_zip(g), "ZIP"), "\n"]
        elif kind == 1:
            parts += ["Emergency contact: ", (g.full_name(), "NAME"), " (sister) ", *_a6_address(g), "\n"]
        elif kind == 2:
            row = g.r.choice(_A6_STATES)
            parts += ["Patient Address | ", (_a6_street(g), "ADDRESS"), " | ", (_a6_town(g), "LOCATION"), " | ",
                      row[0], " | ", (_a6_zip(g, row), "ZIP"), "\n"]
        elif kind == 3:
            parts += ["Send records to ", *_a6_address(g), ".\n"]
        else:
            parts += [g.r.choice(_A6_NEGATIVES), "\n"]
    parts.append(g.neg() + "\n")
    return parts


# Train (branch ids8): a month and its day without a year after a weekday and before a clock time, an ordinal day, a
# month and its year, a billing row's "AUG-14"; an age over 89 in words after "re" or "is a" or before a person's
# noun; a voiceprint's profile id; a plan's number after "insurance is <payer> number", on a review header's "ID:"
# in four digit groups, after a coverage's programme; and the look-alikes (scale scores over their maximum, a hot
# water temperature, MedDRA and OMB codes, a reporter citation's year). Vocabulary invented.
_IDS8_PAYERS = ["Quillmark", "Brevant", "Orsolo", "Tamberly", "Vexen"]
_IDS8_MONTHS = ["January", "Feb", "March", "Apr", "June", "July", "Aug", "September", "Oct", "November", "Dec"]
_IDS8_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_IDS8_NEGATIVES = [
    "BIMS 12/15; MoCA 22/30; PHQ-9 5/27; GAD-7 4/21 on screening.",
    "Keep the water heater at <= 119 F; bath water under 102 F.",
    "Adverse event coded MedDRA PT 10037712; MedDRA LLT 10028411.",
    "Survey form OMB control number 0938-0214; Form WH-214-C enclosed.",
    "Capacity standard per 412 F.2d 118 (1969) reviewed with ethics.",
    "Thursday clinic is full; she may be seen sooner; ninety-day supply and one hundred mg tabs sent.",
]


def _ids8_row(g: _Gen) -> list[Part]:
    c, n = g.r.choice, g.r.randint
    month, day = c(_IDS8_MONTHS), n(1, 28)
    word = c([_ids5_words(g), _ids5_words(g), "one hundred and two", "one hundred"])
    hexid = "".join(c("0123456789abcdef") for _ in range(10))
    rows: list[list[Part]] = [
        [c(["Culture drawn ", "Family updated ", "Call returned "]), f"{c(_IDS8_DAYS)}, ", (f"{month} {day}", "DATE"),
         f" {n(0, 23):02d}{n(0, 59):02d} hrs.\n"],
        [c(["Return visit ", "Suture removal "]), (f"{month} {_a6_ordinal(day)}", "DATE"), ".\n"],
        ["Last screening ", (f"{month} {n(2015, 2026)}", "DATE"), " was normal.\n"],
        [(f"{month[:3].upper()}-{day:02d}", "DATE"), c([" 99214 office visit charged.\n", " 06:40 line occluded.\n"])],
        [c(["Re ", "Outreach re "]), (word, "AGE"), c([" member seen after a fall.\n", ", daughter on the line.\n"])],
        [c(["She is a ", "Pt is a ", "He is a "]), (word, "AGE"), c([" widow with dementia.\n", " veteran.\n"])],
        [f"Identity confirmed by {c(['voiceprint', 'fingerprint', 'palm vein'])}, profile ",
         (f"vx-{hexid}", "BIOMETRIC"), ".\n"],
        ["Caller says my insurance is ", c(_IDS8_PAYERS), " number ",
         (f"{c('QRTVW')}{n(10**7, 10**8 - 1)} {n(1, 99):02d}", "HEALTH_PLAN"), ".\n"],
        ["Member: ", (g.full_name(), "NAME"), "   ID: ",
         (f"{n(100, 999)}-{n(100, 999)}-{n(100, 999)}-{n(10, 99)}", "HEALTH_PLAN"), "\n"],
        [c(["Coverage: CHIP ", "Coverage: Medicaid "]), (f"{n(10**7, 10**8 - 1)}{c('KQRZ')}{c('BDTX')}", "HEALTH_PLAN"),
         "\n"],
    ]
    return c(rows)


def _ids8_train(g: _Gen) -> list[Part]:
    parts: list[Part] = ["UTILIZATION REVIEW / CALL LOG\nPatient: ", (g.full_name(), "NAME"), "\n"]
    for _ in range(g.r.randint(6, 10)):
        parts.extend(_ids8_row(g))
        if g.r.random() < 0.35:
            parts.append(g.r.choice(_IDS8_NEGATIVES) + "\n")
    parts.append(g.neg() + "\n")
    return parts


# Staff initials in more slots, and words read as names that are not (branch names8, train): initials alone in a
# custody log's column (a pipe table, or one aligned by blanks under "Init"), after a staff role noun or a step's
# "by", between a call log's time stamp and dash and the credential and colon; against them a court case's parties,
# a record's heading words mid-line, fellowships after "MD,", an officer's rank before the surname. Its names and
# letters are invented here, for this template only (strings of syllables no other part draws).
_N8_LAST = ["Vexquarton", "Brulzmeady", "Quintorvash", "Glembrisk", "Ostravelk", "Zumquiddle"]
_N8_PARTIES = ["Drozwell", "Quimbary", "Fentrovask", "Yarblemont", "Kelvquist", "Pruddomere"]
_N8_NEGATIVES = [
    "Pt called back; triage: advised to go to ED if worse.\n",
    "Seen today; plan: repeat labs in 1 wk; outcome: improved.\n",
    "Aide PM shift to assist with bath. Tech CT done. Interpreter ASL booked.\n",
    "| Med | Route | Freq |\n| furosemide | IV | BID |\n| potassium | PO | TID |\n",
    "Dep. edema 1+ bilaterally.\n",
]


_N8_INITIALS = ["QZ", "JVW", "KFQ", "ZJ", "WQ", "FJZ", "GQK", "VZ", "QJF", "ZKW"]


def _n8_initials(g: _Gen, dotted: bool = False) -> str:
    letters = g.r.choice(_N8_INITIALS)
    return ".".join(letters) + "." if dotted else letters


def _n8_log(g: _Gen) -> list[Part]:
    """A custody log in pipes, its last column the collector's initials (or one aligned by blanks)."""
    c, n = g.r.choice, g.r.randint
    parts: list[Part] = []
    if g.r.random() < 0.5:
        parts.append(c(["| # | Item | Time | Init |\n", "| # | Item | Time | Collected by |\n", ""]))
        for k in range(n(2, 4)):
            ini = _n8_initials(g, g.r.random() < 0.3)
            parts += [f"| {k + 1} | ", c(["buccal swab", "URINE CUP", "blood card x2", "hair sample"]), " | ",
                      f"{n(10, 23):02d}{n(0, 59):02d}", c([" hrs", ""]), " | ", (ini.rstrip("."), "NAME"),
                      "." if ini.endswith(".") else "", " |\n"]
        return parts
    parts.append("Item             Time     Initials\n")
    for _ in range(n(2, 3)):
        parts += [c(["buccal swab      ", "URINE CUP        ", "hair sample      "]), f"{n(10, 23):02d}{n(0, 59):02d}",
                  "     ", (_n8_initials(g), "NAME"), "\n"]
    return [*parts, "\n"]


def _n8_row(g: _Gen) -> list[Part]:
    c, n = g.r.choice, g.r.randint
    ini = _n8_initials(g)
    dotted = _n8_initials(g, True)
    party = g.r.sample(_N8_PARTIES, 2)
    rows: list[list[Part]] = [
        [c(["CNA ", "Dispatcher ", "Phlebotomist ", "Courier "]), (ini, "NAME"),
         c([" last checked the resident.\n", " took the call.\n", " handled the cooler.\n"])],
        [c(["Witnessed by aide ", "Transcribed by ", "Minutes by deputy clerk "]), (dotted.rstrip("."), "NAME"),
         ".\n"],
        [f"{n(1, 12)}:{n(0, 59):02d} ", c(["AM", "PM"]), " - ", (ini, "NAME"), " ", c(["RN", "LPN", "MSW", "CM"]),
         c([": call from daughter.\n", ": refill request.\n"])],
        [c(["Per policy (", "Cited "]), f"{party[0]} v. {party[1]}, {n(100, 599)} ",
         c(["U.S.", "S.Ct."]), f" {n(10, 999)}", c([").\n", ".\n"])],
        [(f"{c(['Imra', 'Tovan', 'Ludelle'])} {c(_N8_LAST)}", "NAME"), ", ", c(["MD, FAAP", "MD, FACEP",
                                                                               "RN, CEN, SANE-A"]), "\n"],
        [c(["Ofc. ", "Sgt. ", "Det. "]), (c(_N8_LAST), "NAME"), c([" took the report.\n", " notified.\n"])],
    ]
    return c(rows)


def _names8_train(g: _Gen) -> list[Part]:
    parts: list[Part] = ["CUSTODY AND CALL LOG\n", *_n8_log(g)]
    for _ in range(g.r.randint(4, 7)):
        parts.extend(_n8_row(g))
        if g.r.random() < 0.35:
            parts.append(g.r.choice(_N8_NEGATIVES))
    parts.append(g.neg() + "\n")
    return parts


# People in the slots the name layer did not read (branch people8, train): a name after a role or a case's party
# ("case manager ...", "counsel for Respondent ..., Esq."), a court caption's respondent or ward, a caller's "this is"
# and the spelled surname, a form's "first ... last ..." and "Guarantor LAST, FIRST", a statement's addressee above
# its street, a name before its e-mail address; and clinical look-alikes in the same slots. Its names are invented
# here, for this template only (strings of syllables no other part draws).
_P8_FIRST = ["Zobrienna", "Kavtorel", "Quimbelle", "Travossa", "Velmiquor", "Yordassin", "Phrellody", "Wistrobel"]
_P8_LAST = ["Grommelsby", "Vantricoe", "Holloquist", "Brevandor", "Skarnwhistle", "Ottermayne", "Duskvelder"]
_P8_NEGATIVES = [
    "This is a follow-up call. It's been a long week; it's about the refill.\n",
    "Case manager aware and following for placement.\n",
    "Guarantor: Self. Insured: Same as patient.\n",
    "As a matter of fact, pain improved after the 3 cm drain was pulled.\n",
    "Questions (see the billing office) answered. My name is on the consent.\n",
]


def _p8_row(g: _Gen) -> list[Part]:
    c = g.r.choice
    first, last = c(_P8_FIRST), c(_P8_LAST)
    full = f"{first} {last}"
    rows: list[list[Part]] = [
        [c(["Call from CM ", "Spoke with case manager ", "Social worker ", "Guardian ad litem "]), (full, "NAME"),
         c([" about placement.\n", " re: discharge.\n", ".\n"])],
        [c(["Counsel for Respondent ", "For the petitioner, Attorney "]), (full, "NAME"),
         c([", Esq.\n", " appeared.\n"])],
        [c(["IN RE: THE MATTER OF ", "In re the Guardianship of ", "Estate of "]), (full, "NAME"),
         c([", RESPONDENT\n", ", Ward\n", ", Decedent\n"])],
        [c(["VM: hi this is ", "Caller: yeah it's ", "Message: my name is "]), (full, "NAME"), ", that's ",
         ("-".join(last.lower()), "NAME"), ", please call back.\n"],
        ["Patient name: first ", (first, "NAME"), "   last ", (last, "NAME"), "\n"],
        [c(["Guarantor ", "Claimant ", "Insured "]), (f"{last.upper()}, {first.upper()}", "NAME"), "\n"],
        ["STATEMENT\n", (full.upper(), "NAME"), "\n", (g.street(), "ADDRESS"), "\n"],
        ["Case closed - ", (first, "NAME"), " (", (f"{first.lower()}.{last.lower()}@mailhost.example", "EMAIL"),
         ")\n"],
    ]
    return c(rows)


def _people8_train(g: _Gen) -> list[Part]:
    parts: list[Part] = ["CASE MANAGEMENT AND CORRESPONDENCE\n"]
    for _ in range(g.r.randint(5, 8)):
        parts.extend(_p8_row(g))
        if g.r.random() < 0.35:
            parts.append(g.r.choice(_P8_NEGATIVES))
    parts.append(g.neg() + "\n")
    return parts


# Courts, organisations and addresses as court letters, answering-service logs, disability-exam faxes and intake
# sheets write them (branch places8, train): a court named after its county, organisations by their heads (a team,
# an alliance, a drug company, a casino and resort, a crisis center, an answering service, a credit bureau, a day
# care, consultants, evaluations), a department after a facility's dash, a hospital's initials or a town before a
# forensic clinic or triage, a town named with "of" after a street, Wisconsin grid house numbers with their units;
# and the look-alikes (an office's title before "County", a form's title, a job title, a programme's initials, car
# models after their maker). Its names are invented here.
_P8_NAMES = ["Quebrimsk", "Vorthaxel", "Zindrequa", "Xaltovry", "Jexmirond", "Wyspelquin", "Kvorrabel", "Yuxtarrin"]
_P8_TOWNS = ["Ozzlebrand", "Quivmarrow", "Zeltherby", "Xunnidale", "Vrexhollow"]
_P8_HEADS = ["ACT Team", "Health Alliance", "Drug Co.", "Apothecary", "Casino & Resort", "Rape Crisis Center",
             "Answering Service", "Credit Bureau", "Little Learners", "Medical Consultants",
             "Occupational & Disability Evaluations", "Pediatric & Adolescent Medicine"]
_P8_COURTS = ["Probate Court of", "District Court of", "Superior Court of", "Circuit Court of", "Juvenile Court of"]
_P8_DEPARTMENTS = [("Memorial Medical Center", "Behavioral Unit"), ("Health", "Forensic Nursing"),
                   ("Family Health Center", "Pediatrics"), ("General Hospital", "Psychiatric Unit")]
_P8_NEGATIVES = [
    "Copy to the Asst. County Attorney and the Deputy County Clerk.",
    "Part II: Employee's Serious Health Condition. Reviewed by the Disability Examiner.",
    "Enrolled in WIC; formula per WIC program.",
    "Driver of a 2019 Hyundai Tucson struck a Ford Ranger; a Kia Soul and a Chevy Tahoe stopped to help.",
    "Seen in triage; forensic clinic declined; steroid rx given.",
]


def _places8_train(g: _Gen) -> list[Part]:
    c, n = g.r.choice, g.r.randint
    initials = c(["ZQKH", "XVMC", "JQRH", "WZMC"])
    first, second = c("NS"), c("EW")
    if g.r.random() < 0.5:
        first, second = second, first
    grid = f"{first}{n(10, 299)}{second}{n(1000, 9999)}"
    unit = c(["", " Rear", " Upper", " Fl 2", f" Rm {n(100, 400)}", f" Unit {n(10, 300)}{c('ABG')}"])
    facility, department = c(_P8_DEPARTMENTS)
    return [
        "COURT AND AGENCY CORRESPONDENCE  ", (g.date(), "DATE"), "\nRe: ", (g.full_name(), "NAME"), "\n",
        "Letters of guardianship from the ", f"{c(_P8_COURTS)} ",
        (f"{c(['', 'East ', 'North '])}{c(_P8_NAMES)} County", "LOCATION"), c([", ND.", ".", ", MT."]), "\n",
        c(["Followed by ", "Contacted ", "Records from ", "Billing from "]),
        (f"{c(_P8_NAMES)} {c(_P8_HEADS)}", "LOCATION"), c([". ", " twice. "]),
        c(["PLAN: ", "FACILITY: ", "EMPLOYER NAME: "]), (f"{c(_P8_NAMES)} {c(_P8_HEADS)}", "LOCATION"), "\n",
        "Admitted to ", (f"{c(_P8_NAMES)} {facility} - {department}", "LOCATION"), c([".\n", " for evaluation.\n"]),
        "Follow-up: ", (initials, "LOCATION"), " forensic clinic ", (g.date(), "DATE"), "\n",
        "Follow-up: ", (f"{c(['East', 'West', 'St.'])} {c(_P8_TOWNS)}", "LOCATION"), " forensic clinic\n",
        c(["Address: ", "Home: ", "Lives at "]), (f"{grid} {c(_P8_NAMES)} {c(['Pass', 'Rd', 'Ct', 'Spur'])}{unit}",
                                                 "ADDRESS"), ", ", (c(_P8_TOWNS), "LOCATION"), ", WI ",
        (f"{n(53000, 54999)}", "ZIP"), "\n",
        "Mailing: ", (f"{n(10, 99)} {c(_P8_NAMES)} Hwy", "ADDRESS"), ", ",
        (f"{c(['Falls', 'Isle'])} of {c(_P8_TOWNS)}", "LOCATION"), ", AZ\n",
        c(_P8_NEGATIVES), "\n", g.neg(), "\n",
    ]


# (branch places9) "Mount", "Lake", "Fort" opening a facility's or a town's name, more heads after a proper word, a
# letterhead's opening initials, "<name> Regional" before a unit, initials and compounds after "at", towns after
# "near" and "outside"; invented words only
_P9_NAMES = ["Ploskivar", "Druvenholt", "Kweshtaby", "Vrondelmark", "Zabrethow", "Quoxenby"]
_P9_HEADS = ["Vision Center", "Dermatologic Surgery", "Hearing Center", "Addiction Medicine", "Reproductive Medicine",
             "Clinical Reference Lab", "Home Dialysis Unit", "County Detention Center", "Family Physicians"]
_P9_INITIALS = ["ZQXTP", "VXQRA", "QZKMP", "XJQVT"]
_P9_NEGATIVES = [
    "Unable to mount stairs without assistance; PT to follow.",
    "Reproductive medicine and addiction medicine consults placed.",
    "Plan home dialysis training once access matures.",
    "Pain near incision site, dressing clean and dry.",
    "Regional anesthesia by block, tolerated well.",
]


def _places9_train(g: _Gen) -> list[Part]:
    c, n = g.r.choice, g.r.randint
    opener = c(["Mount", "Lake", "Fort", "Mt."])
    return [
        (c(_P9_INITIALS[:2]), "LOCATION"), c([" Spiritual Care - Chaplain Progress Note\n",
                                              " Palliative Care | Consult Note\n"]),
        "Date: ", (g.date(), "DATE"), "\nPatient: ", (g.full_name(), "NAME"), "\n",
        c(["Referred to ", "Seen at ", "Records from "]), (f"{opener} {c(_P9_NAMES)} {c(_P9_HEADS)}", "LOCATION"),
        ".\n", c(["Consult from ", "Follows with "]), (f"{c(_P9_NAMES)} {c(_P9_HEADS)}", "LOCATION"), ".\n",
        "Next session ", (g.date(), "DATE"), " at ", (f"{c(['Mount', 'Lake', 'Fort'])} {c(_P9_NAMES)}", "LOCATION"),
        ".\n", "Plan back-transfer to ", (f"{c(_P9_NAMES)}dale Regional", "LOCATION"), " Level II nursery.\n",
        c(["Shots Mon/Wed at ", "Continues dosing at "]), (c(_P9_INITIALS[2:]), "LOCATION"), ".\n",
        f"Suture removal in {n(5, 14)} days at ", (f"{c(_P9_NAMES)}-{c(_P9_NAMES)}", "LOCATION"), ".\n",
        c(["Found near ", "Grew up outside of "]), (c(_P9_NAMES), "LOCATION"), c([" by EMS.\n", ".\n"]),
        "PCP: Dr. ", (c(_P9_NAMES), "NAME"), ", ", (f"{c(['', 'Lake '])}{c(_P9_NAMES)}", "LOCATION"), "\n",
        c(_P9_NEGATIVES), "\n", g.neg(), "\n",
    ]


# Device serials, ages, encounter numbers and plan ids in the forms round two still missed (branch ids9, train): a
# device's noun and a maker's short form before a serial, a birth date's age in brackets with its unit, an age in
# words of a form's sentence, a relative's age in a family history, an encounter's number after "Enc:" and
# "Acct/Enc", a plan id after "ID card" and "insurance: <payer> #". Its makers and payers are invented here.
_IDS9_MAKERS = ["VELDA", "Orquil", "ZOMBRE", "Quistel"]
_IDS9_PAYERS = ["Trevanne Care", "Quolvex Plan", "Velquor Benefit"]
_IDS9_NEGATIVES = [
    "SN dysfunction with pauses on telemetry.", "Pump model Quistel-Flo 2210 on the pole.", "Enc: none today.",
    "Member of the choir for 30 years.", "Policy 2019-2022 reviewed with family.", "Father d. 71 of MI.",
    "Took 2 tabs (100 mg) at noon.", "Sats (95%) on room air.", "Smoked for 95 years? No, for 40 years.",
]


def _ids9_rows(g: _Gen, age: int) -> list[list[Part]]:
    c, n = g.r.choice, g.r.randint
    rel = c(["Paternal grandmother", "Maternal aunt", "Father", "Grandfather", "Uncle"])
    rows: list[list[Part]] = [
        [c(["Infusion pump serial SN ", "Pump: serial S/N ", "Feeding pump serial sn "]),
         (f"{n(100, 899)}-{n(10000, 99999)}{c('KQRTW')}", "DEVICE"), ".\n"],
        [c(["Pump: serial ", "Serial No. "]), c(_IDS9_MAKERS), " ",
         (f"{c('KQ')}{n(100, 899)}-{n(10000, 99999)}{c('MPX')}", "DEVICE"), " checked.\n"],
        ["DOB ", (f"{n(1, 12)}.{n(1, 28)}.{2026 - age}", "DATE"), " (",
         (f"{age}{c([' yrs', ' y', 'yo', ' years'])}", "AGE"), ") on the face sheet.\n"],
        [c(["Client is ", "Resident is "]), (c(["one hundred and two", "ninety-four", "ninety-seven"]), "AGE"),
         c(["; lives alone.\n", "; daughter visits.\n"])],
        [f"{rel}, {c(['alive at ', 'd. at ', 'living at '])}", (f"{age}", "AGE"), c([".\n", ", of CHF.\n"])],
        [c(["Enc: ", "Enc. ", "Acct/Enc "]), (f"{n(10**7, 10**8 - 1)}-{n(100, 999)}", "ACCOUNT"), " on the bill.\n"],
        [c(["ID card ", "Insurance ID card: "]), (f"{n(10000, 99999)}-{c('QWZ')}{n(1000, 9999)}", "HEALTH_PLAN"),
         " scanned.\n"],
        ["insurance: ", c(_IDS9_PAYERS), " # ", (f"{n(1000, 9999)}-{n(1000, 9999)}", "HEALTH_PLAN"), " on file.\n"],
    ]
    return rows


def _ids9_train(g: _Gen) -> list[Part]:
    # each row once, one age a document: in words, or in digits shared by the birth date's and the relative's rows
    # (a second age's surrogate, any of ninety and more, would otherwise write the first's value; the negatives'
    # numbers, 95, 98 (a temperature) and 100, are no age's; no other number of it is two digits alone, as a
    # surrogate's may be)
    rows = _ids9_rows(g, g.r.choice([k for k in range(90, 100) if k not in (95, 98)]))
    keep = g.r.sample([k for k in range(len(rows)) if k != 3], g.r.randint(4, 6))
    if g.r.random() < 0.3:
        keep = [k for k in keep if k not in (2, 4)] + [3]
    parts: list[Part] = ["REGISTRATION / BIOMED LOG\nPatient: ", (g.full_name(), "NAME"), "\n"]
    for k in keep:
        parts.extend(rows[k])
        if g.r.random() < 0.35:
            parts.append(g.r.choice(_IDS9_NEGATIVES) + "\n")
    parts.append(g.neg() + "\n")
    return parts


# Staff initials in the slots names8 left (branch names9, train): after a record step's "by" and before "on" and a
# date, before a credential in brackets, a sign-off after a date and a comma or a dash at a line's end, two checkers
# joined by a slash, the initials column of a vaccine table aligned by blanks, a consent item's initials; and the
# look-alikes in the same slots (routes, units, times of day, makers, a clinic's letters). Its initials are invented
# here, for this template only.
_N9_INITIALS = ["QXV", "ZJW", "WQK", "VZJ", "XKQ", "JQW", "KZX", "QJ", "ZW", "XV", "WJ", "KQ", "JZ", "VX"]
_N9_DOTTED = ["Q.X.", "Z.W.", "J.K.", "W.V.", "X.Q."]
_N9_NEGATIVES = [
    "Potassium given by PO route; fluids given by IV.\n",
    "Heparin 25,000 units / 250 mL verified; rate units / hr.\n",
    "Checked: BP / HR stable, AM / PM doses given.\n",
    "Consultant (MD, PhD) aware; charge nurse (RN, BSN) aware.\n",
    "Plan:\n1. Diurese with lasix  PRN\n2. Recheck potassium  AM\n",
]


def _n9_row(g: _Gen) -> list[Part]:
    c, n = g.r.choice, g.r.randint
    ini, other, dotted = c(_N9_INITIALS), c(_N9_INITIALS), c(_N9_DOTTED)
    day = f"{n(1, 12)}/{n(1, 28)}/{n(20, 26)}"
    rows: list[list[Part]] = [
        [c(["Accessioned by ", "Aliquoted by ", "Sealed by "]), (ini, "NAME"), " on ", (day, "DATE"), "\n"],
        [c(["Nutrition (", "Med history (", "Sleep study ("]), (ini, "NAME"),
         c([", RDN)\n", ", PharmD)\n", ", RPSGT)\n"])],
        [c(["Coded ", "Released ", "Scanned "]), (day, "DATE"), c([", ", " - "]), (ini, "NAME"), "\n"],
        [c(["Independent double check: ", "Dual sign-off: ", "Insulin verified by "]), (ini, "NAME"), " / ",
         (dotted.rstrip("."), "NAME"), ".\n"],
        [c(["1. Photos for teaching  ", "2. Genetic testing ___ "]), (ini, "NAME"), "\n"],
        [c(["Counted ", "Wasted "]), (day, "DATE"), " by ", (other, "NAME"), "\n"],
    ]
    return c(rows)


def _n9_vaccines(g: _Gen) -> list[Part]:
    c, n = g.r.choice, g.r.randint
    ini = c(_N9_INITIALS)
    parts: list[Part] = ["CVX LOG\n"]
    for _ in range(n(2, 3)):
        parts += [f"CVX {n(100, 220)}  ", (f"{n(1, 12):02d}/{n(1, 28):02d}/{n(20, 26)}", "DATE"),
                  f"  {c(['PFR', 'SKB', 'PMC'])}  KT{n(1000, 9999)}  {c(['L', 'R'])} DELTOID {c(['IM', 'SC'])}  ",
                  (ini, "NAME"), "   VHC\n"]
    return parts


def _names9_train(g: _Gen) -> list[Part]:
    parts: list[Part] = ["CONSENT FORM\nI consent to the items I initial below.\n",
                         *_n9_vaccines(g)]
    for _ in range(g.r.randint(4, 7)):
        parts.extend(_n9_row(g))
        if g.r.random() < 0.35:
            parts.append(g.r.choice(_N9_NEGATIVES))
    parts.append(g.neg() + "\n")
    return parts


# Full names in the forms the name layer still missed (branch people9, train): a saint's surname after a first name,
# a generation after the name ("Jr.", "SR", "IV", ", iv" after a relative's name), a middle initial after a cue and at
# a "Last, First M" field's end, aliases ("nee", "AKA", "Other names used:", "maiden name"), "Responsible party:", a
# magistrate, a role after the comma, lowercase signatures side by side after a "/", a log line's signer after its
# time, a short surname spelled out; and clinical look-alikes (routes, grades, a street before a clinic). Its names
# are invented here, for this template only.
_P9_FIRST = ["Zevrandine", "Quorabell", "Yastrimo", "Wuvelline", "Ixaldra", "Kophrenna", "Jurvesto"]
_P9_LAST = ["Drimblecott", "Vorshallow", "Quembleworth", "Zantrevick", "Holvernash", "Yerroway"]
_P9_SHORT = ["zorv", "quib", "vext", "jorl"]
_P9_NEGATIVES = [
    "Started on heparin iv; D5 1/2 NS IV at 75/hr; grade II murmur; type III fracture.\n",
    "Responsible party: Self. Maiden name: not given. Financial counselor aware.\n",
    "Spelled out N-P-O on the board; vitals q. 4 hrs.\n",
]


def _p9_row(g: _Gen) -> list[Part]:
    c = g.r.choice
    first, last, short = c(_P9_FIRST), c(_P9_LAST), c(_P9_SHORT)
    initial = c("BDFHKMRTW")
    rows: list[list[Part]] = [
        [c(["Seen with ", "Visitor: "]), (f"{first} {c(['St.', 'Saint'])} {last}", "NAME"), " at bedside.\n"],
        [c(["Spoke with ", "Father is "]), (f"{first} {last} {c(['Jr', 'Sr', 'III', 'IV'])}", "NAME"), ".\n"],
        ["mother ", (f"{first.lower()} {last.lower()}, iv", "NAME"), ", ", (g.phone(), "PHONE"), "\n"],
        ["RESPONSIBLE PARTY: ", (f"{last.upper()}, {first.upper()} {initial}", "NAME"), " (DAUGHTER)\n"],
        [c(["Other names used: ", "AKA ", "Also known as "]), (f"{first} {last}", "NAME"), "\n"],
        ["Mrs. ", (c(_P9_LAST), "NAME"), " (nee ", (last, "NAME"), ") arrived.\n"],
        ["PRESIDING: MAGISTRATE ", (f"{first} {last}", "NAME"), "\n"],
        [(f"{first} {last}", "NAME"), ", FINANCIAL COUNSELOR\n"],
        ["line flushed.\n", (f"{first.lower()} {last.lower()}", "NAME"), ", rn  /  ",
         (f"{c(_P9_FIRST).lower()} {c(_P9_LAST).lower()}", "NAME"), ", nnp-bc\n"],
        [(g.date(), "DATE"), " 8:56P - ", (f"{first} St. {last}".upper(), "NAME"), ", RN: called back\n"],
        ["VM: it's ", (f"{first.lower()} {short}", "NAME"), " that's ", ("-".join(short), "NAME"), ", call back\n"],
        ["this is ", (f"{first} {initial}. {last}", "NAME"), " calling about my refill.\n"],
    ]
    return c(rows)


def _people9_train(g: _Gen) -> list[Part]:
    parts: list[Part] = ["REGISTRATION, LOG AND MESSAGES\n"]
    for _ in range(g.r.randint(5, 8)):
        parts.extend(_p9_row(g))
        if g.r.random() < 0.35:
            parts.append(g.r.choice(_P9_NEGATIVES))
    parts.append(g.neg() + "\n")
    return parts


# Names and initials in event logs and interpreter tables (branch names10, train): initials closing each entry of a
# tent log after " - ", a person between a runner's number and an age with a sex letter, an interpreter log's
# initials column after the modality, the operator's initials ending each row of a timed table, a nickname in quotes
# inside a name; and look-alikes (a route or a result closing entries). Its names are invented here, for this
# template only.
_N10_FIRST = ["Vexalind", "Quorimund", "Zaphrelle", "Jostravin", "Wyndelora"]
_N10_LAST = ["Throckvane", "Pelzimmer", "Quarnesby", "Xolverrick", "Dunskellow"]
_N10_NICK = ["Zip", "Bo", "Kit", "Wren"]
_N10_INITIALS = ["QZV", "XWJ", "ZQ", "JXW", "VQ"]


def _names10_train(g: _Gen) -> list[Part]:
    c, r = g.r.choice, g.r.randint
    ini = g.r.sample(_N10_INITIALS, 3)
    parts: list[Part] = ["MEDICAL TENT LOG\n"]
    for k in range(r(3, 4)):
        first, last = c(_N10_FIRST), c(_N10_LAST)
        who: Part = (f"{last}, {first}", "NAME") if k % 2 == 0 else (f"{first} {last}", "NAME")
        parts += [f"{r(10, 15)}:{r(10, 59)} bib ", (f"{r(2100, 9999)}", "ACCOUNT"), " ", who, f" {r(18, 80)}{c('MF')} ",
                  c(["cramps, oral fluids", "dizzy, rested", "blister dressed"]), " - ", (ini[k % 2], "NAME"), " | "]
    parts += ["13:59 bib ", ("12", "ACCOUNT"), " water given - ", c(["PO", "ok"]), "\n\nINTERPRETER LOG\n"]
    for k in range(r(2, 3)):
        parts += [f"| {r(10, 15)}:{r(10, 59)} | {c(['on-site', 'VRI', 'phone', 'video'])} | ", (ini[k % 2], "NAME"),
                  f" | {r(99400, 99499)} |\n"]
    parts.append("\nTIMED TREATMENT\n")
    for k in range(r(2, 3)):
        parts += [f"| {30 * (k + 1)} min | TcPO2 {r(20, 50)} mmHg | ", (ini[2], "NAME"), " |\n"]
    parts += ["\nClient: ", (f"{c(_N10_FIRST)} \"{c(_N10_NICK)}\" {c(_N10_LAST)}", "NAME"), "\n", g.neg() + "\n"]
    return parts


# Letterheads of a clinic's kind, ships, towns that name a race, travel towns and trailheads (branch places10,
# train): every clinic, ship, town and trail here is invented.
_P10_NAMES = ["Quorvane", "Tesselby", "Velkarin", "Ambrethy"]
_P10_NEGATIVES = [
    "Hyperbaric medicine consulted for wound.", "Ran a 5K without chest pain.", "Walked aboard the ship unassisted.",
    "Son drove him from home.", "Parked at the trailhead.", "MS flare with new weakness.",
]


def _places10_train(g: _Gen) -> list[Part]:
    c = g.r.choice
    return [
        (f"{c(_P10_NAMES)} {c(['Aesthetics', 'Dermatology & Laser', 'Med Spa', 'Hyperbaric Medicine'])}", "LOCATION"),
        c([" | Treatment Record\n", " - Procedure Note\n"]),
        "Date: ", (g.date(), "DATE"), "\nPatient: ", (g.full_name(), "NAME"), "\n",
        c(["Seen in the infirmary aboard the ", "Crew physician of MV "]),
        (f"{c(_P10_NAMES)} {c(['Navigator', 'Serenade', 'Explorer'])}", "LOCATION"), ".\n",
        c(["Collapsed at the ", "Heat illness at "]), (c(_P10_NAMES) + "ton", "LOCATION"),
        c([" Turkey Trot finish.\n", " Half Marathon, mile 9.\n"]),
        c(["Disembarked at ", "Daughter drove her from "]), (c(_P10_NAMES) + "port", "LOCATION"), " today.\n",
        "Vehicle found at ", (f"{c(_P10_NAMES)} {c(['Creek', 'Gap', 'Ridge'])} Trailhead", "LOCATION"), ".\n",
        c(_P10_NEGATIVES), "\n", g.neg(), "\n",
    ]


# Identifiers and ages in settings far from the clinic (branch ids10, train): a face's id at a gate, a timing chip's
# and a beacon's codes, a runner's bib, a search mission's number, an age over 89 between commas after a person's
# noun, a place's coordinates, a plan id in a 3-2-5 shape after "Insurance:". Its prefixes are invented here.
_IDS10_NEGATIVES = [
    "Chip fracture of the lateral malleolus.", "Bib wet with drool, changed.", "Mission statement on the wall.",
    "Ratio 0.75, -0.2 on the panel.", "Facial droop resolved.", "Mother, 71, helps at home.",
]


def _ids10_train(g: _Gen) -> list[Part]:
    c, n = g.r.choice, g.r.randint
    hexd = "0123456789ABCDEF"
    rows: list[list[Part]] = [
        [c(["Gate scan face ID ", "Facial template ", "Face photo ID "]),
         (f"{c(['QV', 'ZK', 'WX'])}-{n(10**6, 10**7 - 1)}{c('bdfh')}", "BIOMETRIC"), " matched.\n"],
        [c(["Timing chip ", "RFID chip ", "Microchip "]), (f"{c('QZWX')}{n(10, 99)}{c('KTRM')}{n(100, 999)}", "DEVICE"),
         " read at the mat.\n"],
        [c(["PLB UIN ", "Beacon ID ", "HEX ID "]), ("".join(c(hexd) for _ in range(15)), "DEVICE"), " registered.\n"],
        [c(["Runner bib ", "Bib # ", "Bib no. "]), (f"{n(1000, 59999)}", "ACCOUNT"), " to the medical tent.\n"],
        [c(["Mission ", "Mission No. ", "Incident # "]), (f"{c(['QRX', 'ZVT'])}-{n(10, 99)}-{n(1000, 9999)}", "MRN"),
         " activated.\n"],
        [c(["Grandfather in the home, ", "Neighbor across the hall, "]),
         (c(["ninety-six", "one hundred and one", "ninety-three"]), "AGE"), ", found him.\n"],
        [c(["Found at ", "GPS "]), (f"{n(30, 48)}.{n(10000, 99999)}, -{n(70, 122)}.{n(10000, 99999)}", "ADDRESS"),
         " by the team.\n"],
        ["Insurance: ", (f"{n(100, 899)}-{n(10, 99)}-{n(10000, 99999)}", "HEALTH_PLAN"), " on file.\n"],
    ]
    parts: list[Part] = ["FIELD AND EVENT LOG\nPatient: ", (g.full_name(), "NAME"), "\n"]
    for k in g.r.sample(range(len(rows)), n(4, 6)):
        parts.extend(rows[k])
        if g.r.random() < 0.35:
            parts.append(c(_IDS10_NEGATIVES) + "\n")
    parts.append(g.neg() + "\n")
    return parts


# ---------------------------------------------------------------------------------------------------------------
# The test part (issue 11 item 4, second version). Ten templates in document styles and phrasing no train template
# uses, written in December 2026 from general knowledge of clinical practice (never from real notes) and measured
# once, untuned: an emergency department note, a radiology report with a dictation footer, an operative note, a
# pharmacy medication reconciliation, a social work / case management note, a referral letter with a letterhead, a
# home-health visit, a pathology report, a telehealth summary with a portal message and a prior-authorisation form.
# Besides the test half of the shared vocabularies they draw on the lists below, which only these templates use:
# invented first names, surnames and towns that no data file of the engine holds (checked by a test), holidays,
# ZIP codes, organisation head nouns, and hard-negative sentences dense with drug names, eponyms and capitalised
# abbreviations. Formats are new too: dates such as 14MAR2019, Mar 14 '19, 3.14.2019 and "the 14th of March";
# ages in words; phones with spaces or +1; MBIs, DEA and NPI numbers; compressed and full IPv6.
_FRESH_FIRST = [
    "Brevan", "Taliska", "Orvenna", "Deshkel", "Quilla", "Marisande", "Tobrin", "Elvaine", "Corwick", "Halvard",
    "Ondrea", "Pellam", "Veradine", "Bramwen", "Idony", "Faustyn", "Lorcan", "Nimue", "Teodric", "Averil", "Wyneth",
    "Caddoc",
]
_FRESH_LAST = [
    "Vantorsk", "Plimwell", "Grobeck", "Hazzleton", "Dratchford", "Marchetto", "Pemberthy", "Wexley", "Ebberly",
    "Thistlewood", "Morrowfield", "Askenby", "Drelincourt", "Ravensholt", "Quennard", "Brackwell", "Tollivan",
    "Keszmark", "Haldorsen", "Lindqvast", "Odegarde", "Sevrin", "Ambrell", "Marlowby", "Stennick", "Yarrowden",
    "Cravath",
]
_FRESH_TOWNS = [
    "Quessington", "Marrowdale", "Ebbsworth", "Lanchwick", "Halvergate", "Wexmoor", "Caddington", "Pellsworth",
    "Orrisdale", "Brackenfold", "Dunmere", "Kittering", "Sallowmere", "Fernhollow", "Westerbrook",
]
_FRESH_ZIPS = [
    "03301", "04101", "05401", "12207", "21201", "23219", "29201", "35203", "40202", "46204", "50309", "57104",
    "59601", "66603", "70112", "72201", "87102", "89501", "96813", "99501",
]
_HOLIDAYS = [
    "Christmas", "Christmas Eve", "Thanksgiving", "New Year's Day", "New Year's Eve", "Easter", "Memorial Day",
    "Labor Day", "Fourth of July", "Halloween", "Valentine's Day", "Mother's Day", "Veterans Day",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_ORG_NOUNS = [
    "Cold Storage", "Public Schools", "Credit Union", "Auto Body", "Tool & Die", "Cooperative", "Freight Lines",
    "Senior Center", "Lutheran Church", "Council on Aging", "Fire Rescue", "Family Pharmacy",
]
_TEST_NEGATIVES = [
    "Started piperacillin-tazobactam 4.5 g IV q6h and vancomycin per pharmacy dosing.",
    "Kernig and Brudzinski signs absent; no meningismus.",
    "Positive McMurray test, negative Lachman and anterior drawer.",
    "Tinel and Phalen positive at the right wrist.",
    "CHA2DS2-VASc 4, HAS-BLED 2, remains on Eliquis.",
    "Glasgow-Blatchford score 6; Rockall 3.",
    "Remote Whipple procedure; Roux-en-Y anatomy noted.",
    "CIWA 12, given lorazepam 1 mg PO x1.",
    "ABG 7.31/48/72 on 40% FiO2.",
    "Troponin <0.01 x2, BNP 1840, lactate 2.9.",
    "Keflex 500 mg QID x7 days; Flagyl 500 mg TID.",
    "Plavix and ASA held pre-op; Lovenox 40 mg SC daily resumed POD 1.",
    "NPO after MN, IVF D5 1/2NS @ 75 mL/h.",
    "MRSA swab neg, VRE pos, C diff neg.",
    "EGD: LA grade B esophagitis, no Barrett mucosa.",
    "Mallory-Weiss tear ruled out; no Cullen or Grey Turner sign.",
    "Jackson-Pratt drain to bulb suction, 30 mL serosanguinous.",
    "Austin Flint murmur absent; no Quincke pulses.",
    "Dilaudid PCA d/c'd, transitioned to Norco 5/325 q4h PRN.",
    "Warfarin 5 mg Mon/Wed/Fri, 2.5 mg other days.",
    "Xarelto 20 mg with supper; Januvia 100 mg daily.",
    "DVT ppx: SCDs and heparin 5000 units SC TID.",
    "Code status FULL CODE, MOLST on chart.",
    "Wells score 1.5, PERC negative, D-dimer not sent.",
    "Lisfranc injury excluded on weight-bearing films.",
    "Chvostek and Trousseau signs negative.",
    "Baker cyst on ultrasound, no DVT.",
    "Thiamine 100 mg for Wernicke prophylaxis.",
    "ROS NEG X 10 SYSTEMS. HEENT: NCAT, PERRLA, EOMI.",
    "PMH: COPD, OSA ON CPAP, BPH, GERD, HLD, HTN, T2DM.",
    "Seen by PT/OT, recommends rolling walker and shower chair.",
    "Gleason 3+4=7; Ki-67 10%; stained with H&E, PAS and GMS.",
    "Breslow depth 0.8 mm, Clark level III.",
    "Bair Hugger applied, Foley to gravity, SCDs on.",
    "Trendelenburg position, Veress needle, pneumoperitoneum to 15 mm Hg.",
    "Hold Coreg for SBP < 95 or HR < 55.",
    "Tdap UTD, Prevnar 20 given, Shingrix #2 due.",
    "A1c 8.9, LDL 142, TSH 2.1, Mg 1.6.",
]


def _ffirst(g: _Gen) -> str:
    return g.r.choice(_FRESH_FIRST) if g.r.random() < 0.35 else g.first()


def _flast(g: _Gen) -> str:
    return g.r.choice(_FRESH_LAST) if g.r.random() < 0.35 else g.last()


def _fname(g: _Gen) -> str:
    first, last = _ffirst(g), _flast(g)
    return g.r.choice([f"{first} {last}", f"{first} {g.r.choice('ABCDEFGHJKLMNPRSTVW')}. {last}"])


def _ftown(g: _Gen) -> str:
    return g.r.choice(_FRESH_TOWNS) if g.r.random() < 0.5 else g.city()


def _fzip(g: _Gen) -> str:
    z = g.r.choice(_FRESH_ZIPS) if g.r.random() < 0.5 else g.zipc()
    return f"{z}-{g.r.randint(1000, 9999)}" if g.r.random() < 0.25 else z


def _fstreet(g: _Gen) -> str:
    suffix = g.r.choice(["Terrace", "Way", "Circle", "Pl.", "Hwy", "Pike", "Ter", "Ct.", "Street", "Road"])
    street = f"{g.r.randint(2, 4800)} {g.r.choice([_flast(g), _ftown(g), g.last()])} {suffix}"
    return street + (f", Apt {g.r.randint(1, 9)}{g.r.choice('ABCD')}" if g.r.random() < 0.3 else "")


def _fdate(g: _Gen) -> str:
    y, m, d = g.r.randint(1935, 2026), g.r.randint(1, 12), g.r.randint(1, 28)
    mon = _MONTHS[m - 1]
    th = "th" if 4 <= d <= 20 or d >= 24 else ["st", "nd", "rd"][d % 10 - 1]
    return g.r.choice(
        [
            f"{m}.{d}.{y}",
            f"{d:02d}{mon[:3].upper()}{y}",
            f"{mon[:3]} {d} '{y % 100:02d}",
            f"{m:02d}-{d:02d}-{y % 100:02d}",
            f"{y}/{m:02d}/{d:02d}",
            f"{mon[:3]}-{d:02d}-{y}",
            f"{d}{th} of {mon}",
            f"{mon[:3]}. {d}, {y}",
            f"{m}/{d}/{y % 100:02d}",
            g.date(),
        ]
    )


def _holiday(g: _Gen) -> str:
    return g.r.choice(_HOLIDAYS)


_ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _age_words(g: _Gen) -> str:
    n = g.r.randint(90, 103)
    if n >= 100:
        return "one hundred" + (f" {_ONES[n - 100]}" if n > 100 else "")
    return "ninety" + (f"-{_ONES[n - 90]}" if n > 90 else "")


def _fphone(g: _Gen) -> str:
    a, e, n = g.r.randint(201, 989), g.r.randint(200, 999), g.r.randint(0, 9999)
    return g.r.choice([f"({a}){e}-{n:04d}", f"+1 {a} {e} {n:04d}", f"{a} {e} {n:04d}", f"1-{a}-{e}-{n:04d}",
                       g.phone()])


def _org(g: _Gen) -> str:
    return f"{g.r.choice([_flast(g), _ftown(g)])} {g.r.choice(_ORG_NOUNS)}"


def _fneg(g: _Gen) -> str:
    return g.r.choice(_TEST_NEGATIVES) if g.r.random() < 0.6 else g.neg()


def _mrn(g: _Gen) -> str:
    n = g.r.randint(10**6, 10**8 - 1)
    return g.r.choice([f"{n:08d}", f"E{n}", f"{n // 10000:04d}-{n % 10000:04d}"])


def _mbi(g: _Gen) -> str:
    """A Medicare Beneficiary Identifier in its printed form (1EG4-TE5-MK73): 11 characters, no S, L, O, I, B, Z."""
    letters = "ACDEFGHJKMNPQRTUVWXY"
    an = letters + "0123456789"
    c = [str(g.r.randint(1, 9)), g.r.choice(letters), g.r.choice(an), str(g.r.randint(0, 9)), g.r.choice(letters),
         g.r.choice(an), str(g.r.randint(0, 9)), g.r.choice(letters), g.r.choice(letters), str(g.r.randint(0, 9)),
         str(g.r.randint(0, 9))]
    return "".join(c[:4]) + "-" + "".join(c[4:7]) + "-" + "".join(c[7:])


def _npi(g: _Gen) -> str:
    return npi(g.r)


def _dea(g: _Gen, last: str) -> str:
    return dea(g.r, last)


def _plate(g: _Gen) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return g.r.choice([
        "".join(g.r.choice(letters) for _ in range(3)) + f"-{g.r.randint(1000, 9999)}",
        f"{g.r.randint(1, 9)}{''.join(g.r.choice(letters) for _ in range(2))} {g.r.randint(100, 999)}",
        f"HP {g.r.randint(10000, 99999)}",
    ])


def _serial(g: _Gen) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return g.r.choice([
        "".join(g.r.choice(letters) for _ in range(3)) + str(g.r.randint(100000, 999999)) + g.r.choice("SHRN"),
        f"{g.r.randint(10, 99)}{g.r.choice(letters)}{g.r.randint(1000000, 9999999)}",
        f"{g.r.choice(letters)}{g.r.choice(letters)}-{g.r.randint(1000, 9999)}-{g.r.randint(100, 999)}",
    ])


def _ipv4(g: _Gen) -> str:
    return g.r.choice([
        f"172.{g.r.randint(16, 31)}.{g.r.randint(0, 255)}.{g.r.randint(1, 254)}",
        f"203.0.113.{g.r.randint(1, 254)}",
        f"198.51.100.{g.r.randint(1, 254)}",
    ])


def _ipv6(g: _Gen) -> str:
    groups = [f"{g.r.randint(0, 0xFFFF):04x}" for _ in range(6)]
    return g.r.choice([
        "2001:0db8:" + ":".join(groups),
        f"2001:db8:{g.r.randint(1, 0xFFF):x}::{g.r.randint(1, 0xFFFF):x}",
        f"fd12:3456:789a:{g.r.randint(1, 0xFF):x}::{g.r.randint(1, 0xFF):x}",
    ])


def _facility_t(g: _Gen) -> str:
    """A facility with a head noun, or named the way staff write it without one (St. Idony's, Wexley-Grobeck)."""
    return g.r.choice([
        g.facility(),
        f"{_ftown(g)} {g.r.choice(['Regional Hospital', 'Memorial', 'Medical Center', 'Surgical Center'])}",
        f"St. {g.r.choice(_FRESH_FIRST)}'s",
        f"{g.r.choice(_FRESH_LAST)}-{g.r.choice(_FRESH_LAST)}",
        g.r.choice(_FRESH_TOWNS) + " General",
    ])


def _ed_t(g: _Gen) -> list[Part]:
    town, st = _ftown(g), g.r.choice(_STATES)
    return [
        "EMERGENCY DEPARTMENT PHYSICIAN DOCUMENTATION\nArrival ",
        (_fdate(g), "DATE"),
        f" {g.r.randint(0, 23):02d}:{g.r.randint(0, 59):02d} via EMS\nPatient: ",
        (f"{_flast(g).upper()}, {_ffirst(g).upper()}", "NAME"),
        "   Unit no. ",
        (_mrn(g), "MRN"),
        "\nCC: fall\nHPI: ",
        (f"{_age_words(g)}-year-old", "AGE"),
        " woman brought in by ",
        (f"{town} Fire Rescue", "LOCATION"),
        " after a mechanical fall at home on ",
        (_holiday(g), "DATE"),
        ". Lives alone at ",
        (_fstreet(g), "ADDRESS"),
        ", ",
        (town, "LOCATION"),
        f" {st} ",
        (_fzip(g), "ZIP"),
        "; her neighbor ",
        (_ffirst(g), "NAME"),
        " checks on her daily. ",
        _fneg(g),
        " ",
        _fneg(g),
        "\nPMH: afib, CKD 3, TAVR ",
        (f"{g.r.randint(1, 12)}/{g.year2()}", "DATE"),
        ". ",
        _fneg(g),
        "\nPCP: Dr. ",
        (_flast(g), "NAME"),
        ", office ",
        (_fphone(g), "PHONE"),
        ".\nDispo: admit to ",
        (_flast(g), "LOCATION"),
        f" {g.r.randint(2, 9)} (tele), hospitalist ",
        (_fname(g), "NAME"),
        " accepting.\nED attending: ",
        (_fname(g).upper(), "NAME"),
        ", MD   Scribe: ",
        (g.initials(), "NAME"),
        "\n",
    ]


def _radiology_t(g: _Gen) -> list[Part]:
    y1, y2 = g.year2(), g.year2()
    return [
        (_facility_t(g).upper(), "LOCATION"),
        " - DEPARTMENT OF RADIOLOGY\nEXAM: CT HEAD WITHOUT CONTRAST\nDATE OF SERVICE: ",
        (_fdate(g), "DATE"),
        "\nPATIENT: ",
        (f"{_flast(g).upper()}, {_ffirst(g).upper()} {g.r.choice('ABCDEFGHJKLMNPRSTW')}", "NAME"),
        "   MRN: ",
        (_mrn(g), "MRN"),
        "   DOB: ",
        (_fdate(g), "DATE"),
        "\nREFERRING: ",
        (_fname(g), "NAME"),
        ", NP\nCOMPARISON: Outside MRI from ",
        (_facility_t(g), "LOCATION"),
        " dated ",
        (_fdate(g), "DATE"),
        ".\nFINDINGS: No acute intracranial hemorrhage. Chronic microvascular ischemic changes. Prominent "
        "Virchow-Robin spaces. ",
        _fneg(g),
        "\nIMPRESSION: No acute process.\nFindings discussed with Dr. ",
        (_flast(g), "NAME"),
        f" by telephone at {g.r.randint(0, 23):02d}{g.r.randint(0, 59):02d} on ",
        (_fdate(g), "DATE"),
        " with read-back.\n\nDictated by: ",
        (_fname(g).upper(), "NAME"),
        ", M.D.\nD: ",
        (f"{g.r.randint(1, 12):02d}/{g.r.randint(1, 28):02d}/{y1}", "DATE"),
        f" {g.r.randint(0, 23):02d}:{g.r.randint(0, 59):02d}  T: ",
        (f"{g.r.randint(1, 12):02d}/{g.r.randint(1, 28):02d}/{y2}", "DATE"),
        f" {g.r.randint(0, 23):02d}:{g.r.randint(0, 59):02d}\n",
        (g.initials(), "NAME"),
        "/",
        (g.initials().lower(), "NAME"),
        "\n",
    ]


def _operative_t(g: _Gen) -> list[Part]:
    return [
        "OPERATIVE REPORT\nDate of operation: ",
        (_fdate(g), "DATE"),
        "\nSurgeon: ",
        (_fname(g), "NAME"),
        ", MD\nAssistant: ",
        (_fname(g), "NAME"),
        ", PA-C\nAnesthesia: general endotracheal, Dr. ",
        (_flast(g), "NAME"),
        "\nPreoperative diagnosis: right hip osteoarthritis.\nProcedure: right total hip arthroplasty.\n"
        "Indications: This ",
        (f"{_age_words(g)}-year-old", "AGE"),
        " gentleman, a retired machinist from ",
        (_org(g), "LOCATION"),
        ", has failed conservative care. ",
        _fneg(g),
        "\nImplants: acetabular shell serial no. ",
        (_serial(g), "DEVICE"),
        ", femoral stem serial no. ",
        (_serial(g), "DEVICE"),
        ".\nDescription: Posterolateral approach; Charnley retractor placed; short external rotators tagged. ",
        _fneg(g),
        " ",
        _fneg(g),
        "\nDisposition: to PACU, then the ",
        (f"{_flast(g)} Pavilion", "LOCATION"),
        ". His daughter-in-law, ",
        (_ffirst(g), "NAME"),
        ", was updated in the family waiting room.\n\n",
        (_fname(g).upper(), "NAME"),
        ", MD\n",
    ]


def _medrec_t(g: _Gen) -> list[Part]:
    prescriber = _flast(g)
    return [
        "PHARMACY MEDICATION RECONCILIATION  ",
        (_fdate(g), "DATE"),
        "\nPt: ",
        (_fname(g), "NAME"),
        "   DOB ",
        (_fdate(g), "DATE"),
        "   Visit acct ",
        (f"V{g.r.randint(10**8, 10**9 - 1)}", "ACCOUNT"),
        "\nSources: patient; son ",
        (_ffirst(g), "NAME"),
        " by phone ",
        (_fphone(g), "PHONE"),
        "; fill history from ",
        (f"{_flast(g)} Family Pharmacy", "LOCATION"),
        " (fax ",
        (_fphone(g), "FAX"),
        ").\nHome medications:\n- apixaban (Eliquis) 5 mg PO BID, last dose ",
        (_fdate(g), "DATE"),
        " AM\n- metoprolol succinate 50 mg daily\n- Lantus 22 units qHS; Humalog sliding scale\n- ",
        _fneg(g),
        "\n- ",
        _fneg(g),
        "\nPrescriber: Dr. ",
        (prescriber, "NAME"),
        ", DEA ",
        (_dea(g, prescriber), "LICENSE"),
        ", NPI ",
        (_npi(g), "LICENSE"),
        "\nCoverage: Medicare Part D, MBI ",
        (_mbi(g), "HEALTH_PLAN"),
        "\nReconciled by ",
        (_fname(g), "NAME"),
        ", PharmD / ",
        (g.initials(), "NAME"),
        "\n",
    ]


def _social_t(g: _Gen) -> list[Part]:
    town, st = _ftown(g), g.r.choice(_STATES)
    return [
        "CASE MANAGEMENT / SOCIAL WORK NOTE ",
        (_fdate(g), "DATE"),
        "\nMet with pt and his wife ",
        (_ffirst(g), "NAME"),
        " at bedside. Pt, ",
        (f"aged {_age_words(g)}", "AGE"),
        ", retired from ",
        (_org(g), "LOCATION"),
        " after 31 years; wife works part time for ",
        (_org(g), "LOCATION"),
        ". They rent a second floor apartment at ",
        (_fstreet(g), "ADDRESS"),
        ", ",
        (town, "LOCATION"),
        ", ",
        st,
        " ",
        (_fzip(g), "ZIP"),
        ". ",
        _fneg(g),
        "\nInsurance: Medicaid ID ",
        (f"{g.r.choice('ABCDEFGHJK')}{g.r.choice('LMNPRSTW')}{g.r.randint(10**7, 10**8 - 1)}", "HEALTH_PLAN"),
        "; SS# ",
        (f"{g.r.randint(100, 665)} {g.r.randint(10, 99)} {g.r.randint(1000, 9999)}", "SSN"),
        " verified for the disability application.\nHandicap placard requested for 2011 sedan, plate ",
        (_plate(g), "VEHICLE"),
        ", VIN ",
        (g.vin(), "VEHICLE"),
        ".\nEmergency contact: nephew ",
        (_fname(g), "NAME"),
        ", cell ",
        (_fphone(g), "PHONE"),
        ", ",
        (f"{_ffirst(g).lower()}_{_flast(g).lower()}@mailbox.example.com", "EMAIL"),
        ".\nReferred to the ",
        (f"{_ftown(g)} Council on Aging", "LOCATION"),
        " for home-delivered meals. SNF screening sent to ",
        (_facility_t(g), "LOCATION"),
        ". ",
        _fneg(g),
        "\n",
        (_fname(g), "NAME"),
        ", LICSW\n",
    ]


def _letter_t(g: _Gen) -> list[Part]:
    town, st = _ftown(g), g.r.choice(_STATES)
    town2, st2 = _ftown(g), g.r.choice(_STATES)
    patient_last = _flast(g)
    return [
        (f"{_ftown(g)} Heart & Vascular Institute", "LOCATION"),
        "\nDivision of Cardiology\n",
        (_fstreet(g), "ADDRESS"),
        " · ",
        (town, "LOCATION"),
        f", {st} ",
        (_fzip(g), "ZIP"),
        "\nTel ",
        (_fphone(g), "PHONE"),
        " · Fax ",
        (_fphone(g), "FAX"),
        " · ",
        (f"www.{_flast(g).lower()}cardiology.example.org", "URL"),
        "\n\n",
        (_fdate(g), "DATE"),
        "\n\n",
        (_fname(g), "NAME"),
        ", MD\n",
        (f"{_ftown(g)} Family Practice", "LOCATION"),
        "\n",
        (_fstreet(g), "ADDRESS"),
        "\n",
        (town2, "LOCATION"),
        f", {st2} ",
        (_fzip(g), "ZIP"),
        "\n\nRe: ",
        (f"{_ffirst(g)} {patient_last}", "NAME"),
        "   DOB: ",
        (_fdate(g), "DATE"),
        "\n\nDear Dr. ",
        (_flast(g), "NAME"),
        ",\n\nI had the pleasure of seeing Mr. ",
        (patient_last, "NAME"),
        " today in consultation for exertional dyspnea. ",
        _fneg(g),
        " ",
        _fneg(g),
        " Echocardiogram showed severe aortic stenosis; we will present him at our structural heart conference on ",
        (_fdate(g), "DATE"),
        ". ",
        _fneg(g),
        "\n\nWith kind regards,\n\n",
        (_fname(g), "NAME"),
        ", MD, FACC\ncc: ",
        (_fname(g), "NAME"),
        ", NP\n",
    ]


def _homehealth_t(g: _Gen) -> list[Part]:
    town, st = _ftown(g), g.r.choice(_STATES)
    return [
        (f"{_ftown(g)} Visiting Nurse Association", "LOCATION"),
        " - Skilled Nursing Visit\nVisit date: ",
        g.r.choice(_WEEKDAYS),
        " ",
        (_fdate(g), "DATE"),
        "   Time in 0930   Time out 1025\nPatient: ",
        (_fname(g), "NAME"),
        "\nAddress: ",
        (_fstreet(g), "ADDRESS"),
        ", ",
        (town, "LOCATION"),
        " ",
        st,
        " ",
        (_fzip(g), "ZIP"),
        "\nGranddaughter ",
        (_ffirst(g).lower(), "NAME"),
        " present and assisting. ",
        _fneg(g),
        " ",
        _fneg(g),
        "\nWound: sacral stage 3, NPWT at 125 mmHg continuous; wound vac serial ",
        (_serial(g), "DEVICE"),
        " checked, canister changed.\nPt still drives short distances (plate ",
        (_plate(g), "VEHICLE"),
        "); safety discussed. Signed the visit record with a fingerprint, template id ",
        (f"FT-{g.r.randint(10000, 99999)}-{g.r.randint(10, 99)}", "BIOMETRIC"),
        ".\nSupervisor ",
        (_fname(g), "NAME"),
        ", RN, updated at ",
        (_fphone(g), "PHONE"),
        ". Next visit ",
        (_fdate(g), "DATE"),
        ".\n",
        (_fname(g).upper(), "NAME"),
        ", RN\n",
    ]


def _pathology_t(g: _Gen) -> list[Part]:
    return [
        "SURGICAL PATHOLOGY REPORT\nPatient: ",
        (f"{_flast(g).upper()}, {_ffirst(g).upper()}", "NAME"),
        "   MRN ",
        (_mrn(g), "MRN"),
        "   Age/Sex: ",
        (str(g.r.randint(90, 104)), "AGE"),
        "/F\nCollected: ",
        (_fdate(g), "DATE"),
        "   Received: ",
        (_fdate(g), "DATE"),
        "\nSubmitting physician: ",
        (_fname(g), "NAME"),
        ", MD (",
        (_facility_t(g), "LOCATION"),
        " Dermatology)\nClinical history: enlarging pearly papule, left cheek.\n"
        "Gross: Received in formalin labeled with the patient's name, ",
        (f"{_flast(g).upper()} {_ffirst(g).upper()}", "NAME"),
        ", and 'skin, left cheek', a 0.6 x 0.4 cm ellipse.\nMicroscopic: Nests of basaloid cells with peripheral "
        "palisading and retraction artifact. ",
        _fneg(g),
        "\nDiagnosis: Basal cell carcinoma, nodular type; margins free.\nElectronically signed out by ",
        (_fname(g), "NAME"),
        ", MD on ",
        (_fdate(g), "DATE"),
        "\n",
    ]


def _telehealth_t(g: _Gen) -> list[Part]:
    return [
        "TELEHEALTH VISIT SUMMARY (video)  ",
        (_fdate(g), "DATE"),
        "\nSession link: ",
        (f"https://join.telehealth.example.net/v/{g.r.randint(10**6, 10**7 - 1)}", "URL"),
        "\nPatient joined from ",
        (_ipv4(g), "IP"),
        " (",
        (_ipv6(g), "IP"),
        "); identity confirmed by voiceprint ",
        (f"VPR-{g.r.randint(100000, 999999)}", "BIOMETRIC"),
        ".\nPatient located at home in ",
        (_ftown(g), "LOCATION"),
        ", ",
        g.r.choice(_STATES),
        "; provider located at ",
        (_facility_t(g), "LOCATION"),
        ".\nAssessment: T2DM, suboptimal control. ",
        _fneg(g),
        " ",
        _fneg(g),
        "\n\nPortal message received ",
        (_fdate(g), "DATE"),
        " from ",
        (f"{_ffirst(g)[0].lower()}{_flast(g).lower()}{g.r.randint(1, 99)}@example.org", "EMAIL"),
        ":\n\"Hi Dr. ",
        (_flast(g), "NAME"),
        ", my husband ",
        (_ffirst(g), "NAME"),
        " says my glucometer (serial ",
        (_serial(g), "DEVICE"),
        ") reads high since ",
        (_holiday(g), "DATE"),
        ". Can you send the refill to ",
        (_org(g), "LOCATION"),
        "? Thank you, ",
        (_ffirst(g), "NAME"),
        "\"\nReply sent by ",
        (f"{_ffirst(g)[0]}. {_flast(g)}", "NAME"),
        ", RN\n",
    ]


def _priorauth_t(g: _Gen) -> list[Part]:
    prescriber_first, prescriber_last = _ffirst(g), _flast(g)
    return [
        "PRIOR AUTHORIZATION REQUEST - PHARMACY BENEFIT\nDate submitted: ",
        (_fdate(g), "DATE"),
        "\nMember name: ",
        (_fname(g), "NAME"),
        "\nMember ID: ",
        (f"{''.join(g.r.choice('ABCDEFGHJKMNPQRTUVWXYZ') for _ in range(3))}{g.r.randint(10**8, 10**9 - 1)}",
         "HEALTH_PLAN"),
        "   Date of birth: ",
        (_fdate(g), "DATE"),
        "\nSSN (if no member ID): ",
        (g.ssn(), "SSN"),
        "\nMember address: ",
        (_fstreet(g), "ADDRESS"),
        ", ",
        (_ftown(g), "LOCATION"),
        ", ",
        g.r.choice(_STATES),
        " ",
        (_fzip(g), "ZIP"),
        "   Phone: ",
        (_fphone(g), "PHONE"),
        "\nPrescriber: ",
        (f"{prescriber_first} {prescriber_last}", "NAME"),
        ", MD   NPI: ",
        (_npi(g), "LICENSE"),
        "   State license: ",
        (f"MD{g.r.randint(10000, 999999)}", "LICENSE"),
        "\nPrescriber fax: ",
        (_fphone(g), "FAX"),
        "   Practice: ",
        (_facility_t(g), "LOCATION"),
        "\nMedication requested: Dupixent (dupilumab) 300 mg SC every 2 weeks\nDiagnosis: L20.9 atopic dermatitis\n"
        "Prior therapies and dates: triamcinolone 0.1% from ",
        (_fdate(g), "DATE"),
        "; tacrolimus ointment; methotrexate stopped ",
        (_fdate(g), "DATE"),
        ". ",
        _fneg(g),
        "\nClaim reference: ",
        (f"ACCT-{g.r.randint(10**6, 10**7 - 1)}", "ACCOUNT"),
        "\nPrescriber signature: ",
        (f"{prescriber_first[0]}{prescriber_last[0]}", "NAME"),
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


# ---- The third test part (December 2026, written by the lead after the engine's last tuning round) ----------
# Seven templates in settings no other template covers (dentistry, a pharmacy telephone encounter, labour and
# delivery, psychiatric intake, an EMS run report, a dialysis treatment sheet, a school health form), with a
# vocabulary of their own: given and family names of many origins, towns and streets written for this part. The
# engine's developers have not read them; the figures on them are measured, never tuned on.
_V3_FIRST = ["Oluwaseun", "Thanh", "Ingrid", "Thaddeus", "Ifeoma", "Radomir", "Nkechi", "Kalani", "Bronwyn",
             "Evander", "Marisol", "Casimir", "Ayesha", "Cormac", "Lucinda", "Emeka", "Xiomara", "Hollis",
             "Svetlana", "Tobiah", "Ngozi", "Leopold", "Perpetua", "Zubair", "Wilhelmina", "Wenceslas"]
_V3_LAST = ["Oyelaran", "Vuong", "Haugland", "Quesnel", "Abernathy", "Szczepanski", "Okonkwo", "Kahananui",
            "Pendergrass", "Ferreira-Lutz", "Castellanos", "Wojcik", "Siddiqui", "MacGillivray", "Thistlewood",
            "Eze", "Valderrama", "Brackett", "Kuznetsova", "Zimmerly", "Adebayo", "Fairbanks", "Sandvik",
            "Mahmoud", "O'Shaughnessy", "Drummond"]
_V3_TOWNS = ["Wexcombe", "Harlan Falls", "Port Tobias", "Millbeck", "Sauk Prairie", "Cold Harbor Springs",
             "East Venning", "Lorrimer", "Bratten Creek", "Ostrava Heights", "Gilchrist", "Tullahoma",
             "New Kessling", "Marrowfield", "Pikeville", "Dunmore"]
_V3_STREETS = ["Quarry Hill", "Osprey", "Tamarack", "Old Mill", "Bellwether", "Cranberry", "Lantern",
               "Wicklow", "Juniper Ridge", "Canal"]
_V3_HEADS = {  # facility kinds by setting
    "dialysis": ["Regional Dialysis Center", "Kidney Care", "Dialysis Unit"],
    "hospital": ["Community Hospital", "Medical Pavilion", "Memorial", "Regional Medical Center"],
    "prenatal": ["Birthing Center", "Women's Health Associates", "Midwifery"],
    "psychiatry": ["Behavioral Health", "Counseling Center", "Psychiatric Pavilion"],
}


def _v3_first(g: _Gen) -> str:
    return g.r.choice(_V3_FIRST) if g.r.random() < 0.6 else g.first()


def _v3_last(g: _Gen) -> str:
    return g.r.choice(_V3_LAST) if g.r.random() < 0.6 else g.last()


def _v3_name(g: _Gen) -> str:
    first, last = _v3_first(g), _v3_last(g)
    return g.r.choice([f"{first} {last}", f"{last}, {first}", f"{first[0]}. {last}"])


def _v3_town(g: _Gen) -> str:
    return g.r.choice(_V3_TOWNS) if g.r.random() < 0.6 else g.city()


def _v3_street(g: _Gen) -> str:
    suffix = g.r.choice(["Rd", "Lane", "Drive", "Loop", "Run", "Trail", "Ave", "Crossing"])
    return f"{g.r.randint(3, 9800)} {g.r.choice(_V3_STREETS)} {suffix}"


def _v3_facility(g: _Gen, kind: str) -> str:
    return f"{g.r.choice([_v3_town(g), _v3_last(g)])} {g.r.choice(_V3_HEADS[kind])}"


def _v3_time(g: _Gen) -> str:
    return f"{g.r.randint(0, 23):02d}{g.r.choice(['00', '15', '30', '45', '07', '52'])}"


def _dental_v3(g: _Gen) -> list[Part]:
    last = _v3_last(g)
    return [
        "DENTAL PROGRESS NOTE   Operatory 3\nPatient: ",
        (f"{_v3_first(g)} {last}", "NAME"),
        "   Chart #",
        (str(g.r.randint(100000, 999999)), "MRN"),
        "   Visit ",
        (_fdate(g), "DATE"),
        "\nProvider: Dr. ",
        (_v3_last(g), "NAME"),
        ", DDS   Hygienist: ",
        (_v3_first(g), "NAME"),
        "\nCC: broken lower left molar, #19 MOD amalgam fractured while eating. ",
        "Medical hx reviewed, no change since last visit; premedication not indicated. BP 132/84.\n",
        "Tx: 2 carpules lidocaine 2% w/ epi 1:100k, IANB. Prepped #19 for core buildup; crown prep next visit.\n",
        "Insurance: member ID ",
        (g.idnum("DX"), "HEALTH_PLAN"),
        ", group 44-",
        (str(g.r.randint(10000, 99999)), "HEALTH_PLAN"),
        "\nReferred by ",
        (f"{_v3_town(g)} Family Dental", "LOCATION"),
        ". Next appt ",
        (_fdate(g), "DATE"),
        f" at {g.r.randint(8, 11)}:30 am. Mr. ",
        (last, "NAME"),
        " prefers text reminders at ",
        (_fphone(g), "PHONE"),
        ".\n",
    ]


def _pharmacy_call_v3(g: _Gen) -> list[Part]:
    caller_first = _v3_first(g)
    return [
        "Telephone encounter ",
        (_fdate(g), "DATE"),
        f" {_v3_time(g)}\nCaller: daughter, ",
        (f"{caller_first} {_v3_last(g)}", "NAME"),
        " (cb ",
        (_fphone(g), "PHONE"),
        ")\nRe: refill request for her mother ",
        (_v3_name(g), "NAME"),
        ", DOB ",
        (_fdate(g), "DATE"),
        ". Pt out of furosemide 40 mg and potassium chloride 20 mEq since the weekend; weight up 3 lb per ",
        "daughter. No chest pain, mild ankle swelling.\nPlan: 30-day supply sent to the pharmacy at ",
        (_v3_street(g), "ADDRESS"),
        ", ",
        (_v3_town(g), "LOCATION"),
        " ",
        (_fzip(g), "ZIP"),
        ". Advised daily weights, call back if gain > 2 lb/day. ",
        (caller_first, "NAME"),
        " verbalized understanding. Rx # ",
        (str(g.r.randint(1000000, 9999999)), "ACCOUNT"),
        "\n-- ",
        (_v3_first(g)[0] + _v3_last(g)[0], "NAME"),
        ", LPN\n",
    ]


def _labor_v3(g: _Gen) -> list[Part]:
    mother_last = _v3_last(g)
    return [
        "L&D ADMISSION NOTE\n",
        (f"{_v3_first(g)} {mother_last}", "NAME"),
        ", G2P1, ",
        f"{g.r.randint(20, 41)} y/o",
        " at 39w2d by early US, presents in active labor. Arrived by private vehicle from ",
        (_v3_town(g), "LOCATION"),
        " with FOB ",
        (_v3_name(g), "NAME"),
        ".\nEDD ",
        (_fdate(g), "DATE"),
        ". GBS neg, Rh pos, rubella immune. Prenatal care at ",
        (_v3_facility(g, "prenatal"), "LOCATION"),
        " with CNM ",
        (_v3_last(g), "NAME"),
        ".\nSVE 6/90/0 at ",
        _v3_time(g),
        ". FHT baseline 135, moderate variability, + accels. Epidural requested.\n",
        "Delivered viable female at ",
        _v3_time(g),
        " on ",
        (_fdate(g), "DATE"),
        ", Apgars 8/9, wt 3410 g. Baby ",
        (mother_last, "NAME"),
        " to NBN; pediatrician Dr. ",
        (_v3_last(g), "NAME"),
        " notified. Hospital # ",
        (_mrn(g), "MRN"),
        "\n",
    ]


def _psych_v3(g: _Gen) -> list[Part]:
    last = _v3_last(g)
    return [
        "PSYCHIATRIC INTAKE   ",
        (_v3_facility(g, "psychiatry"), "LOCATION"),
        "\nID: Ms. ",
        (last, "NAME"),
        " is a ",
        (_age_words(g) + "-year-old", "AGE") if g.r.random() < 0.3 else f"{g.r.randint(19, 80)}-year-old",
        " widowed woman brought in by her neighbor, ",
        (_v3_name(g), "NAME"),
        ", for worsening insomnia and passive SI.\nSocial: lives alone on ",
        (f"{g.r.choice(_V3_STREETS)} Road", "ADDRESS"),
        " in ",
        (_v3_town(g), "LOCATION"),
        "; retired from ",
        (g.employer(), "LOCATION"),
        f" in {g.r.randint(1998, 2022)}. Son ",
        (_v3_first(g), "NAME"),
        " lives in ",
        (_v3_town(g), "LOCATION"),
        ", reachable at ",
        (_fphone(g), "PHONE"),
        " or ",
        (f"{_v3_first(g).lower()}.{_v3_last(g).lower().replace(chr(39), '')}@example.net", "EMAIL"),
        ".\nMSE: casually dressed, psychomotor slowing, mood 'empty', affect constricted, no AH/VH. ",
        "PHQ-9 = 19. C-SSRS: passive ideation without plan or intent.\n",
        "Plan: start mirtazapine 15 mg qhs, safety plan reviewed, f/u with Dr. ",
        (_v3_last(g), "NAME"),
        " on ",
        (_fdate(g), "DATE"),
        ".\n",
    ]


def _ems_v3(g: _Gen) -> list[Part]:
    return [
        "EMS PATIENT CARE REPORT   Medic ",
        str(g.r.randint(2, 40)),
        "   Incident ",
        (g.idnum("I"), "ACCOUNT"),
        "\nDispatched ",
        _v3_time(g),
        " to ",
        (_v3_street(g), "ADDRESS"),
        ", ",
        (_v3_town(g), "LOCATION"),
        ", for a fall. On arrival pt found supine on kitchen floor, A&Ox3, c/o R hip pain, shortening and ",
        "external rotation noted. Pt states she tripped over the dog.\nPt: ",
        (_v3_name(g), "NAME"),
        "   DOB ",
        (_fdate(g), "DATE"),
        "\nVitals: BP 158/92, HR 96, RR 18, SpO2 97% RA, BGL 142. Fentanyl 50 mcg IN with relief.\n",
        "Transport non-emergent to ",
        (_v3_facility(g, "hospital"), "LOCATION"),
        ". Unit plate ",
        (f"{g.r.randint(1, 9)}{g.r.choice(['EMS', 'FR', 'AMB'])}{g.r.randint(100, 999)}", "VEHICLE"),
        ". Crew: ",
        (_v3_name(g), "NAME"),
        " (EMT-P lic ",
        (g.idnum("P"), "LICENSE"),
        "), ",
        (_v3_name(g), "NAME"),
        " (EMT-B).\n",
    ]


def _dialysis_v3(g: _Gen) -> list[Part]:
    return [
        (_v3_facility(g, "dialysis"), "LOCATION"),
        " - HEMODIALYSIS TREATMENT RECORD\nPatient ",
        (_v3_name(g), "NAME"),
        "   MRN ",
        (_mrn(g), "MRN"),
        "   Tx date ",
        (_fdate(g), "DATE"),
        "\nMachine serial ",
        (f"{g.r.choice(['FX', 'NX', 'HD'])}{g.r.randint(100000, 999999)}", "DEVICE"),
        ", station 7. Access: L forearm AVF, + thrill/bruit. Pre wt 82.4 kg, EDW 79.5 kg, UF goal 3.0 L.\n",
        "Pre BP 168/88, intradialytic low 112/60 at hour 3, treated with 200 mL NS. ",
        "Heparin 2000 units bolus. Post wt 79.8 kg.\n",
        "Nephrologist: Dr. ",
        (_v3_last(g), "NAME"),
        ". Transport home by ",
        (f"{_v3_town(g)} Senior Van", "LOCATION"),
        "; wife ",
        (_v3_first(g), "NAME"),
        " to be called at ",
        (_fphone(g), "PHONE"),
        " if delayed. Next run ",
        (_fdate(g), "DATE"),
        ".\n",
    ]


def _school_form_v3(g: _Gen) -> list[Part]:
    child_last = _v3_last(g)
    return [
        "SCHOOL HEALTH EXAMINATION FORM\nStudent: ",
        (f"{_v3_first(g)} {child_last}", "NAME"),
        "   Date of birth: ",
        (_fdate(g), "DATE"),
        "   Grade 4\nSchool: ",
        (f"{_v3_town(g)} Elementary School", "LOCATION"),
        "\nParent/guardian: ",
        (f"{_v3_first(g)} {child_last}", "NAME"),
        "   Phone: ",
        (_fphone(g), "PHONE"),
        "   Email: ",
        (f"{child_last.lower().replace(chr(39), '')}family@example.com", "EMAIL"),
        "\nHome address: ",
        (_v3_street(g), "ADDRESS"),
        ", ",
        (_v3_town(g), "LOCATION"),
        ", ",
        g.r.choice(_STATES),
        " ",
        (_fzip(g), "ZIP"),
        "\nImmunizations up to date (DTaP x5, IPV x4, MMR x2, varicella x2). Vision 20/20 OU; hearing passed.\n",
        "Asthma action plan on file: albuterol HFA 2 puffs q4h prn, may self-carry. No food allergies.\n",
        "Examining clinician: ",
        (_v3_name(g), "NAME"),
        ", PA-C   Date: ",
        (_fdate(g), "DATE"),
        "\n",
    ]


V3_VOCABULARY = _V3_FIRST + _V3_LAST + _V3_TOWNS + _V3_STREETS
V3_TEST_TEMPLATES = ("dental", "pharmacy-call", "labor-delivery", "psychiatric-intake", "ems-run",
                     "dialysis", "school-form")


@dataclass(frozen=True)
class Template:
    """A document template, the part it belongs to, and the letter cases it is rendered in."""

    build: Callable[[_Gen], list[Part]]
    part: str
    cases: tuple[str, ...] = ("mixed",)


_CASED = ("mixed", "mixed", "mixed", "caps", "lower")
_TELEGRAPHIC = ("caps", "lower")
# The template split, recorded here once. Train: the nine original templates (the engine was developed against
# them), the first template of each ICU kind, and (since December 2026) every template that used to be the test
# part: "icu-flow-2", "telegraphic-2", "transfer-2", "event-2" and "registration". Those were seen: the engine's
# developers read the test part's misses and false positives by class and fixed each class (docs/phi.md, "Every
# category on the test part"), so their 0.998 measured partly memory. Test: the ten templates written after that
# (above, "The test part"), in styles and wording no train template uses, measured once and not tuned on; and
# (7 December 2026) the seven templates of the third test part (above), written after the engine's developers had
# read a description of the second that quoted some of its words: measured apart (``V3_TEST_TEMPLATES``).
# 7 December 2026: the fourth test part (``V4_TEST_TEMPLATES``, module ``corpus_v4``), ten templates written by a
# helper (branch v4) without reading the engine, its documentation, its error classes or the earlier test templates;
# measured once when written, never tuned on.
# 7 December 2026: the fifth test part (``V5_TEST_TEMPLATES``, module ``corpus_v5``), ten templates in settings no
# earlier template covers, written by a helper (branch v5b) under the same rules; measured once, never tuned on.
# 7 December 2026: the sixth test part (``V6_TEST_TEMPLATES``, module ``corpus_v6``), ten templates in ten further
# settings no earlier template covers, written by a helper (branch v6) under the same rules; measured once, never
# tuned on.
# 7 December 2026: the seventh test part (``V7_TEST_TEMPLATES``, module ``corpus_v7``), ten templates in ten further
# settings no earlier template covers, written by a helper (branch v7) under the same rules, who never ran the
# engine on them; to be measured once by the lead, never tuned on.
# 7 December 2026: the eighth test part (``V8_TEST_TEMPLATES``, module ``corpus_v8``), ten templates in ten further
# settings no earlier template covers, in forms the earlier parts use little (a VAERS form, a call log, court minutes,
# a custody table, voicemail transcripts, a billing statement, a fax cover sheet), written by a helper (branch v8)
# under the same rules, who never ran the engine on them and drew them with helpers of its own; to be measured once
# by the lead, never tuned on.
# 7 December 2026: the ninth test part (``V9_TEST_TEMPLATES``, module ``corpus_v9``), ten templates in ten further
# settings no earlier template covers (a guardianship petition, a paramedical exam, a DOT physical, a portal thread, a
# trial screening log, an adoption history letter, a jury excuse letter, a day-care injury report, a remote-monitoring
# alert log, a funeral home's first-call sheet), written by a helper (branch v9) under the same rules, who never ran
# the engine on them and drew them with helpers of its own; to be measured once by the lead, never tuned on.
# 7 December 2026: the tenth test part (``V10_TEST_TEMPLATES``, module ``corpus_v10``), ten templates in ten further
# settings no earlier template covers (an interpreter agency's encounter log, a VA disability exam, a disaster
# shelter's health intake, a hyperbaric treatment log, a cruise ship's medical record, a race medical tent log, a
# search-and-rescue report, a privacy office's answer to a request to amend, a specialty pharmacy's onboarding call and
# delivery manifest, an aesthetic clinic's treatment record), written by a helper (branch v10) under the same rules,
# who never ran the engine on them and drew them with helpers of its own; to be measured once by the lead, never tuned
# on.
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
    "icu-flow-2": Template(_flow_second, "train", _CASED),
    "telegraphic-2": Template(_telegraphic_second, "train", _TELEGRAPHIC),
    "transfer-2": Template(_transfer_second, "train"),
    "event-2": Template(_event_second, "train"),
    "registration": Template(_registration, "train"),
    "roles": Template(_roles_train, "train", _CASED),
    "address-order": Template(_address_order_train, "train", _CASED),
    "places4": Template(_places4_train, "train", _CASED),
    "records": Template(_records_train, "train", _CASED),
    "places5": Template(_places5_train, "train", _CASED),
    "ids5": Template(_ids5_train, "train", _CASED),
    "orgs6": Template(_orgs6_train, "train", _CASED),
    "places7": Template(_places7_train, "train", _CASED),
    "ids6": Template(_ids6_train, "train", _CASED),
    "addr6": Template(_addr6_train, "train", _CASED),
    "names6": Template(_names6_train, "train", _CASED),
    "ids7": Template(_ids7_train, "train", _CASED),
    "names7": Template(_names7_train, "train", _CASED),
    "ids8": Template(_ids8_train, "train", _CASED),
    "names8": Template(_names8_train, "train", _CASED),
    "people8": Template(_people8_train, "train", _CASED),
    "places8": Template(_places8_train, "train", _CASED),
    "places9": Template(_places9_train, "train", _CASED),
    "ids9": Template(_ids9_train, "train", _CASED),
    "names9": Template(_names9_train, "train", _CASED),
    "people9": Template(_people9_train, "train", _CASED),
    "names10": Template(_names10_train, "train", _CASED),
    "places10": Template(_places10_train, "train", _CASED),
    "ids10": Template(_ids10_train, "train", _CASED),
    "emergency": Template(_ed_t, "test", _CASED),
    "radiology": Template(_radiology_t, "test"),
    "operative": Template(_operative_t, "test"),
    "medication-reconciliation": Template(_medrec_t, "test"),
    "social-work": Template(_social_t, "test", _CASED),
    "letter": Template(_letter_t, "test"),
    "home-health": Template(_homehealth_t, "test", _CASED),
    "pathology": Template(_pathology_t, "test"),
    "telehealth": Template(_telehealth_t, "test"),
    "prior-authorisation": Template(_priorauth_t, "test"),
    "dental": Template(_dental_v3, "test"),
    "pharmacy-call": Template(_pharmacy_call_v3, "test", _CASED),
    "labor-delivery": Template(_labor_v3, "test"),
    "psychiatric-intake": Template(_psych_v3, "test"),
    "ems-run": Template(_ems_v3, "test", (*_TELEGRAPHIC, "mixed")),
    "dialysis": Template(_dialysis_v3, "test"),
    "school-form": Template(_school_form_v3, "test"),
    **{name: Template(build, "test", cases) for name, (build, cases) in corpus_v4.V4_BUILDERS.items()},
    **{name: Template(build, "test", cases) for name, (build, cases) in corpus_v5.V5_BUILDERS.items()},
    **{name: Template(build, "test", cases) for name, (build, cases) in corpus_v6.V6_BUILDERS.items()},
    **{name: Template(build, "test", cases) for name, (build, cases) in corpus_v7.V7_BUILDERS.items()},
    **{name: Template(build, "test", cases) for name, (build, cases) in corpus_v8.V8_BUILDERS.items()},
    **{name: Template(build, "test", cases) for name, (build, cases) in corpus_v9.V9_BUILDERS.items()},
    **{name: Template(build, "test", cases) for name, (build, cases) in corpus_v10.V10_BUILDERS.items()},
}
V4_TEST_TEMPLATES = tuple(corpus_v4.V4_BUILDERS)
V4_VOCABULARY = corpus_v4.V4_VOCABULARY  # the fourth part's own names, towns and streets
V5_TEST_TEMPLATES = tuple(corpus_v5.V5_BUILDERS)
V5_VOCABULARY = corpus_v5.V5_VOCABULARY  # the fifth part's own names, towns and streets
V6_TEST_TEMPLATES = tuple(corpus_v6.V6_BUILDERS)
V6_VOCABULARY = corpus_v6.V6_VOCABULARY  # the sixth part's own names, towns and streets
V7_TEST_TEMPLATES = tuple(corpus_v7.V7_BUILDERS)
V7_VOCABULARY = corpus_v7.V7_VOCABULARY  # the seventh part's own names, towns and streets
V8_TEST_TEMPLATES = tuple(corpus_v8.V8_BUILDERS)
V8_VOCABULARY = corpus_v8.V8_VOCABULARY  # the eighth part's own names, towns and streets
V9_TEST_TEMPLATES = tuple(corpus_v9.V9_BUILDERS)
V9_VOCABULARY = corpus_v9.V9_VOCABULARY  # the ninth part's own names, towns and streets
V10_TEST_TEMPLATES = tuple(corpus_v10.V10_BUILDERS)
V10_VOCABULARY = corpus_v10.V10_VOCABULARY  # the tenth part's own names, towns and streets
NEW_TEST_TEMPLATES = ("emergency", "radiology", "operative", "medication-reconciliation", "social-work", "letter",
                      "home-health", "pathology", "telehealth", "prior-authorisation")
FRESH = {"first": _FRESH_FIRST, "last": _FRESH_LAST, "towns": _FRESH_TOWNS}  # the test part's invented words
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


def generate(n: int = 400, seed: int = 5, part: str = "all", templates: Sequence[str] | None = None) -> list[Doc]:
    """``n`` documents from the templates and vocabularies of ``part`` ("train", "test" or "all"), cycling through
    its templates (or only those of them named in ``templates``) in their letter cases, some OCR-noisy; then its
    hard-negative sentences and dense clinical vocabulary from the lexicon, which hold no PHI."""
    rng = random.Random(seed)
    g = _Gen(rng, part)
    names = [k for k, t in TEMPLATES.items() if part in ("all", t.part) and (templates is None or k in templates)]
    if not names:
        raise ValueError(f"no template of part {part!r} among {templates!r}")
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
