"""Chat through phigate with the official openai client: documents go to the vendor as surrogates, come back
as originals only for the full view, and every call is audited with hashes, never text."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import openai
import pytest

from tests._fixtures.ai import Gateway, as_words, running_gateway, stands_in

NOTE = (b"Discharge summary. Patient John Smith (MRN 4482913) was seen on 03/14/2024 by Dr. Alice Moreno.\n"
        b"Mr. Smith lives at 12 Maple Street, Springfield. Phone 617-555-0142.\n"
        b"Assessment: community-acquired pneumonia, improving on amoxicillin.\n")
ORIGINALS = ("John Smith", "Smith", "4482913", "03/14/2024", "617-555-0142", "Maple Street", "Alice Moreno")


def _ask(client: openai.OpenAI, documents: list[str], **phigate: object) -> openai.types.chat.ChatCompletion:
    return client.chat.completions.create(
        model="clinical", messages=[{"role": "user", "content": "Summarise the note for John Smith."}],
        extra_body={"phigate": {"purpose": "treatment", "documents": documents, **phigate}})


def test_the_vendor_receives_surrogates_and_the_clinician_gets_originals_back(gateway: Gateway) -> None:
    gateway.add_model()
    doc = gateway.upload(NOTE)
    full = gateway.client(scopes=("ai:invoke", "documents:read_phi"))
    answer = _ask(full, [doc])
    sent = gateway.upstream.everything()
    assert not as_words(ORIGINALS, sent)
    assert "pneumonia" in sent  # the clinical content does go
    body = gateway.upstream.bodies()[0]
    assert body["model"] == "up-clinical" and "phigate" not in body
    text = answer.choices[0].message.content or ""
    assert "Smith" in text  # the surrogates the fake model quoted came back as the originals
    assert answer.model == "clinical"


def test_a_caller_without_the_full_view_gets_the_answer_de_identified(gateway: Gateway) -> None:
    gateway.add_model()
    doc = gateway.upload(NOTE)
    text = _ask(gateway.client(), [doc]).choices[0].message.content or ""
    for value in ORIGINALS:
        assert not stands_in(text, value), value
    research = _ask(gateway.client(scopes=("ai:invoke", "documents:read_phi")), [doc], purpose="research")
    assert "Smith" not in (research.choices[0].message.content or "")  # research: de-identified only


def test_surrogates_are_consistent_for_one_patient(gateway: Gateway) -> None:
    gateway.add_model()
    a, b = gateway.upload(NOTE), gateway.upload(NOTE.replace(b"pneumonia", b"cellulitis"))
    client = gateway.client()
    _ask(client, [a], patient_ref="MRN-SYN-7")
    _ask(client, [b], patient_ref="MRN-SYN-7")
    _ask(client, [a], patient_ref="MRN-SYN-8")
    first, second, other = (json.dumps(x["messages"][0]) for x in gateway.upstream.bodies())
    surrogate = first.split("Patient ")[1].split(" (")[0]
    assert surrogate in second and surrogate not in other


def test_every_call_is_audited_with_hashes_and_never_text(gateway: Gateway) -> None:
    gateway.add_model()
    doc = gateway.upload(NOTE)
    answer = _ask(gateway.client(scopes=("ai:invoke", "documents:read_phi")), [doc])
    [detail] = gateway.audit_details("ai.chat")
    fields = dict(item.split("=", 1) for item in detail.split())
    assert fields["doc1"] == doc and fields["view"] == "surrogate" and fields["verdicts"] == "clean"
    assert fields["vendor"] == "acme" and fields["baa"] == "baa-clinical" and fields["decision"] == "permit"
    assert fields["tokens"] == "50/20"
    returned = answer.choices[0].message.content or ""
    assert fields["returned_sha256"] == hashlib.sha256(returned.encode()).hexdigest()
    assert fields["received_sha256"] != fields["returned_sha256"]  # surrogates were mapped back
    assert fields["reveal"] == "true"
    assert "Smith" not in detail and "pneumonia" not in detail


def test_documents_need_a_live_baa_for_the_exact_deployment(gateway: Gateway) -> None:
    gateway.add_model("expired", expires="2021-01-01")
    doc = gateway.upload(NOTE)
    with pytest.raises(openai.PermissionDeniedError) as caught:
        _ask(gateway.client(), [doc]) if False else gateway.client().chat.completions.create(
            model="expired", messages=[{"role": "user", "content": "hi"}],
            extra_body={"phigate": {"documents": [doc]}})
    assert caught.value.body["code"] == "baa_required"  # type: ignore[index]
    assert gateway.upstream.received == []
    assert "reason=baa_required" in gateway.audit_details("ai.chat")[0]


def test_a_model_without_phi_gets_the_safe_harbor_text_and_no_way_back(gateway: Gateway) -> None:
    gateway.add_model("plain", phi=False, baa=False)
    doc = gateway.upload(NOTE)
    client = gateway.client(scopes=("ai:invoke", "documents:read_phi"))
    client.chat.completions.create(model="plain", messages=[{"role": "user", "content": "About John Smith?"}],
                                   extra_body={"phigate": {"documents": [doc]}})
    sent = gateway.upstream.everything()
    assert "[NAME]" in sent and "Smith" not in sent


def test_refusals_are_clear_errors(gateway: Gateway) -> None:
    gateway.add_model()
    refused = gateway.upload(NOTE, ai_consent=False)
    client = gateway.client()
    with pytest.raises(openai.PermissionDeniedError) as caught:
        _ask(client, [refused])
    assert caught.value.body["code"] == "consent_refused"  # type: ignore[index]
    with pytest.raises(openai.NotFoundError):
        _ask(client, ["doc_" + "0" * 32])
    with pytest.raises(openai.NotFoundError) as missing:
        client.chat.completions.create(model="nosuch", messages=[{"role": "user", "content": "hi"}])
    assert missing.value.body["code"] == "model_not_found"  # type: ignore[index]
    other_tenant = gateway.upload(NOTE, tenant="t2")
    with pytest.raises(openai.NotFoundError):
        _ask(client, [other_tenant])
    with pytest.raises(openai.PermissionDeniedError):
        _ask(gateway.client(scopes=("documents:read",)), [])
    assert gateway.upstream.received == []


def test_a_call_with_the_most_documents_keeps_every_audit_field(gateway: Gateway) -> None:
    gateway.add_model()
    docs = [gateway.upload(NOTE + f"Visit {i}.".encode()) for i in range(4)]
    _ask(gateway.client(), docs)
    [detail] = gateway.audit_details("ai.chat")
    fields = dict(item.split("=", 1) for item in detail.split())
    assert [fields[f"doc{i}"] for i in (1, 2, 3, 4)] == docs and fields["verdicts"] == "clean+clean+clean+clean"
    assert {"view", "vendor", "tokens", "returned_sha256", "received_sha256", "latency_ms"} <= set(fields)
    with pytest.raises(openai.BadRequestError):
        _ask(gateway.client(), [*docs, "doc_5"])  # at most four per call


def test_the_timing_setting_names_each_phase_of_a_call_and_nothing_else(tmp_path: Path) -> None:
    with running_gateway(tmp_path / "data", timing=True) as gateway:
        gateway.add_model()
        doc = gateway.upload(NOTE)
        client = gateway.client(scopes=("ai:invoke", "documents:read_phi"))
        raw = client.chat.completions.with_raw_response.create(
            model="clinical", messages=[{"role": "user", "content": "Summarise the note for John Smith."}],
            extra_body={"phigate": {"purpose": "treatment", "documents": [doc]}})
        header = raw.headers["server-timing"]
        with client.chat.completions.with_streaming_response.create(
                model="clinical", stream=True, messages=[{"role": "user", "content": "Summarise."}],
                extra_body={"phigate": {"documents": [doc]}}) as streamed:
            stream_header = streamed.headers["server-timing"]
    phases = dict(p.split(";dur=") for p in header.split(", "))
    assert list(phases) == ["edge", "hop", "authenticate", "authorize", "model_budget_baa", "documents", "prompt",
                            "prompt_digest", "upstream", "scrub", "audit", "total"]
    assert all(float(ms) >= 0 for ms in phases.values())
    assert "upstream_first_chunk" in stream_header and "audit" not in stream_header  # what precedes the stream
    for value in ORIGINALS:
        assert value not in header + stream_header


def test_without_the_timing_setting_no_call_says_where_its_time_went(gateway: Gateway) -> None:
    gateway.add_model()
    raw = gateway.client().chat.completions.with_raw_response.create(
        model="clinical", messages=[{"role": "user", "content": "Summarise."}])
    assert raw.status_code == 200 and "server-timing" not in raw.headers
