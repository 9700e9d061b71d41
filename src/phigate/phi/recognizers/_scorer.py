"""One decision per candidate name or place: the evidence for and against it, summed as log-odds, kept above a
threshold.

The candidate layers (``_names``, ``_places``) propose spans generously; this module decides. Each feature adds a
weight (positive: evidence of PHI; negative: evidence of clinical text) to a prior:

* what the dictionaries say about each word: a first name, a census surname and its rank, a city; how common the word
  is in English (wordfreq's Zipf value, for words English dictionaries list) and whether the clinical lexicon
  (``data/clinical.txt``: FDA substance names, clinical and rarer English words; ``icu_shorthand.txt``) or the
  hand-curated clinical list knows it;
* its letter case relative to its region (a capital letter is evidence only in mixed-case text; an all-capitals
  short word inside mixed-case text reads as an abbreviation);
* the words on both sides: a title or credential, a relative or a role before it, "aware", "notified" or "paged"
  after it (how nurses write clinicians), "no" or "without" before it (a finding), a colon after a word at the start
  of a line (a section heading such as ``ENDO:``), a number after a word (a setting: ``PEEP 5``);
* the neighbouring decisions: a span of two name words reads as first and last name.

The weights are set by hand from general reasoning and checked on the project's synthetic corpus; the thresholds
are settings (``phigate.phi.Thresholds``, passed to ``analyze`` or held by a ``DeidContext``): lower keeps more
(recall, the default for the AI path), higher drops more (precision). ``docs/phi.md`` explains each feature.
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
from collections.abc import Iterator
from contextvars import ContextVar

from phigate.phi._types import DEFAULT_THRESHOLDS, Thresholds
from phigate.phi.recognizers import _words as W  # noqa: N812 (the word lists, read like a namespace)
from phigate.phi.recognizers._lexicon import lexicon
from phigate.phi.recognizers._tokens import Tokens, Word

# The thresholds of the analysis running in this thread or task (``phigate.phi.Thresholds``; set by ``thresholds_of``
# for one ``find_all``): a context variable, so concurrent analyses with different settings never see each other's.
_ACTIVE: ContextVar[Thresholds] = ContextVar("phigate_phi_thresholds", default=DEFAULT_THRESHOLDS)


@contextlib.contextmanager
def thresholds_of(thresholds: Thresholds | None) -> Iterator[None]:
    """Decide every candidate inside the ``with`` at ``thresholds`` (the defaults for ``None``)."""
    token = _ACTIVE.set(thresholds or DEFAULT_THRESHOLDS)
    try:
        yield
    finally:
        _ACTIVE.reset(token)

PRIOR_NAME = -2.0
PRIOR_PLACE = -2.0
_ROLE_TRIGGERS = (W.NAME_TRIGGERS - W.RELATIVES - {"pt", "patient"}) | {
    "person", "rabbi", "priest", "reverend", "rev", "pastor", "manager", "coordinator", "worker", "ho", "intern",
    "fellow"}
# an officer's rank with its full stop before a surname: a title, never a name (branch names8): "Ofc. Brannigan"
RANKS = frozenset(["ofc", "sgt", "det", "dep", "cpl", "capt"])
_CONTEXT_WORDS = W.TITLES | W.NAME_TRIGGERS | W.CREDENTIALS | _ROLE_TRIGGERS | frozenset(["law", "in"]) | RANKS
_CAPS_ROLES = frozenset(["RT", "RRT", "OT", "SLP", "PT", "CNM", "RPh"])  # roles only when written so ("rt" is right)
_NOTICE_AFTER = frozenset(["aware", "notified", "paged", "informed", "updated", "called", "contacted"])

_PLACE_CUES = frozenset(["in", "from", "to", "near", "at", "lives", "resides", "moved"])
_WEAK_ROLES = frozenset(["by", "cc", "name", "seeing", "contact"])
_TALK_VERBS = frozenset(["spoke", "spoken", "speaking", "talked", "talking", "discussed", "met", "meeting", "left",
                         "conversation", "conversed", "phoned", "called", "updated", "conferred", "explained",
                         "messaged", "texted", "emailed", "forwarded", "faxed", "routed", "handed", "signed"])
LETTER_WORDS = frozenset(["dear", "hi", "hello", "thanks", "cheers", "sincerely", "regards", "best"])
_CLOSING_WORDS = frozenset(["truly", "respectfully", "cordially"])  # "Yours truly,": a closing only before a comma
_MESSAGE_WORDS = frozenset(["left", "message", "msg", "messages"])
_TALK_PREPOSITIONS = frozenset(["with", "to", "for"])
TALK_WORDS = _TALK_VERBS | _MESSAGE_WORDS


def _spoken_to(tk: Tokens, i: int) -> bool:
    """ "talked with Rosalind", "spoke to PAT", "message left for marguerite": a first name or surname the dictionaries
    hold, after a verb of speaking and "with" or "to" (or a message and "for")."""
    w = tk.words[i]
    return talk_before(tk, i) and not w.clin and (
        w.first or w.rank > 0 or (w.namelike and w.cap and not w.word.isupper())  # "spoke with Imra"
        # "SPOKE WITH TAMSIN ORLEVY", where case tells nothing (not a word with its last letter dropped: "famil")
        or (w.namelike and tk.mode != "mixed" and not w.typo and not _clipped(w.low)))


def _clipped(low: str) -> bool:
    """An English or clinical word with its last letter dropped ("famil", "daughte")."""
    lx = lexicon()
    return any(low + c in lx.common_words or low + c in lx.clinical for c in "abcdefghijklmnopqrstuvwxyz")


def talk_before(tk: Tokens, i: int) -> bool:
    """A verb of speaking and "with" or "to" (or a message and "for") right before token ``i``."""
    if i < 2:
        return False
    verb, prep = tk.lows[i - 2], tk.lows[i - 1]
    return ((prep in ("with", "to") and verb in _TALK_VERBS) or (prep == "for" and verb in _MESSAGE_WORDS)) \
        and not tk.gaps[i - 2].strip() and not tk.gaps[i - 1].strip()
_NEGATION_BEFORE = frozenset(["no", "without", "w/o", "neg", "negative", "denies", "any"])
_HEADING_GAP = re.compile(r"[ \t]*[:\-=>][^\S\n]*")
_NUMBER_AFTER = re.compile(r"[ \t]{0,2}[:=]?[ \t]{0,2}[<>~]?\d")
_LINE_LEAD = " \t-*#>0123456789.)"  # what may stand before a heading or a signature on its line: blanks, list marks


def _line_start(text: str, start: int, back: int) -> bool:
    """Whether only ``_LINE_LEAD`` characters stand between the start of a line and ``start``, looking at most
    ``back`` characters back. The same answer as searching the window for a line start followed by those
    characters to its end (the regular expression this replaces), with one ``rfind`` and one ``strip`` in place of
    a match tried at every position of the window."""
    lo = max(0, start - back)
    nl = text.rfind("\n", lo, start)
    if nl < 0 and lo > 0:
        return False  # no line starts in the window
    return not text[nl + 1 : start].strip(_LINE_LEAD)


@functools.lru_cache(maxsize=1 << 16)
def word_evidence(
    w: Word, mode: str, introduced: bool = False, sentence_start: bool = False, titled: bool = False
) -> float:
    """How much one word, as written, looks like a person's name rather than English or clinical text
    (``titled``: right after a title, where "Will" is a name)."""
    if w.med:
        return -4.0 if w.low in _medical() else -1.5  # the hand list, or only a clinical suffix ("-itis")
    ev = _name_lists(w) - _english(w, titled) - _clinical(w)
    if w.low in W.LANGUAGES and not titled and not 0 < w.rank <= 2_000:
        ev -= 3.0  # "speaks only Russian", "speaks Haitian Creole" (but "English", "Welsh" are frequent surnames)
    if len(w.low) <= 2:
        ev -= 2.0
    if mode == "mixed":
        ev += _case(w, introduced, sentence_start)
        if w.typo and w.cap and not w.word.isupper() and not sentence_start:
            ev += 1.2  # "Vellamy": capitalised mid-text, one keystroke from a word is weak evidence of a misspelling
    return ev


def _name_lists(w: Word) -> float:
    """A first name; a census surname by its rank; or a word no list knows (a name only in context)."""
    ev = 1.5 if w.first else 0.0
    if w.rank:
        ev = max(ev, 2.0 if w.rank <= 2_000 else 1.5 if w.rank <= 20_000 else 1.0) + (0.3 if w.first else 0.0)
    return ev or (0.6 if w.namelike and not w.clin else 0.0)


def _english(w: Word, titled: bool = False) -> float:
    """How much the word is an English word rather than a name.

    A name's Zipf counts its use as a name too, so an English word that is also a name is weighed more gently
    (first names: "John" is written far more often as a name than "john" as a word), and a surname that is an
    English word weighs how often English writes the word against how often the census finds the name: "Smith",
    "Miller" are names, "Small", "Given", "States" mostly the word."""
    if w.low in W.STOP:
        return 4.0
    penalty = 0.0
    if not w.strong and w.low in _common():
        z = max(0.0, w.zipf / 10 - 2.0)
        if w.first:
            penalty = 0.6 + 0.3 * max(0.0, z - 1.0)
        elif w.rank:
            penalty = 0.5 + max(0.0, w.zipf / 10 - (5.5 - 0.8 * math.log10(w.rank)))
        else:
            penalty = 1.0 + z
    if w.low in W.AUX_VERBS and not titled:
        penalty += 3.0  # "son will call", "daughter may visit" (but "Dr Will Cole")
    return penalty


def _clinical(w: Word) -> float:
    """ICU shorthand or the hand-curated list (strong), the clinical lexicon (weak: it lists some names), an
    eponym."""
    penalty = 1.0 if w.eponym else 0.0
    if w.clin:
        known_name = w.first or 0 < w.rank <= 5_000
        penalty += (1.5 if known_name else 3.0) if w.clin == 2 else (0.3 if known_name else 1.2)
    return penalty


def _case(w: Word, introduced: bool, sentence_start: bool) -> float:
    """Letter case in a mixed-case region."""
    if len(w.word) <= 4 and (w.word.isupper() or sum(map(str.isupper, w.word)) >= 2):
        return -1.5  # "VEA", "PERL", "CTs" in a mixed-case note: an abbreviation
    if w.cap and not w.word.isupper():
        return 0.0 if sentence_start else 1.0  # a capital that starts a line or a sentence says nothing
    if not w.cap and not introduced:
        return -1.5  # lowercase in mixed-case text, unless a title or relative introduces it ("husband frank")
    return 0.0


def _common() -> frozenset[str]:
    return lexicon().common_words


def _medical() -> frozenset[str]:
    return lexicon().medical


def _lexical(tk: Tokens, i: int, j: int, introduced: bool = False) -> float:
    mode = tk.mode
    first = tk.starts[i] == 0 or (i > 0 and _sentence_gap(tk.gaps[i - 1]))
    titled = i > 0 and tk.lows[i - 1] in W.TITLES and tk.gaps[i - 1].strip(" .\t") == ""  # (``_titled``)
    if j - i == 1:  # one word (most candidates): its evidence, without the list below
        return word_evidence(tk.words[i], mode, introduced, first, titled)
    evs = [
        word_evidence(tk.words[k], mode, introduced, first and k == i, titled and k == i)
        for k in range(i, j)
        if (len(tk.words[k].low) > 1 or j - i == 1) and not (k < j - 1 and tk.lows[k] in W.NAME_PARTICLES)
    ]  # (a surname's particle, "de la Fuente", weighs nothing: the name word after it does)
    if not evs:
        return -2.0
    if len(evs) == 1:
        return evs[0]
    mean = sum(evs) / len(evs)
    if min(evs) <= -1.0:
        return mean
    # two name words together: first and last name, more so when the dictionaries hold both
    both = all(tk.words[k].first or tk.words[k].rank for k in range(i, j) if len(tk.words[k].low) > 1)
    return mean + (1.5 if both else 1.0)


def _before(tk: Tokens, i: int, j: int, text: str) -> float:
    """Evidence from the words before the candidate."""
    lows, gaps = tk.lows, tk.gaps
    if i == 0:
        return 0.0
    prev, gap = lows[i - 1], gaps[i - 1]
    if prev in W.TITLES and gap.strip(" .\t") == "":
        if prev == "ms" and not (tk.mode == "mixed" and tk.words[i - 1].word == "Ms"):
            return 1.5  # "MS INCISION", "ms waxing": mental status more often than a title
        return 3.0 if prev == "nurse" else 5.0
    if prev in RANKS and gap[:1] == "." and not gap.strip(" .\t"):
        return 5.0  # "Ofc. Brannigan", "SGT. TOLLIVER": an officer's rank is a title (branch names8)
    if prev in _NEGATION_BEFORE and gap.strip() == "":
        return -2.5
    introduced = _introduced_before(tk, i, text)
    if introduced is not None:
        return introduced
    if prev in _PLACE_CUES and gap.strip() == "":
        return -1.5  # "lives in Lake Dorinaton", "transferred to Vellacourt": a place more often
    if sign_off(tk, i, text):
        return 3.0  # a clinician signing the note, in whatever case
    if prev in ("pt", "patient"):
        return 3.0 if ":" in gap or "|" in gap else 0.5 if j - i < 2 else 1.0  # "Patient: Jane Roe", a field
    if tk.words[i - 1].word == "I" and gap == ", ":
        return 2.0
    return 0.0


def _introduced_before(tk: Tokens, i: int, text: str) -> float | None:
    """Evidence from a relative, a role, "per" or a verb of speaking one or two words before token ``i`` (None: no
    such word)."""
    lows, gaps = tk.lows, tk.gaps
    for k in (i - 1, i - 2):
        if k < 0 or (text.find("\n\n", tk.ends[k], tk.starts[i]) >= 0 and not closing_above(tk, k, i)):
            continue
        low = lows[k]
        # "COPING-SISTER ,JANET"
        relative = low in W.RELATIVES or ("-" in low and low.rsplit("-", 1)[-1] in W.RELATIVES)
        if k == i - 1 and (relative or (low == "law" and k >= 2 and lows[k - 2] in W.RELATIVES)):
            return 3.5
        if k == i - 1 and (low in LETTER_WORDS or _thank_you(tk, k)
                           or (low in _CLOSING_WORDS and _CLOSING_GAP.fullmatch(gaps[k]) and "\n" in gaps[k])):
            return 3.0  # "Hi Santeri,", "Dear Georgia,", "Thanks, Virginia", "Thank you, Imra": a greeting, a closing
        if k == i - 1 and tk.mode == "mixed" and tk.words[k].word in _CAPS_ROLES and gaps[k] in (" ", ": "):
            return 2.0  # "RT Quellin", "OT Imra": a therapist's role in capitals in a mixed-case note
        if k == i - 1 and _field_before(tk, k, i, text):
            return 3.0
        if k == i - 1 and letter_subject(tk, k, text):
            return 2.0  # "Re: Tavro Quellin" heading a letter: whom it is about
        if low in _ROLE_TRIGGERS and not (tk.starts[k] and text[tk.starts[k] - 1].isdigit()) \
                and not (low in W.CREDENTIALS and "." in gaps[k]) \
                and not ("|" in gaps[k] and "\n" in gaps[k]):  # (names8: a table's "| By |" header ends its row)
            if k < i - 1:
                return 1.0
            if label_colon(tk, k):
                return 3.0  # a form's field: "Therapist: Lucan Pryderi", "Name: …", "Reviewed by: …"
            # "seen by", "examined by": a person; "by mouth", "by xray": not
            return 2.0 if low not in _WEAK_ROLES or (k and lows[k - 1].endswith(("ed", "en"))) else 1.0
        if low == "per" and k == i - 1:
            return 0.5
        if k == i - 2 and lows[i - 1] in _TALK_PREPOSITIONS and _spoken_to(tk, i):
            return 2.0  # "talked with Rosalind", "message left for Marguerite": a person spoken to
    return None


_NAME_HEADER = re.compile(r"[ \t]*(?:patient[ \t]+)?name[ \t]*(?:\||\t|[ \t]{2,}|,)", re.IGNORECASE)


def name_header_above(text: str, tk: Tokens, i: int) -> bool:
    """Token ``i`` opens the first cell of a table's row under a header whose first column is "Name" ("Name | DOB |
    MRN" / "Quorvin, Adelric | 1/2/1950 | ...")."""
    if not i:
        return False
    gap = tk.gaps[i - 1]
    if "\n" not in gap or gap[gap.rfind("\n") + 1 :].strip(" \t"):
        return False
    end = tk.starts[i] - (len(gap) - gap.rfind("\n"))  # the end of the line before
    start = text.rfind("\n", 0, end) + 1
    return _NAME_HEADER.match(text, start, end) is not None


