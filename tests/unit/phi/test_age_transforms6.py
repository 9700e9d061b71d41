"""Ages over 89 written as ordinals ("her ninetieth birthday") and ages no pattern reads never survive a transform
(issue 11): surrogate and Safe Harbor output hold no word of them."""

from __future__ import annotations

import pytest

from phigate.phi import DeidContext, PhiType, deidentify
from phigate.phi.safe_harbor import generalise
from phigate.phi.transforms._surrogate import surrogate

_CTX = DeidContext(tenant="t", patient_ref="p", secret=b"z" * 32)


@pytest.mark.parametrize("mode", ["surrogate", "safe-harbor"])
@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Celebrated her ninetieth birthday with family.", "ninetieth"),
        ("CELEBRATED HER NINETY-FIFTH BIRTHDAY.", "NINETY-FIFTH"),
        ("Family planning her hundredth birthday party.", "hundredth"),
        ("DOB 3/27/1931 (ninety-four)", "ninety-four"),
    ],
)
def test_an_age_in_words_or_as_an_ordinal_leaves_no_trace(mode: str, text: str, age: str) -> None:
    out = deidentify(text, mode, _CTX).text
    assert age.lower() not in out.lower(), out


def test_a_surrogate_ordinal_age_reads_as_an_ordinal() -> None:
    """Over many keys: an ordinal number over 89 with its English suffix ("91st", "92nd", "93rd", "97th")."""
    outs = {surrogate("ninetieth", PhiType.AGE, bytes([k]) * 32) for k in range(60)}
    assert len(outs) > 5
    for out in outs:
        n = int(out[:-2])
        assert 90 <= n <= 105 and out[-2:] == ("th" if n % 100 in (11, 12, 13) else
                                               {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")), out


@pytest.mark.parametrize("value", ["centenarian", "nonagenarian", "very old"])
def test_an_age_no_pattern_reads_is_replaced_whole(value: str) -> None:
    assert generalise(value, PhiType.AGE) == "90+"
    out = surrogate(value, PhiType.AGE, b"k" * 32)
    assert value not in out and out.isdigit() and 90 <= int(out) <= 105
