"""accounts.services: sign-up, verification tokens, display names and account deletion."""

import time

import pytest
from django.core import signing

from accounts import services
from accounts.models import User
from comments.integrity import check_trees
from comments.models import Comment, Commenter
from tests.factories import PostFactory, UserFactory, make_comment

pytestmark = pytest.mark.django_db


def tree_snapshot():
    return list(
        Comment.objects.order_by("pk").values_list("pk", "parent_id", "tree_id", "level", "lft", "rght", "post_id")
    )


# --- Sign-up ------------------------------------------------------------------------------------------------


def test_user_create_refuses_the_same_address_in_another_case():
    services.user_create(email="Sam@Example.org", display_name="Sam", password="x-strong-enough-1")
    with pytest.raises(services.EmailTaken):
        services.user_create(email="sam@EXAMPLE.ORG", display_name="Another Sam", password="x-strong-enough-1")
    assert User.objects.count() == 1


def test_display_names_need_not_be_unique():
    services.user_create(email="a@example.org", display_name="Sam", password="x-strong-enough-1")
    services.user_create(email="b@example.org", display_name="Sam", password="x-strong-enough-1")
    assert User.objects.filter(display_name="Sam").count() == 2


def test_user_signup_queues_the_verification_email_after_commit(email_queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        user = services.user_signup(email="sam@example.org", display_name="Sam", password="x-strong-enough-1")
        assert email_queue.calls == []
    assert len(callbacks) == 1
    [(args, kwargs)] = email_queue.calls
    assert args[0] == "accounts/email/verify_email"
    assert args[1] == "sam@example.org"
    assert user.email_verified_at is None


# --- Verification tokens ------------------------------------------------------------------------------------


def test_token_verifies_once_and_is_safe_to_reuse():
    user = UserFactory(email_verified_at=None)
    token = services.email_verification_token(user=user)
    assert services.user_verify_email(token=token) == user
    user.refresh_from_db()
    first = user.email_verified_at
    assert first is not None
    services.user_verify_email(token=token)
    user.refresh_from_db()
    assert user.email_verified_at == first


def test_token_does_not_contain_the_address():
    user = UserFactory(email="private.person@example.org", email_verified_at=None)
    token = services.email_verification_token(user=user)
    assert "private" not in signing.b64_decode(token.split(":")[0].encode()).decode(errors="replace")
    assert "private" not in token


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: "x" + t,
        lambda t: "not-a-token",
        lambda t: "",
    ],
)
def test_tampered_token_is_refused(tamper):
    user = UserFactory(email_verified_at=None)
    token = services.email_verification_token(user=user)
    with pytest.raises(services.VerificationFailed):
        services.user_verify_email(token=tamper(token))
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_token_for_another_user_id_is_refused():
    user = UserFactory(email_verified_at=None)
    forged = signing.dumps([user.pk + 1000, "0" * 24], salt="some-other-salt")
    with pytest.raises(services.VerificationFailed):
        services.user_verify_email(token=forged)


def test_expired_token_is_refused(settings, monkeypatch):
    settings.EMAIL_VERIFICATION_MAX_AGE = 3600
    user = UserFactory(email_verified_at=None)
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now - 3601 - 5)
    token = services.email_verification_token(user=user)
    monkeypatch.undo()
    with pytest.raises(services.VerificationFailed, match="expired"):
        services.user_verify_email(token=token)
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_token_stops_working_after_the_address_changes():
    user = UserFactory(email="old@example.org", email_verified_at=None)
    token = services.email_verification_token(user=user)
    user.email = "new@example.org"
    user.save()
    with pytest.raises(services.VerificationFailed, match="no longer uses"):
        services.user_verify_email(token=token)
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_token_of_a_deleted_account_is_refused():
    user = UserFactory(email_verified_at=None)
    token = services.email_verification_token(user=user)
    user.delete()
    with pytest.raises(services.VerificationFailed):
        services.user_verify_email(token=token)


