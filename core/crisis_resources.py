"""The CRISIS_RESOURCES setting: checked when settings load, so a mistyped line fails at start, not in a crisis."""

import re

from django.core.exceptions import ImproperlyConfigured

REQUIRED = ("region", "name", "contact")
NUMBERS = ("tel", "sms")  # optional: rendered as tel: and sms: links
# What a person may type for a number: digits with spaces, dashes, dots or brackets, and an optional leading +.
_NUMBER = re.compile(r"^\+?[0-9]+$")
_SEPARATORS = re.compile(r"[ ().-]")


def crisis_resources_validate(value, *, source: str = "CRISIS_RESOURCES") -> list[dict]:
    """Return the resources with their optional numbers as link targets (`tel_uri`, `sms_uri`), or raise
    ImproperlyConfigured naming the entry and field at fault. The old shape (region, name, contact) stays valid."""
    if not isinstance(value, list) or not value:
        raise ImproperlyConfigured(f"{source} must be a JSON list with at least one entry, got {value!r}.")
    resources = []
    for position, entry in enumerate(value, start=1):
        where = f"{source} entry {position}"
        if not isinstance(entry, dict):
            raise ImproperlyConfigured(f"{where} must be an object with region, name and contact, got {entry!r}.")
        # The *_uri fields are this function's own output: validating twice gives the same list.
        unknown = sorted(set(entry) - set(REQUIRED) - set(NUMBERS) - {f"{field}_uri" for field in NUMBERS})
        if unknown:
            raise ImproperlyConfigured(
                f"{where} has unknown field(s) {', '.join(unknown)}; allowed: {', '.join(REQUIRED + NUMBERS)}."
            )
        for field in REQUIRED:
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                raise ImproperlyConfigured(f"{where} needs a non-empty text {field!r}.")
        resource = {field: entry[field].strip() for field in REQUIRED}
        for field in NUMBERS:
            if field not in entry or entry[field] in (None, ""):
                continue
            number = entry[field]
            digits = _SEPARATORS.sub("", number.strip()) if isinstance(number, str) else ""
            if not _NUMBER.match(digits) or not 2 <= len(digits.lstrip("+")) <= 15:
                raise ImproperlyConfigured(
                    f"{where} ({resource['name']}): {field!r} must be a phone number of 2 to 15 digits, "
                    f"optionally with a leading + and spaces or dashes, got {number!r}."
                )
            resource[field] = number.strip()
            resource[f"{field}_uri"] = f"{field}:{digits}"
        resources.append(resource)
    return resources


def crisis_resources() -> list[dict]:
    """The configured resources with their link targets, for pages and e-mails (also when a test or an operator
    replaced the setting after start)."""
    from django.conf import settings

    return crisis_resources_validate(settings.CRISIS_RESOURCES)
