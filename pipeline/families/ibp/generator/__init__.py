"""The problem generator: random functions whose derivatives need integration by parts, by construction.

Differentiating a random function almost never gives an integral that needs parts, so each problem is
built to need it (``settings.Construction``):

* ``product_reversal`` (``constructions.py``): f = u*v from uniform random trees (``trees.py``);
* ``parts_from_primitive`` (``constructions.py`` + ``known.py``): the integral of F*G' where the integral
  of F'*G is in a deterministic, growing cache of solved integrals;
* ``classic`` (``classic.py``): polynomial times exp/sin/cos, times log powers or atan, asin/acos, cyclic.

The closed forms and the teacher's step-by-step solutions come from one place (``parts_chain.py``).
Draws that break a named rule (``rules.Degeneracy``) are redrawn. ``canonical.py`` gives each integrand a
canonical form (dedup, up to constants and parameter names), ``splits.py`` assigns train/validation/test by
it, ``needs_parts.py`` measures whether SymPy needs parts, ``stats.py`` and ``cli.py`` report on datasets.
The entry point a run uses is ``pipeline.families.ibp.sampler.sample_problem``.
"""
