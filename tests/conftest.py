"""Shared test helpers: configs written to a temporary folder, pointing at the real templates."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import settings

# Property tests draw the same examples on every run: a red CI must mean a change, never an unlucky draw.
settings.register_profile("revsynth", derandomize=True)
settings.load_profile("revsynth")

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def write_config(tmp_path):
    """Write a run config (the shipped one, with overrides) and return its path."""

    def write(base: str = "configs/ibp.yaml", **overrides) -> Path:
        data = yaml.safe_load((REPO / base).read_text())
        from pipeline.families import get_family

        family = get_family(overrides.get("family") or data.get("family", "ibp"))
        data["templates_dir"] = str(REPO / (data.get("templates_dir") or family.templates_dir))
        data["output_dir"] = str(tmp_path / "out")
        data.setdefault("runtime", {})["cache_path"] = str(tmp_path / "cache.sqlite")
        for key, value in overrides.items():
            if isinstance(value, dict) and isinstance(data.get(key), dict):
                data[key] = {**data[key], **value}
            else:
                data[key] = value
        path = tmp_path / "run.yaml"
        path.write_text(yaml.safe_dump(data))
        return path

    return write
