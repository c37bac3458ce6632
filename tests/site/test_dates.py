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
