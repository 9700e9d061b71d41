"""Names, places and facilities: dictionaries steered by context, on word tokens, whatever the letter case.

Capitalisation is a hint only in mixed-case text; ALL-CAPS and all-lowercase notes rely on the dictionaries
and the context words (titles, "pt", relatives, "lives in", credentials after a name).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, compress, count, repeat
from operator import contains

from phigate.phi._types import PhiType
from phigate.phi.recognizers import _words as W  # noqa: N812 (the word lists, read like a namespace)
from phigate.phi.recognizers._lexicon import lexicon
from phigate.phi.recognizers._places import (
    addresses,
    city_at,
    city_before_state,
    employers,
    facilities,
    hospital_suffix,
    moved_to,
    named_streets,
    partner_after,
    places,
    regions,
    town_after,
    travel_lists,
    unknown_places,
    vehicle_models,
)
from phigate.phi.recognizers._scorer import (
    CLOSINGS,
    LETTER_WORDS,
    TALK_WORDS,
    age_after,
    caps_last_first,
    closing_above,
    is_place,
    label_colon,
    letter_subject,
    middle_initial,
    name_header_above,
    name_span,
    newborn_before,
    phone_after,
    record_after,
    sign_off,
    talk_before,
)
from phigate.phi.recognizers._tokens import NAME_GAP, SEEDABLE, SPACE_GAP, Tokens, Word, tokenize

__all__ = ["Tokens", "find", "propagate", "tokenize"]

_TRIGGER_GAP = re.compile(r"[ \t:,|]{1,4}|[ \t]\w{1,3}[ \t]|,?[ \t]*\r?\n[ \t]*")  # a sign-off may end its line
# "Erkki is a 95 year old woman": a name introduced by its age
_AGE_AFTER = re.compile(r"[ \t]{1,2}(?:is|was)[ \t]{1,2}an?[ \t]{1,2}\d{1,3}[ \t-]{0,2}(?:years?|yrs?|y/?o|yo)\b", re.I)
_AGE_VERBS = ("is", "was")  # the word ``_AGE_AFTER`` needs right after the name
# "I, Daiga Claesson, consent": a signer introducing themself
_SIGNER_GAP = ", "


_PATIENT = frozenset(["pt", "patient"])
_INITIAL_GAPS = frozenset([". ", "."])
_VERB_ENDINGS = ("ed", "ing")
# a name's context starts with one of these
_CONTEXT_WORDS = W.TITLES | W.NAME_TRIGGERS | CLOSINGS | W.LIST_LABELS | W.CREDENTIALS | {
    "i", "law", "re", "girl", "boy", "from", "to"}
_SECOND_CONTEXT_WORDS = W.NAME_TRIGGERS | TALK_WORDS  # (two words back: "spoke with ...")
_CONTEXT_OR_CREDENTIAL = W.TITLES | W.NAME_TRIGGERS | W.CREDENTIALS  # never the first word of a name


def _context(tk: Tokens, i: int, text: str) -> str:
    """ "title" or "trigger" when the words before token ``i`` announce a name."""
    j = i - 1
    if j >= 0 and tk.lows[j] in W.TITLES and tk.gaps[j].strip(" .\t") == "":
        return "title"
    for k in (i - 1, i - 2):
        if (
            k >= 0
            and tk.lows[k] in W.NAME_TRIGGERS
            and (tk.starts[i] - tk.ends[k]) <= 6
            and _TRIGGER_GAP.fullmatch(text, tk.ends[k], tk.starts[i])
            and not (tk.starts[k] and text[tk.starts[k] - 1].isdigit())  # "300cc bilious": a unit, not "cc:"
        ):
            return "trigger"
    if j >= 0 and tk.words[j].word == "I" and tk.gaps[j] == _SIGNER_GAP:
        return "trigger"
    if j >= 0 and (tk.lows[j] in W.LIST_LABELS or tk.lows[j] in W.CREDENTIALS) and label_colon(tk, j):
        return "trigger"  # "Visitors: ione varga, ...", "CRNA: TAMSIN ORLEVY"
    if tk.mode != "mixed" and talk_before(tk, i):  # "spoke with tamsin orlevy": a person spoken to
        return "trigger"
    if j >= 0 and tk.lows[j] in ("girl", "boy") and newborn_before(tk, j, text):  # "baby girl ophira", "BOY ROE"
        return "trigger"
    if j >= 0 and tk.lows[j] in ("from", "to") and label_colon(tk, j):  # "From: FERRO DALQUIST"
        return "trigger"
    if j >= 0 and closing_above(tk, j, i):  # "Sincerely,\n\nEUSTACE PENNYWHISTLE": the signature's blank lines
        return "trigger"
    if j >= 0 and letter_subject(tk, j, text):  # "Re: Tavro Quellin" heading a letter
        return "trigger"
    if _in_law(tk, i):
        return "trigger"
    return ""


def _in_law(tk: Tokens, i: int) -> bool:
    """ "sister in law pat": the words before token ``i`` are a relative and "in law"."""
    lows = tk.lows
    return i >= 3 and lows[i - 1] == "law" and lows[i - 2] == "in" and lows[i - 3] in W.RELATIVES


def _name_word(w: Word, plain: bool) -> bool:
    """A word that continues a name after a middle initial: a name the dictionaries know as one, or a capitalised
    name or name-like word in mixed-case text."""
    return w.strong or (not plain and w.cap and (w.weak or w.namelike)) or (plain and w.namelike)


def _relative_before(tk: Tokens, i: int) -> bool:
    return i >= 1 and (tk.lows[i - 1] in W.RELATIVES or _in_law(tk, i))


_CREDENTIAL_GAPS = frozenset([", ", " ", ",", " (", "("])  # "Jane Roe, MD", "Jane Roe MD", "Roe, Jane (EMT-B)"


def _credential_after(tk: Tokens, i: int) -> bool:
    n = i + 1
    return n < len(tk.lows) and tk.lows[n] in W.CREDENTIALS and tk.gaps[i] in _CREDENTIAL_GAPS


def _set_off_credential(tk: Tokens, j: int) -> bool:
    """A credential after token ``j`` set off by a comma or a bracket ("VIKRAM SETHURAMAN, CRNA", "ORSEL VANTRY
    (EMT-B)")."""
    return _credential_after(tk, j) and ("," in tk.gaps[j] or "(" in tk.gaps[j])


def _lower_initial(text: str, tk: Tokens, k: int) -> bool:
    """ "s. roberto rrt", "(d. renna and j. o'brien)": a lowercase initial stands alone after a space or bracket and
    is followed by ". " (not "r>l. pearl", "p.t. reconsulted", "d.vss")."""
    start = tk.starts[k]
    return tk.gaps[k] == ". " and (start == 0 or text[start - 1] in " \t\n(")


_DASH_GAP = re.compile(r"\n[ \t]*-{1,2}[ \t]?\Z")


def _signed_off(tk: Tokens, text: str) -> frozenset[int]:
    """The tokens that start a sign-off after a dash at a line's start ("--k. mbeki"): names in any case."""
    if not tk.lows:
        return frozenset()
    gaps = tk.gaps  # (the gaps with a dash picked out in C: few have one)
    firsts = [k + 1 for k in compress(count(), map(contains, gaps[:-1], repeat("-"))) if _DASH_GAP.search(gaps[k])]
    if _DASH_GAP.search("\n" + text[: tk.starts[0]]):
        firsts.append(0)
    return frozenset(k for k in firsts if sign_off(tk, k, text))


def _seeds(tk: Tokens, plain: bool) -> Iterable[int]:
    """Where a name may start: a token that is a name or name-like (selected without a Python loop); any
    capitalised word after a title ("Dr. Pain") and, in a mixed-case note, any word after a relative ("husband
    inken"): titles and relatives are few, so are those."""
    lows, n = tk.lows, len(tk.lows)
    candidates: Iterable[int] = compress(range(n), map(SEEDABLE, tk.words))
    # (a title or relative is in few texts: asked of the whole text at once first)
    named = [] if W.TITLES.isdisjoint(tk.present) else [
        k + 1 for k in compress(range(n - 1), map(W.TITLES.__contains__, lows))]
    if not plain and not W.RELATIVES.isdisjoint(tk.present):
        after_relative = [k + 1 for k in compress(range(n - 1), map(W.RELATIVES.__contains__, lows))]
        named += after_relative
        named += [k + 2 for k in after_relative if k + 2 < n and lows[k] == "in" and lows[k + 1] == "law"]
    return sorted(set(candidates).union(named)) if named else candidates


_NO_SEED_BEFORE = _PATIENT | W.CITY_TRIGGERS  # the words before a seed ``_no_seed`` looks at


def _no_seed(tk: Tokens, i: int, ctx: str, plain: bool) -> bool:
    """A context word or credential, a verb after "pt", a city after "moved to": no name starts here."""
    t, lows = tk.words[i], tk.lows
    if t.low in _CONTEXT_OR_CREDENTIAL:
        return True
    if plain and i and lows[i - 1] in _PATIENT and t.namelike and not t.weak and t.low.endswith(_VERB_ENDINGS):
        return True  # "pt diuresed", "PT AMBULATING": a verb no dictionary lists, not a name
    if ctx:
        return False
    if i > 0 and lows[i - 1] in W.CITY_TRIGGERS and tk.joined(i - 1, SPACE_GAP) and city_at(lows, i):
        return True  # "moved to Jackson" (not "… discharge home.\n\nregina adeyemi, rn")
    # "from New Orleans": the second word of a city of two or three words after a place cue
    return i > 1 and lows[i - 2] in W.CITY_TRIGGERS and f"{lows[i - 1]} {lows[i]}" in lexicon().city_pairs


def _lowercase_stop(nxt: Word) -> bool:
    """In a name written in lowercase in a mixed-case note ("husband frank smith") only words no dictionary of
    common or clinical words knows may follow ("daughter joy will bring" stops at "will"); a frequent surname that
    is also a word still may ("pat brown", "jo hill")."""
    last_names, common_words = lexicon().last_names, lexicon().common_words
    return not nxt.cap and not nxt.strong and (
        nxt.med or len(nxt.low) < 3 or nxt.low in W.STOP or nxt.low in W.AUX
        or (nxt.low in common_words and not 0 < last_names.get(nxt.low, 0) <= 1000))


def _initial_next(tk: Tokens, j: int, plain: bool) -> bool:
    """A middle initial: "J." or, before a name word, "A" without its full stop ("John A Smith")."""
    nxt, n = tk.words[j], len(tk.words)
    if len(nxt.word) != 1:
        return False
    if nxt.word.isupper() and tk.gaps[j].startswith("."):
        return True
    return (j + 1 < n and tk.joined(j, SPACE_GAP) and _name_word(tk.words[j + 1], plain)
            and (nxt.word.isupper() or plain))


def _after_comma(nxt: Word, ctx: str, plain: bool, first_word: bool) -> bool:
    """ "Smith, John": after a comma only a first name, or a name-like word in context, continues a name."""
    common_words, first_names = lexicon().common_words, lexicon().first_names
    return (
        nxt.low in first_names and nxt.low not in W.AUX and (nxt.cap or plain or nxt.low not in common_words)
    ) or (bool(ctx) and nxt.namelike and (nxt.cap or plain) and first_word and len(nxt.word) > 3)


_AGE_GAP = re.compile(r",?[ \t]{0,2}\d{1,3}[ \t\-]{0,2}")
_AGE_WORDS = frozenset(["yo", "y", "year", "years", "yr", "yrs"])


def _aged(tk: Tokens, j: int) -> bool:
    """Token ``j`` is followed by an age ("Barron, Sergei, 93 yo"): the words before it name the person."""
    return j + 1 < len(tk.lows) and tk.lows[j + 1] in _AGE_WORDS and _AGE_GAP.fullmatch(tk.gaps[j]) is not None


def _introduced_after(tk: Tokens, j: int) -> str:
    """What follows token ``j`` and marks the words before it as a person: an age ("Barron, Sergei, 93 yo") or a
    credential after a comma ("Aalto, Shakila, MD")."""
    if _aged(tk, j):
        return "aged"
    if record_after(tk, j + 1):
        return "record"  # "Quorvin, Adelric (MRN 12345678)"
    return "signed" if _credential_after(tk, j) and "," in tk.gaps[j] else ""


_SAINTS = frozenset(["st", "saint"])


def _particle(tk: Tokens, j: int, plain: bool) -> bool:
    """Token ``j`` is a surname's particle ("de", "van", "di", "St.") inside a name, one or two of them before a name
    word on the same line."""
    lows, n = tk.lows, len(tk.lows)
    if lows[j] not in W.NAME_PARTICLES or tk.gaps[j - 1] not in SPACE_GAP:
        return False
    k = j + 1
    if k < n and lows[k] in W.NAME_PARTICLES and lows[k] not in _SAINTS and tk.gaps[k - 1] in SPACE_GAP:
        k += 1  # "de la", "van der"
    if k >= n or not (tk.gaps[k - 1] in SPACE_GAP or (lows[k - 1] in _SAINTS and tk.gaps[k - 1] == ". ")):
        return False
    w = tk.words[k]
    return not w.med and w.clin < 2 and w.low not in W.STOP and (_name_word(w, plain) or w.weak) and (w.cap or plain)


def _continues(tk: Tokens, i: int, j: int, ctx: str, plain: bool) -> bool:
    """Whether token ``j`` continues the name that starts at token ``i``."""
    nxt, lows = tk.words[j], tk.lows
    lowercase = not plain and not tk.words[i].cap
    between = tk.gaps[j - 1]
    comma = "," in between
    if ("." in between and len(lows[j - 1]) > 1 and lows[j - 1] not in _SAINTS) or (
            lowercase and _lowercase_stop(nxt) and lows[j] not in W.NAME_PARTICLES):
        return False  # a full stop ends a name unless it closes an initial ("J. Smith") or a saint ("St. Pierre")
    if tk.lows[j] in W.NAME_PARTICLES and _particle(tk, j, plain):
        return True  # "Inés de la Fuente", "Pieter van den Berg", "Lucia di Marco", "Marie-Claude St. Pierre"
    if (len(nxt.word) == 1 and _initial_next(tk, j, plain)) or (j - i == 2 and middle_initial(tk, i, j + 1)):
        return True  # "J. Smith", "MCKNIGHT, MARY A   Bed 12" (each needs the letter or the span it looks for)
    if nxt.med or nxt.low in W.STOP or nxt.low in W.CREDENTIALS:
        return False
    intro = _introduced_after(tk, j) if comma else ""
    if comma and not (_after_comma(nxt, ctx or intro, plain, j - i == 1)
                      or (j - i == 1 and caps_last_first(tk, i, j + 1))):  # "QUELLIN, IMRA" in a mixed-case note
        return False
    if plain and nxt.namelike and not nxt.weak and nxt.low.endswith(_VERB_ENDINGS):
        return False  # "dr. patel paged": a verb no dictionary lists ends the name
    if intro == "record" and nxt.namelike and nxt.clin < 2:
        return True  # "QUORVIN, ADELRIC (MRN 12345678)": a record's "Last, First"
    return (
        (len(nxt.low) == 1 and not tk.gaps[j][:1].isdigit())  # an initial, not "x2"
        or nxt.strong
        or (nxt.weak and (nxt.cap or bool(ctx) or (plain and comma)))
        # "ANTHONY C. KOZICKI", "BEA TURA": after an initial or a first name, where case cannot tell
        or (nxt.namelike and (nxt.cap or bool(ctx) or (plain and (len(lows[j - 1]) == 1 or tk.words[j - 1].first
                                                                    or lows[j - 1] in W.NAME_PARTICLES))))
        or (lowercase and bool(ctx) and not nxt.cap)  # passed the dictionary check above
        # "VIKRAM SETHURAMAN, CRNA": two words no list holds before a credential, where case cannot tell
        or (plain and (nxt.namelike or nxt.weak) and nxt.clin < 2 and _set_off_credential(tk, j))
    )


def _may_continue(nxt: Word, loose: bool) -> bool:
    """What ``_continues`` needs of the next word to answer yes (a cheap test first): a name or name-like word, a
    letter, a particle; or any word after a lowercase name in context, or third in a span ("MARY A")."""
    return nxt.seedable or loose or len(nxt.low) == 1 or len(nxt.word) == 1 or nxt.low in W.NAME_PARTICLES


def _introduced_pair(text: str, tk: Tokens, i: int, j: int) -> bool:
    """Where case tells nothing, two words no list holds are one name when an age or a record's identifier follows
    them ("ADELRIC QUORVIN IS A 45 Y/O", "adelric quorvin (dob 1/2/1950)")."""
    if j != i + 1:
        return False
    a, b = tk.words[i], tk.words[j]
    return j == i + 1 and tk.gaps[i] in SPACE_GAP and a.namelike and b.namelike and a.clin < 2 and b.clin < 2 \
        and not a.med and not b.med and (age_after(text, tk.ends[j]) or record_after(tk, j + 1)
                                         or phone_after(text, tk.ends[j]))


def _grow_left(text: str, tk: Tokens, i: int, j: int, ctx: str, floor: int) -> int:
    """The start of the name whose seed is token ``i``: a name word, an initial, the words before a credential."""
    words, lows, joined, plain = tk.words, tk.lows, tk.joined, tk.mode != "mixed"
    # a weak name just before the seed joins it ("Will Johnson"), as does a capitalised word no dictionary knows
    # ("Priya Raman")
    if (
        i > floor
        and (words[i - 1].weak or (words[i - 1].namelike and words[i - 1].cap))
        and (words[i - 1].cap or ctx)
        and joined(i - 1, SPACE_GAP)
        and lows[i - 1] not in W.TITLES
        and lows[i - 1] not in W.NAME_TRIGGERS
        and not _in_law(tk, i)
    ):
        i -= 1
    # "S. Tremblay RN", "Dr. J. Smith": an initial just before the name is part of it
    initial = words[i - 1].word if i > floor else ""
    if len(initial) == 1 and tk.gaps[i - 1] in _INITIAL_GAPS and (
        initial.isupper() or (plain and _lower_initial(text, tk, i - 1))
    ):
        i -= 1
    # "Birte Williamson, MD": the words before a credential-seeded surname on the same line join it
    if j < len(lows) and lows[j] in W.CREDENTIALS and _credential_after(tk, j - 1):
        while (
            i > floor
            and j - i < 4
            and (words[i - 1].namelike or words[i - 1].weak)
            and (words[i - 1].cap or plain)
            and lows[i - 1] not in W.NAME_TRIGGERS
            and joined(i - 1, SPACE_GAP)
        ):
            i -= 1
    return i


# ---- people in slots the name layer does not read (branch people8) ----------------------------------------------
# a role or a case's party right before a person: "case manager Bram Okafor-Lund", "CM Orlaith Pennywhistle",
# "counsel for Respondent MARIKO DELACROIX-VANE", "County Attorney Fenwick Adeyemi", "guardian ad litem Quill
# Harrowgate", "operator: Anselm"
_P8_ROLES = frozenset(["cm", "manager", "worker", "counsel", "attorney", "lawyer", "advocate", "litem", "operator",
                       "respondent", "petitioner", "conservator", "paralegal", "solicitor", "ombudsperson",
                       "navigator"])
# a court caption's party before them: "In the Matter of ...", "Guardianship of ...", "Estate of ...", "In re ..."
_P8_CAPTIONS = frozenset(["matter", "guardianship", "conservatorship", "estate", "commitment", "adoption"])
# the party's role after a comma: "ZEPHYRINE OAKBURROW, RESPONDENT", "Lark Venables, Ward", "Roe, Esq."
_P8_PARTIES = frozenset(["respondent", "petitioner", "ward", "decedent", "claimant", "deceased", "conservatee",
                         "esq", "esquire", "minor", "plaintiff", "defendant"])
# a caller naming themself: "this is ...", "it's ...", "my name is ..."
# (and as OCR misreads them: "lt's", "thls", "namc")
_P8_SELF = frozenset(["it's", "its", "is", "it’s", "lt's", "lts", "lt’s", "1s"])
_P8_NAME_WORDS = frozenset(["name", "namc", "narne", "nane"])
_P8_SELF_BEFORE = frozenset(["this", "thls", "th1s"]) | _P8_NAME_WORDS
# a form's person before "LAST, FIRST" without a colon: "Claimant HOLT, MIRA", "Member: BRANDT, ODA"
_P8_PERSON_LABELS = W.LIST_LABELS | frozenset(["guarantor", "insured", "subscriber", "resident", "ward"])
_P8_SPELLED = re.compile(r"[a-z](?:-[a-z]){2,}")  # "q-u-e-n-b-y"
_P8_SPELL_LEADS = frozenset(["that's", "thats", "spelled", "spelt", "spelling", "is", "last", "name"])
_P8_CUES = _P8_ROLES | _P8_CAPTIONS | _P8_PARTIES | _P8_SELF | frozenset(["re", "first", "last"])
_P8_NOT = W.STOP | W.AUX | W.CREDENTIALS | W.FORM_VALUES | W.LANGUAGES | _CONTEXT_OR_CREDENTIAL | _P8_CUES


def _p8_word(tk: Tokens, m: int) -> bool:
    """Token ``m`` may be a word of a person's name in a slot that announces one: a name the dictionaries hold that
    English does not write, a word no list knows, or (capitalised in mixed-case text) a first name or surname."""
    w = tk.words[m]
    if len(w.low) < 2 or w.med or w.clin >= 2 or w.low in _P8_NOT:
        return False
    if not all(p.isalpha() for p in re.split(r"['\-’]", w.word)):
        return False
    if tk.mode == "mixed" and not w.word[0].isupper():
        return False
    if w.strong or (w.namelike and not w.typo):
        return True
    return tk.mode == "mixed" and (w.first or w.rank > 0) and w.clin == 0 and not w.word.isupper()


def _p8_run(tk: Tokens, k: int, most: int = 3, word: Callable[[Tokens, int], bool] | None = None) -> int:
    """The end of a run of up to ``most`` name words from token ``k`` on one line (``k``: none), with at least one
    that no English list holds; a name word is what ``word`` accepts (``_p8_word`` unless given)."""
    word = word or _p8_word
    n, j = len(tk.lows), k
    while j < n and j - k < most and word(tk, j) and (j == k or tk.gaps[j - 1] in SPACE_GAP):
        j += 1
    if j > k and not any(tk.words[m].strong or tk.words[m].namelike for m in range(k, j)):
        return k
    return j


def _p8_back(tk: Tokens, j: int, most: int = 3) -> int:
    """The start of a run of name words that ends at token ``j - 1`` (``j``: none)."""
    i = j
    while i > 0 and j - i < most and _p8_word(tk, i - 1) and (i == j or tk.gaps[i - 1] in SPACE_GAP):
        i -= 1
    if i < j and not any(tk.words[m].strong or tk.words[m].namelike for m in range(i, j)):
        return j
    return i


def _p8_spelled(tk: Tokens, j: int) -> int:
    """The end of a surname spelled out letter by letter right after a name ending at token ``j`` ("that's
    q-u-e-n-b-y", "Q U E N B Y"; ``j``: none)."""
    n, k = len(tk.lows), j
    while k < n and k - j < 2 and tk.lows[k] in _P8_SPELL_LEADS and "\n" not in tk.gaps[k - 1]:
        k += 1
    if k >= n or "\n" in tk.gaps[k - 1]:
        return j
    if _P8_SPELLED.fullmatch(tk.lows[k]):
        return k + 1
    e = k
    while e < n and len(tk.words[e].word) == 1 and tk.words[e].word.isalpha() and (
            e == k or tk.gaps[e - 1] in (" ", "-", ". ", ".")):
        e += 1
    return e if e - k >= 3 else j


def _p8_start(tk: Tokens, k: int) -> int:
    """Where the person that the cue at token ``k`` announces starts (-1: none): after a role ("case manager ..."),
    a caption ("Guardianship of ...", "In re: the Matter of ..."), a caller's "this is" or "my name is", a form's
    "first" or "last" after its "name" without a colon."""
    lows, gaps, n = tk.lows, tk.gaps, len(tk.lows)
    low, start = lows[k], k + 1
    if start >= n or gaps[k] not in _P8_GAPS:
        return -1
    if low in _P8_ROLES:
        return -1 if low == "cm" and k and any(c.isdigit() for c in gaps[k - 1]) else start  # "3 cm mass": a length
    if low in _P8_CAPTIONS:
        return start + 1 if lows[start] == "of" and gaps[start] == " " else -1
    if low == "re":
        if not (k and lows[k - 1] == "in"):
            return -1
        while start < n - 1 and lows[start] in _P8_CAPTION_WORDS:
            start += 1
        return start
    if low in _P8_SELF:
        if low not in ("is", "1s"):
            return start
        before = lows[k - 1] if k else ""
        if before not in _P8_SELF_BEFORE or gaps[k - 1] != " ":
            return -1
        return start if before not in _P8_NAME_WORDS or (k > 1 and lows[k - 2] in ("my", "his", "her")) else -1
    if low in ("first", "last"):
        label = next((m for m in range(k - 1, max(-1, k - 5), -1) if lows[m] in _P8_NAME_WORDS), -1)
        if ":" in gaps[k] or label < 0 or any("\n" in gaps[m] for m in range(label, k)):
            return -1  # "Patient name: first Odalys   last Penhallow" (with a colon: ``W.LIST_LABELS``)
        return start
    return -1


_P8_GAPS = frozenset([" ", ": ", " : ", ":  ", "  "])
_P8_CAPTION_WORDS = frozenset(["the", "of"]) | _P8_CAPTIONS


def _p8_party(tk: Tokens, k: int) -> int:
    """The start of a person before a party's role after a comma at token ``k`` ("OAKBURROW, RESPONDENT"; ``k``:
    none)."""
    if k and tk.gaps[k - 1] in (", ", ",") and not any(c.isdigit() for c in tk.gaps[k]):
        return _p8_back(tk, k)
    return k


def _p8_caller(tk: Tokens, i: int, j: int) -> bool:
    """A caller's name after "this is": a first name and a surname, or a first name alone that English does not
    write ("this is Ingrid"; not "THIS IS ABX", a word no list holds alone)."""
    w = tk.words[i]
    return j - i > 1 or (w.first and w.low not in lexicon().common_words)


def _p8_slots(tk: Tokens) -> Iterator[tuple[int, int]]:
    """People after a role, a caption or a caller's "this is", before a party's role, and a form's "LAST, FIRST"."""
    lows, gaps, n = tk.lows, tk.gaps, len(tk.lows)
    for k in compress(range(n), map(_P8_CUES.__contains__, lows)):
        if lows[k] in ("is", "1s") and (not k or lows[k - 1] not in _P8_SELF_BEFORE):
            continue  # (most cues: an "is" after no "this" or "name", which ``_p8_start`` rejects: skipped unasked)
        i = _p8_party(tk, k) if lows[k] in _P8_PARTIES else k
        if i < k:
            yield i, k  # "ZEPHYRINE OAKBURROW, RESPONDENT", "Maelis Drovane, Esquire"
            continue
        start = _p8_start(tk, k)
        j = _p8_run(tk, start, 2 if lows[k] in ("first", "last") else 3) if start > 0 else start
        if j <= start:
            continue
        if lows[k] in _P8_SELF and not _p8_caller(tk, start, j):
            continue
        yield start, j
        if lows[k] in _P8_SELF:
            e = _p8_spelled(tk, j)
            if e > j:  # "that's q-u-e-n-b-y": the letters, after any "that's"
                yield next(m for m in range(j, e) if lows[m] not in _P8_SPELL_LEADS), e
    labels = () if _P8_PERSON_LABELS.isdisjoint(tk.present) else compress(range(n), map(
        _P8_PERSON_LABELS.__contains__, lows))  # (few texts hold a person's label: asked of the whole text first)
    for k in labels:
        # "Claimant HOLT, MIRA": a form's person label, no colon, and "LAST, FIRST"
        if k + 2 < n and gaps[k] == " " and gaps[k + 1] in (", ", ",") and _p8_word(tk, k + 1) \
                and _p8_word(tk, k + 2) and (tk.words[k + 1].strong or tk.words[k + 1].namelike):
            yield k + 1, k + 3


def _p8_street_line(tk: Tokens, k: int) -> bool:
    """The line that token ``k`` starts (after its house number) is a street: a street word within four words ends
    the line or its field, none of the words before it one that never stands in a street's name."""
    n = len(tk.lows)
    for m in range(k, min(n, k + 5)):
        if tk.lows[m] in W.NOT_STREET_WORDS or tk.words[m].med:
            return False
        gap = tk.gaps[m]
        if tk.lows[m] in W.STREET_WORDS and m > k:
            return m + 1 >= n or "\n" in gap or gap.lstrip(" .")[:1] in (",", "") or tk.lows[m + 1] in _P8_UNITS
        if "\n" in gap:
            return False
    return False


_P8_UNITS = frozenset(["apt", "unit", "suite", "ste", "#"])


# a line that starts with a digit (in ASCII text, where a digit is [0-9])
_P8_DIGIT_LINE = re.compile(r"\n[ \t]*[0-9]")


def _p8_mailing(tk: Tokens, text: str) -> Iterator[tuple[int, int]]:
    """The addressee's line above a street address a layer found ("ORLA PINKERTON\\n4410 W QUENBY LN")."""
    gaps, n = tk.gaps, len(tk.lows)
    if text.isascii():
        # the gaps whose line after their last newline starts with a digit, found by one scan of the text rather
        # than by a Python test of every newline's gap: such a gap holds the match's newline (tokens hold letters
        # only); with one newline in the gap it is that match's, and a gap of two newlines is skipped below anyway
        lines = (bisect_right(tk.starts, m.start()) - 1 for m in _P8_DIGIT_LINE.finditer(text))
        candidates: Iterable[int] = (j for j in lines if 0 <= j < n - 1)
    else:
        candidates = (j for j in compress(range(n - 1), map(contains, gaps, repeat("\n")))
                      if gaps[j][gaps[j].rfind("\n") + 1 :].strip(" \t")[:1].isdigit())
    for j in candidates:
        if gaps[j].count("\n") > 1 or not _p8_street_line(tk, j + 1):
            continue
        i = _p8_back(tk, j + 1)
        if j + 1 - i >= 2 and (i == 0 or "\n" in gaps[i - 1]):
            yield i, j + 1


def _p8_mailed(tk: Tokens, text: str) -> Iterator[tuple[int, int]]:
    """A name before an e-mail address in brackets whose local part holds it ("Marisol (marisol.venn@...)")."""
    gaps, lows, n = tk.gaps, tk.lows, len(tk.lows)
    for k in compress(range(n - 1), map(contains, gaps, repeat("("))):
        if gaps[k].strip(" \t") != "(":
            continue
        m = k + 1
        while m < n and m - k < 5 and "@" not in gaps[m] and ")" not in gaps[m] and " " not in gaps[m]:
            m += 1
        if m >= n or "@" not in gaps[m]:
            continue
        local = "".join(lows[k + 1 : m + 1])
        i = k + 1
        while i > 0 and k + 1 - i < 2 and len(lows[i - 1]) > 2 and lows[i - 1] in local and _p8_word(tk, i - 1) \
                and (i == k + 1 or gaps[i - 1] in SPACE_GAP):
            i -= 1
        if i <= k:
            yield i, k + 1


# ---- full names in the forms still missed (branch people9) --------------------------------------------------------
# a generation after a name: "Ravel Quenby Jr.", "ODALYS VANTERS SR.", "cristo dorval, iv" (a Roman numeral only where
# the name's field ends, after two name words: not "heparin iv", "grade II", "Mobitz II")
_P9_GENERATIONS = frozenset(["jr", "sr"])
_P9_ROMAN = frozenset(["ii", "iii", "iv"])
_P9_SUFFIXES = _P9_GENERATIONS | _P9_ROMAN
# a person's role after a comma and one word that qualifies it: "Tamsel Orrow, FINANCIAL COUNSELOR"
_P9_ROLES_AFTER = frozenset(["counselor", "counsellor", "coordinator", "navigator", "liaison", "advocate",
                             "specialist", "representative"])
# words that announce a person's (other) name: "(nee Quenby)", "AKA ...", "Other names used: ...", "maiden name ...",
# "Responsible party: ...", "MAGISTRATE ..."
_P9_ALIASES = frozenset(["nee", "née", "aka", "a.k.a", "magistrate"])
_P9_SPELL_CUES = frozenset(["that's", "thats", "that’s", "spelled", "spelt", "spelling"])
_P9_CUES = _P9_ALIASES | _P9_SPELL_CUES | _P9_ROLES_AFTER | frozenset(["used", "maiden", "party", "known"])
_P9_SUFFIX_END = re.compile(r"\.?[ \t]*(?:[,;:|)(/]|\r?\n|[ \t]{2}|\Z)")  # a name's field ends after its suffix
_P9_INITIAL_GAPS = frozenset([". ", " "])
_P9_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")  # (a single letter: the initials' scans look only there)


def _p9_name_word(tk: Tokens, m: int) -> bool:
    """Token ``m`` may be a word of a name announced by its form: ``_p8_word``, or a first name the dictionaries
    hold that is no clinical word ("Breck", "Rose" before "St. Quenby")."""
    if _p8_word(tk, m):
        return True
    w = tk.words[m]
    if w.namelike and w.typo and not w.med and w.clin < 2 and w.low not in _P8_NOT and w.word.isalpha():
        return tk.mode != "mixed" or w.word[0].isupper()  # "Brackwater" reads as a misspelt "backwater" only
    return w.first and not w.med and w.clin < 2 and w.low not in _P8_NOT and (tk.mode != "mixed" or w.cap)


def _p9_suffix(tk: Tokens, j: int) -> int:
    """The end of a name ending at token ``j - 1`` with its generation ("Jr.", "SR", ", iv") when one follows."""
    n = len(tk.lows)
    if j >= n or tk.lows[j] not in _P9_SUFFIXES or tk.gaps[j - 1] not in _SUFFIX_GAPS:
        return j
    w = tk.words[j]
    if w.low in _P9_ROMAN and (tk.mode == "mixed" and not w.word.isupper()):
        return j
    if w.low in _P9_ROMAN and j + 1 < n and not _P9_SUFFIX_END.match(tk.gaps[j]):
        return j
    return j + 1


def _p9_initial(tk: Tokens, j: int) -> int:
    """The end of a name ending at token ``j - 1`` grown over a middle initial and the surname after it ("maarten
    q. vellowby", "VALQUESSA W. ESQUIVELDA"; in mixed-case text the letter in capitals)."""
    n = len(tk.lows)
    if j + 1 >= n or len(tk.lows[j]) != 1 or tk.gaps[j - 1] != " " or tk.gaps[j] not in _P9_INITIAL_GAPS:
        return j
    letter = tk.words[j].word
    if not letter.isalpha() or (tk.mode == "mixed" and not letter.isupper()) or letter in ("a", "i"):
        return j
    e = _p9_run(tk, j + 1, 2)
    return e if e > j + 1 else j


def _p9_run(tk: Tokens, k: int, most: int = 3) -> int:
    """``_p8_run`` with ``_p9_name_word``: the end of up to ``most`` name words from token ``k`` on one line."""
    return _p8_run(tk, k, most, _p9_name_word)


def _p9_field_initial(tk: Tokens, j: int) -> int:
    """The end of a name at token ``j - 1`` with a middle initial that ends its field ("ROSAMEL L (DAUGHTER)")."""
    n = len(tk.lows)
    if j >= n or len(tk.lows[j]) != 1 or tk.gaps[j - 1] != " " or not tk.words[j].word.isalpha():
        return j
    if not (tk.words[j].word.isupper() or tk.mode == "lower") or (j + 1 < n and not _P9_SUFFIX_END.match(tk.gaps[j])):
        return j
    return j + 1


def _p9_grow(tk: Tokens, j: int) -> int:
    """A name's end grown over a middle initial and surname, a saint's surname and a generation."""
    j = _p9_field_initial(tk, _p9_initial(tk, j))
    j = _p9_saint_after(tk, j)
    return _p9_suffix(tk, j)


def _p9_saint_after(tk: Tokens, j: int) -> int:
    """The end of "St. Quenby", "SAINT VAUXBRIDGE" after a name ending at token ``j - 1`` (``j``: none)."""
    n = len(tk.lows)
    if j + 1 >= n or tk.lows[j] not in _SAINTS or tk.gaps[j - 1] != " " or tk.gaps[j] not in (". ", " ", "."):
        return j
    if tk.lows[j + 1] in W.STREET_WORDS or tk.lows[j + 1] in _P8_UNITS or not _p9_name_word(tk, j + 1) \
            or _head_word(tk.lows[j + 1]):
        return j
    return j + 1 if (tk.mode != "mixed" or tk.words[j].cap) else j


def _head_word(low: str) -> bool:
    """A facility's head noun, where "Main St. Clinic" ends."""
    return low in W.FACILITY_HEADS or low in W.FACILITY_GENERIC or low in W.FACILITY_SERVICE_WORDS


def _p9_saints(tk: Tokens) -> Iterator[tuple[int, int]]:
    """A first name (or a name word), "St."/"Saint" and a surname: one person ("Marivel St. Quenby", "jorn st.
    hallowmere"), never after a house number ("12 Oak St. Apt 4") nor before a facility's head ("Main St. Clinic")."""
    gaps = tk.gaps
    for k in compress(range(len(tk.lows)), map(_SAINTS.__contains__, tk.lows)):
        if k == 0 or gaps[k - 1] != " " or not _p9_name_word(tk, k - 1):
            continue
        if k > 1 and any(c.isdigit() for c in gaps[k - 2]):
            continue  # "12 Quenby St. Apt 4": a street
        e = _p9_saint_after(tk, k)
        if e == k:
            continue
        i = k - 1
        if i > 0 and gaps[i - 1] == " " and _p9_name_word(tk, i - 1) and not any(c.isdigit() for c in gaps[i - 1]):
            i -= 1
        w = tk.words
        if not any(w[m].strong or w[m].namelike or w[m].first for m in range(i, k)):
            continue
        yield i, _p9_suffix(tk, e + 1)


def _p9_suffixed(tk: Tokens) -> Iterator[tuple[int, int]]:
    """Two or three name words before a generation: "Breck Holloway IV", "ODALYS VANTERS SR.", "cristo dorval, iv"."""
    lows, words = tk.lows, tk.words
    for k in compress(range(len(lows)), map(_P9_SUFFIXES.__contains__, lows)):
        if k < 2 or _p9_suffix(tk, k) == k:
            continue
        i = k
        while i > 0 and k - i < 3 and _p9_name_word(tk, i - 1) and not words[i - 1].eponym and (
                i == k or tk.gaps[i - 1] == " "):
            i -= 1
        if k - i < 2 or not any(words[m].strong or words[m].namelike for m in range(i, k)):
            continue
        if i and any(c.isdigit() for c in tk.gaps[i - 1]):
            continue  # "2 Vanco Zosyn IV"
        yield i, k + 1


# what announces a person before "first M. last" (a name word, an initial and a surname stand alone too often as a
# finding's shorthand where case tells nothing)
_P9_BEFORE_INITIAL = W.NAME_TRIGGERS | W.TITLES | W.LIST_LABELS | _P8_SELF | _P8_ROLES | frozenset([
    "with", "to", "for", "by", "from", "and", "contact", "named", "called", "aka", "nee", "née"])


def _p9_clear(tk: Tokens, m: int) -> bool:
    """Token ``m`` reads as a name around a bare middle initial: a name word that no English or clinical list
    holds, or a name the dictionaries hold that English does not write."""
    w = tk.words[m]
    return _p9_name_word(tk, m) and not w.typo and w.clin == 0 and w.low not in lexicon().common_words


def _p9_initials(tk: Tokens) -> Iterator[tuple[int, int]]:
    """A name word, a middle initial and a surname ("maarten q. vellowby"), and a form's "Last, First M" with the
    initial at its field's end ("Castelvane, Harlo S.", "QUENBY, ROSAMEL L (DAUGHTER)")."""
    lows, gaps, words, n = tk.lows, tk.gaps, tk.words, len(tk.lows)
    # the single letters, found once (one pass over the tokens, no slice) for both scans below
    letters = list(compress(range(n), map(_P9_LETTERS.__contains__, lows)))
    for k in letters:
        if k < 1 or k >= n - 1:
            continue
        if gaps[k] not in _P9_INITIAL_GAPS or gaps[k - 1] != " " or not (
                (k > 1 and lows[k - 2] in _P9_BEFORE_INITIAL) or (k > 2 and lows[k - 3] in _P9_BEFORE_INITIAL)):
            continue  # (the cheap tests first: a cue one or two words before the letter)
        if not _p9_clear(tk, k - 1) or not _p9_clear(tk, k + 1) or lows[k] == "x":
            continue
        e = _p9_initial(tk, k)
        if e > k:
            i = k - 1
            if i > 0 and gaps[i - 1] == " " and _p9_name_word(tk, i - 1):
                i -= 1
            if i and lows[i - 1] in _P9_BEFORE_INITIAL and any(words[m].strong or words[m].namelike
                                                                for m in range(i, e)):
                yield i, _p9_suffix(tk, e)
    for k in letters:
        if k < 2 or gaps[k - 1] != " " or gaps[k - 2] not in (", ", ","):
            continue
        letter = words[k].word
        if not letter.isalpha() or not (letter.isupper() or tk.mode == "lower"):
            continue
        if k + 1 < n and not _P9_SUFFIX_END.match(gaps[k]):
            continue
        if _p8_word(tk, k - 2) and _p9_name_word(tk, k - 1) and (words[k - 2].strong or words[k - 2].namelike):
            yield k - 2, k + 1


def _p9_after_cue(tk: Tokens, k: int) -> int:
    """Where the person that the cue at token ``k`` announces starts (-1: none)."""
    lows, gaps, n = tk.lows, tk.gaps, len(tk.lows)
    low, start = lows[k], k + 1
    if start >= n or (gaps[k] not in _P8_GAPS and gaps[k].strip(" \t") not in (":", "-")):
        return -1
    if low in _P9_ALIASES:
        return start
    if low == "used" and k and lows[k - 1] in ("names", "name", "aliases"):
        return start  # "Other names used: ..."
    if low == "party" and k and lows[k - 1] in ("responsible", "financially"):
        return start
    if low == "maiden":
        return start + 1 if lows[start] == "name" and start + 1 < n else -1
    if low == "known" and k and lows[k - 1] == "also" and lows[start] == "as" and start + 1 < n:
        return start + 1  # "also known as ..."
    return -1


def _p9_cued(tk: Tokens) -> Iterator[tuple[int, int]]:
    """People after an alias's or a role's cue, before a role after a comma, and surnames spelled out."""
    lows, gaps, n = tk.lows, tk.gaps, len(tk.lows)
    for k in compress(range(n), map(_P9_CUES.__contains__, lows)):
        low = lows[k]
        if low in _P9_SPELL_CUES:
            yield from _p9_spelled(tk, k)
            continue
        if low in _P9_ROLES_AFTER:
            # "Tamsel Orrow, FINANCIAL COUNSELOR", "Tamsel Orrow, counselor"
            j = k - 1 if k > 1 and gaps[k - 1] == " " and gaps[k - 2] in (", ", ",") else k
            if j == k and not (k and gaps[k - 1] in (", ", ",")):
                continue
            i = _p8_back(tk, j)
            if j - i >= 2 or (j - i == 1 and j == k - 1):
                yield i, j
            continue
        start = _p9_after_cue(tk, k)
        if start < 0:
            continue
        j = _p9_run(tk, start, 3)
        if j == start + 1 and j + 1 < n and gaps[j - 1] in (", ", ",") and _p9_name_word(tk, j):
            j += 1  # "Responsible party: QUENBY, ROSAMEL L"
        if j > start:
            yield start, _p9_grow(tk, j)


def _p9_spelled(tk: Tokens, k: int) -> Iterator[tuple[int, int]]:
    """A short surname spelled out after "that's", "spelled", "spelling" ("that's v-a-n-t", "spelled P-E-N-N"), and
    the word before that it spells."""
    lows, n = tk.lows, len(tk.lows)
    m = k + 1
    while m < n and m - k < 3 and lows[m] in ("is", "it", "as", "its", "it's", "out"):
        m += 1
    if m >= n or "\n" in tk.gaps[m - 1]:
        return
    if _P8_SPELLED.fullmatch(lows[m]):
        e, letters = m + 1, lows[m].replace("-", "")
    else:
        e = m
        while e < n and len(tk.words[e].word) == 1 and tk.words[e].word.isalpha() and (
                e == m or tk.gaps[e - 1] in (" ", "-", ". ", ".")):
            e += 1
        if e - m < 3:
            return
        letters = "".join(lows[m:e])
    if len(letters) > 12 or letters in lexicon().shorthand or letters in lexicon().medical:
        return
    yield m, e
    for b in range(k - 1, max(-1, k - 4), -1):
        if lows[b] == letters:  # "odalys vant that's v-a-n-t": the surname it spells
            i = b - 1 if b and tk.gaps[b - 1] == " " and _p9_spelled_first(tk.words[b - 1]) else b
            yield i, b + 1
            break


def _p9_spelled_first(w: Word) -> bool:
    """The word before a surname its caller spells out is a first name in any letter case ("it's odalys vant
    that's v-a-n-t"): a name word no clinical list holds."""
    lx = lexicon()
    unknown = w.low not in lx.common_words and w.low not in lx.clinical and w.low not in lx.shorthand
    return (w.strong or w.namelike or w.first or unknown) and not w.med and w.clin < 2 and w.low not in _P8_NOT \
        and w.word.isalpha() and len(w.low) > 1


def _p9_signatures(tk: Tokens, text: str) -> Iterator[tuple[int, int]]:
    """Lowercase signatures side by side: "orla pennick, rn  /  tovan greer, nnp-bc" (a name before a credential
    after a comma, at a line's start or after a "/", the credential ending the line or followed by a "/")."""
    lows, words, gaps, n = tk.lows, tk.words, tk.gaps, len(tk.lows)
    for k in compress(range(2, n), map(W.CREDENTIALS.__contains__, lows[2:])):
        if not words[k].word.islower() or gaps[k - 1] not in (", ", ","):
            continue
        after = gaps[k] if k + 1 < n else "\n"
        if "/" not in after and "\n" not in after and k + 1 < n and not (lows[k + 1] in _P9_CRED_PARTS and (
                k + 2 >= n or "/" in gaps[k + 1] or "\n" in gaps[k + 1])):
            continue
        i = k - 1
        while i > 0 and k - i < 3 and gaps[i - 1] in SPACE_GAP:
            i -= 1
        while i < k - 1 and not _lower_name_word(words[i]):
            i += 1
        before = gaps[i - 1] if i else "\n" + text[: tk.starts[0]]
        if k - i < 2 or not ("/" in before or _LINE_START.search(before)):
            continue
        if all(_lower_name_word(words[m]) for m in range(i, k)) and any(
                words[m].strong or (not words[m].clin and words[m].low not in lexicon().common_words)
                for m in range(i, k)) and ("/" in before or "/" in after):
            yield i, k


_P9_CRED_PARTS = frozenset(["bc", "c", "p"])  # "nnp-bc": a credential's second half


def _p9_layer(ranges: Iterable[tuple[int, int]], layer: str) -> Iterator[tuple[tuple[int, int], str]]:
    return ((r, layer) for r in ranges)


def _p9_slots(tk: Tokens, text: str, present: frozenset[str]) -> Iterator[tuple[tuple[int, int], str]]:
    """People in the forms ``people_slots`` did not read before (branch people9), each scan only where its cue
    stands, with their layer: "context" for a slot's cue as in ``people_slots``; "dictionary" for the forms the name
    layer reads itself (a saint's surname, a generation, a middle initial, a signature), so that their parts found
    again elsewhere do not split a longer name that layer finds ("Tiziano Russell" after "Shawn S. Russell")."""
    if not _SAINTS.isdisjoint(present):
        yield from _p9_layer(_p9_saints(tk), "context")  # (over a street the patterns read: "56P - Quillon St.")
    if not _P9_SUFFIXES.isdisjoint(present):
        yield from _p9_layer(_p9_suffixed(tk), "dictionary")
    if not _P9_CUES.isdisjoint(present):
        yield from _p9_layer(_p9_cued(tk), "context")
    if ". " in text or tk.mode != "mixed":
        yield from _p9_layer(_p9_initials(tk), "dictionary")
    if tk.mode != "caps" and "/" in text and not W.CREDENTIALS.isdisjoint(present):
        yield from _p9_layer(_p9_signatures(tk, text), "dictionary")
    yield from _p9_layer(_p10_slots(tk, text), "context")  # (branch names10)


def people_slots(text: str, tk: Tokens, present: frozenset[str] | None = None) -> Iterator[tuple[int, int]]:
    """Token ranges of people in the slots above (branch people8): each scan only where its cue stands."""
    present = tk.present if present is None else present
    if not _P8_CUES.isdisjoint(present) or not _P8_PERSON_LABELS.isdisjoint(present):
        yield from _p8_slots(tk)
    if "\n" in text:
        yield from _p8_mailing(tk, text)
    if "@" in text:
        yield from _p8_mailed(tk, text)


def _names(text: str, tk: Tokens) -> Iterator[tuple[int, int, bool]]:
    """Yield token index ranges ``[i, j)`` that may be person names (the scorer decides), and whether a
    clinician's title or credential marks them."""
    lows, gaps, words, n = tk.lows, tk.gaps, tk.words, len(tk.lows)
    plain = tk.mode != "mixed"
    floor = 0  # the first token after the last name found, which a later name may not reach back past
    listed_from = -2  # the last token of the last candidate a context introduced (a list may go on after it)
    signed = _signed_off(tk, text)
    seeds = sorted(signed.union(_seeds(tk, plain))) if signed else _seeds(tk, plain)
    for seed in seeds:
        if seed < floor:
            continue
        i = seed
        ctx = (
            _context(tk, i, text)
            if i and (lows[i - 1] in _CONTEXT_WORDS or (i > 1 and lows[i - 2] in _SECOND_CONTEXT_WORDS))
            else "trigger" if i in signed or (i and "\n" in gaps[i - 1] and name_header_above(text, tk, i))
            else ""
        )
        if not ctx and listed_from in (i - 1, i - 2) and _list_gap(tk, i, listed_from):
            ctx = "trigger"  # "Visitors: ione varga, tamsin orlevy and ...": the list's context goes on
        if (lows[i] in _CONTEXT_OR_CREDENTIAL or (i and (lows[i - 1] in _NO_SEED_BEFORE or (
                i > 1 and lows[i - 2] in W.CITY_TRIGGERS)))) and _no_seed(tk, i, ctx, plain):
            continue  # (``_no_seed`` asked only where one of the words it looks for stands)
        j = i + 1
        loose = bool(ctx) and not plain and not words[i].cap  # (a lowercase name in context: any word may go on)
        while j < n and j - i < 4 and gaps[j - 1] in NAME_GAP and (words[j].seedable or _may_continue(
                words[j], loose or j - i == 2)) and (_continues(tk, i, j, ctx, plain)
                     or (plain and j == i + 1 and words[j].namelike and _introduced_pair(text, tk, i, j))):
            j += 1
        if (i > floor and (words[i - 1].seedable or len(words[i - 1].word) == 1)) or (
                j < n and lows[j] in W.CREDENTIALS):  # (what ``_grow_left`` looks for: a name word, a letter, …)
            i = _grow_left(text, tk, i, j, ctx, floor)
        # a lone initial is not a name, nor "Vermont" or "Self" alone in a name's place; but a first name may be a
        # state's or a country's when a relative or an age introduces it ("wife Virginia", "VIRGINIA IS A 97 YEAR")
        alone = lows[i] if j - i == 1 else ""
        place_alone = alone in W.NOT_PLACES and ctx != "title" and not (  # "Dr. Jordan" is a person
            alone in lexicon().first_names and (_relative_before(tk, i) or age_after(text, tk.ends[i])
                                                or (i > 0 and lows[i - 1] in LETTER_WORDS)))  # "Thanks, Virginia"
        if not (len(alone) == 1 or place_alone or alone in W.FORM_VALUES):
            clinician = (ctx == "title" and lows[i - 1] in W.CLINICIAN_TITLES) or (
                j < n and lows[j] in W.CREDENTIALS and gaps[j - 1] in NAME_GAP
            )
            yield i, j, clinician
            listed_from = j - 1 if ctx else -2
        floor = j


_LINE_START = re.compile(r"\n[ \t]*(?:-{1,2}[ \t]?)?\Z")  # a line's start, or a "--" sign-off
_LINE_END = re.compile(r"[ \t,.]*(?:\r?\n|\Z)")


def signed_initials(tk: Tokens, text: str) -> Iterator[int]:
    """ "JS RN", "--KM MD": a clinician's initials in capitals signing a line, before the credential that ends it.
    Two letters are initials there even when shorthand spells them ("DC RN"); three-letter ICU shorthand never
    is ("ICU RN"), nor a stop word that is also shorthand ("OR RN"); other two-letter stop words are initials on
    such a line ("AM RN", "SO RN")."""
    lows, words, n = tk.lows, tk.words, len(tk.lows)
    credentials = () if W.CREDENTIALS.isdisjoint(tk.present) else compress(
        count(-1), map(W.CREDENTIALS.__contains__, lows))
    for k in credentials:  # (most texts hold no credential: asked of the whole text at once first)
        if k < 0 or k + 1 >= n:
            continue
        w = words[k]
        before = tk.gaps[k - 1] if k else "\n" + text[: tk.starts[0]]
        signs = _LINE_START.search(before)
        if 2 <= len(w.word) <= 3 and (w.word.isupper() or (w.word.islower() and signs and "-" in signs.group())) \
                and (len(w.word) == 2 or w.clin < 2) \
                and (w.low not in W.STOP or (len(w.word) == 2 and w.clin < 2)) and tk.gaps[k] in _BEFORE_CREDENTIAL \
                and signs and _LINE_END.match(tk.gaps[k + 1]):
            yield k
    yield from _initials_after_credential(tk)
    yield from _reference_initials(tk)
    if n > 1 and _closing_initials(tk):
        yield n - 1


_SLASH = re.compile(r"[ \t]?/[ \t]?")
_BEFORE_CREDENTIAL = SPACE_GAP | {", ", ","}  # "JS RN", "-- KM, LPN"


def _initials_after_credential(tk: Tokens) -> Iterator[int]:
    """ "Jane Roe, RN / JR", "RN/JR": two or three letters after a credential and a slash, ending the line, are the
    initials of the one who signs (never a second credential: "RN/BSN")."""
    lows, words = tk.lows, tk.words
    if W.CREDENTIALS.isdisjoint(tk.present):
        return
    for k in compress(count(1), map(W.CREDENTIALS.__contains__, lows[:-1])):
        w = words[k]
        # "RN/JR", and the typist's lowercase initials ("RN/jk"), never shorthand ("RN/pt")
        if _SLASH.fullmatch(tk.gaps[k - 1]) and 2 <= len(w.word) <= 3 and w.word.isalpha() \
                and (w.word.isupper() or (w.word.islower() and not w.clin)) \
                and w.low not in W.CREDENTIALS and w.low not in _NOT_INITIALS and _LINE_END.match(tk.gaps[k]):
            yield k


_INITIALS_LABELS = frozenset(["dictated", "transcribed", "typed", "signed", "cosigned", "co-signed", "initials",
                              "scribed", "entered", "scribe", "signature"])
_LABEL_GAP = re.compile(r"[ \t]{0,2}:[ \t]{0,2}|[ \t]{1,2}")


def _initials_word(w: Word, labelled: bool = False) -> bool:
    """Two or three letters that may be initials; after a label ("Scribe: DC") even shorthand or a stop word."""
    return 2 <= len(w.word) <= 3 and w.word.isalpha() and (w.word.isupper() or w.word.islower()) \
        and w.low not in W.CREDENTIALS and w.low not in _NOT_INITIALS \
        and (labelled or (w.clin < 2 and w.low not in W.STOP))


_SLASH_GAPS = frozenset(["/", " /", "/ ", " / "])


def _after_label(tk: Tokens, k: int) -> bool:
    """Whether an initials label ("Transcribed by:", "Signed:") ends right before token ``k``."""
    j = k - 1
    if tk.lows[j] == "by" and j > 0 and tk.joined(j - 1, SPACE_GAP):
        j -= 1
    return tk.lows[j] in _INITIALS_LABELS and _LABEL_GAP.fullmatch(tk.gaps[k - 1]) is not None


def _reference_initials(tk: Tokens) -> Iterator[int]:
    """The initials a typed document ends with: those after "Transcribed by:", "Dictated by", "Signed:",
    "Initials:", and the signer's and the typist's joined by a slash ("JS/mq")."""
    words, gaps, n = tk.words, tk.gaps, len(tk.lows)
    labels = () if _INITIALS_LABELS.isdisjoint(tk.present) else compress(count(), map(
        _INITIALS_LABELS.__contains__, tk.lows[:-1]))
    for k in labels:
        j = k + 1 + (tk.lows[k + 1] == "by" and k + 2 < n)
        ends_line = j + 1 >= n or "\n" in gaps[j]  # "Scribe: DC" closing its line, not "SIGNED THE VISIT"
        if _after_label(tk, j) and _initials_word(words[j], labelled=words[j].word.isupper() and ends_line) \
                and (j + 1 >= n or _LINE_END.match(gaps[j]) or _SLASH.fullmatch(gaps[j])):
            yield j
    slashes = () if _SLASH_GAPS.isdisjoint(gaps) else compress(count(), map(_SLASH_GAPS.__contains__, gaps[: n - 1]))
    for k in slashes:
        nxt = words[k + 1]
        # the typist's part may spell a rare word ("LH/en") when the pair is all its line holds
        # (then either part may spell a word, "AM/rl", "LH/en", but not both shorthand: "PO/iv")
        own_line = k == 0 or gaps[k - 1][-1:] == "\n"
        alone = own_line and (words[k].clin < 2 or nxt.clin < 2)
        # in capitals, the pair alone on the note's last line ("DK/JL"), never two shorthand words ("IV/PO")
        closing = alone and k + 2 >= n and tk.mode == "caps" and nxt.word.isupper() and not gaps[k + 1].strip()
        if words[k].word.isupper() and (nxt.word.islower() or closing) and _initials_word(words[k], alone) \
                and _initials_word(nxt, alone) and (not nxt.clin or own_line) \
                and (k + 2 >= n or _LINE_END.match(gaps[k + 1])) \
                and (own_line or gaps[k - 1][-1:] in (" ", "\t") or _after_label(tk, k)):
            yield k
            yield k + 1


_AFTER_LAST_SENTENCE = re.compile(r"(?:[.!?][ \t]*|\n[ \t]*(?:-{1,2}[ \t]?)?)\Z")
_NOT_INITIALS = frozenset(["ok", "no", "yes", "ok'd"])


def _closing_initials(tk: Tokens) -> bool:
    """ "... tx to MGH on 8/23/22. FV", "pt resting. js": two or three letters standing alone after the last
    sentence of a note (or of a block) are the initials that sign it, in either case; never a credential, ICU
    shorthand of three letters ("... stable. ICU") or a reply word ("OK")."""
    n = len(tk.lows)
    w = tk.words[n - 1]
    return (
        2 <= len(w.word) <= 3 and w.word.isalpha() and (w.word.isupper() or w.word.islower())
        and (len(w.word) == 2 or w.clin < 2) and w.low not in W.CREDENTIALS and w.low not in _NOT_INITIALS
        and not tk.gaps[n - 1].strip() and _AFTER_LAST_SENTENCE.search(tk.gaps[n - 2]) is not None
    )


# ---- initials of staff in role slots, and lowercase signatures (names6) ----------------------------------------
# credentials written after a clinician's initials, besides ``W.CREDENTIALS``: ones that also spell other things
# ("RD" a road, "RT" right, "MA" a state, "COA" a coarctation, "CNS" the nervous system), read as credentials only
# right after initials: dietitians, therapists, ophthalmic and medical assistants, laboratory scientists, surgical
# technologists, nursing assistants, clinical nurse specialists and leaders, counsellors
_INITIALS_CREDENTIALS = W.CREDENTIALS | frozenset([
    "rd", "rt", "ma", "mt", "cst", "ot", "cpt", "rrt-nps", "coa", "cot", "comt", "cma", "rma", "lpc", "lna", "mls",
    "mlt", "rcp", "cnl", "cns"])
# roles and verbs of a record's steps that initials sign: "by RT QK", "Verified by pharmacist K.L.", "Technologist:
# UQ", "Dispensed by: TV", "Double check: W. N. / B. A."
_INITIALS_ROLES = (W.NAME_TRIGGERS - W.RELATIVES - frozenset(["by", "pt", "patient", "name", "baby", "dear", "hi",
                                                              "hello", "thanks", "cheers", "sincerely", "regards"])) \
    | W.CREDENTIALS | frozenset(["rt", "rrt", "ot", "slp", "rph", "tech", "nurse", "charge", "rn"])
_INITIALS_STEPS = _INITIALS_LABELS | frozenset([
    "dispensed", "verified", "checked", "check", "collected", "processed", "performed", "reviewed", "witnessed",
    "administered", "prepared", "packed", "delivered", "received", "completed", "documented", "obtained", "drawn",
    "released", "approved", "countersigned", "initialed", "witness", "verifier", "checker", "tech"])
# never someone's initials: pronouns, the time of day, routes, places in a hospital (when a date or a label is the
# only cue, a shorthand word of two letters may be initials: "…, MV"; these never are)
_NOT_STAFF = _NOT_INITIALS | frozenset(["me", "us", "him", "her", "you", "them", "its", "his", "our", "all", "am",
                                        "pm", "po", "iv", "im", "sq", "sc", "sl", "pr", "ng", "og", "gt", "ed", "er",
                                        "or", "ir", "gi", "id", "pt", "ot", "rt", "dr", "ct", "us", "na", "nd",
                                        "kg", "lb", "mg", "ml", "cm", "mm", "cc", "gm", "dl", "oz", "hr", "bp", "rr",
                                        "wt", "ht", "bmi", "tbd",
                                        # services and staff named by their role: student nurse, social work, case
                                        # management, home health, the laboratory, ambulances
                                        "sn", "sw", "cm", "ss", "hha", "pca", "nsg", "lab", "ems", "vna", "dme", "ob",
                                        "cnm", "app", "ccm", "ur", "qa", "qi"])
_DOTTED_NOT = frozenset(["eg", "ie", "po", "am", "pm", "qd", "bid", "tid", "qid", "hs", "prn", "npo", "us", "uk",
                         "dc", "pc", "ac", "ou", "od", "os", "au", "ad", "as", "qh", "ss"])
_STAFF_END = re.compile(r"[ \t]*(?:[,;)]|\.?[ \t]*\r?\n|\.[ \t])")  # the initials end their field
_DATE_BEFORE = re.compile(r"(?:\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})(?:[ \t]+\d{1,2}:\d{2})?"
                          r"(?P<comma>,)?[ \t]{1,2}\Z")
_ON_DATE = re.compile(r"[ \t]\d")


def _initials_group(tk: Tokens, k: int) -> int:
    """The end of the initials that start at token ``k`` (``k`` when none): two or three letters ("QK", "mgb"), or
    two or three capital letters each with its full stop ("K.L.", "W. N.")."""
    words, gaps, n = tk.words, tk.gaps, len(tk.lows)
    w = words[k]
    if 2 <= len(w.word) <= 3 and w.word.isalpha() and (w.word.isupper() or w.word.islower()):
        return k + 1
    j = k
    while j < n and j - k < 3 and len(words[j].word) == 1 and (words[j].word.isupper() or tk.mode == "lower") \
            and gaps[j][:1] == "." and (j == k or gaps[j - 1] in (".", ". ")):
        j += 1
    if j - k < 2:
        return k
    letters = "".join(tk.lows[k:j])
    lx = lexicon()
    if letters in _INITIALS_CREDENTIALS or letters in W.STOP or letters in _DOTTED_NOT \
            or (tk.mode == "lower" and letters in lx.shorthand):  # (capitals with full stops spell few shorthands)
        return k
    return j


def _staff_word(tk: Tokens, k: int, loose: bool) -> bool:
    """Token ``k``, two or three letters, may be initials in a role slot: never a credential, a role, a stop word, a
    pronoun or a route; a clinical abbreviation only when ``loose`` (a comma sets it off before a credential or after
    a date), and then of two letters only ("TV, LPN"; not a unit's "HD RN"); in capitals in a mixed-case note; never
    an English word of three letters ("by RN DAY shift"), nor one of two where case tells nothing ("BY CAR")."""
    w = tk.words[k]
    if w.low in _INITIALS_CREDENTIALS or w.low in _NOT_STAFF or w.low in W.STOP or w.low in W.TITLES \
            or w.low in _INITIALS_ROLES:
        return False
    if tk.mode == "mixed" and not w.word.isupper():
        return False
    if w.clin and not (w.clin < 2 and len(w.word) == 2) and not (loose and len(w.word) == 2):
        return False
    return loose or (tk.mode == "mixed" and len(w.word) == 2) or w.low not in lexicon().common_words


def _credential_next(tk: Tokens, j: int) -> bool:
    """A credential follows the initials ending before token ``j`` and ends its field ("TV, LPN", "(TFG, RD, LDN)",
    "UQ, RPSGT")."""
    n = len(tk.lows)
    gap = tk.gaps[j - 1].rstrip(" ")
    if len(tk.words[j - 1].word) == 1:
        gap = gap.removeprefix(".")  # "K.L., RN": the last initial's full stop
    if j >= n or tk.lows[j] not in _INITIALS_CREDENTIALS or gap not in ("", ",", "(") or "\n" in tk.gaps[j - 1]:
        return False
    w = tk.words[j]
    return (w.word.isupper() or tk.mode != "mixed") and (_field_ends(tk, j) or _on_time(tk, j + 1))


def _on_time(tk: Tokens, k: int) -> bool:
    """Token ``k`` is "on" or "at" before a date or a time ("... RN at 1900", "... by HU on 10/09/23")."""
    return k < len(tk.lows) and tk.lows[k] in ("on", "at") and tk.gaps[k - 1] == " " \
        and _ON_DATE.match(tk.gaps[k]) is not None


def _field_ends(tk: Tokens, k: int) -> bool:
    """Token ``k`` ends its field: a comma, a semicolon, a bracket, a line's or a sentence's end, or the text's."""
    if k + 1 >= len(tk.lows):
        return not tk.gaps[k].strip(" \t.,;)\r\n")
    return _STAFF_END.match(tk.gaps[k]) is not None


def _line_ends(tk: Tokens, k: int) -> bool:
    """Token ``k`` is the last of its line (a full stop or a comma may close it)."""
    gap = tk.gaps[k]
    return not gap.strip(" \t.,\r\n") and ("\n" in gap or k + 1 >= len(tk.lows))


def _staff_cue_before(tk: Tokens, k: int, text: str) -> str:
    """What stands before token ``k`` and makes a role slot: "by" (and a role: "by RT", "by pharmacist"), a role's
    or a step's label ("Technologist:", "Dispensed by:"), a bracket, a line's start, a date and its comma."""
    if k == 0:
        return "line" if not text[: tk.starts[0]].strip(" \t-") else ""
    lows, gap = tk.lows, tk.gaps[k - 1]
    prev = lows[k - 1]
    if prev == "by" and (gap in SPACE_GAP or label_colon(tk, k - 1)):
        return "by" if _step_before(tk, k - 1) else "by-plain"
    if prev in _INITIALS_ROLES and gap in SPACE_GAP and k > 1 and lows[k - 2] == "by" and tk.gaps[k - 2] in SPACE_GAP:
        return "role"  # "set up by RT QK today"
    if prev in _INITIALS_ROLES and label_colon(tk, k - 1):
        return "by"
    if prev in _INITIALS_STEPS and label_colon(tk, k - 1):
        return "step"  # "Delivered: SVD" is a result, "Check: W. N." a signer
    m = _DATE_BEFORE.search(gap)
    if m is not None:
        if not _record_step_on_line(tk, k - 1):
            return ""  # "Admitted 10/21/2020, MI": a finding after its date
        return "date" if m.group("comma") else "date-plain"
    stripped = gap.rstrip(" \t")
    if stripped.endswith("(") or _LINE_START.search(gap):
        return "line"
    return "any" if gap[-1:] in (" ", "\t") and "\n" not in gap else ""


# credentials that may follow initials anywhere on a line ("reassessed 1400 - QK, CMA"); not those that also spell a
# side, a state or a code ("LT, RT", "Lee, MA", "CPT")
_SET_OFF_CREDENTIALS = _INITIALS_CREDENTIALS - frozenset(["rt", "ma", "mt", "ot", "cpt", "cns", "cot", "cst"])


# the steps of a record's handling that a date and initials close ("Release to billing 10/21/2020, MV")
_RECORD_STEPS = _INITIALS_STEPS | frozenset(["release", "billing", "billed", "closed", "coded", "filed", "scanned",
                                             "printed", "faxed", "mailed", "locked", "finalized", "finalised"])


def _record_step_on_line(tk: Tokens, k: int) -> bool:
    """A step of a record's handling stands at token ``k`` or up to seven words before it on the same line."""
    for m in range(k, max(-1, k - 8), -1):
        if tk.lows[m] in _RECORD_STEPS:
            return True
        if m and "\n" in tk.gaps[m - 1]:
            return False
    return False


_CLAUSE_BREAK = re.compile(r"[.;!?]\s|\n")


def _step_before(tk: Tokens, k: int) -> bool:
    """A step of a record (collected, dispensed, verified, processed ...) stands earlier in the clause that ends with
    "by" at token ``k``: "Collected: 2021-02-12 13:11 by WC", "Processed by HU" (not "... 10 by EP", "ulcer by EGD")."""
    for m in range(k - 1, max(-1, k - 9), -1):
        if _CLAUSE_BREAK.search(tk.gaps[m]):
            return False
        if tk.lows[m] in _INITIALS_STEPS:
            return True
    return False


def _staff_cue_after(tk: Tokens, j: int, text: str) -> str:
    """What follows initials ending before token ``j``: a credential; the field's end; "on" or "at" and a date or a
    time ("by HU on 10/09/23"); a slash and a second signer's initials."""
    if _credential_next(tk, j):
        return "credential"
    if _field_ends(tk, j - 1):
        return "end"
    gap = tk.gaps[j - 1]
    if _on_time(tk, j):
        return "end"
    if _SLASH.fullmatch(gap.lstrip(".")) and _initials_group(tk, j) > j:
        return "end"
    return ""


def _staff_initials_at(tk: Tokens, k: int, text: str) -> int:
    """The end of the initials in a role slot starting at token ``k`` (``k``: none)."""
    j = _initials_group(tk, k)
    if j == k:
        return k
    before = _staff_cue_before(tk, k, text)
    if not before:
        return k
    after = _staff_cue_after(tk, j, text)
    dotted = j - k > 1
    if before == "by-plain" and after == "credential":
        return j if dotted or _staff_word(tk, k, "," in tk.gaps[j - 1]) else k
    if before == "step" and not dotted and after != "credential" and len(tk.words[k].word) > 2:
        return k
    if before in ("by", "step") and after and not dotted and after != "credential" and not _bare_initials(tk, k, j):
        return k
    before = "by" if before == "step" else before
    if (before == "by" and after) or before == "role":
        return j if dotted or _staff_word(tk, k, after == "credential" and "," in tk.gaps[j - 1]) else k
    if before == "line" and after == "credential":
        return j if dotted or _staff_word(tk, k, False) else k
    if before == "any" and after == "credential" and "," in tk.gaps[j - 1] and tk.lows[j] in _SET_OFF_CREDENTIALS:
        return j if dotted or _staff_word(tk, k, False) else k  # "reassessed 1400 - QK, CMA" (not "LT, RT")
    if before.startswith("date") and after == "end" and _line_ends(tk, j - 1) and not _n9_town_state(tk, k, j):
        return j if dotted or _staff_word(tk, k, before == "date") else k
    return k


def _bare_initials(tk: Tokens, k: int, j: int) -> bool:
    """Initials after a step's "by" with no credential after them: two letters that are no state's ("Approved by VA")
    or three that close their line ("Collected ... by JRT"; not "Reviewed by DSS on 10/2", an agency)."""
    w = tk.words[k]
    if len(w.word) == 2:
        return w.word.upper() not in W.STATE_ABBREVIATIONS
    return _line_ends(tk, j - 1)


def staff_initials(tk: Tokens, text: str) -> Iterator[tuple[int, int]]:
    """Initials of staff in role slots, as token ranges: "set up by RT QK", "Dispensed by: TV, LPN", "Processed by HU
    on 10/09/23", "Verified by pharmacist K.L.", "Technologist: UQ, RPSGT", "(TFG, RD, LDN)", "Double check: W. N. /
    B. A.", a line that ends with a date and initials ("Released 10/21/2020, MV")."""
    n, done = len(tk.lows), 0
    for k in _staff_candidates(tk, text):
        w = tk.words[k]
        if k < done or len(w.word) > 3 or w.low in W.STOP or (len(w.word) == 1 and tk.gaps[k][:1] != "."):
            continue  # (most candidates: a long word, a stop word, a letter without its full stop)
        j = _staff_initials_at(tk, k, text)
        if j > k:
            yield k, j
            done = j
            if j < n and _SLASH.fullmatch(tk.gaps[j - 1].lstrip(".")) and _initials_group(tk, j) > j \
                    and (_initials_group(tk, j) > j + 1 or _staff_word(tk, j, True)):  # (branch names9: not "/ mg")
                done = _initials_group(tk, j)
                yield j, done  # "W. N. / B. A.": the second signer's
    yield from _names8_slots(tk, text)  # (branch names8)
    yield from _names9_slots(tk, text)  # (branch names9)
    yield from _names10_slots(tk, text)  # (branch names10)


_STAFF_CUES = frozenset(["by"]) | _INITIALS_ROLES | _INITIALS_STEPS


def _staff_candidates(tk: Tokens, text: str) -> list[int]:
    """The tokens where initials in a role slot may start (picked without a Python loop over every word): after "by",
    a role or a step (and one word further: "by RT QK"), up to three words before a credential, after a date."""
    lows, n = tk.lows, len(tk.lows)
    found: set[int] = set()
    if not _STAFF_CUES.isdisjoint(tk.present):
        for k in compress(count(1), map(_STAFF_CUES.__contains__, lows)):
            found.update((k, k + 1))
    if not _INITIALS_CREDENTIALS.isdisjoint(tk.present):
        for c in compress(count(), map(_INITIALS_CREDENTIALS.__contains__, lows)):
            found.update(range(max(0, c - 3), c))
    gaps = tk.gaps  # the last word of a line after a date ("Released 10/21/2020, MV")
    ends = compress(count(1), map(contains, gaps[1:], repeat("\n")))
    found.update(k for k in ends if _DATE_BEFORE.search(gaps[k - 1]))
    if n > 1 and _DATE_BEFORE.search(gaps[n - 2]):
        found.add(n - 1)
    return sorted(k for k in found if k < n)


_TYPIST = re.compile(r"^[ \t]*(?P<signer>(?:[A-Za-z]\.){2,3}|[A-Za-z]{2,3})[ \t]?(?P<mark>[/:])[ \t]?"
                     r"(?P<typist>[A-Za-z]{2,3})[ \t]*$", re.MULTILINE)


def _line_matches(pattern: re.Pattern[str], after_newline: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that starts with "^" (re.M) and never matches a newline: tried at the
    text's start, then found by ``after_newline`` (the same pattern after a newline), which a search runs as a fast
    scan for the newline rather than as an attempt at every character. Its groups' offsets are the same."""
    m = pattern.match(text)
    if m is not None:
        yield m
    yield from after_newline.finditer(text, m.end() if m is not None else 0)


def _after_newline(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile("\n" + pattern.pattern.removeprefix("^"), pattern.flags)


_TYPIST_LINE = _after_newline(_TYPIST)


def typist_lines(text: str, mode: str) -> Iterator[tuple[int, int]]:
    """ "L.Z./mk", "QB:mk": a line that holds only the signer's initials in capitals (with or without full stops) and
    the typist's in lowercase, as character ranges; where case tells nothing, a slash between the two in the note's
    case ("QB/MK"); never a credential, a stop word or a shorthand word ("RN/pt", "IV/PO", "mg/dl")."""
    if "/" not in text and ":" not in text:
        return
    for m in _line_matches(_TYPIST, _TYPIST_LINE, text):
        signer, typist = m.group("signer"), m.group("typist")
        if mode == "mixed":
            cased = signer.isupper() and typist.islower()
        else:  # (a colon's shorthand, "GU:WNL", cannot be told from initials in one case)
            cased = m.group("mark") == "/" and (signer + typist).isupper() == (mode == "caps")
        if cased and _typist_parts(signer.replace(".", "").lower(), "." in signer, typist.lower()) and (
                mode == "mixed" or not (_word_like(signer.replace(".", "").lower()) or _word_like(typist.lower()))):
            yield m.start("signer"), m.end("signer") - signer.endswith(".")
            yield m.start("typist"), m.end("typist")


def _word_like(low: str) -> bool:
    """An English word, or a clinical word of three letters ("sob", "doe"): where case tells nothing, never initials."""
    lx = lexicon()
    return low in lx.common_words or (len(low) == 3 and low in lx.clinical)


def _typist_parts(signer: str, dotted: bool, typist: str) -> bool:
    """Neither part of a typist's line is a credential, a stop word, a unit or a shorthand word."""
    lx = lexicon()
    return not (signer in _INITIALS_CREDENTIALS or signer in W.STOP or signer in _DOTTED_NOT or signer in _NOT_STAFF
                or (not dotted and signer in lx.shorthand)
                or typist in W.STOP or typist in lx.shorthand or typist in _NOT_STAFF or typist in _DOTTED_NOT
                or typist in _INITIALS_CREDENTIALS)


def lower_signatures(tk: Tokens, text: str) -> Iterator[tuple[int, int]]:
    """ "quenna dovrick, rn", "tamsel ubbe nnp": a name written in lowercase (in a mixed-case or a lowercase note),
    alone at a line's start before the credential that ends the line: two or three words that are names the
    dictionaries know or words no English list holds, one of them no English or clinical word."""
    lows, words = tk.lows, tk.words
    if tk.mode == "caps" or W.CREDENTIALS.isdisjoint(tk.present):
        return
    for k in compress(count(), map(W.CREDENTIALS.__contains__, lows)):
        if k < 2 or not words[k].word.islower() or tk.gaps[k - 1] not in _BEFORE_CREDENTIAL or not _line_ends(tk, k):
            continue
        i = k - 1
        while i > 0 and k - i < 3 and tk.gaps[i - 1] in SPACE_GAP:
            i -= 1
        before = tk.gaps[i - 1] if i else "\n" + text[: tk.starts[0]]
        if k - i >= 2 and _LINE_START.search(before) and all(_lower_name_word(words[m]) for m in range(i, k)) \
                and any(words[m].strong or (not words[m].clin and words[m].low not in lexicon().common_words)
                        for m in range(i, k)):
            yield i, k


_VOWEL = re.compile(r"[aeiouy]")  # a name has one ("mgmt", "dsg" are shorthand)


def _lower_name_word(w: Word) -> bool:
    """A word of a lowercase signature: a name the dictionaries hold (even one English writes as a word: "mason",
    "melody"), or a word no English list knows; never shorthand, a stop word or a role."""
    return w.word.islower() and w.word.isalpha() and len(w.word) >= 2 and not w.med and w.clin < 2 \
        and _VOWEL.search(w.low) is not None \
        and w.low not in W.STOP and w.low not in W.AUX and w.low not in _CONTEXT_OR_CREDENTIAL \
        and (w.strong or w.weak or w.low not in lexicon().common_words)


# ---- initials in a log table's column, after a staff role noun, at a log line's time stamp (branch names8) --------
# roles whose holder a note names by initials right after the noun: "CNA QF last saw resident", "witnessed by aide
# B.W.", "deputy clerk TLM", "scribe: JH", "operator JB"
_ROLE_NOUNS = frozenset(["cna", "aide", "clerk", "transcriptionist", "scribe", "operator", "dispatcher", "interpreter",
                         "tech", "phlebotomist", "courier", "witness", "stna", "lna", "technician", "translator"])
# what stands after a role noun and is no one's initials: sign language, an interpreting service, units, results
_NOT_SLOT_INITIALS = _NOT_STAFF | _DOTTED_NOT | frozenset([
    "asl", "vri", "opi", "na", "ok", "yes", "hi", "lo", "neg", "pos", "nl", "wnl", "ea", "qty", "hrs", "min", "sec",
    "amt", "tot", "ttl", "ref", "std", "avg", "max", "hh", "ll", "abn", "cx", "tx", "dx", "rx", "hx", "sx", "fx"])
# steps whose "by" a person's initials follow ("Transcribed by r.k.", "reviewed by mkp (triage rn)")
_SLOT_STEPS = frozenset(["transcribed", "witnessed", "scribed", "dictated", "reviewed", "verified", "checked",
                         "collected", "received", "recorded", "documented", "entered", "signed", "typed"])
_SLOT_CUES = _ROLE_NOUNS | _SLOT_STEPS
# a log line's credential ("2026-03-02 14:10 - PK RN: call from ..."): nurses, social workers, case managers
_LOG_CREDENTIALS = frozenset(["rn", "lpn", "msw", "lcsw", "cm", "sw", "np", "md", "pa", "cna", "rrt", "ma", "bsn",
                              "lvn", "pharmd", "rph", "do"])
# a clock time (or a four-digit military one) and a dash right before the initials
_TIME_DASH = re.compile(r"(?:\b[\dlLIO]{1,2}:[\dlO]{2}(?::\d{2})?(?:[ \t]?[AaPp]\.?[Mm]\.?)?"
                        r"|\b[0-2]\d[0-5]\d(?:[ \t]?(?i:hrs?|h))?)[ \t]*[-–—]{1,2}[ \t]*\Z")
# a table column that holds who did a step: "| By |", "| Init |", "| Collected by |", "| Rec'd |"
_COLUMN_HEADS = frozenset(["by", "init", "inits", "initials", "initial", "collected by", "recd", "rec'd", "rec'd by",
                           "recd by", "received by", "collector", "staff", "tech", "sig", "signature", "checked by",
                           "verified by", "witness", "relinquished by", "released by", "transferred by",
                           "lnit", "lnitials", "inlt"])  # (the last: a scan's "1"/"l" for "I")
# two or three letters, or dotted letters ("QZ", "KJW", "T.R.", "T. Q."): initials as a cell, a column or a slot
# writes them
_INITIALS_TEXT = r"(?:[A-Za-z]{2,3}|(?:[A-Za-z]\.[ ]?){1,2}[A-Za-z]\.?)"
_CELL_INITIALS = re.compile(_INITIALS_TEXT)
_TABLE_ROW = re.compile(r"^[^\n|]*\|[^\n]*\|[^\n]*$", re.M)


def _names8_slots(tk: Tokens, text: str) -> Iterator[tuple[int, int]]:
    """Initials in the slots of branch names8: a log table's column, after a role noun, at a log line's time."""
    yield from _column_initials(text, tk)
    yield from _spaced_column_initials(text, tk)
    yield from _role_noun_initials(tk, text)
    yield from _log_line_initials(tk, text)


def _slot_group(tk: Tokens, k: int) -> int:
    """The end of initials at token ``k`` in any one letter case (``k``: none): two or three letters ("QF", "tlm"), or
    two or three single letters each with its full stop ("B.W.", "r.k.", "Q. L.")."""
    words, gaps, n = tk.words, tk.gaps, len(tk.lows)
    w = words[k]
    if 2 <= len(w.word) <= 3 and w.word.isalpha() and (w.word.isupper() or w.word.islower()):
        return k + 1
    j = k
    while j < n and j - k < 3 and len(words[j].word) == 1 and words[j].word.isalpha() \
            and words[j].word.isupper() == w.word.isupper() and gaps[j][:1] == "." \
            and (j == k or gaps[j - 1] in (".", ". ")):
        j += 1
    return j if j - k >= 2 else k


def _slot_letters_ok(tk: Tokens, k: int, j: int, person: bool = False) -> bool:
    """Tokens ``[k, j)`` may be someone's initials in a staff slot: no credential (unless dotted in a person's slot:
    "aide M.D."), stop word, unit, route, result or service; undotted, no English word of three letters, no ICU
    shorthand, and in capitals in a mixed-case note."""
    low = "".join(tk.lows[k:j])
    if low in W.STOP or low in W.AUX or low in W.TITLES or low in _NOT_SLOT_INITIALS or low in _ROLE_NOUNS:
        return False
    if j - k > 1:  # dotted
        return person or (low not in _INITIALS_CREDENTIALS and low not in _INITIALS_ROLES)
    if low in _INITIALS_ROLES:
        return False
    w = tk.words[k]
    if low in _INITIALS_CREDENTIALS or w.clin > 1 or low in lexicon().shorthand or (len(low) == 3 and _word_like(low)):
        return False
    return tk.mode != "mixed" or w.word.isupper()


def _role_noun_initials(tk: Tokens, text: str) -> Iterator[tuple[int, int]]:
    """ "CNA QF last saw resident", "witnessed by aide B.W.", "Minutes by deputy clerk TLM", "scribe: JH", "operator
    JB", "Transcribed by r.k.", "reviewed by mkp (triage rn)": initials right after a staff role noun (or a step's
    "by"), as token ranges."""
    lows, gaps, n = tk.lows, tk.gaps, len(tk.lows)
    if _SLOT_CUES.isdisjoint(tk.present):
        return
    for cue in compress(count(), map(_SLOT_CUES.__contains__, lows[:-1])):
        step = lows[cue] in _SLOT_STEPS
        r = cue + step  # (after a step, its "by")
        if step and (lows[r] != "by" or gaps[cue] not in SPACE_GAP or r + 1 >= n):
            continue
        if not (gaps[r] in SPACE_GAP or label_colon(tk, r)):
            continue
        k = r + 1
        j = _slot_group(tk, k)
        if j == k:
            continue
        if j - k == 1 and tk.mode == "mixed" and tk.words[k].word.islower() and step:
            # "reviewed by mkp (triage rn)": lowercase after a step's "by" only before a bracket naming a role
            if not _bracket_role(tk, j):
                continue
            w = tk.words[k]
            low = w.low
            if low in _NOT_SLOT_INITIALS or low in W.STOP or low in _INITIALS_CREDENTIALS or w.clin > 1 \
                    or low in lexicon().shorthand or _word_like(low):
                continue
            yield k, j
            continue
        if step and j - k == 1 and not (_field_ends(tk, k) or _bracket_role(tk, j)):
            continue  # after a step's "by", bare letters only when their field ends ("Transcribed by QL.")
        if _slot_letters_ok(tk, k, j, person=not step):
            yield k, j


def _bracket_role(tk: Tokens, j: int) -> bool:
    """A bracket opens before token ``j`` and holds a credential or a role within three words ("(triage rn)")."""
    if j >= len(tk.lows) or tk.gaps[j - 1].strip(" \t") != "(":
        return False
    for m in range(j, min(len(tk.lows), j + 3)):
        if tk.lows[m] in _INITIALS_CREDENTIALS or tk.lows[m] in _ROLE_NOUNS:
            return True
        if ")" in tk.gaps[m]:
            return False
    return False


def _log_line_initials(tk: Tokens, text: str) -> Iterator[tuple[int, int]]:
    """ "2026-03-02 14:10 - PK RN: call from ...", "4:26 AM - Z.A. RN: ...", "mar 3 2026 0915 - q.l. rn: ...": the
    initials between a log line's time stamp and dash and the credential and colon that open its entry."""
    lows, gaps = tk.lows, tk.gaps
    if _LOG_CREDENTIALS.isdisjoint(tk.present):
        return
    for c in compress(count(), map(_LOG_CREDENTIALS.__contains__, lows)):
        if c < 2 or gaps[c].lstrip(" \t")[:1] != ":" or gaps[c - 1] not in (" ", ", ", ". ", ".", ".,"):
            continue
        if gaps[c - 1] in (" ", ", ") and len(tk.words[c - 1].word) > 1:
            k = c - 1
        else:  # dotted: walk back over single letters with their full stops
            k = c
            while k > 0 and c - k < 3 and len(tk.words[k - 1].word) == 1 and gaps[k - 1][:1] == ".":
                k -= 1
            if c - k < 2:
                continue
        if _slot_group(tk, k) != c:
            continue
        start = tk.starts[k]
        if _TIME_DASH.search(text, max(0, start - 24), start) is None:
            continue
        w = tk.words[k]
        if c - k == 1 and tk.mode == "mixed" and w.word.islower() and tk.words[c].word.islower():
            ok = not (w.low in _NOT_SLOT_INITIALS or w.low in W.STOP or w.low in _INITIALS_CREDENTIALS or w.clin
                      or _word_like(w.low))  # "0915 - pk rn:" in a mixed-case note
        elif c - k == 1 and len(w.word) == 2 and w.clin and (tk.mode != "mixed" or w.word.isupper()):
            ok = not (w.low in _NOT_SLOT_INITIALS or w.low in W.STOP or w.low in _INITIALS_CREDENTIALS
                      or w.low in _INITIALS_ROLES)  # the slot says so even of shorthand's letters ("VT RN:")
        else:
            ok = _slot_letters_ok(tk, k, c)
        if ok:
            yield k, c


def _column_initials(text: str, tk: Tokens) -> Iterator[tuple[int, int]]:
    """ "| 3 | nasal swab x2 | 0412 hrs | KQ |": initials alone in a cell of a pipe table, in a column headed "By",
    "Init", "Collected by", "Rec'd" ..., or one whose other rows hold initials too (two rows at least, and most of
    its filled cells), as token ranges; never a unit, a route, a result or shorthand ("| PO |", "| ML |", "| NA |")."""
    if "|" not in text:
        return
    rows = [(m.start(), m.group()) for m in _TABLE_ROW.finditer(text)]
    table: list[tuple[int, str]] = []
    for pos, line in [*rows, (-1, "")]:
        if table and (pos < 0 or text.count("\n", table[-1][0], pos) != 1):
            yield from _table_initials(tk, table)
            table = []
        if pos >= 0:
            table.append((pos, line))


_SPACED_HEAD = re.compile(r"(?:^|(?<=[ \t]{2}))(?:[il]n[il]t(?:ial)?s?|rec'?d(?:[ \t]by)?"
                          r"|(?:collected|received|checked)[ \t]by|by)\.?(?=[ \t]{2}|[ \t]*$)", re.I | re.M)
_SPACED_CELL = re.compile(_INITIALS_TEXT + r"(?=[ \t]{2}|[ \t]*$)", re.M)
_SPACED_CUES = frozenset(["init", "inits", "initial", "initials", "recd", "rec'd", "lnit", "lnitials"])
_SPACED_STEPS = frozenset(["collected", "received", "checked"])


def _spaced_column_initials(text: str, tk: Tokens) -> Iterator[tuple[int, int]]:
    """A table aligned by blanks: initials alone under a header cell "Init", "Initials", "Rec'd", "Collected by" (a
    cell bounded by two blanks or more, or the line's end), in the rows down to the next blank line."""
    if "  " not in text or (_SPACED_CUES.isdisjoint(tk.present) and (
            _SPACED_STEPS.isdisjoint(tk.present) or "by" not in tk.present)):
        return
    for m in _SPACED_HEAD.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        col = m.start() - line_start
        if col == 0 or "  " not in text[line_start : m.start()]:
            continue  # (the header's other cells stand before it)
        pos = text.find("\n", m.end())
        for _ in range(40):
            if pos < 0:
                break
            end = text.find("\n", pos + 1)
            end = len(text) if end < 0 else end
            line = text[pos + 1 : end]
            if not line.strip():
                break
            for at in range(max(0, col - 2), col + 3):
                if at >= len(line) or (at and line[at - 1] not in " \t") or (at > 1 and line[at - 2] not in " \t"):
                    continue
                c = _SPACED_CELL.match(line, at)
                if c is None:
                    continue
                k = _token_at(tk, pos + 1 + at)
                j = _slot_group(tk, k) if k >= 0 else k
                if j > k and _slot_letters_ok(tk, k, j):
                    yield k, j
                break
            pos = end if end < len(text) else -1


def _table_initials(tk: Tokens, table: list[tuple[int, str]]) -> Iterator[tuple[int, int]]:
    """The initials of one pipe table's rows (``table``: each row's offset and text)."""
    cells: dict[int, list[tuple[int, str]]] = {}  # column -> (offset, stripped text) of each row's cell
    for pos, line in table:
        at = 0
        for col, cell in enumerate(line.split("|")):
            body = cell.strip(" \t")
            if body:
                cells.setdefault(col, []).append((pos + at + cell.index(body), body))
            at += len(cell) + 1
    for column in cells.values():
        head = column[0][1].lower().rstrip(":. ")
        headed = head in _COLUMN_HEADS
        found = []
        for offset, body in column[1:] if headed or not _CELL_INITIALS.fullmatch(column[0][1]) else column:
            if not _CELL_INITIALS.fullmatch(body):
                continue
            k = _token_at(tk, offset)
            if k < 0:
                continue
            j = _slot_group(tk, k)
            if j > k and tk.ends[j - 1] >= offset + len(body.rstrip(".")) and _slot_letters_ok(tk, k, j) \
                    and (headed or j - k > 1 or tk.words[k].low.upper() not in W.STATE_ABBREVIATIONS):
                found.append((k, j))
        filled = len(column) - (not _CELL_INITIALS.fullmatch(column[0][1]) or headed)
        if headed or (len(found) >= 2 and 2 * len(found) >= filled):
            yield from found


# ---- initials in the slots names8 left: a step's "by", a sign-off after a date, two checkers, a vaccine table's
# column, a consent's item (branch names9) ------------------------------------------------------------------------
# steps of a record whose "by" a person's initials follow ("Accessioned by QW on ...", "collected ... by VR")
_N9_STEPS = _INITIALS_STEPS | _SLOT_STEPS | frozenset([
    "accessioned", "logged", "labeled", "labelled", "sealed", "packaged", "shipped", "relinquished", "transported",
    "aliquoted", "resulted", "recorded", "entered", "signed", "scanned", "faxed", "filed", "coded", "wasted",
    "counted", "picked", "witnessed", "initialled", "handled", "spun", "plated", "reconciled", "reported", "coding",
    "sent"])
_N9_OCR = str.maketrans("cl", "ei")  # a scan's letters read for others: "c" for "e", "l" for "i", "m" for "rn"


def _n9_ocr_key(low: str) -> str:
    """The form of a word that a scan's confusions do not change ("Sealcd", "vcrificd", "Verlfied")."""
    return low.replace("rn", "m").translate(_N9_OCR)


_N9_STEP_KEYS = frozenset(map(_n9_ocr_key, _N9_STEPS))
_N9_SIGN_STEPS = _N9_STEPS | _RECORD_STEPS
_N9_SIGN_KEYS = frozenset(map(_n9_ocr_key, _N9_SIGN_STEPS))
# words that make a slash between two initials a pair of checkers ("bedside check: QRW / ZT", "dual sign: kq / zv")
_N9_PAIR_CUES = frozenset(["check", "checked", "checking", "verified", "verify", "verification", "sign", "signed",
                           "signoff", "cosign", "cosigned", "co-signed", "witness", "witnessed", "witnesses", "dual",
                           "double", "independent", "two-person", "initials", "initialed", "nurses", "rns"])
# vaccine and injection tables: the route or the site that stands before the initials of who gave the dose
_N9_ROUTES = frozenset(["im", "sc", "sq", "subq", "id", "po", "in", "iv", "deltoid", "thigh", "arm", "vl", "ld", "rd",
                        "la", "ra", "lt", "rt", "lvl", "rvl", "glute", "gluteal", "buttock", "nares", "naris", "oral",
                        "intranasal", "intradermal", "intramuscular", "subcutaneous"])
# vaccine makers' codes (MVX) and sites that a table writes in the same place; never someone's initials
# agencies that review, approve or process a record and are named by their letters ("Reviewed by DSS on 10/2")
_N9_AGENCIES = frozenset(["dss", "dcf", "dhs", "cps", "aps", "dmv", "ssa", "cms", "dph", "doh", "fda", "cdc", "dea",
                          "dys", "dmh", "dds", "ddd", "oig", "hhs", "irs", "dol", "dta", "wic", "ssi", "ems", "fbi",
                          "dcs", "dfs", "dhr", "ocs", "ada", "hud", "cmo", "mco", "pbm", "qio", "ucr", "icr"])
_N9_NOT = _N9_AGENCIES | _N9_ROUTES | frozenset([
    "gsk", "msd", "mrk", "pfr", "pmc", "skb", "sni", "seq", "csl", "nov", "az", "jsn", "dva", "med", "mba", "bah",
    "pfz", "mod", "nvx", "sol", "ldl", "lvl", "rvl", "lat", "rat"])
# a table of doses given: its code system, its lots, its makers, its forms
_N9_PAIR_KEYS = frozenset(map(_n9_ocr_key, _N9_PAIR_CUES | _N9_STEPS))
_N9_VAX_CUES = frozenset(["cvx", "mvx", "vaccine", "vaccines", "vaccination", "vaccinations", "immunization",
                          "immunizations", "immunisation", "immunisations", "lot", "vis", "mfr", "manufacturer", "ndc",
                          "vfc", "injection", "injections", "imms", "immz", "toxoid"])
_N9_CONSENT = frozenset(["consent", "consents", "authorize", "authorise", "authorization", "authorisation",
                         "disclose", "disclosure", "initial", "initials", "release", "permission"])
# a date (slashes, dots, dashes, eight digits) and maybe a time, then a comma or a dash
_N9_DATE_SIGN = re.compile(
    r"(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}"
    r"|\d{8})(?:[ \t]+(?:\d{1,2}:\d{2}|[0-2]\d[0-5]\d))?"
    r"[ \t]*(?:,|[-–—]{1,2})[ \t]*\Z")
_N9_SLASH_GAPS = _SLASH_GAPS | frozenset("." + g for g in _SLASH_GAPS) | frozenset([". / ", "./ "])
_N9_SIGN_TAILS = frozenset(",-–—.")
# (one scan of the text, before the line-by-line look: a digit, a comma or a dash, letters closing a line)
_N9_SIGN_GATE = re.compile(r"\d[ \t]*(?:,|[-–—]{1,2})[ \t]*(?:[A-Za-z]\.?[ \t]?){2,3}[ \t]*$", re.M)
# the same, spelled backwards and read in the reversed text: a line's end there is a line's start, found by a fast
# scan for the newline instead of an attempt at every digit of the text (``_n9_signed_line``)
_N9_SIGN_BACK = r"[ \t]*(?:[ \t]?\.?[A-Za-z]){2,3}[ \t]*(?:,|[-–—]{1,2})[ \t]*\d"
_N9_SIGN_LAST_LINE = re.compile(_N9_SIGN_BACK)
_N9_SIGN_LINE = re.compile("\n" + _N9_SIGN_BACK)


def _n9_signed_line(text: str) -> bool:
    """Whether ``_N9_SIGN_GATE`` finds a line that ends in a date's digit, a comma or a dash and two or three letters
    (its pattern holds no newline, so a match in the text is one of the reversed pattern in the reversed text, right
    after a newline or at its start)."""
    back = text[::-1]
    return _N9_SIGN_LAST_LINE.match(back) is not None or _N9_SIGN_LINE.search(back) is not None
_N9_INI = _INITIALS_TEXT
_N9_VAX_ROW = re.compile(r"(?<![^ \t\n])(?i:" + "|".join(sorted(_N9_ROUTES, key=len, reverse=True)) + r")[ \t]{2,}"
                         r"(?P<ini>" + _N9_INI + r")(?=[ \t]{2,}\S|[ \t]*$)", re.M)
_N9_BLANK_ITEM = re.compile(r"_{3,}[ \t]*(?P<ini>" + _N9_INI + r")[ \t]*$", re.M)
_N9_NUMBERED_ITEM = re.compile(r"^[ \t]*(?:\d{1,2}|[A-Za-z])[.)][ \t]+\S[^\n]*?[ \t]{2,}(?P<ini>" + _N9_INI
                               + r")[ \t]*$", re.M)


def _names9_slots(tk: Tokens, text: str) -> Iterator[tuple[int, int]]:
    """Initials in the slots of branch names9, as token ranges (each slot asked only when its cue words are in the
    text's set of words)."""
    present = tk.present
    if "by" in present:
        yield from _n9_step_by(tk)
    if not _N9_MIXED_CREDENTIALS.isdisjoint(present):
        yield from _n9_before_credential(tk)
    if _n9_signed_line(text):
        yield from _n9_dated_signoff(tk)
    if "/" in text and ("by" in present or not _N9_PAIR_CUES.isdisjoint(present)):
        yield from _n9_pairs(tk)
    if "  " in text and not _N9_VAX_CUES.isdisjoint(present) and not _N9_ROUTES.isdisjoint(present):
        yield from _n9_vaccine_column(tk, text)
    if "___" in text or ("  " in text and not _N9_CONSENT.isdisjoint(present)):
        yield from _n9_consent_items(tk, text)


def _n9_letters_ok(tk: Tokens, k: int, j: int, loose: bool = False, worded: bool = True) -> bool:
    """Tokens ``[k, j)`` may be initials where the slot says so: no stop word, title, credential, role, unit, route,
    maker or result; three letters that are no English word or shorthand; two letters that shorthand also spells
    only when ``loose``; in capitals in a mixed-case note unless dotted (``worded`` false: three letters that a word
    list holds may be initials where a credential follows them, "(QNZ, PharmD)")."""
    low = "".join(tk.lows[k:j])
    if low in W.STOP or low in W.AUX or low in W.TITLES or low in _NOT_SLOT_INITIALS or low in _ROLE_NOUNS \
            or low in _INITIALS_ROLES or low in _INITIALS_CREDENTIALS or low in _N9_NOT:
        return False
    if j - k > 1:
        return True
    w = tk.words[k]
    if tk.mode == "mixed" and not w.word.isupper():
        return False
    if len(low) == 3:
        return not ((worded and _word_like(low)) or low in lexicon().shorthand or w.clin > 1)
    return loose or not (w.clin > 1 or low in lexicon().shorthand)


def _n9_group(tk: Tokens, k: int) -> int:
    """Initials at token ``k``: ``_slot_group``, and dotted capitals with a blank between them ("T. Q.")."""
    return _slot_group(tk, k) if k < len(tk.lows) else k


def _n9_step_by(tk: Tokens) -> Iterator[tuple[int, int]]:
    """ "PROCESSED BY QJT ON 2024-03-02", "collected 14 Dec 2026 4:01 AM by VR", "Accessioned by QW on ...": after a
    record step's "by" (up to nine words back in its clause), initials that end their field or come before "on"/"at"
    and a date or a time."""
    lows, gaps = tk.lows, tk.gaps
    for b in compress(count(), map("by".__eq__, lows[:-1])):
        if len(tk.words[b + 1].word) > 3 or not (gaps[b] in SPACE_GAP or label_colon(tk, b)):
            continue
        k = b + 1
        j = _n9_group(tk, k)
        if j == k or not (_field_ends(tk, j - 1) or _on_time(tk, j) or _n9_scanned_on(tk, j)
                          or (_SLASH.fullmatch(gaps[j - 1].lstrip(".")) and _n9_group(tk, j) > j)):
            continue
        step = False
        for m in range(b - 1, max(-1, b - 10), -1):
            if _CLAUSE_BREAK.search(gaps[m]):
                break
            if lows[m] in _N9_STEPS or _n9_ocr_key(lows[m]) in _N9_STEP_KEYS:
                step = True
                break
        if not step:
            continue
        if j - k == 1 and len(tk.words[k].word) == 2 and tk.words[k].word.upper() in W.STATE_ABBREVIATIONS:
            continue  # "Approved by VA"
        if _n9_letters_ok(tk, k, j):
            yield k, j
            if _SLASH.fullmatch(gaps[j - 1].lstrip(".")) and _n9_group(tk, j) > j \
                    and _field_ends(tk, _n9_group(tk, j) - 1) and _n9_letters_ok(tk, j, _n9_group(tk, j)):
                yield j, _n9_group(tk, j)  # "Sealed by BJ/ QN": the second signer's


# credentials that a mixed-case note writes in mixed case ("PharmD", "PsyD", "RPh"): after initials and a comma
_N9_MIXED_CREDENTIALS = frozenset(["pharmd", "psyd", "rph", "phd", "dnp", "edd", "drph", "msn", "mph", "lcsw", "rdn",
                                   "cma", "rpsgt", "ldn", "cso"]) & _INITIALS_CREDENTIALS


def _n9_before_credential(tk: Tokens) -> Iterator[tuple[int, int]]:
    """ "(QNZ, PharmD)", "(W.X., PsyD)": initials right after a bracket and before a comma and a credential that a
    mixed-case note writes in mixed case, the bracket closing after it (or a comma and more credentials); never a
    credential itself ("(MD, PhD)")."""
    lows, gaps = tk.lows, tk.gaps
    for c in compress(count(), map(_N9_MIXED_CREDENTIALS.__contains__, lows)):
        if c < 2 or gaps[c - 1].rstrip(" ") not in (",", ".,") or gaps[c][:1] not in (")", ","):
            continue
        if tk.mode == "mixed" and tk.words[c].word.islower():
            continue
        k = c - 1
        if gaps[c - 1][:1] == ".":  # dotted: back over single letters with their full stops
            while k > 0 and c - k < 3 and len(tk.words[k - 1].word) == 1 and gaps[k - 1][:1] == ".":
                k -= 1
        if k < 1 or _n9_group(tk, k) != c or gaps[k - 1].rstrip(" ")[-1:] != "(":
            continue
        if _n9_letters_ok(tk, k, c, loose=True, worded=tk.mode != "mixed"):
            yield k, c


def _n9_scanned_on(tk: Tokens, j: int) -> bool:
    """A scan's "0N" (a zero for the "O" of "ON") and a date start at token ``j``'s gap: "by QX 0N 3/8/21"."""
    return j < len(tk.lows) and tk.gaps[j - 1] == " 0" and tk.lows[j] == "n" and _ON_DATE.match(tk.gaps[j]) is not None


def _n9_dated_signoff(tk: Tokens) -> Iterator[tuple[int, int]]:
    """ "RELEASE TO BILLING 8.3.24, QZ", "Reviewed 05022023, VMK", "faxed 3/2/21 1400 - ZQ": initials that close a
    line after a date (and maybe a time) and a comma or a dash, on a line that names a record's step; never a state
    after a town and a date ("..., 3/2/21, NY"), nor the time of day."""
    gaps, n = tk.gaps, len(tk.lows)
    ends = compress(count(2), map(contains, gaps[1:], repeat("\n")))  # (the token after each line's last)
    for j in chain(ends, [n] if n > 1 else []):
        if gaps[j - 2].rstrip(" \t")[-1:] not in _N9_SIGN_TAILS:
            continue  # (most lines: no comma, dash or full stop before their last word)
        k0 = j - 1
        while k0 > 0 and j - k0 < 3 and len(tk.words[k0].word) == 1 and gaps[k0 - 1][-1:] in (".", " ") \
                and "." in gaps[k0 - 1][-2:]:
            k0 -= 1  # dotted: back over single letters with their full stops
        if k0 < 1 or _n9_group(tk, k0) != j:
            continue
        m = _N9_DATE_SIGN.search(gaps[k0 - 1])
        if m is None or "\n" in gaps[k0 - 1] or not any(
                tk.lows[x] in _N9_SIGN_STEPS or _n9_ocr_key(tk.lows[x]) in _N9_SIGN_KEYS
                for x in _n9_line_back(tk, k0 - 1)):
            continue
        if _n9_town_state(tk, k0, j):
            continue  # "Faxed from Albany, 3/2/21, NY": a town's state
        if _n9_letters_ok(tk, k0, j, loose=True):
            yield k0, j


def _n9_town_state(tk: Tokens, k: int, j: int) -> bool:
    """Token ``k`` alone is a state's code after a town, a comma and a date ("from Ossington, 3/2/21, NY")."""
    return j == k + 1 and tk.gaps[k - 1][:1] == "," and tk.words[k].word.upper() in W.STATE_ABBREVIATIONS


def _n9_line_back(tk: Tokens, k: int) -> range:
    """Token ``k`` and up to seven words before it on its line."""
    m = k
    while m > 0 and k - m < 7 and "\n" not in tk.gaps[m - 1]:
        m -= 1
    return range(m, k + 1)


def _n9_pairs(tk: Tokens) -> Iterator[tuple[int, int]]:
    """ "Two-person bedside check: QRW / ZT", "CHECKED BY JV / K.Q.", "dual sign: kq / zv": two checkers' initials
    joined by a slash after a checking cue and a colon or "by"; both sides must be initials (never "mg / mL", "AM /
    PM", "BP / HR"), and where case tells, lowercase only when both sides are."""
    lows, gaps = tk.lows, tk.gaps
    for s in compress(count(), map(_N9_SLASH_GAPS.__contains__, gaps[:-1])):
        if len(tk.words[s].word) > 3 or len(tk.words[s + 1].word) > 3:
            continue  # (most slashes: "mg/dL", "s/p", "w/o")
        k = s
        while k > 0 and s - k < 2 and len(tk.words[k].word) == 1 and gaps[k - 1][:1] == ".":
            k -= 1
        if _n9_group(tk, k) != s + 1:
            k = s
            if _n9_group(tk, k) != s + 1:
                continue
        j = _n9_group(tk, s + 1)
        if j == s + 1 or k < 1 or not _field_ends(tk, j - 1):
            continue
        cue = lows[k - 1]
        if not ((cue == "by" and gaps[k - 1] in SPACE_GAP) or label_colon(tk, k - 1)):
            continue
        if not any(lows[x] in _N9_PAIR_CUES or _n9_ocr_key(lows[x]) in _N9_PAIR_KEYS
                   for x in _n9_line_back(tk, k - 1)):
            continue
        lower = tk.mode == "mixed" and tk.words[k].word.islower() and tk.words[s + 1].word.islower()
        if all(_n9_pair_side(tk, a, b, lower) for a, b in ((k, s + 1), (s + 1, j))):
            yield k, s + 1
            yield s + 1, j


def _n9_pair_side(tk: Tokens, k: int, j: int, lower: bool) -> bool:
    """One side of a checkers' pair: initials, or in a mixed-case note lowercase letters that no list knows."""
    if not lower or j - k > 1:
        return _n9_letters_ok(tk, k, j, loose=True)
    w = tk.words[k]
    return not (w.low in _NOT_SLOT_INITIALS or w.low in W.STOP or w.low in _INITIALS_CREDENTIALS or w.clin
                or w.low in _N9_NOT or _word_like(w.low) or w.low in lexicon().shorthand)


def _n9_vaccine_column(tk: Tokens, text: str) -> Iterator[tuple[int, int]]:
    """ "CVX 197  07/09/26  SANOFI  UT7734KA  L DELTOID IM  QZ   BFP": in a table aligned by blanks, initials alone
    between runs of blanks right after a route or a site, in two rows at least, in a text that names vaccines, lots
    or injections; never a route, a site or a maker, and the clinic's letters after them stay out."""
    found = [m for m in _N9_VAX_ROW.finditer(text) if text.count("  ", text.rfind("\n", 0, m.start()) + 1,
                                                                   m.start()) >= 2]
    if len({text.rfind("\n", 0, m.start()) for m in found}) < 2:
        return
    for m in found:
        k = _token_at(tk, m.start("ini"))
        j = _n9_group(tk, k) if k >= 0 else k
        if j > k and _n9_letters_ok(tk, k, j):
            yield k, j


def _n9_consent_items(tk: Tokens, text: str) -> Iterator[tuple[int, int]]:
    """ "mental health ___ QZ", "2. HIV results  ZQT" in a consent: the initials a patient writes after an item's
    blank line, or at the end of a numbered consent's item after a run of blanks."""
    spots: list[int] = []
    if "___" in text:
        spots += [m.start("ini") for m in _N9_BLANK_ITEM.finditer(text)]
    if "  " in text and not _N9_CONSENT.isdisjoint(tk.present):
        spots += [m.start("ini") for m in _N9_NUMBERED_ITEM.finditer(text)]
    for at in spots:
        k = _token_at(tk, at)
        j = _n9_group(tk, k) if k >= 0 else k
        if j > k and _n9_letters_ok(tk, k, j):
            yield k, j


# ---- initials closing a log's entries after " - ", in a pipe table's column after a modality or at the end of a
# timed row; a person between an id and an age-and-sex; a nickname in quotes inside a name (branch names10) ---------
_N10_NOT = frozenset(["po", "iv", "im", "sc", "sq", "pr", "ng", "na", "n/a", "ok", "am", "pm", "hrs", "hr", "min",
                      "yes", "no", "neg", "pos", "wnl", "nad", "dc", "d/c", "pt", "rn", "md", "do", "np", "pa", "ed",
                      "er", "or", "icu", "ems", "als", "bls", "ama", "lwbs", "et", "mg", "ml", "kg", "nl", "abn",
                      "asl", "eng", "spa"])  # (an interpreter log's language)
_N10_ENTRY_END = re.compile(r"[ \t]*(?:\||\n|$|\d{1,2}:\d\d)")  # an entry's end: a pipe, a line's end, a time
_N10_DASH = re.compile(r"\s[-\u2013\u2014]{1,2}[ \t]*$")  # " - " before the initials
_N10_MODALITIES = frozenset(["on-site", "onsite", "opi", "vri", "phone", "video", "telephone", "in-person", "remote"])
_N10_TIME_UNITS = frozenset(["min", "mins", "minutes", "hr", "hrs", "h", "hours", "sec"])
_N10_AGE_SEX = frozenset(["m", "f", "yom", "yof", "ym", "yf"])
_N10_ID_BACK = re.compile(r"\d[ \t]*$")
_N10_AGE_GAP = re.compile(r"^[ \t,]+\d{1,3}[ \t]?$")
_N10_NAME_GAPS = frozenset([" ", ", ", ". ", ".", ",", "  "])
_N10_SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv"])


def _n10_initials_ok(tk: Tokens, k: int) -> bool:
    """Token ``k`` may be initials in a log's slot: two or three letters that are no route, unit, role or word
    of shorthand, in capitals where the note is in mixed case."""
    w = tk.words[k]
    if not 2 <= len(w.word) <= 3 or w.low in _N10_NOT or not w.word.isalpha():
        return False
    if len(w.word) == 3 and w.low in lexicon().common_words:  # "ago", "day"; a rare clinical word ("kds") may be
        return False  # initials where two entries or rows say so
    return _n9_letters_ok(tk, k, k + 1, worded=False) and not (len(w.word) == 2 and w.clin > 1)


def _n10_dash_signoffs(tk: Tokens) -> Iterator[tuple[int, int]]:
    """ "... po fluids - QJ | 14:10 ...": initials after " - " at an entry's end, where two entries end so."""
    found = [k for k in range(1, len(tk.lows)) if _N10_DASH.search(tk.gaps[k - 1])
             and _N10_ENTRY_END.match(tk.gaps[k]) and _n10_initials_ok(tk, k)]
    if len(found) >= 2:
        yield from ((k, k + 1) for k in found)


def _n10_cells(tk: Tokens, k: int) -> tuple[bool, bool]:
    """Whether token ``k`` fills a pipe table's cell alone, and whether a number cell follows it."""
    before, after = tk.gaps[k - 1] if k else "", tk.gaps[k]
    alone = before.rstrip(" \t").endswith("|") and after.lstrip(" \t").startswith("|")
    return alone, bool(re.match(r"[ \t]*\|[ \t]*\d", after))


def _n10_table_initials(tk: Tokens) -> Iterator[tuple[int, int]]:
    """ "| 15:39 | on-site | QRE | 99406 |": a cell of initials after a modality's cell and before a number;
    "| 90 min | TcPO2 38 mmHg | KQS |": the last cell of a row that starts with a duration; two rows each."""
    found: list[int] = []
    for k in range(1, len(tk.lows)):
        alone, numbered = _n10_cells(tk, k)
        if not alone or not _n10_initials_ok(tk, k):
            continue
        if numbered and tk.lows[k - 1] in _N10_MODALITIES and tk.gaps[k - 1].strip(" \t") == "|":
            found.append(k)
        elif tk.gaps[k].lstrip(" \t|").startswith("\n") or tk.gaps[k].strip(" \t|") == "":
            i = k - 1
            while i >= 0 and "\n" not in tk.gaps[i]:
                i -= 1
            first = i + 1
            if first < k and tk.lows[first] in _N10_TIME_UNITS and re.search(r"\|[ \t]*\d+[ \t]*$", tk.gaps[i]
                                                                              if i >= 0 else ""):
                found.append(k)
    if len(found) >= 2:
        yield from ((k, k + 1) for k in found)


def _names10_slots(tk: Tokens, text: str) -> Iterator[tuple[int, int]]:
    """Initials in the slots of branch names10, each scan only where its cue is in the text."""
    if " - " in text or " -" in text:
        yield from _n10_dash_signoffs(tk)
    if "|" in text and (not _N10_MODALITIES.isdisjoint(tk.present) or not _N10_TIME_UNITS.isdisjoint(tk.present)):
        yield from _n10_table_initials(tk)


def _p10_name_word(tk: Tokens, k: int) -> bool:
    """Token ``k`` may be a word of a name: no stop word, title, clinical or common word unless a name list holds
    it, capitalised where the note is in mixed case (a letter may be a middle initial)."""
    w = tk.words[k]
    if w.low in W.STOP or w.low in W.TITLES or w.clin > 1 or not w.word.isalpha():
        return False
    if tk.mode == "mixed" and not w.word[0].isupper():
        return False
    return len(w.word) == 1 or w.low in _N10_SUFFIXES or w.strong or w.weak or w.namelike


def _p10_before_age(tk: Tokens) -> Iterator[tuple[int, int]]:
    """ "bib 5485 Quorley, Tamsin C 62M": one to four name words after an id's number and before an age and a
    sex letter."""
    n = len(tk.lows)
    for j in range(1, n - 1):
        if tk.lows[j + 1] not in _N10_AGE_SEX or not _N10_AGE_GAP.match(tk.gaps[j]) \
                or (j + 2 < n and tk.gaps[j + 1][:1].isalnum()):
            continue
        i = j
        while i > 0 and j - i < 3 and tk.gaps[i - 1] in _N10_NAME_GAPS and _p10_name_word(tk, i - 1):
            i -= 1
        if not _p10_name_word(tk, j):
            continue
        i = min(i, j)
        while i < j and len(tk.words[i].word) == 1:
            i += 1  # a name starts on a word, not a letter
        if (i == 0 or not _N10_ID_BACK.search(tk.gaps[i - 1])) or tk.words[i].low in _N10_SUFFIXES:
            continue
        if any(tk.words[m].strong or tk.words[m].namelike for m in range(i, j + 1)):
            yield i, j + 1


def _p10_nicknamed(tk: Tokens) -> Iterator[tuple[int, int]]:
    """ 'Gulvren "Jo" Quenby': a name with a nickname in quotes between its words is one name."""
    for k in range(1, len(tk.lows) - 1):
        before, after = tk.gaps[k - 1], tk.gaps[k]
        if before.strip(" ") not in ('"', "'", "\u201c") or after.strip(" ") not in ('"', "'", "\u201d") \
                or not before.startswith(" ") or not after.endswith(" ") or len(tk.words[k].word) > 10:
            continue
        if _p10_name_word(tk, k - 1) and _p10_name_word(tk, k + 1) and tk.words[k].word.isalpha() \
                and (tk.mode != "mixed" or tk.words[k].word[0].isupper()):
            yield k - 1, k + 2


def _p10_slots(tk: Tokens, text: str) -> Iterator[tuple[int, int]]:
    """People in the forms of branch names10, each scan only where its cue is in the text."""
    if not _N10_AGE_SEX.isdisjoint(tk.present):
        yield from _p10_before_age(tk)
    if '"' in text or "\u201c" in text:
        yield from _p10_nicknamed(tk)


def find(text: str, tokens: Tokens | None = None) -> Iterator[tuple[int, int, PhiType, str]]:
    """Yield ``(start, end, type, layer)`` for names, places and facilities."""
    lx = lexicon()
    tk = tokens or tokenize(text)
    starts, ends = tk.starts, tk.ends
    taken = [False] * len(starts)
    vehicle_models(tk, taken)  # (branch places8: "2020 Hyundai Tucson" names no town, "a Kia Soul" no one)
    for start, end, typ in addresses(text, tk, taken, lx):  # first: "Upper Mill Turnpike Unit 4" is no facility
        yield start, end, typ, "context"
    for i, j in _facility_spans(tk, taken):
        yield starts[i], ends[j - 1], PhiType.LOCATION, "context"
    for k in signed_initials(tk, text):
        taken[k] = True
        yield starts[k], ends[k], PhiType.NAME, "clinician"
    yield from _staff_spans(text, tk, taken)
    yield from _people_spans(text, tk, taken)  # (branch people8)
    for i, j in employers(tk, taken):
        taken[i:j] = [True] * (j - i)
        yield starts[i], ends[j - 1], PhiType.LOCATION, "context"  # an employer, identifying as a place is
    for i, j in moved_to(tk, taken):
        taken[i:j] = [True] * (j - i)
        yield starts[i], ends[j - 1], PhiType.LOCATION, "context"
    for i, j in city_before_state(text, tk, taken, lx):
        taken[i:j] = [True] * (j - i)
        yield starts[i], ends[j - 1], PhiType.LOCATION, "context"
    for start, end, typ in named_streets(text, tk, taken, lx):
        yield start, end, typ, "context"
    for i, j in regions(tk, taken):
        taken[i:j] = [True] * (j - i)
        yield starts[i], ends[j - 1], PhiType.LOCATION, "context"
    for i, j in travel_lists(tk, taken, lx):
        taken[i:j] = [True] * (j - i)
        yield starts[i], ends[j - 1], PhiType.LOCATION, "context"
    for i, j, clinician in _kept_names(text, tk, taken):
        yield starts[i], ends[j - 1], PhiType.NAME, "clinician" if clinician else "dictionary"
    for i, j in places(tk, taken, lx):
        if not is_place(text, tk, i, j):
            continue
        end = hospital_suffix(tk, j) if j < len(taken) and not taken[j] else j
        taken[i:end] = [True] * (end - i)
        yield starts[i], ends[end - 1], PhiType.LOCATION, "dictionary"
    for i, j in unknown_places(tk, taken):
        taken[i:j] = [True] * (j - i)
        yield starts[i], ends[j - 1], PhiType.LOCATION, "context"


def _staff_spans(text: str, tk: Tokens, taken: list[bool]) -> Iterator[tuple[int, int, PhiType, str]]:
    """Staff initials in role slots, typists' lines and lowercase signatures (marked taken as they are found)."""
    starts, ends = tk.starts, tk.ends
    for i, j in labelled_people(text, tk):
        if not any(taken[i:j]):
            taken[i:j] = [True] * (j - i)
            yield starts[i], ends[j - 1], PhiType.NAME, "context"
    for i, j in staff_initials(tk, text):
        if not any(taken[i:j]):
            taken[i:j] = [True] * (j - i)
            yield starts[i], ends[j - 1], PhiType.NAME, "clinician"
    for i, j in lower_signatures(tk, text):
        if not any(taken[i:j]):
            taken[i:j] = [True] * (j - i)
            yield starts[i], ends[j - 1], PhiType.NAME, "clinician"
    for s, e in typist_lines(text, tk.mode):
        k = bisect_left(starts, s)
        if k < len(starts) and starts[k] == s and not taken[k]:
            taken[k : bisect_left(starts, e)] = [True] * (bisect_left(starts, e) - k)
            yield s, e, PhiType.NAME, "clinician"


def _people_spans(text: str, tk: Tokens, taken: list[bool]) -> Iterator[tuple[int, int, PhiType, str]]:
    """People in the slots ``people_slots`` reads, where no layer before took a word of them (branch people8)."""
    present = tk.present
    for (i, j), layer in _p9_slots(tk, text, present):  # (branch people9: first, so that a name's suffix or
        if not any(taken[i:j]):  # initial stays in it)
            taken[i:j] = [True] * (j - i)
            yield tk.starts[i], tk.ends[j - 1], PhiType.NAME, layer
    for i, j in people_slots(text, tk, present):
        if not any(taken[i:j]):
            taken[i:j] = [True] * (j - i)
            yield tk.starts[i], tk.ends[j - 1], PhiType.NAME, "context"


def _facility_spans(tk: Tokens, taken: list[bool]) -> Iterator[tuple[int, int]]:
    """Facilities, each with a second place after "and" ("Cedar Rehab and Pellworth") and its town after a comma
    ("Halvorsen Pharmacy, Ostby"), as token ranges (marked taken as they are found)."""
    for i, j in facilities(tk, lexicon(), taken.copy()):
        taken[i:j] = [True] * (j - i)
        yield i, j
        e = partner_after(tk, j)
        if e > j and not any(taken[j + 1 : e]):
            taken[j + 1 : e] = [True] * (e - j - 1)
            yield j + 1, e
        e = town_after(tk, j)
        if e > j and not any(taken[j:e]):
            taken[j:e] = [True] * (e - j)
            yield j, e


def _kept_names(text: str, tk: Tokens, taken: list[bool]) -> Iterator[tuple[int, int, bool]]:
    """The name candidates the scorer keeps, as token ranges not already taken (marked taken as they are kept)."""
    last_name = -1  # the end of the last name kept: "Peter and Paul"
    for i0, j0, clinician in _names(text, tk):
        kept = name_span(text, tk, i0, j0, last_name)
        if kept is not None and any(taken[kept[0] : kept[1]]):
            # "Patient: QUELLIN, TAVRO   Unit no. 12": another layer took the name's end; what comes before may stand
            cut = taken.index(True, kept[0], kept[1])
            kept = name_span(text, tk, kept[0], cut, last_name) if cut > kept[0] else None
        if kept is None:
            continue
        i, j = kept
        j = _suffix_after(tk, j, taken)
        last_name = j
        taken[i:j] = [True] * (j - i)
        yield i, j, clinician


_LIST_GAPS = frozenset([", ", ","])


def _list_gap(tk: Tokens, i: int, last: int) -> bool:
    """Token ``i`` follows token ``last`` by a comma, or by "and": a list goes on."""
    if last == i - 1:
        return tk.gaps[last] in _LIST_GAPS
    return tk.lows[i - 1] in ("and", "&") and tk.gaps[i - 1] == " " and tk.gaps[last] in (" ", ", ")


_GENERATIONS = frozenset(["jr", "sr"])
_ROMAN = frozenset(["II", "III", "IV"])
_SUFFIX_GAPS = frozenset([" ", ", ", ","])


def _suffix_after(tk: Tokens, j: int, taken: list[bool]) -> int:
    """ "Seamus O'Halloran Jr.", "Duncan McAllister III": a generation after a name kept at ``[…, j)`` is part of
    it (a Roman numeral only in capitals, and only where the name's field ends: not "... IV fluids")."""
    if j >= len(tk.lows) or taken[j] or tk.gaps[j - 1] not in _SUFFIX_GAPS:
        return j
    w = tk.words[j]
    if w.low in _GENERATIONS or (w.word in _ROMAN and tk.mode != "lower" and _FIELD_ENDS.match(tk.gaps[j])):
        return j + 1
    if w.low in _P9_ROMAN and "," in tk.gaps[j - 1] and _P9_SUFFIX_END.match(tk.gaps[j]):
        return j + 1  # "mother elvane tross, iv, +1 ...": a generation after a comma closes the name (branch people9)
    return j


_FIELD_ENDS = re.compile(r"[ \t]*(?:[,;|.)]|\r?\n|[ \t]{2}|\Z)")


_NAME_PART = re.compile(r"[^\W\d_]{3,}")
_PLACE_PART = re.compile(r"[^\W\d_]{2,}")


_Keys = dict[str, tuple[str, PhiType]]


def _propagation_keys(text: str, mode: str, found: list[tuple[int, int, PhiType, str]]) -> tuple[_Keys, _Keys]:
    """The words to look for again: as written (``exact``: a name part that is also an English word) or in any case
    (``loose``), each with the layer and type of the span it came from."""
    lx = lexicon()
    exact: _Keys = {}
    loose: _Keys = {}
    for s, e, typ, layer in found:
        if typ is PhiType.LOCATION and layer == "context":
            for part in _PLACE_PART.findall(text, s, e):
                low = part.lower()
                if low not in lx.common_words and low not in lx.clinical and low not in lx.shorthand:
                    loose.setdefault(low, (layer, typ))
        elif typ is PhiType.NAME:
            for part in _NAME_PART.findall(text, s, e):
                low = part.lower()
                if low in W.STOP or low in lx.medical or low in _P9_SUFFIXES:  # (people9: not "III" in "type III")
                    continue
                if low not in lx.common_words and low not in lx.shorthand:
                    loose.setdefault(low, (layer, typ))
                elif mode == "mixed":  # where letter case tells nothing, "SMALL" is not "Dr. SMALL"
                    exact.setdefault(part, (layer, typ))
    return exact, loose


def propagate(
    text: str, tokens: Tokens, found: list[tuple[int, int, PhiType, str]]
) -> Iterator[tuple[int, int, PhiType, str]]:
    """Once "John Smith" is a name, "Smith" alone elsewhere in the same text is one too; once "transferred to GH"
    names a hospital, "GH" elsewhere does too.

    A part that is also a common English word ("Rose", "Hope") only counts where it is written the same way; a
    place's word counts only if no English or clinical list knows it.
    """
    exact, loose = _propagation_keys(text, tokens.mode, found)
    if not exact and not loose:
        return
    words, lows, starts, ends = tokens.words, tokens.lows, tokens.starts, tokens.ends
    wanted = set(loose) | {w.lower() for w in exact}
    for k in compress(count(), map(wanted.__contains__, lows)):
        hit = loose.get(lows[k]) or exact.get(words[k].word)
        if hit is not None and not words[k].med:  # "Dr. Foley" does not make "foley removed" a name
            yield starts[k], ends[k], hit[1], hit[0]
    joined = {low for low in set(lows) if "-" in low or "'" in low or "’" in low}  # "Smith-Jones": each part
    for k in compress(count(), map(joined.__contains__, lows)):
        for m in _NAME_PART.finditer(words[k].word):
            part_hit = loose.get(m.group().lower()) or exact.get(m.group())
            if part_hit is not None:
                yield starts[k] + m.start(), starts[k] + m.end(), part_hit[1], part_hit[0]


# People a label, an alias or a written text names: "ATTN: ...", "DER: ...", "(collector): ...", "AKA: ...", "goes
# by ...", a tattoo's or a name tag's text, a co-signer's initials before a slash and a signed name.
_VALUE_LABEL = re.compile(
    r"(?:\battn\b[ \t]*[.:]?|^[ \t]*(?:der|designated[ \t]+employer[ \t]+rep(?:resentative)?)[ \t]*:"
    r"|\((?:collector|donor|mro|employee|witness|observer)\)[ \t]*:"
    r"|\b(?:embryologist|andrologist|director|mortician|embalmer|coroner|undertaker|collector)[ \t]*:)[ \t]*",
    re.I | re.M)
# an alias's label: its value is a name whatever word it is ("AKA: Sister"); "AKA" alone is an amputation
_ALIAS_LABEL = re.compile(r"(?:\ba\.k\.a\.?|\baka[ \t]*:|\bnick-?name[ \t]*:|\balias[ \t]*:"
                          r"|\b(?:prefers|likes|wants|asks)[ \t]+to[ \t]+be[ \t]+called"
                          r"|\balso[ \t]+known[ \t]+as(?=[ \t]*[\"“'‘]))[ \t]*", re.I)
# an alias told in a sentence: its value must look like a name ("goes by Bitsy"; not "goes by bus")
_ALIAS_TOLD = re.compile(r"\bgoes[ \t]+by[ \t]+", re.I)
_QUOTES = "\"'“”‘’"
_NOT_ALIAS = frozenset(["by", "her", "his", "their", "name", "names", "first", "middle", "last", "nickname", "none",
                        "unknown", "nothing", "anything", "sir", "maam", "ma'am", "mister", "missus", "madam",
                        "honey", "dear", "buddy",
                        # an above-knee amputation's side and level ("AKA: left, 2019")
                        "left", "right", "bilateral", "lt", "rt", "bil", "bilat", "above", "below", "knee", "stump"]) \
    | W.TITLES
# a text written on the body or on a thing the patient carries, and the words that give what it says
_BODY_TEXT = re.compile(r"\b(?:tattoos?|tattooed|name[ \t]?tags?|name[ \t]badges?|bracelets?|engraved|engraving)\b",
                        re.I)
_WRITTEN = re.compile(r"\b(?:(?P<verb>reads?|reading|read|says|saying|spells?|spelling|named?)"
                      r"|(?P<noun>script|lettering|text|inscription|inscribed))\b"
                      r"(?P<gap>[ \t]*(?:[-:–=][ \t]*)?)", re.I)
# "VT / RHONDA QUELL, PHARMD": a co-signer's initials, a slash, then the signer's name and credential at a line's start
_COSIGNER = re.compile(r"^[ \t]*(?P<ini>(?:[A-Za-z]\.[ \t]?){2,3}|[A-Za-z]{2,3})[ \t]*/[ \t]*"
                       r"(?P<name>[A-Za-z][A-Za-z'\-]+(?:[ \t]+[A-Za-z]\.?)?(?:[ \t]+[A-Za-z][A-Za-z'\-]+){1,2}),[ \t]*"
                       r"(?P<cred>[A-Za-z][A-Za-z\-]*)\b", re.M)
_COSIGNER_LINE = _after_newline(_COSIGNER)
# "on-call chaplain nt to follow", "SW JK aware": a role, initials, and what the person does about the patient
_ROLE_INITIALS = re.compile(
    r"\b(?:chaplain|sw|social[ \t]+worker|case[ \t]+manager|cm|rn|md|np|pa|pharmacist|dietitian|charge[ \t]+nurse)"
    r"[ \t]+(?P<ini>[A-Za-z]{2,3}|(?:[A-Za-z]\.){2,3})[ \t]+(?:to[ \t]+follow|will[ \t]+follow|following|aware|"
    r"made[ \t]+aware|notified|paged|updated|at[ \t]+bedside|in[ \t]+to[ \t]+see)\b", re.I)
# "witnessed by OWO (double witness)": capitals after a step's "by", before a bracket that says more
_STEP_BRACKET = re.compile(r"\b(?:witnessed|co-?signed|verified|double[- ]checked|checked|observed)[ \t]+by[ \t]+"
                           r"(?P<ini>[A-Z]{2,3})[ \t]*\(")
# "Vial label: OAKEN, PRIMA", "rev. liesbeth quintan": a label that a thing carries, a title before lowercase names
_THING_LABEL = re.compile(r"\b(?:vial|specimen|tube|bag|syringe|bottle|unit|product|id)[ \t]+label[ \t]*:[ \t]*"
                          r"|\b(?:wristband|armband)[ \t]*:[ \t]*", re.I)
_TITLE_LOWER = re.compile(r"\b(?:dr|mr|mrs|ms|rev|reverend|pastor|fr)\.?[ \t]+(?P<name>[a-z][a-z'\-]+"
                          r"(?:[ \t]+[a-z][a-z'\-]+)?)", re.I)


def _word_led(first: frozenset[str]) -> re.Pattern[str]:
    """What a text's set of words (joined by newlines) holds when one of them ends in one of ``first`` after a
    hyphen or an apostrophe ("x-rn", "pt's-aka"): there a match may start inside a token (see ``_led_matches``)."""
    return re.compile(r"[-'](?:" + "|".join(map(re.escape, sorted(first, key=len, reverse=True))) + r")$", re.M)


def _led_matches(pattern: re.Pattern[str], text: str, tk: Tokens, first: frozenset[str],
                 inside: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern each of whose matches starts at a word boundary with one of the words
    ``first`` (lowercase) that a blank, a full stop or a colon ends, never a letter, a hyphen or an apostrophe: in
    ASCII text such a match starts where a token of that word starts, or inside a token, after its last hyphen or
    apostrophe (a token ``inside`` finds in the text's words). Without such a token, the pattern is tried only at
    those tokens' starts, left to right, a match's end skipping what it covered as ``finditer`` does, instead of at
    every character of the text. (Letter case: ``lows`` is the ASCII lowercase a pattern with re.I reads alike.)"""
    if not text.isascii() or inside.search("\n".join(tk.present)):
        yield from pattern.finditer(text)
        return
    end = 0
    for k in compress(count(), map(first.__contains__, tk.lows)):
        pos = tk.starts[k]
        if pos >= end and (m := pattern.match(text, pos)) is not None:
            end = m.end()
            yield m


_ALIAS_FIRST = frozenset(["a", "aka", "nickname", "nick-name", "alias", "prefers", "likes", "wants", "asks", "also"])
_ALIAS_INSIDE = _word_led(_ALIAS_FIRST)
_TOLD_FIRST = frozenset(["goes"])
_TOLD_INSIDE = _word_led(_TOLD_FIRST)
_ROLE_FIRST = frozenset(["chaplain", "sw", "social", "case", "cm", "rn", "md", "np", "pa", "pharmacist", "dietitian",
                         "charge"])
_ROLE_INSIDE = _word_led(_ROLE_FIRST)
_STEP_FIRST = frozenset(["witnessed", "co-signed", "cosigned", "verified", "double", "double-checked", "checked",
                         "observed"])
_STEP_INSIDE = _word_led(_STEP_FIRST)
_TITLE_FIRST = frozenset(["dr", "mr", "mrs", "ms", "rev", "reverend", "pastor", "fr"])
_TITLE_INSIDE = _word_led(_TITLE_FIRST)

# "| RN Tali |": a role and a first name alone in a table's cell
_ROLE_CELL = re.compile(r"\|[ \t]*(?:RN|LPN|CNA|NP|PA|MD|RT|Dr\.?|Nurse)[ \t]+(?P<name>[A-Za-z][A-Za-z'\-]+)[ \t]*\|")


# The words each form's scan needs among a text's tokens: a text that holds none of them skips that scan (each scan is
# a pattern Python's ``re`` tries at every position of the text, and most texts hold none of these words).
_VALUE_CUES = frozenset(["attn", "der", "designated", "collector", "donor", "mro", "employee", "witness", "observer",
                         "embryologist", "andrologist", "director", "mortician", "embalmer", "coroner", "undertaker"])
_THING_CUES = frozenset(["label", "wristband", "armband"])
_ALIAS_CUES = frozenset(["aka", "k", "nickname", "nick-name", "nick", "alias", "called", "known"])
_GOES_CUES = frozenset(["goes"])
_BODY_CUES = frozenset(["tattoo", "tattoos", "tattooed", "tag", "tags", "nametag", "nametags", "badge", "badges",
                        "bracelet", "bracelets", "engraved", "engraving"])
_ROLE_CUES = frozenset(["chaplain", "sw", "social", "case", "cm", "rn", "md", "np", "pa", "pharmacist", "dietitian",
                        "charge"])
_DOING_CUES = frozenset(["follow", "following", "aware", "notified", "paged", "updated", "bedside", "see"])
_STEP_CUES = frozenset(["witnessed", "co-signed", "cosigned", "signed", "verified", "double-checked", "checked",
                        "observed"])
_TITLE_CUES = frozenset(["dr", "mr", "mrs", "ms", "rev", "reverend", "pastor", "fr"])


def labelled_people(text: str, tk: Tokens) -> Iterator[tuple[int, int]]:
    """Token ranges of the people the forms above name."""
    present = tk.present  # (branch names9: the text's set of words, made once by ``tokenize``)
    yield from _label_values(text, tk, present)
    yield from _aliases(text, tk, present)
    if not _BODY_CUES.isdisjoint(present):
        yield from _written_names(text, tk)
    yield from _cosigners(text, tk)
    yield from _role_cells(text, tk)
    yield from _role_initials(text, tk, present)
    if tk.mode != "caps" and not _TITLE_CUES.isdisjoint(present):
        yield from _titled_lowercase(text, tk)


def _token_at(tk: Tokens, pos: int) -> int:
    """The token that starts exactly at ``pos`` (-1: none)."""
    k = bisect_left(tk.starts, pos)
    return k if k < len(tk.starts) and tk.starts[k] == pos else -1


def _label_values(text: str, tk: Tokens, present: frozenset[str]) -> Iterator[tuple[int, int]]:
    scans = [p.finditer(text) for p, cues in ((_VALUE_LABEL, _VALUE_CUES), (_THING_LABEL, _THING_CUES))
             if not cues.isdisjoint(present)]
    for m in chain.from_iterable(scans):
        k = _token_at(tk, m.end())
        if k < 0:
            continue
        j = _person_value(tk, k)
        if j > k:
            yield k, j


def _value_word(tk: Tokens, m: int, caps: bool) -> bool:
    """Token ``m`` may be a word of a person's name in a label's value (in capitals where the value's first is)."""
    w = tk.words[m]
    if not w.word.isalpha() and not all(p.isalpha() for p in re.split(r"['\-’]", w.word)):
        return False
    if w.low in W.STOP or w.low in W.AUX or w.low in W.CREDENTIALS or w.low in _CONTEXT_OR_CREDENTIAL or w.med:
        return False
    if tk.mode != "mixed":
        return True
    return w.word.isupper() if caps else w.word[0].isupper() and not w.word.isupper()


def _person_value(tk: Tokens, k: int) -> int:
    """The end of a person's name (or initials) that starts a label's value at token ``k`` (``k``: none)."""
    j = _initials_group(tk, k)
    if j > k and _field_ends(tk, j - 1) and (j - k > 1 or _staff_word(tk, k, False)):
        return j  # "Embryologist: T.S."
    n, caps = len(tk.lows), tk.words[k].word.isupper()
    j = k
    while j < n and j - k < 4 and _value_word(tk, j, caps):
        if j > k and not _value_gap(tk, k, j):
            break
        j += 1
        if len(tk.words[j - 1].word) == 1 and j - k < 2:
            return k  # a value that starts with a letter ("A. fib")
    words = tk.words[k:j]
    if j - k < 2 or not any(w.strong or (w.namelike and not w.clin) for w in words):
        return k
    return j


def _value_gap(tk: Tokens, k: int, j: int) -> bool:
    """The gap before token ``j`` joins it to the value's name: a blank, a middle initial's full stop, or the comma of
    "LAST, FIRST" (after the first word only: not "Roger Emberly, DON")."""
    gap = tk.gaps[j - 1]
    if gap in SPACE_GAP:
        return True
    if gap in _INITIAL_GAPS or gap == ". ":
        return len(tk.words[j - 1].word) == 1
    return gap in (", ", ",") and j == k + 1


def _quoted_end(text: str, tk: Tokens, k: int) -> int:
    """The end of up to three words inside the quotation opened right before token ``k`` (``k``: the quotation does
    not close after them)."""
    j = k
    while j < len(tk.lows) and j - k < 3:
        j += 1
        gap = tk.gaps[j - 1]
        if gap[:1] in _QUOTES:
            return j
        if gap not in SPACE_GAP:
            return k
    return k


def _aliases(text: str, tk: Tokens, present: frozenset[str]) -> Iterator[tuple[int, int]]:
    """ "AKA: Sister", "a.k.a. "Nana"", "prefers to be called Tink", "also known as "Dot"": an alias label's value, any
    word; "goes by Bitsy": a value that looks like a name (no English word; capitalised where case tells)."""
    scans = [(told, _led_matches(pattern, text, tk, first, inside))
             for told, pattern, cues, first, inside in ((False, _ALIAS_LABEL, _ALIAS_CUES, _ALIAS_FIRST, _ALIAS_INSIDE),
                                                        (True, _ALIAS_TOLD, _GOES_CUES, _TOLD_FIRST, _TOLD_INSIDE))
             if not cues.isdisjoint(present)]
    for told, matches in scans:
        for m in matches:
            pos = m.end()
            quoted = pos < len(text) and text[pos] in _QUOTES
            k = _token_at(tk, pos + quoted)
            if k < 0 or not _alias_candidate(tk.words[k]):
                continue
            j = _quoted_end(text, tk, k) if quoted else k + 1
            if j > k and (not told or _alias_word(tk, k, quoted)):
                yield k, j


def _alias_candidate(w: Word) -> bool:
    """A word an alias's label may give: two letters or more, no stop word, side, title, or clinical word."""
    return len(w.word) > 1 and not (w.low in _NOT_ALIAS or w.low in W.STOP or w.low in W.AUX or w.med or w.clin > 1)


def _alias_word(tk: Tokens, k: int, quoted: bool) -> bool:
    """Token ``k``, told as an alias in a sentence, looks like a name: quoted, or no English or clinical word (and
    capitalised in mixed-case text): "goes by Bitsy", not "goes by Bus"."""
    w = tk.words[k]
    if w.med or w.clin > 1 or w.low in W.RELATIVES or not w.word.isalpha():
        return False
    if quoted:
        return True
    return (w.strong or w.namelike) and (tk.mode != "mixed" or (w.word[0].isupper() and not w.word.isupper()))


def _written_names(text: str, tk: Tokens) -> Iterator[tuple[int, int]]:
    """ "TATTOOS: L forearm, script - Sergius", "tattoo reading "Marisol"", "name tag read Tobias": the name a tattoo
    or a name tag shows, after the word that gives its text, on the same line."""
    for b in _BODY_TEXT.finditer(text):
        line_end = text.find("\n", b.end())
        line_end = len(text) if line_end < 0 else line_end
        for m in _WRITTEN.finditer(text, b.end(), min(line_end, b.end() + 80)):
            pos = m.end()
            quoted = pos < len(text) and text[pos] in _QUOTES
            if m.group("noun") and not quoted and not m.group("gap").strip():
                continue  # "script tattoo R arm": no text given
            k = _token_at(tk, pos + quoted)
            if k < 0:
                continue
            j = _quoted_end(text, tk, k) if quoted else _written_end(tk, k)
            if j > k and all(_written_word(tk, m2, quoted) for m2 in range(k, j)):
                yield k, j


def _written_end(tk: Tokens, k: int) -> int:
    """One word, or two where the second is capitalised like the first and a name the dictionaries know."""
    n = len(tk.lows)
    if k + 1 < n and tk.gaps[k] == " " and tk.words[k + 1].strong and (
            tk.mode != "mixed" or tk.words[k + 1].word[0].isupper()):
        return k + 2
    return k + 1


def _written_word(tk: Tokens, k: int, quoted: bool) -> bool:
    """A word of a written name: no relative ("MOM"), clinical or English word unless a name list holds it."""
    w = tk.words[k]
    if w.low in W.RELATIVES or w.low in W.STOP or w.med or w.clin > 1 or not w.word.isalpha() or len(w.word) < 2:
        return False
    if tk.mode == "mixed" and not quoted and not w.word[0].isupper():
        return False
    return w.strong or w.namelike


def _cosigners(text: str, tk: Tokens) -> Iterator[tuple[int, int]]:
    """ "M.P. / Anselka Vorn, PharmD": a co-signer's initials and the name signed after the slash, before a
    credential, at a line's start."""
    if "/" not in text:
        return
    for m in _line_matches(_COSIGNER, _COSIGNER_LINE, text):
        if m.group("cred").lower() not in W.CREDENTIALS:
            continue
        ini = m.group("ini").replace(".", "").replace(" ", "").lower()
        if ini in _INITIALS_CREDENTIALS or ini in _NOT_STAFF or ini in _DOTTED_NOT or ini in W.STOP:
            continue  # (a shorthand's letters may be initials here: the slash, the name and its credential say so)
        k, i = _token_at(tk, m.start("ini")), _token_at(tk, m.start("name"))
        j = bisect_left(tk.starts, m.end("name"))
        if k >= 0 and i >= 0 and _signed_name(tk, i, j):
            yield k, i
            yield i, j


def _signed_name(tk: Tokens, i: int, j: int) -> bool:
    """Tokens ``[i, j)`` may be a signed name: words a label's value may hold (or, all in lowercase in a mixed-case
    note, a lowercase signature's), one of them a name or no English word."""
    words = tk.words[i:j]
    if tk.mode == "mixed" and all(w.word.islower() for w in words):
        lx = lexicon()
        return all(_lower_name_word(w) or len(w.word) == 1 for w in words) and any(
            w.strong or (not w.clin and w.low not in lx.common_words) for w in words)
    return all(_value_word(tk, x, words[0].word.isupper()) or len(tk.words[x].word) == 1 for x in range(i, j)) \
        and any(w.strong or w.namelike for w in words)


def _role_cells(text: str, tk: Tokens) -> Iterator[tuple[int, int]]:
    """ "| RN Tali |": a name-like word (no English or clinical one), after a role, alone in a table's cell."""
    if "|" not in text:
        return
    for m in _ROLE_CELL.finditer(text):
        k = _token_at(tk, m.start("name"))
        w = tk.words[k] if k >= 0 else None
        if w is not None and w.clin < 2 and not w.med and (w.strong or w.namelike) \
                and (tk.mode != "mixed" or w.word[0].isupper()):
            yield k, k + 1


def _initials_ok(tk: Tokens, k: int) -> bool:
    """Token ``k`` (and the letters that follow it with full stops) may be someone's initials after a role: no stop
    word, auxiliary, credential, title, role, pronoun or route, no word of three letters ("MD now aware")."""
    low = "".join(tk.lows[k:_initials_group(tk, k)]) or tk.lows[k]
    return not (low in W.STOP or low in W.AUX or low in _INITIALS_CREDENTIALS or low in _NOT_STAFF or low in W.TITLES
                or low in _INITIALS_ROLES or low in _DOTTED_NOT or (len(low) == 3 and _word_like(low)))


def _role_initials(text: str, tk: Tokens, present: frozenset[str]) -> Iterator[tuple[int, int]]:
    """ "chaplain nt to follow", "SW JK aware", "witnessed by OWO (double witness)": initials a role or a step's "by"
    and what follows make a person's."""
    scans = []
    if not _ROLE_CUES.isdisjoint(present) and not _DOING_CUES.isdisjoint(present):
        scans.append(_led_matches(_ROLE_INITIALS, text, tk, _ROLE_FIRST, _ROLE_INSIDE))
    if not _STEP_CUES.isdisjoint(present) and "(" in text:
        scans.append(_led_matches(_STEP_BRACKET, text, tk, _STEP_FIRST, _STEP_INSIDE))
    for m in chain.from_iterable(scans):
        k = _token_at(tk, m.start("ini"))
        if k < 0 or not _initials_ok(tk, k):
            continue
        j = _initials_group(tk, k)
        if j > k and (tk.mode != "mixed" or "." in m.group("ini") or m.group("ini").isupper()
                      or m.group("ini").islower()):
            yield k, j


def _titled_lowercase(text: str, tk: Tokens) -> Iterator[tuple[int, int]]:
    """ "rev. liesbeth quintan visits": in a mixed-case or lowercase note, one or two lowercase words after a title
    that no English or clinical list holds (or that a name list does)."""
    lx = lexicon()
    for m in _led_matches(_TITLE_LOWER, text, tk, _TITLE_FIRST, _TITLE_INSIDE):
        if not m.group("name").islower():
            continue
        k = _token_at(tk, m.start("name"))
        if k < 0:
            continue
        if any(low in W.NAME_PARTICLES for low in tk.lows[k : k + 3]):
            continue  # "dr. lucia di marco": the names' layer reads a surname's particles
        j = k
        while j < min(k + 2, len(tk.lows)) and tk.starts[j] < m.end("name") and (j == k or tk.gaps[j - 1] == " "):
            w = tk.words[j]
            if not _lower_name_word(w) or w.low in lx.shorthand or not (
                    w.strong or (w.low not in lx.common_words and w.low not in lx.clinical)):
                break
            j += 1
        if j > k:
            yield k, j
