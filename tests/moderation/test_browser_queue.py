"""The queue as a workstation, in a real browser: no page of moderation scrolls sideways on a phone, the list sits
beside the open item on a wide screen, the next item opens after a decision, and j/k cross pages."""

import pytest
from django.urls import reverse

from moderation.models import ReviewItem
from moderation.selectors import queue
from moderation.services import decisions
from moderation.services import items as item_services
from tests.factories import PostFactory, UserFactory, make_comment
from tests.moderation.queue_support import make_item, make_moderator, make_post_item, minutes_ago, moderator_group
from tests.moderation.test_browser import browser, log_in  # noqa: F401  (the Playwright fixture)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CRISIS_TEXT = "I've written the letters and sorted out who takes the dog. Sunday is when."
# A long unbroken word, as spam and pasted links are: it must wrap, not widen the page.
LONG_WORD = "https://example.org/" + "a" * 120

OVERFLOW = """() => {
  // What reaches past the viewport's right edge outside any scroll area: the causes, named for the report.
  const clipped = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible" && up.getBoundingClientRect().right <= window.innerWidth + 1) {
        return true;
      }
    }
    return false;
  };
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.right > window.innerWidth + 1 && !clipped(el)) {
      wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (typeof el.className === "string" && el.className ? "." + el.className.split(" ").join(".") : "")
        + " right=" + Math.round(box.right));
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.right > window.innerWidth + 1 && !clipped(node)) {
      wide.push("text “" + node.textContent.trim().slice(0, 40) + "” in " + node.parentElement.tagName.toLowerCase()
        + " right=" + Math.round(box.right));
    }
  }
  return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth, wide: wide.slice(0, 12)};
}"""


def moderation_pages(senior) -> dict[str, str]:
    """One of every moderation page, with data that fills its tables and long words."""
    author = UserFactory(display_name="Lena")
    tom = UserFactory(display_name="Tom")
    post = PostFactory(author=author, title="Learning to ask for help " + LONG_WORD[:40])
    root = make_comment(post=post, user=author, body="Thank you for writing this. " + LONG_WORD)
    crisis = make_item(post=post, author=author, body=CRISIS_TEXT, flags=(("crisis", "high"),), crisis=True)
    hostile = make_item(post=post, author=tom, parent=root, body="Quit moaning, nobody wants this. " + LONG_WORD)
    spam = make_item(post=post, author=tom, body="Buy followers " + LONG_WORD, flags=(("spam", "medium"),))
    item_services.item_claim(item_id=spam.pk, moderator=senior)
    decisions.item_remove(item_id=spam.pk, moderator=senior, reason="spam", note="A link. " + LONG_WORD)
    for _ in range(3):
        make_item(flags=(("spam", "low"),), body="Cheap pills " + LONG_WORD, opened_at=minutes_ago(30))
    post_item = make_post_item(body="Call me on 07700 900123 or write to " + LONG_WORD)
    return {
        "queue": reverse("moderation:queue"),
        "queue-filtered": reverse("moderation:queue") + "?category=spam&writer=a&since=2020-01-01",
        "queue-decided": reverse("moderation:queue") + "?status=resolved",
        "item-crisis": reverse("moderation:item", args=[crisis.pk]),
        "item-hostile": reverse("moderation:item", args=[hostile.pk]),
        "item-decided": reverse("moderation:item", args=[spam.pk]),
        "item-post": reverse("moderation:item", args=[post_item.pk]),
        "author": reverse("moderation:author", args=[tom.pk]),
        "stats": reverse("moderation:stats"),
        "audit": reverse("moderation:audit"),
        "audit-moderator": reverse("moderation:audit_moderator", args=[senior.pk]),
        "messages": reverse("moderation:messages"),
        "message-edit": reverse("moderation:message_edit", args=["warn"]),
    }


def sideways(page, name: str) -> list[str]:
    found = page.evaluate(OVERFLOW)
    return [f"{name} scrolls sideways: {found}"] if found["scroll"] > found["inner"] else []


