"""The tenth test part of the synthetic PHI corpus (issue 11): ten templates written without reading the engine.

Written on 7 December 2026 by a helper (branch ``v10``) who had not read the engine (``src/phigate/phi``), its
documentation or the benchmark and its output, and who never ran the engine on this part, from general knowledge of
how US interpreter agencies, VA examiners, disaster shelters, hyperbaric units, cruise ships' medical centres, race
medical teams, search-and-rescue teams, privacy offices, specialty pharmacies and aesthetic clinics write, never from
real notes: a medical interpreter agency's encounter log, a VA compensation and pension (disability) examination, a
disaster shelter's health services intake, a hyperbaric oxygen therapy treatment log, a cruise ship medical centre
record, a marathon medical tent log, a wilderness search-and-rescue patient report, a privacy office's answer to a
request to amend a record (45 CFR 164.526), a specialty pharmacy's onboarding call and cold-chain delivery manifest,
and an aesthetic clinic's neurotoxin treatment record. None of these settings is used by an earlier template (the
template names and docstrings of ``corpus.py`` and of the fourth to ninth parts were checked). Nobody tunes on them.

Forms vary: a table of timed sessions (the interpreter log), a dictated examination in paragraphs, a shelter form
with boxes (often in capitals), a table of dives, a ship's record, a timestamped tent log in lowercase, an incident
report with coordinates, a letter, a call note followed by a manifest, and a treatment form with a consent footer.

The annotation conventions are those of ``corpus_v9`` and ``corpus_v7`` (see their docstrings): a title and a
credential sit outside the NAME span; a state stays outside every span while town, street line and ZIP are LOCATION,
ADDRESS and ZIP; facilities, agencies, counties, schools, employers, pharmacies and clinics are LOCATION; countries
carry no span; an age over 89 is the AGE span (the value, or "N years old" in running text, the value alone in a
form's field); ages under 90 carry no span; a unit is part of the street line; ZIP+4 is one ZIP; a masked SSN's last
four digits are SSN; NPI, DEA, state licences, driver's licences and passports are LICENSE; a device's serial is
DEVICE and its model is not; the plate and VIN of the person's own vehicle are VEHICLE; a case number an agency keeps
for the person (a court, a poison centre, a sheriff's search) is MRN; every person named is a NAME; a year alone
carries no span. Where no earlier part shows the case, the HIPAA Safe Harbor list decides:

- an interpreter's national certification number is a certificate number (LICENSE); an interpreter's first name and
  badge-style initials are NAME like any other staff member's;
- a VA claim file (C-file) number is the VA's record of the veteran (MRN); a DoD ID number printed on the military ID
  card is a number on a certificate the person carries (LICENSE, as a passport is); dates of service are DATEs;
- a FEMA registration number is the agency's number for the person's application for aid (ACCOUNT, as the ninth
  part's insurance application number); a shelter's cot number, like a room number, identifies no one, and a disaster
  declaration number (FEMA-4785-DR) identifies a disaster, not a person: no span;
- a cruise ship where the care is given is a facility (LOCATION); its IMO number belongs to the operator, not the
  guest (no span, like a USDOT number); the guest's folio (shipboard account) is ACCOUNT; a cabin or deck number,
  like a room, carries no span; a facial recognition boarding template is BIOMETRIC;
- a race bib number is the event's unique number for the runner (ACCOUNT: "any other unique number") and the timing
  chip the runner wears is the runner's device while worn (DEVICE); in a race named for its town ("Galquorby Half
  Marathon") the town is LOCATION and the words after it are not;
- GPS coordinates of where a person was found are a geocode as precise as a street address (ADDRESS: Safe Harbor
  names "equivalent geocodes" among the subdivisions smaller than a state); a named trailhead is LOCATION; a personal
  locator beacon's unique identifier is DEVICE; a rescue helicopter's tail number belongs to the agency (no span);
- a request-to-amend tracking number is the privacy office's number for the person's request (ACCOUNT);
- a prescription (Rx) number is the pharmacy's record of the person's treatment (MRN); a parcel tracking number of a
  shipment to the person's home is ACCOUNT; a drug lot's expiry date ("exp 08/2027") is not a date of the person and
  carries no span; a shipping box's temperature logger identifies no one (no span);
- a full-face photograph's id in an aesthetic clinic's 3D imaging system is BIOMETRIC (Safe Harbor lists full-face
  photographs beside biometric identifiers; this corpus has no photograph category), while the link to the photo set
  is URL; a beauty-brand loyalty member number and a card's last four digits are ACCOUNT;
- a caller's voice print used by an interpreter line to verify the caller is BIOMETRIC.

Numbers and words that identify no one are not PHI and carry no span: ages under 90, vital signs, doses, lab values,
scores, CPT, HCPCS and ICD-10 codes, regulation sections (45 CFR 164.526, 38 CFR 4.85), form numbers (VA Form
21-0960, ICS 214), disaster declaration and IMO numbers, tail numbers, cot, deck, cabin and chamber numbers, lot
numbers and their expiry dates, model names, and eponyms (Wong-Baker, Glasgow, Maryland CNC, Wagner, Marx, Boyle,
Lake Louise, Swiss staging, Fitzpatrick, Glogau, Merz, Hodgkin, Crohn).

This module imports nothing from ``corpus.py`` (which imports it). It draws with ``corpus_v9``'s helpers (shared in
``late_draws``) and this part's own words.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.vectors.phi import late_draws
from tests.vectors.phi.check_digits import Part, Source, dea, npi

# The part's own words, invented for it: in no data file of the engine and no other list of the generator (both
# checked by a test). Templates mix them with ordinary names and towns from the shared lists, as real notes do.
V10_FIRST = ["Ambrevette", "Belquorine", "Cassivrone", "Delphuxine", "Emvorelle", "Feryquinne", "Glavonette",
             "Hestrivelle", "Isquorina", "Jolvrekka", "Kestravine", "Lumquarine", "Marvexine", "Nevrothea",
             "Olquivenne", "Pyrrhavette", "Quillvora", "Rosquentha", "Selvravine", "Tavrquelle", "Ulvremina",
             "Vesprquine", "Wynthrovel", "Xavrenna", "Yolquavine", "Zephrivelle", "Arvothel", "Bexquorin",
             "Calvrenzo", "Dovrquest", "Ephravold", "Gulvrexo", "Harvquinto", "Ivorquell", "Jasvrendo", "Kolvrathe",
             "Lusquervin", "Movrenthal", "Norvquillo", "Ostrevaldo"]
V10_LAST = ["Ambervrook", "Balquistrom", "Corvexhall", "Dunquarvel", "Elvrothmere", "Farquevany", "Galvrisham",
            "Hollquenvar", "Jorvquellin", "Kestermarvo", "Lindquevrox", "Morvathwick", "Nethquarvel", "Oxvrendale",
            "Pelquorvish", "Quarvelstone", "Rothvenquay", "Silvquarron", "Tervexholm", "Ulvquarden", "Varnquiston",
            "Wolvquester", "Yarvenquist", "Zolvrathorn", "Adesanvrola", "Okwuquemeka", "Nakavrashi", "Tsuquorawa",
            "Villavrenzo", "Quintanavrol", "Przevquarski", "Dabrovquelt", "Hovsepvrian", "Papadquorlis",
            "Lindqvrenst", "Fitzvrolan", "Kovrachenko", "Menquorvaldez", "Raghuvrendan", "Subravquelan",
            "Castelvrenza", "Echequorvarria", "Oyevrandi", "Mwanquorva"]
V10_TOWNS = ["Belquorton", "Corvrendle", "Dunvrexby", "Elquaston", "Farvrethwick", "Galquorby", "Holvrenmoor",
             "Isquarrowden", "Jolvrethby", "Kesquarvel", "Lumvrendon", "Morvquell Springs", "Nethvrayne Crossing",
             "West Olquarvel", "South Pelvrenby", "New Quarvrendle", "Fort Rothquarvel", "Mount Silvrequay",
             "Point Tervquellin", "Cape Ulvrendor", "Old Varquessby", "Wolvrenquay", "Yarquelston", "Zolvrethby",
             "Brasquorvel", "Ambrevquay"]
V10_STREETS = ["Alderquavrel", "Birchvrenna", "Cedarquorvel", "Dahliavrenth", "Elmquarvis", "Ferngrovrel",
               "Goldenquorv", "Hawthvrenny", "Ivyquarvel", "Jasminevrol", "Larchquorven", "Maplevrenth",
               "Nutmegquorv", "Orchidvrenn", "Pinequarvel", "Quailvrenth", "Rowanquorvel", "Sprucevrenn",
               "Tamarvrequay", "Willowquorv"]
V10_VOCABULARY = (*V10_FIRST, *V10_LAST, *V10_TOWNS, *V10_STREETS)
# the generic words of some towns' names, shared with real place names ("Springs", "Fort", "Mount")
V10_GENERIC = ("springs", "crossing", "west", "south", "new", "fort", "mount", "point", "cape", "old")

_V = late_draws.Vocabulary(V10_FIRST, V10_LAST, V10_TOWNS, V10_STREETS)
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
_HOLIDAYS = late_draws.HOLIDAYS


def _aged(g: Source) -> tuple[str, str]:
    """An age over 89 in digits and a birth date that fits it in 2026 (before or after the birthday)."""
    n = g.r.randint(90, 104)
    year = 2026 - n - g.r.randint(0, 1)
    return str(n), _date(g, year, year)


# ---- the templates ----------------------------------------------------------------------------------------------

def _holiday_or_date(g: Source) -> str:
    return g.r.choice(_HOLIDAYS) if g.r.random() < 0.5 else _date(g)


def _mrn(g: Source) -> str:
    return g.r.choice([_num(g, 8), f"{_chars(g, 2, 'ABCDEFGHJK')}{_num(g, 7)}", f"E{_num(g, 9)}", _num(g, 7)])


def interpreter_log(g: Source) -> list[Part]:
    """A medical interpreter agency's encounter log, a table of timed sessions (on-site, video, phone), with the
    interpreter's certification number, a caller verified by voice print and a deaf patient's implant processor."""
    rows: list[Part] = []
    for _ in range(g.r.randint(3, 5)):
        start = g.r.randint(7, 17)
        rows += [(_date(g, 2026, 2026), "DATE"), f" | {start:02d}:{g.r.randint(0, 59):02d} | {start + 1:02d}:"
                 f"{g.r.randint(0, 59):02d} | ", g.r.choice(["VRI", "OPI", "on-site"]), " | ", (_inits(g), "NAME"),
                 " | ", (_mrn(g), "MRN"), " | Dr. ", (_last(g), "NAME"), " | ",
                 g.r.choice(["consent for EGD, teach-back done", "Wong-Baker FACES 6", "discharge meds reviewed",
                             "Glasgow 15, family present", "HCPCS T1013 x4 units"]), "\n"]
    return [
        "LANGUAGE ACCESS ENCOUNTER LOG\nAgency: ",
        (_facility(g, ["Language Partners", "Interpreting Services", "Language Access"]), "LOCATION"),
        "   Interpreter: ", (_name(g), "NAME"), " (CCHI cert ", (f"CHI-{_num(g, 5)}", "LICENSE"),
        ")   Language: ", g.r.choice(["Haitian Creole", "ASL", "Somali", "Vietnamese", "K'iche'"]),
        "\nDate | Start | End | Mode | Pt | MRN | Provider | Note\n", *rows,
        "Callback for the ", (_date(g), "DATE"), " visit: ", (_name(g), "NAME"), " at ", (_phone(g), "PHONE"),
        "; caller verified by voice print ", (f"VP{_num(g, 9)}", "BIOMETRIC"), ". Patient's mother (age ",
        (_old(g, False), "AGE"), ") present; grandson, 16, was not used to interpret.\nDeaf patient's cochlear ",
        "processor (Nucleus 8, not PHI) serial ", (_chars(g, 10), "DEVICE"), "; VRI session from ", (_ip(g), "IP"),
        "\nBilled to plan member ", (_plan(g), "HEALTH_PLAN"), ", invoice account ", (f"LA-{_num(g, 6)}", "ACCOUNT"),
        "\n",
    ]


def va_disability_exam(g: Source) -> list[Part]:
    """A VA compensation and pension examination (a disability benefits questionnaire), dictated by a contract
    examiner: claim file number, DoD ID, dates of service, hearing figures and eponymous word lists (not PHI)."""
    f, s = _first(g), _last(g)
    age, born = _aged(g)
    return [
        (_facility(g, ["Veterans Evaluation Services", "Medical Evaluations", "C&P Clinic"]), "LOCATION"),
        "\nDISABILITY BENEFITS QUESTIONNAIRE - HEARING LOSS AND TINNITUS (VA Form 21-0960N-2)\n\nVeteran: ",
        (_name(g, f, s), "NAME"), "   C-file ", (f"{_num(g, 8)}", "MRN"), "   SSN (last 4) ", (_ssn4(g), "SSN"),
        "\nDoD ID ", (_num(g, 10), "LICENSE"), "   DOB ", (born, "DATE"), "   TRICARE For Life ",
        (_plan(g), "HEALTH_PLAN"), "\nAddress: ", *_addr(g), "   Phone ", (_phone(g), "PHONE"),
        "\n\nThe veteran, who is ", (f"{age} years old", "AGE"), ", served in the Army from ",
        (_date(g, 1951, 1953), "DATE"), " to ", (_date(g, 1954, 1956), "DATE"),
        " as an artilleryman; he was 19 at discharge. He reports tinnitus since 1953. Maryland CNC word recognition ",
        "84% right, 80% left; puretone average 58 dB. Per 38 CFR 4.85, Table VI applies. He wears a hearing aid, "
        "serial ",
        (_chars(g, 9), "DEVICE"), " (Oticon More 1, not PHI). His daughter, ", (_name(g, None, s), "NAME"),
        ", drove him from ", (_town(g), "LOCATION"), ".\n\nExaminer: ", (_name(g), "NAME"), ", AuD, CCC-A  NPI ",
        (npi(g.r), "LICENSE"), "\nSigned ", (_date(g), "DATE"), "; fax to the regional office ", (_phone(g), "FAX"),
        "\n",
    ]


def shelter_intake(g: Source) -> list[Part]:
    """A disaster shelter's health services intake form with boxes: the client's pre-disaster address, the FEMA
    registration, lost medicines, a home oxygen concentrator, the car in the lot and the household table."""
    f, s = _first(g), _last(g)
    age, born = _aged(g)
    members: list[Part] = []
    for _ in range(g.r.randint(2, 3)):
        members += [(_name(g, None, s), "NAME"), " | ", (_dob(g), "DATE"), " | ",
                    g.r.choice(["none", "asthma", "insulin", "walker"]), "\n"]
    return [
        "SHELTER HEALTH SERVICES INTAKE (ICS 214 attached)   Disaster FEMA-4785-DR\nShelter: ",
        (_facility(g, ["High School Gym", "Civic Center", "Church Hall", "Community College"]), "LOCATION"),
        "   Cot 114\nClient: ", (_name(g, f, s), "NAME"), "   DOB: ", (born, "DATE"), "   Age: ",
        (age, "AGE"), "\nPre-disaster address: ", *_addr(g), "\nCell: ", (_phone(g), "PHONE"),
        "   SSN: ", (_ssn(g), "SSN"), "\nFEMA registration #: ", (_num(g, 9), "ACCOUNT"), "   Medicaid ID: ",
        (_plan(g), "HEALTH_PLAN"), "\nArrived: ", (_holiday_or_date(g), "DATE"), " ", _when(g),
        "\nMeds lost: metformin 500 mg, lisinopril 10 mg. Glucose 212. Home O2 concentrator serial ",
        (_chars(g, 11), "DEVICE"), " (Inogen One G5)\nVehicle in lot: plate ", (_plate(g), "VEHICLE"),
        "\nHousehold:\nName | DOB | Needs\n", *members, "Primary doctor: Dr. ", (_name(g), "NAME"), " ",
        (_phone(g), "PHONE"), "\nIntake nurse: ", (_name(g), "NAME"), ", RN\n",
    ]


def hyperbaric_log(g: Source) -> list[Part]:
    """A hyperbaric oxygen therapy unit's treatment log: a table of dives (chamber, pressure, minutes: not PHI) with
    technicians' initials, the pacemaker cleared for pressure, the referring fax."""
    age, born = _aged(g)
    rows: list[Part] = []
    for i in range(g.r.randint(3, 5)):
        rows += [f"{i + 1} | ", (_date(g, 2026, 2026), "DATE"), f" | chamber {g.r.randint(1, 4)} | 2.4 ATA | 90 min"
                 " | ", g.r.choice(["air breaks x2", "ear pain, slowed descent", "TcPO2 38 mmHg", "no events"]),
                 " | ", (_inits(g), "NAME"), "\n"]
    return [
        "HYPERBARIC MEDICINE - TREATMENT LOG\n",
        (_facility(g, ["Wound & Hyperbaric Center", "Hyperbaric Medicine", "Regional Medical Center"]), "LOCATION"),
        "\nPatient: ", (_name(g), "NAME"), "   MRN: ", (_mrn(g), "MRN"), "   DOB: ", (born, "DATE"),
        "   Age: ", (age, "AGE"),
        "\nIndication: Wagner grade 3 diabetic foot ulcer; prior radiation cystitis (Marx protocol 30/10).\n",
        "Pacemaker serial ", (_chars(g, 10), "DEVICE"), " cleared to 3.0 ATA by manufacturer (Boyle's law reviewed).\n",
        "Dive | Date | Chamber | Pressure | Time | Events | Tech\n", *rows,
        "Referred by Dr. ", (_name(g), "NAME"), ", fax ", (_phone(g), "FAX"), ". Supervising physician: ",
        (_name(g), "NAME"), ", MD, license ", (f"{_chars(g, 2, 'ABCDEFGHMNPRTW')}{_num(g, 6)}", "LICENSE"),
        "\nInsurance: ", (_plan(g), "HEALTH_PLAN"), "; prior auth approved ", (_date(g), "DATE"), "\n",
    ]