_MESSAGE_FIELDS = frozenset(["from", "to"])


def _field_before(tk: Tokens, k: int, i: int, text: str) -> bool:
    """Token ``k``, right before the candidate at ``i``, makes it a person's name: a greeting ("Good morning
    Adelric,"), a label before its colon ("Visitors: ...", "CRNA: ..." at a line's start), a newborn's ("Baby girl
    Ophira")."""
    lows, low = tk.lows, tk.lows[k]
    if low in _DAY_PARTS:
        return k > 0 and lows[k - 1] == "good" and "," in text[tk.ends[i] : tk.ends[i] + 2]
    if low in _NEWBORN:
        return newborn_before(tk, k, text)
    if low in W.LIST_LABELS:
        return label_colon(tk, k)
    if low in _MESSAGE_FIELDS:  # "From: Ferro Dalquist", "To: Tamsin Orlevy": a message's header
        return label_colon(tk, k) and _line_start(text, tk.starts[k], 12)
    return low in W.CREDENTIALS and label_colon(tk, k) and _line_start(text, tk.starts[k], 40)


_DAY_PARTS = frozenset(["morning", "afternoon", "evening"])
_NEWBORN = frozenset(["girl", "boy"])


def newborn_before(tk: Tokens, k: int, text: str) -> bool:
    """Token ``k`` is the "girl" or "boy" a newborn's chart names it by before the family's surname: after "baby"
    ("Baby girl Ophira"), or capitalised where a line or a form's field starts ("BOY QUELLIN (TWIN B)", "Name: Girl
    Orlevy")."""
    if tk.lows[k] not in _NEWBORN or tk.gaps[k] != " ":
        return False
    if k > 0 and tk.lows[k - 1] == "baby":
        return True
    return (tk.words[k].word[0].isupper() or tk.mode == "lower") and (
        (k > 0 and label_colon(tk, k - 1)) or _line_start(text, tk.starts[k], 12))
