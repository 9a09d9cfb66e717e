"""Unique slugs: the one loop that adds -2, -3 ... until an address is free."""

from collections.abc import Callable

from django.utils.text import slugify


def unique_slug(wanted: str, *, taken: Callable[[str], bool], fallback: str = "post", max_length: int = 200) -> str:
    """A slug made from `wanted` (cut to `max_length`, `fallback` when nothing is left) for which `taken` is false."""
    base = slugify(wanted)[:max_length] or fallback
    slug, n = base, 2
    while taken(slug):
        slug, n = f"{base}-{n}", n + 1
    return slug
