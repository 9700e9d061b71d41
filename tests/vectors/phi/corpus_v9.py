"""The ninth test part of the synthetic PHI corpus (issue 11): ten templates written without reading the engine.

Written on 7 December 2026 by a helper (branch ``v9``) who had not read the engine (``src/phigate/phi``), its
documentation or the benchmark and its output, and who never ran the engine on this part, from general knowledge of
how US probate courts, insurers, motor-carrier examiners, portals, research sites, adoption agencies, courts,
day-care centres, remote-monitoring vendors and funeral homes write, never from real notes: a probate court's
guardianship petition, a life insurance paramedical exam, a DOT commercial-driver medical exam, a patient portal
message thread, a clinical trial pre-screening log, an adoption agency's birth-family medical history letter, a
physician's jury-duty excuse letter, a day-care injury report, a remote patient monitoring alert log and a funeral
home's first-call sheet. None of these settings is used by an earlier template. Nobody tunes on them.

Forms vary: a court petition with numbered paragraphs (capitals), a form with boxes, a medical examiner's report,
portal messages in lowercase, a table (the screening log), two letters, a day-care form, a timestamped alert log and
a call sheet with a voicemail transcript.

The annotation conventions are those of ``corpus_v7`` (see its docstring): a title and a credential sit outside the
NAME span; a state stays outside every span while town, street line and ZIP are LOCATION, ADDRESS and ZIP;
facilities, agencies, courts' counties, schools, day cares, employers and funeral homes are LOCATION; countries carry
no span; an age over 89 is the AGE span (the phrase in running text, the value alone in a form's field); ages under 90
carry no span; a unit is part of the street line; ZIP+4 is one ZIP; a masked SSN's last four digits are SSN; NPI, DEA,
state licences and driver's licences are LICENSE; a device's serial is DEVICE and its model is not; the plate and VIN
of the person's own vehicle are VEHICLE; a court's case number for the person is MRN (as the seventh part). Where no
earlier part shows the case, the HIPAA Safe Harbor list decides:

- a life insurance policy number and an application number are the insurer's numbers for the person's account
  (ACCOUNT), while a health plan's member ID stays HEALTH_PLAN;
- a DOT medical examiner's National Registry number is a certificate number (LICENSE), as is a commercial driver's
  licence; a truck's USDOT number belongs to the carrier, not the driver, and carries no span, while the plate and VIN
  of the driver's own tractor are VEHICLE;
- a clinical trial's screening number and subject number are the sponsor's record of the person (MRN);
- an adoption agency's case number is the agency's record of the child (MRN);
- a juror's participant number is the court's number for the person (ACCOUNT: an "any other unique number");
- a remote-monitoring hub's serial and a cuff's serial are DEVICE; the hub's IP address is IP;
- a voice print kept by a funeral home's phone system and a fingerprint taken for a keepsake are BIOMETRIC (Safe
  Harbor names finger and voice prints);
- a decedent's date of death is a DATE; a year alone ("since 1994") carries no span.

Numbers and words that identify no one are not PHI and carry no span: ages under 90, vital signs, doses, lab values,
scores, CPT and ICD-10 codes, statute sections, form numbers (MCSA-5875, MCSA-5876), protocol numbers, model numbers,
USDOT numbers, and eponyms (Snellen, Whisper test, Epworth, Apgar, Hashimoto, Huntington, Marfan, Cushing, Graves,
Tanner, Down, Kawasaki, Osgood-Schlatter).

This module imports nothing from ``corpus.py`` (which imports it). Its draw helpers, written for it, now live in
``late_draws`` (the tenth part draws with them too); its words and templates are here.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.vectors.phi import late_draws
from tests.vectors.phi.check_digits import Part, Source, dea, mbi, npi

# The part's own words, invented for it: in no data file of the engine and no other list of the generator (both
# checked by a test). Templates mix them with ordinary names and towns from the shared lists, as real notes do.
V9_FIRST = ["Azrulene", "Brevquinna", "Czelmara", "Dravonnie", "Elquiresse", "Fyndolira", "Gozmirelle", "Hxalene",
            "Ivraquel", "Jozvanni", "Kwendolie", "Lyzabette", "Myrquessa", "Nozrelline", "Ovquilla", "Pryzelle",
            "Qwendoline", "Rhozavie", "Szabrielle", "Tzevanna", "Uxmarelle", "Vlorquinne", "Wixalene", "Xylovanne",
            "Yzolbeth", "Zvendrika", "Alzumir", "Brogzelin", "Czarnovel", "Dzemirko", "Evzrandt", "Fjolvardo",
            "Gryzmalt", "Hvorlando", "Ixandrov", "Jovzelik"]
V9_LAST = ["Aldquorrow", "Brixenthwaite", "Czernowickly", "Dravelmoore", "Egglesquith", "Fyzhallowe", "Grimsquarley",
           "Huxterbrandle", "Ixworthingly", "Jaxquellan", "Kvernmoorby", "Lorquenhall", "Mzwandelsby", "Nixquarrow",
           "Orvelthwaite", "Plumquisset", "Quorrendale", "Rixbrendley", "Szkolmarrow", "Thwaxenbury", "Uzzlemoore",
           "Vexquarley", "Wrixendale", "Yzelbrandt", "Okorafuzwe", "Adeboyinlo", "Nwankwozie", "Takahazumi",
           "Kuroshimaru", "Valdezquierra", "Zbigniewko", "Wojtaszekov", "Hovhannesyel", "Stavropoulakis",
           "Bergqvistel", "Fitzquellan", "Dmytrenkowicz", "Castroquilla", "Raghunathvar", "Subramanyor",
           "Villaprandez", "Echevarrizqu"]
V9_TOWNS = ["Azquellton", "Brevmoorly", "Czendlewick", "Dravenquay", "Elquisbury", "Fyzbrook", "Grimquellan",
            "Huxmarrowby", "Ixbrandle", "Jaxholmey", "Kvelquarrow", "Lorzenby", "Mzelwick Falls", "Nixbrandon",
            "Orvquessing", "Plumzarrow", "Upper Quorzelby", "Saint Rixwellan", "East Szelmorrow", "Lower Thwaxley",
            "North Uzquarrow", "Port Vexmoorby", "Lake Wrixholm", "Glen Yzquarrow", "Zelquorton", "Brixquellby"]
V9_STREETS = ["Azaleaquist", "Bramblezelle", "Clovermarrix", "Dogwoodquay", "Elderzenny", "Foxquillow",
              "Gingerquarrow", "Hollyzandle", "Irisquellow", "Juniperzolt", "Kalmiaquay", "Lilacquorrow",
              "Magnolixby", "Nettlezarrow", "Oleanderquist", "Peonyzelle", "Quincequarrow", "Redbudzelle"]
V9_VOCABULARY = (*V9_FIRST, *V9_LAST, *V9_TOWNS, *V9_STREETS)
# the generic words of some towns' names, shared with real place names ("Falls", "Upper", "Saint")
V9_GENERIC = ("falls", "upper", "saint", "east", "lower", "north", "port", "lake", "glen")

_V = late_draws.Vocabulary(V9_FIRST, V9_LAST, V9_TOWNS, V9_STREETS)
# (this part's own words in the shared draws; the shapes of dates, addresses and numbers are shared)
_first = _V.first
_last = _V.last
_town = _V.town
_name = _V.name
_inits = _V.inits
_addr = _V.addr
_facility = _V.facility
_num = late_draws.num
_chars = late_draws.chars
_date = late_draws.date
_dob = late_draws.dob
_when = late_draws.when
_old = late_draws.old
_phone = late_draws.phone
_email = late_draws.email
_host = late_draws.host
_ip = late_draws.ip
_ssn4 = late_draws.ssn4
_ssn = late_draws.ssn
_plate = late_draws.plate
_vin = late_draws.vin
_plan = late_draws.plan
_STATES = late_draws.STATES
_HOLIDAYS = late_draws.HOLIDAYS


# ---- the templates ----------------------------------------------------------------------------------------------

def guardianship_petition(g: Source) -> list[Part]:
    """A probate court's petition for appointment of a guardian of an incapacitated adult, numbered paragraphs."""
    f, s = _first(g), _last(g)
    county = f"{_town(g)} County"
    return [
        "IN THE PROBATE COURT OF ", (county.upper(), "LOCATION"), "\nIN RE THE GUARDIANSHIP OF ",
        (f"{f} {s}".upper(), "NAME"),
        ", an alleged incapacitated adult\nCase No. ", (f"PR-{g.r.randint(2024, 2026)}-{_num(g, 5)}", "MRN"),
        "\n\nPETITION FOR APPOINTMENT OF GUARDIAN (Form PC-611)\n\n1. The respondent, ", (_name(g, f, s), "NAME"),
        ", age ", (_old(g, False), "AGE"), ", born ", (_dob(g), "DATE"), ", resides at ", *_addr(g),
        ".\n2. Petitioner ", (_name(g), "NAME"), " is the respondent's niece and may be reached at ",
        (_phone(g), "PHONE"),
        " or ", (_email(g, _first(g), _last(g)), "EMAIL"), ".\n3. The respondent's last four of SSN: ",
        (_ssn4(g), "SSN"),
        "; Medicare ", (mbi(g.r), "HEALTH_PLAN"), "; checking account ending ", (_num(g, 4), "ACCOUNT"),
        " at First Federal.\n4. Dr. ", (_name(g), "NAME"), ", MD (NPI ", (npi(g.r), "LICENSE"),
        ") examined the respondent on ", (_date(g), "DATE"), " and found moderate dementia of the Alzheimer type",
        " (MoCA 11/30). A 2019 Buick registered to respondent, plate ", (_plate(g), "VEHICLE"),
        ", should be sold.\n5. Respondent is a resident of ",
        (_facility(g, ["Memory Care", "Manor", "Gardens"]), "LOCATION"),
        " since ", (_date(g, 2023, 2025), "DATE"), ". Hearing requested before ", (_holiday_or_date(g), "DATE"), ".\n",
    ]


