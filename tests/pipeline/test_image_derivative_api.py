"""The de-identified image derivative over real HTTPS: an uploaded scan (a public-domain photograph beside
synthetic PHI) is stored, and ``GET /v1/documents/{id}/image`` serves it with the face and the PHI words blacked
out, no metadata, scope-checked and audited. The image is built in memory and only ever travels by HTTP."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator

import pytest
from PIL import Image

from tests._fixtures.audit import use_case_events
from tests._fixtures.images_phi import ASTRONAUT_FACE, astronaut, covered, text_page
from tests._fixtures.server import IntakeServer, start_server, stop_server

pytestmark = pytest.mark.tesseract


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IntakeServer]:
    srv = start_server(tmp_path_factory.mktemp("imagederiv") / "data", {"PHIGATE_PIPELINE__WORKERS": "1",
                                                                         "PHIGATE_PIPELINE__POLL_SECONDS": "0.2"})
    try:
        yield srv
    finally:
        stop_server(srv.proc)


def _scan() -> tuple[bytes, list[tuple[int, int, int, int]], list[tuple[int, int, int, int]]]:
    """A 150 dpi page: the synthetic note, and the astronaut's photograph pasted below it."""
    page = text_page(dpi=150)
    image = page.image.convert("RGB")
    where = (150, 900)
    image.paste(astronaut(), where)
    face = (ASTRONAUT_FACE[0] + where[0], ASTRONAUT_FACE[1] + where[1],
            ASTRONAUT_FACE[2] + where[0], ASTRONAUT_FACE[3] + where[1])
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(150, 150))
    return buf.getvalue(), [face], [box for _, phi, box in page.words if phi]


def _upload(server: IntakeServer, token: str, data: bytes) -> str:
    with server.client() as c:
        r = c.post("/v1/uploads", headers=server.auth(token),
                   json={"filename": "scan.png", "media_type": "image/png", "size": len(data)})
        assert r.status_code == 201, r.text
        ticket = r.json()
        assert c.put(ticket["put_url"], content=data, headers={"Content-Type": "image/png"}).status_code == 201
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            r = c.get(f"/v1/documents/{ticket['upload_id']}", headers=server.auth(token))
            if r.status_code == 200 and r.json()["state"] in {"stored", "needs_review"}:
                break
            time.sleep(0.3)
        assert r.status_code == 200 and r.json()["state"] == "stored", r.text
        return str(ticket["upload_id"])


def test_the_served_image_has_the_face_and_the_phi_blacked_out(server: IntakeServer) -> None:
    data, faces, phi_words = _scan()
    token = server.token("t1", ("uploads:create", "documents:read"))
    doc = _upload(server, token, data)
    with server.client() as c:
        r = c.get(f"/v1/documents/{doc}/image", headers=server.auth(token), params={"view": "deidentified"})
        assert r.status_code == 200 and r.headers["content-type"] == "image/png", r.text
        assert r.headers["cache-control"] == "no-store"
        png = r.content
        assert all(covered(png, face) for face in faces)
        assert all(covered(png, box, 0.9) for box in phi_words)
        with Image.open(io.BytesIO(png)) as out:
            assert not out.info.get("dpi") and not out.getexif()
        assert c.get(f"/v1/documents/{doc}/image", headers=server.auth(token),
                     params={"page": "2"}).status_code == 404
        assert c.get(f"/v1/documents/{doc}/image", headers=server.auth(token),
                     params={"view": "full"}).status_code == 400
        other = server.token("t2", ("documents:read",))
        assert c.get(f"/v1/documents/{doc}/image", headers=server.auth(other)).status_code == 404
        no_scope = server.token("t1", ("uploads:create",))
        assert c.get(f"/v1/documents/{doc}/image", headers=server.auth(no_scope)).status_code == 403
    events = [e for e in use_case_events(server.data_dir, server.env) if e.get("document") == doc]
    assert any(e["action"] == "document.image.deidentified" and e["outcome"] == "success" for e in events)
    assert any(e["action"] == "document.image.deidentified" and e["outcome"] == "denied" for e in events)


def test_erasure_shreds_the_image_derivative(server: IntakeServer) -> None:
    data, _, _ = _scan()
    token = server.token("t1", ("uploads:create", "documents:read", "documents:erase"))
    doc = _upload(server, token, data)
    with server.client() as c:
        r = c.delete(f"/v1/documents/{doc}", headers=server.auth(token))
        assert r.status_code == 200 and "derivative-images" in r.json()["destroyed"], r.text
        assert c.get(f"/v1/documents/{doc}/image", headers=server.auth(token)).status_code == 410
