"""A word model for the reply nudge that backs up the rules: wording no rule anticipated, learnt from the labeled set.

Pure Python: it loads a JSON file of weights shipped with the code and never trains at run time (nudges.train rebuilds
the weights from the development set). Each kind is read with its own logistic regression over the draft's words,
word pairs and character n-grams (typos and spelling variants), and a kind counts when its probability reaches the
threshold the weights were shipped with.
"""

import json
import re
from functools import lru_cache
from pathlib import Path

from core.textmodel import sigmoid

WEIGHTS = Path(__file__).with_name("model.json")
_TOKEN = re.compile(r"[a-z][a-z']*|\d+|[^\x00-\x7f\s]")
_SECOND_PERSON = re.compile(r"\b(?:you|you'?re|your|yourself|u|ur)\b")
_FIRST_PERSON = re.compile(r"\b(?:i|i'?m|im|i'?ve|i'?d|me|my|myself)\b")
_CHAR_SIZE = 4


@lru_cache(maxsize=32768)
def _grams_of(token: str) -> tuple[str, ...]:
    if len(token) < 3 or not token.isascii() or token.isdigit():
        return ()
    padded = f"<{token}>"
    return tuple("#" + padded[i : i + _CHAR_SIZE] for i in range(len(padded) - _CHAR_SIZE + 1))


def features(text: str) -> set[str]:
    """The draft's words, word pairs, character n-grams, and whether it speaks to "you", of "I", holds digits."""
    lowered = text.lower()
    tokens = ["0" if token.isdigit() else token for token in _TOKEN.findall(lowered)]
    found = set(tokens)
    found.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False))
    for token in tokens:
        found.update(_grams_of(token))
    if _SECOND_PERSON.search(lowered):
        found.add("_you")
    if _FIRST_PERSON.search(lowered):
        found.add("_i")
    if "?" in text:
        found.add("_question")
    return found


@lru_cache(maxsize=1)
def _load() -> dict:
    if not WEIGHTS.exists():
        return {}
    return json.loads(WEIGHTS.read_text(encoding="utf-8"))


def probabilities(text: str, model: dict | None = None) -> dict[str, float]:
    """Each kind's probability for a draft (quoted lines already left out by the caller)."""
    model = model if model is not None else _load()
    found = features(text)
    return {
        kind: sigmoid(part["bias"] + sum(part["weights"].get(name, 0.0) for name in found))
        for kind, part in model.get("kinds", {}).items()
    }


def model_kinds(text: str, model: dict | None = None) -> list[str]:
    """The kinds whose probability reaches the shipped threshold, most probable first."""
    model = model if model is not None else _load()
    thresholds = model.get("thresholds", {})
    scores = probabilities(text, model)
    return sorted((kind for kind, p in scores.items() if p >= thresholds.get(kind, 1.1)), key=lambda k: -scores[k])
