"""What the gateway keeps in memory between calls never outlives the permission it stood for: a sensitivity
label proposed by the analysis restricts a document until a person decides it, and the decision takes effect
on the very next call, whether it was made over the HTTP API (this process) or with the CLI (another runtime,
as another process would be); a revoked account is refused on its next call (nothing caches the account)."""

from __future__ import annotations

import httpx
import openai
import pytest
from typer.testing import CliRunner

from phigate.cli import app
from tests._fixtures.ai import Gateway
from tests._fixtures.people import PASSWORD, new_email

NOTE_HIV = b"Synthetic clinic note. Follow-up visit. Antiretroviral therapy continued; HIV viral load next month.\n"


def _ask(client: openai.OpenAI, doc: str) -> str | None:
    answer = client.chat.completions.create(
        model="clinical", messages=[{"role": "user", "content": "Summarise."}],
        extra_body={"phigate": {"purpose": "treatment", "documents": [doc]}})
    return answer.choices[0].message.content


def _refused_for_its_label(client: openai.OpenAI, doc: str) -> None:
    with pytest.raises(openai.PermissionDeniedError) as caught:
        _ask(client, doc)
    assert caught.value.body["code"] == "label_required"  # type: ignore[index]


def _tenant_admin(gateway: Gateway) -> str:
    """A signed-in tenant administrator's access token (who may decide proposed labels)."""
    email = new_email("adm")
    res = CliRunner().invoke(app, ["users", "add", email, "--tenant", "t1", "--role", "tenant_admin", "--json",
                                   "--password-stdin", "--data-dir", str(gateway.data_dir)], input=f"{PASSWORD}\n")
    assert res.exit_code == 0, res.output
    root = gateway.base_url.removesuffix("/v1")
    r = httpx.post(f"{root}/v1/auth/login", json={"email": email, "password": PASSWORD, "totp_code": None})
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


def test_a_proposed_label_dismissed_over_the_api_lifts_its_restriction_on_the_next_call(gateway: Gateway) -> None:
    gateway.add_model()
    doc, plain = gateway.upload(NOTE_HIV), gateway.upload(b"Synthetic clinic note. Follow-up visit, stable.\n")
    client = gateway.client(scopes=("ai:invoke", "documents:read_phi"))
    for _ in range(2):  # the second call is answered from what the gateway kept of the first
        _refused_for_its_label(client, doc)
        assert _ask(client, plain)
    root = gateway.base_url.removesuffix("/v1")
    r = httpx.post(f"{root}/v1/documents/{doc}/labels", json={"label": "hiv", "decision": "dismiss"},
                   headers={"Authorization": f"Bearer {_tenant_admin(gateway)}"})
    assert r.status_code == 200 and r.json()["proposed_labels"] == [], r.text
    assert _ask(client, doc)  # the proposal was wrong: the document goes to the model like any other


def test_a_label_decided_by_another_runtime_takes_effect_on_the_next_call(gateway: Gateway) -> None:
    gateway.add_model()
    dismissed, confirmed = gateway.upload(NOTE_HIV), gateway.upload(NOTE_HIV)
    client = gateway.client(scopes=("ai:invoke", "documents:read_phi"))
    for doc in (dismissed, confirmed):
        _refused_for_its_label(client, doc)
    for doc, decision in ((dismissed, "dismiss"), (confirmed, "confirm")):  # the CLI builds a runtime of its own
        res = CliRunner().invoke(app, ["labels", decision, doc, "hiv", "--data-dir", str(gateway.data_dir)])
        assert res.exit_code == 0, res.output
    assert _ask(client, dismissed)
    _refused_for_its_label(client, confirmed)  # now a label of the document: services are granted none


def test_a_revoked_account_is_refused_on_its_next_call(gateway: Gateway) -> None:
    gateway.add_model()
    issued = gateway.rt.accounts.add("ai-revoked", "t1", {"ai:invoke"})
    token = gateway.rt.auth.issue_token(issued.client_id, issued.client_secret).token
    client = openai.OpenAI(base_url=gateway.base_url, api_key=token, max_retries=0)
    gateway.clients.append(client)
    for _ in range(2):
        assert client.chat.completions.create(model="clinical", messages=[{"role": "user", "content": "Hello."}])
    res = CliRunner().invoke(app, ["accounts", "revoke", issued.client_id, "--data-dir", str(gateway.data_dir)])
    assert res.exit_code == 0, res.output
    with pytest.raises(openai.AuthenticationError):  # its token has not expired: the account's row decides
        client.chat.completions.create(model="clinical", messages=[{"role": "user", "content": "Hello."}])


def test_a_chat_call_without_a_good_token_is_refused_before_any_call_begins(gateway: Gateway) -> None:
    """The chat route authenticates in the gateway's worker thread: a missing, forged or revoked token is still
    a 401 with its challenge, and no AI call is audited for it."""
    gateway.add_model()
    body = {"model": "clinical", "messages": [{"role": "user", "content": "Hello."}]}
    for headers in ({}, {"Authorization": "Bearer not-a-token"}):
        r = httpx.post(f"{gateway.base_url}/chat/completions", json=body, headers=headers)
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthenticated", r.text
        assert r.headers["www-authenticate"].startswith("Bearer")
    assert gateway.audit_details("ai.chat") == []
