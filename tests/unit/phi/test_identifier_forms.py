"""Structured identifiers, dates and ages in the forms real documents write them (issue 11).

The table was written from payer cards, UDI and VIN standards, HL7 v2 and how clinicians date and age people, not
from the engine's patterns: each category in key: value, free text, a table row, capitals and lower case, with a
label and (where the form itself is distinctive: a VIN with its check digit, a GS1 UDI, an IPv6 address, an MBI)
without one. Every identifier is invented; the hard negatives are the clinical look-alikes in the same positions.
"""

from __future__ import annotations

import pytest

from phigate.phi import PhiType, analyze
from tests.unit.phi.test_general_forms import _FILL, _tagged


def _found_as(text: str, phrase: str, types: frozenset[PhiType], start: int = 0) -> bool:
    """Whether every letter and digit of ``phrase`` (where it first occurs from ``start``) lies in a span of one of
    ``types``."""
    at = text.index(phrase, start)
    spans = [(s.start, s.end) for s in analyze(text) if s.type in types]
    return all(any(a <= at + k < b for a, b in spans) for k, ch in enumerate(phrase) if ch.isalnum())


_PLAN = frozenset({PhiType.HEALTH_PLAN})
_VEHICLE = frozenset({PhiType.VEHICLE})
_DEVICE = frozenset({PhiType.DEVICE})
_BIOMETRIC = frozenset({PhiType.BIOMETRIC})
_IP = frozenset({PhiType.IP})
_IP_OR_URL = frozenset({PhiType.IP, PhiType.URL})
_DATE = frozenset({PhiType.DATE})
_AGE = frozenset({PhiType.AGE})
_ZIP = frozenset({PhiType.ZIP})

