"""Rules for what people may write, and how it is shown: everything escaped, only http(s) links."""

import re
import unicodedata

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import linebreaks
from django.utils.html import urlize as django_urlize
from django.utils.safestring import SafeString, mark_safe

# C0 controls except tab, newline and carriage return; DEL and the C1 block.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Embeddings, overrides and isolates let a name display as something it is not.
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")

LINK_REL = "nofollow ugc noopener"

# Letters that render as blank space although Unicode files them as letters or symbols (Hangul fillers, the
# braille blank, the Mongolian vowel separator).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")

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


def has_visible_text(text: str) -> bool:
    """True when something would show: not only spaces, zero-width or format characters, marks and fillers."""
    return any(unicodedata.category(char)[0] not in "CZM" and char not in _BLANK_LETTERS for char in text)


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


def validate_body(body: str) -> str:
    """Return the body stripped of surrounding whitespace, or raise ValidationError with a reader's message."""
    if _CONTROL_CHARS.search(body):
        raise ValidationError("Your text contains control characters that can't be shown. Please remove them.")
    body = body.strip()
    if not body:
        raise ValidationError("Please write something before posting.")
    if not has_visible_text(body):
        # Zero-width spaces and the like: the comment would be invisible to everyone who reads it.
        raise ValidationError("Your text has no visible characters. Please write something others can read.")
    if len(body) > settings.COMMENT_MAX_LENGTH:
        raise ValidationError(
            f"Please keep it under {settings.COMMENT_MAX_LENGTH:,} characters (this is {len(body):,})."
        )
    return body


def validate_display_name(name: str, *, staff_words_allowed: bool = False) -> str:
    """The name stripped, or ValidationError. Staff words are allowed only where staff name someone (the admin)."""
    if _CONTROL_CHARS.search(name) or "\n" in name or "\t" in name or "\r" in name:
        raise ValidationError("Display names can't contain control characters.")
    if _BIDI_CONTROLS.search(name):
        raise ValidationError("Display names can't contain text-direction override characters.")
    name = name.strip()
    if not name:
        raise ValidationError("Please choose a display name.")
    if not has_visible_text(name):
        raise ValidationError("Your display name has no visible characters. Please choose one others can read.")
    if not staff_words_allowed and display_name_imitates_staff(name):
        raise ValidationError(_STAFF_NAME_MESSAGE)
    return name


def render_text(text: str) -> SafeString:
    """Plain text to safe HTML: paragraphs from blank lines, http(s) URLs as nofollow links."""
    html = linebreaks(django_urlize(text, trim_url_limit=60, nofollow=True, autoescape=True), autoescape=False)
    # urlize also links mailto: and bare domains; nh3 keeps only http(s) hrefs and sets the rel we want.
    cleaned = nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitized by nh3 just above
