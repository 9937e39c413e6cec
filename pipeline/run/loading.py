"""Read a YAML config from disk, validate it, and load and check its templates.

This is the I/O half of configuration (``pipeline/run/config.py`` is the pure half). Every error names the
field or file at fault and what is allowed, so a user fixes a config from the message alone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from pipeline.families import get_family
from pipeline.run.config import PROVIDER_RUNTIME_FIELDS, RunConfig
from pipeline.run.problems_file import ProblemSpec, read_problems_file
from pipeline.run.templates import StageTemplates, TemplateError, load_stage_templates

SHIPPED = Path(__file__).resolve().parents[2]
"""The revsynth checkout (or source tree) this package runs from: where the shipped ``prompts/`` are."""


class ConfigError(ValueError):
    """A config that cannot run, with a message that says where and how to fix it."""


@dataclass(frozen=True)
class LoadedRun:
    """A validated config with its templates loaded, ready to run."""

    config: RunConfig
    path: Path
    root: Path
    templates: dict[str, StageTemplates]
    problems: tuple[ProblemSpec, ...] | None = None  # from ``problems_file``; None: the generator

    @property
    def output_dir(self) -> Path:
        out = Path(self.config.output_dir)
        return out if out.is_absolute() else self.root / out

    def fingerprint(self) -> str:
        """A hash of everything that decides which problems are made and what is asked.

        That includes the family's ``problems_version``: a generator change that gives other problems for
        the same seed must not resume into a folder made with the old one.

        Runtime knobs (concurrency, timeouts) and `count` are left out on purpose: changing them must not
        stop a run from resuming into the same output folder.
        """
        data = self.config.model_dump(exclude={"runtime", "count", "output_dir"})
        for provider in data["providers"].values():
            for knob in PROVIDER_RUNTIME_FIELDS:  # rate limits, retries, prices: how to send, not what
                provider.pop(knob, None)
        data["templates"] = {
            stage: [t.user_source, t.system_source] for stage, t in sorted(self.templates.items())
        }
        data["problems_version"] = get_family(self.config.family).problems_version
        if self.problems is not None:  # the file's content, not its name, decides the problems
            data["problems_file"] = hashlib.sha256(
                json.dumps([p.model_dump() for p in self.problems]).encode()
            ).hexdigest()
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def _describe(err: ValidationError) -> str:
    lines = []
    for item in err.errors():
        where = ".".join(str(p) for p in item["loc"]) or "(top level)"
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "unknown field (check its spelling; see configs/ibp.yaml for every field)"
        elif item["type"] == "missing":
            message = "required field is missing"
        elif item["type"] == "value_error":
            message = message.removeprefix("Value error, ")
        lines.append(f"  {where}: {message}")
    return "\n".join(lines)


def parse_config(data: object, source: str = "<config>") -> RunConfig:
    """Validate already-parsed YAML; raise ConfigError listing every bad field."""
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: the config must be a YAML mapping of fields, got {type(data).__name__}")
    try:
        return RunConfig.model_validate(data)
    except ValidationError as err:
        raise ConfigError(f"{source} is not a valid revsynth config:\n{_describe(err)}") from None


def load_run(path: str | Path, root: str | Path | None = None) -> LoadedRun:
    """Load a config file and its templates. Relative paths in it are relative to `root` (default: cwd);
    a relative ``templates_dir`` that is not there is taken from the prompts revsynth ships."""
    path = Path(path)
    root_dir = Path(root) if root is not None else Path.cwd()
    if not path.is_file():
        raise ConfigError(f"config file {path} does not exist")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ConfigError(f"{path} is not valid YAML: {err}") from None
    config = parse_config(data, str(path))
    templates_dir = _templates_dir(config.templates_dir, root_dir)
    templates = {}
    for spec in get_family(config.family).stages:
        cfg = config.stages[spec.name]
        try:
            templates[spec.name] = load_stage_templates(
                templates_dir, spec.name, cfg.template, cfg.system_template, supplied=spec.variables
            )
        except TemplateError as err:
            raise ConfigError(f"{path}: {err}") from None
    problems = None
    if config.problems_file is not None:
        problems_path = Path(config.problems_file)
        if not problems_path.is_absolute():
            problems_path = root_dir / problems_path
        try:
            problems = tuple(read_problems_file(problems_path))
        except ValueError as err:
            raise ConfigError(f"{path}: problems_file: {err}") from None
    return LoadedRun(config=config, path=path, root=root_dir, templates=templates, problems=problems)


def _templates_dir(configured: str, root: Path) -> Path:
    """A relative ``templates_dir`` is looked up in ``root`` (the working directory), then among the
    prompts revsynth ships, so a shipped config runs from any directory: ``prompts/ibp`` means your own
    copy if you have one there, else revsynth's. Which files were used is in the run's fingerprint
    (their text, not their path), so the two are never mixed in one output folder.
    """
    directory = Path(configured)
    if directory.is_absolute():
        return directory
    local = root / directory
    if local.is_dir() or not (SHIPPED / directory).is_dir():
        return local  # a missing folder is reported by the template loader, under the working directory
    return SHIPPED / directory
