"""Dates as sources print them: "02.05.2019", "7 June 2019", "June 7th, 2019", "Май 2019",
"24 апреля 2025 года", "2021 жылғы 28 сәуір", "28 сәуірде", "2019", with a weekday, a time
or the page's view counter around them, and perhaps the place it was filed from first
("Астана, 27 апреля 2024 года, 12:40", "ASTANA. 24 April 2025"). Pure functions.

parse_date_line(line) -> (date, precision, date as printed); is_date_line(line). The
plain-text article reader (archive.text.articles) looks for the date line with these.
"""

import datetime
import re
from typing import Literal, NamedTuple

MAX_DATE_LINE_LENGTH = 60


Precision = Literal["day", "month", "year"]  # as archive.models.DatePrecision


class InvalidDate(ValueError):
    """A date line naming a day that does not exist, such as 31.02.2019."""


class DateLine(NamedTuple):
    """What a line gives as a date: `date` and `precision` when it can be read fully, and the
    date as printed (`printed`: "" when the line is not a date line)."""

    date: datetime.date | None
    precision: Precision | None
    printed: str


_NOT_A_DATE_LINE = DateLine(None, None, "")


_MONTH_NAMES = {
    1: "january jan январь января қаңтар қаңтардың қаңтарда",
    2: "february feb февраль февраля ақпан ақпанның ақпанда",
    3: "march mar март марта наурыз наурыздың наурызда",
    4: "april apr апрель апреля сәуір сәуірдің сәуірде",
    5: "may май мая мамыр мамырдың мамырда",
    6: "june jun июнь июня маусым маусымның маусымда",
    7: "july jul июль июля шілде шілденің шілдеде",
    8: "august aug август августа тамыз тамыздың тамызда",
    9: "september sep sept сентябрь сентября қыркүйек қыркүйектің қыркүйекте",
    10: "october oct октябрь октября қазан қазанның қазанда",
    11: "november nov ноябрь ноября қараша қарашаның қарашада",
    12: "december dec декабрь декабря желтоқсан желтоқсанның желтоқсанда",
}
MONTHS = {name: number for number, names in _MONTH_NAMES.items() for name in names.split()}
_WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs"
    "|fri|sat|sun|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье"
    "|дүйсенбі|сейсенбі|сәрсенбі|бейсенбі|жұма|сенбі|жексенбі"
)
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?!\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})(?!\d)(?:\s*(?:г\.|год[а]?|ж\.|жыл))?"
_KAZAKH_YEAR = r"(?P<year>\d{4})(?!\d)\s*(?:жылғы|жылы|ж\.)"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"

_LEAD = rf"(?:(?:published|posted|updated|date)\s*:?\s*)?(?:(?:{_WEEKDAYS}),?\s+)?(?:{_TIME},?\s+)?"
_DATE_FORMS = [
    rf"(?P<year>\d{{4}})-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})(?:T{_TIME}\S*)?",
    r"(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>\d{4}|\d{2})(?!\d)",
    rf"{_DAY}\s+{_MONTH},?(?:\s+{_YEAR})?",
    rf"{_MONTH}\s+{_DAY},?(?:\s+{_YEAR})?",
    rf"{_MONTH},?\s+{_YEAR}",
    # Kazakh: the year first ("2021 жылғы 28 сәуір", "2021 ж. 28 сәуірде", "2021 жылғы сәуір")
    rf"{_KAZAKH_YEAR}\s+{_DAY}\s+{_MONTH}",
    rf"{_KAZAKH_YEAR}\s+{_MONTH}",
    _YEAR,
]
# After the date: a time, then perhaps the page's view counter ("02.05.2019 2066").
_SEP = r"(?:\s+|\s*[,|]\s*)"
_TAIL = rf"(?:{_SEP}{_TIME})?(?:{_SEP}(?P<counter>\d[\d\s.,]*(?:\s*(?:views?|просмотр\w*))?))?"
_DATE_LINE_RES = [re.compile(rf"^{_LEAD}{form}{_TAIL}\s*$", re.IGNORECASE) for form in _DATE_FORMS]
# The place a report was filed from, before its date: "Астана, ", "NUR-SULTAN. ", "Алматы – ".
# Case matters here (a capital letter starts a place), so it has a pattern of its own.
_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_PLACE = re.compile(
    rf"^(?P<place>[{_UPPER}][\w-]*(?: [{_UPPER}][\w-]*)?)(?:\s*[,.]\s+|\s+[–—-]\s+)"
)


