"""The site in English, Russian and Kazakh: addresses, switcher, alternates, cache, admin."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.factories import make_article, make_person, make_session, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    s27 = make_session(
        27, title="Formula of peace and accord", start_date=datetime.date(2019, 4, 1)
    )
    tokayev = make_person("Kassym-Jomart Tokayev", role="President of Kazakhstan")
    youth = make_topic("Youth")
    article = make_article("Tokayev on unity", sessions=[s27], people=[tokayev], topics=[youth])
    return {"session": s27, "person": tokayev, "topic": youth, "article": article}


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def alternates(response):
    return dict(
        re.findall(
            r'<link rel="alternate" hreflang="([^"]+)" href="http://testserver([^"]*)">',
            response.content.decode(),
        )
    )


def switcher(response):
    nav = re.search(r'<nav class="language-switcher".*?</nav>', response.content.decode(), re.S)
    return {code: href for href, code in re.findall(r'<a href="([^"]*)" hreflang="(\w+)"', nav[0])}


@pytest.mark.parametrize(
    ("path", "lang", "nav_text"),
    [
        ("/", "en", ">Sessions</a>"),
        ("/ru/", "ru", ">Сессии</a>"),
        ("/kk/", "kk", ">Сессиялар</a>"),
    ],
)
def test_each_language_has_its_address_and_its_words(client, archive, path, lang, nav_text):
    response = client.get(path)
    assert response.status_code == 200
    assert html_lang(response) == lang
    assert nav_text in response.content.decode()
    assert response["Content-Language"] == lang


def test_the_switcher_and_the_alternates_lead_to_the_same_page(client, archive):
    response = client.get("/kk/sessions/27/")
    assert switcher(response) == {
        "en": "/sessions/27/",
        "ru": "/ru/sessions/27/",
        "kk": "/kk/sessions/27/",
    }
    assert 'hreflang="kk" lang="kk" aria-current="true">Қазақша</a>' in response.content.decode()
    assert alternates(response) == {
        "en": "/sessions/27/",
        "ru": "/ru/sessions/27/",
        "kk": "/kk/sessions/27/",
        "x-default": "/sessions/27/",
    }
    home = client.get("/kk/")
    assert switcher(home) == {"en": "/", "ru": "/ru/", "kk": "/kk/"}


def test_the_switcher_keeps_a_search(client, archive):
    response = client.get("/ru/search/?q=Tokayev+unity")
    assert switcher(response)["kk"] == "/kk/search/?q=Tokayev+unity"
    assert alternates(response)["kk"] == "/kk/search/"


@pytest.mark.parametrize(
    "page",
    [
        "/articles/",
        "/sessions/",
        "/sessions/27/",
        "/timeline/",
        "/people/",
        "/people/kassym-jomart-tokayev/",
        "/topics/",
        "/topics/youth/",
        "/search/?q=unity",
        "/downloads/",
        "/articles/tokayev-on-unity/",
    ],
)
def test_every_page_answers_in_every_language(client, archive, page):
    for prefix, lang in (("", "en"), ("/ru", "ru"), ("/kk", "kk")):
        response = client.get(prefix + page)
        assert response.status_code == 200, prefix + page
        assert html_lang(response) == lang
        assert alternates(response)["x-default"] == page.split("?")[0]


def test_an_unprefixed_address_stays_english_whatever_the_browser_asks(client, archive):
    """No redirect by Accept-Language or cookie: one address, one language."""
    client.cookies["django_language"] = "kk"
    response = client.get("/sessions/", HTTP_ACCEPT_LANGUAGE="ru,kk;q=0.8")
    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert ">Sessions</a>" in response.content.decode()


def test_a_missing_page_in_kazakh_is_a_kazakh_404(client, archive):
    response = client.get("/kk/no-such-page/")
    assert response.status_code == 404
    assert html_lang(response) == "kk"
    assert "Бет табылмады" in response.content.decode()


def test_the_api_stays_english_and_unprefixed(client, archive):
    response = client.get("/api/sessions/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert client.get("/ru/api/sessions/").status_code == 404


def test_cached_pages_of_different_languages_never_mix(client, archive, settings):
    settings.ARCHIVE_PAGE_CACHE_SECONDS = 300
    cache.clear()
    for _ in range(2):  # the second round is served from the cache
        assert ">Сессиялар</a>" in client.get("/kk/sessions/").content.decode()
        assert ">Сессии</a>" in client.get("/ru/sessions/").content.decode()
        english = client.get("/sessions/", HTTP_ACCEPT_LANGUAGE="kk")
        assert ">Sessions</a>" in english.content.decode()
        assert html_lang(english) == "en"


def test_the_sitemap_lists_every_language_with_alternates(client, archive):
    body = client.get("/sitemap-sessions.xml").content.decode()
    for loc in ("/sessions/27/", "/ru/sessions/27/", "/kk/sessions/27/"):
        assert f"<loc>http://testserver{loc}</loc>" in body
    assert (
        '<xhtml:link rel="alternate" hreflang="kk" href="http://testserver/kk/sessions/27/"/>'
        in body
    )
    assert (
        '<xhtml:link rel="alternate" hreflang="x-default" href="http://testserver/sessions/27/"/>'
        in body
    )
    pages = client.get("/sitemap-pages.xml").content.decode()
    assert "<loc>http://testserver/ru/timeline/</loc>" in pages


def test_the_admin_speaks_the_editors_language(editor_client):
    kazakh = editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="kk")
    assert kazakh["Content-Language"] == "kk"
    assert 'lang="kk"' in kazakh.content.decode()
    russian = editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru")
    assert russian["Content-Language"] == "ru"
    assert "Статьи" in russian.content.decode()  # the archive's own words, translated
    editor_client.cookies["django_language"] = "kk"
    chosen = editor_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru")
    assert chosen["Content-Language"] == "kk"
    assert editor_client.get("/admin/")["Content-Language"] == "kk"


def test_the_page_costs_no_more_queries_in_kazakh(client, archive, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as english:
        client.get("/sessions/27/")
    cache.clear()
    with django_assert_max_num_queries(len(english)):
        client.get("/kk/sessions/27/")


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/sessions/27/", ["27th session", "(XXVII session)", "1 April 2019"]),
        ("/ru/sessions/27/", ["27-я сессия", "(XXVII сессия)", "1 апреля 2019 г."]),
        ("/kk/sessions/27/", ["27-ші сессия", "(XXVII сессиясы)", "2019 жылғы 1 сәуір"]),
    ],
)
def test_a_session_page_names_the_session_and_its_date_in_the_pages_language(
    client, archive, path, words
):
    page = client.get(path).content.decode()
    for word in words:
        assert word in page


def test_a_citation_and_a_shared_link_card_speak_the_pages_language(client, archive):
    path = f"/articles/{archive['article'].slug}/"  # (a page before may leave Kazakh active)
    russian = client.get(f"/ru{path}").content.decode()
    with translation.override("ru"):
        today = date_format(timezone.localdate(), "DATE_FORMAT")  # "2 декабря 2026 г."
    assert "27 апреля 2023 г. Архив АНК" in russian  # one full stop after "г."
    assert "г.." not in russian
    assert '<meta property="og:locale" content="ru_RU">' in russian
    kazakh = client.get(f"/kk{path}").content.decode()
    assert '<meta property="og:locale" content="kk_KZ">' in kazakh
    assert "қаралған күні: " in kazakh
    assert f"(дата обращения: {today})" in russian
    assert "accessed" not in russian and "accessed" not in kazakh
    home = client.get("/kk/").content.decode()
    assert '<meta property="og:url" content="http://testserver/kk/">' in home


def test_topics_are_in_the_alphabetical_order_of_the_pages_language(client, archive):
    make_topic("Charity", name_ru="Благотворительность")
    make_topic("Accord", name_ru="Согласие")
    page = client.get("/ru/topics/").content.decode()
    names = re.findall(r'<a href="/ru/topics/[\w-]+/">([^<]+)</a>', page)
    assert names == sorted(names, key=str.casefold)
    assert names.index("Благотворительность") < names.index("Согласие")


# --- Names in each language ----------------------------------------------------------------


def h1(response):
    return re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S).group(1).strip()


def test_a_person_topic_and_motto_read_in_the_pages_language(client, archive):
    person, topic, session = archive["person"], archive["topic"], archive["session"]
    person.name_ru, person.name_kk = "Касым-Жомарт Токаев", "Қасым-Жомарт Тоқаев"
    person.save()
    topic.name_kk, topic.description_kk = "Жастар", "Жастар туралы."
    topic.save()
    session.title_ru = "Формула мира и согласия"
    session.save()
    assert h1(client.get("/people/kassym-jomart-tokayev/")) == "Kassym-Jomart Tokayev"
    assert h1(client.get("/ru/people/kassym-jomart-tokayev/")) == "Касым-Жомарт Токаев"
    assert h1(client.get("/kk/people/kassym-jomart-tokayev/")) == "Қасым-Жомарт Тоқаев"
    kazakh_topic = client.get("/kk/topics/youth/")
    assert h1(kazakh_topic) == "Жастар"
    assert "Жастар туралы." in kazakh_topic.content.decode()
    assert "“Формула мира и согласия”" in client.get("/ru/sessions/27/").content.decode()
    # Not translated: English, never a blank.
    assert h1(client.get("/ru/topics/youth/")) == "Youth"
    assert "“Formula of peace and accord”" in client.get("/kk/sessions/27/").content.decode()


def test_a_role_place_and_summary_read_in_the_pages_language(client, archive):
    person, session = archive["person"], archive["session"]
    person.role, person.role_kk = "President of Kazakhstan", "Қазақстан Президенті"
    person.save()
    session.location, session.location_ru = "Nur-Sultan", "Нур-Султан"
    session.summary, session.summary_ru = "Held in the capital.", "Прошла в столице."
    session.save()
    kazakh_person = client.get("/kk/people/kassym-jomart-tokayev/").content.decode()
    assert '<p class="role">Қазақстан Президенті</p>' in kazakh_person
    assert "President of Kazakhstan" not in kazakh_person
    russian_session = client.get("/ru/sessions/27/").content.decode()
    assert "Нур-Султан" in russian_session and "Прошла в столице." in russian_session
    assert "Nur-Sultan" not in russian_session
    assert "Нур-Султан" in client.get("/ru/sessions/").content.decode()
    # Not translated: English, never a blank.
    assert (
        '<p class="role">President of Kazakhstan</p>'
        in client.get("/ru/people/kassym-jomart-tokayev/").content.decode()
    )
    kazakh_session = client.get("/kk/sessions/27/").content.decode()
    assert "Nur-Sultan" in kazakh_session and "Held in the capital." in kazakh_session


def test_the_russian_and_kazakh_names_become_aliases(archive):
    from archive.models import Alias

    person = archive["person"]
    person.name_ru, person.name_kk = "Касым-Жомарт Токаев", "Қасым-Жомарт Тоқаев"
    person.save()
    added = person.spell_names_as_aliases()
    assert sorted(alias.name for alias in added) == ["Касым-Жомарт Токаев", "Қасым-Жомарт Тоқаев"]
    assert person.spell_names_as_aliases() == []  # once
    assert Alias.objects.filter(person=person).count() == 2


def test_the_admin_shows_the_names_in_each_language(editor_client, archive):
    person = archive["person"]
    page = editor_client.get(f"/admin/archive/person/{person.pk}/change/").content.decode()
    assert "In Russian and Kazakh" in page
    assert 'name="name_ru"' in page
    assert 'name="name_kk"' in page
    assert 'name="role_kk"' in page and 'name="bio_ru"' in page


# --- Articles that are translations of each other ------------------------------------------


@pytest.fixture
def translated(archive):
    english = archive["article"]
    russian = make_article("Токаев о единстве", language="ru")
    kazakh = make_article("Тоқаев бірлік туралы", language="kk")
    english.translations.add(russian, kazakh)
    russian.translations.add(kazakh)
    return {"en": english, "ru": russian, "kk": kazakh}


def url(article):
    """The article's English address (get_absolute_url() follows the active language)."""
    return f"/articles/{article.slug}/"


