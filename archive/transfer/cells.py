"""Reading and writing single cells of import/export files. Pure functions, no database.

Cells are what a person types into a spreadsheet: dates in several notations, lists
separated by "|", yes/no flags, choice labels. Each reader returns a Python value or
raises CellError with a message that says what would have been accepted.
"""

import datetime
import re

from archive.models import EARLIEST_DATE, DatePrecision

LIST_SEPARATOR = "|"

# Characters that make a spreadsheet treat a text cell as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class CellError(ValueError):
    """A cell whose content cannot be read; the message is meant for the person who typed it."""


def as_text(value) -> str:
    """Any cell value as text: None is empty; whole floats (Excel numbers) lose their '.0'."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(as_text(item) for item in value)
    return str(value)


def normalise_header(text) -> str:
    """'Published on ' -> 'published_on': headers are matched ignoring case and spacing."""
    return re.sub(r"[\s\-]+", "_", as_text(text).strip().lower())


def split_list(text) -> list[str]:
    """'27 | 32||XXXIII' -> ['27', '32', 'XXXIII']: blanks dropped, order kept."""
    return [item.strip() for item in as_text(text).split(LIST_SEPARATOR) if item.strip()]


def parse_list(text, parse_item, name_items=False) -> list:
    """Each item of a list cell read by parse_item(), repeats dropped, order kept. Every bad
    item is reported at once, by name when name_items and the cell has several."""
    values, bad, items = [], [], split_list(text)
    for item in items:
        try:
            value = parse_item(item)
        except CellError as error:
            bad.append(f"'{item}': {error}" if name_items and len(items) > 1 else str(error))
            continue
        if value not in values:
            values.append(value)
    if bad:
        raise CellError("; ".join(bad))
    return values


def join_list(items) -> str:
    return LIST_SEPARATOR.join(str(item) for item in items)


_TRUE = {"yes", "y", "true", "1", "x", "on"}
_FALSE = {"no", "n", "false", "0", "off", ""}


def parse_bool(text) -> bool:
    cleaned = as_text(text).strip().lower()
    if cleaned in _TRUE:
        return True
    if cleaned in _FALSE:
        return False
    raise CellError("expected yes or no")


def parse_choice(text, choices, default=None) -> str:
    """A model choice written as its code ('kk') or its label ('Kazakh'), any case."""
    cleaned = as_text(text).strip().casefold()
    if not cleaned:
        if default is None:
            raise CellError("may not be empty")
        return default
    for code, label in choices:
        if cleaned in (str(code).casefold(), str(label).casefold()):
            return code
    allowed = ", ".join(str(code) for code, _label in choices)
    raise CellError(f"expected one of: {allowed}")


# --- Dates --------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

# The notations a date cell may be written in, tried in this order: (pattern, what its groups
# are, precision), the groups being y (year), m (month number), M (month name) and d (day).
_DATE_NOTATIONS = [
    (re.compile(f"^{pattern}$"), groups, DatePrecision(precision))
    for pattern, groups, precision in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", "ymd", "day"),
        (r"(\d{1,2})\.(\d{1,2})\.(\d{4})", "dmy", "day"),
        (r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})", "Mdy", "day"),
        (r"(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?,? (\d{4})", "dMy", "day"),
        (r"(\d{4})-(\d{1,2})", "ym", "month"),
        (r"(\d{1,2})\.(\d{4})", "my", "month"),
        (r"([a-z]+)\.?,? (\d{4})", "My", "month"),
        (r"(\d{4})", "y", "year"),
    )
]

DATE_HELP = "write it as 2023-04-27, 27.04.2023, April 27, 2023, April 2023 or 2005"


def _month(name: str) -> int:
    if name not in _MONTHS:
        raise CellError(f"'{name}' is not a month name; {DATE_HELP}")
    return _MONTHS[name]


def _make(year, month, day, precision):
    try:
        value = datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise CellError("is not a real date (no such day in that month)") from None
    if value < EARLIEST_DATE:
        raise CellError(f"is before {EARLIEST_DATE.year}, too early for the archive")
    return value, precision


def parse_partial_date(text):
    """Read a date that may be known only to the month or year.

    Returns (date, precision); (None, None) for an empty cell. A month-precise date is the
    first of the month, a year-precise date the first of January.
    """
    original = as_text(text).strip()
    cleaned = " ".join(original.lower().split())
    if not cleaned:
        return None, None
    for pattern, groups, precision in _DATE_NOTATIONS:
        if match := pattern.match(cleaned):
            part = dict(zip(groups, match.groups(), strict=True))
            month = _month(part["M"]) if "M" in part else part.get("m", 1)
            return _make(part["y"], month, part.get("d", 1), precision)
    raise CellError(f"cannot read this as a date; {DATE_HELP}")


def format_date(value) -> str:
    return value.isoformat() if value else ""


MOMENT_HELP = (
    "expected a date and time such as 2026-03-01 09:30 (the archive's time) or with its "
    "offset from UTC, 2026-03-01T09:30:00+05:00"
)


def parse_moment(value, zone: datetime.tzinfo) -> datetime.datetime | None:
    """A point in time: ISO 8601 with or without an offset, or a spreadsheet's date and time.
    Without an offset the time is read in `zone` (the archive's). Empty: None."""
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        text = as_text(value).strip()
        if not text:
            return None
        try:
            moment = datetime.datetime.fromisoformat(text)
        except ValueError:
            raise CellError(MOMENT_HELP) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment


def format_moment(value, zone: datetime.tzinfo) -> str:
    """ISO 8601 in `zone` with its offset, so the file says which clock it means."""
    return value.astimezone(zone).isoformat() if value else ""


# --- Positions (offices a person held) ------------------------------------------------------

# "Deputy Chairman; Assembly of People of Kazakhstan (2019-03-20 – 2022)": the title, then
# the organisation after ";", then the dates in parentheses with a dash between them (either
# may be left out). A dash is "–", "—", or "-" with spaces around it (dates hold hyphens).
_POSITION_DATES = re.compile(r"^(?P<rest>.*?)\s*\((?P<dates>[^()]*)\)\s*$", re.DOTALL)
_DATE_DASH = re.compile(r"\s*(?:[–—]|(?:(?<=\s)|^)-(?=\s|$))\s*")
POSITION_HELP = (
    "write a position as 'Title; Organisation (from – until)', e.g. "
    "'Deputy Chairman; Assembly of People of Kazakhstan (2019-03-20 – 2022-01-05)'; the "
    "organisation and either date may be left out"
)


def parse_position(text, max_length=300):
    """'Title; Organisation (from – until)' -> (title, organisation, from, until).

    Dates are read as in other cells (a month or a year is its first day); parentheses
    without a dash between dates belong to the title: 'Chairman (acting)'.
    """
    text = " ".join(as_text(text).split())
    start = end = None
    match = _POSITION_DATES.match(text)
    if match:
        sides = _DATE_DASH.split(match.group("dates"), maxsplit=1)
        dates = _position_dates(sides) if len(sides) == 2 else None
        if dates is not None:
            text, (start, end) = match.group("rest"), dates
    title, _semicolon, organisation = (part.strip() for part in text.partition(";"))
    if not title:
        raise CellError(f"a position needs a title; {POSITION_HELP}")
    for name, value in (("title", title), ("organisation", organisation)):
        if len(value) > max_length:
            raise CellError(f"the {name} is {len(value)} characters long; at most {max_length} fit")
    if start and end and end < start:
        raise CellError("the position ends before it starts")
    return title, organisation, start, end


def _position_dates(sides):
    """(from, until) for the two sides of the dash, or None when they are not dates (then the
    parentheses are part of the title)."""
    dates = []
    for side in sides:
        side = side.strip()
        try:
            dates.append(parse_partial_date(side)[0] if side else None)
        except CellError as error:
            if any(ch.isdigit() for ch in side):  # meant as a date: say what is wrong
                raise CellError(f"'{side}' {error}") from None
            return None
    return tuple(dates)


def format_position(position) -> str:
    """(title, organisation, from, until) as parse_position() reads it back."""
    title, organisation, start, end = position
    text = f"{title}; {organisation}" if organisation else title
    if start or end:
        return f"{text} ({format_date(start)} – {format_date(end)})"
    # A title that ends in parentheses gets empty dates, so that they stay part of it.
    return f"{text} ( – )" if text.endswith(")") else text


# --- Spreadsheet formula injection ----------------------------------------------------------


def _runs_as_formula(text: str) -> bool:
    # Apostrophes in front count too, so that a value which already starts with one
    # survives neutralise() and unneutralise() unchanged.
    return text.lstrip("'").startswith(FORMULA_TRIGGERS)


def neutralise(text: str) -> str:
    """Prefix an apostrophe so a spreadsheet shows the cell as text instead of running it."""
    if isinstance(text, str) and _runs_as_formula(text):
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    """Undo neutralise() when a CSV file written by the archive comes back."""
    if isinstance(text, str) and text.startswith("'") and _runs_as_formula(text[1:]):
        return text[1:]
    return text


# XLSX is XML, whose parsers turn CR LF into LF; Office escapes a CR as _x000D_.
XLSX_CR = "_x000D_"


def xlsx_escape(text: str) -> str:
    return text.replace("\r", XLSX_CR)


def xlsx_unescape(text: str) -> str:
    return text.replace(XLSX_CR, "\r")
