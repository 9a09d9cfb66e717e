"""Settings from the environment (issue 12): the README's table matches settings.py, and production is safe."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent.parent
README = (ROOT / "README.md").read_text()
SETTINGS = (ROOT / "support_site" / "settings.py").read_text()

_NAME = re.compile(r"`([A-Z][A-Z0-9_]{2,})`")


def readme_variables() -> set[str]:
    """Every variable named in the first column of a table in "Configuration" or "Care checks"."""
    names = set()
    for section in ("## Configuration", "## Care checks"):
        text = README[README.index(section) :]
        text = text[: text.index("\n## ", 3)]
        for line in text.splitlines():
            if line.startswith("| `"):
                names.update(_NAME.findall(line.split("|")[1]))
    return names


def settings_variables() -> set[str]:
    """Every environment variable settings.py reads."""
    return set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]+)\"", SETTINGS)) | set(
        re.findall(r"os\.environ\.get\(\"([A-Z][A-Z0-9_]+)\"", SETTINGS)
    )


def test_the_readme_table_and_settings_py_name_the_same_variables():
    documented, read = readme_variables(), settings_variables()
    assert len(documented) > 40
    assert documented - read == set(), "documented in README.md but never read by settings.py"
    assert read - documented == set(), "read by settings.py but missing from README.md's tables"


def _settings_in_subprocess(env: dict, *names: str) -> dict[str, str]:
    code = "from django.conf import settings\n" + "".join(f"print(repr(settings.{n}))\n" for n in names)
    base = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "DJANGO_SETTINGS_MODULE": "support_site.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return dict(zip(names, done.stdout.splitlines(), strict=True))


RATE_LIMITS = [
    "REPORT_RATE_LIMIT",
    "ACCOUNTS_LOGIN_RATE_LIMIT",
    "ACCOUNTS_SIGNUP_RATE_LIMIT",
    "ACCOUNTS_PASSWORD_RESET_RATE_LIMIT",
    "ACCOUNTS_PASSWORD_RESET_ADDRESS_RATE_LIMIT",
    "ACCOUNTS_VERIFY_RESEND_RATE_LIMIT",
    "COMMENT_RATE_LIMIT",
    "POST_AUTHOR_COMMENT_RATE_LIMIT",
]


def test_every_rate_limit_is_read_from_the_environment():
    values = _settings_in_subprocess({name: f"{n + 1}/d" for n, name in enumerate(RATE_LIMITS)}, *RATE_LIMITS)
    assert values == {name: repr(f"{n + 1}/d") for n, name in enumerate(RATE_LIMITS)}


SECURITY = [
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
]


def test_an_https_site_url_turns_on_secure_cookies_the_redirect_and_hsts():
    https = _settings_in_subprocess({"SITE_URL": "https://support.example.org"}, *SECURITY, "CSRF_TRUSTED_ORIGINS")
    assert https == {
        "SESSION_COOKIE_SECURE": "True",
        "CSRF_COOKIE_SECURE": "True",
        "SECURE_SSL_REDIRECT": "True",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "True",
        "SECURE_HSTS_PRELOAD": "False",
        "CSRF_TRUSTED_ORIGINS": "['https://support.example.org']",
    }
    http = _settings_in_subprocess({"SITE_URL": "http://127.0.0.1:8000"}, *SECURITY)
    assert set(http.values()) == {"False", "0"}
    overridden = _settings_in_subprocess(
        {"SITE_URL": "https://support.example.org", "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "600"},
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
    )
    assert overridden == {"SECURE_SSL_REDIRECT": "False", "SECURE_HSTS_SECONDS": "600"}


def test_the_proxy_header_is_opt_in_and_checked():
    assert _settings_in_subprocess({}, "SECURE_PROXY_SSL_HEADER") == {"SECURE_PROXY_SSL_HEADER": "None"}
    assert _settings_in_subprocess(
        {"SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https"}, "SECURE_PROXY_SSL_HEADER"
    ) == {"SECURE_PROXY_SSL_HEADER": "('HTTP_X_FORWARDED_PROTO', 'https')"}
    done = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; settings.DEBUG"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "support_site.settings", "SECURE_PROXY_SSL_HEADER": "https"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "SECURE_PROXY_SSL_HEADER is 'HTTP_<HEADER>,<value>'" in done.stderr


def production_example() -> dict[str, str]:
    """The environment in README's "Production example", with a fresh secret key where it says to make one."""
    block = README[README.index("### Production example") :]
    block = block[block.index("```sh\n") + 6 :]
    block = block[: block.index("```")]
    env = {}
    for line in block.strip().splitlines():
        name, _, value = line.partition("=")
        env[name] = secrets.token_urlsafe(50) if value.startswith("<") else value
    return env