@pytest.mark.django_db(transaction=True)
def test_no_moderation_page_scrolls_sideways_on_a_phone(live_server, browser):  # noqa: F811
    moderator_group("moderators")
    senior = make_moderator(senior=True, email="senior.phone@example.org", display_name="Sasha")
    pages = moderation_pages(senior)
    page = browser.new_page(viewport=PHONE)
    log_in(page, live_server, senior)
    failures = []
    for name, url in pages.items():
        response = page.goto(live_server.url + url)
        assert response.ok, f"{name}: {response.status}"
        failures += sideways(page, name)
    # The confirmation a flagged comment asks for (crisis and hostile alike), reached as a moderator would.
    for name in ("item-hostile", "item-crisis"):
        page.goto(live_server.url + pages[name])
        page.get_by_role("button", name="Approve and show it").click()
        page.wait_for_load_state()
        assert page.locator(".confirm-effect").count() == 1, name
        failures += sideways(page, f"confirm ({name})")
    # A filter the list cannot use answers 400 with a message naming it.
    response = page.goto(live_server.url + reverse("moderation:queue") + "?category=" + LONG_WORD + "&since=nope")
    assert response.status == 400
    failures += sideways(page, "queue with bad filters")
    # A decision on an item someone else holds is refused (409) with a message naming them.
    held = make_item(author=UserFactory(display_name="Ade"), flags=(("spam", "low"),), body="Shop " + LONG_WORD)
    item_services.item_claim(item_id=held.pk, moderator=make_moderator(display_name="Alex " + "x" * 40))
    page.goto(live_server.url + reverse("moderation:item", args=[held.pk]))
    page.get_by_role("button", name="Approve and show it").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Someone got there first"
    failures += sideways(page, "refused decision")
    # A bulk action that names the sensitive items it left out.
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(live_server.url + reverse("moderation:queue"))
    for box in page.locator("[data-queue-row] input[type=checkbox]").all():
        box.check()
    page.select_option("select[name=action]", "remove")
    page.get_by_role("button", name="Apply to ticked items").click()
    page.wait_for_load_state()
    assert "Not included, and not changed" in page.content()
    failures += sideways(page, "bulk result")
    assert not failures, "\n".join(failures)


SHOTS = "/work/shots/queue"
NAMES = ["Lena", "Tom", "Priya", "Jonah", "Marisol", "Ade", "Rosalind", "Sam"]
TITLES = ["Learning to ask for help", "Grief at Christmas", "Starting therapy", "Sleep, again"]


def fill_queue(count: int) -> list[ReviewItem]:
    """A busy queue: mostly spam and hostile replies, some reports, a few crisis items."""
    posts = [PostFactory(title=title) for title in TITLES]
    writers = [UserFactory(display_name=name) for name in NAMES]
    items = []
    for index in range(count):
        post, writer = posts[index % len(posts)], writers[index % len(writers)]
        waited = minutes_ago(600 - index * 2)
        if index % 40 == 7:
            items.append(
                make_item(
                    post=post,
                    author=writer,
                    body=CRISIS_TEXT,
                    flags=(("crisis", "medium"),),
                    crisis=True,
                    opened_at=waited,
                )
            )
        elif index % 3 == 0:
            items.append(make_item(post=post, author=writer, body="Quit moaning, nobody cares.", opened_at=waited))
        else:
            items.append(
                make_item(
                    post=post,
                    author=writer,
                    body=f"Cheap followers and likes, visit my shop today, offer {index}",
                    flags=(("spam", "low"),),
                    opened_at=waited,
                )
            )
    return items