def also_in(response):
    block = re.search(r'<p class="translations".*?</p>', response.content.decode(), re.S)
    return re.findall(r'<a href="([^"]*)" hreflang="(\w+)" lang="\w+"[^>]*>([^<]*)</a>', block[0])


def test_an_article_links_its_translations_both_ways(client, translated):
    english, russian, kazakh = translated["en"], translated["ru"], translated["kk"]
    assert also_in(client.get(url(english))) == [
        (f"/ru{url(russian)}", "ru", "Русский"),
        (f"/kk{url(kazakh)}", "kk", "Қазақша"),
    ]
    page = client.get(f"/ru{url(russian)}")
    assert "Другие языки:" in page.content.decode()
    assert also_in(page) == [
        (url(english), "en", "English"),
        (f"/kk{url(kazakh)}", "kk", "Қазақша"),
    ]


def test_an_articles_alternates_and_switcher_lead_to_its_translations(client, translated):
    english, russian, kazakh = translated["en"], translated["ru"], translated["kk"]
    response = client.get(f"/kk{url(kazakh)}")
    expected = {
        "en": url(english),
        "ru": f"/ru{url(russian)}",
        "kk": f"/kk{url(kazakh)}",
    }
    assert alternates(response) == {**expected, "x-default": url(english)}
    assert switcher(response) == expected


