"""Write validators/corpus/rubi.jsonl: RUBI's published antiderivatives, each label checked numerically.

Run: ``.venv/bin/python benchmarks/make_rubi_corpus.py`` (reads only local files; no network; about an hour
on 2 cores). The committed corpus, ``validators/corpus/rubi.jsonl``, is this script's output.

Where the pairs come from
-------------------------
The test suite of RUBI (Albert Rich's rule-based integrator) as ported to SymPy syntax in the public
repository https://github.com/sympy/sympy, directory ``sympy/integrals/rubi/tests/`` (removed from SymPy in
2022; the files below are the last version of each at that path). The raw texts are kept, unchanged, in
the git-ignored folder ``.rubi-cache/`` (one file per test file, same name) and are read from there; they
were taken with ``git show <commit>:<path>`` from a snapshot of that repository. Commit and blob ids:

==========================================  ========================================  ========================================
file                                        commit                                    blob
==========================================  ========================================  ========================================
test_1_2.py                                 8a49815f1149871a109083b002256ea2daad9129  b6cccbf5af1e1cc3600396cc73ed980777257cce
test_1_3.py                                 8a49815f1149871a109083b002256ea2daad9129  1ea4663438c850e563e143ac1f65eb2b11645cc3
test_1_4.py                                 8a49815f1149871a109083b002256ea2daad9129  c468df24ce02fafcd0ea7c95c408efc23c87b8b5
test_trig.py                                10ee402f0a43faa8103032c12dd3ee1a699dea93  bf2e3a004e0961936e63cdce73f6fe1f466fdd35
test_quadratic.py                           e441b2bec911579f96fba70595153b5a7702ee6d  a634d9f6022309df8431e22cc4c717f6c71a48a2
test_trinomial_passed.py                    2576198e92a732f87ca28e35669c3889be69d0c2  5a15bff9cd2c6e4f350391d67272bd56dac15580
test_algebriac_linear_products_set1.py      4cf32e243a980b316fdc2536f50f63f7fe8405e4  d4cbfe2c8f82713746599208a7dea61ccde6dbb6
test_algebraic_linear_products_set2.py      4cf32e243a980b316fdc2536f50f63f7fe8405e4  5375372198a026adc061e2f499fb233f50340995
test_rubi_test_suit.py                      4cf32e243a980b316fdc2536f50f63f7fe8405e4  56f840f15947fb578eaebe97bb6e26cb0079ae9c
tests_rubi.py                               8fc9a0e3d565b1c50081a3f32397c02b0080ffe5  908df961b859089e7df4bd4d231c7868b01d208c
test_rubi_integrate.py                      8ad4f490fecc269eac69a6976b50f44396f6a1ad  85655f1e6285bdc7eb036cbe8110f4d00d5d9001
==========================================  ========================================  ========================================

(test_trig.py and tests_rubi.py are from early side branches, not on SymPy's master; the others are.)
To refill the cache from a clone of sympy/sympy: ``git show <commit>:sympy/integrals/rubi/tests/<file>``;
the script checks each file's git blob id and refuses a file that differs.

How the pairs are read
----------------------
The files are never imported or run. They are parsed with ``ast``: an entry is a list
``[integrand, x, steps, antiderivative(, alternative)]`` (in a test function, or, in the files that are
bare lists, at top level), or an ``assert rubi_test(rubi_integrate(g, x), x, F, ...)`` (alternatives joined
by ``or``), or ``assert rubi_integrate(g, x) == F``. test_trig.py's two ``intsin5(a, b, c, n, x) == F``
asserts get their integrand from the formula the file states, ``(c*sin(a + b*x))**n``. Each element's
source text is read with SymPy's ``parse_expr`` (trusted reference data), names mapped to SymPy's
(arctan -> atan, Pi -> pi, hypergeom([a..], [b..], z) -> hyper, EllipticF -> elliptic_f ...); symbols are
plain (no assumptions). An alternative antiderivative is a pair of its own. Pairs repeated across files
are kept once (the first source).

How each label is checked (independently of the validators)
------------------------------------------------------------
Parameters get random positive rationals (exponent-like ones, m n p q j k l, small integers or halves), in
4 draws; F' is a central finite difference of F (mpmath, 40 digits, step 1e-15; a disagreement is
re-tried at 80 digits, step 1e-30) compared with g at 2 random real points in each of (0.1, 1), (1, 4),
(-1, -0.1), (-4, -1) per draw. A point counts when g is finite and real and F is finite there.
``correct``: agrees at every counted point (at least 6). ``region_only``: all counted points of some
(draw, interval) cell agree (at least 2), but some point where g is real disagrees. ``wrong``: otherwise.
Pairs with fewer than 6 counted points, or whose check passes 20 s, are dropped and counted.
"""

