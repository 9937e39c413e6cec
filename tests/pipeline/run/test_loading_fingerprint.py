"""A run's fingerprint: what decides the problems and the prompts is in it, how fast they are sent is not.

The fingerprint is what lets a re-run resume into its folder, and what refuses a run that would mix two
different datasets in one folder.
"""

from dataclasses import replace

import pipeline.run.loading
from pipeline.families import get_family
from pipeline.run.loading import load_run
from tests.conftest import REPO


def _fingerprint(write_config, **overrides) -> str:
    return load_run(write_config(**overrides)).fingerprint()


def test_the_same_config_gives_the_same_fingerprint(write_config):
    assert _fingerprint(write_config) == _fingerprint(write_config)


def test_count_and_runtime_knobs_do_not_change_it(write_config):
    base = _fingerprint(write_config)
    assert _fingerprint(write_config, count=7) == base
    assert _fingerprint(write_config, runtime={"concurrency": 3, "check_timeout_s": 30}) == base


def test_what_decides_the_problems_or_the_prompts_changes_it(write_config, tmp_path):
    base = _fingerprint(write_config)
    assert _fingerprint(write_config, seed=99) != base
    assert _fingerprint(write_config, sampler={"difficulty": {"hard": 1}}) != base
    assert _fingerprint(write_config, templates_dir=str(REPO / "prompts/ibp-minimal")) != base


def test_a_generator_change_that_gives_other_problems_changes_it(write_config, monkeypatch):
    loaded = load_run(write_config())
    before = loaded.fingerprint()
    newer = replace(get_family("ibp"), problems_version="next")
    monkeypatch.setattr(pipeline.run.loading, "get_family", lambda name: newer)
    assert loaded.fingerprint() != before


def test_the_sampler_problems_version_changes_it_only_when_not_the_default(write_config):
    """``sampler.problems_version``: the default keeps the fingerprint a config had before the field
    existed (it is left out of the dump), another version gives another one."""
    base = _fingerprint(write_config)
    assert _fingerprint(write_config, sampler={"problems_version": "2026-11-28"}) == base
    assert _fingerprint(write_config, sampler={"problems_version": "2026-12-02"}) != base
