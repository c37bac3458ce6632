"""Direct quotations and who said them. Pure functions, no database.

find_quotes(text, matcher) -> [FoundQuote] reads forms such as

    “…,” said Tokayev.          “…”, he said.           “…,” Tokayev said.
    Tokayev said: “…”           She said, “…”           Denis Ten, …, who asserted, “…”
    …, noting that “…”          In his words, “…”       “…,” said the Head of State.

in straight or curly quotes, with ‘…’ nested inside “…” and a quotation running over several
paragraphs (each opens with a quotation mark, only the last one closes). "He"/"she" is the last
person named before the quotation; a title ("the President", "the Head of State") is the last
person named whose role it is, or else the last person named. Quotation marks around a phrase
nobody is said to have said ("Heart to Heart" campaign, the principle of "one people") are not
quotations. quote_key() tells two copies of one quotation apart from different ones.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, NamedTuple

from archive.text.normalise import name_key, prepare
from archive.text.people import NameMatcher, PersonMention

MIN_WORDS = 3
MAX_WORDS_AFTER_THAT = 15

_VERBS = (
    r"said|says|say|stated|states|noted|notes|added|adds|stressed|stresses|emphasi[sz]ed"
    r"|emphasi[sz]es|underlined|underlines|underscored|declared|declares|asserted|asserts"
    r"|concluded|remarked|explained|told|continued|highlighted|pointed\s+out|recalled"
    r"|observed|affirmed|reaffirmed|reiterated|insisted|announced|replied|answered"
    r"|acknowledged|admitted|argued|warned|urged|wrote|writes|commented|assured|proclaimed"
    r"|mentioned|called\s+it|described\s+it\s+as|put\s+it|saying|noting|stating|adding"
    r"|stressing|emphasi[sz]ing|underlining|declaring|asserting|recalling|explaining"
    r"|concluding|urging|warning|insisting|remarking|pointing\s+out"
    # Russian (either gender) and Kazakh ("деп" with the verb after it: "деп атап өтті").
    r"|(?:сказал|отметил|подчеркнул|заявил|добавил|сообщил|заметил|пояснил|напомнил|указал"
    r"|резюмировал|констатировал|призвал)а?|говорит|считает|отметив|подчеркнув|заявив"
    r"|деді|(?:деп\s+)?(?:атап\s+(?:өтті|көрсетті)|мәлімдеді|айтты|қосты|түйіндеді"
    r"|жеткізді|сенім\s+білдірді|баса\s+айтты)"
)
# A verb in Russian or Kazakh after a quotation may have its subject before it: "Ол: «…», –
# деп мәлімдеді", "Мемлекет басшысы «…» деп атап өтті".
_CYRILLIC_VERB = re.compile("[а-яёәғқңөұүһі]", re.IGNORECASE)
_VERB = re.compile(rf"\b(?:{_VERBS})\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:he|she|он|она|ол)\b", re.IGNORECASE)
_TITLE = re.compile(
    r"\bthe\s+(?:country['’]s\s+|state['’]s\s+)?(?P<title>head\s+of\s+(?:the\s+|our\s+)?state"
    r"|first\s+president|president|leader\s+of\s+the\s+nation|secretary[-\s]general"
    r"|prime\s+minister|deputy\s+chairman|chairman|chairwoman|minister|speaker|akim"
    r"|ambassador|senator)\b"
    # Russian and Kazakh titles, in any case: "Глава государства", "Президента", "Мемлекет
    # басшысы".
    r"|(?<![\w-])(?P<cyrillic>глав[аыеуой]\s+государства|президент[а-яі]*"
    r"|мемлекет\s+басшы[а-яәіңғүұқөһ]*)(?![\w-])",
    re.IGNORECASE,
)
_CYRILLIC_TITLES = {"глав": "president", "през": "president", "мемл": "president"}
_TITLE_SYNONYMS = {
    "head of state": "president",
    "head of the state": "president",
    "head of our state": "president",
    "leader of the nation": "first president",
}
_ROLE_MODIFIERS = {"first", "former", "acting", "current", "incumbent", "honorary"}

# What may come between a verb before a quotation and the quotation.
_BEFORE_DIRECT = re.compile(
    rf"\b(?P<verb>{_VERBS})(?:\s+(?:that|the\s+following|as\s+follows|it|this))?\s*[:,]?\s*$",
    re.IGNORECASE,
)
_BEFORE_PHRASE = re.compile(
    rf"\b(?P<verb>{_VERBS})(?:\s+[\w’'.-]+){{1,6}}?\s*[:,]\s*$", re.IGNORECASE
)
_BEFORE_THAT = re.compile(
    rf"\b(?P<verb>{_VERBS})\s+that\b(?:\s+[^\s“”\"«»]+){{1,{MAX_WORDS_AFTER_THAT}}}?\s*$",
    re.IGNORECASE,
)
_BEFORE_ASIDE = re.compile(
    rf",\s*(?:he|she)\s+(?P<verb>{_VERBS})\s*,(?:\s*[\w’'-]+){{0,3}}\s*$", re.IGNORECASE
)
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+(?P<rest>.{1,80}?),\s*$", re.IGNORECASE)
_IN_WORDS = re.compile(r"\bin\s+(?:his|her)\s+(?:own\s+)?words\s*,?\s*$", re.IGNORECASE)
_AFTER_START = re.compile(r"[ \t]*,?[ \t]*(?:[—–-][ \t]*)?")  # "…," — сказал
_ADVERB = re.compile(r"(?:(?:\w+ly|also|then|later|once|again|further|recently)\s+)?")
# Title words before a name after the verb: "said President Tokayev", "said the country's
# Deputy Chairman Zhanseit Tuimebayev".
_TITLE_WORDS_BEFORE_NAME = re.compile(
    r"(?:(?:the|of|государства|басшысы|[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w’'-]*)\s+){0,6}"
)
_SENTENCE_END = re.compile(r"(?P<word>[^\W_]*)[.!?…]+[\"”’»)]*\s+")
_WORDS = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"\s*")

_ANY_QUOTE = re.compile(r"[“”„«»\"]")
_MARKS = re.compile(r"[“”„«»\"]|\n[ \t\u00a0]*\n")  # quotation marks and paragraph breaks
_CLOSING = {"”", "»"}
_CONTINUING = {"“", "„", "«", '"'}


@dataclass(frozen=True)
class FoundQuote:
    text: str
    speaker_id: int
    start: int  # the opening quotation mark
    end: int  # just after the closing one
    attribution: str  # the words that name the speaker, e.g. "said Tokayev"


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    pieces: tuple[tuple[int, int], ...]  # (start, end) of the quoted words, one per paragraph


def find_quotes(text: str, matcher: NameMatcher) -> list[FoundQuote]:
    """The attributed direct quotations in `text`, in order."""
    text = prepare(text)
    if not _ANY_QUOTE.search(text):
        return []
    mentions = matcher.find_people(text)
    found: list[FoundQuote] = []
    for span in quotation_spans(text):
        words = "\n\n".join(text[a:b] for a, b in span.pieces)
        words = _clean(words)
        if len(_WORDS.findall(words)) < MIN_WORDS:
            continue
        attributed = _attribute_after(text, span, mentions, found, matcher)
        if attributed is None:
            attributed = _attribute_before(text, span, mentions, found, matcher)
        if attributed is None:
            continue
        speaker, attribution = attributed
        found.append(FoundQuote(words, speaker, span.start, span.end, attribution))
    return found


def quote_key(text: str) -> str:
    """The same for two copies of a quotation that differ only in spacing, quotation marks,
    apostrophes, case or the punctuation at either end."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\"“”„«»‘’‚'`´ʼ]", "", text)
    text = " ".join(text.split()).casefold()
    return text.strip(" .,;:!?…–—-")


