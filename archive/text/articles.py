"""Reading plain-text articles copied from news sites: title, date, body as Markdown, byline.

Pure functions, no database: the import command turns a ParsedArticle into an Article.

The files look like the seeds in fixtures/seeds: the title on the first line (it may wrap onto
a second line that starts in lowercase), an optional date line in whatever form the site printed it
(often followed by a view counter), one paragraph per line (the first one is the lead), short
unpunctuated lines as subheadings, photo captions and credits between paragraphs, sometimes a
byline, and the debris of the web page ("Share:", comment forms, newsletter sign-ups) at the end.

The date line is read by archive.text.dates.

Captions are kept apart from the text as paragraphs of their own that start with ``*Photo:*``
(see CAPTION_PREFIX), so an editor sees them and the site can show them as captions.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from archive.text.dates import InvalidDate, Precision, is_date_line, parse_date_line

CAPTION_PREFIX = "*Photo:* "
MAX_TITLE_LENGTH = 300
MAX_HEADING_LENGTH = 100
MAX_HEADING_WORDS = 12
# How many non-blank lines after the title may hold the date line or a "By ..." byline.
HEADER_LINES = 3


class ParseError(ValueError):
    """The file cannot be imported as it stands; `line` is 1-based."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class NotAnArticle(ParseError):
    """Nothing to import (empty file, no title): the file is skipped, not an error."""


@dataclass(frozen=True)
class Caption:
    text: str
    credit: str
    line: int

    @property
    def markdown(self) -> str:
        parts = []
        if self.text:
            text = escape_markdown(self.text)
            ends_sentence = self.text.rstrip(_CLOSERS)[-1:] in _FINAL_PUNCTUATION
            parts.append(text if ends_sentence or not self.credit else text + ".")
        if self.credit:
            parts.append(f"Credit: {escape_markdown(self.credit)}.")
        return CAPTION_PREFIX + " ".join(parts)


@dataclass(frozen=True)
class DroppedLine:
    line: int
    text: str
    reason: str


@dataclass
class ParsedArticle:
    title: str
    body_markdown: str
    title_line: int = 1
    lead: str = ""  # the first paragraph, as plain text (not Markdown)
    date: datetime.date | None = None
    date_precision: Precision | None = None  # "day", "month" or "year", as DatePrecision
    date_text: str = ""  # the date as printed (without a view counter); "" when none
    date_line: int | None = None
    date_in_text: bool = False  # the date was read from the first sentence, not a date line
    byline: str = ""
    captions: list[Caption] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    source_hint: str = ""
    source_line: str = ""  # the publisher a "Source: ..." line names
    dropped: list[DroppedLine] = field(default_factory=list)

    @property
    def text_for_linking(self) -> str:
        """Title, lead and body: what session and person detection should read."""
        return "\n\n".join(part for part in (self.title, self.lead, self.body_markdown) if part)


# --- Lines -------------------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def normalise_line(line: str) -> str:
    """One line as plain text: no invisible characters, no-break spaces and tabs made spaces."""
    line = line.translate(_INVISIBLE)
    line = "".join(" " if unicodedata.category(ch) == "Zs" or ch == "\t" else ch for ch in line)
    return " ".join(line.split())


_DEBRIS = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"share( this( article| post| story)?)?\s*:?",
        r"(поделиться|бөлісу|распечатать|басып шығару)\s*:?",
        r"(подписывайтесь|жазылыңыз) .{1,80}",
        r"(tweet|print|email)( this)?\s*:?",
        r"your email address will not be published\.?( required fields are marked \*)?",
        r"required fields are marked \*",
        r"get .{1,80} stories sent directly to you.*",
        r"(sign up|subscribe) (to|for) (our|the) (newsletter|mailing list).*",
        r"follow us on .{1,80}",
        r"[\W_]+",  # separators such as "***" or "---"
    )
]
# Lines after which the rest of the file is the web page, not the article.
_PAGE_TAIL = re.compile(
    r"(you may (also )?like|be the first to comment|leave a (reply|comment)( cancel reply)?"
    r"|related (articles|posts|news|stories)|читайте также|похожие (новости|материалы)"
    r"|ұқсас жаңалықтар|тағы оқыңыз)\s*:?",
    re.IGNORECASE,
)