_LABEL_COLON = re.compile(r"[ \t]?:[ \t]{1,3}|[ \t]{1,2}\|[ \t]{1,2}")  # "Therapist: …", "Patient | …"
CLOSINGS = frozenset(["sincerely", "regards", "thanks", "cheers", "best", "truly", "respectfully", "cordially",
                       "wishes"])
def label_colon(tk: Tokens, k: int) -> bool:
    """Token ``k`` is a form's label: a colon and a blank or two follow it ("Therapist: Lucan Pryderi")."""
    return _LABEL_COLON.fullmatch(tk.gaps[k]) is not None


_CLOSING_GAP = re.compile(r",?[ \t]*(?:\r?\n[ \t]*){1,4}")


def closing_above(tk: Tokens, k: int, i: int) -> bool:
    """ "Sincerely,\n\nEustace Pennywhistle": a letter's closing word, its comma, then the name after the blank
    lines left for the signature."""
    return k == i - 1 and tk.lows[k] in CLOSINGS and _CLOSING_GAP.fullmatch(tk.gaps[k]) is not None


def _thank_you(tk: Tokens, k: int) -> bool:
    """ "Thank you, Imra": token ``k`` is the "you" of a message's closing, a comma after it."""
    return tk.lows[k] == "you" and k > 0 and tk.lows[k - 1] == "thank" and tk.gaps[k].startswith(",")


def letter_subject(tk: Tokens, k: int, text: str) -> bool:
    """Token ``k`` is a letter's "Re:" at the start of its line (not "questions re: kidney function")."""
    return tk.lows[k] == "re" and tk.gaps[k].startswith(":") and _line_start(text, tk.starts[k], 12)


