"""Names and initials in event logs and interpreter tables (helper ``names10``).

Written from general knowledge of how race-day medical tent logs, interpreter service logs and timed treatment
tables are kept, not from any note: initials closing each log entry after " - ", a person between a runner's or a
room's number and an age with a sex letter, initials in a pipe table's column after the interpreting modality, the
operator's initials ending each row of a timed treatment table, a nickname in quotes inside a name. Every name and
letter is invented.
"""

from __future__ import annotations

import pytest

from tests.unit.phi.test_names6_general import _named, _tagged

_TENT = ("11:05 bib 2741 leg cramps at mile 18, oral fluids - WZ | 11:20 bib 603 dizzy, lay down - TQX | "
         "11:48 bib 88 blister dressed - WZ | 12:02 bib 1440 released - bvq")
_TENT_LINES = ("0915 runner 31 nausea, rested - XKB\n0930 runner 77 abrasion cleaned - ZW\n"
               "0952 runner 12 walked out - XKB\n")
_TERP = ("| 09:10 | 09:45 | on-site | WQZ | 99406 | Dr. Ebbit |\n"
         "| 10:05 | 10:30 | VRI | XTB | 99407 | Dr. Ebbit |\n"
         "| 11:15 | 11:40 | phone | WQZ | 99408 | Dr. Ebbit |\n")
_TIMED = ("| 30 min | TcPO2 22 mmHg | ZVK |\n| 60 min | TcPO2 29 mmHg | ZVK |\n"
          "| 90 min | TcPO2 35 mmHg | QXW |\n")

# (sentence, the name in it): found in every letter case
FORMS = [
    # 1. initials closing a log's entries after " - "
    (_TENT, "WZ"),
    (_TENT, "TQX"),
    (_TENT_LINES, "XKB"),
    (_TENT_LINES, "ZW"),
    # 2. a person between an id and an age with a sex letter
    ("bib 7312 Dravenko, Ysolde P 58F EAH", "Dravenko, Ysolde"),
    ("runner 4410 Gorvath Quillet 33M collapsed", "Gorvath Quillet"),
    ("Room 12 Ozwick Jr 80M", "Ozwick"),
    # 3. initials in an interpreter log's column after the modality
    (_TERP, "WQZ"),
    (_TERP, "XTB"),
    # 4. a nickname in quotes inside a name
    ('Client: Brannoc "Wiz" Tellavy', 'Brannoc "Wiz" Tellavy'),
    ('Seen with Ysolde "Sol" Marrabeck today', 'Ysolde "Sol" Marrabeck'),
    # 5. the operator's initials ending each row of a timed treatment table
    (_TIMED, "ZVK"),
    (_TIMED, "QXW"),
]

# (sentence, initials, the letter cases they are found in): where only letter case tells
CASED_FORMS = [
    ("bib 3310 ardo velquist 44m", "ardo velquist", "cl"),
]

# (sentence, the words that must stay untagged): in every letter case
NEGATIVES = [
    # a route, a result or the time of day closing log entries
    ("0800 potassium given - PO | 0900 fluids started - IV | 1000 pain score - NA", "PO"),
    ("0800 potassium given - PO | 0900 fluids started - IV | 1000 pain score - NA", "IV"),
    ("0800 potassium given - PO | 0900 fluids started - IV | 1000 pain score - NA", "NA"),
    ("0800 check - ok | 0900 check - ok | 1000 labs due - AM", "ok"),
    ("0800 check - ok | 0900 check - ok | 1000 labs due - AM", "AM"),
    # one dash at a line's end is no log
    ("Plan reviewed with team - ABG\nFollow up in clinic", "ABG"),
    # clinical words between a number and an age with a sex letter
    ("Bed 12 ICU 62M", "ICU"),
    ("Transfused 2 units PRBC 71F", "PRBC"),
    ("x 3 days 45F", "days"),
    # a language, a modality or a unit in an interpreter table
    ("| 09:10 | on-site | ASL | 99406 |\n| 10:05 | VRI | ASL | 99407 |\n", "ASL"),
    ("| 09:10 | on-site | phone | 99406 |\n| 10:05 | VRI | video | 99407 |\n", "phone"),
    # a route or a result ending timed rows
    ("| 30 min | dose given | PO |\n| 60 min | dose given | PO |\n", "PO"),
    ("| 30 min | site check | OK |\n| 60 min | site check | OK |\n", "OK"),
    # quoted words that are no nickname
    ('Pt states "dizzy" when standing', "dizzy"),
    ('Label reads "Fragile" Handle with care', "Fragile"),
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


def test_ocr_noise_in_the_dash_keeps_the_sign_off() -> None:
    """A scan's long dash or double hyphen before the initials still closes the entry."""
    text = "11:05 fluids given \u2014 WZ | 11:20 dressed -- TQX | 11:48 walked out - WZ"
    assert _named(text, "TQX", "m") and _named(text, "WZ", "m")
