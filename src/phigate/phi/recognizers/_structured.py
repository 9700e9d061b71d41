"""Validated patterns for structured identifiers, found in one pass of a single RE2 automaton.

RE2 runs in time linear in the input whatever the text, so no input can make these patterns backtrack.
Each named group is a candidate; a validator then checks it (SSN rules, real calendar dates, NANP numbers,
VIN check digits, Luhn) and the surrounding words (``BP 120/80`` is not a date; ``7/10 pain`` is a score).
"""

from __future__ import annotations

import bisect
import functools
import ipaddress
import itertools
import re
from collections.abc import Callable, Iterator
from typing import Any

import re2

from phigate.phi._types import PhiType
from phigate.phi.recognizers._lexicon import lexicon
from phigate.phi.recognizers._words import NOT_ID_LABELS, NOT_STREET_WORDS, STOP, STREET_WORDS, WORDLIKE_STATES

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORD = r"(?:st|nd|rd|th)"
_STATES = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
    "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR",
    "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR",
]
_OCR_STATES = "|".join(st.replace("O", "[O0]") for st in _STATES)  # ("0K": a scan's O read as a zero)
_CASELESS_STATES = "|".join(st for st in _STATES if st.lower() not in WORDLIKE_STATES)
# the older abbreviations newspapers and letters use (a dot after each, "N.Y." in two)
_AP_STATES = ("ala|ariz|ark|calif|cal|colo|conn|del|fla|ill|ind|kan|kans|mass|mich|minn|miss|mont|neb|nebr|nev|okla|"
              r"ore|oreg|penn|tenn|tex|wash|wis|wisc|wyo|n\.[hjmycd]|r\.i|s\.[cd]|w\.va")
_STATE_NAMES = (
    "alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|hawaii|"
    "idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|michigan|"
    "minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|new mexico|"
    "new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|"
    "south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|"
    "wisconsin|wyoming"
)
_STREET = "(?:" + "|".join(sorted(STREET_WORDS)) + ")"
_ID = r"[A-Za-z0-9](?:[A-Za-z0-9]|[-/.](?:[A-Za-z0-9])){2,29}"
# the marker that makes an English word a label ("Case #:", "Auth No.", "Rx number"): consumed with what follows it
# up to the identifier, so the label's closing word boundary falls right before the identifier
_MARKER = r"(?:#|no\.?|num(?:ber)?\.?|id|identifier)[\s:#]{0,3}"
# label words -> the type of the identifier that follows them
_LABELS: dict[str, str] = {
    # (branch ids7) "Patient ID: MRN 448812": the record number's short form after its other label is no part of it
    "mrn": r"(?:patient|pt|person|client|resident)\.?\s+id(?:entifier)?[\s:#]{0,3}[ce]?mrn|"
    r"[ce]?mrn|medical\s+rec(?:ord)?(?:\s+(?:number|no))?|med\s+rec|chart|unit\s+(?:number|no)|"
    # a health or unit record number ("HRN", "URN")
    r"hrn|urn|"
    r"patient\s+id|pt\s+id|hospital\s+(?:number|no)|record|empi|emr|ehr|"
    # "MR#:", "MR No.", "Patient #", "Hosp #" ("Mr." alone is a title)
    rf"(?:mr|patient|pt|hosp(?:ital)?|unit|chart|enterprise|resident)\s{{0,2}}{_MARKER}|"
    # (branch ids4) the record number's other labels: "M.R.N.:", "Med. Rec. #", "Pt. No.", "Hosp. No.", "Reg No",
    # "PID:", "Person ID", "Client ID", "Resident ID", "Patient Identifier"
    rf"m\.r\.n\.[\s:#]{{0,4}}|(?:pt|hosp|med\.?\s{{0,2}}rec|reg)\.\s{{0,2}}{_MARKER}|reg\s{{0,2}}{_MARKER}|"
    r"pid\s{0,2}[:#][\s:#]{0,3}|(?:person|client|resident|patient)\s+(?:id|identifier)",
    # (branch ids7) a label, then its short form: "Medicare MBI 1EG4-TE5-MK73", "Medicare HICN ..." (else "MBI 1EG4"
    # is read as the value's capitals and first group)
    "plan": r"medicare\s{1,2}(?:mbi|hicn)|"
    r"member\s+id|member|subscriber(?:\s+id)?|policy|health\s+plan(?:\s+id)?|insurance\s+id|"
    r"beneficiary(?:\s+id)?|medicaid(?:\s+id)?|medicare(?:\s+(?:beneficiary\s+)?id)?|group|grp|plan\s+id|hicn|mbi|"
    # (a card's RxBIN and RxPCN name the pharmacy claims processor, the same on every member's card: not the
    # member's; its RxGrp is the employer's group, as "Group #")
    r"medicare\s+beneficiary|rx\s?(?:grp|group)|"
    # (branch ids4) "HIC #", "Enrollee ID", "Participant ID", "Subscr #", "Sub ID", "Coverage ID"
    rf"hic\s{{0,2}}{_MARKER}|enrollee(?:\s+id)?|participant\s+id|subscr\.?\s{{0,2}}{_MARKER}|sub\.?\s+id|"
    r"coverage\s+id|"
    # the insured person's id under its other names, and the public programmes by name
    r"insured(?:'?s)?\s+id|(?:policy|card)\s?holder(?:\s+id)?|medi-?cal(?:\s+id)?|tricare(?:\s+id)?|"
    rf"champva(?:\s+id)?|plan\s{{0,2}}{_MARKER}|recipient\s{{0,2}}{_MARKER}|pol\.?\s{{0,2}}{_MARKER}|"
    r"(?:hmo|ppo|epo)\s+id|feca(?:\s+number)?|"
    r"(?:(?:insurance|member|plan)\s+)?id\s+card|"  # (branch ids9) "ID card 88120-Q4471"
    # (branch ids6) "Ins ID", "Ins. #", "Insurance No." ("ins" alone is shorthand: a label only with its marker)
    rf"ins\.?\s{{0,2}}{_MARKER}|insurance\s{{0,2}}{_MARKER}|"
    # words that are also English or counts ("in case 100 mg", "auth pending"): a label only with its marker
    rf"(?:prior\s+)?auth(?:orization)?\s{{0,2}}{_MARKER}|(?:pre-?)?cert(?:ification)?\s{{0,2}}{_MARKER}",
    # (branch ids7) "Acct: FIN 86327", "Account # CSN 4471": the second label's short form is no part of the value
    "account": r"(?:account|acct|encounter|visit|billing)\.?[\s:#]{0,3}(?:fin|csn|har)|"
    r"account|acct|billing\s+(?:number|no|id)|invoice|encounter|visit\s+(?:number|no|id)|fin|claim|"
    # (branch ids4) Epic's contact serial number and hospital account record, "Enc #", "Visit #", "Guarantor #",
    # "Statement #", "Admission #"
    rf"csn|(?:har|enc|visit|billing|statement|guarantor|admission|adm)\.?\s{{0,2}}{_MARKER}|guarantor\s+(?:acct|account)|"
    # (branch ids9) "Enc: 38816420-227", "Enc. 4471", "Acct/Enc 66219-88" ("cnc:": a scan's "e" read as "c")
    r"(?:(?:acct|account)\s?/\s?)?enc(?:\.|\s{0,2}:)[\s:#]{0,3}|(?:acct|account)\s?/\s?enc",
    # ("p1ate", "platc": OCR)
    "vehicle": r"licen[sc]e\s+p[l1]at[ec]s?|p[l1]at[ec]s?|vin|tag|vehicle\s+id|lp\s{0,2}[#:][\s:#]{0,3}|"
    r"plate\s?/\s?state|state\s?/\s?plate|"
    r"(?:vehicle|car|auto)\s+reg(?:istration)?",
    "license": r"licen[sc]e|lic|dea|npi|certificate|cert|passport|driver'?s\s+licen[sc]e|"
    r"board\s+certification|registration|"
    # (branch ids4) "DL: S4482...", "DL# ...", "DL No.", "CDL", "Lic. No.", "State ID"
    r"dl\s{0,2}[:#][\s:#]{0,3}|dl\s{0,2}no\b\.?[\s:#]{0,3}|cdl|lic\.\s{0,2}(?:#|no\.?|num(?:ber)?\.?)[\s:#]{0,3}|"
    # (branch ids6) "ME Lic. 448812", "Lic.: RN448812": the abbreviation's dot, then the number; a licensed
    # credential and "#" after a signature ("Jo Vell, RN #448812")
    r"lic\.[ \t]{0,2}:?[ \t]{1,2}|lic\.:|(?:rn|lpn|lvn|cna|aprn|np|pa-c|rph|lcsw|emt|cnm|crna)\s{0,2}#[\s:#]{0,3}|"
    r"state\s+id(?:\s+card)?",
    # a device's own serial, not its model or catalogue number (those name a product, not a patient's device)
    # (branch ids7) "serial SN 17-61812L": the serial's short form after the word
    # (branch ids9) "Infusion pump serial SN 26-44019T": the device's noun before them (else "pump serial" takes "SN")
    "device": r"(?:(?:device|implant|pump|transmitter|sensor|cgm|generator|monitor)\s+)?serial\s{1,2}(?:s/n|sn)|"
    r"serial(?:\s+(?:number|no))?|serials|serial\s+(?:numbers|nos\.?)|s/n|sn|s\.n\.[\s:#]{0,4}|device|"
    r"lot\s?/\s?(?:serial|sn|s/n)|"
    r"serial\s?/\s?lot|udi|udi[\s\-]?(?:di|pi)|imei|"
    rf"imei\s?/\s?meid|meid|esn|ser\.?\s{{0,2}}{_MARKER}|asset(?:\s{{0,2}}{_MARKER})?|asset\s+tag|"
    r"(?:device|implant|pacemaker|defibrillator|icd|pump|transmitter|sensor|cgm|(?:neuro)?stimulator|generator|"
    r"hearing\s+aid|monitor)\s+(?:id|serial|s/n|sn)",
    # a biometric identifier's label: a print ("fingerprint", "voice print"), a scan, template or pattern of a body
    # part ("retina scan", "iris template", "palm vein pattern", "facial recognition template"), or "biometric ..."
    "biometric": r"(?:finger|thumb|voice|palm|face|hand)[\s\-]?prints?(?:\s+(?:id|template|scan|record))?|"
    r"(?:retina[l]?|iris|facial|face|palm(?:\s+vein)?|finger(?:\s+vein)?|vein|hand(?:\s+geometry)?|voice|gait|dna)"
    r"(?:\s+recognition)?\s+(?:scan|template|code|pattern|signature|profile|sample|enrol(?:l?ment)?|record|image)"
    r"(?:\s+(?:id|template))?|hand\s+geometry\s+id|(?:facial|face|voice|iris)\s+recognition\s+(?:id|identifier|no|#)|"
    r"template(?:\s+(?:id|no|number|#))?"
    r"|biometric(?:\s+(?:id|identifier|template|record|enrol(?:l?ment)?))?",
    # "SSN", "SS#", "Social Security No.", "Soc. Sec. #", "soc sec"; then, for a masked number, the part given
    # ("SSN (last four):", "SSN last 4", "SSN ending in")
    "ssnlabel": r"ssn(?:-?l?4)?|social\s+(?:security|insurance)(?:\s+(?:number|no))?|itin|s\.s\.n\.[\s:#]{0,4}|"
    rf"ss\s?{_MARKER}|soc(?:ial)?\.?\s{{1,2}}sec(?:urity)?\b"
    r"(?:\.?[\s:#]{0,5}(?:no\b\.?|num(?:ber)?\b\.?)?[\s:#]{0,3})?",
    "pager": r"pag[ec]r|b[ec][ec]p[ec]r|pgr|pg|bleep",  # ("pagcr": a scan's "e" read as "c")
    # ("REF 5076-52" on a device's label is its catalogue number: "ref" is a label only with its marker, and not on
    # a line that names a product: see ``_labelled``)
    "other": r"job|dictation|accession|accn|specimen|requisition|confirmation|reference|tracking|badge|"
    # (a jail's or a funeral home's number of the person: "Booking #", "Inmate No.", "Decedent #")
    rf"(?:case|rx|prescription|order|ticket|referral|episode|contract|ref|req\.?|booking|inmate|detainee|offender|"
    rf"decedent|docket)\s{{0,2}}{_MARKER}",
}
_LABEL_TYPE = {
    "mrn": PhiType.MRN,
    "plan": PhiType.HEALTH_PLAN,
    "account": PhiType.ACCOUNT,
    "license": PhiType.LICENSE,
    "vehicle": PhiType.VEHICLE,
    "device": PhiType.DEVICE,
    "biometric": PhiType.BIOMETRIC,
    "ssnlabel": PhiType.SSN,
    "pager": PhiType.PHONE,
    "other": PhiType.ID,
}
# an identifier after its label may be printed in groups ("XQH 448 213 991", "W 1234 5678"): each group after the first
# holds a digit and is written in capitals, so the words after an identifier ("MRN 12345 admitted") stay out
_ID_GROUP = r" (?:[A-Z0-9]{0,4}\d[A-Z0-9]{1,4}|[A-Z]{1,4}\d)\b"
# an identifier holds a digit: a label followed by a word ("Medicare Beneficiary Identifier") is not one yet
# (a GS1 UDI written without its brackets runs past 40 characters)
_DIGIT_ID = (r"(?:[A-Za-z]{1,8}[-/.]?){1,3}\d(?:[A-Za-z0-9]|[-–/.][A-Za-z0-9]){1,46}"
             r"|\d(?:[A-Za-z0-9]|[-–/.][A-Za-z0-9]){2,46}")
# in lower case the groups are digits only ("xqh 448 213 991"), so "member of 20 years" is no identifier
_GROUPED_ID = (rf"(?:{_DIGIT_ID})(?:{_ID_GROUP}){{0,4}}|[A-Z]{{1,3}}(?:{_ID_GROUP}){{1,4}}"
               r"|[a-z]{1,3}(?: \d{3,5}){2,4}\b|\d{2,4}(?: \d{3,5}){2,4}\b")  # ("44 812 093")
# (branch ids8) a biometric id in dashed groups after its prefix, in any case: "IR 55-0913", "ir 55-0913"
_BIO_DASHED = r"[A-Za-z0-9]{1,4} \d[A-Za-z0-9]{1,8}(?:[-/.][A-Za-z0-9]{1,8}){1,3}\b"
# a plate is often written in two groups ("4KT 882", "ABC 1234"): the second group holds a digit; so is a biometric
# template's id, a prefix in capitals and a number ("VP 5521", not "scan done 3x")
_LABEL_ID = {"vehicle": rf"\d{{1,3}} [A-Z]{{2,3}} \d{{2,4}}\b|[A-Za-z0-9]{{1,4}} [A-Za-z]{{0,3}}\d[A-Za-z0-9]{{0,6}}\b"
                        rf"|\d{{3,4}} [A-Za-z]{{2,4}}\b|{_ID}",
             "biometric": rf"{_BIO_DASHED}|[A-Z0-9]{{1,4}} \d[A-Za-z0-9]{{0,8}}\b|{_GROUPED_ID}",
             # (branch ids7) a record's or an account's number in pairs of digits after its label: "MRN 13 77 81"
             "mrn": rf"{_GROUPED_ID}|\d\d(?: \d\d){{2,3}}\b",
             "account": rf"{_GROUPED_ID}|\d\d(?: \d\d){{2,3}}\b"}
# an identifier in dashed groups after a letter prefix ("XU-8837-439", "FT-56004-87") is one, whole
_IDCODE = (r"\b[A-Za-z]{2,5}-\d{3,6}-\d{2,8}\b|\b\d{7,12}[A-Za-z]\d?\b"  # (a letter after: "448213991A")
           # (a suffix after a slash, as a record's copy or a member's dependant: "43491030/05")
           r"|\b[A-Za-z]{1,5}[\-]?\d{5,15}[A-Za-z]?\b|\b\d{3,6}-\d{3,8}(?:-\d{1,8}){0,2}\b|\b\d{7,20}(?:/\d\d?)?\b"
           r"|\b\d{2,8}[A-Za-z]{1,4}\d{3,10}\b")
# any word and a number's marker, then an identifier: "Employee ID: 448213", "Kit # 448213", "File No. 44-1190",
# "Incident # 26-118234" (a form numbers many things; ``_any_label`` drops products and counts). Found apart from
# the RE2 scan, from the markers (a pattern starting at every word made RE2's automaton a tenth larger): the marker
# ("#", "No.", "Number", "ID"; a word's own end is no marker: "fluid 1000"), the word before it, the value after.
# (the markers followed by a value's start, found by a small RE2 automaton of their own: linear and quick)
_ANY_MARK_PATTERN = (r"(?:#|(?i:\b(?:no\b\.?|num\b\.?|number\b|id\b|identifier\b)))"
                     r"[ \t]{0,2}[:#|]?[ \t]{0,2}#?[ \t]{0,2}(?:[A-Za-z]+[\-.]?)?\d")


@functools.cache
def _any_mark() -> Any:
    return re2.compile(_ANY_MARK_PATTERN.encode())


def _mark_starts(text: str) -> list[int]:
    """Character offsets of the markers followed by a value's start, searched on the UTF-8 bytes as the main scan is
    (a lone surrogate becomes one "?" byte)."""
    data = text.encode("utf-8", "replace")
    starts = [m.start() for m in _any_mark().finditer(data)]
    if len(data) == len(text):
        return starts
    out, char_at, byte_at = [], 0, 0
    for at in starts:
        char_at += len(data[byte_at:at].decode("utf-8", "replace"))
        byte_at = at
        out.append(char_at)
    return out


_ANY_MARK = re.compile(r"#|(?i:\b(?:no\b\.?|num\b\.?|number\b|id\b|identifier\b))")
_ANY_WORD = re.compile(r"\b[A-Za-z][A-Za-z\-]*(?:\.?[ \t]{0,2}|\.)\Z")
# (in digit groups, "Inmate # 445 236 94"; with a slash's suffix, "Booking No. 43491030/05")
_ANY_ID = r"\d{2,4}(?: \d{2,5}){1,3}\b|(?:[A-Za-z]+[\-.]?)?\d[A-Za-z0-9]*(?:[\-./][A-Za-z0-9]+)*\b"
_ANY_VALUE = re.compile(rf"[ \t]{{0,2}}[:#|]?[ \t]{{0,2}}#?[ \t]{{0,2}}({_ANY_ID})")
_BIO_WORDS = r"(?:(?:finger|thumb|voice|palm|face)[ \t\-]?prints?|retina[l]?|iris|palm[ \t]vein|facial|biometrics?)"
# after the label: a marker ("#", "No.", "Number", "ID", "Identifier"), its short form in brackets ("Medical Record
# Number (MRN):"), then a colon
_LABEL_TAIL = (r"\s{0,3}(?:#|no\.?|num(?:ber)?\.?|id|identifier|code)?\s{0,2}(?:\([A-Za-z#0-9]{2,6}\)\s{0,2})?"
               # a number given in part: "SSN (last four): 4471", "SSN last 4 4471", "VIN ending in 004352"
               r"(?:(?:[:#]\s{0,2})?\(?\s?(?:last|final)\s{0,2}(?:4|four|5|five|6|six)(?:\s{1,2}digits)?\s?\)?\s{0,2}"
               r"|\(l4\)\s{0,2}"
               r"|end(?:ing|s)\s{1,2}(?:(?:in|with)\s{1,2})?)?"
               # a key-value row's bar ("MRN | 448812"), a printed form's dot leaders ("MRN.....448812"), brackets;
               # "serial number is 44812A9"; "Plate - ME"
               # ("MRN was noted as 448812", "serial number was recorded as ...")
               # (a form aligns its values: "MRN:          448812")
               # (a dash of a word processor, "MRN — 448812"; a quoted value, 'MRN: "448812"')
               # (a record's field: '"mrn": "448812"', "<MRN>448812")
               r"[\">]?(?:[:#=|]|[-–—]\s|\.\.+)?(?:\s{0,3}|[ \t]{4,})[(\[\"]?#?(?:(?:is|was|reads)\s{1,2}"
               r"(?:(?:recorded|noted|listed|given|documented)\s{1,2})?(?:as\s{1,2})?)?")


