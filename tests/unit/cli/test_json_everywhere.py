"""Every ``phigate`` command takes ``--json`` (machine-readable output with the HTTP API's field names)."""

from __future__ import annotations

from typing import Any

from phigate.cli import _COMMANDS, _build


def _leaves(command: Any, path: list[str]) -> list[tuple[str, Any]]:
    subcommands = getattr(command, "commands", None)
    if not subcommands:
        return [(" ".join(path), command)]
    return [leaf for name, sub in subcommands.items() for leaf in _leaves(sub, [*path, name])]


def test_every_command_has_json() -> None:
    leaves = [leaf for name in _COMMANDS for leaf in _leaves(_build(name), [name])]
    assert len(leaves) > 25
    missing = [name for name, command in leaves if not any("--json" in p.opts for p in command.params)]
    assert missing == []
