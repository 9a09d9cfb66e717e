"""notifications.emails: the one e-mail function, and queueing it after commit."""

import copy

import pytest
from django.conf import settings as django_settings
from kombu.exceptions import OperationalError

from notifications.emails import absolute_url, send_email, send_email_on_commit
from notifications.tasks import send_email_task

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
    monkeypatch.setattr(send_email_task, "delay", lambda *a, **kw: queued.append((a, kw)))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_email_on_commit(template_prefix="test/hello", to="sam@example.org", context={"name": "Sam"})
        assert queued == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert queued == [(("test/hello", "sam@example.org", {"name": "Sam"}), {"unsubscribe_url": None})]


def test_on_commit_refuses_a_context_the_broker_cannot_carry(db):
    with pytest.raises(TypeError):
        send_email_on_commit(template_prefix="test/hello", to="sam@example.org", context={"when": object()})


def test_a_broker_that_is_down_does_not_break_the_caller(db, monkeypatch, django_capture_on_commit_callbacks, caplog):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    monkeypatch.setattr(send_email_task, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_email_on_commit(template_prefix="test/hello", to="sam@example.org", context={"name": "Sam"})
    assert len(callbacks) == 1
    assert "Connection refused" in caplog.text
