"""People's full names in the forms the engine still missed (helper ``people9``).

Written from general knowledge of how registration forms, court papers, billing letters, phone messages, log lines
and signature lines write a person, not from any note: a saint's surname after a first name ("... St. Quenby"), a
generation after the name ("Jr.", "SR", "IV", after a comma in lowercase too), a middle initial in capitals or
lowercase text and at the end of a form's "Last, First M" field, more slots that announce a person (an alias,
"nee", "maiden name", "Responsible party:", a magistrate, a role after the comma), lowercase signatures side by side
after a "/", a log line's signer after its time, and a short surname spelled out. Every name is invented; the hard
negatives put clinical words and phrases in the same slots.
"""

from __future__ import annotations

import pytest

from phigate.phi import PhiType, analyze
from tests.unit.phi.test_names6_general import _doc, _named

# (sentence, the name in it): found in every letter case
FORMS = [
    # 1. "St." or "Saint" inside a surname, after a first name
    ("Seen at bedside with Tarquil St. Embervane today.", "Tarquil St. Embervane"),
    ("Visitor: Ysolda Saint Morrowcliff at bedside.", "Ysolda Saint Morrowcliff"),
    ("Consent signed by Wendeline St Ambrevoy after review.", "Wendeline St Ambrevoy"),
    ("6/7 8:56P - Quillon St. Ravensmore, RN: LVM for CM", "Quillon St. Ravensmore"),
    # 2. a generation after the name
    ("Spoke with Fennick Drallow Jr. about discharge.", "Fennick Drallow Jr."),
    ("Father is Corvan Ashwell Sr. and he will visit.", "Corvan Ashwell Sr."),
    ("Met with Breyl Tallowen IV at the desk.", "Breyl Tallowen IV"),
    ("Son Harl Quorrin III called.", "Harl Quorrin III"),
    ("Contact: Davor Pellimer II, brother.", "Davor Pellimer II"),
    # 3. a middle initial; a form's "Last, First M" with the initial at its field's end
    ("Spoke with Maeven R. Dostrell today", "Maeven R. Dostrell"),
    ("Attending: Vellacott, Orsin T.", "Vellacott, Orsin T."),
    ("RESPONSIBLE PARTY: Dunmarrow, Elsbeth K (DAUGHTER)", "Dunmarrow, Elsbeth K"),
    ("Guarantor: Holvane, Pirrin Q", "Holvane, Pirrin Q"),
    # 4. more slots that announce a person
    ("PRESIDING: MAGISTRATE Arvell Penlow", "Arvell Penlow"),
    ("Asst. County Attorney Thessaly Grimsholt present.", "Thessaly Grimsholt"),
    ("Quenn Harbrace, FINANCIAL COUNSELOR", "Quenn Harbrace"),
    ("Letter from Dorrit Vanequist, benefits coordinator.", "Dorrit Vanequist"),
    ("Other names used: Orlin Vesk", "Orlin Vesk"),
    ("Mrs. Tolliver (nee Brackwater) arrived.", "Brackwater"),
    ("Maiden name: Corrowby", "Corrowby"),
    ("AKA Dessa Moorvane", "Dessa Moorvane"),
    ("Also known as Ferrin Galloway-Osk per the registrar.", "Ferrin Galloway-Osk"),
    ("Responsible party: Illan Pescott", "Illan Pescott"),
    ("Guardian: Rennic Holloway", "Rennic Holloway"),
    ("Emergency contact: mother Sabeth Crowle", "Sabeth Crowle"),
    # 5. a log line's signer after its time
    ("April 2025 12:08p - Coren Vallish, RN: called pharmacy", "Coren Vallish"),
    # 7. a caller naming themself with a generation or a middle initial
    ("this is Thessa Morrick Sr. i had a question", "Thessa Morrick Sr."),
    ("Voicemail: this is Larrin J. Quoddle calling back.", "Larrin J. Quoddle"),
]

