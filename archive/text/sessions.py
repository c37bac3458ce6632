"""Sessions of the Assembly named in text. Pure functions, no database.

find_sessions(text) -> [SessionMention]: "33rd Session", "XXVII session", "the tenth session",
"The first constituent session", "34th plenary session", "Session No. 27", "the 27th and 28th
sessions", "XXXIII сессия". Not "30th anniversary", not "the 33rd" alone, not "the third
session of the National Kurultai" (another body's meeting). parse_ordinal() reads one number.

People in text are archive.text.people; find_links() there reads both.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from archive.text import kazakh, numerals, russian

MAX_SESSION = 200


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
_CYRILLIC_WORD_ORDINAL = rf"(?:{russian.RUSSIAN_ORDINAL}|{kazakh.KAZAKH_ORDINAL})"
# 27th, 33-rd; Russian and Kazakh ordinal endings: 33-й, 32-ой, 27-ші, 34-інші; and the
# Kazakh "34-сессиясы" (the ending on the noun).
_CYRILLIC_ENDING = r"(?:ого|ому|ой|ая|ую|ий|ей|го|му|ом|й|я|ю|м|інші|ыншы|ші|шы)"
_DIGIT_ORDINAL = rf"\d{{1,3}}(?:-?(?:st|nd|rd|th)|-?{_CYRILLIC_ENDING}|(?=-сесси|$))"
# Upper case only: "mix", "civil" or "I" are not numbers. (Cyrillic look-alike letters are
# made Latin first: numerals.fold_roman_lookalikes.) "XXXIV-ші" has a Kazakh ending.
_ROMAN = (
    r"(?-i:(?=[IVXLC])C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))"
    rf"(?:-{_CYRILLIC_ENDING}(?![^\W\d_]))?"
)
_ORDINAL = rf"(?:{_DIGIT_ORDINAL}|{_WORD_ORDINAL}|{_ROMAN}|{_CYRILLIC_WORD_ORDINAL})"
# The same without Russian and Kazakh words, for texts in ASCII (several times quicker).
_ASCII_ORDINAL = rf"(?:{_DIGIT_ORDINAL}|{_WORD_ORDINAL}|{_ROMAN})"
# Words that may stand between the number and "session".
_SESSION_ADJECTIVES = (
    r"(?:constituent|plenary|regular|ordinary|extraordinary|jubilee|solemn|final|annual"
    r"|ceremonial|special|enlarged|expanded|extended|official|opening|closing|joint|full"
    r"|traditional|inaugural|founding|assembly|assembly['’]s|apk|apk['’]s"
    r"|юбилейн\w*|очередн\w*|внеочередн\w*|торжественн\w*|расширенн\w*|пленарн\w*"
    r"|итогов\w*|учредительн\w*|выездн\w*|анк|кезекті|кезектен\s+тыс|мерейтойлық"
    r"|салтанатты|кеңейтілген|қха)"
)
# "сессия", "сессии", "сессией"; Kazakh "сессиясы", "сессиясында", "сессияда" ...
_SESSION_WORD = r"(?:sessions?|сесси(?:я|и|ю|ей|ях|ям|ями)|сессия[а-яёәғқңөұүһі]+)"
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
    r"[\dIVXLC](?:(?<=\d)\d*-?[^\W\d_]|(?<=[IVXLC])[IVXLC]*(?=[\s,&aoиAOИ-]))"
)
_NUMBER_WORD_HINT = (
    r"f(?:irst|ourt|ort|ift)|s(?:econd|ixt|event)|t(?:hir[dt]|enth|welfth|went)|eight|nin[te]"
    r"|eleventh|hundredth"
)
_CYRILLIC_NUMBER_WORD_HINT = rf"{russian.NUMBER_WORD_HINT}|{kazakh.NUMBER_WORD_HINT}"
_NUMBER_WORD_HINT_LOWER = re.compile(_NUMBER_WORD_HINT)  # in text.lower()
_NUMBER_WORD_HINT_ANY_CASE = re.compile(_NUMBER_WORD_HINT, re.IGNORECASE)
# (Only in windows with Cyrillic letters: the English hints alone are several times quicker.)
_CYRILLIC_NUMBER_WORD_HINT_ANY_CASE = re.compile(_CYRILLIC_NUMBER_WORD_HINT, re.IGNORECASE)
WINDOW_BEFORE, WINDOW_AFTER = 120, 8  # what is read around each "session" word
# What _SESSION_NUMBER and _APPOSITION need right after "session" (Roman numerals in either
# case: a superset), to find the few words where they are worth trying.
_NUMBER_AFTER_SESSION = r"session\s+(?:no|number|№|#|\d|[ivxlc]|of\s)"
_NUMBER_AFTER_SESSION_LOWER = re.compile(_NUMBER_AFTER_SESSION)  # in text.lower()
_NUMBER_AFTER_SESSION_ANY_CASE = re.compile(_NUMBER_AFTER_SESSION, re.IGNORECASE)


def _ordinal_session(ordinal: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w-])(?P<numbers>{ordinal}(?:\s*(?:,\s*and|,|and|&|or|и|және)\s*{ordinal})*)"
        rf"(?:\s+{_SESSION_ADJECTIVES}){{0,3}}(?:\s+|(?<=\d)-){_SESSION_WORD}(?!\w)",
        re.IGNORECASE,
    )


_CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")
_ORDINAL_SESSION, _ASCII_ORDINAL_SESSION = (
    _ordinal_session(_ORDINAL),
    _ordinal_session(_ASCII_ORDINAL),
)
_ONE_ORDINAL = re.compile(rf"(?<![\w-]){_ORDINAL}(?![\w])", re.IGNORECASE)
_ONE_ASCII_ORDINAL = re.compile(rf"(?<![\w-]){_ASCII_ORDINAL}(?![\w])", re.IGNORECASE)
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
# Russian and Kazakh: another body's session named after the word, in the genitive ("сессия
# Мажилиса", "сессии Генеральной Ассамблеи ООН", "сессии Национального курултая"), or before
# the number ("Парламенттің бірінші сессиясы", "Мажилис провёл первую сессию").
_CYRILLIC_BODY = (
    r"мажилис|мәжіліс|сенат|парламент|курулта|құрылта|маслихат|мәслихат|оон|бұұ|генеральн"
    r"|бас\s+ассамбле|созыв|шақырылым|дум|рад|совет|кеңес|комитет|комиссии|форум"
)
_CYRILLIC_BODY_AFTER = re.compile(
    rf"\s+(?:[а-яёәғқңөұүһі-]+(?:ого|ой|ей|его|ых|ая|ий|ый|тық|тік)\s+)?(?:{_CYRILLIC_BODY})",
    re.IGNORECASE,
)
_CYRILLIC_BODY_BEFORE = re.compile(
    rf"(?:\b(?:{_CYRILLIC_BODY})[\w-]*\s+(?:өзінің\s+)?$"
    rf"|\b(?:{_CYRILLIC_BODY})[\w-]*\b[^.,;!?\n]{{0,40}}?"
    r"\b(?:провел|провёл|провела|открыл|открыла|начал|начала|завершил|завершила|проведет"
    r"|проведёт|өткізді|ашты)\w*\s+(?:свою\s+|өзінің\s+)?$)",
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

_Span = tuple[int, int]  # (start, end) offsets in a text


@dataclass(frozen=True)
class SessionMention:
    """A session named in a text: its number, where the words that name it are, and them."""

    number: int
    start: int
    end: int
    text: str


def parse_ordinal(text: str) -> int | None:
    """'27th', '33-й', 'XXVII', 'twenty-seventh' -> the number; None for anything else."""
    cleaned = re.sub(r"[-‐‑\s]+", "-", text.strip())
    digits = re.match(r"\d+", cleaned)
    number: int | None
    roman = re.fullmatch(r"([IVXLC]+)-[^\W\d_]+", cleaned)  # "XXXIV-ші"
    if roman:
        cleaned = roman.group(1)
    if digits:
        number = int(digits.group())
    elif not cleaned.isascii() and _CYRILLIC_LETTER.search(cleaned):
        number = russian.ordinal_value(text) or kazakh.ordinal_value(text)
    elif re.fullmatch(r"[IVXLC]+", cleaned):
        number = numerals.from_roman(cleaned) if cleaned != "I" else None
    else:
        number = numerals.parse_number(cleaned.lower()) or numerals.parse_number(
            cleaned.lower().replace("-", " ")
        )
    if number is None or not 1 <= number <= MAX_SESSION:
        return None
    return number


def _not_an_assembly_session(text: str, start: int, end: int) -> bool:
    """Another body's session ("… of the National Kurultai", "Parliament's 8th session"),
    someone's ("his first session") or a date ("the April 27th session")."""
    before = text[max(0, start - 60) : start]
    if _BODY_BEFORE.search(before) or _MONTH_BEFORE.search(before):
        return True
    if _CYRILLIC_LETTER.search(text, max(0, start - 60), end + 60) and (
        _CYRILLIC_BODY_BEFORE.search(before) or _CYRILLIC_BODY_AFTER.match(text, end)
    ):
        return True
    after = _OF_PHRASE.match(text, end)
    if after is None:
        return False
    phrase = after.group("phrase")
    return not _ASSEMBLY_FIRST.match(phrase) and bool(_OTHER_BODY_RE.search(phrase))


