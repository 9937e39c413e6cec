"""The SymPy-syntax front end: Python's own ``ast.parse`` reads the text, nothing is ever evaluated.

``sympify``/``parse_expr`` run ``eval``, so instead the Python AST is walked node by node and only the
whitelisted shapes are rebuilt through ``ExpressionBuilder``.
"""

from __future__ import annotations

import ast
import threading
import warnings

import sympy

from validators.math_language import (
    ALL_FUNCTION_NAMES,
    CALCULUS_FORMS,
    REFUSED_FORMS,
    TUPLE_FUNCTIONS,
    ExpressionBuilder,
)
from validators.parse_plain import to_python
from validators.parse_refusals import ParseError, ParseLimits, ParseRefusal, first_line
from validators.sympy_constructors import CONSTRUCTORS, build_constructor

_COMPARISONS = {ast.Lt: sympy.Lt, ast.LtE: sympy.Le, ast.Gt: sympy.Gt, ast.GtE: sympy.Ge, ast.Eq: sympy.Eq,
                ast.NotEq: sympy.Ne}  # fmt: skip
_RELATIONS = {"Eq": sympy.Eq, "Ne": sympy.Ne, "Lt": sympy.Lt, "Le": sympy.Le, "Gt": sympy.Gt, "Ge": sympy.Ge}


