"""Shared fixtures. Real components are started by the fixtures in ``tests/_fixtures/`` (one module per area)
and stopped when the tests that need them are done."""

pytest_plugins = [
    "tests._fixtures.services",
    "tests._fixtures.server",
]
