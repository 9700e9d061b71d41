"""The ``phigate deid`` command, and hostile input: empty, junk, invalid UTF-8, huge lines, regex bombs."""

from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

from phigate.cli import app
from phigate.errors import PhiError
from phigate.phi import analyze, deidentify_stream

runner = CliRunner()


def test_deid_json_exactly_as_specified() -> None:
    text = "Pt John Smith seen 7/22/2024."
    res = runner.invoke(app, ["deid", "-", "--json"], input=text)
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert set(doc) == {"text", "spans"} and doc["text"] == "Pt [NAME] seen [DATE]."
    assert [set(s) for s in doc["spans"]] == [{"start", "end", "type", "text_hash"}] * 2
    assert text[doc["spans"][0]["start"] : doc["spans"][0]["end"]] == "John Smith"


def test_deid_file_modes(tmp_path: pytest.TempPathFactory) -> None:
    f = tmp_path / "note.txt"  # type: ignore[operator]
    f.write_text("DOB 2/3/97, 95 yo, Boston, MA 02139")
    res = runner.invoke(app, ["deid", str(f), "--mode", "safe-harbor"])
    assert res.exit_code == 0 and res.stdout == "DOB 1997, 90+ yo, [LOCATION], MA 021"


def test_deid_jsonl_batch_in_order() -> None:
    lines = "\n".join(json.dumps({"id": i, "text": f"Dr. Jones saw pt {i}"}) for i in range(5)) + "\n"
    res = runner.invoke(app, ["deid", "--jsonl"], input=lines)
    assert res.exit_code == 0, res.output
    out = [json.loads(ln) for ln in res.stdout.splitlines()]
    assert [o["id"] for o in out] == list(range(5)) and out[0]["text"] == "Dr. [NAME] saw pt 0"


def test_deid_surrogate_without_secret_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PHIGATE_DEID_SECRET", raising=False)
    res = runner.invoke(app, ["deid", "--mode", "surrogate"], input="Pt John Smith")
    assert res.exit_code == 0 and "John" not in res.stdout and "random key" in res.stderr


def test_deid_surrogate_with_secret_is_stable(tmp_path: pytest.TempPathFactory) -> None:
    key = tmp_path / "k"  # type: ignore[operator]
    key.write_bytes(b"x" * 32)
    outs = {
        runner.invoke(
            app, ["deid", "--mode", "surrogate", "--secret-file", str(key)], input="Pt John Smith"
        ).stdout
        for _ in range(2)
    }
    assert len(outs) == 1


@pytest.mark.parametrize("payload", [b"\xff\xfe\x00", b"ok \xc3"])
def test_invalid_utf8_fails_closed(payload: bytes) -> None:
    res = runner.invoke(app, ["deid"], input=payload)
    assert res.exit_code != 0 and res.stdout == ""


@pytest.mark.parametrize("line", ["not json", "[1,2]", '{"id": 1}', '{"text": 5}'])
def test_jsonl_malformed(line: str) -> None:
    res = runner.invoke(app, ["deid", "--jsonl"], input=line + "\n")
    assert res.exit_code != 0


def test_jsonl_leaves_the_collector_as_it_found_it() -> None:
    """``deid --jsonl`` freezes the collector's view during a run (the dictionaries live as long as it) and thaws it
    at the end, so a longer process running the command (this test's) keeps collecting what it frees later."""
    import gc

    lines = "".join(json.dumps({"id": k, "text": f"Pt John Smith seen 7/2{k}."}) + "\n" for k in range(3))
    assert gc.get_freeze_count() == 0
    res = runner.invoke(app, ["deid", "--jsonl"], input=lines)
    assert res.exit_code == 0 and len(res.stdout.splitlines()) == 3
    assert gc.get_freeze_count() == 0


def test_unknown_mode_is_refused() -> None:
    assert runner.invoke(app, ["deid", "--mode", "rot13"], input="x").exit_code != 0


def test_empty_and_junk() -> None:
    assert analyze("") == []
    junk = "".join(chr(c) for c in range(0, 0x3000, 7)) * 20
    analyze(junk)
    analyze("\x00" * 10000 + "Pt John Smith")


@pytest.mark.parametrize(
    "bomb",
    [
        "a" * 200_000,
        "1" * 200_000,
        "1/" * 100_000,
        ("Dr. " * 50_000),
        ("x@" * 100_000),
        ("1 " * 100_000) + "Street",
        "http://" + "a" * 200_000,
        ("John " * 40_000),
        ("9" * 5 + "-") * 60_000,  # was quadratic in RE2's unanchored search before bounded slices
        "(" * 100_000,
        "1/" * 100_000 + "O1",  # an OCR repair reads each field of digits once
        "a1" * 100_000,
    ],
)
def test_adversarial_input_is_time_bounded(bomb: str) -> None:
    # CPU time of this process, not the wall clock: a loaded machine (the suite runs in three processes) stretches
    # the latter; quadratic work on 200 KB would take minutes of CPU, these take well under a second
    t0 = time.process_time()
    analyze(bomb)
    assert time.process_time() - t0 < 5.0


