"""Required literals of a regex: if none of them occurs in a text, the regex cannot match it (so skip it)."""

import re

try:  # the parser and compiler that re itself uses; their node names are stable across 3.11 to 3.13
    from re import _compiler as _k
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - older Pythons name them sre_*
    import sre_compile as _k  # type: ignore[no-redef]
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]


def _selective(literal: str) -> bool:
    # One letter is in every text; one emoji or "£" is rare enough to be worth checking for.
    return len(literal) >= 2 or not (literal.isascii() and (literal.isalnum() or literal in " .,'-!?"))


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective requirement: longest shortest literal, then fewest literals."""
    usable = [c for c in candidates if c and all(map(_selective, c))]
    if not usable:
        return None
    return max(usable, key=lambda c: (min(map(len, c)), -len(c)))


def _sequence(items) -> frozenset[str] | None:
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    for op, arg in items:
        if op is _c.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            candidates.append(frozenset({"".join(run)}))
            run = []
        if op is _c.SUBPATTERN:
            sub = _sequence(arg[-1])
        elif op is _c.BRANCH:
            parts = [_sequence(branch) for branch in arg[1]]
            sub = None if any(p is None for p in parts) else frozenset().union(*parts)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            low, _high, item = arg
            sub = _sequence(item) if low >= 1 else None
        else:  # \b, classes, any, lookarounds: no literal they require
            sub = None
        if sub is not None:
            candidates.append(sub)
    if run:
        candidates.append(frozenset({"".join(run)}))
    return _best(candidates)


def required_literals(pattern: re.Pattern) -> frozenset[str] | None:
    """Substrings one of which every match contains, or None when the pattern has no such set."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        return _sequence(_p.parse(pattern.pattern, pattern.flags))
    except Exception:  # an unexpected parser shape only costs speed, never correctness
        return None


def compile_with_literals(source: str) -> tuple[re.Pattern, frozenset[str] | None]:
    """re.compile(source) and its required literals, parsing the pattern once (it is the slow half of both)."""
    try:
        parsed = _p.parse(source, 0)
        pattern = _k.compile(parsed, 0)
        literals = _sequence(parsed)
    except Exception:  # fall back to the public API; literals only save time
        return re.compile(source), None
    return pattern, literals


_SLICES: list[tuple[slice, ...]] = []


def trigrams(text: str) -> set[str]:
    """Every three-character substring of text (the keys the indexes look literals up by)."""
    n = len(text) - 2
    while len(_SLICES) <= n:
        _SLICES.append(tuple(slice(i, i + 3) for i in range(len(_SLICES))))
    return set(map(text.__getitem__, _SLICES[n])) if n > 0 else set()


# Three-letter sequences found in most English text: poor keys, because nearly every text contains them.
_COMMON = frozenset(
    [
        " th",
        "the",
        "he ",
        "ing",
        "ng ",
        " an",
        "and",
        "nd ",
        " to",
        "to ",
        " of",
        "of ",
        " in",
        "in ",
        "ed ",
        "er ",
        " i ",
        "'m ",
        "i'm",
        " it",
        "it ",
        " a ",
        " my",
        "my ",
        "you",
        "ou ",
        " yo",
        " be",
        "ion",
        "ent",
        "is ",
        " is",
        "hat",
        "tha",
        "at ",
        " wa",
        "was",
        "as ",
        "or ",
        " fo",
        "for",
        "re ",
        " so",
        "ll ",
        "e t",
        " me",
        "me ",
        "ve ",
        "ere",
        "her",
        " ha",
        "hav",
        "ave",
        "ly ",
        "es ",
        "on ",
        " on",
        "nt ",
        "n't",
        "t ",
        "s t",
        "e a",
        "all",
        "ll ",
        " al",
        "ver",
        "ith",
        "wit",
        " wi",
        "thi",
        "his",
        "ght",
        " ju",
        "jus",
        "ust",
        "st ",
        "not",
        " no",
        "no ",
        "ome",
        "som",
        "one",
        "ne ",
        "e i",
        " ca",
        "can",
        " do",
        "do ",
        "out",
        "ut ",
        " ev",
        "eve",
        "ery",
        "rea",
        "eal",
        " fe",
        "fee",
        "eel",
        "ike",
        " li",
        "lik",
        "ke ",
    ]
)


class LiteralIndex:
    """Which of many literals occur in a text: each literal is filed under its least common three-letter
    sequence, so a text is only tested against literals whose rare part it contains."""

    def __init__(self, literals):
        literals = set(literals)
        counts: dict[str, int] = {}
        for literal in literals:
            for gram in {literal[i : i + 3] for i in range(len(literal) - 2)}:
                counts[gram] = counts.get(gram, 0) + 1
        index: dict[str, list[str]] = {}
        short = []
        for literal in literals:
            if len(literal) < 3:
                short.append(literal)  # "£", "ok": few enough to test one by one
                continue
            grams = {literal[i : i + 3] for i in range(len(literal) - 2)}
            key = min(sorted(grams), key=lambda g: (g in _COMMON, counts[g]))
            index.setdefault(key, []).append(literal)
        self._index = {key: tuple(values) for key, values in index.items()}
        self._keys = frozenset(self._index)
        self._short = tuple(short)

    def present(self, text: str, grams: set[str] | None = None) -> set[str]:
        if grams is None:
            grams = trigrams(text)
        index = self._index
        found = {
            literal for key in grams & self._keys for literal in index[key] if len(literal) == 3 or literal in text
        }
        found.update(literal for literal in self._short if literal in text)
        return found


