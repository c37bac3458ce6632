"""Russian and Kazakh case forms of the names the archive knows, shared by the linker
(archive.text.people) and the names queue (archive.text.candidates), so that both take
"Токаева" and "Тоқаевтың" for "Tokayev". Pure, no database.
"""

from archive.text import kazakh, russian
from archive.text.transliteration import match_key


def case_forms(words: set[str]) -> dict[str, str]:
    """{Russian or Kazakh case form: the word it is a form of} for the words of every spelling
    (as match keys): 'tokaeva' -> 'tokaev'. A form that is itself a word of some spelling
    stays that word; a form of two words is the shorter one's (then the first in
    alphabetical order)."""
    forms: dict[str, str] = {}
    for word in sorted(words, key=lambda w: (len(w), w)):
        for form in russian.name_forms(word) | kazakh.name_forms(word):
            if form not in words:
                forms.setdefault(form, word)
    return forms


def base_key(word: str, forms: dict[str, str]) -> str:
    """The match key of one word, a Cyrillic case form taken back to its name: 'Тоқаевқа' ->
    'tokaev'. A word in Latin letters is taken as written ('Tokayeva' is someone else)."""
    key = match_key(word)
    return key if word.isascii() else forms.get(key, key)


def also_case_forms(words: set[str]) -> dict[str, str]:
    """{word: the word it is also a case form of} for the words that are both: 'tokaeva'
    (Aigerim Tokayeva's surname, and the genitive of 'tokaev'). Alone in Cyrillic such a word
    is not guessed; after the given name of the other it is theirs ("Касым-Жомарта Токаева")."""
    also: dict[str, str] = {}
    for word in sorted(words, key=lambda w: (len(w), w)):
        for form in russian.name_forms(word) | kazakh.name_forms(word):
            if form in words and form != word:
                also.setdefault(form, word)
    return also
