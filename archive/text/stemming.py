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