from __future__ import annotations

import ast
import collections
import hashlib
import json
import random
import re
import sys
import time
from pathlib import Path

import sympy
from sympy.parsing.sympy_parser import parse_expr

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".rubi-cache"
OUT = ROOT / "validators" / "corpus" / "rubi.jsonl"
REPORT = ROOT / "benchmarks" / "corpus" / "rubi_corpus_stats.json"
TIMEOUT_S = 20.0
WORKERS = 2

FILES: dict[str, str] = {  # file -> git blob id (sha1 of "blob <size>\0" + bytes)
    "test_1_2.py": "b6cccbf5af1e1cc3600396cc73ed980777257cce",
    "test_1_3.py": "1ea4663438c850e563e143ac1f65eb2b11645cc3",
    "test_1_4.py": "c468df24ce02fafcd0ea7c95c408efc23c87b8b5",
    "test_trig.py": "bf2e3a004e0961936e63cdce73f6fe1f466fdd35",
    "test_quadratic.py": "a634d9f6022309df8431e22cc4c717f6c71a48a2",
    "test_trinomial_passed.py": "5a15bff9cd2c6e4f350391d67272bd56dac15580",
    "test_algebriac_linear_products_set1.py": "d4cbfe2c8f82713746599208a7dea61ccde6dbb6",
    "test_algebraic_linear_products_set2.py": "5375372198a026adc061e2f499fb233f50340995",
    "test_rubi_test_suit.py": "56f840f15947fb578eaebe97bb6e26cb0079ae9c",
    "tests_rubi.py": "908df961b859089e7df4bd4d231c7868b01d208c",
    "test_rubi_integrate.py": "85655f1e6285bdc7eb036cbe8110f4d00d5d9001",
}

# --------------------------------------------------------------------------------------------------
# Reading the files


def _hypergeom(a, b, z):
    return sympy.hyper(tuple(a), tuple(b), z)


def _hyp2f1(a, b, c, z):
    return sympy.hyper((a, b), (c,), z)


NAME_MAP: dict[str, object] = {
    "arctan": sympy.atan, "arcsin": sympy.asin, "arccos": sympy.acos, "arctanh": sympy.atanh,
    "arcsinh": sympy.asinh, "arccosh": sympy.acosh, "arccot": sympy.acot, "arccoth": sympy.acoth,
    "ArcTan": sympy.atan, "ArcTanh": sympy.atanh, "ArcSin": sympy.asin, "ArcCos": sympy.acos,
    "ArcSinh": sympy.asinh, "ArcCosh": sympy.acosh, "Log": sympy.log, "Sqrt": sympy.sqrt,
    "Pi": sympy.pi, "pi": sympy.pi, "I": sympy.I, "S": sympy.sympify,
    "hypergeom": _hypergeom, "Hypergeometric2F1": _hyp2f1, "hyper": sympy.hyper,
    "EllipticE": sympy.elliptic_e, "EllipticF": sympy.elliptic_f, "EllipticPi": sympy.elliptic_pi,
    "elliptic_e": sympy.elliptic_e, "elliptic_f": sympy.elliptic_f, "elliptic_pi": sympy.elliptic_pi,
    "PolyLog": sympy.polylog, "AppellF1": sympy.appellf1, "exp_polar": sympy.exp_polar,
}  # fmt: skip
INTEGER_LIKE = set("mnpqjkl")


def git_blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def read_cached(name: str) -> str:
    path = CACHE / name
    if not path.exists():
        sys.exit(f"missing {path}: fill .rubi-cache/ first (see this script's docstring)")
    data = path.read_bytes()
    if git_blob_id(data) != FILES[name]:
        sys.exit(f"{path} is not the expected version (blob {git_blob_id(data)} != {FILES[name]})")
    return data.decode("utf-8")


def module_symbols(tree: ast.AST) -> dict[str, str]:
    """``a, b = symbols('a b')`` assignments: Python name -> symbol name (``i = symbols('i1')``)."""
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
            continue
        func = node.value.func
        if not (isinstance(func, ast.Name) and func.id in ("symbols", "Symbol")) or not node.value.args:
            continue
        arg = node.value.args[0]
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            continue
        names = re.split(r"[\s,]+", arg.value.strip())
        target = node.targets[0]
        targets = target.elts if isinstance(target, ast.Tuple) else [target]
        for t, symbol_name in zip(targets, names, strict=False):
            if isinstance(t, ast.Name):
                found[t.id] = symbol_name
    return found