# "Источник: Kazinform", "Дереккөз: Egemen Qazaqstan", "Source: Astana Times": the publisher.
_SOURCE_LINE = re.compile(
    r"^(?:source|источник|по материалам|дереккөз|ақпарат көзі)\s*:?\s+(?P<name>\S.{0,80}?)\.?$",
    re.IGNORECASE,
)
MAX_SOURCE_WORDS = 6


def source_line_name(line: str) -> str:
    """The publisher a "Source: ..." line names ("Источник: Kazinform" -> "Kazinform"), or ""."""
    match = _SOURCE_LINE.match(line)
    if not match or len(match["name"].split()) > MAX_SOURCE_WORDS:
        return ""
    return match["name"].strip()


def debris_reason(line: str) -> str:
    """Why a line is web-page debris rather than article text, or "" when it is text."""
    if _PAGE_TAIL.fullmatch(line):
        return "end of article (page furniture follows)"
    if any(pattern.fullmatch(line) for pattern in _DEBRIS):
        return "web-page debris"
    return ""


_CREDIT_LABEL = re.compile(
    r"(?:^|(?<=[.!?)]\s)|(?<=\s[|–—-]\s))"
    r"(?:(?:photo(?:graph)?s?|image|фото|сурет)\s*(?:credits?|courtesy(?:\s+of)?)?\s*:"
    r"|credits?\s*:"
    r"|(?:photo(?:graph)?s?|image)\s+(?:by|courtesy(?:\s+of)?)\s)"
    r"\s*(?P<credit>\S.*)$",
    re.IGNORECASE,
)
_AT_CREDIT = re.compile(r"^(?P<text>.*?)(?:^|\s)[@©]\s*(?P<credit>[^\s@©][^@©]*)$")
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp)$", re.IGNORECASE)
MAX_CAPTION_LENGTH = 300
MAX_CREDIT_WORDS = 6


def parse_caption(line: str, number: int = 0) -> Caption | None:
    """A photo caption or credit line ("... Photo credit: Akorda.", "... @ Akorda"), or None."""
    if len(line) > MAX_CAPTION_LENGTH:
        return None
    match = _CREDIT_LABEL.search(line)
    if match:
        before = line[: match.start()].strip(" |–—-")
        credit = _clean_credit(match["credit"])
        if len(credit.split()) <= MAX_CREDIT_WORDS:
            return Caption(text=before, credit=credit, line=number)
        # "Photo: the President at the session": a description, not a credit.
        return Caption(text=f"{before} {match['credit']}".strip(), credit="", line=number)
    match = _AT_CREDIT.match(line)
    if match:
        credit = _clean_credit(match["credit"])
        if credit and credit[0].isupper() and len(credit.split()) <= MAX_CREDIT_WORDS:
            return Caption(text=match["text"].strip(), credit=credit, line=number)
    if _IMAGE_FILE.search(line) and len(line.split()) <= MAX_CREDIT_WORDS * 2:
        return Caption(text=_IMAGE_FILE.sub("", line).strip(), credit="", line=number)
    return None


def _clean_credit(text: str) -> str:
    return _IMAGE_FILE.sub("", text).strip().rstrip(".").strip()


_ORDERED_ITEM = re.compile(r"^(?P<number>\d{1,3})[.)]\s+(?P<text>\S.*)$")
_BULLET_ITEM = re.compile(r"^[-*•–—]\s+(?P<text>\S.*)$")
_NAME_WORD = r"[^\W\d_][\w'’.-]*"
# "By Aigerim Seisembayeva", "Автор: Алихан Асангельды", "Авторы: ...", "Мәтін: ..."
_BYLINE_PREFIX = r"(?:by\s+|(?:автор|авторы|автор материала|текст|мәтін|author)\s*:\s*)"
_BYLINE = re.compile(
    rf"^{_BYLINE_PREFIX}?(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}})$", re.IGNORECASE
)
_BYLINE_START = re.compile(_BYLINE_PREFIX, re.IGNORECASE)
_FINAL_PUNCTUATION = ".,;:!?…"
_CLOSERS = "\"'”’»)]"


