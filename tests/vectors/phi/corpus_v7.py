"""The seventh test part of the synthetic PHI corpus (issue 11): ten templates written without reading the engine.

Written on 7 December 2026 by a helper (branch ``v7``) who had not read the engine (``src/phigate/phi``), its
documentation, its error classes or the benchmark's output, and who never ran the engine on this part, from general
knowledge of how US clinics, courts, donor centres and the people around patients write, never from real notes: a
phase II cardiac rehabilitation progress note, an urgent-care visit after a low-speed car crash, a court-ordered
competency-to-stand-trial evaluation, a podiatry visit with a diabetic shoe certification, a hospital lactation
consultation, a plasma donor centre's screening record, a Medicare annual wellness visit, an occupational therapist's
home safety evaluation, a refugee domestic medical screening and a sports concussion clinic follow-up. None of these
settings is used by an earlier template (train, second, third, fourth, fifth or sixth part). Nobody tunes on them:
they measure whether fixes made elsewhere generalise.

The annotation conventions are those of the train templates in ``corpus.py`` and of the fourth to sixth parts: a
title ("Dr.", "Judge", "Mrs.") and a credential (", MD", "OTR/L", "IBCLC", "Esq.") sit outside the NAME span; a state
stays outside every span while town, street line and ZIP are LOCATION, ADDRESS and ZIP; facilities, agencies, courts'
counties, schools, employers, pharmacies and suppliers are LOCATION, and so is a county (a subdivision smaller than a
state); countries (larger than a state) carry no span; an age phrase in running text ("a 94-year-old", "aged
ninety-one") is the AGE span and a form's "Age:" field holds its value alone; ages under 90 carry no span; a unit or
lot number is part of the street address; ZIP+4 is one ZIP; a masked SSN's last four digits are SSN; a clinician's
NPI, DEA number and state licence and a patient's driver's licence are LICENSE; the words "Baby Boy" before a
newborn's surname are not part of the name; an implanted or home device's serial is DEVICE and its model is not; the
plate and VIN of the patient's own car are VEHICLE; an auto insurer's claim number is ACCOUNT. Where no earlier part
shows the case, the HIPAA Safe Harbor list decides, and the line says so:

- a court's case number for the defendant is the court's record of the person (MRN, as the sixth part's jail booking
  number), and so is a plasma centre's donor number; an FBI number (the Bureau's record of a person's fingerprints) is
  a biometric identifier (BIOMETRIC, as the sixth part's Livescan and AFIS records), and so is a donor centre's
  finger or palm-vein template;
- an alien registration number (A-number) is a certificate number on the person's immigration documents (LICENSE,
  as the fifth part's passport);
- a plasma donation's ISBT 128 donation identification number ties a unit to its donor (ACCOUNT, as the sixth part's
  specimen ID) and the last four digits of the donor's compensation card are an account number (ACCOUNT, masked as an
  SSN is);
- a rented breast pump, a continuous glucose monitor's transmitter, a medical-alert pendant and an insertable cardiac
  monitor are the patient's devices while they carry them (DEVICE, serial only); a clinic's treadmill, plasma machine
  or infant scale number identifies no one and carries no span;
- every person named is a NAME: judges, lawyers, landlords, interpreters, athletic trainers and caseworkers as well
  as relatives and clinicians;
- a year alone ("retired in 1988", "Dusky v. United States (1960)") is not a date element Safe Harbor removes and
  carries no span; a refugee's assigned birth date ("1/1/1990") is a date of birth all the same (DATE).

Numbers and words that identify no one are not PHI and carry no span: ages under 90, METs, heart rates, RPE, doses,
lab values, scores (Borg, Duke, Centor, LATCH, MoCA, Mini-Cog, Berg, SCAT5, King-Devick), CPT, HCPCS and ICD-10 codes,
statute sections, form numbers (DS-2054, I-693), lot numbers, machine, chair, bay and room numbers, device and product
model numbers, and names of people and places used as eponyms of tests, rules, laws and doctrines (Bruce, Karvonen,
Ottawa, Canadian C-spine, Dusky, Miranda, Tarasoff, Semmes-Weinstein, Charcot, Lisfranc, Morton, Hazelbaker, Hale,
Tinetti, Berg, Allen, Katz, Lawton, Lystedt, Buffalo, Amsterdam).

This module imports nothing from ``corpus.py`` (which imports it), so the two cannot form an import cycle: a
template takes any source with the generator's ``r``, ``first``, ``last`` and ``city``. Its helpers are the sixth
part's (``corpus_v6``), which draw this part's own words through an ``OwnWords`` of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.vectors.phi.check_digits import Part, Source
from tests.vectors.phi.corpus_v6 import (
    OwnWords,
    _account,
    _age_words,
    _alnum,
    _date,
    _date_series,
    _digits,
    _dob,
    _domain,
    _email,
    _holiday,
    _ipv4,
    _ipv6,
    _mbi,
    _medicaid,
    _member_id,
    _mi,
    _mrn,
    _npi,
    _ordinal,
    _phone,
    _plate,
    _ssn,
    _state,
    _time,
    _vin,
    _young_age,
)

# The part's own words, invented for it: in no data file of the engine and no other list of the generator (both
# checked by a test). Templates mix them with ordinary names and towns from the shared lists, as real notes do.
V7_FIRST = ["Amarisse", "Belquinna", "Corvandra", "Davrielle", "Emberlinne", "Faylindra", "Galvarro", "Hestabel",
            "Isoldrine", "Jessavyn", "Kallendra", "Loriquen", "Marveline", "Nessadine", "Orvalis", "Pellandra",
            "Quintrella", "Rosquelle", "Saffrienne", "Tovarra", "Ulvanne", "Vesperine", "Wynnalee", "Xandrella",
            "Yvolaine", "Zaviendra", "Albrecca", "Brannoch", "Corwennick", "Dashiello", "Evanthor", "Fenwaldo",
            "Gorvandel", "Halbricht", "Ismarion", "Jovarric"]
V7_LAST = ["Ashcombery", "Blackthornly", "Crestwhistle", "Dunmarrowe", "Elmsworthing", "Foxglovesby", "Greyquarrow",
           "Hollowmeade", "Ironbrackett", "Juniperston", "Kettlemorrow", "Lanternbury", "Mistlethwaite",
           "Nettlecombery", "Oxenbrindle", "Pipperwell", "Quenbrackle", "Rookhallow", "Saltonstrow", "Tumblethorne",
           "Wrenfeatherly", "Yarrowgaite", "Okwuosantu", "Adeyemoluwa", "Nakashimaro", "Villasenorez",
           "Castellanquez", "Quezadillo", "Montalbanez", "Szczepankow", "Wisniewiak", "Khachaturyel", "Papadakostas",
           "Lindbergsson", "Haugenvoldt", "Ferreirinhas", "Abernathwy", "Dobrzanowiec", "Tranhuynhe", "Oyinlolawe",
           "Mukherjeevan", "Rasmussenby"]
V7_TOWNS = ["Ambervane", "Brightholloway", "Coppermarsh", "Dunkettle", "Elderquay", "Fernhallow", "Gildersby",
            "Hazelmorrow", "Quarlesby", "Tavistrow", "Wenderholm", "Yellowmarrick", "Zennorvale", "Bramblequist",
            "Cindermoorby", "Drabbleton", "Ellingwharf", "Foxborrowe", "Port Quillander", "East Marrowick",
            "Mount Tessaray", "Fort Brindlemoor", "New Ossendale", "South Varnickby", "Lake Orrindell",
            "Glen Harrowquay"]
V7_STREETS = ["Acornwhistle", "Bellflowerly", "Cobblequarry", "Dandelionne", "Elmbrackett", "Fiddlehedge",
              "Gooseberrow", "Heatherwolde", "Inglenookery", "Jackdawley", "Kingfisherly", "Larchmeadowe",
              "Marshwicket", "Nutmeggery", "Orchardwyn", "Pebblecrofte", "Quincewoode", "Rosemallowe"]
V7_VOCABULARY = (*V7_FIRST, *V7_LAST, *V7_TOWNS, *V7_STREETS)
# the generic words of some towns' names, shared with real place names ("Port", "Mount", "Lake")
V7_GENERIC = ("port", "east", "mount", "fort", "new", "south", "lake", "glen")

# The helpers that draw names, places, dates and numbers are the sixth part's (``corpus_v6``), with this part's own
# words: the two parts draw alike and differ in their settings and their words.
_OWN = OwnWords(V7_FIRST, V7_LAST, V7_TOWNS, V7_STREETS)
_first, _last, _person, _initials, _town = _OWN.first, _OWN.last, _OWN.person, _OWN.initials, _OWN.town
_county, _address, _facility, _employer = _OWN.county, _OWN.address, _OWN.facility, _OWN.employer


_CARS = ["2016 Toyota Camry", "2012 Honda Civic", "2019 Nissan Rogue", "2008 Ford F-150", "2014 Subaru Outback",
         "2021 Hyundai Elantra", "2010 Chevrolet Impala", "2017 Jeep Cherokee"]
_CAR_MAKERS = ("1HG", "2T1", "4T1", "1G1", "1FT", "JTD", "KMH", "5NP", "1N4", "4S4", "1C4")


def _car_vin(g: Source) -> str:
    return _vin(g, _CAR_MAKERS)


def _intersection(g: Source) -> str:
    """A street corner as a crash is placed: two street names with their suffixes ("Jackdawley Rd and 5th Ave")."""
    names = [g.r.choice(V7_STREETS), _last(g), _ordinal(g.r.randint(2, 40)), f"Route {g.r.randint(2, 300)}"]
    a, b = g.r.sample(names[:3], 2) if g.r.random() < 0.7 else (names[0], names[3])
    kinds = ["Street", "St", "Ave", "Rd", "Blvd", "Dr", "Pike"]
    second = b if b.startswith("Route") else f"{b} {g.r.choice(kinds)}"
    return f"{a} {g.r.choice(kinds)} {g.r.choice(['and', '&', '/'])} {second}"


def _pharmacy(g: Source) -> str:
    return f"{g.r.choice([_last(g), _town(g)])} {g.r.choice(['Pharmacy', 'Drug', 'Family Pharmacy', 'Apothecary'])}"


def _age_field(g: Source, old: float) -> tuple[int, list[Part]]:
    """An age drawn over 89 with probability ``old`` (then the form's field is the AGE span), else 60 to 89 (no
    span), and the field's part."""
    age = g.r.randint(90, 103) if g.r.random() < old else g.r.randint(60, 89)
    return age, [(str(age), "AGE")] if age >= 90 else [str(age)]


