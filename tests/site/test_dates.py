import datetime

import pytest
from django.utils import translation

from archive.models import DatePrecision, format_date_range, format_partial_date

D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "precision", "shown"),
    [
        (D(2023, 4, 26), D(2023, 4, 27), DatePrecision.DAY, "26–27 April 2023"),
        (D(2019, 4, 30), D(2019, 5, 2), DatePrecision.DAY, "30 April – 2 May 2019"),
        (D(2003, 12, 30), D(2004, 1, 2), DatePrecision.DAY, "30 December 2003 – 2 January 2004"),
        (D(2024, 4, 25), None, DatePrecision.DAY, "25 April 2024"),
        (D(2024, 4, 25), D(2024, 4, 25), DatePrecision.DAY, "25 April 2024"),
        (D(1995, 6, 1), None, DatePrecision.MONTH, "June 1995"),
        (D(1999, 1, 1), D(1999, 12, 1), DatePrecision.MONTH, "January 1999 – December 1999"),
        (D(2005, 1, 1), None, DatePrecision.YEAR, "2005"),
        (None, None, DatePrecision.DAY, ""),
    ],
)
def test_a_date_range_says_what_it_shares_once(start, end, precision, shown):
    with translation.override("en"):
        assert format_date_range(start, end, precision) == shown


def test_month_names_follow_the_visitors_language_not_the_server_locale():
    with translation.override("ru"):
        assert format_partial_date(D(1995, 3, 1), DatePrecision.MONTH) != "March 1995"


@pytest.mark.parametrize(
    ("language", "start", "end", "precision", "shown"),
    [
        ("ru", D(2023, 4, 26), D(2023, 4, 27), DatePrecision.DAY, "26–27 апреля 2023 г."),
        ("ru", D(2019, 4, 30), D(2019, 5, 2), DatePrecision.DAY, "30 апреля – 2 мая 2019 г."),
        ("ru", D(2024, 4, 25), None, DatePrecision.DAY, "25 апреля 2024 г."),
        ("ru", D(1995, 6, 1), None, DatePrecision.MONTH, "июнь 1995 г."),
        ("ru", D(2005, 1, 1), None, DatePrecision.YEAR, "2005"),
        ("kk", D(2023, 4, 26), D(2023, 4, 27), DatePrecision.DAY, "2023 жылғы 26–27 сәуір"),
        ("kk", D(2019, 4, 30), D(2019, 5, 2), DatePrecision.DAY, "2019 жылғы 30 сәуір – 2 мамыр"),
        ("kk", D(2024, 4, 25), None, DatePrecision.DAY, "2024 жылғы 25 сәуір"),
        ("kk", D(1995, 6, 1), None, DatePrecision.MONTH, "1995 жылғы маусым"),
        (
            "kk",
            D(2003, 12, 30),
            D(2004, 1, 2),
            DatePrecision.DAY,
            "2003 жылғы 30 желтоқсан – 2004 жылғы 2 қаңтар",
        ),
    ],
)
def test_dates_in_russian_and_kazakh_follow_their_own_order_and_cases(
    language, start, end, precision, shown
):
    with translation.override(language):
        assert format_date_range(start, end, precision) == shown


@pytest.mark.parametrize(
    ("language", "label", "roman_label"),
    [
        ("en", "27th session", "XXVII session"),
        ("ru", "27-я сессия", "XXVII сессия"),
        ("kk", "27-ші сессия", "XXVII сессиясы"),
    ],
)
def test_a_session_is_named_in_each_language(language, label, roman_label):
    from archive.models import Session

    with translation.override(language):
        assert Session(number=27).label == label
        assert Session(number=27).roman_label == roman_label


def test_kazakh_ordinals_follow_vowel_harmony():
    from archive.languages import kazakh_ordinal

    shown = [kazakh_ordinal(n) for n in (1, 6, 9, 10, 20, 27, 32, 40, 50, 100, 1000)]
    assert shown == [
        "1-ші",
        "6-шы",
        "9-шы",
        "10-шы",
        "20-шы",
        "27-ші",
        "32-ші",
        "40-шы",
        "50-ші",
        "100-ші",
        "1000-шы",
    ]


def test_kazakh_has_date_formats_of_its_own():
    from django.utils.formats import date_format, get_format

    with translation.override("kk"):
        assert get_format("SHORT_DATE_FORMAT") == "d.m.Y"
        assert date_format(D(2023, 4, 27), "SHORT_DATE_FORMAT") == "27.04.2023"
        assert date_format(D(2023, 4, 27)).startswith("2023 жылғы 27 ")
