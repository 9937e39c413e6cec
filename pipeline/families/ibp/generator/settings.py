"""What the problem generator draws, as pure pydantic config (the ``sampler:`` section of a run config).

Every knob that changes which problems are made lives here, so the run fingerprint covers it: the mix of
constructions, the mix of difficulty levels and what each level means (operator counts, nesting depth,
number of integration-by-parts applications), the operator and leaf weights of the random trees, and the
train/validation/test fractions. Unknown keys are errors, like everywhere else in the config.

The legacy form ``{kind: product, max_nesting: 2}`` (the first sampler's) is still read: it means
"product reversal only, with at most that many stacked functions".
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_serializer, model_validator

from pipeline.families.shared.splits import DEFAULT_SPLITS


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProblemsVersion(StrEnum):
    """Which draws the generator makes (``sampler.problems_version``): a seed gives the same problems only
    under the same version. The default stays the first one, so existing configs and runs are unchanged."""

    V2026_11_28 = "2026-11-28"
    """The original draws (pinned in ``tests/pipeline/families/ibp/test_problems_digest.py``)."""
    V2026_12_02 = "2026-12-02"
    """Fewer duplicate draws and cheaper rewrites: product reversal (0.75 of draws) and parts from a
    primitive (0.75, was 0.5) take their functions at a linear change of variable a*x + b (small trees
    collided across indices), easy poly_log draws an offset and x**k*sin/cos(log(x)) more powers k, and
    the generator's ``shortest_form`` leaves out ``powsimp`` (the slowest rewrite, rarely the shortest)."""


DEFAULT_PROBLEMS_VERSION = ProblemsVersion.V2026_11_28


class Construction(StrEnum):
    """How a problem that needs integration by parts is built."""

    PRODUCT_REVERSAL = "product_reversal"
    """f = u*v from random trees; the integrand is f' = u'v + uv' (the paper's example)."""
    PARTS_FROM_PRIMITIVE = "parts_from_primitive"
    """Integral of F*G' = F*G - integral of F'*G, where the integral of F'*G is a known (cached) one."""
    CLASSIC = "classic"
    """Textbook families: polynomial times exp/sin/cos, log or inverse trig; repeated and cyclic parts."""


