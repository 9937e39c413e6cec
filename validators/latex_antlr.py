"""``latex2sympy`` with ANTLR's two-stage parsing: the fast SLL prediction first, full LL only if it fails.

The converter's grammar needs ANTLR's full-context (LL) prediction often, and that lookahead is where the
CPU goes: ~30 ms per LaTeX field, four fifths of all parsing of the real-answer corpora. ANTLR documents
SLL prediction as either returning *the same parse tree* LL would, or reporting a syntax error; the
converter's error listener raises on every report, so an SLL parse that returns is the LL tree, and one
that raises is parsed again with LL exactly as before. SLL (about 1 ms) gets through the fields without
a power or an integral (``x^{2}`` and ``\\int ... dx`` need LL in this grammar), about half of them.
Conversion of the tree is the converter's own code, unchanged; ``benchmarks/parse_regression.py``
checks the readings are identical. Uses the converter's ``_Latex2Sympy`` (latex2sympy2_extended < 2 and
antlr4 4.13.2 are pinned in pyproject.toml).
"""

from __future__ import annotations

from typing import Any

import sympy
from latex2sympy2_extended.latex2sympy2 import ConversionConfig, latex2sympy

CONFIG = ConversionConfig(interpret_as_mixed_fractions=False, lowercase_symbols=False)

try:  # private API: if a release of the converter moves it, the public function reads the same, slower
    from antlr4.atn.PredictionMode import PredictionMode
    from latex2sympy2_extended.latex2sympy2 import _Latex2Sympy
except ImportError:  # pragma: no cover - depends on the installed converter
    _Latex2Sympy = None


class _TwoStageParser:
    """Stands in for the generated parser: ``math()`` tries SLL, then LL on a fresh parser."""

    def __init__(self, converter: _Latex2Sympy, text: str) -> None:
        self.converter = converter
        self.text = text

    def math(self) -> Any:
        parser = _Latex2Sympy.create_parser(self.converter, self.text)
        parser._interp.predictionMode = PredictionMode.SLL
        try:
            return parser.math()
        except Exception:  # a syntax error in SLL mode may be one LL would not see: LL decides
            pass
        return _Latex2Sympy.create_parser(self.converter, self.text).math()


if _Latex2Sympy is not None:

    class _TwoStageConverter(_Latex2Sympy):
        def create_parser(self, latex_str: str) -> Any:
            return _TwoStageParser(self, latex_str)

else:  # pragma: no cover - depends on the installed converter
    _TwoStageConverter = None


def latex_to_sympy(text: str) -> sympy.Basic:
    """What ``latex2sympy(text, normalization_config=None, conversion_config=CONFIG)`` returns (or raises)."""
    if _TwoStageConverter is None:  # pragma: no cover - depends on the installed converter
        return latex2sympy(text, normalization_config=None, conversion_config=CONFIG)
    return _TwoStageConverter(None, None, False, config=CONFIG).parse(text)
