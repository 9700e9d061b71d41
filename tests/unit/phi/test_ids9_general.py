"""Device serials, ages over 89, encounter numbers and plan ids in the forms round two still missed (helper ``ids9``).

Written from general knowledge of biomedical tags, face sheets, registration and billing screens and family histories,
not from any note: a device's noun before "serial SN", a birth date's age in brackets with its unit ("(97yo)"), a
form's "Client is ninety-four;" as a scan misreads the noun, a relative's age after "alive", "living", "d." or
"deceased" in a family history, an encounter's number after "Enc:", "Enc." and "Acct/Enc", a plan id after "ID card"
and after "insurance: <payer> #". Each sentence is invented and checked in mixed case, capitals and lowercase; the
hard negatives put sinus node abbreviations, models, doses, saturations, durations, young relatives' ages, year
ranges and empty fields in the same places.
"""

from __future__ import annotations

import pytest

from phigate.phi import PhiType
from tests.unit.phi.test_ids4_general import _found_in_case, _tagged_in_case

_DEVICE = frozenset({PhiType.DEVICE})
_ACCOUNT = frozenset({PhiType.ACCOUNT})
_PLAN = frozenset({PhiType.HEALTH_PLAN})
_BIOMETRIC = frozenset({PhiType.BIOMETRIC})
_AGE = frozenset({PhiType.AGE})

# (sentence, phrase, the types it must be found as)
FORMS = [
    # a device's serial after its short form, a maker's word, or the device's noun and "serial SN"
    ("Infusion pump serial SN 26-44019T at the bedside.", "26-44019T", _DEVICE),
    ("Pump: serial S/N 38-27741K checked.", "38-27741K", _DEVICE),
    ("Pump: serial VELDA 81-30527P, biomed tag on.", "81-30527P", _DEVICE),
    ("Pump serial sn 52-66108w in the room.", "52-66108w", _DEVICE),
    ("Pump s/n: 4417-QX20 charged.", "4417-QX20", _DEVICE),
    ("Monitor SN# 33-7219B returned.", "33-7219B", _DEVICE),
    ("Pump ser. no. 71-80452D replaced.", "71-80452D", _DEVICE),
    ("CGM serial no. QV7-22819 placed.", "QV7-22819", _DEVICE),
    ("Serial number: 5520-KT-118 on the card.", "5520-KT-118", _DEVICE),
    ("Pump: serial SN 1O-55I2OR swapped.", "1O-55I2OR", _DEVICE),
    # an encounter's or a visit's number
    ("Enc: 38816420-227 on the bill.", "38816420-227", _ACCOUNT),
    ("Enc. 38816420-227 on the bill.", "38816420-227", _ACCOUNT),
    ("cnc: 38816420-227 on the bill.", "38816420-227", _ACCOUNT),
    ("Acct/Enc 66219-88 for billing.", "66219-88", _ACCOUNT),
    ("Acct / Enc: 66219-88 for billing.", "66219-88", _ACCOUNT),
    ("Encounter # 6623019 opened.", "6623019", _ACCOUNT),
    ("CSN: 3344019872 on the label.", "3344019872", _ACCOUNT),
    ("Visit ID V0082210 in registration.", "V0082210", _ACCOUNT),
    ("Encounter No: E4471-209 at triage.", "E4471-209", _ACCOUNT),
    # a plan's id after its labels, on the card, or after the payer's name
    ("Member ID QWT-4471-0928 on the card.", "QWT-4471-0928", _PLAN),
    ("Subscriber # 7720-RK-1193 verified.", "7720-RK-1193", _PLAN),
    ("Group # 0071-44B2 on the card.", "0071-44B2", _PLAN),
    ("Medicaid ID: 4471-2290-88 verified.", "4471-2290-88", _PLAN),
    ("ID card 88120-Q4471 scanned.", "88120-Q4471", _PLAN),
    ("Insurance ID card: RZ88-1209-44 scanned.", "RZ88-1209-44", _PLAN),
    ("insurance: Quolvex Plan # 4471-2209 on file.", "4471-2209", _PLAN),
    ("insurance: Orvane Care # 77120-4491 on file.", "77120-4491", _PLAN),
    ("Insurance: Trevanne Care # 447120-22 on file.", "447120-22", _PLAN),
    ("Policy number:\n PL-88120-03", "PL-88120-03", _PLAN),
    # a biometric id after its words
    ("Fingerprint template FT-88120-Q1 stored.", "FT-88120-Q1", _BIOMETRIC),
    ("Palm vein record PV-44120-7 on the kiosk.", "PV-44120-7", _BIOMETRIC),
    ("Iris # 4471-2093 verified.", "4471-2093", _BIOMETRIC),
    ("Voice print ID VP-44120 enrolled.", "VP-44120", _BIOMETRIC),
    # an age over 89 in brackets after a birth date, with its unit
    ("DOB 10.1.1920 (106 yrs) on the face sheet.", "106 yrs", _AGE),
    ("DOB 3/14/1931 (93 y) per registration.", "93 y", _AGE),
    ("DOB: 1928-02-11 (97yo) from the card.", "97yo", _AGE),
    ("DOB 02/07/1929 (95 years) in the chart.", "95 years", _AGE),
    # an age in words in a form's sentence or after "now"
    ("She is now ninety-seven years of age and frail.", "ninety-seven years of age", _AGE),
    ("He is now one hundred and three years of age.", "one hundred and three years of age", _AGE),
    ("Client is one hundred and two; lives alone.", "one hundred and two", _AGE),
    ("C1ient is ninety-four; daughter visits.", "ninety-four", _AGE),
    ("Resldent is ninety-seven; walks with a cane.", "ninety-seven", _AGE),
    # a relative's age in a family history
    ("FH: paternal grandmother, alive at 96.", "96", _AGE),
    ("Father d. at 94 of CHF.", "94", _AGE),
    ("Aunt, 91, living.", "91", _AGE),
    ("Mother alive at 97, with dementia.", "97", _AGE),
    ("Father d. 95 of stroke.", "95", _AGE),
    # a relative, then "Dec." and a day: December, not "deceased" (the date stays a date)
    ("Refill for her mother Odalys Penhallow, dob Dec. 22, 2003. Pt out of meds.", "Dec. 22, 2003",
     frozenset({PhiType.DATE})),
    ("Mother deceased at 92.", "92", _AGE),
    ("Sister living at 90, healthy.", "90", _AGE),
    ("Grandmother alive and well at 98.", "98", _AGE),
    ("Mother, alive, 96.", "96", _AGE),
    ("Unc1e, living at 105, of CHF.", "105", _AGE),
]

