"""The OpenAPI document tells the truth about the routes (each assertion failed before the document was fixed),
and the server errors schemathesis found stay fixed."""

from __future__ import annotations

from typing import Any

from phigate.models import PURPOSE_CODES, PurposeOfUse
from tests._fixtures.server import IntakeServer

UNAUTHENTICATED = {("/v1/auth/token", "post"), ("/v1/put/{upload_id}", "put"), ("/healthz", "get"),
                   ("/readyz", "get"), ("/metrics", "get"), ("/v1/tus/", "options"), ("/v1/tus/{upload_id}", "options"),
                   # a person's sign-in steps: credentials, enrolment and reset secrets travel in the body
                   *(("/v1/auth/" + step, "post") for step in (
                       "login", "refresh", "enrol", "totp", "totp/verify", "password-reset", "password-reset/confirm",
                       "webauthn/options", "webauthn/register")),
                   # enterprise sign-in: the identity provider's redirect, its answer, phigate's own second factor
                   ("/v1/oidc/{provider}/login", "get"), ("/v1/oidc/{provider}/callback", "get"),
                   ("/v1/oidc/{provider}/second-factor", "post"), ("/v1/oidc/{provider}/handoff", "post")}
ERROR_REF = "#/components/schemas/ErrorPublic"


def _operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, op) for path, item in doc["paths"].items() for method, op in item.items()]


def test_every_route_declares_its_security_and_error_statuses(intake_server: IntakeServer) -> None:
    with intake_server.client() as c:
        doc = c.get("/openapi.json").json()
        max_size = int(c.options("/v1/tus/").headers["tus-max-size"])
    bearer = doc["components"]["securitySchemes"]["bearer"]
    assert bearer["type"] == "http" and bearer["scheme"] == "bearer"
    for path, method, op in _operations(doc):
        responses = op["responses"]
        assert "429" in responses, (path, method)
        if (path, method) in UNAUTHENTICATED:
            assert {"bearer": []} not in op.get("security", []), (path, method)
            continue
        assert op["security"] == [{"bearer": []}], (path, method)
        for status in ("401", "403", "422", "503"):
            assert responses[status]["content"]["application/json"]["schema"]["$ref"] == ERROR_REF, (path, method)
        if "{" in path and not path.startswith("/v1/audit"):
            assert "404" in responses, (path, method)
        for parameter in op.get("parameters", []):  # a header or query value is sent or absent, never null
            assert "anyOf" not in parameter["schema"], (path, method, parameter["name"])
    for path in ("/v1/documents/{document_id}", "/v1/documents/{document_id}/text"):
        params = {p["name"]: p for p in doc["paths"][path]["get"]["parameters"]}
        assert params["X-Purpose-Of-Use"]["schema"]["enum"] == [p.value for p in PurposeOfUse] + sorted(
            set(PURPOSE_CODES.values()))  # the names, then the HL7 PurposeOfUse codes
        assert {"400", "404", "409", "410"} <= set(doc["paths"][path]["get"]["responses"])
    options = doc["paths"]["/v1/tus/{upload_id}"]["options"]
    assert [p["name"] for p in options["parameters"] if p["in"] == "path"] == ["upload_id"]
    patch = doc["paths"]["/v1/tus/{upload_id}"]["patch"]
    headers = {p["name"].lower(): p for p in patch["parameters"] if p["in"] == "header"}
    assert headers["tus-resumable"]["required"] and headers["tus-resumable"]["schema"]["enum"] == ["1.0.0"]
    assert headers["upload-offset"]["required"] and headers["upload-offset"]["schema"]["minimum"] == 0
    assert "application/offset+octet-stream" in patch["requestBody"]["content"]
    assert {"409", "412", "413", "415", "460"} <= set(patch["responses"])
    size = doc["components"]["schemas"]["UploadCreate"]["properties"]["size"]
    assert size["minimum"] == 1 and size["maximum"] == max_size  # the configured limit, not a type's
    assert doc["paths"]["/v1/uploads/{upload_id}"]["get"]["responses"]["200"]["content"]["application/json"]


def test_405_lists_every_method_of_the_path(intake_server: IntakeServer) -> None:
    with intake_server.client() as c:
        r = c.request("OPTIONS", "/v1/documents/doc_x")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"
    assert r.headers["allow"] == "DELETE, GET"


def test_empty_patient_ref_is_no_patient_ref(intake_server: IntakeServer) -> None:
    token = intake_server.token()
    with intake_server.client() as c:
        r = c.post("/v1/uploads", json={"filename": "a.txt", "media_type": "text/plain", "size": 5, "patient_ref": ""},
                   headers=intake_server.auth(token))
    assert r.status_code == 201, r.text  # was a 503 (the audit log refuses an empty patient reference)


def test_token_endpoint_ignores_unrecognised_parameters(intake_server: IntakeServer) -> None:
    client_id, secret = intake_server.add_account("t1")
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret,
            **{f"x{i}": "y" for i in range(12)}}
    with intake_server.client() as c:
        r = c.post("/v1/auth/token", data=form)
    assert r.status_code == 200, r.text  # RFC 6749 3.2: unrecognised parameters are ignored (was a 400)


def test_tus_creation_refuses_a_malformed_checksum(intake_server: IntakeServer) -> None:
    token = intake_server.token()
    with intake_server.client() as c:
        r = c.post("/v1/tus/", headers={**intake_server.auth(token), "Tus-Resumable": "1.0.0", "Upload-Length": "5",
                                        "Upload-Checksum": "md5 abc"})
    assert r.status_code == 400  # was accepted (and ignored) when the creation carried no body
