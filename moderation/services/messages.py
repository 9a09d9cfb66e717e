"""Every text moderation writes to authors: editable messages, notice titles, hold, removal and sanction words."""

from django.db import transaction

from core.crisis_resources import crisis_resources

from ..models import (
    MessageTemplate,
    ModerationAction,
    NoticeKind,
    ReviewAction,
)
from ..permissions import is_senior
from .items import ActionRefused

Kind = NoticeKind

# Why a comment was removed, as the author reads it. Keys are stored in the audit log.
REMOVAL_REASONS = {
    "hostile": (
        "It could hurt other people here. Disagreeing is fine; we ask everyone to do it gently, and to speak "
        "to each other with care."
    ),
    "spam": "It looked like advertising or spam, which isn't allowed here.",
    "personal_info": (
        "It shared personal details, such as contact details or who someone is, that could put you or "
        "someone else at risk."
    ),
    "unsafe": (
        "It described self-harm or suicide in a way that could be hard or unsafe for others to read. We want "
        "this to stay a safe place for everyone, and that includes you."
    ),
    "other": "It didn't fit our community guidelines.",
}

REMOVAL_REASON_LABELS = {
    "hostile": "Unkind or hostile",
    "spam": "Spam or advertising",
    "personal_info": "Personal details",
    "unsafe": "Unsafe detail about self-harm",
    "other": "Something else (say what)",
}

# The editable messages (MessageTemplate rows; migration 0004 writes these same texts). If a row is missing,
# these defaults are used, so a message can always be sent.
DEFAULT_TEMPLATES = {
    "warn": {
        "subject": "A note from the moderators",
        "body": (
            "Hi {name},\n\n"
            "One of our volunteer moderators read something you wrote recently, and we wanted to get in touch. "
            "This is a place where people come when they are struggling, so we ask everyone to write with extra "
            "care, even when they disagree or feel strongly.\n\n"
            "Please take a moment to look at our community guidelines. You're welcome here, and we'd like you to "
            "keep taking part. If the same thing happens again, we may need to pause your account for a while.\n\n"
            "Thank you,\nThe moderators"
        ),
    },
    "reached_out": {
        "subject": "We're thinking of you",
        "body": (
            "Hi {name},\n\n"
            "One of our volunteer moderators read what you wrote, and we wanted you to know that we're thinking "
            "of you. It sounds like things are really hard right now. Thank you for trusting us with it.\n\n"
            "You don't have to go through this alone. If you can, please talk to someone today: a person you "
            "trust, your doctor, or one of the services below. They are there for exactly this, any time, and "
            "talking to them doesn't have to mean you are in danger.\n\n"
            "If you are in danger right now, please call your local emergency number.\n\n"
            "You're welcome here whenever you want to write.\n\n"
            "With care,\nThe moderators"
        ),
    },
}


def message_template_get(*, key: str) -> MessageTemplate:
    """The editable message `key` ("warn", "reached_out"); an unsaved default when no row exists. No writes."""
    template = MessageTemplate.objects.filter(key=key).first()
    if template is None:
        template = MessageTemplate(key=key, **DEFAULT_TEMPLATES[key])
    return template


def message_for(*, key: str, name: str) -> str:
    """The template's body for one reader. Plain replace, never str.format: the text is editable by people."""
    return message_template_get(key=key).body.replace("{name}", name)


@transaction.atomic
def message_template_save(*, key: str, subject: str, body: str, moderator) -> MessageTemplate:
    """Senior moderators edit a message; the old and new text go to the audit log."""
    if key not in DEFAULT_TEMPLATES:
        raise ActionRefused("There is no such message.", status=404)
    if not is_senior(moderator):
        raise ActionRefused("Only senior moderators can edit these messages.", status=403)
    template = MessageTemplate.objects.select_for_update().filter(key=key).first()
    before = {"subject": template.subject, "body": template.body} if template else dict(DEFAULT_TEMPLATES[key])
    if template is None:
        template = MessageTemplate(key=key)
    template.subject, template.body = subject, body
    template.save()
    ModerationAction.objects.create(
        moderator=moderator,
        action=ReviewAction.TEMPLATE_EDITED,
        before={"key": key, **before},
        after={"key": key, "subject": subject, "body": body},
    )
    return template


def crisis_resources_text() -> str:
    lines = []
    for r in crisis_resources():
        # The numbers as tel:/sms: addresses, which mail programs and phones turn into links.
        links = "".join(f" <{r[uri]}>" for uri in ("tel_uri", "sms_uri") if uri in r)
        lines.append(f"- {r['name']} ({r['region']}): {r['contact']}{links}")
    return "If you need someone to talk to right now:\n" + "\n".join(lines)


def kept_private_message(*, post_title: str) -> str:
    return (
        f"A moderator has read your comment on “{post_title}”, and we have decided to keep it private. You can "
        "still see it, and so can our moderators, but nobody else will. This isn't a punishment, and you haven't "
        "done anything wrong: some things are better held gently than shown to everyone.\n\n"
        "It sounded like things are really hard right now. You don't have to carry this alone. The people below "
        "are there for exactly this, any time, and the Need help now? page lists more.\n\n"
        f"{crisis_resources_text()}\n\n"
        "You're welcome here whenever you want to write."
    )


