"""US street addresses, their towns and ZIP codes in more of the forms records, forms, run sheets and letters write
them (helper ``addr6``): ordinal streets and the USPS suffixes, house numbers with a letter or a half, units in the
street line, county and farm roads and rural routes, a street grid's address; the town between the street and its
state when the separators are irregular (two spaces, a pipe, a middle dot, a slash), a state with periods, dotted
or spelled out, a town on a common or abbreviated first word; a town and its ZIP code with no state in a scene or
pickup line; and the clinical look-alikes of each.

Every sentence, street, town and number is invented for these tests.
"""

from __future__ import annotations

import pytest

from phigate.phi import PhiType, analyze
from tests.unit.phi.test_general_forms import _covered, _tagged
from tests.unit.phi.test_places_general import _in_case

# (text, phrase): every letter and digit of the phrase found, in mixed case, capitals and lowercase
FORMS = [
    # an ordinal street right after the house number, with a suffix of the USPS table
    ("Address: 18807 31st Trl, Quobbin MN 55901", "18807 31st Trl"),
    ("Address: 18807 31st Trl, Quobbin MN 55901", "Quobbin"),
    ("Address: 18807 31st Trl, Quobbin MN 55901", "55901"),
    ("Address: 6120 74th Parkway, Tessaly, OH 44120", "6120 74th Parkway"),
    ("Home: 41 N. 3rd Harbor, Wyndle, ND 58102", "41 N. 3rd Harbor"),
    ("Lives at 9 W 118th Pt, Carrow, NY 10027", "9 W 118th Pt"),
    ("Sent records to 2200 N 52nd Bnd, Ostrell, TX 75001.", "2200 N 52nd Bnd"),
    # a house number with a letter or a half, and units in the street line
    ("Address: 527A Tenner Ave, Gorsby, NC 27510", "527A Tenner Ave"),
    ("Address: 455-a Quarrow Ln Lot 14, Gorsby, NC 27510", "455-a Quarrow Ln Lot 14"),
    ("Address: 13-B Ollick Station Spc 40  |  Ravelsby MI 48201", "13-B Ollick Station Spc 40"),
    ("Address: 13-B Ollick Station Spc 40  |  Ravelsby MI 48201", "Ravelsby"),
    ("Home: 12840A E. Tamsin Ridge Point, Rm 4, Wyndle, ND 58102", "12840A E. Tamsin Ridge Point, Rm 4"),
    ("Residence: 220 Penworth Landing Trlr 9, Quobbin, MN 55901", "220 Penworth Landing Trlr 9"),
    ("DELIVERY ADDRESS: 40 1/2 E. 11TH DRIVE, PORT QUELLA,  VA. 23112-1194", "40 1/2 E. 11TH DRIVE"),
    ("DELIVERY ADDRESS: 40 1/2 E. 11TH DRIVE, PORT QUELLA,  VA. 23112-1194", "PORT QUELLA"),
    # county and farm roads, a rural route after an address's label, a street grid's address
    ("77 County Rd 41, Brisket UT 84601", "77 County Rd 41"),
    ("77 County Rd 41, Brisket UT 84601", "Brisket"),
    ("Address: 1402 FM 982, Gorsby, TX 75510", "1402 FM 982"),
    ("Address: County Rd 67, Gorsby, NC 27510", "County Rd 67"),
    ("Address: Rural Route 163, Gorsby, NE 68510", "Rural Route 163"),
    ("Address: 1450 S 700 W, Quobbin UT 84601", "1450 S 700 W"),
    ("Lives at 382 E. 4500 N, Quobbin.", "382 E. 4500 N"),
    # the town between the street and its state, whatever parts them
    ("23 S. 4th Harbor, Wyndle,  ND  58102", "Wyndle"),
    ("12 Tenner Ave · Gorsby · NC 27510", "Gorsby"),
    ("Address: 212 Vessing Bnd / Gorsby / NC / 27510", "Gorsby"),
    ("Patient Address | 88 Vessing Bnd | Wyndle | ND | 58102", "Wyndle"),
    ("Address: 71 Sollow Crossing  Mount Dravel, Delaware 19901", "71 Sollow Crossing"),
    ("Address: 71 Sollow Crossing  Mount Dravel, Delaware 19901", "Mount Dravel"),
    ("12 Tenner Ave, Gorsby, N.C. 27510", "Gorsby"),
    ("Pt resides at 40 Dwale Lndg, Brindlecot New York 12801", "Brindlecot"),
    ("Address: 880 Dwale Frk, Lake Orrim, Oregon 97001", "Lake Orrim"),
    ("Address: 12 Elm St, St. Quella, MN 55901", "St. Quella"),
    ("Pt lives at 4410 Harrow Bend Run, Mt. Dravel, CO 80401", "Mt. Dravel"),
    ("Address: 14 Quarry Hollow Rd, W. Ostby, MA 01234", "W. Ostby"),
    ("212 Vessing Bnd, Gorsby Mass. 01201", "Gorsby"),
    ("Gorsby, North Carolina 27510", "Gorsby"),
    # the street's line, then the town's
    ("Emergency contact: sister\n35-B N 31st Bnd\nOstby, ND 58102", "35-B N 31st Bnd"),
    ("Mailing address:\nMt. Dravel N.C.  59885", "Mt. Dravel"),
    ("Mailing address:\nMt. Dravel N.C.  59885", "59885"),
    ("Mailing address:\nUpper Wyndle, NY.  14301", "Upper Wyndle"),
    ("Street: 88 Vessing Bnd\nCity: Port Quella\nState: VA\nZip: 23112", "88 Vessing Bnd"),
    # a town and its ZIP code with no state after a comma, in a scene or pickup line
    ("Pickup: single-vehicle rollover, rural road, Brindlecot, 61413", "Brindlecot"),
    ("SCENE: I-80 EASTBOUND, MILE MARKER 212, EAST VOSSLEY, 18948", "EAST VOSSLEY"),
    ("SCENE: I-80 EASTBOUND, MILE MARKER 212, EAST VOSSLEY, 18948", "18948"),
    ("Incident location: parking lot behind feed store, St. Tessaly, 40227", "St. Tessaly"),
]