# written in lowercase in any note: found in mixed-case notes too
LOWER = [
    ("mother elvane tross, iv, +1 555 201 3344", "elvane tross, iv"),
    ("flushed line.\nlinna vosk, rn  /  dovan prell, nnp-bc", "linna vosk"),
    ("flushed line.\nlinna vosk, rn  /  dovan prell, nnp-bc", "dovan prell"),
]

# a middle initial where the whole text is in one letter case
PLAIN = [
    ("spoke with maeven r. dostrell today", "maeven r. dostrell"),
    ("this is larrin j. quoddle calling", "larrin j. quoddle"),
    ("visitor ambrel t. kessingvale at bedside", "ambrel t. kessingvale"),
]

# 6. a short surname spelled out
SPELLED = [
    ("it's harla dusk that's d-u-s-k, call me", "d-u-s-k"),
    ("last name spelled V-O-S-K thanks", "V-O-S-K"),
    ("my name is orrin vant, spelling v a n t", "v a n t"),
    ("it's odile brask that's b-r-a-s-k, call back", "brask"),
]

# (sentence, the words that must stay untagged as a name)
NEGATIVES = [
    ("Follow up at Main St. Clinic next week.", "Main St"),
    ("Lives at 12 Oak St. Apt 4 with wife.", "Oak St"),
    ("started on heparin iv at 1800", "heparin iv"),
    ("D5 1/2 NS IV at 75/hr", "NS IV"),
    ("grade II murmur noted", "grade II"),
    ("type III fracture of the ankle", "type III"),
    ("Stage IV pressure injury to sacrum", "Stage IV"),
    ("Given Lasix IV push, then Bumex IV.", "Lasix IV"),
    ("Patient on vanc iv, cefepime iv, zosyn iv.", "cefepime iv"),
    ("Cranial nerves II-XII intact.", "nerves II"),
    ("Mobitz II block on telemetry.", "Mobitz II"),
    ("ST elevation resolved, St. depression noted.", "depression"),
    ("Pain, Nausea C", "Nausea"),
    ("Vitals q. 4 hrs, neuro q. shift", "neuro"),
    ("Patient spelled out N-P-O on the board.", "N-P-O"),
    ("Also known as the night shift.", "night shift"),
    ("Responsible party: Self", "Self"),
    ("Maiden name: not given", "not given"),
    ("Met with the pain team, financial counselor aware.", "pain team"),
    ("Ceftriaxone, Vancomycin IV", "Vancomycin IV"),
    ("Plan: Lasix 40, K 20 (repeat)", "Lasix"),
    ("Hx: R AKA, L BKA. AKA stump healing well.", "stump"),
]


def _name_in(text: str, phrase: str, case: str) -> bool:
    """Any letter of ``phrase`` (in the sentence) lies in a NAME span."""
    doc, cased, start = _doc(text, phrase, case)
    at = doc.index(cased, start)
    return any(s.start < at + len(cased) and at < s.end for s in analyze(doc) if s.type is PhiType.NAME)


@pytest.mark.parametrize(("text", "phrase"), FORMS)
@pytest.mark.parametrize("case", ["m", "c", "l"])
def test_each_form_is_named_in_every_case(text: str, phrase: str, case: str) -> None:
    assert _named(text, phrase, case)


@pytest.mark.parametrize(("text", "phrase"), LOWER)
@pytest.mark.parametrize("case", ["m", "c", "l"])
def test_a_lowercase_name_is_named_in_every_note(text: str, phrase: str, case: str) -> None:
    assert _named(text, phrase, case)


@pytest.mark.parametrize(("text", "phrase"), PLAIN)
@pytest.mark.parametrize("case", ["c", "l"])
def test_a_middle_initial_where_case_tells_nothing(text: str, phrase: str, case: str) -> None:
    assert _named(text, phrase, case)


@pytest.mark.parametrize(("text", "phrase"), SPELLED)
@pytest.mark.parametrize("case", ["m", "c", "l"])
def test_a_short_spelled_surname_is_named(text: str, phrase: str, case: str) -> None:
    assert _named(text, phrase, case)


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", ["m", "c", "l"])
def test_clinical_text_in_the_same_forms_is_no_name(text: str, phrase: str, case: str) -> None:
    assert not _name_in(text, phrase, case)
