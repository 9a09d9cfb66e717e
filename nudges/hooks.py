"""What the nudge asks the apps above it (core.hooks); moderation registers its handler in its AppConfig.ready()."""

from core.hooks import Hook, Timing

draft_reads_as_crisis = Hook(
    "draft_reads_as_crisis",
    timing=Timing.PROVIDER,
    doc=(
        "text, parent_id, post -> bool: the care engine's crisis check of a draft, as the posting request runs "
        "it (moderation; `post` is the Post the caller has loaded). A draft that reads as crisis is never nudged."
    ),
)
