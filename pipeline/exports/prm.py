"""The process-reward exports: ``prm`` in the step-tag layout current PRM trainers read, and
``prm-stepwise``, TRL's stepwise supervision, for TRL ≤ 1.13 (``PRMTrainer`` was removed in TRL 1.14).

* ``prm`` (Math-Shepherd's layout, read by OpenRLHF's ``ProcessRewardDataset`` with ``--input_key input
  --label_key value --placeholder_token ки --reward_tokens + -``): ``input`` is the problem, a blank line,
  then one step a line, each followed by a space and the step tag; ``value`` holds one label per tag,
  ``+`` or ``-``. The trainer reads a label at every position of the tag token, so neither the problem
  nor any step contains the tag (``steps.clean_step_text``).
* ``prm-stepwise``: ``{prompt, completions: [step, ...], labels: [bool, ...]}``; TRL joins the steps with
  ``step_separator`` (``"\\n"``), so no step contains a line break.

Both carry one row per distinct path, correct or flawed, of accepted *and* rejected problems (a rejected
problem's paths are negatives with proved labels). Labels after the first error follow the export's
``--after-first-error`` policy; a path is cut before any step still unverifiable after that (nothing after
it is claimed either way), and dropped if that leaves nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from pipeline.core.records import SolutionRecord
from pipeline.exports.context import BuildContext
from pipeline.exports.labelled import CORRECT, LabelledStep, first_incorrect_step, labelled_steps
from pipeline.exports.messages import problem_text
from pipeline.exports.steps import binary_steps, clean_step_text, one_line
from pipeline.rewards.paths import ProblemPaths, proved_correct


class PrmRow(BaseModel):
    """A step-tag row: ``input`` and ``value`` are what the trainer reads; the rest, where it is from."""

    id: str
    problem_id: str
    path: str
    flaw: str | None
    input: str
    value: list[str]
    first_error_step: int | None
    correct: bool


class PrmStepwiseRow(BaseModel):
    id: str
    problem_id: str
    path: str
    flaw: str | None
    prompt: str
    completions: list[str]
    labels: list[bool]
    first_error_step: int | None
    correct: bool


def _distinct_texts(
    record: ProblemPaths, ctx: BuildContext, steps: list[LabelledStep], tag: str | None
) -> list[str] | None:
    """The steps' texts as written, or None when the problem already has a path that reads the same."""
    texts = [clean_step_text(step.text, tag) for step in steps]
    if not ctx.first_time(record, "\n".join(texts)):
        return None
    for step in steps:  # counted for the rows written only
        if one_line(step.text) != step.text:
            ctx.normalised["steps_with_line_breaks"] += 1
        if tag and tag in step.text:
            ctx.normalised["steps_with_tag"] += 1
    return texts


def _paths(record: ProblemPaths, ctx: BuildContext) -> Iterator[tuple[SolutionRecord, list[LabelledStep]]]:
    """(solution, labelled steps) of every path with at least one proved step, under the export's policy."""
    policy = ctx.options.policy(ctx.export_format)
    for solution in record.solutions:
        steps = labelled_steps(record, solution)
        if steps is None:
            ctx.skip("unparsed_answer")
            continue
        kept, cut = binary_steps(steps, policy)
        if cut:
            ctx.skip("cut_at_unverifiable_step")
        if not kept:
            ctx.skip("no_proved_step")
            continue
        yield solution, kept


def prm_rows(record: ProblemPaths, ctx: BuildContext) -> list[PrmRow]:
    """One step-tag row per distinct path of the problem."""
    tag = ctx.options.tag
    problem = problem_text(record)
    if tag in problem:
        ctx.normalised["problems_with_tag"] += 1
        problem = problem.replace(tag, " ")
    rows = []
    for solution, steps in _paths(record, ctx):
        texts = _distinct_texts(record, ctx, steps, tag)
        if texts is None:
            continue
        labels = [ctx.options.positive if s.label == CORRECT else ctx.options.negative for s in steps]
        body = "\n".join(f"{text} {tag}" for text in texts)
        rows.append(
            PrmRow(
                id=f"{record.id}-{solution.path_index}",
                problem_id=record.id,
                path=solution.path,
                flaw=solution.flaw,
                input=f"{problem}\n\n{body}",
                value=labels,
                first_error_step=first_incorrect_step(steps),
                correct=proved_correct(solution),
            )
        )
    return rows


def prm_stepwise_rows(record: ProblemPaths, ctx: BuildContext) -> list[PrmStepwiseRow]:
    """One TRL stepwise-supervision row per distinct path of the problem."""
    rows = []
    for solution, steps in _paths(record, ctx):
        texts = _distinct_texts(record, ctx, steps, None)
        if texts is None:
            continue
        rows.append(
            PrmStepwiseRow(
                id=f"{record.id}-{solution.path_index}",
                problem_id=record.id,
                path=solution.path,
                flaw=solution.flaw,
                prompt=problem_text(record),
                completions=texts,
                labels=[step.label == CORRECT for step in steps],
                first_error_step=first_incorrect_step(steps),
                correct=proved_correct(solution),
            )
        )
    return rows