def find_sessions(text: str) -> list[SessionMention]:
    """Every reference to a numbered session of the Assembly, in order of appearance."""
    folded = numerals.fold_roman_lookalikes(text)
    if folded == text:
        return _find_sessions(text)
    return [replace(m, text=text[m.start : m.end]) for m in _find_sessions(folded)]


def _find_sessions(text: str) -> list[SessionMention]:
    found: list[SessionMention] = []
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
    # Other words are only looked at when something like a number follows them ("session 27",
    # "session of the Assembly, the 27th").
    near_ordinals = _words_near_ordinals(words, hints)
    # The windows overlap: what each match gives is worked out once.
    seen: dict[tuple[int, int, int], list[SessionMention]] = {}
    for index, (at, word_end) in enumerate(words):
        if index in near_ordinals:
            found += _ordinal_sessions(text, at, word_end, hints, seen)
        if at in numbered:
            found += _numbered_sessions(text, at)
    found.sort(key=lambda m: (m.start, -m.end))
    return _without_overlaps(found)


def _words_near_ordinals(words: list[_Span], hints: list[int]) -> set[int]:
    """The indexes of the "session" words whose window holds a place where an ordinal may
    begin: for each such place, the words from the first that ends less than WINDOW_AFTER
    before it to the last that begins at most WINDOW_BEFORE after it."""
    starts, ends = [at for at, _end in words], [end for _at, end in words]
    near: set[int] = set()
    for hint in hints:
        near.update(
            range(
                bisect_right(ends, hint - WINDOW_AFTER), bisect_right(starts, hint + WINDOW_BEFORE)
            )
        )
    return near