_Mentions = list[PersonMention]  # the people named in the text, in order
_Quotes = list[FoundQuote]  # the quotations found so far, in order
_Attribution = tuple[int, str] | None  # (speaker id, the words that name them), if found
_SubjectKind = Literal["person", "pronoun", "title"]


class _Subject(NamedTuple):
    """Who a verb of saying has for subject: a person (`value` their id), "he" or "she"
    (`value` None) or a title (`value` its words, "Head of State"), and where it is."""

    kind: _SubjectKind
    value: int | str | None
    start: int
    end: int


def _end_of(pattern: re.Pattern[str], text: str, position: int) -> int:
    """Where `pattern`, which matches the empty string too, ends when matched at `position`."""
    match = pattern.match(text, position)
    assert match is not None  # (it may match nothing, never fail)
    return match.end()


# --- Where the quotations are ------------------------------------------------------------------


def quotation_spans(text: str) -> list[_Span]:
    """The outermost quotations. Quotation marks inside one (“… “One nation” …”) are part of
    it; a quotation that a paragraph leaves open continues when the next paragraph opens with
    a quotation mark, and is dropped otherwise."""
    spans = []
    depth, start, piece_start, pieces = 0, 0, 0, []
    resume = 0  # a continuing paragraph's opening mark is not a new quotation
    for mark in _MARKS.finditer(text):
        index, char = mark.start(), mark.group()
        if index < resume:
            continue
        if char[0] == "\n":
            if not depth:
                continue
            following = _next_paragraph(text, index)
            if following < len(text) and text[following] in _CONTINUING:
                pieces.append((piece_start, _rstrip(text, index)))
                piece_start = resume = following + 1
            else:
                depth, pieces = 0, []
            continue
        if char == '"':
            closing = depth and (_closes(text, index) or not _opens(text, index))
            if not closing and not _opens(text, index):
                continue
        else:
            closing = char in _CLOSING or (char == "“" and depth and _closes(text, index))
        if closing:
            if depth:
                depth -= 1
                if depth == 0:
                    pieces.append((piece_start, index))
                    spans.append(_Span(start, index + 1, tuple(pieces)))
        else:
            if depth == 0:
                start, piece_start, pieces = index, index + 1, []
            depth += 1
    return spans


