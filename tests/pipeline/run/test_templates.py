"""Templates render strictly: a variable the stage does not pass is an error, never an empty string."""

import jinja2
import pytest

from pipeline.run.templates import STAGE_VARIABLES, TemplateError, load_stage_templates, schema_text
from tests.conftest import REPO


def test_default_templates_render_the_papers_prompts():
    derive = load_stage_templates(REPO / "prompts/ibp", "derive", "derive.j2", "system.j2")
    messages = derive.render(
        {"function": "x**2*sin(exp(x**2))", "variable": "x", "schema": schema_text("derive")}
    )
    assert [m["role"] for m in messages] == ["system", "user"]
    assert "Consider the function f(x) = x**2*sin(exp(x**2))" in messages[1]["content"]
    assert '"derivative"' in messages[1]["content"]


def test_every_default_template_uses_only_supplied_variables():
    for stage in STAGE_VARIABLES:
        load_stage_templates(REPO / "prompts/ibp", stage, f"{stage}.j2", "system.j2")


def test_strict_undefined_at_render_time(tmp_path):
    (tmp_path / "t.j2").write_text("{{ function }} and {{ variable }}")
    templates = load_stage_templates(tmp_path, "derive", "t.j2")
    with pytest.raises(jinja2.UndefinedError):
        templates.render({"function": "x"})


def test_syntax_error_names_file_and_line(tmp_path):
    (tmp_path / "t.j2").write_text("ok\n{{ function ")
    with pytest.raises(TemplateError, match=r"t\.j2 line 2"):
        load_stage_templates(tmp_path, "derive", "t.j2")
