"""Benchmark: wrong answers built to slip past sampling, and tricky right ones, through the final check.

Run: ``.venv/bin/python benchmarks/bench_near_misses.py`` (or ``make bench``).

Corpora (``benchmarks/corpus/near_misses*.jsonl``), each pair labelled by its author with an independent
witness (for a wrong pair, D = F' - g in closed form and its value at a point, computed at high precision;
for a right pair, the identity): ``near_misses.jsonl`` from a first adversary who saw only the issue,
``near_misses_round2.jsonl`` from a second who read the checker's code and aimed at its rules, and rounds 3-7
from adversaries who read it after the previous round's fixes (each round's first run, held out, is quoted
above its table; the table is measured after the fixes it led to).

Each pair goes through ``check_final_antiderivative`` in a ``CheckPool`` (2 workers, 10 s hard limit, as
in a run). Baseline, measured in the same run: the old acceptance rule, "F' - g vanishes at 8 points of
0.1 < x < 0.95" (30 digits, relative tolerance 1e-20), which one agreeing region was enough to pass.

Targets: 0 wrong pairs accepted; every right pair accepted. Prints a table per corpus and kind and writes
it to ``benchmarks/README.md`` under "## Near-misses".
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What each corpus showed when it was first run, before the fixes it led to (kept: the figures below are
# measured after them, on a corpus the fixes were aimed at, so they say less than a fresh corpus would).
FIRST_MEASURED = {
    "near_misses.jsonl": "First run, before its fixes: see `benchmarks/corpus/near_misses_baseline.md`.",
    "near_misses_round2.jsonl": (
        "First run, before its fixes (checker `a2fc8546…`, 2026-12-01 12:50 UTC, "
        "`benchmarks/corpus/near_misses_round2.md`): **76 of 82 wrong accepted** (17 of them by a false "
        "SymEngine proof), 17 of 35 right rejected."
    ),
    "near_misses_round3.jsonl": (
        "First run, held out: built by a third adversary against the checker *after* round 2's fixes "
        "(commit `74cc30b`, `benchmarks/corpus/near_misses_round3.md`): **20 of 50 wrong accepted**, 3 of "
        "68 right rejected."
    ),
    "near_misses_round4.jsonl": (
        "First run, held out: built by a fourth adversary against the checker after round 3's fixes "
        "(commit `8c80e92`, `benchmarks/corpus/near_misses_round4.md`): **26 of 38 wrong accepted** (24 in "
        "the adversary's own run), 5 of 33 right rejected. The figures below are after its fixes."
    ),
    "near_misses_round5.jsonl": (
        "First run, held out: built by a fifth adversary against the checker after round 4's fixes "
        "(commit `5735da9`, `benchmarks/corpus/near_misses_round5.md`): **26 of 40 wrong accepted**, 9 of 29 "
        "right rejected (none labelled wrong). The figures below are after its fixes."
    ),
    "near_misses_round6.jsonl": (
        "First run, held out: built by a sixth adversary against the checker after round 5's fixes "
        "(commit `68a66bc`, `benchmarks/corpus/near_misses_round6.md`): **19 of 42 wrong accepted** (3 "
        "of them by a symbolic proof of a tree SymPy had cancelled while parsing), 5 of 46 right rejected "
        "(all parse errors). The figures below are after its fixes."
    ),
    "near_misses_round7.jsonl": (
        "First run, held out: built by a seventh adversary against the checker after round 6's fixes "
        "(commit `b5b3fae`, `benchmarks/corpus/near_misses_round7.md`), half realistic model/CAS mistakes, "
        "half crafted: **0 of 21 realistic wrong accepted, 4 of 20 crafted wrong accepted**, 0 of 30 right "
        "rejected. Fixed since: the exception point of an Eq/Ne parameter condition is sampled, and every "
        "Piecewise piece must be visited by an agreeing point (the other two holes)."
    ),
    "near_misses_round8.jsonl": (
        "First run, held out: built by an eighth adversary against the checker after round 7's first fix "
        "(commit `9fcbc2e`, `benchmarks/corpus/near_misses_round8.md`): **0 of 35 realistic wrong accepted, "
        "16 of 22 crafted wrong accepted** (10 by a symbolic proof of an answer with no value on an "
        "interval: Abs/sign split with free signs, and u/u cancelled while parsing), 0 of 43 right rejected. "
        "The figures below are after its fixes."
    ),
    "near_misses_round9.jsonl": (
        "First run, held out: built by a ninth adversary against the checker after round 8's fixes "
        "(commit `2b0ccca`, `benchmarks/corpus/near_misses_round9.md`): **0 of 26 realistic wrong accepted, "
        "14 of 25 crafted wrong accepted** (all by a symbolic proof of an answer with no value on an "
        "interval: disguised constants at gamma/atanh/li singularities, or piecewise constant such as "
        "atan(x) + acot(x) + pi/2), 0 of 28 right rejected. The figures below are after its fixes."
    ),
    "near_misses_round10.jsonl": (
        "First run, held out: built by a tenth adversary against the checker after round 9's fixes "
        "(commit `3cbec2d`, `benchmarks/corpus/near_misses_round10.md`): **0 of 28 realistic wrong accepted, "
        "28 of 36 crafted wrong accepted** (27 by a symbolic proof: signs of arguments 0 on an interval, "
        "disguised constants that are products or free of x, terms SymPy drops while building; 1 numeric: a "
        "floor stepping in narrow windows), 0 of 39 right rejected. The figures below are after its fixes."
    ),
    "near_misses_round11.jsonl": (
        "First run, held out: built by an eleventh adversary against the checker after round 10's fixes "
        "(commit `ac26f0c`, `benchmarks/corpus/near_misses_round11.md`): **0 of 31 realistic wrong accepted, "
        "36 of 44 crafted wrong accepted** (30 by a symbolic proof: disguised constants SymEngine rewrites, "
        "signs of Max/Min and asinh(sinh(x)) - x, parameter windows, dropped parts free of x, special "
        "functions at singular numbers, atan(I); 6 numeric: parameter windows, narrow no-value windows, "
        "floors stepping apart far away), 0 of 41 right rejected. The figures below are after its fixes."
    ),
    "near_misses_round12.jsonl": (
        "First run, held out: built by a twelfth adversary against the checker after round 11's fixes "
        "(commit `4db5ad0`, `benchmarks/corpus/near_misses_round12.md`): **0 of 29 realistic wrong accepted, "
        "21 of 30 crafted wrong accepted** (all by a symbolic proof: constants in disguise made of several "
        "terms, log(2*u) - log(u) with u 0 on an interval; parameter windows between the guard's values; "
        "signs of a Piecewise with a 0 piece), 0 of 34 right rejected. The figures below are after its fixes."
    ),
    "near_misses_round13.jsonl": (
        "First run, held out: built by a thirteenth adversary against the checker after round 12's fixes "
        "(commit `5d0aa56`, `benchmarks/corpus/near_misses_round13.md`): **0 of 33 realistic wrong accepted, "
        "24 of 32 crafted wrong accepted** (all by a symbolic proof: windows with no value made of |x - c|, "
        "acos(cos(.)), cube roots of cubes or parameters, hidden inside entire functions, behind factors "
        "or beside honest terms, and placed beyond the value check's points; disguised constants at poles "
        "beside an x-free slow special function, which switched the value check off), 0 of 35 right "
        "rejected. The figures below are after its fixes."
    ),
    "near_misses_round14.jsonl": (
        "First run, held out: built by a fourteenth adversary against the checker after round 13's fixes "
        "(commit `f5f9b60`, `benchmarks/corpus/near_misses_round14.md`): **0 of 34 realistic wrong accepted, "
        "16 of 31 crafted wrong accepted** (all by a symbolic proof: constants at poles where the integrand "
        "is real at none of the value check's points; windows made of compositions the forms did not know, "
        "acos(2*p**2 - 1) - 2*acos(p), asin(3*p - 4*p**3) - 3*asin(p), acos(-cos(p)) + p - pi, also in a "
        "parameter), 1 of 35 right undecided. The figures below are after its fixes."
    ),
    "near_misses_round15.jsonl": (
        "First run, held out: built by a fifteenth adversary against the checker after round 14's fixes "
        "(commit `4c8308a`, `benchmarks/corpus/near_misses_round15.md`): **0 of 34 realistic wrong accepted, "
        "23 of 31 crafted wrong accepted** (21 symbolic, 2 numeric: windows on one side of a branch point, "
        "sqrt(p**3) - p**(3/2), sqrt(p)*sqrt(p + 1) - sqrt(p*(p + 1)), LambertW(p*exp(p)) - p; log(2*u) - "
        "log(u) inside a wrapper; a known piece switching the slope test off; parameter windows far out), "
        "3 of 33 right undecided (multiple angles). The figures below are after its fixes."
    ),
    "near_misses_round16.jsonl": (
        "First run, held out: built by a sixteenth adversary against the checker after round 15's fixes "
        "(commit `7a83bbe`, `benchmarks/corpus/near_misses_round16.md`): **0 of 24 realistic wrong accepted, "
        "10 of 22 crafted wrong accepted** (all symbolic: fourth and sixth roots of products and powers "
        "whose window needs a turn by a root of unity the forms did not try, behind multiple-angle "
        "disguises the prover expands and the guard did not), 2 of 29 right undecided. The figures below are "
        "after its fixes."
    ),
    "near_misses_round17.jsonl": (
        "First run, held out: built by a seventeenth adversary against the checker after round 16's fixes "
        "(commit `c3eb74b`, `benchmarks/corpus/near_misses_round17.md`): **0 of 20 realistic wrong accepted, "
        "5 of 18 crafted wrong accepted** (parameter windows: 13th and 14th roots whose window needs a turn "
        "the forms did not try, 3 numeric and 1 symbolic; windows scaled by exp(60) so that the slope test "
        "skipped every point, 2 symbolic), 0 of 18 right rejected. The figures below are after its fixes."
    ),
    "near_misses_round18.jsonl": (
        "First run, held out: built by an eighteenth adversary against the checker after round 17's fixes "
        "(commit `1a90183`, `benchmarks/corpus/near_misses_round18.md`): **0 of 29 realistic wrong accepted, "
        "0 of 34 crafted wrong accepted** (24 rejected with a counterexample, 7 undecided, 3 refused by the "
        "parser: tiny exact differences, features between or far from the points, branch-only identities, "
        "windows in two parameters and beyond 1e400), 0 of 27 right rejected. No fix was made for it."
    ),
    "near_misses_round21.jsonl": (
        "First run, held out: CAS forms and special functions (hyper, appellf1, meijerg, polylog, elliptic, "
        "incomplete gamma, Ei/Ci/Chi ...), built by a twenty-first adversary against commit `8174687` "
        "(`benchmarks/corpus/near_misses_round21.md`): **0 of 12 realistic and 0 of 29 crafted wrong "
        "accepted** (1 crafted stopped by the time limit), 35 of 38 right accepted, 3 stopped by the 10 s "
        "limit (an appellf1 in two x-dependent arguments, lower/upper incomplete gamma of x**3 at negative "
        "x). The figures below are after its fixes."
    ),
    "near_misses_round23.jsonl": (
        "First run, held out: answers in the newest spellings (remarks after the expression, HTML, Typst, "
        "Maxima, LaTeX brace groups, chain finals), built by a twenty-third adversary against commit "
        "`85eb927` (`benchmarks/corpus/near_misses_round23.md`): **0 of 13 realistic wrong accepted, 21 of "
        "23 crafted wrong accepted** (every one read as another expression than the text shows: remarks of "
        "words that act on the value dropped, hidden HTML text kept, Typst root(3, x) in SymPy's order, "
        "\\sin{(x)+1} read as sin(x + 1), a leading 2∫ x dx dividing the answer), 7 of 29 right not "
        "accepted. The figures below are after its fixes."
    ),
    "near_misses_round25.jsonl": (
        "First run, held out: readings again, built by a twenty-fifth adversary against commit `a8717da` "
        "(`benchmarks/corpus/near_misses_round25.md`): **2 of 8 realistic wrong accepted, 15 of 22 crafted "
        "wrong accepted** (log_2(x)^2 read as log(x)**2/log(2); mixed numbers 1½ read as 1·½; code comments "
        "acting on the value in words the rule did not list; a bracket of parameter names dropped as a "
        "remark), 8 of 14 right not accepted. The figures below are after its fixes."
    ),
    "near_misses_round26.jsonl": (
        "First run, held out: readings once more, built by a twenty-sixth adversary against commit "
        "`33a95e5` (`benchmarks/corpus/near_misses_round26.md`): **0 of 10 realistic wrong accepted, 22 of "
        "25 crafted wrong accepted** (adjacent superscripts x<sup>2</sup><sup>3</sup> read as a tower; every "
        "Maxima constant %c1, %c2, %k1 read as the one C, so distinct constants cancelled; a label naming a "
        "derivative, F'(x) = R, dropped as if it named F), 5 of 17 right not accepted. The figures below "
        "are after its fixes."
    ),
    "near_misses_round28.jsonl": (
        "First run, held out: the round-26 fixes attacked, built by a twenty-eighth adversary against commit "
        "`5b3d4f6` (`benchmarks/corpus/near_misses_round28.md`): **0 of 10 realistic wrong accepted, 22 of "
        "31 crafted wrong accepted** (stacked powers behind empty tags, entities and invisible characters, "
        "or written with **; Maxima constants beside the text's own C₁, C_{1}, C[1], 𝐶; derivative labels "
        "spelled F₁', μ', dy∕dx, Df), 0 of 17 right not accepted. The figures below are after its fixes."
    ),
    "near_misses_round30.jsonl": (
        "First run, held out: the round-28 fixes attacked, built by a thirtieth adversary against commit "
        "`545fdea` (`benchmarks/corpus/near_misses_round30.md`): **0 of 6 realistic wrong accepted, 12 of 20 "
        "crafted wrong accepted** (a coefficient glued to the text's own constant beside a Maxima one, 2C_1; "
        "an HTML power followed by a caret, x<sup>2</sup>^3; brackets nested three deep, x^(((2)))³; Euler's "
        "D_x F), 1 of 9 right not accepted. The figures below are after its fixes."
    ),
    "near_misses_round32.jsonl": (
        "First run, held out: the round-30 fixes attacked, built by a thirty-second adversary against commit "
        "`becb44d` (`benchmarks/corpus/near_misses_round32.md`): **0 of 5 realistic wrong accepted, 7 of 20 "
        "crafted wrong accepted** (stacked powers again: a TAB beside the exponent, an exponent that is a "
        "call, x^sqrt(2)², or in bars, x^|2|³), 1 of 7 right not accepted (an empty <sup></sup>). The "
        "figures below are after its fixes."
    ),
    "near_misses_round34.jsonl": (
        "First run, held out: the round-32 fixes attacked, built by a thirty-fourth adversary against commit "
        "`301105a` (`benchmarks/corpus/near_misses_round34.md`): **0 of 6 realistic wrong accepted, 14 of 21 "
        "crafted wrong accepted** (stacked powers past the text scan once more: a space before a call's "
        "bracket, x^sqrt (6)², an exponent starting with √, nested bars, x^\\pi²; MATLAB's left-associative "
        ".^ read as a tower; np.sinc and math.tau), 3 of 8 right not accepted (np.sinc, np.cbrt, math.tau). "
        "Since then the parser itself refuses every power of a power without brackets, whatever spells the "
        "exponent. The figures below are after its fixes."
    ),
    "near_misses_round36.jsonl": (
        "First run, held out: the round-34 fixes attacked, built by a thirty-sixth adversary against commit "
        "`2a3825f` (`benchmarks/corpus/near_misses_round36.md`): **0 of 6 realistic wrong accepted, 18 of 23 "
        "crafted wrong accepted** (TeX double superscripts with braces nested three deep; e^2x in other "
        "shapes: e^½x, e^2(x+1), 2^3x, 10^-2x, e^ax; module constants read as free symbols: Math.SQRT2, "
        "np.euler_gamma, cmath.tau; trigonometric poles at a disguised integer cancelled away), 4 of 8 right "
        "not accepted (2^(-x^2) refused as a tower, the real cube root ∛x, cmath.tau, Math.SQRT2). The "
        "figures below are after its fixes."
    ),
    "near_misses_round38.jsonl": (
        "First run, held out: the round-36 fixes attacked, built by a thirty-eighth adversary against commit "
        "`1347aa9` (`benchmarks/corpus/near_misses_round38.md`): **0 of 6 realistic wrong accepted, 12 of 19 "
        "crafted wrong accepted** (superscripts written as HTML entities, &sup2;, so the tower refusal was "
        "off; e^-½x, e**½x; a bracketed or π base, (e)^2x, π^2x; e^(2)x), 0 of 8 right not accepted. The "
        "figures below are after its fixes."
    ),
    "near_misses_round40.jsonl": (
        "First run, held out: the round-38 fixes attacked, built by a fortieth adversary against commit "
        "`3b59f2f` (`benchmarks/corpus/near_misses_round40.md`): **0 of 6 realistic wrong accepted, 16 of 21 "
        "crafted wrong accepted** (e-notation read where math text means Euler's e, 3e+2x; constant "
        "exponents in brackets, e^(-2)x, e^(π)x; the fraction slash, x^5⁄3; cos x/2 and cos 2 x), 2 of 9 "
        "right not accepted (e²x², ln|x + sqrt(x^2+1)| undecided). The figures below are after its fixes."
    ),
    "near_misses_round42.jsonl": (
        "First run, held out: the round-40 fixes attacked, built by a forty-second adversary against commit "
        "`5242434` (`benchmarks/corpus/near_misses_round42.md`): **0 of 6 realistic wrong accepted, 12 of 20 "
        "crafted wrong accepted** (all e-notation the round-40 rule let through: 5e-1 x, (5e-1)x^2, "
        "x/(2e-1), x^(5e-1); since then every e-notation number is refused), 1 of 9 right not accepted "
        "(\\sqrt[3]x without braces). The figures below are after its fixes."
    ),
    "near_misses_round44.jsonl": (
        "First run, held out: the round-42 fixes attacked, built by a forty-fourth adversary against commit "
        "`5d037d9` (`benchmarks/corpus/near_misses_round44.md`): **0 of 6 realistic wrong accepted, 18 of 20 "
        "crafted wrong accepted** (E-notation in LaTeX, 5E-1; a LaTeX function without brackets before a "
        "product, \\sin{x} \\cdot x read sin(x²); \\div; a mixed number, 3\\frac{1}{2}; e^√2x, 1/√2x, "
        "x**5⁄3), 0 of 9 right not accepted. The figures below are after its fixes."
    ),
    "near_misses_round46.jsonl": (
        "First run, held out: the round-44 fixes attacked, built by a forty-sixth adversary against commit "
        "`95e5005` (`benchmarks/corpus/near_misses_round46.md`): **0 of 6 realistic wrong accepted, 17 of 20 "
        "crafted wrong accepted** (a LaTeX function without brackets whose argument is signed, \\sin -x "
        "\\cdot x, or has a factor side by side after it, \\ln x \\, x^{2} read ln(x³); mixed numbers with "
        "braces, {3}\\frac{1}{2}), 1 of 9 right not accepted (\\ln 3 \\cdot x^{2}). Since then such a "
        "function's argument must plainly end. The figures below are after its fixes."
    ),
    "near_misses_round48.jsonl": (
        "First run, held out: numeric evidence only (strict SymPy syntax), built by a forty-eighth adversary "
        "against commit `95e5005` (`benchmarks/corpus/near_misses_round48.md`): **0 of 6 realistic wrong "
        "accepted, 17 of 20 crafted wrong accepted**, every one a sign hidden in a root of a repeated factor "
        "(sqrt(a**2 - 120*a + 3600)/(60 - a) is sign(60 - a): wrong past a = 60, in |a| < 0.01, or for x "
        "past 1e21), 0 of 9 right not accepted. Since then such a factor is planned as a switch "
        "(`validators/hidden_switches.py`). The figures below are after its fixes."
    ),
    "near_misses_round50.jsonl": (
        "First run, held out: the round-48 fixes attacked, built by a fiftieth adversary against commit "
        "`f188d5b` (`benchmarks/corpus/near_misses_round50.md`): **0 of 6 realistic wrong accepted, 20 of 20 "
        "crafted wrong accepted** (mixed numbers inside an exponent, x^{3\\frac{1}{2}}; signs hidden in "
        "identities, acos(cos(u)), asin(sin(u)), sqrt(cosh(u)**2 - 1), sqrt(1 - cos(u)), past |x| = 1e20 "
        "or a parameter's sampled sizes), 0 of 9 right not accepted. The figures below are after its fixes."
    ),
    "near_misses_round52.jsonl": (
        "First run, held out: numeric only, built by a fifty-second adversary against commit `f188d5b` "
        "(`benchmarks/corpus/near_misses_round52.md`): **0 of 6 realistic wrong accepted, 19 of 24 crafted "
        "wrong accepted** (the same class: acosh(cosh(u)), LambertW(q*exp(q)), atan(tan(u)), atan2, roots of "
        "products, a triple-angle cube under a cube root, radicands past the factoring size), 0 of 9 right "
        "not accepted. Since then every such place is planned as a switch. The figures below are after its "
        "fixes."
    ),
    "near_misses_round54.jsonl": (
        "First run, held out: numeric only, built by a fifty-fourth adversary against commit `f72e866` "
        "(`benchmarks/corpus/near_misses_round54.md`): **0 of 6 realistic wrong accepted, 21 of 22 crafted "
        "wrong accepted** (folds and jumps of inverse functions of arguments that are no exact partner, "
        "atan(sin(u)/cos(u)), acos(2*cos(u)**2 - 1), acosh(2*t**2 + 1); roots of tan**2 + 1, sec**2 - 1, "
        "coth**2 - 1, 1 + 2*sin*cos; log of a product against a sum of logs), 0 of 9 right not accepted. "
        "Since then an inverse function's argument's turns and poles, a radicand's poles and a log's factors "
        "are planned as switches. The figures below are after its fixes."
    ),
    "near_misses_round56.jsonl": (
        "First run, held out: numeric only, built by a fifty-sixth adversary against commit `909f23a` "
        "(`benchmarks/corpus/near_misses_round56.md`): **0 of 6 realistic wrong accepted, 0 of 20 crafted "
        "wrong accepted** (smooth bumps and steps in a parameter near a = 80 that no switch plans: 12 "
        "undecided as a constant equal to 1 to 230 digits at the sampled values, 4 rejected at tiny real "
        "differences; steps in x beyond 5e21: 3 undecided as a term never seen), 0 of 9 right not accepted. "
        "No fix was made for it."
    ),
    "near_misses_round57.jsonl": (
        "First run, held out: numeric only, built by a fifty-seventh adversary against commit `c4fbba7` "
        "(`benchmarks/corpus/near_misses_round57.md`): **0 of 6 realistic wrong accepted, 2 of 20 crafted "
        "wrong accepted** (a window in a parameter built from branches, x*q**(3/2) + I*x*(-q)**(3/2) with "
        "q = 1/25 - (a - 80)**2: 0 outside the window, no switch marks it), **1 of 9 right not accepted** "
        "(asin(x/sqrt(a)), undecided at a complex point with a < 0, where the integrand is real for no x). "
        "Since then a parameter's branch points (a fractional power's base, a log's argument, asin's "
        "argument -+ 1) are planned as switches, with a value half-way between neighbouring roots, and a "
        "complex point at parameter values where the reference is real at none of the plan's x is outside "
        "the claim. The figures below are after its fixes (the complex-point rule was taken back after "
        "round 58 showed it accepting a wrong answer)."
    ),
    "near_misses_round58.jsonl": (
        "First run, held out: numeric only, built by a fifty-eighth adversary against commit `91c5cae` "
        "(`benchmarks/corpus/near_misses_round58.md`): **0 of 6 realistic wrong accepted, 18 of 20 crafted "
        "wrong accepted** (windows in two parameters at once, shapes off the branch-point list such as "
        "acot(q) + atan(q), window bases not polynomial in the parameter, a decoy using up the 24 switch "
        "values, roots 1e-31 apart or 1e8 apart, a fourfold root the root finder misses, an amplitude 0 at "
        "the planned midpoint; and one, asin((x - 300*a)/b), let through by the complex-point rule of "
        "91c5cae), **2 of 9 right not accepted**. That rule was taken back (a106fac), and the parameter "
        "switches are planned jointly since 7e99bb2 (a scan that searches between its grid values, a climb "
        "across parameters, windows between roots of different arguments, joint values, round-robin with an "
        "undecided verdict when the plan does not fit); the figures below are after those fixes."
    ),
    "near_misses_round60.jsonl": (
        "First run, held out: numeric only, built by a sixtieth adversary against commit `1fab9cd` "
        "(`benchmarks/corpus/near_misses_round60.md`; round 59's corpus, against 4f1a501, was lost with its "
        "worktree: 12 of 20 crafted wrong accepted there, ridges along a = b that no axis crosses, windows "
        "between grid values, a joint window behind decoys, fixed in 9b2c79e and 1fab9cd): **0 of 6 "
        "realistic wrong accepted, 7 of 20 crafted wrong accepted** (a flat Gaussian disc in (a, b), a "
        "quartic whose Newton ascents stop at a false maximum near the origin while its window is at "
        "(800, 800), a window at a ~ 1e-306 below the interval scan, roots 10**200 -+ 1/5 that coincide "
        "at the working precision, windows in x and a jointly), **0 of 9 right not accepted**. The "
        "figures below are after its fixes."
    ),
    "near_misses_round61.jsonl": (
        "First run, held out: numeric only, built by a sixty-first adversary against commit `b026dbe` "
        "(`benchmarks/corpus/near_misses_round61.md`): **0 of 6 realistic wrong accepted, 0 of 20 crafted "
        "wrong accepted** (17 of them refused by the parser: arg, im and Mod are not read, so their holes "
        "went untested), **1 of 9 right not accepted** (ln|a + b e^x|: a crash, mpmath's LU decomposition "
        "of a zero Hessian in the Newton ascent; fixed). Ci, Chi, li and polylog arguments are switches "
        "since. The figures below are after its fixes."
    ),
    "near_misses_round62.jsonl": (
        "First run, held out: numeric only, built by a sixty-second adversary against commit `2d62d62` "
        "(`benchmarks/corpus/near_misses_round62.md`): **0 of 6 realistic wrong accepted, 11 of 20 crafted "
        "wrong accepted** (windows in a parameter between the log grid's values at |a| = 10**40.25 inside "
        "functions the interval bounds did not cover, sech, erf, gamma, Si; windows at |a| ~ 1e-10 below "
        "the grid; the same in two and three parameters; windows in x beyond |x| = e**80 or below 1e-100), "
        "**0 of 9 right not accepted**. Since then tanh, sech, tan, asinh, acosh, atanh, asin, acos, erf "
        "and erfc are bounded, and a parameter argument the bounds do not cover leaves the check "
        "undecided; the windows of several parameters at 10**40 and the x windows past the scan are still "
        "accepted (listed below)."
    ),
    "near_misses_round64.jsonl": (
        "First run, held out: built by a sixty-fourth adversary reading the validators at `b8e97c7` "
        "(`benchmarks/corpus/near_misses_round64.md`): **0 of 6 realistic wrong accepted, 17 of 20 crafted "
        "wrong accepted** (fourteen *proved* equal: a root of a sum that SymEngine's expand collapses to "
        "1/u, rewritten to u**(-1/2), in the fast engine and the careful path's exact route, inside exp, "
        "sin, Abs and with a parameter; four by numeric evidence: x windows past |x| = e**80 or below "
        "e**-200 inside acot, LambertW and loggamma, which the interval bounds did not cover), **0 of 9 "
        "right not accepted**. Since then no proof is taken where expand would rewrite a root "
        "(`validators/expand_guard.py`), and acot, acoth, coth, csch, cot, asec, acsc, asech, acsch, "
        "LambertW, loggamma, Ei, li, Shi, Chi, Si, Ci and the Fresnel integrals are bounded "
        "(`validators/interval_special.py`)."
    ),
}
sys.path.insert(0, str(ROOT))

import mpmath  # noqa: E402
import sympy  # noqa: E402
from readme_section import replace_section  # noqa: E402  (benchmarks/, the script folder)

from validators.derivative import derivatives_all  # noqa: E402
from validators.final import check_final_antiderivative  # noqa: E402
from validators.limits import CheckPool  # noqa: E402
from validators.numeric import EvaluationError, UnsupportedError, evaluate_all  # noqa: E402
from validators.parse import ParseError, parse_math  # noqa: E402

CORPORA = (
    "near_misses.jsonl",
    "near_misses_round2.jsonl",
    "near_misses_round3.jsonl",
    "near_misses_round4.jsonl",
    "near_misses_round5.jsonl",
    "near_misses_round6.jsonl",
    "near_misses_round7.jsonl",
    "near_misses_round8.jsonl",
    "near_misses_round9.jsonl",
    "near_misses_round10.jsonl",
    "near_misses_round11.jsonl",
    "near_misses_round12.jsonl",
    "near_misses_round13.jsonl",
    "near_misses_round14.jsonl",
    "near_misses_round15.jsonl",
    "near_misses_round16.jsonl",
    "near_misses_round17.jsonl",
    "near_misses_round18.jsonl",
    "near_misses_round21.jsonl",
    "near_misses_round23.jsonl",
    "near_misses_round25.jsonl",
    "near_misses_round26.jsonl",
    "near_misses_round28.jsonl",
    "near_misses_round30.jsonl",
    "near_misses_round32.jsonl",
    "near_misses_round34.jsonl",
    "near_misses_round36.jsonl",
    "near_misses_round38.jsonl",
    "near_misses_round40.jsonl",
    "near_misses_round42.jsonl",
    "near_misses_round44.jsonl",
    "near_misses_round46.jsonl",
    "near_misses_round48.jsonl",
    "near_misses_round50.jsonl",
    "near_misses_round52.jsonl",
    "near_misses_round54.jsonl",
    "near_misses_round56.jsonl",
    "near_misses_round57.jsonl",
    "near_misses_round58.jsonl",
    "near_misses_round60.jsonl",
    "near_misses_round61.jsonl",
    "near_misses_round62.jsonl",
    "near_misses_round64.jsonl",
)
LIMIT_S = 10.0


def unit_interval_baseline(antiderivative: str, integrand: str) -> bool:
    """The old rule: accept when F' - g is ~0 at 8 random points of 0.1 < x < 0.95."""
    try:
        big_f, g = parse_math(antiderivative), parse_math(integrand)
    except ParseError:
        return False
    x = sympy.Symbol("x")
    rng = random.Random(0)
    params = {s: mpmath.mpf(rng.uniform(0.5, 2.5)) for s in (big_f.free_symbols | g.free_symbols) - {x}}
    agreed = 0
    with mpmath.workdps(30):
        for _ in range(14):
            env = {**params, x: mpmath.mpf(rng.uniform(0.1, 0.95))}
            try:
                lhs = mpmath.fsum(derivatives_all(sympy.Add.make_args(big_f), env, [x]))
                rhs = mpmath.fsum(evaluate_all(sympy.Add.make_args(g), env))
            except (EvaluationError, UnsupportedError):
                continue
            if abs(lhs - rhs) > mpmath.mpf(10) ** -20 * max(1, abs(rhs)):
                return False
            agreed += 1
            if agreed == 8:
                return True
    return False