def cruise_infirmary(g: Source) -> list[Part]:
    """A cruise ship medical centre's record: the ship (the facility), the guest's folio, passport and boarding face
    template, the cabin and deck (not PHI), the port where the guest goes ashore to hospital."""
    f, s = _first(g), _last(g)
    word = g.r.choice([*V10_FIRST, "Aurora", "Serenade"])
    ship = g.r.choice([f"{word} of the Seas", f"{word} Princess", f"{word} Voyager"])
    return [
        (ship, "LOCATION"), " (IMO 9383936) - MEDICAL CENTRE RECORD\nGuest: ", (_name(g, f, s), "NAME"),
        "   Cabin 9114, Deck 9   Folio ", (f"{_num(g, 4)}-{_num(g, 6)}", "ACCOUNT"), "\nDOB ", (_dob(g), "DATE"),
        "   Passport ", (f"{_chars(g, 1, 'ACEFGHJKLMNPRSTUVWXY')}{_num(g, 8)}", "LICENSE"),
        " (Canada)   Boarding face ID ", (f"FR-{_chars(g, 12, '0123456789abcdef')}", "BIOMETRIC"),
        "\nHome: ", *_addr(g), "\nEmail ", (_email(g, f, s), "EMAIL"), "   Travel companion: ",
        (_name(g), "NAME"), ", her husband, age ", (_old(g, True), "AGE"), "\n\nSeen ",
        (_date(g), "DATE"), " ", _when(g), " for vomiting x6 since dinner; norovirus suspected, isolated per ",
        "protocol. Ondansetron 4 mg ODT, scopolamine patch removed. Orthostatic.\nDisembarked at ",
        (_town(g), "LOCATION"), " to ", (_facility(g, ["General Hospital", "Medical Center"]), "LOCATION"),
        " for IV fluids. Ship's physician: Dr. ", (_name(g), "NAME"), ". Shore agent phone ",
        (_phone(g), "PHONE"), "\nBilled to folio; insurer member ", (_plan(g), "HEALTH_PLAN"), "\n",
    ]


