"""tus 1.0.0 with the real tuspy client and with curl; every request re-authorised against the session."""

from __future__ import annotations

import base64
import hashlib
import io
import subprocess
import threading
import time

import pytest
from tusclient import client as tus_client
from tusclient.exceptions import TusCommunicationError
from tusclient.uploader import Uploader

from tests._fixtures import samples
from tests._fixtures.server import IntakeServer

TUS = {"Tus-Resumable": "1.0.0"}


def new_upload(server: IntakeServer, token: str, data: bytes, media_type: str = "application/pdf") -> str:
    with server.client() as c:
        r = c.post("/v1/uploads", json={"filename": "x.pdf", "media_type": media_type, "size": len(data),
                                        "sha256": samples.sha256(data)}, headers=server.auth(token))
    assert r.status_code == 201, r.text
    return str(r.json()["tus_url"])


def state(server: IntakeServer, token: str, tus_url: str) -> dict[str, object]:
    upload_id = tus_url.rsplit("/", 1)[1]
    with server.client() as c:
        return dict(c.get(f"/v1/uploads/{upload_id}", headers=server.auth(token)).json())


class Sha256Uploader(Uploader):  # type: ignore[misc]
    """tuspy checksums with sha1 by default; phigate offers sha256 (Tus-Checksum-Algorithm)."""

    CHECKSUM_ALGORITHM_PAIR = ("sha256", hashlib.sha256)


def _tuspy(server: IntakeServer, token: str) -> tus_client.TusClient:
    c = tus_client.TusClient(server.base_url + "/v1/tus/", headers=server.auth(token))
    return c


@pytest.fixture(autouse=True)
def _trust_server_cert(intake_server: IntakeServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # tuspy uses requests, which reads its CA bundle from this variable
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(intake_server.cert))


def test_tuspy_resumes_in_chunks_to_scanner_entry(intake_server: IntakeServer) -> None:
    token = intake_server.token()
    data = samples.pdf(50_000)
    url = new_upload(intake_server, token, data)
    uploader = Sha256Uploader(file_stream=io.BytesIO(data), url=url, chunk_size=7000, upload_checksum=True,
                              client=_tuspy(intake_server, token))
    uploader.upload_chunk()
    uploader.upload_chunk()
    sha1 = Uploader(file_stream=io.BytesIO(data), url=url, chunk_size=7000, upload_checksum=True, retries=0,
                    client=_tuspy(intake_server, token))
    with pytest.raises(TusCommunicationError) as info:  # an unsupported checksum algorithm is refused
        sha1.upload_chunk()
    assert info.value.status_code == 400
    assert state(intake_server, token, url)["received"] == 14_000
    # a new client resumes from the server's offset
    again = Sha256Uploader(file_stream=io.BytesIO(data), url=url, chunk_size=7000, upload_checksum=True,
                           client=_tuspy(intake_server, token))
    assert again.offset == 14_000
    again.upload()
    got = state(intake_server, token, url)
    assert got["status"] == "complete" and got["state"] == "scanning", got
    parts = list((intake_server.data_dir / "blobs" / "t1" / "upload-parts").glob(url.rsplit("/", 1)[1] + "*"))
    assert parts == []


def test_tuspy_creation_with_metadata(intake_server: IntakeServer) -> None:
    token = intake_server.token()
    data = samples.png()
    uploader = _tuspy(intake_server, token).uploader(
        file_stream=io.BytesIO(data), chunk_size=1 << 20,
        metadata={"filename": "../../scan.png", "filetype": "image/png", "patient_ref": "SYN-1"})
    uploader.upload()
    assert state(intake_server, token, uploader.url)["state"] == "scanning"


def test_curl_tus_creation_with_upload(intake_server: IntakeServer, tmp_path) -> None:
    token = intake_server.token()
    data = samples.pdf(3000)
    f = tmp_path / "a.pdf"
    f.write_bytes(data)
    meta = f"filename {base64.b64encode(b'a.pdf').decode()},filetype {base64.b64encode(b'application/pdf').decode()}"
    out = subprocess.run(
        ["curl", "-sS", "-i", "--cacert", str(intake_server.cert), "-X", "POST",
         "-H", f"Authorization: Bearer {token}", "-H", "Tus-Resumable: 1.0.0",
         "-H", f"Upload-Length: {len(data)}", "-H", f"Upload-Metadata: {meta}",
         "-H", "Content-Type: application/offset+octet-stream", "--data-binary", f"@{f}",
         intake_server.base_url + "/v1/tus/"], capture_output=True, check=True, text=True)
    head = out.stdout.lower()
    assert head.startswith("http/1.1 201"), out.stdout
    assert f"upload-offset: {len(data)}" in head
    location = next(line.split(":", 1)[1].strip() for line in out.stdout.splitlines()
                    if line.lower().startswith("location:"))
    assert state(intake_server, token, location)["state"] == "scanning"


def test_curl_tus_patch(intake_server: IntakeServer, tmp_path) -> None:
    token = intake_server.token()
    data = samples.pdf(3000)
    url = new_upload(intake_server, token, data)
    f = tmp_path / "a.pdf"
    f.write_bytes(data)
    out = subprocess.run(
        ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", str(intake_server.cert),
         "-X", "PATCH", "-H", f"Authorization: Bearer {token}", "-H", "Tus-Resumable: 1.0.0",
         "-H", "Upload-Offset: 0", "-H", "Content-Type: application/offset+octet-stream",
         "--data-binary", f"@{f}", url], capture_output=True, check=True, text=True)
    assert out.stdout == "204"
    assert state(intake_server, token, url)["state"] == "scanning"


