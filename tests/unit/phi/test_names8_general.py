"""Staff initials in more slots, and words read as names that are not (helper ``names8``).

Written from general knowledge of how chain-of-custody and specimen logs, nursing-home and court records, call logs
and signatures write who did what, not from any note: initials alone in a log table's column (a pipe table, or one
aligned by blanks under "Init" or "Collected by"), right after a staff role noun ("CNA", "aide", "clerk", "scribe",
"operator", "dispatcher", "interpreter", "courier" ...) or a step's "by", and between a log line's time stamp and
dash and the credential and colon that open its entry. Against: the parties of a published court case, a record's
heading words ("triage:", "plan:"), fellowship and certification credentials after "MD," or "RN,", an officer's
rank abbreviation (a title before the surname, never a name itself). Every name and letter is invented.
"""

from __future__ import annotations

import pytest

from tests.unit.phi.test_names6_general import _named, _tagged

_LOG = ("| 1 | throat swab | 0930 hrs | VX |\n| 2 | BLOOD CARD | 09:45 AM | G.H. |\n"
        "| 3 | stool cup | 1005 | VX |")
_SPACED = "Sample          Time      Initials\nsputum cup      1130      YF\nwound swab      1142      D.Z.\n"

# (sentence, the name in it): found in every letter case
FORMS = [
    # a log table's column: other rows hold initials there, or its header says who did the step
    (_LOG, "VX"),
    (_LOG, "G.H"),
    ("| Step | Time | Collected by |\n| sealed | 1310 | DW |", "DW"),
    ("| Item | Rec'd | Time |\n| kit 4 | NZ | 1500 |", "NZ"),
    ("| Dose | Route | Time | Init |\n| 5 mg | PO | 0800 | QZ |\n| 2 mg | IV | 1200 | TB |", "QZ"),
    ("| Item | lnit |\n| kit 9 | WF |", "WF"),  # a scan's "l" for "I"
    (_SPACED, "YF"),
    (_SPACED, "D.Z"),
    ("Specimen     Collected by    Time\nurine        BW              0800\n", "BW"),
    # after a staff role noun, or a step's "by"
    ("CNA WX last saw resident at 0200.", "WX"),
    ("Fall observed by aide N.Q. in the hall.", "N.Q"),
    ("Notes by court clerk QWZ", "QWZ"),
    ("Scribe: LK", "LK"),
    ("Dispatcher ZT took the call.", "ZT"),
    ("Interpreter QB present for consent.", "QB"),
    ("Phlebotomist HW drew the labs.", "HW"),
    ("Courier VN picked up the cooler.", "VN"),
    ("Transcriptionist JDW", "JDW"),
    ("Consent witnessed by aide M.D. at bedside.", "M.D"),  # a credential's letters in a person's slot
    # a log line's time stamp, a dash, then initials before the credential and colon that open the entry
    ("2026-04-11 16:20 - VT RN: call from son", "VT"),
    ("6:40 PM - K.Y. MSW: family meeting set", "K.Y"),
    ("1115 - QJ LPN: message left for callback", "QJ"),
    ("l4:10 - JX CM: insurance called back", "JX"),  # a scan's "l" for "1"
]

# (sentence, name, the letter cases it is found in): where only letter case tells
CASED_FORMS = [
    ("Transcribed by j.k.", "j.k", "mcl"),
    ("apr 9 2026 1115 - w.n. lpn: message left", "w.n", "mcl"),
    ("Chart verified by xkp (charge rn) today.", "xkp", "mcl"),
]

# (sentence, the words that must stay untagged): in every letter case
NEGATIVES = [
    # columns of routes, units, frequencies, results and states
    ("| Med | Route | Freq |\n| lasix | IV | BID |\n| kcl | PO | TID |\n| asa | PO | QD |", "PO"),
    ("| Med | Route | Freq |\n| lasix | IV | BID |\n| kcl | PO | TID |\n| asa | PO | QD |", "TID"),
    ("| Test | Result | Flag |\n| WBC | 7.2 | N |\n| HGB | 9.1 | LO |\n| PLT | 88 | LO |", "LO"),
    ("| Test | Result |\n| ABG | done |\n| EKG | NSR |\n| CXR | clear |", "NSR"),
    ("| Site | State |\n| north | MA |\n| south | NH |", "MA"),
    ("| Volume | Unit |\n| 250 | ML |\n| 500 | ML |", "ML"),
    ("| Dose | Route | Time | Init |\n| 5 mg | PO | 0800 | NA |", "NA"),
    # role nouns before a service, a language, a shift or a study
    ("Interpreter ASL used for the visit.", "ASL"),
    ("Aide PM shift to assist with bath.", "PM"),
    ("Tech CT done, read pending.", "CT"),
    ("CNA to assist with transfer.", "to"),
    ("Witness NA", "NA"),
    ("Seen by MD today, RN aware.", "MD"),
    ("Tech EKG done at 0800.", "EKG"),
    # log lines whose "initials" are a route or a reply
    ("0800 - PO RN: meds given", "PO"),
    ("0915 - IV RN: site clean", "IV"),
    # parties of a published court case
    ("Per policy (Quillan v. Dorsey, 414 U.S. 212 (1978)) the form is kept.", "Quillan v. Dorsey"),
    ("Counsel cited Brandt v. Ellery, 92 F.3d 501, to the family.", "Brandt v. Ellery"),
    ("See Tolland vs. Vance (1999) for the standard.", "Tolland vs. Vance"),
    ("Ruling in Marsh v. Kellan, 31 N.E.2d 77.", "Marsh v. Kellan"),
    # a record's heading words mid-line
    ("Pt called back; triage: advised to call 911 if worse.", "triage"),
    ("Seen in clinic; plan: recheck in 2 wk; outcome: stable.", "plan"),
    ("Seen in clinic; plan: recheck in 2 wk; outcome: stable.", "outcome"),
    ("Message taken; disposition: home care; callback: tomorrow.", "disposition"),
    ("Message taken; disposition: home care; callback: tomorrow.", "callback"),
    ("Chart verified by QX (TRIAGE RN).", "TRIAGE"),
    # fellowship and certification credentials after a signature's credential
    ("Hollis Wren, MD, FAAP, FACEP", "FAAP"),
    ("Hollis Wren, MD, FAAP, FACEP", "FACEP"),
    ("Ansel Quade, MD, DABFM", "DABFM"),
    ("Imra Dane, RN, CEN, CPEN, SANE-A", "CEN"),
    ("Imra Dane, RN, CEN, CPEN, SANE-A", "SANE-A"),
    ("Imra Dane, RN, SANE-P", "SANE-P"),
    # an officer's rank is a title, never a name
    ("Ofc. Pellham took the report.", "Ofc."),
    ("Sgt. Varrow notified.", "Sgt."),
    ("Det. Quarrington called the unit.", "Det."),
    ("Dep. Halloran escorted the pt.", "Dep."),
    ("Dep. edema 2+ in both legs.", "edema"),
]

# (sentence, the name the title introduces): found in every letter case
RANKED = [
    ("Ofc. Pellham took the report.", "Pellham"),
    ("Sgt. Varrow notified.", "Varrow"),
    ("Det. Quarrington called the unit.", "Quarrington"),
    ("Hollis Wren, MD, FAAP, FACEP", "Hollis Wren"),
]


@pytest.mark.parametrize(("text", "phrase"), FORMS + RANKED)
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
