"""The comments' vocabularies for templates, so a page compares `comment.status == CommentStatus.VISIBLE`."""

from .models import Comment


def vocabularies(request) -> dict:
    # Choices classes set do_not_call_in_templates, so the template reads their members instead of calling them.
    return {"CommentStatus": Comment.Status}
