"""What an identifier found without a label of its own is, read from where it stands.

The patterns type a number by the label right before it. A document also says it by position: a column of a
table ("Member ID" over "KLP884210073"), or the topic of its line or card ("Insurance: ... / ID: JQX884217653",
"primary insurance Harbor PPO, ID W448213991"). This layer runs over the structured candidates in order and
gives such an identifier (found as a plain ``ID``) the type its surroundings name; it adds the table cells no
pattern found (an age of 95 under "Age") and a ZIP code closing an address line that names no state. (The places
layer reads an address's town and its ZIP code by the town's grammar, ``_places._town_and_zip``; this reader, from
the structured layer's addresses and by the line alone, keeps the ZIP codes whose town that grammar does not read:
a spelled state, a town of four words. Both may find one code: overlap resolution keeps one span.)
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator

from phigate.phi._types import PhiType
from phigate.phi.recognizers._lexicon import lexicon

Candidate = tuple[int, int, PhiType, str]

# a topic word (or two) in the line or the card of an unlabelled identifier -> the identifier's type; looked up
# word by word, so each identifier costs a split of its line
_TOPIC_WORDS: dict[PhiType, str] = {
    PhiType.HEALTH_PLAN: "insurance insurer ins payer payor health_plan medicaid medicare member subscriber policy "
                         "beneficiary hmo ppo epo "
                         # the largest US payers, named on a card or a line of a registration
                         "bcbs blue_cross blue_shield aetna cigna humana anthem unitedhealth unitedhealthcare "
                         "united_health united_healthcare uhc kaiser tricare champva molina centene wellcare ambetter",
    PhiType.DEVICE: "pacemaker defibrillator icd implant pump transmitter cgm stimulator neurostimulator hearing_aid "
                    "serial s/n udi imei equipment",
    PhiType.VEHICLE: "vehicle plate vin",
    PhiType.BIOMETRIC: "biometric fingerprint voiceprint voice_id iris retina palm_vein",
}
_TOPIC = {word.replace("_", " "): typ for typ, words in _TOPIC_WORDS.items() for word in words.split()}
_TOPIC_WORD = re.compile(r"[a-z]+(?:/[a-z]+)?")
# a line that is only a generic label and its value ("ID: JQX884217653", "#: 4481"): its topic is the card's
_GENERIC_LABEL = re.compile(r"[ \t]*(?:id|identifier|no\.?|number|#)[ \t]*[:#]?[ \t]*$", re.IGNORECASE)
_CARD_LINES = 3  # lines above a generic label read for the card's topic
_REACH = 240  # characters read back at most: a line or a card, never the whole of a text without line breaks

# a table's header cell -> the type of the cells under it
_COLUMNS: tuple[tuple[PhiType, re.Pattern[str]], ...] = tuple(
    (typ, re.compile(rf"(?:{words})(?:[ \t]*(?:#|no\.?|number|id))?", re.IGNORECASE)) for typ, words in (
        # (branch ids4: more of the headers registration lists, claim forms and device logs print)
        (PhiType.ID, r"id|identifier|case|file|specimen|accession|requisition|order|employee|badge|student|"
                     r"tracking|reference|confirmation|incident|pcr"),
        (PhiType.HEALTH_PLAN, r"member(?:[ \t]+id)?|subscriber(?:[ \t]+id)?|policy|group|grp|insurance[ \t]+id|"
                              r"medicaid(?:[ \t]+id)?|medicare(?:[ \t]+id)?|mbi|beneficiary(?:[ \t]+id)?|"
                              r"plan(?:[ \t]+id)?|hicn?|cert(?:ificate)?|coverage(?:[ \t]+id)?|enrollee(?:[ \t]+id)?"),
        (PhiType.DEVICE, r"serial|s/n|sn|udi|device[ \t]+id|imei|asset(?:[ \t]+tag)?|equipment(?:[ \t]+id)?"),
        (PhiType.VEHICLE, r"plate|licen[sc]e[ \t]+plate|vin|tag"),
        (PhiType.BIOMETRIC, r"biometric(?:[ \t]+id)?|fingerprint(?:[ \t]+id)?|voiceprint(?:[ \t]+id)?"),
        (PhiType.MRN, r"mrn|medical[ \t]+record|mr|patient(?:[ \t]+id)?|pt[ \t]+id|chart|record|pid|empi|"
                      r"hospital[ \t]+(?:#|no\.?|number)|hosp[ \t]*(?:#|no\.?)|med[ \t]+rec"),
        (PhiType.LICENSE, r"licen[sc]e|lic|dl|cdl|driver'?s[ \t]+licen[sc]e|dea|npi|passport"),
        (PhiType.SSN, r"ssn|ss#|social[ \t]+security"),
        (PhiType.PHONE, r"phone|telephone|tel|cell|mobile|pager"),
        (PhiType.FAX, r"fax"),
        (PhiType.ZIP, r"zip|zip[ \t]?code|postal[ \t]+code"),
        (PhiType.ACCOUNT, r"account|acct|fin|encounter|enc|csn|visit|claim|har|billing|invoice"),
        (PhiType.AGE, r"age(?:[ \t]*\((?:yrs?|years?|y)\))?"),
        # an address's columns (branch places4): "Street | City | ZIP" over "14 Quarry Lane | Dunholt | 04011"
        (PhiType.ADDRESS, r"street|street[ \t]+address|address|addr|address[ \t]+line[ \t]*1|home[ \t]+address"),
        (PhiType.LOCATION, r"city|town|county|municipality|city/town|pharmacy|employer|school|agency|"
                           r"place[ \t]+of[ \t]+birth|birthplace|birth[ \t]+place"),
    )
)
# a place's column holds words, no digit; never a form's value ("Town | unknown")
_WORDS_CELL = re.compile(r"[A-Za-z][A-Za-z .'&-]{1,39}")
_FORM_VALUES = frozenset(["unknown", "none", "n/a", "na", "same", "same as above", "self", "other", "home", "declined"])
_CELL_SPLIT = re.compile(r"[ \t]*\|[ \t]*|\t+")
_SPACED_SPLIT = re.compile(r"[ \t]{2,}")
_HL7_LINE = re.compile(r"[A-Z][A-Z0-9]{2}\|")
_DIGIT = re.compile(r"\d")
_ZIP_AFTER_ADDRESS = re.compile(r"(?:[^\n\d]{1,60}?|[^\n\d]{0,40}\n[^\n\d]{1,60}?)\b(\d{5}(?:-\d{4})?)\b(?![\d.,/-]\d)")
_LINE_END = re.compile(r"[ \t]*(?:[\n,;]|\Z)")


def _cells(line: str, at: int) -> list[tuple[int, int]]:
    """Spans of a table row's cells (offsets into the whole text), each stripped: cells between bars or tabs, or, in
    a row with neither, between runs of two spaces or more (a fixed-width printout: "MRN      DOB" over "448812
    01/02/1950"; a header's cells are then short, see ``_header``)."""
    if _HL7_LINE.match(line):
        return []
    split = _CELL_SPLIT if ("|" in line or "\t" in line) else _SPACED_SPLIT if "  " in line else None
    if split is None:
        return []
    spans = []
    pos = 0
    for m in [*split.finditer(line), None]:
        end = len(line) if m is None else m.start()
        cell = line[pos:end]
        if cell.strip():
            lead = len(cell) - len(cell.lstrip())
            spans.append((at + pos + lead, at + pos + len(cell.rstrip())))
        pos = len(line) if m is None else m.end()
    return spans


def _header(text: str, cells: list[tuple[int, int]]) -> dict[int, PhiType]:
    """A header row's typed columns: cells of words only, at least one naming what its column holds."""
    if any(_DIGIT.search(text[a:b]) or text.count(" ", a, b) > 2 for a, b in cells):
        return {}
    return {i: typ for i, (a, b) in enumerate(cells) for typ, pattern in _COLUMNS
            if pattern.fullmatch(text, a, b)}


# a record's, an account's, a licence's or any other number under its column holds three digits or more: a column
# headed "Case" or "Chart" may also count ("Case | Outcome" over "2 | healed")
_NUMBERED = frozenset([PhiType.ID, PhiType.MRN, PhiType.ACCOUNT, PhiType.LICENSE])


def _numbered(cell: str) -> bool:
    return len(_DIGIT.findall(cell)) >= 3


def table_cells(text: str) -> Iterator[tuple[int, int, PhiType]]:
    """The cells under a typed header column, row by row, until a row of another width or a blank line."""
    if "|" not in text and "\t" not in text and "  " not in text:
        return
    header: dict[int, PhiType] = {}
    width = 0
    at = 0
    for line in text.split("\n"):
        # (a fixed-width row is read only under a header, and a header holds no digit: most lines of prose are skipped)
        spaced = "|" not in line and "\t" not in line
        skip = spaced and ("  " not in line or (not header and _DIGIT.search(line) is not None))
        cells = [] if skip else _cells(line, at)
        if len(cells) < 2:
            header = {}
        elif header and len(cells) == width:
            for i, typ in header.items():
                a, b = cells[i]
                if typ is PhiType.LOCATION:
                    if _WORDS_CELL.fullmatch(text, a, b) and text[a:b].lower() not in _FORM_VALUES:
                        yield a, b, typ
                elif _DIGIT.search(text, a, b) and b - a <= (60 if typ is PhiType.ADDRESS else 40) and (
                        typ not in _NUMBERED or _numbered(text[a:b])):
                    yield a, b, typ
        else:
            header, width = _header(text, cells), len(cells)
        at += len(line) + 1


def _topic(text: str, start: int) -> PhiType | None:
    """The type the line before ``start`` names, or (after a generic "ID:") the card above it names."""
    floor = max(0, start - _REACH)
    line_start = text.rfind("\n", floor, start) + 1 or floor
    before = text[line_start:start]
    if _GENERIC_LABEL.fullmatch(before):
        top = line_start
        for _ in range(_CARD_LINES):
            if top <= floor or text[top - 2 : top] == "\n\n":
                break
            top = text.rfind("\n", floor, top - 1) + 1 or floor
        before = text[top:start]
    words = _TOPIC_WORD.findall(before.lower())
    for i, word in enumerate(words):
        typ = _TOPIC.get(word) or (_TOPIC.get(f"{word} {words[i + 1]}") if i + 1 < len(words) else None)
        if typ is not None:
            return typ
    return None


def _age(text: str, a: int, b: int) -> bool:
    value = text[a:b]
    return value.isdigit() and 89 < int(value) <= 125


def _zip_after(text: str, address_end: int) -> tuple[int, int] | None:
    """A ZIP code closing the line of an address or the line under it ("14 Quarry Lane, Pell Harbor 04011",
    "14 Quarry Lane\nDunholt 04011"), when it is a real one or ends its line."""
    m = _ZIP_AFTER_ADDRESS.match(text, address_end)
    if m is None:
        return None
    # a code no list holds counts when it closes its line, as the last part of an address does; on the line under
    # the street only so
    closes = _LINE_END.match(text, m.end(1)) is not None
    if not closes and ("\n" in text[address_end : m.start(1)] or m.group(1)[:5] not in lexicon().zip_codes):
        return None
    return m.span(1)


_CALLS = (PhiType.PHONE, PhiType.FAX)


class _Covered:
    """Spans already found, asked whether a span overlaps any of them in logarithmic time (a table of thousands of
    rows once made that question quadratic): among the spans starting before ``b``, the furthest end passes ``a``."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach = list(itertools.accumulate((e for _, e in ordered), max))

    def overlaps(self, a: int, b: int) -> bool:
        i = bisect.bisect_left(self._starts, b)
        return i > 0 and self._reach[i - 1] > a


def placed(text: str, found: Iterable[Candidate]) -> Iterator[Candidate]:
    """``found`` (the structured candidates, in order) with each plain ``ID`` typed by its column or topic, then
    the typed table cells and the ZIP codes after addresses that no candidate covers."""
    columns = {(a, b): typ for a, b, typ in table_cells(text)}
    taken: list[tuple[int, int]] = []
    zips: list[tuple[int, int]] = []
    for start, end, typ, layer in found:
        if typ is PhiType.ADDRESS:
            z = _zip_after(text, end)
            if z is not None:
                zips.append(z)
        taken.append((start, end))
        if typ is PhiType.ID:
            placed_type = columns.get((start, end)) or _topic(text, start) or typ
        elif typ in _CALLS and columns.get((start, end)) in _CALLS:  # a number under "Fax" is a fax
            placed_type = columns[(start, end)]
        else:
            placed_type = typ
        yield start, end, placed_type, layer
    more = [(a, b, t) for (a, b), t in columns.items() if t is not PhiType.AGE or _age(text, a, b)]
    more += [(a, b, PhiType.ZIP) for a, b in zips]
    covered = _Covered(taken)
    for a, b, typ in more:
        if not covered.overlaps(a, b):
            yield a, b, typ, "context"
