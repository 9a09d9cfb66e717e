"""Reading rendered HTML in tests: the elements with their attributes, and where heading levels skip."""

import re
from html.parser import HTMLParser

# HTML's "valid global date and time string" at seconds precision, with a time-zone offset.
VALID_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:?\d{2})$")


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def elements(html: str, tag: str | None = None) -> list[tuple[str, dict[str, str]]]:
    """(tag, attributes) of every start tag in document order, or only of `tag`."""
    parser = _Elements()
    parser.feed(html)
    return [(t, a) for t, a in parser.found if tag is None or t == tag]


def skipped_headings(html: str) -> list[str]:
    """Each heading that goes more than one level deeper than the heading before it ("h1 -> h4")."""
    levels = [int(t[1]) for t, _ in elements(html) if re.fullmatch(r"h[1-6]", t)]
    return [f"h{a} -> h{b}" for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
