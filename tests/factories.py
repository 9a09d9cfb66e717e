"""factory_boy factories; comments are created through the service, never with bulk tree writes."""

import factory
from django.test import TestCase
from django.utils import timezone

from accounts.models import User
from comments import services
from comments.models import Post


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Reader {n}")
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Post number {n}")
    slug = factory.Sequence(lambda n: f"post-{n}")
    body = "Some days are harder than others.\n\nThis is one of them."
    published = True
    published_at = factory.LazyFunction(timezone.now)
    comments_open = True


def make_comment(*, post, user=None, parent=None, body="Thank you for writing this.", checked=True):
    """A comment created the way the site creates it (locked tree insert), committed: the handlers of its
    on-commit hooks run (the writer follows the thread; its check and notifications are enqueued, with no worker
    to run them).

    checked=True (the default) also publishes it as a passed care check would; checked=False leaves it
    `pending`, as it is before the worker has looked at it.
    """
    with TestCase.captureOnCommitCallbacks(execute=True):
        comment = services.comment_create(
            user=user or UserFactory(), post=post, parent_id=parent.pk if parent else None, body=body
        )
        if checked:
            services.comment_publish(comment=comment)
    return comment


def make_chain(*, post, depth: int, user=None, body="Me too.") -> list:
    """A visible thread that is one reply chain `depth` replies deep, inserted in one go by the tree service.

    Building deep chains reply by reply inside one test transaction is quadratic in row versions on
    PostgreSQL (every insert rewrites all ancestors); insert_new_tree writes each row once.
    """
    from comments.models import Comment
    from comments.trees import insert_new_tree

    commenter = services.commenter_for_user(user=user or UserFactory())
    now = timezone.now()

    def node(parent_index):
        comment = Comment(post=post, commenter=commenter, body=body, status=Comment.Status.VISIBLE, published_at=now)
        return (comment, parent_index)

    return insert_new_tree([node(None)] + [node(i) for i in range(depth)])
