"""The W3C Nu HTML checker (npm `vnu-jar`, run by Java) finds no error on the main public pages,
in each interface language.

All pages go to one run of the checker (one JVM start, some 5 seconds, whatever the number of
pages). Skipped, saying why, where Java or the jar is missing; failed instead when
BROWSER_TESTS_REQUIRED is set, as in CI (`.ci/run` installs both).
"""

import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from archive.models import Quote
from tests.browser.conftest import ROOT, tool

pytestmark = pytest.mark.django_db

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGUAGE_PREFIXES = ("", "/ru", "/kk")
PAGES = [
    ("home", "/", 200),
    ("articles", "/articles/", 200),
    ("articles-filtered", "/articles/?topic=national-unity&year=2023", 200),
    ("article", "/articles/repatriates-assembly/", 200),
    ("by-date", "/articles/by-date/", 200),
    ("by-date-year", "/articles/by-date/2023/", 200),
    ("timeline", "/timeline/", 200),
    ("sessions", "/sessions/", 200),
    ("session", "/sessions/27/", 200),
    ("people", "/people/", 200),
    ("person", "/people/kassym-jomart-tokayev/", 200),
    ("topics", "/topics/", 200),
    ("topic", "/topics/national-unity/", 200),
    ("search", "/search/?q=Zhomart", 200),
    ("search-nothing", "/search/?q=nothingmatchesthis", 200),
    ("search-quotes", "/search/quotes/?q=unity", 200),
    ("downloads", "/downloads/", 200),
    ("not-found", "/articles/no-such-article/", 404),
]


def nu_checker():
    java = tool("Nu HTML checker", "java", "default-jre-headless", VNU)
    return [java, "-jar", str(VNU), "--format", "json", "--stdout"]


def test_the_main_pages_have_no_html_error(client, tmp_path):
    command = nu_checker()
    call_command("loaddata", ROOT / "fixtures" / "demo.json", verbosity=0)
    call_command("rebuild_search_index", "--now", stdout=open("/dev/null", "w"))  # noqa: SIM115
    quote = Quote.objects.filter(article__isnull=False).order_by("pk").first()
    pages = [*PAGES, ("quote", quote.get_absolute_url(), 200)]
    files = {}
    # The pages in /ru/ and /kk/ switch this thread's language: put it back for what follows.
    with translation.override(None):
        for prefix in LANGUAGE_PREFIXES:
            for name, path, status in pages:
                url = prefix + path
                response = client.get(url)
                assert response.status_code == status, url
                file = tmp_path / f"{prefix.strip('/') or 'en'}-{name}.html"
                file.write_bytes(response.content)
                files[file.as_uri().removeprefix("file://")] = url
    run = subprocess.run(
        [*command, *(str(path) for path in sorted(tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode in (0, 1), run.stderr  # 1: errors found; anything else: no run
    messages = json.loads(run.stdout)["messages"]
    errors = [
        f"{files.get(Path(m.get('url', '').removeprefix('file:')).as_posix(), m.get('url'))}"
        f" line {m.get('lastLine')}: {m['message']} [{m.get('extract', '').strip()}]"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
    assert errors == [], f"{len(errors)} Nu checker errors:\n" + "\n".join(errors)
