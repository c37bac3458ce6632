"""People named in Russian and Kazakh text, and across scripts (archive.text.people with
archive.text.transliteration). No database."""

import pytest

from archive.text.people import NameMatcher, PersonInfo, find_links

TOKAYEV, NURSULTAN, BOLAT, DEMENTIEVA, BALAYEVA, GOLOVKIN, TEN, OSPANOV, AKHMETOVA = range(1, 10)
MATCHER = NameMatcher(
    [
        PersonInfo(TOKAYEV, "Kassym-Jomart Tokayev", ("K. Tokayev",), "President of Kazakhstan"),
        PersonInfo(NURSULTAN, "Nursultan Nazarbayev", ("Yelbasy",), "First President"),
        PersonInfo(BOLAT, "Bolat Nazarbayev"),
        PersonInfo(DEMENTIEVA, "Natalia Dementieva"),
        PersonInfo(BALAYEVA, "Аида Балаева"),  # known in Cyrillic only
        PersonInfo(GOLOVKIN, "Gennady Golovkin"),
        PersonInfo(TEN, "Denis Ten"),
        PersonInfo(OSPANOV, "Ерлан Оспанов"),
        PersonInfo(AKHMETOVA, "Aigerim Akhmetova"),
    ]
)


def linked(text):
    return set(find_links(text, MATCHER).people)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # Russian cases, given name and surname.
        ("Послание Касым-Жомарта Токаева народу", TOKAYEV),
        ("встреча с Касым-Жомартом Токаевым", TOKAYEV),
        ("по инициативе Нурсултана Назарбаева", NURSULTAN),
        ("Натальи Дементьевой", DEMENTIEVA),
        ("Геннадию Головкину вручили награду", GOLOVKIN),
        # Kazakh cases.
        ("Қасым-Жомарт Тоқаевтың сөзі", TOKAYEV),
        ("Президент Тоқаевқа хат жолдады", TOKAYEV),
        ("Нұрсұлтан Назарбаевтың бастамасы", NURSULTAN),
        ("Тоқаевпен кездесті", TOKAYEV),
        # Patronymics in the middle.
        ("Касым-Жомарт Кемелевич Токаев", TOKAYEV),
        ("Нурсултана Абишевича Назарбаева", NURSULTAN),
        ("Қасым-Жомарт Кемелұлы Тоқаев", TOKAYEV),
        # Titles before a lone surname, Russian and Kazakh, in any case.
        ("Президент Токаев выступил", TOKAYEV),
        ("Главы государства Токаева", TOKAYEV),
        ("Мемлекет басшысы Тоқаев", TOKAYEV),
        ("ҚР Президенті Тоқаев", TOKAYEV),
        ("Елбасы атап өтті", NURSULTAN),  # the alias Yelbasy, in Cyrillic
        ("Елбасының бастамасымен", NURSULTAN),
        # Initials in Cyrillic.
        ("К.-Ж. Токаев", TOKAYEV),
        ("К. Токаев", TOKAYEV),
        # Across scripts, both ways.
        ("Aida Balayeva spoke at the session.", BALAYEVA),
        ("Balayeva said.", BALAYEVA),
        ("Аиды Балаевой", BALAYEVA),
        ("Erlan Ospanov", OSPANOV),
    ],
)
def test_a_person_in_russian_or_kazakh(text, person):
    assert linked(text) == {person}


@pytest.mark.parametrize(
    "text",
    [
        "Назарбаев",  # two Nazarbayevs: not guessed
        "Назарбаевтың",
        "Кайрат Токаев",  # another Tokayev
        "Айгерим Токаева",
        "А. Токаев",  # initials that do not fit
        "Токарев",  # a similar name, another person
        "Назарбаев Университет",  # an institution
        "Назарбаев Университетінің түлегі",
        "Назарбаев Интеллектуальные школы",
        "Тен",  # a short surname alone
        "Курс тенге укрепился",
        "Ахметов",  # not Aigerim Akhmetova
        "Tokayeva",  # a Latin spelling is taken as written
        "Dariga Nazarbayeva",
    ],
)
def test_no_one_or_not_that_person(text):
    assert linked(text) == set()


def test_a_shared_surname_is_decided_by_the_given_name_in_any_script():
    assert linked("Болат Назарбаев") == {BOLAT}
    assert linked("Нурсултана Назарбаева и Болата Назарбаева") == {NURSULTAN, BOLAT}


def test_no_latin_only_person_is_linked_wrongly():
    """Every Latin-only person's spellings, with a letter changed, in Cyrillic: no one."""
    for text in ("Токаров", "Головкен", "Дементова", "Ахметава", "Назарбеков", "Касым Токаров"):
        assert linked(text) == set(), text


def test_the_text_found_is_as_written():
    assert find_links("выступление Касым-Жомарта Токаева", MATCHER).people == {
        TOKAYEV: "Касым-Жомарта Токаева"
    }


def test_a_surname_that_is_another_ones_case_form_is_not_guessed_alone():
    matcher = NameMatcher([*MATCHER.people.values(), PersonInfo(20, "Aigerim Tokayeva")])
    assert set(find_links("Президента Токаева", matcher).people) == set()
    assert set(find_links("Айгерим Токаева", matcher).people) == {20}
    assert set(find_links("Касым-Жомарта Токаева", matcher).people) == {TOKAYEV}
    assert set(find_links("Президент Токаев", matcher).people) == {TOKAYEV}
    assert set(find_links("Tokayeva", matcher).people) == {20}