def race_medical_tent(g: Source) -> list[Part]:
    """A marathon or holiday road race's medical tent log, timestamped and typed fast: bib numbers, timing chips,
    sodium and temperatures (not PHI), transports, the results page."""
    rows: list[Part] = []
    for _ in range(g.r.randint(3, 5)):
        rows += [_when(g), " bib ", (str(g.r.randint(100, 39999)), "ACCOUNT"), " ", (_name(g), "NAME"), " ",
                 g.r.choice(["34", "28", "51", "45", "62"]), g.r.choice(["F", "M"]), " ",
                 g.r.choice(["cramps mile 22, po fluids", "EAH, Na 128, transported", "rectal temp 41.2 C, ice tub",
                             "blisters", "syncope at finish, orthostatic"]), " - ", (_inits(g), "NAME"), "\n"]
    return [
        (_town(g), "LOCATION"), f" {g.r.choice(['Marathon', 'Turkey Trot', 'Half Marathon'])} medical tent B, ",
        (_holiday_or_date(g), "DATE"), "\nmedical director: dr. ", (_name(g), "NAME"), "  radio ch 4  cell ",
        (_phone(g), "PHONE"), "\n", *rows,
        "transport: bib ", (str(g.r.randint(100, 39999)), "ACCOUNT"), " to ",
        (_facility(g, ["Medical Center", "Memorial Hospital"]), "LOCATION"), ", chip ", (f"{_chars(g, 7)}", "DEVICE"),
        ", emerg contact ", (_name(g), "NAME"), " ", (_phone(g), "PHONE"), "\noldest finisher ",
        (_old(g, True), "AGE"), ", checked and fine. results ",
        (f"https://results.{_host(_town(g))}/runner/{_num(g, 6)}", "URL"), "\n",
    ]