_ICDS = [("Boston Scientific Resonate EL ICD (model D433)", "ICD"), ("Medtronic Cobalt XT DR (DDPA2D1)", "ICD"),
         ("Abbott Gallant HF CRT-D (CDHFA500Q)", "CRT-D"), ("ZOLL LifeVest 4000 wearable defibrillator", "WCD")]


def cardiac_rehab(g: Source) -> list[Part]:
    """A phase II cardiac rehabilitation progress note (the 30-day individualised treatment plan review): an exercise
    table of workloads, METs, heart rates, blood pressures and Borg RPE (not PHI), the Bruce protocol, the Karvonen
    formula and the Duke treadmill score (eponyms), an ICD's model (not PHI) beside its serial (DEVICE), the employer
    the patient returns to, the wife at the education class, a holiday closure, the medical director's NPI."""
    program, short = _facility(g, ["Cardiac Rehabilitation", "Heart Institute - Cardiac Rehab",
                                   "Cardiopulmonary Rehabilitation", "Cardiac & Pulmonary Rehab"])
    pt_first, pt_last = _first(g), _last(g)
    wife = _first(g)
    device, kind = g.r.choice(_ICDS)
    age, age_field = _age_field(g, 0.4)
    session = g.r.randint(12, 30)
    rows = "".join(f"{m:<14}| {w:<10}| {mets:>4} | {hr:>3} | {sbp}/{dbp:<3} | {rpe}\n"
                   for m, w, mets, hr, sbp, dbp, rpe in (
        ("Treadmill", f"{g.r.choice(['2.5', '2.8', '3.0', '3.2'])} mph {g.r.randint(0, 6)}%", g.r.choice([3.3, 3.9,
         4.4]), g.r.randint(92, 118), g.r.randint(128, 156), g.r.randint(62, 84), g.r.choice([11, 12, 13])),
        ("NuStep T5", f"level {g.r.randint(4, 8)}", g.r.choice([2.9, 3.4, 3.8]), g.r.randint(88, 112),
         g.r.randint(124, 150), g.r.randint(60, 80), g.r.choice([11, 12])),
        ("Arm ergometer", f"{g.r.choice([15, 20, 25])} W", g.r.choice([2.4, 2.7]), g.r.randint(85, 105),
         g.r.randint(120, 146), g.r.randint(62, 82), g.r.choice([12, 13]))))
    return [
        (program, "LOCATION"),
        "\n",
        *_address(g),
        "\nPhone ",
        (_phone(g), "PHONE"),
        "   Fax ",
        (_phone(g), "FAX"),
        f"\n\nCARDIAC REHABILITATION PHASE II - PROGRESS NOTE / ITP 30-DAY REVIEW\nSession {session} of 36\n\n"
        "Patient: ",
        (f"{pt_last}, {pt_first}", "NAME"),
        "   MRN: ",
        (_mrn(g), "MRN"),
        "   DOB: ",
        (_dob(g, old=True) if age >= 90 else _date(g, 1936, 1966), "DATE"),
        "   Age: ",
        *age_field,
        "\nReferring cardiologist: Dr. ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        "   Primary: Medicare ",
        (_mbi(g), "HEALTH_PLAN"),
        "   Secondary: ",
        g.r.choice(["AARP Medicare Supplement", "Mutual of Omaha Plan G", "TRICARE For Life"]),
        " ",
        (_member_id(g), "HEALTH_PLAN"),
        "\n\nQualifying event: ",
        g.r.choice(["NSTEMI s/p PCI with DES to the proximal LAD (Xience Sierra 3.0 x 23 mm)",
                    "CABG x3 (LIMA-LAD, SVG-OM1, SVG-RCA)", "HFrEF, EF 30-35% (NYHA class II)",
                    "STEMI s/p primary PCI to the RCA; EF 40%"]),
        " on ",
        (_date(g), "DATE"),
        f". {kind}: {device}, serial ",
        (f"{_alnum(g, 3, 'ABCDEFGHJKLMNPRSTVWXYZ')}{_digits(g, 6)}", "DEVICE"),
        " (shocks: none). Entry GXT (Bruce protocol) ",
        (_date(g), "DATE"),
        ": 6:30 min, 7.0 METs, peak HR 128, Duke treadmill score +4, no ST changes.\nTarget HR by Karvonen "
        "(60-80% HRR): 104-118 bpm. Resting HR 68, BP 124/72. Weight 86.4 kg, BMI 29.1, waist 102 cm.\n\n"
        "Exercise today (telemetry 3-lead, monitor channel 4: SR, rare PVCs):\nModality      | Workload  | METs | HR  "
        "| BP      | RPE (Borg 6-20)\n",
        rows,
        "\nProgress: peak METs 3.1 -> 4.4 since entry; 6MWT 412 m (from 318 m). PHQ-9 4 (was 11). Lipids: LDL 62 "
        "mg/dL on atorvastatin 80 mg; A1c 6.4%. Tobacco: quit ",
        (_date(g), "DATE"),
        ", nicotine patch 14 mg.\nEducation: heart-healthy eating class with wife ",
        (wife, "NAME"),
        "; sodium < 2 g. Home exercise: walks 30 min 5x/wk at the ",
        (f"{_town(g)} {g.r.choice(['YMCA', 'Community Center', 'Senior Center'])}", "LOCATION"),
        ".\nVocational: ",
        "plans return to work at " if age < 75 else "retired; volunteers two mornings a week at ",
        (_employer(g), "LOCATION"),
        " (light duty) after clearance; note faxed to its office at " if age < 75 else "; activity letter faxed to ",
        (_phone(g), "FAX"),
        ".\nPt emails the home BP log to ",
        (_email(g, "cardiac", "rehab", _domain(program)), "EMAIL"),
        " from ",
        (_email(g, pt_first, pt_last), "EMAIL"),
        ".\n\nPlan: continue 3x/wk, progress treadmill grade 1-2%, add resistance bands (2-3 lb). ",
        (short, "LOCATION"),
        " gym closed ",
        (_holiday(g), "DATE"),
        "; make-up session ",
        (_date(g), "DATE"),
        ". Next ITP review ",
        (_date(g), "DATE"),
        ".\n\n",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", MS, ACSM-CEP   /   ",
        (_initials(g), "NAME"),
        ", RN\nReviewed and signed: ",
        (f"{_first(g)} {_mi(g)}. {_last(g)}", "NAME"),
        ", MD, FACC (medical director)   NPI ",
        (_npi(g), "LICENSE"),
        "\n",
    ]


