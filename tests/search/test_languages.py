"""Search in Russian and Kazakh (run on SQLite and PostgreSQL): stems, case endings, names
in any script or case form, the exact-name redirect in every language, "did you mean"
across scripts, and each result's language."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from archive import search
from archive.search.engines import get_engine
from tests.factories import make_article, make_person


def titles(results):
    return [a.title for a in results.articles.object_list]


@pytest.fixture
def archive(db):
    tokayev = make_person(
        "Kassym-Jomart Tokayev",
        name_ru="Касым-Жомарт Токаев",
        name_kk="Қасым-Жомарт Тоқаев",
        aliases=["K. Tokayev", "Касым-Жомарт Токаев", "Қасым-Жомарт Тоқаев"],
        role="President of Kazakhstan",
    )
    nazarbayev = make_person(
        "Nursultan Nazarbayev",
        name_ru="Нурсултан Назарбаев",
        name_kk="Нұрсұлтан Назарбаев",
        aliases=["Нурсултан Назарбаев", "Назарбаев Нурсултан Абишевич"],
    )
    a = {
        "ru_session": make_article(
            "Сессия Ассамблеи в Астане",
            body="Делегаты обсудили итоги года.",
            language="ru",
            published_on=datetime.date(2024, 4, 25),
        ),
        "ru_sessions": make_article(
            "Итоги двух сессии",
            body="Об этом говорили на обеих сессиях.",
            language="ru",
            published_on=datetime.date(2023, 4, 26),
        ),
        "kk_session": make_article(
            "Ассамблеяның отыз үшінші сессиясында",
            body="Мемлекет басшысы Тоқаевтың сөзі тыңдалды.",
            language="kk",
            published_on=datetime.date(2024, 4, 26),
        ),
        "ru_nazarbayev": make_article(
            "Воспоминания о Назарбаеве",
            body="Книга рассказывает о первых годах Нурсултана Назарбаева.",
            language="ru",
            people=[nazarbayev],
            published_on=datetime.date(2021, 3, 1),
        ),
        "en_tokayev": make_article(
            "The President at the Assembly",
            body="President Tokayev addressed the delegates.",
            people=[tokayev],
            published_on=datetime.date(2024, 4, 27),
        ),
        "ru_tokayev": make_article(
            "Токаев встретился с делегатами",
            body="Президент Токаев поблагодарил делегатов.",
            language="ru",
            people=[tokayev],
            published_on=datetime.date(2024, 4, 28),
        ),
    }
    return {"people": {"tokayev": tokayev, "nazarbayev": nazarbayev}, "articles": a}


@pytest.mark.parametrize("q", ["сессия", "сессии", "СЕССИЯХ", "Сессией"])
def test_russian_words_are_found_in_every_form_and_case(archive, q):
    found = set(titles(search.search(q)))
    assert {"Сессия Ассамблеи в Астане", "Итоги двух сессии"} <= found


def test_kazakh_case_endings_do_not_hide_a_word(archive):
    assert "Ассамблеяның отыз үшінші сессиясында" in titles(search.search("сессия"))
    assert "Ассамблеяның отыз үшінші сессиясында" in titles(search.search("Тоқаев"))
    assert "Ассамблеяның отыз үшінші сессиясында" in titles(search.search("ТОҚАЕВ"))


def test_a_word_not_in_the_text_finds_nothing(archive):
    assert titles(search.search("сессиялар жоқ")) == []
    assert search.search("курултай").counts["articles"] == 0


@pytest.mark.parametrize(
    "q", ["Токаев", "Тоқаев", "Tokaev", "Tokayev", "тоқаевтың", "Токаева", "TOKAEV"]
)
def test_a_name_in_any_script_or_case_finds_the_person_and_their_articles(archive, q):
    results = search.search(q)
    assert results.best_match == archive["people"]["tokayev"]
    found = titles(results)
    assert "The President at the Assembly" in found  # English
    assert "Токаев встретился с делегатами" in found  # Russian


@pytest.mark.parametrize("q", ["Назарбаев", "Nazarbayev", "Назарбаева", "Nazarbaev"])
def test_nazarbayev_in_any_spelling(archive, q):
    results = search.search(q)
    assert results.best_match == archive["people"]["nazarbayev"]
    assert titles(results) == ["Воспоминания о Назарбаеве"]


@pytest.mark.parametrize(
    ("q", "who"),
    [
        ("Назарбаев", "nazarbayev"),
        ("назарбаев", "nazarbayev"),
        ("Nazarbayev", "nazarbayev"),
        ("Нурсултан Назарбаев", "nazarbayev"),
        ("Нұрсұлтан Назарбаев", "nazarbayev"),
        ("Назарбаева", "nazarbayev"),
        ("Tokaev", "tokayev"),
        ("Тоқаев", "tokayev"),
        ("Токаев", "tokayev"),
        ("Kasym-Jomart Tokaev", "tokayev"),
    ],
)
def test_a_full_name_alias_or_surname_in_any_script_is_an_exact_match(archive, q, who):
    assert search.exact_match(q) == archive["people"][who]


def test_a_given_name_or_a_shared_surname_is_a_search(archive):
    assert search.exact_match("Нурсултан") is None
    assert search.exact_match("Kassym-Zhomart") is None
    make_person("Aigerim Balayeva", name_ru="Айгерим Балаева")
    make_person("Aida Balayeva", name_ru="Аида Балаева")
    assert search.exact_match("Балаева") is None
    assert search.exact_match("Balayeva") is None
    assert search.exact_match("Айгерим Балаева").name == "Aigerim Balayeva"


def test_a_name_as_typed_wins_over_a_case_form(archive):
    dariga = make_person("Dariga Nazarbayeva", name_ru="Дарига Назарбаева")
    assert search.exact_match("Назарбаева") == dariga
    assert search.exact_match("Назарбаев") == archive["people"]["nazarbayev"]


@pytest.mark.parametrize("prefix", ["", "/ru", "/kk"])
def test_the_search_page_goes_to_the_person_in_every_language(client, archive, prefix):
    nazarbayev = archive["people"]["nazarbayev"]
    response = client.get(f"{prefix}/search/", {"q": "Назарбаев"})
    assert response.status_code == 302
    with translation.override(prefix.strip("/") or "en"):
        assert response["Location"] == nazarbayev.get_absolute_url()
    assert client.get(f"{prefix}/search/", {"q": "Назарбаев", "exact": "0"}).status_code == 200


def test_did_you_mean_keeps_the_script_of_the_query(archive):
    assert search.search("Назарбаеп").suggestion == "Назарбаев"
    assert search.search("Nazarbajev").suggestion.lower() == "nazarbayev"


def test_edits_and_a_rebuild_keep_the_stems_current(archive):
    article = archive["articles"]["ru_session"]
    assert titles(search.search("представителям")) == []
    article.body = "Выступили делегаты и представители этнокультурных объединений."
    article.save()
    assert "Сессия Ассамблеи в Астане" in titles(search.search("представителям"))
    get_engine().clear()
    assert titles(search.search("представителям")) == []
    call_command("rebuild_search_index", "--now", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert "Сессия Ассамблеи в Астане" in titles(search.search("представителям"))
    assert search.search("Тоқаев").best_match == archive["people"]["tokayev"]


def _listed(response):
    return [a.pk for a in response.context["results"].articles.object_list]


def test_the_interface_language_never_hides_an_article(client, archive):
    english, russian = archive["articles"]["en_tokayev"], archive["articles"]["ru_tokayev"]
    assert _listed(client.get("/ru/search/", {"q": "delegates"})) == [english.pk]
    assert _listed(client.get("/kk/search/", {"q": "delegates"})) == [english.pk]
    assert russian.pk in _listed(client.get("/search/", {"q": "делегатами"}))
    response = client.get("/search/", {"q": "Тоқаев", "exact": "0"})
    assert {a.language for a in response.context["results"].articles.object_list} == {
        "en",
        "ru",
        "kk",
    }


def _card(html, article):
    """The result card of `article` on a search page (found by its link)."""
    return html.split(f'href="{article.get_absolute_url()}"', 1)[0].rsplit("<article", 1)[1]


def test_each_result_says_its_language_and_marks_up_a_title_in_another(client, archive):
    with translation.override("ru"):
        html = client.get("/ru/search/", {"q": "Тоқаев", "exact": "0"}).content.decode()
        assert 'lang="en"' in _card(html, archive["articles"]["en_tokayev"])
        assert "lang=" not in _card(html, archive["articles"]["ru_tokayev"])  # the page's own
        assert 'lang="kk"' in _card(html, archive["articles"]["kk_session"])
    for label in ("Язык: Английский", "Язык: Русский", "Язык: Казахский"):
        assert label in html
    english = client.get("/search/", {"q": "Тоқаев", "exact": "0"}).content.decode()
    assert "In Kazakh" in english and "In Russian" in english


def test_results_can_be_filtered_by_language(client, archive):
    results = search.search("Тоқаев")
    languages = next(f for f in results.facets if f.name == "language")
    assert {(v.value, v.count) for v in languages.values} == {("en", 1), ("ru", 1), ("kk", 1)}
    assert titles(search.search("Тоқаев", filters={"language": "ru"})) == [
        "Токаев встретился с делегатами"
    ]
    response = client.get("/search/", {"q": "сессия", "language": "ru"})
    assert {a.language for a in response.context["results"].articles.object_list} == {"ru"}
    assert "language=ru" in next(v.href for v in languages.values if v.value == "ru")


def test_the_language_filter_is_kept_by_pages_and_order(client, archive):
    with search.bulk_indexing():
        for number in range(search.service.PAGE_SIZE):
            make_article(f"Сессия номер {number}", language="ru")
    response = client.get("/search/", {"q": "сессия", "language": "ru", "ordering": "-date"})
    assert response.context["results"].articles.paginator.count == 22
    html = response.content.decode()
    next_link = html.split('rel="next" href="', 1)[1].split('"', 1)[0]
    assert "language=ru" in next_link and "ordering=-date" in next_link
    bad = client.get("/search/", {"q": "сессия", "language": "xx"})
    assert bad.status_code == 200
    assert bad.context["results"].articles.paginator.count == 23  # the bad value left out


def test_the_search_page_runs_a_fixed_number_of_queries(
    client, archive, django_assert_max_num_queries
):
    # A name in Cyrillic widens the search with every spelling: the queries stay the same
    # however many articles and people match. (PostgreSQL runs each search statement in a
    # savepoint with SET LOCAL, and first asks the highest article id, see engine_postgres.)
    most = {"sqlite": 15, "postgresql": 24}[connection.vendor]
    with search.bulk_indexing():
        for number in range(25):
            make_article(f"Тоқаевтың сапары {number}", language="kk")
    for q in ("Тоқаевтың", "сессии", "Tokaev"):
        with django_assert_max_num_queries(most):
            assert client.get("/kk/search/", {"q": q, "exact": "0"}).status_code == 200


def test_a_persons_quotes_are_searched_in_any_case_of_cyrillic(archive):
    from archive.search.service import person_quotes
    from tests.factories import make_quote

    tokayev = archive["people"]["tokayev"]
    quote = make_quote(tokayev, archive["articles"]["kk_session"], text="Бірлік бәрінен қымбат")
    assert person_quotes(tokayev, "БІРЛІК") == [quote]
    assert person_quotes(tokayev, "бірлік Қымбат") == [quote]
    assert person_quotes(tokayev, "бірлік flood") == []


def marked(article):
    return re.findall(r"<mark>([^<]*)</mark>", f"{article.search_title} {article.search_snippet}")


@pytest.mark.parametrize(("q", "words"), [("сессия", {"сессиясында"}), ("Тоқаев", {"Тоқаевтың"})])
def test_a_kazakh_form_found_by_its_stem_is_marked(archive, q, words):
    (article,) = [
        a for a in search.search(q).articles if a.title == "Ассамблеяның отыз үшінші сессиясында"
    ]
    assert words <= set(marked(article))


def test_a_form_found_by_its_stem_far_into_a_long_article_is_shown_marked(archive):
    filler = "Делегаттар күн тәртібін талқылады. " * 150
    make_article(
        "Ұзақ мақала",
        body=f"{filler}Алқалы жиынның сессиясында сөз сөйлеген. {filler}",
        language="kk",
        published_on=datetime.date(2024, 5, 1),
    )
    (article,) = [a for a in search.search("сессия").articles if a.title == "Ұзақ мақала"]
    assert marked(article) == ["сессиясында"]
    assert "Алқалы жиынның" in str(article.search_snippet)