def _searchable_lower(text: str) -> str | None:
    """text.lower() when searching it case-sensitively is the same as searching `text` with
    re.IGNORECASE (same matches, same offsets); None when it is not."""
    lowered = text.lower()
    if not text.isascii() and (len(lowered) != len(text) or _CASE_SURPRISES.search(text)):
        return None
    return lowered


def _ordinal_hints(text: str, lowered: str | None, words: list[_Span]) -> list[int]:
    """Sorted offsets where an ordinal may begin, looked for only in the windows around the
    "session" words (`words`: their (start, end) offsets, in order)."""
    hints = []
    for start, end in _merged_windows(words):
        hints += [m.start() for m in _ORDINAL_HINT.finditer(text, start, end)]
        if lowered is None:
            hints += [m.start() for m in _NUMBER_WORD_HINT_ANY_CASE.finditer(text, start, end)]
        else:
            hints += [m.start() for m in _NUMBER_WORD_HINT_LOWER.finditer(lowered, start, end)]
        if _CYRILLIC_LETTER.search(text, start, end):
            found = _CYRILLIC_NUMBER_WORD_HINT_ANY_CASE.finditer(text, start, end)
            hints += [m.start() for m in found]
    hints.sort()
    return hints


def _merged_windows(words: list[_Span]) -> list[list[int]]:
    merged: list[list[int]] = []
    for at, word_end in words:
        start, end = max(0, at - WINDOW_BEFORE), word_end + WINDOW_AFTER
        if merged and start <= merged[-1][1]:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    return merged


def _ordinal_sessions(
    text: str,
    at: int,
    word_end: int,
    hints: list[int],
    seen: dict[tuple[int, int, int], list[SessionMention]],
) -> list[SessionMention]:
    """The _ORDINAL_SESSION matches in the window around the word at `at`."""
    found: list[SessionMention] = []
    window_start, window_end = max(0, at - WINDOW_BEFORE), word_end + WINDOW_AFTER
    # A match begins with an ordinal: the search starts at the first place one may begin.
    start = hints[bisect_left(hints, window_start)]
    cyrillic = _CYRILLIC_LETTER.search(text, start, window_end)
    pattern = _ORDINAL_SESSION if cyrillic else _ASCII_ORDINAL_SESSION
    for match in pattern.finditer(text, start, window_end):
        key = (*match.span(), match.end("numbers"))
        if key not in seen:
            seen[key] = _mentions_in(text, match)
        found += seen[key]
    return found


def _numbered_sessions(text: str, at: int) -> list[SessionMention]:
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


def _mentions_in(text: str, match: re.Match[str]) -> list[SessionMention]:
    """The sessions an _ORDINAL_SESSION match names (none when it is another body's)."""
    found: list[SessionMention] = []
    if _not_an_assembly_session(text, match.start(), match.end()):
        return found
    numbers = match.group("numbers")
    ordinals = list((_ONE_ASCII_ORDINAL if numbers.isascii() else _ONE_ORDINAL).finditer(numbers))
    offset = match.start("numbers")
    for ordinal in ordinals:
        number = parse_ordinal(ordinal.group())
        if ordinal.group() == "I" and (
            _DETERMINER_BEFORE.search(text, 0, offset) or "сесси" in match.group().lower()
        ):
            number = 1  # "the I session", "I сессия"; a bare "I" is the English pronoun
        if number is None:
            continue
        if len(ordinals) == 1:
            start, end = match.start(), match.end()
        else:
            start, end = offset + ordinal.start(), offset + ordinal.end()
        found.append(SessionMention(number, start, end, text[start:end]))
    return found


def _without_overlaps(mentions: list[SessionMention]) -> list[SessionMention]:
    kept, reached = [], -1
    for mention in mentions:
        if mention.start >= reached:
            kept.append(mention)
            reached = mention.end
    return kept
