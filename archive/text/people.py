"""People named in article text. Pure functions, no database.

- NameMatcher(people).find_people(text) -> [PersonMention]: a person by name or any alias,
  whatever the case, punctuation, apostrophes or possessive ("K.K.Tokayev", "Tokayev’s"),
  and by bare surname when only one known person has it.
- find_links(text, matcher) -> Links: the sessions (archive.text.sessions) and people an
  article names, each with the text it was first found as (stored as
  ArticlePerson.matched_text).

Which words are titles, particles or common words is archive.text.vocabulary's to say.
Quotations (archive.text.quotes) and the rendering of links into an article's HTML
(archive.text.html_links) build on these. archive.linking.detection is the database side.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, count

from archive.text import kazakh, russian
from archive.text.inflection import also_case_forms, case_forms
from archive.text.normalise import name_key, prepare
from archive.text.sessions import find_sessions
from archive.text.transliteration import has_cyrillic, match_key, match_keys
from archive.text.vocabulary import (
    APOSTROPHES,
    HYPHENS,
    NOT_ANOTHER_NAME,
    ORG_WORDS,
    PARTICLES,
    TITLE_WORDS,
    count_words,
    words_and_gaps,
)

# --- People -----------------------------------------------------------------------------------

MIN_SURNAME_LETTERS = 4
_Key = tuple[str, ...]  # a spelling as the words of its name_key()

_SPACE_GAP = re.compile(r"[ \t\u00a0]*(?:\n[ \t\u00a0]*)?")
_HYPHEN_GAP = re.compile(f"[{HYPHENS}]")
_APOSTROPHE_GAP = re.compile(f"[{APOSTROPHES}]")
_INITIAL_GAP = re.compile(rf"\.(?:[{HYPHENS}]|[ \t\u00a0]*(?:\n[ \t\u00a0]*)?)")  # "K. " "К.-Ж."


@lru_cache(maxsize=100_000)
def _fold(word: str) -> str:
    return name_key(word)


class _Words:
    """The words of a text, with their keys (name_key of each: what the vocabulary reads),
    their match keys (transliteration.match_key of each, a Russian or Kazakh case form
    brought back to the name it is a form of: what spellings are looked up by), offsets and
    the separators between them. Made with one re.split(): an article has thousands of words
    and most of them are looked up once, so no object is built per word."""

    __slots__ = ("_offsets", "keys", "match", "parts")

    def __init__(self, text: str, forms: dict[str, str] | None = None) -> None:
        self.parts = parts = words_and_gaps(text)  # gap, word, gap, ..., gap
        # Each word lower-cased on its own (joined by a character that is in no word, so one
        # str.lower() call): lower-casing never moves a word boundary, and the one letter it
        # treats by context (a final sigma) is folded alike by name_key().
        lowered = "\x00".join(parts[1::2]).lower()
        keys = lowered.split("\x00") if len(parts) > 1 else []
        if not lowered.isascii():  # else every key is the word in lower case (the usual case)
            fold = _fold
            keys = [w if w.isascii() else fold(w) for w in keys]
        self.keys: list[str] = keys
        self.match: list[str] = match_keys(keys)
        if forms and not lowered.isascii() and has_cyrillic(lowered):
            # "Токаева", "Тоқаевтың" are forms of "Tokayev"; a Latin word is taken as written
            # ("Tokayeva" is someone else).
            self.match = [
                forms.get(m, m) if not k.isascii() else m
                for k, m in zip(keys, self.match, strict=True)
            ]
        self._offsets: list[int] | None = None

    @property
    def offsets(self) -> list[int]:
        """Where each part ends; worked out when first asked for (most texts name no one)."""
        if self._offsets is None:
            self._offsets = list(accumulate(map(len, self.parts)))
        return self._offsets

    def __len__(self) -> int:
        return len(self.keys)

    def word(self, index: int) -> str:
        return self.parts[2 * index + 1]

    def start(self, index: int) -> int:
        return self.offsets[2 * index]

    def end(self, index: int) -> int:
        return self.offsets[2 * index + 1]

    def gap_after(self, index: int) -> str:
        return self.parts[2 * index + 2]

    def capitalised(self, index: int) -> bool:
        return self.parts[2 * index + 1][0].isupper()

    def is_initial(self, index: int) -> bool:
        """'K' in 'K. Tokayev', 'Zh' in 'Zh. Tuimebayev'."""
        word = self.word(index)
        return (
            len(word) <= 2
            and word[0].isupper()
            and word.isalpha()
            and self.gap_after(index).startswith(".")
        )

    def name_gap(self, index: int) -> bool:
        """Whether what separates word `index` from the next may sit inside a name."""
        gap = self.gap_after(index)
        if gap and _SPACE_GAP.fullmatch(gap):
            return True
        if _HYPHEN_GAP.fullmatch(gap) or _APOSTROPHE_GAP.fullmatch(gap):
            return True
        return bool(_INITIAL_GAP.fullmatch(gap)) and self.is_initial(index)

    def space_after(self, index: int) -> bool:
        gap = self.gap_after(index)
        return bool(gap) and bool(_SPACE_GAP.fullmatch(gap))

    def looks_like_another_name(self, index: int) -> bool:
        word, key = self.word(index), self.keys[index]
        return (
            word[0].isupper()
            and not (len(word) > 1 and word.isupper())
            and key not in NOT_ANOTHER_NAME
            and key.isalpha()
        )


@dataclass(frozen=True)
class PersonInfo:
    """What linking knows about a person: id, name, other spellings and role."""

    id: int
    name: str
    aliases: tuple[str, ...] = ()
    role: str = ""

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class PersonMention:
    """A known person named in a text: who, where the words that name them are, and them."""

    person_id: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Spelling:
    words: tuple[str, ...]
    short: bool  # one word or a derived surname: checked against the words before it


class _Node:
    __slots__ = ("children", "spelling")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.spelling: _Spelling | None = None


class NameMatcher:
    """Every spelling of every known person, for finding them in text.

    Full names and aliases are matched as given (ignoring case and punctuation). A surname is
    derived from each name and alias ("Kassym-Jomart Tokayev" -> "Tokayev") and matched on
    its own when it is capitalised, has at least four letters, is not a common word and
    belongs to one person only. A word on its own (a surname or a one-word alias such as
    "Yelbasy") is not linked when a capitalised word that is not a title comes just before it
    ("Kairat Tokayev" is someone else) or initials that do not fit ("A. Tokayev"). A name
    followed by "University", "Foundation", "Street"… names a place or an institution.
    """

    def __init__(self, people: Iterable[PersonInfo]) -> None:
        self.people = {person.id: person for person in people}
        self._explicit: defaultdict[_Key, set[int]] = defaultdict(set)
        self._derived: defaultdict[_Key, set[int]] = defaultdict(set)
        # person id -> given-name words of each spelling
        self._given: defaultdict[int, set[_Key]] = defaultdict(set)
        for person in self.people.values():
            for spelling in person.spellings:
                words = _match_words(name_key(spelling).split())
                if not words:
                    continue
                self._explicit[words].add(person.id)
                for surname in _surnames(spelling):
                    if len(surname) < len(words):
                        self._given[person.id].add(words[: len(words) - len(surname)])
                        if _linkable_surname(surname):
                            self._derived[_match_words(surname)].add(person.id)
        spelling_words = {w for key in (*self._explicit, *self._derived) for w in key}
        self._forms = case_forms(spelling_words)
        self._also_forms = also_case_forms(spelling_words)
        # A trie of spellings word by word: a match costs the length of the name, not the
        # number of people sharing its first word (thousands share "Askar" or "Nurlan").
        self._trie: dict[str, _Node] = {}
        for words in {*self._explicit, *self._derived}:
            node = self._trie.setdefault(words[0], _Node())
            for word in words[1:]:
                node = node.children.setdefault(word, _Node())
            node.spelling = _Spelling(words, len(words) == 1 or words not in self._explicit)

    def owners(self, words: _Key) -> set[int]:
        """The people a spelling can mean: its explicit owners, else the surname's."""
        return self._explicit.get(words) or self._derived.get(words) or set()

    def find_people(self, text: str) -> list[PersonMention]:
        """Every mention of a known person in `text`, in order (`text` as prepare() gives)."""
        words = _Words(text, self._forms)
        mentions: list[PersonMention] = []
        # word index -> person id, for words already part of a mention
        owner_at: dict[int, int] = {}
        trie, keys, index = self._trie, words.match, 0
        for candidate in _words_beginning_a_spelling(trie, keys):
            if candidate < index:
                continue  # inside the mention just found
            index = candidate
            found = self._longest(words, index, trie[keys[index]])
            if not found:
                index += 1
                continue
            spelling, size = found
            after = index + size
            if not self._names_a_place(words, after):
                person, first = self._resolve(words, index, spelling, owner_at)
                if person is not None:
                    start, end = words.start(first), words.end(after - 1)
                    mentions.append(PersonMention(person, start, end, text[start:end]))
                    owner_at.update(dict.fromkeys(range(first, after), person))
            index = after
        return mentions

    def _longest(
        self, words: _Words, index: int, node: _Node | None
    ) -> tuple[_Spelling, int] | None:
        """(spelling, number of words) of the longest spelling starting at word `index`."""
        ends: list[tuple[_Spelling, int]] = []
        size, keys = 1, words.match
        while node is not None:
            if node.spelling is not None:
                ends.append((node.spelling, size))
            if not node.children or index + size >= len(keys):
                break
            if not words.name_gap(index + size - 1):
                break
            following = node.children.get(keys[index + size])
            if following is None and keys[index + size] in self._also_forms:
                following = self._as_a_case_form(words, index + size, node)
            if following is None and _patronymic_before(words, index + size, node):
                # "Касым-Жомарт Кемелевич Токаев", "Қасым-Жомарт Кемелұлы Тоқаев"
                following = node.children[keys[index + size + 1]]
                size += 1
            node = following
            size += 1
        capitalised = words.capitalised(index)
        for spelling, size in reversed(ends):
            if capitalised or not spelling.short:
                return spelling, size
        return None

    def _as_a_case_form(self, words: _Words, index: int, node: _Node) -> _Node | None:
        """The node after word `index` read as a Cyrillic case form of another spelling's word
        ("Токаева" after "Касым-Жомарта", when Aigerim Tokayeva is known too)."""
        if words.keys[index].isascii():
            return None
        return node.children.get(self._also_forms[words.match[index]])

    @staticmethod
    def _names_a_place(words: _Words, after: int) -> bool:
        return (
            after < len(words)
            and words.keys[after] in ORG_WORDS
            and words.capitalised(after)
            and words.space_after(after - 1)
        )

    def _resolve(
        self, words: _Words, index: int, spelling: _Spelling, owner_at: dict[int, int]
    ) -> tuple[int | None, int]:
        """(person id or None, index of the mention's first word)."""
        owners = self.owners(spelling.words)
        if not spelling.short:
            return (next(iter(owners)) if len(owners) == 1 else None), index
        run = self._initials_and_given_names(words, index, owners, owner_at)
        if run:
            fitting = [p for p in owners if self._fits(p, words.match[run[0]])]
            return (fitting[0] if len(fitting) == 1 else None), run[0]
        if words.match[index] in self._also_forms and not words.keys[index].isascii():
            return None, index  # "Токаева": Aigerim Tokayeva, or Tokayev's genitive
        previous = index - 1
        if previous >= 0 and words.space_after(previous):
            if previous in owner_at:
                # "Yelbasy Nazarbayev": the same person named twice in a row.
                person = owner_at[previous]
                return (person if person in owners else None), index
            if words.looks_like_another_name(previous):
                return None, index
        return (next(iter(owners)) if len(owners) == 1 else None), index

    def _initials_and_given_names(
        self, words: _Words, index: int, owners: set[int], owner_at: dict[int, int]
    ) -> list[int]:
        """Indexes of the initials or given names just before a surname ("K.", "Nursultan A.")."""
        given_words = {w for p in owners for names in self._given[p] for w in names}
        run: list[int] = []
        position = index - 1
        while position >= 0 and position not in owner_at and len(run) < 4:
            key = words.keys[position]
            if not words.name_gap(position) or key in TITLE_WORDS:  # "Mr. Bolgert": a title
                break
            if not (
                words.is_initial(position)
                or (words.capitalised(position) and words.match[position] in given_words)
            ):
                break
            run.insert(0, position)
            position -= 1
        return run

    def _fits(self, person_id: int, first: str) -> bool:
        """Whether the first initial or given name before a surname can be this person's."""
        for given in self._given[person_id]:
            if first == given[0] or (len(first) <= 2 and given[0].startswith(first)):
                return True
        return False


