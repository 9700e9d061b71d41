"""The names' and places' decision thresholds are a setting: through ``analyze``, ``DeidContext``, ``phigate deid``
and the pipeline's ``[phi]`` settings; recorded in the attestation; validated; scoped to one analysis."""

from __future__ import annotations

import itertools
import json
import math
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phigate.cli import app
from phigate.errors import ConfigError, PhiError
from phigate.phi import DeidContext, PhiType, Thresholds, analyze, deidentify, deidentify_stream
from tests._fixtures.pipeline import ingest
from tests.vectors.phi.corpus import generate

# invented names (a relative, a clinician), towns of the place dictionaries, a phone number
NOTE = ("Seen with her daughter Imra Quellin. Pt from Savannah, visiting family in Tacoma. Dr. Tavro Vantry aware. "
        "Call back at 617-555-0134.")


def _typed(text: str, thresholds: Thresholds | None = None) -> dict[PhiType, int]:
    counts: dict[PhiType, int] = {}
    for s in analyze(text, thresholds=thresholds):
        counts[s.type] = counts.get(s.type, 0) + 1
    return counts


def _tagged_tokens(thresholds: Thresholds) -> int:
    docs = generate(60, seed=5, part="train")
    return sum(s.end - s.start for d in docs
               for s in analyze(d.text, thresholds=thresholds) if s.type in (PhiType.NAME, PhiType.LOCATION))


def test_the_defaults_find_names_and_places_and_extreme_thresholds_keep_all_or_none() -> None:
    default = _typed(NOTE)
    assert default.get(PhiType.NAME, 0) >= 2 and default.get(PhiType.LOCATION, 0) >= 1
    strict = _typed(NOTE, Thresholds(name=20, place=20))
    assert PhiType.NAME not in strict and PhiType.LOCATION not in strict
    assert strict.get(PhiType.PHONE) == 1  # validated patterns do not depend on the thresholds
    lenient = _typed(NOTE, Thresholds(name=-20, place=-20))
    assert lenient.get(PhiType.NAME, 0) >= default[PhiType.NAME]


def test_each_threshold_moves_its_own_category_only() -> None:
    names_off = _typed(NOTE, Thresholds(name=20))
    assert PhiType.NAME not in names_off and names_off.get(PhiType.LOCATION, 0) >= 1
    places_off = _typed(NOTE, Thresholds(place=20))
    assert PhiType.LOCATION not in places_off and places_off.get(PhiType.NAME, 0) >= 2


def test_a_higher_threshold_tags_less() -> None:
    """The trade-off runs one way: over many documents, raising the thresholds tags fewer characters as names and
    places. (Not strictly at every step: a name kept at a lower threshold can win an overlap against a longer place,
    so a step may add a few characters; never more than 1 %.)"""
    counts = [_tagged_tokens(Thresholds(t, t)) for t in (-3.0, -1.0, 0.0, 1.0, 3.0)]
    assert counts[0] > counts[2] > counts[-1], counts
    assert all(b <= a * 1.01 for a, b in itertools.pairwise(counts)), counts


@pytest.mark.parametrize("bad", [math.nan, math.inf, -21.0, 20.5, True, "1", None])
def test_a_threshold_out_of_range_or_of_the_wrong_type_is_refused(bad: object) -> None:
    with pytest.raises(PhiError, match="threshold"):
        Thresholds(name=bad)  # type: ignore[arg-type]
    with pytest.raises(PhiError, match="threshold"):
        Thresholds(place=bad)  # type: ignore[arg-type]


def test_thresholds_of_the_wrong_kind_are_refused_where_they_are_passed() -> None:
    with pytest.raises(PhiError, match="Thresholds"):
        analyze(NOTE, thresholds=1.0)  # type: ignore[arg-type]
    with pytest.raises(PhiError, match="Thresholds"):
        DeidContext(thresholds={"name": 1.0})  # type: ignore[arg-type]


