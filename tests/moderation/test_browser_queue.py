"""The queue as a workstation, in a real browser: no page of moderation scrolls sideways on a phone, the list sits
beside the open item on a wide screen, the next item opens after a decision, and j/k cross pages."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from moderation import actions
from tests.factories import PostFactory, UserFactory, make_comment
from tests.moderation.queue_support import make_item, make_moderator, minutes_ago
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
    actions.item_claim(item_id=spam.pk, moderator=senior)
    actions.item_remove(item_id=spam.pk, moderator=senior, reason="spam", note="A link. " + LONG_WORD)
    for _ in range(3):
        make_item(flags=(("spam", "low"),), body="Cheap pills " + LONG_WORD, opened_at=minutes_ago(30))
    return {
        "queue": reverse("moderation:queue"),
        # "queue-filtered" placeholder
        "queue-decided": reverse("moderation:queue") + "?status=resolved",
        "item-crisis": reverse("moderation:item", args=[crisis.pk]),
        "item-hostile": reverse("moderation:item", args=[hostile.pk]),
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
    Group.objects.get_or_create(name="moderators")
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
    assert not failures, "\n".join(failures)
