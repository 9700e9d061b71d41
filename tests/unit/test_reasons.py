"""``Reason(code, detail)``: one shape for why a document is where it is, stored as JSON, shown as ``code: detail``,
and read back from rows written before reasons were typed."""

from __future__ import annotations

import pytest

from phigate.models import Reason, decode_reasons, encode_reasons


def test_reasons_round_trip_through_storage() -> None:
    reasons = (Reason("pdf.javascript", "/JS in object 4"), Reason("erased"))
    assert decode_reasons(encode_reasons(reasons)) == reasons
    assert [str(r) for r in reasons] == ["pdf.javascript: /JS in object 4", "erased"]


@pytest.mark.parametrize(("stored", "expected"), [
    ('["too_large: 100 MiB limit"]', (Reason("too_large", "100 MiB limit"),)),
    ('["erased on request"]', (Reason("erased on request"),)),
    ("[]", ()),
    (None, ()),
])
def test_rows_written_before_reasons_were_typed_still_read(stored: str | None, expected: tuple[Reason, ...]) -> None:
    assert decode_reasons(stored) == expected