class Level(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class UnaryOp(StrEnum):
    EXP = "exp"
    LOG = "log"
    SQRT = "sqrt"
    SIN = "sin"
    COS = "cos"
    TAN = "tan"
    ASIN = "asin"
    ACOS = "acos"
    ATAN = "atan"
    SINH = "sinh"
    COSH = "cosh"
    TANH = "tanh"
    POW2 = "pow2"
    POW3 = "pow3"
    INV = "inv"


class BinaryOp(StrEnum):
    ADD = "add"
    SUB = "sub"
    MUL = "mul"
    DIV = "div"


class LeafKind(StrEnum):
    VARIABLE = "variable"
    INTEGER = "integer"
    RATIONAL = "rational"
    PARAMETER = "parameter"


class ClassicFamily(StrEnum):
    POLY_EXP = "poly_exp"
    """polynomial * exp(a*x + b) (or sinh/cosh): one parts application per degree (tabular)."""
    POLY_TRIG = "poly_trig"
    """polynomial * sin/cos(a*x + b): one parts application per degree."""
    POLY_LOG = "poly_log"
    """polynomial * log(a*x + b)**m: one parts application per power of the log."""
    POLY_ATAN = "poly_atan"
    """polynomial * atan(a*x + b): parts, then a rational integral."""
    INVERSE_TRIG = "inverse_trig"
    """c * asin/acos(a*x + b): parts, then a substitution."""
    CYCLIC = "cyclic"
    """exp(a*x + b) * sin/cos(c*x + d), or x**k * sin/cos(log(x)): two parts applications bring it back."""


ALGEBRAIC_UNARY: tuple[UnaryOp, ...] = (UnaryOp.POW2, UnaryOp.POW3, UnaryOp.SQRT, UnaryOp.INV)
"""The unary operators allowed in the algebraic factor u of a product reversal."""


class TreeConfig(_Strict):
    """Weights of the random unary-binary trees (Lample & Charton's generator, exactly n operators)."""

    unary: dict[UnaryOp, float] = Field(
        default_factory=lambda: {
            UnaryOp.EXP: 4,
            UnaryOp.LOG: 3,
            UnaryOp.SQRT: 2,
            UnaryOp.SIN: 4,
            UnaryOp.COS: 4,
            UnaryOp.TAN: 1,
            UnaryOp.ASIN: 1,
            UnaryOp.ACOS: 0.5,
            UnaryOp.ATAN: 2,
            UnaryOp.SINH: 1,
            UnaryOp.COSH: 1,
            UnaryOp.TANH: 1,
            UnaryOp.POW2: 4,
            UnaryOp.POW3: 2,
            UnaryOp.INV: 2,
        }
    )
    binary: dict[BinaryOp, float] = Field(
        default_factory=lambda: {BinaryOp.ADD: 10, BinaryOp.SUB: 3, BinaryOp.MUL: 10, BinaryOp.DIV: 4}
    )
    leaves: dict[LeafKind, float] = Field(
        default_factory=lambda: {
            LeafKind.VARIABLE: 6,
            LeafKind.INTEGER: 3,
            LeafKind.RATIONAL: 1,
            LeafKind.PARAMETER: 0,
        }
    )
    max_integer: int = Field(default=5, ge=1, le=100, description="integer leaves are drawn from ±1..max")
    max_denominator: int = Field(
        default=4, ge=2, le=20, description="rational leaves p/q with 2 <= q <= this"
    )
    parameters: list[str] = Field(
        default_factory=lambda: ["a", "b", "c"], description="names of parameter leaves (constants)"
    )

    @model_validator(mode="after")
    def _weights_are_usable(self) -> TreeConfig:
        for name, weights in (("unary", self.unary), ("binary", self.binary), ("leaves", self.leaves)):
            if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
                raise ValueError(f"{name} weights must be >= 0 with a positive sum, got {dict(weights)}")
        if self.leaves.get(LeafKind.VARIABLE, 0) <= 0:
            raise ValueError("leaves.variable must be positive: a function of x needs x in its leaves")
        if self.leaves.get(LeafKind.PARAMETER, 0) > 0 and not self.parameters:
            raise ValueError("parameter leaves need at least one name in `parameters`")
        return self


class LevelConfig(_Strict):
    """What one difficulty level means for every construction."""

    operators: tuple[int, int] = Field(description="operator count range of the random trees (v, G, H)")
    algebraic_operators: tuple[int, int] = Field(description="operator count range of the algebraic u")
    max_nesting: int = Field(ge=1, le=6, description="stacked transcendental functions allowed")
    parts_applications: tuple[int, int] = Field(description="parts applications of classic problems")
    max_integrand_chars: int = Field(ge=20, le=2000, description="longer integrands are redrawn")

    @model_validator(mode="after")
    def _ranges_are_ordered(self) -> LevelConfig:
        for name in ("operators", "algebraic_operators", "parts_applications"):
            lo, hi = getattr(self, name)
            if not 0 <= lo <= hi <= 20:
                raise ValueError(f"{name} must be [lo, hi] with 0 <= lo <= hi <= 20, got {[lo, hi]}")
        if self.operators[0] < 1 or self.parts_applications[0] < 1:
            raise ValueError("operators and parts_applications need at least 1")
        return self


def _default_levels() -> dict[Level, LevelConfig]:
    return {
        Level.EASY: LevelConfig(
            operators=(1, 3),
            algebraic_operators=(0, 1),
            max_nesting=1,
            parts_applications=(1, 1),
            max_integrand_chars=90,
        ),
        Level.MEDIUM: LevelConfig(
            operators=(2, 4),
            algebraic_operators=(0, 2),
            max_nesting=2,
            parts_applications=(2, 2),
            max_integrand_chars=150,
        ),
        Level.HARD: LevelConfig(
            operators=(4, 6),
            algebraic_operators=(1, 3),
            max_nesting=3,
            parts_applications=(3, 4),
            max_integrand_chars=240,
        ),
    }


class GeneratorConfig(_Strict):
    """The ``sampler:`` section of a run config."""

    constructions: dict[Construction, float] = Field(
        default_factory=lambda: {
            Construction.PRODUCT_REVERSAL: 1,
            Construction.PARTS_FROM_PRIMITIVE: 1,
            Construction.CLASSIC: 1,
        },
        description="relative weight of each construction",
    )
    difficulty: dict[Level, float] = Field(
        default_factory=lambda: {Level.EASY: 1, Level.MEDIUM: 2, Level.HARD: 1},
        description="relative weight of each difficulty level",
    )
    levels: dict[Level, LevelConfig] = Field(default_factory=_default_levels)
    classic_families: dict[ClassicFamily, float] = Field(
        default_factory=lambda: {
            ClassicFamily.POLY_EXP: 3,
            ClassicFamily.POLY_TRIG: 3,
            ClassicFamily.POLY_LOG: 3,
            ClassicFamily.POLY_ATAN: 1,
            ClassicFamily.INVERSE_TRIG: 1,
            ClassicFamily.CYCLIC: 2,
        }
    )
    trees: TreeConfig = Field(default_factory=TreeConfig)
    known_integrals: int = Field(
        default=64,
        ge=1,
        le=100_000,
        description="solved integrals in the parts_from_primitive cache at problem 0 (+1 per problem)",
    )
    splits: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_SPLITS),
        description="train/validation/test fractions, assigned by canonical integrand",
    )
    problems_version: ProblemsVersion = Field(
        default=DEFAULT_PROBLEMS_VERSION,
        description="which draws a seed gives (ProblemsVersion); a different version gives other problems",
    )

    @property
    def next_draws(self) -> bool:
        """Whether this config draws under 2026-12-02 (or a later version)."""
        return self.problems_version != ProblemsVersion.V2026_11_28

    @model_serializer(mode="wrap")
    def _default_version_left_out(self, handler: Any) -> Any:
        """The default ``problems_version`` is not written out, so a config that does not set it keeps the
        fingerprint (and the parts_from_primitive cache key) it had before the field existed."""
        data = handler(self)
        if isinstance(data, dict) and data.get("problems_version") == DEFAULT_PROBLEMS_VERSION:
            data.pop("problems_version")
        return data

    @model_validator(mode="before")
    @classmethod
    def _read_legacy_form(cls, data: Any) -> Any:
        """``{kind: product, max_nesting: n}``: product reversal only, at most n stacked functions."""
        if not isinstance(data, dict) or ("kind" not in data and "max_nesting" not in data):
            return data
        data = dict(data)
        kind = data.pop("kind", "product")
        if kind != "product":
            raise ValueError(f"kind: only the legacy value 'product' is understood, got {kind!r}")
        data.setdefault("constructions", {Construction.PRODUCT_REVERSAL: 1})
        nesting = data.pop("max_nesting", None)
        if nesting is not None:
            levels = {**_default_levels(), **{Level(k): v for k, v in (data.get("levels") or {}).items()}}
            data["levels"] = {
                level: (cfg.model_dump() if isinstance(cfg, LevelConfig) else dict(cfg))
                | {"max_nesting": nesting}
                for level, cfg in levels.items()
            }
        return data

    @model_validator(mode="after")
    def _mixes_are_usable(self) -> GeneratorConfig:
        for name, weights in (
            ("constructions", self.constructions),
            ("difficulty", self.difficulty),
            ("classic_families", self.classic_families),
        ):
            if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
                raise ValueError(f"{name} weights must be >= 0 with a positive sum, got {dict(weights)}")
        missing = [level.value for level, w in self.difficulty.items() if w > 0 and level not in self.levels]
        if missing:
            raise ValueError(f"levels {missing} have a weight in `difficulty` but no entry in `levels`")
        if set(self.splits) - {"train", "validation", "test"} or abs(sum(self.splits.values()) - 1) > 1e-9:
            raise ValueError(f"splits are train/validation/test fractions summing to 1, got {self.splits}")
        if any(f < 0 for f in self.splits.values()):
            raise ValueError("split fractions must be >= 0")
        return self
