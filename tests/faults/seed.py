"""Seed a fault-suite database: `python -m tests.faults.seed '{"users": 16, "posts": 4}'` prints ids as JSON."""

import json
import sys


def main(spec: dict) -> dict:
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from accounts.models import User
    from comments import services
    from comments.models import Post

    now = timezone.now()
    verified = now if spec.get("verified", True) else None
    users = []
    for n in range(spec.get("users", 1)):
        user = User.objects.create_user(
            email=f"reader{n}@example.org", password=None, display_name=f"Reader {n}", email_verified_at=verified
        )
        # A logged-in session, as the log-in view would leave it (log-in itself is not what these tests test).
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        users.append({"id": user.pk, "email": user.email, "session": session.session_key})
    author = User.objects.create_user(email="author@example.org", password=None, display_name="Post author")
    posts, roots = [], []
    for n in range(spec.get("posts", 1)):
        post = Post.objects.create(
            author=author,
            title=f"Fault post {n}",
            slug=f"fault-post-{n}",
            body="Some days are harder than others.",
            published=True,
            published_at=now,
            comments_open=True,
        )
        posts.append({"id": post.pk, "slug": post.slug})
        # One visible thread root per post, written by the first users in turn (they hear of replies).
        root_user = User.objects.get(pk=users[n % len(users)]["id"])
        root = services.comment_create(user=root_user, post=post, parent_id=None, body="Thread start, thank you all.")
        services.comment_publish(comment=root)
        roots.append(root.pk)
    return {"users": users, "posts": posts, "roots": roots}


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
