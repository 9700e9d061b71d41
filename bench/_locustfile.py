"""The locust user of ``python -m bench load``: each user uploads a small HL7 message (create the upload session,
then PUT the bytes to its signed URL) as fast as the API answers. The pair is reported as one ``upload`` request,
so locust's percentiles are those of a whole upload. Configured by environment: ``PHIGATE_LOAD_TOKEN`` (a bearer
token with ``uploads:create``), ``PHIGATE_LOAD_CA`` (the set-up's certificate), ``PHIGATE_LOAD_HOSTS`` (the API
base URLs, comma-separated; users spread over them)."""

from __future__ import annotations

import itertools
import os
import time
from pathlib import Path

from locust import HttpUser, constant, task

BODY = (Path(__file__).resolve().parents[1] / "examples" / "adt-a01.hl7").read_bytes()
HOSTS = itertools.cycle(os.environ.get("PHIGATE_LOAD_HOSTS", "").split(","))
_serial = itertools.count()


class Uploader(HttpUser):
    wait_time = constant(0)
    host = os.environ.get("PHIGATE_LOAD_HOSTS", "https://127.0.0.1").split(",")[0]

    def on_start(self) -> None:
        self.base = next(HOSTS)
        self.client.verify = os.environ["PHIGATE_LOAD_CA"]
        self.headers = {"Authorization": "Bearer " + os.environ["PHIGATE_LOAD_TOKEN"]}

    @task
    def upload(self) -> None:
        data = BODY + f"\rNTE|{next(_serial)}|{id(self)}\r".encode()
        t0 = time.perf_counter()
        failure: Exception | None = None
        try:
            r = self.client.post(self.base + "/v1/uploads", headers=self.headers, name="create",
                                 json={"filename": "n.hl7", "media_type": "application/hl7-v2", "size": len(data)})
            r.raise_for_status()
            done = self.client.put(r.json()["put_url"], data=data, name="put")
            done.raise_for_status()
        except Exception as exc:  # reported as a failed upload
            failure = exc
        self.environment.events.request.fire(request_type="UPLOAD", name="upload", response_length=len(data),
                                             response_time=(time.perf_counter() - t0) * 1000, exception=failure,
                                             context={})
