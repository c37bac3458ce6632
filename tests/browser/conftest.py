"""Browser tests: Debian's Chromium (/usr/bin/chromium) driven by Playwright for Python.

They run with the rest of the suite (`make test`) and are skipped, saying why, where Chromium
or Playwright is missing (`apt-get install chromium`; `pip install -r requirements-dev.txt`).
Playwright's own browser downloads are never used: do not run `playwright install`.
Accessibility is checked with axe-core from npm (`npm ci` puts it in node_modules/).

In CI (`.ci/run` sets BROWSER_TESTS_REQUIRED=1) a missing Chromium, Playwright or axe-core
fails the run instead of skipping: a green CI run has really driven a browser.

What they leave behind, in test-artifacts/ (git-ignored):
- screenshots/<page>-desktop.png and <page>-phone.png for the main pages;
- axe/<page>.json: every axe violation found on the page, whatever its impact.
"""

import json
import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_RESULTS = ARTIFACTS / "axe"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
TIMEOUT_MS = 10_000
REQUIRED = os.environ.get("BROWSER_TESTS_REQUIRED", "") not in ("", "0")


def unavailable(reason):
    """Skips the test, saying why; fails it instead where the browser tests are required."""
    if REQUIRED:
        pytest.fail(f"{reason} (BROWSER_TESTS_REQUIRED is set)", pytrace=False)
    pytest.skip(reason)


def tool(checker, program, apt_package, npm_file):
    """The path of `program`, where `npm_file` (from `npm ci`) is there too; else skips the
    test of `checker`, saying why (fails it where the browser tests are required)."""
    found = shutil.which(program)
    if found is None:
        unavailable(f"{checker} skipped: no {program} (apt-get install {apt_package})")
    if not npm_file.exists():
        unavailable(f"{checker} skipped: no {npm_file.relative_to(ROOT)} (run `npm ci`)")
    return found


@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        unavailable(f"Browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Browser tests skipped: Playwright is not installed (requirements-dev.txt)")
    # Playwright's sync API keeps an event loop running in this thread; Django would otherwise
    # refuse the test's own database calls as "async unsafe".
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def demo(transactional_db):
    """The demo archive as `load_demo` loads it (fixtures/demo.json, the Russian and Kazakh
    briefs linked): nine articles, sessions, people and quotes."""
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("rebuild_search_index", "--now", stdout=open(os.devnull, "w"))  # noqa: SIM115


PASSWORD = "a-long-editor-password"


@pytest.fixture
def editor(demo):
    # The Editors group comes from a data migration, which the live server's fresh
    # database (flushed between tests) does not have: give it its permissions again.
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="archive",
            codename__regex=r"^(add|change|view|delete|publish)_",
        )
    )
    user = User.objects.create_user("aigerim", password=PASSWORD, is_staff=True)
    user.groups.add(group)
    return user


class Tab:
    """One browser tab on the live server, which remembers what went wrong in it."""

    def __init__(self, context, base_url):
        self.context = context
        self.base_url = base_url
        self.page = context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.errors = []
        self.expected = set()  # addresses the test itself expects to fail, such as a 404 page
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def _console(self, message):
        if message.type == "error" and message.location.get("url") not in self.expected:
            self.errors.append(f"{self.page.url}: {message.text}")

    def goto(self, path, status=200):
        if status != 200:
            self.expected.add(self.base_url + path)  # Chromium logs the page's own status
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status == status, (path, response)
        return response

    def path(self):
        return self.page.url.removeprefix(self.base_url)


def open_tab(browser, live_server, tabs, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport, locale="en-GB")
    tab = Tab(context, live_server.url)
    tabs.append(tab)
    return tab


@pytest.fixture
def tabs(browser, live_server):
    """Opens tabs (`tabs.open(viewport)`); after the test, none may have logged an error."""
    opened = []

    class Opener:
        def open(self, viewport=DESKTOP):
            return open_tab(browser, live_server, opened, viewport)

    yield Opener()
    errors = [error for tab in opened for error in tab.errors]
    for tab in opened:
        tab.context.close()
    assert errors == [], "JavaScript console errors:\n" + "\n".join(errors)


@pytest.fixture
def tab(tabs):
    return tabs.open()


def screenshot(tab, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    tab.page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(tab, name):
    """Runs axe-core on the page; writes every violation to test-artifacts/axe/<name>.json
    and returns them. Skips, saying why, when axe-core is not installed."""
    if not AXE.exists():
        unavailable(f"axe-core not installed at {AXE.relative_to(ROOT)}: run `npm ci`")
    # Through the DevTools protocol: the page's Content Security Policy allows no inline script.
    tab.page.evaluate(AXE.read_text())
    violations = tab.page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ")),
            }));
        }"""
    )
    AXE_RESULTS.mkdir(parents=True, exist_ok=True)
    (AXE_RESULTS / f"{name}.json").write_text(json.dumps(violations, indent=2))
    return violations
