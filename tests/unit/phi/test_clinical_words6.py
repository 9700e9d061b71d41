"""Clinical eponyms, device brands and car makes are not names or places (issue 11).

The same words after a title, or as a patient's or a relative's name, stay names: the eponym list only makes a
word clinical before a clinical noun or a number, and weighs against it elsewhere; the brands are words no person
or town is called by."""

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
        "Fellow eye: Alcon Clareon CNA0T0 +18.0 D.",
        "Driver of a 2016 Toyota Camry, restrained; the other car a Chevrolet Silverado.",
        "PT TRANSPORTED FROM A 2019 SUBARU OUTBACK VS HYUNDAI ELANTRA COLLISION.",
    ],
)
def test_device_and_vehicle_brands_are_no_names_or_places(text: str) -> None:
    assert _found(text) == []
