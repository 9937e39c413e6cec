from __future__ import annotations

import pytest
from pydantic import ValidationError

from pipeline.families.ibp.generator.settings import Construction, GeneratorConfig, Level
from pipeline.run.loading import load_run
from tests.conftest import REPO


def test_defaults_mix_three_constructions_and_three_levels():
    config = GeneratorConfig()
    assert set(config.constructions) == set(Construction)
    assert set(config.difficulty) == set(Level) == set(config.levels)
    easy, hard = config.levels[Level.EASY], config.levels[Level.HARD]
    assert easy.operators[1] <= hard.operators[0]
    assert easy.parts_applications[1] < hard.parts_applications[0]
    assert easy.max_nesting < hard.max_nesting


def test_the_legacy_product_form_still_loads():
    config = GeneratorConfig.model_validate({"kind": "product", "max_nesting": 1})
    assert config.constructions == {Construction.PRODUCT_REVERSAL: 1}
    assert all(level.max_nesting == 1 for level in config.levels.values())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "sum"}, "only the legacy value 'product'"),
        ({"constructions": {"product_reversal": 0}}, "positive sum"),
        ({"constructions": {"random_walk": 1}}, "constructions.random_walk"),
        ({"splits": {"train": 0.5, "test": 0.2}}, "summing to 1"),
        (
            {
                "difficulty": {"hard": 1},
                "levels": {"easy": GeneratorConfig().levels[Level.EASY].model_dump()},
            },
            "no entry",
        ),
        ({"trees": {"leaves": {"integer": 1}}}, "leaves.variable must be positive"),
        ({"sampler_typo": 1}, "sampler_typo"),
    ],
)
def test_a_broken_generator_config_names_what_is_wrong(data, message):
    with pytest.raises(ValidationError, match=message):
        GeneratorConfig.model_validate(data)


def test_the_shipped_config_uses_the_generator():
    config = load_run(REPO / "configs/ibp.yaml", root=REPO).config
    assert isinstance(config.sampler, GeneratorConfig)
    assert config.sampler.constructions == GeneratorConfig().constructions
