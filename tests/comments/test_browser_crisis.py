"""In a real browser (Playwright, Debian's chromium), at phone and desktop sizes, with the real engine and no wait
for the worker (CARE_WAIT_FOR_CHECK_SECONDS=0): after a crisis comment the page opens on the resources panel, which
has focus; held and unchecked comments are described truthfully; a double click on "Post comment" sends once."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from moderation.services import scan
from tests.factories import PostFactory, UserFactory, make_comment
from tests.moderation.test_browser import browser, log_in  # noqa: F401  (the browser fixture)

from .test_crisis_landing import CRISIS_TEXT, HOSTILE_TEXT

SIZES = [(390, 844), (1280, 900)]
SHOTS = Path("/work/shots/help")


def shoot(page, name: str) -> None:
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"{name}.png"))


def a_long_conversation():
    """A post whose page is many screens long, so landing on one's own comment would be far from the top."""
    post = PostFactory(title="The first winter after she died", body="I didn't think it would still hurt this much.")
    for n in range(25):
        make_comment(post=post, body=f"Thinking of you. Grief comes in waves, and this is wave number {n}.\n\n" * 2)
    return post


def write(page, text: str, *, anyway: bool = False) -> None:
    page.fill("#join-body", text)
    if anyway:
        # The nudge before posting (nudges) comes first; the writer posts anyway and the usual policy applies.
        page.get_by_role("button", name="Post comment").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Post anyway").click()
    else:
        # The form is sent once the nudge's check has answered (static/js/nudge.js): wait for that navigation.
        with page.expect_navigation():
            page.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES, ids=["phone", "desktop"])
def test_after_a_crisis_comment_the_panel_is_at_the_top_and_has_focus(live_server, browser, settings, size):  # noqa: F811
    settings.CARE_WAIT_FOR_CHECK_SECONDS = 0
    post = a_long_conversation()
    reader = UserFactory()
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    log_in(page, live_server, reader)
    page.goto(live_server.url + post.get_absolute_url())

    write(page, CRISIS_TEXT)

    comment = Comment.objects.get(body=CRISIS_TEXT)
    assert comment.status == Comment.Status.PENDING  # nothing has checked it but the request itself
    assert page.url.endswith("#you-matter")
    expect(page.locator("#you-matter")).to_be_focused()
    panel = page.locator("#you-matter").bounding_box()
    assert 0 <= panel["y"] <= 20, panel  # at the top of the viewport
    assert panel["y"] + 80 < size[1]
    heading = page.get_by_role("heading", name="You don't have to carry this alone")
    assert heading.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('aria-labelledby')") == "you-matter-heading"
    own = page.locator(f"#c{comment.pk}").bounding_box()
    assert own["y"] > panel["y"] + panel["height"]  # above the author's own comment
    assert page.locator("#you-matter a[href='tel:988']").count() == 1
    assert "Your comment is being checked" in page.locator("#comment-check").inner_text()
    assert page.locator("meta[http-equiv]").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(page, f"crisis-landing-{size[0]}")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES, ids=["phone", "desktop"])
def test_held_and_unchecked_comments_are_described_truthfully(live_server, browser, settings, size):  # noqa: F811
    settings.CARE_WAIT_FOR_CHECK_SECONDS = 0
    post = PostFactory(title="Talking back to my inner critic")
    make_comment(post=post, body="Writing it down helped me more than I expected.")
    reader = UserFactory()
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    log_in(page, live_server, reader)
    page.goto(live_server.url + post.get_absolute_url())

    write(page, HOSTILE_TEXT, anyway=True)

    comment = Comment.objects.get(body=HOSTILE_TEXT)
    status = page.locator("#comment-check [role=status]")
    assert "Your comment is being checked" in status.inner_text()
    assert "once it has been checked" in status.inner_text()
    assert page.locator("#you-matter").count() == 0 and "is posted" not in page.locator("main").inner_text()
    shoot(page, f"being-checked-{size[0]}")

    # The worker's check holds it; the page's script asks again and says so, without reloading.
    scan.comment_scan(comment_id=comment.pk)
    expect(page.locator("#comment-check [role=status]")).to_contain_text("waiting for a moderator", timeout=15000)
    assert page.locator("#comment-check a").inner_text() == "Show it"
    assert page.locator(f"#c{comment.pk} [data-review-badge]").inner_text().endswith("awaiting review")
    shoot(page, f"held-after-check-{size[0]}")
    page.locator("#comment-check a").click()
    page.wait_for_load_state()
    assert "Your comment is waiting for a moderator" in page.locator("#comment-state").inner_text()
    assert "is posted" not in page.locator("main").inner_text()


