"""The interface text is translatable: no words in a template outside {% translate %}."""

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
CATALOG = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
# Attributes people read (or hear).
TEXT_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "content", "data-copied"}
BUTTONS = {"submit", "button", "reset"}  # an <input>'s value is read only on these
TAGS = re.compile(
    r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}"
    r"|\{%\s*blocktranslate\b.*?\{%\s*endblocktranslate\s*%\}"
    r"|\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}",
    re.DOTALL,
)
WORD = re.compile(r"[^\W\d_]{2,}")  # two letters or more: "·", "→" and "–" are no words


class WordFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.words = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in UNREAD:
            self._skip += 1
        attributes = dict(attrs)
        read = set(TEXT_ATTRIBUTES)
        if tag == "input" and attributes.get("type") in BUTTONS:
            read.add("value")
        if tag == "meta" and attributes.get("content") in NON_TEXT_CONTENT:
            read.discard("content")
        for name, value in attrs:
            if name in read and value and WORD.search(value):
                self.words.append(f'<{tag} {name}="{value}">')

    def handle_endtag(self, tag):
        if tag in UNREAD:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and WORD.search(data):
            self.words.append(data.strip())


NON_TEXT_CONTENT = {
    "width=device-width, initial-scale=1",
    "noindex",
    "summary",
    "article",
    "profile",
}


UNREAD = {"script", "style", "code"}  # code samples stay as they are typed
# Not words to translate: file names, and format names such as CSV and JSON.
NAMES = re.compile(r"^([\w-]+\.(zip|csv|json|xlsx)|[A-Z]{2,5})$")


def untranslated(source):
    finder = WordFinder()
    finder.feed(TAGS.sub(" ", source))
    return [words for words in finder.words if not NAMES.match(words)]


def public_templates():
    # Pages inside the admin follow Django's admin templates; robots.txt is for robots.
    return sorted(
        path
        for path in TEMPLATES.rglob("*.html")
        if "admin" not in path.relative_to(TEMPLATES).parts
        and '{% extends "admin/' not in path.read_text()
    )


def test_the_checker_finds_words_left_untranslated():
    assert untranslated('<p>Hello {{ name }}</p><img alt="A chart">') == [
        "Hello",
        '<img alt="A chart">',
    ]
    assert untranslated('<p>{% translate "Hello" %} · {{ name }} →</p>') == []
    assert untranslated("{% blocktranslate %}Hi {{ x }}{% endblocktranslate %}") == []


@pytest.mark.parametrize("path", public_templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_every_word_of_the_interface_is_marked_for_translation(path):
    assert untranslated(path.read_text()) == []


# --- The English catalog -------------------------------------------------------------------


def messages(catalog):
    """The (context, singular, plural) of every entry of a .po file, header left out."""
    entries = set()
    for block in catalog.split("\n\n"):
        fields, name = {}, None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                name = match.group(1)
                fields[name] = match.group(2)
            elif line.startswith('"') and name:
                fields[name] += line[1:-1]
        if fields.get("msgid"):
            entries.add((fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural")))
    return entries


def test_the_english_catalog_holds_every_text_of_the_interface(tmp_path, settings):
    """locale/en/LC_MESSAGES/django.po is what `makemessages` would write today (the command
    is in docs/site.md): no text of the interface is missing for translators."""
    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext is not installed (apt-get install gettext)")
    for folder in ("apksite", "archive", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.pyc"))
    (tmp_path / "locale").mkdir()
    settings.LOCALE_PATHS = []  # written in the copy, never over the real catalog
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        call_command("makemessages", locale=["en"], no_location=True, verbosity=0)
    finally:
        os.chdir(here)
    fresh = messages((tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text())
    committed = messages(CATALOG.read_text())
    assert len(fresh) > 300
    assert sorted(fresh - committed, key=str) == [], "missing: run makemessages (docs/site.md)"
    assert sorted(committed - fresh, key=str) == [], "obsolete: run makemessages (docs/site.md)"


# --- The Russian and Kazakh catalogs -------------------------------------------------------

TRANSLATED = ("ru", "kk")
PLURAL_FORMS = {
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "kk": "nplurals=2; plural=(n != 1);",
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}|%[sd]")


def entries(catalog):
    """Every entry of a .po file but the header: its flags and fields, keyed by
    (context, singular, plural)."""
    found = {}
    for block in catalog.split("\n\n"):
        fields, flags, name = {}, set(), None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                name = match.group(1)
                fields[name] = match.group(2)
            elif line.startswith('"') and name:
                fields[name] += line[1:-1]
        if fields.get("msgid"):
            key = (fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"))
            found[key] = (flags, fields)
    return found


def catalog_of(language):
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def test_the_placeholder_check_sees_a_changed_name():
    assert sorted(PLACEHOLDER.findall("%(count)d of {name} %(x)s")) == [
        "%(count)d",
        "%(x)s",
        "{name}",
    ]


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_catalog_translates_every_text_of_the_english_one(language):
    english = set(entries(CATALOG.read_text()))
    translated = entries(catalog_of(language).read_text())
    assert sorted(english - set(translated), key=str) == [], f"missing in {language}"
    assert sorted(set(translated) - english, key=str) == [], f"obsolete in {language}"
    header = catalog_of(language).read_text().split("\n\n")[0]
    header = header.replace('"\n"', "")
    assert f"Plural-Forms: {PLURAL_FORMS[language]}\\n" in header
    assert f"Language: {language}\\n" in header
    nplurals = int(re.search(r"nplurals=(\d)", PLURAL_FORMS[language]).group(1))
    problems = []
    for (_context, singular, plural), (flags, fields) in translated.items():
        if "fuzzy" in flags:
            problems.append(("fuzzy", singular))
        wanted = sorted(PLACEHOLDER.findall(singular + (plural or "")))
        strings = (
            [fields.get(f"msgstr[{n}]", "") for n in range(nplurals)]
            if plural
            else [fields.get("msgstr", "")]
        )
        if plural and f"msgstr[{nplurals}]" in fields:
            problems.append(("too many plural forms", singular))
        for string in strings:
            if not string.strip():
                problems.append(("empty", singular))
            # Each form names what the English names (a Russian singular may leave the count
            # out only if the English does too).
            elif sorted(set(PLACEHOLDER.findall(string))) != sorted(set(wanted)):
                problems.append(("placeholders differ", singular, string))
    assert problems == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalog_is_the_one_of_the_po_file(tmp_path, language):
    """The .mo files are committed (a clean clone runs without gettext): they must be what
    `compilemessages` makes of the .po files today."""
    import gettext

    if not shutil.which("msgfmt"):
        pytest.skip("GNU gettext is not installed (apt-get install gettext)")
    import subprocess

    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", fresh, catalog_of(language)], check=True)
    committed = catalog_of(language).with_suffix(".mo")
    with fresh.open("rb") as a, committed.open("rb") as b:
        assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog, (
            "run: python manage.py compilemessages"
        )