_SIGN_OFF = re.compile(r"(?:^|\n)[ \t]*(?:--[ \t]?|-)\Z")  # "--k. mbeki", "-Mbeki" (not "- lasix")


def sign_off(tk: Tokens, i: int, text: str) -> bool:
    """Token ``i`` follows a sign-off dash at the start of a line and the line ends within three words (a
    credential may close it): "--k. mbeki", "-- JS RN". A single dash signs only the note's last line ("-Mbeki"):
    elsewhere it starts a list item ("-lasix 20")."""
    start = tk.starts[i]
    if "-" not in (tk.gaps[i - 1] if i else text[:start]):
        return False  # most words: no dash before them
    m = _SIGN_OFF.search(text, max(0, start - 8), start)
    if m is None:
        return False
    n = len(tk.lows)
    k = next((k for k in range(i, min(n, i + 4)) if "\n" in tk.gaps[k]), n - 1 if n - i <= 4 else None)
    if k is None:
        return False
    return m.group().lstrip("\n \t").startswith("--") or (k == n - 1 and not tk.gaps[k].strip())


def _after(tk: Tokens, j: int, text: str) -> float:
    """Evidence from what follows the candidate (``j`` is the token after it)."""
    n = len(tk.lows)
    gap = tk.gaps[j - 1]
    nxt = tk.lows[j] if j < n else ""
    if nxt in W.CREDENTIALS and gap in (", ", " ", ",") and _credential(tk, j, gap):
        return 0.0 if _asked_for(tk, j, gap) else 4.0
    if nxt in W.CREDENTIALS and gap.strip(" \t") == "(" and tk.gaps[j][:1] in (")", " "):
        return 4.0  # "Vantry, Orsel (EMT-B)", "Imra Quellin (RN)": a credential in brackets
    if j + 1 < n and gap in (", ", " ", ",") and _dotted_credential(tk, j):
        return 4.0
    if nxt in _WORD_AFTER:
        word = _word_after(tk, j, nxt, gap)
        if word:
            return word
    if _age_next(text, tk, j):
        return 3.5  # "Erkki is a 95 year old woman"
    if nxt in _RECORD_WORDS and record_after(tk, j):
        return 3.0  # "Quorvin, Adelric (MRN 12345678)": the record's identifier names whose it is
    if (gap.lstrip(" \t,:")[:1] in _PHONE_FIRST or nxt == "at") and phone_after(text, tk.ends[j - 1]):
        return 2.0  # "Tamsin Orlevy 617-555-0101", "call Tamsin Orlevy at 617-555-0101": whose number it is
    if _NUMBER_AFTER.match(gap):
        return -1.0
    if nxt in _EPONYM_NOUNS and gap == " ":
        return -3.0  # "Allen test", "Hoover sign", "Spurling maneuver": an eponym, whatever the dictionaries say
    return 0.0


# what an eponym names in an examination: the word after a name that makes it one ("Allen test")
_EPONYM_NOUNS = frozenset(["test", "sign", "maneuver", "manoeuvre", "reflex",
                           "syndrome", "phenomenon", "criteria", "classification"])
# verbs whose object a credential names ("to call MD", "will page NP", "please notify RN"): no signature
_ASKS_FOR = frozenset(["call", "page", "notify", "inform", "update", "contact", "ask", "tell", "consult", "text",
                       "email", "message", "alert", "paged", "called", "notified", "informed", "updated", "contacted",
                       "asked", "told", "consulted", "texted", "emailed", "messaged", "alerted"])
_TO_ASK = frozenset(["to", "will", "please", "pls", "then", "and", "may", "should", "must", "need", "needs", "would",
                     "can", "could", "did", "not", "rn", "md", "np", "pt", "family"])


def _asked_for(tk: Tokens, j: int, gap: str) -> bool:
    """The credential at token ``j`` is whom a verb asks for ("RN to call MD", "will page NP"), not a signature's
    ("Jane Page MD")."""
    return gap == " " and j >= 2 and tk.lows[j - 1] in _ASKS_FOR and tk.lows[j - 2] in _TO_ASK


_RECORD_WORDS = frozenset(["mrn", "dob", "mr", "acct", "account", "ssn", "born"])
_RECORD_GAPS = frozenset([" (", "(", ", (", " - ", " -- ", " – ", " | ", "  |  "])


def record_after(tk: Tokens, j: int) -> bool:
    """A record's identifier or birth date in brackets or after a dash follows the words before token ``j``: "Quorvin,
    Adelric (MRN 12345678)", "ADELRIC QUORVIN (DOB 1/2/1950)"."""
    return j < len(tk.lows) and tk.lows[j] in _RECORD_WORDS and tk.gaps[j - 1] in _RECORD_GAPS \
        and tk.gaps[j][:1] in (":", " ", "#")


def _word_after(tk: Tokens, j: int, nxt: str, gap: str) -> float:
    """Evidence from the word right after the candidate: a notice, a verb of reporting, a language's cue, a relative
    in brackets, "family" (0.0: none of these)."""
    if nxt in _NOTICE_AFTER and gap.strip(" ,") == "":
        return 1.5
    w = tk.words[j - 1]
    if nxt in _SPEECH_AFTER and gap == " " and (
            w.first or w.strong or (w.namelike and not w.clin and nxt not in _ASKED_FOR and (
                w.cap or tk.mode == "caps" or (tk.mode == "lower" and len(w.low) > 4 and not _clipped(w.low))))):
        return 1.5  # "GERALD SAYS ...", "Rosalind reports", "Imra verbalized": a person speaking
    if nxt in _LANGUAGE_AFTER and gap.strip(" -") == "":
        return -3.0  # "Spanish/English speaker", "Portuguese interpreter"
    if nxt in W.RELATIVES and gap.strip(" \t") in ("(", ",", "-", ",("):
        return 3.0  # "Marguerite (sister)", "Gwen, sister of the patient"
    if nxt in _FAMILY_AFTER and gap == " " and (_surname(tk.words[j - 1]) or _unlisted(tk.words[j - 1], tk.mode)):
        return 2.0  # "the Castellano family is at the bedside", "CASTELLANO FAMILY"
    return 0.0


_WORDLIKE_CREDENTIALS = frozenset(["do", "pa", "od"])  # "they do not", "PA line"
_FAMILY_AFTER = frozenset(["family", "household", "residence"])
_SPEECH_AFTER = frozenset(["states", "stated", "reports", "reported", "says", "said", "asks", "asked", "agrees",
                           "agreed", "requests", "requested", "wishes", "wants", "understands", "verbalizes",
                           "verbalized", "expressed", "expresses",
                           # what a patient does in a note's first sentence: "Adelric presented with chest pain",
                           # "Quorvin denies fever", "Orlevy underwent a colonoscopy"
                           "presents", "presented", "denies", "denied", "complains", "complained", "endorses",
                           "endorsed", "underwent", "tolerated", "tolerates", "arrived", "arrives"])
