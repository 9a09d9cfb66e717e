"""What moderation asks of the apps above it (core.hooks); handlers are registered in their AppConfig.ready()."""

from core.hooks import Hook, Timing

publish_audience = Hook(
    "publish_audience",
    timing=Timing.PROVIDER,
    doc=(
        "comment_id -> (immediate, daily): how many people publishing this held comment now would e-mail, soon "
        "and in their digest (notifications), for the moderator's confirmation."
    ),
)
