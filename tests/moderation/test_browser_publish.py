"""In a real browser (Playwright, Debian's chromium): nothing flagged is published without a confirmation, from a
button, a key or a bulk action, with or without JavaScript; a crisis comment can be closed and kept private."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from comments.models import Comment
from moderation.models import ModerationAction, ReviewItem
from moderation.services import items as item_services
from tests.factories import PostFactory, UserFactory, make_comment
from tests.moderation.queue_support import make_item, make_moderator
from tests.moderation.test_browser import browser, log_in  # noqa: F401  (the browser fixture)

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/work/shots/publish")
SIZES = ((390, 844), (1280, 900))
HOSTILE = "Honestly, get a grip, nobody wants to read this."


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{page.viewport_size['width']}.png"), full_page=True)


def held_item(*, flags=(("hostile", "medium"),), author_name="Lena", **fields) -> ReviewItem:
    post = PostFactory(title="Talking to my therapist")
    parent = make_comment(post=post, user=UserFactory(display_name="Priya"), body="I said it out loud today.")
    item = make_item(
        post=post, parent=parent, author=UserFactory(display_name=author_name), body=HOSTILE, flags=flags, **fields
    )
    Comment.objects.filter(pk=item.comment_id).update(published_at=None)  # held by its check: never shown
    return item


def item_url(live_server, item) -> str:
    return live_server.url + reverse("moderation:item", args=[item.pk])


def status_of(item) -> str:
    return Comment.objects.get(pk=item.comment_id).status


def test_the_approve_button_asks_first_with_and_without_javascript(live_server, browser):  # noqa: F811
    moderator = make_moderator(email="mod.confirm@example.org")
    for javascript in (True, False):
        item = held_item()
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        log_in(page, live_server, moderator)
        for width, height in SIZES if javascript else SIZES[:1]:
            page.set_viewport_size({"width": width, "height": height})
            page.goto(item_url(live_server, item))
            page.get_by_role("button", name="Approve and show it").click()
            page.wait_for_load_state()
            heading = page.get_by_role("heading", level=1)
            assert heading.inner_text() == "Check before it is shown"
            effect = page.locator(".confirm-effect").inner_text()
            assert effect.startswith("Lena’s comment will be shown to everyone in the thread and")
            assert status_of(item) == Comment.Status.HELD
            if javascript:
                shoot(page, "confirm")
        page.get_by_role("button", name="Yes, show it").click()
        page.wait_for_load_state()
        assert "Approved: the comment is visible to everyone." in page.content()
        assert status_of(item) == Comment.Status.VISIBLE
        context.close()


def test_pressing_a_shows_the_confirmation_and_a_again_does_not_publish(live_server, browser):  # noqa: F811
    item = held_item(flags=(("crisis", "high"),), crisis=True, urgent=True, reasons=["crisis"])
    page = browser.new_page()
    log_in(page, live_server, make_moderator(email="mod.keys@example.org"))
    page.goto(item_url(live_server, item))
    page.locator("body").press("a")
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Check before it is shown"
    page.keyboard.press("a")  # no shortcuts on the confirmation: nothing happens
    page.wait_for_timeout(300)
    assert page.get_by_role("heading", level=1).inner_text() == "Check before it is shown"
    assert status_of(item) == Comment.Status.HELD
    assert not ModerationAction.objects.filter(item=item).exists()


def test_in_a_text_field_keys_type_text_and_esc_returns_to_the_shortcuts(live_server, browser):  # noqa: F811
    item = held_item()
    page = browser.new_page()
    log_in(page, live_server, make_moderator(email="mod.typing@example.org"))
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(item_url(live_server, item))
        hint = page.locator("#typing-hint")
        assert hint.is_hidden()
        note = page.locator("#decision-note")
        note.click()
        assert hint.is_visible()
        assert "Esc" in hint.inner_text()
        page.keyboard.type("a reads fine")
        assert note.input_value() == "a reads fine"
        assert page.url == item_url(live_server, item) and status_of(item) == Comment.Status.HELD
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"typing-hint-{width}.png"))  # the viewport: the hint is fixed to it
        page.keyboard.press("Escape")
        assert hint.is_hidden()
        assert page.evaluate("document.activeElement === document.getElementById('decision-note')") is False
    page.keyboard.press("a")  # a shortcut again: it asks first
    expect(page.get_by_role("heading", level=1)).to_have_text("Check before it is shown")
    assert page.locator("#confirm-note").input_value() == "a reads fine"  # the note comes along
    assert status_of(item) == Comment.Status.HELD


def test_bulk_needs_a_chosen_action_and_never_includes_a_crisis_item(live_server, browser):  # noqa: F811
    crisis = held_item(flags=(("crisis", "high"),), crisis=True, urgent=True, reasons=["crisis"])
    spam = held_item(flags=(("spam", "medium"),), author_name="Tom")
    page = browser.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, make_moderator(email="mod.bulk@example.org"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("moderation:queue"))
    for key in "jxjx":  # the keys that once published a crisis comment
        page.keyboard.press(key)
    assert page.locator(f"#pick-{crisis.pk}").is_checked() and page.locator(f"#pick-{spam.pk}").is_checked()

    action = page.locator("select[name=action]")
    assert action.input_value() == ""  # no default action
    page.get_by_role("button", name="Apply to ticked items").click()
    page.wait_for_timeout(300)
    assert page.url.endswith(reverse("moderation:queue"))
    assert action.evaluate("element => element.validationMessage") != ""
    assert status_of(crisis) == Comment.Status.HELD and status_of(spam) == Comment.Status.HELD

    action.select_option("approve")
    page.get_by_role("button", name="Apply to ticked items").click()
    page.wait_for_load_state()
    messages = page.locator(".messages").inner_text()
    assert "Approved 1 item." in messages
    assert f"item {crisis.pk} (Lena’s comment: crisis)" in messages
    assert status_of(crisis) == Comment.Status.HELD
    assert status_of(spam) == Comment.Status.VISIBLE
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        shoot(page, "bulk-refused")


def test_bulk_without_an_action_and_without_javascript_is_a_clear_error(live_server, browser):  # noqa: F811
    spam = held_item(flags=(("spam", "medium"),))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, make_moderator(email="mod.nojs@example.org"))
    page.goto(live_server.url + reverse("moderation:queue"))
    page.locator(f"#pick-{spam.pk}").check()
    # A browser that doesn't check `required` (or a hand-made request) still gets a clear answer.
    page.locator("select[name=action]").evaluate("element => element.removeAttribute('required')")
    page.get_by_role("button", name="Apply to ticked items").click()
    page.wait_for_load_state()
    assert "Please choose what to do with the ticked items. Nothing was changed." in page.content()
    assert status_of(spam) == Comment.Status.HELD
    context.close()


def test_a_decision_on_an_item_someone_else_holds_is_refused(live_server, browser):  # noqa: F811
    item = held_item()
    item_services.item_claim(item_id=item.pk, moderator=make_moderator(display_name="Alex"))
    page = browser.new_page()
    log_in(page, live_server, make_moderator(email="mod.late@example.org"))
    page.goto(item_url(live_server, item))
    assert "Alex is working on this" in page.locator(".claim-box").inner_text()
    page.get_by_role("button", name="Approve and show it").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Someone got there first"
    assert "Alex is working on this item until" in page.locator("[role=alert]").inner_text()
    assert status_of(item) == Comment.Status.HELD
    item.refresh_from_db()
    assert item.status == "open" and item.claimed_by.display_name == "Alex"


def test_handled_keep_private_closes_a_crisis_item_and_the_comment_stays_hidden(live_server, browser):  # noqa: F811
    item = held_item(flags=(("crisis", "high"),), crisis=True, urgent=True, reasons=["crisis"])
    page = browser.new_page()
    log_in(page, live_server, make_moderator(email="mod.private@example.org"))
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(item_url(live_server, item))
        shoot(page, "keep-private-item")
    page.get_by_role("button", name="Handled, keep private").click()  # no note yet: the browser asks for one
    assert page.locator("#private-note").evaluate("element => element.validationMessage") != ""
    page.locator("#private-note").fill("Reached out with the care message; keep it private.")
    page.get_by_role("button", name="Handled, keep private").click()
    page.wait_for_load_state()
    assert "Handled and kept private" in page.locator(".messages").inner_text()
    shoot(page, "keep-private-done")
    item.refresh_from_db()
    assert (item.status, item.resolution) == ("resolved", "kept_private")
    assert status_of(item) == Comment.Status.HELD

    author = Comment.objects.get(pk=item.comment_id).commenter.user
    reader = browser.new_context().new_page()
    log_in(reader, live_server, author)
    reader.goto(live_server.url + reverse("moderation:notices"))
    assert "Your comment stays private" in reader.content()
    assert "Ask for another look" not in reader.content()
    for width, height in SIZES:
        reader.set_viewport_size({"width": width, "height": height})
        shoot(reader, "kept-private-notice")