def parse_file_tree(text: str) -> tuple[ast.AST, str]:
    """The file's AST; files that are bare comma-separated lists (no code) are wrapped in one list."""
    try:
        return ast.parse(text), text
    except SyntaxError:
        pass
    body = text
    doc = re.match(r"\s*('''|\"\"\").*?\1", body, re.S)
    if doc:  # a leading docstring would be subscripted by the first list: blank it, keeping its lines
        body = re.sub(r"[^\n]", " ", body[: doc.end()]) + body[doc.end() :]
    wrapped = "__rubi__ = [\n" + body + "\n]\n"
    return ast.parse(wrapped), wrapped


def _is_steps(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "S"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, int)
    )


def _call_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id
    return None


def extract(name: str, text: str) -> list[tuple[str, int, str, str, str, bool]]:
    tree, source = parse_file_tree(text)
    offset = 1 if source is not text else 0  # the wrapper adds one line
    seg = lambda node: " ".join(ast.get_source_segment(source, node).split())  # noqa: E731
    out: list[tuple[str, int, str, str, str, bool]] = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef):
            function = node.name
        if isinstance(node, ast.List) and len(node.elts) in (4, 5) and isinstance(node.elts[1], ast.Name):
            if _is_steps(node.elts[2]):
                g, var = seg(node.elts[0]), seg(node.elts[1])
                for k, answer in enumerate(node.elts[3:]):
                    out.append((function, node.lineno - offset, g, var, seg(answer), k > 0))
                return
        if isinstance(node, ast.Assert):
            found = from_assert(node.test, function)
            if found:
                out.extend(found)
                return
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    def from_assert(test: ast.AST, function: str) -> list:
        alternatives = test.values if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or) else [test]
        found = []
        for k, alt in enumerate(alternatives):
            pair = None
            if (
                _call_name(alt) == "rubi_test"
                and len(alt.args) >= 3
                and _call_name(alt.args[0]) == "rubi_integrate"
            ):
                inner = alt.args[0]
                pair = (seg(inner.args[0]), seg(inner.args[1]), seg(alt.args[2]))
            elif isinstance(alt, ast.Compare) and len(alt.ops) == 1 and isinstance(alt.ops[0], ast.Eq):
                left, right = alt.left, alt.comparators[0]
                callee = _call_name(left)
                if callee in ("rubi_integrate", "int_alg_1_1") and len(left.args) == 2:
                    pair = (seg(left.args[0]), seg(left.args[1]), seg(right))
                elif callee == "intsin5" and len(left.args) == 5:  # intsin5(a, b, c, n, x): (c*sin(a+b*x))**n
                    a, b, c, n, var = (seg(arg) for arg in left.args)
                    pair = (f"(({c})*sin(({a}) + ({b})*{var}))**({n})", var, seg(right))
            if pair is not None:
                found.append((function, alt.lineno - offset, pair[0], pair[1], pair[2], k > 0))
        return found

    visit(tree, "<module>")
    return out


class Unconvertible(Exception):
    pass


def to_sympy(src: str, local: dict[str, object]) -> sympy.Expr:
    try:
        expr = parse_expr(src, local_dict=local)
    except Exception as err:  # noqa: BLE001 - any failure is a reason to skip
        raise Unconvertible(f"parse: {type(err).__name__}") from err
    if not isinstance(expr, sympy.Expr):
        raise Unconvertible(f"not an expression: {type(expr).__name__}")
    undefined = sorted({type(f).__name__ for f in expr.atoms(sympy.core.function.AppliedUndef)})
    if undefined:
        raise Unconvertible("unknown function " + ",".join(undefined))
    if expr.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise Unconvertible("infinite or nan")
    return expr


# --------------------------------------------------------------------------------------------------
# The independent numeric check (runs in a worker process)

INTERVALS = ((0.1, 1.0), (1.0, 4.0), (-1.0, -0.1), (-4.0, -1.0))
DRAWS = 4
POINTS_PER_INTERVAL = 2
HALVES = [sympy.Rational(k, 2) for k in (1, 2, 3, 4, 5, 6)]


