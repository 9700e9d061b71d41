"""What the vendor received, byte for byte (the upstream records every request), holds no original PHI value of
the documents phigate injected: the examples of every text format, and documents of the synthetic corpus whose
every identifier is annotated. The caller's own message names the patient too, and is covered as well."""

from __future__ import annotations

import re
from pathlib import Path

from phigate.formats import of_path
from phigate.phi import analyze
from tests._fixtures.ai import Gateway, stands_in
from tests.vectors.phi.corpus import generate

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# the invented patient of examples/ (scripts/make_examples.py), and the people named around her
EXAMPLE_PHI = ("Quintero", "Zoe", "MRN778899", "778899", "555-0199", "12 Elm Street", "62701", "1971-03-04",
               "03/04/1971", "555-0142", "Natarajan")
TEXT_FORMATS = ("referral-letter.pdf", "discharge-summary.docx", "adt-a01.hl7", "patient-bundle.fhir.json")


_DAY_MONTH = re.compile(r"\d{1,2}[/.-]\d{1,2}")


def _ask(gateway: Gateway, documents: list[str], question: str, stream: bool) -> str:
    client = gateway.client(scopes=("ai:invoke", "documents:read_phi"))
    kwargs = {"model": "clinical", "messages": [{"role": "user", "content": question}],
              "extra_body": {"phigate": {"purpose": "treatment", "documents": documents, "patient_ref": "p-1"}}}
    if not stream:
        return client.chat.completions.create(**kwargs).choices[0].message.content or ""  # type: ignore[call-overload]
    with client.chat.completions.create(stream=True, **kwargs) as chunks:  # type: ignore[call-overload]
        return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


def test_no_phi_of_the_examples_reaches_the_vendor(gateway: Gateway) -> None:
    gateway.add_model()
    docs = [gateway.upload((EXAMPLES / name).read_bytes(), of_path(EXAMPLES / name)) for name in TEXT_FORMATS]
    _ask(gateway, docs[:2], "What does the letter say about Zoe Quintero (MRN778899)?", stream=False)
    _ask(gateway, docs[2:], "Summarise Ms. Quintero's admission.", stream=True)
    sent = gateway.upstream.everything()
    assert len(gateway.upstream.received) == 2 and "lisinopril" in sent
    leaked = [v for v in EXAMPLE_PHI if stands_in(sent, v)]
    assert leaked == []


def test_no_phi_the_engine_found_in_the_synthetic_corpus_reaches_the_vendor(gateway: Gateway) -> None:
    """Every annotated identifier the engine finds stays inside; the ones that do reach the vendor are exactly
    the engine's misses. The train part is used: this test checks the gateway, not how far the engine generalises
    (that is measured on the test part in tests/unit/phi/test_corpus.py)."""
    gateway.add_model()
    corpus = [d for d in generate(12, seed=23, part="train") if d.spans][:8]
    sent_values: list[tuple[str, bool]] = []
    for i in range(0, len(corpus), 4):
        batch = corpus[i:i + 4]
        ids = [gateway.upload(d.text.encode()) for d in batch]
        _ask(gateway, ids, "Summarise these notes.", stream=bool(i % 8))
        for d in batch:
            found = [(s.start, s.end) for s in analyze(d.text)]
            for start, end, typ in d.spans:
                value = d.text[start:end]
                # a day and month alone ("8/18") can be another date's shifted surrogate: not the original leaking
                if len(value.strip()) >= 4 and not (typ == "DATE" and _DAY_MONTH.fullmatch(value)):
                    caught = any(s <= start and end <= e for s, e in found)
                    sent_values.append((value, caught))
    sent = gateway.upstream.everything()
    assert len(sent_values) > 40
    leaked_found = [v for v, caught in sent_values if caught and stands_in(sent, v)]
    assert leaked_found == []
    assert sum(1 for _, caught in sent_values if caught) / len(sent_values) > 0.85  # the corpus was found
