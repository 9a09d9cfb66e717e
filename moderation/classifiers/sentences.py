"""Sentence bounds: the unit the engine reads a long text in, and the widest span any evidence may have."""

import re
from functools import lru_cache

# A flag's evidence never spans more than one sentence, nor more than this many characters.
MAX_SENTENCE = 300
# A sentence ends after its closing marks and quotes when white space follows, and at every line break.
_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s)|(?=\n)")
# Where an over-long run-on sentence may be cut, best first: after a clause mark, then at any space.
_CLAUSE_CUT = re.compile(r"(?:[,;:]|\s+-+)\s+|\s+(?=(?:and|but|so|because|cause|cuz|then|or)\s)")


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Pieces of at most MAX_SENTENCE characters, cut at clause marks where there are any. The cut points depend
    only on the sentence itself, so a sentence is read the same way wherever it sits in a comment."""
    pieces = []
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = None
        for match in _CLAUSE_CUT.finditer(text, start + MAX_SENTENCE // 3, limit):
            cut = match
        if cut is not None:
            piece_end, next_start = cut.start() + (1 if text[cut.start()] in ",;:" else 0), cut.end()
        else:
            space = text.rfind(" ", start + 1, limit)
            piece_end, next_start = (space, space + 1) if space > start else (limit, limit)
        pieces.append((start, piece_end))
        start = next_start
    pieces.append((start, end))
    return pieces


@lru_cache(maxsize=2048)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every sentence of text with content, trimmed of white space, in order; each at most
    MAX_SENTENCE characters long."""
    spans = []
    start = 0
    for match in [*_END.finditer(text), None]:
        end = match.end() if match else len(text)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start and any(c.isalnum() for c in text[start:end]):
            spans.extend(_cut_long(text, start, end) if end - start > MAX_SENTENCE else [(start, end)])
        start = match.end() if match else len(text)
    return tuple(spans)


# Words that say nothing on their own (articles, pronouns, prepositions, conjunctions, auxiliaries, and a few
# fillers and answers): a span made only of these shows a moderator nothing.
STOP_WORDS = frozenset(
    "a an the this that these those it its it's i i'm im i've i'd i'll me my mine myself you you're your yours "
    "yourself he him his she her hers they them their we us our and or but nor so if then than as of in on at by "
    "for with from to into onto about up down out off over is am are was were be been being do does did have has "
    "had will would shall should can could may might must just too very not no yes yeah oh ok okay well that's".split()
)
_WORD = re.compile(r"[a-z']+")


def meaningful(text: str) -> bool:
    """Whether a span says something: a word that is not a stop-word, a digit, an @, or a symbol such as an emoji
    (punctuation alone says nothing)."""
    if any(w not in STOP_WORDS for w in _WORD.findall(text.lower())):
        return True
    return any(c.isdigit() or c == "@" or (not c.isascii() and not c.isspace()) for c in text)


def evidence_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """text[start:end] cut down to evidence: its first sentence that says something, at most MAX_SENTENCE
    characters (cut at a space); None when nothing in it says anything."""
    for a, b in sentence_spans(text[start:end]):
        if meaningful(text[start + a : start + b]):
            a, b = start + a, start + b
            if b - a > MAX_SENTENCE:
                cut = text.rfind(" ", a, a + MAX_SENTENCE)
                b = cut if cut > a else a + MAX_SENTENCE
            return a, b
    return None


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of text that holds text[start:end] (the span itself when it crosses a sentence end)."""
    for a, b in sentence_spans(text):
        if a <= start and end <= b:
            return a, b
    return start, end