class _AstReader:
    """Builds SymPy from a Python expression AST, node by node, accepting only the whitelisted shapes."""

    def __init__(self, source: str, builder: ExpressionBuilder, limits: ParseLimits) -> None:
        self.source = source
        self.builder = builder
        self.limits = limits

    def read(self, node: ast.AST, depth: int = 0) -> sympy.Expr:
        if depth > self.limits.max_depth:
            raise ParseError(ParseRefusal.TOO_DEEP, f"nested deeper than {self.limits.max_depth}")
        b, down = self.builder, depth + 1
        if isinstance(node, ast.BinOp) and type(node.op) in (ast.Add, ast.Sub, ast.Mult, ast.Div):
            return self._chain(node, down)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            return b.pow(self.read(node.left, down), self.read(node.right, down))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            operand = self.read(node.operand, down)
            return b.neg(operand) if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.Call):
            return self._call(node, down)
        if isinstance(node, ast.Name):
            return b.name(node.id)
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Compare | ast.BoolOp) or (
            isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)
        ):
            raise ParseError(
                ParseRefusal.NOT_AN_EXPRESSION, f"{type(node).__name__} is a condition, not an expression"
            )
        what = type(node.op).__name__ if isinstance(node, ast.BinOp | ast.UnaryOp) else type(node).__name__
        raise ParseError(ParseRefusal.FORBIDDEN, f"{what} is not allowed")

    def _chain(self, node: ast.BinOp, down: int) -> sympy.Expr:
        """Read a left-leaning ``a - b + c`` (or ``a * b / c``) as one flat sum (product): one level deep.

        Flat, because a long sum is long, not deep, and SymPy builds ``Add(*terms)`` in one go.
        """
        is_sum = isinstance(node.op, ast.Add | ast.Sub)
        family, inverse = ((ast.Add, ast.Sub), ast.Sub) if is_sum else ((ast.Mult, ast.Div), ast.Div)
        operands: list[tuple[bool, ast.expr]] = []  # (inverted?, operand), last one first
        current: ast.expr = node
        while isinstance(current, ast.BinOp) and isinstance(current.op, family):
            operands.append((isinstance(current.op, inverse), current.right))
            current = current.left
        operands.append((False, current))
        b = self.builder
        parts = [(inverted, self.read(operand, down)) for inverted, operand in reversed(operands)]
        if is_sum:
            return b.add([b.neg(p) if inverted else p for inverted, p in parts])
        return b.mul([b.pow(p, sympy.S.NegativeOne) if inverted else p for inverted, p in parts])

    def _call(self, node: ast.Call, down: int) -> sympy.Expr:
        if not isinstance(node.func, ast.Name):
            raise ParseError(
                ParseRefusal.FORBIDDEN, f"call of {type(node.func).__name__} (only named functions)"
            )
        name = node.func.id
        if name == "Piecewise":
            return self._piecewise(node, down)
        if name in CONSTRUCTORS and not node.keywords:  # Add(x, Integer(-3)), as srepr prints
            return build_constructor(self.builder, name, [self.read(arg, down) for arg in node.args])
        if name in REFUSED_FORMS:
            raise ParseError(ParseRefusal.FORBIDDEN, f"{name} is not supported")
        if name not in ALL_FUNCTION_NAMES:
            raise ParseError(ParseRefusal.UNKNOWN_NAME, f"unknown function {name[:40]!r}")
        if node.keywords:
            raise ParseError(ParseRefusal.FORBIDDEN, "keyword arguments are not allowed")
        args: list[ast.expr] = list(node.args)
        if CALCULUS_FORMS.get(name) == "Derivative" and len(args) == 2 and isinstance(args[1], ast.Tuple):
            args = [args[0], *args[1].elts]  # Derivative(h, (x, n)), as sympy prints it
        if name in TUPLE_FUNCTIONS:
            return self.builder.call_with_lists(name, [self._list_or_expr(arg, down, 2) for arg in args])
        return self.builder.call(name, [self.read(arg, down) for arg in args])

    def _list_or_expr(self, node: ast.expr, down: int, levels: int) -> object:
        """An argument of hyper/meijerg: an expression, or a tuple/list of them (``levels`` deep at most)."""
        if isinstance(node, ast.Tuple | ast.List) and levels > 0:
            if len(node.elts) > 8:
                raise ParseError(ParseRefusal.FORBIDDEN, "parameter lists of at most 8 entries")
            return tuple(self._list_or_expr(elt, down + 1, levels - 1) for elt in node.elts)
        return self.read(node, down)

    def _piecewise(self, node: ast.Call, down: int) -> sympy.Expr:
        """``Piecewise((expr, condition), ...)`` as SymPy prints it (CAS antiderivatives often are)."""
        if node.keywords or not node.args or len(node.args) > 8:
            raise ParseError(ParseRefusal.FORBIDDEN, "Piecewise takes 1 to 8 (expression, condition) pairs")
        pieces = []
        for arg in node.args:
            if not (isinstance(arg, ast.Tuple) and len(arg.elts) == 2):
                raise ParseError(
                    ParseRefusal.FORBIDDEN, "each Piecewise piece is an (expression, condition) pair"
                )
            pieces.append((self.read(arg.elts[0], down), self._condition(arg.elts[1], down)))
        try:
            return sympy.Piecewise(*pieces)
        except (TypeError, ValueError) as err:
            raise ParseError(ParseRefusal.NOT_AN_EXPRESSION, first_line(err)) from None

    def _condition(self, node: ast.expr, down: int) -> sympy.Basic:
        """A Piecewise condition: True, a comparison, or And/Or/Not/Eq/Ne of conditions (And and Not also
        as SymPy prints them, ``&`` and ``~``; ``|`` is read as absolute-value bars before this)."""
        if down > self.limits.max_depth:
            raise ParseError(ParseRefusal.TOO_DEEP, f"nested deeper than {self.limits.max_depth}")
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return sympy.true if node.value else sympy.false
        if isinstance(node, ast.Name) and node.id in ("True", "False"):
            return sympy.true if node.id == "True" else sympy.false
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _COMPARISONS:
            lhs, rhs = self.read(node.left, down + 1), self.read(node.comparators[0], down + 1)
            return _COMPARISONS[type(node.ops[0])](lhs, rhs)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd | ast.BitOr):
            # SymPy prints And as &: Piecewise((0, Eq(a, 0) & Eq(b, 0)), ...) (| never gets here: |x|)
            join = sympy.And if isinstance(node.op, ast.BitAnd) else sympy.Or
            return join(self._condition(node.left, down + 1), self._condition(node.right, down + 1))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert):
            return sympy.Not(self._condition(node.operand, down + 1))  # SymPy prints Not(c) as ~c
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
            name, args = node.func.id, node.args
            if name in ("And", "Or") and args:
                return getattr(sympy, name)(*(self._condition(a, down + 1) for a in args))
            if name == "Not" and len(args) == 1:
                return sympy.Not(self._condition(args[0], down + 1))
            if name in _RELATIONS and len(args) == 2:
                return _RELATIONS[name](self.read(args[0], down + 1), self.read(args[1], down + 1))
        raise ParseError(
            ParseRefusal.FORBIDDEN, "a Piecewise condition must be a comparison or And/Or/Not of them"
        )

    def _constant(self, node: ast.Constant) -> sympy.Expr:
        value = node.value
        if isinstance(value, bool):
            raise ParseError(ParseRefusal.NOT_AN_EXPRESSION, "a boolean is not an expression")
        if isinstance(value, int):
            return self.builder.integer(value)
        if isinstance(value, float):
            return self.builder.decimal(ast.get_source_segment(self.source, node) or "")
        raise ParseError(ParseRefusal.FORBIDDEN, f"{type(value).__name__} constant is not allowed")


