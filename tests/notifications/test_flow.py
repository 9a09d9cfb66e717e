"""Reply notifications end to end: the site, Redis, a real Celery worker and a loopback SMTP server.

The worker here is a thread of the test process (celery.contrib.testing start_worker through the shared
`celery_worker` fixture); it sends through Django's SMTP backend to the sink, never to locmem.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from moderation.models import ReviewItem, ScanRecord
from moderation.services import decisions
from moderation.services import items as item_services
from notifications import services
from notifications.models import Delivery, NotificationPlan, NotificationPreference
from tests.conftest import wait_for
from tests.factories import PostFactory, UserFactory, make_comment
from tests.moderation.queue_support import moderator_group

from .conftest import addresses_in

pytestmark = pytest.mark.django_db(transaction=True)

HOSTILE_TEXT = "Honestly you're such a drama queen. Nobody wants to read your moaning, get a grip."


def settled(comment) -> bool:
    """Planned, and none of its immediate deliveries still waiting or being sent."""
    if not NotificationPlan.objects.filter(comment=comment).exists():
        return False
    return not Delivery.objects.filter(comment=comment, mode="immediate", status__in=["planned", "sending"]).exists()


def say(*, post, user, parent=None, body):
    comment = make_comment(post=post, user=user, parent=parent, body=body)
    wait_for(lambda: settled(comment), timeout=30)
    wait_for(lambda: ScanRecord.objects.filter(comment=comment).exists(), timeout=30)
    return comment


def people():
    names = ["wren", "priya", "jonah", "lena", "tom", "marisol", "ade"]
    return {name: UserFactory(display_name=name.title(), email=f"{name}@people.example") for name in names}


def test_replaying_a_conversation_sends_exactly_the_expected_emails(celery_worker, smtp_settings):
    sink = smtp_settings
    p = people()
    p["tom"].email_verified_at = None
    p["tom"].save()
    post = PostFactory(author=p["wren"], title="Small steps this week")
    services.subscription_set(user=p["lena"], post=post, state="following")

    a = say(post=post, user=p["priya"], body="I finally opened the letter I had been avoiding.")
    b = say(post=post, user=p["jonah"], parent=a, body="That takes courage. How do you feel now?")
    c = say(post=post, user=p["wren"], parent=b, body="Jonah is right, that was brave.")
    d = say(post=post, user=p["tom"], body="I have one of those letters on my desk too.")
    e = say(post=post, user=p["marisol"], parent=d, body="Open it with a friend nearby?")
    services.subscription_set(user=p["marisol"], thread=d, state="muted")
    f = say(post=post, user=p["ade"], parent=c, body="Brave is the word. Well done, Priya.")
    g = say(post=post, user=p["priya"], parent=e, body="A friend nearby helped me, Marisol is right.")
    p["ade"].suspended_until = timezone.now() + timedelta(days=3)
    p["ade"].save()
    h = say(post=post, user=p["jonah"], parent=f, body="Agreed, Ade.")
    services.writer_mute_set(user=p["lena"], writer=p["priya"], muted=True)
    i = say(post=post, user=p["priya"], parent=h, body="Thank you all, truly.")

    expected = {
        "wren": [a, b, d, e, f, g, h, i],  # her post (f: a reply to her)
        "lena": [a, b, c, d, e, f, g, h],  # she follows the post; she muted priya before i
        "priya": [b, c, f, h],  # a reply to her, then the thread she started
        "jonah": [c, f, i],
        "marisol": [],  # g replies to her, but she muted that thread
        "tom": [],  # unverified
        "ade": [],  # suspended before h and i
    }
    for name, comments in expected.items():
        got = sink.to(p[name].email)
        assert sorted(_comment_of(m) for m in got) == sorted(x.pk for x in comments), name

    skipped = dict(
        Delivery.objects.filter(status="skipped").values_list("recipient__display_name", "skip_reason").distinct()
    )
    assert skipped == {"Tom": "unverified", "Marisol": "muted_thread", "Ade": "sanctioned", "Lena": "muted_writer"}

    # Well-formed, and nobody's address but the recipient's own anywhere in any header or body.
    participants = {user.email for user in p.values()}
    for received in sink.snapshot():
        message = received.message
        assert message["To"] == received.to
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message.get_body(("plain",)) is not None and message.get_body(("html",)) is not None
        assert addresses_in(message) & participants == {received.to}, received.to
    assert len(sink.snapshot()) == sum(len(c) for c in expected.values())


def _comment_of(received) -> int:
    """The comment an e-mail is about, from its permalink."""
    body = received.message.get_body(("plain",)).get_content()
    marker = "https://kindred.example/c/"
    start = body.index(marker) + len(marker)
    return int(body[start : body.index("/", start)])


def test_a_held_reply_emails_nobody_until_approved_then_the_right_people_once(client, celery_worker, smtp_settings):
    sink = smtp_settings
    author, priya, troll = UserFactory(), UserFactory(), UserFactory()
    moderator = UserFactory()
    moderator.groups.add(moderator_group("moderators"))
    post = PostFactory(author=author)
    top = say(post=post, user=priya, body="I told my therapist I felt hurt, and she listened.")
    sink.received.clear()

    client.force_login(troll)
    client.post(
        reverse("comments:comment_create", kwargs={"slug": post.slug}), {"body": HOSTILE_TEXT, "parent": top.pk}
    )
    reply = Comment.objects.get(parent=top)
    wait_for(lambda: ScanRecord.objects.filter(comment=reply).exists())
    reply.refresh_from_db()
    assert reply.status == "held"
    assert not NotificationPlan.objects.filter(comment=reply).exists()
    assert sink.to(priya.email) == [] and sink.to(author.email) == []

    item = ReviewItem.objects.get(comment=reply, status="open")
    item_services.item_claim(item_id=item.pk, moderator=moderator)
    decisions.item_approve(item_id=item.pk, moderator=moderator, confirmed=True)
    wait_for(lambda: settled(reply))
    wait_for(lambda: len(sink.to(priya.email)) == 1 and len(sink.to(author.email)) == 1)
    assert "replied to you" in sink.to(priya.email)[0].message["Subject"]
    # Publishing again (an edit checked later) is not news: no second e-mail.
    from comments.services import comment_publish

    assert comment_publish(comment=reply) is False
    assert services.unplanned_comment_ids(grace_seconds=0) == []
    assert len(sink.to(priya.email)) == 1


def _reply_to(priya_body="Thread start, nothing special."):
    author, priya, jonah = UserFactory(), UserFactory(), UserFactory()
    post = PostFactory(author=author)
    services.preferences_update(user=author, post_comments="off")
    top = say(post=post, user=priya, body=priya_body)  # its own planning is over before the test goes on
    return post, priya, jonah, top


def test_smtp_4xx_and_a_dropped_connection_then_success_give_one_email(celery_worker, smtp_settings):
    sink = smtp_settings
    post, priya, jonah, top = _reply_to()
    sink.misbehave(priya.email, "451", "drop", "451")
    reply = say(post=post, user=jonah, parent=top, body="One e-mail, in the end.")
    delivery = Delivery.objects.get(comment=reply, recipient=priya)
    assert delivery.status == "sent" and delivery.attempts == 4
    assert len(sink.to(priya.email)) == 1
    assert sink.attempts.count(priya.email) == 4


def test_a_5xx_refusal_marks_the_address_failing_and_stops_sending(celery_worker, smtp_settings):
    sink = smtp_settings
    post, priya, jonah, top = _reply_to()
    sink.misbehave(priya.email, "550")
    first = say(post=post, user=jonah, parent=top, body="Are you there?")
    assert Delivery.objects.get(comment=first, recipient=priya).status == "failed"
    assert NotificationPreference.objects.get(user=priya).address_failing(priya.email)
    second = say(post=post, user=jonah, parent=top, body="Hello again.")
    assert Delivery.objects.get(comment=second, recipient=priya).skip_reason == "address_failing"
    assert sink.attempts.count(priya.email) == 1 and sink.to(priya.email) == []


def test_a_permanent_error_fails_the_delivery_and_alerts_operators(celery_worker, smtp_settings, settings):
    sink = smtp_settings
    settings.NOTIFY_OPERATOR_EMAILS = ["ops@kindred.example"]
    post, priya, jonah, top = _reply_to()
    sink.misbehave(priya.email, "554")
    reply = say(post=post, user=jonah, parent=top, body="Refused by policy.")
    delivery = Delivery.objects.get(comment=reply, recipient=priya)
    assert delivery.status == "failed" and "554" in delivery.error
    assert not NotificationPreference.objects.filter(user=priya).exclude(failing_address="").exists()
    [alert] = wait_for(lambda: sink.to("ops@kindred.example"))
    assert "Notification e-mail problem" in alert.message["Subject"]


def test_a_comment_removed_before_its_send_time_sends_nothing(celery_worker, smtp_settings, settings):
    sink = smtp_settings
    settings.NOTIFY_SEND_DELAY_SECONDS = 2
    post, priya, jonah, top = _reply_to()
    reply = make_comment(post=post, user=jonah, parent=top, body="Oops, wrong thread.")
    delivery = wait_for(lambda: Delivery.objects.filter(comment=reply, recipient=priya).first())
    assert delivery.status == "planned"
    from comments.services import comment_delete

    comment_delete(comment=reply, user=jonah)
    wait_for(lambda: Delivery.objects.get(pk=delivery.pk).status == "skipped", timeout=15)
    assert Delivery.objects.get(pk=delivery.pk).skip_reason == "not_visible"
    assert sink.to(priya.email) == []


def test_the_sweeper_plans_what_a_dead_broker_lost(celery_worker, smtp_settings):
    """A comment published while nothing could be enqueued: beat's sweeper plans and sends it once."""
    sink = smtp_settings
    post, priya, jonah, top = _reply_to()
    reply = make_comment(post=post, user=jonah, parent=top, body="Sent late but sent.")
    wait_for(lambda: settled(reply))
    # Pretend the planning never happened, as if the broker had been down at commit.
    NotificationPlan.objects.filter(comment=reply).delete()
    Delivery.objects.filter(comment=reply).delete()
    sink.received.clear()
    Comment.objects.filter(pk=reply.pk).update(published_at=timezone.now() - timedelta(minutes=2))
    from notifications.tasks import notify_sweep_task

    notify_sweep_task.delay()
    wait_for(lambda: len(sink.to(priya.email)) == 1)
    notify_sweep_task.delay()
    wait_for(lambda: settled(reply))
    assert len(sink.to(priya.email)) == 1