_ASKED_FOR = frozenset(["requests", "requested", "wishes", "wants"])  # things are requested too ("Epidural requested")
_LANGUAGE_AFTER = frozenset(["speaking", "speaker", "speakers", "speaks", "interpreter", "interpreters",
                             "translator", "translation", "language"])
_WORD_AFTER = _NOTICE_AFTER | _SPEECH_AFTER | _LANGUAGE_AFTER | W.RELATIVES | _FAMILY_AFTER


def _unlisted(w: Word, mode: str) -> bool:
    """A word no list holds and no misspelling, capitalised in mixed-case text: "the Quorvin family"."""
    return w.namelike and not w.clin and not w.typo and len(w.low) > 3 and (
        mode != "mixed" or (w.cap and not w.word.isupper()))


def _surname(w: Word) -> bool:
    """A census surname that English does not write more often as a word ("Castellano", not "Several" or "Other")."""
    return w.rank > 0 and w.clin < 2 and (w.strong or w.low not in _common())


def _dotted_credential(tk: Tokens, j: int) -> bool:
    """ "M.D.", "R.N.", "D.O.", "N.P.": a credential spelled in single letters with periods."""
    return (tk.gaps[j] == "." and len(tk.lows[j]) == 1 and len(tk.lows[j + 1]) == 1
            and tk.lows[j] + tk.lows[j + 1] in W.CREDENTIALS and tk.gaps[j + 1][:1] in (".", ""))


def _credential(tk: Tokens, j: int, gap: str) -> bool:
    """A credential after a name: in capitals in mixed-case text; "DO", "PA" only after a comma where case cannot
    tell."""
    w = tk.words[j]
    after = tk.gaps[j]
    line_end = "\n" in after or j + 1 >= len(tk.lows)  # a signature: "irene snell, rn"
    if tk.mode == "mixed" and not w.word.isupper() and not line_end:
        return False
    return (
        w.low not in _WORDLIKE_CREDENTIALS
        or "," in gap
        or line_end
        or after.startswith(")")
        or (j + 1 < len(tk.lows) and tk.lows[j + 1] in _NOTICE_AFTER)  # "B. KARGAS PA AWARE"
    )


def _heading(tk: Tokens, i: int, j: int, text: str) -> bool:
    """A word at the start of a line followed by a colon or dash: a section heading ("ENDO:", "Neuro-")."""
    if j - i > 2 or not _HEADING_GAP.match(tk.gaps[j - 1]):
        return False
    start = tk.starts[i]
    return _line_start(text, start, 12)


_AGE_AFTER = re.compile(  # "Erkki is a 95 year old", "Barron, Sergei, 93 yo", "Imra Quellin, G2P1, 31 y/o"
    r"(?:[ \t]{1,2}(?:is|was)[ \t]{1,2}an?[ \t]{1,2}|,[ \t]{0,2}(?:[A-Za-z0-9]{1,8},[ \t]{0,2})?)"
    r"\d{1,3}[ \t-]{0,2}(?:years?|yrs?|y/?o|yo)\b",
    re.IGNORECASE,
)
_PHONE_AFTER = re.compile(r"[ \t]{0,2}[,:]?[ \t]{0,2}(?:(?i:at)[ \t]{1,2})?(?:\+?1[ .-]?)?"
                          r"(?:\(\d{3}\)[ \t]?|\d{3}[ .-])\d{3}[ .-]\d{4}\b")


def phone_after(text: str, end: int) -> bool:
    """A telephone number follows the word ending at ``end``: "Tamsin Orlevy 617-555-0101", "... at (617) 555-0101"."""
    head = text[end : end + 6].lstrip(" \t,:")[:1]  # most words: no digit, bracket or "at" next
    return (head in _PHONE_FIRST or head in ("a", "A")) and _PHONE_AFTER.match(text, end) is not None


_PHONE_FIRST = frozenset("0123456789(+")


def age_after(text: str, end: int) -> bool:
    """An age follows the word ending at ``end``: "... is a 95 year old", "..., 93 yo"."""
    return _AGE_AFTER.match(text, end) is not None


_AGE_VERBS = frozenset(["is", "was"])


def _age_next(text: str, tk: Tokens, j: int) -> bool:
    """``age_after`` the word before token ``j``, asked only where it can match: a comma right after the word, or
    "is" or "was" next (or a word not in ASCII next, where the pattern's ignored case reaches further)."""
    if not tk.gaps[j - 1].startswith(","):
        nxt = tk.lows[j] if j < len(tk.lows) else ""
        if nxt not in _AGE_VERBS and nxt.isascii():
            return False
    return _AGE_AFTER.match(text, tk.ends[j - 1]) is not None


_SENTENCE_END = re.compile(r"(?:[.!?:;]|\n)\s*$")
# gap -> whether it ends a sentence (``_SENTENCE_END``): a text's gaps are few distinct strings (" ", ". ", "\n")
_SENTENCE_GAPS: dict[str, bool] = {}


def _sentence_gap(gap: str) -> bool:
    """Whether ``gap`` ends a sentence or a line (``_SENTENCE_END``), asked once per distinct gap."""
    ends = _SENTENCE_GAPS.get(gap)
    if ends is None:
        if len(_SENTENCE_GAPS) > 50_000:
            _SENTENCE_GAPS.clear()
        ends = _SENTENCE_GAPS[gap] = _SENTENCE_END.search(gap) is not None
    return ends
_INITIAL_GAPS = frozenset([". ", ".", ".  "])


def _initial(tk: Tokens, i: int, j: int) -> bool:
    """ "E. WELSH", "s. roberto": an initial and a full stop before the surname."""
    w = tk.words[i]
    if w.word.islower() and tk.gaps[i] != ". ":
        return False
    return j - i >= 2 and len(w.word) == 1 and tk.gaps[i] in _INITIAL_GAPS and len(tk.words[i + 1].low) > 2


def _own_line(tk: Tokens, i: int, j: int, text: str) -> bool:
    """A signature: the name alone on its line (a credential may follow), or closing the note after its last
    sentence ("... 1400U/HR. SUSAN")."""
    start = tk.starts[i]
    if j >= len(tk.lows) and tk.gaps[j - 1].strip() == "" and i > 0 and _sentence_gap(tk.gaps[i - 1]):
        return True
    if not _line_start(text, start, 40):
        return False
    k = j + (j < len(tk.lows) and tk.lows[j] in W.CREDENTIALS)
    return "\n" in tk.gaps[k - 1] or k >= len(tk.lows)


_AND = frozenset(["and", "&"])


