"""The matching form of names across Latin and Cyrillic (archive.text.transliteration), and
the Russian and Kazakh case forms of a name (archive.text.russian, archive.text.kazakh)."""

import pytest

from archive.text import kazakh, russian
from archive.text.normalise import transliterate
from archive.text.transliteration import has_cyrillic, match_key


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (["Tokayev", "Tokaev", "Токаев", "Тоқаев"], "tokaev"),
        (["Kassym", "Kasym", "Касым", "Қасым", "Qasym"], "kasim"),
        (["Jomart", "Zhomart", "Жомарт"], "jomart"),
        (["Nazarbayev", "Назарбаев"], "nazarbaev"),
        (["Nursultan", "Нурсултан", "Нұрсұлтан"], "nursultan"),
        (["Yelbasy", "Yelbassy", "Elbasy", "Елбасы"], "elbasi"),
        (["Dementieva", "Dementyeva", "Дементьева"], "dementeva"),
        (["Gennady", "Gennadiy", "Геннадий"], "genadi"),
        (["Zhanseit", "Жансейіт"], "janseit"),
        (["Tuimebayev", "Түймебаев"], "tuimebaev"),
        (["Khan", "Хан"], "han"),
        (["Iržikevičius", "Irzikevicius"], "irzikevicius"),
    ],
)
def test_spellings_of_one_name_share_a_key(spellings, key):
    assert {match_key(s) for s in spellings} == {key}


@pytest.mark.parametrize(
    ("one", "other"),
    [("Tokayev", "Токарев"), ("Akhmetov", "Ахметова"), ("Ten", "Тенге"), ("Osman", "Усман")],
)
def test_different_names_keep_different_keys(one, other):
    assert match_key(one) != match_key(other)


def test_the_slug_transliteration_is_another_one():
    assert transliterate("Тоқаев") == "toqaev" and match_key("Тоқаев") == "tokaev"


def test_has_cyrillic():
    assert has_cyrillic("XXXIV сессия") and not has_cyrillic("Tokayev")


def test_russian_case_forms():
    assert {"tokaeva", "tokaevu", "tokaevim", "tokaeve"} <= russian.name_forms("tokaev")
    assert {"balaevoi", "balaevu"} <= russian.name_forms("balaeva")
    assert {"genadia", "genadiu"} <= russian.name_forms("genadi")
    assert match_key("Натальей") in russian.name_forms(match_key("Наталья"))


def test_kazakh_case_forms():
    forms = kazakh.name_forms("tokaev")
    for word in ("Тоқаевтың", "Тоқаевқа", "Тоқаевты", "Тоқаевпен", "Тоқаевтан", "Тоқаевта"):
        assert match_key(word) in forms


@pytest.mark.parametrize("word", ["Кемелевич", "Абишевна", "Кемелевича", "Кемелұлы", "Абішқызы"])
def test_patronymics(word):
    key = match_key(word)
    assert russian.PATRONYMIC.match(key) or kazakh.PATRONYMIC.match(key)


@pytest.mark.parametrize("word", ["Токаев", "Назарбаев", "Касым", "Бельгер"])
def test_not_patronymics(word):
    key = match_key(word)
    assert not (russian.PATRONYMIC.match(key) or kazakh.PATRONYMIC.match(key))