# the unit after a street, up to two of them: "Apt 3B", "Bldg C, Apt 3", "#3B", "Lot 12" (a trailer park), "2nd Floor"
# (a word, then its number or letter: ", Sterkmanbury" is a town, not "Ste rkmanbury")
_UNIT_WORDS = r"(?:(?:apt|apartment|unit|suite|ste|bldg|building|fl|floor|lot|trlr|trailer|spc|space|rm|room)\b\.?|#)"
_UNIT_TAIL = (rf"(?:,?[ \t]{{1,2}}(?:{_UNIT_WORDS}[ \t]{{0,2}}#?[ \t]{{0,2}}"
              r"(?:[A-Za-z\-]{0,4}\d[A-Za-z0-9\-]{0,6}|[A-Za-z])\b"
              r"|\d{1,2}(?:st|nd|rd|th)[ \t]{1,2}(?:floor|fl)\b)){0,2}")
_MBI_L = "[AC-HJKMNP-RT-Yac-hjkmnp-rt-y]"
_MBI_A = "[0-9AC-HJKMNP-RT-Yac-hjkmnp-rt-y]"
_ADDRESS = (r"(?i:\b(?:\d{1,6}(?:[A-Za-z]|-[A-Za-z]|[ \t]1/2)?|one|two|three|four|five|six|seven|eight|nine|ten)"
            # ("12B", "14-B", "14 1/2", "One Quarry Lane")
            rf"(?:[ \t]{{1,2}}[NSEW]\.?)?(?:[ \t]{{1,2}}[A-Za-z0-9'\-]+){{1,4}}"
            rf"[ \t]{{1,2}}{_STREET}\b\.?(?:[ \t]{{1,2}}[NSns][EWew]\b\.?)?{_UNIT_TAIL})")  # "4th Ave NW"
_UNITS_WORDS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_AGE_WORDS = (rf"(?:ninety(?:[ \t\-]{{1,2}}(?:{_UNITS_WORDS}))?|(?:one[ \t]{{1,2}}|a[ \t]{{1,2}})?hundred"
              rf"(?:(?:[ \t]{{1,2}}and)?[ \t\-]{{1,2}}(?:{_TEENS}|twenty(?:[ \t\-]{{1,2}}(?:one|two|three|four|five))?"
              rf"|{_UNITS_WORDS}))?)")
_DAY_WORDS = (r"(?:(?:twenty|thirty)[ \t\-]{1,2})?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
              r"tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|"
              r"nineteenth|twentieth|thirtieth")
_DAY_WORDS = rf"(?:{_DAY_WORDS})"
_HOLIDAYS = "|".join([
    # religious and cultural feasts and observances name days too
    r"hanukk?ah", r"chanukk?ah", r"passover", r"rosh[ \t]{1,2}hashan?ah", r"yom[ \t]{1,2}kippur", r"purim",
    r"ramadan", r"eid(?:[ \t\-]{1,2}al[ \t\-]{1,2}(?:fitr|adha))?", r"diwali", r"kwanzaa", r"juneteenth",
    r"(?:lunar|chinese)[ \t]{1,2}new[ \t]{1,2}year", r"mardi[ \t]{1,2}gras", r"ash[ \t]{1,2}wednesday",
    r"palm[ \t]{1,2}sunday", r"boxing[ \t]{1,2}day", r"christmas[ \t]{1,2}morning", r"thanksgiving[ \t]{1,2}weekend",
    r"(?:memorial|labou?r)[ \t]{1,2}day[ \t]{1,2}weekend", r"super[ \t]{1,2}bowl[ \t]{1,2}sunday",
    r"christmas(?:[ \t]{1,2}(?:eve|day))?", r"xmas", r"thanksgiving(?:[ \t]{1,2}day)?",
    r"new[ \t]{1,2}years?['’]?s?[ \t]{1,2}(?:eve|day)", r"new[ \t]{1,2}year['’]s", r"easter(?:[ \t]{1,2}sunday)?",
    r"independence[ \t]{1,2}day", r"fourth[ \t]{1,2}of[ \t]{1,2}july", r"memorial[ \t]{1,2}day",
    r"labou?r[ \t]{1,2}day", r"veterans['’]?[ \t]{1,2}day", r"halloween", r"valentine['’]?s[ \t]{1,2}day",
    r"mother['’]?s[ \t]{1,2}day", r"father['’]?s[ \t]{1,2}day", r"good[ \t]{1,2}friday",
    r"(?:martin[ \t]{1,2}luther[ \t]{1,2}king|mlk)(?:[ \t]{1,2}jr\.?)?[ \t]{1,2}day",
    r"presidents['’]?[ \t]{1,2}day", r"columbus[ \t]{1,2}day", r"st\.?[ \t]{1,2}patrick['’]?s[ \t]{1,2}day",
])


_SCAN_MISREAD = {"e": "[ec]", "l": "[l1]", "i": "[il1]", "o": "[o0]"}


def _scanned(words: str) -> str:
    """A label's words as a scan may misread them ("Seria1 No", "Po1icy", "Membcr ID"): each e, l, i and o outside
    a character class and not escaped matches its usual misreadings too."""
    out: list[str] = []
    in_class = escaped = False
    for ch in words:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif in_class:
            out.append(ch)
            in_class = ch != "]"
        elif ch == "[":
            out.append(ch)
            in_class = True
        elif ch in {"(", "?"}:
            out.append(ch)
        else:
            out.append(_SCAN_MISREAD.get(ch, ch))
    return "".join(out)


# (branch ids8) a person's noun after an age in words: "a ninety-three widow", "ninety-six member"
_PERSON_NOUN = _scanned(r"(?:widow|widower|member|man|woman|resident|patient|veteran|gentleman|lady|female|male|"
                         r"client|enrollee|beneficiary|decedent)")  # ("vcteran": a scan's "e" read as "c")


# (branch ids9) a relative in a family history, as a scan may misread the word ("Unc1e", "Fathcr")
_FAMILY = _scanned(r"mother|father|mom|dad|sister|brother|sibling|aunt|uncle|grandmother|grandfather|grandma|grandpa|"
                   r"cousin|[mp]gm|[mp]gf")


_SPACES, _FIELD_SPACES = r"\s+", r"[\s_]+"


def _pattern(*, classifier: bool = False) -> str:
    return "|".join(_alternatives(classifier=classifier))


def _label_alternatives() -> list[str]:
    """One alternative per labelled identifier, in priority order: the label's words, its tail, the value."""
    # (the words of a label may be joined by underscores, as a record's field names them: "patient_id", "member_id")
    return [rf"(?i:\b(?:{_scanned(words).replace(_SPACES, _FIELD_SPACES)})\b{_LABEL_TAIL})"
            rf"(?P<{name}>{_LABEL_ID.get(name, _GROUPED_ID)})"
            for name, words in _LABELS.items()]


