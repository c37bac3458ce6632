"""The words every reader of article text agrees on, and how text is cut into words.

The linker (archive.text.people: who is named) and the unmatched-names queue
(archive.text.candidates: who looks like a person but is no one) read the same words the same
way: a word is a title, a title qualifier, a particle, a common word or an ordinary word that is
also a surname in both of them, and each set below says what that means to each reader. Words
are written as fold() gives them: lower case, accents stripped (name_key() of one word). Each
set holds English words and the Russian and Kazakh ones of archive.text.russian and
archive.text.kazakh, with their case forms.
"""

import enum
import re
from collections.abc import Iterable, Sequence
from itertools import compress, count
from operator import itemgetter
from typing import Final, NamedTuple, overload

from archive.text import kazakh, russian
from archive.text.normalise import strip_accents


def fold(word: str) -> str:
    """A word as the sets below hold it: 'Президента' -> 'президента', 'Бойынша' -> 'боиынша'
    (as name_key() folds one word: й, ё lose their marks)."""
    lowered = word.lower()
    return lowered if lowered.isascii() else strip_accents(lowered)


def _folded(*sets: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(word) for words in sets for word in words)


# Offices, ranks, forms of address and callings written before a name ("President Tokayev",
# "Mr Bolgert", "Secretary-General Kofi Annan", "Writer Herold Belger").
# Linker: a title just before a lone surname leaves it that person's, and ends a run of
# initials and given names ("Mr. K. Tokayev"). Queue: a name after a title is "named with a
# title"; a title in an apposition (", a member of the Senate,") or before a comma
# ("Secretary-General of the UN, Ban Ki-moon") does the same; a title is never part of a name.
TITLES: Final = _folded(
    russian.TITLES,
    kazakh.TITLES,
    """
    president vice mr mrs ms miss dr prof professor senator deputy minister chairman chairwoman
    chair secretary secretary-general ambassador akim mayor governor speaker sir madam mister
    comrade academician rector director judge prime premier king queen prince princess sheikh
    emir sultan leader chief head member mp commissioner spokesman spokeswoman adviser advisor
    representative colonel captain lieutenant bishop patriarch pope imam mufti rabbi metropolitan
    saint st hon honourable excellency elbasy yelbasy yelbassy boxer skater writer poet scientist
    journalist
    """.split(),
)
# Words that qualify a title but are not one on their own: "First President", "former
# Minister", "Secretary General", "the late Herold Belger", "High Commissioner".
# Linker and queue: the same as a title before a name; the queue does not take one alone, in
# an apposition or before a comma, for a title.
TITLE_QUALIFIERS: Final = _folded(
    "first former current acting honorary high general late founding".split(),
    russian.TITLE_QUALIFIERS,
    kazakh.TITLE_QUALIFIERS,
)
TITLE_WORDS: Final = TITLES | TITLE_QUALIFIERS

# What comes between a given name and a surname: "Max van der Stoel", "Mohammed bin Salman".
# Linker: a surname is also known with its particles ("van der Stoel"), and a particle before
# a lone surname is not another person's name. Queue: a particle between capitalised words
# belongs to the name.
PARTICLES: Final = frozenset("van der den de von al el ibn bin la le du di".split())

# Verbs that report speech. Queue: a name next to one ("said Evgeny Bolgert") looks like a
# person. Both: they are common words (below).
SAID_WORDS: Final = _folded(
    "said says told stated noted added declared stressed emphasized".split(),
    russian.SAID_WORDS,
    kazakh.SAID_WORDS,
)

