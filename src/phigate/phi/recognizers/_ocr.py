"""Repairs for OCR's confusions of digits and letters, made before the recognizers read a text.

Each repair replaces one character by one, so every offset into the repaired text is an offset into the original:
spans found in the repaired text are spans of the text as given.
"""

from __future__ import annotations

import re

from phigate.phi.recognizers._lexicon import lexicon

# a letter OCR may have taken for a digit, next to a digit or a separator of digits
# (written to start with the letter, so that the scan skips ahead to the next O, o, I or l instead of trying the
# look-behind at every character)
_DIGIT_HINT = re.compile(r"[OoIl](?:(?<=[0-9/.\-][OoIl])|(?=[0-9]))")
_FIELD_CHARS = frozenset("0123456789OoIl/.-")
_TO_DIGITS = str.maketrans("OoIl", "0011")
# a 0, 1 or 5 between two letters (written to start with the digit, for the same fast scan; each hit is grown to
# its whole word, so finding the digit rather than the letter before it finds the same words)
_LETTER_HINT = re.compile(r"[015](?<=[A-Za-z][015])(?=[A-Za-z])")
_MIN_WORD = 5  # "A1c", "B12" are what they say; "cal1ed", "WHITF1ELD" are not


def ocr_digits(text: str) -> str:
    """``text`` with O, o, I and l read as digits inside fields of digits standing alone ("DOB: O4/12/1941",
    "(5O8) 555-O110"); a field needs two real digits. Each field is read once: linear in the text."""
    pieces: list[str] = []
    kept = done = 0
    for m in _DIGIT_HINT.finditer(text):
        if m.start() < done:
            continue  # inside the field just read
        a, b = m.start(), m.end()
        while a > 0 and text[a - 1] in _FIELD_CHARS:
            a -= 1
        while b < len(text) and text[b] in _FIELD_CHARS:
            b += 1
        done = b
        field = text[a:b]
        alone = not (a and text[a - 1].isalnum()) and not (b < len(text) and text[b].isalnum())
        if alone and sum(map(str.isdigit, field)) >= 2:  # not part of a word ("WORLD1"), nor "Oil"
            pieces += (text[kept:a], field.translate(_TO_DIGITS))
            kept = b
    if not pieces:
        return text
    pieces.append(text[kept:])
    return "".join(pieces)


def ocr_letters(text: str) -> str:
    """``text`` with a 0, 1 or 5 inside a word read as a letter: the reading a dictionary knows ("WHITF1ELD" as
    WHITFIELD, "cal1ed" as called), else 1 as i."""
    pieces: list[str] = []
    done = 0
    for m in _LETTER_HINT.finditer(text):
        if m.start() < done:
            continue  # inside the word just read
        a, b = m.start(), m.end()
        while a > 0 and text[a - 1].isalnum():
            a -= 1
        while b < len(text) and text[b].isalnum():
            b += 1
        word = text[a:b]
        if b - a < _MIN_WORD or not word.isalnum():
            continue
        pieces += (text[done:a], _read(word))
        done = b
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


_READINGS = (str.maketrans("015", "ois"), str.maketrans("015", "ols"), str.maketrans("015", "OIS"),
             str.maketrans("015", "OLS"))


def _read(word: str) -> str:
    upper = word.isupper() or (len(word) > 1 and word[1].isupper())
    first, second = (_READINGS[2], _READINGS[3]) if upper else (_READINGS[0], _READINGS[1])
    read = word.translate(first)
    if "1" in word and not _known_word(read.lower()):
        alternative = word.translate(second)
        if _known_word(alternative.lower()):
            return alternative
    return read


def _known_word(low: str) -> bool:
    lx = lexicon()
    return low in lx.common_words or low in lx.first_names or low in lx.last_names or low in lx.medical