def _alternatives(*, classifier: bool = False) -> list[str]:
    """The alternatives in priority order. ``classifier``: the form Python's ``re`` runs on each hit, where the
    labelled identifiers sit behind one look-ahead for a letter (each label is a word), so that a hit starting
    with a digit or a sign skips all eight at once instead of failing each; RE2 has no look-ahead."""
    labels = "|".join(_label_alternatives())
    alts = [
        r"(?P<email>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)",
        r"(?P<url>(?i:https?://|ftp://|www\.)[^\s<>\"'()\[\]]+)",
        # a network card's MAC address ("00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "001a.2b3c.4d5e"): a device's
        r"(?P<mac>\b[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}\b|\b[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}\b"
        r"|\b[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\b"
        r"|(?i:\bmac(?:[ \t]{1,2}address)?[ \t]{0,2}[:#=]?[ \t]{0,2})[0-9A-Fa-f]{12}\b)",
        # IPv6: compressed ("fe80::1c2:3d4", "2001:db8::1": "::" in the middle, so clock times never match), or not
        r"(?P<ipv6>\b(?:[0-9A-Fa-f]{1,4}:){1,6}:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5}\b"
        r"|\b(?:[0-9A-Fa-f]{1,4}:){2,7}(?::|[0-9A-Fa-f]{1,4})(?::[0-9A-Fa-f]{1,4}){0,6}\b"
        # with an IPv4 address in its last 32 bits: "::ffff:192.0.2.1", "64:ff9b::198.51.100.7"
        r"|(?:\b[0-9A-Fa-f]{1,4}|:)(?::[0-9A-Fa-f]{0,4}){1,6}:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b)",
        # a device's UDI: GS1 with its application identifiers in brackets ("(01)<GTIN>(17)<expiry>(21)<serial>"),
        # or HIBCC ("+H629CIC4150U1/$$0812123456")
        # (after its label too, which would otherwise read "(01)" as the label's short form: "UDI (01)...")
        r"(?P<udi>(?:(?i:\bud[il1]\b)[ \t]{0,2}[:#]?[ \t]{0,2})?"
        r"(?P<udiv>\(01\)\d{14}(?:\(\d{2,4}\)[A-Za-z0-9\-./]{1,20}){0,6}"
        r"|\+[A-Za-z][A-Za-z0-9]{3}[A-Za-z0-9]{2,18}(?:/[$+%A-Za-z0-9]{1,40}){0,4}))",
        r"(?P<ipv4>\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b)",
        # a plate named in a sentence: "the plate number was reported as ABC 1234", "plate reads 4KTR19"
        r"(?P<platewin>(?i:\b(?:licen[sc]e[ \t]{1,2})?plates?(?:[ \t]{1,2}(?:number|no\.?|#))?[ \t]{1,2}"
        r"(?:is|was|reads?|shows?|of)(?:[ \t]{1,2}(?:reported|noted|recorded|given|listed))?(?:[ \t]{1,2}as)?"
        r"[ \t]{1,2})(?P<plateid>[A-Z0-9]{1,4}[ \-]?[A-Z0-9]{2,5})\b)",
        # labelled identifiers first: the label decides the type
        rf"(?=[^\W\d_])(?:{labels})" if classifier else labels,
        # (branch ids7) a case's, an incident's or a report's number without its marker, in the shape agencies give
        # it, a year's two or four digits, a dash and a serial, a short prefix before it: "case 25-783103", "ME case
        # ME25-7761", "Case: 2026-000412", "Incident 26-004471" ("case 2 of 3", "in case 10-1500 mL", "report
        # 2019-2024 data" are none: see ``_case_number``)
        # (branch ids8) a payer named in a sentence, then its number: "my insurance is Aetna number W88312047 21",
        # "insurance was Medicaid #: ..." ((branch ids9) "insurance: Orvane Care # 77120-4491"); a coverage's
        # programme, then the member's number: "Coverage: CHIP 48812093KD" (a plan's id holds a digit; see
        # ``_labelled``)
        r"(?P<payer>(?i:\b[il1]nsuranc[ec](?:[ \t]{1,2}(?:is|was|=)|[ \t]{0,2}:)[ \t]{1,2}"
        r"(?:[A-Za-z][A-Za-z0-9&.'\-]*[ \t]{1,2}){1,3}"  # (branch ids9: a scan's "Ve1quor")
        r"(?:number|no\b\.?|num\b\.?|#|id|member[ \t]id)[ \t]{0,2}[:#]?[ \t]{0,2}"
        r"|\bc[o0]v[ec]rag[ec][ \t]{0,2}:?[ \t]{0,2}(?:chip|medicaid|medicare|medi-?cal|tricare|champva|hmo|ppo|epo)"
        r"[ \t]{0,2}[:#]?[ \t]{0,2})"
        rf"(?P<payv>{_GROUPED_ID}))",
        r"(?P<casenum>(?i:\b(?:cas[ec]|incid[ec]nt|r[ec]port|complaint)(?:[ \t]{1,2}|[ \t]{0,2}:[ \t]{0,2}))"
        r"(?P<casev>(?:[A-Za-z]{1,3}-?)?(?:19|20)?\d\d-\d{4,7})\b)",
        # after a telephone's label, the forms the number pattern leaves: ten digits run together ("Mobile:
        # 2075550142"), a local seven ("Call 555-0142"), an area code before a slash ("Tel. 207/555-0142")
        r"(?P<phonelabel>(?i:\b(?:phone|ph|tel|telephone|cell|cellphone|mobile|mob|fax|facsimile|call|contact|"
        r"home|work|office|daytime|evening)\b\.?(?:[ \t]{0,2}(?:#|no\b\.?|number))?[ \t]{0,2}[:#]?[ \t]{0,3})"
        # ("Phone: 555 0142"; a number abroad: "020 7946 0958", "07700 900123")
        r"(?P<phnum>(?:\(?\d{3}\)?/\d{3}-\d{4}|1?\d{10}|0\d{2,4}[ \t]\d{3,6}(?:[ \t]\d{3,4})?|\d{3}[\-. ]\d{4})"
        r"(?:,?[ \t]{0,2}(?i:ext(?:ension)?|x)\.?:?[ \t]{0,2}"
        r"\d{1,6})?"
        r"|(?i:x)[ \t]?\d{4,5})\b)",  # (branch ids6) an extension alone: "Tel. x4431", "Office: x 4431"
        # a biometric word, a few words ("template on file", "(left index)"), then the identifier after a colon
        # (branch ids8: the biometric words as a scan may misread them, "voiccprint", "lris")
        rf"(?P<biowin>(?i:\b{_scanned(_BIO_WORDS)}\b[^\n.;:\d]{{0,40}}?(?:[:#=]|\b(?:id|no|number|ref|reference|hash|code)\b|"
        r"\b(?:user|template|enrol(?:l?ment)?|record|pr[o0]f[il1][l1][ec])\b(?:[ \t]{1,2}(?:id|no\b\.?|number|#))?)"
        r"[ \t]{0,3}[:#=]?[ \t]{0,3}#?)"
        rf"(?P<bioid>{_BIO_DASHED}|{_GROUPED_ID}))",  # (branch ids8: dashed)
        r"(?P<ssn>\b\d{3}[\-–]\d{2}[\-–]\d{4}\b|\b\d{3} \d{2} \d{4}\b)",  # (an en dash from a word processor)
        # the last four of an SSN named before them: "last 4 of SSN 4471", "last four of her social: 4471"
        r"(?P<ssnlast>(?i:\blast[ \t]{1,2}(?:4|four)(?:[ \t]{1,2}digits)?[ \t]{1,2}of[ \t]{1,2}(?:(?:the|her|his|their|"
        r"patient'?s|pt'?s)[ \t]{1,2})?(?:ssn|ss#|social(?:[ \t]{1,2}security)?(?:[ \t]{1,2}(?:number|no\.?|#))?)"
        r"[ \t]{0,2}[:#(,]?[ \t]{0,2}(?:is[ \t]{1,2}|was[ \t]{1,2})?)(?P<ssn4>\d{4})\b)",
        # a device's own id right after the device's name: "Transmitter: 8G4K2L", "CGM transmitter 8G4K2L", "RFID
        # 4481X7" (an id with a digit; "Pump: 4 mL/hr", "CPAP 10cm" are settings)
        r"(?P<devnoun>(?i:\b(?:transmitter|sensor|generator|pump|pacemaker|defibrillator|implant|(?:neuro)?stimulator|"
        r"loop[ \t]recorder|rfid(?:[ \t]tag)?|hearing[ \t]aid|wheelchair|concentrator|aicd|lvad|crt-?[dp])\b"
        r"(?:[ \t]{0,2}[:#]{1,2}|[ \t]{0,2}\(?(?:l|r|left|right)\)?)?[ \t]{0,3})"
        r"(?P<devid>[A-Za-z\-]{0,12}\d[A-Za-z0-9\-]{2,20}|\d[A-Za-z0-9\-]{3,20})\b)",
        # (branch ids6) a maker's or model's word between a serial's label and the serial: "serial CADD 90-58985M",
        # "S/N: Medtronic PJN448812H" (the label's own pattern wants the serial right after it)
        r"(?P<makerserial>(?i:\b(?:s[ec]r[il1]a[l1](?:[ \t]{1,2}(?:number|n[o0]\b\.?|#))?|s/n|sn)\b\.?"
        r"[ \t]{0,2}[:#]?[ \t]{0,2})"
        r"[A-Za-z][A-Za-z0-9\-]{1,15}[ \t]{1,2}(?P<msv>[A-Za-z]{0,4}\d[A-Za-z0-9]*(?:[\-./][A-Za-z0-9]+){0,4})\b)",
        # a Social Security number masked but for its last four, as forms print it: "XXX-XX-4471", "***-**-4471"
        r"(?P<ssnmask>(?:\b[Xx]{3}|\*{3}|#{3})[ \-.]?(?:[Xx]{2}|\*{2}|#{2})[ \-.]?\d{4}\b"
        r"|(?:\b[Xx]{5}|\*{5}|#{5})\d{4}\b)",
        # "(207) 555-0142", "(207)-555-0142", "207 - 555 - 0142", "207–555–0142"
        r"(?P<phone>(?:\+?1[\s.\-]?)?(?:\(\d{3}\)[ \t]?-?[ \t]?|\b\d{3}(?:[ \t]?[\-–][ \t]?|[\s.]))\d{3}"
        r"(?:[ \t]?[\-–][ \t]?|[\s.])?\d{4}"
        r"(?:,?\s{0,2}(?i:ext(?:ension)?|x)\.?:?\s{0,2}\d{1,6}\b"
        # (branch ids6) in brackets or after a dash: "207-555-0142 (x4319)", "(ext. 4319)", "X-4319"
        r"|[ \t]{0,2}\((?i:ext\.?|x)[ \t\-]?\d{3,6}\)|[ \t]{0,2}(?i:x)-\d{3,6}\b|\b))",
        # an extension on its own: "Ext. 4471", "extension 22310"
        r"(?P<ext>(?i:\bext(?:ension)?\b\.?[ \t]{0,2}[:#]?[ \t]{0,2})\d{3,6}\b)",
        # (branch ids6) an extension after a paging or calling verb and up to three words: "paged x4736", "Paged
        # Dr. Roe at x4736", "call x 4319" (a count is "x 3 days", "x2": one or two digits)
        r"(?P<pagex>(?i:\b(?:pag[ec][dr]?|paging|pgr|beeper|bleep(?:ed)?|ca[l1][l1](?:[ec]d)?|reach(?:ed)?|dial(?:ed)?)\b"
        r"(?:[ \t]{1,2}[A-Za-z][A-Za-z'\-]{0,20}\.?){0,3}?[ \t]{1,2}(?:(?:at|on|to)[ \t]{1,2})?)"
        r"(?P<pgxv>(?i:x)[ \t]?\d{4,5})\b)",
        # (a pager's own number without the x, only after a paging verb: "page 4-1187", "paged 44712")
        r"(?P<pagenum>(?i:\b(?:pag[ec][ds]?|paging|pgr|beep(?:ed)?|bleep(?:ed)?)\b"
        r"(?:[ \t]{1,2}[A-Za-z][A-Za-z'\-]{0,20}\.?){0,3}?[ \t]{1,2}(?:(?:at|on|to)[ \t]{1,2})?)"
        r"(?P<pgnv>\d-\d{4}|\d{5})\b)",
        r"(?P<intlphone>\+\d{1,3}(?:[\s.\-]?\(?\d{1,4}\)?){2,5}\b)",
        # a birth date and the age it gives, in brackets: "DOB: 01/02/1930 (92)" (both found: the date and the age)
        r"(?P<dobage>(?P<dobdate>\b[0-3]?\d[/\-.][0-3]?\d[/\-.](?:19|20)\d\d|\b(?:19|20)\d\d-[01]\d-[0-3]\d)"
        r"[ \t]{0,6}\((?P<dageu>(?P<dage>\d{2,3})(?:[ \t]{0,2}(?i:y|yo|y/o|yrs?|years?))?)\))",  # ("(93 y)")
        r"(?P<compactdate>\b(?:19|20)\d\d[01]\d[0-3]\d(?:[0-2]\d[0-5]\d(?:[0-5]\d)?)?\b)",
        r"(?P<isodate>\b(?:19|20)\d\d-[01]?\d-[0-3]?\d(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d)?)?\b"
        r"|\b(?:19|20)\d\d/[01]?\d/[0-3]?\d\b|\b(?:19|20)\d\d\.[01]\d\.[0-3]\d\b)",  # "2026/12/06", "2026.12.06"
        r"(?P<datepair>\b[01]?\d/[0-3]\d/[01]?\d/[0-3]\d\b)",  # two dates back to back: "10/03/10/04"
        r"(?P<numdate>\b[01]?\d[/.\-][0-3]?\d[/.\-](?:\d{4}|\d{2})\b)",
        r"(?P<dmynum>\b[0-3]?\d[/.\-][01]?\d[/.\-](?:\d{4}|\d{2})\b)",
        r"(?P<shortdate>\b[01]?\d/[0-3]?\d\b)",
        r"(?P<monthyear>\b[01]?\d/[3-9]\d\b)",
        r"(?P<monthyear4>\b[01]?\d[/\-](?:19|20)\d\d\b)",  # "12/2026", "03-2019": a month of a year
        rf"(?P<dmy>(?i:\b[0-3]?\d{_ORD}?(?:\s+of)?[\s\-]{{1,2}}{_MONTH}\b\.?(?:,?[\s\-]{{1,2}}(?:\d{{4}}|'?\d{{2}})\b)?))",
        # a day, a month's three letters and a year run together, as pharmacies and military records write them:
        # "04MAR2019", "4Mar19"
        r"(?P<dmycompact>(?i:\b[0-3]?\d(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)(?:\d{4}|\d{2})\b))",
        # "Dec 6, 2026", "Dec-06-2026", "December the 6th", "Dec. 6 '26"
        rf"(?P<mdy>(?i:\b{_MONTH}\b\.?(?:\s{{0,2}}|[\-/]|\s{{1,2}}the\s{{1,2}})[0-3]?\d{_ORD}?\b(?:-[0-3]?\d\b)?"
        r"(?:,?[\s\-/]{1,2}(?:\d{4}\b|['’]\d\d\b))?))",
        # a day in words: "the sixth of December", "December twenty-first"
        rf"(?P<wordday>(?i:\b(?:the\s{{1,2}})?{_DAY_WORDS}\s{{1,2}}of\s{{1,2}}{_MONTH}\b|\b{_MONTH}\b\.?"
        rf"\s{{1,2}}(?:the\s{{1,2}})?{_DAY_WORDS}\b))",
        rf"(?P<my>(?i:\b{_MONTH}\b\.?(?:,?\s{{1,2}}(?:of\s)?|[\-/])(?:(?:19|20)\d\d\b|['’]\d\d\b)))",
        # "the 6th", "the 6th of December, 2026"
        rf"(?P<ordinal>(?i:\bthe\s{{1,2}}[0-3]?\d{_ORD}\b(?:\s{{1,2}}of\s{{1,2}}{_MONTH}\b\.?"
        r"(?:,?\s{1,2}(?:19|20)\d\d\b)?)?))",
        # a season of a year: "winter 2025", "spring of '24", "Fall, 2019"
        r"(?P<season>(?i:\b(?:winter|spring|summer|fall|autumn)\b,?\s{1,2}(?:of\s{1,2})?(?:(?:19|20)\d\d|['’]\d\d)\b))",
        # "Age: 93", "Age (yrs): 93", "Age in years: 93", "93 y/o", "92yoF", "93yF", "92 y.o.f.": the sex too
        # (no word boundary after a dot: Python's fullmatch of the span cannot see the character after it)
        r"(?P<age>(?i:\b(?:ag[ec][ds]?|ag[ec]d|age\(s\))(?:\s{0,2}\((?:yrs?|y[ec]ars?|y)\)|\s{1,2}in\s{1,2}(?:years|yrs?)|"
        r"\s{1,2}of\s{1,2}(?:the\s{1,2})?(?:patient|pt)|\s{1,2}(?:is|was)|\s{1,2}(?:at|on)\s{1,2}(?:admission|visit|presentation|"
        # (a field of a record: "age=94", '"age": 94', "<Age>94")
        r"diagnosis|dx|onset|surgery|injury|enrol(?:l?ment)?|death)|\s{1,2}(?:at|on)(?:\s{1,2}[a-z]+){1,3}\s{0,2}:)?[\"'>]?\s{0,2}(?:[:=~\-–—|]|\.\.+|__+)?\s{0,2}[\"(]?\d{2,3}\b"
        # (branch ids7) "93 years of age": the whole phrase, as "93 years old"
        r"(?:\.\d\b)?(?:\s{0,2}(?:y[ec]ars?|yrs?|y/o|yo|y)\b(?:[\s\-]{0,2}old\b|\s{1,2}of\s{1,2}age\b)?)?"
        # ("94 y.o." before "94 y": the longer form first)
        r"|\b\d{2,3}\s{0,2}(?:-\s?)?(?:y\.o\b(?:\.(?:[mf]\b\.?)?)?"
        r"|(?:y[ec]ars?|yrs?|y/o[mf]?|yo[wb]?[mf]?|yoa|y[mf]?)"  # ("94 YOWF")
        r"(?:[\s\-]{0,2}old|\s{1,2}of\s{1,2}age)?\b)))",
        # "Age/Sex: 92/F", "F/92": an age beside the sex, as headers give them
        r"(?P<agepair>(?P<pairage>\b\d{2,3})[ \t]{0,2}/[ \t]{0,2}(?:[MFmf]|(?i:female|male|woman|man))\b)",
        r"(?P<sexpair>\b[MFmf][ \t]?/[ \t]?(?P<pairage2>\d{2,3})\b)",
        # an age over 89 named by its decade: "a nonagenarian", "centenarian"
        r"(?P<agenoun>(?i:\b(?:nonagenarian|centenarian|supercentenarian)s?\b))",
        # "turned 92", "her 92nd birthday", "a woman of 93"
        r"(?P<agecue>(?i:\b(?:turn[ec]d|turns|turning|celebrated|(?:at[ \t]{1,2})?(?:the[ \t]{1,2})?age[ \t]{1,2}of|"
        r"(?:wo)?man[ \t]{1,2}of|gentleman[ \t]{1,2}of|lady[ \t]{1,2}of|patient[ \t]{1,2}of|"
        # a death's age: "died at 97", "passed away at age 96", "Age at death: 97"
        r"(?:died|passed[ \t]{1,2}away|deceased|death)[ \t]{1,2}at(?:[ \t]{1,2}age(?:[ \t]{1,2}of)?)?|"
        r"lived[ \t]{1,2}to|"
        r"age[ \t]{1,2}at[ \t]{1,2}(?:death|onset|diagnosis|dx)[ \t]{0,2}:?)[ \t]{1,2})"
        rf"(?P<cueage>\d{{2,3}}|(?i:{_AGE_WORDS}))\b)",  # ("turns one hundred")
        # "At 92, she still drives": an age opening a clause about the person
        rf"(?P<atage>(?i:\bat[ \t]{{1,2}})(?P<atnum>\d{{2,3}}|(?i:{_AGE_WORDS})),[ \t]{{1,2}}"
        r"(?i:she|he|the[ \t]patient|patient|pt)\b)",
        # "she is 96", "he was now 93": an age after the person and the verb, checked against what follows
        # (a relative, "who": "his mother is 96 and", "her husband, who is 94.")
        # (a scan's "ls" for "is", "wh0" for "who")
        # ("she's 94", "he'll be 95")
        r"(?P<agebe>(?i:\b(?:(?:he|she)['’](?:s|ll[ \t]{1,2}be)|"
        # (branch ids7) a death record's or a social worker's person: "Decedent was ninety", "Client is 96"
        # (branch ids9: the social worker's person as a scan may misread it, "C1ient", "Resldent")
        r"(?:he|she|pt\.?|patient|wh[o0]|mother|father|mom|dad|husband|wife|spouse|sister|brother|d[ec]c[ec]d[ec]nt|d[ec]c[ec]as[ec]d|"
        r"c[l1][il1][ec]nt|r[ec]s[il1]d[ec]nt|veteran|grandmother|grandfather|aunt|uncle)"
        r"[ \t]{1,2}(?:[il1]s|was|will[ \t]{1,2}be|turns))[ \t]{1,2}"
        r"(?:now[ \t]{1,2})?)"
        r"(?P<beage>(?:\d{2,3}|(?i:" + _AGE_WORDS + r"))"
        r"(?:[ \t\-]{0,2}(?i:years?|yrs?|y/o|yo|y\.o\.?|y)"
        r"(?:[ \t\-]{1,2}(?i:old)|[ \t]{1,2}(?i:of[ \t]{1,2}age))?)?)\b)",
        # "Father, 95, living", "mother (96)": an age set off after a relative or a person's noun
        r"(?P<relage>(?i:\b(?:mother|father|mom|dad|sister|brother|husband|wife|spouse|aunt|uncle|grandmother|"
        r"grandfather|grandma|grandpa|widow|widower|resident|patient|female|male|woman|man|veteran|gentleman|lady)"
        rf"[ \t]{{0,2}}(?:[,(:]|[ \t]-)[ \t]{{0,2}})(?P<rage>\d{{2,3}}|(?i:{_AGE_WORDS}))"
        r"(?:[ \t]{0,2}[,;)]|[ \t]-[ \t]|\.?[ \t]*\n))",
        # (branch ids9) a relative's age in a family history after "alive", "living", "d.", "deceased": "paternal
        # grandmother, alive at 96", "father d. at 94", "mother living, 97" (see ``_family_age``); only an age of 90
        # or more, and never "dec." (December: "her mother, dob dec. 22, 2003" is a date)
        rf"(?P<famage>(?i:\b(?:{_FAMILY})\b[^\n.;\d]{{0,30}}?\b(?:a[l1][il1]v[ec]|[l1][il1]v[il1]ng|d\.|di[ec]d|"
        r"d[ec]c[ec]as[ec]d|[ec]xpir[ec]d|pass[ec]d(?:[ \t]{1,2}away)?)(?:[ \t]{1,2}and[ \t]{1,2}w[ec][l1][l1])?"
        r",?[ \t]{1,2}(?:at[ \t]{1,2})?(?:ag[ec][ \t]{1,2}(?:of[ \t]{1,2})?)?)(?P<fage>9\d|1[0-2]\d)\b)",
        r"(?P<birthday>(?P<bday>\b\d{2,3})(?i:st|nd|rd|th)[ \t]{1,2}(?i:birthday)\b)",
        # a year of life counted: "in her 94th year"
        r"(?P<ageyear>(?i:\bin[ \t]{1,2}(?:his|her|their)[ \t]{1,2})(?P<yage>\d{2,3}(?i:st|nd|rd|th))"
        r"(?i:[ \t]{1,2}year)\b)",
        # "91F w/ hx of", "94 WM", "94 w/f": age, (race and) sex, as histories open
        r"(?P<agesex>\b\d{2,3}[ \t]?(?:[WBwb]/?)?[MFmf]\b)",
        # (branch ids6) a header's "Sex/Age: F 94", "Gender/Age: Female 93": the sex, then the age
        r"(?P<sexage>(?i:\b(?:s[ec]x|g[ec]nd[ec]r)[ \t]{0,2}/[ \t]{0,2}ag[ec]\b[ \t]{0,2}[:=\-]?[ \t]{0,3}"
        r"(?:[mf]|(?:f[ec])?ma[l1][ec]|(?:wo)?man)\b[ \t]{0,2}[,\-]?[ \t]{0,2})(?P<sxage>\d{2,3})\b)",
        # (branch ids6) a sex's capital, a comma and the age set off: "F, 94, from home"
        r"(?P<sexcomma>\b[MFmf],[ \t]{1,2}(?P<scage>\d{2,3})[ \t]{0,2}[,;)])",
        # (branch ids6) a birthday counted in words: "her ninety-fifth birthday", "his one hundredth birthday"
        r"(?P<wbirthday>(?P<wbday>(?i:\b(?:ninety[ \t\-]{1,2}(?:first|second|third|fourth|fifth|sixth|seventh|eighth|"
        r"ninth)|ninetieth|(?:(?:one|a)[ \t]{1,2})?hundred(?:th|[ \t]{1,2}(?:and[ \t]{1,2})?(?:first|second|third|"
        r"fourth|fifth|tenth)))))(?i:[ \t]{1,2}b[il1]rthday)\b)",
        # (branch ids6) an age in words after "now", set off as a clause: "alive, now ninety-four, lives with"
        # (branch ids7: "now age ninety-one": the age's word with the age, as "age 93")
        rf"(?P<agenow>(?i:\bn[o0]w[ \t]{{1,2}})(?P<nowage>(?i:(?:aged?[ \t]{{1,2}})?{_AGE_WORDS}))\b)",
        # "Mrs. Q, 93, presents with": an age set off by commas after a name, before what the patient does
        # ("Jane Roe (93) was seen": in brackets, after a name; see ``_age``)
        rf"(?P<commaage>(?:,[ \t]{{1,2}}|[ \t]\()(?P<cage>\d{{2,3}}|(?i:{_AGE_WORDS}))[,)]"
        r"[ \t]{1,2}(?i:presents|presented|is|was|who|with|"
        r"comes|came|seen|admitted|reports|complains|here|arrives|arrived|lives|returns|states|"
        # (as an obituary or a death record sets it: "Jane Roe, 94, died", "Jane Roe, 94, of Dunholt")
        r"died|passed|of|formerly|widow|widowed|retired)\b)",
        # (branch ids8) an age in words in a person's slot: after "re", "is a", "she's a", or before a person's noun
        # ("re ninety-six member", "is a ninety-three widow"; see ``_age_slot``)
        rf"(?P<ageslot>(?i:\b(?:r[ec]|[il1]s[ \t]{{1,2}}an?|(?:he|she)['’]s[ \t]{{1,2}}an?)[:,]?[ \t]{{1,2}})"
        rf"(?P<slotage>(?i:{_AGE_WORDS}(?:[ \t\-]{{1,2}}(?:years?|yrs?)"
        r"(?:[ \t\-]{1,2}old|[ \t]{1,2}of[ \t]{1,2}age))?))\b)",
        rf"(?P<agenounw>(?P<nounage>(?i:\b{_AGE_WORDS}))(?i:[ \t\-]{{1,2}}{_PERSON_NOUN})\b)",
        # an age over 89 in words: "ninety-three years old", "aged one hundred and one"
        rf"(?P<agewords>(?i:\b(?:aged?[ \t]{{0,2}}:?[ \t]{{0,2}})?{_AGE_WORDS}"
        r"(?:[ \t\-]{1,2}(?:years?|yrs?|y/o|yo)(?:[ \t\-]{1,2}old|[ \t]{1,2}of[ \t]{1,2}age)?)?\b))",
        # a decade of life past 89: "in her nineties", "in his late 90s" (the decade is the age)
        r"(?P<agedecade>(?i:\bin[ \t]{1,2}(?:his|her|their)[ \t]{1,2})"
        r"(?P<decade>(?i:(?:(?:early|mid|late)[ \t\-]{1,2})?(?:nineties|90['’]?s)\b)))",
        # before the person: "a mid-90s woman", "early 90's male" (not "SBP in the mid-90s")
        r"(?P<decadenoun>(?P<decade2>(?i:\b(?:early|mid|late)[ \t\-]{1,2}(?:nineties|90['’]?s)))"
        r"(?i:[ \t]{1,2}(?:woman|man|male|female|lady|gentleman|patient|pt|yo|y/o))\b)",
        # a holiday names a day of the year: "Christmas Eve", "on Thanksgiving", "New Year's Day"
        rf"(?P<holiday>(?i:\b(?:{_HOLIDAYS})\b))",
        # a house on a numbered road: "1420 County Road 12", "88 State Route 9", "1420 Hwy 9", "12 US Route 1"
        r"(?P<roadno>(?i:\b\d{1,6}[ \t]{1,2}(?:(?:county|state)[ \t]{1,2}(?:road|rd|route|rte|highway|hwy)|"
        r"(?:us|u\.s\.)[ \t]{0,2}(?:highway|hwy|route|rte)|route|rte|highway|hwy|farm[ \t]{1,2}(?:road|rd))"
        r"[ \t\-]{1,2}\d{1,4}[A-Za-z]?\b))",
        rf"(?P<address>{_ADDRESS})",
        # an address field: after its label, a house number and the words up to a comma, two spaces or the line's
        # end, whatever the street's type ("Home address: 14 Quarry Hollow", "Address line 1: 88 Orrin")
        r"(?P<addrlabel>(?i:\b(?:(?:home|street|mailing|residential|permanent|current|patient)[ \t]{1,2})?"
        r"(?:address|addr)\b\.?(?:[ \t]{1,2}(?:line[ \t]{0,2})?1)?[ \t]{0,2}:[ \t]{0,3})"
        rf"(?P<addrl>(?i:{_ADDRESS}|\d{{1,6}}[A-Za-z]?(?: [A-Za-z][A-Za-z'.\-]*){{1,4}}{_UNIT_TAIL})))",
        # a unit on a line of its own under a street, or the second line of an address field: "Apt 3B"
        r"(?P<unitline>(?m:^[ \t]*(?i:address[ \t]{1,2}line[ \t]{0,2}2[ \t]{0,2}:[ \t]{0,3})?"
        r"(?P<unitv>(?i:apt|apartment|suite|ste|bldg|trlr|trailer|unit|lot|spc)\b\.?[ \t]{0,2}#?[ \t]{0,2}"
        r"[A-Za-z0-9\-]{0,5}\d[A-Za-z0-9\-]{0,5})[ \t]*$))",
        r"(?P<pobox>(?i:\b(?:p\.\s?o\.?|p\s?o|post[ \t]{1,2}office)\s{0,2}box\s{0,2}#?\s{0,2}\d{1,8}\b"
        r"|\bpob[ \t]{0,2}\d{1,8}\b|"
        # a rural route and its box ("RR 2 Box 14"; "RR 20" alone is a respiratory rate)
        r"\b(?:rr|r\.r\.|rural[ \t]{1,2}route|hcr?|route|rte|rt\.?)[ \t]{0,2}#?[ \t]{0,2}\d{1,4},?[ \t]{1,2}box"
        r"[ \t]{0,2}#?[ \t]{0,2}\d{1,6}\b))",
        # after a town and its comma, a state in any case and the older abbreviations ("Dunholt, Me. 04011", "Salem,
        # Mass. 01970", "Troy, N.Y. 12180", "Erie, Pa 16501")
        rf"(?P<townzip>\b[A-Za-z]{{2,}}\.?,[ \t]{{1,2}}(?i:(?:{_OCR_STATES})\b\.?|(?:{_AP_STATES})\.?)"
        r"[ \t]{1,2}(?P<zip3>\d{5}(?:-\d{4})?)\b)",
        # a state in capitals, or in any case unless it is also a word ("brighton ma 02135", not "rate in 10027")
        rf"(?P<statezip>(?:\b(?:{'|'.join(_STATES)})\.?|(?i:\b(?:{_CASELESS_STATES})\b\.?|\b(?:{_STATE_NAMES})\b))"
        r"(?:,?[\s^|]{1,3}|/)(?P<zip>\d{5}(?:-\d{4})?)\b)",  # ("Kellam/VT/05401")
        r"(?P<ziplabel>(?i:\b(?:zip|zip\s?code|postal(?:\s+code)?)\b(?:\s{1,2}(?:of|is))?[\"'>]?\s{0,2}[:=]?\s{0,2}\"?)"
        r"(?P<zip2>\d{5}(?:-\d{4})?)\b)",
        # a town's name and a code closing the line, as the last line of an address: "Dunholt 04011", "Salem, 01970"
        r"(?P<townline>\b[A-Z][A-Za-z]{2,},?[ \t]{1,2}(?P<zip6>\d{5}(?:-\d{4})?)[ \t]*(?:\r?\n|$))",
        r"(?P<zipword>(?P<zip5>\b\d{5}(?:-\d{4})?)[ \t]{1,2}(?i:zip(?:[ \t]?code)?)\b)",  # "the 04011 zip code"
        # "lives in the 04011 area", "from the 04011 region" (a count has its unit: "the 10000 units")
        r"(?P<ziparea>(?i:\bthe)[ \t]{1,2}(?P<zip7>\d{5}(?:-\d{4})?)[ \t]{1,2}(?i:area|region|vicinity)\b)",
        r"(?P<zip4>\b\d{5}-\d{4}\b)",
        r"(?P<vin>\b[A-HJ-NPR-Za-hj-npr-z0-9]{17}\b)",
        # a Medicare Beneficiary Identifier by its fixed shape (CMS: digit, letter, either, digit, letter, either,
        # digit, letter, letter, digit, digit; no S, L, O, I, B or Z), in its groups of 4-3-4 or not
        rf"(?P<mbi>(?i:\b[1-9]{_MBI_L}{_MBI_A}\d-?{_MBI_L}{_MBI_A}\d-?{_MBI_L}{{2}}\d\d\b))",
        # a year right after an event of a history: "MI 92", "CABG 81", "CVA in 94", "CVA 2008", "CABG X5 99'"
        r"(?P<eventyear>(?i:\b(?:mi|ami|nqwmi|qwmi|imi|asmi|cabg|cva|avr|mvr|ptca|pci|tia|dvt|aaa|stent|redo|stroke|"
        r"nstemi|stemi)"
        r"(?:[ \t]{1,2}(?:in|x\d))?)[ \t]{1,2}(?P<ey>\d{2}(?:\d{2})?'?)(?:\b|$))",
        # a year on its own: "'92", "MI in 1992", "CABG 1957, 1971" (Safe Harbor keeps years; hand annotation of
        # clinical notes does not, and a year beside a history's events dates them)
        r"(?P<year>(?:^|[^\d'])'\d\d\b|\b\d\d'(?:[ \t,.;)]|$)|\b(?:19[3-9]\d|20[0-2]\d)\b|\b(?:19|20)\d0'?[sS]\b)",
        # a number after "#" that no word labels ("Jane Roe [#448812]"), a number before its label in brackets
        # ("448812 (MRN)")
        r"(?P<hashid>\B#[ \t]?(?P<hashv>[A-Za-z]{0,3}\d\d\d\d\d+[A-Za-z]?)\b)",
        # a number of five digits or more in brackets right after a name ("Jane Roe (448812)", "Roe, J [4488120]"),
        # or an age ("Jane Roe (94)")
        r"(?P<nameid>[A-Za-z][ \t]{0,2}[(\[](?P<nidv>[A-Za-z]{0,2}\d\d\d\d\d+|9\d|1[01]\d|12[0-5])[)\]])",
        # (square brackets too, and a value in dashed or dotted groups: "H42-8243-7 [MR#]")
        r"(?P<idlabel>(?P<idv>\b[A-Za-z]{0,3}\d(?:\d|[\-./]\d){3,24}[A-Za-z]?)(?:[ \t]{0,2}[(\[](?P<idlab>(?i:[ce]?mrn|"
        r"mr[ \t]?#|med[ \t]rec|chart|acct|account|fin|csn|member[ \t]id|policy|dl|npi|dea|serial|s/n|sn))[)\]]"
        # (branch ids6) or after a dash: "448812 - MRN", "44812009 – Acct"
        r"|[ \t]{1,2}[-–—][ \t]{1,2}(?i:(?:[ce]?mrn|acct|account|fin|csn|npi|dea)\b|mr[ \t]?#)))",
        rf"(?P<idcode>{_IDCODE})",
    ]
    return alts


