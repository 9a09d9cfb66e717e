"""Matching views of a text (lowercased, de-obfuscated) that map every position back to the original."""

import re
import unicodedata
from dataclasses import dataclass

# Characters that render as nothing; people use them to slip words past filters.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e\ufe0e\ufe0f\u034f")
_PUNCTUATION = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2033": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u3000": " ",
    "\u2026": "...",
    "\u00b7": ".",
    "\u2022": ".",
}
# Cyrillic and Greek letters that look Latin ("ѕuicide").
_HOMOGLYPHS = dict(zip("аеорсухіѕјԁӏνοαкмтв", "aeopcyxisjdlvoakmtb", strict=True))
_CHAR_CACHE: dict[str, str] = {}


def _fold_char(char: str) -> str:
    """One original character as lowercase ASCII where it has an ASCII reading; emoji pass through."""
    folded = _CHAR_CACHE.get(char)
    if folded is not None:
        return folded
    if char in _INVISIBLE:
        folded = ""
    elif char in _PUNCTUATION:
        folded = _PUNCTUATION[char]
    else:
        lower = char.lower()
        if lower in _HOMOGLYPHS:
            folded = _HOMOGLYPHS[lower]
        elif unicodedata.combining(char):
            folded = ""
        else:
            decomposed = unicodedata.normalize("NFKD", lower)
            stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
            folded = stripped.lower() if stripped and stripped.isascii() else (lower if len(lower) == 1 else char)
    _CHAR_CACHE[char] = folded
    return folded


@dataclass(frozen=True, slots=True)
class View:
    """A matching view: text[i] came from original[index[i]]; index is non-decreasing (None: identity)."""

    text: str
    index: tuple[int, ...] | None = None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if self.index is None:
            return start, end
        return self.index[start], self.index[end - 1] + 1

    def positions(self) -> list[int]:
        return list(range(len(self.text))) if self.index is None else list(self.index)


def fold(text: str) -> View:
    """Lowercase; straight quotes and dashes; accents, invisible characters and lookalike letters removed."""
    if text.isascii():
        lowered = text.lower().replace("`", "'")
        return View(lowered)
    chars: list[str] = []
    index: list[int] = []
    for position, char in enumerate(text):
        folded = _fold_char(char)
        chars.append(folded)
        index.extend([position] * len(folded))
    return View("".join(chars), tuple(index))


def _edit(view: View, edits: list[tuple[int, int, str]]) -> View:
    """Replace view.text[start:end] by each replacement (sorted, non-overlapping), keeping the offset map."""
    if not edits:
        return view
    positions = view.positions()
    parts: list[str] = []
    index: list[int] = []
    cursor = 0
    for start, end, replacement in edits:
        parts.append(view.text[cursor:start])
        index.extend(positions[cursor:start])
        parts.append(replacement)
        # Map replacement characters onto the replaced ones, clamped, so the map stays non-decreasing.
        span = end - start
        index.extend(positions[start + min(k, span - 1)] for k in range(len(replacement)))
        cursor = end
    parts.append(view.text[cursor:])
    index.extend(positions[cursor:])
    return View("".join(parts), tuple(index))


