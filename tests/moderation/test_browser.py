"""In a real browser: a moderator opens the queue, reads a held comment in its conversation, approves it, and a
reader then sees it on the post page. Playwright drives Debian's chromium (no browser download)."""

import shutil

import pytest
from django.db import connections
from django.urls import reverse

from comments.models import Comment
from moderation.models import ReviewItem
from moderation.services import scan
from tests.conftest import require_service
from tests.factories import PostFactory, make_comment
from tests.moderation.queue_support import make_moderator

HELD_TEXT = "This is a reply the check held back for a person to read [hostile]"
PASSWORD = "correct horse battery"


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls around it are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_service("Playwright", "the playwright package is not installed")
    executable = shutil.which("chromium")
    if not executable:
        require_service("Chromium", "install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run"],
        )
        yield browser
        # The test's ORM calls made their connection while Playwright's loop ran; close it from the same place,
        # or it outlives the test and blocks the test database's teardown.
        connections.close_all()
        browser.close()


def log_in(page, live_server, user) -> None:
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_a_moderator_approves_a_held_comment_and_a_reader_then_sees_it(live_server, browser, marker_pipeline):
    post = PostFactory(title="Talking to my therapist")
    parent = make_comment(post=post, body="I finally said it out loud in my session today.")
    held = make_comment(post=post, parent=parent, body=HELD_TEXT, checked=False)
    scan.comment_scan(comment_id=held.pk)
    held.refresh_from_db()
    assert held.status == Comment.Status.HELD
    item = ReviewItem.objects.get(comment=held, status="open")
    moderator = make_moderator(email="mod.browser@example.org")

    reader = browser.new_page()
    reader.goto(live_server.url + post.get_absolute_url())
    assert HELD_TEXT not in reader.content()

    page = browser.new_page()
    log_in(page, live_server, moderator)

    page.goto(live_server.url + reverse("moderation:queue"))
    page.locator(f"a[href='{reverse('moderation:item', args=[item.pk])}']").first.click()
    page.wait_for_load_state()
    body = page.content()
    assert HELD_TEXT.split(" [")[0] in body
    assert "I finally said it out loud" in body  # the conversation around it

    page.get_by_role("button", name="Approve and show it").click()
    page.wait_for_load_state()
    # A hostile flag: the first click only says what will happen; nothing is shown yet (safe-moderation issue).
    assert "will be shown to everyone in the thread" in page.locator(".confirm-effect").inner_text()
    held.refresh_from_db()
    assert held.status == Comment.Status.HELD
    page.get_by_role("button", name="Yes, show it").click()
    page.wait_for_load_state()

    held.refresh_from_db()
    assert held.status == Comment.Status.VISIBLE
    reader.goto(live_server.url + post.get_absolute_url())
    assert HELD_TEXT.split(" [")[0] in reader.content()


PARENT_AT_RISK = "I've written the letters and sorted out who takes the dog. Sunday is when."
REPLY = "honestly, that is exactly where I am too"


@pytest.mark.django_db(transaction=True)
def test_a_reply_flagged_by_its_parent_shows_the_parent_words_that_explain_it(live_server, browser, tmp_path):
    """The real engine reads "exactly where I am too" as crisis only because of the comment it answers; the item
    page highlights the words of the reply and, in the conversation, the words of the parent, at phone and
    desktop sizes."""
    post = PostFactory(title="Talking to my therapist")
    parent = make_comment(post=post, body=PARENT_AT_RISK)
    reply = make_comment(post=post, parent=parent, body=REPLY, checked=False)
    scan.comment_scan(comment_id=reply.pk)
    item = ReviewItem.objects.get(comment=reply, status="open")
    moderator = make_moderator(email="mod.context@example.org")

    page = browser.new_page()
    log_in(page, live_server, moderator)
    for width, height in ((390, 844), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(live_server.url + reverse("moderation:item", args=[item.pk]))
        marks = page.locator("mark.evidence")
        texts = [marks.nth(i).inner_text() for i in range(marks.count())]
        assert any("exactly where I am too" in text for text in texts), texts
        assert any(text in PARENT_AT_RISK for text in texts if "exactly" not in text), texts
        context_marks = page.locator(".conversation-context mark.evidence")
        assert context_marks.count() >= 1
        page.screenshot(path=str(tmp_path / f"context-evidence-{width}.png"), full_page=True)
        # No sideways scroll, on a phone too (the workstation issue fixed the hidden table heading that did it).
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
