"""The bench's model server in a process of its own (so its work does not share the gateway's interpreter):
``python -m bench._ai_upstream PORT`` serves the tests' recording OpenAI-compatible upstream."""

from __future__ import annotations

import sys

import uvicorn
from tests._fixtures.ai import Upstream

if __name__ == "__main__":
    upstream = Upstream()
    upstream.received = type("Sink", (list,), {"append": lambda self, item: None})()  # keep nothing
    uvicorn.run(upstream.app(), host="127.0.0.1", port=int(sys.argv[1]), log_level="error", backlog=2048)
