"""Accessibility and valid HTML on the main pages, as each kind of visitor sees them.

axe-core runs in Debian's Chromium (through Playwright) at a phone and a desktop size; the Nu HTML checker then
reads, in one run, the HTML the server sent for every page. Both tools are pinned in tests/browser/package.json and
installed by `python3 dev.py test`. One browser, one live server and one set of data serve the whole module.
"""

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from moderation.models import CareFlag, ReviewItem
from moderation.services import decisions, scan
from moderation.services import items as item_services
from notifications import services as notify_services
from tests.conftest import require_service
from tests.factories import PostFactory, UserFactory, make_comment
from tests.moderation.queue_support import make_item, make_moderator

CRISIS_TEXT = "I've written the letters and sorted out who takes the dog. Sunday is when."

TOOLS = Path(__file__).resolve().parent / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
VIEWPORTS = ({"width": 390, "height": 844}, {"width": 1280, "height": 900})
# Failing at these impacts is what the issue asks for. The named rules are the defects it lists (and
# landmark-unique, which a scroll region named like its section breaks), kept at zero at any impact.
FAILING_IMPACTS = {"critical", "serious"}
ALWAYS_FAILING_RULES = {
    "heading-order",
    "list",
    "listitem",
    "scrollable-region-focusable",
    "aria-allowed-role",
    "landmark-unique",
}

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + "  " + n.html.slice(0, 200)),
  }));
}"""


@dataclass
class Site:
    """What the module's data gave: ids and URLs the cases need, and the signed-in visitors' session cookies."""

    urls: dict[str, str] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)


def build_site() -> Site:
    site = Site()
    author = UserFactory(email="author@a11y.example", display_name="Sam Writes")
    reader = UserFactory(email="priya@a11y.example", display_name="Priya")
    lena = UserFactory(email="lena@a11y.example", display_name="Lena")
    tom = UserFactory(email="tom@a11y.example", display_name="Tom")
    moderator = make_moderator(email="mod@a11y.example", display_name="Morgan (moderator)")
    senior = make_moderator(senior=True, email="senior@a11y.example", display_name="Sasha (senior)")

    post = PostFactory(author=author, title="Learning to ask for help", body="It took me a long time to say it.")
    root = make_comment(post=post, user=reader, body="Thank you for writing this. It helped me today.")
    make_comment(post=post, parent=root, user=author, body="I'm so glad it did. How are you doing now?")
    make_comment(post=post, parent=root, user=lena, body="Same here, I read it twice.")
    # The real engine checks the crisis comment: its writer then sees the resources panel on the post page, and
    # the item shows the evidence the engine found.
    at_risk = make_comment(post=post, user=lena, body=CRISIS_TEXT, checked=False)
    scan.comment_scan(comment_id=at_risk.pk)
    crisis = ReviewItem.objects.get(comment=at_risk, status="open")
    assert crisis.crisis
    hostile = make_item(post=post, author=tom, parent=root, body="Quit moaning, nobody wants to read this.")
    spam = make_item(
        post=post, author=reader, body="Buy followers cheap at my shop", flags=(("spam", "medium"),), reason="held"
    )
    # Decisions, so the audit log, the stats, the author's history and the reader's notices have rows.
    item_services.item_claim(item_id=hostile.pk, moderator=moderator)
    item_services.item_release(item_id=hostile.pk, moderator=moderator)
    item_services.item_claim(item_id=spam.pk, moderator=moderator)
    decisions.item_remove(item_id=spam.pk, moderator=moderator, reason="spam", note="A link to a shop.")
    item_services.item_claim(item_id=crisis.pk, moderator=senior)
    # An open spam item: its row in the list carries the list's own decisions (the workstation).
    make_item(post=post, author=reader, body="Cheap followers at my shop", flags=(("spam", "low"),))
    # Issue 15: a content note, a crisis-flagged visible comment (folded for others) and a writer the reader muted.
    noted = make_comment(post=post, user=tom, body="Last spring was the worst of it. Writing helps.")
    Comment.objects.filter(pk=noted.pk).update(content_note="mentions self-harm")
    heavy = make_comment(post=post, parent=root, user=tom, body="Some nights I don't want to wake up.")
    CareFlag.objects.create(
        post=post,
        comment=heavy,
        revision=heavy.revision,
        category="crisis",
        severity="medium",
        score=0.9,
        classifier="test",
        classifier_version="1",
    )
    notify_services.writer_mute_set(user=reader, writer=lena, muted=True)

    # Issue 15: a listed writer's hard comment nobody answered (the waiting page, the reply guidance), support sent,
    # and a writer who is offered the waiting list.
    from readers import services as reader_services
    from readers.models import SupportSignal

    rosa = UserFactory(email="rosa@a11y.example", display_name="Rosa")
    reader_services.waiting_listed_set(user=rosa, listed=True)
    struggling = make_comment(post=post, user=rosa, body="I can't stop crying and nothing helps. I feel so alone.")
    CareFlag.objects.create(
        post=post,
        comment=struggling,
        revision=1,
        category="distress",
        severity="medium",
        score=0.9,
        classifier="test",
        classifier_version="1",
    )
    marisol = UserFactory(email="marisol@a11y.example", display_name="Marisol")  # not asked yet: sees the offer
    heavy = make_comment(post=post, user=marisol, body="Everything is too heavy this week.")
    CareFlag.objects.create(
        post=post,
        comment=heavy,
        revision=1,
        category="distress",
        severity="medium",
        score=0.9,
        classifier="test",
        classifier_version="1",
    )
    SupportSignal.objects.create(user=lena, kind="support", post=post, comment=root)
    SupportSignal.objects.create(user=lena, kind="relate", post=post)

    site.urls = {
        "home": reverse("comments:post_list"),
        "post": post.get_absolute_url(),
        "thread": reverse("comments:thread", args=[root.pk]),
        "post-sorted": post.get_absolute_url() + "?sort=activity",
        "reply-quote": reverse("comments:comment_reply", args=[root.pk]) + "?quote=0",
        "signup": reverse("accounts:signup"),
        "signup-sent": reverse("accounts:signup_sent"),
        "login": reverse("accounts:login"),
        "notifications": reverse("notifications:preferences"),
        "notices": reverse("moderation:notices"),
        "help": reverse("help"),
        "queue": reverse("moderation:queue"),
        "queue-filtered": reverse("moderation:queue") + "?category=spam&writer=Priya&since=2020-01-01",
        "item-crisis": reverse("moderation:item", args=[crisis.pk]),
        "item-hostile": reverse("moderation:item", args=[hostile.pk]),
        "stats": reverse("moderation:stats"),
        "audit": reverse("moderation:audit"),
        "audit-moderator": reverse("moderation:audit_moderator", args=[moderator.pk]),
        "author": reverse("moderation:author", args=[tom.pk]),
        "waiting": reverse("readers:waiting"),
        "reply-struggling": reverse("comments:comment_reply", args=[struggling.pk]),
        "guidelines-step": reverse("readers:guidelines"),
        "email-change": reverse("accounts:email_change"),
        "export": reverse("accounts:export"),
    }
    roles = (
        ("reader", reader),
        ("writer", lena),
        ("moderator", moderator),
        ("senior", senior),
        ("struggling", marisol),
    )
    for role, user in roles:
        client = Client()
        client.force_login(user)
        site.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return site


def open_reply_form(page) -> None:
    for expand in page.locator("[data-expand]").all():  # a thread an earlier case collapsed (issue 15)
        expand.click()
    page.locator("a.reply-link").first.click()
    page.locator(".inline-reply textarea").wait_for(state="visible")


def collapse_a_thread_and_open_a_menu(page) -> None:
    """Issue 15: a collapsed thread, another comment's menu open, and the folded comments opened."""
    for expand in page.locator("[data-expand]").all():  # collapsed at the other size (kept in localStorage)
        expand.click()
    page.locator(".conversation details[data-comment-menu] > summary").first.click()
    page.locator("[data-collapse]").first.click()
    page.locator("[data-expand]").first.wait_for(state="visible")
    for fold in page.locator("details[data-fold] > summary").all():
        if fold.is_visible():
            fold.click()
    page.locator(".conversation details[data-comment-menu] > summary").last.click()


