"""factory_boy factories; comments are created through the service, never with bulk tree writes."""

import factory
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


def make_comment(*, post, user=None, parent=None, body="Thank you for writing this."):
    """A comment created the way the site creates it (locked tree insert)."""
    return services.comment_create(
        user=user or UserFactory(), post=post, parent_id=parent.pk if parent else None, body=body
    )
