"""Shared fixtures. Real components are started by the fixtures in ``tests/_fixtures/`` (one module per area)
and stopped when the tests that need them are done."""

pytest_plugins = [
    "tests._fixtures.services",
    "tests._fixtures.audit",
    "tests._fixtures.rsyslog",
    "tests._fixtures.storage",
    "tests._fixtures.extract",
    "tests._fixtures.clamd",
    "tests._fixtures.server",
    "tests._fixtures.pipeline",
    "tests._fixtures.release",
    "tests._fixtures.ai",
]
