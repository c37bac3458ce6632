"""Stems of Russian and Kazakh words, for search. Pure, no database.

The index keeps, beside each article's text, the stems of its Cyrillic words
(document_stems); a Cyrillic word typed in a query also matches its stems (query_stems), so
"сессии" finds "сессия" and "Тоқаев" finds "Тоқаевтың". Russian words are stemmed by
Snowball's Russian stemmer (PyStemmer: the algorithm PostgreSQL's `russian` configuration
runs). Kazakh words lose their case ending and possessive first (kazakh.base_form, the
endings the linker knows), then go through the same stemmer, so that a Kazakh and a Russian
form of one word meet. A query word's language is not known: it is looked up both ways.
"""

import re
from collections.abc import Iterable
from functools import lru_cache

import Stemmer

from archive.text import kazakh
from archive.text.transliteration import has_cyrillic

_RUSSIAN = Stemmer.Stemmer("russian")
_WORD = re.compile(r"[^\W\d_]+")
# Letters Kazakh has and Russian does not: a word with one is read as Kazakh in any article.
_KAZAKH_LETTERS = frozenset("әғқңөұүһі")


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=200_000)
def stem(word: str, kazakh_word: bool = False) -> str:
    """The stem of one Cyrillic word (lower case): 'сессии' -> 'сесс', and for a Kazakh word
    'сессиясында' -> 'сесс', 'Тоқаевтың' -> 'тоқа'."""
    word = _fold(word)
    if kazakh_word or not _KAZAKH_LETTERS.isdisjoint(word):
        word = kazakh.base_form(word)
    return str(_RUSSIAN.stemWord(word))


def document_stems(text: str, language: str) -> str:
    """The stems of the Cyrillic words of `text` in their order, separated by spaces (''
    when it has none). `language` is the article's: in a Kazakh one every word is read as
    Kazakh, elsewhere only the words with a letter only Kazakh has."""
    if not has_cyrillic(text):
        return ""
    kazakh_text = language == "kk"
    return " ".join(stem(word, kazakh_text) for word in _WORD.findall(text) if has_cyrillic(word))


def query_stems(word: str) -> list[str]:
    """The stems a typed word may have in the index, Russian first: [] for a word without
    Cyrillic letters. 'сессия' -> ['сесс']; 'Астана' -> ['астан']."""
    if not has_cyrillic(word):
        return []
    return list(dict.fromkeys([stem(word), stem(word, kazakh_word=True)]))


def query_word_stems(words: Iterable[str]) -> frozenset[str]:
    """The stems of the typed words worth marking where they occur: Cyrillic words of three
    letters or more (a preposition's stem would mark half the text)."""
    return frozenset(
        found for word in words if len(word) >= 3 for found in query_stems(word) if found
    )


def _stem_matches(word: str, stems: frozenset[str], kazakh_text: bool) -> bool:
    return has_cyrillic(word) and stem(word, kazakh_text) in stems


def mark_stemmed(text: str, stems: frozenset[str], kazakh_text: bool, start: str, end: str) -> str:
    """`text` with every word not yet between `start` and `end` whose stem is one of `stems`
    put between them: an engine marks the words it matched as typed, not the forms it found
    by their stems ("сессиясында" for "сессия")."""
    if not stems or not has_cyrillic(text):
        return text
    marked = re.compile(f"({re.escape(start)}.*?{re.escape(end)})", re.DOTALL)

    def wrap(found: re.Match[str]) -> str:
        word = found.group()
        return f"{start}{word}{end}" if _stem_matches(word, stems, kazakh_text) else word

    parts = marked.split(text)
    return "".join(part if i % 2 else _WORD.sub(wrap, part) for i, part in enumerate(parts))


def stemmed_passage(
    text: str,
    stems: frozenset[str],
    kazakh_text: bool,
    start: str,
    end: str,
    around: int = 120,
) -> str:
    """The words around the first word of `text` whose stem is one of `stems`, those words
    marked, "…" where the text is cut; '' when no word of it has one of the stems."""
    first = next(
        (m for m in _WORD.finditer(text) if _stem_matches(m.group(), stems, kazakh_text)), None
    )
    if first is None:
        return ""
    begin, finish = passage_bounds(text, first.start(), first.end(), around)
    passage = mark_stemmed(text[begin:finish].strip(), stems, kazakh_text, start, end)
    return ("…" if begin else "") + passage + ("…" if finish < len(text) else "")


def passage_bounds(text: str, start: int, end: int, around: int = 120) -> tuple[int, int]:
    """Where to cut `text` to show text[start:end] with about `around` characters either
    side, at spaces: (begin, finish)."""
    begin, finish = max(0, start - around), min(len(text), end + around)
    if begin:
        begin = text.find(" ", begin, start) + 1 or begin
    if finish < len(text):
        space = text.rfind(" ", end, finish)
        finish = space if space > 0 else finish
    return begin, finish
