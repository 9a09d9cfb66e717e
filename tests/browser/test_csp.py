"""The Content-Security-Policy in a real browser: the main pages, as reader and moderator, break none of it."""

import pytest
from django.conf import settings

from .test_a11y import (  # noqa: F401 - browser is a fixture
    CASES,
    browser,
    build_site,
    open_reply_form,
    open_reply_to_someone_struggling,
)

ROLES = ("anonymous", "reader", "writer", "moderator", "senior", "struggling")

# Collects violations the page reports itself, on top of the console messages Chromium writes for each one.
LISTEN = """document.addEventListener("securitypolicyviolation", (event) => {
  (window.__cspViolations = window.__cspViolations || []).push(
    event.violatedDirective + " blocked " + (event.blockedURI || "inline") + " at " + event.sourceFile + ":"
      + event.lineNumber
  );
});"""


def _counts(message) -> bool:
    # "Failed to load resource" messages are counted as responses below, where the URL is known (the browser's
    # own favicon request is the one 404 no page asked for).
    return message.type in ("error", "warning") and not message.text.startswith("Failed to load resource")


@pytest.mark.django_db(transaction=True)
def test_the_main_pages_load_nothing_the_content_security_policy_refuses(live_server, browser):  # noqa: F811
    site = build_site()
    problems: list[str] = []
    pages = {}
    for role in ROLES:
        context = browser.new_context()  # the policy in force: no bypass here
        if role in site.sessions:
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": site.sessions[role], "url": live_server.url}]
            )
        context.add_init_script(LISTEN)
        page = context.new_page()
        page.on(
            "console",
            lambda message, role=role: (
                _counts(message) and problems.append(f"{role} console {message.type}: {message.text}")
            ),
        )
        page.on("pageerror", lambda error, role=role: problems.append(f"{role} script error: {error}"))
        page.on(
            "response",
            lambda response, role=role: (
                response.status >= 400
                and not response.url.endswith("/favicon.ico")
                and problems.append(f"{role}: {response.status} for {response.url}")
            ),
        )
        pages[role] = page
    visited = set()
    for case in CASES:
        # A page once per role, and again for an action of its own (issue 15: the guidance readers.js fetches).
        key = (case.page, case.role, case.action if case.action is open_reply_to_someone_struggling else None)
        if key in visited:
            continue
        visited.add(key)
        page = pages[case.role]
        response = page.goto(live_server.url + site.urls[case.page])
        assert response.ok, f"{case.id}: {response.status}"
        assert "content-security-policy" in response.headers, case.id
        assert "permissions-policy" in response.headers, case.id
        if case.action is open_reply_form:
            open_reply_form(page)  # the page's own script runs under the policy
        elif case.action is open_reply_to_someone_struggling:
            open_reply_to_someone_struggling(page)
        page.wait_for_load_state("load")
        for violation in page.evaluate("window.__cspViolations || []"):
            problems.append(f"{case.id}: {violation}")
    for page in pages.values():
        page.context.close()
    assert len(visited) >= 20
    assert not problems, "\n".join(problems)
