"""Plain-text articles in Russian and Kazakh (archive.text.articles, archive.text.dates):
dates in Russian and Kazakh word order, bylines, sources and captions in Cyrillic."""

import datetime

import pytest

from archive.text.articles import byline_name, parse_article, parse_caption
from archive.text.dates import parse_date_line

TODAY = datetime.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("line", "date", "precision"),
    [
        ("24 апреля 2025 года", datetime.date(2025, 4, 24), "day"),
        ("24 апреля 2025 г., 10:15", datetime.date(2025, 4, 24), "day"),
        ("2021 жылғы 28 сәуір", datetime.date(2021, 4, 28), "day"),
        ("2021 ж. 28 сәуірде", datetime.date(2021, 4, 28), "day"),
        ("Сейсенбі, 2025 жылғы 24 сәуір, 10:15", datetime.date(2025, 4, 24), "day"),
        ("28 сәуір 2021 ж.", datetime.date(2021, 4, 28), "day"),
        ("2025 жылғы сәуір", datetime.date(2025, 4, 1), "month"),
        ("Апрель 2025", datetime.date(2025, 4, 1), "month"),
    ],
)
def test_dates_in_russian_and_kazakh(line, date, precision):
    assert parse_date_line(line, TODAY) == (date, precision, line)


@pytest.mark.parametrize("line", ["28 сәуірде", "5 қыркүйекте", "24 апреля"])
def test_a_date_without_a_year_is_kept_as_printed(line):
    assert parse_date_line(line, TODAY) == (None, None, line)


def test_not_a_date_line():
    assert parse_date_line("2021 жылғы 28 сәуірде Астанада сессия өтті", TODAY).printed == ""


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Автор: Алихан Асангельды", "Алихан Асангельды"),
        ("Авторы: Айгерім Сейсембаева", "Айгерім Сейсембаева"),
        ("Мәтін: Айгерім Сейсембаева", "Айгерім Сейсембаева"),
        ("Алихан Асангельды", "Алихан Асангельды"),
        ("Фото: пресс-служба АНК", ""),
    ],
)
def test_bylines_in_cyrillic(line, name):
    assert byline_name(line) == name


def test_captions_in_cyrillic():
    assert parse_caption("Фото: пресс-служба АНК").credit == "пресс-служба АНК"
    assert parse_caption("Сурет: ҚХА баспасөз қызметі").credit == "ҚХА баспасөз қызметі"


def test_a_russian_article():
    parsed = parse_article(
        "Сессия Ассамблеи\n\n24 апреля 2025 года\n\n"
        "В Астане прошла XXXIV сессия, сообщает пресс-служба Акорды.\n\nТекст.\n\n"
        "Поделиться:\n\nАвтор: Алихан Асангельды\n"
    )
    assert parsed.date == datetime.date(2025, 4, 24)
    assert parsed.source_hint == "пресс-служба Акорды"
    assert parsed.byline == "Алихан Асангельды"
    assert "Поделиться" not in parsed.body_markdown


def test_a_kazakh_article():
    parsed = parse_article(
        "Ассамблея сессиясы\n\n2025 жылғы 24 сәуір\n\n"
        "Астанада XXXIV сессия өтті, деп хабарлады Ақорда баспасөз қызметі.\n\nМәтін.\n\n"
        "Ұқсас жаңалықтар\n\nБасқа жаңалық.\n"
    )
    assert parsed.date == datetime.date(2025, 4, 24)
    assert parsed.source_hint == "Ақорда баспасөз қызметі"
    assert "Басқа" not in parsed.body_markdown