def _patch(server: IntakeServer, token: str | None, url: str, body: bytes, offset: int, **headers: str):  # type: ignore[no-untyped-def]
    h = {**TUS, "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream", **headers}
    if token:
        h.update(server.auth(token))
    with server.client() as c:
        return c.patch(url, content=body, headers=h)


def test_protocol_errors(intake_server: IntakeServer) -> None:
    token = intake_server.token()
    data = samples.pdf(20_000)
    url = new_upload(intake_server, token, data)
    assert _patch(intake_server, token, url, data[:100], offset=5).status_code == 409  # wrong offset
    r = _patch(intake_server, token, url, data[:100], offset=0, **{"Content-Type": "application/json"})
    assert r.status_code == 415
    bad = base64.b64encode(hashlib.sha256(b"nope").digest()).decode()
    r = _patch(intake_server, token, url, data[:9000], offset=0, **{"Upload-Checksum": f"sha256 {bad}"})
    assert r.status_code == 460
    good = base64.b64encode(hashlib.sha256(data[:9000]).digest()).decode()
    r = _patch(intake_server, token, url, data[:9000], offset=0, **{"Upload-Checksum": f"sha256 {good}"})
    assert r.status_code == 204 and r.headers["upload-offset"] == "9000"
    with intake_server.client() as c:
        r = c.patch(url, content=data[9000:], headers={**intake_server.auth(token), "Upload-Offset": "9000",
                                                      "Content-Type": "application/offset+octet-stream"})
        assert r.status_code == 412  # no Tus-Resumable
        r = c.options("/v1/tus/")
        assert r.status_code == 204 and "termination" in r.headers["tus-extension"]
        assert r.headers["tus-checksum-algorithm"] == "sha256"
    # beyond the declared length
    assert _patch(intake_server, token, url, data[9000:] + b"extra", offset=9000).status_code == 413


def test_every_request_is_reauthorised(intake_server: IntakeServer) -> None:
    owner = intake_server.token("t1")
    data = samples.pdf(1000)
    url = new_upload(intake_server, owner, data)
    same_tenant_other_client = intake_server.token("t1", who="intruder")
    other_tenant = intake_server.token("t2")
    for token in (same_tenant_other_client, other_tenant):
        assert _patch(intake_server, token, url, data, offset=0).status_code == 404
        with intake_server.client() as c:
            assert c.head(url, headers={**TUS, **intake_server.auth(token)}).status_code == 404
            assert c.delete(url, headers={**TUS, **intake_server.auth(token)}).status_code == 404
    assert _patch(intake_server, None, url, data, offset=0).status_code == 401
    with intake_server.client() as c:
        r = c.head(url, headers={**TUS, **intake_server.auth(owner)})
        assert r.status_code == 200 and r.headers["upload-offset"] == "0"
        assert r.headers["upload-length"] == str(len(data)) and "upload-expires" in r.headers


def test_termination(intake_server: IntakeServer) -> None:
    token = intake_server.token()
    data = samples.pdf(20_000)
    url = new_upload(intake_server, token, data)
    assert _patch(intake_server, token, url, data[:9000], offset=0).status_code == 204
    with intake_server.client() as c:
        assert c.delete(url, headers={**TUS, **intake_server.auth(token)}).status_code == 204
        assert c.head(url, headers={**TUS, **intake_server.auth(token)}).status_code == 410
    assert _patch(intake_server, token, url, data[9000:], offset=9000).status_code == 410
    assert state(intake_server, token, url)["status"] == "terminated"
    parts = list((intake_server.data_dir / "blobs" / "t1" / "upload-parts").glob(url.rsplit("/", 1)[1] + "*"))
    assert parts == []


def test_type_check_spans_small_patches(intake_server: IntakeServer) -> None:
    token = intake_server.token()
    data = samples.png() + b"\x00" * 20_000  # PNG bytes, declared as PDF, sent 100 bytes at a time at first
    url = new_upload(intake_server, token, data, media_type="application/pdf")
    offset = 0
    codes = []
    while offset < 9000:
        r = _patch(intake_server, token, url, data[offset:offset + 3000], offset=offset)
        codes.append(r.status_code)
        if r.status_code != 204:
            break
        offset += 3000
    assert codes[-1] == 415, codes
    assert state(intake_server, token, url)["status"] == "failed"


def test_concurrent_patches_one_wins(intake_server: IntakeServer) -> None:
    token = intake_server.token()
    data = samples.pdf(400_000)
    url = new_upload(intake_server, token, data)
    first: dict[str, int] = {}

    def slow_body():  # type: ignore[no-untyped-def]
        yield data[:100_000]
        time.sleep(1.0)
        yield data[100_000:200_000]

    t = threading.Thread(target=lambda: first.update(code=_patch(intake_server, token, url, slow_body(),
                                                                   offset=0).status_code))
    t.start()
    time.sleep(0.5)
    second = _patch(intake_server, token, url, data[:200_000], offset=0)
    t.join()
    assert sorted([first["code"], second.status_code]) == [204, 409]


def test_tuspy_sees_errors_as_errors(intake_server: IntakeServer) -> None:
    token = intake_server.token()
    data = samples.png()
    url = new_upload(intake_server, token, data, media_type="application/pdf")
    uploader = _tuspy(intake_server, token).uploader(file_stream=io.BytesIO(data), url=url, retries=0)
    with pytest.raises(TusCommunicationError):
        uploader.upload()