def _match_words(words: Iterable[str]) -> _Key:
    return tuple(match_key(word) for word in words)


def _patronymic_before(words: _Words, index: int, node: _Node) -> bool:
    """Whether word `index` is a patronymic ("Кемелевич", "Абишевна", "Кемелұлы", in any
    case) between a given name and a word that carries the spelling on from `node`."""
    if index + 1 >= len(words) or not words.name_gap(index) or not words.capitalised(index):
        return False
    key = words.match[index]
    if not (russian.PATRONYMIC.match(key) or kazakh.PATRONYMIC.match(key)):
        return False
    return words.match[index + 1] in node.children


def _words_beginning_a_spelling(trie: dict[str, _Node], keys: list[str]) -> Iterator[int]:
    """The indexes of the words whose key begins a spelling: only there can a mention begin.
    They are found in one pass (in C), and the rest of the text is not looked at word by
    word: the same as (i for i, key in enumerate(keys) if key in trie)."""
    return compress(count(), map(trie.__contains__, keys))


def _surnames(spelling: str) -> list[_Key]:
    """The surname forms of a spelling: 'Max van der Stoel' -> ('stoel',), ('van','der','stoel')."""
    words = spelling.split()
    if len(words) < 2:
        return []
    forms = [tuple(name_key(words[-1]).split())]
    start = len(words) - 1
    while start > 1 and name_key(words[start - 1]) in PARTICLES:
        start -= 1
    if start < len(words) - 1:
        forms.append(tuple(name_key(" ".join(words[start:])).split()))
    return [form for form in forms if form]


def _linkable_surname(words: _Key) -> bool:
    if len(words) == 1 and words[0] in NOT_ANOTHER_NAME:
        return False
    return len("".join(words)) >= MIN_SURNAME_LETTERS


# --- Both together -----------------------------------------------------------------------------


@dataclass
class Links:
    """What an article names: {session number: text}, {person id: text}."""

    sessions: dict[int, str]
    people: dict[int, str]


def find_links(text: str, matcher: NameMatcher | None) -> Links:
    """The sessions and people `text` names. Each session comes with the text of its first
    mention; each person with the first mention that gives more than one word ("K. Tokayev",
    not the "Tokayev" of a headline), or else the first mention."""
    text = prepare(text)
    sessions: dict[int, str] = {}
    people: dict[int, str] = {}
    for session in find_sessions(text):
        sessions.setdefault(session.number, session.text)
    if matcher is not None:
        full: dict[int, str] = {}
        for mention in matcher.find_people(text):
            people.setdefault(mention.person_id, mention.text)
            if count_words(mention.text) > 1:
                full.setdefault(mention.person_id, mention.text)
        people = {person: full.get(person, text) for person, text in people.items()}
    return Links(sessions, people)