def _expression_nodes(tree: ast.AST) -> int:
    """How many expression nodes ``ast.walk(tree)`` meets, counted without its generators (every text is
    counted before it is read, and the walk was a tenth of reading a teacher's answer)."""
    count, stack = 0, [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.expr):
            count += 1
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                stack.extend(item for item in value if isinstance(item, ast.AST))
            elif isinstance(value, ast.AST):
                stack.append(value)
    return count


# One thread at a time in Python's parser: CPython 3.11 can fail a parse with "SystemError: AST constructor
# recursion depth mismatch" when two threads parse at once (seen beside a local HTTP server's thread), and
# warnings.catch_warnings changes process-wide state.
_PYTHON_PARSER = threading.Lock()


def parse_sympy_syntax(text: str, builder: ExpressionBuilder, limits: ParseLimits) -> sympy.Expr:
    """Read SymPy syntax or plain math (``2x e^(2x)``, ``sin^2 x``) with ``builder``, or raise ``ParseError``.

    ``validators.parse_plain`` first makes the implicit explicit (products, brackets of ``sin x``). Python
    syntax errors are refused as ``SYNTAX`` so the caller can still try the text as LaTeX.
    """
    source = to_python(text, builder.variable, limits.max_depth)
    try:
        with _PYTHON_PARSER, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(source.strip(), mode="eval")
    except (SyntaxError, ValueError) as exc:
        raise ParseError(ParseRefusal.SYNTAX, f"{getattr(exc, 'msg', None) or exc}"[:120]) from None
    except (RecursionError, MemoryError):
        raise ParseError(ParseRefusal.TOO_DEEP, "too deeply nested for the Python parser") from None
    nodes = _expression_nodes(tree)
    if nodes > limits.max_nodes:
        raise ParseError(ParseRefusal.TOO_LONG, f"{nodes} nodes, more than {limits.max_nodes}")
    if builder.stacked_powers:
        _refuse_unbracketed_towers(tree, source.strip())
    return _AstReader(source.strip(), builder, limits).read(tree.body)


def _bracketed(encoded: bytes, starts: list[int], node: ast.expr) -> bool:
    """Is ``node`` in brackets of its own in the source (``(`` right before it, ``)`` right after)?"""
    begin = starts[node.lineno - 1] + node.col_offset
    end = starts[(node.end_lineno or node.lineno) - 1] + (node.end_col_offset or 0)
    return encoded[:begin].rstrip().endswith(b"(") and encoded[end:].lstrip().startswith(b")")


def _refuse_unbracketed_towers(tree: ast.Expression, source: str) -> None:
    """Once superscripts are carets (``x^2³``, ``x^sqrt (6)²``, ``e^√x²``, ``x^|3 - |1||³`` all become one),
    or MATLAB's left-associative ``.^`` is (``x.^2.^3`` is (x^2)^3), ``a^b^c`` with no brackets around
    ``b^c`` is a tower or a second power to the eye. The parser itself finds them, whatever spells the
    exponent (rounds 26-34 found a new spelling past every text scan): in a text that writes such powers,
    a power whose exponent is a power not enclosed in brackets of its own is refused."""
    encoded = source.encode()
    starts = [0]
    for line in encoded.split(b"\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow)):
            continue
        exponent = node.right  # e**(-x**2) and x**-(2**3): the power in brackets, with its sign or without
        inner = exponent
        while isinstance(inner, ast.UnaryOp):
            inner = inner.operand
        if not (isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.Pow)):
            continue
        if not any(_bracketed(encoded, starts, part) for part in (exponent, inner)):
            raise ParseError(
                ParseRefusal.AMBIGUOUS, "a power of a power without brackets (x^2^3: x^(2^3) or (x^2)^3?)"
            )