def test_many_regions_cost_linear_time() -> None:
    """Paragraphs in alternating letter case are each a region of their own: this was quadratic in the regions.

    The text is ordinary prose, so its absolute time only tracks the machine's speed; what must hold is that four
    times the paragraphs cost about four times as long (quadratic work would cost sixteen), best of three runs each.
    """
    pair = ("Pt John Smith seen today by Dr. Jones for follow up of CHF and HTN. " * 3 + "\n\n"
            + "PT JOHN SMITH SEEN TODAY BY DR. JONES FOR FOLLOW UP OF CHF AND HTN. " * 3 + "\n\n")

    def best_of_three(pairs: int) -> float:
        times = []
        for _ in range(3):
            t0 = time.process_time()
            analyze(pair * pairs)
            times.append(time.process_time() - t0)
        return min(times)

    analyze(pair)  # warm the lexicons
    assert best_of_three(1_600) / best_of_three(400) < 8.0


def test_stream_finds_entities_across_window_boundaries() -> None:
    filler = "The patient rested comfortably overnight. " * 40
    parts = [filler[: 1024 * 3 - 5], "Pt John Smith MRN 12345678 called 617-555-2345. ", filler * 3]
    text = "".join(parts)
    whole = [(s.start, s.end, s.type) for s in analyze(text)]
    chunks = [text[i : i + 333] for i in range(0, len(text), 333)]
    pieces, spans = [], []
    for piece, sp in deidentify_stream(chunks, "tag", window=2048, overlap=512):
        pieces.append(piece)
        spans.extend((s.start, s.end, s.type) for s in sp)
    assert spans == whole and "John" not in "".join(pieces)


def test_stream_rejects_bad_windows_and_chunks() -> None:
    with pytest.raises(PhiError):
        list(deidentify_stream(["x"], window=10))
    with pytest.raises(PhiError):
        list(deidentify_stream([b"x"]))  # type: ignore[list-item]


def test_public_surface_is_pinned() -> None:
    import phigate.phi

    assert sorted(phigate.phi.__all__) == sorted(
        [
            "MODES",
            "SAFE_HARBOR_CATEGORIES",
            "DeidContext",
            "Deidentified",
            "KnownPhi",
            "KnownSpan",
            "Linkage",
            "LinkageEntry",
            "Mode",
            "PhiSpan",
            "PhiType",
                "Thresholds",
            "Recognizer",
            "analyze",
            "deidentify",
            "deidentify_batch",
            "deidentify_linked",
            "deidentify_stream",
            "phi_type",
        ]
    )


def test_large_stream_keeps_an_entity_that_straddles_the_window_cut() -> None:
    """Over 2 MB through the default 1 MiB windows: an identifier written across the first cut is found whole,
    offsets stay those of the whole input, and nothing of it reaches the output."""
    window, overlap = 1 << 20, 8192
    filler = "The patient rested comfortably overnight and ate well. "
    entity = "Dr. Xavrelo Quintanar 617-555-2345 MRN 12345678"
    head = (filler * (window // len(filler) + 1))[: window - 21] + "\n"  # the entity crosses character `window`
    text = head + entity + " " + filler * ((window + 50_000) // len(filler))
    first_chunk = window + overlap  # the first window is cut at the last space at or before `window`
    chunks = [text[:first_chunk]] + [text[i : i + 65_536] for i in range(first_chunk, len(text), 65_536)]
    out, spans = [], []
    for piece, sp in deidentify_stream(chunks, "tag", window=window, overlap=overlap):
        out.append(piece)
        spans.extend(sp)
    joined = "".join(out)
    assert "Xavrelo" not in joined and "Quintanar" not in joined and "555-2345" not in joined
    found = {(text[s.start : s.end], str(s.type)) for s in spans}
    assert {("Xavrelo Quintanar", "NAME"), ("617-555-2345", "PHONE"), ("12345678", "MRN")} <= found
    assert joined.count("[NAME]") == 1 and len(spans) == 3
    assert len(joined) == len(text) - sum(s.end - s.start for s in spans) + len("[NAME][PHONE][MRN]")


def test_identifiers_are_found_wherever_the_scanner_slices_the_text() -> None:
    """The validated-pattern scan searches bounded slices: identifiers straddling any cut are still whole."""
    phone = "617-555-2345"
    parts, expected = [], []
    pos = 0
    for k in range(1, 12):
        target = k * 16_384 - 1_024 + (k * 7) % 40 - 20  # around every slice's guard zone and end
        filler = "." * (target - pos - 1) + " "
        parts.append(filler)
        pos += len(filler)
        parts.append(phone + " ")
        expected.append((pos, pos + len(phone)))
        pos += len(phone) + 1
    url = "see https://example.org/" + "p" * 20_000 + " end"
    text = "".join(parts) + url + " é " * 3000 + "fax 617-555-9876"
    spans = [(s.start, s.end, str(s.type)) for s in analyze(text)]
    assert [(s, e) for s, e, t in spans if t == "PHONE"] == expected
    url_at = text.index("https://")
    assert (url_at, url_at + len(url) - 8, "URL") in spans
    assert text[spans[-1][0] : spans[-1][1]] == "617-555-9876" and spans[-1][2] == "FAX"