_COMPLAINTS = [("neck pain since a rear-end collision", "Canadian C-spine rule and NEXUS criteria negative; no imaging",
                "cervical strain (S16.1XXA)", "ibuprofen 600 mg q6h with food, cyclobenzaprine 5 mg qhs"),
               ("R wrist pain, struck the steering wheel when the airbag deployed",
                "snuffbox non-tender; XR wrist 3 views: no fracture", "wrist sprain (S63.501A)",
                "velcro wrist splint, naproxen 500 mg BID"),
               ("L ankle pain after slipping on ice stepping out of the car",
                "Ottawa ankle rules: tender at posterior edge of the lateral malleolus -> XR: no fracture",
                "ankle sprain, ATFL (S93.402A)", "ASO brace, crutches WBAT, RICE")]


def urgent_care(g: Source) -> list[Part]:
    """An urgent-care visit after a low-speed car crash: the kiosk check-in's licence scan and IP address, the
    patient's car (VEHICLE) and the auto insurer's claim (ACCOUNT), clinical decision rules named after places
    (Ottawa, Canadian) and codes (not PHI), the work note to the employer's fax, the e-prescription's pharmacy, the
    after-visit summary link, the scribe's initials."""
    clinic, short = _facility(g, ["Urgent Care", "Walk-In Clinic", "Urgent Care & Occupational Medicine",
                                  "Immediate Care"])
    insurer = f"{g.r.choice([_last(g), _town(g)])} {g.r.choice(['Mutual Insurance', 'Auto Insurance', 'Casualty Co.'])}"
    pt_first, pt_last = _first(g), _last(g)
    complaint, exam, dx, rx = g.r.choice(_COMPLAINTS)
    employer = _employer(g)
    return [
        (clinic, "LOCATION"),
        " - visit note\nvisit: ",
        (_date(g), "DATE"),
        f"  arrived {_time(g)}  room {g.r.randint(1, 12)}  acct ",
        (_account(g), "ACCOUNT"),
        "\npatient: ",
        (_person(g) if g.r.random() < 0.4 else f"{pt_first} {pt_last}", "NAME"),
        "  dob ",
        (_dob(g), "DATE"),
        "  mrn ",
        (_mrn(g), "MRN"),
        "\nself check-in at kiosk from ",
        (_ipv4(g) if g.r.random() < 0.6 else _ipv6(g), "IP"),
        "; photo id: driver license ",
        (f"{_alnum(g, 1, 'ABCDEFGHJKLMNPRSTW')}{_digits(g, 8)}", "LICENSE"),
        " (",
        _state(g),
        ")\ninsurance: ",
        g.r.choice(["BCBS PPO", "Aetna Choice POS II", "UnitedHealthcare Choice Plus", "Cigna OAP"]),
        " member ",
        (_member_id(g), "HEALTH_PLAN"),
        "; auto claim with ",
        (insurer, "LOCATION"),
        " #",
        (f"{_digits(g, 3)}-{_alnum(g, 2, 'ABCDEFGHJK')}-{_digits(g, 6)}", "ACCOUNT"),
        "\n\ncc: ",
        complaint,
        ".\nhpi: ",
        _young_age(g, 19, 64),
        f" restrained driver of a {g.r.choice(_CARS)}, plate ",
        (_plate(g), "VEHICLE"),
        ", vin ",
        (_car_vin(g), "VEHICLE"),
        ", stopped at the light at ",
        (_intersection(g), "ADDRESS"),  # a street corner: a place smaller than a state, written as streets are
        " in ",
        (_town(g), "LOCATION"),
        " yesterday, rear-ended ~20 mph. airbags deployed. no loc, no head strike. ambulatory at scene; police report "
        "taken.\nexam: bp 138/86, hr 88, spo2 99%. gcs 15. ",
        exam,
        ".\n\nassessment: ",
        dx,
        ". mvc, initial encounter (V43.52XA).\nplan: ",
        rx,
        "; e-rx to ",
        (_pharmacy(g), "LOCATION"),
        ", ",
        (_phone(g), "PHONE"),
        ". work note: off ",
        (_date(g), "DATE"),
        " through ",
        (_date(g), "DATE"),
        ", faxed to ",
        (employer, "LOCATION"),
        " hr at ",
        (_phone(g), "FAX"),
        ". f/u with pcp dr. ",
        (_last(g), "NAME"),
        " in 1 wk or return sooner; er if numbness or weakness.\nafter-visit summary: ",
        (f"https://{_domain(short)}/avs/{_alnum(g, 10).lower()}", "URL"),
        " (sent to ",
        (_email(g, pt_first, pt_last), "EMAIL"),
        ")\n\n",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", pa-c   supervising: ",
        (f"{_first(g)[0]}. {_last(g)}", "NAME"),
        ", md\nscribe: ",
        (_initials(g).lower(), "NAME"),
        "\n",
    ]


