"""The nudge in a real browser (Playwright, Debian's chromium) at phone and desktop sizes: the sentence appears in
the form before anything is sent, "Edit" goes back to the words, "Post anyway" posts, a crisis draft is never
nudged; each outcome is recorded without the text."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from nudges.detector import SENTENCES
from nudges.models import NudgeEvent, NudgeOutcome
from tests.comments.test_crisis_landing import CRISIS_TEXT
from tests.factories import PostFactory, UserFactory, make_comment
from tests.moderation.test_browser import browser, log_in  # noqa: F401  (the browser fixture)

SIZES = [(390, 844), (1280, 900)]
SHOTS = Path("/work/shots/i15")
PROMISE = "It will definitely get better by next month, I promise you."
CLEAN = "I'm sorry it's so heavy right now. I hope the next weeks are gentler, and I'm glad you wrote."


def shoot(page, name: str) -> None:
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def open_post(browser, live_server, size):  # noqa: F811
    post = PostFactory(title="Telling my sister about the panic attacks")
    make_comment(post=post, body="You were brave to write this down.")
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    log_in(page, live_server, UserFactory())
    page.goto(live_server.url + post.get_absolute_url())
    return page, post


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES, ids=["phone", "desktop"])
def test_the_sentence_appears_in_the_form_and_edit_returns_to_the_words(live_server, browser, size, clear_cache):  # noqa: F811
    page, post = open_post(browser, live_server, size)
    page.fill("#join-body", PROMISE)
    page.get_by_role("button", name="Post comment").click()

    region = page.locator("#join-nudge")
    expect(region).to_contain_text(SENTENCES["promise"])
    assert region.get_attribute("aria-live") == "polite"
    assert page.url.endswith(post.get_absolute_url())  # nothing was sent
    assert not Comment.objects.filter(body=PROMISE).exists()
    assert page.locator("#join-body").input_value() == PROMISE
    assert page.get_by_role("button", name="Post comment").is_enabled()
    region.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(page, f"nudge-js-{size[0]}")

    page.get_by_role("button", name="Edit").click()
    expect(page.locator("#join-body")).to_be_focused()
    expect(region).to_be_empty()
    page.fill("#join-body", CLEAN)
    with page.expect_navigation():
        page.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()
    assert Comment.objects.filter(body=CLEAN).exists()
    assert NudgeEvent.objects.get().outcome == NudgeOutcome.EDITED


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES, ids=["phone", "desktop"])
def test_post_anyway_posts_the_words_as_they_are(live_server, browser, size, clear_cache):  # noqa: F811
    page, post = open_post(browser, live_server, size)
    page.fill("#join-body", PROMISE)
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#join-nudge")).to_contain_text(SENTENCES["promise"])
    with page.expect_navigation():
        page.get_by_role("button", name="Post anyway").click()
    page.wait_for_load_state()
    assert Comment.objects.filter(body=PROMISE).exists()
    assert NudgeEvent.objects.get().outcome == NudgeOutcome.POSTED_ANYWAY


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES, ids=["phone", "desktop"])
def test_a_reply_in_place_is_nudged_in_its_own_form(live_server, browser, size, clear_cache):  # noqa: F811
    page, post = open_post(browser, live_server, size)
    page.locator("a.reply-link").first.click()
    page.fill(".inline-reply textarea", "Just get over it, honestly, you're overreacting.")
    page.locator(".inline-reply button[type=submit]:not([name=preview])").click()
    expect(page.locator(".inline-reply [data-draft-nudge]")).to_contain_text(SENTENCES["invalidating"])
    shoot(page, f"nudge-inline-reply-{size[0]}")


@pytest.mark.django_db(transaction=True)
def test_a_crisis_draft_is_never_nudged(live_server, browser, settings, clear_cache):  # noqa: F811
    settings.CARE_WAIT_FOR_CHECK_SECONDS = 0
    page, post = open_post(browser, live_server, SIZES[0])
    page.fill("#join-body", CRISIS_TEXT + " Just get over it, I tell myself.")
    with page.expect_navigation():
        page.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()
    assert page.url.endswith("#you-matter")
    assert not NudgeEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES, ids=["phone", "desktop"])
def test_without_javascript_the_form_comes_back_with_the_sentence(live_server, browser, size, clear_cache):  # noqa: F811
    post = PostFactory(title="Telling my sister about the panic attacks")
    context = browser.new_context(java_script_enabled=False, viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    log_in(page, live_server, UserFactory())
    page.goto(live_server.url + post.get_absolute_url())
    page.fill("#join-body", PROMISE)
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()
    assert SENTENCES["promise"] in page.locator("#compose-nudge").inner_text()
    assert page.locator("#compose-body").input_value().strip() == PROMISE
    shoot(page, f"nudge-nojs-{size[0]}")
    page.get_by_role("button", name="Post anyway").click()
    page.wait_for_load_state()
    assert Comment.objects.filter(body=PROMISE).exists()
    assert NudgeEvent.objects.get().outcome == NudgeOutcome.POSTED_ANYWAY
    context.close()
