"""CRISIS_RESOURCES: optional tel and sms numbers become tel: and sms: links in pages and e-mails; the old shape
keeps working; a wrong entry stops the site at start with an error that names it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from core.crisis_resources import crisis_resources_validate
from moderation.services import decisions, messages

from .queue_support import deliver_emails_inline, make_item, make_moderator

OLD_SHAPE = [{"region": "Testland", "name": "Night Line", "contact": "Call 555 0100"}]
WITH_NUMBERS = [
    {"region": "Testland", "name": "Night Line", "contact": "Call 555 0100", "tel": "555 0100", "sms": "+1 555-0199"},
    {"region": "Anywhere", "name": "Emergency services", "contact": "Your local emergency number"},
]


def test_the_old_shape_is_valid_and_gains_no_links():
    assert crisis_resources_validate(OLD_SHAPE) == OLD_SHAPE


def test_numbers_become_link_targets_and_validating_twice_changes_nothing():
    resources = crisis_resources_validate(WITH_NUMBERS)
    assert resources[0]["tel_uri"] == "tel:5550100" and resources[0]["sms_uri"] == "sms:+15550199"
    assert resources[0]["tel"] == "555 0100"  # shown as written
    assert "tel_uri" not in resources[1]
    assert crisis_resources_validate(resources) == resources


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"region": "x"}, "must be a JSON list"),
        ([], "must be a JSON list"),
        (["988"], "entry 1 must be an object"),
        ([{"region": "US", "name": "988"}], "entry 1 needs a non-empty text 'contact'"),
        ([{**OLD_SHAPE[0], "phone": "988"}], "entry 1 has unknown field(s) phone"),
        ([OLD_SHAPE[0], {**OLD_SHAPE[0], "tel": "call us"}], "entry 2 (Night Line): 'tel' must be a phone number"),
        ([{**OLD_SHAPE[0], "sms": 988}], "'sms' must be a phone number"),
        ([{**OLD_SHAPE[0], "tel": "1" * 16}], "'tel' must be a phone number of 2 to 15 digits"),
        ([{**OLD_SHAPE[0], "tel": "98+8"}], "'tel' must be a phone number"),
    ],
)
def test_a_wrong_setting_is_refused_with_an_error_that_names_the_entry(value, message):
    with pytest.raises(ImproperlyConfigured) as error:
        crisis_resources_validate(value)
    assert message in str(error.value)


def test_the_site_does_not_start_with_a_wrong_setting():
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "CRISIS_RESOURCES": '[{"region": "US", "name": "988", "contact": "Call", "tel": "nine"}]'}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "CRISIS_RESOURCES entry 1 (988): 'tel' must be a phone number" in result.stderr


@pytest.mark.django_db
def test_pages_link_the_numbers(client, settings):
    settings.CRISIS_RESOURCES = WITH_NUMBERS
    html = client.get(reverse("help")).content.decode()
    assert '<a href="tel:5550100">Call 555 0100</a>' in html
    assert '<a href="sms:+15550199">text +1 555-0199</a>' in html
    assert html.count('href="tel:') == 1  # the emergency entry has no number of its own


@pytest.mark.django_db
def test_care_emails_and_notices_link_the_numbers(
    settings, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    settings.CRISIS_RESOURCES = WITH_NUMBERS
    inline = deliver_emails_inline(monkeypatch, mailoutbox)
    moderator = make_moderator(display_name="Robin")
    item = make_item(reason="crisis", crisis=True, flags=(("crisis", "medium"),))
    with django_capture_on_commit_callbacks(execute=True):
        decisions.item_reached_out(item_id=item.pk, moderator=moderator, message="We're thinking of you.", note="")
    (email,) = inline
    assert "Night Line (Testland): Call 555 0100 <tel:5550100> <sms:+15550199>" in email.body
    html = email.alternatives[0][0]
    assert 'href="tel:5550100"' in html and 'href="sms:+15550199"' in html
    assert "<tel:5550100>" in messages.crisis_resources_text()


@pytest.mark.django_db
def test_notices_with_the_resources_link_the_numbers_and_escape_the_rest(
    client, settings, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    settings.CRISIS_RESOURCES = WITH_NUMBERS
    inline = deliver_emails_inline(monkeypatch, mailoutbox)
    moderator = make_moderator(display_name="Robin")
    item = make_item(reason="crisis", crisis=True, flags=(("crisis", "high"),))
    author = item.comment.commenter.user
    with django_capture_on_commit_callbacks(execute=True):
        decisions.item_reached_out(item_id=item.pk, moderator=moderator, message="<b>Hi</b> <tel:1> we care.")
        decisions.item_remove(item_id=item.pk, moderator=moderator, reason="unsafe")
    client.force_login(author)
    html = client.get(reverse("moderation:notices")).content.decode()
    assert '<a href="tel:5550100">Call 5550100</a>' in html and '<a href="sms:+15550199">Text +15550199</a>' in html
    assert "&lt;b&gt;Hi&lt;/b&gt; &lt;tel:1&gt;" in html  # a moderator's own text stays text
    emails = [m for m in inline if m.alternatives and 'href="tel:5550100"' in m.alternatives[0][0]]
    assert emails, [m.subject for m in inline]
