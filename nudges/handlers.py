"""The nudge's handlers for what comments asks (comments.hooks), registered in NudgesConfig.ready()."""

from . import services
from .ratelimits import draft_check_limited


def on_comment_draft(*, request, post, parent_id: int | None, body: str, form_key: str, anyway: bool) -> str:
    """comment_draft_check: the form's own POST (also without JavaScript) runs the same check as the endpoint.
    Returns the sentence to show with the form again, or "" to post. "Post anyway" always posts; so does a writer
    over the check's rate limit (the check never blocks posting, and it cannot be asked again and again)."""
    if anyway:
        services.draft_posted_anyway(user=request.user, form_key=form_key, body=body)
        return ""
    if draft_check_limited(request):
        return ""
    nudge = services.draft_check(user=request.user, post=post, parent_id=parent_id, body=body, form_key=form_key)
    return nudge.sentence if nudge else ""
