"""mpmath on GMP integers, computing exactly what it computes on Python integers.

Why: the numeric path's cost is mpmath arithmetic at 30+ digits (``validators.numeric``), and with its
pure-Python backend most of that is big-integer bookkeeping (normalise, multiply, bit counts). With
``gmpy2`` installed mpmath switches to GMP integers, several times cheaper per operation, and SymPy's
polynomial domains (``cancel`` in ``validators.hidden_constants``) use them too.

The switch must not change a single value, or a verdict could move. GMP's normalise/multiply/isqrt are
exact integer operations with mpmath's own rounding, bit for bit those of the Python backend; the only
algorithm choices mpmath makes by backend are two cut-offs in ``libelefun`` (above which exp uses cosh +
sinh and cos/sin a cached table), which ``match_python_backend`` sets back to the Python backend's values, so
exp, cos and sin take the same steps at every precision. Without gmpy2 nothing changes.

Not proved bit-identical everywhere: over 45,360 values (21 functions, real and complex points, 15 to 800
digits) one differed, complex gamma at 200 digits in its last 2 digits (GMP's exact isqrt where the Python
backend's is approximate). The checker's thresholds stand 8 or more digits above the last one, and its
verdicts on 2,848 corpus pairs were the same but for wall-clock-budget (undecided/timeout) cases.
"""

from __future__ import annotations

from mpmath.libmp import backend, libelefun

__all__ = ["PYTHON_CUTOFFS", "match_python_backend"]

# libelefun's values under BACKEND == "python" (mpmath 1.3): EXP_COSH_CUTOFF, COS_SIN_CACHE_PREC
PYTHON_CUTOFFS = {"EXP_COSH_CUTOFF": 600, "COS_SIN_CACHE_PREC": 400}


def match_python_backend() -> str:
    """Give libelefun the Python backend's cut-offs (a no-op on that backend); returns the backend name."""
    if backend.BACKEND != "python":
        if PYTHON_CUTOFFS["COS_SIN_CACHE_PREC"] != libelefun.COS_SIN_CACHE_PREC:
            libelefun.cos_sin_cache.clear()  # entries computed at the other table precision
        for name, value in PYTHON_CUTOFFS.items():
            setattr(libelefun, name, value)
    return backend.BACKEND


match_python_backend()