# (text, identifier, the types it may be found as)
HEALTH_PLAN = [
    ("Member ID: XQH448213991", "XQH448213991", _PLAN),
    ("Member #: BCX-448-21-9931", "BCX-448-21-9931", _PLAN),
    ("Subscriber ID: 882134471-01", "882134471-01", _PLAN),
    ("Subscriber No. 882134471 01", "882134471 01", _PLAN),
    ("Policy No. H44821907", "H44821907", _PLAN),
    ("Policy number: 0044-8821-907", "0044-8821-907", _PLAN),
    ("Group #: 77412-A", "77412-A", _PLAN),
    ("Grp: 0048812", "0048812", _PLAN),
    ("Group number 0048812, plan code 440.", "0048812", _PLAN),
    ("Medicaid ID: 44812209K", "44812209K", _PLAN),
    ("Medicaid #YK44812093 active.", "YK44812093", _PLAN),
    ("Medicare: 1EG4-TE5-MK73", "1EG4-TE5-MK73", _PLAN),
    ("Her Medicare card reads 2KN7TF3RJ51 on the front.", "2KN7TF3RJ51", _PLAN),
    ("HICN 448213991A on the old card.", "448213991A", _PLAN),
    ("Insurance: Harbor Mutual PPO\nID: JQX884217653\nGroup: 44812\n", "JQX884217653", _PLAN),
    ("Insurance: Harbor Mutual PPO\nID: JQX884217653\nGroup: 44812\n", "44812", _PLAN),
    ("Primary insurance Harbor Mutual PPO, ID W448213991.", "W448213991", _PLAN),
    ("her insurance id is xqh448213991 per the card", "xqh448213991", _PLAN),
    ("member id xqh 448 213 991", "xqh 448 213 991", _PLAN),
    ("MEMBER NUMBER: W448213991", "W448213991", _PLAN),
    ("Health plan beneficiary number: 448-21-3391-A", "448-21-3391-A", _PLAN),
    ("Insurance ID # ZGP 4471 88213", "ZGP 4471 88213", _PLAN),
    ("Payer | Member ID | Group\nHarbor Mutual | KLP884210073 | 4481\n", "KLP884210073", _PLAN),
    ("Beneficiary ID: 7TA2-QP1-CV83", "7TA2-QP1-CV83", _PLAN),
    ("BCBS ID# YRP123456789", "YRP123456789", _PLAN),
    ("Ins ID: 448821903", "448821903", _PLAN),
    ("insurance member number is 448213991", "448213991", _PLAN),
    ("Medicare #: 448-21-3391A", "448-21-3391A", _PLAN),
]
VEHICLE = [
    ("MA plate 4KTR19 seen leaving the lot.", "4KTR19", _VEHICLE),
    ("Lic. plate: 7ABC123 (CA)", "7ABC123", _VEHICLE),
    ("license plate 7ABC123", "7ABC123", _VEHICLE),
    ("LICENSE PLATE: 4KTR19", "4KTR19", _VEHICLE),
    ("Plate #: KJT-4471", "KJT-4471", _VEHICLE),
    ("VIN# 1HGCM82633A004352", "1HGCM82633A004352", _VEHICLE),
    ("Plate 7ABC123 (California)", "7ABC123", _VEHICLE),
    ("tag # KJT 4471", "KJT 4471", _VEHICLE),
    ("Vehicle registration: 8XYZ221 (NY)", "8XYZ221", _VEHICLE),
    ("VIN: 1HGCM82633A004352", "1HGCM82633A004352", _VEHICLE),
    ("vin 1hgcm82633a004352", "1hgcm82633a004352", _VEHICLE),
    ("Her car (1HGCM82633A004352) was towed from the scene.", "1HGCM82633A004352", _VEHICLE),
    ("Vehicle ID number 1M8GDM9AXKP042788 on the police report.", "1M8GDM9AXKP042788", _VEHICLE),
    ("Driving a blue sedan, NH plate 448 KRT.", "448 KRT", _VEHICLE),
    ("The car's plate number was reported as ABC 1234.", "ABC 1234", _VEHICLE),
]
DEVICE = [
    ("UDI: (01)00844588003288(17)141120(10)7654321D(21)10", "(01)00844588003288(17)141120(10)7654321D(21)10",
     _DEVICE),
    ("Implant label (01)00844588003288(21)A4412B9 scanned.", "(01)00844588003288(21)A4412B9", _DEVICE),
    ("UDI 0100844588003288172611301044812X", "0100844588003288172611301044812X", _DEVICE),
    ("UDI: +H629CIC4150U1/$$0812123456/16D20090312", "+H629CIC4150U1/$$0812123456/16D20090312", _DEVICE),
    ("S/N: PJN482913H", "PJN482913H", _DEVICE),
    ("SN: 4481-2291", "4481-2291", _DEVICE),
    ("serial number 44812A9", "44812A9", _DEVICE),
    ("SERIAL NUMBER: PJN482913H", "PJN482913H", _DEVICE),
    ("Pacemaker: model W1DR01, serial RNB448812H.", "RNB448812H", _DEVICE),
    ("ICD serial # PZX221883S interrogated today.", "PZX221883S", _DEVICE),
    ("Insulin pump serial 88412-221, reservoir changed.", "88412-221", _DEVICE),
    ("CGM transmitter ID 8G4K2L replaced.", "8G4K2L", _DEVICE),
    ("Hearing aid serial no. 2213LK4481 (left).", "2213LK4481", _DEVICE),
    ("Device ID: DEV-004412", "DEV-004412", _DEVICE),
    ("Glucometer (serlal XU-8837-439) reads high.", "XU-8837-439", frozenset({PhiType.DEVICE, PhiType.ID})),
    ("Implant | Model | Serial\nHip stem | K-402 | HS4481290\n", "HS4481290", _DEVICE),
    ("Neurostimulator SN NXA448812 checked.", "NXA448812", _DEVICE),
    ("device serial number is 44812A9", "44812A9", _DEVICE),
    ("UDI-DI 00844588003288", "00844588003288", _DEVICE),
    ("Equipment ID: EQ-44812", "EQ-44812", _DEVICE),
    ("IMEI 356938035643809", "356938035643809", _DEVICE),
    ("CPAP machine serial number J44812A99", "J44812A99", _DEVICE),
]
BIOMETRIC = [
    ("Biometric ID: BIO-448812", "BIO-448812", _BIOMETRIC),
    ("biometric id 44812-22", "44812-22", _BIOMETRIC),
    ("Palm-vein enrollment ID: 88412301", "88412301", _BIOMETRIC),
    ("Iris code IR-2231-77 on file.", "IR-2231-77", _BIOMETRIC),
    ("voiceprint id vp448812", "vp448812", _BIOMETRIC),
    ("Face template #: FT-00913", "FT-00913", _BIOMETRIC),
    ("BIOMETRIC ID: 5521-XK", "5521-XK", _BIOMETRIC),
    ("Fingerprint enrolment ID 77210-FP", "77210-FP", _BIOMETRIC),
    ("Thumbprint on file, ref 448812", "448812", _BIOMETRIC),
    ("Voice ID: VX-44812", "VX-44812", _BIOMETRIC),
    ("Retinal scan ID: RS-44812", "RS-44812", _BIOMETRIC),
    ("DNA profile ID DNA-448812", "DNA-448812", _BIOMETRIC),
]
IP = [
    ("Portal login from 203.0.113.7 at night.", "203.0.113.7", _IP),
    ("IP 192.0.2.14:8080", "192.0.2.14", _IP),
    ("Subnet 10.20.30.0/24 blocked.", "10.20.30.0", _IP),
    ("Client [192.0.2.14] connected.", "192.0.2.14", _IP),
    ("Uploaded via http://192.0.2.14/portal today.", "192.0.2.14", _IP_OR_URL),
    ("IP ADDRESS: 198.51.100.23", "198.51.100.23", _IP),
    ("Address 2001:0db8:85a3:0000:0000:8a2e:0370:7334 logged.", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", _IP),
    ("From 2001:db8::8a2e:370:7334 yesterday.", "2001:db8::8a2e:370:7334", _IP),
    ("Link-local fe80::1ff:fe23:4567:890a%eth0 seen.", "fe80::1ff:fe23:4567:890a", _IP),
    ("Mapped ::ffff:192.0.2.1 in the log.", "::ffff:192.0.2.1", _IP),
    ("Endpoint [2001:db8::1]:8443 reached.", "2001:db8::1", _IP),
    ("ipv6: 2001:DB8:0:0:8:800:200C:417A", "2001:DB8:0:0:8:800:200C:417A", _IP),
    ("ip addr 172.16.254.1", "172.16.254.1", _IP),
    ("IP=203.0.113.5, port 443", "203.0.113.5", _IP),
]
DATES = [
    ("Last seen 3/4/19 in clinic.", "3/4/19", _DATE),
    ("Mammogram Jan '19, normal.", "Jan '19", _DATE),
    ("Returns on the 3rd of March.", "the 3rd of March", _DATE),
    ("Surgery March 3rd went well.", "March 3rd", _DATE),
    ("Fell on July 4th at a picnic.", "July 4th", _DATE),
    ("Fell on the Fourth of July at a picnic.", "Fourth of July", _DATE),
    ("Admitted New Year's Day with chest pain.", "New Year's Day", _DATE),
    ("Symptoms began Labor Day weekend.", "Labor Day", _DATE),
    ("Seen Memorial Day for a laceration.", "Memorial Day", _DATE),
    ("Visited family on Easter Sunday.", "Easter Sunday", _DATE),
    ("Seen on Monday, March 4, 2019 for follow-up.", "March 4, 2019", _DATE),
    ("Seen Mon 3/4/19 for follow-up.", "3/4/19", _DATE),
    ("Collected 20190304 per lab.", "20190304", _DATE),
    ("Collected 2019-03-04T10:22 per lab.", "2019-03-04", _DATE),
    ("Result 2019-03-04 10:22:13 filed.", "2019-03-04", _DATE),
    ("Implanted 03/2019, battery fine.", "03/2019", _DATE),
    ("Implanted Mar-2019, battery fine.", "Mar-2019", _DATE),
    ("Seen 03-04-2019 in clinic.", "03-04-2019", _DATE),
    ("Seen 4 March 2019 in clinic.", "4 March 2019", _DATE),
    ("Seen 4-Mar-2019 in clinic.", "4-Mar-2019", _DATE),
    ("SEEN MAR 4 2019 IN CLINIC.", "MAR 4 2019", _DATE),
    ("DOB: 03041950", "03041950", _DATE),
    ("D.O.B. 3-4-50", "3-4-50", _DATE),
    ("seen on 3/4 for a rash", "3/4", _DATE),
    ("Date of service | Provider\n03/04/2019 | Clinic\n", "03/04/2019", _DATE),
    ("Surgery on 4.3.2019 abroad.", "4.3.2019", _DATE),
    ("PMH: CKD 3, TAVR 6/38, HTN.", "6/38", _DATE),
    ("Dispensed 04MAR2019 by the pharmacy.", "04MAR2019", _DATE),
    ("Given 4Mar19 per the log.", "4Mar19", _DATE),
]
AGES = [
    ("A ninety-two-year-old woman.", "ninety-two", _AGE),
    ("She is aged ninety one.", "ninety one", _AGE),
    ("She is in her nineties and lives alone.", "nineties", _AGE),
    ("Pt is a 92 y/o male.", "92", _AGE),
    ("92yo male with a fall.", "92", _AGE),
    ("Age: 101", "101", _AGE),
    ("AGE: 94", "94", _AGE),
    ("94 YOM with chest pain.", "94", _AGE),
    ("A 91 year-old man.", "91", _AGE),
    ("Patient is 90 years old.", "90", _AGE),
    ("He is in his 90s.", "90s", _AGE),
    ("A 102-yr-old resident.", "102", _AGE),
    ("Aged 97, independent.", "97", _AGE),
    ("A 92 y.o. woman.", "92", _AGE),
    ("Mrs. Q, 93, presents with cough.", "93", _AGE),
    ("Age | Sex\n95 | F\n", "95", _AGE),
]
ZIPS = [
    ("Address: 14 Quarry Lane, Pell Harbor, ME 04011", "04011", _ZIP),
    ("14 Quarry Lane\nPell Harbor, ME 04011-2231\n", "04011-2231", _ZIP),
    ("Zip: 04011", "04011", _ZIP),
    ("ZIP CODE 04011", "04011", _ZIP),
    ("Lives at 14 Quarry Lane, Pell Harbor 04011.", "04011", _ZIP),
    ("postal code: 04011", "04011", _ZIP),
]

_ADDRESS = frozenset({PhiType.ADDRESS})
# a street after a dispatch time or a count ("0700 to ...") and the street types of newer subdivisions
ADDRESSES = [
    ("Dispatched 0700 to 2404 Larchmont Ridge Trail, for a fall.", "2404 Larchmont Ridge Trail", _ADDRESS),
    ("Seen 3 times at 12 Pellow Street last year.", "12 Pellow Street", _ADDRESS),
    ("Refills sent to the pharmacy at 1913 Heron Run, Pell Harbor 04011.", "1913 Heron Run", _ADDRESS),
    ("Refills sent to the pharmacy at 1913 Heron Run, Pell Harbor 04011.", "04011", _ZIP),
    ("Lives at 77 Quillby Crossing with her son.", "77 Quillby Crossing", _ADDRESS),
    ("Moved to 5 Tamsin Glen last spring.", "5 Tamsin Glen", _ADDRESS),
]

FORMS = HEALTH_PLAN + VEHICLE + DEVICE + BIOMETRIC + IP + DATES + AGES + ZIPS + ADDRESSES


@pytest.mark.parametrize(("text", "phrase", "types"), FORMS)
def test_each_identifier_form_is_found_as_its_category(text: str, phrase: str, types: frozenset[PhiType]) -> None:
    assert _found_as(_FILL + text + "\n" + _FILL, phrase, types)


# (sentence, phrase that must stay untagged): the clinical look-alikes of each form
HARD_NEGATIVES = [
    ("Pacemaker: model W1DR01, serial RNB448812H.", "W1DR01"),
    ("Lead model 5076 in place.", "5076"),
    ("Serial troponins 0.01 and 0.02, flat.", "0.01"),
    ("Serial abdominal exams were benign.", "abdominal"),
    ("ORIF with a 7-hole plate and 3.5 mm screws.", "7-hole"),
    ("Platelets 150, plate count pending.", "150"),
    ("Biometric screening: BMI 28, normal.", "28"),
    ("Running v2.4.1.3 of the reader software.", "2.4.1.3"),
    ("Running version 2.4.1.3 of the reader.", "2.4.1.3"),
    ("See section 4.2.1.3 of the protocol.", "4.2.1.3"),
    ("Time 12:30:45 recorded.", "12:30:45"),
    ("Mixed 1:1:1 with saline.", "1:1:1"),
    ("BP 120/80, pulse 72.", "120/80"),
    ("Take 1/2 tab at night.", "1/2"),
    ("Strength 4/5 in the left leg.", "4/5"),
    ("Pain 2/10 today.", "2/10"),
    ("Pain 6/40 at rest, strength 4/50.", "6/40"),
    ("Has help 24/7 at home.", "24/7"),
    ("Gleason 3+4=7 on biopsy.", "3+4"),
    ("G2P1 at 32 weeks.", "G2P1"),
    ("An 89 y/o man with a fall.", "89"),
    ("A 45 year old woman.", "45"),
    ("Ninety minutes of therapy.", "Ninety"),
    ("SpO2 92% on room air.", "92"),
    ("HR 94, RR 18.", "94"),
    ("Member of the care team called.", "care"),
    ("Group therapy twice weekly.", "therapy"),
    ("Policy reviewed with family.", "reviewed"),
    ("ID: afebrile, cultures pending.", "afebrile"),
    ("Na 135, K 4.1, Cl 101, HCO3 24.", "135"),
    ("Vaccine lot EK5730 given in the left deltoid.", "left"),
    ("The group is 100 strong.", "100"),
    ("Record was 140/90 today.", "140/90"),
    ("Version 10.2.0.1 installed on the pump.", "10.2.0.1"),
    ("Had an 8 beat run of NSVT overnight.", "8 beat run"),
    ("Completed a 6 minute walk test.", "6 minute walk"),
    ("A 2 cm ridge along the scar.", "2 cm ridge"),
    ("Intubated, settings AC-420-50%-5 overnight.", "AC-420-50"),
]


@pytest.mark.parametrize(("text", "phrase"), HARD_NEGATIVES)
def test_clinical_look_alikes_are_not_tagged(text: str, phrase: str) -> None:
    assert not _tagged(_FILL + text + "\n" + _FILL, phrase)


# HL7 v2 segments pasted into a note: the field's position is the label
_PID = "PID|1||448812^^^HOSP^MR||QUILLAN^MAREN||19300304|F|||14 QUARRY LN^^PELL HARBOR^ME^04011||(207)555-0142"
# IN1-8 group number, IN1-17 the insured's relationship, IN1-36 policy number
_IN1 = "|".join(["IN1", "1", "PPO01", "HM01", "HARBOR MUTUAL", "", "", "", "GRP4481", *[""] * 8, "SELF",
                 *[""] * 18, "XQH448213991"])
HL7 = [
    (_PID, "19300304", _DATE),
    (_PID, "04011", _ZIP),
    (_IN1, "XQH448213991", _PLAN),
    (_IN1, "GRP4481", _PLAN),
]


@pytest.mark.parametrize(("text", "phrase", "types"), HL7)
def test_each_hl7_field_is_found_as_its_category(text: str, phrase: str, types: frozenset[PhiType]) -> None:
    assert _found_as(_FILL + text + "\n" + _FILL, phrase, types)


@pytest.mark.parametrize(("text", "phrase", "types"), FORMS)
def test_each_identifier_form_is_found_in_capitals(text: str, phrase: str, types: frozenset[PhiType]) -> None:
    """The same forms in an ALL-CAPS document, where letter case tells nothing."""
    assert _found_as((_FILL + text + "\n" + _FILL).upper(), phrase.upper(), types)