def test_an_article_without_translations_says_nothing_of_them(client, archive):
    response = client.get(url(archive["article"]))
    assert 'class="translations"' not in response.content.decode()
    assert alternates(response)["ru"] == f"/ru{url(archive['article'])}"


def test_a_draft_translation_stays_hidden(client, translated):
    russian = translated["ru"]
    russian.status = "draft"
    russian.save()
    links = also_in(client.get(url(translated["en"])))
    assert [code for _href, code, _name in links] == ["kk"]


def test_translations_cost_no_query_per_translation(
    client, translated, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    english = translated["en"]
    cache.clear()
    with CaptureQueriesContext(connection) as two:
        client.get(url(english))
    english.translations.add(make_article("Another one", language="ru"))
    cache.clear()
    with django_assert_max_num_queries(len(two)):
        client.get(url(english))


def test_the_admin_edits_an_articles_translations(editor_client, translated):
    english = translated["en"]
    page = editor_client.get(f"/admin/archive/article/{english.pk}/change/").content.decode()
    assert 'name="translations"' in page


def test_an_import_in_the_kazakh_admin_keeps_names_english_and_translations(archive):
    """The import columns are unchanged: an update leaves the Kazakh name as it was, and an
    import run while the editor's admin is in Kazakh still writes English names."""
    from django.core.files.base import ContentFile
    from django.utils import translation

    from archive.models import Person
    from archive.transfer.pipeline import import_file

    person = archive["person"]
    person.name_kk = "Қасым-Жомарт Тоқаев"
    person.save()
    rows = "name,role\nKassym-Jomart Tokayev,President\nErlan Karin,State Counsellor\n"
    with translation.override("kk"):
        outcome = import_file("people", ContentFile(rows.encode(), name="p.csv"))
    assert outcome.ok
    person.refresh_from_db()
    assert (person.name, person.name_kk, person.role) == (
        "Kassym-Jomart Tokayev",
        "Қасым-Жомарт Тоқаев",
        "President",
    )
    assert Person.objects.get(name="Erlan Karin").name_kk == ""