def _opens(text: str, index: int) -> bool:
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/:;") and not after.isspace()


def _closes(text: str, index: int) -> bool:
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or not after.isalnum())


def _next_paragraph(text: str, index: int) -> int:
    return _end_of(_SPACES, text, index)


def _rstrip(text: str, index: int) -> int:
    while index > 0 and text[index - 1].isspace():
        index -= 1
    return index


def _clean(words: str) -> str:
    paragraphs = [" ".join(p.split()) for p in words.split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p).strip().rstrip(",").strip()


# --- Who said them -----------------------------------------------------------------------------


def _attribute_after(
    text: str, span: _Span, mentions: _Mentions, found: _Quotes, matcher: NameMatcher
) -> _Attribution:
    """“…,” said Tokayev / “…,” Tokayev said / “…,” he said / “…”, said the President."""
    position = _end_of(_AFTER_START, text, span.end)
    verb = _VERB.match(text, position)
    if verb:
        subject = _subject_at(text, _skip_space(text, verb.end()), mentions)
        if subject is None and _CYRILLIC_VERB.match(verb.group()):
            start = _sentence_start(text, span.start, found)
            subject = _subject_before(text, start, span.start, mentions)
            if subject is not None:
                kind, value = subject.kind, subject.value
                speaker = _resolve(kind, value, span.start, mentions, found, matcher)
                words = f"{text[subject.start : subject.end]} … {verb.group()}"
                return None if speaker is None else (speaker, " ".join(words.split()))
        if subject is None:
            return None
        kind, value, _start, end = subject
    else:
        subject = _subject_at(text, position, mentions)
        if subject is None:
            return None
        kind, value, _start, end = subject
        if text[position].isupper() and _ends_sentence(text, span):
            return None  # “… accord.” Tokayev also said …: a new sentence about something else
        verb = _VERB.match(text, _end_of(_ADVERB, text, _skip_space(text, end)))
        if verb is None:
            return None
        end = verb.end()
    speaker = _resolve(kind, value, span.start, mentions, found, matcher)
    return None if speaker is None else (speaker, " ".join(text[position:end].split()))


def _attribute_before(
    text: str, span: _Span, mentions: _Mentions, found: _Quotes, matcher: NameMatcher
) -> _Attribution:
    """Tokayev said: “…” / She said, “…” / …, noting that “…” / In his words, “…”."""
    sentence_start = _sentence_start(text, span.start, found)
    before = text[sentence_start : span.start]
    in_words = _IN_WORDS.search(before)
    if in_words:
        speaker = _resolve("pronoun", None, span.start, mentions, found, matcher)
        return None if speaker is None else (speaker, in_words.group().strip(" ,"))
    according = _ACCORDING_TO.search(before)
    if according:
        at = sentence_start + according.start("rest")
        subject = _subject_at(text, at, mentions)
        if subject is None:
            return None
        speaker = _resolve(subject[0], subject[1], span.start, mentions, found, matcher)
        return None if speaker is None else (speaker, according.group().strip(" ,"))
    for pattern in (_BEFORE_DIRECT, _BEFORE_PHRASE, _BEFORE_THAT, _BEFORE_ASIDE):
        match = pattern.search(before)
        if match:
            break
    else:
        return None
    verb_start = sentence_start + match.start("verb")
    verb_end = sentence_start + match.end("verb")
    subject = _subject_at(text, _skip_space(text, verb_end), mentions)
    if subject is None:
        subject = _subject_before(text, sentence_start, verb_start, mentions)
    if subject is None:
        return None
    kind, value, start, end = subject
    speaker = _resolve(kind, value, span.start, mentions, found, matcher)
    if speaker is None:
        return None
    words = text[min(start, verb_start) : max(end, verb_end)]
    return speaker, " ".join(words.split())


