"""`revsynth dataset` from the user's side: what each way of failing prints, and its exit code."""

from __future__ import annotations

from typer.testing import CliRunner

from pipeline.cli import app

STAGES = {s: {"template": f"{s}.j2", "system_template": "system.j2", "provider": "llm"} for s in
          ("derive", "reverse", "solve")}  # fmt: skip


def llm(base_url: str, **extra) -> dict:
    return {"type": "openai", "model": "fake-llm", "base_url": base_url, "api_key_env": None,
            "max_retries": 1, "retry_backoff_s": 0.01, **extra}  # fmt: skip


def test_a_base_url_without_a_scheme_is_one_config_error_before_anything_is_sent(write_config, tmp_path):
    config = write_config(count=2, providers={"llm": llm("localhost:8000/v1")}, stages=STAGES)
    result = CliRunner().invoke(app, ["dataset", "--config", str(config), "--quiet"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "  providers.llm.openai.base_url: 'localhost:8000/v1' has no scheme; "
        "write it as http://localhost:8000/v1"
    )
    assert "OPENAI_API_KEY" not in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