def preview_a_reply(page):
    open_reply_form(page)
    page.locator(".inline-reply textarea").fill("> You said it well.\n\nThank you for this.")
    with page.expect_navigation() as navigation:
        page.locator(".inline-reply").get_by_role("button", name="Preview").click()
    return navigation.value


def open_reply_to_someone_struggling(page) -> None:
    """Issue 15: the inline form under a comment whose writer is struggling, with the guidance it fetches."""
    page.locator("a.reply-link", has_text="Rosa").first.click()
    page.locator(".inline-reply [data-reply-guidance]").wait_for(state="visible")


# The nudge before posting (issue 15): a draft that makes a promise nobody can keep.
NUDGED_TEXT = "It will definitely get better by next month, I promise you."


def nudged_reply(page) -> None:
    """The reply form as the nudge's script leaves it: the sentence, "Edit" and "Post anyway"."""
    open_reply_form(page)
    page.fill(".inline-reply textarea", NUDGED_TEXT)
    page.locator(".inline-reply button[type=submit]:not([name=preview])").click()
    page.locator(".inline-reply .draft-nudge-sentence").wait_for(state="visible")


def nudged_without_script(page):
    """The form's own POST, as without JavaScript: the page with the form again, the sentence and post-anyway."""
    page.fill("#join-body", NUDGED_TEXT)
    form = page.locator("#join-body")
    form.evaluate("t => t.form.setAttribute('data-nudge-state', 'checked')")  # as if the script did not run
    with page.expect_navigation() as navigation:
        form.evaluate("t => t.form.requestSubmit()")
    return navigation.value


