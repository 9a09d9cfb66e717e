"""Every moderator action and its side effects: statuses, resolution, audit row, author notice and e-mail."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import BannedEmail
from comments.models import Comment
from comments.services import user_may_comment
from moderation.models import AuthorNotice, CareFlag, ModerationAction, ReviewItem
from moderation.services import decisions, messages, sanctions
from moderation.services import items as item_services
from moderation.services.items import ActionRefused
from tests.factories import UserFactory

from ..queue_support import deliver_emails_inline, make_item, make_moderator, make_post_item

pytestmark = pytest.mark.django_db
Status = Comment.Status


@pytest.fixture
def inline_email(monkeypatch, mailoutbox):
    return deliver_emails_inline(monkeypatch, mailoutbox)


@pytest.fixture
def moderator():
    return make_moderator(display_name="Robin")


@pytest.fixture
def senior():
    return make_moderator(senior=True, display_name="Sam")


@pytest.fixture
def logged_in(client, moderator):
    client.force_login(moderator)
    return client


def url(name, item):
    return reverse(f"moderation:{name}", kwargs={"pk": item.pk})


def only_action(item) -> ModerationAction:
    rows = ModerationAction.objects.filter(item=item).exclude(action__in=["claimed", "released"])
    assert rows.count() == 1
    return rows.get()


# --- approve -----------------------------------------------------------------------------------------------


def test_approve_publishes_through_the_one_service_and_tells_the_author(
    logged_in, moderator, monkeypatch, django_capture_on_commit_callbacks, inline_email
):
    item = make_item(status=Status.HELD)
    published = []
    real = decisions.comment_publish
    monkeypatch.setattr(
        decisions, "comment_publish", lambda *, comment: published.append(comment.pk) or real(comment=comment)
    )

    # The comment is flagged hostile: the first POST only shows what will happen (safe-moderation issue).
    response = logged_in.post(url("item_approve", item), {"note": "Reads fine in context."})
    assert response.status_code == 200 and b"will be shown to everyone in the thread" in response.content
    assert published == []
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(url("item_approve", item), {"note": "Reads fine in context.", "confirmed": "on"})
    assert response.status_code == 302

    assert published == [item.comment_id]
    comment = Comment.objects.get(pk=item.comment_id)
    assert comment.status == Status.VISIBLE and comment.published_at is not None
    item.refresh_from_db()
    assert (item.status, item.resolution, item.resolved_by) == ("resolved", "approved", moderator)
    assert item.resolved_at is not None and item.first_action_at is not None
    assert item.claimed_by is None
    row = only_action(item)
    assert (row.action, row.moderator, row.note) == ("approved", moderator, "Reads fine in context.")
    assert row.before["comment"] == "held" and row.after["comment"] == "visible"
    assert row.subject_user_id == comment.commenter.user_id
    notice = AuthorNotice.objects.get(user_id=comment.commenter.user_id)
    assert notice.kind == "approved" and "now visible" in notice.message
    assert len(inline_email) == 1
    assert inline_email[0].to == [comment.commenter.user.email]
    assert inline_email[0].subject.startswith("Your comment is now visible")


def test_the_now_visible_email_links_to_the_comment_in_its_html_part_too(
    moderator, settings, django_capture_on_commit_callbacks, inline_email
):
    settings.SITE_URL = "https://kindred.example"
    item = make_item(status=Status.HELD, flags=(("spam", "low"),))
    with django_capture_on_commit_callbacks(execute=True):
        item_services.item_claim(item_id=item.pk, moderator=moderator)
        decisions.item_approve(item_id=item.pk, moderator=moderator)
    [message] = inline_email
    link = f"https://kindred.example/c/{item.comment_id}/"
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'<a href="{link}"' in html


def test_approving_a_visible_comment_tells_nobody(moderator, mailoutbox):
    item = make_item(status=Status.VISIBLE, reason="reported")
    decisions.item_approve(item_id=item.pk, moderator=moderator, confirmed=True)
    item.refresh_from_db()
    assert item.resolution == "approved"
    assert not AuthorNotice.objects.exists()


def test_a_deleted_comment_cannot_be_approved(moderator):
    item = make_item(status=Status.DELETED)
    with pytest.raises(ActionRefused) as refused:
        decisions.item_approve(item_id=item.pk, moderator=moderator, confirmed=True)
    assert refused.value.status == 409
    assert not ModerationAction.objects.exists()


# --- remove ------------------------------------------------------------------------------------------------


def test_remove_hides_the_comment_and_tells_the_author_why(
    logged_in, moderator, django_capture_on_commit_callbacks, inline_email
):
    item = make_item(status=Status.VISIBLE, reason="reported")
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(
            url("item_remove", item), {"reason": "hostile", "message": "Please be gentler.", "note": "3rd time"}
        )
    assert response.status_code == 302
    comment = Comment.objects.get(pk=item.comment_id)
    assert comment.status == Status.REMOVED
    assert comment.body == "Everything feels heavy today."  # kept for an appeal
    item.refresh_from_db()
    assert (item.status, item.resolution) == ("resolved", "removed")
    row = only_action(item)
    assert row.after["reason"] == "hostile" and row.after["comment"] == "removed" and row.note == "3rd time"
    notice = AuthorNotice.objects.get()
    assert notice.kind == "removed"
    assert messages.REMOVAL_REASONS["hostile"] in notice.message and "Please be gentler." in notice.message
    (email,) = inline_email
    assert email.subject.startswith("Your comment was removed")
    assert "Please be gentler." in email.body
    assert "/notices/" in email.body or "notices" in email.body


def test_remove_needs_a_reason_and_other_needs_words(logged_in):
    item = make_item()
    assert logged_in.post(url("item_remove", item), {}).status_code == 400
    response = logged_in.post(url("item_remove", item), {"reason": "other"})
    assert response.status_code == 400
    assert b"why it was removed" in response.content
    assert logged_in.post(url("item_remove", item), {"reason": "made-up"}).status_code == 400
    item.refresh_from_db()
    assert item.status == "open"
    assert Comment.objects.get(pk=item.comment_id).status == Status.HELD
    assert not ModerationAction.objects.exists()


def test_posts_are_not_removed_from_the_queue(moderator):
    item = make_post_item()
    with pytest.raises(ActionRefused) as refused:
        decisions.item_remove(item_id=item.pk, moderator=moderator, reason="spam")
    assert refused.value.status == 409
    item.refresh_from_db()
    assert item.status == "open" and item.post.published


# --- keep and dismiss ----------------------------------------------------------------------------------------


def test_keep_publishes_a_held_comment_and_resolves(moderator):
    item = make_item(status=Status.HELD)
    decisions.item_keep(item_id=item.pk, moderator=moderator, note="fine", confirmed=True)
    assert Comment.objects.get(pk=item.comment_id).status == Status.VISIBLE
    item.refresh_from_db()
    assert (item.status, item.resolution) == ("resolved", "kept")
    assert only_action(item).action == "kept"


def test_keep_leaves_a_visible_comment_visible(moderator):
    item = make_item(status=Status.VISIBLE, reason="needs_reply", flags=(("distress", "medium"),))
    decisions.item_keep(item_id=item.pk, moderator=moderator, confirmed=True)
    assert Comment.objects.get(pk=item.comment_id).status == Status.VISIBLE
    assert not AuthorNotice.objects.exists()


def test_dismissing_flags_one_by_one(logged_in, moderator):
    item = make_item(status=Status.HELD, flags=(("hostile", "medium"), ("spam", "low")))
    hostile, spam = CareFlag.objects.order_by("pk")

    assert logged_in.post(url("item_dismiss", item), {"flag": hostile.pk}).status_code == 302
    hostile.refresh_from_db()
    item.refresh_from_db()
    assert hostile.dismissed and item.status == "open"
    assert item.claimed_by == moderator  # still working on it
    assert Comment.objects.get(pk=item.comment_id).status == Status.HELD

    assert logged_in.post(url("item_dismiss", item), {"flag": spam.pk}).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.resolution) == ("resolved", "false_alarm")
    assert Comment.objects.get(pk=item.comment_id).status == Status.VISIBLE  # like "keep visible"
    rows = ModerationAction.objects.filter(item=item, action="flag_dismissed").order_by("pk")
    assert [r.after["category"] for r in rows] == ["hostile", "spam"]
    assert rows[1].after["item"] == "resolved"


def test_a_flag_of_another_comment_cannot_be_dismissed_here(logged_in):
    item = make_item()
    other = make_item()
    flag = CareFlag.objects.get(comment=other.comment)
    assert logged_in.post(url("item_dismiss", item), {"flag": flag.pk}).status_code == 400
    assert logged_in.post(url("item_dismiss", item), {"flag": "abc"}).status_code == 400
    flag.refresh_from_db()
    assert not flag.dismissed
    assert not ModerationAction.objects.exists()


# --- redact ------------------------------------------------------------------------------------------------


def test_redact_changes_the_body_only_and_keeps_both_texts_in_the_log(logged_in, moderator):
    item = make_item(body="Call me on 07700 900123 any time.", flags=(("personal_info", "medium"),))
    before = Comment.objects.get(pk=item.comment_id)
    response = logged_in.post(url("item_redact", item), {"body": "Call me on [number removed] any time."})
    assert response.status_code == 302
    after = Comment.objects.get(pk=item.comment_id)
    assert after.body == "Call me on [number removed] any time."
    assert (after.status, after.revision, after.edited, after.unchecked_body) == (
        before.status,
        before.revision,
        before.edited,
        before.unchecked_body,
    )
    assert (after.tree_id, after.lft, after.rght, after.level) == (
        before.tree_id,
        before.lft,
        before.rght,
        before.level,
    )
    item.refresh_from_db()
    assert item.status == "open" and item.claimed_by == moderator
    row = only_action(item)
    assert row.before["body"] == "Call me on 07700 900123 any time."
    assert row.after["body"] == "Call me on [number removed] any time."
    # Only moderators read the log: the item page shows both texts to them.
    page = logged_in.get(url("item", item)).content.decode()
    assert "07700 900123" in page and "[number removed]" in page


def test_redact_refuses_unchanged_or_empty_text(logged_in):
    item = make_item(body="Same text.")
    assert logged_in.post(url("item_redact", item), {"body": "Same text."}).status_code == 400
    assert logged_in.post(url("item_redact", item), {"body": "   "}).status_code == 400
    assert not ModerationAction.objects.exists()


def test_redact_a_post(moderator):
    item = make_post_item(body="Ring 07700 900123.")
    decisions.item_redact(item_id=item.pk, moderator=moderator, body="Ring [removed].")
    item.post.refresh_from_db()
    assert item.post.body == "Ring [removed]." and item.post.revision == 1


# --- messages to the author ----------------------------------------------------------------------------------


def test_warn_sends_the_edited_message(logged_in, moderator, django_capture_on_commit_callbacks, inline_email):
    item = make_item()
    author = item.comment.commenter.user
    page = logged_in.get(url("item", item)).content.decode()
    assert f"Hi {author.display_name}," in page  # the template, filled in for this author
    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post(url("item_warn", item), {"message": "Hi, please keep it kind.", "note": "first warning"})
    notice = AuthorNotice.objects.get(user=author)
    assert (notice.kind, notice.message) == ("warned", "Hi, please keep it kind.")
    (email,) = inline_email
    assert email.to == [author.email] and "please keep it kind" in email.body
    assert email.subject.startswith("A note from the moderators")
    row = only_action(item)
    assert row.action == "warned" and row.after["message"] == "Hi, please keep it kind."
    item.refresh_from_db()
    assert item.status == "open"


def test_a_warning_needs_a_message(logged_in):
    item = make_item()
    assert logged_in.post(url("item_warn", item), {"message": ""}).status_code == 400
    assert not AuthorNotice.objects.exists()


def test_reached_out_sends_care_with_the_crisis_resources(
    logged_in, moderator, settings, django_capture_on_commit_callbacks, inline_email
):
    settings.CRISIS_RESOURCES = [{"region": "Testland", "name": "Night Line", "contact": "Call 555 0100"}]
    item = make_item(status=Status.VISIBLE, reason="crisis", crisis=True, flags=(("crisis", "medium"),))
    author = item.comment.commenter.user
    author.suspended_until = timezone.now() + timedelta(days=2)  # a care message is never held back
    author.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(url("item_reached_out", item), {"message": "We're thinking of you."})
    assert response.status_code == 302
    notice = AuthorNotice.objects.get(user=author)
    assert notice.kind == "reached_out"
    assert "We're thinking of you." in notice.message and "Night Line" in notice.message
    (email,) = inline_email
    assert email.to == [author.email]
    assert "We're thinking of you." in email.body and "Night Line (Testland): Call 555 0100" in email.body
    html = email.alternatives[0][0]
    assert "Night Line" in html
    row = only_action(item)
    assert row.action == "reached_out" and row.after["emailed"] is True
    item.refresh_from_db()
    assert item.status == "open" and item.first_action_at is not None


def test_the_care_template_default_mentions_the_resources_page(logged_in):
    item = make_item(crisis=True)
    page = logged_in.get(url("item", item)).content.decode()
    assert "You don&#x27;t have to go through this alone" in page


# --- escalate ------------------------------------------------------------------------------------------------


def test_escalate_hands_the_item_to_seniors(moderator):
    item = make_item()
    item_services.item_claim(item_id=item.pk, moderator=moderator)
    decisions.item_escalate(item_id=item.pk, moderator=moderator, note="not sure")
    item.refresh_from_db()
    assert item.escalated and "escalated" in item.reasons and item.status == "open"
    assert item.claimed_by is None
    assert only_action(item).action == "escalated"
    senior = make_moderator(senior=True)
    with pytest.raises(ActionRefused):
        decisions.item_escalate(item_id=item.pk, moderator=senior)


# --- decided items -----------------------------------------------------------------------------------------


def test_acting_on_a_decided_item_is_refused_with_a_clear_message(logged_in, moderator):
    item = make_item()
    other = make_moderator(display_name="Alex")
    decisions.item_approve(item_id=item.pk, moderator=other, confirmed=True)
    for name, data in [("item_approve", {}), ("item_remove", {"reason": "spam"}), ("item_keep", {})]:
        response = logged_in.post(url(name, item), data)
        assert response.status_code == 409
        assert b"already decided by Alex" in response.content
    assert ModerationAction.objects.filter(item=item).count() == 1
    assert Comment.objects.get(pk=item.comment_id).status == Status.VISIBLE


def test_first_action_time_is_set_once(moderator):
    item = make_item()
    decisions.item_warn(item_id=item.pk, moderator=moderator, message="Please be kind.")
    item.refresh_from_db()
    first = item.first_action_at
    decisions.item_approve(item_id=item.pk, moderator=moderator, now=first + timedelta(minutes=5), confirmed=True)
    item.refresh_from_db()
    assert item.first_action_at == first


def test_claiming_alone_is_not_a_first_action(moderator):
    item = make_item()
    item_services.item_claim(item_id=item.pk, moderator=moderator)
    item.refresh_from_db()
    assert item.first_action_at is None


# --- appeals -------------------------------------------------------------------------------------------------


def test_approving_an_appeal_restores_the_comment(moderator):
    item = make_item(status=Status.REMOVED, reason="appeal")
    decisions.item_approve(item_id=item.pk, moderator=moderator, confirmed=True)
    assert Comment.objects.get(pk=item.comment_id).status == Status.VISIBLE
    assert AuthorNotice.objects.get().kind == "appeal_result"


def test_removing_again_upholds_the_appeal(moderator):
    item = make_item(status=Status.REMOVED, reason="appeal")
    decisions.item_remove(item_id=item.pk, moderator=moderator, reason="hostile")
    assert Comment.objects.get(pk=item.comment_id).status == Status.REMOVED
    notice = AuthorNotice.objects.get()
    assert notice.kind == "appeal_result" and "stays removed" in notice.message
    assert only_action(item).after["appeal_upheld"] is True


# --- posts -----------------------------------------------------------------------------------------------------


def test_post_items_can_be_approved_and_kept(moderator):
    item = make_post_item()
    decisions.item_approve(item_id=item.pk, moderator=moderator, confirmed=True)
    item.refresh_from_db()
    assert item.resolution == "approved"
    other = make_post_item()
    decisions.item_keep(item_id=other.pk, moderator=moderator, confirmed=True)
    other.refresh_from_db()
    assert other.resolution == "kept"


# --- suspensions and bans --------------------------------------------------------------------------------------


def test_suspend_for_some_days(logged_in, moderator, django_capture_on_commit_callbacks, inline_email):
    item = make_item()
    author = item.comment.commenter.user
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(
            reverse("moderation:author_suspend", kwargs={"user_id": author.pk}), {"days": 3, "item": item.pk}
        )
    assert response.status_code == 302
    author.refresh_from_db()
    assert timedelta(days=2, hours=23) < author.suspended_until - timezone.now() <= timedelta(days=3)
    assert author.is_sanctioned and not user_may_comment(user=author)
    row = ModerationAction.objects.get(action="suspended")
    assert row.item == item and row.subject_user == author and row.after["days"] == 3
    assert AuthorNotice.objects.get(user=author).kind == "suspended"
    (email,) = inline_email  # told before the suspension starts, so the e-mail still goes
    assert email.to == [author.email]
    item.refresh_from_db()
    assert item.first_action_at is not None

    response = logged_in.post(reverse("moderation:author_lift_suspension", kwargs={"user_id": author.pk}))
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.suspended_until is None and not author.is_sanctioned
    assert ModerationAction.objects.filter(action="suspension_lifted").count() == 1


@pytest.mark.parametrize("days", [0, 8, "x"])
def test_suspension_length_is_one_to_seven_days(logged_in, days):
    author = UserFactory()
    response = logged_in.post(reverse("moderation:author_suspend", kwargs={"user_id": author.pk}), {"days": days})
    assert response.status_code == 400
    author.refresh_from_db()
    assert author.suspended_until is None


def test_moderators_and_staff_cannot_be_sanctioned_here(moderator):
    for target in (make_moderator(), UserFactory(is_staff=True), moderator):
        with pytest.raises(ActionRefused):
            sanctions.author_suspend(user_id=target.pk, moderator=moderator, days=1)
    assert not ModerationAction.objects.exists()


def test_a_sanction_linked_to_someone_elses_item_is_refused(moderator):
    item = make_item()
    with pytest.raises(ActionRefused) as refused:
        sanctions.author_suspend(user_id=UserFactory().pk, moderator=moderator, days=1, item_id=item.pk)
    assert refused.value.status == 400


def test_ban_and_lift(client, senior):
    author = UserFactory(email="Someone@Example.org")
    client.force_login(senior)
    response = client.post(reverse("moderation:author_ban", kwargs={"user_id": author.pk}), {"note": "spam bot"})
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.banned_at is not None and author.is_sanctioned
    assert BannedEmail.objects.filter(email="someone@example.org").exists()
    row = ModerationAction.objects.get(action="banned")
    assert row.after == {"banned": True, "suspended_until": None} and row.note == "spam bot"

    response = client.post(reverse("moderation:author_lift_ban", kwargs={"user_id": author.pk}))
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.banned_at is None
    assert not BannedEmail.objects.exists()
    assert ModerationAction.objects.filter(action="ban_lifted").count() == 1


def test_the_service_checks_the_senior_permission_too(moderator):
    author = UserFactory()
    with pytest.raises(ActionRefused) as refused:
        sanctions.author_ban(user_id=author.pk, moderator=moderator)
    assert refused.value.status == 403
    author.refresh_from_db()
    assert author.banned_at is None


# --- bulk ------------------------------------------------------------------------------------------------------


def test_bulk_remove_skips_what_it_cannot_decide(logged_in, moderator):
    spam = [make_item(flags=(("spam", "medium"),)) for _ in range(3)]
    held_by_other = make_item(flags=(("spam", "medium"),))
    item_services.item_claim(item_id=held_by_other.pk, moderator=make_moderator())
    post_item = make_post_item()
    ids = [i.pk for i in [*spam, held_by_other, post_item]]
    response = logged_in.post(reverse("moderation:queue_bulk"), {"action": "remove", "items": ids}, follow=True)
    assert response.status_code == 200
    assert b"Removed 3 items." in response.content
    assert Comment.objects.filter(pk__in=[i.comment_id for i in spam], status=Status.REMOVED).count() == 3
    assert ModerationAction.objects.filter(action="removed").count() == 3
    assert AuthorNotice.objects.filter(kind="removed").count() == 3
    held_by_other.refresh_from_db()
    post_item.refresh_from_db()
    assert held_by_other.status == "open" and post_item.status == "open"


def test_bulk_approve(logged_in):
    # Spam-flagged: hostile items are never approved in bulk (safe-moderation issue).
    items = [make_item(flags=(("spam", "medium"),)) for _ in range(2)]
    logged_in.post(reverse("moderation:queue_bulk"), {"action": "approve", "items": [i.pk for i in items]})
    assert ReviewItem.objects.filter(status="resolved", resolution="approved").count() == 2
    assert Comment.objects.filter(status=Status.VISIBLE).count() == 2


@pytest.mark.parametrize(
    "data", [{"action": "approve"}, {"action": "delete", "items": [1]}, {"action": "approve", "items": ["x"]}]
)
def test_bulk_rejects_bad_input(logged_in, data):
    make_item()
    assert logged_in.post(reverse("moderation:queue_bulk"), data).status_code == 400
    assert not ModerationAction.objects.exists()


def test_an_unsafe_removal_comes_with_the_crisis_resources(moderator, settings):
    settings.CRISIS_RESOURCES = [{"region": "Testland", "name": "Night Line", "contact": "Call 555 0100"}]
    item = make_item(status=Status.VISIBLE, flags=(("crisis", "high"),))
    decisions.item_remove(item_id=item.pk, moderator=moderator, reason="unsafe")
    assert "Night Line (Testland): Call 555 0100" in AuthorNotice.objects.get().message
