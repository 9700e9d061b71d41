"""Staff initials in the slots still missed (helper ``names9``).

Written from general knowledge of how specimen and pharmacy records, billing and release logs, bedside double
checks, vaccine administration tables and consent forms write who did what, not from any note: initials after a
record step's "by" (before "on" and a date, or ending their field), initials before a credential in brackets or after
a comma, a sign-off after a date (and a time) and a comma or a dash at a line's end, two checkers joined by a slash,
the initials column of a vaccine table aligned by blanks (after the route or the site), a consent item's initials
after a blank line or at the end of a numbered item. Every name and letter is invented.
"""

from __future__ import annotations

import pytest

from phigate.phi import PhiType, analyze
from tests.unit.phi.test_names6_general import _doc, _named, _tagged

_VAX = ("CVX 208  04/11/26  PFIZER   KW4410XT  R DELTOID IM  WJ   NMC\n"
        "CVX 150  04/11/26  SEQIRUS  AB2206    L DELTOID IM  W.Q.   NMC\n"
        "CVX 133  04/11/26  PFIZER   JF8832    L THIGH   IM  WJ   NMC\n")
_VAX_SC = ("Vaccine  Date      Lot       Route  Given by  Site\n"
           "MMR      03/02/26  QX81177   SC     BVW       KCH\n"
           "VAR      03/02/26  QX81190   SC     BVW       KCH\n")
_CONSENT = ("I consent to the release of the items I initial below:\n"
            "1. Substance use treatment records  ___ WXJ\n"
            "2. Genetic testing results  PVQ\n"
            "3. Psychotherapy notes ____ WXJ\n")

# (sentence, the initials in it): found in every letter case
FORMS = [
    # 1. after a record step's "by"
    ("ACCESSIONED BY WJX ON 2026-01-14", "WJX"),
    ("Specimen logged 3 Feb 2026 6:12 PM by KW", "KW"),
    ("Relinquished by: QV", "QV"),
    ("Aliquoted by NW on 02/03/2026", "NW"),
    ("Wasted by: P. X., RN", "P. X"),
    ("Sealed by BJ/ QN", "BJ"),
    ("Sealed by BJ/ QN", "QN"),
    ("Verlfied by ZW on 4/4/26", "ZW"),  # a scan's "l" for "i"
    # 2. initials before a credential in brackets or after a comma
    ("Nutrition consult by dietitian (WBX, RDN, CSO)", "WBX"),
    ("Polysomnographer: J.X., RPSGT", "J.X"),
    ("Profile reviewed (QNZ, PharmD)", "QNZ"),
    ("Weight taken. XW, CMA", "XW"),
    # 3. a sign-off after a date (and a time) and a comma or a dash at a line's end
    ("Sent to coding 4.11.26, WZ", "WZ"),
    ("Billed 11302025, QTX", "QTX"),
    ("Chart scanned 5/6/25 0915 - JQ", "JQ"),
    ("Released 2025-12-01 14:20, B.Q.", "B.Q"),
    # 4. two checkers joined by a slash
    ("Independent double check: QXB / WZ", "QXB"),
    ("Independent double check: QXB / WZ", "WZ"),
    ("Heparin drip verified by TJ / Q.W.", "TJ"),
    ("Heparin drip verified by TJ / Q.W.", "Q.W"),
    ("Dual sign-off: XQ/BW", "XQ"),
    ("Dual sign-off: XQ/BW", "BW"),
    # 5. a vaccine table's initials column aligned by blanks, after the route or the site
    (_VAX, "WJ"),
    (_VAX, "W.Q"),
    (_VAX_SC, "BVW"),
    # 6. a consent item's initials
    (_CONSENT, "WXJ"),
    (_CONSENT, "PVQ"),
    ("Photography of wounds ______ QXJ", "QXJ"),
    # 7. a custody table with two initials columns
    ("| From | # | Item | Time | To |\n| QWB | 1 | swab kit | 1410 HRS | ZJX |\n"
     "| QWB | 2 | blood tube | 1412 HRS | ZJX |\n| TXN | 3 | clothing bag | 1430 HRS | ZJX |", "QWB"),
    ("| From | # | Item | Time | To |\n| QWB | 1 | swab kit | 1410 HRS | ZJX |\n"
     "| QWB | 2 | blood tube | 1412 HRS | ZJX |\n| TXN | 3 | clothing bag | 1430 HRS | ZJX |", "ZJX"),
    ("| From | # | Item | Time | To |\n| QWB | 1 | swab kit | 1410 HRS | ZJX |\n"
     "| QWB | 2 | blood tube | 1412 HRS | ZJX |\n| TXN | 3 | clothing bag | 1430 HRS | ZJX |", "TXN"),
]

