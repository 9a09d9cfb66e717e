"""Issue 15 items 2, 3, 4, 7 and 8 in a real browser (Playwright, Debian's chromium), phone and desktop: support
sent without leaving the page (and without JavaScript), guidance when answering someone struggling, the waiting
page, the guidelines before a first comment, and the account's new links. Screenshots go to /work/shots/i15/."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from readers import services
from readers.models import SupportSignal
from tests.factories import PostFactory, UserFactory, make_comment
from tests.moderation.test_browser import browser, log_in  # noqa: F401  (the browser fixture)
from tests.readers.support import flag

SIZES = [(390, 844), (1280, 900)]
SHOTS = Path("/work/shots/i15")


def shoot(page, name: str) -> None:
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"r-{name}.png"), full_page=True)


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def a_conversation():
    post = PostFactory(title="The thing I haven't told my therapist", body="I keep almost saying it, then I don't.")
    calm = make_comment(post=post, body="Thank you for writing this. I recognise so much of it.")
    writer = UserFactory(display_name="Rosa")
    services.waiting_listed_set(user=writer, listed=True)
    struggling = make_comment(post=post, user=writer, body="I can't stop crying and nothing helps. I feel so alone.")
    flag(struggling)
    return post, calm, struggling


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES, ids=["phone", "desktop"])
def test_support_and_guidance_on_the_post_page(live_server, browser, size, clear_cache):  # noqa: F811
    post, calm, struggling = a_conversation()
    reader = UserFactory(display_name="Jonah")
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    log_in(page, live_server, reader)
    page.goto(live_server.url + post.get_absolute_url())

    # Sending support: the page stays, the button says it is on, the count goes up; again takes it back.
    button = page.locator(f"#c{calm.pk} button.signal-button").first
    expect(button).to_have_attribute("aria-pressed", "false")
    url = page.url
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button.locator("[data-count]")).to_have_text("1")
    assert page.url == url
    assert SupportSignal.objects.filter(user=reader, comment=calm, kind="support").count() == 1
    shoot(page, f"signals-sent-{size[0]}")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(button.locator("[data-count]")).to_have_text("0")

    # Answering someone who is struggling: the guidance comes into the inline form; not under a calm comment.
    page.locator(f"#c{struggling.pk} a.reply-link").click()
    guidance = page.locator(".inline-reply [data-reply-guidance]")
    expect(guidance).to_be_visible()
    expect(guidance).to_contain_text("Listen rather than fix")
    expect(page.locator(".inline-reply a[href='tel:988']")).to_have_count(1)
    shoot(page, f"reply-guidance-{size[0]}")
    page.locator(f"#c{calm.pk} a.reply-link").click()
    expect(page.locator(".inline-reply textarea")).to_be_focused()
    expect(page.locator(".inline-reply [data-reply-guidance]")).to_have_count(0)
    assert fits(page)


@pytest.mark.django_db(transaction=True)
def test_support_works_without_javascript(live_server, browser, clear_cache):  # noqa: F811
    post, calm, _ = a_conversation()
    reader = UserFactory()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, reader)
    page.goto(live_server.url + post.get_absolute_url())
    with page.expect_navigation():
        page.locator(f"#c{calm.pk} button.signal-button", has_text="I relate").click()
    assert page.url.endswith(f"#c{calm.pk}")
    expect(page.locator(f"#c{calm.pk} button.signal-button", has_text="I relate")).to_have_attribute(
        "aria-pressed", "true"
    )
    context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES, ids=["phone", "desktop"])
def test_the_waiting_page_leads_to_a_reply_with_guidance_and_a_reply_removes_the_entry(
    live_server,
    browser,  # noqa: F811
    size,
    clear_cache,
):
    post, _, struggling = a_conversation()
    reader = UserFactory(display_name="Lena")
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    log_in(page, live_server, reader)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Waiting for a kind word").click()
    expect(page.locator(".waiting-entry")).to_have_count(1)
    expect(page.locator(".waiting-entry blockquote")).to_contain_text("I can't stop crying")
    assert fits(page)
    shoot(page, f"waiting-{size[0]}")
    page.locator(".waiting-entry a.button").click()
    expect(page.locator("[data-reply-guidance]")).to_be_visible()
    shoot(page, f"reply-page-guidance-{size[0]}")
    page.fill("#reply-body", "I'm here, and I'm listening. That sounds so lonely.")
    with page.expect_navigation():
        page.get_by_role("button", name="Post reply").click()
    reply = Comment.objects.get(parent=struggling)
    Comment.objects.filter(pk=reply.pk).update(status=Comment.Status.VISIBLE)
    page.goto(live_server.url + "/readers/waiting/")
    expect(page.locator(".waiting-entry")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES, ids=["phone", "desktop"])
def test_the_guidelines_before_a_first_comment_keep_the_draft(live_server, browser, size, settings, clear_cache):  # noqa: F811
    settings.READERS_GUIDELINES_FIRST = True
    post, _, _ = a_conversation()
    newcomer = UserFactory(display_name="Ade")
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    log_in(page, live_server, newcomer)
    page.goto(live_server.url + post.get_absolute_url())
    page.fill("#join-body", "This is my first time writing here. Thank you for being so honest.")
    with page.expect_navigation():
        page.get_by_role("button", name="Post comment").click()
    assert page.url.endswith("/readers/guidelines/")
    expect(page.locator(".draft-preview")).to_contain_text("This is my first time writing here.")
    assert not Comment.objects.filter(body__startswith="This is my first time").exists()
    assert fits(page)
    shoot(page, f"guidelines-step-{size[0]}")
    with page.expect_navigation():
        page.get_by_role("button", name="I agree, post my comment").click()
    assert Comment.objects.filter(body__startswith="This is my first time").exists()
    assert post.slug in page.url


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES, ids=["phone", "desktop"])
def test_the_waiting_offer_and_the_account_pages(live_server, browser, size, clear_cache):  # noqa: F811
    post = PostFactory()
    writer = UserFactory(display_name="Marisol")
    flag(make_comment(post=post, user=writer, body="Everything is too heavy this week."))
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    log_in(page, live_server, writer)
    page.goto(live_server.url + post.get_absolute_url())
    expect(page.get_by_role("heading", name="Would you like someone to answer?")).to_be_visible()
    shoot(page, f"waiting-offer-{size[0]}")
    with page.expect_navigation():
        page.get_by_role("button", name="No, thank you").click()
    expect(page.get_by_role("heading", name="Would you like someone to answer?")).to_have_count(0)

    page.goto(live_server.url + "/accounts/")
    with page.expect_navigation():
        page.get_by_role("link", name="Change your e-mail address").click()
    assert fits(page)
    shoot(page, f"email-change-{size[0]}")
    page.goto(live_server.url + "/accounts/")
    with page.expect_navigation():
        page.get_by_role("link", name="Download everything you wrote").click()
    shoot(page, f"export-{size[0]}")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my file").click()
    assert download.value.suggested_filename == "kindred-export.json"
