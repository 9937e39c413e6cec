"""`revsynth verify`: one verdict per input line, in order, whatever the line; the exit code says if any
line was not a pair (a wrong antiderivative is a verdict, not an error)."""

import json

from typer.testing import CliRunner

from pipeline.cli.main import app

PAIRS = [
    {"integrand": "2*x*exp(x**2)", "antiderivative": "exp(x**2) + C"},
    {"integrand": "cos(x)", "antiderivative": "-sin(x)"},  # wrong sign
    {"integrand": r"\frac{1}{x}", "antiderivative": r"\ln|x|"},  # LaTeX, log|x|
    {"integrand": "a*cos(a*t)", "antiderivative": "sin(a*t)", "variable": "t"},  # a parameter
    {"integrand": "x", "antiderivative": "__import__('os').system('echo pwned')"},
]
GOOD = json.dumps(PAIRS[0]).encode()


def verify(tmp_path, data: bytes):
    source = tmp_path / "pairs.jsonl"
    source.write_bytes(data)
    output = tmp_path / "verdicts.jsonl"
    result = CliRunner().invoke(app, ["verify", str(source), "-o", str(output), "--workers", "1"])
    verdicts = [json.loads(line) for line in output.read_text().splitlines()] if output.exists() else []
    return result, verdicts


def test_wrong_answers_are_verdicts_and_exit_0(tmp_path):
    result, verdicts = verify(tmp_path, b"\n".join(json.dumps(p).encode() for p in PAIRS) + b"\n")
    assert result.exit_code == 0, result.output
    assert [v["ok"] for v in verdicts] == [True, False, True, True, False]
    assert verdicts[1]["reason"] == "not_equivalent"
    assert verdicts[4]["reason"].startswith("parse")
    assert {"ok", "reason", "method", "seconds"} <= set(verdicts[0])
    assert '"total": 5' in result.output and '"accepted": 3' in result.output


def test_every_line_gets_its_verdict_whatever_it_holds_and_the_exit_code_says_some_were_bad(tmp_path):
    lines = [
        GOOD,
        b"[" * 100_000,  # valid JSON so far, nested past the reader's recursion limit
        GOOD,
        b'{"integrand": "x", "antiderivative": "x**2/2 \xff"}',  # a byte that is not UTF-8
        b"",  # a blank line
        b"this line is not JSON",
        GOOD,
    ]
    result, verdicts = verify(tmp_path, b"\n".join(lines) + b"\n")
    assert result.exit_code == 1, result.output
    assert [(v["line"], v["reason"]) for v in verdicts] == [
        (1, "equivalent"),
        (2, "bad_input"),
        (3, "equivalent"),
        (4, "bad_input"),
        (5, "bad_input"),
        (6, "bad_input"),
        (7, "equivalent"),
    ]
    assert "nested deeper" in verdicts[1]["detail"]
    assert verdicts[3]["detail"] == "not UTF-8: byte 0xff at column 46"
    assert verdicts[4]["detail"].startswith("blank line")
    assert verdicts[5]["detail"].startswith("not JSON")
    assert '"bad_input": 4' in result.output


def test_verify_missing_file_fails_the_run(tmp_path):
    result = CliRunner().invoke(app, ["verify", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 2


def test_verdicts_that_cannot_be_written_are_one_line_with_the_reason(tmp_path):
    source = tmp_path / "pairs.jsonl"
    source.write_bytes(GOOD + b"\n")
    result = CliRunner().invoke(app, ["verify", str(source), "-o", str(tmp_path / "no-such-dir" / "v.jsonl")])
    assert result.exit_code == 2
    assert result.output.strip().endswith("[Errno 2] No such file or directory (after 0 verdicts)")
    assert len(result.output.strip().splitlines()) == 1


def test_the_exit_codes_are_in_the_help():
    result = CliRunner().invoke(app, ["verify", "--help"])
    assert "Exit codes:" in result.output and "bad_input" in result.output
