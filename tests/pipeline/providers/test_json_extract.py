"""Finding the answer object in a model's text: where it may hide, and the name of each way it fails."""

from __future__ import annotations

import contextlib
import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.families.shared.answers import ReverseAnswer
from pipeline.providers import json_extract
from pipeline.providers.json_extract import (
    MAX_ANSWER_CHARS,
    AnswerFormatError,
    AnswerFormatReason,
    extract_json_object,
    find_json_objects,
    parse_answer,
)

REVERSE = '{"problem": "Find the integral of x*cos(x).", "integrand": "x*cos(x)"}'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', {"a": 1}),
        ('  \n{"a": [1, 2], "b": {"c": null}}\n', {"a": [1, 2], "b": {"c": None}}),
        ('Here you go:\n```json\n{"a": 1}\n```\nDone.', {"a": 1}),
        ('```\n{"a": 1}\n```', {"a": 1}),
        ('```json {"a": 1}```', {"a": 1}),
        ('```json\n{"a": 1}\n', {"a": 1}),  # the closing fence was cut off, the object was not
        ('The answer is {"a": {"b": 2}} as required.', {"a": {"b": 2}}),
        ('Since \\frac{1}{2} is {x}, I answer {"u": "x"}.', {"u": "x"}),
        ('{"braces": "a } and { in a string"} trailing', {"braces": "a } and { in a string"}),
        ('{"quote": "she said \\"}\\" loudly"}', {"quote": 'she said "}" loudly'}),
        ('A draft {"a": 1} and the final answer {"a": 2}', {"a": 2}),
        ('```json\n{"fenced": 1}\n``` but later {"prose": 2}', {"fenced": 1}),
        ('{"text": "line one\nline two"}', {"text": "line one\nline two"}),  # raw newline in a string
        ('Don\'t panic: {"a": 1}', {"a": 1}),
        # JSON5 spellings small models write; each has one meaning and no value changes:
        ('{"a": 1,}', {"a": 1}),  # a trailing comma
        ('{"a": [1, 2,],\n "b": {"c": 3,},\n}', {"a": [1, 2], "b": {"c": 3}}),
        ("{'a': 1}", {"a": 1}),  # single-quoted keys and strings
        ("{'say': 'it\\'s \"x\"'}", {"say": 'it\'s "x"'}),  # \' is a quote, " is a character
        ("{'u': '\\ln x'}", {"u": "\\ln x"}),  # LaTeX's single backslash, as in double quotes
        ('{"a": 1, // first\n "b": 2 /* second */}', {"a": 1, "b": 2}),  # comments outside strings
        # a comment on a string's line goes into that string: the value is not read without it (round 63)
        ('{"r": "x*sin(x)" /* + cos(x) */}', {"r": "x*sin(x) /* + cos(x) */"}),
        ('{"r": "x*exp(x)", # - exp(x)\n "s": "y"}', {"r": "x*exp(x) # - exp(x)", "s": "y"}),
        ('{"r": "x",\n // on its own line\n "s": "y"}', {"r": "x", "s": "y"}),
        ('{"url": "http://x // not a comment"}', {"url": "http://x // not a comment"}),
        ("Here:\n```\n{\n  // parts first\n  'a': 1,\n}\n```", {"a": 1}),
        # Python comments after a line (a Qwen-coder-like answer), never inside a string
        ('{"a": 1,  # first\n "b": "x # not a comment"}', {"a": 1, "b": "x # not a comment"}),
        ("Answer: {'a': 1} done", {"a": 1}),
        # the whole object serialised twice, as one JSON string literal: the string's object is meant
        ('"{\\n  \\"a\\": 1,\\n  \\"b\\": \\"x**2\\"\\n}"', {"a": 1, "b": "x**2"}),
        ('  "{\\"a\\": {\\"b\\": 2}}"\n', {"a": {"b": 2}}),
    ],
)
def test_finds_the_object(text, expected):
    assert extract_json_object(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", AnswerFormatReason.NO_JSON),
        ("   \n ", AnswerFormatReason.NO_JSON),
        ("The antiderivative is x*sin(x) + C.", AnswerFormatReason.NO_JSON),
        ("Since \\frac{1}{2} and {x}", AnswerFormatReason.NO_JSON),
        ('{"a": 1,,}', AnswerFormatReason.INVALID_JSON),  # two commas: not a trailing comma
        ('{"a": [,]}', AnswerFormatReason.INVALID_JSON),  # a comma after [ is not trailing
        ("{a: 1}", AnswerFormatReason.NO_JSON),  # unquoted keys are not read
        ('{"a": 1 /* never closed}', AnswerFormatReason.INVALID_JSON),
        ("{'a': 'never closed}", AnswerFormatReason.INVALID_JSON),
        ('{"a": NaN}', AnswerFormatReason.INVALID_JSON),
        ('{"a" 1}', AnswerFormatReason.INVALID_JSON),
        ('{"a": "unterminated', AnswerFormatReason.TRUNCATED),
        ('Answer: ```json\n{"steps": [{"rule": "product"', AnswerFormatReason.TRUNCATED),
        ("[1, 2, 3]", AnswerFormatReason.NOT_OBJECT),
        ('"just a string"', AnswerFormatReason.NOT_OBJECT),
        ('"{\\"a\\": 1} and prose"', AnswerFormatReason.NOT_OBJECT),  # not all one object
        ('"[1, 2]"', AnswerFormatReason.NOT_OBJECT),
        ('"\\"{\\\\\\"a\\\\\\": 1}\\""', AnswerFormatReason.NOT_OBJECT),  # three times: one level only
        ("42", AnswerFormatReason.NOT_OBJECT),
        ('```json\n[{"a": 1}]\n```', AnswerFormatReason.NOT_OBJECT),
        ("x" * (MAX_ANSWER_CHARS + 1), AnswerFormatReason.TOO_LARGE),
    ],
)
def test_names_the_failure(text, reason):
    with pytest.raises(AnswerFormatError) as caught:
        extract_json_object(text)
    assert caught.value.reason == reason
    assert caught.value.detail