def byline_name(line: str) -> str:
    """The name in a byline such as "Alikhan Assangeldi", "By Aigerim Seisembayeva" or "Автор:
    Алихан Асангельды", or ""."""
    match = _BYLINE.match(line)
    if not match or len(line) > 60:
        return ""
    words = match["name"].split()
    if not all(word[0].isupper() for word in words):
        return ""
    return match["name"]


_TERSE_HEADING = re.compile(r"[^\W\d_][\w'’-]*(?: [\w'’-]+){0,2}\.")


def looks_like_heading(line: str) -> bool:
    """A short line with no final punctuation, such as "Varied background".

    Also a terse line of at most three plain words and a full stop ("Evolution is there."): a
    translated heading rather than a paragraph.
    """
    if len(line) > MAX_HEADING_LENGTH or len(line.split()) > MAX_HEADING_WORDS:
        return False
    first = line[0]
    if not (first.isupper() or first.isdigit() or first in "\"“«'‘"):
        return False
    if _TERSE_HEADING.fullmatch(line):
        return True
    return line.rstrip(_CLOSERS)[-1:] not in _FINAL_PUNCTUATION


_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")


def escape_markdown(text: str) -> str:
    """Plain text that Markdown shows as written: no emphasis, links, code or raw HTML."""
    text = _MD_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;")
    if re.match(r"[#>+]|-\s|\d+[.)]\s", text):
        text = "\\" + text if not text[0].isdigit() else re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    return text


# --- Source hints ------------------------------------------------------------------------------

_NEWSLETTER = re.compile(r"^get (?P<name>.{1,80}?) stories sent directly to you", re.IGNORECASE)
_PRESS_SERVICE = re.compile(
    r"\b(?:reported|reports|according to)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})\s+press\s+service"
)


# "..., сообщает пресс-служба Акорды", "..., деп хабарлады Ақорда баспасөз қызметі".
_CYRILLIC_PRESS_SERVICE = re.compile(
    r"\b(?:сообща(?:ет|ют)|передает|передаёт|по\s+данным|как\s+сообщила)\s+"
    r"(?P<ru>пресс-служб[аыу]\s+[А-ЯЁ][\w-]*(?:\s+[А-Яа-яё][\w-]*){0,2}?)(?=[.,;]|$)"
    r"|(?P<kk>[А-ЯЁӘҒҚҢӨҰҮҺІ][\w-]*(?:\s+[\w-]+){0,2}?\s+баспасөз\s+қызметі)"
)


def _cyrillic_services(text: str) -> set[str]:
    found = set()
    for match in _CYRILLIC_PRESS_SERVICE.finditer(text):
        name = match["ru"] or match["kk"]
        found.add(re.sub(r"^пресс-служб[аыу]", "пресс-служба", name))
    return found


def _source_hint(first_paragraph: str, dropped: list[DroppedLine]) -> str:
    """The publisher named by a newsletter line, else the press service of the dateline.

    Only when clear: two different publishers, or two press services, give nothing.
    """
    publishers = {m["name"] for d in dropped if (m := _NEWSLETTER.match(d.text))}
    if publishers:
        return publishers.pop() if len(publishers) == 1 else ""
    services = {f"{m['name']} press service" for m in _PRESS_SERVICE.finditer(first_paragraph)}
    services |= _cyrillic_services(first_paragraph)
    return services.pop() if len(services) == 1 else ""


# --- The article -------------------------------------------------------------------------------


_BlockKind = Literal["paragraph", "heading", "caption", "ordered", "bullet"]
_Line = tuple[int, str]  # (line number, 1-based; the line)