# Letters spelled out with separators: "s u i c i d e", "k.i.l.l".
_SPACED = re.compile(r"(?<![a-z0-9'])(?:[a-z*](?:[ .\-_]{1,2})){2,}[a-z*](?![a-z0-9'])")
# Three spaced letters are often ordinary ("i a m", "a b c"); they are joined only when they spell one of these.
_SPACED_SHORT = frozenset({"die", "kms", "cut", "od", "kys", "ctb"})
# A word broken by one separator to slip past a filter: "s-uicide", "su.icidal", "k*ll".
_BROKEN = re.compile(r"(?<![a-z0-9'])([a-z]+)[\-.*_]([a-z]+)(?![a-z0-9'])")
_BROKEN_WORDS = frozenset(
    {"suicide", "suicidal", "kill", "killing", "myself", "unalive", "unaliving", "overdose", "die", "dying", "dead"}
)
_SPACED_SEPARATOR = re.compile(r"[ .\-_]+")
# A token mixing letters with digits or symbols used as letters: "su1cide", "k!ll", "d13".
_TOKEN = re.compile(r"[a-z0-9@$!|*]+")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g", "@": "a", "$": "s"})
_INNER_ONLY = str.maketrans({"!": "i", "|": "i"})
# "3am", "10pm", "2nd", "5mg", "50k": a number with a unit, not an obfuscated word.
_NUMBER_WITH_UNIT = re.compile(
    r"\d+(?:st|nd|rd|th|am|pm|s|k|m|x|h|hrs?|mg|ml|mins?|yo|yrs?|ish|lbs?|kg|km|mph|d|g|gb|mb|p|ft|cm|mm|days?)"
)
_REPEATS = re.compile(r"([a-z])\1{2,}")
# Misspellings and chat spellings of the words the rules look for.
TYPOS = {
    "wnat": "want",
    "wnt": "want",
    "watn": "want",
    "wan2": "want to",
    "wana": "wanna",
    "wnna": "wanna",
    "myslef": "myself",
    "mysef": "myself",
    "myslf": "myself",
    "mysefl": "myself",
    "meself": "myself",
    "mysel": "myself",
    "sucide": "suicide",
    "suicde": "suicide",
    "suiside": "suicide",
    "suicied": "suicide",
    "sucied": "suicide",
    "suicid": "suicide",
    "sucidal": "suicidal",
    "suicdal": "suicidal",
    "suicidel": "suicidal",
    "sucicidal": "suicidal",
    "suicidial": "suicidal",
    "suisidal": "suicidal",
    "suicidle": "suicidal",
    "tonite": "tonight",
    "2nite": "tonight",
    "2night": "tonight",
    "tnight": "tonight",
    "tonigt": "tonight",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tmrrw": "tomorrow",
    "2moro": "tomorrow",
    "2morrow": "tomorrow",
    "tomoz": "tomorrow",
    "evryone": "everyone",
    "everyon": "everyone",
    "evrything": "everything",
    "everythin": "everything",
    "nothin": "nothing",
    "somethin": "something",
    "thinkin": "thinking",
    "feelin": "feeling",
    "goin": "going",
    "tryin": "trying",
    "dyin": "dying",
    "dieing": "dying",
    "jumpin": "jumping",
    "jst": "just",
    "jus": "just",
    "steppin": "stepping",
    "walkin": "walking",
    "cuttin": "cutting",
    "killin": "killing",
    "endin": "ending",
    "ded": "dead",
    "kil": "kill",
    "kilin": "killing",
    "overdos": "overdose",
    "pils": "pills",
    "cant": "can't",
    "dont": "don't",
    "wont": "won't",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "isnt": "isn't",
    "wasnt": "wasn't",
    "couldnt": "couldn't",
    "wouldnt": "wouldn't",
    "shouldnt": "shouldn't",
    "havent": "haven't",
    "hasnt": "hasn't",
    "arent": "aren't",
    "werent": "weren't",
    "im": "i'm",
    "ive": "i've",
    "youre": "you're",
    "theyre": "they're",
    "thats": "that's",
    "whats": "what's",
    "bout": "about",
    "abt": "about",
    "cuz": "because",
    "coz": "because",
    "pls": "please",
    "plz": "please",
    "ppl": "people",
    "tird": "tired",
    "anymor": "anymore",
    "nomore": "no more",
    "alright": "alright",
    "any1": "anyone",
    "some1": "someone",
    "no1": "no one",
    "every1": "everyone",
    "gunna": "gonna",
    "goodbye": "goodbye",
    "gbye": "goodbye",
    "g2g": "got to go",
    "evry": "every",
    "wen": "when",
    "hav": "have",
}
_TYPO = re.compile(
    r"(?<![a-z0-9'])(?:"
    + "|".join(sorted((re.escape(k) for k in TYPOS if TYPOS[k] != k), key=len, reverse=True))
    + r")(?![a-z0-9'])"
)


def _leet_edits(text: str) -> list[tuple[int, int, str]]:
    edits = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token.isalpha() or sum(c.isalpha() for c in token) < 2 or _NUMBER_WITH_UNIT.fullmatch(token):
            continue
        core = token.strip("!|@$*")
        lead = len(token) - len(token.lstrip("!|@$*"))
        mapped = core.translate(_LEET).translate(_INNER_ONLY)
        if mapped != core:
            start = match.start() + lead
            edits.append((start, start + len(core), mapped))
    return edits


def deobfuscate(view: View) -> View:
    """Join spaced-out letters, read leetspeak as letters, shorten runs ("diiiie" -> "diie"), fix common typos."""
    text = view.text
    edits = []
    for match in _SPACED.finditer(text):
        letters = _SPACED_SEPARATOR.sub("", match.group())
        if len(letters) == 3 and letters not in _SPACED_SHORT:
            continue
        for sep in _SPACED_SEPARATOR.finditer(match.group()):
            edits.append((match.start() + sep.start(), match.start() + sep.end(), ""))
    if "-" in text or "." in text or "*" in text or "_" in text:
        for match in _BROKEN.finditer(text):
            if match.group(1) + match.group(2) in _BROKEN_WORDS:
                edits.append((match.end(1), match.start(2), ""))
    edits.sort()
    edits = [e for i, e in enumerate(edits) if i == 0 or e[0] >= edits[i - 1][1]]
    view = _edit(view, edits)
    view = _edit(view, _leet_edits(view.text))
    view = _edit(view, [(m.start() + 2, m.end(), "") for m in _REPEATS.finditer(view.text)])
    return _edit(view, [(m.start(), m.end(), TYPOS[m.group()]) for m in _TYPO.finditer(view.text)])


def mask(view: View, spans: list[tuple[int, int]]) -> View:
    """Blank out (with spaces) every character that came from one of the original spans."""
    if not spans:
        return view
    chars = list(view.text)
    positions = view.positions()
    for i, original in enumerate(positions):
        for start, end in spans:
            if start <= original < end:
                chars[i] = " "
                break
    return View("".join(chars), view.index)
