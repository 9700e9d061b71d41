"""tus races and lies: a DELETE while a PATCH is writing is refused (409) and orphans nothing; a
creation-with-upload whose body is longer than its Upload-Length creates no session."""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Iterator

import pytest

from tests._fixtures import samples
from tests._fixtures.audit import detail_of, logged_events
from tests._fixtures.server import IntakeServer

TUS = {"Tus-Resumable": "1.0.0"}
PATCH = {**TUS, "Content-Type": "application/offset+octet-stream"}
META = "filetype " + base64.b64encode(b"application/pdf").decode()


def _parts(server: IntakeServer, url: str) -> list[object]:
    return list((server.data_dir / "blobs" / "t1" / "upload-parts").glob(url.rsplit("/", 1)[1] + "*"))


def test_delete_during_patch_is_a_conflict(intake_server: IntakeServer) -> None:
    token = intake_server.token()
    auth = intake_server.auth(token)
    data = samples.pdf(400_000)
    with intake_server.client() as c:
        r = c.post("/v1/tus/", headers={**auth, **TUS, "Upload-Length": str(len(data)), "Upload-Metadata": META})
        assert r.status_code == 201
    url = r.headers["location"]
    patched: dict[str, int] = {}

    def slow_body() -> Iterator[bytes]:
        yield data[:100_000]
        time.sleep(1.0)
        yield data[100_000:200_000]

    def patch() -> None:
        with intake_server.client() as c:
            patched["code"] = c.patch(url, content=slow_body(), headers={**auth, **PATCH,
                                                                         "Upload-Offset": "0"}).status_code

    t = threading.Thread(target=patch)
    t.start()
    time.sleep(0.5)
    with intake_server.client() as c:
        deleted = c.delete(url, headers={**auth, **TUS})
    t.join()
    assert deleted.status_code == 409, deleted.text
    assert deleted.json()["error"]["code"] == "conflict"
    assert patched["code"] == 204
    with intake_server.client() as c:
        head = c.head(url, headers={**auth, **TUS})
        assert head.status_code == 200 and head.headers["upload-offset"] == "200000"
        assert c.delete(url, headers={**auth, **TUS}).status_code == 204
    assert _parts(intake_server, url) == []


@pytest.mark.parametrize("chunked", [False, True])
def test_creation_with_upload_longer_than_declared(intake_server: IntakeServer, chunked: bool) -> None:
    cid, secret = intake_server.add_account("t1")
    auth = intake_server.auth(intake_server.token_for(cid, secret))
    data = samples.pdf(5000)
    body: bytes | Iterator[bytes] = data if not chunked else iter([data[:2000], data[2000:]])
    with intake_server.client() as c:
        r = c.post("/v1/tus/", content=body, headers={**auth, **PATCH, "Upload-Length": "1000",
                                                      "Upload-Metadata": META})
    assert r.status_code == 413, r.text
    assert "location" not in r.headers
    created = [e["resource_id"] for e in logged_events(intake_server.data_dir, intake_server.env)
               if e.get("actor_id") == cid and detail_of(e).get("op") == "upload.create"]
    if not chunked:  # the declared length gives it away before anything is created
        assert created == []
        return
    # a chunked body shows its length only as it arrives: the session it opened is dead, its bytes discarded
    assert len(created) == 1
    with intake_server.client() as c:
        assert c.get(f"/v1/uploads/{created[0]}", headers=auth).json()["status"] == "failed"
    assert _parts(intake_server, f"/{created[0]}") == []
