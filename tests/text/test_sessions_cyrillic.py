"""Sessions of the Assembly named in Russian and Kazakh text (archive.text.sessions with
archive.text.russian and archive.text.kazakh). No database."""

import pytest

from archive.text.numerals import fold_roman_lookalikes
from archive.text.sessions import find_sessions, parse_ordinal


def sessions_in(text):
    return [m.number for m in find_sessions(text)]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        # Roman numerals in Cyrillic look-alike letters, wholly or partly.
        ("В Астане прошла ХХХIV сессия Ассамблеи народа Казахстана.", 34),
        ("ХХХІІІ сессия АНК", 33),
        ("на ХХУ сессии Ассамблеи", 25),
        ("ҚХА-ның І сессиясы 1995 жылы өтті.", 1),
        ("Қазақстан халқы Ассамблеясының XXXIV-ші сессиясы", 34),
        # Arabic ordinals with endings.
        ("на 34-й сессии АНК", 34),
        ("34-я сессия", 34),
        ("провели 34-ю сессию", 34),
        ("33-ші сессиясында", 33),
        ("34-інші сессиясы", 34),
        ("Ассамблеяның 32-сессиясы", 32),
        # Words, in every case and gender.
        ("тридцать четвёртой сессии Ассамблеи", 34),
        ("на тридцать четвертой сессии", 34),
        ("Двадцать седьмая сессия АНК", 27),
        ("итоги двадцать седьмого заседания и двадцать седьмой сессии", 27),
        ("на третьей сессии", 3),
        ("Первая сессия Ассамблеи прошла 1 марта 1995 года.", 1),
        ("в ходе тридцать третьей очередной сессии", 33),
        ("отыз төртінші сессиясы", 34),
        ("жиырма жетінші сессиясында", 27),
        ("Ассамблеяның бірінші сессиясы", 1),
        ("кезекті отыз үшінші сессиясына", 33),
        ("XXXIV сессиясының қорытындысы", 34),
    ],
)
def test_a_session_in_russian_or_kazakh(text, number):
    assert sessions_in(text) == [number]


def test_two_sessions_joined_by_a_conjunction():
    assert sessions_in("XXXIII и XXXIV сессии") == [33, 34]
    assert sessions_in("XXXIII және XXXIV сессиялары") == [33, 34]


def test_the_mention_keeps_the_letters_as_written():
    (mention,) = find_sessions("прошла ХХХIV сессия")
    assert mention.text == "ХХХIV сессия" and mention.start == 7


@pytest.mark.parametrize(
    "text",
    [
        "первая сессия Мажилиса нового созыва",
        "на первой сессии Национального курултая",
        "78-я сессия Генеральной Ассамблеи ООН",
        "сессия Сената",
        "Мажилис провёл свою первую сессию",
        "Мәжіліс өзінің бірінші сессиясын өткізді",
        "Парламенттің бірінші сессиясы",
        "Ұлттық құрылтайдың үшінші сессиясы",
        "БҰҰ Бас Ассамблеясының 78-сессиясы",
        "30-летие АНК отметили на сессии",
        "Ассамблеяның 30 жылдығы сессияда аталып өтті",
        "Ассамблея провела 34 сессии",  # a count
        "У сессии было много гостей",  # "У" is a word, not V
        "С сессии уехали рано",
    ],
)
def test_not_a_session_of_the_assembly(text):
    assert sessions_in(text) == []


def test_look_alike_letters_become_latin_only_in_numerals():
    assert fold_roman_lookalikes("ХХХIV сессия") == "XXXIV сессия"
    assert fold_roman_lookalikes("Сессия, ХАН, У дома") == "Сессия, ХАН, У дома"


@pytest.mark.parametrize(
    ("text", "number"),
    [("тридцать четвёртой", 34), ("отыз төртінші", 34), ("XXXIV-ші", 34), ("34-інші", 34)],
)
def test_parse_ordinal_in_russian_and_kazakh(text, number):
    assert parse_ordinal(text) == number
