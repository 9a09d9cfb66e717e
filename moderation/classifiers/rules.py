"""The built-in care classifier: weighted rules over normalised text, with thread context. Offline, stdlib only."""

import dataclasses
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from . import lexicon as lx
from . import wordmodel
from .base import CareContext, Evidence, Flag
from .normalize import View, deobfuscate, fold, mask
from .prefilter import Alternatives, Guarded, LiteralIndex, RuleIndex, compile_with_literals, trigrams

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
_SENTENCE_END = re.compile(r"[.!?\n;]+\s*|\s+-+\s+|\s*,\s*(?=but\b)")


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
            if sentences.has("A*", _RETURNING, 0, len(text)):
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


# C_IDIOM also names things that "die" (a phone, a car): that says nothing about the rest of a text.
_THINGS_THAT_DIE = frozenset({"battery", "phone", "laptop", "plant", "plants", "car", "wifi", "charger"})


def _death_idiom(d_text: str) -> bool:
    return any(match.group() not in _THINGS_THAT_DIE for match in lx.C_IDIOM.finditer(d_text))


def _set_threshold(thresholds: dict, category: str, value: float | None) -> None:
    if value is not None:  # None: the model may not assert this category on its own
        thresholds[category] = value


def _word_model(
    text: str, deob: View, sentences: _Sentences, found: dict[str, _Found], *, past_text: bool, quoting: bool
) -> None:
    d_text = deob.text
    end = len(d_text)
    context = {
        "_past": sentences.has("P*", _PAST, 0, end),
        "_generic": sentences.has("G*", _GENERIC, 0, end),
        "_laugh": sentences.has("L*", _LAUGH, 0, end),
    }
    thresholds = {}
    hinted = max(found["crisis"].score(), found["distress"].score()) >= _MODEL_GATE
    if not past_text and not context["_laugh"]:
        # Words of death or self-harm said plainly ("happier dead", "can't wait to die") count as a hint too.
        death_word = (
            _C_DEATH_GUARD.possible(d_text, sentences.present)
            and lx.C_DEATH.search(d_text) is not None
            and not _death_idiom(d_text)
        )
        tier = 0 if hinted else (1 if death_word else 2)
        thresholds["crisis"] = MODEL_THRESHOLD["crisis"][tier]
        thresholds["distress"] = MODEL_THRESHOLD["distress"][0 if hinted else 1]
    if found["hostile"].score() >= _MODEL_GATE:
        thresholds["hostile"] = MODEL_THRESHOLD["hostile"][0]
    elif len(_ALNUM.findall(d_text)) < 4:
        pass  # "do it", "go for it": a short reply means what its thread makes it mean, which the thread rules read
    elif lx.SECOND_PERSON.search(d_text) and not lx.KINDNESS.search(d_text) and not lx.ADVICE.search(d_text):
        _set_threshold(thresholds, "hostile", MODEL_THRESHOLD["hostile"][1])
    else:
        # Not aimed at "you", or with a kind word in it: the model must be surer.
        _set_threshold(thresholds, "hostile", MODEL_THRESHOLD["hostile"][2])
    thresholds["spam"] = MODEL_THRESHOLD["spam"][0 if found["spam"].score() >= _MODEL_GATE else 1]
    # Alone, the model stays quiet on a text of plain good feeling, on one that uses words of death as an idiom
    # ("dying to", "end it with him"), and on a reply that quotes what it answers.
    if not hinted and "crisis" in thresholds and (quoting or lx.GOOD_FEELING.search(d_text) or _death_idiom(d_text)):
        del thresholds["crisis"]
    for category, (probability, spans) in wordmodel.predict(deob, context, thresholds).items():
        threshold = thresholds[category]
        if probability < threshold:
            continue
        weight = 0.5 + 0.4 * (probability - threshold) / (1.0 - threshold)
        for start, stop in spans or [(0, 0)]:
            found[category].add(
                "word_model", weight, _evidence(text, deob, start, stop, "word_model") if stop else None
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


def _analyse(text: str, *, context: str = "", reply: bool = False) -> _Analysis:
    """Run every rule over one text. context: the parent and post as alnum words, for quote stripping; reply: the
    text answers a comment."""
    folded = fold(text)
    quoted = _quoted_spans(text, folded, context)
    if quoted:
        folded = mask(folded, quoted)
    deob = deobfuscate(folded)
    found = {c: _Found() for c in ("crisis", "distress", "hostile", "spam", "personal_info")}
    d_text = deob.text
    present = _present(d_text)
    sentences = _Sentences(d_text, present)
    past_text = (
        sentences.has("P*", _PAST, 0, len(d_text))
        and _RECOVERY.search(d_text) is not None
        and not sentences.has("C*", _RECENT, 0, len(d_text))
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
    f_present = present if folded.text == d_text else _present(folded.text)
    _personal_info(text, folded, found["personal_info"], f_present)
    _spam(text, folded, found["spam"], contact=bool(found["personal_info"].weights), present=f_present)

    _word_model(text, deob, sentences, found, past_text=past_text, quoting=bool(quoted))

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
    return _Analysis(found, folded, deob)


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


@lru_cache(maxsize=4096)
def _earlier_text(text: str) -> tuple[float, float, bool, bool, bool, bool, bool]:
    """What a reply answers: crisis and distress scores; asks for safety; asks about crisis; asks if you are in
    crisis; doubts themselves; asks a bleak question ("does anyone even notice?")."""
    if not text:
        return 0.0, 0.0, False, False, False, False, False
    analysis = _analyse(text)
    d_text = analysis.deob.text
    # The rules alone decide whether a reply answers a crisis: word statistics must not turn "go for it" hostile.
    return (
        analysis.found["crisis"].score(without="word_model"),
        analysis.found["distress"].score(),
        bool(lx.SAFETY_ASK.search(d_text)),
        bool(lx.CRISIS_QUESTION.search(d_text)),
        bool(lx.CRISIS_ASK.search(d_text)),
        bool(lx.SELF_DOUBT.search(d_text)),
        bool(lx.BLEAK_QUESTION.search(d_text)),
    )


@lru_cache(maxsize=4096)
def _context_words(parent: str, post: str) -> str:
    return f" {_alnum(fold(parent).text)} | {_alnum(fold(post).text)} "


def _thread(text: str, analysis: _Analysis, earlier: str) -> None:
    """Replies whose meaning depends on what they answer: "do it", "same", "I can't promise that"."""
    crisis_score, distress_score, safety_ask, crisis_question, crisis_ask, self_doubt, bleak = _earlier_text(earlier)
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


_EARLIER_WINDOW = 1200
_CHUNK = 700
_SENTENCE_END = re.compile(r"(?<=[.!?\n])\s+")


def _chunks(text: str) -> list[tuple[int, str]]:
    """(offset, piece) pairs of at most about _CHUNK characters, cut after a sentence end where there is one."""
    pieces = []
    start = 0
    while start < len(text):
        end = min(len(text), start + _CHUNK)
        if end < len(text):
            cuts = [m.end() for m in _SENTENCE_END.finditer(text, start + _CHUNK // 2, end)]
            if cuts:
                end = cuts[-1]
            else:
                space = text.rfind(" ", start + _CHUNK // 2, end)
                end = space + 1 if space > start else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


class RuleClassifier:
    """Weighted rules with context checks; see lexicon.py for the rules and what each tag means."""

    name = "rules"
    # 2.0: the word model (words and letter 4-grams, four categories) may assert on its own. Moderation stats keep
    # precision per version, so the two engines' records stay apart.
    version = "2.0"

    def classify(self, context: CareContext) -> list[Flag]:
        text = context.text or ""
        if len(text) > _CHUNK:
            return self._classify_in_chunks(context)
        return self._classify_one(context)

    def _classify_in_chunks(self, context: CareContext) -> list[Flag]:
        """Long texts are read in sentence-aligned pieces: analysis time grows faster than linearly with length,
        and one 10,000-character comment must not hold a worker for most of a minute."""
        flags = []
        for offset, piece in _chunks(context.text):
            for flag in self._classify_one(dataclasses.replace(context, text=piece)):
                evidence = tuple(
                    dataclasses.replace(e, start=e.start + offset, end=e.end + offset) for e in flag.evidence
                )
                flags.append(dataclasses.replace(flag, evidence=evidence))
        return flags

    def _classify_one(self, context: CareContext) -> list[Flag]:
        text = context.text or ""
        words = _context_words(context.parent_text or "", context.post_text or "")
        analysis = _analyse(text, context=words, reply=bool(context.parent_text))
        # What a reply answers is read from a bounded window (the end of the parent, or the start of the post):
        # analysis time grows faster than linearly with length, and the post is checked on its own anyway.
        if context.parent_text:
            earlier = context.parent_text[-_EARLIER_WINDOW:]
        else:
            earlier = (context.post_text or "")[:_EARLIER_WINDOW]
        if earlier:
            _thread(text, analysis, earlier)
        found = analysis.found
        crisis_score = found["crisis"].score()
        if crisis_score < 0.5 and crisis_score > 0:
            # Crisis hints too weak to assert still say the writer is struggling.
            found["distress"].add("crisis_hint", crisis_score * 0.8, None)
            if not found["distress"].evidence:
                found["distress"].evidence.extend(found["crisis"].evidence[:_MAX_EVIDENCE])
        flags = []
        for category, what in found.items():
            score = round(what.score(), 4)
            if score <= 0.05 or not what.evidence:
                continue
            flags.append(
                Flag(
                    category=category,
                    severity=_severity(category, score, what),
                    score=score,
                    evidence=tuple(what.evidence),
                    classifier=self.name,
                    version=self.version,
                )
            )
        return flags


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
    """Forget cached parent analyses (for benchmarks and tests)."""
    _earlier_text.cache_clear()
    _context_words.cache_clear()


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
