"""Re-identification by dual approval over a real ``phigate serve``, through the HTTP API and ``phigate reid``: a
person asks to read a document's linkage back, two other people approve (each freshly signed in with a second
factor, RFC 9470), the requester uses the single-use grant once. The server runs an operator's copy of the shipped
pack whose step-ups ask for a sign-in within 6 seconds, and grants that last 20 seconds, so nothing waits long."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from phigate.cli import app
from tests._fixtures.audit import use_case_events
from tests._fixtures.people import ORIGIN, RP_ID, add_user, new_email, post, short_step_up_pack
from tests._fixtures.pipeline import EXAMPLES, ingest
from tests._fixtures.server import IntakeServer, start_server, stop_server
from tests._fixtures.webauthn import SoftAuthenticator
from tests.people.test_sign_in_http import enrol_key, key_login

MAX_AGE = 6
GRANT_SECONDS = 20
WHY = "synthetic case review: the surrogate dates must be matched to the originals for the tumour board"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IntakeServer]:
    root = tmp_path_factory.mktemp("reid")
    pack = short_step_up_pack(root, MAX_AGE, {"phi.cedar": 900, "reidentification.cedar": 300})
    srv = start_server(root / "data", {"PHIGATE_POLICY__DIRECTORY": str(pack),
                                       "PHIGATE_POLICY__REIDENTIFICATION_GRANT_SECONDS": str(GRANT_SECONDS),
                                       "PHIGATE_PIPELINE__WORKERS": "1", "PHIGATE_PIPELINE__POLL_SECONDS": "0.2",
                                       "PHIGATE_PEOPLE__WEBAUTHN_RP_ID": RP_ID,
                                       "PHIGATE_PEOPLE__WEBAUTHN_ORIGINS": json.dumps([ORIGIN])})
    try:
        yield srv
    finally:
        stop_server(srv.proc)


@pytest.fixture(scope="module")
def document(server: IntakeServer, tmp_path_factory: pytest.TempPathFactory) -> str:
    src = tmp_path_factory.mktemp("docs")
    shutil.copy(EXAMPLES / "adt-a01.hl7", src)
    return str(ingest(server.data_dir, src, tenant="t1", env=server.env).rows[0]["id"])


class Person:
    """A person of the test with a security key, signing in afresh whenever asked for a token."""

    def __init__(self, srv: IntakeServer, role: str, tenant: str = "t1") -> None:
        self.srv, self.email = srv, new_email(role[:4])
        self.id = str(add_user(srv, self.email, role, tenant=tenant)["user_id"])
        self.key: SoftAuthenticator = enrol_key(srv, self.email)
        self.token = self.fresh()

    def fresh(self) -> str:
        r, _ = key_login(self.srv, self.email, self.key)
        assert r.status_code == 200, r.text
        self.token = str(r.json()["access_token"])
        return self.token

    def post(self, path: str, body: Any = None) -> httpx.Response:
        return post(self.srv, path, body, self.fresh())

    def get(self, path: str) -> httpx.Response:
        with self.srv.client() as c:
            return c.get(path, headers=self.srv.auth(self.fresh()))


def _ask(person: Person, document: str, purpose: str = "TREAT") -> dict[str, Any]:
    r = person.post("/v1/reidentifications", {"document_id": document, "purpose": purpose, "justification": WHY})
    assert r.status_code == 201, r.text
    found: dict[str, Any] = r.json()
    return found


def _code(r: httpx.Response) -> str:
    return str(r.json()["error"]["code"])


def _events(srv: IntakeServer, reid: str) -> list[dict[str, Any]]:
    return [e for e in use_case_events(srv.data_dir, srv.env)
            if e["action"].startswith("reid.") and e.get("reidentification") == reid]


def test_two_other_people_approve_and_the_requester_reads_the_linkage_once(server: IntakeServer,
                                                                           document: str) -> None:
    clinician, po1, po2 = Person(server, "clinician"), Person(server, "privacy_officer"), \
        Person(server, "privacy_officer")
    asked = _ask(clinician, document)
    assert asked["status"] == "pending" and asked["approvers"] == [] and asked["justification"] is None
    reid = asked["id"]
    early = clinician.post(f"/v1/reidentifications/{reid}/use")
    assert early.status_code == 409 and _code(early) == "approval_pending"
    first = po1.post(f"/v1/reidentifications/{reid}/approve")
    assert first.status_code == 200 and first.json()["status"] == "pending" and first.json()["approvers"] == [po1.id]
    second = po2.post(f"/v1/reidentifications/{reid}/approve")
    granted = second.json()
    assert second.status_code == 200 and granted["status"] == "approved"
    assert granted["approvers"] == [po1.id, po2.id]
    assert granted["grant_expires_at"] - granted["granted_at"] == GRANT_SECONDS
    used = clinician.post(f"/v1/reidentifications/{reid}/use")
    assert used.status_code == 200, used.text
    assert used.headers["cache-control"] == "no-store"
    linkage = used.json()["linkage"]
    assert any("quintero" in e["original"].lower() for e in linkage)
    # only the requester uses the grant: the approvers do not learn the originals
    assert po1.post(f"/v1/reidentifications/{reid}/use").status_code == 404
    again = clinician.post(f"/v1/reidentifications/{reid}/use")
    assert again.status_code == 410 and _code(again) == "grant_used" and "quintero" not in again.text.lower()
    po3 = Person(server, "privacy_officer")
    late = po3.post(f"/v1/reidentifications/{reid}/approve")
    assert late.status_code == 409  # already granted and used: a third approval changes nothing
    with server.client() as c:
        deid = c.get(f"/v1/documents/{document}/text", params={"view": "deidentified", "purpose": "TREAT"},
                     headers=server.auth(clinician.fresh())).json()["text"]
    for e in linkage:  # each original, at its offsets, and what the de-identified text shows instead
        assert e["replacement"] in deid and e["end"] - e["start"] == len(e["original"])
    assert "Quintero" not in deid
    shown = clinician.get(f"/v1/reidentifications/{reid}").json()
    assert shown["status"] == "used" and shown["justification"] == WHY
    # every step audited, permitted or refused, with the decision and the deciding policies; never PHI
    events = _events(server, reid)
    steps = [(e["action"], e["outcome"], e["decision"], e.get("reason"), e["actor"]) for e in events]
    assert steps == [
        ("reid.request", "success", "permit", None, clinician.id),
        ("reid.use", "denied", "permit", "approval_pending", clinician.id),
        ("reid.approve", "success", "permit", None, po1.id),
        ("reid.approve", "success", "permit", None, po2.id),
        ("reid.use", "success", "permit", None, clinician.id),
        ("reid.use", "denied", "permit", "not_found", po1.id),
        ("reid.use", "denied", "permit", "grant_used", clinician.id),
        ("reid.approve", "denied", "permit", "conflict", po3.id),
        ("reid.read", "success", "permit", None, clinician.id),
    ]
    assert events[0]["policy_id"] == "role.reid_request" and events[0]["document"] == document
    assert events[0]["purpose"] == "treatment"
    assert [e["approvals"] for e in events if e["action"] == "reid.approve" and e["outcome"] == "success"] == \
        ["1", "2"]
    assert events[3]["granted"] == "yes" and events[3]["policy_id"] == "role.reid_approve"
    assert events[4]["entries"] == str(len(linkage)) and events[4]["acr"] == "urn:phigate:acr:mfa"
    logged = json.dumps(use_case_events(server.data_dir, server.env))
    assert WHY not in logged and not any(e["original"] in logged for e in linkage if len(e["original"]) > 3)


def test_separation_of_duties(server: IntakeServer, document: str) -> None:
    officer, other = Person(server, "privacy_officer"), Person(server, "privacy_officer")
    reid = _ask(officer, document)["id"]
    own = officer.post(f"/v1/reidentifications/{reid}/approve")
    assert own.status_code == 403 and _code(own) == "self_approval"
    assert other.post(f"/v1/reidentifications/{reid}/approve").status_code == 200
    twice = other.post(f"/v1/reidentifications/{reid}/approve")
    assert twice.status_code == 403 and _code(twice) == "duplicate_approval"
    clinician = Person(server, "clinician")  # a role that may not approve at all
    assert clinician.post(f"/v1/reidentifications/{reid}/approve").status_code == 403
    shown = officer.get(f"/v1/reidentifications/{reid}").json()
    assert shown["status"] == "pending" and shown["approvers"] == [other.id]
    refused = [e for e in _events(server, reid) if e["outcome"] == "denied"]
    assert [(e["reason"], e["decision"], e["policy_id"]) for e in refused] == [
        ("self_approval", "deny", "reid.not_the_requester"),
        ("duplicate_approval", "deny", "reid.approve_once"),
        ("forbidden", "deny", None)]


def test_an_approval_needs_a_fresh_step_up(server: IntakeServer, document: str) -> None:
    reid = _ask(Person(server, "clinician"), document)["id"]
    officer = Person(server, "privacy_officer")
    stale = officer.token
    time.sleep(MAX_AGE + 1.5)  # the sign-in is now older than the policy's max_age
    with server.client() as c:
        r = c.post(f"/v1/reidentifications/{reid}/approve", headers=server.auth(stale))
    assert r.status_code == 401 and _code(r) == "insufficient_user_authentication"
    challenge = r.headers["www-authenticate"]
    assert challenge.startswith('Bearer error="insufficient_user_authentication"')
    assert 'acr_values="urn:phigate:acr:mfa"' in challenge and f'max_age="{MAX_AGE}"' in challenge
    again = officer.post(f"/v1/reidentifications/{reid}/approve")  # step up: a fresh sign-in, then retry
    assert again.status_code == 200 and again.json()["approvers"] == [officer.id]
    steps = [(e["action"], e["outcome"], e["decision"], e.get("reason"), e["policy_id"])
             for e in _events(server, reid) if e["action"] == "reid.approve"]
    assert steps == [("reid.approve", "denied", "deny", "insufficient_user_authentication", "stepup.reid_approve"),
                     ("reid.approve", "success", "permit", None, "role.reid_approve")]


def test_an_unused_grant_expires(server: IntakeServer, document: str) -> None:
    clinician = Person(server, "clinician")
    reid = _ask(clinician, document)["id"]
    for _ in range(2):
        assert Person(server, "privacy_officer").post(f"/v1/reidentifications/{reid}/approve").status_code == 200
    time.sleep(GRANT_SECONDS + 0.5)
    r = clinician.post(f"/v1/reidentifications/{reid}/use")
    assert r.status_code == 410 and _code(r) == "grant_expired"
    assert clinician.get(f"/v1/reidentifications/{reid}").json()["status"] == "expired"


def test_other_tenants_unknown_ids_research_and_services_are_refused(server: IntakeServer, document: str) -> None:
    clinician = Person(server, "clinician")
    reid = _ask(clinician, document)["id"]
    stranger = Person(server, "privacy_officer", tenant="t2")
    for path in (f"/v1/reidentifications/{reid}/approve", f"/v1/reidentifications/{reid}/use"):
        assert stranger.post(path).status_code == 404
    assert stranger.get(f"/v1/reidentifications/{reid}").status_code == 404
    assert all(r["id"] != reid for r in stranger.get("/v1/reidentifications").json())
    officer = Person(server, "privacy_officer")
    assert officer.post("/v1/reidentifications/reid_000000000000000000000000/approve").status_code == 404
    assert clinician.post("/v1/reidentifications/reid_000000000000000000000000/use").status_code == 404
    assert clinician.get("/v1/reidentifications/reid_000000000000000000000000").status_code == 404
    other_doc = clinician.post("/v1/reidentifications", {"document_id": "doc_unknown", "purpose": "TREAT",
                                                         "justification": WHY})
    assert other_doc.status_code == 404
    research = clinician.post("/v1/reidentifications", {"document_id": document, "purpose": "HRESCH",
                                                        "justification": WHY})
    assert research.status_code == 403 and _code(research) == "deidentified_only"
    short = clinician.post("/v1/reidentifications", {"document_id": document, "purpose": "TREAT",
                                                     "justification": "because"})
    assert short.status_code == 400
    service = server.token("t1", ("documents:read", "documents:read_phi"))
    r = post(server, "/v1/reidentifications", {"document_id": document, "purpose": "TREAT", "justification": WHY},
             service)
    assert r.status_code == 403
    # a person sees their own requests; the privacy officer sees the tenant's
    mine = [r["id"] for r in clinician.get("/v1/reidentifications").json()]
    assert mine == [reid]
    assert reid in [r["id"] for r in officer.get("/v1/reidentifications").json()]


def _reid_cli(srv: IntakeServer, home: Path, person: Person, *args: str) -> Any:
    (home / "phigate").mkdir(parents=True, exist_ok=True)
    (home / "phigate" / "token").write_text(json.dumps({"server": srv.base_url, "access_token": person.fresh()}))
    env = {**srv.env, "XDG_CONFIG_HOME": str(home), "PHIGATE_CACERT": str(srv.cert)}
    return CliRunner().invoke(app, ["reid", *args], env=env)


def test_the_cli_requests_approves_lists_shows_and_uses(server: IntakeServer, document: str,
                                                        tmp_path: Path) -> None:
    clinician, po1, po2 = Person(server, "clinician"), Person(server, "privacy_officer"), \
        Person(server, "privacy_officer")
    res = _reid_cli(server, tmp_path, clinician, "request", document, "--purpose", "TREAT", "--justification", WHY,
                    "--json")
    assert res.exit_code == 0, res.output
    reid = json.loads(res.stdout)["id"]
    own = _reid_cli(server, tmp_path, clinician, "approve", reid)
    assert own.exit_code != 0 and getattr(own.exception, "code", None) == "forbidden"
    for officer in (po1, po2):
        res = _reid_cli(server, tmp_path, officer, "approve", reid, "--json")
        assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["status"] == "approved"
    res = _reid_cli(server, tmp_path, po1, "list", "--json")
    assert res.exit_code == 0 and reid in [json.loads(line)["id"] for line in res.stdout.splitlines()]
    res = _reid_cli(server, tmp_path, po1, "show", reid)
    assert res.exit_code == 0 and WHY in res.stdout and "approved" in res.stdout
    res = _reid_cli(server, tmp_path, clinician, "use", reid)
    assert res.exit_code == 0 and "quintero" in res.stdout.lower()
    res = _reid_cli(server, tmp_path, clinician, "use", reid)
    assert res.exit_code != 0 and getattr(res.exception, "code", None) == "grant_used"


@pytest.fixture(scope="module")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IntakeServer]:
    from tests._fixtures.services import create_pg_database, drop_pg_database

    name, url = create_pg_database("phigate_reid")
    srv = start_server(tmp_path_factory.mktemp("reid-pg") / "data", {
        "PHIGATE_DATABASE__URL": url, "PHIGATE_PIPELINE__WORKERS": "1", "PHIGATE_PIPELINE__POLL_SECONDS": "0.2",
        "PHIGATE_PEOPLE__WEBAUTHN_RP_ID": RP_ID, "PHIGATE_PEOPLE__WEBAUTHN_ORIGINS": json.dumps([ORIGIN])})
    try:
        yield srv
    finally:
        stop_server(srv.proc)
        drop_pg_database(name)


@pytest.mark.postgres
def test_racing_approvals_and_uses_on_postgresql(pg_server: IntakeServer, tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    shutil.copy(EXAMPLES / "adt-a01.hl7", tmp_path)
    doc = str(ingest(pg_server.data_dir, tmp_path, tenant="t1", env=pg_server.env).rows[0]["id"])
    clinician, po1, po2 = (Person(pg_server, role) for role in ("clinician", "privacy_officer", "privacy_officer"))
    reid = _ask(clinician, doc)["id"]
    tokens = [po1.fresh(), po2.fresh()]

    def approve(token: str) -> int:
        return post(pg_server, f"/v1/reidentifications/{reid}/approve", None, token).status_code

    with ThreadPoolExecutor(2) as pool:  # two approvers at once: the row lock lets exactly one grant it
        assert sorted(pool.map(approve, tokens)) == [200, 200]
    shown = clinician.get(f"/v1/reidentifications/{reid}").json()
    assert shown["status"] == "approved" and sorted(shown["approvers"]) == sorted([po1.id, po2.id])
    token = clinician.fresh()

    def use(_: int) -> int:
        return post(pg_server, f"/v1/reidentifications/{reid}/use", None, token).status_code

    with ThreadPoolExecutor(4) as pool:  # single use: of four racing uses exactly one reads the linkage
        assert sorted(pool.map(use, range(4))) == [200, 410, 410, 410]
