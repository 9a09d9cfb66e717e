"""Rules for display names: something visible, no control or direction characters, not passing for staff."""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError

from core.text import BIDI_CONTROLS, CONTROL_CHARS, has_visible_text

# Words that would make a reader's name read as the site's own voice. The site name is added at run time.
_STAFF_WORDS = (
    "moderator|moderators|moderation|mod|mods|admin|admins|administrator|administrators|staff|official|"
    "sysadmin|webmaster|support team|site team|the team|owner|founder"
)
_BRACKETED = re.compile(r"[(\[{<«‹【（［].*?[)\]}>»›】）］]")
_STAFF_NAME_MESSAGE = (
    "Please choose a name that doesn't suggest you speak for the site (words like moderator, admin, staff or "
    "team). Moderators are marked as moderators by the site itself."
)


def _name_skeleton(name: str) -> str:
    """The name as a reader sees it: compatibility forms folded, invisible characters gone, lower case, common
    digit-for-letter swaps undone and separators turned into spaces, so "ＡDM1N" and "a.d.m.i.n" compare."""
    folded = unicodedata.normalize("NFKC", name)
    kept = "".join(char for char in folded if unicodedata.category(char) not in ("Cf", "Mn", "Me"))
    kept = kept.casefold().translate(str.maketrans("013457@$", "oieastas"))
    return re.sub(r"[\s._\-|:/\\*~+=]+", " ", kept).strip()


def display_name_imitates_staff(name: str) -> bool:
    """True for names that would pass for the site's staff: a role word in brackets ("Sam (moderator)"), a role
    word as the whole name or one of its words ("Admin", "Mod Sam"), or the site's name with "team" and the like."""
    skeleton = _name_skeleton(name)
    site = re.escape(_name_skeleton(settings.SITE_NAME)) if settings.SITE_NAME.strip() else None
    # The site's name counts as a role word in brackets ("Jo (Kindred)"), not alone: it may be someone's name.
    bracketed = re.compile(rf"(?<![^\W\d_])(?:{_STAFF_WORDS}{f'|{site}' if site else ''})(?![^\W\d_])")
    if any(bracketed.search(part) for part in _BRACKETED.findall(skeleton)):
        return True
    if re.fullmatch(rf"(?:the )?(?:{_STAFF_WORDS})(?: (?:team|staff|support|crew|account|bot|here))?", skeleton):
        return True
    if re.fullmatch(rf"(?:{_STAFF_WORDS.replace(' ', '')})", skeleton.replace(" ", "")):  # "a d m i n", "a.d.m.i.n"
        return True
    if site and re.search(rf"{site} ?(?:team|staff|support|official|crew|mod|moderator|admin|help)", skeleton):
        return True
    # Any of the strong role words anywhere as a word: "Mod Sam", "Sam, moderator", "Head admin".
    strong = re.compile(
        r"(?<![^\W\d_])(?:moderators?|moderation|mods?|admins?|administrators?|sysadmin|staff)(?![^\W\d_])"
    )
    return bool(strong.search(skeleton))


def validate_display_name(name: str, *, staff_words_allowed: bool = False) -> str:
    """The name stripped, or ValidationError. Staff words are allowed only where staff name someone (the admin)."""
    if CONTROL_CHARS.search(name) or "\n" in name or "\t" in name or "\r" in name:
        raise ValidationError("Display names can't contain control characters.")
    if BIDI_CONTROLS.search(name):
        raise ValidationError("Display names can't contain text-direction override characters.")
    name = name.strip()
    if not name:
        raise ValidationError("Please choose a display name.")
    if not has_visible_text(name):
        raise ValidationError("Your display name has no visible characters. Please choose one others can read.")
    if not staff_words_allowed and display_name_imitates_staff(name):
        raise ValidationError(_STAFF_NAME_MESSAGE)
    return name