def _plausible_year(year: int, today: datetime.date) -> bool:
    return 1900 <= year <= today.year + 1


def parse_date_line(line: str, today: datetime.date | None = None) -> DateLine:
    """Read a date line: (date or None, precision or None, date as printed).

    Precision is "day", "month" or "year". A date line that cannot be read fully (no year, a
    two-digit year) gives (None, None, text) so that an editor can complete it; a line that is
    not a date line at all gives (None, None, ""). The printed text leaves out a trailing view
    counter: in "02.05.2019 2066" the 2066 is how often the page was read, not a year.
    Raises InvalidDate for a day that does not exist ("31.02.2019").
    """
    today = today or datetime.date.today()
    text = " ".join(line.split())
    if not text or len(text) > MAX_DATE_LINE_LENGTH:
        return _NOT_A_DATE_LINE
    found = _match_date_line(text, today)
    if found.printed:
        return found
    place = _PLACE.match(text)
    if place and not _names_a_time(place["place"]):
        found = _match_date_line(text[place.end() :], today)
        if found.printed:
            return found._replace(printed=text[: place.end()] + found.printed)
    return _NOT_A_DATE_LINE


def _match_date_line(text: str, today: datetime.date) -> DateLine:
    for pattern in _DATE_LINE_RES:
        match = pattern.match(text)
        if match:
            return _read_date(match, text, today)
    return _NOT_A_DATE_LINE


_TIME_WORDS = re.compile(rf"(?:{_WEEKDAYS}|published|posted|updated|date)$", re.IGNORECASE)


def _names_a_time(place: str) -> bool:
    """Whether the "place" before a date is a month or a weekday ("June, 2019"), not a town."""
    return place.casefold() in MONTHS or bool(_TIME_WORDS.match(place))


def _read_date(match: re.Match[str], text: str, today: datetime.date) -> DateLine:
    groups = match.groupdict()
    printed = text[: match.start("counter")].rstrip(" ,|") if groups.get("counter") else text
    year_text = groups.get("year")
    # A lone number is a date line only when it is a plausible year.
    if groups.get("month") is None and (year_text is None or groups.get("counter")):
        return _NOT_A_DATE_LINE
    month_text = groups.get("month")
    if month_text is None:
        assert year_text is not None  # (the condition above)
        if not _plausible_year(int(year_text), today):
            return _NOT_A_DATE_LINE
        return DateLine(datetime.date(int(year_text), 1, 1), "year", printed)
    month = int(month_text) if month_text.isdigit() else MONTHS[month_text.casefold()]
    day = int(groups["day"]) if groups.get("day") else None
    if year_text is None or len(year_text) != 4:
        return DateLine(None, None, printed)
    if not _plausible_year(int(year_text), today):
        # "7 June 2250": no article comes from 2250, so the number is a counter, not the year.
        return DateLine(None, None, text[: match.start("year")].rstrip(" ,"))
    try:
        value = datetime.date(int(year_text), month, day or 1)
    except ValueError as error:
        raise InvalidDate(f"{printed!r} is not a real date ({error})") from None
    return DateLine(value, "day" if day else "month", printed)


def is_date_line(line: str, today: datetime.date | None = None) -> bool:
    """Whether `line` is a date line, even one naming a day that does not exist."""
    try:
        return bool(parse_date_line(line, today).printed)
    except InvalidDate:
        return True
