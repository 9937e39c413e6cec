"""Integrals the explanations give a name (I, J, K, I₁): what each name means, and which names cannot be read.

Cyclic integrations by parts are classically written with I for the integral that comes back, and J or K
for its partner; a claim ``e^x sin x - e^x cos x - I`` means that integral, not the imaginary unit, and
``x sin x + cos x + K`` after "Let K denote ∫ sin x dx" is no antiderivative with a constant K. So a name
is read only when one definition says plainly which integral it is. A name the explanations speak of as
an integral that no definition pins down (defined twice, in a phrasing not read, or with words after it
that may act on it: "∫ e^x cos x dx times two") is *unread*: a claim that uses it is unverifiable, never
correct (K would otherwise be a constant of integration) and never incorrect. So is a constant's letter
the explanations give a value ("here c = 2").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import sympy

from validators.math_language import ALL_FUNCTION_NAMES
from validators.parse import ParseError, parse_math
from validators.parse_text import normalize_spaces
from validators.relations import RELATION_STOP, balanced

__all__ = [
    "letters_as_read",
    "may_name_a_letter",
    "name_key",
    "named_integrals",
    "spellings",
    "unread_integral_names",
    "unread_names",
    "valued_constants",
]

_INDEX = r"(?:_?\{?([0-9])\}?|([₀-₉]))?"  # I_1, I_{1}, I1, I₁
_LETTER = r"([IJK])" + _INDEX
# A definition's name stands alone: "2K = ∫ ..." and "-K = ∫ ..." define no K (a round-33 adversary's K, read
# as the integral, dropped the 2); any mention counts, glued to a number or a sign or not.
_NAME = r"(?<![A-Za-z0-9\\_.*/^+\-−])" + _LETTER
# "Let K (our short name for it) be ∫ ...", "K, from here on, is ∫ ...": an aside before the verb
_ASIDE = r"(?:\s*\([^()]{0,80}\)|\s*,[^,;.\n]{1,40},)?"
_DEFINES = (
    r"\s*(?:=|:=|≔|≡|\bdenotes?\b|\bbe\b|\bis\b|\bstands?\s+for\b|\bmeans\b|\brepresents?\b|\brefers\s+to\b|\bequals?\b"
    r"|\bis\s+defined\s+as\b)\s*"
)
# A name defined as an integral, perhaps with a number before it; only a bare integral is a reading of it.
# an integral sign next, or after a number ("K stands for 2∫ sin x dx": a rescaling, which leaves K unread);
# "I = e^x cos x + ∫ e^x sin x dx" is a claim about I, not a definition
_HOLDS_INTEGRAL = r"(?=[-+−]?\s*(?:[\d./]+\s*\*?\s*)?(?:∫|\\int|Integral|integrate))"
_NAMED_INTEGRAL = re.compile(_NAME + _ASIDE + _DEFINES + _HOLDS_INTEGRAL)
# A definition with words around its verb ("K now denotes ∫ e^x dx", "K is now ∫ ..."): not read, and
# beside another definition of the name, the name has no one meaning (a round-35 adversary's K, defined
# again this way, kept its first meaning).
_LOOSE_DEFINITION = re.compile(
    _NAME + r"(?:\s+[A-Za-z]{2,}){0,3}" + _DEFINES + r"(?:[A-Za-z]{2,}\s+){0,3}" + _HOLDS_INTEGRAL
)
_SCALED = re.compile(r"[0-9.*/^+\-−]\s*(?:(?:\\[,;:! ]|~)\s*)*$")
_WRITE_FOR = re.compile(
    r"\b(?:re-?)?(?:write|use|call|name)\s+" + _NAME + _ASIDE + r"\s+(?:for|as)\s+" + _HOLDS_INTEGRAL, re.I
)
_MENTION = re.compile(r"(?<![A-Za-z\\_])" + _LETTER + r"(?![A-Za-z0-9_])")
# A constant's letter given an integral ("Call the leftover C_1 = ∫ sin x dx"): no constant there.
_CONSTANT_AS_INTEGRAL = re.compile(r"(?<![A-Za-z\\_])([Cc])" + _INDEX + _ASIDE + _DEFINES + _HOLDS_INTEGRAL)
# A constant's letter named for an integral in other words ("Write C_1 for ∫ e^(2x) dx", "call C the
# primitive of ..."): a round-37 adversary's C_1, a constant, hid e^(2x)/2.
_CONSTANT_NAMED = re.compile(
    r"\b(?:write|use|call|denote|name|let|set|put)\s+(?:\$|\\\(\s*)?([Cc])"
    + _INDEX
    + r"(?![A-Za-z])[^.;\n]{0,40}?(?:∫|\\int|\bIntegral\(|integral|primitive|antiderivative)",
    re.I,
)
_INTEGRAL_SIGN = re.compile(
    r"∫|\\int(?:op)?(?![A-Za-z])|\bintegral\b|\bintegrate\(|\bintégrale\b|\bIntegral\(", re.I
)
_CLAUSE_END = re.compile(r"[.;\n]")
_NEGATION = re.compile(r"\b(?:not|no|never|isn't|nicht|kein\w*|pas|non|nem|não)\b|n't", re.I)
# Words that may follow a definition's integral, in its clause, without acting on it ("∫ e^x cos x dx
# instead", ", and integrate by parts with u = sin x"): a closed list; any other word (", with a factor
# of 2 in front", "times two") leaves the name unread. Relations ("u = sin x") are cut out first.
_HARMLESS_AFTER = frozenset(
    {"instead", "again", "here", "now", "itself", "then", "below", "above", "too", "also", "first",
     "for", "short", "be", "our", "this", "call", "it", "denote", "we", "let", "brevity", "from", "on",
     "as", "before", "the", "original", "integral", "given", "and", "with", "so", "which", "where",
     "get", "have", "to", "a", "an", "is", "use", "using", "take", "taking", "choose", "choosing", "set",
     "setting", "put", "putting", "u", "v", "du", "dv", "that", "want", "wanted", "need", "find",
     "compute", "evaluate", "sought", "solve", "of", "in", "terms", "same", "left",
     "leftover", "remaining", "remains", "rest", "last", "new", "next", "second", "other", "one", "term",
     "piece", "part", "still", "yet", "do", "done", "evaluated", "computed", "called", "name", "named",
     "appearing", "appears", "that's", "it's", "there", "right", "side", "by"}
)  # fmt: skip
_PARTS_PHRASE = re.compile(
    r"\b(?:integrat\w*|apply\w*|us\w*)\s+(?:it\s+)?by\s+parts(?:\s+(?:twice|again|once\s+more))?", re.I
)
_RELATION = re.compile(r"(?:\\?[A-Za-z]{1,6}|\\mathrm\{d\}\s*[A-Za-z])\s*(?:=|:=)\s*[^,;.\n]*")
_ASSIGNED_CONSTANT = re.compile(
    r"(?<![\w\\])([cCkK](?:_?[0-9])?)\s*(?:=|:=)\s*[-−]?\s*\d+(?:[./]\d+)?(?![\w(^*]|\.\d)"
)
# "let c = sin x", "Put c = x sin x": a constant's letter given a function of x (round 39) is no constant; a
# term added on before "=" is a chain going on ("x e^x - e^x + C = (x - 1)e^x + C")
_CONSTANT_AS_FUNCTION = re.compile(
    r"(?<![\w\\])(?<![+\-−]\s)(?<![+\-−])([cCkK](?:_?[0-9])?)\s*(?:=|:=|≡|\s(?:stands?\s+for|be|denotes?|is|represents?|means|equals?))"
    r"(?!\s*(?:∫|\\int|Integral|integrate))"  # a decimal point is no clause end: c = 0.5x e^(2x) (round 43)
    r"(?:[^,;.\n=]|(?<=\d)\.(?=\d))*(?:(?<![A-Za-z])x(?![A-Za-z])|(?<![A-Za-z])(?:sin|cos|tan|exp|log|ln|sqrt)|e\^|√)"
)
MAX_TRIMS = 8


def name_key(spelled: str) -> str:
    """One key for every spelling of a name: I_1, I_{1}, I₁ and I1 are I1."""
    return re.sub(r"[_{}]", "", spelled).translate(_SUBSCRIPT_DIGITS)


_SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def _name(match: re.Match[str]) -> str:
    return name_key(match[1] + (match[2] or match[3] or ""))


def spellings(name: str) -> tuple[str, ...]:
    """The symbol names a claim may spell ``name`` with: K1, K_1 (K₁ reads as K_1)."""
    return (name,) if len(name) == 1 else (name, f"{name[0]}_{name[1:]}")


def named_integrals(explanations: list[str], variable: str = "x") -> dict[str, sympy.Expr]:
    """The integrals explanations name I, J, K, I_1 ("Let I = ∫ e^(2x) sin x dx", "Let K denote ∫ ...",
    "write K for ∫ ..."), by name; a name defined as two different integrals, or with words after the
    integral that may act on it, is left out (see ``unread_names``)."""
    named: dict[str, set[sympy.Expr | None]] = {}
    for text in explanations:
        text = normalize_spaces(text or "")  # 𝐾 is K
        definitions = [*_NAMED_INTEGRAL.finditer(text), *_WRITE_FOR.finditer(text)]
        for match in definitions:
            scaled = _SCALED.search(text[: match.start()])  # "2 K = ∫ ...", "2\,K = ∫ ...": no K
            aside = re.search(r"\(([^()]*)\)|,([^,]*),", match[0])  # "K (with the sign flipped) be ∫"
            acting = aside is not None and not _harmless(aside[1] or aside[2])
            reading = None if scaled or acting else _definition(text, match.end(), variable)
            named.setdefault(_name(match), set()).add(reading)
        read_at = {match.start() for match in definitions}
        for match in _LOOSE_DEFINITION.finditer(text):
            if match.start() not in read_at:
                named.setdefault(_name(match), set()).add(None)
    return {name: next(iter(found)) for name, found in named.items() if len(found) == 1 and None not in found}


def unread_names(explanations: list[str], named: dict[str, sympy.Expr]) -> frozenset[str]:
    """Symbol names a claim may not be read with: ``unread_integral_names`` and ``valued_constants``."""
    return unread_integral_names(explanations, named) | valued_constants(explanations)


def unread_integral_names(
    explanations: list[str], named: dict[str, sympy.Expr], other_texts: Sequence[str] = ()
) -> frozenset[str]:
    """Integral names spoken of but not pinned down by one definition, and constant letters given a
    function of x ("let c = sin x"). Any mention counts, with an integral sign in its explanation or not
    ("Let K be the primitive of cos x that remains": a round-35 adversary's K was a constant of
    integration), unless it says K is a constant ("+ K" after a value, "K is an arbitrary constant").
    A defined name also called a constant has two meanings (round 45: "K is now the constant of
    integration" after "Let K = ∫ e^(2x)/2 dx"). A constant's letter (C, c, C₁, C_{1}) is a constant of
    integration only while every mention of it says so or adds it on (``_constant_letter_harmless``): any
    other mention may give it a meaning ("Let C₁ = sin x", "c = eˣ", "c be the uv term, x sin x", three
    round-45 spellings past the rules for a value), and the letter is unread.
    ``other_texts`` (the answer's text outside its steps' explanations: prose, comments, other keys) also
    leave a letter as it is where it is a term added on at the end of its clause (``_added_at_the_end``):
    prose restates the solution in full ("**Answer:** x sin x + cos x + C", "∫ g dx = R + C", with g a
    name no check can read). Any other mention counts, in any words or language: a list of the ways a
    definition is phrased lost to the next phrasing (round 55: "abbreviated to c", "sea c", "c's value
    is sin x", "K corresponds to ...")."""
    unread: set[str] = set()
    texts = [(text, False) for text in explanations] + [(text, True) for text in other_texts]
    for text, loose in texts:
        text = _LATEX_SPACE.sub(" ", letters_as_read(text or ""))  # \, is a space, not a clause's comma
        if _spoken_of_by_description(text):
            unread.update(_CONSTANT_SPELLINGS)
        for match in _MENTION.finditer(text):
            name = _name(match)
            constant = _a_constant_here(text, match)
            spoken = not constant and (not loose or not _added_at_the_end(text, match))
            if (name not in named and spoken) or (name in named and _called_constant(text, match, constant)):
                unread.update(spellings(name))
        valued = {m.start(1) for m in _ASSIGNED_CONSTANT.finditer(text)}  # "C_1 = 0": valued_constants
        plain = _TYPEFACE_LETTER.sub(lambda m: " " * len(m[0]), text)  # \mathcal{C}^1: a class, same length
        for match in [*_CONSTANT_LETTER.finditer(plain), *_CONSTANT_AS_NAME.finditer(plain)]:
            if match.start() in valued or _constant_letter_harmless(plain, match):
                continue
            if not loose or not _added_at_the_end(plain, match):
                unread.update(spellings(_name(match)))
        for match in [*_CONSTANT_AS_INTEGRAL.finditer(text), *_CONSTANT_NAMED.finditer(text)]:
            unread.update(spellings(_name(match)))
        for match in _CONSTANT_AS_FUNCTION.finditer(text):
            if (name := name_key(match[1])) not in named:
                unread.update(spellings(name))
    return frozenset(unread)


def letters_as_read(text: str) -> str:
    """``text`` with its letters as a reader reads them: compatibility letters (full-width ｃ, 𝑐) as
    NFKC makes them, Cyrillic and Greek look-alikes of C, c, K, k, I and J as the Latin letter, and
    Markdown emphasis around one letter (``_c_``, ``*K*``, ``**C**``) taken off: a round-57 adversary
    defined К, Κ, ｃ and _c_ in prose the letter rules never saw, while the claims used c and K. Only
    letters change (NFKC of the whole text would make x² the name x2)."""
    text = _NON_ASCII_LETTER.sub(_compatibility_letter, normalize_spaces(text)).translate(_LOOK_ALIKES)
    return _EMPHASIS.sub(lambda m: f"{m[1]} {m[2]} ", text)


_NON_ASCII_LETTER = re.compile(r"[^\W\d_\x00-\x7f]")  # only these are looked at: most text is ASCII


def _compatibility_letter(match: re.Match[str]) -> str:
    if not match[0].isalpha():  # x² stays x², C₁ stays C₁ (digits, not letters)
        return match[0]
    plain = unicodedata.normalize("NFKC", match[0])
    return plain if len(plain) == 1 and plain.isascii() else match[0]


_LOOK_ALIKES = str.maketrans("СсКкΚκІЈ", "CcKkKkIJ")
_EMPHASIS = re.compile(r"(^|[^\w*])(?:\*\*|\*|__|_)([A-Za-z])(?:\*\*|\*|__|_)(?![\w*])")
# A constant's letter spoken of without its name ("That last letter is the uv term x sin x", round 57):
# every constant letter is then unread, unless the clause says it is a constant.
_BY_DESCRIPTION = re.compile(
    r"\b(?:that|this|the|which|last|final)\s+(?:(?:last|final|first|second|third|new|same|other|trailing"
    r"|added|extra|lone|single)\s+)?(?:letter|symbol)s?\b"
    r"|\b(?:Buchstaben?|lettres?|letras?|lettera|lettere|буква|букву|буквой)\b|文字|字母",
    re.I,
)
_CONSTANT_SPELLINGS = frozenset(
    spelled
    for name in ("C", "c", "K", "k", *(f"{n}{i}" for n in "CcKk" for i in range(10)))
    for spelled in spellings(name)
)


# A letter a name or constant could be (C, c, K, I, J, with an index or not), or the words const and constant
_NAME_LETTER = re.compile(r"(?<![^\W\d_])(?:[CcKIJ]|const(?:ant)?)(?![^\W\d_])", re.IGNORECASE)


def may_name_a_letter(text: str) -> bool:
    """Does ``text`` mention a letter a name or a constant could be, as a reader reads letters, or speak
    of one by description ("that last letter")? The answer's text pieces that do are read for definitions
    (``pipeline/providers/answer_context.py``)."""
    read = letters_as_read(unicodedata.normalize("NFKC", text))  # C₁ is C1 here
    return bool(_NAME_LETTER.search(read) or _BY_DESCRIPTION.search(read))


def _spoken_of_by_description(text: str) -> bool:
    for match in _BY_DESCRIPTION.finditer(text):
        before, clause = _clause_around(text, match)
        if not (_CONSTANT_WORD.search(clause) or _CONSTANT_WORD.search(before)) or _NEGATION.search(clause):
            return True
    return False


def _clause_around(text: str, match: re.Match[str]) -> tuple[str, str]:
    """The text of the mention's clause before it and after it (clauses end at ``.``, ``;`` and lines)."""
    return _CLAUSE_END.split(text[: match.start()])[-1], _CLAUSE_END.split(text[match.end() :])[0]


def valued_constants(explanations: list[str]) -> frozenset[str]:
    """Constant letters the explanations give a number ("here c = 2", "taking C_1 = 0"): no constant of
    integration in a step's claim, and harmless in a parts field's v (v' = dv for any value)."""
    texts = (normalize_spaces(text or "") for text in explanations)
    found = (m[1].replace("_", "") for text in texts for m in _ASSIGNED_CONSTANT.finditer(text))
    return frozenset(spelled for name in found for spelled in spellings(name))


_ADDED_ON = re.compile(r"=[^=.;,\n]*[^\s=.;,\n+\-−][^=.;,\n]*[+\-−]\s*$")
_LEFT_SIDE = re.compile(r"\s*(?::=|=)")
# "the constant K", "K is an arbitrary constant", "K is the constant of integration": what K is, said plainly
_CONSTANT_AFTER = re.compile(
    r"(?:\s*(?:\\\)|\$))?"  # the math closed first: "where \( C \) is the constant of integration" (round 33)
    r"\s*(?:(?:is|be|denotes|represents|stands\s+for|:|est|ist|es|é)\s+)?(?:(?:an?|the|our|any|une?|eine?)\s+)?"
    r"(?:(?:arbitrary|real|integration|arbitraire|beliebige)\s+)?(?:constant|constante|Konstante|константа)(?![-\w])"
    r"|\s*(?:is|be)\s+arbitrary\b|\s*(?:为|是|は)?[^.;。\n]{0,8}(?:常数|定数)"
    r"|\s*(?:∈|\\in\b)\s*(?:ℝ|ℂ|R\b|\\R\b|\\mathbb\s*\{?\s*[RC]\b|\$|\)|$)",
    re.I,
)
_CONSTANT_BEFORE = re.compile(r"(?<!non-)(?<!non )\b(?:constant|constante|Konstante|константа)\s*$", re.I)
# words that say the name stands for an integral, in the clause after it
_INTEGRAL_WORD = re.compile(
    r"\b(?:primitive|antiderivative|anti-derivative|integral|intégrale|Stammfunktion)", re.I
)


# A constant's letter as a word of its own: C, c, C_1, C₁, C_{1}, c1 (not the c of "c'est" or of "précédente")
_LATEX_SPACE = re.compile(r"\\[,;:!]")
_CONSTANT_LETTER = re.compile(r"(?<![^\W\d_])(?<!\\)([Cc])" + _INDEX + r"(?!\w|['’](?![sS]\b))")  # c's: c
# the words const and constant as a name a claim may use, given a value ("const = x e^x": round 53); "the
# constant of integration" names nothing
_CONSTANT_AS_NAME = re.compile(
    r"(?<![^\W\d_])(?<!the )(?<!a )(?<!an )(?<!our )(?<!this )(const(?:ant)?)()()"
    r"(?=\s*(?:=|:=|≔|≡|\b(?:be|is|equals?|denotes?|means|represents?|stands\s+for)\b))",
    re.I,
)
_TYPEFACE_LETTER = re.compile(r"\\math(?:cal|bb|scr|frak)\{[A-Za-z]\}")  # \mathrm{c} is c (round 55)
# Words of a clause that ends "... + C" with no "=" in it, that leave C a constant added on ("so the
# answer is x sin x + cos x + C", "which gives -x cos x + sin x + C"): a closed list; any other word
# ("naming the leftover by its letter", round 41) leaves the letter unread. Function names and one-letter
# symbols are the expression's own.
_ADDING_WORDS = frozenset(
    {"so", "thus", "therefore", "hence", "then", "finally", "altogether", "overall", "and", "we", "get",
     "obtain", "have", "arrive", "at", "find", "the", "answer", "result", "final", "is", "becomes",
     "gives", "giving", "yields", "yielding", "which", "this", "that", "all", "together", "in", "total",
     "combining", "collecting", "simplifying", "simplified", "putting", "it", "back", "substituting",
     "with", "a", "an", "donc", "ainsi", "on", "obtient", "also", "damit", "erhalten", "wir", "por", "lo",
     "tanto", "así", "que", "portanto", "logo", "итак", "получаем", "所以", "因此", "得", "integrating",
     "by", "parts", "again", "twice", "now", "us", "one", "more", "time", "here", "up", "summing", "adding",
     "constant", "of", "integration", "plus", "integral", "original", "whole", "can", "write",
     "written", "as", "or", "equivalently", "rewrite", "rewritten", "factor", "factored", "factoring", "form",
     "simplify", "simplifies", "to", "our", "=", "neatly",
     "compactly", "be"}
)  # fmt: skip
_ABSORBED = re.compile(
    r"\b(?:absorb\w*|goes|go|fold\w*|merg\w*|lump\w*|combin\w*)\b[^.;\n]{0,30}\b(?:into|in)\s*$"
)
_WORD = re.compile(r"[^\W\d_]{2,}")


_CONSTANT_TERM = r"(?:[-−+*/()\d.\s·⅓½¼]|[CcK](?:_?\{?\d\}?|[₀-₉])?(?![\w'’]))+"
# "Combine the constants: C = C_1 + C_2/2", "so C_1 = (9/13)C_0": constants made of constants
_CONSTANT_RELATION = re.compile(r"(?<![\w\\])" + _CONSTANT_TERM + r"=" + _CONSTANT_TERM)
_NAMED_CONSTANT_BEFORE = re.compile(
    r"\b(?:constant|constante|Konstante)\s*(?:is|:|=|of)?\s*[-−]?\s*[\d/.()]*\s*$", re.I
)  # "the constant is 2C_1", "constant 2C_1"


def _constant_letter_harmless(text: str, match: re.Match[str]) -> bool:
    """Does this mention of C leave it a constant of integration? It says so (``_a_constant_here``, "the
    constant is 2C_1"), it is in a relation of constants alone ("C = C_1 + C_2/2"), it is a term added at
    the end of a clause of math and the words of ``_ADDING_WORDS`` alone ("so the answer is x sin x +
    cos x + C"), or a constant goes into it ("the constant 3/4 goes into C")."""
    if _a_constant_here(text, match) or _NAMED_CONSTANT_BEFORE.search(text[: match.start()]):
        return True
    for relation in _CONSTANT_RELATION.finditer(text):
        left, right = relation[0].split("=", 1)
        sides_named = re.search(r"[CcK]", left) and re.search(r"[CcK]", right)
        if sides_named and relation.start() <= match.start() < relation.end():
            return True
    before, after = _clause_around(text, match)
    if _ABSORBED.search(before):
        return not after.strip(" $)")
    if "=" in before or not re.search(r"[\w)\]}|]\s*\$?\s*[+\-−]\s*\$?\s*$", before):
        return False  # with "=", _a_constant_here decided: an integral not alone, or R no antiderivative
    chain = re.match(r"\s*=(?!=)", after)  # "= 2√x e^√x - 2e^√x + C = 2(√x - 1)e^√x + C": a chain goes on
    rest = after[chain.end() :] if chain else after
    if re.search(r"[=:]|\b(?:is|be|denotes?|means|stands|represents|equals?|where|with)\b", rest, re.I):
        return False  # "+ C where C = ...": what follows may give C a meaning
    if re.search(r"∫|\\int|Integral\(", before):
        return False  # "∫ x sin x dx is -x cos x + K": what the integral is said to be, not read here
    functions = ALL_FUNCTION_NAMES
    return all(w.lower() in _ADDING_WORDS or w in functions for w in _WORD.findall(before + " " + after))


def _added_at_the_end(text: str, match: re.Match[str]) -> bool:
    """Is this mention a term added on at the end of its clause ("... + C", "... - K."), or at the end
    of one side of a chain of math ("+ C = (x - 1)e^x + C")? Nothing after it may give it a meaning."""
    before, after = _clause_around(text, match)
    if not re.search(r"[\w)\]}|]\s*\$?\s*[+\-−]\s*\$?\s*$", before):
        return False
    chain = re.match(r"[\s$)}*]*=(?!=)", after)
    rest = after[chain.end() :] if chain else after
    again = re.search(rf"(?<![^\W\d_]){re.escape(match[0])}(?![\w'’])", rest)
    rest = rest[: again.start()] if again else rest  # "+ C, where C is ...": the next mention is read itself
    if re.search(r"[=:≔≡]", rest):
        return False
    rest = re.sub(r"\\[A-Za-z]+", " ", rest)  # \left, \frac, \right: commands, not words
    words = _WORD.findall(rest)
    if not all(word in ALL_FUNCTION_NAMES or word.lower() in _TRAILING_WORDS for word in words):
        return False
    # math among the trailing words may be the letter's value ("+ c, with 2e^x for the constant", round 57)
    if chain:  # the other side of a chain is math alone: "+ C = (x - 1)e^x + C"
        return all(word in ALL_FUNCTION_NAMES for word in words)
    if any(word in ALL_FUNCTION_NAMES for word in words):
        return False  # a function among the words: math after the letter
    leftover = re.sub(r"(?<![^\W\d_])a(?![^\W\d_])", " ", _WORD.sub(" ", rest))  # "+ C, a constant"
    return not _MATH_LEFT.search(leftover)  # punctuation, quotes, backticks and brackets say nothing


_MATH_LEFT = re.compile(r"[^\W_]|[\^∫√+=/×·]")  # a digit, a letter or an operator: math


# Words that may follow a term added on, in its clause, without giving it a meaning ("+ C, the constant of
# integration", "+ C, where C ∈ ℝ"): a closed list, the safe way round (an appositive "+ c, the uv term"
# or "+ c, which is x sin x" leaves c unread).
_TRAILING_WORDS = frozenset(
    {"where", "with", "for", "and", "some", "any", "arbitrary", "real", "an", "the", "constant", "constants",
     "of", "integration", "donde", "où", "wobei", "mit", "onde", "где", "una", "une", "eine", "uma"}
)  # fmt: skip


def _called_constant(text: str, match: re.Match[str], constant: bool) -> bool:
    """Is the name called a constant here, in any words ("K is now the constant of integration")?
    ``constant``: ``_a_constant_here`` of this mention, already read by the caller."""
    clause = _CLAUSE_END.split(text[match.end() :])[0]
    return constant or bool(_CONSTANT_WORD.search(clause))


_CONSTANT_WORD = re.compile(r"\b(?:constant|constante|Konstante|константа)|常数|定数", re.I)


def _a_constant_here(text: str, match: re.Match[str]) -> bool:
    """ "+ K" is a term added on, and "K is an arbitrary constant", "the constant K" say what K is; a
    constant word anywhere else in the clause does not ("Let K be the primitive of cos x (constant set
    to zero)": a round-37 adversary's K), nor does a K that is a left side ("-K = ∫ cos x dx")."""
    after = text[match.end() :]
    added = _ADDED_ON.search(text[: match.start()])  # "= sin x + K", not "= -K"
    on = bool(added) and _constant_added_on(text[: match.start()], added)
    if _LEFT_SIDE.match(after) and not on:  # "+ K = R2 + K" is a chain going on, "-K = ∫ ..." a left side
        return False
    clause = _CLAUSE_END.split(after)[0]
    before = _CLAUSE_END.split(text[: match.start()])[-1]
    if _NEGATION.search(clause) or _INTEGRAL_SIGN.search(clause) or _INTEGRAL_WORD.search(clause):
        return False
    if re.search(r"\bnon\b|\bnon-|\bnot\b", before, re.I):  # "the non-constant K"
        return False
    return bool(on or _CONSTANT_AFTER.match(after) or _CONSTANT_BEFORE.search(text[: match.start()]))


def _constant_added_on(before: str, added: re.Match[str], variable: str = "x") -> bool:
    """Is K, in "L = R + K" (``added`` the "= R +" before it), a constant added on? When L holds an
    integral it must be that integral alone ("∫ cos x dx = sin x + K"; "-x cos x + ∫ cos x dx = -x cos x +
    K", round 39's, makes K what the integral became), and R an antiderivative of its integrand, decided on
    values at five points ("∫ x sin x dx = -x cos x + K", round 41's, is K = sin x): a reading, not a
    verdict, so when unsure K is unread."""
    # a chain "∫ h dx = R1 + K = R2 + K": the integral is its first member, R the last
    left = _CLAUSE_END.split(before[: added.start()])[-1].split("=")[0]
    sign = _INTEGRAL_SIGN.search(left)
    if sign is None:
        return True
    if not _WORDS_ONLY.fullmatch(re.sub(r"\$|\\[(\[]", " ", left[: sign.start()])):
        return False  # math before the integral: it is not alone
    right = before[added.start() + 1 : added.end()].rstrip().rstrip("+-−").strip()
    try:
        integral = parse_math(left[sign.start() :].strip().rstrip("$").strip(), variable)
        rest = parse_math(right, variable) if right else None
    except ParseError:
        return False
    if not isinstance(integral, sympy.Integral) or rest is None:
        return False
    x = sympy.Symbol(variable)
    slope = sympy.diff(rest, x) - integral.function
    try:
        return all(abs(complex(slope.evalf(30, subs={x: p}))) < 1e-20 for p in _PROBES)
    except (TypeError, ValueError, ArithmeticError):
        return False


_WORDS_ONLY = re.compile(r"(?:\s*[^\W\d_]{2,}\s*[,:]?)*\s*")
_PROBES = (
    sympy.Rational(7, 10),
    sympy.Rational(13, 10),
    sympy.Rational(-9, 10),
    sympy.Rational(23, 10),
    1 + sympy.I / 3,
)


def _definition(text: str, start: int, variable: str) -> sympy.Expr | None:
    """The integral a definition at ``start`` gives, or None when it cannot be read as one bare integral
    or its clause goes on with words that may act on it ("∫ e^x cos x dx times two", "2∫ sin x dx")."""
    stop = RELATION_STOP.search(text, start + 1)
    candidate = balanced(text[start : stop.start() if stop else len(text)].strip())
    rest = _CLAUSE_END.split(text[stop.start() :])[0] if stop else ""
    if not _harmless(rest):
        return None
    for _ in range(MAX_TRIMS):
        try:
            expr = parse_math(candidate, variable)
        except ParseError:
            expr = None
        if isinstance(expr, sympy.Integral):
            return expr
        head, _, last = candidate.rpartition(" ")
        if not head or last.lower().strip(".,:;()") not in _HARMLESS_AFTER:
            return None
        candidate = head.rstrip()
    return None


def _harmless(rest: str) -> bool:
    """Only relations of their own and words of the closed list after the definition, in its clause."""
    rest = _RELATION.sub(" ", _PARTS_PHRASE.sub(" ", re.sub(r"\bleft\s+over\b", " ", rest, flags=re.I)))
    words = re.findall(r"[^\W_]+", rest)
    return all(word.lower() in _HARMLESS_AFTER for word in words)
