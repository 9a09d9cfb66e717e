"""Reading export files from outside safely: defusedxml's iterparse (no entities, no DTD fetches), streamed."""

import codecs
import io
import os
import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content:",
    "http://purl.org/dc/elements/1.1/": "dc:",
    "http://wellformedweb.org/CommentAPI/": "wfw:",
    "http://disqus.com": "",
    "http://disqus.com/disqus-internals": "dsq:",
}


class ExportUnreadable(Exception):
    """The file can't be read or is not well-formed XML: nothing is imported (exit status 2)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def tag_key(tag: str) -> str:
    """ "{uri}local" to a short prefixed name. Every WXR version (1.0, 1.1, 1.2) uses its own wp: namespace URI,
    so all of them map to "wp:" (and their excerpt namespace to "excerpt:")."""
    if not tag.startswith("{"):
        return tag
    uri, local = tag[1:].split("}", 1)
    if "wordpress.org/export/" in uri:
        return ("excerpt:" if uri.rstrip("/").endswith("excerpt") else "wp:") + local
    return _NAMESPACES.get(uri, "{" + uri + "}") + local


def attr(element: Element, name: str) -> str:
    """An attribute by its short name ("dsq:id"), whatever the namespace URI."""
    for key, value in element.attrib.items():
        if tag_key(key) == name:
            return value
    return ""


def child_text(element: Element, name: str) -> str:
    """Text of the first direct child with this short name ("" when absent). CDATA arrives as plain text."""
    for child in element:
        if tag_key(child.tag) == name:
            return child.text or ""
    return ""


_DECLARED_ENCODING = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._-]+)(["'])""")


class _Utf8Stream(io.RawIOBase):
    """A file in a multi-byte encoding expat can't read (Shift_JIS, GBK, Big5, EUC-KR...), served as UTF-8 with
    its XML declaration changed to match. tell() reports the position in the original file (for progress)."""

    def __init__(self, raw, encoding: str, declaration_end: int):
        self._raw = raw
        self._decoder = codecs.getincrementaldecoder(encoding)()
        self._buffer = b""
        self._eof = False
        head = raw.read(declaration_end)
        match = _DECLARED_ENCODING.match(head)
        self._buffer = match.group(1) + b"UTF-8" + match.group(3) + head[match.end() :]

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while len(self._buffer) < len(target) and not self._eof:
            chunk = self._raw.read(65536)
            self._eof = not chunk
            self._buffer += self._decoder.decode(chunk, final=self._eof).encode("utf-8")
        size = min(len(target), len(self._buffer))
        target[:size], self._buffer = self._buffer[:size], self._buffer[size:]
        return size

    def tell(self) -> int:
        return self._raw.tell()

    def close(self) -> None:
        self._raw.close()
        super().close()


def _expat_reads(encoding: str) -> bool:
    """Whether expat decodes this itself: its built-in encodings, or any single-byte one Python knows."""
    name = codecs.lookup(encoding).name
    if name in ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "iso8859-1", "ascii"):
        return True
    try:
        return len(bytes(range(256)).decode(name, errors="replace")) == 256
    except (UnicodeError, LookupError):
        return False


def open_export(path: str):
    """Open an export file for binary reading; ExportUnreadable when that is impossible.

    A file declaring a multi-byte encoding expat can't read is transcoded to UTF-8 on the fly.
    """
    if os.path.isdir(path):
        raise ExportUnreadable(f"{path} is a directory, not an export file")
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed by the caller
    except OSError as error:
        raise ExportUnreadable(f"cannot open {path}: {error.strerror or error}") from None
    head = raw.read(512)
    raw.seek(0)
    match = _DECLARED_ENCODING.match(head)
    if match:
        encoding = match.group(2).decode("ascii")
        try:
            readable = _expat_reads(encoding)
        except LookupError:
            raw.close()
            raise ExportUnreadable(f"{path} declares an encoding nobody knows: {encoding}") from None
        if not readable:
            return io.BufferedReader(_Utf8Stream(raw, encoding, match.end()))
    return raw


def iter_elements(stream, *, path: str) -> Iterator[tuple[str, Element]]:
    """("start"|"end", element) pairs from the stream; turns every parse failure into ExportUnreadable.

    Callers clear elements they are done with, so memory stays flat however large the file is.
    """
    try:
        yield from iterparse(stream, events=("start", "end"), forbid_dtd=False, forbid_entities=True)
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        reason = str(error).split(":")[0]
        if "multi-byte" in str(error):
            reason = "the file's declared encoding is a multi-byte one the XML parser can't read (save it as UTF-8)"
        raise ExportUnreadable(f"{path} is not well-formed XML (line {line}, column {column}: {reason})") from None
    except DefusedXmlException as error:
        raise ExportUnreadable(
            f"{path} declares XML entities or external references, which are refused for safety ({error!r})"
        ) from None
    except (UnicodeError, LookupError, ValueError) as error:
        raise ExportUnreadable(f"{path} can't be decoded: {error}") from None
    except OSError as error:
        raise ExportUnreadable(f"cannot read {path}: {error.strerror or error}") from None
