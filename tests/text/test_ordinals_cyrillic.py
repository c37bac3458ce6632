"""Session ordinals spelled out in Russian and Kazakh, 1 to 199 (MAX_SESSION is 200), in
every case and gender the linker reads (archive.text.russian, archive.text.kazakh and
archive.text.sessions). The words are written out here in full, independently of the stems
the code uses. No database."""

import pytest

from archive.text import kazakh, russian
from archive.text.sessions import find_sessions

RU_UNITS = "первая вторая третья четвёртая пятая шестая седьмая восьмая девятая".split()
RU_TEENS = (
    "десятая одиннадцатая двенадцатая тринадцатая четырнадцатая пятнадцатая шестнадцатая "
    "семнадцатая восемнадцатая девятнадцатая"
).split()
RU_TENS_ORDINAL = (
    "двадцатая тридцатая сороковая пятидесятая шестидесятая семидесятая восьмидесятая девяностая"
).split()
RU_TENS = "двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто"
RU_TENS = RU_TENS.split()


def russian_feminine(number):
    """The nominative feminine ("сессия"): 45 -> 'сорок пятая', 100 -> 'сотая'."""
    if number == 100:
        return "сотая"
    hundred, rest = divmod(number, 100)
    words = ["сто"] if hundred else []
    tens, units = divmod(rest, 10)
    if rest < 10:
        words.append(RU_UNITS[units - 1])
    elif rest < 20:
        words.append(RU_TEENS[rest - 10])
    elif units == 0:
        words.append(RU_TENS_ORDINAL[tens - 2])
    else:
        words += [RU_TENS[tens - 2], RU_UNITS[units - 1]]
    return " ".join(words)


def russian_forms(number):
    """Every case of the feminine, and the masculine and neuter oblique cases ("заседания
    двадцать седьмого"): 'пятая', 'пятой', 'пятую', 'пятого', 'пятому', 'пятым', 'пятом',
    'пятое'; 'третья', 'третьей', 'третью', 'третьего' ..."""
    word = russian_feminine(number)
    if word.endswith("третья"):
        stem, endings = word[: -len("ья")], ("ья", "ьей", "ью", "ьего", "ьему", "ьим", "ьем")
    else:
        stem, endings = word[: -len("ая")], ("ая", "ой", "ую", "ого", "ому", "ым", "ом", "ое")
    return [stem + ending for ending in endings]


KK_UNITS = "бірінші екінші үшінші төртінші бесінші алтыншы жетінші сегізінші тоғызыншы".split()
KK_TENS_ORDINAL = (
    "оныншы жиырмасыншы отызыншы қырқыншы елуінші алпысыншы жетпісінші сексенінші тоқсаныншы"
).split()
KK_TENS = "он жиырма отыз қырық елу алпыс жетпіс сексен тоқсан".split()


def kazakh_ordinal(number):
    """45 -> 'қырық бесінші', 51 -> 'елу бірінші', 100 -> 'жүзінші', 127 -> 'жүз жиырма
    жетінші'. (Kazakh ordinals do not decline before a noun.)"""
    if number == 100:
        return "жүзінші"
    hundred, rest = divmod(number, 100)
    words = ["жүз"] if hundred else []
    tens, units = divmod(rest, 10)
    if tens and units:
        words += [KK_TENS[tens - 1], KK_UNITS[units - 1]]
    elif tens:
        words.append(KK_TENS_ORDINAL[tens - 1])
    else:
        words.append(KK_UNITS[units - 1])
    return " ".join(words)


NUMBERS = range(1, 200)


def test_the_words_written_here_are_the_ones_people_write():
    assert russian_feminine(45) == "сорок пятая"
    assert russian_feminine(127) == "сто двадцать седьмая"
    assert russian_forms(33)[1] == "тридцать третьей"
    assert kazakh_ordinal(51) == "елу бірінші"
    assert kazakh_ordinal(90) == "тоқсаныншы"


@pytest.mark.parametrize("number", NUMBERS)
def test_every_russian_ordinal_in_every_case_has_its_value(number):
    for form in russian_forms(number):
        assert russian.ordinal_value(form) == number, form
        assert russian.ordinal_value(form.replace(" ", "-")) == number, form
    assert russian.ordinal_value(russian_feminine(number).replace("ё", "е")) == number


@pytest.mark.parametrize("number", NUMBERS)
def test_every_kazakh_ordinal_has_its_value(number):
    assert kazakh.ordinal_value(kazakh_ordinal(number)) == number
    assert kazakh.ordinal_value(kazakh_ordinal(number).upper()) == number


@pytest.mark.parametrize("number", NUMBERS)
def test_a_session_numbered_in_words_is_found_in_running_text(number):
    word = russian_forms(number)[1]  # genitive and prepositional: "на сорок пятой сессии"
    assert [m.number for m in find_sessions(f"Итоги {word} сессии АНК подвели.")] == [number]
    feminine = russian_feminine(number).capitalize()
    assert [m.number for m in find_sessions(f"{feminine} сессия Ассамблеи.")] == [number]
    text = f"Ассамблеяның {kazakh_ordinal(number)} сессиясында сөз сөйледі."
    assert [m.number for m in find_sessions(text)] == [number]


@pytest.mark.parametrize(
    "text",
    [
        "сто",
        "сорок",
        "сто сотая",
        "сорок сороковая",
        "пятьдесят десятая",
        "жүз",
        "елу",
        "елу жүзінші",
        "қырық оныншы",
        "екі жүз",
    ],
)
def test_numbers_that_are_no_ordinals_have_no_value(text):
    assert russian.ordinal_value(text) is None
    assert kazakh.ordinal_value(text) is None


def test_a_hundred_people_is_no_session():
    assert find_sessions("На сессии выступили сто человек.") == []
    assert find_sessions("Сессияға жүз адам қатысты.") == []