def _coords(g: Source) -> str:
    lat, lon = g.r.uniform(31, 48), g.r.uniform(-122, -104)
    return g.r.choice([f"{lat:.5f}, {lon:.5f}", f"{lat:.4f} N {abs(lon):.4f} W",
                       f"N{int(lat)} {lat % 1 * 60:.3f} W{int(abs(lon))} {abs(lon) % 1 * 60:.3f}"])


def sar_incident(g: Source) -> list[Part]:
    """A wilderness search-and-rescue patient report: the sheriff's mission number, the trailhead and the car left
    there, the GPS fix where the subject was found, the locator beacon, the helicopter's tail number (not PHI)."""
    f, s = _first(g), _last(g)
    county = f"{_town(g)} County"
    return [
        (county, "LOCATION"), " Sheriff's Office Search and Rescue\nMission ",
        (f"SAR-{_num(g, 2)}-{_num(g, 4)}", "MRN"),
        "   Reported ", (_date(g), "DATE"), " ", _when(g), " by spouse ", (_name(g, None, s), "NAME"), ", ",
        (_phone(g), "PHONE"), "\nSubject: ", (_name(g, f, s), "NAME"), ", DOB ", (_dob(g), "DATE"),
        ", driver license ", (f"{_chars(g, 1, 'ABDFGHKMNPRSW')}{_num(g, 7)}", "LICENSE"), "\nHome: ", *_addr(g),
        "\nVehicle at ", (f"{_last(g)} Creek Trailhead", "LOCATION"), ": plate ", (_plate(g), "VEHICLE"), ", VIN ",
        (_vin(g), "VEHICLE"), "\nPLB UIN ", (_chars(g, 15, "0123456789ABCDEF"), "DEVICE"), " activated ", _when(g),
        "; found at ", (_coords(g), "ADDRESS"), ", 2.4 mi off trail.\n\nAssessment: GCS 14, hypothermia stage II ",
        "(Swiss staging), Lake Louise AMS score 5, SAM splint to L forearm. Her father, ",
        (f"{_old(g, False)} years old", "AGE"), ", was told by phone. Hoisted by helicopter N215CM to ",
        (_facility(g, ["Regional Medical Center", "Mountain Hospital"]), "LOCATION"), ".\nTeam leader: ",
        (_name(g), "NAME"), "   Medic: ", (_name(g), "NAME"), ", WEMT\n",
    ]


