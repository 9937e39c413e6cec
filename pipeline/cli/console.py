"""Where the command line's words go: consoles that print text exactly as written.

Why not rich's defaults: what revsynth prints is full of text it did not write — config keys, paths,
pydantic messages with regular expressions, server error messages, model answers — and rich would read
``[a-z]`` as markup and swallow it, raise ``MarkupError`` on a key like ``[/x]``, turn ``:x:`` into an
emoji and break a long path over two lines at the terminal's width. So every console here has markup,
emoji and highlighting off, and a message is printed on one line whatever the width: the same text on a
terminal, in a log and in a test, and a script can grep it. Colour comes from a ``style``, never from
the text itself.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text


def plain_console(stderr: bool = False) -> Console:
    """A console that never interprets the text it prints (see the module docstring)."""
    return Console(stderr=stderr, markup=False, emoji=False, highlight=False, soft_wrap=True)


def say(console: Console, label: str, message: str, style: str = "red") -> None:
    """Print ``label: message`` on one line, the label in ``style``, the message as it is."""
    console.print(Text.assemble((label, style), ": ", message))


def warn(console: Console, message: str, style: str = "yellow") -> None:
    """Print a whole line in ``style`` (warnings, notes), as it is."""
    console.print(Text(message, style=style))


def os_error_text(err: OSError) -> str:
    """One line for an I/O error: the file, then the system's reason (``[Errno 28] No space left ...``)."""
    where = f"{err.filename}: " if err.filename else ""
    reason = f"[Errno {err.errno}] {err.strerror}" if err.errno and err.strerror else str(err)
    return where + reason
