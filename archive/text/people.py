"""Finding sessions of the Assembly and people in article text. Pure functions, no database.

- find_sessions(text) -> [SessionMention]: "33rd Session", "XXVII session", "the tenth
  session", "The first constituent session", "34th plenary session", "Session No. 27",
  "the 27th and 28th sessions", "XXXIII сессия". Not "30th anniversary", not "the 33rd" alone,
  not "the third session of the National Kurultai" (another body's meeting).
- NameMatcher(people).find_people(text) -> [PersonMention]: a person by name or any alias,
  whatever the case, punctuation, apostrophes or possessive ("K.K.Tokayev", "Tokayev’s"),
  and by bare surname when only one known person has it.
- find_links(text, matcher) -> Links: the sessions and people an article names, each with the
  text it was first found as (stored as ArticlePerson.matched_text).

Quotations (archive.text.quotes) and the rendering of links into an article's HTML
(archive.text.html_links) build on these. archive.linking.detection is the database side.
"""

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, count

from archive.text import numerals
from archive.text.normalise import name_key

MAX_SESSION = 200

# --- Sessions ---------------------------------------------------------------------------------

_UNIT_ORDINALS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_TEEN_ORDINALS = (
    "tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth"
    "|nineteenth"
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_TENS_ORDINALS = "twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth"
_WORD_ORDINAL = (
    rf"(?:(?:{_TENS})[-‐‑ ](?:{_UNIT_ORDINALS})|{_TENS_ORDINALS}|{_TEEN_ORDINALS}"
    rf"|{_UNIT_ORDINALS}|hundredth)"
)
# 27th, 33-rd; Russian and Kazakh ordinal endings: 33-й, 32-ой, 27-ші.
_DIGIT_ORDINAL = (
    r"\d{1,3}(?:-?(?:st|nd|rd|th)|-?(?:ого|ому|ой|ая|ий|ей|го|му|ом|й|я|м|інші|ыншы|ші|шы))"
)
# Upper case only: "mix", "civil" or "I" are not numbers.
_ROMAN = r"(?-i:(?=[IVXLC])C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))"
_ORDINAL = rf"(?:{_DIGIT_ORDINAL}|{_WORD_ORDINAL}|{_ROMAN})"
# Words that may stand between the number and "session".
_SESSION_ADJECTIVES = (
    r"(?:constituent|plenary|regular|ordinary|extraordinary|jubilee|solemn|final|annual"
    r"|ceremonial|special|enlarged|expanded|extended|official|opening|closing|joint|full"
    r"|traditional|inaugural|founding|assembly|assembly['’]s|apk|apk['’]s)"
)
_SESSION_WORD = r"(?:sessions?|сесси(?:я|и|ю|ей|ях|ям|ями)|сессиясы(?:нда|на|ның|н)?)"
_ANY_SESSION_WORD = re.compile(r"session|сесси", re.IGNORECASE)
_ANY_SESSION_WORD_LOWER = re.compile(r"session|сесси")  # the same, in text.lower()

# Characters that re.IGNORECASE matches with a Latin or Cyrillic letter though they do not
# lower-case to it (dotted and dotless i, long s, Kelvin sign, old forms of Cyrillic letters).
# In a text without them, a case-sensitive search of text.lower() finds what an IGNORECASE
# search of the text finds, at the same offsets, and several times quicker.
_CASE_SURPRISES = re.compile("[\u0130\u0131\u017f\u212a\u1c80-\u1c88]")

# Where an ordinal (_ORDINAL) may begin, found cheaply: 1-3 digits and a letter ("27th",
# "33-й"), a word of upper-case Roman letters before a space, a comma, "and", "or" or "и", or
# a number word (each of _WORD_ORDINAL's words has one of these stems). A superset: a window
# around "session" with none of them cannot hold a numbered session.
# (One character class first, so that the regex engine skips quickly to where one may begin.)
_ORDINAL_HINT = re.compile(
    r"[\dIVXLC](?:(?<=\d)\d*-?[^\W\d_]|(?<=[IVXLC])[IVXLC]*(?=[\s,&aoиAOИ]))"
)
_NUMBER_WORD_HINT = (
    r"f(?:irst|ourt|ort|ift)|s(?:econd|ixt|event)|t(?:hir[dt]|enth|welfth|went)|eight|nin[te]"
    r"|eleventh|hundredth"
)
_NUMBER_WORD_HINT_LOWER = re.compile(_NUMBER_WORD_HINT)  # in text.lower()
_NUMBER_WORD_HINT_ANY_CASE = re.compile(_NUMBER_WORD_HINT, re.IGNORECASE)
WINDOW_BEFORE, WINDOW_AFTER = 120, 8  # what is read around each "session" word
# What _SESSION_NUMBER and _APPOSITION need right after "session" (Roman numerals in either
# case: a superset), to find the few words where they are worth trying.
_NUMBER_AFTER_SESSION = r"session\s+(?:no|number|№|#|\d|[ivxlc]|of\s)"
_NUMBER_AFTER_SESSION_LOWER = re.compile(_NUMBER_AFTER_SESSION)  # in text.lower()
_NUMBER_AFTER_SESSION_ANY_CASE = re.compile(_NUMBER_AFTER_SESSION, re.IGNORECASE)

_ORDINAL_SESSION = re.compile(
    rf"(?<![\w-])(?P<numbers>{_ORDINAL}(?:\s*(?:,\s*and|,|and|&|or|и)\s*{_ORDINAL})*)"
    rf"(?:\s+{_SESSION_ADJECTIVES}){{0,3}}\s+{_SESSION_WORD}(?!\w)",
    re.IGNORECASE,
)
_ONE_ORDINAL = re.compile(rf"(?<![\w-]){_ORDINAL}(?![\w])", re.IGNORECASE)
# "Session No. 27", "session #27", "Session XXVII", "session 27." (not "session 27 deputies").
_SESSION_NUMBER = re.compile(
    rf"(?<![\w-])session\s+(?:(?:No\.?|number|№|#)\s*(?P<no>\d{{1,3}})\b"
    rf"|(?P<roman>{_ROMAN})(?![\w-])"
    r"|(?P<digits>\d{1,3})(?=\s*(?:[,.;:)!?]|$|\s+of\b|\s+\()))",
    re.IGNORECASE,
)
# "the session of the Assembly, the 27th in its history", "the session of the Assembly (31st)".
_APPOSITION = re.compile(
    rf"session\s+of\s+the\s+(?:Assembly|APK)\b[^.;:\n“”\"()]{{0,80}}?"
    rf"(?:,\s*(?:the|its)\s+|\s*\(\s*(?:the\s+)?)"
    rf"(?P<number>{_ORDINAL})(?:\s+(?:one|in\s+its\s+history))?(?=\s*[,.;)]|\s*$)",
    re.IGNORECASE,
)
# Meetings of other bodies: "the third session of the National Kurultai", "Parliament's 8th".
_OTHER_BODY = (
    r"kurultai|kurultay|parliament|mazhilis|majilis|senate|general\s+assembly|congress|council"
    r"|maslikhats?|forum|committee|commission|conference|government|un|united\s+nations"
    r"|unesco|osce|cica|sco|cis|eaeu|union|summit|seminar|panel|meeting|court|duma|rada|board"
    r"|convention|convocation|pace|nato|day|week|month|year|term|school|university"
)
_OTHER_BODY_RE = re.compile(rf"\b(?:{_OTHER_BODY})\b", re.IGNORECASE)
_OF_PHRASE = re.compile(
    r"\s+(?:of|at)\s+(?:the\s+)?(?P<phrase>[\w’'-]+(?:[ \t]+[\w’'-]+){0,5})", re.IGNORECASE
)
_OTHER_LEGISLATURE = (
    r"kurultai|kurultay|parliament|mazhilis|majilis|senate|general\s+assembly|congress"
    r"|maslikhats?|government|duma|rada"
)
_BODY_BEFORE = re.compile(
    rf"(?:\b(?:{_OTHER_BODY})(?:['’]s|['’])?|\b(?:his|her|my|your|their)"
    # "The newly elected Mazhilis held its first session"
    rf"|\b(?:{_OTHER_LEGISLATURE})\b[^.,;!?\n]{{0,40}}?\b(?:held|holds|opened|opens|convened"
    rf"|began|begins|closed|will\s+hold)\s+its)\s+$",
    re.IGNORECASE,
)
_DETERMINER_BEFORE = re.compile(r"\b(?:the|its)\s+$", re.IGNORECASE)
_ASSEMBLY_FIRST = re.compile(r"(?:assembly|apk)\b", re.IGNORECASE)
# "the April 27th session" is the session held on 27 April, not the 27th session.
_MONTH_BEFORE = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SessionMention:
    number: int
    start: int
    end: int
    text: str


def parse_ordinal(text: str) -> int | None:
    """'27th', '33-й', 'XXVII', 'twenty-seventh' -> the number; None for anything else."""
    cleaned = re.sub(r"[-‐‑\s]+", "-", text.strip())
    digits = re.match(r"\d+", cleaned)
    if digits:
        number = int(digits.group())
    elif re.fullmatch(r"[IVXLC]+", cleaned):
        number = numerals.from_roman(cleaned) if cleaned != "I" else None
    else:
        number = numerals.parse_number(cleaned.lower()) or numerals.parse_number(
            cleaned.lower().replace("-", " ")
        )
    if number is None or not 1 <= number <= MAX_SESSION:
        return None
    return number


def _not_an_assembly_session(text, start, end):
    """Another body's session ("… of the National Kurultai", "Parliament's 8th session"),
    someone's ("his first session") or a date ("the April 27th session")."""
    before = text[max(0, start - 40) : start]
    if _BODY_BEFORE.search(before) or _MONTH_BEFORE.search(before):
        return True
    after = _OF_PHRASE.match(text, end)
    if after is None:
        return False
    phrase = after.group("phrase")
    return not _ASSEMBLY_FIRST.match(phrase) and bool(_OTHER_BODY_RE.search(phrase))


def find_sessions(text: str) -> list[SessionMention]:
    """Every reference to a numbered session of the Assembly, in order of appearance."""
    found = []
    # Only around the word "session" can there be a reference: reading just there is several
    # times quicker than running every pattern over the whole text.
    lowered = _searchable_lower(text)
    if lowered is None:
        words = [m.span() for m in _ANY_SESSION_WORD.finditer(text)]
    else:
        words = [m.span() for m in _ANY_SESSION_WORD_LOWER.finditer(lowered)]
    if not words:
        return found
    hints = _ordinal_hints(text, lowered, words)
    if lowered is None:
        numbered = {m.start() for m in _NUMBER_AFTER_SESSION_ANY_CASE.finditer(text)}
    else:
        numbered = {m.start() for m in _NUMBER_AFTER_SESSION_LOWER.finditer(lowered)}
    # The words whose window holds a place where an ordinal may begin: for each such place,
    # the words from the first that ends less than WINDOW_AFTER before it to the last that
    # begins at most WINDOW_BEFORE after it. Other words are only looked at when something
    # like a number follows them ("session 27", "session of the Assembly, the 27th").
    starts, ends = [at for at, _end in words], [end for _at, end in words]
    near_ordinals = set()
    for hint in hints:
        near_ordinals.update(
            range(
                bisect_right(ends, hint - WINDOW_AFTER), bisect_right(starts, hint + WINDOW_BEFORE)
            )
        )
    seen = {}  # the windows overlap: what each match gives is worked out once
    for index, (at, word_end) in enumerate(words):
        if index in near_ordinals:
            found += _ordinal_sessions(text, at, word_end, hints, seen)
        if at in numbered:
            found += _numbered_sessions(text, at)
    found.sort(key=lambda m: (m.start, -m.end))
    return _without_overlaps(found)


def _searchable_lower(text):
    """text.lower() when searching it case-sensitively is the same as searching `text` with
    re.IGNORECASE (same matches, same offsets); None when it is not."""
    lowered = text.lower()
    if not text.isascii() and (len(lowered) != len(text) or _CASE_SURPRISES.search(text)):
        return None
    return lowered


def _ordinal_hints(text, lowered, words):
    """Sorted offsets where an ordinal may begin, looked for only in the windows around the
    "session" words (`words`: their (start, end) offsets, in order)."""
    hints = []
    for start, end in _merged_windows(words):
        hints += [m.start() for m in _ORDINAL_HINT.finditer(text, start, end)]
        if lowered is None:
            hints += [m.start() for m in _NUMBER_WORD_HINT_ANY_CASE.finditer(text, start, end)]
        else:
            hints += [m.start() for m in _NUMBER_WORD_HINT_LOWER.finditer(lowered, start, end)]
    hints.sort()
    return hints


def _merged_windows(words):
    merged = []
    for at, word_end in words:
        start, end = max(0, at - WINDOW_BEFORE), word_end + WINDOW_AFTER
        if merged and start <= merged[-1][1]:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    return merged


def _ordinal_sessions(text, at, word_end, hints, seen):
    """The _ORDINAL_SESSION matches in the window around the word at `at`."""
    found = []
    window_start, window_end = max(0, at - WINDOW_BEFORE), word_end + WINDOW_AFTER
    # A match begins with an ordinal: the search starts at the first place one may begin.
    start = hints[bisect_left(hints, window_start)]
    for match in _ORDINAL_SESSION.finditer(text, start, window_end):
        key = (*match.span(), match.end("numbers"))
        if key not in seen:
            seen[key] = _mentions_in(text, match)
        found += seen[key]
    return found


def _numbered_sessions(text, at):
    """Sessions named by a number after the word: "Session No. 27", "session XXVII", "the
    session of the Assembly, the 27th in its history"."""
    found = []
    match = _SESSION_NUMBER.match(text, at)
    if match:
        raw = match.group("no") or match.group("roman") or match.group("digits")
        number = parse_ordinal(raw)
        if number is not None and not _not_an_assembly_session(text, match.start(), match.end()):
            found.append(SessionMention(number, match.start(), match.end(), match.group()))
    match = _APPOSITION.match(text, at)
    if match:
        number = parse_ordinal(match.group("number"))
        if number is not None:
            found.append(SessionMention(number, match.start(), match.end(), match.group()))
    return found


def _mentions_in(text, match):
    """The sessions an _ORDINAL_SESSION match names (none when it is another body's)."""
    found = []
    if _not_an_assembly_session(text, match.start(), match.end()):
        return found
    ordinals = list(_ONE_ORDINAL.finditer(match.group("numbers")))
    offset = match.start("numbers")
    for ordinal in ordinals:
        number = parse_ordinal(ordinal.group())
        if ordinal.group() == "I" and _DETERMINER_BEFORE.search(text, 0, offset):
            number = 1  # "the I session"; a bare "I" is the pronoun
        if number is None:
            continue
        if len(ordinals) == 1:
            start, end = match.start(), match.end()
        else:
            start, end = offset + ordinal.start(), offset + ordinal.end()
        found.append(SessionMention(number, start, end, text[start:end]))
    return found


def _without_overlaps(mentions):
    kept, reached = [], -1
    for mention in mentions:
        if mention.start >= reached:
            kept.append(mention)
            reached = mention.end
    return kept


# --- People -----------------------------------------------------------------------------------

# Words that are not a person's name: a capitalised one just before a surname does not make
# the surname someone else's ("Yesterday Tokayev"), and a surname that is one of them is never
# linked on its own ("Ten Years of Independence" is not Denis Ten).
COMMON_WORDS = set(
    """
    a about above according across after again against all also although always among an and
    another any are as at be because been before being below between both but by can could
    did do does during each earlier either even ever every few finally first firstly for from
    further furthermore had has have he her here hers herself him himself his how however i if
    in indeed into is it its itself just last later like many may meanwhile might more moreover
    most much must my never new next no nor not notably now of often on once one only or other
    our out over own per recently same second secondly she should since so some still such than
    that the their them then there therefore these they third thirdly this those though through
    thus to today together tomorrow too under unlike until upon us very via was we were what
    when where whereas whether which while who whom whose why will with within without would
    yesterday yet you your
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    two three four five six seven eight nine ten eleven twelve twenty hundred thousand
    said says told asked added noted speaking addressing welcoming dear photo credit source
    state head time day year people nation country world assembly session president
    long young king rose white black green brown gray grey grant bush baker park lee mark bill
    bank hall wood hill moon sun star stone field ford house land law rich hope joy faith grace
    love rice page cook hunter fisher miller price wolf fox bird bell cross gold silver north
    south east west summer winter spring autumn will son major stool van der
    """.split()
)
# Words before a name that leave it that person's: "President Tokayev", "Mr Bolgert".
TITLE_WORDS = set(
    """
    president vice mr mrs ms miss dr prof professor senator deputy minister chairman chairwoman
    chair secretary general ambassador akim mayor governor speaker sir madam mister comrade
    academician rector director judge prime premier queen prince princess sheikh emir sultan
    leader chief member mp commissioner spokesman spokeswoman colonel captain lieutenant bishop
    patriarch pope imam mufti rabbi metropolitan saint st hon honourable excellency elbasy
    yelbasy yelbassy late former acting current first founding boxer skater writer poet
    scientist journalist
    """.split()
)
# A name followed by one of these is a place or an institution: "Nazarbayev University".
ORG_WORDS = set(
    """
    university universities school schools intellectual center centre foundation fund library
    airport street avenue prospect square park museum institute prize award awards scholarship
    stadium arena palace hospital clinic academy college lyceum gymnasium cup trophy peak
    district region village station bridge boulevard lane road
    """.split()
)
PARTICLES = {"van", "der", "den", "de", "von", "al", "el", "ibn", "bin", "la", "le", "du", "di"}
MIN_SURNAME_LETTERS = 4

_WORD = re.compile(r"[^\W_]+")
_SPLIT = re.compile(r"([^\W_]+)")
_SPACE_GAP = re.compile(r"[ \t\u00a0]*(?:\n[ \t\u00a0]*)?")
_HYPHEN_GAP = re.compile(r"[-‐‑]")
_APOSTROPHE_GAP = re.compile(r"['’ʼ]")
_INITIAL_GAP = re.compile(r"\.[ \t\u00a0]*(?:\n[ \t\u00a0]*)?")
_URL = re.compile(r"https?://[^\s)>\]]+|www\.[^\s)>\]]+|\]\([^)\s]*\)", re.IGNORECASE)


@lru_cache(maxsize=100_000)
def _fold(word: str) -> str:
    return name_key(word)


def prepare(text: str) -> str:
    """The form detection reads: NFC, with URLs (Markdown link targets too) blanked out.

    Offsets stay those of the NFC text: blanked characters become spaces one for one.
    """
    text = unicodedata.normalize("NFC", text or "")
    # Every URL has "://", "www." (in any case: no other character matches "w") or "](":
    # most texts have none, and these three look-ups are much quicker than the pattern.
    if "://" not in text and "](" not in text and "www." not in text.lower():
        return text
    return _URL.sub(lambda m: " " * len(m.group()), text)


class _Words:
    """The words of a text, with their keys (name_key of each), offsets and the separators
    between them. Made with one re.split(): an article has thousands of words and most of
    them are looked up once, so no object is built per word."""

    __slots__ = ("_offsets", "keys", "parts")

    def __init__(self, text):
        self.parts = parts = _SPLIT.split(text)  # separator, word, separator, ..., separator
        # Each word lower-cased on its own (joined by a character that is in no word, so one
        # str.lower() call): lower-casing never moves a word boundary, and the one letter it
        # treats by context (a final sigma) is folded alike by name_key().
        lowered = "\x00".join(parts[1::2]).lower()
        keys = lowered.split("\x00") if len(parts) > 1 else []
        if not lowered.isascii():  # else every key is the word in lower case (the usual case)
            fold = _fold
            keys = [w if w.isascii() else fold(w) for w in keys]
        self.keys = keys
        self._offsets = None

    @property
    def offsets(self):
        """Where each part ends; worked out when first asked for (most texts name no one)."""
        if self._offsets is None:
            self._offsets = list(accumulate(map(len, self.parts)))
        return self._offsets

    def __len__(self):
        return len(self.keys)

    def word(self, index):
        return self.parts[2 * index + 1]

    def start(self, index):
        return self.offsets[2 * index]

    def end(self, index):
        return self.offsets[2 * index + 1]

    def gap_after(self, index):
        return self.parts[2 * index + 2]

    def capitalised(self, index):
        return self.parts[2 * index + 1][0].isupper()

    def is_initial(self, index):
        """'K' in 'K. Tokayev', 'Zh' in 'Zh. Tuimebayev'."""
        word = self.word(index)
        return (
            len(word) <= 2
            and word[0].isupper()
            and word.isalpha()
            and self.gap_after(index).startswith(".")
        )

    def name_gap(self, index):
        """Whether what separates word `index` from the next may sit inside a name."""
        gap = self.gap_after(index)
        if gap and _SPACE_GAP.fullmatch(gap):
            return True
        if _HYPHEN_GAP.fullmatch(gap) or _APOSTROPHE_GAP.fullmatch(gap):
            return True
        return bool(_INITIAL_GAP.fullmatch(gap)) and self.is_initial(index)

    def space_after(self, index):
        gap = self.gap_after(index)
        return bool(gap) and bool(_SPACE_GAP.fullmatch(gap))

    def looks_like_another_name(self, index):
        word, key = self.word(index), self.keys[index]
        return (
            word[0].isupper()
            and not (len(word) > 1 and word.isupper())
            and key not in TITLE_WORDS
            and key not in COMMON_WORDS
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
    def spellings(self):
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class PersonMention:
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

    def __init__(self):
        self.children, self.spelling = {}, None


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

    def __init__(self, people):
        self.people = {person.id: person for person in people}
        self._explicit = defaultdict(set)
        self._derived = defaultdict(set)
        self._given = defaultdict(set)  # person id -> given-name words of each spelling
        for person in self.people.values():
            for spelling in person.spellings:
                words = tuple(name_key(spelling).split())
                if not words:
                    continue
                self._explicit[words].add(person.id)
                for surname in _surnames(spelling):
                    if len(surname) < len(words):
                        self._given[person.id].add(words[: len(words) - len(surname)])
                        if _linkable_surname(surname):
                            self._derived[surname].add(person.id)
        # A trie of spellings word by word: a match costs the length of the name, not the
        # number of people sharing its first word (thousands share "Askar" or "Nurlan").
        self._trie = {}
        for words in {*self._explicit, *self._derived}:
            node = self._trie.setdefault(words[0], _Node())
            for word in words[1:]:
                node = node.children.setdefault(word, _Node())
            node.spelling = _Spelling(words, len(words) == 1 or words not in self._explicit)

    def owners(self, words):
        """The people a spelling can mean: its explicit owners, else the surname's."""
        return self._explicit.get(words) or self._derived.get(words) or set()

    def find_people(self, text: str) -> list[PersonMention]:
        """Every mention of a known person in `text`, in order (`text` as prepare() gives)."""
        words = _Words(text)
        mentions = []
        owner_at = {}  # word index -> person id, for words already part of a mention
        trie, keys, index = self._trie, words.keys, 0
        # Only a word that begins some spelling can begin a mention: those are found in one
        # pass (in C), and the rest of the text is not looked at word by word.
        for candidate in compress(count(), map(trie.__contains__, keys)):
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

    def _longest(self, words, index, node):
        """(spelling, number of words) of the longest spelling starting at word `index`."""
        ends, size, keys = [], 1, words.keys
        while node is not None:
            if node.spelling is not None:
                ends.append((node.spelling, size))
            if not node.children or index + size >= len(keys):
                break
            if not words.name_gap(index + size - 1):
                break
            node = node.children.get(keys[index + size])
            size += 1
        capitalised = words.capitalised(index)
        for spelling, size in reversed(ends):
            if capitalised or not spelling.short:
                return spelling, size
        return None

    @staticmethod
    def _names_a_place(words, after):
        return (
            after < len(words)
            and words.keys[after] in ORG_WORDS
            and words.capitalised(after)
            and words.space_after(after - 1)
        )

    def _resolve(self, words, index, spelling, owner_at):
        """(person id or None, index of the mention's first word)."""
        owners = self.owners(spelling.words)
        if not spelling.short:
            return (next(iter(owners)) if len(owners) == 1 else None), index
        run = self._initials_and_given_names(words, index, owners, owner_at)
        if run:
            fitting = [p for p in owners if self._fits(p, words.keys[run[0]])]
            return (fitting[0] if len(fitting) == 1 else None), run[0]
        previous = index - 1
        if previous >= 0 and words.space_after(previous):
            if previous in owner_at:
                # "Yelbasy Nazarbayev": the same person named twice in a row.
                person = owner_at[previous]
                return (person if person in owners else None), index
            if words.looks_like_another_name(previous):
                return None, index
        return (next(iter(owners)) if len(owners) == 1 else None), index

    def _initials_and_given_names(self, words, index, owners, owner_at):
        """Indexes of the initials or given names just before a surname ("K.", "Nursultan A.")."""
        given_words = {w for p in owners for names in self._given[p] for w in names}
        run = []
        position = index - 1
        while position >= 0 and position not in owner_at and len(run) < 4:
            key = words.keys[position]
            if not words.name_gap(position) or key in TITLE_WORDS:  # "Mr. Bolgert": a title
                break
            if not (
                words.is_initial(position) or (words.capitalised(position) and key in given_words)
            ):
                break
            run.insert(0, position)
            position -= 1
        return run

    def _fits(self, person_id, first):
        """Whether the first initial or given name before a surname can be this person's."""
        for given in self._given[person_id]:
            if first == given[0] or (len(first) <= 2 and given[0].startswith(first)):
                return True
        return False


def _surnames(spelling):
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


def _linkable_surname(words):
    if len(words) == 1 and words[0] in COMMON_WORDS:
        return False
    return len("".join(words)) >= MIN_SURNAME_LETTERS


# --- Both together -----------------------------------------------------------------------------


@dataclass
class Links:
    """What an article names: {session number: text}, {person id: text}."""

    sessions: dict
    people: dict


def find_links(text: str, matcher: NameMatcher | None) -> Links:
    """The sessions and people `text` names. Each session comes with the text of its first
    mention; each person with the first mention that gives more than one word ("K. Tokayev",
    not the "Tokayev" of a headline), or else the first mention."""
    text = prepare(text)
    sessions, people = {}, {}
    for mention in find_sessions(text):
        sessions.setdefault(mention.number, mention.text)
    if matcher is not None:
        full = {}
        for mention in matcher.find_people(text):
            people.setdefault(mention.person_id, mention.text)
            if len(_WORD.findall(mention.text)) > 1:
                full.setdefault(mention.person_id, mention.text)
        people = {person: full.get(person, text) for person, text in people.items()}
    return Links(sessions, people)
