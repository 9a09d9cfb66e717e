"""The hook registry: a lower app announces what happened, and the apps above it register handlers in ready()."""

import logging
from collections.abc import Callable
from enum import StrEnum

from django.db import transaction

logger = logging.getLogger(__name__)


def bound(function: Callable, **kwargs) -> Callable[[], object]:
    """`function` with its arguments, for transaction.on_commit, keeping its name for Django's error log."""

    def call():
        return function(**kwargs)

    call.__qualname__ = getattr(function, "__qualname__", repr(function))
    return call


class Timing(StrEnum):
    # Each handler is queued with transaction.on_commit (robust: one failing handler does not stop the others
    # and never fails the request). Handlers get ids and reload what they need.
    ON_COMMIT = "on_commit"
    # Each handler runs at once, inside the caller's transaction: it may write rows that must commit or roll back
    # with the caller's (imports.DeletedImport before a purge, a deleted account's comments).
    IN_TRANSACTION = "in_transaction"
    # Each handler answers a question (a page's notices, whether a comment's text is still needed); the caller
    # gets every answer, in order.
    PROVIDER = "provider"


class Hook:
    """A named point where a lower app lets the apps above it act. Handlers run in registration order, which is
    the order of INSTALLED_APPS (each app registers in its AppConfig.ready()), so lower apps' handlers run first.
    """

    def __init__(self, name: str, *, timing: Timing, doc: str):
        self.name = name
        self.timing = timing
        self.__doc__ = doc
        self._handlers: list[Callable] = []

    def register(self, handler: Callable) -> None:
        """Add a handler (once: ready() may be called again by tests that reload apps)."""
        if handler not in self._handlers:
            self._handlers.append(handler)

    def handlers(self) -> list[Callable]:
        return list(self._handlers)

    def __call__(self, **kwargs) -> list:
        if self.timing == Timing.ON_COMMIT:
            for handler in self._handlers:
                transaction.on_commit(bound(handler, **kwargs), robust=True)
            return []
        return [handler(**kwargs) for handler in self._handlers]

    def __repr__(self) -> str:
        return f"<Hook {self.name} ({self.timing}): {len(self._handlers)} handler(s)>"