def records_amendment(g: Source) -> list[Part]:
    """A privacy office's letter answering a patient's request to amend a record (45 CFR 164.526), in part denied."""
    f, s = _first(g), _last(g)
    clinic = _facility(g, ["Health System", "Medical Group", "Orthopedics"])
    return [
        (clinic, "LOCATION"), " - Privacy Office\n", *_addr(g, "\n"), "\nPhone ", (_phone(g), "PHONE"), "   Fax ",
        (_phone(g), "FAX"), "\n\n", (_date(g), "DATE"), "\n\n", (_name(g, f, s), "NAME"), "\n", *_addr(g, "\n"),
        "\n\nRe: Request to amend (45 CFR 164.526), tracking ", (f"AMD-{_num(g, 6)}", "ACCOUNT"), "; MRN ",
        (_mrn(g), "MRN"),
        "; date of birth ", (_dob(g), "DATE"), "\n\nDear ", g.r.choice(["Mr. ", "Ms. ", "Mx. "]), (s, "NAME"),
        ",\n\nWe received your request of ", (_date(g), "DATE"), " through the portal (submitted from ",
        (_ip(g), "IP"), ") to amend the note of your visit on ", (_date(g), "DATE"),
        ". We accept the correction of your employer to ",
        (_facility(g, ["Logistics", "Credit Union", "School District"]), "LOCATION"),
        " and your e-mail to ", (_email(g, f, s), "EMAIL"),
        ". We deny the removal of the Crohn disease history: Dr. ", (_name(g), "NAME"),
        " finds it accurate and complete (Form HIM-22). Your statement of disagreement will be linked to the record; "
        "you may also complain to HHS. Your mother's age was recorded as 78 and is corrected to ",
        (_old(g, False), "AGE"), ".\n\nThe amended note is at ",
        (f"https://portal.{_host(clinic)}/records/{_chars(g, 10, 'abcdefghjkmnpqrstuvwxyz0123456789')}", "URL"),
        ". Billing account ", (_num(g, 9), "ACCOUNT"), " is not affected.\n\nSincerely,\n\n", (_name(g), "NAME"),
        ", RHIA, Privacy Officer\n",
    ]


