"""core.email: the one e-mail module; every e-mail is queued on commit, one row per recipient, sent once."""

import copy
import smtplib

import pytest
from django.conf import settings as django_settings
from django.core import mail
from kombu.exceptions import OperationalError

from core.email import email_queue, emails_due, emails_send, send_email
from core.links import absolute_url
from core.models import OutgoingEmail
from core.tasks import email_send_task

TEMPLATES = {
    "test/hello.subject.txt": "Hello {{ name }}\nfrom {{ SITE_NAME }}  \n",
    "test/hello.txt": "Dear {{ name }}, see {{ SITE_URL }}{{ path }}",
    "test/hello.html": "<p>Dear {{ name }}, see <a href='{{ SITE_URL }}{{ path }}'>this</a></p>",
}


@pytest.fixture
def email_templates(settings):
    """Serve the templates above from memory, ahead of the project's own."""
    templates = copy.deepcopy(django_settings.TEMPLATES)
    engine = templates[0]
    engine["APP_DIRS"] = False
    engine["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", TEMPLATES),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    settings.TEMPLATES = templates
    settings.SITE_NAME = "Kindred Test"
    settings.SITE_URL = "https://kindred.example"
    settings.DEFAULT_FROM_EMAIL = "Kindred <hello@kindred.example>"


def test_renders_subject_text_and_html_with_site_context(email_templates, mailoutbox):
    send_email(template_prefix="test/hello", to="sam@example.org", context={"name": "Sam & Jo", "path": "/x/"})

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    # One line, whitespace collapsed; plain text is not HTML-escaped.
    assert message.subject == "Hello Sam & Jo from Kindred Test"
    assert message.body == "Dear Sam & Jo, see https://kindred.example/x/"
    assert message.from_email == "Kindred <hello@kindred.example>"
    assert message.to == ["sam@example.org"]
    assert message.cc == [] and message.bcc == []
    assert message.recipients() == ["sam@example.org"]
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    # The HTML part is escaped.
    assert html == "<p>Dear Sam &amp; Jo, see <a href='https://kindred.example/x/'>this</a></p>"
    assert "List-Unsubscribe" not in message.extra_headers
    assert "List-Unsubscribe-Post" not in message.extra_headers
    rendered = message.message()
    assert rendered["List-Unsubscribe"] is None


def test_unsubscribe_headers_only_when_asked(email_templates, mailoutbox):
    url = "https://kindred.example/notifications/unsubscribe/abc/"
    send_email(template_prefix="test/hello", to="sam@example.org", context={"name": "Sam"}, unsubscribe_url=url)

    rendered = mailoutbox[0].message()
    assert rendered["List-Unsubscribe"] == f"<{url}>"
    assert rendered["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize(
    "to",
    ["", "not-an-address", "a@example.org, b@example.org", "a@example.org\nBcc: b@example.org"],
)
def test_refuses_anything_but_one_address(email_templates, mailoutbox, to):
    with pytest.raises(ValueError):
        send_email(template_prefix="test/hello", to=to, context={"name": "Sam"})
    assert mailoutbox == []


def test_refuses_a_list_of_recipients(email_templates, mailoutbox):
    with pytest.raises(TypeError):
        send_email(template_prefix="test/hello", to=["a@example.org", "b@example.org"], context={})
    assert mailoutbox == []


def test_absolute_url_uses_site_url(settings):
    settings.SITE_URL = "https://kindred.example"
    assert absolute_url("/accounts/") == "https://kindred.example/accounts/"


def test_on_commit_queues_only_after_commit(db, email_templates, monkeypatch, django_capture_on_commit_callbacks):
    queued = []
    monkeypatch.setattr(email_send_task, "delay", queued.append)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [email_id] = email_queue(template_prefix="test/hello", to="sam@example.org", context={"name": "Sam"})
        assert queued == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert queued == [[email_id]]
    row = OutgoingEmail.objects.get(pk=email_id)
    assert (row.template_prefix, row.to, row.context, row.unsubscribe_url, row.status) == (
        "test/hello",
        "sam@example.org",
        {"name": "Sam"},
        "",
        OutgoingEmail.Status.QUEUED,
    )


def test_on_commit_refuses_a_context_the_broker_cannot_carry(db):
    with pytest.raises(TypeError):
        email_queue(template_prefix="test/hello", to="sam@example.org", context={"when": object()})
    assert not OutgoingEmail.objects.exists()