def _ends_sentence(text: str, span: _Span) -> bool:
    last = text[span.pieces[-1][0] : span.pieces[-1][1]].rstrip()
    return last.endswith(".")


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\u00a0":
        index += 1
    return index


def _sentence_start(text: str, index: int, found: _Quotes) -> int:
    """Where the sentence holding a quotation starts: after the last full stop (not the one
    of an initial, "N.A. Nazarbayev"), paragraph break or earlier quotation."""
    start = max(text.rfind("\n", 0, index) + 1, 0)
    for quote in found:
        if start <= quote.end <= index:
            start = quote.end
    for match in _SENTENCE_END.finditer(text, start, index):
        word = match.group("word")
        if not (1 <= len(word) <= 2 and word[0].isupper()):
            start = match.end()
    return start


def _subject_at(text: str, position: int, mentions: _Mentions) -> _Subject | None:
    """The subject starting at `position`: a person, a pronoun or a title. Title words may
    come before a name: "said President Tokayev"."""
    pronoun = _PRONOUN.match(text, position)
    if pronoun:
        return _Subject("pronoun", None, position, pronoun.end())
    title = _TITLE.match(text, position)
    if title:
        after_title = _skip_space(text, title.end())
        mention = _mention_at(mentions, after_title)
        if mention is not None:
            return _Subject("person", mention.person_id, position, mention.end)
        return _Subject("title", _title_words(title), position, title.end())
    reach = _end_of(_TITLE_WORDS_BEFORE_NAME, text, position)
    for mention in mentions:
        if position <= mention.start <= reach:
            return _Subject("person", mention.person_id, position, mention.end)
    return None


def _title_words(match: re.Match[str]) -> str:
    """The title a _TITLE match names, in English: "Главы государства" -> "president"."""
    cyrillic = match.group("cyrillic")
    if cyrillic:
        return _CYRILLIC_TITLES[cyrillic[:4].lower()]
    return match.group("title")


def _mention_at(mentions: _Mentions, position: int) -> PersonMention | None:
    for mention in mentions:
        if mention.start == position:
            return mention
    return None


def _subject_before(text: str, start: int, end: int, mentions: _Mentions) -> _Subject | None:
    """The nearest person, pronoun or title before a verb, in the same sentence."""
    candidates = [
        _Subject("person", mention.person_id, mention.start, mention.end)
        for mention in mentions
        if start <= mention.start and mention.end <= end
    ]
    for match in _PRONOUN.finditer(text, start, end):
        candidates.append(_Subject("pronoun", None, match.start(), match.end()))
    for match in _TITLE.finditer(text, start, end):
        candidates.append(_Subject("title", _title_words(match), match.start(), match.end()))
    if not candidates:
        return None
    return max(candidates, key=lambda subject: subject.end)  # the first of those ending last


def _resolve(
    kind: _SubjectKind,
    value: int | str | None,
    before: int,
    mentions: _Mentions,
    found: _Quotes,
    matcher: NameMatcher,
) -> int | None:
    """Who a subject is: the person named, else the last person named before `before`
    (whose role the title is, for a title)."""
    if kind == "person":
        assert isinstance(value, int)  # a person's subject value is their id
        return value
    named = _named_before(before, mentions, found)
    if kind == "title":
        assert isinstance(value, str)  # a title's subject value is its words
        key = _TITLE_SYNONYMS.get(" ".join(value.lower().split()))
        key = key or name_key(value)
        for person in named:
            if role_fits(matcher.people[person].role, key):
                return person
    return named[0] if named else None


def _named_before(position: int, mentions: _Mentions, found: _Quotes) -> list[int]:
    """People named before `position` (or quoted by name), the most recent first."""
    events = [(m.end, m.person_id) for m in mentions if m.end <= position]
    events += [(q.end, q.speaker_id) for q in found if q.end <= position]
    seen, order = set(), []
    for _at, person in sorted(events, reverse=True):
        if person not in seen:
            seen.add(person)
            order.append(person)
    return order


def role_fits(role: str, title: str) -> bool:
    """Whether a person's role is the title a text names them by: "President of Kazakhstan"
    and "First President of Kazakhstan" are "the President"; "Deputy Chief of Staff of the
    President" and "Vice President" are not."""
    words = name_key(role).split()
    while words and words[0] in _ROLE_MODIFIERS and " ".join(words[:2]) != title:
        words = words[1:]
    title_words = name_key(title).split()
    if not title_words:
        return False
    for index in range(len(words) - len(title_words) + 1):
        if words[index : index + len(title_words)] != title_words:
            continue
        # "Vice President", "Deputy Chairman", "Adviser to the President" hold another post.
        if not (index and words[index - 1] in {"vice", "deputy", "of", "to", "the"}):
            return True
    return False