def save_preferences(page):
    """Submit the notifications form: the page after it carries the success message."""
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Save").click()
    return navigation.value


@dataclass(frozen=True)
class Case:
    page: str
    role: str
    action: object = None  # a function of the Playwright page run after loading, before axe
    navigates: bool = False  # the action loads another page, whose HTML is the one to check
    shows: str = ""  # markup the page must hold, so the case checks what it means to (a message, the panel)

    @property
    def id(self) -> str:
        return f"{self.page}-{self.role}" + (f"-{self.action.__name__}" if self.action else "")


EVERYONE = ("anonymous", "reader", "moderator", "senior")
SIGNED_IN = ("reader", "moderator", "senior")
# The writer has just posted a crisis comment; "struggling" wrote a hard comment and is offered the waiting list.
ROLES = (*EVERYONE, "writer", "struggling")
STAFF = ("moderator", "senior")
# Every page the issue lists as every role that can open it (a moderator's pages carry the queue's links and
# counts in the navigation); signing up and logging in are for anonymous visitors.
CASES = [
    *(Case("home", role) for role in EVERYONE),
    Case("post", "anonymous"),
    Case("post", "reader", open_reply_form),
    Case("post", "reader", nudged_reply),
    Case("post", "reader", nudged_without_script, navigates=True, shows='name="nudge_anyway"'),
    Case("post", "writer", shows='id="you-matter"'),
    *(Case("post", role, open_reply_form) for role in STAFF),
    Case("thread", "anonymous"),
    *(Case("thread", role, open_reply_form) for role in SIGNED_IN),
    Case("signup", "anonymous"),
    Case("signup-sent", "anonymous", shows="Check your e-mail"),
    Case("login", "anonymous"),
    *(Case("notifications", role) for role in SIGNED_IN),
    Case("notifications", "reader", save_preferences, navigates=True, shows='class="message success"'),
    *(Case("notices", role) for role in SIGNED_IN),
    *(Case("help", role) for role in EVERYONE),
    *(Case(name, role) for name in ("queue", "item-hostile", "stats", "audit-moderator", "author") for role in STAFF),
    *(Case("queue-filtered", role, shows='id="quick-form"') for role in STAFF),
    *(Case("item-crisis", role, shows='class="badge crisis"') for role in STAFF),
    *(Case("audit", role, shows="Before and after") for role in STAFF),
    # Issue 15 (threads): the other orders, the menu and a collapsed thread, folds, quoting and the preview.
    Case("post-sorted", "anonymous", shows="fold-care"),
    Case("post-sorted", "reader", collapse_a_thread_and_open_a_menu, shows="fold-muted"),
    Case("reply-quote", "reader", shows="&gt; Thank you for writing this."),
    Case("post", "reader", preview_a_reply, navigates=True, shows='id="preview"'),
    # Issue 15 (readers).
    Case("post", "reader", open_reply_to_someone_struggling, shows="signal-button"),
    Case("post", "struggling", shows="Would you like someone to answer?"),
    *(Case("waiting", role, shows='class="waiting-entry"') for role in ("reader", "moderator")),
    Case("reply-struggling", "reader", shows="data-reply-guidance"),
    Case("guidelines-step", "reader", shows="Be kind first"),
    *(Case(name, "reader") for name in ("email-change", "export")),
]


