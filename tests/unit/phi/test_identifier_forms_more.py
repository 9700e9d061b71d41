"""More forms of SSNs, devices, ages, plan ids, phones, biometric ids, addresses and plates (issue 11).

Written from how registration forms, payer cards, implant cards, DME orders, device reports, release-of-information
forms and family histories print these identifiers, not from the engine's patterns: a label in its variants, a
number masked or given in part, an identifier beside its look-alikes. Every value is invented; the hard negatives
are the clinical readings, counts, codes and model numbers written in the same positions.
"""

from __future__ import annotations

import pytest

from phigate.phi import PhiType
from tests.unit.phi.test_general_forms import _FILL, _tagged
from tests.unit.phi.test_identifier_forms import _found_as

_SSN = frozenset({PhiType.SSN})
_DEVICE = frozenset({PhiType.DEVICE})
_AGE = frozenset({PhiType.AGE})
_PLAN = frozenset({PhiType.HEALTH_PLAN})
_PHONE = frozenset({PhiType.PHONE})
_FAX = frozenset({PhiType.FAX})
_BIOMETRIC = frozenset({PhiType.BIOMETRIC})
_ZIP = frozenset({PhiType.ZIP})
_ADDRESS = frozenset({PhiType.ADDRESS})
_VEHICLE = frozenset({PhiType.VEHICLE})
_ID = frozenset({PhiType.ID, PhiType.ACCOUNT})