@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_check_again_link_tells_where_the_comment_stands(live_server, browser, settings):  # noqa: F811
    settings.CARE_WAIT_FOR_CHECK_SECONDS = 0
    post = PostFactory()
    reader = UserFactory()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, live_server, reader)
    page.goto(live_server.url + post.get_absolute_url())
    write(page, "Sending you a warm thought from a rainy town.")
    comment = Comment.objects.get(post=post)
    assert "Your comment is being checked" in page.locator("#comment-check").inner_text()
    scan.comment_scan(comment_id=comment.pk)
    page.get_by_role("link", name="Check again").click()
    page.wait_for_load_state()
    assert "Your comment is posted" in page.locator("#comment-state").inner_text()
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_post_comment_sends_once_and_the_button_waits(live_server, browser, settings):  # noqa: F811
    settings.CARE_WAIT_FOR_CHECK_SECONDS = 0
    post = PostFactory()
    reader = UserFactory()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server, reader)
    page.goto(live_server.url + post.get_absolute_url())

    # The button is disabled once the form is on its way (the test keeps this one from leaving the page).
    page.evaluate("document.querySelector('#join-body').form.addEventListener('submit', (e) => e.preventDefault())")
    page.fill("#join-body", "Checking the button.")
    page.get_by_role("button", name="Post comment").click()
    form = page.locator("#join-body").locator("xpath=ancestor::form")
    expect(form.locator("button[type=submit]:not([name=preview])")).to_be_disabled()

    page.goto(live_server.url + post.get_absolute_url())
    page.fill("#join-body", "One hug, sent once.")
    page.get_by_role("button", name="Post comment").dblclick()
    page.wait_for_url(re.compile(r"#c[0-9]+$"))
    page.wait_for_load_state()
    assert Comment.objects.filter(post=post, body="One hug, sent once.").count() == 1
    assert Comment.objects.filter(post=post).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES, ids=["phone", "desktop"])
def test_the_same_form_with_new_words_keeps_them_and_the_help_page_links_numbers(live_server, browser, size):  # noqa: F811
    post = PostFactory(title="Small steps")
    reader = UserFactory()
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    log_in(page, live_server, reader)
    page.goto(live_server.url + post.get_absolute_url())
    page.fill("#join-body", "My first words.")
    with page.expect_navigation():
        page.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()
    # Back to the same form (same key), other words: refused kindly, the words kept, a new key to send them with.
    page.go_back()
    page.wait_for_load_state()
    page.fill("#join-body", "Something else I meant to say.")
    with page.expect_navigation():
        page.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()
    assert "already sent a comment" in page.locator("[role=alert]").inner_text()
    assert page.input_value("#compose-body").strip() == "Something else I meant to say."
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(page, f"form-key-conflict-{size[0]}")
    with page.expect_navigation():
        page.get_by_role("button", name="Post reply").click()
    page.wait_for_load_state()
    assert sorted(Comment.objects.filter(post=post).values_list("body", flat=True)) == [
        "My first words.",
        "Something else I meant to say.",
    ]

    page.goto(live_server.url + "/help/")
    assert page.locator("a[href='tel:988']").inner_text() == "Call 988"
    assert page.locator("a[href='sms:988']").inner_text() == "text 988"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(page, f"help-{size[0]}")