def test_invalid_json_says_where():
    with pytest.raises(AnswerFormatError) as caught:
        extract_json_object('{"a": 1 "b": 2}')
    assert "line 1 column 9" in caught.value.detail


def test_every_object_is_listed_best_first_without_repeating_nested_ones():
    text = 'first {"a": {"inner": 1}} then ```json\n{"b": 2}\n``` and {"c": 3}'
    assert find_json_objects(text) == [{"b": 2}, {"c": 3}, {"a": {"inner": 1}}]


def test_parse_answer_validates_against_the_schema():
    answer = parse_answer(f"Sure!\n```json\n{REVERSE}\n```", ReverseAnswer)
    assert answer == ReverseAnswer(problem="Find the integral of x*cos(x).", integrand="x*cos(x)")


def test_parse_answer_skips_objects_that_do_not_match():
    text = f'My answer: {REVERSE}. Note the format is like {{"x": 1}}.'
    assert extract_json_object(text) == {"x": 1}
    assert parse_answer(text, ReverseAnswer).integrand == "x*cos(x)"


def test_parse_answer_reports_a_schema_mismatch_with_pydantics_reason():
    with pytest.raises(AnswerFormatError) as caught:
        parse_answer('{"problem": "Integrate."}', ReverseAnswer)
    assert caught.value.reason == AnswerFormatReason.SCHEMA
    assert caught.value.reason == "schema_mismatch"
    assert "integrand: Field required" in caught.value.detail


def test_parse_answer_passes_extraction_failures_through():
    with pytest.raises(AnswerFormatError) as caught:
        parse_answer('{"problem": "Integrate.", "integrand": "x', ReverseAnswer)
    assert caught.value.reason == AnswerFormatReason.TRUNCATED


def test_a_schema_mismatch_message_is_bounded():
    with pytest.raises(AnswerFormatError) as caught:
        parse_answer('{"steps": [' + ", ".join(["{}"] * 200) + "]}", ReverseAnswer)
    assert len(caught.value.detail) <= 300


HOSTILE = [
    "{" * MAX_ANSWER_CHARS,
    "}" * MAX_ANSWER_CHARS,
    '{"' * (MAX_ANSWER_CHARS // 2),
    "[" * MAX_ANSWER_CHARS,
    '"' * MAX_ANSWER_CHARS,
    "\\" * MAX_ANSWER_CHARS,
    "`" * MAX_ANSWER_CHARS,
    "{ " * (MAX_ANSWER_CHARS // 2),
    '{"a":' * (MAX_ANSWER_CHARS // 7) + "1" + "}" * (MAX_ANSWER_CHARS // 7),  # deep: json.loads recurses
    '{"k": ' * (MAX_ANSWER_CHARS // 10) + "{}" + " ,}" * (MAX_ANSWER_CHARS // 10),  # every span invalid
    "{" * (MAX_ANSWER_CHARS // 2) + "}" * (MAX_ANSWER_CHARS // 2),
    '{"a": 1}' * (MAX_ANSWER_CHARS // 8),
    '{"a": 1, ' * (MAX_ANSWER_CHARS // 9),
    "{'" * (MAX_ANSWER_CHARS // 2),
    "{/*" * (MAX_ANSWER_CHARS // 3),
    '{"a": "\\"' * (MAX_ANSWER_CHARS // 9),
    "{'a': 1,}" * (MAX_ANSWER_CHARS // 9),
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:10]))
def test_the_json5_spelling_pass_is_linear(text):
    # One regex pass; an unclosed string or comment stops it at once rather than being rescanned.
    started = time.perf_counter()
    with contextlib.suppress(ValueError):
        json_extract._strict_json(text)
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:10]))
def test_hostile_inputs_cost_a_bounded_amount_of_parsing(text, monkeypatch):
    # The scan is one regex pass; what could go quadratic is json.loads on many overlapping spans.
    # So count the characters handed to the JSON parser: they must stay a small multiple of the text.
    parsed = 0
    real_loads = json_extract._loads

    def counting_loads(candidate: str):
        nonlocal parsed
        parsed += len(candidate)
        return real_loads(candidate)

    monkeypatch.setattr(json_extract, "_loads", counting_loads)
    with contextlib.suppress(AnswerFormatError):
        extract_json_object(text)
    assert parsed <= 6 * len(text) + 1_000


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gives_an_object_or_a_named_failure(text):
    try:
        assert isinstance(extract_json_object(text), dict)
    except AnswerFormatError as err:
        assert err.reason in set(AnswerFormatReason)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='{}[]",:\\ \n`abjson01-.eE', max_size=200))
def test_json_like_noise_gives_an_object_or_a_named_failure(text):
    try:
        assert isinstance(extract_json_object(text), dict)
    except AnswerFormatError as err:
        assert err.reason in set(AnswerFormatReason)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(st.text(max_size=8), st.text(max_size=8) | st.integers(), max_size=4),
    st.text(alphabet="abc .:!\n", max_size=30),
    st.text(alphabet="abc .:!\n", max_size=30),
)
def test_an_object_wrapped_in_plain_prose_is_found(obj, before, after):
    assert extract_json_object(f"{before}{json.dumps(obj)}{after}") == obj