# --- Display name -------------------------------------------------------------------------------------------


def test_display_name_change_reaches_past_comments():
    user = UserFactory(display_name="Sam")
    make_comment(post=PostFactory(), user=user)
    services.user_update_display_name(user=user, display_name="Sammy")
    assert User.objects.get(pk=user.pk).display_name == "Sammy"
    assert Commenter.objects.get(user=user).display_name == "Sammy"


# --- Deletion -----------------------------------------------------------------------------------------------


@pytest.fixture
def conversation():
    """A thread where the leaving user wrote a root, a middle reply and a leaf; others replied around them."""
    post = PostFactory()
    leaving, other = UserFactory(display_name="Leaving", email="leaving@example.org"), UserFactory()
    root = make_comment(post=post, user=leaving, body="I was scared to tell my therapist.")
    reply = make_comment(post=post, user=other, parent=root, body="Me too, for months.")
    middle = make_comment(post=post, user=leaving, parent=reply, body="What helped you say it?")
    make_comment(post=post, user=other, parent=middle, body="Writing it down first.")
    other_thread = make_comment(post=post, user=other, body="Thank you for this post.")
    leaf = make_comment(post=post, user=leaving, parent=other_thread, body="Thank you for reading.")
    return {"user": leaving, "other": other, "mine": [root.pk, middle.pk, leaf.pk]}


def test_delete_keeping_texts(conversation):
    user, mine = conversation["user"], conversation["mine"]
    commenter_id = user.commenter.pk
    before = tree_snapshot()
    bodies = dict(Comment.objects.values_list("pk", "body"))

    services.user_delete(user=user, wipe_comments=False)

    assert not User.objects.filter(pk=user.pk).exists()
    commenter = Commenter.objects.get(pk=commenter_id)
    assert (commenter.display_name, commenter.email, commenter.user_id) == ("Former member", "", None)
    assert dict(Comment.objects.values_list("pk", "body")) == bodies
    assert set(Comment.objects.filter(pk__in=mine).values_list("status", flat=True)) == {"visible"}
    assert tree_snapshot() == before
    assert not check_trees().problems


def test_delete_wiping_texts(conversation):
    user, mine, other = conversation["user"], conversation["mine"], conversation["other"]
    commenter_id = user.commenter.pk
    before = tree_snapshot()
    others_bodies = dict(Comment.objects.filter(commenter__user=other).values_list("pk", "body"))

    services.user_delete(user=user, wipe_comments=True)

    assert not User.objects.filter(pk=user.pk).exists()
    commenter = Commenter.objects.get(pk=commenter_id)
    assert (commenter.display_name, commenter.email, commenter.user_id) == ("Former member", "", None)
    assert set(Comment.objects.filter(pk__in=mine).values_list("status", "body")) == {("deleted", "")}
    # Other people's replies, including those under a wiped comment, are untouched.
    assert dict(Comment.objects.filter(commenter__user=other).values_list("pk", "body")) == others_bodies
    assert Comment.objects.filter(commenter__user=other, status="visible").count() == len(others_bodies)
    assert tree_snapshot() == before
    assert not check_trees().problems


def test_delete_a_user_who_never_commented():
    user = UserFactory()
    services.user_delete(user=user, wipe_comments=True)
    assert not User.objects.filter(pk=user.pk).exists()


def test_delete_is_refused_while_the_user_authored_posts(conversation):
    user = conversation["user"]
    PostFactory(author=user)
    before = tree_snapshot()
    with pytest.raises(services.AccountDeletionRefused, match="contact the site team"):
        services.user_delete(user=user, wipe_comments=True)
    assert User.objects.filter(pk=user.pk).exists()
    commenter = Commenter.objects.get(user=user)
    assert commenter.display_name == "Leaving"
    assert commenter.email == "leaving@example.org"
    assert set(Comment.objects.filter(commenter=commenter).values_list("status", flat=True)) == {"visible"}
    assert tree_snapshot() == before