# Words that are no part of a person's name: function words, months and weekdays, numbers,
# words of reporting and of page furniture, bodies, places, institutions and peoples.
# Linker: a capitalised one just before a surname does not make the surname someone else's
# ("Yesterday Tokayev", "Kazakh Tokayev"), and a surname that is one is never linked on its
# own. Queue: they come off the front of a run of capitalised words ("Meanwhile Kofi
# Annan"), and a run that still holds one is not a name ("United Nations").
COMMON_WORDS: Final = SAID_WORDS | _folded(
    russian.COMMON_WORDS,
    kazakh.COMMON_WORDS,
    """
    a about above according across additionally after again against all also although always
    among an and another any are as asked at be because been before being below between both
    but by can could did do does during each earlier either even ever every few finally
    firstly for from further furthermore had has have he her here hers herself him himself his
    how however i if in indeed into is it its itself just last later like many may meanwhile
    might more moreover most much must my never new next no nor not notably now of often on
    once one only or other our out over own per recently same second secondly she should since
    so some still such than that the their them then there therefore these they third thirdly
    this those though through thus to today together tomorrow too under unlike until upon us
    very via was we were what when where whereas whether which while who whom whose why with
    within without would yes yesterday yet you your
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    two three four five six seven eight nine eleven twelve twenty hundred thousand
    speaking addressing welcoming dear photo credit source press service times news agency
    state time day year people peoples nation country world assembly session apk republic
    republican kazakhstan kazakh kazakhstani astana almaty akorda parliament senate mazhilis
    majilis government ministry committee council office nations united national association
    house congress kurultai union forum constitution law university institute center centre
    foundation organization party secretariat executive administration international osce
    ethnic armenian azeri belarusian chechen dungan german greek jewish korean kyrgyz
    lithuanian polish russian tajik tatar turkish turkmen uighur ukrainian uzbek
    """.split(),
)

# Ordinary English words that are also names: "Rose", "White", "Bush", "Park", "Lee", "Will",
# "Ten" (Denis Ten), "Stool" (a misspelling of van der Stoel).
# Linker: as common words: never a lone surname ("Ten Years of Independence" is not Denis
# Ten; "the White House"), and not another person's name before a surname. Queue: they may be
# part of a name ("George Bush said"), so they are not taken off it.
NAME_LIKE_WORDS: Final = frozenset(
    """
    long young rose white black green brown gray grey grant bush baker park lee mark bill bank
    hall wood hill moon sun star stone field ford land rich hope joy faith grace love rice page
    cook hunter fisher miller price wolf fox bird bell cross gold silver north south east west
    summer winter spring autumn will son major stool ten
    """.split()
)

# A name followed by one of these is a place or an institution: "Nazarbayev University",
# "Abai Avenue". Linker: such a name is not linked. Queue: a run that ends in one is not a
# person's name.
ORG_WORDS: Final = _folded(
    russian.ORG_WORDS,
    kazakh.ORG_WORDS,
    """
    university universities school schools intellectual center centre foundation fund library
    airport street avenue prospect square park museum institute prize award awards scholarship
    stadium arena palace hospital clinic academy college lyceum gymnasium cup trophy peak
    district region village station bridge boulevard lane road
    """.split(),
)

# Words that are not someone else's name just before a surname (linker), and words that a
# lone surname never is.
NOT_ANOTHER_NAME: Final = TITLE_WORDS | COMMON_WORDS | NAME_LIKE_WORDS | PARTICLES


# --- Words and tokens ------------------------------------------------------------------------
# One tokeniser for every reader. A word is a run of letters and digits ("Tokayev", "27th";
# "Kassym" and "Jomart" in "Kassym-Jomart"); what separates two words is a gap. The linker
# reads words and gaps (words_and_gaps); the queue reads tokens (Tokens), whose words are the
# same words, those of a compound joined by the hyphens and apostrophes between them.

HYPHENS: Final = "-‐‑"
APOSTROPHES: Final = "'’ʼ"
_WORD = r"[^\W_]+"
_WORDS = re.compile(_WORD)
_WORDS_AND_GAPS = re.compile(f"({_WORD})")
_COMPOUND_TAIL = rf"(?:[{HYPHENS}{APOSTROPHES}]{_WORD})*"
_TOKEN = re.compile(
    # (The look-ahead first: most characters a search tries are spaces, which it then
    # passes over at once instead of trying each kind of token.)
    r"(?=[\w.!?;:\n,])(?:"
    r"(?P<initials>(?:[^\W\d_]\.\s?){1,3})(?=[^\W\d_])"  # "N.A. " "K.K." before a name
    # A word. Those that begin with a-z or a digit (most of them) have a group of their own, so
    # that the few that may be capitalised are found without looking at every word in Python.
    rf"|(?P<lower>[a-zа-яёәғқңөұүһі\d][^\W_]*{_COMPOUND_TAIL})"
    rf"|(?P<word>{_WORD}{_COMPOUND_TAIL})"
    r"|(?P<stop>[.!?;:]+|\n)"
    r"|(?P<comma>,))"
)
_INITIALS, _OTHER_WORD = itemgetter(0), itemgetter(2)
_POSSESSIVE = re.compile(f"[{APOSTROPHES}]s$")


