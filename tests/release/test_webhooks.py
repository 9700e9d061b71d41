"""Webhooks: signed JSON bodies (no PHI) to a real HTTP receiver on 127.0.0.1, retries with backoff from the
database outbox (across a restart), giving up after N attempts; administration through the CLI."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from phigate import registry
from phigate.backends.db.webhooks import SqlWebhookStore
from phigate.cli import app
from phigate.errors import Error, InputError, NotFound
from phigate.models import ActorKind, DocumentState, Principal
from phigate.pipeline.webhooks import SIGNATURE_HEADER, WebhookDispatcher, sign, verify_signature
from tests._fixtures import hostile
from tests._fixtures.audit import detail_of, logged_events, settings_of, unwritable_log
from tests._fixtures.release import Receiver, build_runtime, put
from tests._fixtures.services import free_port
from tests._fixtures.tenants import register

SECRET = "s3cret-synthetic-webhook-key"


def _until(pass_once: Callable[[], object], done: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    pass_once()
    while not done():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.02)
        pass_once()


def _dispatcher(rt: registry.Runtime) -> WebhookDispatcher:
    assert rt.webhooks is not None
    return rt.webhooks


def _admin(rt: registry.Runtime):  # type: ignore[no-untyped-def]
    return registry.webhook_admin(rt.settings, rt.engine, rt.keys)


def test_terminal_states_are_delivered_signed_and_without_phi(tmp_path: Path, db_url: str,
                                                               receiver: Receiver) -> None:
    rt = build_runtime(tmp_path / "data", db_url, infected_retention_seconds=0, webhook_backoff_seconds=0.01)
    _admin(rt).set("t1", receiver.url, SECRET)
    infected = put(rt, hostile.eicar(), "text/plain")
    held = put(rt, hostile.encrypted_pdf(), "application/pdf")
    other_tenant = Principal("svc_other", ActorKind.SERVICE, "t2", frozenset({"uploads:create"}))
    put(rt, hostile.encrypted_pdf(), "application/pdf", who=other_tenant)
    assert rt.quarantine is not None
    rt.quarantine.purge_due()
    wh = _dispatcher(rt)
    _until(wh.run_once, lambda: len(receiver.delivered()) == 3)
    events = [json.loads(b) for b in receiver.delivered()]
    assert [(e["document_id"], e["state"]) for e in events] == [(infected, "infected"), (held, "unscannable"),
                                                                (infected, "purged")]
    assert {e["tenant"] for e in events} == {"t1"}  # t2 has no webhook
    assert events[0]["verdict"] == "infected"
    for body, headers, _ in receiver.received:
        assert verify_signature(SECRET, body, headers[SIGNATURE_HEADER])
        assert not verify_signature("another-secret-of-16+", body, headers[SIGNATURE_HEADER])
        assert not verify_signature(SECRET, body + b" ", headers[SIGNATURE_HEADER])
        assert b"Jane" not in body and b"MRN" not in body and b"Synthetic" not in body
    assert wh.run_once() == 0  # nothing is delivered twice
    assert all(d.status == "delivered" and d.attempts == 1 for d in wh.deliveries("t1"))
    rt.close()


def test_receiver_failing_twice_then_succeeding_is_retried_with_backoff(tmp_path: Path, db_url: str,
                                                                       receiver: Receiver) -> None:
    rt = build_runtime(tmp_path / "data", db_url, webhook_backoff_seconds=0.3)
    _admin(rt).set("t1", receiver.url, SECRET)
    receiver.statuses = [500, 503]
    doc = put(rt, hostile.eicar(), "text/plain")
    wh = _dispatcher(rt)
    before = time.time()
    assert wh.run_once() == 1
    first = wh.deliveries("t1")[0]
    assert (first.status, first.attempts, first.last_error) == ("pending", 1, "http_500")
    assert first.next_attempt_at >= before + 0.3  # backed off (read from the outbox: no race with a slow machine)
    rt.close()
    restarted = build_runtime(tmp_path / "data", db_url, webhook_backoff_seconds=0.3)  # the outbox survives
    wh = _dispatcher(restarted)
    _until(wh.run_once, lambda: receiver.delivered() != [])
    final = wh.deliveries("t1", doc)[0]
    assert (final.status, final.attempts, final.last_error) == ("delivered", 3, None)
    statuses = [s for _, _, s in receiver.received]
    assert statuses == [500, 503, 200]
    restarted.close()


def test_receiver_down_gives_up_after_max_attempts(tmp_path: Path, db_url: str) -> None:
    rt = build_runtime(tmp_path / "data", db_url, webhook_backoff_seconds=0.01)
    _admin(rt).set("t1", f"http://127.0.0.1:{free_port()}/nobody-home", SECRET)
    put(rt, hostile.eicar(), "text/plain")
    wh = _dispatcher(rt)
    _until(wh.run_once, lambda: wh.deliveries("t1")[0].status == "failed")
    failed = wh.deliveries("t1")[0]
    assert failed.attempts == rt.settings.intake.webhook_max_attempts
    assert failed.last_error is not None and failed.last_error.startswith("connection:")
    assert wh.run_once() == 0
    rt.close()


def test_backoff_schedule_grows_exponentially(tmp_path: Path, db_url: str) -> None:
    rt = build_runtime(tmp_path / "data", db_url)
    now = [1000.0]
    admin = _admin(rt)
    admin.set("t1", f"http://127.0.0.1:{free_port()}/down", SECRET)
    wh = WebhookDispatcher(SqlWebhookStore(rt.engine), admin, max_attempts=4, timeout=1.0, backoff=10.0,
                           backoff_max=25.0, clock=lambda: now[0])
    put(rt, hostile.eicar(), "text/plain")
    delays = []
    for _ in range(4):
        assert wh.run_once() == 1
        d = wh.deliveries("t1")[0]
        delays.append(d.next_attempt_at - now[0])
        now[0] = d.next_attempt_at
    assert delays[:3] == [10.0, 20.0, 25.0]  # doubling, capped
    assert wh.deliveries("t1")[0].status == "failed"
    rt.close()


def test_signature_replay_window() -> None:
    body = b'{"document_id":"up_1"}'
    header = sign(SECRET, body, 1_000_000)
    assert verify_signature(SECRET, body, header, now=1_000_100)
    assert not verify_signature(SECRET, body, header, now=1_000_000 + 301)  # replayed later
    assert not verify_signature(SECRET, body, header, now=1_000_000 - 301)
    for bad in ("", "t=abc,v1=00", "v1=00", "t=1000000", "garbage"):
        assert not verify_signature(SECRET, body, bad, now=1_000_000)


def test_admin_refuses_unsafe_urls_and_short_secrets(tmp_path: Path, db_url: str) -> None:
    rt = build_runtime(tmp_path / "data", db_url, scan=False)
    admin = _admin(rt)
    for url in ("http://example.com/hook", "ftp://127.0.0.1/x", "https://user:pw@example.com/", "/relative",
                "https://" + "a" * 3000, "file:///etc/passwd", "http://10.0.0.1/hook"):
        with pytest.raises(InputError):
            admin.set("t1", url, SECRET)
    with pytest.raises(InputError):
        admin.set("t1", "https://hooks.example.org/x", "short")
    with pytest.raises(Error):
        admin.set("../t1", "https://hooks.example.org/x", SECRET)
    with pytest.raises(NotFound):
        admin.remove("t1")
    generated = admin.set("t1", "https://hooks.example.org/x")
    assert len(generated) >= 32 and admin.target("t1") == ("https://hooks.example.org/x", generated)
    rt.close()


def test_cli_set_list_remove(tmp_path: Path, db_url: str, receiver: Receiver) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    env = {"PHIGATE_DATABASE__URL": db_url}
    assert register(data_dir, "t1", env) and register(data_dir, "t2", env)

    def cli(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(app, ["webhooks", *args, "--data-dir", str(data_dir)], env=env)
        if isinstance(result.exception, Error):
            return 2, result.exception.code
        return result.exit_code, result.output

    code, out = cli("set", "--tenant", "t1", "--url", receiver.url, "--json")
    assert code == 0, out
    shown = json.loads(out)["secret"]
    assert shown and len(shown) >= 32
    code, out = cli("set", "--tenant", "t2", "--url", "https://hooks.example.org/t2", "--secret", SECRET)
    assert code == 0 and SECRET not in out
    code, out = cli("list", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["tenant"], r["url"]) for r in rows] == [("t1", receiver.url), ("t2", "https://hooks.example.org/t2")]
    assert shown not in out and SECRET not in out
    assert cli("list", "--tenant", "t2")[1].startswith("t2  https://hooks.example.org/t2")
    assert cli("set", "--tenant", "t1", "--url", "http://example.com/x") == (2, "bad_request")
    assert cli("remove", "--tenant", "t2")[0] == 0
    assert cli("remove", "--tenant", "t2") == (2, "not_found")
    assert cli("set", "--tenant", "t3", "--url", "https://hooks.example.org/t3") == (2, "unknown_tenant")
    assert [json.loads(x)["tenant"] for x in cli("list", "--json")[1].splitlines()] == ["t1"]


def test_a_webhook_change_whose_audit_event_fails_is_not_made(tmp_path: Path, db_url: str) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    env = {"PHIGATE_DATABASE__URL": db_url}
    assert register(data_dir, "t1", env)

    def cli(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(app, ["webhooks", *args, "--data-dir", str(data_dir), "--json"], env=env)
        if isinstance(result.exception, Error):
            return 2, result.exception.code
        return result.exit_code, result.output

    assert cli("set", "--tenant", "t1", "--url", "https://hooks.example.org/a", "--secret", SECRET)[0] == 0
    settings = settings_of(data_dir, env)
    with unwritable_log(settings):
        assert cli("set", "--tenant", "t1", "--url", "https://hooks.example.org/b", "--secret", SECRET) == (
            2, "audit_unavailable")
        assert cli("remove", "--tenant", "t1") == (2, "audit_unavailable")
    # neither change happened: the first webhook is still there, unchanged
    assert [json.loads(x)["url"] for x in cli("list")[1].splitlines()] == ["https://hooks.example.org/a"]
    events = [detail_of(e)["op"] for e in logged_events(data_dir, env)]
    assert events.count("webhook.set") == 1 and "webhook.remove" not in events


def test_https_receiver_with_its_ca_and_every_terminal_state(tmp_path: Path, db_url: str,
                                                             tls_receiver: Receiver) -> None:
    assert tls_receiver.tls is not None
    untrusted = build_runtime(tmp_path / "data", db_url, webhook_backoff_seconds=0.01)
    _admin(untrusted).set("t1", tls_receiver.url, SECRET)
    doc = put(untrusted, hostile.text_pdf(1), "application/pdf")
    records = untrusted.intake.records
    assert records.document(doc, "t1").state is DocumentState.CLEAN  # type: ignore[union-attr]
    assert _dispatcher(untrusted).run_once() == 0  # clean is not terminal: nothing to send
    for source, target in ((DocumentState.CLEAN, DocumentState.STORED),
                           (DocumentState.STORED, DocumentState.NEEDS_REVIEW)):
        assert records.transition(doc, source, target, "test")
    wh = _dispatcher(untrusted)
    assert wh.run_once() == 2
    assert {d.last_error for d in wh.deliveries("t1")} == {"connection:ConnectError"}  # certificate not trusted
    assert tls_receiver.received == []
    untrusted.close()
    trusted = build_runtime(tmp_path / "data", db_url, webhook_backoff_seconds=0.01,
                            webhook_ca_file=str(tls_receiver.tls[0]))
    wh = _dispatcher(trusted)
    _until(wh.run_once, lambda: len(tls_receiver.delivered()) == 2)
    assert [json.loads(b)["state"] for b in tls_receiver.delivered()] == ["stored", "needs_review"]
    assert all(d.status == "delivered" and d.attempts == 2 for d in wh.deliveries("t1"))
    trusted.close()


def test_history_is_not_replayed_and_two_dispatchers_enqueue_once(tmp_path: Path, db_url: str,
                                                                  receiver: Receiver) -> None:
    rt = build_runtime(tmp_path / "data", db_url)
    before = put(rt, hostile.eicar(), "text/plain")  # terminal before any webhook existed
    _admin(rt).set("t1", receiver.url, SECRET)
    after = put(rt, hostile.eicar(), "text/plain")
    second = registry.build_webhooks(rt.settings, rt.engine, rt.keys)
    assert _dispatcher(rt).enqueue() == 1
    assert second.enqueue() == 0
    assert [d.document_id for d in second.deliveries()] == [after]
    assert before != after
    rt.close()


def test_a_delivery_left_sending_by_a_crash_is_retried_after_its_lease(tmp_path: Path, db_url: str,
                                                                       receiver: Receiver) -> None:
    import sqlalchemy as sa

    rt = build_runtime(tmp_path / "data", db_url)
    _admin(rt).set("t1", receiver.url, SECRET)
    put(rt, hostile.eicar(), "text/plain")
    wh = _dispatcher(rt)
    assert wh.enqueue() == 1
    with rt.engine.begin() as conn:  # a worker claimed it, then died before answering
        conn.execute(sa.text("UPDATE webhook_deliveries SET status = 'sending', lease_until = :t"),
                     {"t": time.time() + 60})
    assert wh.run_once() == 0  # the lease still holds
    with rt.engine.begin() as conn:
        conn.execute(sa.text("UPDATE webhook_deliveries SET lease_until = :t"), {"t": time.time() - 1})
    assert wh.run_once() == 1
    assert wh.deliveries("t1")[0].status == "delivered" and len(receiver.delivered()) == 1
    rt.close()