def name_score(text: str, tk: Tokens, i: int, j: int, after_name: int = -1) -> float:
    """The log-odds that tokens ``[i, j)`` are a person's name (``after_name``: where the last name kept ends)."""
    before = _before(tk, i, j, text)
    if i >= 2 and after_name == i - 1 and tk.lows[i - 1] in _AND:
        before = max(before, 2.5)  # "nephews Anders and Tobias", "niece Bettina and Rosalind": a name's partner
    elif i and "\n" in tk.gaps[i - 1] and name_header_above(text, tk, i):
        before = max(before, 3.0)  # a table's row under "Name | DOB | MRN"
    elif after_name == i and _listed(tk, i, j, after_name):
        before = max(before, 1.5)  # "Visitors: Ione Varga, Caspian Varga and ...": a list of names
    score = PRIOR_NAME + _lexical(tk, i, j, before >= 3.0) + before + _after(tk, j, text)
    if _initial(tk, i, j):
        score += 2.0
    if caps_last_first(tk, i, j):
        score += 1.5
    if _own_line(tk, i, j, text):
        score += 1.5
    if _heading(tk, i, j, text):
        score -= 3.0
    return score - _names8_against(text, tk, i, j)


# words that head a part of a call's or a visit's record, never a person's name (branch names8): "...; triage:
# advised to call", "(TRIAGE RN)", "Disposition: home"
_HEADING_WORDS = frozenset(["triage", "plan", "disposition", "callback", "call-back", "outcome", "assessment",
                            "intervention", "recommendation", "recommendations", "impression", "summary"])
_VERSUS = frozenset(["v", "vs", "versus"])
# a published case's reporter and its page, or its year in brackets, after the parties: "512 U.S. 300", "410 F.2d
# 77", "99 S.Ct. 12", "14 N.E.2d 3", "(1981)"
_REPORTER = re.compile(r"[^\n]{0,40}?(?:\b\d{1,4}[ \t]+(?:U\.[ \t]?S\.|F\.[ \t]?(?:\dd|\dth|Supp\.?)|S\.[ \t]?Ct\.|"
                       r"L\.[ \t]?Ed\.|[A-Z]\.[ \t]?[A-Z]\.(?:[ \t]?\dd)?|[A-Z][a-z]{1,4}\.(?:[ \t]?\dd)?)[ \t]+\d"
                       r"|\((?:[A-Za-z.]{1,12}[ \t])?(?:1[6-9]|20)\d\d\))", re.IGNORECASE)


def _names8_against(text: str, tk: Tokens, i: int, j: int) -> float:
    """Evidence against a name (subtracted; branch names8): a record's heading word at either end of the span
    ("triage: advised", "(TRIAGE RN)"), a rank's abbreviation standing alone, a party of a published court case ("Holt
    v. Marsh, 410 F.2d 77 (1969)": public record, not a patient)."""
    lows = tk.lows
    if lows[i] in _HEADING_WORDS or lows[j - 1] in _HEADING_WORDS:
        return 6.0
    if j - i == 1 and lows[i] in RANKS and tk.gaps[i][:1] == ".":
        return 6.0  # "OFC.", "Sgt." itself
    return 8.0 if case_party(text, tk, i, j) else 0.0


def case_party(text: str, tk: Tokens, i: int, j: int) -> bool:
    """Tokens ``[i, j)`` are (or hold) a party of a court case: "v."/"vs." joins two capitalised words (in capitals or
    lowercase where case tells nothing) and a reporter citation or a year in brackets follows within a few words."""
    if _VERSUS.isdisjoint(tk.present):
        return False  # (most texts: no "v", "vs" or "versus" anywhere, so none where the tests below look)
    lows, n = tk.lows, len(tk.lows)
    if j < n and lows[j] in _VERSUS:
        v = j
    elif i and lows[i - 1] in _VERSUS:
        v = i - 1
    else:
        v = next((k for k in range(i, j) if lows[k] in _VERSUS), -1)
        if v < 0:
            return False
    if v == 0 or v + 1 >= n or (not tk.gaps[v].startswith(".") and lows[v] != "versus"):
        return False
    a, b = tk.words[v - 1], tk.words[v + 1]
    if not (a.word[:1].isupper() and b.word[:1].isupper()) and tk.mode == "mixed":
        return False
    return _REPORTER.match(text, tk.ends[v + 1], tk.ends[v + 1] + 60) is not None


def caps_last_first(tk: Tokens, i: int, j: int) -> bool:
    """ "QUELLIN, IMRA T.": a surname, a comma and a first name in capitals inside mixed-case text, neither a word
    any list holds (a form's "Last, First", not "CHEST, ABDOMEN")."""
    if tk.mode != "mixed" or j - i < 2 or not tk.gaps[i].startswith(","):
        return False
    a, b = tk.words[i], tk.words[i + 1]
    return all(w.word.isupper() and len(w.word) > 2 and w.namelike and not w.clin for w in (a, b))


def _titled(tk: Tokens, i: int) -> bool:
    return i > 0 and tk.lows[i - 1] in W.TITLES and tk.gaps[i - 1].strip(" .\t") == ""


def _not_a_name(w: Word) -> bool:
    return len(w.low) > 1 and (w.low in _CONTEXT_WORDS or word_evidence(w, "", True) < -1.5)


def _rare_first_word(tk: Tokens, i: int, j: int) -> bool:
    """ "by Juniper Atwood, PharmD": a rare English word that a name list holds, before a name word, is the name's
    first word (the score weighs it), not the context's last."""
    w, nxt = tk.words[i], tk.words[i + 1]
    return j - i >= 2 and w.weak and w.clin < 2 and w.zipf < 35 and w.low not in W.STOP and w.low not in W.AUX \
        and w.low not in _CONTEXT_WORDS and (nxt.strong or (nxt.namelike and not nxt.clin))


def trimmed(tk: Tokens, i: int, j: int) -> tuple[int, int]:
    """The span without the clinical or English words the candidate layer let it grow into at either end, nor a
    lone letter after it that is no initial ("BAKAITIS W IMPROVED": W is "with")."""
    while j - i > 1 and len(tk.words[j - 1].low) == 1 and not tk.gaps[j - 1].startswith(".") \
            and not middle_initial(tk, i, j):
        j -= 1
    if j - i > 2 and _dotted_credential(tk, j - 2):  # "ILVO BRASK, M.D.": the credential is not the name
        j -= 2
    elif j - i > 1 and j < len(tk.lows) and _dotted_credential(tk, j - 1):  # "ILVO K. BRASK, M" + ".D."
        j -= 1
    while j - i > 1 and _not_a_name(tk.words[i]) and not (_titled(tk, i) and tk.words[i].first) \
            and not (tk.lows[i] in W.NAME_PARTICLES and _titled(tk, i)) and not _rare_first_word(tk, i, j):
        i += 1
    while j - i > 1 and _not_a_name(tk.words[j - 1]):
        j -= 1
    return i, j


_FIELD_END = re.compile(r"[ \t]*\r?\n|[ \t]{2,}|[ \t]*[,;|]")  # on the gap after the letter


