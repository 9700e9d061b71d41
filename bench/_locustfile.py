"""The locust user of ``python -m bench load``: each user uploads a small HL7 message (create the upload session,
then PUT the bytes to its signed URL) as fast as the API answers. The pair is reported as one ``upload`` request,
so locust's percentiles are those of a whole upload. Configured by environment: ``PHIGATE_LOAD_TOKEN`` (a bearer
token with ``uploads:create``), ``PHIGATE_LOAD_CA`` (the set-up's certificate), ``PHIGATE_LOAD_HOSTS`` (the API
base URLs, comma-separated; users spread over them), ``PHIGATE_LOAD_UPLOADS`` (the fixed workload: this many
uploads in all, then the run ends; each message is made unique by its serial number and ``PHIGATE_LOAD_TAG``, so
a run is reproducible), ``PHIGATE_LOAD_USERS`` (how many users locust was told to start), ``PHIGATE_LOAD_RESULT``
(where to write, when locust quits, the run's figures as JSON: uploads, failures, exact p50/p99 in ms, and
uploads/s from the first upload's start to the last one's end; locust's own CSV can miss the last uploads)."""

from __future__ import annotations

import itertools
import json
import os
import statistics
import time
from pathlib import Path

import gevent
from locust import HttpUser, constant, events, task
from locust.exception import StopUser

BODY = (Path(__file__).resolve().parents[1] / "examples" / "adt-a01.hl7").read_bytes()
HOSTS = itertools.cycle(os.environ.get("PHIGATE_LOAD_HOSTS", "").split(","))
_serial = itertools.count()
TOTAL = int(os.environ.get("PHIGATE_LOAD_UPLOADS", "0")) or None  # None: until locust's -t
USERS = int(os.environ.get("PHIGATE_LOAD_USERS", "1"))
TAG = os.environ.get("PHIGATE_LOAD_TAG", "load")
_done = itertools.count(1)
_times: list[float] = []  # each upload's duration, s
_span: list[float] = []  # [first start, last end]
_failures: list[int] = [0]


@events.quitting.add_listener
def _write_result(**_: object) -> None:
    path = os.environ.get("PHIGATE_LOAD_RESULT")
    if not path:
        return
    ms = sorted(t * 1000 for t in _times)
    quantiles = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
    elapsed = _span[1] - _span[0] if len(_span) == 2 else 0.0
    with open(path, "w") as fh:
        json.dump({"count": len(ms), "failures": _failures[0], "p50": quantiles[49] if ms else 0.0,
                   "p99": quantiles[98] if ms else 0.0, "rps": len(ms) / elapsed if elapsed else 0.0}, fh)


class Uploader(HttpUser):
    wait_time = constant(0)
    host = os.environ.get("PHIGATE_LOAD_HOSTS", "https://127.0.0.1").split(",")[0]

    def on_start(self) -> None:
        self.base = next(HOSTS)
        self.client.verify = os.environ["PHIGATE_LOAD_CA"]
        self.headers = {"Authorization": "Bearer " + os.environ["PHIGATE_LOAD_TOKEN"]}

    @task
    def upload(self) -> None:
        serial = next(_serial)
        if TOTAL is not None and serial >= TOTAL:  # the workload is spent: the last user out ends the run
            if next(_done) == USERS and self.environment.runner is not None:
                gevent.spawn_later(0, self.environment.runner.quit)
            raise StopUser
        data = BODY + f"\rNTE|{serial}|{TAG}\r".encode()
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
            _failures[0] += 1
        _times.append(time.perf_counter() - t0)
        _span[:] = [min(_span[0], t0) if _span else t0, time.perf_counter()]
        self.environment.events.request.fire(request_type="UPLOAD", name="upload", response_length=len(data),
                                             response_time=(time.perf_counter() - t0) * 1000, exception=failure,
                                             context={})
