"""Names that look like people but match no one: what goes into the unmatched-names queue.

Pure text processing, no database. find_unmatched_candidates(text, index) reads an article and
returns Candidate(name, reason) for each mention of:

- a capitalised name ("Evgeny Bolgert", "N.A. Nazarbayev") next to "said" / "says" / "told",
  or next to a title ("Secretary-General Kofi Annan", "Natalia Dementieva, a member of the
  Mazhilis", "Rolf Ekeus, its current High Commissioner"), that is no one's name or alias;
- a title standing in for a speaker's name ("said the Head of State");
- a lone surname that two or more people share ("Nazarbayev" with two Nazarbayevs): it is
  queued for an editor rather than guessed.

`index` (NameIndex) is built from every person's name and aliases. Titles, particles and common
words, and the tokens text is read as, are archive.text.vocabulary's, shared with the linker.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from archive.text.inflection import base_key, case_forms
from archive.text.normalise import name_key
from archive.text.transliteration import match_key
from archive.text.vocabulary import (
    COMMON_WORDS,
    ORG_WORDS,
    PARTICLES,
    SAID_WORDS,
    TITLE_WORDS,
    TITLES,
    Token,
    TokenKind,
    Tokens,
    fold,
)

SPEAKER_TITLES = [
    "Head of State", "Prime Minister", "Deputy Chairman", "Secretary-General", "Chairman",
    "Chairwoman", "Speaker", "Minister", "Ambassador", "Senator", "Akim", "President",
]  # fmt: skip
MAX_NAME_WORDS = 5
# (Module names: quicker to look up than the attributes of TokenKind.)
_WORD, _INITIALS, _COMMA, _STOP = (
    TokenKind.WORD,
    TokenKind.INITIALS,
    TokenKind.COMMA,
    TokenKind.STOP,
)
_BOUNDARIES = {_STOP, _COMMA}


@dataclass(frozen=True)
class Candidate:
    name: str
    reason: str


class NameIndex:
    """Every spelling of every person, for telling known names from unknown ones. Spellings
    are compared as the linker compares them (archive.text.people): by their words' match
    keys, in either script, a Russian or Kazakh case form as the name it is a form of."""

    def __init__(self, spellings: Iterable[tuple[int, str]]) -> None:
        """`spellings`: (person id, name or alias) pairs."""
        self.keys: set[str] = set()
        # key of a name or alias -> the people who have it
        self.owners: defaultdict[str, set[int]] = defaultdict(set)
        self.surname_owners: defaultdict[str, set[int]] = defaultdict(set)
        self._owners_by_word: dict[str, set[int]] = {}
        pairs = [(person, [match_key(w) for w in name_key(s).split()]) for person, s in spellings]
        self._forms = case_forms({word for _person, words in pairs for word in words})
        for person, words in pairs:
            if not words:
                continue
            key = " ".join(words)
            self.keys.add(key)
            self.owners[key].add(person)
            self.surname_owners[words[-1]].add(person)

    def key(self, text: str) -> str:
        """The form spellings are compared in: 'Тоқаевтың' -> 'tokaev'."""
        return " ".join(base_key(word, self._forms) for word in name_key(text).split())

    def knows(self, words: Sequence[str]) -> bool:
        """True when the words, or a part of them of two words or more, are someone's name,
        or they end in a single-word alias or a surname only one person has."""
        keys = [self.key(w) for w in words]
        if " ".join(keys) in self.keys:
            return True
        for size in range(len(keys) - 1, 1, -1):
            for start in range(len(keys) - size + 1):
                if " ".join(keys[start : start + size]) in self.keys:
                    return True
        return keys[-1] in self.keys or len(self.surname_owners.get(keys[-1], ())) == 1

    def is_one_persons(self, name: str) -> bool:
        """Whether the name is the name or an alias of exactly one person (no query: the index)."""
        return len(self.owners.get(self.key(name), ())) == 1

    def owners_of_surname(self, word: str) -> set[int]:
        """The people whose name or alias ends in `word`."""
        # Asked for every capitalised word of every article ("The", "Assembly" ...): cached.
        owners = self._owners_by_word.get(word)
        if owners is None:
            owners = self._owners_by_word[word] = self.surname_owners.get(self.key(word), set())
        return owners


def _runs(tokens: Tokens) -> Iterator[tuple[int, int]]:
    """Runs of capitalised words (with initials and particles such as "van der") as
    (start, end) index pairs into `tokens`."""
    capitalised = tokens.capitalised()
    position, total = 0, len(capitalised)
    while position < total:
        start = end = capitalised[position]  # the run is tokens[start : end + 1]
        position += 1
        while position < total:
            following = capitalised[position]
            if following == end + 1:
                end = following
            elif following == end + 2 and _is_particle(tokens[end + 1]):
                # "van der": a particle between capitalised words belongs to the name.
                end = following
            else:
                break
            position += 1
        yield start, end + 1


def _is_particle(token: Token) -> bool:
    return token.kind is _WORD and fold(token.text) in PARTICLES


def _strip_titles(tokens: Tokens, start: int, end: int) -> tuple[int, bool]:
    """Leading title and other non-name words come off: "United Nations Secretary-General
    Kofi Annan" -> "Kofi Annan". Returns the new start and whether a title came off."""
    titled = False
    while start < end:
        word = fold(tokens[start].text)
        if word in TITLE_WORDS:
            titled = True
        elif word not in COMMON_WORDS:
            break
        start += 1
    return start, titled