def competency_evaluation(g: Source) -> list[Part]:
    """A court-ordered competency-to-stand-trial evaluation: the county court and the case number (the court's record
    of the person: MRN), judge, prosecutor and defence counsel (NAME), the FBI number (BIOMETRIC), the defendant's
    own car (VEHICLE), a masked SSN, collateral sources, test names and legal doctrines named after people (Dusky,
    Miranda, Tarasoff: not PHI), a year alone (not PHI), the evaluator's licence and the e-filing link."""
    county = _county(g)
    jail = f"{county} {g.r.choice(['Detention Center', 'Jail', 'Correctional Facility'])}"
    hosp, _ = _facility(g, ["Behavioral Health", "Medical Center", "Psychiatric Hospital", "Regional Hospital"])
    restoration = f"{g.r.choice([_town(g), _last(g)])} State Hospital"
    d_first, d_last = _first(g), _last(g)
    mother = _first(g)
    ev_first, ev_last = _first(g), _last(g)
    return [
        "IN THE ",
        g.r.choice(["CIRCUIT", "DISTRICT", "SUPERIOR", "COUNTY"]),
        " COURT OF ",
        (county.upper(), "LOCATION"),
        ", ",
        _state(g),
        "\nSTATE v. ",
        (f"{d_first.upper()} {d_last.upper()}", "NAME"),
        "   Case No. ",
        (f"{g.r.randint(2023, 2026)}-CF-{_digits(g, 6)}", "MRN"),  # the court's record of the defendant
        "   Division ",
        f"{g.r.choice(['B', 'F', '12', 'W'])}\n\nFORENSIC EVALUATION: COMPETENCY TO PROCEED\n\n"
        "Defendant: ",
        (f"{d_last}, {d_first} {_mi(g)}", "NAME"),
        "   DOB: ",
        (_dob(g), "DATE"),
        "   SSN: xxx-xx-",
        (_digits(g, 4), "SSN"),
        "   FBI No.: ",
        (f"{_digits(g, 6)}{_alnum(g, 2, 'ABCDEFHJKLMNPRTVWX')}{_digits(g, 1)}", "BIOMETRIC"),
        "\nOrdered by: the Honorable ",
        (f"{_first(g)} {_mi(g)}. {_last(g)}", "NAME"),
        ", on ",
        (_date(g), "DATE"),
        " (order dated ",
        (_date(g), "DATE"),
        ")\nDefense counsel: ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", Esq., Office of the Public Defender, fax ",
        (_phone(g), "FAX"),
        "\nProsecutor: ADA ",
        (_person(g), "NAME"),
        "\nCharges: burglary of a dwelling; grand theft; driving while license suspended (statute 322.34). Arrested "
        f"in his {g.r.choice(_CARS)}, plate ",
        (_plate(g), "VEHICLE"),
        ", on ",
        (_date(g), "DATE"),
        ".\n\nNotification: Mr. ",
        (d_last, "NAME"),
        " was told the purpose of the evaluation, that it is not confidential and that a report goes to the Court "
        "and both parties (no Tarasoff issue arose). He gave a Miranda-like paraphrase adequately.\n\nSources: "
        "interviews at the ",
        (jail, "LOCATION"),
        " on ",
        (_date(g), "DATE"),
        " and ",
        (_date(g), "DATE"),
        " (2.5 h total, interview room 3); records of ",
        (hosp, "LOCATION"),
        " (admissions 2017 and 2021); telephone interview with his mother, ",
        (f"{mother} {d_last}" if g.r.random() < 0.6 else _person(g), "NAME"),
        ", at ",
        (_phone(g), "PHONE"),
        "; special-education records of ",
        (f"{_town(g)} {g.r.choice(['High School', 'Middle School', 'Academy'])}", "LOCATION"),
        ".\n\nBackground: ",
        _young_age(g, 19, 58),
        " single man, lived with his mother at ",
        *_address(g),
        " before arrest; laid off from ",
        (_employer(g), "LOCATION"),
        " in 2019. Diagnoses per records: schizoaffective disorder, bipolar type (F25.0); cannabis use disorder "
        "(F12.20).\n\nTesting: WAIS-IV FSIQ 81; TOMM trial 2 49/50 (no evidence of feigning); MacCAT-CA "
        "understanding 11/16, reasoning 12/16, appreciation 4/6; ECST-R rational 9 (mild impairment).\n\nOpinion: "
        "under the Dusky v. United States (1960) standard and rule 3.211, the defendant ",
        g.r.choice(["IS competent to proceed", "is NOT competent to proceed; substantial probability of restoration "
                    "within 90 days with treatment"]),
        ". If found incompetent, restoration recommended at ",
        (restoration, "LOCATION"),
        ".\n\nFiled via ",
        (f"https://efile.{g.r.choice(['courts', 'flcourts', 'judiciary'])}.gov/filing/{_digits(g, 9)}", "URL"),
        " on ",
        (_date(g), "DATE"),
        "; copies emailed to ",
        (_email(g, _first(g), _last(g), "pd.org"), "EMAIL"),
        ".\n\n",
        (f"{ev_first} {ev_last}", "NAME"),
        ", PsyD, ABPP (Forensic)   Licensed Psychologist ",
        (f"PY{_digits(g, 5)}", "LICENSE"),
        "\n",
        (f"{ev_first[0]}{ev_last[0]}".lower(), "NAME"),
        "/",
        (_initials(g).lower(), "NAME"),
        "\n",
    ]


_CGMS = [("Dexcom G7", "transmitter"), ("Dexcom G6", "transmitter"), ("FreeStyle Libre 3", "reader"),
         ("Medtronic Guardian 4", "transmitter")]