class RuleIndex:
    """Which rules of a list can match a text: those whose required literals occur, and those without any."""

    def __init__(self, literal_sets: list[frozenset[str] | None]):
        self._always = frozenset(i for i, literals in enumerate(literal_sets) if literals is None)
        by_literal: dict[str, list[int]] = {}
        for i, literals in enumerate(literal_sets):
            for literal in literals or ():
                by_literal.setdefault(literal, []).append(i)
        self._by_literal = {literal: frozenset(ids) for literal, ids in by_literal.items()}
        self._literals = LiteralIndex(self._by_literal)

    @property
    def literals(self) -> frozenset[str]:
        return frozenset(self._by_literal)

    def candidates(self, present: set[str]) -> list[int]:
        """Rule positions to run, given the literals present in the text (a superset of this index's is fine)."""
        by_literal = self._by_literal
        return sorted(self._always.union(*[by_literal[literal] for literal in present if literal in by_literal]))


class Guarded:
    """A compiled pattern that answers "no match" at once when none of its required literals is in the text."""

    __slots__ = ("pattern", "literals")

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.literals = required_literals(pattern)

    def possible(self, text: str, present: set[str] | None = None) -> bool:
        """present: the literals found in text by an index that includes this guard's literals (faster)."""
        if self.literals is None:
            return True
        if present is not None:
            return not self.literals.isdisjoint(present)
        return any(literal in text for literal in self.literals)

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        end = len(text) if endpos is None else endpos
        if not self.possible(text[pos:end]):
            return None
        return self.pattern.search(text, pos, end)

    def finditer(self, text: str, present: set[str] | None = None):
        return self.pattern.finditer(text) if self.possible(text, present) else iter(())


def _top_level_branches(source: str) -> list[str]:
    """Split a pattern on its top-level "|" (unwrapping one outer (?:...) group), respecting escapes, classes and
    groups. Returns [source] when the pattern has no top-level alternation."""
    body, edge = source, ""
    if body.startswith(r"\b(?:") and body.endswith(r")\b") and _closing(body, 2) == len(body) - 3:
        body, edge = body[5:-3], r"\b"  # \b(?:a|b)\b: each branch keeps its word boundaries
    elif body.startswith("(?:") and _closing(body, 0) == len(body) - 1:
        body = body[3:-1]
    parts, depth, start, i = [], 0, 0, 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(body, i) + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    parts.append(body[start:])
    return [f"{edge}(?:{part}){edge}" for part in parts] if edge else parts


def _class_end(source: str, i: int) -> int:
    j = i + 1
    if j < len(source) and source[j] == "^":
        j += 1
    if j < len(source) and source[j] == "]":
        j += 1
    while j < len(source) and source[j] != "]":
        j += 2 if source[j] == "\\" else 1
    return j


def _closing(source: str, i: int) -> int:
    """Index of the parenthesis closing the group that opens at i."""
    depth, j = 0, i
    while j < len(source):
        char = source[j]
        if char == "\\":
            j += 2
            continue
        if char == "[":
            j = _class_end(source, j) + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return -1


class Alternatives:
    """A big alternation split into its branches, each with its own required literals: asking whether any branch
    matches runs only the branches that can. Behaves like pattern.search(...) is not None."""

    __slots__ = ("pattern", "branches", "literals", "_always", "_by_literal")

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        branches = []
        for source in _top_level_branches(pattern.pattern):
            try:
                compiled, literals = compile_with_literals(source)
            except re.error:  # a branch that does not stand alone: fall back to the whole pattern
                branches = [(pattern, required_literals(pattern))]
                break
            branches.append((compiled, literals))
        self.branches = tuple(branches)
        every = [literals for _, literals in branches]
        self.literals = None if any(lit is None for lit in every) else frozenset().union(*every)
        self._always = frozenset(i for i, literals in enumerate(every) if literals is None)
        by_literal: dict[str, set[int]] = {}
        for i, literals in enumerate(every):
            for literal in literals or ():
                by_literal.setdefault(literal, set()).add(i)
        self._by_literal = {literal: frozenset(ids) for literal, ids in by_literal.items()}

    def candidates(self, present: set[str] | None) -> tuple[re.Pattern, ...]:
        """The branches that can match a text whose present literals are given (None: all of them)."""
        if present is None:
            return tuple(compiled for compiled, _ in self.branches)
        by_literal = self._by_literal
        ids = self._always.union(*[by_literal[literal] for literal in present if literal in by_literal])
        return tuple(self.branches[i][0] for i in sorted(ids))

    def matches(self, text: str, pos: int, end: int, present: set[str] | None, branches=None) -> bool:
        for compiled in self.candidates(present) if branches is None else branches:
            if compiled.search(text, pos, end) is not None:
                return True
        return False
