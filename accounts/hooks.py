"""What accounts announce to the apps above them (core.hooks); handlers are registered in their AppConfig.ready()."""

from core.hooks import Hook, Timing

# All three run inside the caller's transaction, in INSTALLED_APPS order, with the user's id.
user_email_verified = Hook(
    "user_email_verified",
    timing=Timing.IN_TRANSACTION,
    doc="user_id: the user's address is now verified (comments: give them the comments written with it).",
)
user_profile_changed = Hook(
    "user_profile_changed",
    timing=Timing.IN_TRANSACTION,
    doc="user_id: the display name or address changed (comments: show it on their past comments).",
)
user_deleting = Hook(
    "user_deleting",
    timing=Timing.IN_TRANSACTION,
    doc="user_id, wipe_comments: the user row is locked and about to be deleted; a refusal rolls all of it back.",
)

# A provider: each app above answers with what the user wrote or chose there, for their download (issue 15).
user_export = Hook(
    "user_export",
    timing=Timing.PROVIDER,
    doc="user_id -> dict: this app's part of everything the user wrote and chose (comments: posts and comments).",
)
