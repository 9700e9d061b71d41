"""``docs/settings.md`` is generated from the settings classes: it lists every setting and is never stale."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from phigate.config import Settings

ROOT = Path(__file__).resolve().parents[3]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("settings_reference", ROOT / "scripts" / "settings_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_settings_reference_is_up_to_date() -> None:
    assert (ROOT / "docs" / "settings.md").read_text() == _generator().render(), \
        "docs/settings.md is stale: run python scripts/settings_reference.py"


def test_every_setting_is_listed_with_its_environment_variable() -> None:
    text = (ROOT / "docs" / "settings.md").read_text()
    for section, model in Settings.model_fields.items():
        sub = getattr(model.annotation, "model_fields", None)
        if sub is None:
            assert f"`PHIGATE_{section.upper()}`" in text
            continue
        for key, field in sub.items():
            if hasattr(field.annotation, "model_fields"):  # a nested section: [scan.limits]
                assert f"## `[{section}.{key}]`" in text
                continue
            assert f"`PHIGATE_{section.upper()}__{key.upper()}`" in text, (section, key)