@dataclass
class _Block:
    kind: _BlockKind
    line: int
    lines: list[str]
    caption: Caption | None = None

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def parse_article(text: str, today: datetime.date | None = None) -> ParsedArticle:
    """Read one plain-text article. Raises NotAnArticle (skip it) or ParseError (stop)."""
    lines = [normalise_line(line) for line in text.splitlines()]
    numbered = [(i + 1, line) for i, line in enumerate(lines)]
    content = [(n, line) for n, line in numbered if line]
    if not content:
        raise NotAnArticle("empty file")

    title_number, title = content[0]
    if is_date_line(title, today):
        raise NotAnArticle("no title: the file starts with a date line", title_number)
    if debris_reason(title) or parse_caption(title):
        raise NotAnArticle("no title: the first line is not a headline", title_number)
    if len(title) > MAX_TITLE_LENGTH:
        raise NotAnArticle(
            f"no title: the first line is a paragraph ({len(title)} characters)", title_number
        )
    consumed = {title_number}
    if len(content) > 1:
        number, line = content[1]
        if line[0].islower() and len(line) <= MAX_TITLE_LENGTH - len(title):
            title = f"{title} {line}"  # the headline wrapped onto a second line
            consumed.add(number)

    parsed = ParsedArticle(title=title, body_markdown="", title_line=title_number)
    _read_header(parsed, [(n, line) for n, line in content if n not in consumed], consumed, today)
    blocks = _blocks(numbered, consumed, parsed)
    _take_byline(parsed, blocks)
    if not blocks:
        raise NotAnArticle("no text after the title", title_number)
    _mark_enumerations(blocks)
    _mark_subheadings(blocks)
    first_paragraph = next((b.text for b in blocks if b.kind == "paragraph"), "")
    parsed.source_hint = parsed.source_line or _source_hint(first_paragraph, parsed.dropped)
    if parsed.date_line is None and not parsed.date_text:
        _date_from_first_sentence(parsed, first_paragraph, today)
    parsed.captions = [block.caption for block in blocks if block.caption]
    parsed.headings = [block.text for block in blocks if block.kind == "heading"]
    _take_lead(parsed, blocks)
    parsed.body_markdown = _render(blocks)
    return parsed


MAX_DATE_WORDS = 6
_DATE_OPENER = re.compile(r"^(?:on|in)\s+", re.IGNORECASE)


def _date_from_first_sentence(
    parsed: ParsedArticle, paragraph: str, today: datetime.date | None
) -> None:
    """With no date line, a full date opening the first sentence is the article's date: "2024
    жылғы 27 сәуірде Астанада ...", "27 апреля 2024 года в Астане ...", "On 24 April 2025, ...".
    Only a whole day counts (a year alone is more often history than the news of the day)."""
    words = _DATE_OPENER.sub("", paragraph).split()[:MAX_DATE_WORDS]
    for end in range(len(words), 1, -1):
        try:
            value, precision, _ = parse_date_line(" ".join(words[:end]).rstrip(",:–—-"), today)
        except InvalidDate:
            return
        if value is not None and precision == "day":
            parsed.date, parsed.date_precision, parsed.date_in_text = value, precision, True
            return


def _read_header(
    parsed: ParsedArticle,
    rest: list[_Line],
    consumed: set[int],
    today: datetime.date | None,
) -> None:
    """The date line and a "By ..." byline among the first lines after the title."""
    for number, line in rest[:HEADER_LINES]:
        if parsed.date_line is None:
            try:
                value, precision, printed = parse_date_line(line, today)
            except InvalidDate as error:
                raise ParseError(str(error), number) from None
            if printed:
                parsed.date, parsed.date_precision, parsed.date_line = value, precision, number
                parsed.date_text = "" if value else printed
                consumed.add(number)
                continue
        if not parsed.byline and _BYLINE_START.match(line) and byline_name(line):
            parsed.byline = byline_name(line)
            consumed.add(number)


