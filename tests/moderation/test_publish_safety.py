"""Nothing is published by accident (claims, confirmation, bulk), and a crisis comment can be closed privately."""

import time

import pytest
from django.urls import reverse

from comments.models import Comment
from comments.services import comment_edit
from moderation.models import AuthorNotice, CareFlag, ModerationAction, PolicyDecision, ReviewItem
from moderation.services import alerts, decisions, scan
from moderation.services import items as item_services
from notifications.models import Delivery, NotificationPlan
from tests.conftest import wait_for
from tests.factories import PostFactory, UserFactory, make_comment
from tests.moderation.queue_support import make_item, make_moderator, make_post_item

pytestmark = pytest.mark.django_db
Status = Comment.Status


@pytest.fixture
def moderator():
    return make_moderator(display_name="Robin")


@pytest.fixture
def logged_in(client, moderator):
    client.force_login(moderator)
    return client


def url(name, item):
    return reverse(f"moderation:{name}", kwargs={"pk": item.pk})


def snapshot(item):
    """Everything a refused or unconfirmed decision must leave as it was."""
    item.refresh_from_db()
    comment = Comment.objects.get(pk=item.comment_id) if item.comment_id else None
    return {
        "item": (item.status, item.resolution, item.claimed_by_id, item.claimed_until, item.first_action_at),
        "comment": (comment.status, comment.body, comment.published_at) if comment else None,
        "flags": list(CareFlag.objects.order_by("pk").values_list("pk", "dismissed")),
        "audit": ModerationAction.objects.count(),
        "notices": AuthorNotice.objects.count(),
        "plans": NotificationPlan.objects.count(),
    }


# --- claims ------------------------------------------------------------------------------------------------

DECISIONS = [
    ("item_approve", {"confirmed": "on"}),
    ("item_keep", {"confirmed": "on"}),
    ("item_keep_private", {"note": "Reached out; stays private."}),
    ("item_remove", {"reason": "unsafe"}),
    ("item_escalate", {}),
    ("item_redact", {"body": "Some words taken out."}),
    ("item_dismiss", {"confirmed": "on"}),
    ("item_warn", {"message": "Please keep it kind."}),
    ("item_reached_out", {"message": "We read what you wrote and we're here."}),
]


@pytest.mark.parametrize("name,data", DECISIONS)
def test_a_decision_on_an_item_another_moderator_holds_is_refused_and_changes_nothing(logged_in, name, data):
    item = make_item(flags=(("crisis", "high"),), crisis=True, urgent=True)
    item_services.item_claim(item_id=item.pk, moderator=make_moderator(display_name="Alex"))
    if name == "item_dismiss":
        data = {**data, "flag": CareFlag.objects.get(comment_id=item.comment_id).pk}
    before = snapshot(item)

    response = logged_in.post(url(name, item), data)

    assert response.status_code == 409
    assert "Alex is working on this item until" in response.content.decode()
    assert "Nothing was changed" in response.content.decode()
    assert snapshot(item) == before