# (text, identifier, the types it may be found as)
SSN = [
    ("SS# 412882291", "412882291", _SSN),
    ("SS No. 412882291", "412882291", _SSN),
    ("Soc. Sec. #: 412882291", "412882291", _SSN),
    ("Soc Sec No 412882291", "412882291", _SSN),
    ("soc sec 412-88-2291", "412-88-2291", _SSN),
    ("S.S.N.: 412-88-2291", "412-88-2291", _SSN),
    ("SSN-412882291", "412882291", _SSN),
    ("Social Security Number (SSN): 412882291", "412882291", _SSN),
    ("Social Security #: 412882291", "412882291", _SSN),
    ("SSN: XXX-XX-4471", "XXX-XX-4471", _SSN),
    ("SSN ***-**-4471", "4471", _SSN),
    ("SS#: xxx-xx-4471", "4471", _SSN),
    ("Social Security: ###-##-4471", "4471", _SSN),
    ("SSN: XXXXX4471", "4471", _SSN),
    ("SSN (last four): 4471", "4471", _SSN),
    ("SSN (last 4 digits): 4471", "4471", _SSN),
    ("SSN last 4: 4471", "4471", _SSN),
    ("SSN ending in 4471", "4471", _SSN),
    ("Identity confirmed with the last four of her SSN (4471).", "4471", _SSN),
    ("Last 4 of Social: 4471", "4471", _SSN),
    ("SSN: 412–88–2291", "412–88–2291", _SSN),
    ("SSN (L4): 4471", "4471", _SSN),
    ("SSN ending with 2291", "2291", _SSN),
    ("SSN4: 2291", "2291", _SSN),
    ("SSN: last4 4471", "4471", _SSN),
    ("ITIN: 912-78-1234", "912-78-1234", _SSN),
    ("Patient SSN/DOB: 987-65-4321 / 1/2/1950", "987-65-4321", _SSN),
    ("Social: 666-12-3456", "666-12-3456", _SSN),
    ("Card 912-34-5678 on file.", "912-34-5678", _ID),
    ("S.S.N.: 412-88-2291", "412-88-2291", _SSN),
    ("Name | SSN | DOB\nQuillan, Maren | 412882291 | 03/04/1950\n", "412882291", _SSN),
]
DEVICE = [
    ("Serial #: 4481290A", "4481290A", _DEVICE),
    ("Ser. No. PJN482913H", "PJN482913H", _DEVICE),
    ("Lot/Serial: 44812A9", "44812A9", _DEVICE),
    ("Serial/Lot: 44812A9", "44812A9", _DEVICE),
    ("Implant ID: IMP-448812", "IMP-448812", _DEVICE),
    ("Asset tag 448812 on the ventilator.", "448812", _DEVICE),
    ("Asset # 448812", "448812", _DEVICE),
    ("MAC address 00:1A:2B:3C:4D:5E", "00:1A:2B:3C:4D:5E", _DEVICE),
    ("MAC: 00-1A-2B-3C-4D-5E", "00-1A-2B-3C-4D-5E", _DEVICE),
    ("Bluetooth MAC 00:1a:2b:3c:4d:5e paired.", "00:1a:2b:3c:4d:5e", _DEVICE),
    ("Device MAC: 001a2b3c4d5e", "001a2b3c4d5e", _DEVICE),
    ("IMEI/MEID 35693803564380", "35693803564380", _DEVICE),
    ("MEID: A0000012345678", "A0000012345678", _DEVICE),
    ("Pacemaker Model X2DR01 / Serial PJN482913H", "PJN482913H", _DEVICE),
    ("ICD: Model D384TRG, SN PZX221883S", "PZX221883S", _DEVICE),
    ("Hearing aid L: SN 2213LK4481, R: SN 2213LK4482", "2213LK4482", _DEVICE),
    ("Model 3501 | Serial 44812290", "44812290", _DEVICE),
    ("Serial # 4481 2290 1173", "4481 2290 1173", _DEVICE),
    ("CPAP S.N. 4481290A", "4481290A", _DEVICE),
    ("Seria1 No: 4481290A", "4481290A", _DEVICE),
    ("Dcvice ID 44812", "44812", _DEVICE),
    ("Transmitter: 8G4K2L", "8G4K2L", _DEVICE),
    ("CGM transmitter 8G4K2L replaced.", "8G4K2L", _DEVICE),
    ("Generator: 4481-22A", "4481-22A", _DEVICE),
    ("Pump #: 4481", "4481", _DEVICE),
    ("RFID tag: E2003412B802011", "E2003412B802011", _DEVICE),
    ("Hearing aid (L) 2213LK", "2213LK", _DEVICE),
    ("Portable tank serials: PT-1001, PT-1002", "PT-1001, PT-1002", _DEVICE),
    ("Hearing aids: serials 2213LK4481 and 2213LK4482", "2213LK4482", _DEVICE),
]
AGES = [
    ("Age (yrs): 96", "96", _AGE),
    ("Age in years: 92", "92", _AGE),
    ("Age of patient: 97", "97", _AGE),
    ("Seen with her son; she is 96 and lives alone.", "96", _AGE),
    ("He is 96.", "96", _AGE),
    ("She will be 92 next month.", "92", _AGE),
    ("Patient is 96 years of age.", "96 years", _AGE),
    ("Resident, 94, fell in the bathroom.", "94", _AGE),
    ("FHx: Father, 95, living.", "95", _AGE),
    ("Mother - 96 - HTN", "96", _AGE),
    ("Female, 92\n", "92", _AGE),
    ("Age at death: 97", "97", _AGE),
    ("Mother died at 96 of a stroke.", "96", _AGE),
    ("Grandmother lived to 101.", "101", _AGE),
    ("93yF with a fall.", "93", _AGE),
    ("A 92 y.o.f. with cough.", "92", _AGE),
    ("92 yoa, lives at home.", "92", _AGE),
    ("Age/Gender: 92 / Female", "92", _AGE),
    ("DOB 03/04/1929 (age 93)", "93", _AGE),
    ("Aged 92 years, widowed.", "92 years", _AGE),
    ("Age 92.5 years at the visit.", "92.5", _AGE),
    ("Age at admission: 92", "92", _AGE),
    ("age on admission 92", "92", _AGE),
    ("Age(s): 92", "92", _AGE),
    ("She is ninety-four.", "ninety-four", _AGE),
    ("He turned ninety last week.", "ninety", _AGE),
    ("94 WM s/p fall", "94", _AGE),
    ("94 w/f with chest pain", "94", _AGE),
    ("age=94", "94", _AGE),
    ("Age-94", "94", _AGE),
    ("A mid-90s woman found down.", "90s", _AGE),
    ("early 90's male with syncope", "90's", _AGE),
    ("DOB: 01/02/1930 (92)", "92", _AGE),
    ("DOB: 01/02/1930 (92)", "01/02/1930", frozenset({PhiType.DATE})),
    ("DOB 31/12/1930 (94)", "94", _AGE),
    ("Patient age at explant: 93.", "93", _AGE),
    ("Age on date of service: 92", "92", _AGE),
    ("Agc: 94", "94", _AGE),
    ("At 92, she still drives to church.", "92", _AGE),
    ("a 94 ycars old woman", "94 ycars old", _AGE),
]
HEALTH_PLAN = [
    ("Insured ID: 882134471", "882134471", _PLAN),
    ("Policyholder ID: 882134471", "882134471", _PLAN),
    ("Cardholder ID: 882134471", "882134471", _PLAN),
    ("Medi-Cal ID: 91234567A", "91234567A", _PLAN),
    ("Tricare ID: 1234567890", "1234567890", _PLAN),
    ("Plan: Harbor Gold PPO  Plan #: 44812", "44812", _PLAN),
    ("Medicaid recipient ID 448812209K", "448812209K", _PLAN),
    ("Member ID (last 4): 3991", "3991", _PLAN),
    ("Contract #: H4481-022", "H4481-022", _ID),
    ("Pol #: H4482", "H4482", _PLAN),
    ("Po1icy #: H44821907", "H44821907", _PLAN),
    ("Membcr ID: W448213991", "W448213991", _PLAN),
    ("HMO ID: 4482", "4482", _PLAN),
    ("Member ID W4482 13991", "W4482 13991", _PLAN),
    ("Secondary: Medicaid (#448812209K)", "448812209K", _PLAN),
    ("11. INSURED'S POLICY GROUP OR FECA NUMBER 4481", "4481", _PLAN),
]
PHONES = [
    ("Mobile: 2075550142", "2075550142", _PHONE),
    ("Call 555-0142 to schedule.", "555-0142", _PHONE),
    ("Phone: 555-0142 ext 12", "555-0142 ext 12", _PHONE),
    ("Tel. 207/555-0142", "207/555-0142", _PHONE),
    ("Phone: 207-555-0142 extension 4471", "207-555-0142 extension 4471", _PHONE),
    ("Phone: 207-555-0142x12", "207-555-0142x12", _PHONE),
    ("Ph: (207) 555-0142, ext 12", "(207) 555-0142, ext 12", _PHONE),
    ("Phone: 207-555-0142 Ext: 4471", "Ext: 4471", _PHONE),
    ("Ext. 4471", "4471", _PHONE),
    ("For questions call extension 22310.", "22310", _PHONE),
    ("F: 207-555-0199", "207-555-0199", _FAX),
    ("T: 207-555-0142 F: 207-555-0199", "207-555-0199", _FAX),
    ("Facsimile: 207-555-0199", "207-555-0199", _FAX),
    ("(207)-555-0142", "(207)-555-0142", _PHONE),
    ("207–555–0142", "207–555–0142", _PHONE),
    ("207 - 555 - 0142", "207 - 555 - 0142", _PHONE),
    ("Phone: 555 0142", "555 0142", _PHONE),
    ("Phone: 020 7946 0958", "020 7946 0958", _PHONE),
    ("Phone: 07700 900123", "07700 900123", _PHONE),
    ("Name | Phone | Fax\nOrla | 207-555-0142 | 207-555-0199\n", "207-555-0142", _PHONE),
    ("Name | Phone | Fax\nOrla | 207-555-0142 | 207-555-0199\n", "207-555-0199", _FAX),
    ("Fax:\n207-555-0199\n", "207-555-0199", _FAX),
    ("Fax sent to the clinic.\nPhone 207-555-0142", "207-555-0142", _PHONE),
    ("Family aware, pagcr 55812.", "55812", _PHONE),
]
BIOMETRIC = [
    ("Finger scan ID: 448812", "448812", _BIOMETRIC),
    ("Hand geometry ID 448812", "448812", _BIOMETRIC),
    ("Face recognition ID: 448812", "448812", _BIOMETRIC),
    ("Enrolled right index finger, template 448812", "448812", _BIOMETRIC),
    ("Badge access (fingerprint) user 448812", "448812", _BIOMETRIC),
    ("Fingerprint template ID: FP-448812", "FP-448812", _BIOMETRIC),
    ("Iris image IRS-4481 archived.", "IRS-4481", _BIOMETRIC),
]
ADDRESSES = [
    ("Post Office Box 4471", "Post Office Box 4471", _ADDRESS),
    ("POB 4471", "POB 4471", _ADDRESS),
    ("RR #2 Box 14", "RR #2 Box 14", _ADDRESS),
    ("HCR 61 Box 14", "HCR 61 Box 14", _ADDRESS),
    ("Rt. 2, Box 14", "Rt. 2, Box 14", _ADDRESS),
    ("1420 County Road 12", "1420 County Road 12", _ADDRESS),
    ("1420 State Route 9", "1420 State Route 9", _ADDRESS),
    ("1420 Hwy 9", "1420 Hwy 9", _ADDRESS),
    ("14-B Quarry Lane", "14-B Quarry Lane", _ADDRESS),
    ("Lives at One Quarry Lane with her son.", "One Quarry Lane", _ADDRESS),
    ("14 1/2 Quarry Lane", "14 1/2 Quarry Lane", _ADDRESS),
    ("Postal: 04011", "04011", _ZIP),
    ("1420 4th Ave NW", "1420 4th Ave NW", _ADDRESS),
    ("14 Quarry Lane, Building C, Apt 3", "14 Quarry Lane, Building C, Apt 3", _ADDRESS),
    ("14 Quarry Lane, 2nd Floor", "14 Quarry Lane, 2nd Floor", _ADDRESS),
    ("14 Quarry Lane Trlr 12", "14 Quarry Lane Trlr 12", _ADDRESS),
    ("Home address: 14 Quarry\n", "14 Quarry", _ADDRESS),
    ("Address: 14 Quarry Hollow, Apt 3B\n", "14 Quarry Hollow, Apt 3B", _ADDRESS),
    ("Address: 14 Quarry Lane\nApt 3B\nPell Harbor, ME 04011\n", "Apt 3B", _ADDRESS),
    ("Address line 1: 14 Quarry Hollow\nAddress line 2: Unit 5\n", "Unit 5", _ADDRESS),
]
_DATE = frozenset({PhiType.DATE})
DATES = [
    ("Seen Dec 6-8, 2025 in clinic.", "Dec 6-8, 2025", _DATE),
    ("DOB: 1931", "1931", _DATE),
]
# ZIP codes no list holds (invented for these tests): after a town and a comma, in a state's range, after an address
ZIPS = [
    ("Dunholt, Me. 04999", "04999", _ZIP),
    ("Salem, Mass. 01999", "01999", _ZIP),
    ("Troy, N.Y. 12999", "12999", _ZIP),
    ("Erie, Pa 16999", "16999", _ZIP),
    ("Dunholt, me 04999", "04999", _ZIP),
    ("Pell Harbor ME 04999", "04999", _ZIP),
    ("Dunholt\tME\t04999", "04999", _ZIP),
    ("Dunholt, ME 00199", "00199", _ZIP),
    ("14 Quarry Lane\nDunholt 00199\n", "00199", _ZIP),
    ("14 Quarry Lane, Dunholt 00199", "00199", _ZIP),
    ("She moved to the 00199 zip code last year.", "00199", _ZIP),
    ("zip code of 00199", "00199", _ZIP),
    ("Town | State | ZIP\nDunholt | ME | 00199\n", "00199", _ZIP),
    ("Mail to:\nOrla Penn\nDunholt, 00199\n", "00199", _ZIP),
    ("Home: 88 Birch Road, Dunholt, 0H 44999.", "44999", _ZIP),
]
VEHICLE = [
    ("LP# 7ABC123", "7ABC123", _VEHICLE),
    ("Plate: ME 4471KT", "4471KT", _VEHICLE),
    ("Car reg: 7ABC123", "7ABC123", _VEHICLE),
    ("VIN (last 6): 004352", "004352", _VEHICLE),
    ("plates ABC1234", "ABC1234", _VEHICLE),
    ("LP: 7ABC123", "7ABC123", _VEHICLE),
    ("Plate/State: 7ABC123/ME", "7ABC123", _VEHICLE),
    ("State/Plate: ME 7ABC123", "7ABC123", _VEHICLE),
    ("Plate - ME 7ABC123", "7ABC123", _VEHICLE),
    ("Plate: 7 ABC 123", "7 ABC 123", _VEHICLE),
    ("Car: 2014 sedan 1HGCM82633A004353 towed.", "1HGCM82633A004353", _VEHICLE),
    ("a red pickup, maine plate 4471 kt, towed", "4471 kt", _VEHICLE),
    ("The plate 4471 was seen on the camera.", "4471", _VEHICLE),
]

