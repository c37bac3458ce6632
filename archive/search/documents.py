"""What the index holds for each article and each person, session, topic and quote.

Plain functions over values or model instances already loaded (the callers fetch them):
no queries here, and no database needed to test them.
"""

import html
import re
from dataclasses import dataclass

from archive.search.query import normalise_text
from archive.text import numerals
from archive.text.normalise import name_key
from archive.text.stemming import document_stems
from archive.text.transliteration import match_key

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
    stems: str = ""  # the stems of its Cyrillic words (archive.text.stemming)


def article_document(pk, language, title, lead, body, names) -> ArticleDocument:
    """`names`: byline, source, the people's names and aliases (and the spelling found in the
    text), the session labels and the topics, in any order; repeats are dropped."""
    title, lead, body, names = (
        normalise_text(title),
        normalise_text(lead),
        markdown_to_text(body),
        _join(names),
    )
    stems = document_stems(f"{title} {lead} {body} {names}", language)
    return ArticleDocument(pk, language, title, lead, body, names, stems)


@dataclass(frozen=True)
class Entry:
    """A person, session, topic or quote as the index sees it: a title and a text."""

    kind: str
    pk: int
    title: str
    body: str


def person_names(person) -> str:
    """Every spelling of a person's name, then the words of all of them as match keys
    (archive.text.transliteration), so that "Tokaev", "Токаев" and "Тоқаев" find the same
    entry. Needs person.aliases loaded."""
    spellings = [
        person.name,
        getattr(person, "name_ru", ""),
        getattr(person, "name_kk", ""),
        *(a.name for a in person.aliases.all()),
    ]
    words = {match_key(word): None for s in spellings for word in name_key(s or "").split()}
    return _join([*spellings, " ".join(words)])


def person_entry(person) -> Entry:
    """Needs person.aliases loaded."""
    return Entry(
        "person",
        person.pk,
        person_names(person),
        _join(
            [person.role, person.role_ru, person.role_kk, person.bio, person.bio_ru, person.bio_kk]
        ),
    )


def session_entry(session) -> Entry:
    year = str(session.start_date.year) if session.start_date else ""
    title = _join(
        [session_labels(session.number), session.title, session.title_ru, session.title_kk]
    )
    return Entry(
        "session",
        session.pk,
        title,
        _join(
            [
                session.location,
                session.location_ru,
                session.location_kk,
                year,
                session.summary,
                session.summary_ru,
                session.summary_kk,
            ]
        ),
    )


def topic_entry(topic) -> Entry:
    return Entry("topic", topic.pk, _join([topic.name]), _join([topic.description]))


def quote_entry(quote) -> Entry:
    """Needs quote.speaker and its aliases loaded."""
    return Entry("quote", quote.pk, person_names(quote.speaker), _join([quote.text, quote.context]))