# The scan's alternatives in contiguous runs, each run its own RE2 automaton, starting at these alternatives. RE2
# builds its automaton lazily, state by state, as the text asks for them, and a state of one automaton for all the
# alternatives holds the threads of every one of them: on the first megabyte of notes that construction cost 0.6 cpu-s
# in every process, against under 0.1 for these runs together (the labels alone are two thirds of the program).
# Merged in priority order (``_byte_spans``), the runs give the same matches as the whole alternation.
_RUN_STARTS = frozenset(["mrn", "phonelabel", "dobage", "dmy", "age", "holiday", "townzip"])


@functools.cache
def _compiled() -> tuple[Any, ...]:
    """The scanner: RE2 without capture groups, so it runs on its DFA, linear in the text; one per run.

    Each is the wrapper's compiled ``_re2.RE2``: its ``Match`` searches UTF-8 bytes directly. The Python wrapper's
    ``finditer`` costs about 15 microseconds a match translating offsets, five times the search.
    """
    opts = re2.Options()
    opts.max_mem = 64 << 20
    return tuple(re2.compile("|".join(re.sub(r"\(\?P<\w+>", "(?:", alt) for alt in run), opts)._regexp
                 for run in _runs())


def _runs() -> list[list[str]]:
    """The alternatives in their runs, in priority order: a run starts at each alternative ``_RUN_STARTS`` names."""
    runs: list[list[str]] = []
    for alt in _alternatives():
        first = re.search(r"\(\?P<(\w+)>", alt)
        if not runs or (first is not None and first.group(1) in _RUN_STARTS):
            runs.append([])
        runs[-1].append(alt)
    return runs


_UNANCHORED, _ANCHOR_START = re2._re2.RE2.Anchor.UNANCHORED, re2._re2.RE2.Anchor.ANCHOR_START
_SLICE = 16_384  # bytes searched per call: RE2's unanchored search can run far past a match, so bound it
_GUARD = 1_024  # longer than any bounded pattern: a match starting before ``stop - _GUARD`` is whole in the slice


def _first(match: Any, data: bytes, pos: int) -> tuple[int, int] | None:
    """The leftmost-first match at or after ``pos`` (possibly empty), searched in bounded slices.

    A match that starts in the last ``_GUARD`` bytes of a slice is searched again in the next slice; one that runs
    to the slice's end (a URL can be long) is re-matched anchored at its start over the rest of the text.
    """
    end = len(data)
    while pos < end:
        stop = min(end, pos + _SLICE)
        s, e = match(_UNANCHORED, data, pos, stop)[0]
        if s < 0 or (stop < end and s >= stop - _GUARD):
            if stop == end:
                return None
            pos = stop - _GUARD
            continue
        if stop < end and e >= stop - 4:
            s, e = match(_ANCHOR_START, data, s, end)[0]
        return s, e
    return None


def _byte_spans(data: bytes) -> Iterator[tuple[int, int]]:
    """Leftmost-first, non-overlapping match spans over ``data``, as one alternation of every run would give them."""
    return ((s, e) for s, e, _ in _run_spans(data))


def _run_spans(data: bytes) -> Iterator[tuple[int, int, int]]:
    """``_byte_spans`` with the run each span came from.

    Each run's next match is kept while it starts at or after the position reached (no match of the run starts
    before it, so a search from there finds it again); the earliest start wins, and on a tie the earlier run, as
    the earlier alternative wins in one alternation. Each byte is searched a bounded number of times per run, so
    the scan stays linear in the input.
    """
    matches = [r.Match for r in _compiled()]
    ahead = [_first(m, data, 0) for m in matches]
    pos = 0
    while True:
        best, run = None, -1
        for i, kept in enumerate(ahead):
            hit = _first(matches[i], data, pos) if kept is not None and kept[0] < pos else kept
            ahead[i] = hit
            if hit is not None and (best is None or hit[0] < best[0]):
                best, run = hit, i
        if best is None:
            return
        s, e = best
        if e > s:
            yield s, e, run
        pos = e if e > s else e + 1


def _scan(text: str) -> Iterator[tuple[int, int, int]]:
    """Character spans of every RE2 match, leftmost-first and non-overlapping, in one linear pass, each with the
    run it came from."""
    # "replace" turns a lone surrogate into one "?" byte: still one character, one byte, valid UTF-8
    data = text.encode("utf-8", "replace")
    if len(data) == len(text):
        yield from _run_spans(data)
        return
    char_at, byte_at = 0, 0  # a running byte -> character offset translation
    for s, e, run in _run_spans(data):
        char_at += len(data[byte_at:s].decode("utf-8", "replace"))
        cs = char_at
        char_at += len(data[s:e].decode("utf-8", "replace"))
        byte_at = e
        yield cs, char_at, run


_LETTER = re.compile(r"[^\W\d_]")


class _Classifier:
    """The same alternatives with names, run by ``fullmatch`` only on a span RE2 already found (bounded), and tried
    one by one in priority order, as one alternation tries them: the first that matches the whole span names it.

    Each alternative is compiled by Python's ``re`` the first time it is tried, not all of them at start-up (the
    whole alternation cost 0.76 G instructions to compile, a twelfth of a run of the CLI over a megabyte of notes),
    and a span the scan found is tried first against its own run's alternatives: no alternative of an earlier run
    can match it whole, or that run's automaton would have matched at the same start and won the tie. A label
    starts with a letter, so a span that does not skips every label, as the look-ahead of one alternation did."""

    def __init__(self) -> None:
        self._sources: list[tuple[str, bool]] = []  # (alternative, is a label)
        self._run_of: list[range] = []
        labels = _label_alternatives()
        joined = "|".join(labels)
        for run in _runs():
            first = len(self._sources)
            for alt in run:
                self._sources += [(a, True) for a in labels] if alt == joined else [(alt, False)]
            self._run_of.append(range(first, len(self._sources)))
        self._compiled: list[re.Pattern[str] | None] = [None] * len(self._sources)

    def _try(self, k: int, text: str, start: int, end: int) -> re.Match[str] | None:
        pattern = self._compiled[k]
        if pattern is None:
            pattern = self._compiled[k] = re.compile(self._sources[k][0])
        return pattern.fullmatch(text, start, end)

    def fullmatch(self, text: str, start: int, end: int, run: int = -1) -> re.Match[str] | None:
        letter = _LETTER.match(text, start, end) is not None
        order = self._run_of[run] if run >= 0 else range(len(self._sources))
        for k in order:
            if letter or not self._sources[k][1]:
                m = self._try(k, text, start, end)
                if m is not None:
                    return m
        return self.fullmatch(text, start, end) if run >= 0 else None


@functools.cache
def _classifier() -> _Classifier:
    return _Classifier()


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


