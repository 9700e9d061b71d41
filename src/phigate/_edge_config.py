"""Settings of the HTTP edge's defences (``[edge]`` in ``phigate.toml``, ``PHIGATE_EDGE__*``): rate limits,
concurrency caps, timeouts and the metrics token. Rates use the ``limits`` syntax, several windows separated by
``;`` ("5/minute;20/hour"): every window counts, so a client that keeps failing backs off from minutes to hours."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator


class EdgeSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # where the counters live: memory:// for one process; redis://host:6379/0 when several processes share them
    rate_limit_storage: str = "memory://"
    sign_in_failures_per_client: str = "5/minute;20/hour;100/day"  # wrong secrets for one client id
    sign_in_failures_per_source: str = "20/minute;200/hour"  # wrong secrets from one address, any client id
    max_concurrent_hash_checks: int = Field(default=2, ge=1, le=64)  # Argon2id checks at once (each ~50 ms CPU)
    # requests without a bearer token (signed PUTs, sign-ins) from one address; /healthz is not counted
    anonymous_requests_per_source: str = "600/minute;10000/hour"
    # repeated denials of one kind within this window become one audit event with their count
    denial_audit_window_seconds: float = Field(default=60.0, gt=0, le=3600)
    # slow clients: a request's headers must arrive within header_timeout_seconds of the connection opening (or
    # of the previous response); a small (non-upload) body must not stall longer than body_timeout_seconds
    header_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    body_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    max_connections: int = Field(default=1000, ge=1, le=100_000)  # beyond it, new connections are closed
    request_log: bool = True  # one line per request on stderr: method, route template, status, ms, ids

    @field_validator("sign_in_failures_per_client", "sign_in_failures_per_source", "anonymous_requests_per_source")
    @classmethod
    def _rate(cls, value: str) -> str:
        return rate_spec(value)


def rate_spec(value: str) -> str:
    """``value`` if it is a rate in the ``limits`` syntax (``ValueError`` otherwise, reported with the key)."""
    from limits import parse_many

    try:
        parse_many(value)
    except ValueError as exc:
        raise ValueError("expected a rate such as '5/minute;20/hour'") from exc
    return value