def words_and_gaps(text: str) -> list[str]:
    """[gap, word, gap, word, ..., gap]: the words of `text` and what separates them, so that
    "".join() of it is `text` (the first and the last gap may be empty)."""
    return _WORDS_AND_GAPS.split(text)


def count_words(text: str) -> int:
    """How many words `text` has: 2 in "K. Tokayev", 3 in "Kassym-Jomart Tokayev"."""
    return len(_WORDS.findall(text))


class TokenKind(enum.StrEnum):
    WORD = "word"
    INITIALS = "initials"
    COMMA = "comma"
    STOP = "stop"  # a sentence boundary: . ! ? ; : or a line break


class Token(NamedTuple):
    kind: TokenKind
    text: str


_RawToken = tuple[str, str, str, str, str]  # (initials, lower, word, stop, comma): one is set


class Tokens(Sequence[Token]):
    """The tokens of a text for reading names in running sentences: words (a compound such as
    "Kassym-Jomart" or "Tokayev's" is one, without a possessive 's), initials ("N.A.", "K."),
    commas and stops. Other characters (quotation marks, brackets, dashes) are not tokens.

    Read like a list of Token. The queue runs over every word of every article detection
    reads, so the text is split by one findall() and a Token is made only for the few that
    are looked at (runs of capitalised words and their neighbours)."""

    __slots__ = ("_raw",)

    def __init__(self, text: str) -> None:
        self._raw: list[_RawToken] = _TOKEN.findall(text)

    def __len__(self) -> int:
        return len(self._raw)

    @overload
    def __getitem__(self, index: int) -> Token: ...

    @overload
    def __getitem__(self, index: slice) -> list[Token]: ...

    def __getitem__(self, index: int | slice) -> Token | list[Token]:
        if isinstance(index, slice):
            return [_token(raw) for raw in self._raw[index]]
        return _token(self._raw[index])

    def capitalised(self) -> list[int]:
        """The indexes of the tokens that can be part of a name, in order: initials, and
        capitalised words that are not acronyms ("APK", "OSCE" are organisations, not
        people). Only initials and words that do not begin with a-z are looked at: the same
        as [i for i, token in enumerate(self) if can_be_in_a_name(token)]."""
        raw = self._raw
        indexes = [*compress(count(), map(_INITIALS, raw))]
        indexes += compress(count(), map(_OTHER_WORD, raw))
        indexes.sort()
        return [i for i in indexes if raw[i][0] or is_capitalised(raw[i][2])]


def can_be_in_a_name(token: Token) -> bool:
    """Initials, or a capitalised word that is not an acronym."""
    if token.kind is TokenKind.INITIALS:
        return True
    return token.kind is TokenKind.WORD and is_capitalised(token.text)


def is_capitalised(word: str) -> bool:
    """'Tokayev', 'Tokayev's', 'A': yes; 'tokayev', 'APK', 'OSCE's': no."""
    return word[:1].isupper() and not (len(word) > 1 and without_possessive(word).isupper())


def without_possessive(word: str) -> str:
    """'Tokayev’s' -> 'Tokayev'."""
    if "'" in word or "’" in word or "ʼ" in word:
        return _POSSESSIVE.sub("", word)
    return word


def _token(raw: _RawToken) -> Token:
    initials, lower, word, stop, _comma = raw
    # (tuple.__new__: what Token(kind, text) does, without a call in Python for each token)
    if lower or word:
        return _new_token(Token, (_WORD_KIND, without_possessive(lower or word)))
    if initials:
        return _new_token(Token, (_INITIALS_KIND, initials.strip()))
    if stop:
        return _new_token(Token, (_STOP_KIND, stop.strip()))
    return _COMMA_TOKEN


_new_token = tuple.__new__
_WORD_KIND, _INITIALS_KIND, _STOP_KIND = TokenKind.WORD, TokenKind.INITIALS, TokenKind.STOP
_COMMA_TOKEN = Token(TokenKind.COMMA, ",")
