"""Each benchmark owns one "## Heading" section of benchmarks/README.md and rewrites only that one."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"


def replace_section(heading: str, body: str, readme: Path = README) -> None:
    """Replace (or append) the section ``## heading`` with ``body``, keeping every other section as is."""
    text = readme.read_text() if readme.exists() else "# Benchmarks\n"
    section = f"## {heading}\n\n{body}"
    match = re.search(rf"^## {re.escape(heading)}\n", text, flags=re.M)  # the heading line, not "### ..."
    start = match.start() if match else -1
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + ("\n" + text[end + 1 :] if end != -1 else "")
    readme.write_text(text)
