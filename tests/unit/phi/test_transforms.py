"""Transforms: tag, redact, mask, surrogate, date-shift, pseudonym, safe-harbor; linkage and attestation."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from phigate.errors import PhiError
from phigate.phi import DeidContext, analyze, deidentify, deidentify_batch, deidentify_linked
from phigate.phi._types import SpanHasher

TEXT = (
    "Pt John Smith (MRN 12345678) seen 7/22/2024 by Dr. Xavrelo. DOB 2/3/97. 95 yo. "
    "Lives at 123 Main Street, Springfield, MA 03601. Call 617-555-2345. BP 120/80."
)
CTX = DeidContext(tenant="t1", patient_ref="p1", secret=b"s" * 32)


def test_tag_redact_mask() -> None:
    assert deidentify(TEXT, "tag").text.startswith("Pt [NAME] (MRN [MRN]) seen [DATE] by Dr. [NAME].")
    assert "John" not in deidentify(TEXT, "redact").text and "[REDACTED]" in deidentify(TEXT, "redact").text
    masked = deidentify(TEXT, "mask").text
    assert len(masked) == len(TEXT) and "Pt **** *****" in masked


def test_safe_harbor_generalises() -> None:
    out = deidentify(TEXT, "safe-harbor").text
    assert "seen 2024 by" in out and "DOB 1997." in out and "90+ yo" in out
    assert "MA 000." in out  # 036 is a restricted three-digit ZIP area
    assert "BP 120/80" in out
    assert deidentify("Boston, MA 02139", "safe-harbor").text.endswith("021")



def test_an_age_in_words_is_generalised_or_replaced_never_kept() -> None:
    text = "Pt is ninety-three years old; her husband, aged one hundred and two, visited on Christmas Eve."
    sh = deidentify(text, "safe-harbor", CTX).text
    assert sh == "Pt is 90+ years old; her husband, aged 90+, visited on [DATE]."
    out = deidentify(text, "surrogate", CTX).text
    assert "ninety" not in out and "hundred" not in out and "Christmas" not in out
    assert "years old" in out
    assert out.startswith(("Pt is 9", "Pt is 10"))

@pytest.mark.parametrize("mode", ["surrogate", "date-shift", "pseudonym"])
def test_keyed_modes_need_a_secret(mode: str) -> None:
    with pytest.raises(PhiError):
        deidentify(TEXT, mode, DeidContext())


def test_surrogates_are_consistent_and_leak_nothing() -> None:
    a, linkage_a = deidentify_linked(TEXT + " Smith called back.", "surrogate", CTX)
    _, linkage_b = deidentify_linked("Mr. Smith returned on 7/22/2024.", "surrogate", CTX)
    link_a = linkage_a.replacements()
    link_b = linkage_b.replacements()
    assert link_a["7/22/2024"] == link_b["7/22/2024"]
    surname = link_b["Smith"]
    assert surname in link_a["John Smith"] and a.text.count(surname) == 2
    for original in ("John", "Smith", "12345678", "7/22/2024", "617-555-2345", "123 Main Street", "Xavrelo"):
        assert original not in a.text
    other = deidentify(TEXT, "surrogate", DeidContext(tenant="t1", patient_ref="p2", secret=b"s" * 32))
    assert other.text != a.text.removesuffix(" Smith called back.")


def test_a_street_without_a_house_number_is_replaced_too() -> None:
    """Every word of an address but its street type is replaced: a street named without a number ("on Tamsin
    Road") kept its name in surrogate mode while the engine found it."""
    text = "Social: lives alone on Tamsin Road in Brackley; previously at 12 Old Quarry Lane for a year."
    found = [text[s.start:s.end] for s in analyze(text) if s.type == "ADDRESS"]
    assert "Tamsin Road" in found and "12 Old Quarry Lane" in found, found
    out = deidentify(text, "surrogate", CTX).text
    assert not [w for w in ("Tamsin", "Old", "Quarry", "12") if w in out], out
    assert "Road" in out and "Lane" in out  # the street types stay


def test_a_town_inside_an_address_span_is_replaced() -> None:
    """A town the address layer takes into the street's span after a comma ("... Ter, Flaviuton") is replaced in
    surrogate mode: the street type stays, the town does not (it passed through unchanged)."""
    for text in ("Lives at 3372 East Zebirceland Ter, Flaviuton, OH 44101 with her son.",
                 "PT LIVES AT 3372 EAST ZEBIRCELAND TER, FLAVIUTON, OH 44101 WITH HER SON."):
        found = [text[s.start:s.end] for s in analyze(text) if s.type == "ADDRESS"]
        assert any("flaviuton" in f.lower() for f in found), found
        out = deidentify(text, "surrogate", CTX).text
        assert "flaviuton" not in out.lower() and "zebirceland" not in out.lower(), out
        assert "ter," in out.lower(), out  # the street type stays


def test_date_shift_keeps_format_and_intervals() -> None:
    out = deidentify("Admitted 7/20/2024, discharged 7/22/2024, seen July 22nd.", "date-shift", CTX).text
    import datetime as dt
    import re

    dates = re.findall(r"(\d+)/(\d+)/(\d{4})", out)
    d1, d2 = (dt.date(int(y), int(m), int(d)) for m, d, y in dates)
    assert (d2 - d1).days == 2 and "7/22/2024" not in out
    assert re.search(r"seen [A-Z][a-z]+ \d+(st|nd|rd|th)\.", out)


def test_date_shift_can_keep_weekday() -> None:
    ctx = DeidContext(tenant="t", patient_ref="p", secret=b"k" * 32, preserve_weekday=True)
    import datetime as dt

    out = deidentify("on 2024-07-22", "date-shift", ctx).text
    assert dt.date.fromisoformat(out[3:]).weekday() == dt.date(2024, 7, 22).weekday()


# (text, the shape its shifted form keeps): every date form the recognizers know, in its own layout and padding
SHIFTED_FORMS = [
    ("Implanted 03/2019, stable.", r"Implanted (0[1-9]|1[0-2])/\d{4}, stable\."),
    ("Implanted Mar-2019, stable.", r"Implanted [A-Z][a-z]{2}-\d{4}, stable\."),
    ("Collected 20190304 per lab.", r"Collected (19|20)\d\d(0[1-9]|1[0-2])[0-3]\d per lab\."),
    ("DOB: 03041950", r"DOB: (0[1-9]|1[0-2])[0-3]\d19[45]\d"),
    ("Collected 2019-03-04T10:22 per lab.", r"Collected \d{4}-\d\d-\d\dT10:22 per lab\."),
    ("Result 2019-03-04 10:22:13 filed.", r"Result \d{4}-\d\d-\d\d 10:22:13 filed\."),
    ("Stamp 20190304102233 on the order.", r"Stamp \d{8}102233 on the order\."),
    ("Seen 4-Mar-2019 in clinic.", r"Seen \d{1,2}-[A-Z][a-z]{2}-\d{4} in clinic\."),
    ("SEEN MAR 4 2019 IN CLINIC.", r"SEEN [A-Z]{3} \d{1,2} \d{4} IN CLINIC\."),
    ("Mammogram Jan '19, normal.", r"Mammogram [A-Z][a-z]{2} '\d\d, normal\."),
    ("Last seen 3/4/19 in clinic.", r"Last seen \d{1,2}/\d{1,2}/\d\d in clinic\."),
    ("Surgery March 3rd went well.", r"Surgery [A-Z][a-z]+ \d{1,2}(st|nd|rd|th) went well\."),
    ("Dispensed 04MAR2019 by the pharmacy.", r"Dispensed [0-3]\d[A-Z]{3}\d{4} by the pharmacy\."),
    ("Given 4Mar19 per the log.", r"Given \d{1,2}[A-Z][a-z]{2}\d\d per the log\."),
]


@pytest.mark.parametrize(("text", "shape"), SHIFTED_FORMS)
def test_date_shift_keeps_each_forms_layout(text: str, shape: str) -> None:
    import re

    out = deidentify(text, "date-shift", CTX).text
    assert re.fullmatch(shape, out), out
    assert out != text


def test_date_shift_moves_a_two_digit_year_after_the_month() -> None:
    import datetime as dt
    import re

    out = deidentify("Admitted 20 Dec 26, discharged 10 Jan 27.", "date-shift", CTX).text
    a, b = (dt.datetime.strptime(d, "%d %b %y") for d in re.findall(r"\d{1,2} [A-Z][a-z]{2} \d\d", out))
    assert (b - a).days == 21, out


def test_date_shift_of_compact_dates_keeps_intervals() -> None:
    import datetime as dt
    import re

    out = deidentify("Drawn 20190304, repeated 20190306.", "date-shift", CTX).text
    a, b = (dt.datetime.strptime(d, "%Y%m%d") for d in re.findall(r"\d{8}", out))
    assert (b - a).days == 2 and "20190304" not in out


def test_pseudonyms_are_stable_tokens() -> None:
    a = deidentify("Pt John Smith", "pseudonym", CTX).text
    b = deidentify(
        "PT JOHN SMITH", "pseudonym", DeidContext(tenant="t1", patient_ref="x", secret=b"s" * 32)
    ).text
    assert a[3:] == b[3:] and a.startswith("Pt [NAME-")


def test_attestation_covers_the_18_categories() -> None:
    result = deidentify(TEXT, "safe-harbor")
    att = result.attestation
    assert sorted(att["categories"]) == list("ABCDEFGHIJKLMNOPQR")
    assert (
        att["categories"]["A"]["count"] == 2 and att["categories"]["C"]["transform"]["DATE"] == "date-to-year"
    )
    assert att["rule_pack"]["version"] and len(att["input_sha256"]) == 64
    dumped = json.dumps(att)
    assert "John" not in dumped and "12345678" not in dumped


def test_attestation_counts_each_type_under_its_category() -> None:
    result = deidentify("Pt John Smith of Boston, MA 02139, seen 3/4/2021, 42 Elm St, call 617-555-2345.", "tag")
    cats = result.attestation["categories"]
    assert cats["B"]["by_type"] == {"ADDRESS": 1, "LOCATION": 1, "ZIP": 1} and cats["B"]["count"] == 3
    assert list(cats["B"]["by_type"]) == ["ADDRESS", "LOCATION", "ZIP"]  # the category's order, not the text's
    assert cats["A"]["by_type"] == {"NAME": 1} and cats["D"]["count"] == 1
    assert cats["G"] == {
        "identifier": "social security numbers", "count": 0, "by_type": {}, "transform": {"SSN": "tag"}
    }
    assert result.attestation["total"] == sum(c["count"] for c in cats.values())


@pytest.mark.parametrize("key", [b"", b"k" * 16, b"k" * 64, bytes(range(100))])
def test_span_hash_is_hmac_sha256_of_the_span_text(key: bytes) -> None:
    def expected(value: str) -> str:
        return hmac.digest(key, value.encode("utf-8", "surrogatepass"), hashlib.sha256).hex()[:32]

    text = "Pt José Smith seen 3/4/2021 \udc80"
    spans = analyze(text, secret=key) if key else []
    assert all(span.text_hash == expected(text[span.start : span.end]) for span in spans)
    assert SpanHasher(key)("José \udc80") == expected("José \udc80")


def test_result_repr_holds_no_phi() -> None:
    result, linkage = deidentify_linked(TEXT, "surrogate", CTX)
    assert "John" not in repr(result) and "John" not in repr(linkage) and "John" not in repr(linkage.entries[0])
    assert not hasattr(result, "linkage")  # what AI consumers receive carries no way back


def test_batch_is_consistent_across_texts() -> None:
    out = list(deidentify_batch(["Pt John Smith", "Mr. Smith again"], "surrogate", CTX))
    assert out[0].text.split()[-1] == out[1].text.split()[1]


def test_unknown_mode_and_bad_input() -> None:
    with pytest.raises(PhiError):
        deidentify(TEXT, "encrypt")
    with pytest.raises(PhiError):
        deidentify(b"bytes", "tag")  # type: ignore[arg-type]
    with pytest.raises(PhiError):
        DeidContext(secret=b"short")