def specialty_pharmacy(g: Source) -> list[Part]:
    """A specialty pharmacy's onboarding call note and the cold-chain delivery manifest that follows it."""
    f, s = _first(g), _last(g)
    pharmacy = _facility(g, ["Specialty Pharmacy", "Infusion Pharmacy", "Rx Solutions"])
    return [
        (pharmacy, "LOCATION"), " - onboarding call ", (_date(g), "DATE"), " ", _when(g), "\npatient ",
        (_name(g, f, s), "NAME"), ", dob ", (_dob(g), "DATE"), ", rx # ", (f"{_num(g, 7)}-{_num(g, 2)}", "MRN"),
        ", pbm member ", (_plan(g), "HEALTH_PLAN"), "\nadalimumab (Humira) 40 mg/0.4 mL pen q14d for Crohn disease; ",
        "last4 ssn ", (_ssn4(g), "SSN"), " verified. copay card ending ", (_num(g, 4), "ACCOUNT"),
        ". grandmother in home, ", (_old(g, True), "AGE"), ", to be kept away from sharps.\nprescriber dr. ",
        (_name(g), "NAME"), " npi ", (npi(g.r), "LICENSE"), " dea ", (dea(g.r, _last(g)), "LICENSE"), " fax ",
        (_phone(g), "FAX"), "\n\nDELIVERY MANIFEST\nship to: ", (_name(g, f, s), "NAME"), ", ", *_addr(g),
        "\ndeliver ", (_holiday_or_date(g), "DATE"), ", signature by ", (_name(g), "NAME"), "\ntracking ",
        (f"1Z{_chars(g, 16)}", "ACCOUNT"), "  lot DK4471 exp 08/2027  temp logger TL-5521 (2-8 C)\n",
        "text alerts to ", (_phone(g), "PHONE"), "; e-signed from ", (_ip(g), "IP"), "\n",
    ]