FORMS = SSN + DEVICE + AGES + HEALTH_PLAN + PHONES + BIOMETRIC + ADDRESSES + ZIPS + VEHICLE + DATES


@pytest.mark.parametrize(("text", "phrase", "types"), FORMS)
def test_each_form_is_found_as_its_category(text: str, phrase: str, types: frozenset[PhiType]) -> None:
    assert _found_as(_FILL + text + "\n" + _FILL, phrase, types)


@pytest.mark.parametrize(("text", "phrase", "types"), FORMS)
def test_each_form_is_found_in_capitals(text: str, phrase: str, types: frozenset[PhiType]) -> None:
    assert _found_as((_FILL + text + "\n" + _FILL).upper(), phrase.upper(), types)


# (sentence, phrase that must stay untagged): look-alikes of the forms above, in the same positions
HARD_NEGATIVES = [
    ("Lot 44812A expires 12/2027.", "44812A"),
    ("Vaccine lot: EK5730", "EK5730"),
    ("NDC 0002-1433-80 dispensed.", "0002-1433-80"),
    ("CPT 33208 billed.", "33208"),
    ("Model #: 5076-52", "5076-52"),
    ("Part no. 4481-22", "4481-22"),
    ("Catalog number 4481-22", "4481-22"),
    ("MAC 1.3 at this depth.", "1.3"),
    ("Mac 3 blade used.", "3"),
    ("Serial CXRs show improvement.", "CXRs"),
    ("Pump rate 125 ml/hr", "125"),
    ("HR 96 F on the monitor.", "96"),
    ("He is 89.", "89"),
    ("She is 100% independent.", "100"),
    ("She is 92 kg.", "92"),
    ("Patient is 95 percent compliant.", "95"),
    ("He is 98.6 F.", "98.6"),
    ("Father died at 62.", "62"),
    ("Mother (68) healthy.", "68"),
    ("Female, 45, presents with cough.", "45"),
    ("Pt expired at 1415.", "1415"),
    ("Plan ID to follow.", "follow"),
    ("Call 911.", "911"),
    ("Office hours 830-1700", "830-1700"),
    ("Work 900-1700 M-F.", "900-1700"),
    ("ext rotation 45 deg", "45"),
    ("Ext 4+/5 bilaterally.", "4"),
    ("Route: PO", "PO"),
    ("Given 2 route IV", "2"),
    ("BUN 22 Cr 1.4 today.", "22"),
    ("Box 2: signed", "2"),
    ("Plate 3 grew E. coli.", "3"),
    ("Fingerprint whorls normal.", "whorls"),
    ("Social: 2 ppd smoker", "2"),
    ("Social Security disability since 2019", "disability"),
    ("Template 2 used for the note.", "2"),
    ("She is ninety percent sure.", "ninety"),
    ("He turned 90 degrees to the left.", "90"),
    ("Seen in the unit today.\nUnit 5\nVitals stable.", "5"),
    ("Next apt 10/12 with cardiology.", "apt"),
    ("Walk 200 ft with walker.", "200"),
    ("4 Point restraints removed.", "Point"),
    ("S/N ratio 12 dB", "12"),
    ("Ins/Outs 1200/800", "1200"),
    ("CIN 3 on the cone biopsy.", "3"),
    ("VIN 3 on vulvar biopsy.", "3"),
    ("Plate 3 of 4 read.", "3"),
    ("Sub Q 5000 units heparin.", "5000"),
    ("Voice hoarse x 2 weeks.", "2"),
    ("Pump: 4 mL/hr overnight.", "4"),
    ("CPAP 10cm H2O.", "10cm"),
    ("Sensor glucose 144.", "144"),
    ("Transmitter battery 2.9 V.", "2.9"),
    ("Generator change in 2019.", "change"),
    ("Sharps bin 2 emptied.", "2"),
    ("Bin 4 of the supply cart.", "4"),
    ("Hand: 4/5 grip on the left.", "4/5"),
    ("Strength 4/5 bilaterally.", "4/5"),
    ("Plan to address: 2 concerns today.", "2 concerns"),
    ("Knee flex 90, ext 120 degrees.", "120"),
    ("Generator: 2019 placement.", "2019"),
    ("Walked one block to Main St and back.", "one block"),
    ("May 3-5 mg doses be given?", "May"),
    ("Rate: 1945 overnight.", "1945"),
    ("HR at 100, he was dizzy.", "100"),
    ("Sats at 91, she was put on oxygen.", "91"),
    ("At 45, he quit smoking.", "45"),
    ("BS 94 AM, 120 PM.", "94"),
    ("Temp: pt is 98 afebrile.", "98"),
    ("Sats: pt was 92 at rest, 88 walking.", "92"),
    ("Route: PO. Box 3 on the consent checked.", "Box 3"),
    ("Grip 4/5 on the left.", "4/5"),
    ("Member ID 448812 and 2 kids on the plan.", "2 kids"),
    ("Serial 4481, then 12 more units.", "12"),
    ("The plate 4471 was seen on the camera.", "was"),
    ("Vanc 15000\nZosyn 4.5 g", "15000"),
    ("Total 12000\n", "12000"),
    ("Code 000-12-3456 is a placeholder.", "000-12-3456"),
    ("DOB 03/04/1999 (26), seen for asthma.", "26"),
    ("Seen 3/4/2019 (45 min visit).", "45"),
    ("SBP in the mid-90s overnight.", "90s"),
    ("Sats low 90s on 2L.", "90s"),
    ("Age-adjusted D-dimer 450.", "450"),
    # readings that look like dates or ids: the top of a range, an angle, "dec" for decreased, a percentage, a
    # typo in a range of heart rates, a chain of settings whose second pair is no day
    ("Rate 60-75' with rare ectopy.", "75'"),
    ("HOB 45' maintained.", "45'"),
    ("Oxygen dec from 6 to 3 liters.", "dec"),
    ("Vent SIMV 60010-100% overnight.", "60010"),
    ("HR 110-1215 on the strip.", "1215"),
    ("Weaned to 4-7/2-5/0-60 today.", "7/2"),
    ("Case in OR 7 ME 00199 logged.", "00199"),
    ("Plt 04011 on the smear.", "04011"),
    ("Gave me 10000 units.", "10000"),
    ("14 Quarry Lane\nHgb 12345 on recount", "12345"),
]


@pytest.mark.parametrize(("text", "phrase"), HARD_NEGATIVES)
def test_look_alikes_are_not_tagged(text: str, phrase: str) -> None:
    assert not _tagged(_FILL + text + "\n" + _FILL, phrase)