def _holiday_or_date(g: Source) -> str:
    return g.r.choice(_HOLIDAYS) if g.r.random() < 0.5 else _date(g)


def life_insurance_exam(g: Source) -> list[Part]:
    """A life insurance paramedical exam form with boxes, filled in by a mobile examiner."""
    f, s = _first(g), _last(g)
    return [
        "PARAMEDICAL EXAMINATION - PART B\nPolicy/App No: ", (f"LA{_num(g, 9)}", "ACCOUNT"),
        "   Carrier: Northbridge Mutual Life\nProposed insured: ", (_name(g, f, s), "NAME"), "   DOB: ",
        (_dob(g), "DATE"),
        "   SSN: ", (_ssn(g), "SSN"), "\nDriver lic #: ",
        (f"{_chars(g, 1, 'ABCDEFGHJKLMNPRSTW')}{_num(g, 8)}", "LICENSE"),
        " (", g.r.choice(_STATES), ")\nAddress: ", *_addr(g), "\nCell: ", (_phone(g), "PHONE"), "  Email: ",
        (_email(g, f, s), "EMAIL"), "\nHealth plan ID: ", (_plan(g), "HEALTH_PLAN"),
        "\nHt 5'9\"  Wt 212 lb  BP 138/86, 134/84  Pulse 72\nFather living, age ", (_old(g, False), "AGE"),
        "; mother died at 81 of CHF. Any DUI in past 10 yrs? No\nBlood and urine kit bar code ",
        (f"{_num(g, 3)}-{_num(g, 6)}", "ACCOUNT"), " (lot 44K210, not PHI)\nExaminer: ", (_name(g), "NAME"),
        ", phlebotomist, ", (_facility(g, ["Paramedical Services", "Exam Partners"]), "LOCATION"), "   Date: ",
        (_date(g), "DATE"), "\nRight thumbprint captured: ", (f"FP-{_chars(g, 12, '0123456789ABCDEF')}", "BIOMETRIC"),
        "\n",
    ]


