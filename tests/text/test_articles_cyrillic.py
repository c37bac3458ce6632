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


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Астана, 27 апреля 2024 года, 12:40", datetime.date(2024, 4, 27)),
        ("ASTANA. 24 April 2025", datetime.date(2025, 4, 24)),
        ("Алматы – 12 мая 2023 г.", datetime.date(2023, 5, 12)),
        ("Нур-Султан, 29.04.2019", datetime.date(2019, 4, 29)),
        ("АСТАНА, 2025 жылғы 24 сәуір", datetime.date(2025, 4, 24)),
    ],
)
def test_a_date_line_may_start_with_the_place_it_was_filed_from(line, date):
    assert parse_date_line(line, TODAY) == (date, "day", line)


@pytest.mark.parametrize("line", ["Қазақстан халқы, 2019", "астана, 24 апреля 2025 года"])
def test_a_place_is_a_capitalised_name_before_the_date(line):
    assert parse_date_line(line, TODAY).date is None


def test_a_month_before_a_comma_is_still_a_month():
    assert parse_date_line("June, 2019", TODAY) == (
        datetime.date(2019, 6, 1),
        "month",
        "June, 2019",
    )


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Источник: Kazinform", "Kazinform"),
        ("Дереккөз: Egemen Qazaqstan.", "Egemen Qazaqstan"),
        ("Ақпарат көзі: Ақорда", "Ақорда"),
        ("Source: The Astana Times", "The Astana Times"),
    ],
)
def test_a_source_line_names_the_publisher_and_leaves_the_body(line, name):
    parsed = parse_article(f"Заголовок\n\nПервый абзац.\n\nВторой абзац.\n\n{line}\n", TODAY)
    assert parsed.source_hint == name
    assert line not in parsed.body_markdown
    assert "Второй абзац." in parsed.body_markdown


def test_a_source_line_wins_over_a_press_service():
    parsed = parse_article(
        "Заголовок\n\nОб этом сообщает пресс-служба Акорды.\n\nТекст.\n\nИсточник: Kazinform\n",
        TODAY,
    )
    assert parsed.source_hint == "Kazinform"


@pytest.mark.parametrize(
    ("first_sentence", "date"),
    [
        ("2024 жылғы 27 сәуірде Астанада сессия өтті.", datetime.date(2024, 4, 27)),
        ("27 апреля 2024 года в Астане прошла сессия.", datetime.date(2024, 4, 27)),
        ("On 24 April 2025, the Assembly met in Astana.", datetime.date(2025, 4, 24)),
    ],
)
def test_without_a_date_line_a_whole_date_opening_the_text_is_the_date(first_sentence, date):
    parsed = parse_article(f"Заголовок\n\n{first_sentence}\n\nЕщё текст.\n", TODAY)
    assert (parsed.date, parsed.date_precision, parsed.date_in_text) == (date, "day", True)


@pytest.mark.parametrize(
    "first_sentence",
    [
        "2019 жылы Астанада сессия өтті.",  # a year alone: history as often as news
        "В Астане 27 апреля 2024 года прошла сессия.",  # not at the start
        "28 сәуірде Астанада сессия өтті.",  # no year
    ],
)
def test_no_date_is_guessed_from_a_sentence_without_a_whole_date_at_its_start(first_sentence):
    parsed = parse_article(f"Заголовок\n\n{first_sentence}\n\nЕщё текст.\n", TODAY)
    assert parsed.date is None
    assert not parsed.date_in_text


def test_a_date_line_is_preferred_to_the_first_sentence():
    parsed = parse_article(
        "Заголовок\n\n24 апреля 2025 года\n\n1 марта 1995 года была создана Ассамблея.\n\nТекст.\n",
        TODAY,
    )
    assert (parsed.date, parsed.date_in_text) == (datetime.date(2025, 4, 24), False)
