"""A config is data: valid ones load, broken ones name the field and what is allowed."""

import pytest
import yaml

from pipeline.run.loading import ConfigError, load_run, parse_config
from tests.conftest import REPO

MINIMAL = {
    "providers": {"teacher": {"type": "symbolic"}},
    "stages": {s: {"template": f"{s}.j2", "provider": "teacher"} for s in ("derive", "reverse", "solve")},
}


def test_minimal_config_gets_defaults():
    config = parse_config(MINIMAL)
    assert config.count == 100
    assert config.runtime.check_timeout_s > 0
    assert config.providers["teacher"].type == "symbolic"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"cuont": 5}, "cuont: unknown field"),
        ({"count": 0}, "count: Input should be greater than or equal to 1"),
        ({"providers": {"teacher": {"type": "gemini"}}}, "'symbolic', 'openai'"),
        ({"providers": {"gpt": {"type": "openai"}}}, "providers.gpt.openai.model: required field is missing"),
        ({"stages": {"derive": {"template": "d.j2", "provider": "teacher"}}}, "missing ['reverse', 'solve']"),
    ],
)
def test_broken_config_names_the_field(change, message):
    with pytest.raises(ConfigError) as err:
        parse_config({**MINIMAL, **change})
    assert message in str(err.value)


def test_stage_must_use_a_defined_provider():
    stages = {**MINIMAL["stages"], "solve": {"template": "solve.j2", "provider": "gpt"}}
    with pytest.raises(ConfigError, match=r"stages\.solve\.provider is 'gpt'.*defined: \['teacher'\]"):
        parse_config({**MINIMAL, "stages": stages})


@pytest.mark.parametrize("name", ["ibp.yaml", "ibp-openai.yaml", "ibp-local.yaml", "ibp-mixed.yaml"])
def test_shipped_configs_load_with_their_templates(name):
    loaded = load_run(REPO / "configs" / name, root=REPO)
    assert set(loaded.templates) == {"derive", "reverse", "solve"}


def test_a_shipped_config_loads_from_any_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no prompts/ here: the shipped ones are used
    loaded = load_run(REPO / "configs/ibp.yaml")
    assert loaded.templates["derive"].user_source == (REPO / "prompts/ibp/derive.j2").read_text()
    assert loaded.output_dir == tmp_path / "out/ibp"  # outputs still go under the working directory


def test_a_templates_dir_found_nowhere_names_where_it_was_looked_for(tmp_path):
    config = {**MINIMAL, "templates_dir": "prompts/no-such-family"}
    path = tmp_path / "run.yaml"
    path.write_text(yaml.safe_dump(config))
    with pytest.raises(ConfigError, match=f"{tmp_path}/prompts/no-such-family/derive.j2 does not exist"):
        load_run(path, root=tmp_path)


def test_template_with_unknown_variable_fails_at_load(tmp_path):
    for stage in ("derive", "reverse", "solve"):
        (tmp_path / f"{stage}.j2").write_text("Differentiate {{ function }} in {{ variable }}. {{ schema }}")
    config = {**MINIMAL, "templates_dir": str(tmp_path)}
    path = tmp_path / "run.yaml"
    path.write_text(yaml.safe_dump(config))
    # `function` is not something the solve stage supplies: the error says so before any request is made.
    with pytest.raises(ConfigError, match=r"stages\.solve: .*uses \['function'\].*available: \['integrand'"):
        load_run(path)


def test_missing_config_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_run(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("localhost:8000/v1", "'localhost:8000/v1' has no scheme; write it as http://localhost:8000/v1"),
        ("api.example.com/v1", "write it as https://api.example.com/v1"),
        ("ftp://127.0.0.1/v1", "has the scheme 'ftp'; use http:// or https://"),
        ("http:///v1", "has no host; write it as http://host:port/v1"),
        ("http://127.0.0.1:port/v1", "write it as http://host:port/v1"),
        (" http://127.0.0.1/v1", "contains spaces; write the URL alone, e.g. http://127.0.0.1:8000/v1"),
    ],
)
def test_a_base_url_that_is_not_a_url_is_refused_at_load_naming_the_fix(url, message):
    llm = {"type": "openai", "model": "m", "base_url": url, "api_key_env": None}
    with pytest.raises(ConfigError) as err:
        parse_config({**MINIMAL, "providers": {**MINIMAL["providers"], "llm": llm}})
    line = str(err.value).splitlines()[-1]
    assert line.startswith(f"  providers.llm.openai.base_url: {url!r}") and line.endswith(message)


def test_every_url_of_base_urls_is_checked():
    llm = {"type": "openai", "model": "m", "base_urls": ["http://127.0.0.1:8000/v1", "127.0.0.1:8001/v1"]}
    with pytest.raises(
        ConfigError, match=r"base_urls: '127.0.0.1:8001/v1' has no scheme; write it as http://"
    ):
        parse_config({**MINIMAL, "providers": {"teacher": {"type": "symbolic"}, "llm": llm}})


def test_good_base_urls_load_unchanged():
    llm = {"type": "openai", "model": "m", "base_url": "https://api.example.com/v1"}
    config = parse_config({**MINIMAL, "providers": {**MINIMAL["providers"], "llm": llm}})
    assert config.providers["llm"].base_url == "https://api.example.com/v1"
