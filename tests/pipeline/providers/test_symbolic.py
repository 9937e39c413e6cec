from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

from pipeline.families.ibp.answers import SolveAnswer
from pipeline.families.ibp.details import ibp_problem
from pipeline.families.ibp.teacher import TeacherError
from pipeline.families.shared.answers import DeriveAnswer, ReverseAnswer
from pipeline.providers.base import ChatMessage, CompletionRequest, ProviderError
from pipeline.providers.symbolic import SymbolicTeacherProvider, teach

PAPER = ibp_problem(
    index=0,
    seed=0,
    construction="product_reversal",
    f="x**2*sin(exp(x**2))",
    integrand="2*x**3*exp(x**2)*cos(exp(x**2)) + 2*x*sin(exp(x**2))",
    u="x**2",
    v="sin(exp(x**2))",
    rabbit="g is the product rule's output for x**2 * sin(exp(x**2))",
)


def request(stage: str, **inputs: str) -> CompletionRequest:
    return CompletionRequest(
        stage=stage,
        messages=[ChatMessage(role="user", content="Differentiate f(x) = x**2*sin(exp(x**2)).")],
        problem=PAPER,
        inputs=inputs,
    )


async def test_derive_is_answered_with_schema_valid_json():
    completion = await SymbolicTeacherProvider().complete(request("derive"))

    answer = DeriveAnswer.model_validate_json(completion.text)
    assert answer.derivative == PAPER.details.integrand
    assert (completion.provider, completion.model, completion.finish_reason) == (
        "symbolic",
        "symbolic-teacher",
        "stop",
    )
    assert completion.usage.completion_tokens == len(completion.text) // 4
    usage = completion.usage
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens > 0


async def test_reverse_restates_the_derivative_it_is_given():
    completion = await SymbolicTeacherProvider().complete(request("reverse", derivative="2*x*exp(x)"))
    assert ReverseAnswer.model_validate_json(completion.text).integrand == "2*x*exp(x)"


async def test_solve_finds_the_product_again():
    completion = await SymbolicTeacherProvider().complete(request("solve", integrand=PAPER.details.integrand))
    assert SolveAnswer.model_validate_json(completion.text).antiderivative == "x**2*sin(exp(x**2)) + C"


async def test_solve_path_and_flaw_can_be_chosen_through_the_inputs():
    provider = SymbolicTeacherProvider()
    liate = await provider.complete(request("solve", solve_path="liate"))
    flawed = await provider.complete(request("solve", solve_flaw="dropped_sign"))
    liate, flawed = (SolveAnswer.model_validate_json(c.text) for c in (liate, flawed))
    assert liate.parts[0].u == "sin(exp(x**2))"
    assert flawed.steps[1].result == "x**2*sin(exp(x**2)) + Integral(2*x*sin(exp(x**2)), x)"


async def test_the_sync_work_goes_through_run_sync_when_one_is_given():
    calls = []

    async def run_sync(fn, *args):
        calls.append((fn, args[0]))
        return fn(*args)

    await SymbolicTeacherProvider(run_sync=run_sync).complete(request("derive"))
    assert calls == [(teach, "derive")]


async def test_an_unknown_stage_is_a_named_provider_error():
    with pytest.raises(ProviderError) as caught:
        await SymbolicTeacherProvider().complete(request("summarize"))
    assert caught.value.kind == "unknown_stage"


async def test_a_teacher_failure_becomes_a_named_provider_error():
    with pytest.raises(ProviderError) as caught:
        await SymbolicTeacherProvider().complete(request("reverse"))
    assert caught.value.kind == "missing_derivative"


def test_teacher_errors_survive_the_trip_back_from_a_worker_process():
    error = pickle.loads(pickle.dumps(TeacherError("unknown_flaw", "'typo'")))
    assert (error.kind, error.detail) == ("unknown_flaw", "'typo'")


def test_teach_runs_in_a_separate_process():
    with ProcessPoolExecutor(max_workers=1) as pool:
        text = pool.submit(teach, "solve", PAPER, {}, 0).result(timeout=60)
    assert SolveAnswer.model_validate_json(text).antiderivative == "x**2*sin(exp(x**2)) + C"
