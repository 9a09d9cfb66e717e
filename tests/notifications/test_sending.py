"""Sending one delivery in-process (Django's locmem backend): the e-mail, the re-check, the claim, errors."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from comments.models import Comment, Post
from moderation.models import CareFlag
from notifications import services
from notifications.models import Delivery, NotificationPreference
from tests.factories import PostFactory, UserFactory, make_comment

from .conftest import addresses_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://kindred.example"
    settings.DEFAULT_FROM_EMAIL = "Kindred <no-reply@kindred.example>"


def planned_reply(body="I felt exactly that. Tell her <b>anyway</b> & see what happens."):
    author = UserFactory(display_name="Wren", email="wren@example.org")
    priya = UserFactory(display_name="Priya K.", email="priya@example.org")
    jonah = UserFactory(display_name="Jonah", email="jonah@example.org")
    post = PostFactory(author=author, title="The thing I haven't told my therapist")
    top = make_comment(post=post, user=priya, body="I never know how to bring things up.")
    reply = make_comment(post=post, user=jonah, parent=top, body=body)
    for chunk in services.comment_notifications_plan(comment_id=reply.pk):
        services.comment_notifications_plan_chunk(comment_id=reply.pk, user_ids=chunk)
    return reply, Delivery.objects.get(comment=reply, recipient=priya), priya


def test_the_reply_email(mailoutbox):
    reply, delivery, priya = planned_reply()
    assert services.delivery_send(delivery_id=delivery.pk).outcome == "sent"

    [message] = mailoutbox
    assert message.to == ["priya@example.org"] and message.cc == [] and message.bcc == []
    assert message.subject == "Jonah replied to you on “The thing I haven't told my therapist”"
    permalink = f"https://kindred.example/c/{reply.pk}/"
    assert permalink in message.body
    assert "Tell her <b>anyway</b> & see what happens." in message.body  # plain text is not HTML
    assert "someone replied to your comment" in message.body
    [(html, _)] = message.alternatives
    assert "Tell her &lt;b&gt;anyway&lt;/b&gt; &amp; see what happens." in html
    assert permalink in html
    headers = message.message()
    unsubscribe = headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://kindred.example/notifications/u/") and unsubscribe.endswith("/>")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Nobody else's address: only hers and the site's sender.
    assert addresses_in(headers) == {"priya@example.org", "no-reply@kindred.example"}
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.sent_at and delivery.attempts == 1


def test_a_long_reply_is_cut_at_a_word():
    long = "word " * 200
    text = services.excerpt(long, limit=50)
    assert len(text) <= 51 and text.endswith("word…")


def test_addresses_typed_into_a_name_or_a_comment_are_left_out(mailoutbox):
    reply, delivery, priya = planned_reply(body="write to me at jonah.private@example.net any time")
    reply.commenter.display_name = "jonah@example.org"
    reply.commenter.save()
    services.delivery_send(delivery_id=delivery.pk)
    [message] = mailoutbox
    assert addresses_in(message.message()) == {"priya@example.org", "no-reply@kindred.example"}
    assert "[address hidden]" in message.body


def test_crisis_flagged_comments_are_sent_without_their_words(mailoutbox):
    reply, delivery, priya = planned_reply(body="Some words that stay on the site.")
    CareFlag.objects.create(
        post=reply.post,
        comment=reply,
        revision=1,
        category="crisis",
        severity="medium",
        score=0.9,
        classifier="test",
        classifier_version="1",
    )
    services.delivery_send(delivery_id=delivery.pk)
    [message] = mailoutbox
    assert "Some words" not in message.body and "Some words" not in message.alternatives[0][0]
    assert "left the words out" in message.body


@pytest.mark.parametrize(
    ("category", "said"), [("crisis", "left the words out"), ("personal_info", "personal details")]
)
def test_comments_flagged_for_a_crisis_or_personal_details_are_sent_without_their_words(mailoutbox, category, said):
    reply, delivery, priya = planned_reply(body="Call me on 07700 900123, I'm at 4 Elm Road.")
    CareFlag.objects.create(
        post=reply.post,
        comment=reply,
        revision=1,
        category=category,
        severity="medium",
        score=0.9,
        classifier="test",
        classifier_version="1",
    )
    services.delivery_send(delivery_id=delivery.pk)
    [message] = mailoutbox
    html = message.alternatives[0][0]
    for part in (message.body, html):
        assert "07700" not in part and "Elm Road" not in part
        assert said in part
        assert f"/c/{reply.pk}/" in part  # the words stay on the site, one link away


def test_a_dismissed_personal_info_flag_lets_the_words_into_the_email(mailoutbox):
    reply, delivery, priya = planned_reply(body="My cat is called 555, which confuses the care check.")
    CareFlag.objects.create(
        post=reply.post,
        comment=reply,
        revision=1,
        category="personal_info",
        severity="low",
        score=0.6,
        classifier="test",
        classifier_version="1",
        dismissed=True,
    )
    services.delivery_send(delivery_id=delivery.pk)
    assert "My cat is called 555" in mailoutbox[0].body


def test_no_content_preference(mailoutbox):
    reply, delivery, priya = planned_reply(body="Some words that stay on the site.")
    services.preferences_update(user=priya, no_content=True)
    services.delivery_send(delivery_id=delivery.pk)
    assert "Some words" not in mailoutbox[0].body
    assert f"/c/{reply.pk}/" in mailoutbox[0].body


@pytest.mark.parametrize("status", ["removed", "deleted", "held"])
def test_a_comment_hidden_before_its_send_time_sends_nothing(mailoutbox, status):
    reply, delivery, priya = planned_reply()
    Comment.objects.filter(pk=reply.pk).update(status=status)
    assert services.delivery_send(delivery_id=delivery.pk).outcome == "skipped"
    assert mailoutbox == []
    delivery.refresh_from_db()
    assert (delivery.status, delivery.skip_reason) == ("skipped", "not_visible")


def test_the_recipient_is_checked_again_right_before_sending(mailoutbox):
    reply, delivery, priya = planned_reply()
    services.writer_mute_set(user=priya, writer=reply.commenter.user, muted=True)
    services.delivery_send(delivery_id=delivery.pk)
    assert mailoutbox == []
    delivery.refresh_from_db()
    assert delivery.skip_reason == "muted_writer"


def test_switching_to_the_digest_after_planning_moves_the_delivery(mailoutbox):
    reply, delivery, priya = planned_reply()
    services.preferences_update(user=priya, replies="daily")
    assert services.delivery_send(delivery_id=delivery.pk).outcome == "to_digest"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.mode) == ("planned", "daily")
    assert mailoutbox == []


def test_only_one_claim_wins(mailoutbox):
    reply, delivery, priya = planned_reply()
    assert services.delivery_send(delivery_id=delivery.pk).outcome == "sent"
    assert services.delivery_send(delivery_id=delivery.pk).outcome == "not_claimed"
    assert len(mailoutbox) == 1


def test_a_delivery_is_not_sent_before_its_time(settings, mailoutbox):
    settings.NOTIFY_SEND_DELAY_SECONDS = 120
    reply, delivery, priya = planned_reply()
    assert services.delivery_send(delivery_id=delivery.pk).outcome == "not_claimed"
    assert delivery.pk not in services.deliveries_due()
    Delivery.objects.filter(pk=delivery.pk).update(send_after=timezone.now() - timedelta(minutes=10))
    assert delivery.pk in services.deliveries_due()


@pytest.mark.parametrize(
    "error, kind",
    [
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"no such user")}), "recipient"),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (451, b"busy")}), "transient"),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"5.1.1 <a@example.org>: User unknown")}), "recipient"),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (552, b"5.2.2 Mailbox full")}), "recipient"),
        # Refusals at RCPT TO that are about our server or its setup, not about the address.
        (
            smtplib.SMTPRecipientsRefused({"a@example.org": (554, b"5.7.1 <a@example.org>: Relay access denied")}),
            "permanent",
        ),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"5.7.54 Unable to relay recipient")}), "permanent"),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"relay not permitted")}), "permanent"),
        (smtplib.SMTPServerDisconnected("gone"), "transient"),
        (smtplib.SMTPDataError(451, b"later"), "transient"),
        (smtplib.SMTPDataError(554, b"policy"), "permanent"),
        (smtplib.SMTPSenderRefused(553, b"bad sender", "no-reply@x"), "permanent"),
        (smtplib.SMTPAuthenticationError(535, b"bad credentials"), "permanent"),
        (ConnectionRefusedError(111, "refused"), "transient"),
        (TimeoutError(), "transient"),
        (ValueError("template"), "permanent"),
    ],
)
def test_error_classification(error, kind):
    assert services.classify_error(error) == kind


def _failing_send(monkeypatch, error):
    def send(self, *args, **kwargs):
        raise error

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", send)


def test_a_transient_error_puts_the_delivery_back_with_backoff(monkeypatch, settings):
    settings.NOTIFY_RETRY_BASE_SECONDS = 30
    reply, delivery, priya = planned_reply()
    _failing_send(monkeypatch, smtplib.SMTPServerDisconnected("Connection unexpectedly closed"))
    result = services.delivery_send(delivery_id=delivery.pk)
    assert (result.outcome, result.retry_in) == ("retry", 30)
    delivery.refresh_from_db()
    assert delivery.status == "planned" and delivery.attempts == 1 and "closed" in delivery.error
    assert delivery.send_after > timezone.now() + timedelta(seconds=25)
    assert [services.retry_delay(n) for n in (1, 2, 3)] == [30, 60, 120]


def test_transient_errors_give_up_after_the_last_attempt(monkeypatch, settings, caplog):
    settings.NOTIFY_MAX_ATTEMPTS = 1
    reply, delivery, priya = planned_reply()
    _failing_send(monkeypatch, smtplib.SMTPServerDisconnected("gone"))
    assert services.delivery_send(delivery_id=delivery.pk).outcome == "failed"
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert not NotificationPreference.objects.filter(user=priya).exclude(failing_address="").exists()


def test_a_refused_recipient_marks_the_address_failing(monkeypatch):
    reply, delivery, priya = planned_reply()
    _failing_send(monkeypatch, smtplib.SMTPRecipientsRefused({priya.email: (550, b"5.1.1 no such mailbox")}))
    assert services.delivery_send(delivery_id=delivery.pk).outcome == "failed"
    prefs = NotificationPreference.objects.get(user=priya)
    assert prefs.address_failing(priya.email) and "no such mailbox" in prefs.failing_error


def test_other_permanent_errors_alert_the_operators_and_do_not_blame_the_address(
    monkeypatch, settings, caplog, inline_email, django_capture_on_commit_callbacks
):
    settings.NOTIFY_OPERATOR_EMAILS = ["ops@kindred.example"]
    reply, delivery, priya = planned_reply()
    sent = []
    real_send = mail.EmailMultiAlternatives.send

    def send(self, *args, **kwargs):
        if self.to == [priya.email]:
            raise smtplib.SMTPSenderRefused(553, b"sender not allowed", "no-reply@kindred.example")
        sent.append(self)
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", send)
    with django_capture_on_commit_callbacks(execute=True):  # the operators' e-mail is queued on commit
        assert services.delivery_send(delivery_id=delivery.pk).outcome == "failed"
    delivery.refresh_from_db()
    assert delivery.status == "failed" and "sender not allowed" in delivery.error
    assert not NotificationPreference.objects.filter(user=priya).exclude(failing_address="").exists()
    assert [m.to for m in sent] == [["ops@kindred.example"]]
    assert "notification e-mail problem" in sent[0].subject.lower()
    assert "failed after 1 attempt" in caplog.text


def test_a_delivery_left_sending_is_failed_and_never_sent_again(mailoutbox, settings):
    reply, delivery, priya = planned_reply()
    # What a worker killed after its claim leaves behind.
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", sending_started=timezone.now(), attempts=1)
    assert services.deliveries_resolve_stuck() == 0  # too young: the worker may still be sending
    later = timezone.now() + timedelta(seconds=settings.NOTIFY_SENDING_TIMEOUT_SECONDS + 1)
    assert services.deliveries_resolve_stuck(now=later) == 1
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.error.startswith("interrupted")
    assert services.delivery_send(delivery_id=delivery.pk).outcome == "not_claimed"
    assert mailoutbox == []


def test_a_post_taken_back_to_draft_before_the_send_time_sends_nothing(mailoutbox):
    reply, delivery, priya = planned_reply()
    Post.objects.filter(pk=reply.post_id).update(published=False)
    assert services.delivery_send(delivery_id=delivery.pk).outcome == "skipped"
    assert mailoutbox == []
    delivery.refresh_from_db()
    # The comment itself is still there: the reason says what happened to the post.
    assert (delivery.status, delivery.skip_reason) == ("skipped", "post_unpublished")
    assert delivery.get_skip_reason_display() == "the post is no longer published"


def test_a_removed_comment_on_a_post_taken_back_to_draft_is_skipped_as_removed(mailoutbox):
    reply, delivery, priya = planned_reply()
    Post.objects.filter(pk=reply.post_id).update(published=False)
    Comment.objects.filter(pk=reply.pk).update(status="removed")
    assert services.delivery_send(delivery_id=delivery.pk).outcome == "skipped"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.skip_reason) == ("skipped", "not_visible")


@pytest.mark.parametrize(
    "text",
    ["пишите мне: иван@почта.рф", "write to x@example.xn--p1ai today", "μου γράψτε: nikos@παράδειγμα.ελ"],
)
def test_addresses_with_international_domains_are_left_out_too(text):
    hidden = services.without_addresses(text)
    assert "@" not in hidden and "[address hidden]" in hidden and "p1ai" not in hidden


def test_a_send_that_outlives_the_sending_timeout_is_not_put_back_for_a_retry(monkeypatch, settings, mailoutbox):
    # The sweeper has already settled the row as interrupted (the message may have left): the slow worker's
    # transient error must not put it back to "planned", or a second e-mail could follow.
    reply, delivery, priya = planned_reply()
    later = timezone.now() + timedelta(seconds=settings.NOTIFY_SENDING_TIMEOUT_SECONDS + 1)

    def slow_then_dropped(self, *args, **kwargs):
        assert services.deliveries_resolve_stuck(now=later) == 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", slow_then_dropped)
    assert services.delivery_send(delivery_id=delivery.pk).outcome == "failed"
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.error.startswith("interrupted")
    monkeypatch.undo()
    Delivery.objects.filter(pk=delivery.pk).update(send_after=timezone.now() - timedelta(hours=1))
    assert services.delivery_send(delivery_id=delivery.pk).outcome == "not_claimed"
    assert delivery.pk not in services.deliveries_due() and mailoutbox == []


def test_one_broken_mail_setup_alerts_the_operators_once_not_once_per_delivery(
    monkeypatch, settings, caplog, inline_email, django_capture_on_commit_callbacks
):
    # A reply to a thread with 500 followers and a server that refuses our sender would otherwise mean 500
    # alert e-mails. Every failure is still logged and recorded on its row.
    from django.core.cache import cache

    settings.NOTIFY_OPERATOR_EMAILS = ["ops@kindred.example"]
    settings.NOTIFY_OPERATOR_ALERT_INTERVAL_SECONDS = 600
    cache.delete("notifications:operator-alert:SMTPSenderRefused:553")
    reply, delivery, priya = planned_reply()
    lena = UserFactory()
    services.subscription_set(user=lena, post=reply.post, state="following")
    later = make_comment(post=reply.post, user=reply.commenter.user, parent=reply.parent, body="And again.")
    for chunk in services.comment_notifications_plan(comment_id=later.pk):
        services.comment_notifications_plan_chunk(comment_id=later.pk, user_ids=chunk)
    alerts = []
    real_send = mail.EmailMultiAlternatives.send

    def send(self, *args, **kwargs):
        if self.to == ["ops@kindred.example"]:
            alerts.append(self)
            return real_send(self, *args, **kwargs)
        raise smtplib.SMTPSenderRefused(553, b"sender not allowed", "no-reply@kindred.example")

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", send)
    try:
        ids = [delivery.pk, *Delivery.objects.filter(comment=later, status="planned").values_list("pk", flat=True)]
        assert len(ids) >= 3
        with django_capture_on_commit_callbacks(execute=True):  # the operators' e-mail is queued on commit
            for delivery_id in ids:
                assert services.delivery_send(delivery_id=delivery_id).outcome == "failed"
    finally:
        cache.delete("notifications:operator-alert:SMTPSenderRefused:553")
    assert len(alerts) == 1 and "10 minutes" in alerts[0].body
    assert caplog.text.count("sender not allowed") >= len(ids)
    assert set(Delivery.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"failed"}


def test_a_relay_refusal_at_rcpt_to_alerts_the_operators_and_does_not_blame_the_address(
    monkeypatch, settings, inline_email, django_capture_on_commit_callbacks
):
    # A mail setup that may not relay refuses every recipient at RCPT TO: marking each reader's address as
    # failing would silently stop all e-mail to everyone, and nobody who can fix it would hear.
    settings.NOTIFY_OPERATOR_EMAILS = ["ops@kindred.example"]
    reply, delivery, priya = planned_reply()
    alerts = []
    real_send = mail.EmailMultiAlternatives.send

    def send(self, *args, **kwargs):
        if self.to == ["ops@kindred.example"]:
            alerts.append(self)
            return real_send(self, *args, **kwargs)
        raise smtplib.SMTPRecipientsRefused({priya.email: (554, b"5.7.1 <x>: Relay access denied")})

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", send)
    with django_capture_on_commit_callbacks(execute=True):  # the operators' e-mail is queued on commit
        assert services.delivery_send(delivery_id=delivery.pk).outcome == "failed"
    delivery.refresh_from_db()
    assert delivery.status == "failed" and "Relay access denied" in delivery.error
    assert not NotificationPreference.objects.filter(user=priya).exclude(failing_address="").exists()
    assert len(alerts) == 1


# --- a chunk of deliveries over one connection -----------------------------------------------------------


def followed_reply(followers: int = 4):
    """A reply whose thread has `followers` followers besides its parent's writer; returns the reply and its
    immediate deliveries in planning order."""
    reply, delivery, priya = planned_reply()
    later = make_comment(post=reply.post, user=reply.commenter.user, parent=reply.parent, body="And to everyone.")
    for _ in range(followers):
        services.subscription_set(user=UserFactory(), thread=reply.parent, state="following")
    due = []
    for chunk in services.comment_notifications_plan(comment_id=later.pk):
        due += services.comment_notifications_plan_chunk(comment_id=later.pk, user_ids=chunk)
    return later, sorted(pk for pk, _ in due)


def test_a_chunk_goes_over_one_connection_each_delivery_recorded(mailoutbox, smtp_connections):
    opened = smtp_connections
    later, ids = followed_reply()
    assert services.deliveries_send(delivery_ids=ids) == []
    assert len(opened) == 1 and len(mailoutbox) == len(ids) >= 5
    assert set(Delivery.objects.filter(pk__in=ids).values_list("status", "attempts")) == {("sent", 1)}
    # The same chunk again (a redelivered task) finds nothing to claim.
    assert services.deliveries_send(delivery_ids=ids) == []
    assert len(mailoutbox) == len(ids)


def test_a_chunk_is_rechecked_before_its_sends(mailoutbox):
    later, ids = followed_reply()
    muted = Delivery.objects.get(pk=ids[1]).recipient
    services.writer_mute_set(user=muted, writer=later.commenter.user, muted=True)
    services.deliveries_send(delivery_ids=ids)
    assert muted.email not in {m.to[0] for m in mailoutbox} and len(mailoutbox) == len(ids) - 1
    assert Delivery.objects.get(pk=ids[1]).skip_reason == "muted_writer"


def test_one_refused_and_one_busy_address_do_not_touch_the_rest_of_the_chunk(monkeypatch, mailoutbox, settings):
    settings.NOTIFY_RETRY_BASE_SECONDS = 30
    later, ids = followed_reply()
    refused, busy = (Delivery.objects.get(pk=pk).recipient for pk in ids[1:3])
    real_send = mail.EmailMultiAlternatives.send

    def send(message, *args, **kwargs):
        if message.to == [refused.email]:
            raise smtplib.SMTPRecipientsRefused({refused.email: (550, b"5.1.1 no such mailbox")})
        if message.to == [busy.email]:
            raise smtplib.SMTPRecipientsRefused({busy.email: (451, b"4.3.0 try later")})
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", send)
    assert services.deliveries_send(delivery_ids=ids) == [(ids[2], 30)]
    statuses = dict(Delivery.objects.filter(pk__in=ids).values_list("pk", "status"))
    assert statuses == {**{pk: "sent" for pk in ids}, ids[1]: "failed", ids[2]: "planned"}
    assert NotificationPreference.objects.get(user=refused).address_failing(refused.email)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        Delivery.objects.filter(pk__in=ids, status="sent").values_list("recipient__email", flat=True)
    )


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing in the service catches it."""