# The headline of a notice, on the notices page and as the e-mail subject.
KIND_TITLES = {
    Kind.HELD: "Your comment is waiting for a moderator",
    Kind.REMOVED: "Your comment was removed",
    Kind.WARNED: "A note from the moderators",
    Kind.REACHED_OUT: "A message from the moderators",
    Kind.SUSPENDED: "Your account is paused for a while",
    Kind.BANNED: "About your account",
    Kind.APPEAL_RESULT: "About your appeal",
    Kind.KEPT_PRIVATE: "Your comment stays private",
}

DEFAULT_TITLE = "A note about your comment"

# Why a comment was held, in words that explain without accusing. Keys are care categories and causes.
HELD_REASONS = {
    "crisis": (
        "What you wrote sounds very painful, and we'd like a person to read it so you get the right support. "
        "If you are in danger right now, please reach out to one of the services on our Need help now? page."
    ),
    "hostile": (
        "Our automatic check thought some of the words might land harder than you meant them to, so a "
        "moderator will read it in context."
    ),
    "spam": (
        "Something in it, such as a link, looked like advertising to our automatic check, so a moderator will "
        "take a look."
    ),
    "personal_info": (
        "It may include personal details, like a phone number or an address. To keep everyone safe, a "
        "moderator reads these before they are shown and may edit the details out."
    ),
    "check_failed": "Our automatic check couldn't finish, so a person will read it instead.",
    "reported": ("A few readers asked our moderators to look at it, so it is hidden until a moderator has read it."),
}

_HELD_ORDER = ["crisis", "personal_info", "hostile", "spam", "check_failed", "reported"]


def notice_title(kind: str) -> str:
    return KIND_TITLES.get(kind, DEFAULT_TITLE)


def held_message(*, post_title: str, causes: list[str]) -> str:
    """The gentle explanation of a hold: what happens now and, where we know it, why."""
    reasons = [HELD_REASONS[c] for c in _HELD_ORDER if c in causes]
    parts = [
        f"Your comment on “{post_title}” is waiting for a moderator to read it before others can see it. "
        "This happens to many comments, and it doesn't mean you did anything wrong.",
        *reasons,
        "You can still see it yourself, and you don't need to do anything. A moderator will read it soon.",
    ]
    return "\n\n".join(parts)


# --- what a decision tells the author (notices and their e-mails) ---------------------------------------------

APPROVED_TITLE = "Your comment is now visible"


def approved_message(*, post_title: str) -> str:
    return (
        f"A moderator has read your comment on “{post_title}”, and it is now visible to everyone. "
        "Thank you for your patience."
    )


def appeal_granted_message(*, post_title: str) -> str:
    return (
        f"A moderator looked at your comment on “{post_title}” again and has put it back. "
        "Thank you for telling us, and we're sorry for the trouble."
    )


def removal_message(*, post_title: str, reason: str, note: str, upheld: bool) -> str:
    """Why the comment was removed (REMOVAL_REASONS), the moderator's note, and, for unsafe detail, the crisis
    resources. `upheld`: the removal was appealed and stays."""
    parts = [REMOVAL_REASONS[reason]]
    if note.strip():
        parts.append(f"A note from the moderator: {note.strip()}")
    resources = f"\n\n{crisis_resources_text()}" if reason == "unsafe" else ""
    if upheld:
        return (
            f"A moderator looked at your comment on “{post_title}” again, and it stays removed. "
            + " ".join(parts)
            + resources
        )
    return (
        f"A moderator removed your comment on “{post_title}”. "
        + " ".join(parts)
        + "\n\nIf you think this was a mistake, you can ask for it to be looked at again once."
        + resources
    )


def care_notice_message(*, message: str) -> str:
    """The care message as the notices page shows it: the moderator's words, then the crisis resources."""
    return f"{message}\n\n{crisis_resources_text()}"


def suspended_message(*, days: int, until_text: str) -> str:
    return (
        f"Your account is paused for {days} day{'s' if days != 1 else ''}, until "
        f"{until_text}. You can still sign in and read, but you can't "
        "comment or report until then. We do this rarely, when something written here could hurt others. "
        "If things are hard for you right now, the Need help now? page lists people you can talk to."
    )


BANNED_MESSAGE = (
    "Our moderators have closed your account to commenting and reporting, because of what was written "
    "here. You can still sign in and read. If things are hard for you right now, the Need help now? page "
    "lists people you can talk to."
)
SANCTION_LIFTED_MESSAGE = "Your account is active again: you can comment and report as before. Welcome back."


# --- e-mail subjects to moderators (the author notices' subjects are KIND_TITLES) -----------------------------

URGENT_ALERT_SUBJECT = "Urgent: someone may be in crisis"
REALERT_SUBJECT = "Still waiting: someone may be in crisis"
REALERT_FALLBACK_SUBJECT = "No moderator has answered: someone may be in crisis"
