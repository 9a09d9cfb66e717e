"""The built-in care classifier: weighted rules over normalised text, with thread context. Offline, stdlib only."""

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from . import lexicon as lx
from . import signals, wordmodel
from .base import CareContext, Evidence, Flag
from .normalize import View, deobfuscate, fold, mask
from .prefilter import Alternatives, Guarded, LiteralIndex, RuleIndex, compile_with_literals, trigrams
from .sentences import MAX_SENTENCE, evidence_span, meaningful, sentence_around, sentence_spans

_MAX_EVIDENCE = 8


@dataclass(frozen=True, slots=True)
class _Rule:
    category: str
    name: str
    weight: float
    pattern: re.Pattern
    tags: str
    # One of these substrings occurs in every match (None: no such set), so most rules are skipped cheaply.
    literals: frozenset[str] | None


def _compile(table) -> tuple[_Rule, ...]:
    rules = []
    for category, name, weight, source, tags in table:
        pattern, literals = compile_with_literals(source)
        rules.append(_Rule(category, name, weight, pattern, tags, literals))
    return tuple(rules)


def _index(rules: tuple[_Rule, ...]) -> RuleIndex:
    return RuleIndex([rule.literals for rule in rules])


def _runnable(rules: tuple[_Rule, ...], index: RuleIndex, present: set[str]):
    return (rules[i] for i in index.candidates(present))


_TEXT_RULES = _compile(lx.CRISIS + lx.DISTRESS + lx.HOSTILE)
_SPAM_RULES = _compile(lx.SPAM)
_TEXT_LITERALS = _index(_TEXT_RULES)
_SPAM_LITERALS = _index(_SPAM_RULES)
_PUSH_RULES = frozenset({"link_in_bio", "my_channel", "buy_now", "promo_code", "price", "pitch", "grow_followers"})
_SAFETY = re.compile(lx.SAFETY_STATEMENT)
# Where the rules' context checks (past, general talk, laughter) end a sentence: after . ! ? or a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?\n])\s+")


_C_DEATH_GUARD = Guarded(lx.C_DEATH)
_AFFECT_GUARD = Guarded(re.compile(f"{lx.AFFECT_STRONG.pattern}|{lx.AFFECT_WEAK.pattern}"))
_HOSTILE_GUARD = Guarded(lx.CONTEMPT)

_NOT = re.compile(r"\b(?:not|n'?t|never|no)\b")

# Quoting: lines starting with ">" and quoted passages found in the parent or the post are not the writer's words.
_QUOTE_LINE = re.compile(r"(?m)^[ \t]*>.*$")
_QUOTED = re.compile(r"(?<![a-z0-9])([\"'])(.+?)\1(?![a-z0-9])", re.S)
_ALNUM = re.compile(r"[a-z0-9]+")


def _alnum(text: str) -> str:
    return " ".join(_ALNUM.findall(text))


@dataclass
class _Found:
    """What one category collected: the strongest weight per rule and the evidence spans."""

    weights: dict[str, float] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    means: bool = False

    def add(self, rule: str, weight: float, evidence: Evidence | None) -> None:
        if weight > self.weights.get(rule, 0.0):
            self.weights[rule] = weight
        if evidence is not None and len(self.evidence) < _MAX_EVIDENCE and evidence not in self.evidence:
            self.evidence.append(evidence)

    def score(self, *, without: str = "") -> float:
        remaining = 1.0
        for rule, weight in self.weights.items():
            if rule != without:
                remaining *= 1.0 - weight
        return 1.0 - remaining


_PAST = Alternatives(lx.PAST)
_RETURNING = Alternatives(lx.RETURNING)
_RECOVERY = re.compile(r"\b(?:clean|free|recovery|recovered|survived|ago|used to|back then)\b")
# A neighbour vetoes a sentence only when it plainly tells of getting through ("that was years ago", "I'm in a good
# place now"); "I used to think..." is not enough.
_RECOVERED = re.compile(
    r"\b(?:clean|sober|recovery|recovered|survived|(?:years?|months?) ago|back then|in a (?:good|better) place"
    r"|doing (?:much |so |a lot )?better)\b"
)
_RECENT = Alternatives(lx.RECENT)
_GENERIC = Alternatives(lx.GENERIC)
_LAUGH = Alternatives(lx.LAUGH)


class _Sentences:
    """Sentence bounds of a view, and per-sentence context checks (computed lazily, once)."""

    def __init__(self, text: str, present: set[str]):
        self.text = text
        self.present = present  # literals of every rule and guard found in text
        self.starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
        self._cache: dict[tuple[str, int], bool] = {}
        self._branches: dict[int, tuple] = {}
        self.returning = False  # a neighbouring sentence tells of a return

    def bounds(self, position: int) -> tuple[int, int]:
        i = bisect_right(self.starts, position) - 1
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
        return self.starts[i], end

    def has(self, key: str, pattern: Alternatives, start: int, end: int) -> bool:
        cached = self._cache.get((key, start))
        if cached is None:
            branches = self._branches.get(id(pattern))
            if branches is None:
                branches = self._branches[id(pattern)] = pattern.candidates(self.present)
            cached = self._cache[(key, start)] = bool(branches) and pattern.matches(
                self.text, start, end, None, branches
            )
        return cached


def _other_subject(prefix: str) -> bool:
    subjects = lx.SUBJECT.findall(prefix)
    return bool(subjects) and subjects[-1] in lx.OTHER_SUBJECTS


def _survives(tags: str, text: str, sentences: _Sentences, start: int, end: int, past_text: bool) -> bool:
    s_start, s_end = sentences.bounds(start)
    prefix = text[s_start:start]
    for tag in tags:
        if tag == "P":
            if (sentences.has("P", _PAST, s_start, s_end) or past_text) and not sentences.has(
                "C", _RECENT, s_start, s_end
            ):
                return False
        elif tag == "G":
            if sentences.has("G", _GENERIC, s_start, s_end):
                return False
        elif tag == "L":
            if sentences.has("L", _LAUGH, s_start, s_end):
                return False
        elif tag == "N":
            if lx.NEGATION_BEFORE.search(prefix[-30:]):
                return False
        elif tag == "R":
            if lx.REPORTED_BEFORE.search(prefix):
                return False
        elif tag == "S":
            if lx.SELF_BEFORE.search(prefix):
                return False
        elif tag == "Y":
            if _other_subject(prefix):
                return False
        elif tag == "I":
            # "stop crying" said to someone, not "I can't stop crying".
            if lx.NOT_IMPERATIVE.search(prefix[-25:]):
                return False
        elif tag == "A":
            # "won't be around tomorrow, back Thursday": an absence with a return is ordinary.
            if sentences.returning or sentences.has("A*", _RETURNING, 0, len(text)):
                return False
        elif tag == "F":
            # Said of the writer: the sentence has a first person in it.
            if not lx.C_SELF.search(text, s_start, s_end):
                return False
        elif tag == "T":
            sentence = text[s_start:s_end]
            if lx.THIRD_OR_SELF.search(sentence) and not lx.SECOND_PERSON.search(sentence):
                return False
    return True


def _evidence(original: str, view: View, start: int, end: int, rule: str) -> Evidence | None:
    # Trim the view span to non-blank characters so evidence never starts or ends in whitespace.
    while start < end and view.text[start].isspace():
        start += 1
    while end > start and view.text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    o_start, o_end = view.original_span(start, end)
    return Evidence(start=o_start, end=o_end, text=original[o_start:o_end], rule=rule)


def _quoted_spans(original: str, folded: View, context: str) -> list[tuple[int, int]]:
    """Original spans that quote earlier text: '>' lines, and quoted passages found in the parent or post."""
    spans = []
    for match in _QUOTE_LINE.finditer(folded.text):
        if match.end() > match.start():
            spans.append(folded.original_span(match.start(), match.end()))
    if context:
        for match in _QUOTED.finditer(folded.text):
            inner = _alnum(match.group(2))
            if len(inner) >= 4 and f" {inner} " in context:
                spans.append(folded.original_span(match.start(), match.end()))
    return spans