# (text, phrase): nothing of the phrase found, in every case
NEGATIVES = [
    ("Gave 88 1/2 mg PO at 0900.", "88 1/2 mg"),
    ("Moved to room 12 bed 2, then Station 4.", "room 12 bed 2"),
    ("Moved to room 12 bed 2, then Station 4.", "Station 4"),
    ("Trail making test part B completed in 88 seconds.", "Trail making test"),
    ("Bend knees to lift; point tenderness over the 3rd metatarsal.", "Bend knees"),
    ("Bend knees to lift; point tenderness over the 3rd metatarsal.", "3rd metatarsal"),
    ("Walked 2 laps around the unit loop; 1 flight of stairs.", "unit loop"),
    ("Walked 200 ft, 2 flights of stairs, 1 Pass with walker.", "1 Pass"),
    ("Station 4 called; 2nd Run of the protocol at 0400.", "2nd Run"),
    ("Heart rate 88, 3rd Pass of the catheter without resistance.", "3rd Pass"),
    ("Hgb 12.1, Plt 245, 40 1/2 tabs left.", "40 1/2 tabs"),
    ("Labs: Hgb 12, WBC 8, Plt, 15000", "Plt"),
    ("Heparin drip: bolus given, 80 units/kg, rate, 18000", "rate"),
    ("Allergies: penicillin, sulfa, 10000", "sulfa"),
    ("Vitals: BP 120/80, HR 88, Steps, 10000", "Steps"),
    ("Plan: transfuse, recheck, 12345", "recheck"),
    ("Dx: MVC, Bend, 12345", "Bend"),
    ("Labs: Na 140, K 4.0, Cr 1.1, Glucose, 12345", "Glucose"),
    ("Meds: Lasix | Digoxin | 10000", "Digoxin"),
    ("Room 12 · Bed 2 · 10000", "Bed 2"),
    ("Total: 2 S 3 W units", "2 S 3 W"),
    ("Leads: 12 S 2 W on the strip.", "12 S 2 W"),
    ("Vitals at 1450 S 700 W.", "1450 S 700 W"),
    ("Pt given 2 S 4 W", "2 S 4 W"),
    ("Ordered 1 Spur of oxygen; 5th Row in the clinic.", "5th Row"),
    ("Home: with spouse. Address: verified at registration.", "verified"),
    ("Seen at 4th Floor Station, Rm 12.", "4th Floor Station"),
]