def podiatry(g: Source) -> list[Part]:
    """A podiatry visit for at-risk diabetic feet with Medicare's therapeutic shoe certification: monofilament,
    vibration and ABI readings, nail and callus care codes and class findings (not PHI), eponymous deformities and
    signs (Semmes-Weinstein, Charcot, Lisfranc, Morton, Tinel: not PHI), a very old patient at an assisted-living
    unit, a CGM's serial, the certifying physician's NPI, the shoe supplier's fax."""
    practice, short = _facility(g, ["Foot & Ankle Center", "Podiatry Associates", "Foot and Ankle Specialists",
                                    "Family Foot Care"])
    alf = f"{g.r.choice([_town(g), _last(g)])} {g.r.choice(['Assisted Living', 'Senior Living', 'Retirement Village'])}"
    kinds = ["Orthotics & Prosthetics", "Pedorthic Lab", "Shoe Fit"]
    supplier = f"{g.r.choice([_town(g), _last(g)])} {g.r.choice(kinds)}"
    pt_first, pt_last = _first(g), _last(g)
    daughter = _first(g)
    cgm, part = g.r.choice(_CGMS)
    age = g.r.randint(90, 101)
    return [
        (practice, "LOCATION"),
        "\nProgress note - routine at-risk foot care\n\nPatient: ",
        (f"{pt_first} {pt_last}", "NAME"),
        "   DOB ",
        (_dob(g, old=True), "DATE"),
        "   Acct ",
        (_account(g), "ACCOUNT"),
        "\nDOS: ",
        (_date(g), "DATE"),
        "   Medicare ",
        (_mbi(g), "HEALTH_PLAN"),
        "   Last routine care: ",
        (_date(g), "DATE"),
        " (61-day rule met)\n\nS: ",
        (pt_first, "NAME"),
        " is a ",
        (g.r.choice([f"{age}-year-old", f"{_age_words(age)}-year-old", f"{age} yo", f"{age} y/o"]), "AGE"),
        f" with type 2 DM (A1c 7.{g.r.randint(0, 9)}%) and PAD, here with daughter ",
        (daughter, "NAME"),
        " from ",
        (alf, "LOCATION"),
        ", ",
        *_address(g),
        ". Thick painful nails, unable to cut them herself. Wears a ",
        cgm,
        f" ({part} serial ",
        (f"{_alnum(g, 2, 'ABCDEFGHJKLMNPRSTVWXYZ')}{_digits(g, 6)}{_alnum(g, 2, 'ABCDEFGHJKLMNPRSTVWXYZ')}",
         "DEVICE"),
        ").\n\nO: DP 1+ / PT non-palpable bilat; CFT 4 s; ABI 0.82 R, 0.76 L (Dr. ",
        (_last(g), "NAME"),
        ", vascular). Semmes-Weinstein 5.07 monofilament: 4/10 sites felt R, 3/10 L; 128 Hz vibration absent at "
        "hallux. Nails 1-5 bilat thickened (4-5 mm), dystrophic, yellow, subungual debris. Hallux valgus L with "
        "bunion; hammertoes 2-3 R; plantar callus sub-2nd MPJ L. No open lesions; no Charcot changes; Lisfranc "
        "joint stable. Tinel sign negative at the tarsal tunnel; no Mulder click (Morton neuroma unlikely).\n\n"
        "A: onychomycosis with pain (B35.1), DM with polyneuropathy (E11.42), PAD (I73.9); class findings Q8.\n"
        "P: debridement of nails x10 (CPT 11721-Q8), paring of 1 lesion (11055). Terbinafine not started (LFTs, ",
        (g.r.choice([f"age {age}", f"aged {age}", f"{age} yrs"]), "AGE"),
        "). Therapeutic shoes and 3 pairs of inserts (A5500, A5513) - certifying statement signed by ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", MD, NPI ",
        (_npi(g), "LICENSE"),
        ", on ",
        (_date(g), "DATE"),
        "; Rx faxed to ",
        (supplier, "LOCATION"),
        " at ",
        (_phone(g), "FAX"),
        ". Daughter's cell ",
        (_phone(g), "PHONE"),
        ". Return in 9 weeks, ",
        (_date(g), "DATE"),
        " (office closed ",
        (_holiday(g), "DATE"),
        ").\n\n",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", DPM, FACFAS   Lic. ",
        (f"PO{_digits(g, 5)}", "LICENSE"),
        "   Scheduled at ",
        (short, "LOCATION"),
        " front desk\nMA: ",
        (_initials(g), "NAME"),
        "\n",
    ]


def lactation_consult(g: Source) -> list[Part]:
    """A hospital lactation consultation: mother and newborn ("Baby Boy <surname>": the words before the surname are
    not PHI), birth weights and the LATCH score, tongue-tie by the Hazelbaker tool and drugs by Hale's categories
    (eponyms, not PHI), a rented hospital-grade pump's model (not PHI) and serial (DEVICE), the DME order's tracking
    link, the paediatrician's fax, the WIC office, a holiday discharge, the IBCLC's lowercase initials."""
    hosp, short = _facility(g, ["Women's Hospital", "Medical Center", "Birth Center", "Regional Hospital"])
    peds = f"{g.r.choice([_town(g), _last(g)])} {g.r.choice(['Pediatrics', 'Pediatric Associates', 'Kids Care'])}"
    dme = f"{g.r.choice([_town(g), _last(g)])} {g.r.choice(['Medical Supply', 'Home Medical', 'Breast Pump Supply'])}"
    mom_first, mom_last = _first(g), _last(g)
    baby_last = g.r.choice([mom_last, _last(g)])
    partner = _first(g)
    return [
        (hosp, "LOCATION"),
        " lactation services - consult note\nmother: ",
        (f"{mom_first} {mom_last}", "NAME"),
        "  mrn ",
        (_mrn(g), "MRN"),
        "  room ",
        f"{g.r.randint(301, 348)}\ninfant: Baby Boy ",
        (baby_last, "NAME"),
        "  mrn ",
        (_mrn(g), "MRN"),
        "  born ",
        (_date(g), "DATE"),
        f" at {_time(g)}, 39w2d, SVD\ncoverage: medicaid ",
        (_medicaid(g), "HEALTH_PLAN"),
        "\n\n",
        _young_age(g, 19, 42),
        " G2P2, first baby breastfed 3 wks. bw 3410 g, today 3180 g (-6.7%), 5 voids / 4 stools in 24 h, "
        "bilirubin 9.2 at 40 h (low-intermediate zone). latch: shallow, clicking, nipple pinched after feeds; "
        "LATCH score 6. tongue-tie: Hazelbaker function 9, appearance 8 -> seen by Dr. ",
        (_last(g), "NAME"),
        " (ent), frenotomy done ",
        (_date(g), "DATE"),
        ". meds: ibuprofen, docusate, prenatal vit - Hale L1-L2, compatible.\n\nplan: deep-latch teaching, "
        "cross-cradle, 24 mm nipple shield prn; pump after feeds 15 min. hospital-grade pump (Medela Symphony) "
        "rental, serial ",
        (f"{_alnum(g, 1, 'ABCDEFGHJK')}{_digits(g, 8)}", "DEVICE"),
        "; personal pump (Spectra S1) ordered from ",
        (dme, "LOCATION"),
        ", tracking ",
        (f"https://track.{_domain(dme)}/order/{_digits(g, 9)}", "URL"),
        ".\npartner ",
        (f"{partner} {mom_last}" if g.r.random() < 0.5 else partner, "NAME"),
        " shown paced bottle feeding. wic referral to the ",
        (_town(g), "LOCATION"),
        " wic office. discharge planned ",
        (_holiday(g), "DATE"),
        "; weight check at ",
        (peds, "LOCATION"),
        " with Dr. ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        " on ",
        (_date(g), "DATE"),
        ", feeding log faxed to ",
        (_phone(g), "FAX"),
        ".\n",
        (short, "LOCATION"),
        " lactation warm line ",
        (_phone(g), "PHONE"),
        "; mom's email ",
        (_email(g, mom_first, mom_last), "EMAIL"),
        " for the outpatient support group.\n\n",
        (f"{_first(g)} {_last(g)}".lower(), "NAME"),
        ", rn, ibclc  ",
        (_initials(g).lower(), "NAME"),
        "\n",
    ]


