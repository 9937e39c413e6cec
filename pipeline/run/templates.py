"""Prompt templates: files a user edits, rendered strictly, checked when a config loads.

A template that names a variable its stage does not supply would render as an error at sample 1, or worse,
silently as an empty string after hours of paid requests. So rendering uses ``StrictUndefined`` and every
template's variables are compared with what its stage supplies before anything runs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import meta
from pydantic import BaseModel

SCHEMA_VARIABLE = "schema"
"""Every stage also hands its templates the JSON schema of its answer."""


class TemplateError(ValueError):
    """A template is missing, does not parse, or uses variables its stage does not supply."""


@dataclass(frozen=True)
class StageTemplates:
    """The loaded templates of one stage: a user prompt and an optional system prompt."""

    stage: str
    user_name: str
    user: jinja2.Template
    user_source: str
    system_name: str | None = None
    system: jinja2.Template | None = None
    system_source: str | None = None

    def render(self, variables: dict[str, str]) -> list[dict[str, str]]:
        """Render the chat messages for one request."""
        messages = []
        if self.system is not None:
            messages.append({"role": "system", "content": self.system.render(**variables).strip()})
        messages.append({"role": "user", "content": self.user.render(**variables).strip()})
        return messages


def _environment(directory: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(directory)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


def _load_one(
    env: jinja2.Environment, directory: Path, name: str, stage: str, supplied: frozenset[str]
) -> tuple[jinja2.Template, str]:
    path = directory / name
    if not path.is_file():
        raise TemplateError(f"stages.{stage}: template file {path} does not exist")
    source = path.read_text(encoding="utf-8")
    try:
        ast = env.parse(source)
    except jinja2.TemplateSyntaxError as err:
        raise TemplateError(f"stages.{stage}: template {path} line {err.lineno}: {err.message}") from err
    used = meta.find_undeclared_variables(ast)
    available = supplied | {SCHEMA_VARIABLE}
    unknown = sorted(used - available)
    if unknown:
        raise TemplateError(
            f"stages.{stage}: template {path} uses {unknown}, which the {stage} stage does not supply; "
            f"available: {sorted(available)}"
        )
    return env.from_string(source), source


def load_stage_templates(
    directory: str | Path,
    stage: str,
    template: str,
    system_template: str | None = None,
    *,
    supplied: frozenset[str],
) -> StageTemplates:
    """Load and check one stage's templates against the variables the stage ``supplied``; raises
    TemplateError naming the stage, file and fix."""
    directory = Path(directory)
    env = _environment(directory)
    user, user_source = _load_one(env, directory, template, stage, supplied)
    system = system_source = None
    if system_template is not None:
        system, system_source = _load_one(env, directory, system_template, stage, supplied)
    return StageTemplates(stage, template, user, user_source, system_template, system, system_source)


def answer_schema(model: type[BaseModel]) -> dict:
    """The JSON schema of a stage's answer, as sent to providers and shown in prompts."""
    return model.model_json_schema()


def schema_text(model: type[BaseModel]) -> str:
    return json.dumps(answer_schema(model), separators=(",", ":"))