def middle_initial(tk: Tokens, i: int, j: int) -> bool:
    """ "QUELLIN, TAVRO K   MRN": a capital letter ending a "Last, First" name where a form's field ends (never "W"
    for "with" inside a sentence)."""
    w = tk.words[j - 1]
    return (j - i == 3 and len(w.word) == 1 and "," in tk.gaps[i] and tk.gaps[j - 2] == " "
            and (w.word.isupper() or tk.mode != "mixed")
            and _FIELD_END.match(tk.gaps[j - 1]) is not None)


# words that, just before a candidate, may add evidence for a name (``_before``'s positive answers)
_RAISING_BEFORE = W.TITLES | W.RELATIVES | _ROLE_TRIGGERS | LETTER_WORDS | _CLOSING_WORDS | CLOSINGS | frozenset(
    ["law", "per", "pt", "patient", "i", "rt", "rrt", "ot", "slp", "cnm", "rph", "girl", "boy"]) | W.LIST_LABELS | (
    W.CREDENTIALS - {"do"}) | _DAY_PARTS | {"do"}  # ("CRNA: Tamsin Orlevy"; "Good morning Adelric,", "DO: ...")
_RAISING_BEFORE |= RANKS  # (branch names8: "Ofc. Brannigan")
_BOUND_SLACK = 1e-9  # far above the rounding of a sum of a dozen weights, far below the smallest weight


def _quiet_before(tk: Tokens, i: int) -> bool:
    """Whether nothing before token ``i`` can add evidence (so ``_before`` is at most 0): no title, relative, role
    word, greeting, "with"/"to"/"for" (a person spoken to), "law", "per", "pt" or "I" in the two words before it, and
    no dash (a sign-off, "COPING-SISTER") right before it. (A name's partner after "and" is ``name_span``'s.)"""
    if i == 0:
        return True
    lows = tk.lows
    prev = lows[i - 1]
    if prev in _RAISING_BEFORE or "-" in prev or "-" in tk.gaps[i - 1] or prev == "re" \
            or (prev == "you" and _thank_you(tk, i - 1)):
        return False
    return i < 2 or (lows[i - 2] not in _ROLE_TRIGGERS and not (prev in _TALK_PREPOSITIONS and _spoken_to(tk, i)))


def _after_ceiling(tk: Tokens, j: int, text: str) -> float:
    """At least what ``_after`` answers, for less: a credential (or a single letter that may start "M.D.") next
    may add 4, an age 3.5, a relative 3 ("Marguerite (sister)"), "family" 2, a notice or reporting word 1.5."""
    nxt = tk.lows[j] if j < len(tk.lows) else ""
    gap = tk.gaps[j - 1]
    if nxt not in _AFTER_CUES and len(nxt) != 1 and nxt.isascii() and gap[:1] != "," \
            and gap.lstrip(" \t,:")[:1] not in _PHONE_FIRST:
        return 0.0  # most words: none of the cues below (the same answer, asked at once)
    if nxt in W.CREDENTIALS or len(nxt) == 1:
        return 4.0
    if _age_next(text, tk, j):
        return 3.5
    if nxt in _RECORD_WORDS and record_after(tk, j):
        return 3.0
    if (gap.lstrip(" \t,:")[:1] in _PHONE_FIRST or nxt == "at") and phone_after(text, tk.ends[j - 1]):
        return 2.0
    if nxt in W.RELATIVES:
        return 3.0
    return 2.0 if nxt in _WORD_AFTER else 0.0


# the next words on which ``_after_ceiling`` may answer more than 0 (with a single letter, a word not in ASCII, a comma
# or a digit, a bracket or "+" next)
_AFTER_CUES = W.CREDENTIALS | _AGE_VERBS | _RECORD_WORDS | frozenset(["at"]) | W.RELATIVES | _WORD_AFTER


def _cannot_reach(text: str, tk: Tokens, i: int, j: int, threshold: float) -> bool:
    """A cheap upper bound on ``name_score`` is below ``threshold``: most candidates (a capitalised clinical word
    with nothing around it) are rejected without the costlier features. When nothing before the candidate can add
    evidence, its lexical evidence is exact (nothing introduces it), and the rest is bounded by its ceiling: what
    follows (``_after_ceiling``), the initial (exact), a line of its own (exact, +1.5), a heading (never
    positive)."""
    if j - i == 1:
        return _one_word_cannot_reach(text, tk, i, threshold)
    if not _quiet_before(tk, i) or (tk.lows[i - 1] in _MESSAGE_FIELDS and label_colon(tk, i - 1)) \
            or (i and "\n" in tk.gaps[i - 1] and name_header_above(text, tk, i)) or _dash_first(text, tk, i):
        return False
    extras = ((2.0,) if _initial(tk, i, j) else ()) + ((1.5,) if caps_last_first(tk, i, j) else ())
    return _below(text, tk, i, j, PRIOR_NAME + _lexical(tk, i, j) + _after_ceiling(tk, j, text), threshold, extras)


def _dash_first(text: str, tk: Tokens, i: int) -> bool:
    """The text's first word after a dash ("--Quellin"): ``sign_off`` may add evidence there, which no bound counts."""
    return i == 0 and "-" in text[: tk.starts[0]]


def _below(text: str, tk: Tokens, i: int, j: int, base: float, threshold: float,
           extras: tuple[float, ...] = ()) -> bool:
    """Whether the ceiling of a quiet candidate (``base``: up to what follows it; ``extras``: its initial, its "Last,
    First") is below ``threshold``: with 1.5 for a line of its own, or without it when the candidate does not stand
    on a line of its own (asked only when that decides). Nothing before a quiet candidate adds evidence: a greeting
    ("Good morning Art,"), a credential's label ("DO:") and a sign-off dash before a text's first word make it loud
    (``_RAISING_BEFORE``, ``_dash_first``), and the full score decides."""
    ceiling, tight = base + 1.5, base  # (summed in the order the score sums them)
    for extra in extras:
        ceiling += extra
        tight += extra
    if ceiling < threshold - _BOUND_SLACK:
        return True
    if tight >= threshold - _BOUND_SLACK:
        return False
    return not _own_line(tk, i, j, text)


