"""What the index holds for each article and each person, session, topic and quote.

Plain functions over values or model instances already loaded (the callers fetch them):
no queries here, and no database needed to test them.
"""

import html
import re
from dataclasses import dataclass

from archive.search.query import normalise_text
from archive.text import numerals

# (characters that must be present for the pattern to apply, pattern, replacement)
_MD_PATTERNS = [
    ("`", re.compile(r"```.*?```", re.S), " "),  # fenced code: not prose
    ("[", re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: keep the alt text
    ("[", re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links: keep the words
    ("[", re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),  # reference links
    ("[", re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+.*$", re.M), " "),  # link definitions
    ("<", re.compile(r"<https?://[^>]*>"), " "),  # autolinks
    ("<", re.compile(r"<[^>]{1,200}>"), " "),  # raw HTML tags
    ("#", re.compile(r"^[ \t]{0,3}#{1,6}[ \t]*", re.M), ""),  # heading marks
    (">", re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),  # blockquote marks
    ("-*+.)", re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", re.M), ""),  # list markers
    ("-*_", re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.M), " "),  # horizontal rules
    ("*_`~", re.compile(r"(\*{1,3}|_{2,3}|`+|~~)"), ""),  # emphasis, code spans, strike
]


def markdown_to_text(markdown: str) -> str:
    """Readable plain text of an article body, for indexing and snippets (no rendering)."""
    text = markdown or ""
    for triggers, pattern, repl in _MD_PATTERNS:
        if any(ch in text for ch in triggers):
            text = pattern.sub(repl, text)
    if "&" in text:
        text = html.unescape(text)
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    return normalise_text("\n".join(p for p in paragraphs if p))


def session_labels(number: int) -> str:
    """Every notation of a session number: '27 27th XXVII twenty-seventh session'."""
    return (
        f"{number} {numerals.ordinal(number)} {numerals.to_roman(number)} "
        f"{numerals.ordinal_words(number)} session"
    )


def _join(parts) -> str:
    seen, out = set(), []
    for part in parts:
        part = (part or "").strip()
        if part and part.casefold() not in seen:
            seen.add(part.casefold())
            out.append(part)
    return normalise_text(" · ".join(out))


@dataclass(frozen=True)
class ArticleDocument:
    pk: int
    language: str
    title: str
    lead: str
    body: str
    names: str  # byline, source, people (with every alias), sessions, topics


def article_document(pk, language, title, lead, body, names) -> ArticleDocument:
    """`names`: byline, source, the people's names and aliases (and the spelling found in the
    text), the session labels and the topics, in any order; repeats are dropped."""
    return ArticleDocument(
        pk=pk,
        language=language,
        title=normalise_text(title),
        lead=normalise_text(lead),
        body=markdown_to_text(body),
        names=_join(names),
    )


@dataclass(frozen=True)
class Entry:
    """A person, session, topic or quote as the index sees it: a title and a text."""

    kind: str
    pk: int
    title: str
    body: str


def person_entry(person) -> Entry:
    """Needs person.aliases loaded."""
    title = _join([person.name, *(a.name for a in person.aliases.all())])
    return Entry("person", person.pk, title, _join([person.role, person.bio]))


def session_entry(session) -> Entry:
    year = str(session.start_date.year) if session.start_date else ""
    title = _join([session_labels(session.number), session.title])
    return Entry("session", session.pk, title, _join([session.location, year, session.summary]))


def topic_entry(topic) -> Entry:
    return Entry("topic", topic.pk, _join([topic.name]), _join([topic.description]))


def quote_entry(quote) -> Entry:
    """Needs quote.speaker and its aliases loaded."""
    speaker = quote.speaker
    title = _join([speaker.name, *(a.name for a in speaker.aliases.all())])
    return Entry("quote", quote.pk, title, _join([quote.text, quote.context]))