def run(rows: list[dict]) -> list[tuple[bool, bool, str]]:
    """(ours accepted, baseline accepted, our reason) per row."""
    out = []
    with CheckPool(workers=2, timeout_s=LIMIT_S) as pool:
        futures = [
            (
                pool.submit(check_final_antiderivative, r["antiderivative"], r["integrand"], "x"),
                pool.submit(unit_interval_baseline, r["antiderivative"], r["integrand"]),
            )
            for r in rows
        ]
        for ours, base in futures:
            try:
                verdict = ours.result()
                ok, reason = verdict.ok, str(verdict.reason)
            except Exception as err:  # a limit: not accepted
                ok, reason = False, type(err).__name__
            try:
                base_ok = bool(base.result())
            except Exception:
                base_ok = False
            out.append((ok, base_ok, reason))
    return out


def main() -> int:
    started, load = time.time(), os.getloadavg()[0]
    sections, misses = [], []
    for name in CORPORA:
        path = ROOT / "benchmarks" / "corpus" / name
        if not path.exists():
            continue
        rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        results = run(rows)
        by_kind: dict[tuple[str, str], list[tuple[bool, bool]]] = defaultdict(list)
        for row, (ok, base_ok, reason) in zip(rows, results, strict=True):
            by_kind[(row["label"], row["kind"])].append((ok, base_ok))
            if ok != (row["label"] == "correct"):
                misses.append(
                    f"- `{name}` {row['label']} {row['kind']}: `{row['antiderivative']}` for "
                    f"`{row['integrand']}` ({reason})"
                )
        lines = [
            f"**{name}** ({len(rows)} pairs)",
            "",
            *([FIRST_MEASURED[name], ""] if name in FIRST_MEASURED else []),
            "| label | kind | pairs | accepted: ours | accepted: unit-interval baseline |",
            "|---|---|---|---|---|",
        ]
        for (label, kind), items in sorted(by_kind.items()):
            lines.append(
                f"| {label} | {kind} | {len(items)} | {sum(o for o, _ in items)} "
                f"| {sum(b for _, b in items)} |"
            )
        wrong = [r for r, row in zip(results, rows, strict=True) if row["label"] == "wrong"]
        right = [r for r, row in zip(results, rows, strict=True) if row["label"] == "correct"]
        lines += [
            "",
            f"Wrong accepted: ours **{sum(r[0] for r in wrong)} of {len(wrong)}**, baseline "
            f"{sum(r[1] for r in wrong)}. Right accepted: ours **{sum(r[0] for r in right)} of "
            f"{len(right)}**, baseline {sum(r[1] for r in right)}.",
        ]
        sections.append("\n".join(lines))
        print(sections[-1])
    body = (
        "`benchmarks/bench_near_misses.py` (run by `make bench`): adversarial wrong answers and tricky right "
        "ones through `check_final_antiderivative` (2 workers, 10 s limit), against the old rule "
        '("agrees at 8 points of 0.1 < x < 0.95") in the same run. '
        f"{time.time() - started:.0f} s, load average {load:.1f} at the start (2 cores).\n\n"
        + "\n\n".join(sections)
        + ("\n\nEvery miss:\n" + "\n".join(misses) if misses else "\n\nNo miss.")
        + "\n"
    )
    print("\n".join(misses))
    replace_section("Near-misses", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