def dot_physical(g: Source) -> list[Part]:
    """A DOT commercial driver medical examination report (MCSA-5875) with a certificate."""
    f, s = _first(g), _last(g)
    return [
        "MEDICAL EXAMINATION REPORT FOR COMMERCIAL DRIVER FITNESS DETERMINATION (MCSA-5875)\nDriver: ",
        (_name(g, f, s), "NAME"), "   DOB ", (_dob(g), "DATE"), "   Age 58\nCDL #: ", (f"{_num(g, 9)}", "LICENSE"),
        "  Class A  State ", g.r.choice(_STATES), "\nHome: ", *_addr(g), "   Phone ", (_phone(g), "PHONE"),
        "\nEmployer: ", (_facility(g, ["Freight Lines", "Trucking LLC", "Haulers"]), "LOCATION"),
        " (USDOT 2231987)\nOwn tractor: plate ", (_plate(g), "VEHICLE"), "  VIN ", (_vin(g), "VEHICLE"),
        "\nVision (Snellen) OD 20/25 OS 20/20; hearing Whisper test passed; BP 146/92 - 1 year certificate.\n",
        "Sleep apnea screen: Epworth 6; CPAP machine serial ", (f"{_num(g, 11)}", "DEVICE"),
        " (AirSense 10, compliance 5.6 h/night)\nMedical Examiner: ", (_name(g), "NAME"),
        ", DC  National Registry No. ",
        (_num(g, 10), "LICENSE"), "\nExam date ", (_date(g), "DATE"), "   Certificate expires ",
        (_date(g, 2026, 2027), "DATE"),
        "\nUploaded to NRCME portal from ", (_ip(g), "IP"), "\n",
    ]