_UNSPOKEN_I = re.compile(
    r"\s*(?:(?:honestly|tbh|ngl|just|so|really|lowkey|low key|kinda|kind of|still|always|literally|seriously)[, ]+)*"
    r"(?:can'?t wait|wanna|want|wish|hoping|hope|thinking (?:about|of)|ready|tempted|planning|going to|gonna"
    r"|need to|praying)\b"
)


def _composites(text: str, deob: View, sentences: _Sentences, found: dict[str, _Found], past_text: bool) -> None:
    """Sentence-level fallbacks: first person + intent + death or harm (crisis); many words of pain (distress)."""
    d_text = deob.text
    affect = 0.0
    harm_possible = _C_DEATH_GUARD.possible(d_text, sentences.present)
    affect_possible = _AFFECT_GUARD.possible(d_text, sentences.present)
    if not harm_possible and not affect_possible:
        return
    for i, s_start in enumerate(sentences.starts):
        s_end = sentences.starts[i + 1] if i + 1 < len(sentences.starts) else len(d_text)
        sentence = d_text[s_start:s_end]
        # Chat drops the "I": a sentence that opens with a wish or intent ("can't wait to die") speaks for the writer.
        if not sentence.strip() or not (lx.C_SELF.search(sentence) or _UNSPOKEN_I.match(sentence)):
            continue
        if not _survives("PGL", d_text, sentences, s_start, s_end, past_text):
            continue
        intent = lx.C_INTENT.search(sentence) if harm_possible else None
        death = lx.C_DEATH.search(sentence, intent.end()) if intent else None
        if intent and death and not lx.C_IDIOM.search(sentence) and death.start() - intent.end() <= 40:
            start = s_start + intent.start()
            if _survives("NY", d_text, sentences, start, s_start + death.end(), past_text):
                found["crisis"].add(
                    "intent_and_harm", 0.6, _evidence(text, deob, start, s_start + death.end(), "intent_and_harm")
                )
        if _other_subject(sentence[: max(1, len(sentence) // 2)]) and not lx.C_SELF.match(sentence.strip()):
            continue
        seen = set()
        for pattern, weight in ((lx.AFFECT_STRONG, 1.0), (lx.AFFECT_WEAK, 0.5)) if affect_possible else ():
            for match in pattern.finditer(sentence):
                word = match.group()
                if word in seen or lx.NEGATION_BEFORE.search(sentence[max(0, match.start() - 20) : match.start()]):
                    continue
                seen.add(word)
                affect += weight
    if affect >= 2.0:
        found["distress"].add("words_of_pain", min(0.6, 0.15 * affect), None)
    _contempt(text, deob, sentences, found)


def _contempt(text: str, deob: View, sentences: _Sentences, found: dict[str, _Found]) -> None:
    """Several words of contempt in a sentence aimed at "you" with nothing kind in it: hostility in other words."""
    d_text = deob.text
    if not _HOSTILE_GUARD.possible(d_text, sentences.present) or lx.KINDNESS.search(d_text):
        return
    for i, s_start in enumerate(sentences.starts):
        s_end = sentences.starts[i + 1] if i + 1 < len(sentences.starts) else len(d_text)
        sentence = d_text[s_start:s_end]
        if not lx.SECOND_PERSON.search(sentence) or lx.SELF_BEFORE.search(sentence[:12]):
            continue
        hits = {m.group() for m in lx.CONTEMPT.finditer(sentence)}
        if len(hits) >= 2:
            weight = 0.45 if len(hits) == 2 else 0.6
            found["hostile"].add("contempt_at_you", weight, _evidence(text, deob, s_start, s_end, "contempt_at_you"))


_NEGATED_JUST_BEFORE = re.compile(r"(?:\bnot|\bnever|n'?t|\bnothing|\bno)\s+(?:\w+\s+)?$")


# When the word model may speak. Where the rules already see some of the same thing its bar is lower; alone it needs
# more confidence. For crisis the bar is deliberately lower than for the other categories: a missed crisis can cost
# a life, and the rules' checks for the past, jokes and advice to others still veto it.
_MODEL_GATE = 0.15
MODEL_THRESHOLD = {
    "crisis": (0.5, 0.55, 0.7),  # (with a rule's hint, with a word of death or harm, alone)
    "distress": (0.4, 0.7),
    # Hostile needs a rule's hint: alone, word statistics read ordinary advice to "you" ("have you told your
    # GP?", "you two should talk to each other") as hostile, and a hostile flag holds a supportive reply.
    "hostile": (0.5, 0.9, None),  # (with a rule's hint, alone and aimed at "you", alone otherwise)
    "spam": (0.3, 0.6),
}


# The reply model's bar for hostility in a careless reply to someone at risk or in pain (cross-fitted on
# care-context-dev.jsonl).
HOSTILE_UNDER_RISK = 0.7


# C_IDIOM also names things that "die" (a phone, a car): that says nothing about the rest of a text.
_THINGS_THAT_DIE = frozenset({"battery", "phone", "laptop", "plant", "plants", "car", "wifi", "charger"})


def _death_idiom(d_text: str) -> bool:
    return any(match.group() not in _THINGS_THAT_DIE for match in lx.C_IDIOM.finditer(d_text))


def _set_threshold(thresholds: dict, category: str, value: float | None) -> None:
    if value is not None:  # None: the model may not assert this category on its own
        thresholds[category] = value


class _Checks:
    """What gates the word model on a piece, worked out only when asked (most pieces never need most of them)."""

    def __init__(self, d_text: str, present: set[str]):
        self.d_text, self.present = d_text, present
        self.probabilities: dict[tuple[str, frozenset[str]], dict[str, float]] = {}  # the word model's, per reading

    @cached_property
    def death_word(self) -> bool:  # a plain word of death or harm
        return _C_DEATH_GUARD.possible(self.d_text, self.present) and lx.C_DEATH.search(self.d_text) is not None

    @cached_property
    def idiom(self) -> bool:
        return _death_idiom(self.d_text)

    @cached_property
    def good_feeling(self) -> bool:
        return lx.GOOD_FEELING.search(self.d_text) is not None

    @cached_property
    def you(self) -> bool:
        return lx.SECOND_PERSON.search(self.d_text) is not None

    @cached_property
    def cares(self) -> bool:  # reaches out, reassures, asks after them
        return lx.CARES.search(self.d_text) is not None

    @cached_property
    def kind_or_advice(self) -> bool:
        return lx.KINDNESS.search(self.d_text) is not None or lx.ADVICE.search(self.d_text) is not None


@dataclass
class _Unit:
    """One piece of a text the rules read on its own (a sentence of a long text, or a whole short text), with what
    the word model needs of it: its sentences' features and the checks that gate the model."""

    offset: int  # where the piece starts in the whole text
    text: str
    analysis: "_Analysis"
    sentences: list[tuple[int, int, frozenset[str]]]  # view spans and word-model features of each sentence
    marks: dict[str, bool]  # the model's context markers (_past, _generic, _laugh)
    checks: _Checks
    words: int


def _unit(offset: int, text: str, analysis: "_Analysis") -> "_Unit":
    deob, sentences = analysis.deob, analysis.sentences
    d_text = deob.text
    end = len(d_text)
    return _Unit(
        offset=offset,
        text=text,
        analysis=analysis,
        sentences=[(a, b, frozenset(wordmodel.sentence_features(d_text[a:b]))) for a, b in sentence_spans(d_text)],
        marks={
            "_past": sentences.has("P*", _PAST, 0, end),
            "_generic": sentences.has("G*", _GENERIC, 0, end),
            "_laugh": sentences.has("L*", _LAUGH, 0, end),
        },
        checks=_Checks(d_text, sentences.present),
        words=len(_ALNUM.findall(d_text)),
    )


def _thresholds(window: list[_Unit], home: _Unit, thread: frozenset[str]) -> dict[str, float]:
    """When the word model may speak on a piece, given the pieces around it (the window). Where the rules already
    see some of the same thing in the window its bar is
    lower; alone it needs more confidence. The vetoes are the home sentence's own: a story about the past next to
    it does not silence a sentence about now."""
    thresholds: dict[str, float] = {}
    hinted = any(
        max(u.analysis.found["crisis"].score(), u.analysis.found["distress"].score()) >= _MODEL_GATE for u in window
    ) or bool(thread & {"^risk", "^worry"})
    if not home.analysis.past_text and not home.marks["_laugh"]:
        death_word = any(u.checks.death_word for u in window) and not any(u.checks.idiom for u in window)
        tier = 0 if hinted else (1 if death_word else 2)
        thresholds["crisis"] = MODEL_THRESHOLD["crisis"][tier]
        thresholds["distress"] = MODEL_THRESHOLD["distress"][0 if hinted else 1]
    if any(u.analysis.found["hostile"].score() >= _MODEL_GATE for u in window):
        thresholds["hostile"] = MODEL_THRESHOLD["hostile"][0]
    elif thread & {"^risk", "^maybe", "^distress"} and not home.checks.kind_or_advice and not home.checks.cares:
        # A reply to someone at risk or in pain with no care in it: doubt, mockery or a shrug reads as hostile.
        thresholds["hostile"] = HOSTILE_UNDER_RISK
    elif sum(u.words for u in window) < 4 and not thread & {"^risk", "^maybe", "^distress"}:
        pass  # "do it", "go for it": a short reply means what its thread makes it mean, which the thread rules read
    elif any(u.checks.you for u in window) and not any(u.checks.kind_or_advice for u in window):
        _set_threshold(thresholds, "hostile", MODEL_THRESHOLD["hostile"][1])
    else:
        # Not aimed at "you", or with a kind word in it: the model must be surer.
        _set_threshold(thresholds, "hostile", MODEL_THRESHOLD["hostile"][2])
    spam_hint = any(u.analysis.found["spam"].score() >= _MODEL_GATE for u in window)
    thresholds["spam"] = MODEL_THRESHOLD["spam"][0 if spam_hint else 1]
    # Alone, the model stays quiet on plain good feeling, on words of death used as an idiom ("dying to", "end it
    # with him"), and on a reply that quotes what it answers.
    if (
        not hinted
        and "crisis" in thresholds
        and (home.analysis.quoting or home.checks.good_feeling or home.checks.idiom)
    ):
        del thresholds["crisis"]
    return thresholds


def piece_features(home: _Unit, thread: frozenset[str] = frozenset()) -> set[str]:
    """The word model's features of a piece: its own words and context markers, and the thread's features (what a
    reply answers). Its neighbours reach it through the rules (a story of recovery next to it, the calm that
    completes a warning sign), never through the model's word statistics: an ordinary sentence next to it must not
    talk a sentence out of what it says, or into what it does not, wherever it sits."""
    found: set[str] = set()
    for _, _, names in home.sentences:
        found |= names
    found.update(name for name, present in home.marks.items() if present)
    return wordmodel.with_thread(found, thread)


# In a long comment the rules meet every word of the topic, told as a story, advice or a joke among ordinary
# paragraphs: a rule's match there stands alone only when it is explicit (weight at least the first number);
# otherwise the word model, reading the sentence with its neighbours, must see at least a trace of the same thing
# (probability at least the second). The warning signs of signals.py are combinations already and stand alone.
# Chosen by 5-fold cross-fitting on care-long-dev.jsonl (moderation.crossfit; figures in the README).
LONG_CONFIRM = {"crisis": (1.01, 0.3), "distress": (0.85, 0.5), "hostile": (1.01, 0.05)}
# In a long comment the model alone asserts these at a higher bar than in a short one (same cross-fitting).
LONG_MODEL_ALONE = {"crisis": 0.7, "distress": 0.8, "hostile": 0.8, "spam": 0.6}


# The lowest bar at which the model may assert each category, whatever the rules saw.
_LOWEST_BAR = {
    category: min(value for value in MODEL_THRESHOLD[category] if value is not None) for category in MODEL_THRESHOLD
}


# Findings that already weigh a sentence with its neighbours, as warning signs do: the word model's view of the
# sentence alone ("me too.") has nothing to add.
_READ_ACROSS_SENTENCES = frozenset({"identifies_with_risk"})


def _confirm_in_long_text(home: _Unit, probabilities: dict[str, float]) -> None:
    for category, (explicit, trace) in LONG_CONFIRM.items():
        found = home.analysis.found[category]
        rules = {
            rule: weight
            for rule, weight in found.weights.items()
            if rule != "word_model" and rule not in signals.NAMES and rule not in _READ_ACROSS_SENTENCES
        }
        if rules and max(rules.values()) < explicit and probabilities[category] < trace:
            for rule in rules:
                found.weights[rule] *= 0.5


def _window_model(window: list[_Unit], home: _Unit, thread: frozenset[str], *, long: bool) -> None:
    """Run the word model on one piece (home) in its window; a category it asserts is recorded on the piece's
    sentence that carries it most, as that sentence's evidence. long: the piece is a sentence of a long comment."""
    kind = "long" if long else ("reply" if thread else "short")
    # The model reads the piece's own words and the thread only, so a cached piece keeps what it said last time.
    probabilities = home.checks.probabilities.get((kind, thread))
    if probabilities is None:
        probabilities = wordmodel.probabilities(piece_features(home, thread), kind)
        home.checks.probabilities[(kind, thread)] = probabilities
    if long:
        _confirm_in_long_text(home, probabilities)
    if all(probabilities[category] < _LOWEST_BAR[category] for category in probabilities):
        return  # no bar is that low: nothing for the model to say here
    thresholds = _thresholds(window, home, thread)
    if long:
        for category, bar in LONG_MODEL_ALONE.items():
            if category in thresholds:
                thresholds[category] = max(thresholds[category], bar)
    if not thresholds:
        return
    for category, probability in probabilities.items():
        threshold = thresholds.get(category)
        if threshold is None or probability < threshold:
            continue
        weight = 0.5 + 0.4 * (probability - threshold) / (1.0 - threshold)
        best = max(
            ((wordmodel.sentence_score(names, category, kind), home, a, b) for a, b, names in home.sentences),
            key=lambda item: item[0],
            default=None,
        )
        if best is None:
            continue
        _, unit, a, b = best
        unit.analysis.found[category].add(
            "word_model", weight, _evidence(unit.text, unit.analysis.deob, a, b, "word_model")
        )


# The comment model's bar: it weighs a whole long comment at once, so it asserts crisis only when it is sure. Chosen
# on persona-written development comments by writers it was not trained on (docs/care-sets.md): at 0.9, crisis recall
# 0.70 -> 0.91 for 2 more clean comments in 100 flagged.
COMMENT_MODEL_ALONE = 0.9


def _comment_model(units: list[_Unit]) -> None:
    """Weigh a long comment's sentences all together: a person who is putting things in order often says so across
    three kind paragraphs, no one sentence of which is a warning sign alone. The model reads the set of features of
    all the sentences (each once, so a repeated sentence does not add up), which is the same wherever the comment's
    sentences sit among others: the reading does not depend on position. More ordinary text around them can weigh
    against it, which is why the sentence readings still find a signal alone. The evidence is the sentence that
    weighs most."""
    everything: set[str] = set()
    for unit in units:
        for _, _, names in unit.sentences:
            everything |= names
    probability = wordmodel.probability_of(
        wordmodel.sentence_score(frozenset(everything), "crisis", "comment"), "crisis", "comment"
    )
    if probability < COMMENT_MODEL_ALONE:
        return
    scored = [
        (wordmodel.sentence_score(names, "crisis", "comment"), unit, a, b)
        for unit in units
        for a, b, names in unit.sentences
    ]
    if not scored:
        return
    _, unit, a, b = max(scored, key=lambda item: item[0])
    weight = 0.5 + 0.4 * (probability - COMMENT_MODEL_ALONE) / (1.0 - COMMENT_MODEL_ALONE)
    unit.analysis.found["crisis"].add(
        "comment_model", weight, _evidence(unit.text, unit.analysis.deob, a, b, "comment_model")
    )


def _coping(text: str) -> bool:
    """A sign the writer is getting through it ("it felt good", "worth it"), not negated ("nothing feels worth it")."""
    return any(
        not _NEGATED_JUST_BEFORE.search(text[max(0, m.start() - 20) : m.start()]) for m in lx.COPING.finditer(text)
    )


@dataclass
class _Analysis:
    found: dict[str, _Found]
    folded: View
    deob: View
    sentences: _Sentences
    past_text: bool
    quoting: bool
    reply: bool


# The checks each warning sign must pass (see _survives): the writer's own present, not a story, advice or a joke;
# danger from or to someone else is not the writer speaking of themselves.
_SIGN_TAGS = {"danger_from_someone": "PGL", "someone_in_danger": "PGL", "deferred_plan": "PLNRF"}


def _signs(text: str, deob: View, sentences: "_Sentences", found: dict, past_text: bool, around: tuple) -> None:
    d_text = deob.text
    for sign in signals.signs(d_text, *around):
        if _survives(_SIGN_TAGS.get(sign.name, "PGLNRF"), d_text, sentences, sign.start, sign.end, past_text):
            found["crisis"].add(sign.name, sign.weight, _evidence(text, deob, sign.start, sign.end, sign.name))
            if sign.name in signals.PLANNED:
                found["crisis"].means = True


def _analyse(
    text: str,
    *,
    context: str = "",
    reply: bool = False,
    past: bool = False,
    returning: bool = False,
    around: tuple[str, str] = ("", ""),
) -> _Analysis:
    """Run every rule over one piece of text (the word model and the settling step come after, see _read).
    context: the parent and post as alnum words, for quote stripping; reply: the text answers a comment; past and
    returning: its neighbours tell a story of the past and recovery, or of a return after an absence."""
    folded = fold(text)
    quoted = _quoted_spans(text, folded, context)
    if quoted:
        folded = mask(folded, quoted)
    deob = deobfuscate(folded)
    found = {c: _Found() for c in ("crisis", "distress", "hostile", "spam", "personal_info")}
    d_text = deob.text
    present = _present(d_text)
    sentences = _Sentences(d_text, present)
    sentences.returning = returning
    recent = sentences.has("C*", _RECENT, 0, len(d_text))
    past_text = not recent and (
        past or (sentences.has("P*", _PAST, 0, len(d_text)) and _RECOVERY.search(d_text) is not None)
    )
    for rule in _runnable(_TEXT_RULES, _TEXT_LITERALS, present):
        for match in rule.pattern.finditer(d_text):
            if match.end() == match.start():
                continue
            if rule.tags and not _survives(rule.tags, d_text, sentences, match.start(), match.end(), past_text):
                continue
            found[rule.category].add(
                rule.name, rule.weight, _evidence(text, deob, match.start(), match.end(), rule.name)
            )
            if "M" in rule.tags:
                found[rule.category].means = True
    _composites(text, deob, sentences, found, past_text)
    _signs(text, deob, sentences, found, past_text, around)
    if around[1] and not past_text:
        _identifies_with_neighbour(text, deob, sentences, found, around[1])
    f_present = present if folded.text == d_text else _present(folded.text)
    _personal_info(text, folded, found["personal_info"], f_present)
    _spam(text, folded, found["spam"], contact=bool(found["personal_info"].weights), present=f_present)
    return _Analysis(found, folded, deob, sentences, past_text, bool(quoted), reply)


_AS_MINE = (
    (re.compile(r"\byou'?re\b"), "i'm"),
    (re.compile(r"\byou'?ve\b"), "i've"),
    (re.compile(r"\byou'?d\b"), "i'd"),
    (re.compile(r"\byou'?ll\b"), "i'll"),
    (re.compile(r"\byourself\b"), "myself"),
    (re.compile(r"\byour\b"), "my"),
    (re.compile(r"\byou\b"), "i"),
)


@lru_cache(maxsize=1024)
def _risk_if_mine(neighbours: str) -> bool:
    """Would the rules read these sentences as a crisis if the writer said them of themselves? ("the bit where you
    said you've worked out how you'd do it" read as "I've worked out how I'd do it")."""
    text = lx.YOU_SAID.sub(" ", neighbours)
    for pattern, mine in _AS_MINE:
        text = pattern.sub(mine, text)
    # Sentence by sentence, as the comment itself is read: a story of the past in one neighbour must not veto
    # risk told in another (and the decision must not depend on what ordinary text happens to sit next to it).
    return any(_analyse(text[start:end]).found["crisis"].score() >= 0.5 for start, end in sentence_spans(text))


def _identifies_with_neighbour(
    text: str, deob: View, sentences: "_Sentences", found: dict[str, _Found], neighbours: str
) -> None:
    """A sentence of a long comment that says "me too" to risk told in the sentences around it is the writer's own."""
    d_text = deob.text
    match = lx.IDENTIFY_SELF.search(d_text)
    if match is None or found["crisis"].score() >= 0.5:
        return
    if not _survives("PGLN", d_text, sentences, match.start(), match.end(), False):
        return
    if _risk_if_mine(neighbours):
        found["crisis"].add(
            "identifies_with_risk", 0.75, _evidence(text, deob, match.start(), match.end(), "identifies_with_risk")
        )


def _settle(text: str, analysis: _Analysis) -> None:
    """What the rules and the model found, weighed against each other within one piece of text."""
    found, deob, reply = analysis.found, analysis.deob, analysis.reply
    d_text = deob.text
    crisis, distress = found["crisis"], found["distress"]
    if (
        {"encourage_self_harm", "harm_imperative"} & found["hostile"].weights.keys()
        and (reply or lx.SECOND_PERSON.search(d_text))
        and (set(crisis.weights) <= {"word_model"} or not lx.C_SELF.search(d_text))
    ):
        # Telling someone else to hurt themselves: the words of harm are the writer's attack, not their crisis.
        # Only when it is plainly said to someone: with no "you" and nothing it answers, "just jump already" may be
        # the writer talking to themselves, and a missed crisis costs more than a needless look.
        crisis.weights.clear()
        crisis.evidence.clear()
        crisis.means = False
    safety = _SAFETY.search(d_text)
    if safety and not crisis.means and (crisis.weights or distress.weights):
        # "I'm not going to do anything, I'm just exhausted": distress, not crisis.
        for rule in list(crisis.weights):
            crisis.weights[rule] *= 0.3
        distress.add(
            "safe_but_struggling", 0.55, _evidence(text, deob, safety.start(), safety.end(), "safe_but_struggling")
        )
    if distress.weights and _coping(d_text):
        for rule in list(distress.weights):
            distress.weights[rule] *= 0.5
    if distress.weights and found["spam"].score() >= 0.6:
        # "I'm lonely too, let's chat privately": a pitch that borrows the language of pain.
        for rule in list(distress.weights):
            distress.weights[rule] *= 0.5


def _spam(text: str, folded: View, found: _Found, *, contact: bool, present: set[str]) -> None:
    f_text = folded.text
    pushed = contact
    for rule in _runnable(_SPAM_RULES, _SPAM_LITERALS, present):
        for match in rule.pattern.finditer(f_text):
            found.add(rule.name, rule.weight, _evidence(text, folded, match.start(), match.end(), rule.name))
            pushed = pushed or rule.name in _PUSH_RULES
    for match in lx.URL.finditer(f_text):
        url = match.group()
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", url).split("/")[0]
        if lx.SAFE_DOMAINS.search(host):
            continue
        weight = 0.6 if lx.URL_SHORTENER.search(url) else 0.45
        found.add("link", weight, _evidence(text, folded, match.start(), match.end(), "link"))
        pushed = True
    # SEO stuffing: a run of shopping words with hardly any grammar.
    seo = {m.group() for m in _SEO_WORDS.finditer(f_text, present)}
    if len(seo) >= 2 and _stuffed(f_text, len(seo)):
        found.add("keyword_stuffing", 0.85, _evidence(text, folded, 0, len(f_text), "keyword_stuffing"))
        pushed = True
    if not pushed and found.weights:
        # Without a link, a price, a code or a contact there is nothing being sold.
        for rule in list(found.weights):
            found.weights[rule] *= 0.6


_SEO_WORDS = Guarded(lx.SEO_WORDS)


def _stuffed(f_text: str, shopping_words: int) -> bool:
    tokens = _ALNUM.findall(f_text)
    words = len(tokens)
    if words < 7 or len(lx.SEO_FUNCTION_WORDS.findall(f_text)) / words >= 0.12:
        return False
    return shopping_words >= 3 or max((tokens.count(t) for t in set(tokens) if len(t) > 3), default=0) >= 3


def _digits_in_words(phrase: str) -> int:
    count = 0
    words = re.findall(r"[a-z]+|\d", phrase)
    for i, word in enumerate(words):
        if word in ("double", "triple"):
            continue
        n = 1 if word.isdigit() else lx.DIGIT_WORDS.get(word, 0)
        if i and words[i - 1] == "double":
            n *= 2
        elif i and words[i - 1] == "triple":
            n *= 3
        count += n
    return count


def _personal_info(text: str, folded: View, found: _Found, present: set[str]) -> None:
    f_text = folded.text
    has_digit = _DIGIT.search(f_text) is not None
    for match in _EMAIL.finditer(f_text, present):
        found.add("email", 0.9, _evidence(text, folded, match.start(), match.end(), "email"))
    for match in _EMAIL_SPELLED.finditer(f_text, present):
        window_start = max(0, match.start() - 60)
        local = lx.EMAIL_LOCAL_PART.search(f_text, window_start, match.start())
        if local is None or match.start() - local.start() < 1:
            continue
        found.add("email_spelled_out", 0.85, _evidence(text, folded, local.start(), match.end(), "email_spelled_out"))
    for match in lx.PHONE.finditer(f_text) if has_digit else ():
        digits = re.sub(r"\D", "", match.group())
        if not 7 <= len(digits) <= 15 or digits in lx.KNOWN_SERVICE_NUMBERS:
            continue
        if _is_service_number(f_text, match.start()):
            continue
        found.add("phone_number", 0.85, _evidence(text, folded, match.start(), match.end(), "phone_number"))
    # A phone number in words has several digit words; "one" and "oh" alone hide in "someone" and "oh no".
    number_words = (
        sum(
            word in f_text
            for word in ("zero", "two", "three", "four", "five", "six", "seven", "eight", "nine", "double")
        )
        >= 2
    )
    for match in lx.PHONE_WORDS.finditer(f_text) if number_words else ():
        if _digits_in_words(match.group()) >= 7 and not _is_service_number(f_text, match.start()):
            found.add("phone_in_words", 0.8, _evidence(text, folded, match.start(), match.end(), "phone_in_words"))
    for match in _HANDLE_AFTER_PLATFORM.finditer(f_text, present):
        handle = match.group(1)
        if handle in lx.NOT_HANDLES or (handle.isalpha() and not match.group().rstrip().endswith(handle)):
            continue
        if (
            handle.isalpha()
            and ":" not in match.group()
            and "@" not in handle
            and " is " not in match.group()
            and "'s" not in match.group()
        ):
            # "add me on snap: name" and "my skype is name" carry a handle; "on discord too" does not.
            if not re.search(r"(?:me|is|:)\s*@?" + re.escape(handle) + r"$", match.group()):
                continue
        found.add("platform_handle", 0.8, _evidence(text, folded, match.start(), match.end(), "platform_handle"))
    for match in _HANDLE_NEAR_PLATFORM.finditer(f_text, present):
        if not lx.EMAIL.search(f_text, match.start(), match.end() + 40) and not lx.URL.fullmatch(match.group(1)):
            found.add("platform_handle", 0.8, _evidence(text, folded, match.start(), match.end(), "platform_handle"))
    for match in _PLATFORM_SAME_NAME.finditer(f_text, present):
        found.add("platform_same_name", 0.75, _evidence(text, folded, match.start(), match.end(), "platform_same_name"))
    for match in _HANDLE.finditer(f_text, present):
        if _handle_offered(f_text, match):
            found.add("social_handle", 0.8, _evidence(text, folded, match.start(), match.end(), "social_handle"))
    plain = text  # names, streets and postcodes are read with their capital letters
    for match in _STREET_ADDRESS.finditer(plain):
        found.add("street_address", 0.85, Evidence(match.start(), match.end(), match.group(), "street_address"))
    for match in lx.POSTCODE.finditer(plain) if has_digit else ():
        found.add("postcode", 0.8, Evidence(match.start(), match.end(), match.group(), "postcode"))
    _name_with_place(plain, found)


_DIGIT = re.compile(r"\d")
_EMAIL = Guarded(lx.EMAIL)
_EMAIL_SPELLED = Guarded(lx.EMAIL_SPELLED)
_HANDLE = Guarded(lx.HANDLE)
_HANDLE_AFTER_PLATFORM = Guarded(lx.HANDLE_AFTER_PLATFORM)
_HANDLE_NEAR_PLATFORM = Guarded(lx.HANDLE_NEAR_PLATFORM)
_PLATFORM_SAME_NAME = Guarded(lx.PLATFORM_SAME_NAME)
_STREET_ADDRESS = Guarded(lx.STREET_ADDRESS)


def _is_service_number(f_text: str, position: int) -> bool:
    window = f_text[max(0, position - 60) : position + 40]
    return lx.SERVICE_CONTEXT.search(window) is not None


def _handle_offered(f_text: str, match: re.Match) -> bool:
    """An @handle offered for contact, not an @-mention of someone in the thread."""
    start = match.start()
    sentence_start = max(f_text.rfind(c, 0, start) for c in ".!?\n") + 1
    before = f_text[sentence_start:start]
    after = f_text[match.end() : match.end() + 30]
    if lx.CONTACT_CUE.search(before) or re.match(r"\s*(?:on|,)?\s*(?:" + lx.PLATFORM + r")\b", after):
        return True
    # "@theo agreed" opens a reply; a handle with dots or digits mid-sentence is an account being shared.
    return bool(before.strip()) and bool(re.search(r"[._\d]", match.group()[1:]))


_MID_SENTENCE_CAPITAL = re.compile(r"[a-z,]\s+[A-Z][a-z]")


def _name_with_place(text: str, found: _Found) -> None:
    """A person's name together with a workplace, school, street or town identifies them."""
    if not _MID_SENTENCE_CAPITAL.search(text):
        return  # every name cue ("I'm Sophie", "Hey Nico", ", Jake,") puts a capital after a lowercase word
    names = []  # (start, end, introduced): introduced names may pair with a town; others need a specific place
    for match in lx.NAME_CUE.finditer(text):
        first = match.group(1).split()[0]
        if first not in lx.NOT_NAMES and first not in lx.NOT_PLACES:
            names.append((match.start(1), match.end(1), True))
    for match in lx.NAME_BEFORE_PLACE.finditer(text):
        first = match.group(1).split()[0]
        sentence_start = match.start(1) == 0 or text[: match.start(1)].rstrip()[-1:] in ".!?\n"
        if first not in lx.NOT_NAMES and first not in lx.NOT_PLACES and not sentence_start:
            names.append((match.start(1), match.end(1), True))
    for match in lx.VOCATIVE.finditer(text) if ", " in text else ():
        if match.group(1) not in lx.NOT_NAMES and match.group(1) not in lx.NOT_PLACES:
            names.append((match.start(1), match.end(1), False))
    if not names:
        return
    places = []  # (start, end, specific)
    for match in lx.PLACE.finditer(text):
        group = next(g for g in (1, 2, 3, 4) if match.group(g))
        word = match.group(group).split()[0]
        if word in lx.NOT_PLACES or word.removesuffix("'s") in lx.NOT_PLACES or (group == 1 and word in lx.NOT_NAMES):
            continue
        specific = group != 1 or match.group().split()[0] in ("at", "on", "outside", "behind", "by")
        places.append((match.start(group), match.end(group), specific))
    for n_start, n_end, introduced in names:
        for p_start, p_end, specific in places:
            after = 0 <= p_start - n_end <= 120
            before = 0 <= n_start - p_end <= 100
            if (after or before) and (introduced or specific):
                if (p_start, p_end) == (n_start, n_end):
                    continue
                found.add("name_with_place", 0.8, Evidence(n_start, n_end, text[n_start:n_end], "name_with_place"))
                found.add("name_with_place", 0.8, Evidence(p_start, p_end, text[p_start:p_end], "name_with_place"))
                return


@dataclass(frozen=True)
class _Earlier:
    """What a reply answers, read once per parent (or post) and cached."""

    # The rules alone decide whether "go for it" answers a crisis, never word statistics; and the word model's view of
    # a thread rests on the rules' reading of the parent too, so its training does not depend on its own last weights.
    crisis_by_rules: float
    distress_by_rules: float
    crisis: float
    distress: float
    safety_ask: bool  # asks for a promise to stay safe
    crisis_question: bool  # asks about crisis
    crisis_ask: bool  # asks if you are in crisis
    self_doubt: bool
    bleak: bool  # a bleak question ("does anyone even notice?")
    evidence: tuple[Evidence, ...]  # where the parent shows its risk
    # How much the parent speaks of risk, whoever's (the word model's crisis probability on its likeliest piece, or
    # the rules' score), and whether it asks after the reader ("you said you'd saved them, how many now?").
    risk: float = 0.0
    worry: bool = False
    self_harm_now: bool = False  # speaks of self-harm as happening now (asked about or told), not of recovery


_NOTHING_EARLIER = _Earlier(0.0, 0.0, 0.0, 0.0, False, False, False, False, False, ())
_WORRY = re.compile(
    r"\b(?:worried|worry|scared|frightened) (?:about|for) you|\bare you (?:ok|okay|safe|still|alright|there)\b"
    r"|\byou (?:said|told me|mentioned|promised|keep saying)\b|\bplease tell me\b|\bhow (?:soon|many|much)\b"
    r"|\btalk to me\b|\bwhere are you\b"
)


@lru_cache(maxsize=4096)
def _earlier_text(text: str) -> _Earlier:
    if not text:
        return _NOTHING_EARLIER
    units = _read(text, words="", reply=False, thread=frozenset())
    d_text = " ".join(u.analysis.deob.text for u in units)
    crisis = max(units, key=lambda u: u.analysis.found["crisis"].score())
    crisis_by_rules = max(u.analysis.found["crisis"].score(without="word_model") for u in units)
    risk = max(
        crisis_by_rules,
        *(wordmodel.probabilities(piece_features(unit), _kind(units))["crisis"] for unit in units),
    )
    safety_ask, crisis_ask = bool(lx.SAFETY_ASK.search(d_text)), bool(lx.CRISIS_ASK.search(d_text))
    return _Earlier(
        crisis_by_rules=crisis_by_rules,
        distress_by_rules=max(u.analysis.found["distress"].score(without="word_model") for u in units),
        crisis=crisis.analysis.found["crisis"].score(),
        distress=max(u.analysis.found["distress"].score() for u in units),
        safety_ask=safety_ask,
        crisis_question=bool(lx.CRISIS_QUESTION.search(d_text)),
        crisis_ask=crisis_ask,
        self_doubt=bool(lx.SELF_DOUBT.search(d_text)),
        bleak=bool(lx.BLEAK_QUESTION.search(d_text)),
        evidence=_parent_evidence(text, crisis),
        risk=risk,
        worry=safety_ask
        or crisis_ask
        or (_WORRY.search(d_text) is not None and lx.SECOND_PERSON.search(d_text) is not None),
        self_harm_now=lx.SELF_HARM_TALK.search(d_text) is not None
        and not all(u.analysis.past_text for u in units)
        and (not lx.HARM_BEHIND.search(d_text) or lx.HARM_AGAIN.search(d_text) is not None)
        and not lx.LAUGH.search(d_text),
    )


def _parent_evidence(text: str, crisis: _Unit) -> tuple[Evidence, ...]:
    """Where a parent shows its risk; with no sign of risk, its last sentence (what a reply answers, often a
    question: "am I a burden?")."""
    spans = [
        Evidence(e.start + crisis.offset, e.end + crisis.offset, e.text, e.rule, within="parent")
        for e in crisis.analysis.found["crisis"].evidence[:2]
    ]
    if not spans:
        sentences = sentence_spans(text)
        if sentences:
            start, end = sentences[-1]
            spans = [Evidence(start, end, text[start:end], "what_it_answers", within="parent")]
    return tuple(spans)


@lru_cache(maxsize=4096)
def _context_words(parent: str, post: str) -> str:
    return f" {_alnum(fold(parent).text)} | {_alnum(fold(post).text)} "


def _thread(text: str, analysis: _Analysis, earlier: str) -> None:
    """Replies whose meaning depends on what they answer: "do it", "same", "I can't promise that"."""
    answered = _earlier_text(earlier)
    crisis_score, distress_score = answered.crisis_by_rules, answered.distress
    safety_ask, crisis_question, crisis_ask = answered.safety_ask, answered.crisis_question, answered.crisis_ask
    self_doubt, bleak = answered.self_doubt, answered.bleak
    d_text = analysis.deob.text.strip()
    words = len(_ALNUM.findall(d_text))
    if not words:
        return
    found = analysis.found
    if crisis_score >= 0.5 or crisis_question:
        agree = lx.AGREE.match(d_text)
        generic = _GENERIC.matches(d_text, 0, len(d_text), None)
        if agree and words <= 14 and not generic and not lx.SUPPORT.search(d_text):
            found["crisis"].add(
                "agrees_with_crisis",
                0.8,
                _evidence(text, analysis.deob, agree.start(), agree.end(), "agrees_with_crisis"),
            )
    if crisis_score >= 0.5:
        encourage = lx.ENCOURAGE.match(d_text)
        if encourage and words <= 10 and not lx.SUPPORT.search(d_text):
            found["hostile"].add(
                "encourages_after_crisis",
                0.85,
                _evidence(text, analysis.deob, encourage.start(), encourage.end(), "encourages_after_crisis"),
            )
        # Words that only encourage self-harm when they answer a crisis: "bye then", "about time", "why not".
        if found["crisis"].weights and not lx.SUPPORT.search(d_text) and found["crisis"].score() < 0.5:
            # "please look after my cat for me" under a goodbye: the same crisis, continued.
            found["crisis"].add("continues_crisis", 0.6, None)
    if (crisis_score >= 0.25 or distress_score >= 0.25) and words <= 6:
        gloat = lx.GLOAT.match(d_text)
        if gloat:
            found["hostile"].add("gloats", 0.75, _evidence(text, analysis.deob, gloat.start(), gloat.end(), "gloats"))
    if bleak:
        confirm = lx.CONFIRM_BLEAK.match(d_text)
        if confirm and words <= 10 and not lx.SUPPORT.search(d_text):
            found["hostile"].add(
                "confirms_the_worst",
                0.75,
                _evidence(text, analysis.deob, confirm.start(), confirm.end(), "confirms_the_worst"),
            )
            for rule in list(found["distress"].weights):
                found["distress"].weights[rule] *= 0.3
    if safety_ask:
        refuse = lx.REFUSE_SAFETY.match(d_text)
        if (
            refuse
            and words <= 14
            and not _SAFETY.search(d_text)
            and not re.search(r"\b(?:yes|i promise|i will|i'?ll stay|i'?m safe)\b", d_text)
        ):
            found["crisis"].add(
                "refuses_safety_promise",
                0.8,
                _evidence(text, analysis.deob, refuse.start(), refuse.end(), "refuses_safety_promise"),
            )
    if crisis_ask:
        affirm = lx.AFFIRM_CRISIS.match(d_text) or (lx.MEANS_WORD.search(d_text) if words <= 6 else None)
        if affirm and words <= 14 and not _NOT.search(d_text[: affirm.end() + 10]):
            found["crisis"].add(
                "confirms_crisis", 0.8, _evidence(text, analysis.deob, affirm.start(), affirm.end(), "confirms_crisis")
            )
    if self_doubt:
        affirm = lx.AFFIRM.match(d_text)
        if affirm and words <= 14 and not _NOT.search(d_text[: affirm.end() + 20]):
            found["hostile"].add(
                "confirms_self_doubt",
                0.75,
                _evidence(text, analysis.deob, affirm.start(), affirm.end(), "confirms_self_doubt"),
            )
    _reads_with_parent(text, analysis, answered, words)


def _reads_with_parent(text: str, analysis: _Analysis, answered: "_Earlier", words: int) -> None:
    d_text = analysis.deob.text.strip()
    found = analysis.found
    at_risk = max(answered.crisis, answered.risk) >= 0.5
    if words > 25 or analysis.past_text or _GENERIC.matches(d_text, 0, len(d_text), None):
        return
    cares = lx.CARES.search(d_text) is not None
    if at_risk and not cares:
        identifies = lx.IDENTIFIES.search(d_text)
        if identifies and (lx.C_SELF.search(d_text) or lx.AGREE.match(d_text) or words <= 6):
            found["crisis"].add(
                "identifies_with_crisis",
                0.75,
                _evidence(text, analysis.deob, identifies.start(), identifies.end(), "identifies_with_crisis"),
            )
    if answered.self_harm_now and words <= 20 and not lx.LAUGH.search(d_text):
        _reports_self_harm_too(text, analysis, d_text, cares=cares)
    if answered.worry and answered.risk >= 0.2 and words <= 20 and not lx.DENIES.match(d_text) and "?" not in d_text:
        found["crisis"].add(
            "answers_about_risk", 0.7, _evidence(text, analysis.deob, 0, len(d_text), "answers_about_risk")
        )
    if (at_risk or answered.distress >= 0.5) and words <= 12 and not cares and not lx.IDENTIFIES.search(d_text):
        dismisses = lx.DISMISSES.search(d_text)
        if dismisses:
            found["hostile"].add(
                "dismisses_their_pain",
                0.75,
                _evidence(text, analysis.deob, dismisses.start(), dismisses.end(), "dismisses_their_pain"),
            )


def _reports_self_harm_too(text: str, analysis: _Analysis, d_text: str, *, cares: bool) -> None:
    """Under a comment about self-harm happening now, "yeah. 3 nights in a row" or "mine reset yesterday" tells of
    the writer's own self-harm, now. A caring reply counts only when it plainly says the same of the writer too
    ("thank you for telling us. I do it too, most nights")."""
    ongoing = lx.ONGOING_HARM.search(d_text)
    if ongoing is None and not cares and len(_ALNUM.findall(d_text)) <= 8:
        ongoing = lx.AGREE.match(d_text)  # "me too" under "did it again at work today"
    if (
        ongoing is None
        or lx.DENIES.match(d_text)
        or _NOT.search(d_text[max(0, ongoing.start() - 12) : ongoing.start()])
    ):
        return
    own = lx.OWN_HARM.search(d_text)
    if own is None or (cares and not lx.IDENTIFIES.search(d_text)):
        return
    start, end = min(own.start(), ongoing.start()), max(own.end(), ongoing.end())
    analysis.found["crisis"].add(
        "reports_self_harm_too", 0.75, _evidence(text, analysis.deob, start, end, "reports_self_harm_too")
    )


# A text up to this long is read as one piece; a longer one sentence by sentence, each with its neighbours.
_ONE_PIECE = 300


def _read(text: str, *, words: str, reply: bool, thread: frozenset[str], model: bool = True) -> list[_Unit]:
    """Read text: the rules on each piece (with its neighbours' context), the word model on each piece, then each
    piece's findings weighed. A sentence is read the same way wherever it sits, so a signal in the middle of a long
    comment counts as much as one on its own, and time grows linearly with length."""
    if len(text) <= _ONE_PIECE:
        units = [_piece(0, text, words, reply, False, False, ("", ""))]
    else:
        spans = sentence_spans(text)
        folded = [_fold_text(text[start:end]) for start, end in spans]
        units = [
            _piece(start, text[start:end], words, reply, past, returning, around)
            for (start, end), (past, returning, around) in zip(spans, _surroundings(folded), strict=True)
        ]
    for i, unit in enumerate(units if model else ()):
        _window_model(windows(units, i), unit, thread, long=len(units) > 1)
    if model and len(units) > 1:
        _comment_model(units)
    for unit in units:
        _settle(unit.text, unit.analysis)
    return units


# Bounded: a worker keeps about a thousand recent sentences (a few megabytes), enough for a thread's repeats.
@lru_cache(maxsize=1024)
def _read_piece(text: str, words: str, reply: bool, past: bool, returning: bool, around: tuple[str, str]) -> _Unit:
    return _unit(0, text, _analyse(text, context=words, reply=reply, past=past, returning=returning, around=around))


def _piece(
    offset: int, text: str, words: str, reply: bool, past: bool, returning: bool, around: tuple[str, str]
) -> _Unit:
    """One piece read by the rules, from a cache: a sentence reads the same wherever it sits, so a comment edited
    in one place, or a thread that quotes itself, pays only for what is new. What comes after the rules (the word
    model, weighing) changes the findings, so each caller gets its own copy of them."""
    cached = _read_piece(text, words, reply, past, returning, around)
    a = cached.analysis
    found = {
        category: _Found(dict(what.weights), list(what.evidence), what.means) if what.weights else _Found()
        for category, what in a.found.items()
    }
    analysis = _Analysis(found, a.folded, a.deob, a.sentences, a.past_text, a.quoting, a.reply)
    return _Unit(offset, cached.text, analysis, cached.sentences, cached.marks, cached.checks, cached.words)


@lru_cache(maxsize=4096)
def _neighbour_marks(folded: str) -> tuple[bool, bool]:
    """Does a sentence plainly tell of recovery; does it tell of a return after an absence."""
    return (
        lx.PAST.search(folded) is not None and _RECOVERED.search(folded) is not None,
        lx.RETURNING.search(folded) is not None,
    )


@lru_cache(maxsize=4096)
def _fold_text(text: str) -> str:
    return fold(text).text


def _surroundings(folded: list[str]) -> list[tuple[bool, bool, tuple[str, str]]]:
    """For each sentence of a long text: does a neighbour tell of the past and recovery ("that was years ago, I'm
    four years clean now"), does one tell of a return ("back on Monday"), and the text of the sentences one and two
    either side (for warning signs that span sentences). Only the neighbours: a story of recovery elsewhere in the
    comment says nothing about a sentence about now."""
    marks = [_neighbour_marks(t) for t in folded]
    past = [m[0] for m in marks]
    returning = [m[1] for m in marks]
    return [
        (
            any(past[max(0, i - 1) : i + 2]),
            any(returning[max(0, i - 1) : i + 2]),
            (
                " ".join(folded[max(0, i - 1) : i] + folded[i + 1 : i + 2]),
                " ".join(folded[max(0, i - 2) : i] + folded[i + 1 : i + 3]),
            ),
        )
        for i in range(len(folded))
    ]


def _kind(units: list[_Unit]) -> str:
    """Which word model reads these pieces: the short one for a text read whole, the long one for sentences."""
    return "long" if len(units) > 1 else "short"


def windows(units: list[_Unit], i: int) -> list[_Unit]:
    """Piece i and its neighbours: where the rules' hints lower the word model's bar for piece i."""
    return units[max(0, i - 1) : i + 2]


def thread_of(context: CareContext) -> frozenset[str]:
    """The word model's view of what a reply answers (nothing for a top-level comment): markers of how the parent
    reads (risk, worry, distress) and, for a short reply, the parent's own words."""
    if not context.parent_text:
        return frozenset()
    answered = _earlier_text(context.parent_text)
    short = len(context.text or "") <= _ONE_PIECE
    markers = wordmodel.thread_markers(
        risk=answered.risk, worry=answered.worry, distress=answered.distress_by_rules >= 0.5, short=short
    )
    # A short reply is read with the parent's own words too. A long one says enough on its own; its sentences read
    # the parent's words would all lean the same way, and one near its bar would then be decided by its neighbours
    # (the position test found a reply whose decision moved with its place in a 9,000-character comment).
    return markers | _parent_words(context.parent_text) if short else markers


@lru_cache(maxsize=4096)
def _parent_words(parent: str) -> frozenset[str]:
    return wordmodel.parent_words(fold(parent).text)


def read_units(context: CareContext, *, model: bool = True, thread: frozenset[str] | None = None) -> list[_Unit]:
    """Every piece of a comment as the classifier reads it; model=False leaves the word model out and thread gives
    the reply's thread markers (for training the model)."""
    text = context.text or ""
    words = _context_words(context.parent_text or "", context.post_text or "")
    thread = thread_of(context) if thread is None else thread
    return _read(text, words=words, reply=bool(context.parent_text), thread=thread, model=model)


class RuleClassifier:
    """Weighted rules with context checks, warning signs, and word models, read sentence by sentence in long texts;
    see lexicon.py and signals.py for the rules and what each tag means."""

    name = "rules"
    # 3.0: texts read sentence by sentence with their neighbours, replies with their parent. 3.1: a long comment
    # also weighed whole (the comment model), the word models trained on persona-written texts too. 3.2: a reply's
    # models also read the parent's own words (wordmodel.parent_words), and a fourth round of such texts. Moderation
    # stats keep precision per version, so the engines' records stay apart.
    version = "3.2"
    # It reads the text, its parent and the post, never the author's history: the check need not load it.
    reads_author_history = False

    def classify(self, context: CareContext) -> list[Flag]:
        text = context.text or ""
        units = read_units(context)
        earlier = context.parent_text or context.post_text or ""
        if earlier and len(units) == 1:
            # Short replies whose meaning depends on what they answer: "do it", "same", "I can't promise that".
            _thread(text, units[0].analysis, earlier)
            if context.parent_text:
                _cite_parent(units[0].analysis.found, _earlier_text(context.parent_text))
        for unit in units:
            found = unit.analysis.found
            crisis_score = found["crisis"].score()
            if 0 < crisis_score < 0.5:
                # Crisis hints too weak to assert still say the writer is struggling.
                found["distress"].add("crisis_hint", crisis_score * 0.8, None)
                if not found["distress"].evidence:
                    found["distress"].evidence.extend(found["crisis"].evidence[:_MAX_EVIDENCE])
        flags = []
        for category in ("crisis", "distress", "hostile", "spam", "personal_info"):
            flag = self._flag(category, units, text, context.parent_text or "")
            if flag is not None:
                flags.append(flag)
        return flags

    def _flag(self, category: str, units: list[_Unit], text: str, parent: str) -> Flag | None:
        """The text's flag for one category: as strong as its strongest piece, with the evidence of every piece
        that asserts it (or of the strongest piece when none does)."""
        scored = [(u.analysis.found[category].score(), u) for u in units if u.analysis.found[category].evidence]
        if not scored:
            return None
        score, strongest = max(scored, key=lambda item: item[0])
        score = round(score, 4)
        if score <= 0.05:
            return None
        asserting = [u for s, u in scored if s >= 0.5] or [strongest]
        evidence = []
        for unit in asserting:
            for e in unit.analysis.found[category].evidence:
                e = _tidy(e, 0 if e.within == "parent" else unit.offset, text, parent)
                if e is not None and e not in evidence and len(evidence) < _MAX_EVIDENCE:
                    evidence.append(e)
        if not evidence:
            return None
        found = _Found(means=any(u.analysis.found[category].means for u in asserting))
        found.weights = dict(strongest.analysis.found[category].weights)
        return Flag(
            category=category,
            severity=_severity(category, score, found),
            score=score,
            evidence=tuple(evidence),
            classifier=self.name,
            version=self.version,
        )


_SENTENCE_BREAK = re.compile(r"[.!?\n\u2026]")


def _tidy(e: Evidence, offset: int, text: str, parent: str) -> Evidence | None:
    """Evidence as a moderator reads it, at its place in the whole text (offset): a clause or a sentence, never
    longer than MAX_SENTENCE, never only stop-words. A match of a word or two ("down", "me too") stands for its
    whole sentence."""
    source = parent if e.within == "parent" else text
    start, end = e.start + offset, e.end + offset
    if len(e.text) <= MAX_SENTENCE and not _SENTENCE_BREAK.search(e.text) and len(e.text.split()) >= 3:
        if meaningful(e.text):
            return Evidence(start, end, e.text, e.rule, e.within)
    if len(e.text.split()) < 3:
        start, end = sentence_around(source, start, end)
    span = evidence_span(source, start, end)
    if span is None:
        return None
    return Evidence(span[0], span[1], source[span[0] : span[1]], e.rule, e.within)


_TIED_TO_PARENT = frozenset(
    {
        "reports_self_harm_too",
        "identifies_with_crisis",
        "answers_about_risk",
        "dismisses_their_pain",
        "agrees_with_crisis",
        "encourages_after_crisis",
        "gloats",
        "confirms_the_worst",
        "refuses_safety_promise",
        "confirms_crisis",
        "confirms_self_doubt",
        "continues_crisis",
    }
)


def _cite_parent(found: dict[str, _Found], answered: _Earlier) -> None:
    """A flag that only the parent explains also shows where the parent is at risk."""
    for what in found.values():
        if _TIED_TO_PARENT & what.weights.keys():
            for e in answered.evidence:
                if e not in what.evidence:
                    what.evidence.append(e)


def _severity(category: str, score: float, found: _Found) -> str:
    if category == "crisis":
        return "high" if found.means else ("medium" if score >= 0.7 else "low")
    if category == "hostile":
        strong = {"encourage_self_harm", "harm_imperative", "encourages_after_crisis", "threat", "harass_campaign"}
        return "high" if strong & found.weights.keys() else ("medium" if score >= 0.6 else "low")
    if category == "personal_info":
        return "high" if {"street_address", "postcode"} & found.weights.keys() else "medium"
    if category == "spam":
        return "medium" if {"phishing", "drugs_sale", "prize_scam", "money_scheme"} & found.weights.keys() else "low"
    return "medium" if score >= 0.7 else "low"


def clear_caches() -> None:
    """Forget cached parent and sentence analyses (for benchmarks and tests)."""
    _earlier_text.cache_clear()
    _read_piece.cache_clear()
    _risk_if_mine.cache_clear()
    _context_words.cache_clear()
    _parent_words.cache_clear()
    _neighbour_marks.cache_clear()
    _fold_text.cache_clear()


# Every literal any rule or guard needs, so one pass over a text tells them all whether they can match.
_GUARDS = [value for value in list(globals().values()) if isinstance(value, Guarded)]
_ALTERNATIVES = [value for value in list(globals().values()) if isinstance(value, Alternatives)]
_ALL_LITERALS = LiteralIndex(
    set(_TEXT_LITERALS.literals)
    | set(_SPAM_LITERALS.literals)
    | {literal for guard in _GUARDS if guard.literals for literal in guard.literals}
    | {literal for alt in _ALTERNATIVES for _, literals in alt.branches if literals for literal in literals}
)


def _present(text: str) -> set[str]:
    return _ALL_LITERALS.present(text, trigrams(text))
