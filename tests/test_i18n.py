"""The interface text is translatable: no words in a template outside {% translate %}."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
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
