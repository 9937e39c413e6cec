"""The solve answer's schema takes what small models write in their JSON, where it has one meaning."""

from __future__ import annotations

import pydantic
import pytest

from pipeline.families.ibp.answers import PartsChoice


def test_a_json_number_in_a_math_field_is_that_number():
    # Llama-3-8B writes "du": 1 for du = dx (held-out real answers, round 7)
    assert PartsChoice(u="x", dv=1, du=1, v="x").du == "1"
    assert PartsChoice(u="x", dv=0.5, du="1", v="x/2").dv == "0.5"


def test_a_bool_is_still_no_math():
    with pytest.raises(pydantic.ValidationError):
        PartsChoice(u="x", dv=True, du="1", v="x")