def test_a_context_decides_deidentify_and_the_stream_and_the_attestation_records_it() -> None:
    ctx = DeidContext(thresholds=Thresholds(name=20, place=20))
    result = deidentify(NOTE, "tag", ctx)
    assert "Quellin" in result.text and "Tacoma" in result.text and "617-555-0134" not in result.text
    assert result.attestation["decision_thresholds"] == {"name": 20.0, "place": 20.0}
    assert deidentify(NOTE).attestation["decision_thresholds"] == {"name": 0.0, "place": 0.0}
    streamed = "".join(piece for piece, _ in deidentify_stream([NOTE[:40], NOTE[40:]], "tag", ctx))
    assert streamed == result.text


def test_thresholds_hold_for_one_analysis_only_even_across_threads() -> None:
    """A setting is scoped to its call: neither a later call nor a concurrent one sees it, even after a failure."""
    default = analyze(NOTE)

    class Boom:
        def find(self, text: str) -> list[tuple[int, int, PhiType, str]]:
            raise RuntimeError("plug-in failed")

    with pytest.raises(RuntimeError):
        analyze(NOTE, thresholds=Thresholds(20, 20), extra=[Boom()])
    assert [(s.start, s.end) for s in analyze(NOTE)] == [(s.start, s.end) for s in default]

    seen: dict[str, set[tuple[tuple[int, int], ...]]] = {"strict": set(), "default": set()}

    def run(key: str, t: Thresholds | None) -> None:
        for _ in range(30):
            seen[key].add(tuple((s.start, s.end) for s in analyze(NOTE, thresholds=t)))

    threads = [threading.Thread(target=run, args=("strict", Thresholds(20, 20))),
               threading.Thread(target=run, args=("default", None))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert seen["default"] == {tuple((s.start, s.end) for s in default)}  # every run alike, each its own setting
    assert len(seen["strict"]) == 1 and len(next(iter(seen["strict"]))) < len(default)


def test_the_cli_takes_thresholds_and_refuses_bad_ones(tmp_path: Path) -> None:
    runner = CliRunner()
    strict = runner.invoke(app, ["deid", "-", "--name-threshold", "20", "--place-threshold", "20"], input=NOTE)
    assert strict.exit_code == 0, strict.output
    assert "Quellin" in strict.stdout and "Tacoma" in strict.stdout and "[PHONE]" in strict.stdout
    default = runner.invoke(app, ["deid", "-"], input=NOTE)
    assert "Quellin" not in default.stdout and "Tacoma" not in default.stdout
    out = tmp_path / "att.json"
    runner.invoke(app, ["deid", "-", "--name-threshold", "-1.5", "--attestation", str(out)], input=NOTE)
    assert json.loads(out.read_text())["decision_thresholds"] == {"name": -1.5, "place": 0.0}
    for bad in ("50", "nan", "abc"):
        res = runner.invoke(app, ["deid", "-", "--name-threshold", bad], input=NOTE)
        assert res.exit_code != 0
        assert "Quellin" not in res.output  # the error holds no input text
    refused = runner.invoke(app, ["deid", "-", "--name-threshold", "50"], input=NOTE)
    assert isinstance(refused.exception, PhiError) and "name threshold" in str(refused.exception)
    assert refused.stdout == ""  # nothing is released under a setting that was refused
    assert "--name-threshold" in runner.invoke(app, ["deid", "--help"], env={"COLUMNS": "200"}).output


def test_the_pipeline_decides_at_the_configured_thresholds(tmp_path: Path) -> None:
    note = tmp_path / "in" / "note.txt"
    note.parent.mkdir()
    note.write_text(NOTE)
    default = ingest(tmp_path / "d1", note)
    strict = ingest(tmp_path / "d2", note, env={"PHIGATE_PHI__NAME_THRESHOLD": "20",
                                                 "PHIGATE_PHI__PLACE_THRESHOLD": "20"})
    assert default.exit_code == 0 and strict.exit_code == 0, (default.output, strict.output)
    assert default.rows[0]["phi"].get("NAME", 0) >= 2
    assert "NAME" not in strict.rows[0]["phi"] and "LOCATION" not in strict.rows[0]["phi"]
    assert strict.rows[0]["phi"].get("PHONE") == 1
    with pytest.raises(ConfigError, match=r"phi\.name_threshold"):
        ingest(tmp_path / "d3", note, env={"PHIGATE_PHI__NAME_THRESHOLD": "99"})
