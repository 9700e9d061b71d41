"""Names in role slots (helper ``names6``): staff initials, a form's person labels, newborns, lowercase signatures.

Written from general knowledge of how US charts, pharmacy and lab records, forms and letters write who did what, not
from any note: initials after "by" and a record's step or a role ("Processed by HU on ...", "Verified by pharmacist
K.L."), after a role's label ("Technologist: UQ, RPSGT"), before a credential ("(TFG, RD, LDN)"), a second signer's
after a slash, a line that ends with a date and initials, a typist's line ("L.Z./mk"); "LAST, FIRST M" and "FIRST
LAST" after labels of the person a form is about ("EMPLOYEE:", "Claimant:", "Decedent:"); a newborn's "BOY LAST";
a lowercase signature before its credential. Every name and letter is invented. The hard negatives put clinical
shorthand, routes, units, services and credentials in the same slots.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phigate.phi import PhiType, analyze
from phigate.phi.recognizers._names import _names
from phigate.phi.recognizers._scorer import _cannot_reach, name_score, trimmed
from phigate.phi.recognizers._tokens import tokenize

_FILL = ("The patient tolerated the visit well and was observed without complication. Vital signs remained stable "
         "throughout and she was discharged home with written instructions.\n")


def _doc(text: str, phrase: str, case: str) -> tuple[str, str, int]:
    """The sentence between filler in one letter case ("m" as written, "c" capitals, "l" lowercase), the phrase in
    the same case, and where the sentence starts."""
    changes: dict[str, Callable[[str], str]] = {"m": str, "c": str.upper, "l": str.lower}
    change = changes[case]
    return change(_FILL + text + "\n" + _FILL), change(phrase), len(_FILL)


def _named(text: str, phrase: str, case: str) -> bool:
    """Every letter and digit of ``phrase`` (in the sentence) lies in a NAME span."""
    doc, cased, start = _doc(text, phrase, case)
    at = doc.index(cased, start)
    spans = [(s.start, s.end) for s in analyze(doc) if s.type is PhiType.NAME]
    return all(any(a <= at + k < b for a, b in spans) for k, ch in enumerate(cased) if ch.isalnum())


def _tagged(text: str, phrase: str, case: str) -> bool:
    """Any letter of ``phrase`` (in the sentence) lies in any span."""
    doc, cased, start = _doc(text, phrase, case)
    at = doc.index(cased, start)
    return any(s.start < at + len(cased) and at < s.end for s in analyze(doc))


# (sentence, the name in it): found in every letter case
FORMS = [
    # initials after "by" and a role, or a record's step earlier in the clause
    ("Walker delivered and set up by RT QK today.", "QK"),
    ("Scribed by MGB, COA", "MGB"),
    ("Collected: 2021-02-12 13:11 by WC", "WC"),
    ("Specimen collected 03/14/2022 0815 by JRT", "JRT"),
    ("Processed by HU on 10/09/23", "HU"),
    ("Received in lab by KZ at 14:20", "KZ"),
    ("Dispensed by: TV, LPN", "TV"),
    ("Vitals obtained by ZK, CMA.", "ZK"),
    # after a role's label, before a credential, in brackets
    ("Technologist: UQ, RPSGT", "UQ"),
    ("Sonographer: VTB, RDMS", "VTB"),
    ("Diet education by dietitian (TFG, RD, LDN)", "TFG"),
    ("Insulin double check: QW, RN / ZT, RN", "QW"),
    # set off by a comma before a credential anywhere on a line
    ("Pain reassessed at 1400 - QK, CMA", "QK"),
    ("Blood glucose 142, ZT, LPN", "ZT"),
    ("Wound photo taken; JWK, RN", "JWK"),
    ("Handoff to VB, RN at 1900.", "VB"),
    ("Dressing changed at 1400 K.L., RN", "K.L"),
    ("Insulin given per QK, RN", "QK"),
    ("Nurse: QK", "QK"),
    ("Tech: ZB", "ZB"),
    # a date, its comma and initials closing a line
    ("Release to billing 10/21/2020, MV", "MV"),
    ("Chart closed 11/03/2021, JQZ", "JQZ"),
    # a typist's line under a signature
    ("Zenith Parlow, MD\nL.Z./mk", "L.Z"),
    ("Zenith Parlow, MD\nL.Z./mk", "mk"),
    # a form's person, "LAST, FIRST M" and "FIRST LAST"
    ("EMPLOYEE: KESTRAL, WINNOBY P", "KESTRAL, WINNOBY"),
    ("CANDIDATE: DRUMMEL, OSWIN T", "DRUMMEL, OSWIN"),
    ("SUPERVISOR: TARVO LINDQUELL", "TARVO LINDQUELL"),
    ("Traveler: PELLWORTH, Ansgar", "PELLWORTH, Ansgar"),
    ("Claimant: Brask, Ilvo", "Brask, Ilvo"),
    ("Decedent: QUORVIN, ADELRIC T", "QUORVIN, ADELRIC"),
    ("Inmate: Vantry, Orsel", "Vantry, Orsel"),
    ("Athlete: Caspian Varga", "Caspian Varga"),
    ("Tenant: Ione Tarrasque", "Ione Tarrasque"),
    ("Applicant: Ferro Dalquist", "Ferro Dalquist"),
    ("Adjuster: Havel Drumm <havel.drumm@example.com>", "Havel Drumm"),
    ("GRANDMOTHER KESTRAL, WINNOBY P.", "KESTRAL, WINNOBY"),
    ("Circulator: Quenna Dovrick, RN", "Quenna Dovrick"),
    ("Perfusionist: Tarvo Lindquell", "Tarvo Lindquell"),
    ("Transcriptionist: Winnoby Kestral", "Winnoby Kestral"),
    ("Admitting: Drumm, Havel", "Drumm, Havel"),
    ("Caseworker: Oswin Pellworth", "Oswin Pellworth"),
    ("Veteran: PELLWORTH, OSWIN", "PELLWORTH, OSWIN"),
    ("Payee: Oswin Pellworth", "Oswin Pellworth"),
    # a newborn named by the family's surname
    ("BOY DRUMMEL (TWIN B)", "DRUMMEL"),
    ("Girl Pellworth, born 3/3/2021", "Pellworth"),
    ("Name: Boy Quellin", "Quellin"),
    # a signature in lowercase before the credential that ends its line
    ("quenna dovrick, rn", "quenna dovrick"),
    ("tamsel ubbe, nnp", "tamsel ubbe"),
    # a signature whose surname is such a verb
    ("Jane Page, MD", "Jane Page"),
    # a title keeps a name before a word an eponym may name
    ("Dr. Allen test results reviewed.", "Allen"),
]

# (sentence, name, the letter cases it is found in): where only letter case tells
CASED_FORMS = [
    ("Walker delivered and set up by RT J.Q. today.", "J.Q", "mcl"),
    ("Verified by pharmacist K.L.", "K.L", "mcl"),
    ("Verified by pharmacist Q. Z.", "Q. Z", "mcl"),
    ("Verified by pharmacist J.Q.Z.", "J.Q.Z", "mcl"),
    ("Two-person bedside check: W. N. / B. A.", "W. N", "mcl"),
    ("Two-person bedside check: W. N. / B. A.", "B. A", "mcl"),
    ("Zenith Parlow, MD\nQB:mk", "QB", "m"),  # a colon's shorthand ("GU:WNL") looks the same in one case
    ("Zenith Parlow, MD\nJQ/TZ", "JQ", "c"),  # in a mixed-case note, two capitals pairs may be shorthand ("IV/PO")
]

# (sentence, the words that must stay untagged): clinical text in the same slots, in every letter case
NEGATIVES = [
    ("Meds given by PO route; fluids given by IV; pain controlled by PCA.", "PO"),
    ("Pt seen by MD, RN aware.", "MD"),
    ("Wound assessed by PT, OT to follow.", "OT"),
    ("Evaluated by ENT on 10/09/23, cleared by GI.", "ENT"),
    ("Taken by mouth. Seen by me at 1400.", "me"),
    ("D/W RN. RN to call. per MD. Pt A&O x3.", "RN"),
    ("Dose verified by pharmacy. Checked by RN, LPN.", "RN"),
    ("Verified by: RN", "RN"),
    ("Collected by: Lab", "Lab"),
    ("Specimen collected by IV at 0600.", "IV"),
    ("Processed by ED on 10/09/23.", "ED"),
    ("Assessment completed by SN on 10/21/2020.", "SN"),
    ("Labs drawn 10/21/2020, CBC", "CBC"),
    ("Last dose 10/21/2020, IV", "IV"),
    ("Weight by bed scale 10/21/2020, KG", "KG"),
    ("Follow up 11/02/2021 PRN", "PRN"),
    ("Family meeting 10/21/2020, SW", "SW"),
    ("Rx: amoxicillin 500 mg PO TID (ICU, RN)", "ICU"),
    ("Ablation to be scheduled by EP.", "EP"),
    ("Cardiac output measured by T.D. at noon.", "T.D"),
    ("Allergies: N.K.D.A.", "N.K.D.A"),
    ("Code status: D.N.R.", "D.N.R"),
    ("Medications taken p.o. b.i.d. and q.d.", "b.i.d"),
    ("Technologist: N/A", "N/A"),
    ("Blood product double check: Yes", "Yes"),
    ("Donor: none", "none"),
    ("Supervisor: notified of fall", "notified"),
    ("Traveler: no recent travel", "travel"),
    ("Employee: Full time", "Full"),
    ("Tenant: Lives alone", "Lives"),
    ("Chaperone: Present", "Present"),
    ("Boy Scouts troop visited.", "Scouts"),
    ("Girl tolerating feeds well.", "tolerating"),
    ("IV/po meds.", "po"),
    ("BP/hr stable.", "hr"),
    ("Foley in place. Swan removed.", "Swan"),
    ("Insulin drip checked by RN and MD.", "RN"),
    ("Set up by RT on 3/4 at 0400.", "RT"),
    ("Placed by IR on 2/2, flushed by RN.", "IR"),
    ("Transported by EMS to CT.", "EMS"),
    ("Toxo CNS lesions on MRI.", "Toxo"),  # "CNS" is no credential
    # an agency, a state or a payer after a step's "by"
    ("Approved by VA on 10/2.", "VA"),
    # a finding after its date at a line's end (no step of a record's handling on the line)
    ("Admitted 10/21/2020, MI", "MI"),
    ("Onset 10/21/2020, AF", "AF"),
    ("Dx 10/21/2020, PE", "PE"),
    ("Diagnosed 10/21/2020, DM", "DM"),
    ("Last echo 10/21/2020, EF", "EF"),
    ("Due 10/21/2020, TB", "TB"),
    # the brief's hard negatives around role words
    ("Ambulated in the hall, assisted by PT.", "PT"),
    ("Dose held per MD.", "MD"),
    ("Pt A&O x3, calm.", "A&O"),
    ("Seen by Dr. this afternoon.", "Dr."),
    # a verb whose object a credential names
    ("Pt stable. RN to call MD in am.", "call"),
    ("Will page NP if needed.", "page"),
    ("Please notify MD of any change.", "notify"),
    # an English word after a role
    ("Seen by RN DAY shift.", "DAY"),
    # a step's label before its result
    ("Delivered: SVD", "SVD"),
    ("Drawn: ART line", "ART"),
    ("Performed: CPR", "CPR"),
    ("Received: FFP", "FFP"),
    # a role's label before shorthand or a credential
    ("Tech: PCT", "PCT"),
    ("Tech: EKG done", "EKG"),
    ("Therapist: OT", "OT"),
    ("Provider: NP", "NP"),
    ("Preceptor: TBD", "TBD"),
    ("Student: BSN", "BSN"),
    ("Coordinator: SW", "SW"),
    # sides, routes, units and orders before a credential's comma
    ("Pulses: LT, RT equal.", "LT"),
    ("Edema LE, RT worse than left.", "LE"),
    ("Tolerating PO, RN to advance diet.", "PO"),
    ("Ambulated with PT, RN.", "PT"),
    ("Labs: BMP, CBC, RN", "CBC"),
    ("Foley d/c'd, UOP, RN", "UOP"),
    ("Plan per ICU, RN", "ICU"),
    ("Bed alarm on, OOB, RN", "OOB"),
    # an eponym before what it names in an examination
    ("Allen test negative before the radial stick.", "Allen"),
    ("Hawkins test positive.", "Hawkins"),
    ("Hoover sign present.", "Hoover"),
    ("Spurling maneuver reproduces pain.", "Spurling"),
    # a unit before a credential: "HD RN" is the dialysis nurse
    ("Dialysis performed by HD RN.", "HD"),
    ("Dialysis done (HD RN)", "HD"),
    ("Transplant teaching by TX RN.", "TX"),
    # a form's label before a clinical value
    ("Anesthesia: MAC with local", "MAC"),
    ("Admitting: Medicine service", "Medicine"),
    ("Driver: Medicaid van", "Medicaid"),
    ("Scrub: Betadine x3", "Betadine"),
    ("Perfusionist: Bypass time 92 min", "Bypass"),
    ("Liaison: Transplant office notified", "Transplant"),
]

# in a mixed-case note: lowercase lines before a credential that are notes, not signatures
LOWER_NEGATIVES = [
    ("pt resting comfortably, rn", "resting"),
    ("family updated at bedside, rn", "family"),
    ("see above, rn", "above"),
    ("pain mgmt, np", "mgmt"),
    ("dsg changed, rn", "dsg"),
    ("abx started, md", "abx"),
    ("lytes repleted, np", "lytes"),
    ("nutrition consult, rd", "nutrition"),
    ("d/c planning, msw", "planning"),
    ("iv access, rn", "access"),
    # (and an agency after a step's "by", where capitals tell it is an acronym)
    ("Reviewed by DSS on 10/2 per protocol.", "DSS"),
]


@pytest.mark.parametrize(("text", "phrase"), FORMS)
@pytest.mark.parametrize("case", ["m", "c", "l"])
def test_each_form_is_named_in_every_case(text: str, phrase: str, case: str) -> None:
    assert _named(text, phrase, case)


@pytest.mark.parametrize(("text", "phrase", "cases"), CASED_FORMS)
def test_some_forms_are_named_only_where_letter_case_tells(text: str, phrase: str, cases: str) -> None:
    for case in cases:
        assert _named(text, phrase, case), case


@pytest.mark.parametrize(("text", "phrase"), NEGATIVES)
@pytest.mark.parametrize("case", ["m", "c", "l"])
def test_clinical_text_in_the_same_slots_is_untagged(text: str, phrase: str, case: str) -> None:
    assert not _tagged(text, phrase, case)


@pytest.mark.parametrize(("text", "phrase"), LOWER_NEGATIVES)
def test_a_lowercase_note_line_before_a_credential_is_no_signature(text: str, phrase: str) -> None:
    assert not _tagged(text, phrase, "m")


def test_initials_span_only_the_letters() -> None:
    """The span covers the initials, not the credential after them or the full stop that closes them."""
    text = _FILL + "Dispensed by: TV, LPN\nVerified by pharmacist K.L.\n"
    found = {text[s.start : s.end] for s in analyze(text) if s.type is PhiType.NAME}
    assert {"TV", "K.L"} <= found
    assert not found & {"LPN", "TV, LPN", "K.L."}


_BOUND_TEXTS = [
    "Seen today.\nBOY DRUMMEL (TWIN B)\nName: Girl Pellworth\nBaby girl Ophira\nEMPLOYEE: KESTRAL, WINNOBY P\n",
    "Traveler: PELLWORTH, Ansgar\nDecedent: Corwin Ashgrove\nBoy Scouts visited.\nGirl tolerating feeds.\n",
]


@pytest.mark.parametrize("threshold", [-4.0, -1.0, 0.0, 1.0, 3.0])
def test_the_name_bound_stays_sound_on_these_forms(threshold: float) -> None:
    """A newborn's word at a line's start and the person labels add evidence the cheap bound must not miss."""
    texts = _BOUND_TEXTS + [t.upper() for t in _BOUND_TEXTS] + [t.lower() for t in _BOUND_TEXTS]
    for text in texts:
        tk = tokenize(text)
        for i0, j0, _ in _names(text, tk):
            i, j = trimmed(tk, i0, j0)
            if _cannot_reach(text, tk, i, j, threshold):
                assert name_score(text, tk, i, j) < threshold, text[tk.starts[i] : tk.ends[j - 1]]
