"""The configured care pipeline: runs every classifier in settings.CARE_CLASSIFIERS and merges their flags."""

from functools import cache, lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from .classifiers.base import SEVERITIES, CareContext, Classifier, Flag


@cache
def configured_classifiers() -> tuple[Classifier, ...]:
    """Instances of the classes named in settings.CARE_CLASSIFIERS (dotted paths), built once per process."""
    return tuple(import_string(path)() for path in settings.CARE_CLASSIFIERS)


def reads_author_history() -> bool:
    """Whether a configured classifier reads the author's history (CareContext.author_*): the check reads it from
    the database only then. A classifier says it does not with `reads_author_history = False`."""
    return any(getattr(classifier, "reads_author_history", True) for classifier in configured_classifiers())


def merge_flags(flags: list[Flag], *, threshold: float) -> list[Flag]:
    """At most one flag per category (the strongest), only at or above the threshold; crisis drops distress."""
    best: dict[str, Flag] = {}
    for flag in flags:
        if flag.score < threshold:
            continue
        current = best.get(flag.category)
        if current is None or (SEVERITIES.index(flag.severity), flag.score) > (
            SEVERITIES.index(current.severity),
            current.score,
        ):
            best[flag.category] = flag
    if "crisis" in best:
        best.pop("distress", None)
    return sorted(best.values(), key=lambda f: f.category)


def classify(context: CareContext, *, classifiers: tuple[Classifier, ...] | None = None) -> list[Flag]:
    """The flags the pipeline asserts for one text. Pure: no database, no network."""
    return _classify(context, configured_classifiers() if classifiers is None else classifiers, settings.CARE_THRESHOLD)


def classify_remembered(context: CareContext) -> list[Flag]:
    """classify() with the configured engine, remembering its last answers (contexts and flags are frozen): the
    posting request reads the same text twice, in the draft check and then in the comment's crisis check."""
    return list(_classify_configured(context, configured_classifiers(), settings.CARE_THRESHOLD))


@lru_cache(maxsize=64)
def _classify_configured(context: CareContext, classifiers: tuple[Classifier, ...], threshold: float) -> tuple:
    return tuple(_classify(context, classifiers, threshold))


def _classify(context: CareContext, classifiers: tuple[Classifier, ...], threshold: float) -> list[Flag]:
    raw: list[Flag] = []
    for classifier in classifiers:
        raw.extend(classifier.classify(context))
    return merge_flags(raw, threshold=threshold)