def _draw_parameters(names: list[str], rng: random.Random) -> dict[str, sympy.Rational]:
    values = {}
    for name in names:
        if name in INTEGER_LIKE:
            values[name] = rng.choice(HALVES)
        else:
            q = rng.choice((2, 3, 4, 5, 7, 8))
            values[name] = sympy.Rational(rng.randint(max(1, q // 3), 3 * q), q)
    return values


def numeric_check(g_str: str, f_str: str, names: list[str], seed: int) -> dict:
    import mpmath

    local = {name: sympy.Symbol(name) for name in names}
    local["x"] = x = sympy.Symbol("x")
    g = sympy.sympify(g_str, locals=local)
    F = sympy.sympify(f_str, locals=local)
    params = sorted((g.free_symbols | F.free_symbols) - {x}, key=lambda s: s.name)
    if g.has(sympy.Sum) or F.has(sympy.Sum):
        g, F = g.doit(), F.doit()
    args = [x, *params]
    try:
        g_fn = sympy.lambdify(args, g, modules=["mpmath"])
        f_fn = sympy.lambdify(args, F, modules=["mpmath"])
        method = "lambdify"
    except Exception:  # noqa: BLE001
        g_fn = f_fn = None
        method = "evalf"

    def evaluate(fn, expr, xv, pv, dps):
        with mpmath.workdps(dps):
            if fn is not None:
                try:
                    return mpmath.mpmathify(fn(xv, *pv))
                except (ZeroDivisionError, ValueError, TypeError, OverflowError, ArithmeticError):
                    return None
                except Exception:  # noqa: BLE001
                    pass
            try:
                subs = {
                    x: sympy.Float(str(xv), dps),
                    **{p: sympy.Float(str(v), dps) for p, v in zip(params, pv)},
                }
                value = expr.evalf(dps, subs=subs)
                re_part, im_part = value.as_real_imag()
                return mpmath.mpc(
                    mpmath.mpf(str(sympy.Float(re_part, dps))), mpmath.mpf(str(sympy.Float(im_part, dps)))
                )
            except Exception:  # noqa: BLE001 - not a number here
                return None

    def finite(v):
        return v is not None and mpmath.isfinite(v)

    def compare(xv, pv, dps, h):
        with mpmath.workdps(dps):
            xv = mpmath.mpf(xv)
            gv = evaluate(g_fn, g, xv, pv, dps)
            if not finite(gv):
                return "invalid"
            if abs(mpmath.im(gv)) > mpmath.mpf(10) ** (-dps // 2) * max(1, abs(gv)):
                return "invalid"  # g not real here
            gv = mpmath.re(gv)
            f1 = evaluate(f_fn, F, xv + h, pv, dps)
            f0 = evaluate(f_fn, F, xv - h, pv, dps)
            if not (finite(f1) and finite(f0)):
                return "invalid"
            d = (f1 - f0) / (2 * h)
            scale = max(abs(gv), abs(d))
            noise = mpmath.mpf(10) ** (-dps) * max(abs(f1), abs(f0)) / h * 100
            return "agree" if abs(d - gv) <= mpmath.mpf("1e-10") * scale + noise else "disagree"

    rng = random.Random(seed)
    cells: dict[tuple[int, int], list[str]] = {}
    started = time.perf_counter()
    for draw in range(DRAWS):
        values = _draw_parameters([p.name for p in params], rng)
        pv = [mpmath.mpf(values[p.name].p) / values[p.name].q for p in params]
        for k, (lo, hi) in enumerate(INTERVALS):
            for _ in range(POINTS_PER_INTERVAL):
                xv = sympy.Rational(rng.randint(0, 10**6), 10**6) * (hi - lo) + lo
                xv = mpmath.mpf(str(sympy.Float(xv, 20)))
                outcome = compare(xv, pv, 40, mpmath.mpf("1e-15"))
                if outcome == "disagree":
                    outcome = compare(xv, pv, 80, mpmath.mpf("1e-30"))
                cells.setdefault((draw, k), []).append(outcome)
    flat = [o for c in cells.values() for o in c]
    agree, disagree = flat.count("agree"), flat.count("disagree")
    good_cells = [key for key, c in cells.items() if c.count("agree") >= 2 and "disagree" not in c]
    bad_intervals = sorted({INTERVALS[k] for (d, k), c in cells.items() if "disagree" in c})
    if agree + disagree < 6:
        label = None
    elif disagree == 0:
        label = "correct"
    elif good_cells:
        label = "region_only"
    else:
        label = "wrong"
    return {
        "label": label,
        "agree": agree,
        "disagree": disagree,
        "invalid": flat.count("invalid"),
        "good_cells": len(good_cells),
        "bad_intervals": [list(i) for i in bad_intervals],
        "method": method,
        "seconds": time.perf_counter() - started,
    }


# --------------------------------------------------------------------------------------------------


def collect() -> tuple[list[dict], collections.Counter, collections.Counter]:
    pairs: list[dict] = []
    skipped: collections.Counter = collections.Counter()
    per_file: collections.Counter = collections.Counter()
    seen: set[tuple[str, str]] = set()
    for name in FILES:
        text = read_cached(name)
        tree, _ = parse_file_tree(text)
        local: dict[str, object] = dict(NAME_MAP)
        for py_name, symbol_name in module_symbols(tree).items():
            local[py_name] = sympy.Symbol(symbol_name)
        for function, line, g_src, var_src, f_src, alternative in extract(name, text):
            per_file[name] += 1
            if var_src != "x":
                skipped[f"variable is {var_src}, not x"] += 1
                continue
            try:
                g = to_sympy(g_src, local)
                F = to_sympy(f_src, local)
            except Unconvertible as err:
                skipped[str(err)] += 1
                continue
            g_str, f_str = sympy.sstr(g), sympy.sstr(F)
            if (g_str, f_str) in seen:
                skipped["duplicate of an earlier pair"] += 1
                continue
            seen.add((g_str, f_str))
            names = sorted(s.name for s in (g.free_symbols | F.free_symbols))
            pairs.append({
                "integrand": g_str,
                "antiderivative": f_str,
                "source": f"rubi:{name}:{function}",
                "line": line,
                "alternative": alternative,
                "names": names,
            })  # fmt: skip
    return pairs, skipped, per_file


def note_for(pair: dict, result: dict) -> str:
    where = f"line {pair['line']}" + (", alternative answer" if pair["alternative"] else "")
    counts = f"{result['agree']} of {result['agree'] + result['disagree']} real points agree"
    if result["label"] == "correct":
        return f"{where}; F' = g numerically: {counts} ({result['invalid']} points skipped)"
    bad = ", ".join(f"({lo:g},{hi:g})" for lo, hi in result["bad_intervals"])
    return (
        f"{where}; {counts}; disagreement in {bad}; {result['good_cells']} (draw, interval) cells fully agree"
    )


def main() -> None:
    from pebble import ProcessPool

    pairs, skipped, per_file = collect()
    print(f"extracted {sum(per_file.values())} entries, {len(pairs)} distinct pairs to check", flush=True)
    dropped: collections.Counter = collections.Counter()
    results: list[dict | None] = [None] * len(pairs)
    started = time.time()
    with ProcessPool(max_workers=WORKERS, max_tasks=200) as pool:
        futures = []
        for pair in pairs:
            seed = int(
                hashlib.sha256((pair["integrand"] + "|" + pair["antiderivative"]).encode()).hexdigest()[:8],
                16,
            )
            futures.append(
                pool.schedule(numeric_check, args=(pair["integrand"], pair["antiderivative"], pair["names"], seed),
                              timeout=TIMEOUT_S)
            )  # fmt: skip
        for i, future in enumerate(futures):
            try:
                results[i] = future.result()
            except TimeoutError:
                dropped["check timed out (20 s)"] += 1
            except Exception as err:  # noqa: BLE001
                dropped[f"check failed: {type(err).__name__}"] += 1
            if i % 500 == 0:
                print(f"  {i}/{len(pairs)} checked, {time.time() - started:.0f} s", flush=True)
    labels: collections.Counter = collections.Counter()
    by_file: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w") as fh:
        for pair, result in zip(pairs, results, strict=True):
            if result is None:
                continue
            if result["label"] is None:
                dropped["fewer than 6 valid real points"] += 1
                continue
            labels[result["label"]] += 1
            by_file[pair["source"].split(":")[1]][result["label"]] += 1
            record = {
                "integrand": pair["integrand"],
                "antiderivative": pair["antiderivative"],
                "variable": "x",
                "label": result["label"],
                "source": pair["source"],
                "note": note_for(pair, result),
            }
            fh.write(json.dumps(record) + "\n")
    stats = {
        "entries_per_file": dict(per_file),
        "distinct_pairs_checked": len(pairs),
        "skipped_before_check": dict(skipped.most_common()),
        "dropped_by_check": dict(dropped.most_common()),
        "labels": dict(labels),
        "labels_by_file": {k: dict(v) for k, v in by_file.items()},
        "seconds": round(time.time() - started, 1),
    }
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(stats, indent=1) + "\n")
    print(json.dumps(stats, indent=1))


if __name__ == "__main__":
    main()