def medspa_treatment(g: Source) -> list[Part]:
    """An aesthetic clinic's neurotoxin and filler treatment record with a photo consent footer."""
    f, s = _first(g), _last(g)
    spa = _facility(g, ["Aesthetics", "Med Spa", "Dermatology & Laser"])
    return [
        (spa, "LOCATION"), "\nTREATMENT RECORD - NEUROTOXIN / FILLER\nClient: ", (_name(g, f, s), "NAME"),
        "   DOB: ", (_dob(g), "DATE"), "   Mobile: ", (_phone(g), "PHONE"), "\nEmail: ", (_email(g, f, s), "EMAIL"),
        "   Address: ", *_addr(g), "\nLoyalty member #: ", (_num(g, 10), "ACCOUNT"), "   Card on file ending ",
        (_num(g, 4), "ACCOUNT"),
        "\nFitzpatrick III, Glogau II, Merz glabellar 3 at max frown. History of Hodgkin lymphoma at 24.\n",
        "Botox Cosmetic 20 units glabella (lot C7712C3), Juvederm Voluma 1 mL cheeks. Treated ", (_date(g), "DATE"),
        "\nInjector: ", (_name(g), "NAME"), ", RN, license ", (f"RN{_num(g, 7)}", "LICENSE"), "   Medical director: ",
        (_name(g), "NAME"), ", MD\n3D photo set (Vectra) face ID ", (f"VX-{_chars(g, 10)}", "BIOMETRIC"), ", ",
        (f"https://photos.{_host(spa)}/c/{_num(g, 7)}", "URL"), "\nConsent e-signed ", (_date(g), "DATE"), " from ",
        (_ip(g), "IP"), "; grandmother (", (_old(g, True), "AGE"), ") accompanied her.\n",
    ]


_PLAIN = ("mixed",)
_BOXES = ("mixed", "caps")
# name -> (template, the letter cases it is rendered in); ``corpus.TEMPLATES`` registers them as part "test"
V10_BUILDERS: dict[str, tuple[Callable[[Source], list[Part]], tuple[str, ...]]] = {
    "interpreter-log": (interpreter_log, ("mixed", "lower")),
    "va-disability-exam": (va_disability_exam, ("mixed", "caps")),
    "shelter-intake": (shelter_intake, _BOXES),
    "hyperbaric-log": (hyperbaric_log, _BOXES),
    "cruise-infirmary": (cruise_infirmary, _PLAIN),
    "race-medical-tent": (race_medical_tent, ("lower", "mixed")),
    "sar-incident": (sar_incident, ("mixed", "caps")),
    "records-amendment": (records_amendment, _PLAIN),
    "specialty-pharmacy": (specialty_pharmacy, ("mixed", "lower")),
    "medspa-treatment": (medspa_treatment, _PLAIN),
}