def _one_word_cannot_reach(text: str, tk: Tokens, i: int, threshold: float) -> bool:
    """``_cannot_reach`` for a candidate of one word (most of them), with ``_quiet_before`` and ``_lexical`` written
    out: no initial or "Last, First" (both need two words), no title before it (it is quiet), and what follows adds
    at most 4."""
    lows = tk.lows
    if i:
        prev, gap = lows[i - 1], tk.gaps[i - 1]
        if prev in _RAISING_BEFORE or "-" in prev or "-" in gap or prev == "re" \
                or (prev == "you" and _thank_you(tk, i - 1)) \
                or (i >= 2 and (lows[i - 2] in _ROLE_TRIGGERS or (prev in _TALK_PREPOSITIONS and _spoken_to(tk, i)))) \
                or (prev in _MESSAGE_FIELDS and label_colon(tk, i - 1)) \
                or ("\n" in gap and name_header_above(text, tk, i)):
            return False
        first = tk.starts[i] == 0 or _sentence_gap(gap)
    else:
        if (lows[-1] in _MESSAGE_FIELDS and label_colon(tk, -1)) or _dash_first(text, tk, 0):
            return False  # (the first test as ``_cannot_reach`` reads token ``i - 1``)
        first = tk.starts[0] == 0
    lexical = word_evidence(tk.words[i], tk.mode, False, first, False)
    if PRIOR_NAME + lexical + 4.0 + 1.5 < threshold - _BOUND_SLACK:
        return True
    return _below(text, tk, i, i + 1, PRIOR_NAME + lexical + _after_ceiling(tk, i + 1, text), threshold)


_LIST_GOES_ON = re.compile(r"[ \t]*(?:[,;.(]|\r?\n|\Z)|[ \t]+(?:and|&)[ \t]")


def _listed(tk: Tokens, i: int, j: int, after_name: int) -> bool:
    """Tokens ``[i, j)`` follow a name kept just before them and a comma, and the list goes on or ends after them
    ("Ione, Caspian and Evander"; not "Dr. Roe, Cardiology fellow")."""
    return i >= 1 and after_name == i and tk.gaps[i - 1] in (", ", ",") and (
        j >= len(tk.lows) or _LIST_GOES_ON.match(tk.gaps[j - 1]) is not None
        or (tk.lows[j] in _AND and tk.gaps[j - 1] in (" ", ", ")))


def name_span(text: str, tk: Tokens, i: int, j: int, after_name: int = -1) -> tuple[int, int] | None:
    """The candidate ``[i, j)`` trimmed, if it is a name at the configured threshold (``after_name``: where the last
    name kept ends, a token index)."""
    if j - i > 1:  # (one word is never trimmed)
        i, j = trimmed(tk, i, j)
    threshold = _ACTIVE.get().name
    partner = (i >= 2 and after_name == i - 1 and tk.lows[i - 1] in _AND) or (
        after_name == i and _listed(tk, i, j, after_name))
    if not partner and _cannot_reach(text, tk, i, j, threshold):
        return None
    return (i, j) if name_score(text, tk, i, j, after_name) >= threshold else None


_STRONG_PLACE_CUES = frozenset(["lives", "living", "resides", "residing", "moved", "born", "native", "resident"])
_WEAK_PLACE_CUES = frozenset(["in", "from", "to", "near", "at", "of"])
# "pt from Savannah", "a 67 year old woman from Buffalo": where a person comes from is a town
_ORIGIN_BEFORE = frozenset(["pt", "patient", "woman", "man", "lady", "gentleman", "male", "female", "originally"])


_RESIDENCE_VERBS = frozenset(["lives", "living", "live", "lived", "resides", "residing", "reside", "resided",
                              "moved", "born", "raised",
                              "grew", "retired", "vacationing", "vacation", "stay", "stays", "staying", "stayed",
                              "summers", "winters", "relocated", "relocating", "settled",
                              "spent", "spends", "wintered", "summered"])  # "spent the winter in ..."
_RESIDENCE_LEADS = frozenset(["in", "near", "to", "on", "at", "into"])
_CLAUSE_END = re.compile(r"[.;!?:(]|\n")
_RESIDENT_AFTER = frozenset(["resident", "native", "residents", "natives"])


def origin_cue(tk: Tokens, i: int) -> bool:
    """ "a 98 year old woman from Phoenix", "pt from Savannah": where a person comes from."""
    return i > 1 and tk.lows[i - 1] == "from" and tk.lows[i - 2] in _ORIGIN_BEFORE


def residence_cue(tk: Tokens, i: int) -> bool:
    """Token ``i`` follows "in" (or "near", "to", "on", "at") and a verb of residence earlier in the same clause, up
    to eight words back: "lives alone in Revere", "lives with his wife and son in Quincy", "moved back to Lowell",
    "grew up in Tewksbury", "was on vacation in Naples"."""
    lows, gaps = tk.lows, tk.gaps
    if i == 0 or lows[i - 1] not in _RESIDENCE_LEADS or gaps[i - 1].strip() \
            or _RESIDENCE_VERBS.isdisjoint(lows[max(0, i - 9) : i - 1]):
        return False
    for k in range(i - 2, max(-1, i - 10), -1):
        if _CLAUSE_END.search(gaps[k]):
            return False
        if lows[k] in _RESIDENCE_VERBS:
            return True
    return False


def resident_after(tk: Tokens, j: int) -> bool:
    """ "a Needham resident", "a Lowell native": the words before ``j`` name where someone lives."""
    return j < len(tk.lows) and tk.lows[j] in _RESIDENT_AFTER and tk.gaps[j - 1] in (" ", "-")


def place_score(text: str, tk: Tokens, i: int, j: int) -> float:
    """The log-odds that tokens ``[i, j)`` (a name the place dictionaries hold) are a place."""
    words = tk.words[i:j]
    lows = tk.lows
    prev = lows[i - 1] if i else ""
    strong_cue = prev in _STRONG_PLACE_CUES or (i > 1 and (lows[i - 2] in _STRONG_PLACE_CUES or (
        prev == "from" and lows[i - 2] in _ORIGIN_BEFORE))) or residence_cue(tk, i) or resident_after(tk, j)
    score = PRIOR_PLACE + (2.5 if j - i > 1 else 1.5) + (3.0 if lows[j - 1] == "county" else 0.0)
    for w in words:
        if w.clin and j - i == 1:
            score -= 3.0 if w.clin == 2 else 0.5
        if w.low in _common() and not w.strong and j - i == 1:  # "little rock" is a city, "rock" a word
            score -= (1.0 + max(0.0, w.zipf / 10 - 2.0)) * (0.5 if strong_cue else 1.0)
        if tk.mode == "mixed":
            score += 1.0 if w.cap and not w.word.isupper() else -1.5 if w.word.isupper() else -2.0
    if strong_cue:
        score += 3.0
    elif prev in _WEAK_PLACE_CUES and tk.gaps[i - 1].strip() == "":
        score += 1.5
    gap = tk.gaps[j - 1]
    if j < len(lows) and tk.words[j].word in W.STATE_ABBREVIATIONS and gap in (", ", ","):
        score += 4.0
    if _NUMBER_AFTER.match(gap) or _heading(tk, i, j, text):
        score -= 1.5
    if (j < len(lows) and lows[j] in _VERSUS) or (i and lows[i - 1] in _VERSUS):
        score -= 8.0 if case_party(text, tk, i, j) else 0.0  # "as in Holt v. Marsh, 410 F.2d 77" (branch names8)
    return score


def is_place(text: str, tk: Tokens, i: int, j: int) -> bool:
    return place_score(text, tk, i, j) >= _ACTIVE.get().place