class Audit:
    """Visits each case once (both sizes), keeps axe's findings and saves the served HTML for the Nu checker."""

    def __init__(self, *, browser, base_url: str, site: Site, html_dir: Path):
        self.base_url, self.site, self.html_dir = base_url, site, html_dir
        self.contexts = {}
        for role in ROLES:
            # Only this checker's contexts bypass the Content-Security-Policy: axe-core is injected as a script the
            # policy rightly refuses. tests/browser/test_csp.py visits the same pages with the policy in force.
            context = browser.new_context(bypass_csp=True)
            if role in site.sessions:
                context.add_cookies(
                    [{"name": settings.SESSION_COOKIE_NAME, "value": site.sessions[role], "url": base_url}]
                )
            self.contexts[role] = context.new_page()
        self.findings: dict[str, list[dict]] = {}

    def visit(self, case: Case) -> list[dict]:
        if case.id in self.findings:
            return self.findings[case.id]
        page = self.contexts[case.role]
        found = []
        for viewport in VIEWPORTS:
            page.set_viewport_size(viewport)
            response = page.goto(self.base_url + self.site.urls[case.page])
            assert response.ok, f"{case.id}: {response.status} from {response.url}"
            if case.action:
                after = case.action(page)
                if case.navigates:
                    response = after
                    assert response.ok, f"{case.id}: {response.status} from {response.url}"
                else:
                    # The page as the script left it (the reply form moved under a comment) is checked too,
                    # before axe's own script is added to it.
                    (self.html_dir / f"{case.id}-dom.html").write_text(page.content(), encoding="utf-8")
            page.add_script_tag(path=str(AXE))
            for violation in page.evaluate(AXE_RUN):
                found.append({**violation, "viewport": f"{viewport['width']}x{viewport['height']}"})
        html = response.text()
        assert case.shows in html, f"{case.id}: the page does not show {case.shows}"
        (self.html_dir / f"{case.id}.html").write_text(html, encoding="utf-8")
        self.findings[case.id] = found
        return found

    def close(self) -> None:
        for page in self.contexts.values():
            page.context.close()


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module. Tests that use it make their database connections while Playwright's loop
    runs; those are closed here, from the same place, or they outlive the module and block the test database's
    teardown."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_service("Playwright", "the playwright package is not installed")
    executable = shutil.which("chromium")
    if not executable:
        require_service("Chromium", "install Debian's chromium (apt-get install chromium)")
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API runs an event loop in this thread; the ORM calls around it stay synchronous.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run"],
        )
        try:
            yield browser
        finally:
            connections.close_all()
            browser.close()


def describe(findings: list[dict]) -> str:
    return "\n".join(
        f"  [{f['impact']}] {f['id']} at {f['viewport']}: {f['help']}\n      " + "\n      ".join(f["nodes"])
        for f in findings
    )


def nu_errors(files: list[str]) -> list[str]:
    """The Nu HTML checker's errors over all the files, in one run (one Java start)."""
    java = shutil.which("java")
    if not java:
        require_service("Java", "install Debian's default-jre-headless (python3 dev.py test does)")
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    return [
        f"  {Path(m.get('url', '?')).name}:{m.get('lastLine', '?')}: {m['message']}\n      {m.get('extract', '')!r}"
        for m in report["messages"]
        if m.get("type") in ("error", "non-document-error")
    ]


@pytest.mark.django_db(transaction=True)
def test_the_main_pages_have_no_serious_accessibility_problem_and_valid_html(live_server, browser, tmp_path):
    """Every case at both sizes: no critical or serious axe violation (nor any of the named rules); then the Nu
    checker over every page's HTML: no error. One test, so the data is made once and the live server sees it;
    the message names each failing page."""
    if not AXE.exists() or not VNU.exists():
        require_service("axe-core and vnu-jar", f"not installed under {TOOLS} (python3 dev.py test installs them)")
    audit = Audit(browser=browser, base_url=live_server.url, site=build_site(), html_dir=tmp_path)
    failing = {}
    for case in CASES:
        findings = audit.visit(case)
        serious = [f for f in findings if f["impact"] in FAILING_IMPACTS or f["id"] in ALWAYS_FAILING_RULES]
        if serious:
            failing[case.id] = describe(serious)
    audit.close()
    files = sorted(str(path) for path in tmp_path.glob("*.html"))
    assert len(files) > len(CASES)  # each case's page, and the pages as the reply form's script left them
    errors = nu_errors(files)
    report = [f"axe on {name}:\n{text}" for name, text in failing.items()]
    if errors:
        report.append(f"Nu HTML checker, {len(errors)} errors in {len(files)} pages:\n" + "\n".join(errors))
    assert not report, "\n".join(report)