def portal_thread(g: Source) -> list[Part]:
    """A patient portal message thread about a rash, in the casual style patients type."""
    f, s = _first(g), _last(g)
    clinic = _facility(g, ["Family Medicine", "Dermatology", "Primary Care"])
    return [
        "From: ", (_name(g, f, s), "NAME"), " <", (_email(g, f, s), "EMAIL"), ">\nTo: ", (clinic, "LOCATION"),
        " pool\nSent: ", (_date(g), "DATE"), " ", _when(g), "\nSubject: rash again\n\n",
        "hi its me again, the rash on my arms came back after we got back from grandmas in ", (_town(g), "LOCATION"),
        " over ", (g.r.choice(_HOLIDAYS), "DATE"), ". shes ", (_old(g, True), "AGE"),
        " and has the same thing lol. i tried the triamcinolone 0.1% bid. my MRN is ", (_num(g, 8), "MRN"),
        " and my new insurance card says ", (_plan(g), "HEALTH_PLAN"), ". can u call me at ", (_phone(g), "PHONE"),
        " after 3? pics here ",
        (f"https://share.{_host(s)}/p/{_chars(g, 8, 'abcdefghjkmnpqrstuvwxyz0123456789')}", "URL"),
        "\n\nReply from ", (_name(g), "NAME"), ", PA-C (", (_inits(g), "NAME"), "):\n",
        "Looks like contact dermatitis rather than Lyme. Please come in ", (_date(g), "DATE"),
        ". Session logged from ", (_ip(g), "IP"), ".\n",
    ]


def trial_screening_log(g: Source) -> list[Part]:
    """A clinical trial site's pre-screening log, a table of candidates."""
    rows: list[Part] = []
    for _ in range(g.r.randint(3, 5)):
        outcome = g.r.choice(["eligible", "HbA1c 11.2% excl", "eGFR 24 excl", "declined"])
        rows += [(_date(g), "DATE"), " | ", (f"SCR-{_num(g, 3)}-{_num(g, 4)}", "MRN"), " | ", (_inits(g), "NAME"),
                 " | ", g.r.choice(["62", "47", "71", "55", "39"]), " | ", outcome, "\n"]
    return [
        "PROTOCOL NVX-3301-02 PRE-SCREENING LOG  Site 114: ",
        (_facility(g, ["Research Institute", "Clinical Trials"]), "LOCATION"),
        "\nPI: Dr. ", (_name(g), "NAME"), "  DEA ", (dea(g.r, _last(g)), "LICENSE"), "  Fax ", (_phone(g), "FAX"),
        "\nDate | Screen # | Initials | Age | Outcome\n", *rows,
        "Randomized: subject ", (f"114-{_num(g, 3)}", "MRN"), ", ", (_name(g), "NAME"), ", ", *_addr(g), ", tel ",
        (_phone(g), "PHONE"), "; CGM transmitter SN ", (_chars(g, 10), "DEVICE"),
        " (Dexcom G7, not PHI); stipend card ending ",
        (_num(g, 4), "ACCOUNT"), "; payer ", (_plan(g), "HEALTH_PLAN"), "\n",
    ]