@pytest.mark.parametrize(("text", "phrase"), FORMS)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_each_form_is_found_in_every_case(text: str, phrase: str, case: int) -> None:
    assert _covered(*_in_case(text, phrase, case))


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", [0, 1, 2])
def test_look_alikes_stay_untagged(text: str, phrase: str, case: int) -> None:
    assert not _tagged(*_in_case(text, phrase, case))


def _typed(text: str) -> dict[str, PhiType]:
    return {text[s.start : s.end]: s.type for s in analyze(text)}


@pytest.mark.parametrize(("text", "street", "town", "code"), [
    ("Address: 18807 31st Trl, Quobbin MN 55901", "18807 31st Trl", "Quobbin", "55901"),
    ("23 S. 4th Harbor, Wyndle,  ND  58102", "23 S. 4th Harbor", "Wyndle", "58102"),
    ("13-B Ollick Station Spc 40  |  Ravelsby MI 48201", "13-B Ollick Station Spc 40", "Ravelsby", "48201"),
    ("DELIVERY ADDRESS: 40 1/2 E. 11TH DRIVE, PORT QUELLA,  VA. 23112-1194", "40 1/2 E. 11TH DRIVE", "PORT QUELLA",
     "23112-1194"),
    ("Home: 22 Penworth Way · Gorsby · NC 27510", "22 Penworth Way", "Gorsby", "27510"),
    ("12 Tenner Ave, Gorsby, Indiana  46201", "12 Tenner Ave", "Gorsby", "46201"),
    ("Address: 220 Penworth Landing Trlr 9  Fort Bessel, ND 58102", "220 Penworth Landing Trlr 9", "Fort Bessel",
     "58102"),
])
def test_street_town_and_zip_are_each_their_own_span(text: str, street: str, town: str, code: str) -> None:
    """The street line, the town and the ZIP code are three spans of their types; the separators and the state
    between them are none."""
    found = _typed(text)
    assert found.get(street) is PhiType.ADDRESS
    assert found.get(town) is PhiType.LOCATION
    assert found.get(code) is PhiType.ZIP


def test_a_name_after_a_title_before_a_zip_code_is_no_town() -> None:
    text = "Pt to follow up with Dr. Kessler, 20145"
    assert _typed(text).get("Kessler") is not PhiType.LOCATION


@pytest.mark.parametrize("text", ["Seen by Jane Roe, M.D. 10000 units heparin given.",
                                  "Seen by Jane Roe, MD. 10000 units heparin given.",
                                  "SEEN BY JANE ROE, M.D.  10000 UNITS HEPARIN GIVEN."])
def test_a_credential_with_its_periods_before_a_count_is_no_state(text: str) -> None:
    assert all(s.type is not PhiType.LOCATION for s in analyze(text))


def test_a_scene_line_yields_its_town_and_zip_code() -> None:
    text = "Pickup: single-vehicle rollover, rural road, Brindlecot, 61413"
    found = _typed(text)
    assert found.get("Brindlecot") is PhiType.LOCATION
    assert found.get("61413") is PhiType.ZIP
    assert "rural road" not in found


def test_the_state_between_town_and_zip_is_not_a_town() -> None:
    """ "New York" after an address's town and before its ZIP code is the state, which Safe Harbor keeps."""
    text = "Pt resides at 40 Dwale Lndg, Brindlecot, New York 12801"
    found = _typed(text)
    assert found.get("Brindlecot") is PhiType.LOCATION
    assert not any("York" in k for k in found)


def test_an_ordinal_must_fit_its_number() -> None:
    """ "31st" is an ordinal street, "31th" is no ordinal: only the first starts an address before "Trl"."""
    assert _typed("Address: 18807 31st Trl, then left.").get("18807 31st Trl") is PhiType.ADDRESS
    assert "18807 31th Trl" not in _typed("Address: 18807 31th Trl, then left.")


def test_a_suffix_after_two_spaces_does_not_join_the_town_to_the_street() -> None:
    text = "Home: 40 Dwale Lndg  Lake Orrim, Indiana 46201"
    found = _typed(text)
    assert found.get("40 Dwale Lndg") is PhiType.ADDRESS
    assert found.get("Lake Orrim") is PhiType.LOCATION