# (sentence, a phrase that no span may touch)
NEGATIVES = [
    # the sinus node, a model, a serial not yet given
    ("SN dysfunction with pauses noted.", "SN dysfunction"),
    ("History of SN dysfunction, pacer placed.", "SN"),
    ("Model Orvek-Prime 3305 on the pole.", "3305"),
    ("Pump serial SN pending from biomed.", "pending"),
    ("Monitor serial cable replaced.", "cable"),
    # empty fields and counts after an encounter's or a card's label
    ("Enc: none on file.", "none"),
    ("Enc. 2 of 3 today.", "2 of 3"),
    ("Acct/Enc pending.", "pending"),
    ("ID card not available.", "not available"),
    ("Insurance: Medicare Part B, 20% copay.", "20%"),
    ("Policy 2019-2022 reviewed.", "2019-2022"),
    ("Member of the group for 20 years.", "20 years"),
    # doses, saturations, durations and young ages in brackets or after a relative
    ("DOB 3/14/1937 (89 yrs) on file.", "89 yrs"),
    ("Took 2 tabs (100 mg) at noon.", "100 mg"),
    ("Sats (95%) on room air.", "95%"),
    ("Smoked for 95 years? No, for 40 years.", "95 years"),
    ("Over 90 years of service to the county.", "90 years"),
    ("Father d. 71 of MI.", "71"),
    ("Mother dx 44 breast ca.", "44"),
    ("Brother alive at 60.", "60"),
    ("Mother alive at 96 kg.", "96"),
    ("Father deceased, age 88.", "88"),
]


@pytest.mark.parametrize(("text", "phrase", "types"), FORMS)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_each_form_is_found_in_every_case(text: str, phrase: str, types: frozenset[PhiType], case: int) -> None:
    assert _found_in_case(text, phrase, case, types)


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_readings_models_counts_and_durations_are_not_tagged(text: str, phrase: str, case: int) -> None:
    assert not _tagged_in_case(text, phrase, case), phrase