def adoption_history(g: Source) -> list[Part]:
    """An adoption agency's letter with a birth family's medical history."""
    child_f, s = _first(g), _last(g)
    return [
        (_facility(g, ["Family Services", "Adoption Agency", "Children's Home"]), "LOCATION"), "\n", *_addr(g, "\n"),
        "\nPhone ", (_phone(g), "PHONE"), " | Fax ", (_phone(g), "FAX"), "\n\n", (_date(g), "DATE"), "\n\nDear ",
        (_name(g), "NAME"), ",\n\nRe: Case ", (f"ADP-{_num(g, 6)}", "MRN"), ", child ", (_name(g, child_f, s), "NAME"),
        ", born ", (_dob(g), "DATE"), " at ", (_facility(g, ["Regional Hospital", "Medical Center"]), "LOCATION"),
        "\n\nThe birth mother, ", (_name(g), "NAME"),
        ", reports hypothyroidism (Hashimoto) and that her grandmother, now ",
        (_old(g, True), "AGE"),
        ", has macular degeneration. No Huntington or Marfan disease is known. The birth father, ",
        (_inits(g), "NAME"), ", was 19. Apgar 8 and 9. Newborn screen card ", (f"{_num(g, 9)}", "ACCOUNT"),
        " was normal; cord blood DNA profile ", (f"DNA-{_chars(g, 10)}", "BIOMETRIC"),
        " is held.\n\nSincerely,\n", (_name(g), "NAME"), ", LCSW\n", (_email(g, _first(g), _last(g)), "EMAIL"), "\n",
    ]


def jury_excuse_letter(g: Source) -> list[Part]:
    """A physician's letter asking that a patient be excused from jury service."""
    f, s = _first(g), _last(g)
    return [
        (_facility(g, ["Internal Medicine", "Geriatrics Associates"]), "LOCATION"), "\n", *_addr(g, ", "),
        "\nTel ", (_phone(g), "PHONE"), "  Fax ", (_phone(g), "FAX"), "\n\n", (_date(g), "DATE"),
        "\n\nJury Administrator, ", (f"{_town(g)} County", "LOCATION"), " Superior Court\nRe: ",
        (_name(g, f, s), "NAME"),
        ", Juror Participant No. ", (_num(g, 9), "ACCOUNT"), ", summons date ", (_date(g), "DATE"),
        "\n\nTo whom it may concern:\n\nMy patient, ", g.r.choice(["Mr. ", "Ms. ", "Mrs. "]),
        (s, "NAME"), ", is ", (f"{_old(g, False)} years old", "AGE"),
        ", has Parkinson disease and wears a hearing aid (Phonak serial ", (_chars(g, 9), "DEVICE"),
        "); sitting for several hours is not feasible. Date of birth ", (_date(g, 1922, 1936), "DATE"), ", MRN ",
        (_num(g, 7), "MRN"),
        ".\n\nSincerely,\n\n", (_name(g), "NAME"), ", MD\nLicense ", (f"MD{_num(g, 6)}", "LICENSE"), "\n",
    ]


def daycare_injury(g: Source) -> list[Part]:
    """A day-care centre's injury/incident report to parents, a form with boxes."""
    kid_f, s = _first(g), _last(g)
    return [
        "CHILD INJURY / INCIDENT REPORT\nCenter: ",
        (_facility(g, ["Learning Center", "Child Care", "Montessori"]), "LOCATION"),
        "   License # ", (f"CCL-{_num(g, 7)}", "LICENSE"), "\nChild: ", (_name(g, kid_f, s), "NAME"), "   DOB: ",
        (_dob(g), "DATE"), "   Age: 3\nDate of incident: ", (_date(g), "DATE"), "  Time: ", _when(g),
        "\nWhat happened: fell from climber on playground, bumped chin; ice applied. Osgood-Schlatter n/a.\n",
        "Parent notified: ", (_name(g, None, s), "NAME"), " at ", (_phone(g), "PHONE"), "\nParent email: ",
        (_email(g, _first(g), s), "EMAIL"), "\nHome address: ", *_addr(g), "\nChild's health plan: ",
        (_plan(g), "HEALTH_PLAN"),
        "\nStaff: ", (_name(g), "NAME"), "   Director: ", (_name(g), "NAME"), "\nPickup authorized by palm-scan ID ",
        (_chars(g, 8), "BIOMETRIC"), "; great-grandma (age ", (_old(g, False), "AGE"), ") may not pick up alone.\n",
    ]


