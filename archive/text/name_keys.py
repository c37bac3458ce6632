"""A query compared with people's names in any script, for search. Pure, no database.

Every spelling of a name (name, Russian and Kazakh names, aliases) is read as match keys
(transliteration.match_key: "Tokaev", "Tokayev", "Токаев" and "Тоқаев" are all "tokaev"), and
a word typed in Cyrillic letters may be a Russian or Kazakh case form of a name's word
(inflection: "Назарбаева", "Тоқаевтың"), as the linker reads text.

- lookup_words(words): what to ask the index for, to find the people a query may name;
- NameKeys(spellings, sort_name): one person's full names, surnames and words as keys;
- query_keys(words, forms): the keys of a query's words, as typed and as case forms.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from archive.text import kazakh, russian
from archive.text.inflection import base_key
from archive.text.normalise import name_key
from archive.text.transliteration import has_cyrillic, match_key

MIN_SURNAME_LETTERS = 4
_LONGEST_ENDING = 4  # "ndan", "sinin": what a case form adds to a name's word at most


def lookup_words(words: Iterable[str]) -> tuple[list[str], list[str]]:
    """(keys to find as whole words, prefixes to find as the start of words) for the words
    of a query: each word's key, and for a Cyrillic word the start a case form of it shares
    with its name ("Назарбаева" -> "nazarb", which "nazarbaev" begins with)."""
    keys, prefixes = [], []
    for word in words:
        key = match_key(word)
        if not key.isalpha():
            continue
        keys.append(key)
        cut = min(_LONGEST_ENDING, len(key) - MIN_SURNAME_LETTERS)
        if has_cyrillic(word) and cut > 0:
            prefixes.append(key[:-cut])
    return list(dict.fromkeys(keys)), list(dict.fromkeys(prefixes))


def _is_patronymic(key: str) -> bool:
    return bool(russian.PATRONYMIC.match(key) or kazakh.PATRONYMIC.match(key))


@dataclass
class NameKeys:
    """One person's spellings as keys: `full` (each spelling's words), `surnames` (the last
    word of each spelling of two words or more, the first when a patronymic ends it, as in
    "Токаев Касым-Жомарт Кемелевич"; and the sort name's first word) and every `word`."""

    full: set[tuple[str, ...]] = field(default_factory=set)
    surnames: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, spellings: Iterable[str], sort_name: str = "") -> "NameKeys":
        keys = cls()
        for spelling in spellings:
            words = tuple(match_key(w) for w in name_key(spelling or "").split())
            if not words:
                continue
            keys.full.add(words)
            keys.words.update(words)
            if len(words) >= 2:
                keys.surnames.add(words[0] if _is_patronymic(words[-1]) else words[-1])
        sort_words = name_key(sort_name).split()
        if len(sort_words) >= 2:
            keys.surnames.add(match_key(sort_words[0]))
        keys.surnames = {s for s in keys.surnames if len(s) >= MIN_SURNAME_LETTERS}
        return keys

    def named_by(self, words: tuple[str, ...]) -> bool:
        """Whether these keys are one of the full names, or (one word) a surname."""
        return words in self.full or (len(words) == 1 and words[0] in self.surnames)


def query_keys(words: list[str], forms: dict[str, str]) -> list[tuple[str, ...]]:
    """The keys of a query's words as typed, then (when any differs) with each Cyrillic case
    form taken back to the name it is a form of (`forms`: inflection.case_forms of the names'
    words)."""
    typed = tuple(match_key(w) for w in words)
    based = tuple(base_key(w, forms) for w in words)
    return [typed] if based == typed else [typed, based]