def plasma_donation(g: Source) -> list[Part]:
    """A source-plasma centre's donor screening and collection record: the donor number (the centre's record of the
    person: MRN), the identity checks (driver's licence: LICENSE; SSN; proof of address), the finger-scan or palm-vein
    template (BIOMETRIC), a table of prior visits with dates beside haematocrit, protein and volumes (not PHI), the
    NDDR check, the machine and its model, bay and lot numbers (not PHI), the donation number (ISBT 128) and the
    compensation card's last four digits (ACCOUNT), the screener's and phlebotomist's names and initials in capitals."""
    centre = f"{g.r.choice([_town(g), _last(g)])} {g.r.choice(['Plasma Center', 'Plasma Donor Center', 'Biologics'])}"
    d_first, d_last = _first(g), _last(g)
    weight = g.r.randint(150, 240)
    rows: list[Part] = []
    for day in _date_series(g, g.r.randint(3, 4)):
        rows += [(day, "DATE"), f" | Hct {g.r.randint(39, 47)}% | TP {g.r.randint(62, 78) / 10} g/dL | "
                                f"{g.r.choice([690, 825, 880])} mL | {g.r.choice(['OK', 'OK', 'slow draw'])}\n"]
    scan = g.r.random() < 0.5
    return [
        (centre, "LOCATION"),
        " - DONOR SCREENING AND COLLECTION RECORD\nDonor #: ",
        (f"{_alnum(g, 2, 'ABCDEFGHJKLMNPRSTVWXYZ')}{_digits(g, 7)}", "MRN"),  # the centre's record of the donor
        "   Visit: ",
        (_date(g), "DATE"),
        f"   Check-in {_time(g)}\nName: ",
        (f"{d_last}, {d_first}" if g.r.random() < 0.6 else _person(g), "NAME"),
        "   DOB: ",
        (_dob(g), "DATE"),
        "   Sex: ",
        g.r.choice(["M", "F"]),
        "\nID verified: driver license ",
        (f"{_alnum(g, 1, 'ABCDEFGHJKLMNPRSTW')}{_digits(g, 3)}-{_digits(g, 4)}-{_digits(g, 4)}", "LICENSE"),
        " (",
        _state(g),
        ", exp ",
        f"{g.r.randint(1, 12)}/{g.r.randint(2027, 2031)})   SSN: ",
        (_ssn(g), "SSN"),
        "\nProof of residence (lease, 90-mile radius): ",
        *_address(g),
        "\nPhone: ",
        (_phone(g), "PHONE"),
        "   Email: ",
        (_email(g, d_first, d_last), "EMAIL"),
        "\nBiometric: ",
        "palm-vein scan, template " if scan else "finger scan, template ",
        (f"{'PV' if scan else 'FP'}-{_alnum(g, 12, '0123456789ABCDEF')}", "BIOMETRIC"),
        " (match on file)\n\nNDDR check: not listed.   Cross-donation check: no donation elsewhere in 48 h.\n"
        f"Vitals: T 98.{g.r.randint(0, 9)} F, BP {g.r.randint(104, 150)}/{g.r.randint(60, 90)}, P "
        f"{g.r.randint(52, 96)}, wt {weight} lb (nomogram: 880 mL).   Arms: no puncture marks, no lesions.\n"
        f"Hct 44%   TP 7.1 g/dL   Questionnaire: no new tattoo/piercing in 4 months; no travel deferral.\n\n"
        "Prior visits (last 4)\nDate      | Hct  | Protein     | Volume | Note\n",
        *rows,
        "\nCollection: Haemonetics NexSys PCS, machine 14, bay C-7; bowl lot ",
        f"{_alnum(g, 2, 'HMNX')}{_digits(g, 6)}, 4% sodium citrate lot {_digits(g, 7)}; start {_time(g)}, "
        f"{g.r.randint(34, 52)} min, 880 mL. No reaction.\nDonation no. (ISBT 128) ",
        (f"W{_digits(g, 4)} {g.r.randint(24, 26)} {_digits(g, 6)}", "ACCOUNT"),
        "   Bottle: FP-880\nPaid $",
        str(g.r.choice([50, 70, 100])),
        " to card ending ",
        (_digits(g, 4), "ACCOUNT"),
        " (",
        g.r.choice(["first-month bonus", "2nd visit this week", "standard"]),
        ")\n\nMedical screener: ",
        (f"{_first(g)} {_last(g)}".upper(), "NAME"),
        ", NREMT-P   Phlebotomist: ",
        (_initials(g).upper(), "NAME"),
        "\nCenter physician (annual physical ",
        (_date(g), "DATE"),
        "): ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", MD   Center fax ",
        (_phone(g), "FAX"),
        "\n",
    ]


_LINQ = [("Medtronic LINQ II", "RTL"), ("Abbott Assert-IQ", "ICM"), ("Boston Scientific LUX-Dx", "LXD")]


def annual_wellness(g: Source) -> list[Part]:
    """A Medicare annual wellness visit for a very old patient: the form's age and an age in words, the health-risk
    assessment done online (IP address and link), screening instruments and their scores (Mini-Cog, PHQ-2, Timed Up
    and Go, STEADI, Snellen: not PHI), vaccines and codes (not PHI), an insertable cardiac monitor's serial, a health
    care proxy and a granddaughter, the senior centre, a year alone (not PHI), the physician's NPI."""
    practice, short = _facility(g, ["Family Medicine", "Primary Care", "Internal Medicine Associates",
                                    "Senior Health Center", "Geriatrics"])
    pt_first, pt_last = _first(g), _last(g)
    grand = _first(g)
    proxy_first, proxy_last = _first(g), _last(g)
    age = g.r.randint(90, 104)
    linq, prefix = g.r.choice(_LINQ)
    return [
        (practice, "LOCATION"),
        "\nMedicare Annual Wellness Visit (subsequent, G0439)\n\nPatient: ",
        (f"{pt_first} {_mi(g)}. {pt_last}", "NAME"),
        "   DOB: ",
        (_dob(g, old=True), "DATE"),
        "   Age: ",
        (str(age), "AGE"),
        "\nMRN: ",
        (_mrn(g), "MRN"),
        "   MBI: ",
        (_mbi(g), "HEALTH_PLAN"),
        "   Visit: ",
        (_date(g), "DATE"),
        "\nAccompanied by granddaughter ",
        (f"{grand} {g.r.choice([pt_last, _last(g)])}", "NAME"),
        ".\nHealth risk assessment completed online ",
        (_date(g), "DATE"),
        " from ",
        (_ipv4(g) if g.r.random() < 0.5 else _ipv6(g), "IP"),
        " (",
        (f"https://portal.{_domain(practice)}/hra/{_alnum(g, 10).lower()}", "URL"),
        ").\n\nPt is ",
        (g.r.choice([_age_words(age), f"{age} years old", f"aged {_age_words(age)}", f"{age} y/o"]), "AGE"),
        ", widowed, lives alone at ",
        *_address(g),
        "; retired from ",
        (_employer(g), "LOCATION"),
        " in 1988. Lunch most days at the ",
        (f"{_town(g)} Senior Center", "LOCATION"),
        ". Stopped driving after ",
        (_holiday(g), "DATE"),
        ".\n\nScreening: Mini-Cog 3/5 (clock abnormal) -> MoCA 22/30; PHQ-2 0; hearing whisper test failed L; "
        "Snellen 20/40 OU with glasses; Timed Up and Go 16 s, STEADI: at risk, one fall in the past year; "
        "urinary incontinence: occasional. ADLs independent, IADLs: needs help with finances.\n"
        "Cardiac: syncope work-up 2024, ",
        linq,
        " insertable monitor, serial ",
        (f"{prefix}{_digits(g, 6)}{_alnum(g, 1, 'GHS')}", "DEVICE"),
        ", transmits nightly; no arrhythmia.\n"
        "Immunizations: Shingrix x2 complete, PCV20 given today (lot ",
        f"{_alnum(g, 2, 'FGHK')}{_digits(g, 4)}), RSV (Arexvy) declined, Td 2019.\n"
        "Screening no longer indicated: colonoscopy, mammography (age > 75, shared decision).\n\n"
        "Advance care planning (99497, 16 min): MOLST on file - DNR/DNI, comfort-focused; health care proxy: ",
        (f"{proxy_first} {proxy_last}", "NAME"),
        " (nephew), ",
        (_phone(g), "PHONE"),
        ", ",
        (_email(g, proxy_first, proxy_last), "EMAIL"),
        ".\nPersonalized prevention plan mailed; referrals: audiology, PT (Otago exercise program), ",
        "neuropsychology.\n\n",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", MD   NPI ",
        (_npi(g), "LICENSE"),
        "\nNext AWV in 12 months at ",
        (short, "LOCATION"),
        ".\nCare manager: ",
        (f"{_first(g)[0]}. {_last(g)}", "NAME"),
        ", RN, CCM   fax ",
        (_phone(g), "FAX"),
        "\n",
    ]


