"""Replies whose care-check task is lost: `python -m tests.ops.lost_work '{"user": 1, "post": 2, "parent": 3, "n": 4}'`.

Run with CELERY_BROKER_URL=memory://: each comment is committed and its task goes to this process's memory, lost
when it exits, so only beat's care sweeper can find the comment. With "chain": true each reply answers the one
before (a deep thread). Prints the new comment ids as JSON.
"""

import json
import sys


def main(spec: dict) -> list[int]:
    import django

    django.setup()
    from accounts.models import User
    from comments import services
    from comments.models import Post

    user = User.objects.get(pk=spec["user"])
    post = Post.objects.get(pk=spec["post"])
    ids = []
    parent = spec["parent"]
    for n in range(spec["n"]):
        comment = services.comment_create(user=user, post=post, parent_id=parent, body=f"Sent while away, {n}.")
        ids.append(comment.pk)
        if spec.get("chain"):
            parent = comment.pk
    return ids


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