def test_a_comment_with_many_recipients_is_planned_in_chunk_tasks(celery_worker, smtp_settings, settings):
    sink = smtp_settings
    settings.NOTIFY_CHUNK_SIZE = 2
    post, priya, jonah, top = _reply_to()
    followers = [UserFactory() for _ in range(5)]
    for user in followers:
        services.subscription_set(user=user, thread=top, state="following")
    reply = make_comment(post=post, user=jonah, parent=top, body="Hello, everyone following along.")
    # With several chunks the plan exists before all its deliveries do: wait for all seven.
    wait_for(lambda: Delivery.objects.filter(comment=reply).count() == 7 and settled(reply), timeout=30)
    # priya, the five followers and the post's author (who switched those e-mails off): 7 in chunks of 2
    assert NotificationPlan.objects.get(comment=reply).chunks == 4
    for user in [priya, *followers]:
        assert len(sink.to(user.email)) == 1
    assert len(sink.snapshot()) == 6


def _path(url: str) -> str:
    assert url.startswith("https://kindred.example/")
    return url[len("https://kindred.example") :]


def test_the_links_and_headers_of_a_received_email_work_without_logging_in(celery_worker, smtp_settings):
    import re

    from django.test import Client

    from notifications.models import Subscription

    sink = smtp_settings
    post, priya, jonah, top = _reply_to()
    say(post=post, user=jonah, parent=top, body="First reply.")
    [received] = sink.to(priya.email)
    browser = Client(enforce_csrf_checks=True)  # not logged in, no CSRF token: a mail client or a phone

    text = received.message.get_body(("plain",)).get_content()
    mute_url = re.search(r"Stop e-mails about this conversation: (\S+)", text).group(1)
    assert browser.get(_path(mute_url)).status_code == 200
    assert Subscription.objects.get(user=priya, thread=top).state == "following"  # a GET alone changes nothing

    # She mutes the thread from the e-mail: the next reply to her there is skipped, and says why.
    assert browser.post(_path(mute_url)).status_code == 200
    assert Subscription.objects.get(user=priya, thread=top).state == "muted"
    second = say(post=post, user=jonah, parent=top, body="Second reply.")
    assert Delivery.objects.get(comment=second, recipient=priya).skip_reason == "muted_thread"

    # The mail client's RFC 8058 one-click POST to the List-Unsubscribe URL stops every reply notification,
    # so no other reason (her post, a thread she follows) takes over from the one she unsubscribed from.
    unsubscribe_url = str(received.message["List-Unsubscribe"]).strip().strip("<>")
    response = browser.post(
        _path(unsubscribe_url), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    prefs = NotificationPreference.objects.get(user=priya)
    assert (prefs.replies, prefs.post_comments, prefs.following) == ("off", "off", "off")
    elsewhere = say(post=post, user=jonah, parent=None, body="A new thread she does not follow.")
    answer = say(post=post, user=priya, parent=elsewhere, body="Priya joins it, and so follows it.")
    third = say(post=post, user=jonah, parent=answer, body="Third reply, to her, in a thread she follows.")
    assert Delivery.objects.get(comment=third, recipient=priya).skip_reason == "preference_off"
    assert len(sink.to(priya.email)) == 1
