"""Search wired into the public site (run on SQLite and PostgreSQL): the article list's ?q=,
the header box, the order of /search/ results, exact names and session numbers going
straight to their page, and the search box on a person's page."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import Article
from archive.site import views
from tests.factories import (
    make_article,
    make_draft,
    make_person,
    make_quote,
    make_session,
    make_source,
    make_topic,
)

FLOOD_BODY = """In his address to the 33rd Session of the Assembly, the President spoke about
the recent floods. Volunteers organised flood relief and the "Heart to Heart" campaign."""

ARTICLES = reverse("archive:article-list")
SEARCH = reverse("archive:search")


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.ARCHIVE_PAGE_CACHE_SECONDS = 0  # every request here renders the page


@pytest.fixture
def archive(db):
    s1 = make_session(1, start_date=datetime.date(1995, 3, 24))
    s27 = make_session(27, title="Formula of peace", start_date=datetime.date(2019, 4, 29))
    s33 = make_session(33, title="Unity. Creativity. Rise.", start_date=datetime.date(2024, 4, 25))
    tokayev = make_person(
        "Kassym-Jomart Tokayev",
        aliases=["Kassym-Zhomart Tokayev", "K. Tokayev"],
        role="President of Kazakhstan",
    )
    nazarbayev = make_person("Nursultan Nazarbayev", aliases=["Nazarbaev"])
    language = make_topic("State language")
    source = make_source("Kazinform")
    a = {
        "flood": make_article(
            "A Model of Unity and Harmony",
            body=FLOOD_BODY,
            sessions=[s33],
            people=[tokayev],
            source=source,
            published_on=datetime.date(2024, 6, 7),
        ),
        "old_flood": make_article(
            "Flood relief on the steppe",
            body="Aid reached the villages.",
            sessions=[s1],
            people=[nazarbayev],
            published_on=datetime.date(2001, 5, 1),
        ),
        "xxvii": make_article(
            "Repatriates Assembly",
            body="The XXVII session of the Assembly was held with the agenda of peace.",
            sessions=[s27],
            published_on=datetime.date(2019, 5, 2),
        ),
        "language": make_article(
            "President Tokayev on the state language",
            body="K. Tokayev said the Kazakh language unites the people.",
            people=[tokayev],
            topics=[language],
            published_on=datetime.date(2023, 4, 27),
        ),
        "kazakh": make_article(
            "Қазақстан халқы Ассамблеясының сессиясы",
            body="Мемлекет басшысы Тоқаев Ассамблея сессиясында сөз сөйледі.",
            people=[tokayev],
            language="kk",
            slug="apk-session-kk",
            published_on=datetime.date(2024, 4, 26),
        ),
        "draft": make_draft(
            "Unpublished flood relief plans of Tokayev",
            body="Secret flood relief notes, XXVII, state language.",
            people=[tokayev],
            sessions=[s27],
        ),
    }
    make_quote(tokayev, a["flood"], "Unity is the core line of state policy.", session=s33)
    make_quote(tokayev, a["draft"], "A hidden unity remark from a draft.")
    make_quote(nazarbayev, a["old_flood"], "Unity of the people is our wealth.")
    return {"sessions": {1: s1, 27: s27, 33: s33}, "tokayev": tokayev, "articles": a}


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, (url, params, response.status_code)
    return response.content.decode()


def card_titles(page):
    """The article titles of the result cards, in order, as a reader sees them."""
    found = re.findall(r'<h3 class="card-title"[^>]*><a href="[^"]*">(.*?)</a></h3>', page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", title)) for title in found]


def tags_in(fragment):
    return {name.lower() for name in re.findall(r"</?\s*([a-zA-Z][\w-]*)", fragment)}


# --- 1. the article list searches articles ----------------------------------------------------


def test_article_list_searches_articles_best_match_first_with_highlights(client, archive):
    page = get(client, ARTICLES, q="flood")
    # A title match ranks above a body match, whatever the dates; the draft never shows.
    assert card_titles(page) == ["Flood relief on the steppe", "A Model of Unity and Harmony"]
    assert "2 results for “flood”" in page
    assert "<mark>flood" in page.lower()
    assert "Unpublished" not in page
    snippets = re.findall(r'<p class="snippet">(.*?)</p>', page, re.S)
    assert snippets and all(tags_in(s) <= {"mark"} for s in snippets)


def test_article_list_search_combines_with_every_filter(client, archive):
    def titles(**params):
        return card_titles(get(client, ARTICLES, **params))

    assert titles(q="Tokayev", topic="state-language") == [
        "President Tokayev on the state language"
    ]
    assert titles(q="flood", year="2024") == ["A Model of Unity and Harmony"]
    assert titles(q="flood", session="1") == ["Flood relief on the steppe"]
    assert titles(q="flood", source="kazinform") == ["A Model of Unity and Harmony"]
    assert titles(q="flood", person="nursultan-nazarbayev") == ["Flood relief on the steppe"]
    assert titles(q="Тоқаев", language="kk") == ["Қазақстан халқы Ассамблеясының сессиясы"]
    assert titles(q="Tokayev", language="ru") == []


def test_article_list_search_in_a_chosen_order(client, archive):
    assert card_titles(get(client, ARTICLES, q="flood", ordering="-date")) == [
        "A Model of Unity and Harmony",
        "Flood relief on the steppe",
    ]
    assert card_titles(get(client, ARTICLES, q="flood relief", ordering="date")) == [
        "Flood relief on the steppe",
        "A Model of Unity and Harmony",
    ]
    assert card_titles(get(client, ARTICLES, q="assembly", ordering="title")) == [
        "A Model of Unity and Harmony",
        "Repatriates Assembly",
    ]


def test_article_list_has_a_labelled_search_box_that_keeps_the_filters(client, archive):
    page = get(client, ARTICLES, q="flood", year="2024", ordering="-date")
    assert '<label for="article-q">Search the articles</label>' in page
    assert re.search(r'<input id="article-q" type="search" name="q" value="flood"', page)
    search_form = page.split('aria-label="Search the articles"')[1].split("</form>")[0]
    # A new search keeps the filters but not the order: it is best match first again.
    assert '<input type="hidden" name="year" value="2024">' in search_form
    assert 'name="ordering"' not in search_form
    filter_form = page.split('aria-label="Filter articles"')[1].split("</form>")[0]
    assert '<input type="hidden" name="q" value="flood">' in filter_form
    assert '<option value="">Best match first</option>' in filter_form
    assert '<option value="-date" selected>Newest first</option>' in filter_form
    # Without a search there is no best match to order by.
    assert "Best match first" not in get(client, ARTICLES)


def test_article_list_without_a_word_to_find_lists_everything(client, archive):
    everything = card_titles(get(client, ARTICLES))
    assert len(everything) == 5
    page = get(client, ARTICLES, q="-flood")
    assert card_titles(page) == everything
    assert "a search cannot only leave words out" in page


def test_article_list_pages_keep_the_search(client, archive, monkeypatch):
    monkeypatch.setattr(views.ArticleListView, "paginate_by", 1)
    page = get(client, ARTICLES, q="flood", year="2024")
    assert card_titles(page) == ["A Model of Unity and Harmony"]
    page = get(client, ARTICLES, q="flood")
    assert card_titles(page) == ["Flood relief on the steppe"]
    assert "Page 1 of 2" in page
    next_link = re.search(r'<a rel="next" href="\?([^"]*)"', page).group(1)
    assert html.unescape(next_link) == "q=flood&page=2"
    assert card_titles(get(client, ARTICLES, q="flood", page="2")) == [
        "A Model of Unity and Harmony"
    ]


def test_article_list_search_escapes_article_text(client, archive):
    make_article("Script <b>bold</b> steppe", body="<script>alert(1)</script> steppe wind")
    page = get(client, ARTICLES, q="steppe wind")
    assert "<script>alert(1)</script>" not in page
    assert "<b>bold</b>" not in page
    assert card_titles(page) == ["Script <b>bold</b> steppe"]  # shown as text


def test_article_list_search_runs_a_fixed_number_of_queries(
    client, archive, django_assert_max_num_queries
):
    def count(**params):
        with CaptureQueriesContext(connection) as queries:
            get(client, ARTICLES, **params)
        return len(queries)

    cases = [
        {"q": "flood"},
        {"q": "Kassym-Zhomart", "year": "2024", "topic": "state-language"},
        {"q": "XXVII assembly", "ordering": "-date", "session": "27"},
    ]
    before = [count(**params) for params in cases]
    session = archive["sessions"][27]
    for i in range(25):
        make_article(
            f"Flood assembly note {i}",
            body="Flood relief, XXVII session, Kassym-Zhomart Tokayev.",
            sessions=[session],
            people=[archive["tokayev"]],
        )
    assert [count(**params) for params in cases] == before
    # PostgreSQL runs each search statement in a savepoint with SET LOCAL (engine_postgres).
    most = {"sqlite": 13, "postgresql": 21}[connection.vendor]
    for params in cases:
        with django_assert_max_num_queries(most):
            get(client, ARTICLES, **params)


# --- 2. the header box searches everything ----------------------------------------------------


def test_header_search_box_is_labelled_and_searches_everything(client, archive):
    # The home page, the article list and search have their own box instead (issue 15).
    page = get(client, reverse("archive:topic-list"))
    header = page.split('<header class="site-header">')[1].split("</header>")[0]
    form = re.search(r"<form[^>]*role=\"search\"[^>]*>", header).group(0)
    assert f'action="{SEARCH}"' in form
    assert 'aria-label="Site search"' in form
    assert '<label for="site-search-q"' in header and 'id="site-search-q"' in header
    results = get(client, SEARCH, q="unity")
    assert "Unity is the core line of state policy." in results  # a quote, not only articles
    assert "A Model of Unity and Harmony" in results


# --- 3. /search/ in the order asked for -------------------------------------------------------


def test_search_results_by_relevance_newest_or_oldest(client, archive):
    assert card_titles(get(client, SEARCH, q="flood relief")) == [
        "Flood relief on the steppe",
        "A Model of Unity and Harmony",
    ]
    newest = get(client, SEARCH, q="flood relief", ordering="-date")
    assert card_titles(newest) == ["A Model of Unity and Harmony", "Flood relief on the steppe"]
    assert '<option value="-date" selected>Newest first</option>' in newest
    oldest = get(client, SEARCH, q="flood relief", ordering="date")
    assert card_titles(oldest) == ["Flood relief on the steppe", "A Model of Unity and Harmony"]
    assert re.search(r'<label for="id_ordering">Order</label>\s*<select name="ordering"', oldest)
    assert '<option value="">Best match first</option>' in oldest


@pytest.mark.parametrize("url", [SEARCH, ARTICLES, "/api/articles/"])
def test_undated_articles_come_last_newest_or_oldest_first(client, archive, url):
    """PostgreSQL sorts NULL dates first in descending order and SQLite first in ascending:
    an undated article must not head either list, on either database."""
    make_article("Flood relief, undated leaflet", body="Flood relief.", published_on=None)

    def titles(ordering):
        response = client.get(url, {"q": "flood relief", "ordering": ordering})
        assert response.status_code == 200
        if url.startswith("/api/"):
            return [a["title"] for a in response.json()["results"]]
        return card_titles(response.content.decode())

    assert titles("-date") == [
        "A Model of Unity and Harmony",
        "Flood relief on the steppe",
        "Flood relief, undated leaflet",
    ]
    assert titles("date") == [
        "Flood relief on the steppe",
        "A Model of Unity and Harmony",
        "Flood relief, undated leaflet",
    ]


def test_search_order_is_kept_by_filters_and_pages(client, archive):
    for i in range(21):
        make_article(f"Steppe note {i}", body="Flood.", published_on=datetime.date(2010, 1, i + 1))
    page = get(client, SEARCH, q="flood", ordering="date")
    assert card_titles(page)[0] == "Flood relief on the steppe"  # 2001, the oldest
    next_link = html.unescape(re.search(r'<a rel="next" href="\?([^"]*)"', page).group(1))
    assert "ordering=date" in next_link and "q=flood" in next_link
    second = get(client, SEARCH, q="flood", ordering="date", page="2")
    assert card_titles(second) == [
        "Steppe note 19",
        "Steppe note 20",
        "A Model of Unity and Harmony",
    ]
    # Each facet link applies its filter and keeps the order.
    facet_links = [html.unescape(h) for h in re.findall(r'<a href="\?([^"]*year=[^"]*)"', page)]
    assert facet_links and all("ordering=date" in link for link in facet_links)
    # The order form keeps the filters.
    filtered = get(client, SEARCH, q="flood", year="2010", ordering="-date")
    assert card_titles(filtered)[0] == "Steppe note 20"
    assert '<input type="hidden" name="year" value="2010">' in filtered


# --- 4. exact names and session numbers go to their page ---------------------------------------


@pytest.mark.parametrize(
    "q",
    [
        "27",
        "XXVII",
        "xxvii",
        "27th",
        "twenty-seventh",
        "XXVII session",
        "27th session",
        " 27 ",
        "the 27th session of the Assembly",
        "Session No. 27",
        "session XXVII",
        "XXVII сессия",
        "27-я сессия",
        "XXVII сессия АНК",
        "27-ші сессиясы",
    ],
)
def test_a_session_number_in_any_notation_goes_to_the_session(client, archive, q):
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 302
    assert response["Location"] == "/sessions/27/"


@pytest.mark.parametrize(
    "q",
    [
        "Kassym-Zhomart Tokayev",
        "k. tokayev",
        "K Tokayev",
        "KASSYM-JOMART TOKAYEV",
        "Kassym-Jomárt Tokáyev",
        "“Kassym-Jomart Tokayev”",
    ],
)
def test_a_full_name_or_alias_goes_to_the_person(client, archive, q):
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 302
    assert response["Location"] == archive["tokayev"].get_absolute_url()


def test_a_cyrillic_alias_goes_to_the_person(client, archive):
    archive["tokayev"].aliases.create(name="Тоқаев")
    response = client.get(SEARCH, {"q": "ТОҚАЕВ"})
    assert response.status_code == 302
    assert response["Location"] == archive["tokayev"].get_absolute_url()


def test_part_of_a_name_shows_every_article_and_the_person_as_best_match(client, archive):
    page = get(client, SEARCH, q="Kassym-Zhomart")
    best = page.split('class="card best-match"')[1].split("</section>")[0]
    assert f'<a href="{archive["tokayev"].get_absolute_url()}">Kassym-Jomart Tokayev</a>' in best
    assert set(card_titles(page)) == {
        "A Model of Unity and Harmony",
        "President Tokayev on the state language",
        "Қазақстан халқы Ассамблеясының сессиясы",
    }


def test_a_person_named_in_a_longer_query_is_counted_as_shown(client, archive):
    page = get(client, SEARCH, q="Tokayev on the Kazakh language")
    people = page.split('id="found-people"')[1].split("</section>")[0]
    assert archive["tokayev"].get_absolute_url() in people
    assert '<span class="count">(1)</span>' in people
    assert "1 person</a>" in page


def test_other_parameters_stay_on_the_results(client, archive):
    page = get(client, SEARCH, q="XXVII", exact="0")
    assert page.index("27th session") < page.index("Repatriates Assembly")  # best match first
    assert "Repatriates Assembly" in card_titles(page)
    assert card_titles(get(client, SEARCH, q="XXVII", session="27")) == ["Repatriates Assembly"]
    get(client, SEARCH, q="XXVII", page="2")
    get(client, SEARCH, q="k. tokayev", ordering="")
    page = get(client, SEARCH, q="k. tokayev", exact="0")
    assert "President Tokayev on the state language" in card_titles(page)


@pytest.mark.parametrize(
    "q",
    [
        "28",
        "XXVIII session",
        "Kassym",
        "Tokayev unity",
        "the",
        "1995",
        "Evgeny Bolgert",
        "27th session speeches",
        "the 27th and 33rd sessions",
        "XXVIII сессия",
    ],
)
def test_anything_else_is_a_search(client, archive, q):
    make_person("Evgeny Bolgert", role="Senator")
    make_person("Evgeny Bolgert", role="Journalist")  # a name two people share
    get(client, SEARCH, q=q)


def test_the_article_list_never_redirects(client, archive):
    assert card_titles(get(client, ARTICLES, q="XXVII")) == ["Repatriates Assembly"]
    page = get(client, ARTICLES, q="K. Tokayev")
    assert "President Tokayev on the state language" in card_titles(page)


# --- 5. a person's page searches their words ---------------------------------------------------


def test_person_page_has_a_search_box_for_their_articles_and_quotes(client, archive):
    tokayev = archive["tokayev"]
    page = get(client, tokayev.get_absolute_url())
    action = reverse("archive:person-search", kwargs={"slug": tokayev.slug})
    assert f'action="{action}"' in page
    assert '<label for="person-q">Search within Kassym-Jomart Tokayev' in page
    found = get(client, action, q="unity")
    assert card_titles(found) == ["A Model of Unity and Harmony"]
    assert "Unity is the core line of state policy." in found
    assert "Unity of the people is our wealth." not in found  # someone else's quote
    assert "hidden unity remark" not in found  # a quote in a draft
    assert "Flood relief on the steppe" not in get(client, action, q="flood")


# --- hostile input never breaks a page ----------------------------------------------------------

HOSTILE = [
    '"',
    "*",
    "NEAR(",
    "NEAR(flood relief, 2) ^x *:( title:flood",
    "'; DROP TABLE archive_article; --",
    "a" * 2000,
    "Тоқаев сөзі",
    "-",
    "OR",
    "\ue000flood\ue001",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("q", HOSTILE)
@pytest.mark.parametrize("url_name", ["archive:search", "archive:article-list"])
def test_hostile_queries_give_a_page(client, archive, url_name, q):
    page = get(client, reverse(url_name), q=q)
    assert "<script>alert(1)</script>" not in page
    get(client, reverse(url_name), q=q, page="abc", year="x", ordering="nonsense")
    assert Article.objects.count() == 6


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_on_a_persons_search(client, archive, q):
    url = reverse("archive:person-search", kwargs={"slug": archive["tokayev"].slug})
    get(client, url, q=q, page="abc")


def test_cyrillic_finds_the_kazakh_article_in_the_list(client, archive):
    page = get(client, ARTICLES, q="Тоқаев", page="abc")
    # The Kazakh spelling is in its text; his other articles link to him (any script).
    found = set(card_titles(page))
    kazakh = "Қазақстан халқы Ассамблеясының сессиясы"
    linked = {a.title for a in archive["tokayev"].articles.published()}
    assert kazakh in found and found == linked | {kazakh} and len(linked) > 1
