"""The people flows on PostgreSQL: enrolment, TOTP, login, refresh rotation, a role change ending the session,
and a password reset, through a real ``phigate serve`` on its own database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests._fixtures.people import PASSWORD, add_user, cli, enrol_totp, login, new_email, outbox, post, upload
from tests._fixtures.server import IntakeServer, start_server, stop_server
from tests._fixtures.services import create_pg_database, drop_pg_database

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IntakeServer]:
    name, url = create_pg_database("phigate_people")
    server = start_server(tmp_path_factory.mktemp("people-pg") / "data", {"PHIGATE_DATABASE__URL": url})
    try:
        yield server
    finally:
        stop_server(server.proc)
        drop_pg_database(name)


def test_people_sign_in_on_postgresql(pg_server: IntakeServer) -> None:
    email = new_email("clin")
    row = add_user(pg_server, email, "clinician", password=None)
    r = post(pg_server, "/v1/auth/enrol", {"email": email, "enrolment_secret": row["enrolment_secret"],
                                           "password": PASSWORD})
    assert r.status_code == 200, r.text
    session = login(pg_server, email, enrol_totp(pg_server, email))
    r = post(pg_server, "/v1/auth/refresh", {"refresh_token": session["refresh_token"]})
    assert r.status_code == 200, r.text
    assert post(pg_server, "/v1/auth/refresh", {"refresh_token": session["refresh_token"]}).status_code == 401
    token = r.json()["access_token"]
    assert upload(pg_server, token).status_code == 201
    cli(pg_server, "users", "set-role", email, "--role", "auditor")
    assert upload(pg_server, token).status_code == 401
    assert post(pg_server, "/v1/auth/password-reset", {"email": email}).status_code == 202
    (message,) = outbox(pg_server).values()
    assert post(pg_server, "/v1/auth/password-reset/confirm",
                {"reset_token": message["reset_token"], "password": "a new synthetic passphrase"}).status_code == 204
