"""`revsynth verify`: one verdict per input line, in order, and exit 0 even when some pairs are wrong."""

import json

from typer.testing import CliRunner

from pipeline.cli import app

PAIRS = [
    {"integrand": "2*x*exp(x**2)", "antiderivative": "exp(x**2) + C"},
    {"integrand": "cos(x)", "antiderivative": "-sin(x)"},  # wrong sign
    {"integrand": r"\frac{1}{x}", "antiderivative": r"\ln|x|"},  # LaTeX, log|x|
    {"integrand": "a*cos(a*t)", "antiderivative": "sin(a*t)", "variable": "t"},  # a parameter
    "this line is not JSON",
    {"integrand": "x", "antiderivative": "__import__('os').system('echo pwned')"},
]


def test_verify_writes_one_verdict_per_line_in_order(tmp_path):
    source = tmp_path / "pairs.jsonl"
    source.write_text("\n".join(p if isinstance(p, str) else json.dumps(p) for p in PAIRS) + "\n")
    output = tmp_path / "verdicts.jsonl"
    result = CliRunner().invoke(app, ["verify", str(source), "-o", str(output), "--workers", "1"])
    assert result.exit_code == 0, result.output
    verdicts = [json.loads(line) for line in output.read_text().splitlines()]
    assert [v["ok"] for v in verdicts] == [True, False, True, True, False, False]
    assert verdicts[1]["reason"] == "not_equivalent"
    assert verdicts[4]["reason"] == "bad_input"
    assert verdicts[5]["reason"].startswith("parse")
    assert {"ok", "reason", "method", "seconds"} <= set(verdicts[0])
    assert '"total": 6' in result.output and '"accepted": 3' in result.output


def test_verify_missing_file_fails_the_run(tmp_path):
    result = CliRunner().invoke(app, ["verify", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 2