_VIN_MAP = {
    **{str(i): i for i in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_valid(vin: str) -> bool:
    vin = vin.upper()
    if not any(c.isalpha() for c in vin) or not any(c.isdigit() for c in vin):
        return False
    total = sum(_VIN_MAP[c] * w for c, w in zip(vin, _VIN_WEIGHTS, strict=True))
    check = "X" if total % 11 == 10 else str(total % 11)
    return vin[8] == check


def ssn_valid(ssn: str) -> bool:
    digits = "".join(c for c in ssn if c.isdigit())
    if len(digits) != 9:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def _valid_year(y: str) -> bool:
    return len(y) == 2 or 1800 <= int(y) <= 2199


_SCORE_WORDS = frozenset(
    [
        "pain", "strength", "power", "motor", "reflex", "reflexes", "dtr", "dtrs", "score", "scale", "grade", "gcs",
        "apgar", "ratio", "bp", "pressure", "murmur", "sbp", "dbp", "rom", "effort", "nausea", "anxiety",
        "apgars", "glasgow", "pupils", "pupil", "perrl", "perrla", "cp", "grip", "mmt",
        # pain scales for patients who cannot rate their pain in words: "PAINAD 3/10", "FLACC 4/10", "CPOT 2/8"
        "painad", "flacc", "cpot", "nrs", "nprs", "vas", "nvps", "bps", "cries", "nips", "pipp",
    ]
)
# ventilator settings and haemodynamics right before a pair: "CPAP 5/5", "PSV 10/5", "CO/CI 5/3", "ABG 7/40"
_SETTING_WORDS = frozenset(
    [
        "cpap", "peep", "psv", "ps", "imv", "simv", "ac", "ventilation", "bipap", "bi-pap", "co", "ci", "svr", "abg",
        "tv", "mask", "settings", "trialed", "ps/peep", "co/ci", "co/ci/svr", "cpap/ps", "fio2", "abgs", "gas",
        "vbg", "map", "pap", "pad", "cvp", "wedge", "ips", "ips/cpap", "ns", "d5", "bottles", "vent",
    ]
)
# a number run joined by slashes or decimals on either side is a set of readings ("7.42/20/-3", "6.1/3.43",
# "5/10/40%"), not a date
_CHAIN_BEFORE = re.compile(r"(?:\d[./-]|[./]\d)$")  # "4-6/2-4" too
_CHAIN_AFTER = re.compile(r"^(?:[./-]\d|%|/-)")
_NOT_DATE_NEXT = frozenset(
    [
        "pain", "to", "x", "times", "scale", "strength", "power", "mg", "ml", "tabs", "tab", "caps", "units",
        "hours", "hrs", "days", "weeks", "mins", "minutes", "reps", "sets", "of", "ratio", "score", "murmur",
        # ventilator settings, bottles, fluids: "10/5 BIPAP", "5/5 IPS/CPAP", "4/4 bottles", "1/4 NS", "1/5 liters"
        "bipap", "cpap", "peep", "ips", "ps", "bottles", "bottle", "ns", "liters", "liter", "l", "cc", "angina",
        "sem", "hsm",  # a murmur's grade: "2/6 SEM"
        "mmhg",  # a pair of pressures: "IOP 12/15 mmHg"
        "grip", "bilaterally", "bilat", "throughout", "proximally", "distally",
    ]
)
_NOT_ORDINAL_NEXT = frozenset(
    [
        "finger", "digit", "toe", "rib", "ribs", "ventricle", "nerve", "cranial", "degree", "trimester", "grade",
        "intercostal", "time", "times", "dose", "doses", "ics", "lumbar", "cervical", "thoracic", "sacral",
        "percentile", "generation", "cycle", "round", "line", "attempt", "floor", "metacarpal", "metatarsal", "week",
        "day", "visit", "pregnancy", "child",
    ]
)


_VITAL_BEFORE = re.compile(r"\b(?:hr|pulse|p|rr|bp|sbp|dbp|sat|sats|spo2|o2|map|wt|weight|glucose|bs|fsbs)\b[ \t:=]*$")
_TEMPERATURE = re.compile(r"\b(?:t|temp|temps|temperature|tmax|tm|tc|febrile|fever|fevers|spiked|spiking)\b")
_NOT_STREET_WORDS = NOT_STREET_WORDS | frozenset(["beat", "beats", "second", "seconds", "sec", "mm", "cm", "bt", "bts"])
_FRACTIONS = frozenset(["1/2", "1/3", "2/3", "1/4", "3/4"])
_DATE_CUE = re.compile(r"\b(?:on|since|adm|admitted|admission|dated?|from|until|till|thru|through|dob|d/c|"
                       r"discharged?|seen|by|before|after|of|started|began|born|died|expired|transferred|appt|appointment|f/u|"
                       r"visit|scheduled|"
                       r"(?:mon|tues?|wednes|wed|thurs?|thu|fri|satur|sat|sun)(?:day)?)\W*$")
_PAIN_WORDS = frozenset(
    ["pain", "discomfort", "ache", "aches", "headache", "cramping", "cramps", "soreness", "cp", "angina"]
)
_WORD_RUN = re.compile(r"[a-z]+")
_CASED_WORD_RUN = re.compile(r"[A-Za-z]+")
# clock times on the quarter hour: a shift or an interval, not an identifier
_TIME_RANGE = re.compile(r"(?:[01]\d|2[0-4])(?:00|15|30|45)-(?:[01]\d|2[0-4])(?:00|15|30|45)")
_SETTING_PRODUCT = re.compile(r"\d{1,3}[xX*]\d{2,4}")  # "IMV 16x700", "AC 12x500": rate times volume
_NUMBER_RANGE = re.compile(r"(\d{2,4})-(\d{3,4})")


_RANGE_UNITS = frozenset(["cc", "ccs", "ml", "cyu", "mg", "mcg", "units", "u", "s", "ms", "mmhg", "bpm", "ml/hr",
                          "hz", "khz", "db", "nm"])  # "250-4000 Hz": a band of frequencies


def _vital_range(value: str, text: str, end: int) -> bool:
    """ "110-130", "900-1000 cc", "SVR 1131-734" read as a range of readings: rising with the top at most twice the
    bottom, a blood pressure, round figures, an amount, or readings named just before."""
    low, high = (int(x) for x in value.split("-"))
    if min(low, high) < max(low, high) <= 2 * min(low, high) or text[end : end + 1] == "/":
        return True  # rising or falling: "110-130", "206-153"
    a, b = value.split("-")
    if a[-1] in "05" and b[-1] in "05" and max(low, high) <= 3 * min(low, high):
        return True
    before = _word_before(text, end - len(value), 24).replace(":", " ").split()[-3:]
    return _next_word(text, end) in _RANGE_UNITS or any(w in _SCORE_WORDS or w in _SETTING_WORDS for w in before) \
        or _VITAL_BEFORE.search(" ".join(before)) is not None  # "HR 110-1215": a typo in a range of readings


_DIGIT = re.compile(r"\d")
_DIGIT_RUN = re.compile(r"\d+")


def _word_before(text: str, start: int, n: int = 24) -> str:
    return text[max(0, start - n) : start].lower()


def _next_word(text: str, end: int) -> str:
    tail = text[end : end + 16].lstrip(" \t:-")
    word = []
    for ch in tail:
        if not ch.isalpha():
            break
        word.append(ch)
    return "".join(word).lower()


# ventilator words that make a pair of small numbers a setting ("PS 5/5 PEEP", "on CPAP 5/10", "flowby 6/3")
_VENT_WORDS = frozenset(["ps", "psv", "cpap", "peep", "imv", "simv", "ac", "bipap", "settings", "flowby",
                         "ventilation", "cpap+ps", "ps/peep", "ips", "trialed", "weaned"])


def _small_pair(value: str) -> bool:
    parts = value.replace(".", "/").split("/")
    return len(parts) == 2 and all(p.isdigit() and int(p) <= 20 for p in parts)


_CLAUSE_END = re.compile(r"[\n;]|\.\s")


def _score_context(text: str, start: int, end: int) -> bool:
    """Score, setting or reading words around a pair of numbers, within its line and sentence."""
    window = _word_before(text, start, 40)
    cut = [m.end() for m in _CLAUSE_END.finditer(window)]
    before = window[cut[-1] if cut else 0 :].replace(":", " ").replace(",", " ").split()
    return (
        any(w in _SCORE_WORDS for w in before[-5:])
        or (_small_pair(text[start:end]) and any(
            part in _VENT_WORDS for w in before[-4:] for part in re.split(r"[-/=()&+,]", w)))
        or (bool(before) and before[-1].strip("-=()") in _SETTING_WORDS)
        or _next_word(text, end) in _NOT_DATE_NEXT
    )


def _numeric_date(value: str, day_first: bool) -> bool:
    parts = [p for p in value.replace("-", "/").replace(".", "/").split("/")]
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return False
    a, b, y = int(parts[0]), int(parts[1]), parts[2]
    month, day = (b, a) if day_first else (a, b)
    return 1 <= month <= 12 and 1 <= day <= 31 and _valid_year(y)


_YEAR_CUES = frozenset(["in", "since", "of", "year", "yr", "from", "until", "circa", "born", "dob", "died", "and"])
_YEAR_UNITS = frozenset(
    ["cc", "ml", "mg", "mcg", "units", "u", "kcal", "cal", "g", "gm", "l", "x", "kg", "lbs", "s", "mm", "cm", "fr",
     "french", "hours", "hrs", "days", "min", "mins", "minutes", "percent", "pct"]
)


def _year_span(text: str, start: int, end: int) -> tuple[int, int]:
    value = text[start:end]
    if "'" in value and not value[0].isdigit():
        start += value.index("'")
    while end > start and not (text[end - 1].isalnum() or text[end - 1] == "'"):
        end -= 1
    return start, end


_DEGREE_WORDS = frozenset(["hob", "head", "elevated", "elevate", "angle", "flexion", "extension", "abduction"])


def _year(value: str, text: str, start: int, end: int) -> PhiType | None:
    """A year written alone: with an apostrophe ("'92", "CA'88", "IN 14'"), a decade ("1980S"), or four digits that
    are not a reading or an amount."""
    before = _word_before(text, start, 16).split()
    if value[-1] == "'" and ((start >= 2 and text[start - 1] in "-/" and text[start - 2].isdigit())
                             or (before and before[-1] in _DEGREE_WORDS)):
        return None  # "rate 60-75'": the top of a range; "HOB 45'": an angle
    if "'" in value or value[-1] in "sS":
        return PhiType.DATE
    if (before and before[-1].strip("-=:") in _SCORE_WORDS | _SETTING_WORDS) or _next_word(text, end) in _YEAR_UNITS:
        return None
    after = text[end : end + 2]
    if after[:1] == "%" or (after[:1] in ("/", "-", ".") and after[1:].isdigit()):
        return None
    if int(value[2:]) < 60 and not (before and before[-1].strip(":-=#") in _YEAR_CUES):  # ("DOB: 1931")
        return None  # "at 1930", "@ 2000": a clock time unless announced as a year ("in 2004", "since 1945")
    return PhiType.DATE


# a dotted quad after these is a version or a numbered part of a document ("version 2.4.1.3", "section 4.2.1.3")
_NUMBERED_BEFORE = re.compile(r"\b(?:v|ver|version|rev|revision|release|build|firmware|software|sec|section|"
                              r"chapter|ch|step|table|tab|fig|figure|appendix|item|criteria|criterion|rule|para|"
                              r"paragraph|clause|part|no)\.?[ \t]{0,2}$|§[ \t]?$")


def _ip(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return None
    if kind == "ipv4" and _NUMBERED_BEFORE.search(_word_before(text, start, 16)):
        return None
    return PhiType.IP


def _gtin_valid(gtin: str) -> bool:
    """The GS1 check digit: weights 3 and 1 from the right, the last digit making the sum a multiple of ten."""
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(reversed(gtin)))
    return total % 10 == 0


_UDI_BEFORE = re.compile(r"\bud[il1]\b[^a-z0-9]*$")


def _udi(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """A GS1 UDI with a valid GTIN (any GTIN after a "UDI" label), or an HIBCC one standing alone that holds digits
    ("+HER2" is no label)."""
    if value[0] == "(":
        labelled = _UDI_BEFORE.search(_word_before(text, start, 12)) is not None
        return PhiType.DEVICE if labelled or _gtin_valid(value[4:18]) else None
    if (start and text[start - 1].isalnum()) or len(value) < 10 or sum(c.isdigit() for c in value) < 4:
        return None
    return PhiType.DEVICE


_AMOUNT = re.compile(r"\d+(?:\.\d+)?-?(?:ml|mg|mcg|cc|l|lpm|cm|mm|h|hr|hrs|u|units|min|x|kg|g|v|mv|ms|bpm|hz|ppm|f|fr)")


def _zip4(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """ "12345-6789" is a ZIP+4 code unless it is the head of a longer code: an NDC is 5-4-2 ("NDC 49999-0124-65")."""
    return None if _CHAIN_AFTER.match(text[end : end + 2]) else PhiType.ZIP


def _town_line(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """ "Dunholt 04011" closing a line: the word before is no English, clinical or count word ("Total 12000",
    "Plt 45000"), and the code is a real one or follows a comma."""
    word = _CASED_WORD_RUN.findall(text[max(0, start - 40) : start])[-1:]
    if not word:
        return None
    low = word[0].lower()
    lx = lexicon()
    if low in STOP or low in lx.common_words or low in lx.medical or low in lx.shorthand or len(set(value[:5])) == 1:
        return None
    # a code no list holds only after the town's comma ("Vanc 15000" is a dose)
    return PhiType.ZIP if value[:5] in lx.zip_codes or text[start - 2 : start - 1] == "," else None


def _ext(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """ "Ext. 4471": a telephone's extension; "ext 120 degrees" is a joint's extension."""
    if text[end : end + 1] == "°" or _next_word(text, end) in ("deg", "degree", "degrees"):
        return None
    return PhiType.PHONE


def _addr_label(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """An address field: its first word after the house number names a street, not a count ("Address: 2
    concerns today", "address: 3 issues")."""
    words = _CASED_WORD_RUN.findall(value)
    if not words:
        return None
    first = words[0].lower()
    lx = lexicon()
    if first in STOP or first in _NOT_STREET_WORDS or (first in lx.common_words and not words[0][0].isupper()):
        return None
    return PhiType.ADDRESS


def _devnoun(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """An id after a device's name: letters and digits both, or four digits or more after a "#" or colon; not an
    amount ("4mL", "10cm")."""
    if _AMOUNT.fullmatch(value.lower()):
        return None
    mixed = any(c.isalpha() for c in value)
    marked = text[max(0, start - 4) : start].strip()[-1:] in (":", "#")
    year = len(value) == 4 and value[:2] in ("19", "20")  # "Generator: 2019" is when it was placed
    # six digits or more need no marker ("Alaris pump 448812"), unless a unit follows ("pump 100000 units")
    long = len(value) >= 6 and value.isdigit() and _next_word(text, end) not in _UNIT_NEXT
    return PhiType.DEVICE if mixed or long or (marked and len(value) >= 4 and not year) else None


_NUMBER_BEFORE = re.compile(r"\d[ \t]{0,2}\Z")


def _sex_comma(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """ "F, 94, from home": not a temperature's unit before a reading ("T 98.6 F, 96, 18")."""
    f_at = text.rfind(",", 0, start) - 1
    if text[end + 1 : end + 3].strip()[:1].isdigit():
        return None  # "F, 120, 80": a list of readings
    before = _word_before(text, f_at, 16).rpartition("\n")[2]
    if _NUMBER_BEFORE.search(text, max(0, f_at - 4), f_at) or _VITAL_BEFORE.search(before) \
            or _TEMPERATURE.search(before):
        return None
    return PhiType.AGE if 89 < int(value) <= 125 else None


_PAGING = re.compile(r"(?i:\b(?:pag[ec]|pgr|beep|bleep))")


def _pager_ext(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """ "paged x4736": an extension, not an amount or a magnification ("x1000 mL", "called MD x 1000"); a pager's
    number without the "x" ("paged 4-1187", "page 44712") only after a paging verb."""
    if value.endswith("000") or _next_word(text, end) in _UNIT_NEXT:
        return None
    if value[:1] not in "xX" and not _PAGING.search(text, max(0, start - 48), start):
        return None
    return PhiType.PHONE


_DATE_SHAPE = re.compile(r"\d{1,4}[/\-.]\d{1,2}[/\-.]\d{2,4}")
_MAKER_WORD = re.compile(r"([A-Za-z][A-Za-z0-9\-]*)[ \t]{1,2}\Z")
_MAKER_NOT = frozenset(["number", "no", "num", "is", "was", "of", "on", "for", "and", "the", "reads", "listed"])


def _maker_serial(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """ "serial CADD 90-58985M": a serial after a maker's word that is no clinical shorthand or test ("serial
    troponins 0.04" are readings), holding four digits or more and letters, dashed groups or six digits."""
    word = _MAKER_WORD.search(text, max(0, start - 24), start)
    maker = word.group(1).lower() if word is not None else ""
    lx = lexicon()
    if maker in STOP or maker in _MAKER_NOT or any(w in lx.shorthand or w in lx.medical
                                                   for w in (maker, maker.removesuffix("s"))):
        return None
    digits = len(_DIGIT.findall(value))
    if digits < 4 or _DECIMAL.fullmatch(value) or _DATE_SHAPE.fullmatch(value) or _amount(value.lower()) \
            or _next_word(text, end) in _UNIT_NEXT:
        return None
    if _NUMBER_RANGE.fullmatch(value) and _vital_range(value, text, end):
        return None
    lettered = any(c.isalpha() for c in value)
    return PhiType.DEVICE if lettered or "-" in value or digits >= 6 else None


def _plate(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """A plate: five to eight letters and digits, both kinds present ("reads 4KTR19", not "was REMOVED")."""
    chars = [c for c in value if c.isalnum()]
    ok = 5 <= len(chars) <= 8 and any(c.isdigit() for c in chars) and any(c.isalpha() for c in chars)
    return PhiType.VEHICLE if ok else None


def _biometric(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """ "Biometric screening: BMI 28" is a wellness check of readings, not an identifier."""
    return None if "screen" in _word_before(text, start, 48) else PhiType.BIOMETRIC


_REF_BEFORE = re.compile(r"\bref\b[^A-Za-z0-9]*\Z", re.IGNORECASE)
_PRODUCT_WORDS = re.compile(r"\b(?:model|lot|catalog(?:ue)?|cat|lead|implant|udi|gtin|expir(?:y|ation)|exp|size|"
                            r"sterile|device|product|mfr|manufacturer|part)\b", re.IGNORECASE)


def _product_line(text: str, start: int) -> bool:
    """Whether the line around ``start`` names a product (a model, a lot, a catalogue number, an implant)."""
    line_start = text.rfind("\n", max(0, start - 200), start) + 1
    line_end = text.find("\n", start, start + 200)
    return _PRODUCT_WORDS.search(text, line_start, line_end if line_end >= 0 else start + 200) is not None


_CREDENTIAL_HASH = re.compile(r"(?i:\b(?:rn|lpn|lvn|cna|aprn|np|pa-c|rph|lcsw|emt|cnm|crna)\s{0,2}#[\s:#]{0,3})\Z")


def _test_and_reading(value: str) -> bool:
    """A test's name and a number ("CK 1200"): a first group of letters that is clinical shorthand, then digits only
    (a serial's prefix is followed by letters too: "MMT 44812HK")."""
    head, _, rest = value.partition(" ")
    lx = lexicon()
    if value.lower() in lx.shorthand:
        return True  # "serial q4h checks": a schedule
    return head.isalpha() and rest.replace(" ", "").isdigit() and (head.lower() in lx.shorthand
                                                                     or head.lower() in lx.medical)


_LINKED = re.compile(r"\b(?:is|was|reads|as)\s{1,2}$", re.IGNORECASE)


def _labelled_plan(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """(branch ids8) "my insurance is Aetna number W88312047 21", "Coverage: CHIP 48812093KD": a plan's number, five
    characters or more with three digits, not a reading or an amount."""
    if len(value) < 5 or len(_DIGIT.findall(value)) < 3 or text[end : end + 1] in ("%", "/") \
            or _next_word(text, end) in _UNIT_NEXT:
        return None
    return PhiType.HEALTH_PLAN


def _labelled(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """An identifier after its label; joined to it by a verb ("the group is 100 strong") it must look like one:
    five characters or more, three of them digits, not a reading ("record was 140/90")."""
    if kind == "other" and _REF_BEFORE.search(text, max(0, start - 12), start) and _product_line(text, start):
        return None  # "Lead: model 5076, REF # 5076-52": a catalogue number
    if kind == "license" and len(_DIGIT.findall(value)) < 4 \
            and _CREDENTIAL_HASH.search(text, max(0, start - 12), start):
        return None  # "RN #101": a nurse's number on a unit's list, not a licence's
    if kind == "device" and _test_and_reading(value):
        return None  # "serial CK 1200-900", "serial CBC 44812": a test's readings
    if kind == "plan" and (_YEAR_SPAN.fullmatch(value) or (len(head := value.partition(" ")[0]) > 1
                           and head.isalpha() and head.lower() in STOP)):
        return None  # (branch ids9) "Policy 2019-2022 reviewed": years; "GROUP FOR 20 YEARS": a word, a count
    linked = _LINKED.search(text, max(0, start - 8), start) is not None
    if linked and (len(value) < 5 or len(_DIGIT.findall(value)) < 3 or "/" in value
                   or text[end : end + 1] in ("%", "/")):
        return None
    return None if _DIGIT.search(value) is None else _LABEL_TYPE[kind]


_YEAR_SPAN = re.compile(r"(?:19|20)\d\d[-–/](?:19|20)?\d\d")  # (branch ids9)
_SSN_NEAR = re.compile(r"\b(?:ssn|ss#|social|soc\.? sec)")


def _ssn(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """A valid SSN; in dashes, one the SSA would not issue (an area of 9xx or 666, as invented numbers have) is still
    an identifier: an SSN when named a few words before ("Patient SSN/DOB: 987-65-4321")."""
    if ssn_valid(value):
        return PhiType.SSN
    digits = "".join(_DIGIT.findall(value))
    if " " in value or digits[:3] == "000" or digits[3:5] == "00" or digits[5:] == "0000":
        return None  # (never issued: a placeholder, "000-12-3456")
    return PhiType.SSN if _SSN_NEAR.search(_word_before(text, start, 24)) else PhiType.ID


# a fax's label right before the number: "Fax:", "Facsimile", "F:" on a letterhead's "T: ... F: ..." line
_FAX_BEFORE = re.compile(r"(?:\bfax|facsimile|(?:^|[\s|,;(])f)\b[ \t]{0,2}(?:#|no\.?|number)?[ \t]{0,2}[:#]?"
                         r"[ \t]{0,3}$")


def _phone(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    digits = _DIGIT.findall(value)
    if kind == "phone":
        core = digits[1:] if len(digits) > 10 and digits[0] == "1" else digits
        # written as a telephone number (3-3-4 with separators), it is one even off the NANP plan: notes carry
        # surrogate and foreign numbers ("888-130-8121", "(135) 442-9738")
        if len(core) < 10 or len(set(core)) == 1:
            return None
    elif not 8 <= len(digits) <= 15:
        return None
    before = _word_before(text, start, 20)
    _, nl, tail = before.rpartition("\n")
    if nl and tail.strip():  # a label on the line above counts only for a number opening its line
        before = tail
    return PhiType.FAX if "fax" in before or _FAX_BEFORE.search(before) else PhiType.PHONE


_QUARTER_HOURS = re.compile(r"[0-2]?\d(?:00|15|30|45)-[0-2]\d(?:00|15|30|45)")


def _phone_label(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """A number after a telephone's label: ten digits (eleven with the country's 1), or a local seven that is
    not a span of clock times ("Office 830-1700", "call 900-1630")."""
    digits = _DIGIT.findall(value)
    if len(digits) == 11 and digits[0] not in "01":
        return None
    if len(digits) == 7 and _QUARTER_HOURS.fullmatch(value):
        return None
    if len(set(digits)) == 1 or (value[:1] in "xX" and value.endswith("000")):
        return None
    return PhiType.FAX if _FAX_BEFORE.search(_word_before(text, start, 24)) else PhiType.PHONE


def _isodate(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    _, m, d = re.split(r"[-/.]", value[:10])[:3]
    return PhiType.DATE if 1 <= int(m) <= 12 and 1 <= int(d) <= 31 else None


def _compactdate(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    return PhiType.DATE if 1 <= int(value[4:6]) <= 12 and 1 <= int(value[6:8]) <= 31 else None


_DATE_RANGE = re.compile(r"(?<![\d/.])[01]?\d/[0-3]?\d-[01]?\d/[0-3]?\d(?![\d/]|\.\d)")  # "10/15-10/16"


def _date_range_at(text: str, start: int, end: int) -> bool:
    around = _DATE_RANGE.search(text, max(0, start - 6), min(len(text), end + 6))
    if around is None or not (around.start() <= start and end <= around.end()):
        return False
    pairs = [p.split("/") for p in around.group().split("-")]  # both ends real days ("7/2-5/0" is readings)
    return all(1 <= int(m) <= 12 and 1 <= int(d) <= 31 for m, d in pairs)


def _in_chain(text: str, start: int, end: int) -> bool:
    """A number run joined by slashes, decimals or dashes on either side: a set of readings ("4-6/2-4",
    "7.42/20"), unless it is a range of two dates."""
    if not (_CHAIN_BEFORE.search(text[max(0, start - 2) : start]) or _CHAIN_AFTER.match(text[end : end + 2])):
        return False
    return not _date_range_at(text, start, end)


def _numdate(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    if len({c for c in value if not c.isdigit()}) > 1:  # a written date keeps one separator
        return PhiType.DATE if _date_range_at(text, start, end) else None  # "10/15-10/16", not "5.6/67"
    if _in_chain(text, start, end):
        return None
    return PhiType.DATE if _numeric_date(value, kind == "dmynum") else None


def _datepair(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """ "TREATMENTS 10/03/10/04": two month/day dates with two-digit days, written back to back."""
    a, b, c, d = (int(x) for x in value.split("/"))
    return PhiType.DATE if 1 <= a <= 12 and 1 <= b <= 31 and 1 <= c <= 12 and 1 <= d <= 31 else None


def _monthyear(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """ "CABG 1/78", "UTI 6/85": a month and a two-digit year."""
    if _in_chain(text, start, end):
        return None
    mon, year = (int(x) for x in value.split("/"))
    return PhiType.DATE if 1 <= mon <= 12 and year > 31 and not _score_context(text, start, end) else None


def _monthyear4(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """ "12/2026", "since 03-2019": a month and a year, not a reading ("7.40/2020" is in a chain)."""
    if _in_chain(text, start, end):
        return None
    return PhiType.DATE if 1 <= int(re.split(r"[/\-]", value)[0]) <= 12 else None


# "2/2" between two words is shorthand for "secondary to": a word (not a month, a year or a clock time) follows it
_SECONDARY_TO = re.compile(r"[ \t]+(?!(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|at|@|on|in)\b)[A-Za-z]{2,}",
                           re.IGNORECASE)
_FINDING_BEFORE = re.compile(r"([A-Za-z]+)[ \t]+$")


def _secondary_to(text: str, start: int, end: int) -> bool:
    """ "2/2" between a clinical word (shorthand, or a clinical term no commoner in English than "fever") and
    another word: a finding and its cause, not the second of February."""
    before = _FINDING_BEFORE.search(text, max(0, start - 30), start)
    if before is None or not _SECONDARY_TO.match(text, end):
        return False
    low, lx = before.group(1).lower(), lexicon()
    return low in lx.shorthand or low in lx.medical or (low in lx.clinical and lx.zipf.get(low, 0) <= 42)


def _shortdate(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    if _in_chain(text, start, end) or _scale_score(text, start, end):  # (branch ids8: "BIMS 8/15")
        return None
    mon, day = (int(x) for x in value.split("/"))
    if day > 31:  # "TAVR 6/38": what follows the month is a two-digit year
        return _monthyear(kind, value, text, start, end)
    cued = _DATE_CUE.search(_word_before(text, start, 16)) is not None
    if not (1 <= mon <= 12 and 1 <= day <= 31) or (
        _score_context(text, start, end) and not (cued and (_next_word(text, end) == "to" or day > 10))
    ):
        return None  # a cue such as "on" wins over a score word a few words back ("CP ON 10/23")
    if day == 10 and _PAIN_WORDS.intersection(_WORD_RUN.findall(text[end : end + 30].lower())[:3]):
        return None  # "c/o 4/10 back pain": a pain score
    if value in _FRACTIONS and not cued:
        return None  # "D5 1/2 NS", "clear 1/3 up": a fraction, unless a date is announced ("adm 1/2")
    if value == "2/2" and not cued and _secondary_to(text, start, end):
        return None  # "ESRD 2/2 IgA nephropathy", "SOB 2/2 CHF": shorthand for "secondary to"
    return PhiType.DATE


def _worded(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    digits = _DIGIT_RUN.findall(value)
    if not digits or not 1 <= int(digits[0]) <= 31:
        return None
    if value[:3].lower() == "may" and kind == "mdy" and _next_word(text, end) in _NOT_DATE_NEXT:
        return None
    if kind == "dmy" and value[-3:].lower() == "dec" and _next_word(text, end) in _DECREASE_NEXT:
        return None  # "O2 dec from 6 to 3": decreased
    return PhiType.DATE


_DECREASE_NEXT = frozenset(["from", "to", "by", "slightly", "further", "overnight", "with", "after", "and"])


def _ordinal(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    n = int("".join(c for c in value if c.isdigit()))
    return None if not 1 <= n <= 31 or _next_word(text, end) in _NOT_ORDINAL_NEXT else PhiType.DATE


_YEARS_OF = re.compile(r"[ \t]{1,2}(?:years?|yrs?)[ \t]{1,2}of\b(?![ \t]{1,2}age\b)", re.IGNORECASE)
_NUMBER_WORDS = frozenset(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
                           "thousand", "percent", "point"])


def _over_89(value: str) -> bool:
    """An age's number over 89 and at most 125, or an age in words (its pattern only counts from ninety)."""
    return not value[0].isdigit() or 89 < int(value) <= 125


def _age(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    if kind == "atage" and _READING_NEAR.search(_word_before(text, start, 20)):
        return None  # "HR at 100, he was dizzy"
    if kind == "agecue" and (_next_word(text, end) in _UNIT_NEXT or _YEARS_OF.match(text, end)):
        return None  # "turned 90 degrees", "celebrated ninety years of marriage"
    if not value[0].isdigit() and _next_word(text, end) in _NUMBER_WORDS:
        return None  # "turned one hundred eighty degrees": a longer number
    if kind == "commaage" and _next_word(text, end + 1) in _OBITUARY_NEXT and not _name_at(text, start - 2):
        return None  # "levels 88, 94, of which": after the words of a death record, a name before the age
    named = kind == "commaage" and _NAMED_BEFORE.search(text, max(0, start - 40), start - 2) is not None
    if kind == "commaage" and text[start - 1 : start] == "(" and not named:
        return None  # "Jane Roe (93) was seen", not "MAP (93) with" or "110/60 (93) with"
    if kind == "sexage" and _next_word(text, end) in _UNIT_NEXT:
        return None  # "Gender/Age: Female 120 lbs"
    if kind in ("agecue", "birthday", "commaage", "relage", "atage", "agepair", "sexpair", "sexage"):
        return PhiType.AGE if _over_89(value) else None  # ("92/F": the number only)
    if kind in ("age", "ageyear"):  # "Age 92.5 years": the whole years; "in her 94th year"; not "94 years ago"
        ago = kind == "age" and _next_word(text, end) == "ago"
        ago = ago or (kind == "age" and _DURATION_BEFORE.search(_word_before(text, start, 12)) is not None
                      and _YEARS_END.search(value) is not None)  # (branch ids9) "for 95 years": a duration
        return PhiType.AGE if 89 < int(_DIGIT_RUN.findall(value)[0]) <= 125 and not ago else None
    if not 89 < int(_DIGIT_RUN.findall(value)[0]) <= 125 or (
            value[-1] in "Ff" and _TEMPERATURE.search(_word_before(text, start, 24))):
        return None  # "Tmax 101F" is a fever
    if _VITAL_BEFORE.search(_word_before(text, start, 12)) or (value[-1] in "Ff" and _heat_reading(text, start)):
        return None  # "HR 96 F": a reading; (branch ids8) "water heater <= 120 F": a temperature
    return PhiType.AGE


def _family_age(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """(branch ids9) "father d. at 94 of CHF", "aunt, alive at 91,": a relative's age over 89 that ends its clause or
    goes on about the person; not "living at 100 Orrin Rd" (an address), "alive at 96 kg"."""
    if not _over_89(value) or (text[end : end + 1] in ("%", "/", "-", ".") and text[end + 1 : end + 2].isdigit()):
        return None
    if text[end : end + 1] in ("", ".", ",", ";", ")", "\n") or text[end : end + 3] == " - ":
        return PhiType.AGE
    return PhiType.AGE if _next_word(text, end) in _FAMILY_AGE_NEXT else None


_FAMILY_AGE_NEXT = frozenset(["of", "from", "with", "and", "after", "due", "in", "yo", "y", "years", "yrs", "w", "s/p",
                              "but", "following", "secondary", "still", "living", "alive", "now"])


# what follows a number that is a reading or an amount, not an age ("she is 96% on room air", "he is 92 kg")
_NOT_AGE_NEXT = frozenset(["kg", "kgs", "lb", "lbs", "pounds", "percent", "pct", "degrees", "deg", "f", "c", "bpm",
                           "mmhg", "cm", "mm", "in", "inches", "mg", "ml", "cc", "units", "minutes", "mins", "min",
                           "hours", "hrs", "days", "weeks", "months", "beats", "breaths", "over", "on", "of", "out",
                           "x"])

# a person's name right before an age in brackets: a word of letters that is no reading's name
_NAMED_BEFORE = re.compile(r"(?<![A-Za-z])(?!(?i:hr|pulse|rate|bp|sbp|dbp|map|rr|sats?|spo2|o2|temp|glucose|bs|fsbs|"
                           r"wt|weight|ht|height|k|na|cr|hgb|hct|plt|wbc|score|age)\b)[A-Za-z][A-Za-z'\-]*[A-Za-z]\Z")
_READING_NEAR = re.compile(r"\b(?:hr|pulse|rate|bp|sbp|map|rr|sats?|spo2|o2|temp|glucose|bs|fsbs|peaked|up|down)\b")
_UNIT_NEXT = _NOT_AGE_NEXT - {"of", "on", "in", "over", "out"}  # "died at 96 of a stroke", "turned 90 degrees"


def _case_number(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """ "case 25-783103": a case's number, not an amount's range ("in case 10-1500 mL") nor years ("report
    2019-2024 data", "case 10-2024")."""
    if _CASE_YEARS.fullmatch(value):
        return None
    return None if _next_word(text, end) in _RANGE_UNITS | _NOT_AGE_NEXT else PhiType.ID


_CASE_YEARS = re.compile(r"\d{2,4}-(?:19|20)\d\d")


# (branch ids8) what may follow an age in words after "re", "is a": the clause's end, a person's noun, or words that
# go on about the person ("re ninety-six, date of birth", "is a ninety-three widow", not "is a hundred times")
_SLOT_NOUN = re.compile(rf"[ \t\-]{{1,2}}{_PERSON_NOUN}\b", re.IGNORECASE)
_SLOT_NEXT = frozenset(["yo", "y", "with", "who", "and", "admitted", "adm", "presents", "presenting", "seen", "w",
                        "living", "lives", "from", "here", "brought", "referred", "transferred"])


def _age_slot(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """ "re ninety-six member", "is a ninety-three widow", "ninety-six member": an age in words in a person's slot
    (the noun after it, or the slot's words before it and the clause going on about the person); never a count or
    an amount ("is a ninety-day supply", "re one hundred mg", "is a hundred times")."""
    if text[end : end + 1] == "-" and not _SLOT_NOUN.match(text, end):
        return None  # "ninety-day", "one hundred-fold"
    if kind == "agenounw" or _SLOT_NOUN.match(text, end) or _YEARS_IN.search(value[-12:]):
        return PhiType.AGE
    if text[end : end + 1] in ("", ".", ",", ";", ")", "\n") or text[end : end + 2] in (" (", " -"):
        return PhiType.AGE
    return PhiType.AGE if _next_word(text, end) in _SLOT_NEXT else None


# (branch ids8) a cognitive or a screening scale's score as a fraction of its maximum: "BIMS 8/15", "MoCA 24/30",
# "PHQ-9 11/27", "MMSE 26/30" (the scale's name in the few words before, as a scan may misread it)
_SCALE_MISREAD = str.maketrans("01|lc", "oiiie")
_SCALE_MAX = {name.translate(_SCALE_MISREAD): maxima for name, maxima in {
    "bims": (15,), "moca": (30,), "mmse": (30,), "mmse-2": (30,), "slums": (30,), "gcs": (15,), "phq-9": (27,),
    "phq9": (27,), "phq": (27, 9, 6), "phq-2": (6,), "phq2": (6,), "gad-7": (21,), "gad7": (21,), "gad": (21, 7),
    "gds": (15, 30), "nihss": (42,), "braden": (23,), "audit": (40,), "audit-c": (12,), "epds": (30,),
    "mini-cog": (5,), "minicog": (5,), "cdr": (3, 18), "sls": (30,), "tinetti": (28,), "berg": (56,),
    "katz": (6,), "barthel": (100,), "fim": (126,), "pcl-5": (80,), "cows": (48,), "ciwa": (67,), "ciwa-ar": (67,),
    "rass": (4,), "blessed": (28,), "ace-iii": (100,), "sage": (22,), "cam-icu": (4,), "ham-d": (52,),
    "hamd": (52,), "hads": (21, 42), "dast": (10,), "dast-10": (10,), "k10": (50,), "edinburgh": (30,),
}.items()}
_SCALE_WORD = re.compile(r"[A-Za-z0-9|][A-Za-z0-9|\-]*")


def _scale_score(text: str, start: int, end: int) -> bool:
    """A fraction whose denominator is the maximum of a scale named in the four words before, on its line."""
    line = text[max(0, text.rfind("\n", max(0, start - 48), start) + 1, start - 48) : start]
    top = text[start:end].partition("/")[2]
    if not top.isdigit():
        return False
    words = [w.lower().translate(_SCALE_MISREAD) for w in _SCALE_WORD.findall(line)[-4:]]
    return any(int(top) in _SCALE_MAX.get(w, ()) for w in words)


# (branch ids8) a temperature's reading before "F", not an age and a sex: "water heater <= 120 F", "bath water 104 F"
_HEAT_BEFORE = re.compile(r"(?:[<>≤≥]=?|\b(?:water|heater|heaters|thermostat|hot|bath|bathwater|shower|tap|oven|"
                          r"degrees?|deg|setting|set|exceed|exceeds|below|above|max|maximum)\b)[ \t:]*\Z")


def _heat_reading(text: str, start: int) -> bool:
    """ "<= 120 F", "water heater 120 F", "set to 120 F": a temperature named or compared just before."""
    before = _word_before(text, start, 32).rpartition("\n")[2]
    return _HEAT_BEFORE.search(before) is not None or re.search(r"\b(?:water|heater|thermostat)\b", before) is not None


# (branch ids8) a year in brackets closing a court's citation: "Roe v. Wade, 410 U.S. 113 (1975)", "12 F.3d 44 (9th
# Cir. 1994)", "State v. Doe (1981)": the case's year, public, no patient's date
_CITE = r"\d{1,4}[ \t]{1,2}[A-Za-z][A-Za-z0-9.' ]{0,24}?[ \t]\d{1,5}(?:,[ \t]{0,2}\d{1,5})?"
# (a party, "v." or "v", a party of up to four words, then the reporter's volume and page or the bracket; or the
# reporter alone: "EF 55% vs. 40% (2019)" has no party after "vs.")
_CITATION_BEFORE = re.compile(rf"(?:\b[A-Za-z][A-Za-z'\-]+\.?,?[ \t]vs?\.?[ \t][A-Za-z][A-Za-z'\-]+"
                              rf"(?:[ \t][A-Za-z][A-Za-z'\-.]*){{0,3}}(?:,[ \t]{{1,2}}{_CITE})?|\b{_CITE})"
                              r"[ \t]{0,2}\((?:[A-Za-z0-9.' ]{1,30}[ \t])?\Z", re.IGNORECASE)


def _court_year(text: str, start: int, end: int) -> bool:
    """A year in brackets right after a case's name or a reporter's volume and page."""
    if text[end : end + 1] != ")" or "(" not in text[max(0, start - 32) : start]:
        return False
    return _CITATION_BEFORE.search(text, max(0, start - 120), start) is not None


def _age_be(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """ "She is 96 and lives alone": an age, unless a unit or a decimal follows ("she is 96% on room air")."""
    after = text[end : end + 2]
    if after[:1] in ("%", "/") or (after[:1] in (".", ",", "-") and after[1:2].isdigit()):
        return None
    digits = _DIGIT_RUN.findall(value)
    if digits and not 89 < int(digits[0]) <= 125:
        return None
    unit = _YEARS_IN.search(value) is not None  # "he is 96 years of age", "she is ninety-four years old"
    if unit and value[-1] in "yY" and text[end : end + 1] not in ("", ".", ",", ";", ")", "\n"):
        return None  # a bare "y" ends the clause ("pt is 93 y, alert"): "93 y-axis" is no age
    if unit:
        return PhiType.AGE
    if not digits:  # (branch ids7) in words, also before a clause's "when", "had" ("she was ninety-one when")
        return _words_be(text, end)
    # a bare number ends the clause or goes on about the person ("she is 96 and lives alone", "he is 96."); "pt is
    # 98 afebrile", "pt was 92 at rest" are readings
    tail = text[end : end + 1]
    return PhiType.AGE if tail in ("", ".", ",", ";", ")", "\n") or _next_word(text, end) in _AGE_BE_NEXT else None


def _words_be(text: str, end: int) -> PhiType | None:
    """An age in words after a person and a verb: it ends its clause or goes on about the person, and is no longer
    number ("he was one hundred and fifty pounds")."""
    after = _next_word(text, end)
    if after == "and" and _AND_NUMBER.match(text, end):
        return None
    if text[end : end + 1] in ("", ".", ",", ";", ")", "\n") or after in _WORDS_BE_NEXT:
        return PhiType.AGE
    return None


_AND_NUMBER = re.compile(r"[ \t]{1,2}and[ \t]{1,2}(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|one|two|"
                         r"three|four|five|six|seven|eight|nine|ten|eleven|twelve|a[ \t]half)\b", re.IGNORECASE)
_AGE_BE_NEXT = frozenset(["and", "but", "with", "who", "now", "today", "this", "next", "lives", "living", "widowed",
                          "married", "alert", "independent", "still", "yet", "so"])


_WORDS_BE_NEXT = _AGE_BE_NEXT | {"when", "had", "has", "at", "then", "until", "before", "whose", "from", "in"}
_YEARS_IN = re.compile(r"(?i)\d[ \t\-]{0,2}y|[a-z][ \t\-]{1,2}y")
# a reading named before "now": "sats now ninety-four", "blood sugar now one hundred"
_NOW_READING = re.compile(r"\b(?:hr|pulse|rate|bp|sbp|dbp|map|rr|sats?|saturation|spo2|o2|temp|glucose|sugars?|bg|fsbg|"
                          r"cbg|fsbs|bs|weight|wt|pressure|count|level|score|peaked|up|down)\b")
# "now" opening a clause ("alive, now ninety-four", "Now ninety-two,") or after a verb of being, not after a
# reading's name ("platelets now ninety")
_NOW_OPENS = re.compile(r"(?:^|[,;:(\-]|\b(?:is|was|and|she['’]s|he['’]s|who['’]s|being))[ \t]*n[o0]w[ \t]{1,2}"
                        r"(?:aged?[ \t]{1,2})?\Z", re.IGNORECASE | re.MULTILINE)
_NOW_AGE_NEXT = _AGE_BE_NEXT | {"years", "yrs", "yo", "year"}


def _age_now(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """ "alive, now ninety-four, lives with her son": a number in words after "now" that ends its clause or goes on
    about the person; not a reading ("sats now ninety-four") nor an amount ("now ninety minutes")."""
    if _NOW_READING.search(_word_before(text, start - 4, 20).rpartition("\n")[2]) \
            or not _NOW_OPENS.search(text, max(0, start - 40), start):
        return None
    if text[end : end + 1] in ("", ".", ",", ";", ")", "\n"):
        return PhiType.AGE
    return PhiType.AGE if _next_word(text, end) in _NOW_AGE_NEXT else None


_AGE_NOUN = re.compile(r"\b(?:years?|yrs?)$")  # "ninety-three years of age"; "a hundred years ago" is no age
# (branch ids9) a duration's years, not an age: "for 95 years", "over 90 yrs" (also as a scan reads it, "95 ycars")
_YEARS_END = re.compile(r"(?:y[ec]ars?|yrs?)\Z", re.IGNORECASE)
_DURATION_BEFORE = re.compile(r"\b(?:for|over|past|last|than|within|lasting|spanning|x)[ \t]*\Z", re.IGNORECASE)
_OF_AGE = re.compile(r"[ \t]{1,2}of[ \t]{1,2}age\b", re.IGNORECASE)
_AGE_NEXT = frozenset(["yo", "y"])  # "ninety-two y.o."


def _age_words(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """ "ninety-three years old", "aged ninety one": a number in words is an age only when the words say so
    ("ninety minutes" is not)."""
    low = value.lower()
    of_age = _AGE_NOUN.search(low) is not None and _OF_AGE.match(text, end) is not None
    return PhiType.AGE if low.startswith("age") or low.endswith(("old", "yo", "y/o")) or of_age \
        or _next_word(text, end) in _AGE_NEXT else None


_CLINICAL_STREET_TYPES = frozenset(["ct", "sq", "pl"])  # CT, subcutaneous, platelets


@functools.cache
def _address_tail() -> re.Pattern[str]:
    return re.compile(_ADDRESS)


def _address_span(text: str, start: int, end: int) -> tuple[int, int]:
    """ "dispatched 0700 to 2404 Larchmont Ridge Trail": the hit ran from a number before a word that no street name
    holds; the address is the part after the last such word, when that part is one."""
    low = text[start:end].lower()
    cut = max((m.end() for m in _WORD_RUN.finditer(low) if m.group() in _NOT_STREET_WORDS), default=0)
    if not cut:
        return start, end
    m = _address_tail().search(text, start + cut, end)
    if m is None or m.end() != end:
        return start, end
    # found inside a longer run, it must read as an address on its own: a plain house number, words of letters,
    # and a street type that is no clinical abbreviation ("5u lispro SQ", "20 - head CT", "3 bt run" are not)
    number, *words = m.group().split()
    street = words[-1].strip(".").lower() if words else ""
    plain = number.isdigit() and all(w.isalpha() for w in words[:-1]) and street not in _CLINICAL_STREET_TYPES
    return (m.start(), end) if plain else (start, end)
_UNIT_LETTERS = frozenset("ghklmnsuxy")  # (units, doses and counts: "4u", "2L", "3x", "100s"; a house is "12B")


_ADDRESS_ABOVE = re.compile(r"(?i:address|^[ \t]*\d{1,6}[A-Za-z]?[ \t])")


def _unit_line(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """ "Apt 3B" on a line of its own; a "Unit 5" or "Lot 12" only under an address's first line or its label (a
    ward is a unit too)."""
    if value[:3].lower() not in ("uni", "lot", "spc"):
        return PhiType.ADDRESS
    above = text.rfind("\n", 0, max(0, text.rfind("\n", 0, start)))
    lines = text[above + 1 : start]
    return PhiType.ADDRESS if _ADDRESS_ABOVE.search(lines) or "address" in lines.lower() else None


def _address(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    # "in 4-6 weeks with Dr.", "TLC #2 in place.": a count and ordinary words before "Dr"/"Place"
    number, rest = value.split(None, 1)
    words = _WORD_RUN.findall(rest.lower())
    if words[:1] == ["en"]:
        return None  # "Medic 12 en route": a unit on its way, no house on a route
    # (a capitalised word in a mixed-case text is a name: "12 Miles Ct", "40 Day Street")
    if any(w.lower() in _NOT_STREET_WORDS and (not w.istitle() or w.lower() in STOP)
           for w in _CASED_WORD_RUN.findall(rest)) \
            or number[-1].lower() in _UNIT_LETTERS:
        return None  # ("4U REG SQ", "2L NC ...": units after a count, not a house number's letter)
    lx = lexicon()  # "4U REG SQ", "44 - CHEST CT": a dose or a scan before "SQ" or "CT", not a street's name
    return None if any(len(w) > 2 and (w in lx.medical or w in lx.shorthand) and w not in STREET_WORDS
                       and w != "center" for w in words[:-1]) else PhiType.ADDRESS


def _vin(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """A VIN by its check digit, or by its shape when a check digit is wrong (a typo, an invented one): letters
    among the first eleven characters and a serial of digits at the end ("1HGCM82633A004353")."""
    if vin_valid(value):
        return PhiType.VEHICLE
    letters = sum(c.isalpha() for c in value)
    return PhiType.VEHICLE if value[-5:].isdigit() and 3 <= letters <= 9 and value[0].isalnum() else None


_BIRTH_CUE = re.compile(r"\b(?:d[o0]b|d\.o\.b\.?|birth\s?date|date\s+of\s+birth|born)\W*$")


# codes that name a product, a procedure or a diagnosis, not a person: "NDC 0002-1433-80", "CPT 99213-25"
_CODE_BEFORE = re.compile(r"\b(?:ndc|cpt|hcpcs|loinc|snomed|icd(?:-?\s?(?:9|10)(?:-cm)?)?|model|catalog(?:ue)?|cat|"
                          r"part|upc|gtin|lot|ref|protocol|form|version|"
                          # (branch ids8) a MedDRA term's code, a public form's OMB control number
                          r"m[ec]ddra(?:[ \t]{1,2}(?:pt|[l1][l1]t|h[l1]t|h[l1]gt|soc|code))?|"
                          r"[o0]mb(?:[ \t]{1,2}c[o0]ntr[o0][l1])?)\b"
                          r"[ \t]{0,2}(?:#|no\.?|number|code)?[ \t]{0,2}[:#]?[ \t]{0,2}$")


def _amount(low: str) -> bool:
    """An amount and its unit ("2500000u", "40mg"); seven digits or more and a letter are an identifier's check
    letter ("47417510x", "95381819f"), unless the letter is a unit count ("u")."""
    if _AMOUNT.fullmatch(low) is None:
        return False
    run = _DIGIT_RUN.match(low)
    return run is None or len(run.group()) < 7 or low.endswith(("u", "units"))


def _idcode(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    if _SETTING_PRODUCT.fullmatch(value) or _CODE_BEFORE.search(_word_before(text, start, 24)):
        return None
    if _amount(value.lower()) or (value.isdigit() and _next_word(text, end) in _UNIT_NEXT):
        return None  # "2500000U", "2500000 units": an amount
    prefix = value.partition("-")[0].lower()
    setting = prefix in _SETTING_WORDS or _CHAIN_AFTER.match(text[end : end + 2]) is not None
    if value[0].isalpha() and setting:
        return None  # "AC-420-50%-5": a ventilator's settings, a run of readings
    if text[end : end + 1] == "%":
        return None  # "60010-100%": a reading
    if prefix == "ssn":
        return PhiType.SSN  # "SSN-412882291"
    if _TIME_RANGE.fullmatch(value) or (_NUMBER_RANGE.fullmatch(value) and _vital_range(value, text, end)):
        return None  # "0700-1900" (a shift), "BP 110-130/60s", "HR 100-120" (a range of readings)
    if value.isdigit() and len(value) == 10 and value[0] in "12" and _luhn("80840" + value):
        return PhiType.LICENSE  # an NPI
    if len(value) == 8 and value.isdigit() and _BIRTH_CUE.search(_word_before(text, start, 24)) \
            and _numeric_date(f"{value[:2]}/{value[2:4]}/{value[4:]}", day_first=False):
        return PhiType.DATE  # "DOB: 03041950": a birth date written without separators
    return PhiType.ID


_IDCODE_RE = re.compile(_IDCODE)
_LABEL_WORD = re.compile(r"([A-Za-z][A-Za-z\-]*)\.?[ \t]{0,2}(?:#|no\.?|num(?:ber)?\.?|id|identifier)[ \t]{0,2}[:#|]?"
                         r"[ \t]{0,2}#?[ \t]{0,2}$", re.IGNORECASE)
_DECIMAL = re.compile(r"\d+\.\d+")


def _any_label(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """An identifier after any word and a number's marker ("Employee ID: 448213"): three digits or more in four
    characters or more, not after a word that numbers a product, a code, a place in the building or a count ("Lot #
    44812", "Model no. 5076", "Room # 4412"), not an amount or a reading ("# 1000 mL", "no. 12.5")."""
    alone = _classifier().fullmatch(text, start, end)  # "Cell # 207-555-0142": a phone, a date
    shape = alone.lastgroup if alone is not None else None
    if shape is not None and shape not in ("idcode", "anylabel"):
        typ = _check(shape, value, text, start, end)
        if typ is not None or shape not in ("dmynum", "numdate") or len(_DIGIT.findall(value)) < 6:
            return typ  # (a date's shape that is no date, "ID: 32.16.3444", is read on as an identifier)
    m = _LABEL_WORD.search(text, max(0, start - 48), start)
    word = m.group(1).lower() if m is not None else ""
    if word in NOT_ID_LABELS or word in STOP or (word in lexicon().shorthand and word != "id"):  # ("ID No. 4482")
        # the number may still be an identifier by its own shape, as it would have been without the word
        return _idcode("idcode", value, text, start, end) if _IDCODE_RE.fullmatch(value) else None
    if _IDCODE_RE.fullmatch(value) and _idcode("idcode", value, text, start, end) is None:
        return None  # a shift ("0700-1900"), a range of readings, a product's code
    digits = len(_DIGIT.findall(value))
    if not 4 <= len(value) <= 40 or digits < 3 or _DECIMAL.fullmatch(value) or text[end : end + 1] in ("%", "/"):
        return None
    if digits < 6 and (" " in value or "/" in value):
        return None  # "# 20 18", "no. 120/80": a grouped or slashed value is long ("445 236 94", "43491030/05")
    return None if _next_word(text, end) in _UNIT_NEXT else PhiType.ID


_BRACKET_LABEL = {"acct": PhiType.ACCOUNT, "account": PhiType.ACCOUNT, "fin": PhiType.ACCOUNT, "csn": PhiType.ACCOUNT,
                  "member id": PhiType.HEALTH_PLAN, "policy": PhiType.HEALTH_PLAN, "dl": PhiType.LICENSE,
                  "npi": PhiType.LICENSE, "dea": PhiType.LICENSE, "serial": PhiType.DEVICE, "s/n": PhiType.DEVICE,
                  "sn": PhiType.DEVICE}


_BRACKET_END = re.compile(r"[)\]]")


def _id_before_label(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """ "448812 (MRN)", "448812 - MRN": the label in brackets or after a dash gives the number's type (a record
    number by default)."""
    after = text[end : end + 40].lstrip(" \t")
    label = _BRACKET_END.split(after[1:].split("\n", 1)[0], 1)[0].lower().replace("\t", " ")
    words = label.replace("mr #", "mr#").split()
    if after[:1] not in "([":  # after a dash, the label is the first word or two; the number is long
        words = words[:2] if " ".join(words[:2]) in _BRACKET_LABEL else words[:1]
        if len(_DIGIT.findall(value)) < 5:
            return None  # ("1000 - MRN notified": a count)
    return _BRACKET_LABEL.get(" ".join(words), PhiType.MRN)


_LAST_WORD = re.compile(r"(?<![A-Za-z0-9'\-])([A-Za-z][A-Za-z'\-]*)[ \t]{0,2}[(\[]\Z")


def _name_like(text: str, start: int, end: int) -> bool:
    """Whether the word at ``text[start:end]`` may be a name: no shorthand or clinical term, no English word unless a
    list of names holds it and another name or a title stands before it ("Jane Smith", "Mrs. Brown"; not "Weight",
    "Pain", "Ferritin", "Platelets")."""
    lx = lexicon()
    low = text[start:end].lower()
    if low in STOP or low in lx.medical or low in lx.shorthand or low.removesuffix("s") in lx.medical:
        return False
    if not any(w in lx.clinical or w in lx.common_words for w in (low, low.removesuffix("s"))):
        return True
    if low not in lx.last_names and low not in lx.first_names:
        return False
    inverted = text[start - 2 : start] == ", "  # "Smith, Jane"
    before = _WORD_AT.search(text, max(0, start - 24), start - 2 if inverted else start)
    prev = before.group(1).lower() if before is not None else ""
    if before is None or not (before.group(1)[:1].isupper() or text[start:end].islower()):
        return False  # (in mixed case a name is capitalised)
    unknown = not (prev in STOP or prev in lx.common_words or prev in lx.clinical or prev in lx.medical
                   or prev in lx.shorthand)  # ("Galih Lamb", "Matikainen, Walter")
    return prev in _TITLES or prev in lx.first_names or unknown or (prev in lx.last_names and inverted)


_TITLES = frozenset(["mr", "mrs", "ms", "miss", "mx", "dr"])
_WORD_AT = re.compile(r"(?<![A-Za-z0-9'\-])([A-Za-z][A-Za-z'\-]*)\.?[ \t]{0,2}\Z")
_OBITUARY_NEXT = frozenset(["died", "passed", "of", "formerly", "widow", "widowed", "retired"])


def _name_at(text: str, end: int) -> bool:
    """Whether the word ending at ``end`` may be a name."""
    m = _WORD_AT.search(text, max(0, end - 40), end)
    return m is not None and _name_like(text, m.start(1), m.end(1))


_COMMA_AGE_NEXT = frozenset(["presents", "presented", "is", "was", "who", "with", "comes", "came", "seen", "admitted",
                             "reports", "complains", "here", "arrives", "arrived", "lives", "returns", "states"])


def _name_id(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """ "Jane Roe (448812)": a number in brackets after a word that is no English, clinical or reading word (a
    name), up to ten digits ("Platelets (150000)", "Vitamin D (1000000)" are readings and amounts); "Jane Roe (94)":
    an age over 89 (as before, after a name and before what the patient does: "Jane Roe (93) was seen")."""
    m = _LAST_WORD.search(text, max(0, start - 40), start)
    if m is None or len(value) > 12 or value.endswith("000"):
        return None  # ("(150000)", "(25000)": a round count or amount)
    if len(value) <= 3:
        if not 89 < int(value) <= 125:
            return None
        if _NAMED_BEFORE.search(text, m.start(1), m.end(1)) and _next_word(text, end + 1) in _COMMA_AGE_NEXT:
            return PhiType.AGE
    if not _name_like(text, m.start(1), m.end(1)):
        return None
    if len(value) <= 3:
        return PhiType.AGE
    return None if _next_word(text, end + 1) in _UNIT_NEXT else PhiType.MRN


def _year_kind(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    if _court_year(text, start, end):
        return None  # (branch ids8) "Roe v. Wade, 410 U.S. 113 (1975)": a case's year
    return _year(value, text, start, end)


def _event_year(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """ "MI 92", "CVA 2008": the year of an event in a history, not a count or a reading."""
    digits = value.rstrip("'")
    after = text[end : end + 2]
    reading = after[:1] == "%" or (after[:1] in ("/", ".", "-") and after[1:].isdigit())
    if reading or _next_word(text, end) in _YEAR_UNITS:
        return None
    year = int(digits)
    announced = _word_before(text, start, 4).split()[-1:] == ["in"]  # "s/p MVR in 04": a year, whatever its value
    # "CABG 03": a count is never written with a leading zero, a year is
    return PhiType.DATE if (len(digits) == 2 and (year >= 30 or announced or digits[0] == "0")) \
        or 1930 <= year <= 2029 else None


_Check = Callable[[str, str, str, int, int], "PhiType | None"]
_FIXED = {
    "email": PhiType.EMAIL, "url": PhiType.URL, "my": PhiType.DATE, "pobox": PhiType.ADDRESS,
    "statezip": PhiType.ZIP, "ziplabel": PhiType.ZIP, "townzip": PhiType.ZIP, "zipword": PhiType.ZIP,
    "ziparea": PhiType.ZIP, "holiday": PhiType.DATE,
    "season": PhiType.DATE, "agedecade": PhiType.AGE, "decadenoun": PhiType.AGE, "wordday": PhiType.DATE,
    "agenoun": PhiType.AGE, "wbirthday": PhiType.AGE, "mbi": PhiType.HEALTH_PLAN, "ssnmask": PhiType.SSN,
    "ssnlast": PhiType.SSN,
    "roadno": PhiType.ADDRESS, "mac": PhiType.DEVICE,
}
_CHECKS: dict[str, _Check] = {
    "ipv4": _ip, "ipv6": _ip, "ssn": _ssn, "phone": _phone, "intlphone": _phone, "isodate": _isodate,
    "compactdate": _compactdate, "datepair": _datepair, "numdate": _numdate, "dmynum": _numdate,
    "monthyear": _monthyear, "monthyear4": _monthyear4,
    "shortdate": _shortdate, "dmy": _worded, "mdy": _worded, "ordinal": _ordinal, "year": _year_kind,
    "dmycompact": _worded,
    "eventyear": _event_year,
    "age": _age, "agesex": _age, "agecue": _age, "relage": _age, "atage": _age, "agebe": _age_be,
    "phonelabel": _phone_label,
    "townline": _town_line,
    "ext": _ext, "addrlabel": _addr_label, "zip4": _zip4,
    "devnoun": _devnoun, "makerserial": _maker_serial, "pagex": _pager_ext, "pagenum": _pager_ext,
    "agenow": _age_now, "casenum": _case_number, "sexage": _age, "sexcomma": _sex_comma,
    "unitline": _unit_line,
    "birthday": _age, "agepair": _age, "sexpair": _age, "ageyear": _age,
    "agewords": _age_words, "address": _address,
    "ageslot": _age_slot, "agenounw": _age_slot, "payer": _labelled_plan,  # (branch ids8)
    "famage": _family_age,  # (branch ids9)
    "vin": _vin, "idcode": _idcode, "udi": _udi, "platewin": _plate, "biowin": _biometric,
    "commaage": _age, "hashid": _any_label, "idlabel": _id_before_label, "nameid": _name_id,
    **dict.fromkeys(_LABEL_TYPE, _labelled),
}


def _check(kind: str, value: str, text: str, start: int, end: int) -> PhiType | None:
    """The type of a candidate, or None when it is a near miss."""
    fixed = _FIXED.get(kind)
    if fixed is not None:
        return fixed
    check = _CHECKS.get(kind)
    return None if check is None else check(kind, value, text, start, end)


# groups whose span is a sub-group of the match (the label or state before it is not PHI)
_INNER = {"statezip": "zip", "ziplabel": "zip2", "townzip": "zip3", "zipword": "zip5", "ziparea": "zip7",
          "eventyear": "ey", "decadenoun": "decade2", "agedecade": "decade", "agecue": "cueage",
          "agebe": "beage", "devnoun": "devid", "atage": "atnum", "townline": "zip6",
          "ssnlast": "ssn4", "addrlabel": "addrl", "unitline": "unitv", "relage": "rage", "famage": "fage",
          "phonelabel": "phnum", "ageyear": "yage", "udi": "udiv",
          "sexage": "sxage", "sexcomma": "scage", "wbirthday": "wbday", "agenow": "nowage", "makerserial": "msv",
          "casenum": "casev", "pagex": "pgxv", "pagenum": "pgnv",
          "ageslot": "slotage", "agenounw": "nounage", "payer": "payv",  # (branch ids8)
          "biowin": "bioid", "birthday": "bday", "agepair": "pairage", "sexpair": "pairage2", "commaage": "cage",
          "platewin": "plateid", "hashid": "hashv", "idlabel": "idv", "nameid": "nidv"}


# the first three digits of each state's ZIP codes (USPS): a code no list holds is still one when its state's range
# holds it ("Pell Harbor ME 04999"); "OR 12345" (an operating room's case) is not Oregon's
_ZIP_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    "AL": ((350, 369),), "AK": ((995, 999),), "AZ": ((850, 865),), "AR": ((716, 729),), "CA": ((900, 961),),
    "CO": ((800, 816),), "CT": ((60, 69),), "DE": ((197, 199),), "DC": ((200, 205), (569, 569)),
    "FL": ((320, 349),), "GA": ((300, 319), (398, 399)), "HI": ((967, 968),), "ID": ((832, 838),),
    "IL": ((600, 629),), "IN": ((460, 479),), "IA": ((500, 528),), "KS": ((660, 679),), "KY": ((400, 427),),
    "LA": ((700, 714),), "ME": ((39, 49),), "MD": ((206, 219),), "MA": ((10, 27), (55, 55)), "MI": ((480, 499),),
    "MN": ((550, 567),), "MS": ((386, 397),), "MO": ((630, 658),), "MT": ((590, 599),), "NE": ((680, 693),),
    "NV": ((889, 898),), "NH": ((30, 38),), "NJ": ((70, 89),), "NM": ((870, 884),), "NY": ((100, 149), (5, 5)),
    "NC": ((270, 289),), "ND": ((580, 588),), "OH": ((430, 459),), "OK": ((730, 749),), "OR": ((970, 979),),
    "PA": ((150, 196),), "RI": ((28, 29),), "SC": ((290, 299),), "SD": ((570, 577),), "TN": ((370, 385),),
    "TX": ((750, 799), (733, 733), (885, 885)), "UT": ((840, 847),), "VT": ((50, 59),), "VA": ((220, 246), (201, 201)),
    "WA": ((980, 994),), "WV": ((247, 268),), "WI": ((530, 549),), "WY": ((820, 831),), "PR": ((6, 9),),
}
_STATE_CODE = re.compile(r"[A-Za-z]{2}")


def _zip_of_state(state: str, code: str) -> bool:
    """Whether ``code`` lies in the ZIP range of the two-letter ``state`` written before it."""
    m = _STATE_CODE.search(state)
    ranges = _ZIP_RANGES.get(m.group().upper(), ()) if m is not None else ()
    prefix = int(code[:3])
    return any(lo <= prefix <= hi for lo, hi in ranges)


def _word_tail(value: str) -> bool:
    """A plate's second group that is a word ("4471 was"), not letters of the plate ("4471 KT")."""
    if " " not in value:
        return False
    tail = value.rsplit(" ", 1)[1].lower()
    lx = lexicon()
    return tail.isalpha() and (tail in STOP or tail in lx.common_words or tail in lx.medical)


# the next item of a list after a labelled identifier: "serials: PT-1001, PT-1002", "SN 2213LK4481 and 2213LK4482"
_LIST_NEXT = re.compile(r"[ \t]*(?:[,;/&]|\band\b|\bor\b)[ \t]*([A-Za-z0-9][A-Za-z0-9\-]{2,30})\b", re.IGNORECASE)
_SHAPE = str.maketrans("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "9" * 10 + "a" * 26 + "A" * 26)


def _listed(text: str, end: int, value: str, typ: PhiType) -> Iterator[tuple[int, int, PhiType, str]]:
    """The items after a labelled identifier written in its exact shape (letters, digits and dashes in the same
    places): a list of the same kind of identifier under one label."""
    shape = value.translate(_SHAPE)
    if not _DIGIT.search(value) or len(value) < 4:
        return
    for _ in range(8):
        m = _LIST_NEXT.match(text, end)
        if m is None or m.group(1).translate(_SHAPE) != shape:
            return
        end = m.end(1)
        yield m.start(1), end, typ, "context"


# "<Town>, <ST> 12345": after a word and a comma, a state's ZIP code is one even if no list of codes holds it
_TOWN_BEFORE = re.compile(r"[A-Za-z]{2},[ \t]{1,2}\Z")


_LABEL_JOINED = re.compile(r"(?i:[ce]?mrn|acct|fin|csn|har|enc)-(?=\d)")


_CLOCK_AFTER_DAY = re.compile(r"[ \t]{1,2}([0-2]\d[0-5]\d)\Z")


def _clock_after_day(text: str, start: int, end: int) -> int:
    """(branch ids8) The end of a month and its day without a clock time read as the year ("May 25 1255", "Oct 10
    0802": no year before 1800); a year that is also a clock time ("May 25 1930") stays a year unless hours follow."""
    m = _CLOCK_AFTER_DAY.search(text, start, end)
    if m is None or int(m.group(1)[:2]) > 24:
        return end
    if _valid_year(m.group(1)) and _next_word(text, end) not in ("hrs", "hr", "h", "hours"):
        return end  # ("May 25 1930 hrs": a clock time all the same)
    return m.start()


def _trimmed(kind: str, text: str, start: int, end: int) -> tuple[int, int]:
    """The span of a hit without what is not PHI around it."""
    if kind == "year":  # the character before "'92" and the one after "14'" are not the year
        return _year_span(text, start, end)
    if kind == "address":
        return _address_span(text, start, end)
    if kind == "mdy":  # (branch ids8) "Wednesday, May 25 1255 hrs": a clock time after the day is no year
        end = _clock_after_day(text, start, end)
    if kind in ("url", "email"):
        while end > start and text[end - 1] in ".,;:!?":
            end -= 1
    value = text[start:end]
    if kind == "age" and not value[0].isdigit():
        digit = _DIGIT.search(value)
        label = value[: digit.start()] if digit is not None else ""
        if len(label.split()) > 1 or "(" in label or ".." in label:  # "Age at admission: 92", "Age.....92": the age
            start += len(label)
    joined = _LABEL_JOINED.match(value) if kind == "idcode" else None
    if joined is not None:  # "MRN-448812": the label joined by a dash is no PHI
        start += joined.end()
    if kind == "vehicle" and _word_tail(value):  # "plate 4471 was seen": the plate is "4471"
        end = start + value.rindex(" ")
    if kind == "device":  # (branch ids9)
        start, end = _maker_misread(text, start, end)
    return start, end


def _maker_misread(text: str, start: int, end: int) -> tuple[int, int]:
    """(branch ids9) "serial Z0MBRE 18-91351M": a maker's word a scan gave a digit, read as the serial's first group,
    then the serial's first group cut at its dash: the serial is what follows the maker's word, whole (a word of
    letters alone is left as it was: "serial CK 1200-900" is a test's readings, "Serial CXR 12/03/2026" a date)."""
    value = text[start:end]
    head, _, tail = value.rpartition(" ")
    if not head or " " in head or not tail.isalnum() or not any(ch.isalpha() for ch in head) \
            or not any(ch.isdigit() for ch in head):
        return start, end
    more = _DASHED_ON.match(text, end)
    return (start, end) if more is None else (start + len(head) + 1, more.end())


_DASHED_ON = re.compile(r"(?:[-–/.][A-Za-z0-9]+){1,4}\b")


_FIELD_START = re.compile(r"(?:\A|\n|\t|\||  )[ \t]*\Z")


def _bare_field(text: str, start: int, end: int) -> bool:
    """ "ID:" alone as a field's label, opening its line or a column of a card's row ("Group: RX4481   ID:
    W448213"), with its colon or "#" ("ID" alone is infectious disease in a note's shorthand)."""
    return text[start:end].lower() == "id" and text[end : end + 3].lstrip(" \t")[:1] in (":", "#") \
        and _FIELD_START.search(text[max(0, start - 8) : start]) is not None


def find(text: str) -> Iterator[tuple[int, int, PhiType, str]]:
    """Yield ``(start, end, type, layer)`` for every validated structured identifier in ``text``: the RE2 scan's,
    then the identifiers after any word and a number's marker that no hit of the scan overlaps."""
    hits = list(_scanned_hits(text))
    hits += _far_hits(text, hits)  # (branch ids10)
    yield from hits
    marks = _mark_starts(text)
    if not marks:
        return
    starts = sorted((s, e) for s, e, _, _ in hits)
    reach = list(itertools.accumulate((e for _, e in starts), max))
    begins = [s for s, _ in starts]
    for at in marks:
        mark = _ANY_MARK.match(text, at)
        if mark is None:
            continue
        word = _ANY_WORD.search(text, max(0, mark.start() - 40), mark.start())
        if word is None and not _bare_field(text, mark.start(), mark.end()):
            continue
        value = _ANY_VALUE.match(text, mark.end())
        if value is None or (word is None and len(_DIGIT.findall(value.group(1))) < 5):
            continue  # (after a bare "ID:", five digits: "ID: 1000" may be a reading under infectious disease)
        a, b = value.span(1)
        i = bisect.bisect_left(begins, b)
        if i and reach[i - 1] > a:
            continue  # a hit of the scan holds it (a phone after "Cell #", a record number after "MRN #")
        typ = _any_label("anylabel", text[a:b], text, a, b)
        if typ is not None:
            yield a, b, typ, "rule"


# the age in brackets after a birth date in any written form: "DOB August 5, 1930 (95)", "born 4 Mar 1931 (94 y)"
# (or in words: "DOB May 1921 (one hundred and three)")
_BIRTH_AGE = re.compile(rf"[ \t]{{0,6}}\((\d{{2,3}}|(?i:{_AGE_WORDS}))(?:[ \t]{{0,2}}(?i:y|yo|y/o|yrs?|years?))?\)")


def _birth_age(text: str, start: int, end: int) -> Iterator[tuple[int, int, PhiType, str]]:
    m = _BIRTH_AGE.match(text, end)
    over = m is not None and (not m.group(1)[0].isdigit() or 89 < int(m.group(1)) <= 125)
    if m is not None and over and _BIRTH_CUE.search(_word_before(text, start, 24)):
        yield m.start(1), m.end(1), PhiType.AGE, "rule"


def _scanned_hits(text: str) -> Iterator[tuple[int, int, PhiType, str]]:
    """The validated hits of the RE2 scan."""
    classify = _classifier().fullmatch
    for hit_start, hit_end, run in _scan(text):
        yield from _hit(text, hit_start, hit_end, classify, run)


_NEXT_WORD_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]")
_Classify = Callable[[str, int, int, int], "re.Match[str] | None"]
_DATE_GOES_ON = re.compile(r"[/\-.]\d")


def _hit(text: str, hit_start: int, hit_end: int, classify: _Classify,
         run: int = -1) -> Iterator[tuple[int, int, PhiType, str]]:
    """The validated identifiers of one hit of the scan (``run``: the scan's run that found it, if known)."""
    m = classify(text, hit_start, hit_end, run)
    kind = m.lastgroup if m is not None else None  # the outermost group that closed last: the alternative matched
    if m is None or kind is None:
        # (a label a scan misread with a digit first, "1ic. 9095818", that the classifier's look-ahead for a letter
        # skips: what follows from the next word is scanned again)
        word = _NEXT_WORD_START.search(text, hit_start + 1, hit_end)
        if word is not None:
            yield from _rescanned(text, word.start(), hit_end, classify)
        return
    if kind == "dobage":  # the date, then the age after it
        a, b = m.span("dobdate")
        day = text[a:b]
        if _numeric_date(day, day_first=False) or _numeric_date(day, day_first=True) \
                or (day[4:5] == "-" and _isodate(kind, day, text, a, b)):
            yield a, b, PhiType.DATE, "rule"
        kind = "agecue"
        start, end = m.span("dage")
        if _check(kind, text[start:end], text, start, end) is not None:  # (branch ids9) "(106 yrs)": the unit too
            yield start, m.end("dageu"), PhiType.AGE, "rule"
        return
    else:
        start, end = m.span(_INNER.get(kind, kind))
    start, end = _trimmed(kind, text, start, end)
    value = text[start:end]
    typ = _check(kind, value, text, start, end)
    if typ is None:
        if kind == "age" and _DATE_GOES_ON.match(text, end):
            yield from _after_label(text, hit_start, end, classify)  # "DOB/Age: 01/02/1931 (94)"
        elif kind in ("makerserial", "device"):
            yield from _rescanned(text, start, end, classify)  # "serial CXR 12/03/2026": no serial, but a date
        return
    whole = _DATE_RANGE.search(text, max(0, start - 6), min(len(text), end + 6)) if kind == "numdate" else None
    if whole is not None and whole.start() <= start < whole.end():
        start, end = whole.start(), max(end, whole.end())  # the whole range "10/15-10/16"
    if kind == "statezip" and value[:5] not in lexicon().zip_codes \
            and not _TOWN_BEFORE.search(text, max(0, m.start() - 5), m.start()) \
            and not _zip_of_state(text[m.start() : start], value):
        return
    yield start, end, typ, "context" if kind in _LABEL_TYPE else "rule"
    if kind in _LABEL_TYPE or kind == "devnoun":
        yield from _listed(text, end, value, typ)
    elif typ is PhiType.DATE and text[end : end + 8].lstrip(" \t")[:1] == "(":
        yield from _birth_age(text, start, end)


def _rescanned(text: str, at: int, end: int, classify: _Classify) -> Iterator[tuple[int, int, PhiType, str]]:
    """The hits of the scan starting in ``text[at:end]``, a value its hit's check found no identifier."""
    for s, e, run in _scan(text[at : end + 48]):
        if at + s >= end:
            return
        yield from _hit(text, at + s, at + e, classify, run)


def _after_label(text: str, hit_start: int, end: int, classify: _Classify) -> Iterator[tuple[int, int, PhiType, str]]:
    """An "Age:" label whose number goes on as a date ("DOB/Age: 01/02/1931 (94)", "Age: 12/03/2020"): the scan
    took the label and the date's first digits as an age; the date is scanned again from its first digit."""
    digit = _DIGIT.search(text, hit_start, end)
    if digit is None or digit.start() == hit_start:
        return
    at = digit.start()
    for s, e, run in _scan(text[at : at + 64]):
        if s == 0:
            yield from _hit(text, at, at + e, classify, run)
        return


# (branch ids10) identifiers and ages in settings far from the clinic: a face's id at a gate or in a photo set, a
# race's timing chip, a beacon's UIN, a runner's bib, a search's mission number, an age over 89 corrected or set
# between commas after a person's noun, a place's coordinates, a plan id after "Insurance:" in a 3-2-5 shape. Each is
# looked for only at its cue words, found together in one pass of a small RE2 automaton, by a match at the cue.
_FAR_VALUE = r"[A-Za-z0-9]{1,6}(?:[-–][A-Za-z0-9]{2,20}){1,3}\b|[A-Za-z0-9]{4,24}\b"
_FAR_FACE = re.compile(r"(?i:(?:face|facial)(?:[ \t]+(?:print|recognition|template|photo|scan))?[ \t]+(?:photo[ \t]+)?"
                       r"(?:id|[l1]d)\b\.?(?:[ \t]{0,2}(?:#|no\.?))?)[ \t]{0,2}[:#]?[ \t]{0,2}(" + _FAR_VALUE + ")")
_FAR_CHIP = re.compile(r"(?i:chip)\b\.?(?:[ \t]{0,2}(?i:#|no\.?|id))?[ \t]{0,2}[:#]?[ \t]{0,2}"
                       r"([A-Za-z0-9]{6,10})\b(?![-.\w])")
_FAR_UIN = re.compile(r"(?i:uin|beacon[ \t]+id|hex[ \t]+id|transponder(?:[ \t]+(?:id|code))?)\b"
                      r"[ \t]{0,2}[:#]?[ \t]{0,2}([A-Za-z0-9]{5,24})\b")
_FAR_BIB = re.compile(r"(?i:bib)\b\.?(?:[ \t]{0,2}(?i:#|no\b\.?|num(?:ber)?\b\.?))?[ \t]{0,2}[:#]?[ \t]{0,2}"
                      r"(\d{2,6}[A-Za-z]?)\b(?![.,]\d)")
_FAR_MISSION = re.compile(r"(?i:(?:mission|incident)\b)(?P<mark>[ \t]{0,2}(?i:#|no\b\.?|num(?:ber)?\b\.?|id\b))?"
                          r"[ \t]{0,2}[:#]?[ \t]{0,2}(?P<v>[A-Za-z]{0,5}-?\d[A-Za-z0-9]*(?:[-–][A-Za-z0-9]+){0,3})\b")
_FAR_AGE = rf"\d{{2,3}}|(?i:{_AGE_WORDS})"
_FAR_CORRECTED = re.compile(rf"[ \t]{{1,2}}(?i:to)[ \t]{{1,2}}({_FAR_AGE})\b")
_FAR_AGE_BEFORE = re.compile(r"(?i:\bage)\b")
_FAR_COMMA_AGE = re.compile(rf",[ \t]{{0,2}}({_FAR_AGE})[ \t]{{0,2}}[,;]")
_FAR_PERSON = re.compile(
    r"(?i:\b(?:(?:great[ \t\-]{0,2})?grand(?:mother|father|ma|pa|parent)|mother|father|mom|dad|aunt|uncle|sister|"
    r"brother|wife|husband|spouse|partner|neighbou?r|friend|resident|finisher|runner|hiker|climber|swimmer|"
    r"passenger|woman|lady|gentleman|widow(?:er)?|veteran)\b)(?:[ \t]{1,2}[A-Za-z]+){0,3}\Z")
_FAR_OLDEST = re.compile(rf"(?i:oldest)\b(?:[ \t]{{1,2}}[A-Za-z]+){{0,2}}?[ \t]{{0,2}}[,:]?[ \t]{{1,2}}({_FAR_AGE})\b")
_FAR_DEG = r"[ \t]?(?:°|deg\b\.?)?[ \t]?"
_FAR_COORD = re.compile(
    rf"[A-Za-z]{{0,10}}\.?[ \t]{{0,2}}[:=]?[ \t]{{0,2}}(?:(?i:lat(?:itude)?|at)[ \t]{{0,2}}[:=]?[ \t]{{0,2}})?"
    rf"([-+]?\d{{1,2}}\.(\d{{2,8}})(?!\.?\d)(?:{_FAR_DEG}([NSns])\b)?°?[ \t]{{0,2}}[,/;]?[ \t]{{0,2}}"
    rf"(?:(?i:lon(?:g(?:itude)?)?)\.?[ \t]{{0,2}}[:=]?[ \t]{{0,2}})?"
    rf"[-+]?\d{{1,3}}\.(\d{{2,8}})(?!\.?\d)(?:{_FAR_DEG}([EWew])\b)?°?)")
# (no cue word: the latitude's N or S letter is the cue, and both letters must be there: "31.6861 N 117.0442 W")
_FAR_LETTERED = re.compile(
    rf"[^\n]{{0,12}}?(?<![\d.])([-+]?\d{{1,2}}\.(\d{{3,8}})(?!\.?\d){_FAR_DEG}([NSns])\b°?"
    rf"[ \t]{{0,2}}[,/;]?[ \t]{{0,2}}"
    rf"[-+]?\d{{1,3}}\.(\d{{3,8}})(?!\.?\d){_FAR_DEG}([EWew])\b°?)")
_FAR_NUMBER = re.compile(r"[-+]?\d{1,3}\.\d+")
_FAR_COORD_CUES = ("gps", "lat", "coord", "found at", "located at", "location", "position", "°", "pinned", "waypoint",
                   "plb", "beacon", "found near")
_FAR_PLAN = re.compile(
    r"(?i:insurance[ \t]{0,2}:|tricare(?:[ \t]{1,2}(?:for[ \t]{1,2}life|prime|select))?|champva|"
    r"medicare(?:[ \t]{1,2}advantage)?|medicaid)[ \t]{0,2}[:#]?[ \t]{0,2}(\d{3}-\d{2}-\d{5})\b")


def _cue_at(low: str, cue: str, word: bool = True) -> Iterator[int]:
    """The offsets of ``cue`` in the lowercased text, each opening a word (if ``word``)."""
    at = low.find(cue)
    while at >= 0:
        if not word or at == 0 or not low[at - 1].isalnum():
            yield at
        at = low.find(cue, at + 1)


def _far_age(value: str) -> bool:
    return not value[0].isdigit() or 89 < int(value) <= 125


def _far_chip(value: str) -> bool:
    """A chip's code holds a digit, or is all capitals and no word ("chip FRACTURE" is a word in capitals)."""
    if any(ch.isdigit() for ch in value):
        return any(ch.isalpha() for ch in value) or len(value) >= 6
    low = value.lower()
    lx = lexicon()
    return value.isupper() and low not in lx.common_words and low not in lx.medical and low not in STOP


def _far_coord(text: str, m: re.Match[str]) -> bool:
    """A latitude and a longitude after a cue word ("GPS", "lat", "found at"): in range, with N/S and E/W letters, or
    three decimals in the latitude and two or more in the longitude ("ratio 0.75, -0.2" is none)."""
    nums = _FAR_NUMBER.findall(m.group(1))
    if len(nums) != 2 or abs(float(nums[0])) > 90 or abs(float(nums[1])) > 180:
        return False
    if m.group(3) is not None and m.group(5) is not None:
        return True
    return len(m.group(2)) >= 3 and len(m.group(4)) >= 2


def _far_digit(m: re.Match[str], text: str, at: int) -> bool:
    return any(ch.isdigit() for ch in m.group(1))


def _far_mission(m: re.Match[str], text: str, at: int) -> bool:
    """A mission's or a search's incident's number: four digits or more, after a marker, with a dash or a letter
    prefix, or six digits ("incident 2019" is a year)."""
    value = m.group("v")
    digits = sum(ch.isdigit() for ch in value)
    shaped = "-" in value or "–" in value or value[0].isalpha()
    if text[at : at + 1] in "iI" and _FAR_SAR.search(text, max(0, at - 60), at) is None:
        return False  # ("Incident # 26-118234 filed with security": a form's number, an id, unless a search's)
    return digits >= 4 and (m.group("mark") is not None or shaped or digits >= 6)


_FAR_SAR = re.compile(r"(?i:\bsar\b|rescue|search|mission)")


def _far_corrected(m: re.Match[str], text: str, at: int) -> bool:
    return _far_age(m.group(1)) and _FAR_AGE_BEFORE.search(text, max(0, at - 60), at) is not None


def _far_comma(m: re.Match[str], text: str, at: int) -> bool:
    return _far_age(m.group(1)) and _FAR_PERSON.search(text[max(0, at - 48) : at]) is not None


_FarCheck = Callable[["re.Match[str]", str, int], bool]
# (cues in lower case, whether a cue must open a word, where the pattern starts after the cue's start (None: at its
# end), the pattern, its check, the type)
_FAR_RULES: tuple[tuple[tuple[str, ...], bool, int | None, re.Pattern[str], _FarCheck, PhiType], ...] = (
    (("face", "facial"), True, 0, _FAR_FACE, _far_digit, PhiType.BIOMETRIC),
    (("chip",), True, 0, _FAR_CHIP, lambda m, text, at: _far_chip(m.group(1)), PhiType.DEVICE),
    (("microchip",), True, 5, _FAR_CHIP, lambda m, text, at: _far_chip(m.group(1)), PhiType.DEVICE),
    (("uin", "beacon", "hex", "transponder"), True, 0, _FAR_UIN, _far_digit, PhiType.DEVICE),
    (("bib",), True, 0, _FAR_BIB, lambda m, text, at: True, PhiType.ACCOUNT),
    (("mission", "incident"), True, 0, _FAR_MISSION, _far_mission, PhiType.MRN),
    (("corrected", "amended", "revised", "changed", "updated"), True, None, _FAR_CORRECTED, _far_corrected,
     PhiType.AGE),
    ((", ninety", ",ninety", ", one hundred", ", a hundred", ", hundred", ", 9", ",9", ", 1", ",1"), False, 0,
     _FAR_COMMA_AGE, _far_comma, PhiType.AGE),
    (("oldest",), True, 0, _FAR_OLDEST, lambda m, text, at: _far_age(m.group(1)), PhiType.AGE),
    (_FAR_COORD_CUES, True, None, _FAR_COORD, lambda m, text, at: _far_coord(text, m), PhiType.ADDRESS),
    ((" n ", " s ", " n,", " s,"), False, -12, _FAR_LETTERED, lambda m, text, at: _far_coord(text, m),
     PhiType.ADDRESS),
    (("insurance", "tricare", "champva", "medicare", "medicaid"), True, 0, _FAR_PLAN, lambda m, text, at: True,
     PhiType.HEALTH_PLAN),
)


@functools.cache
def _far_cues() -> tuple[Any, dict[str, list[int]]]:
    """One small RE2 automaton of every rule's cue, and the rules of each cue (one pass over an ASCII text)."""
    rules: dict[str, list[int]] = {}
    for k, rule in enumerate(_FAR_RULES):
        for cue in rule[0]:
            rules.setdefault(cue, []).append(k)
    pattern = "(?i)" + "|".join(re.escape(cue) for cue in sorted(rules, key=len, reverse=True))
    return re2.compile(pattern.encode()), rules


def _far_hits(text: str, hits: list[tuple[int, int, PhiType, str]]) -> list[tuple[int, int, PhiType, str]]:
    """(branch ids10) The identifiers and ages of settings far from the clinic that no hit of the scan holds (a
    generic id of the scan inside one is dropped from ``hits``)."""
    out: list[tuple[int, int, PhiType, str]] = []
    data = text.encode("utf-8", "replace")
    if len(data) == len(text):  # (ASCII: the cues' offsets are the text's)
        scan, rules = _far_cues()
        for found in scan.finditer(data):
            at, cue = found.start(), found.group().decode().lower()
            for k in rules[cue]:
                _far_rule(text, hits, out, k, cue, at)
        return out
    low = text.lower()
    for k, rule in enumerate(_FAR_RULES):
        for cue in rule[0]:
            if cue in low:
                for at in _cue_at(low, cue, False):
                    _far_rule(text, hits, out, k, cue, at)
    return out


def _far_rule(text: str, hits: list[tuple[int, int, PhiType, str]], out: list[tuple[int, int, PhiType, str]],
              k: int, cue: str, at: int) -> None:
    """Rule ``k`` of ``_FAR_RULES`` at its cue ``cue`` found at ``at``."""
    _, word, offset, pattern, check, typ = _FAR_RULES[k]
    if word and at and text[at - 1].isalnum():
        return
    m = pattern.match(text, max(0, at + (len(cue) if offset is None else offset)))
    if m is not None and check(m, text, at):
        _far_add(hits, out, *m.span("v" if "v" in pattern.groupindex else 1), typ)


def _far_add(hits: list[tuple[int, int, PhiType, str]], out: list[tuple[int, int, PhiType, str]], a: int, b: int,
             typ: PhiType) -> None:
    clash = [hit for hit in hits if hit[0] < b and a < hit[1]]
    if any(t is not PhiType.ID or s < a or e > b for s, e, t, _ in clash) or any(s < b and a < e for s, e, _, _ in out):
        return  # (a generic id of the scan inside the span, "face ID FR-3c81...", gives way to the labelled one)
    for hit in clash:
        hits.remove(hit)
    out.append((a, b, typ, "context"))
