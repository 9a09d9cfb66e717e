"""Characters the site refuses or cannot show, in anything people write (comments, posts, names, imports)."""

import re
import unicodedata

# C0 controls except tab, newline and carriage return; DEL and the C1 block.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Embeddings, overrides and isolates let a name display as something it is not.
BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")

# Letters that render as blank space although Unicode files them as letters or symbols (Hangul fillers, the
# braille blank, the Mongolian vowel separator).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")


def has_visible_text(text: str) -> bool:
    """True when something would show: not only spaces, zero-width or format characters, marks and fillers."""
    return any(unicodedata.category(char)[0] not in "CZM" and char not in _BLANK_LETTERS for char in text)