def test_a_rolled_back_caller_queues_nothing(db, email_templates, monkeypatch, django_capture_on_commit_callbacks):
    from django.db import transaction

    queued = []
    monkeypatch.setattr(email_send_task, "delay", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            email_queue(template_prefix="test/hello", to="sam@example.org", context={"name": "Sam"})
            raise RuntimeError("the caller fails")
    assert queued == [] and not OutgoingEmail.objects.exists()


def test_a_broker_that_is_down_sends_from_the_caller(
    db, email_templates, mailoutbox, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    monkeypatch.setattr(email_send_task, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        [email_id] = email_queue(template_prefix="test/hello", to="sam@example.org", context={"name": "Sam"})
    assert len(callbacks) == 1
    assert "Connection refused" in caplog.text
    assert [m.to for m in mailoutbox] == [["sam@example.org"]]
    assert OutgoingEmail.objects.get(pk=email_id).status == OutgoingEmail.Status.SENT


def test_one_message_per_recipient_each_recorded_and_sent_once(
    db, email_templates, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(email_send_task, "delay", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        ids = email_queue(
            template_prefix="test/hello",
            to=["a@example.org", "b@example.org", "a@example.org"],
            context={"name": "Sam"},
        )
    assert len(ids) == 2 and queued == [ids]
    assert emails_send(email_ids=ids) == []
    assert sorted(m.to for m in mailoutbox) == [["a@example.org"], ["b@example.org"]]
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {OutgoingEmail.Status.SENT}
    # A second delivery of the same task (a lost ack) finds nothing left to claim.
    assert emails_send(email_ids=ids) == []
    assert len(mailoutbox) == 2


def test_a_key_queues_each_recipient_once(db, email_templates, monkeypatch):
    monkeypatch.setattr(email_send_task, "delay", lambda ids: None)
    first = email_queue(template_prefix="test/hello", to=["a@example.org"], context={}, key="alert:1")
    again = email_queue(template_prefix="test/hello", to=["a@example.org", "b@example.org"], context={}, key="alert:1")
    assert len(first) == 1 and len(again) == 1
    assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == ["a@example.org", "b@example.org"]


def test_a_chunk_goes_over_one_connection(db, email_templates, monkeypatch):
    opened = []
    real = mail.get_connection

    def counting(*args, **kwargs):
        connection = real(*args, **kwargs)
        opened.append(connection)
        return connection

    monkeypatch.setattr(email_send_task, "delay", lambda ids: None)
    monkeypatch.setattr("core.email.get_connection", counting)
    ids = email_queue(template_prefix="test/hello", to=[f"r{n}@example.org" for n in range(5)], context={})
    emails_send(email_ids=ids)
    assert len(opened) == 1
    assert len(mail.outbox) == 5


def test_a_failure_at_one_recipient_touches_only_that_recipient(db, email_templates, monkeypatch):
    monkeypatch.setattr(email_send_task, "delay", lambda ids: None)
    ids = email_queue(template_prefix="test/hello", to=["a@example.org", "b@example.org", "c@example.org"], context={})
    real_send = mail.EmailMultiAlternatives.send

    def send(message, *args, **kwargs):
        if message.to == ["b@example.org"]:
            raise smtplib.SMTPRecipientsRefused({"b@example.org": (451, b"try later")})
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", send)
    retry = emails_send(email_ids=ids)
    statuses = dict(OutgoingEmail.objects.values_list("to", "status"))
    assert statuses == {"a@example.org": "sent", "b@example.org": "queued", "c@example.org": "sent"}
    assert retry == [ids[1]]
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "c@example.org"]
    # The retry sends only b's message.
    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", real_send)
    OutgoingEmail.objects.filter(pk=ids[1]).update(send_after=OutgoingEmail.objects.get(pk=ids[0]).created)
    assert emails_send(email_ids=ids) == []
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org", "c@example.org"]


def test_the_sweeper_finds_queued_emails_past_their_time(db, email_templates, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    monkeypatch.setattr(email_send_task, "delay", lambda ids: None)
    [late] = email_queue(template_prefix="test/hello", to="a@example.org", context={})
    [fresh] = email_queue(template_prefix="test/hello", to="b@example.org", context={})
    OutgoingEmail.objects.filter(pk=late).update(send_after=timezone.now() - timedelta(minutes=10))
    assert emails_due(grace_seconds=300) == [late]


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing in core.email catches it."""


def test_each_email_is_claimed_just_before_its_send(db, email_templates, monkeypatch, mailoutbox):
    monkeypatch.setattr(email_send_task, "delay", lambda ids: None)
    ids = email_queue(template_prefix="test/hello", to=[f"r{n}@example.org" for n in range(4)], context={})
    real_send = mail.EmailMultiAlternatives.send

    def send(message, *args, **kwargs):
        if message.to == ["r1@example.org"]:
            raise WorkerKilled
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", send)
    with pytest.raises(WorkerKilled):
        emails_send(email_ids=ids)
    # Only the message in flight is left "sending"; the rest wait, unclaimed, for the next task or the sweeper.
    assert [OutgoingEmail.objects.get(pk=pk).status for pk in ids] == ["sent", "sending", "queued", "queued"]


def test_a_broken_connection_is_opened_again_for_the_next_message(
    db, email_templates, monkeypatch, mailoutbox, smtp_connections
):
    opened = smtp_connections
    monkeypatch.setattr(email_send_task, "delay", lambda ids: None)
    ids = email_queue(template_prefix="test/hello", to=["a@example.org", "b@example.org", "c@example.org"], context={})
    real_send = mail.EmailMultiAlternatives.send

    def send(message, *args, **kwargs):
        if message.to == ["a@example.org"]:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        if message.to == ["b@example.org"]:
            raise smtplib.SMTPRecipientsRefused({"b@example.org": (451, b"try later")})
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", send)
    assert emails_send(email_ids=ids) == ids[:2]
    # A hang-up drops the connection; a refusal the server answered keeps it.
    assert len(opened) == 2
    assert [m.to for m in mailoutbox] == [["c@example.org"]]


def test_a_server_that_cannot_be_reached_is_tried_once_per_chunk(db, email_templates, monkeypatch, unreachable_smtp):
    tries = unreachable_smtp
    monkeypatch.setattr(email_send_task, "delay", lambda ids: None)
    ids = email_queue(template_prefix="test/hello", to=[f"r{n}@example.org" for n in range(3)], context={})
    assert emails_send(email_ids=ids) == ids
    assert len(tries) == 1
    assert {(row.status, row.attempts) for row in OutgoingEmail.objects.all()} == {("queued", 1)}