def test_a_worker_killed_mid_chunk_leaves_only_the_email_in_flight_sending(monkeypatch, mailoutbox):
    later, ids = followed_reply()
    real_send = mail.EmailMultiAlternatives.send
    sends = []

    def send(message, *args, **kwargs):
        sends.append(message)
        if len(sends) == 3:
            raise WorkerKilled
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", send)
    with pytest.raises(WorkerKilled):
        services.deliveries_send(delivery_ids=ids)
    statuses = [Delivery.objects.get(pk=pk).status for pk in ids]
    assert statuses == ["sent", "sent", "sending"] + ["planned"] * (len(ids) - 3)
    # The rest go out later, once each; the one in flight is never sent again.
    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", real_send)
    assert services.deliveries_send(delivery_ids=ids) == []
    assert [Delivery.objects.get(pk=pk).status for pk in ids] == ["sent", "sent", "sending"] + ["sent"] * (len(ids) - 3)
    assert len(mailoutbox) == len(ids) - 1


def test_a_server_that_cannot_be_reached_is_tried_once_per_chunk(settings, unreachable_smtp):
    settings.NOTIFY_RETRY_BASE_SECONDS = 30
    later, ids = followed_reply()
    tries = unreachable_smtp
    assert services.deliveries_send(delivery_ids=ids) == [(pk, 30) for pk in ids]
    assert len(tries) == 1
    rows = Delivery.objects.filter(pk__in=ids)
    assert {(row.status, row.attempts) for row in rows} == {("planned", 1)}
    assert all("Connection refused" in row.error for row in rows)
