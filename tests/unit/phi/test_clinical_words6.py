"""Clinical eponyms, device and car model names, pain scales, "2/2" (secondary to) and NDC codes are no PHI.

The same words after a title, or as a patient's or a relative's name, stay names: the eponym list only makes a
word clinical before a clinical noun or a number, and weighs against it elsewhere; the brands are words no person
or town is called by (their makers are left out: "works for <maker>" names an employer). Issue 11."""

from __future__ import annotations

import pytest

from phigate.phi import analyze


def _found(text: str) -> list[str]:
    return [text[s.start:s.end] for s in analyze(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Plantar ulcer R hallux, Wagner 2, probe to bone negative.",
        "Wound L heel: Wagner grade 1, granulating.",
        "Port accessed with a 20 g Huber needle, good blood return.",
        "Unna boot applied L leg, change twice weekly.",
        "Antibody screen positive: anti-K (Kell antigen); Duffy antigens negative.",
        "IOP by Goldmann tonometry 14 OD, 15 OS.",
        "Visual acuity (Snellen) 20/40 OD, 20/25 OS.",
        "Carboplatin dosed by the Calvert formula, AUC 5.",
        "Low transverse Pfannenstiel incision, closed in layers.",
        "McMurray test negative, Lachman test 1+ with firm end point.",
        "Positive Phalen test and Tinel sign at the wrist; Finkelstein test negative.",
        "Ober test tight on the right, Spurling test negative.",
        "Killip class II on arrival; Mallampati 3 airway.",
        "Gleason 3+4=7 adenocarcinoma; Breslow 1.2 mm.",
        "WADDELL SIGNS 0/5. ROMBERG SIGN NEGATIVE. BABINSKI SIGN ABSENT.",
        "Family history suggests Lynch syndrome; Cowden syndrome also considered.",
    ],
)
def test_an_eponym_before_its_clinical_noun_or_a_number_is_no_name(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Seen with Dr. Wagner in clinic today.", "Wagner"),
        ("Discussed with Dr. Lynch, oncology.", "Lynch"),
        ("Spoke with the patient's son, Marten Huber, by phone.", "Marten Huber"),
        ("Patient: Duffy, Orla M   DOB 03/04/1951", "Duffy, Orla M"),
        ("Ride home arranged with daughter Ilse Kidd.", "Ilse Kidd"),
    ],
)
def test_the_same_words_as_people_stay_names(text: str, name: str) -> None:
    assert any(name in f or f in name for f in _found(text)), _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mask: ResMed AirFit F20, size M; CPAP 9 cm H2O.",
        "Recording: Compumedics Grael, 16 channels.",
        "Lens: Alcon AcrySof SN60WF +21.0 D.",
        "Fellow eye: Clareon CNA0T0 +18.0 D; DreamStation auto-CPAP at home.",
        "Driver of a silver Camry, restrained; the other car a Silverado pickup.",
        "PT TRANSPORTED FROM A COROLLA VS ELANTRA COLLISION.",
    ],
)
def test_device_and_car_model_names_are_no_names_or_places(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Restless, grimacing. PAINAD 3/10 -> 0/10 after morphine concentrate.",
        "FLACC 4/10 at 0800; CPOT 2/8 after repositioning.",
        "NPRS 6/10 at worst, 2/10 at best.",
        "IOP (Goldmann) 12/15 mmHg at 0702.",
        "ESRD 2/2 IgA nephropathy, on HD MWF.",
        "SOB 2/2 CHF exacerbation; anemia 2/2 GI bleed.",
        "VIS given. NDC 49999-0124-65; 58888-0823-11.",
        "REM verified: targets met within 5 dB, 250-4000 Hz.",
    ],
)
def test_scores_shorthand_and_product_codes_are_no_dates_or_zips(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Seen 2/2 in clinic for follow-up.", "2/2"),
        ("Admitted 2/2 with sepsis.", "2/2"),
        ("FLOW SHEET 2/2 BED 7", "2/2"),
        ("Mail to: 14 Orrin Way, Springfield, IL 62704-1234.", "62704-1234"),
    ],
)
def test_real_dates_and_zip_codes_beside_them_stay(text: str, value: str) -> None:
    assert value in _found(text)