def test_check_deploy_prints_no_warning_with_the_readme_production_example():
    example = production_example()
    # Behind the TLS proxy it describes, the per-address limits must count readers, not the proxy (issue 12).
    assert {"SECRET_KEY", "SITE_URL", "SECURE_PROXY_SSL_HEADER", "ALLOWED_HOSTS", "TRUSTED_PROXY_COUNT"} <= set(example)
    assert example["TRUSTED_PROXY_COUNT"] == "1"
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **example},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout
    assert "WARNING" not in done.stderr + done.stdout


@pytest.mark.django_db
def test_pages_carry_the_policy_headers(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"] and "microphone=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_behind_the_proxy_a_forwarded_https_request_is_secure_and_posts_pass_the_origin_check(settings):
    from tests.factories import UserFactory

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["support.example.org"]
    user = UserFactory()
    client = Client(enforce_csrf_checks=True, HTTP_HOST="support.example.org", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(user)
    page = client.get("/accounts/", secure=False)
    token = client.cookies["csrftoken"].value
    assert page.status_code == 200
    response = client.post(
        "/accounts/",
        {"csrfmiddlewaretoken": token, "display_name": "Robin"},
        HTTP_ORIGIN="https://support.example.org",
        HTTP_REFERER="https://support.example.org/accounts/",
    )
    assert response.status_code == 302


_INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=\"|<style[\s>]|\son[a-z]+=\"|javascript:", re.IGNORECASE)


def test_no_page_template_needs_unsafe_inline():
    """Page templates (not e-mails, whose inline styles no policy governs) hold no inline script, style or handler."""
    found = []
    for path in ROOT.glob("*/templates/**/*.html"):
        if "/email/" in str(path) or ".venv" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if _INLINE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    for path in (ROOT / "templates").glob("**/*.html"):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if _INLINE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert not found, "\n".join(found)


def test_the_embedded_broker_keeps_its_files_under_var(tmp_path):
    """kombu's filesystem transport wrote its exchange table to control/ in the working directory (the test suite
    left control/default.exchange in the repository); every runtime file belongs under var/."""
    code = (
        "import logging; logging.basicConfig()\n"
        "import django; django.setup()\n"
        "from kombu import Exchange, Queue\n"
        "from support_site.celery import app\n"
        "with app.connection_for_write() as conn:\n"
        "    conn.info()\n"
        "    Queue('layers-test', Exchange('layers-test'), 'layers-test')(conn.default_channel).declare()\n"
        "print(app.conf.broker_transport_options['control_folder'])\n"
    )
    base = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "DJANGO_SETTINGS_MODULE": "support_site.settings", "REDIS_URL": "", "PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    # The embedded broker's URL names its host: kombu used to warn "No hostname was supplied" per process.
    assert "No hostname was supplied" not in done.stderr
    control = Path(done.stdout.strip())
    assert control == ROOT / "var" / "celery" / "control"
    assert (control / "layers-test.exchange").exists()
    (control / "layers-test.exchange").unlink()
    assert list(tmp_path.iterdir()) == []
    assert not (ROOT / "control").exists()


def test_the_reliability_section_names_tests_that_exist():
    """Each promise in README's "Reliability" names the test that shows it: every named file and test is real."""
    section = README[README.index("## Reliability") :]
    section = section[: section.index("\n## ", 3)]
    files = set(re.findall(r"`?(tests/[\w/]+\.py)", section))
    names = set(re.findall(r"\b(test_\w+)\b", section)) - {Path(f).stem for f in files}
    assert len(files) >= 5 and len(names) >= 7
    assert [f for f in files if not (ROOT / f).is_file()] == []
    defined = set()
    for path in (ROOT / "tests").rglob("test_*.py"):
        defined.update(re.findall(r"^def (test_\w+)", path.read_text(), re.MULTILINE))
    assert sorted(names - defined) == [], "named in README's Reliability section but no such test"


def test_only_the_accessibility_checker_bypasses_the_policy():
    """Browser tests run under the Content-Security-Policy (tests/browser/test_csp.py fails on any violation);
    only axe-core, injected by the accessibility test, needs a context that bypasses it."""
    users = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "tests").rglob("*.py")
        if "node_modules" not in path.parts and "bypass_csp" in path.read_text() and path.name != "test_settings.py"
    )
    assert users == ["tests/browser/test_a11y.py"]