def test_a_decision_claims_the_item_for_the_deciding_moderator_in_the_same_post(logged_in, moderator):
    item = make_item(flags=(("personal_info", "medium"),), body="Call me on 07700 900123")
    response = logged_in.post(url("item_redact", item), {"body": "Call me (number taken out)"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.claimed_by == moderator  # an implicit claim: nobody else can decide it now
    other = make_moderator(display_name="Alex")
    with pytest.raises(item_services.ActionRefused, match="Robin is working on this item"):
        decisions.item_approve(item_id=item.pk, moderator=other, confirmed=True)


@pytest.mark.parametrize("action", ["approve", "remove"])
def test_a_bulk_action_skips_an_item_another_moderator_holds_and_names_who(logged_in, action):
    held = make_item(flags=(("spam", "medium"),))
    item_services.item_claim(item_id=held.pk, moderator=make_moderator(display_name="Alex"))
    free = make_item(flags=(("spam", "medium"),))
    before = snapshot(held)

    response = logged_in.post(
        reverse("moderation:queue_bulk"), {"action": action, "items": [held.pk, free.pk]}, follow=True
    )

    page = response.content.decode()
    assert f"Item {held.pk} was skipped: Alex is working on this item until" in page
    assert snapshot(held)["item"] == before["item"] and snapshot(held)["comment"] == before["comment"]
    assert not ModerationAction.objects.filter(item=held).exclude(action="claimed").exists()
    free.refresh_from_db()
    assert free.status == "resolved"


def test_a_keep_decision_from_the_list_on_an_item_another_moderator_holds_is_refused(logged_in):
    from moderation.models import Report

    reported = make_item(flags=(), status=Status.VISIBLE, reason="reported", report_count=1)
    Report.objects.create(
        post=reported.post, comment=reported.comment, item=reported, reporter=UserFactory(), reason="other"
    )
    item_services.item_claim(item_id=reported.pk, moderator=make_moderator(display_name="Alex"))
    before = snapshot(reported)

    response = logged_in.post(url("item_keep", reported), {"from": "list"})

    assert response.status_code == 409 and "Alex is working on this item" in response.content.decode()
    assert snapshot(reported) == before


# --- confirmation ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("category", ["crisis", "hostile", "personal_info"])
@pytest.mark.parametrize("action", ["item_approve", "item_keep", "item_dismiss"])
def test_publishing_a_flagged_comment_without_confirmed_changes_nothing_and_says_what_will_happen(
    logged_in, category, action, django_capture_on_commit_callbacks
):
    post = PostFactory(title="Small steps")
    lena = UserFactory(display_name="Lena")
    item = make_item(post=post, author=lena, flags=((category, "medium"),), crisis=category == "crisis")
    data = {"note": "Looks fine to me"}
    if action == "item_dismiss":
        data["flag"] = CareFlag.objects.get(comment_id=item.comment_id).pk
    before = snapshot(item)

    with django_capture_on_commit_callbacks() as callbacks:
        response = logged_in.post(url(action, item), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Lena’s comment will be shown to everyone in the thread and" in page
    assert "Nothing has changed yet" in page
    # The confirm button sends the same decision again, with `confirmed` and the note.
    assert f'action="{url(action, item)}"' in page
    assert 'name="confirmed" value="on"' in page
    assert "Looks fine to me" in page
    assert snapshot(item) == before
    assert callbacks == []  # no e-mail, no task

    confirmed = {**data, "confirmed": "on"}
    assert logged_in.post(url(action, item), confirmed).status_code == 302
    assert Comment.objects.get(pk=item.comment_id).status == Status.VISIBLE
    assert ModerationAction.objects.get(item=item, action__in=["approved", "kept", "flag_dismissed"]).note == (
        "Looks fine to me"
    )


def test_a_comment_without_a_sensitive_flag_is_approved_at_once(logged_in):
    item = make_item(flags=(("spam", "medium"),))
    assert logged_in.post(url("item_approve", item)).status_code == 302
    assert Comment.objects.get(pk=item.comment_id).status == Status.VISIBLE


def test_a_readers_report_of_a_sensitive_kind_also_asks_first(logged_in):
    from moderation.models import Report

    item = make_item(flags=(), reason="reported", report_count=1)
    Report.objects.create(post=item.post, comment=item.comment, item=item, reporter=UserFactory(), reason="hostile")
    response = logged_in.post(url("item_approve", item))
    assert response.status_code == 200 and "It was flagged: <strong>hostile</strong>" in response.content.decode()
    assert Comment.objects.get(pk=item.comment_id).status == Status.HELD


def test_dismissing_one_of_two_flags_needs_no_confirmation_as_nothing_is_published(logged_in):
    item = make_item(flags=(("hostile", "medium"), ("spam", "low")))
    hostile = CareFlag.objects.get(comment_id=item.comment_id, category="hostile")
    assert logged_in.post(url("item_dismiss", item), {"flag": hostile.pk}).status_code == 302
    assert Comment.objects.get(pk=item.comment_id).status == Status.HELD


@pytest.mark.django_db(transaction=True)
def test_the_confirmations_count_is_the_number_of_deliveries_then_planned(
    client, celery_worker, smtp_settings, marker_pipeline
):
    post_author = UserFactory(display_name="Wren")
    post = PostFactory(author=post_author, title="Small steps")
    priya, jonah, tom, ade, lena = (UserFactory(display_name=n) for n in ("Priya", "Jonah", "Tom", "Ade", "Lena"))
    from notifications import services as notify

    top = make_comment(post=post, user=priya, body="I told my therapist I felt hurt.")
    notify.subscription_set(user=jonah, post=post, state="following")
    notify.preferences_update(user=jonah, following="daily")  # in the digest: still e-mailed
    notify.subscription_set(user=tom, post=post, state="following")
    tom.email_verified_at = None  # unverified: planned as skipped, never e-mailed
    tom.save()
    notify.subscription_set(user=ade, thread=top, state="muted")
    notify.subscription_set(user=ade, post=post, state="following")

    reply = make_comment(
        post=post, user=lena, parent=top, body="My number is 07700 900123 [personal_info]", checked=False
    )
    wait_for(lambda: Comment.objects.filter(pk=reply.pk, status=Status.HELD).exists())
    item = wait_for(lambda: ReviewItem.objects.filter(comment=reply, status="open").first())
    moderator = make_moderator(display_name="Robin")
    client.force_login(moderator)

    response = client.post(url("item_approve", item))
    effect = response.context["effect"]
    assert effect.emailed == 3 and effect.daily == 1  # Wren, Priya, Jonah (daily); not Tom, Ade or Lena
    assert "Lena’s comment will be shown to everyone in the thread and 3 people will be e-mailed" in (
        response.content.decode()
    )
    assert not NotificationPlan.objects.filter(comment=reply).exists()

    assert client.post(url("item_approve", item), {"confirmed": "on"}).status_code == 302
    wait_for(lambda: NotificationPlan.objects.filter(comment=reply).exists())
    wait_for(lambda: Delivery.objects.filter(comment=reply).count() >= 4)
    planned = Delivery.objects.filter(comment=reply, skip_reason="")
    assert planned.count() == effect.emailed
    assert planned.filter(mode="daily").count() == effect.daily
    # Tom (unverified) is planned as skipped; Ade muted the thread, so he has no reason at all.
    skipped = Delivery.objects.filter(comment=reply).exclude(skip_reason="")
    assert list(skipped.values_list("recipient", flat=True)) == [tom.pk]
    assert not Delivery.objects.filter(comment=reply, recipient=ade).exists()


# --- bulk --------------------------------------------------------------------------------------------------


def test_the_bulk_form_has_no_default_action(logged_in):
    make_item(flags=(("spam", "medium"),))
    page = logged_in.get(reverse("moderation:queue")).content.decode()
    assert '<option value="" selected>Choose an action</option>' in page
    assert 'name="action" required' in page


def test_bulk_without_an_action_is_a_clear_error_and_changes_nothing(logged_in):
    item = make_item(flags=(("spam", "medium"),))
    before = snapshot(item)
    response = logged_in.post(reverse("moderation:queue_bulk"), {"items": [item.pk]})
    assert response.status_code == 400
    assert "Please choose what to do with the ticked items. Nothing was changed." in response.content.decode()
    assert snapshot(item) == before


@pytest.mark.parametrize("action", ["approve", "remove"])
def test_bulk_never_includes_crisis_hostile_or_personal_info_items_and_the_rest_proceed(logged_in, action):
    spam = [make_item(flags=(("spam", "medium"),)) for _ in range(2)]
    crisis = make_item(author=UserFactory(display_name="Lena"), flags=(("crisis", "high"),), crisis=True, urgent=True)
    hostile = make_item(author=UserFactory(display_name="Tom"), flags=(("hostile", "medium"), ("spam", "low")))
    personal = make_item(author=UserFactory(display_name="Ade"), flags=(("personal_info", "medium"),))
    post_item = make_post_item()  # a post with personal details
    sensitive = [crisis, hostile, personal, post_item]
    response = logged_in.post(
        reverse("moderation:queue_bulk"),
        {"action": action, "items": [i.pk for i in [*spam, *sensitive]]},
        follow=True,
    )

    page = response.content.decode()
    assert "Not included, and not changed:" in page
    assert f"item {crisis.pk} (Lena’s comment: crisis)" in page
    assert f"item {hostile.pk} (Tom’s comment: hostile)" in page
    assert f"item {personal.pk} (Ade’s comment: personal details)" in page
    assert f"item {post_item.pk} (the post “{post_item.post.title}”: personal details)" in page
    for item in sensitive:
        item.refresh_from_db()
        assert item.status == "open" and item.claimed_by is None
        assert not ModerationAction.objects.filter(item=item).exists()
    for item in crisis, hostile, personal:
        assert Comment.objects.get(pk=item.comment_id).status == Status.HELD
    # The spam items were decided: bulk is for spam waves, and a mis-ticked sensitive item doesn't stop it.
    done = ReviewItem.objects.filter(pk__in=[i.pk for i in spam], status="resolved").count()
    assert done == 2


# --- handled, keep private ---------------------------------------------------------------------------------


def crisis_item(**fields):
    fields.setdefault("author", UserFactory(display_name="Lena"))
    item = make_item(
        body="I can't see a way through this any more.",
        flags=(("crisis", "high"),),
        reason="crisis",
        crisis=True,
        urgent=True,
        **fields,
    )
    if item.comment.status == Status.HELD:
        Comment.objects.filter(pk=item.comment_id).update(published_at=None)  # held by its check: never shown
    return item


def test_keep_private_closes_the_item_keeps_the_comment_held_and_never_publishes(
    logged_in, moderator, django_capture_on_commit_callbacks, monkeypatch
):
    item = crisis_item()
    published = []
    monkeypatch.setattr(decisions, "comment_publish", lambda **kwargs: published.append(kwargs))
    monkeypatch.setattr(scan, "comment_publish", lambda **kwargs: published.append(kwargs))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = logged_in.post(url("item_keep_private", item), {"note": "Reached out by e-mail; keep it private."})
    assert response.status_code == 302

    comment = Comment.objects.get(pk=item.comment_id)
    assert comment.status == Status.HELD and comment.published_at is None
    assert not NotificationPlan.objects.exists() and not Delivery.objects.exists()
    assert len(callbacks) == 1  # the author's notice e-mail, and nothing else (no reply notifications)
    assert published == []  # never through the one "comment becomes visible" service
    item.refresh_from_db()
    assert (item.status, item.resolution, item.resolved_by) == ("resolved", "kept_private", moderator)
    row = ModerationAction.objects.get(item=item, action="kept_private")
    assert row.note == "Reached out by e-mail; keep it private."
    assert row.before["comment"] == "held" and row.after["comment"] == "held"
    assert row.after["author_told"] == "kept_private"

    notice = AuthorNotice.objects.get(user=comment.commenter.user, comment=comment)
    assert notice.kind == "kept_private"
    assert "keep it private" in notice.message and "don't have to carry this alone" in notice.message
    assert "Samaritans" in notice.message or "988" in notice.message  # the crisis resources
    assert "removed" not in notice.message.lower() and "appeal" not in notice.message.lower()


def test_the_author_reads_a_kind_notice_without_an_appeal(client, logged_in):
    item = crisis_item()
    logged_in.post(url("item_keep_private", item), {"note": "Kept private."})
    author = Comment.objects.get(pk=item.comment_id).commenter.user
    client.force_login(author)
    page = client.get(reverse("moderation:notices")).content.decode()
    assert "Your comment stays private" in page
    assert "Ask for another look" not in page and "removed" not in page.lower()
    assert "See your comment" in page  # held: they can still read it


def test_keep_private_needs_a_note(logged_in):
    item = crisis_item()
    before = snapshot(item)
    response = logged_in.post(url("item_keep_private", item), {"note": "  "})
    assert response.status_code == 400
    assert "Please add a note" in response.content.decode()
    assert snapshot(item) == before


def test_keep_private_applies_to_crisis_comments_only(logged_in):
    post_item = make_post_item(crisis=True)
    response = logged_in.post(url("item_keep_private", post_item), {"note": "n"})
    assert response.status_code == 409 and "comments only" in response.content.decode()
    hostile = make_item(flags=(("hostile", "medium"),))
    response = logged_in.post(url("item_keep_private", hostile), {"note": "n"})
    assert response.status_code == 409 and "for crisis items" in response.content.decode()
    assert not ModerationAction.objects.exists()


def test_keep_private_hides_a_visible_crisis_comment(logged_in):
    item = crisis_item(status=Status.VISIBLE)
    Comment.objects.filter(pk=item.comment_id).update(published_at=item.opened_at)
    assert logged_in.post(url("item_keep_private", item), {"note": "Too raw to stay public."}).status_code == 302
    assert Comment.objects.get(pk=item.comment_id).status == Status.HELD


def test_a_later_clean_edit_of_a_kept_private_comment_stays_held_quietly(logged_in, marker_pipeline):
    item = crisis_item()
    logged_in.post(url("item_keep_private", item), {"note": "Kept private."})
    comment = Comment.objects.get(pk=item.comment_id)
    notices_before = AuthorNotice.objects.count()

    comment_edit(comment=comment, user=comment.commenter.user, body="Feeling a bit steadier tonight, thank you.")
    scan.comment_scan(comment_id=comment.pk)

    comment.refresh_from_db()
    assert comment.status == Status.HELD and comment.published_at is None
    assert comment.body == "Feeling a bit steadier tonight, thank you."
    assert not ReviewItem.objects.filter(comment=comment, status="open").exists()  # no new item
    assert AuthorNotice.objects.count() == notices_before  # no "waiting for a moderator" notice
    decision = PolicyDecision.objects.get(comment=comment, revision=comment.revision, action="held")
    assert decision.detail == "kept private by a moderator"
    assert not NotificationPlan.objects.exists()


def test_a_later_edit_that_raises_a_crisis_again_opens_an_urgent_item(logged_in, marker_pipeline):
    item = crisis_item()
    logged_in.post(url("item_keep_private", item), {"note": "Kept private."})
    comment = Comment.objects.get(pk=item.comment_id)
    comment_edit(comment=comment, user=comment.commenter.user, body="It's tonight. [crisis:high]")
    scan.comment_scan(comment_id=comment.pk)
    comment.refresh_from_db()
    assert comment.status == Status.HELD
    assert ReviewItem.objects.get(comment=comment, status="open").urgent


def test_a_kept_private_comment_with_replies_is_a_tombstone_for_others(client, logged_in):
    item = crisis_item(status=Status.VISIBLE)  # a crisis comment others could read and answer
    comment = Comment.objects.get(pk=item.comment_id)
    make_comment(post=comment.post, parent=comment, body="Sending you a hug, I'm here if you want to talk.")
    logged_in.post(url("item_keep_private", item), {"note": "Kept private."})

    client.logout()
    page = client.get(comment.post.get_absolute_url()).content.decode()
    assert "Sending you a hug" in page
    assert "Comment awaiting review" in page  # the tombstone keeps the reply in its place
    assert "see a way through" not in page

    client.force_login(comment.commenter.user)
    assert "see a way through" in client.get(comment.post.get_absolute_url()).content.decode()


def test_the_decided_item_page_says_the_comment_is_kept_private(logged_in):
    item = crisis_item()
    logged_in.post(url("item_keep_private", item), {"note": "Kept private."})
    page = logged_in.get(url("item", item)).content.decode()
    assert "status: <strong>kept private (held)</strong>" in page
    assert "Decided by <bdi>Robin</bdi>" in page and "<strong>kept private</strong>" in page


def test_the_item_page_offers_keep_private_for_a_crisis_comment_only(logged_in):
    crisis = crisis_item()
    hostile = make_item(flags=(("hostile", "medium"),))
    assert "Handled, keep private" in logged_in.get(url("item", crisis)).content.decode()
    assert "Handled, keep private" not in logged_in.get(url("item", hostile)).content.decode()


@pytest.mark.django_db(transaction=True)
def test_keep_private_emails_only_the_author_through_a_real_worker(
    client, celery_worker, smtp_settings, marker_pipeline
):
    sink = smtp_settings
    moderator = make_moderator(email="mod@people.example")
    wren = UserFactory(display_name="Wren", email="wren@people.example")
    priya = UserFactory(display_name="Priya", email="priya@people.example")
    lena = UserFactory(display_name="Lena", email="lena@people.example")
    post = PostFactory(author=wren)
    parent = make_comment(post=post, user=priya, body="How has your week been?")
    wait_for(lambda: NotificationPlan.objects.filter(comment=parent).exists())
    reply = make_comment(post=post, user=lena, parent=parent, body="It's tonight. [crisis:high]", checked=False)
    item = wait_for(lambda: ReviewItem.objects.filter(comment=reply, status="open", crisis=True).first())
    wait_for(lambda: sink.to("lena@people.example"))  # "waiting for a moderator"
    wait_for(lambda: sink.to("mod@people.example"))  # the urgent alert
    before = {address: len(sink.to(address)) for address in ("wren@people.example", "priya@people.example")}

    client.force_login(moderator)
    assert client.post(url("item_keep_private", item), {"note": "Kept private."}).status_code == 302

    def private_notice():
        return [r for r in sink.to("lena@people.example") if r.message["Subject"].startswith("Your comment stays")]

    message = wait_for(private_notice)[0].message
    text = message.get_body(("plain",)).get_content()
    assert "keep it private" in text and "https://kindred.example/help/" in text
    assert "removed" not in text.lower() and "mistake" not in text.lower()
    time.sleep(1)  # give the worker time to send anything else it (wrongly) had
    assert {address: len(sink.to(address)) for address in before} == before
    reply.refresh_from_db()
    assert reply.status == Status.HELD and reply.published_at is None
    assert not NotificationPlan.objects.filter(comment=reply).exists()
    assert not Delivery.objects.filter(comment=reply).exists()


# --- the urgent alert --------------------------------------------------------------------------------------


def test_the_urgent_alert_links_to_the_queue_item_not_the_public_page(
    smtp_settings, settings, inline_email, django_capture_on_commit_callbacks
):
    sink = smtp_settings
    settings.CARE_ALERT_EMAIL = "on-call@example.org"
    make_moderator(email="mod@example.org")
    item = crisis_item()

    with django_capture_on_commit_callbacks(execute=True):  # the alert e-mails are queued on commit
        assert alerts.care_alert_send(item_id=item.pk) >= 1

    received = sink.to("mod@example.org")
    assert len(received) == 1
    text = received[0].message.get_body(("plain",)).get_content()
    html = received[0].message.get_body(("html",)).get_content()
    queue_url = "https://kindred.example" + reverse("moderation:item", kwargs={"pk": item.pk})
    public_url = "https://kindred.example" + Comment.objects.get(pk=item.comment_id).get_absolute_url()
    assert queue_url in text and f'href="{queue_url}"' in html
    assert public_url not in text and public_url not in html
