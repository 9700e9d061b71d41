"""Streaming through phigate with the official openai client: the answer is scrubbed on the fly, a name split
across chunks is caught whole, and the call is audited once the stream ends."""

from __future__ import annotations

import hashlib

from tests._fixtures.ai import Gateway, as_words
from tests.ai.test_chat import NOTE, ORIGINALS


def _stream(gateway: Gateway, doc: str, scopes: tuple[str, ...] = ("ai:invoke",)) -> tuple[str, list[str]]:
    client = gateway.client(scopes=scopes)
    pieces = []
    with client.chat.completions.create(model="clinical", stream=True,
                                        messages=[{"role": "user", "content": "Summarise."}],
                                        extra_body={"phigate": {"purpose": "TREAT", "documents": [doc]}}) as stream:
        for chunk in stream:
            if chunk.choices and chunk.choices[0].delta.content:
                pieces.append(chunk.choices[0].delta.content)
    return "".join(pieces), pieces


def test_a_streamed_answer_is_scrubbed_even_when_a_name_is_split_across_chunks(gateway: Gateway) -> None:
    gateway.add_model()
    doc = gateway.upload(NOTE)
    # a model that knows the original name (it was never sent: it guessed) and spells it in 3-letter chunks
    gateway.upstream.reply = lambda body: "The patient John Smith, seen by Dr. Alice Moreno, is improving. " * 3
    gateway.upstream.chunk_size = 3
    text, pieces = _stream(gateway, doc)
    assert "John Smith" not in text and "Smith" not in text and "Alice Moreno" not in text
    assert "[NAME]" in text and "is improving" in text
    assert len(pieces) > 1  # it did stream
    assert not as_words(ORIGINALS, gateway.upstream.everything())


def test_a_streamed_answer_maps_surrogates_back_for_the_full_view(gateway: Gateway) -> None:
    gateway.add_model()
    doc = gateway.upload(NOTE)
    gateway.upstream.chunk_size = 2  # every surrogate arrives split
    text, _ = _stream(gateway, doc, scopes=("ai:invoke", "documents:read_phi"))
    assert "Smith" in text
    [detail] = gateway.audit_details("ai.chat")
    fields = dict(item.split("=", 1) for item in detail.split())
    assert fields["returned_sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert fields["tokens"] == "50/20" and fields["decision"] == "permit"


def test_a_stream_whose_upstream_fails_is_a_clear_error_before_any_byte(gateway: Gateway) -> None:
    import openai
    import pytest

    gateway.add_model()
    gateway.upstream.status = 400
    client = gateway.client()
    with pytest.raises(openai.APIStatusError) as caught:
        client.chat.completions.create(model="clinical", stream=True, messages=[{"role": "user", "content": "x"}])
    assert caught.value.status_code == 502
    assert "reason=upstream_unavailable" in gateway.audit_details("ai.chat")[0]
