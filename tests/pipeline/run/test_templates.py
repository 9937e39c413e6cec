"""Templates render strictly: a variable the stage does not pass is an error, never an empty string."""

import jinja2
import pytest

from pipeline.families import REGISTRY, get_family
from pipeline.families.shared.answers import DeriveAnswer
from pipeline.run.templates import TemplateError, load_stage_templates, schema_text
from tests.conftest import REPO

DERIVE = frozenset({"function", "variable"})


def test_default_templates_render_the_papers_prompts():
    derive = load_stage_templates(REPO / "prompts/ibp", "derive", "derive.j2", "system.j2", supplied=DERIVE)
    messages = derive.render(
        {"function": "x**2*sin(exp(x**2))", "variable": "x", "schema": schema_text(DeriveAnswer)}
    )
    assert [m["role"] for m in messages] == ["system", "user"]
    assert "Consider the function f(x) = x**2*sin(exp(x**2))" in messages[1]["content"]
    assert '"derivative"' in messages[1]["content"]


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_familys_default_templates_use_only_supplied_variables(name):
    family = get_family(name)
    for spec in family.stages:
        load_stage_templates(
            REPO / family.templates_dir, spec.name, f"{spec.name}.j2", "system.j2", supplied=spec.variables
        )


def test_strict_undefined_at_render_time(tmp_path):
    (tmp_path / "t.j2").write_text("{{ function }} and {{ variable }}")
    templates = load_stage_templates(tmp_path, "derive", "t.j2", supplied=DERIVE)
    with pytest.raises(jinja2.UndefinedError):
        templates.render({"function": "x"})


def test_syntax_error_names_file_and_line(tmp_path):
    (tmp_path / "t.j2").write_text("ok\n{{ function ")
    with pytest.raises(TemplateError, match=r"t\.j2 line 2"):
        load_stage_templates(tmp_path, "derive", "t.j2", supplied=DERIVE)
