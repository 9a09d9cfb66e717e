"""The audit log: every action per comment and per moderator, and a CSV export that spreadsheets can't run."""

import csv
import io

import pytest
from django.urls import reverse

from comments.services import comment_publish, post_delete
from moderation.models import ModerationAction
from moderation.selectors import audit
from moderation.services import decisions
from moderation.services import items as item_services
from tests.factories import UserFactory

from ..queue_support import make_item, make_moderator

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(
    "value,expected",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("plain text", "plain text"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_csv_safe(value, expected):
    assert audit.csv_safe(value) == expected


def test_every_action_is_listed_on_the_item_page_with_its_note():
    item = make_item()
    robin = make_moderator(display_name="Robin")
    item_services.item_claim(item_id=item.pk, moderator=robin)
    decisions.item_warn(item_id=item.pk, moderator=robin, message="Please be kind.", note="first time")
    decisions.item_approve(item_id=item.pk, moderator=robin, note="ok in context", confirmed=True)
    rows = list(audit.audit_for_item(item))
    assert [r.action for r in rows] == ["approved", "warned", "claimed"]
    assert all(r.moderator == robin and r.created for r in rows)
    assert rows[0].before["item"] == "open" and rows[0].after["item"] == "resolved"


def test_the_comments_log_spans_its_earlier_items(client):
    item = make_item()
    robin = make_moderator(display_name="Robin")
    decisions.item_keep(item_id=item.pk, moderator=robin, confirmed=True)
    later = make_item(flags=())
    later.comment = item.comment
    later.save()
    client.force_login(robin)
    page = client.get(reverse("moderation:item", kwargs={"pk": later.pk})).content.decode()
    assert "Audit log for this comment" in page
    assert f'<a href="/moderation/items/{item.pk}/">item {item.pk}</a>' in page


def test_per_moderator_page(client):
    robin, alex = make_moderator(display_name="Robin"), make_moderator(display_name="Alex")
    first, second = make_item(), make_item()
    decisions.item_keep(item_id=first.pk, moderator=robin, note="robin's note", confirmed=True)
    decisions.item_keep(item_id=second.pk, moderator=alex, note="alex's note", confirmed=True)
    client.force_login(robin)
    page = client.get(reverse("moderation:audit_moderator", kwargs={"moderator_id": alex.pk})).content.decode()
    assert "Actions by <bdi>Alex</bdi>" in page
    assert "alex&#x27;s note" in page and "robin&#x27;s note" not in page
    everyone = client.get(reverse("moderation:audit")).content.decode()
    assert "alex&#x27;s note" in everyone and "robin&#x27;s note" in everyone
    assert reverse("moderation:audit_moderator", kwargs={"moderator_id": robin.pk}) in everyone


def test_redacted_text_is_in_the_log_for_moderators_only(client):
    item = make_item(body="My address is 1 Secret Lane.")
    robin = make_moderator()
    decisions.item_redact(item_id=item.pk, moderator=robin, body="My address is [removed].")
    client.force_login(robin)
    page = client.get(reverse("moderation:audit")).content.decode()
    assert "1 Secret Lane" in page and "[removed]" in page
    client.force_login(UserFactory())
    assert client.get(reverse("moderation:audit")).status_code == 403
    assert client.get(reverse("moderation:audit_csv")).status_code == 403
    # Readers see the redacted text only.
    comment_publish(comment=item.comment)
    post_page = client.get(item.post.get_absolute_url()).content.decode()
    assert "[removed]" in post_page and "Secret Lane" not in post_page


def test_the_csv_export_neutralizes_formulas(client):
    robin = make_moderator(display_name="=cmd|' /C calc'!A0")
    author = UserFactory(display_name="@author")
    item = make_item(author=author)
    decisions.item_redact(item_id=item.pk, moderator=robin, body="+44 7700 900123 removed", note="-risky note")
    decisions.item_keep(item_id=item.pk, moderator=robin, note="=1+1 sneaky", confirmed=True)
    client.force_login(make_moderator())
    response = client.get(reverse("moderation:audit_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="moderation-log-')
    header, *rows = csv_rows(response)
    assert header == audit.CSV_HEADER
    assert len(rows) == 2
    kept, redacted = rows
    assert kept[1] == "'=cmd|' /C calc'!A0"
    assert kept[2] == "kept" and kept[6] == "'@author" and kept[7] == "'=1+1 sneaky"
    assert redacted[7] == "'-risky note"
    assert '"body": "+44 7700 900123 removed"' in redacted[9]  # JSON cells start with "{": safe as they are
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_the_csv_can_be_filtered(client):
    robin, alex = make_moderator(), make_moderator()
    first, second = make_item(), make_item()
    decisions.item_keep(item_id=first.pk, moderator=robin, confirmed=True)
    decisions.item_keep(item_id=second.pk, moderator=alex, confirmed=True)
    client.force_login(robin)
    url = reverse("moderation:audit_csv")
    assert len(csv_rows(client.get(url, {"moderator": alex.pk}))) == 2
    assert len(csv_rows(client.get(url, {"comment": first.comment_id}))) == 2
    assert len(csv_rows(client.get(url, {"item": second.pk}))) == 2
    assert client.get(url, {"item": "1; DROP"}).status_code == 400


def test_the_log_keeps_rows_when_their_item_goes():
    item = make_item()
    decisions.item_keep(item_id=item.pk, moderator=make_moderator(), confirmed=True)
    post_delete(post=item.post)
    row = ModerationAction.objects.get()
    assert row.item is None and row.action == "kept"