_PENDANTS = ["Lifeline HomeSafe with AutoAlert", "MobileHelp Duo", "Medical Guardian Mini Guardian", "Bay Alarm SOS"]


def home_safety_ot(g: Source) -> list[Part]:
    """An occupational therapist's home safety evaluation: the home's address with its lot or unit and the directions
    to it, the landlord (a NAME), measurements, equipment models (not PHI) and assessment tools named after people
    (Berg, Allen, Katz, Lawton: not PHI), a medical-alert pendant's serial (DEVICE), the patient's own car (plate,
    VEHICLE) and the driver rehabilitation referral, a very old patient, the OT's licence, written in lowercase too."""
    agency, short = _facility(g, ["Home Health", "Outpatient Rehab - Home Safety", "Aging in Place Services",
                                  "Visiting Nurse Association"])
    hosp, _ = _facility(g, ["Rehabilitation Hospital", "Medical Center", "Regional Hospital"])
    pt_first, pt_last = _first(g), _last(g)
    son_first = _first(g)
    age = g.r.randint(88, 100)
    age_part: Part = (g.r.choice([f"{age} y/o", f"{age}-year-old", f"{_age_words(age)}-year-old"]), "AGE") \
        if age >= 90 else f"{age} y/o"  # 88 and 89 carry no span
    ot_first, ot_last = _first(g), _last(g)
    return [
        (agency, "LOCATION"),
        "\nOT Home Safety Evaluation\n\nClient: ",
        (f"{pt_first} {pt_last}", "NAME"),
        "   DOB: ",
        (_dob(g, old=age >= 90), "DATE"),
        "   MRN: ",
        (_mrn(g), "MRN"),
        "\nVisit: ",
        (_date(g), "DATE"),
        f" {_time(g)}, 75 min   Referred by: Dr. ",
        (_last(g), "NAME"),
        " after a fall on ",
        (_date(g), "DATE"),
        " (admitted to ",
        (hosp, "LOCATION"),
        ")\nHome: ",
        *_address(g),
        "\nDirections: ",
        g.r.choice(["gravel drive, blue single-wide, 2nd on left", "side door, code on lockbox",
                    "2nd floor walk-up, no elevator"]),
        ". Landlord ",
        (_person(g), "NAME"),
        " (",
        (_phone(g), "PHONE"),
        ") agreed to install rails.\n\nClient is a ",
        age_part,
        " ",
        g.r.choice(["widow", "widower", "retired farmer", "retired teacher"]),
        ", lives with son ",
        (son_first, "NAME"),
        " who works nights. Berg Balance 38/56; TUG 19 s with rollator; Allen Cognitive Level 4.6; Katz ADL 5/6 "
        "(bathing); Lawton IADL 4/8.\n\nFindings: entry 3 steps, no rails (install bilateral rails 34-38 in); "
        "throw rugs x4 (remove); bathroom: tub/shower combo 17 in tub wall -> tub transfer bench (Drive Medical "
        "12011KD-1), hand-held shower, 2 grab bars (24 in + 18 in, into studs); toilet 15 in -> raised seat with "
        "arms; bedroom: night lights, bed height 22 in OK; kitchen: heavy pots moved to counter height.\n"
        "Medical alert: ",
        g.r.choice(_PENDANTS),
        " pendant, serial ",
        (f"{_alnum(g, 2, 'ABCDEFGHJKLMNPRSTVWXYZ')}{_digits(g, 7)}", "DEVICE"),
        ", tested to monitoring center, fall detection on.\nDriving: still drives a ",
        g.r.choice(["2008 Buick LeSabre", "2011 Toyota Corolla", "2006 Mercury Grand Marquis", "2013 Ford Escape"]),
        ", plate ",
        (_plate(g), "VEHICLE"),
        ", to church and the pharmacy; son concerned -> referral to the driver rehabilitation program at ",
        (hosp, "LOCATION"),
        " (clinical + on-road eval, CDRS).\n\nPlan: home exercise program, energy conservation; recommendations "
        "and photos sent to son at ",
        (_email(g, son_first, pt_last), "EMAIL"),
        ", cell ",
        (_phone(g), "PHONE"),
        "; follow-up visit ",
        (_date(g), "DATE"),
        ".\n\n",
        (f"{ot_first} {ot_last}", "NAME"),
        ", OTR/L, CAPS   license ",
        (f"OT{_digits(g, 6)}", "LICENSE"),
        "   ",
        (short, "LOCATION"),
        " fax ",
        (_phone(g), "FAX"),
        "\n",
    ]


_ORIGINS = [("Democratic Republic of the Congo", "Swahili"), ("Afghanistan", "Dari"), ("Burma", "Karen"),
            ("Ukraine", "Ukrainian"), ("Syria", "Arabic"), ("Guatemala", "K'iche'"), ("Eritrea", "Tigrinya")]


def refugee_health(g: Source) -> list[Part]:
    """A refugee domestic medical screening: the A-number (LICENSE), an assigned birth date (DATE), the country of
    origin and language (not PHI), the resettlement agency and its caseworker, the household (names, ages under 90),
    the overseas forms and TB class (DS-2054, B1: not PHI), labs and presumptive treatment (not PHI), the new SSN,
    the interpreter's name, the apartment with its unit, a Medicaid number, vaccines and lots (not PHI)."""
    clinic, short = _facility(g, ["Refugee Health Clinic", "International Health Center", "Community Health Center",
                                  "New Americans Clinic"])
    agency = g.r.choice([f"Catholic Charities of {_county(g)}", f"{_town(g)} Refugee Resettlement",
                         f"{_town(g)} International Rescue Office", f"{_last(g)} Immigrant Services"])
    country, language = g.r.choice(_ORIGINS)
    pt_first, pt_last = _first(g), _last(g)
    spouse, child1, child2 = _first(g), _first(g), _first(g)
    year = g.r.randint(1968, 1998)
    dob = g.r.choice([f"1/1/{year}", f"01/01/{year}", f"{year}-01-01", f"Jan 1, {year}"]) if g.r.random() < 0.5 \
        else _dob(g)
    cw_first, cw_last = _first(g), _last(g)
    return [
        (clinic, "LOCATION"),
        "\nREFUGEE DOMESTIC MEDICAL SCREENING\n\nName: ",
        (f"{pt_last.upper()}, {pt_first}", "NAME"),
        "   DOB: ",
        (dob, "DATE"),
        "   A#: ",
        (f"A{_digits(g, 3)}-{_digits(g, 3)}-{_digits(g, 3)}" if g.r.random() < 0.5 else f"{_digits(g, 9)}",
         "LICENSE"),  # the alien registration number
        "\nArrival in US: ",
        (_date(g, 2024, 2026), "DATE"),
        f"   Country of origin: {country}   Language: {language} (interpreter: ",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", by phone)\nMRN: ",
        (_mrn(g), "MRN"),
        "   Medicaid (RMA): ",
        (_medicaid(g), "HEALTH_PLAN"),
        "   SSN: ",
        (_ssn(g), "SSN"),
        "\nAddress: ",
        *_address(g),
        "\nResettlement agency: ",
        (agency, "LOCATION"),
        "; caseworker ",
        (f"{cw_first} {cw_last}", "NAME"),
        ", ",
        (_phone(g), "PHONE"),
        ", ",
        (_email(g, cw_first, cw_last, _domain(agency)), "EMAIL"),
        "\nHousehold: spouse ",
        (spouse, "NAME"),
        f" (age {g.r.randint(22, 50)}), son ",
        (child1, "NAME"),
        f" (age {g.r.randint(2, 14)}), daughter ",
        (child2, "NAME"),
        f" (age {g.r.randint(1, 12)}) - each seen separately.\n\n"
        "Overseas exam (DS-2054): TB Class B1, pulmonary - CXR abnormal, sputum smears and cultures negative x3. "
        "Presumptive treatment pre-departure: albendazole 400 mg, ivermectin (Loa loa excluded), praziquantel. "
        "Vaccines on DS-3025: MMR, Tdap, IPV.\n\nToday: QuantiFERON-TB Gold Plus positive -> CXR: stable RUL "
        "granuloma; LTBI, start rifampin 600 mg daily x4 months. Strongyloides IgG negative; Schistosoma Ab "
        "negative; HBsAg negative, anti-HBs negative -> HepB series; HIV negative; syphilis RPR negative. CBC: "
        "eos 6% (420). Hgb 12.8. Lead (children) pending. Vision 20/25 OU. Dental referral.\nVaccines today: "
        "HepB #1 (lot ",
        f"{_alnum(g, 2, 'ABHK')}{_digits(g, 5)}), Tdap (lot {_alnum(g, 2, 'CUTJ')}{_digits(g, 4)}), influenza; "
        "Form I-693 civil surgeon signature not done here.\nMental health: RHS-15 score 9 (negative).\n\n"
        "Follow-up at ",
        (short, "LOCATION"),
        " on ",
        (_date(g), "DATE"),
        "; closed ",
        (_holiday(g), "DATE"),
        ". Results faxed to agency: ",
        (_phone(g), "FAX"),
        ".\n\n",
        (f"{_first(g)} {_last(g)}".upper(), "NAME"),
        ", MD, MPH   ",
        (_date(g), "DATE"),
        "\nRN: ",
        (_initials(g), "NAME"),
        "\n",
    ]


