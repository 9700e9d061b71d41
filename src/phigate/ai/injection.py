"""The input firewall's injection scan: a document's text is read sentence by sentence for instructions aimed at
the model (ignore your instructions, reveal the system prompt), role-play (you are now ...), exfiltration links
(send it to https://..., markdown images that carry data out) and tool-call bait (call the function ...). A
sentence is flagged when its cues add up to at least 1 (a strong cue alone, or two weak ones in the same
sentence); weak cues spread over a long note do not add up, which is what keeps clinical text ("discharge
instructions given", "run the labs") clean. Text is normalised first (NFKC, invisible format characters removed),
so an injection spelled with zero-width characters is read as written. An ML classifier plugs in through
``InjectionClassifier``: its score flags a sentence the rules did not."""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

STRONG, WEAK = 1.0, 0.5


class Category(enum.StrEnum):
    INSTRUCTION = "instruction"
    ROLE_PLAY = "role_play"
    EXFILTRATION = "exfiltration"
    TOOL_BAIT = "tool_bait"
    HIDDEN_TEXT = "hidden_text"
    CLASSIFIER = "classifier"


class Verdict(enum.StrEnum):
    CLEAN = "clean"
    BLOCKED = "blocked"


def _cue(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# (category, weight, pattern): each cue counts once per sentence
CUES: tuple[tuple[Category, float, re.Pattern[str]], ...] = (
    (Category.INSTRUCTION, STRONG, _cue(r"\b(ignore|disregard|forget|override|bypass|skip)\b.{0,40}\b(previous|prior|"
                                        r"above|earlier|preceding|all|any|your|system|original)\b.{0,30}\b(instruction|"
                                        r"prompt|rule|guideline|direction|directive|polic)")),
    (Category.INSTRUCTION, STRONG, _cue(r"\b(reveal|print|show|repeat|output|disclose|leak)\b.{0,30}\b(system prompt|"
                                        r"your (instruction|prompt|rule)|hidden|secret|api key|password|credential)")),
    (Category.INSTRUCTION, STRONG, _cue(r"\b(new|updated|real|actual|following) (system )?instructions?\s*[:\-]")),
    (Category.INSTRUCTION, WEAK, _cue(r"\b(ai|assistant|language model|llm|chatbot|gpt|model|summari[sz]er)\b")),
    (Category.INSTRUCTION, WEAK, _cue(r"\b(you must|you should|you will|you are to|do not (tell|mention|inform|reveal)|"
                                      r"don't (tell|mention)|never (tell|mention|reveal)|always (respond|answer|say)|"
                                      r"respond only|answer only|instead (say|write|respond))\b")),
    (Category.INSTRUCTION, WEAK, _cue(r"\bsystem prompt\b|\bprompt injection\b|\binstructions? (above|below)\b")),
    (Category.ROLE_PLAY, STRONG, _cue(r"\b(you are now|from now on,? you|act as (an?|the|my)? ?"
                                      r"(unfiltered|unrestricted|evil|different|new|rogue)|"
                                      r"pretend (to be|you are|that you)|role-?play as|"
                                      r"developer mode|jailbreak|\bDAN\b|do anything now|no longer bound)")),
    (Category.EXFILTRATION, STRONG, _cue(r"!\[[^\]]*\]\(\s*https?://")),
    (Category.EXFILTRATION, STRONG, _cue(r"\b(send|post|upload|forward|transmit|exfiltrate|leak|e-?mail|submit)\s+"
                                         r"(it|this|that|them|the|all|everything|any|a copy|your|its|these|those)\b"
                                         r".{0,80}(https?://|www\.|\b[\w.-]+@[\w-]+\.\w+|webhook|pastebin)")),
    (Category.EXFILTRATION, STRONG, _cue(r"\b(append|include|add|encode|put)\b.{0,50}\b(to|in|into) (the|this|a|that) "
                                         r"(url|link|query|address)")),
    (Category.EXFILTRATION, WEAK, _cue(r"https?://\S+[?&]\S*=")),
    (Category.TOOL_BAIT, STRONG, _cue(r"\"?(function_call|tool_calls?|tool_use)\"?\s*[:=]|<\s*/?\s*(tool|function)"
                                      r"[_ ]?(call|use)|\b(rm -rf|curl |wget |os\.system|subprocess|eval\()")),
    (Category.TOOL_BAIT, WEAK, _cue(r"\b(call|invoke|execute|trigger|use)\b.{0,25}\b(the )?(function|tool|plugin|"
                                    r"shell|script|browser|api)\b")),
    (Category.TOOL_BAIT, WEAK, _cue(r"\b[a-z]+_[a-z_]+\(?\b")),  # a tool's name (delete_records)
)
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")
_INVISIBLE = {"Cf", "Co", "Cn"}


class InjectionClassifier(Protocol):
    """A plug-in model: the probability (0-1) that a sentence is an injection aimed at the model."""

    def score(self, sentence: str) -> float: ...


@dataclass(frozen=True, slots=True)
class DocumentVerdict:
    """The verdict on one document: ``blocked`` if any sentence was flagged or it has hidden text. Counts and
    categories only, never the sentence."""

    verdict: Verdict
    sentences: int
    flagged: int
    categories: tuple[Category, ...] = ()


def normalise(text: str) -> str:
    """NFKC, invisible format characters (zero-width spaces and joiners, bidi controls) removed."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in _INVISIBLE)


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCES.split(text) if s.strip()]


def cues_in(text: str) -> tuple[float, set[Category]]:
    score, found = 0.0, set()
    for category, weight, pattern in CUES:
        if pattern.search(text):
            score += weight
            found.add(category)
    return score, found


class InjectionScanner:
    """The per-document scan. ``classifier`` (optional) flags a sentence scoring at least ``threshold``."""

    def __init__(self, classifier: InjectionClassifier | None = None, threshold: float = 0.5) -> None:
        self._classifier, self._threshold = classifier, threshold

    def scan(self, text: str, *, hidden_text: int = 0) -> DocumentVerdict:
        parts = sentences(normalise(text))
        flagged, found = 0, set()
        for sentence in parts:
            hit = self._sentence(sentence)
            if hit:
                flagged += 1
                found |= hit
        if hidden_text:
            found.add(Category.HIDDEN_TEXT)
        verdict = Verdict.BLOCKED if flagged or hidden_text else Verdict.CLEAN
        return DocumentVerdict(verdict, len(parts), flagged, tuple(sorted(found)))

    def _sentence(self, sentence: str) -> set[Category]:
        score, found = cues_in(sentence)
        if score >= STRONG:
            return found
        if self._classifier is not None and self._classifier.score(sentence) >= self._threshold:
            return {Category.CLASSIFIER}
        return set()


def whole_text_baseline(text: str) -> bool:
    """The baseline the bench compares against: the same cues counted over the whole text at once."""
    score, _ = cues_in(normalise(text))
    return score >= STRONG


def evaluate(scanner: InjectionScanner, labelled: Iterable[tuple[str, bool]]) -> dict[str, float]:
    """Recall and false-positive rate of the scanner and of the whole-text baseline on ``labelled``."""
    rows: Sequence[tuple[str, bool]] = list(labelled)
    ours = [(scanner.scan(t).verdict is Verdict.BLOCKED, y) for t, y in rows]
    base = [(whole_text_baseline(t), y) for t, y in rows]
    return {"recall": _recall(ours), "fpr": _fpr(ours), "baseline_recall": _recall(base), "baseline_fpr": _fpr(base)}


def _recall(pairs: list[tuple[bool, bool]]) -> float:
    pos = [p for p, y in pairs if y]
    return sum(pos) / len(pos) if pos else 0.0


def _fpr(pairs: list[tuple[bool, bool]]) -> float:
    neg = [p for p, y in pairs if not y]
    return sum(neg) / len(neg) if neg else 0.0