def _near_said(tokens: Tokens, start: int, end: int) -> bool:
    before = [fold(t.text) for t in tokens[max(0, start - 2) : start] if t.kind is _WORD]
    after = []
    for kind, value in tokens[end : end + 5]:
        if kind is _STOP:
            break
        after.append(fold(value))
    if SAID_WORDS & set(before) or SAID_WORDS & set(after[:4]):
        return True
    # "Natalia Dementieva, a member of the Mazhilis, ..., said the citizens ..."
    if after[:1] == [","]:
        for kind, value in tokens[end : end + 40]:
            if kind is _STOP:
                return False
            if fold(value) in SAID_WORDS:
                return True
    return False


def _title_after(tokens: Tokens, end: int) -> str:
    """The apposition after a name when it gives a title: ", a member of the Senate"."""
    if end >= len(tokens) or tokens[end].kind is not _COMMA:
        return ""
    words = []
    for kind, value in tokens[end + 1 : end + 9]:
        if kind in _BOUNDARIES:
            break
        words.append(value)
    if any(fold(w) in TITLES for w in words[:6]):
        return " ".join(words)
    return ""


def _title_before(tokens: Tokens, start: int) -> bool:
    """A title just before a name, set off by a comma: "Secretary-General of the UN, Ban
    Ki-moon"."""
    if start == 0 or tokens[start - 1].kind is not _COMMA:
        return False
    for kind, value in reversed(tokens[max(0, start - 7) : start - 1]):
        if kind in _BOUNDARIES:
            return False
        if fold(value) in TITLES:
            return True
    return False


_SPEAKER_TITLE = re.compile(
    r"\b(?:{said})\s+the\s+(?P<a>{titles})\b(?!\s+[A-Z])"
    r"|\b[Tt]he\s+(?P<b>{titles})\s+(?:{said})\b".format(
        said="|".join(sorted(SAID_WORDS)), titles="|".join(re.escape(t) for t in SPEAKER_TITLES)
    )
)


# Russian and Kazakh: "— сказал Глава государства", "деді Мемлекет басшысы".
CYRILLIC_SPEAKER_TITLES = ["Глава государства", "Мемлекет басшысы", "Президент"]
_CYRILLIC_SPEAKER_TITLE = re.compile(
    r"\b(?:{said})\s+(?P<c>{titles})(?![\w-])(?!\s+[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])".format(
        said="|".join(sorted(w for w in SAID_WORDS if not w.isascii())),
        titles="|".join(CYRILLIC_SPEAKER_TITLES),
    )
)
_ANY_SPEAKER_TITLE = re.compile(
    "|".join(re.escape(t) for t in SPEAKER_TITLES + CYRILLIC_SPEAKER_TITLES)
)


def _speaker_titles(text: str) -> Iterator[str]:
    """Titles that stand for the speaker: "said the Head of State", "the President said"."""
    if not _ANY_SPEAKER_TITLE.search(text):
        return  # (the common case: one quick scan instead of the pattern at every position)
    for match in _SPEAKER_TITLE.finditer(text):
        yield match.group("a") or match.group("b")
    if not text.isascii():
        for match in _CYRILLIC_SPEAKER_TITLE.finditer(text):
            yield match.group("c")


_NOT_NAMES = COMMON_WORDS | TITLE_WORDS


def find_unmatched_candidates(text: str, index: NameIndex) -> list[Candidate]:
    """Every mention in `text` of a name or title that looks like a person but is no one in
    `index`, in order of appearance (a name mentioned twice is listed twice)."""
    tokens = Tokens(text)
    found = []
    for start, end in _runs(tokens):
        name_start, titled = _strip_titles(tokens, start, end)
        words = [value for _kind, value in tokens[name_start:end]]
        if not words or len(words) > MAX_NAME_WORDS:
            continue
        if any(fold(w) in _NOT_NAMES for w in words):
            continue
        if len(words) > 1 and fold(words[-1]) in ORG_WORDS:
            continue  # "Abai Avenue", "Nazarbayev Intellectual School": a place, an institution
        if len(words) == 1:
            owners = index.owners_of_surname(words[0])
            if len(owners) > 1 and index.key(words[0]) not in index.keys:
                found.append(Candidate(words[0], f"surname shared by {len(owners)} people"))
            continue
        if (
            all(tokens[i].kind is _INITIALS for i in range(name_start, end - 1))
            and len(words) == 2
            and index.owners_of_surname(words[-1])
        ):
            continue  # "K. Tokayev": the linker decides between the surname's owners
        if index.knows(words):
            continue
        name = _join(words)
        apposition = _title_after(tokens, end)
        if titled or _title_before(tokens, start):
            found.append(Candidate(name, "named with a title"))
        elif apposition:
            found.append(Candidate(name, f"named with a title (“{apposition}”)"))
        elif _near_said(tokens, start, end):
            found.append(Candidate(name, "quoted as speaking (“said”)"))
    found.extend(Candidate(title, "title without a name") for title in _speaker_titles(text))
    return found


def _join(words: Sequence[str]) -> str:
    text = ""
    for word in words:
        text += word if not text or text.endswith(" ") else " " + word
        if word.endswith("."):
            text += " "
    return text.strip()