# (sentence, initials, the letter cases they are found in): where only letter case tells
CASED_FORMS = [
    ("Two nurse check: qj / wx", "qj", "mcl"),
    ("Two nurse check: qj / wx", "wx", "mcl"),
]

# (sentence, the words that must stay untagged): in every letter case
NEGATIVES = [
    # a step's "by" before a role, a route, a study, a place or the time of day
    ("Dose verified by MD at bedside", "MD"),
    ("Potassium given by PO route", "PO"),
    ("Fluids given by IV.", "IV"),
    ("Bleed confirmed by CT.", "CT"),
    ("Pt evaluated by ED.", "ED"),
    ("Labs collected by am.", "am"),
    ("Ablation recorded by EP team.", "EP"),
    ("Site checked by RN.", "RN"),
    ("Approved by VA.", "VA"),
    ("Labs checked by HO.", "HO"),
    ("Report processed by DCF on 3/2/26", "DCF"),
    ("Fluid removed by HD.", "HD"),
    # credentials together with no initials before them
    ("Consultant (MD, PhD) at bedside", "MD"),
    ("Consultant (MD, PhD) at bedside", "PhD"),
    ("Charge nurse (RN, BSN) aware", "RN"),
    ("Charge nurse (RN, BSN) aware", "BSN"),
    # a date and the time of day, a unit or a route at a line's end
    ("Received 3/2/21, AM", "AM"),
    ("Faxed 3/2/21 1400 - PM", "PM"),
    ("Reviewed 05/02/2025, IV", "IV"),
    ("Filed 05/02/2025 - NA", "NA"),
    # a slash between units, times, readings or routes
    ("Insulin 2 mg / mL verified", "mL"),
    ("Double check of heparin: units / hr", "hr"),
    ("Checked: AM / PM doses", "AM"),
    ("Checked: BP / HR stable", "BP"),
    ("Checked: BP / HR stable", "HR"),
    ("Verified by: PO / IV", "PO"),
    # a vaccine table's route, site, maker and clinic
    (_VAX, "IM"),
    (_VAX, "DELTOID"),
    (_VAX, "NMC"),
    (_VAX_SC, "SC"),
    (_VAX_SC, "KCH"),
    ("CVX 141  09/01/26  GSK  FX1138  L ARM  IM  MSD\nCVX 115  09/01/26  GSK  FX2201  R ARM  IM  MSD\n", "MSD"),
    ("CVX 141  09/01/26  GSK  FX1138  L ARM  IM  SC\nCVX 115  09/01/26  GSK  FX2201  R ARM  IM  SC\n", "SC"),
    # a blank line before a unit, a result or a word; a numbered list that is no consent
    ("Weight ___ kg", "kg"),
    ("Pain scale ___ NA", "NA"),
    ("Plan:\n1. Diurese with lasix  PRN\n2. Recheck potassium  AM\n", "PRN"),
    ("Plan:\n1. Diurese with lasix  PRN\n2. Recheck potassium  AM\n", "AM"),
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
def test_look_alikes_stay_untagged(text: str, phrase: str, case: str) -> None:
    assert not _tagged(text, phrase, case)


@pytest.mark.parametrize("case", ["m", "c", "l"])
def test_a_town_and_its_state_after_a_date_are_no_initials(case: str) -> None:
    """ "..., 3/2/21, NY": a two-letter state code after a town is never read as initials."""
    assert not _named("Records faxed from Ossington, 3/2/21, NY", "NY", case)


def test_lowercase_letters_in_a_mixed_case_note_need_both_sides() -> None:
    """Where case tells, one lowercase side of a slash is no checker ("Double check: QJ / mg")."""
    assert not _tagged("Double check: QJ / mg", "mg", "m")


def test_initials_span_only_the_letters() -> None:
    """The span covers the initials, not the clinic's letters after them nor the date before them."""
    doc, _, _ = _doc("Released 2025-12-01 14:20, B.Q.", "B.Q", "m")
    spans = [doc[s.start : s.end] for s in analyze(doc) if s.type is PhiType.NAME]
    assert "B.Q" in spans or "B.Q." in spans