def rpm_alert_log(g: Source) -> list[Part]:
    """A remote patient monitoring vendor's alert log for a heart-failure patient."""
    rows: list[Part] = []
    for _ in range(g.r.randint(3, 5)):
        rows += [(_date(g, 2026, 2026), "DATE"), f" {_when(g)}  ", g.r.choice(["WEIGHT +2.4 lb/24h", "BP 168/94",
                                                                             "SpO2 88%", "no reading 48h"]),
                 "  ack by ", (_inits(g), "NAME"), "\n"]
    return [
        "RPM ALERT LOG  enrollee ", (_name(g), "NAME"), "  MRN ", (f"{_chars(g, 2, 'ABCDEFGHJK')}{_num(g, 7)}", "MRN"),
        "  age ", (_old(g, False), "AGE"), "\nHub SN ", (f"HUB{_num(g, 10)}", "DEVICE"), " (model BT-400)  cuff SN ",
        (_chars(g, 12), "DEVICE"), "  last IP ", (_ip(g), "IP"), "\nBilling CPT 99454/99457; Medicare ",
        (mbi(g.r), "HEALTH_PLAN"), "\n", *rows, "Escalated to Dr. ", (_name(g), "NAME"), " via ", (_phone(g), "PHONE"),
        "; caregiver ", (_name(g), "NAME"), " lives at ", *_addr(g), "\nDashboard: ",
        (f"https://rpm.{_host(_last(g))}/pt/{_num(g, 8)}", "URL"), "\n",
    ]


def funeral_first_call(g: Source) -> list[Part]:
    """A funeral home's first-call sheet with the family's voicemail transcript."""
    f, s = _first(g), _last(g)
    return [
        (_facility(g, ["Funeral Home", "Mortuary", "Chapel of Peace"]).upper(), "LOCATION"),
        " - FIRST CALL SHEET\nDeceased: ", (_name(g, f, s), "NAME"), "   Age: ", (_old(g, False), "AGE"),
        "   DOB: ", (_date(g, 1920, 1936), "DATE"), "   Date of death: ", (_date(g), "DATE"), " ", _when(g),
        "\nPlace of death: residence, ", *_addr(g), "\nSSN: ", (_ssn(g), "SSN"), "   Veteran: yes\n",
        "Attending physician: Dr. ", (_name(g), "NAME"), "  cell ", (_phone(g), "PHONE"), "\nHospice: ",
        (_facility(g, ["Hospice", "Home Health"]), "LOCATION"), "; pacemaker present, serial ",
        (_chars(g, 9), "DEVICE"),
        " (remove before cremation)\nRemoval vehicle: van 2\n\nVOICEMAIL (", (_phone(g), "PHONE"), "): hi this is ",
        (f"{_first(g)} {s}".lower(), "NAME"), " calling about my dad, he passed this morning, he was ",
        (_old(g, True), "AGE"), ". you can email me at ", (_email(g, _first(g), s), "EMAIL"),
        ". we want the thumbprint keepsake.\nVoice print on file: ", (f"VP-{_num(g, 10)}", "BIOMETRIC"), "\n",
    ]


_PLAIN = ("mixed",)
_BOXES = ("mixed", "caps")
# name -> (template, the letter cases it is rendered in); ``corpus.TEMPLATES`` registers them as part "test"
V9_BUILDERS: dict[str, tuple[Callable[[Source], list[Part]], tuple[str, ...]]] = {
    "guardianship-petition": (guardianship_petition, ("mixed", "caps")),
    "life-insurance-exam": (life_insurance_exam, _BOXES),
    "dot-physical": (dot_physical, _BOXES),
    "portal-thread": (portal_thread, ("lower", "mixed")),
    "trial-screening-log": (trial_screening_log, _PLAIN),
    "adoption-history": (adoption_history, _PLAIN),
    "jury-excuse-letter": (jury_excuse_letter, _PLAIN),
    "daycare-injury": (daycare_injury, _BOXES),
    "rpm-alert-log": (rpm_alert_log, ("mixed", "lower")),
    "funeral-first-call": (funeral_first_call, ("mixed", "caps")),
}