def concussion_clinic(g: Source) -> list[Part]:
    """A sports concussion clinic follow-up for a high school or college athlete: the injury at a game (the school,
    the opposing town), the athletic trainer's email, computerised testing against baseline (the report's link and the
    test's IP address), symptom scales and tests named after people and places (SCAT6, King-Devick, BESS, VOMS,
    Buffalo, Amsterdam consensus, the Lystedt law: not PHI), the school's counsellor and fax for accommodations, the
    parent, the physician's NPI."""
    clinic, short = _facility(g, ["Sports Medicine", "Sports Medicine & Concussion Clinic", "Orthopedics & Sports "
                                  "Medicine", "Concussion Center"])
    school = f"{g.r.choice([_town(g), _last(g)])} {g.r.choice(['High School', 'Academy', 'Community College'])}"
    pt_first, pt_last = _first(g), _last(g)
    parent_first = _first(g)
    at_first, at_last = _first(g), _last(g)
    sport = g.r.choice(["football (linebacker)", "girls' soccer (goalkeeper)", "ice hockey (defense)",
                        "wrestling (152 lb)", "lacrosse (attack)"])
    return [
        (clinic, "LOCATION"),
        "\nConcussion follow-up visit\n\nPatient: ",
        (f"{pt_first} {pt_last}", "NAME"),
        "   DOB: ",
        (_date(g, 2005, 2011), "DATE"),
        "   MRN: ",
        (_mrn(g), "MRN"),
        "   Enc: ",
        (_account(g), "ACCOUNT"),
        "\nVisit: ",
        (_date(g), "DATE"),
        "   Insurance: ",
        g.r.choice(["Anthem", "Kaiser", "Tricare Prime", "Medicaid managed care"]),
        " ID ",
        (_member_id(g), "HEALTH_PLAN"),
        "\nWith mother ",
        (f"{parent_first} {pt_last}" if g.r.random() < 0.6 else _person(g), "NAME"),
        " (cell ",
        (_phone(g), "PHONE"),
        ").\n\nHPI: ",
        _young_age(g, 14, 20),
        f" {sport} at ",
        (school, "LOCATION"),
        ", injured ",
        (_date(g), "DATE"),
        " in the game at ",
        (_town(g), "LOCATION"),
        ": helmet-to-helmet / head to turf, no LOC, brief amnesia, headache and photophobia. Removed from play by "
        "the athletic trainer ",
        (f"{at_first} {at_last}", "NAME"),
        ", ATC (",
        (_email(g, at_first, at_last, _domain(school)), "EMAIL"),
        ") per state law (the Lystedt law). Day ",
        str(g.r.randint(6, 14)),
        " post-injury.\n\nTesting: SCAT6 symptoms 7/22, severity 12/132 (initial 18/22, 61/132). ImPACT post-injury "
        "#2 taken ",
        (_date(g), "DATE"),
        " from ",
        (_ipv4(g) if g.r.random() < 0.5 else _ipv6(g), "IP"),
        ": verbal memory 78 (baseline 85), visual memory 70 (74), visual motor speed 36.4 (38.1), reaction time 0.64 "
        "(0.59); report ",
        (f"https://reports.{_domain(short)}/impact/{_digits(g, 8)}", "URL"),
        ". King-Devick 49.8 s (baseline 44.1). BESS 12 errors. VOMS: convergence 8 cm, provokes headache 3/10. Buffalo "
        "Concussion Treadmill Test: symptom-limited at HR 158.\n\nA/P: concussion without LOC (S06.0X0A), improving. "
        "Return to learn: half days, extra time, no screens > 20 min; letter faxed to the counselor ",
        (f"{_first(g)[0]}. {_last(g)}", "NAME"),
        " at ",
        (_phone(g), "FAX"),
        ". Return to sport: stepwise per the Amsterdam 2022 consensus, not before symptom-free and ImPACT back to "
        "baseline; no contact through ",
        (_holiday(g), "DATE"),
        ". Recheck ",
        (_date(g), "DATE"),
        ".\n\n",
        (f"{_first(g)} {_last(g)}", "NAME"),
        ", DO, CAQSM   NPI ",
        (_npi(g), "LICENSE"),
        "\nScribe: ",
        (_initials(g), "NAME"),
        "\n",
    ]


_MIXED = ("mixed",)
_FORMS = ("mixed", "caps")  # forms and screening records are often printed in capitals
_NOTES = ("mixed", "mixed", "lower", "caps")  # notes typed in a hurry come in every case
# name -> (template, the letter cases it is rendered in); ``corpus.TEMPLATES`` registers them as part "test"
V7_BUILDERS: dict[str, tuple[Callable[[Source], list[Part]], tuple[str, ...]]] = {
    "cardiac-rehab": (cardiac_rehab, _MIXED),
    "urgent-care": (urgent_care, _NOTES),
    "competency-evaluation": (competency_evaluation, ("mixed", "mixed", "caps")),
    "podiatry": (podiatry, ("mixed", "mixed", "caps")),
    "lactation-consult": (lactation_consult, ("mixed", "mixed", "lower")),
    "plasma-donation": (plasma_donation, _FORMS),
    "annual-wellness": (annual_wellness, _MIXED),
    "home-safety-ot": (home_safety_ot, ("mixed", "mixed", "lower")),
    "refugee-health": (refugee_health, _FORMS),
    "concussion-clinic": (concussion_clinic, ("mixed", "mixed", "lower")),
}