def _blocks(numbered: list[_Line], consumed: set[int], parsed: ParsedArticle) -> list[_Block]:
    blocks = []
    current = None
    for index, (number, line) in enumerate(numbered):
        if number in consumed:
            continue
        if not line:
            current = None
            continue
        reason = debris_reason(line)
        if not reason and not parsed.source_line and source_line_name(line):
            parsed.source_line = source_line_name(line)
            reason = "source line"
        if reason:
            parsed.dropped.append(DroppedLine(number, line, reason))
            if reason.startswith("end of article"):
                for later, rest in numbered[index + 1 :]:
                    if rest:
                        parsed.dropped.append(DroppedLine(later, rest, "after the end of article"))
                break
            current = None
            continue
        caption = parse_caption(line, number)
        ordered, bullet = _ORDERED_ITEM.match(line), _BULLET_ITEM.match(line)
        if caption:
            blocks.append(_Block("caption", number, [line], caption))
            current = None
        elif ordered or bullet:
            current = _Block("ordered" if ordered else "bullet", number, [line])
            blocks.append(current)
        elif current is not None and _continues(current.lines[-1], line):
            current.lines.append(line)  # a paragraph wrapped over several lines
        else:
            current = _Block("paragraph", number, [line])
            blocks.append(current)
    return blocks


_LINKING_WORDS = frozenset(
    "a an and as at but by for from in into of on or that the to which who whose with".split()
)


def _continues(previous: str, line: str) -> bool:
    """Whether `line` carries on the sentence of the line before it (hard-wrapped text)."""
    if previous.rstrip(_CLOSERS)[-1:] in _FINAL_PUNCTUATION:
        return False
    if line[0].islower() or previous.rsplit(None, 1)[-1].casefold() in _LINKING_WORDS:
        return True
    return not looks_like_heading(previous)


def _take_byline(parsed: ParsedArticle, blocks: list[_Block]) -> None:
    if parsed.byline or not blocks:
        return
    last = blocks[-1]
    if last.kind == "paragraph" and len(last.lines) == 1 and byline_name(last.text):
        parsed.byline = byline_name(last.text)
        blocks.pop()


def _mark_enumerations(blocks: list[_Block]) -> None:
    """Paragraphs ending in ";" after one ending in ":" are the items of a list.

    "... under the following mottos:" / "The first session ... ;" / ... / "The tenth ... ." (seed
    003): at least two items, the last one may end with a full stop.
    """
    for index, block in enumerate(blocks):
        if block.kind != "paragraph" or not block.text.endswith(":"):
            continue
        items: list[_Block] = []
        for following in blocks[index + 1 :]:
            if following.kind != "paragraph":
                break
            end = following.text.rstrip(_CLOSERS)[-1:]
            if end == ";" or (end == "." and items):
                items.append(following)
            if end != ";":
                break
        if len(items) >= 2:
            for item in items:
                item.kind = "bullet"


def _mark_subheadings(blocks: list[_Block]) -> None:
    """One-line paragraphs that look like headings, with text before and after them."""
    texts = [i for i, block in enumerate(blocks) if block.kind != "caption"]
    for i in texts[1:-1]:
        block = blocks[i]
        if block.kind == "paragraph" and len(block.lines) == 1 and looks_like_heading(block.text):
            block.kind = "heading"


def _take_lead(parsed: ParsedArticle, blocks: list[_Block]) -> None:
    """The first paragraph becomes the lead when more text follows it."""
    texts = [i for i, block in enumerate(blocks) if block.kind != "caption"]
    if len(texts) > 1 and blocks[texts[0]].kind == "paragraph":
        parsed.lead = blocks.pop(texts[0]).text


def _render(blocks: list[_Block]) -> str:
    out: list[str] = []
    for index, block in enumerate(blocks):
        if block.caption is not None:  # (a caption block's)
            out.append(block.caption.markdown)
        elif block.kind == "heading":
            out.append("## " + escape_markdown(block.text))
        elif block.kind in ("ordered", "bullet"):
            item = _render_item(block)
            if index and blocks[index - 1].kind == block.kind:
                out[-1] += "\n" + item  # one list, not a list per item
            else:
                out.append(item)
        else:
            out.append(escape_markdown(block.text))
    return "\n\n".join(out) + "\n" if out else ""


def _render_item(block: _Block) -> str:
    if block.kind == "ordered":
        match = _ORDERED_ITEM.match(block.text)
        assert match is not None  # (how an ordered block is found)
        return f"{match['number']}. {escape_markdown(match['text'])}"
    match = _BULLET_ITEM.match(block.text)
    return f"- {escape_markdown(match['text'] if match else block.text)}"