@pytest.mark.django_db(transaction=True)
def test_the_workstation_with_200_items(live_server, browser):  # noqa: F811
    moderator = make_moderator(email="mod.wide@example.org", display_name="Morgan")
    fill_queue(200)
    page = browser.new_page(viewport=DESKTOP)
    log_in(page, live_server, moderator)
    base = live_server.url + reverse("moderation:queue")

    # The first item is visible without scrolling at 1280x900.
    page.goto(base)
    first = page.locator("[data-queue-row]").first.bounding_box()
    assert first["y"] + first["height"] <= DESKTOP["height"], first
    assert page.locator("[data-queue-row]").count() == queue.PAGE_SIZE
    page.screenshot(path=f"{SHOTS}/list-200-1280.png")

    # j past the last row opens the next page at its first row; k before the first goes back to the last.
    page.locator("h1").click()
    for _ in range(queue.PAGE_SIZE + 1):
        page.keyboard.press("j")
    page.wait_for_url("**page=2#first-row")
    assert page.locator("[data-queue-row].current").count() == 1
    assert page.evaluate("document.activeElement.closest('[data-queue-row]') !== null")
    page.keyboard.press("k")
    page.wait_for_url("**page=1#last-row")
    current = page.locator("[data-queue-row].current")
    assert current.count() == 1
    assert page.locator("[data-queue-row]").last.get_attribute("class") == current.get_attribute("class")

    # Filters in the URL, then an item opens beside the filtered list.
    page.goto(base)
    page.fill("input[name=writer]", "lena")
    page.select_option("select[name=category]", "spam")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    assert "writer=lena" in page.url and "category=spam" in page.url
    assert page.get_by_role("link", name="Reset filters").count() == 1
    page.screenshot(path=f"{SHOTS}/list-filtered-1280.png")
    page.locator("[data-row-link]").first.click()
    page.wait_for_load_state()
    assert "writer=lena" in page.url
    pane = page.locator(".queue-pane").bounding_box()
    item = page.locator(".item-pane").bounding_box()
    assert pane and item and pane["x"] + pane["width"] <= item["x"], (pane, item)
    assert pane["y"] < DESKTOP["height"] and item["y"] < DESKTOP["height"]
    assert page.locator(".queue-pane [aria-current=page]").count() == 1
    page.screenshot(path=f"{SHOTS}/item-beside-list-1280.png")
    # Further down the list, the pane scrolls to the open item's row.
    page.goto(base + "?category=spam")
    page.locator("[data-row-link]").nth(20).click()
    page.wait_for_load_state()
    row = page.locator(".queue-pane .current-item").bounding_box()
    assert 0 <= row["y"] and row["y"] + row["height"] <= DESKTOP["height"], row
    page.screenshot(path=f"{SHOTS}/item-21-beside-list-1280.png")
    page.go_back()
    page.goto(base + "?writer=lena&category=spam")
    page.locator("[data-row-link]").first.click()
    page.wait_for_load_state()

    # A decision opens the next item of the same filters, with the focus on its heading.
    opened = page.url
    page.get_by_role("button", name="Approve and show it").click()
    page.wait_for_load_state()
    assert page.url != opened and "writer=lena" in page.url
    assert page.evaluate("document.activeElement.id") == "item-heading"
    assert "The next item is open." in page.locator(".messages").inner_text()
    page.screenshot(path=f"{SHOTS}/next-item-after-decision-1280.png")

    # A quick decision in the list, for a spam row.
    page.goto(base + "?category=spam")
    before = ReviewItem.objects.filter(status="open").count()
    page.locator("[data-queue-row] .quick-actions button", has_text="Remove as spam").first.click()
    page.wait_for_load_state()
    assert "Removed." in page.locator(".messages").inner_text()
    assert ReviewItem.objects.filter(status="open").count() == before - 1

    # The phone: one pane, no sideways scroll, the list of 200 and an item.
    page.set_viewport_size(PHONE)
    page.goto(base)
    assert not sideways(page, "queue (phone)")
    page.screenshot(path=f"{SHOTS}/list-200-390.png")
    page.goto(base + "?writer=lena&category=spam")
    assert not sideways(page, "filtered queue (phone)")
    page.locator("[data-queue-row]").first.scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}/list-filtered-390.png")
    page.locator("[data-row-link]").first.click()
    page.wait_for_load_state()
    assert not page.locator(".queue-pane").is_visible()
    assert not sideways(page, "item (phone)")
    page.screenshot(path=f"{SHOTS}/item-390.png")
