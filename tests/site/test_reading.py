"""Issue 15, "Reading": what a visitor reading the archive notices (run on SQLite and
PostgreSQL). Drafts never leak; editors' text is never trusted as HTML; every page runs a
fixed number of queries."""

import base64
import datetime
import gzip
import html
import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from archive.models import Article, ArticlePerson
from tests.factories import (
    make_article,
    make_draft,
    make_person,
    make_quote,
    make_session,
    make_source,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SEARCH = reverse("archive:search")


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.ARCHIVE_PAGE_CACHE_SECONDS = 0


def text_of(response):
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture
def quotes_archive():
    s27 = make_session(27, title="Formula of peace", start_date=datetime.date(2019, 4, 29))
    tokayev = make_person("Kassym-Jomart Tokayev", role="President of Kazakhstan")
    article = make_article(
        "Tokayev at the 27th session",
        sessions=[s27],
        people=[tokayev],
        source=make_source("Akorda"),
        published_on=datetime.date(2019, 4, 29),
    )
    quotes = [
        make_quote(tokayev, article, f"Harmony number {n} is <b>our</b> wealth", session=s27)
        for n in range(25)
    ]
    draft = make_draft("Secret draft", people=[tokayev])
    hidden = make_quote(tokayev, draft, "Harmony hidden in a draft", session=s27)
    unreviewed = make_quote(tokayev, article, "Harmony not reviewed", reviewed=False, session=s27)
    return {
        "session": s27,
        "person": tokayev,
        "article": article,
        "quotes": quotes,
        "hidden": [hidden, unreviewed],
    }


# --- 1. Quotes have a page of their own; search shows all of them -------------------------


def test_a_quote_has_a_permalink_page_with_its_sources_and_a_citation(
    client, quotes_archive, django_assert_max_num_queries
):
    quote = quotes_archive["quotes"][0]
    assert quote.get_absolute_url() == f"/quotes/{quote.pk}/"
    with django_assert_max_num_queries(6):
        response = client.get(quote.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    text = text_of(response)
    assert "Harmony number 0 is <b>our</b> wealth" in text  # shown as text, not as HTML
    assert "<b>our</b>" not in page
    assert "Kassym-Jomart Tokayev" in text
    assert "27th session" in text
    assert "Tokayev at the 27th session" in text
    assert "Cite this quote" in text
    assert f'href="{quotes_archive["article"].get_absolute_url()}#quote-{quote.pk}"' in page
    assert f"http://testserver/quotes/{quote.pk}/" in text


def test_a_hidden_quote_has_no_page(client, quotes_archive, editor_client):
    for quote in quotes_archive["hidden"]:
        assert client.get(quote.get_absolute_url()).status_code == 404


def test_every_quote_card_links_to_its_page(client, quotes_archive):
    person_page = client.get(quotes_archive["person"].get_absolute_url()).content.decode()
    first = quotes_archive["quotes"][0]
    assert f'href="/quotes/{first.pk}/"' in person_page
    search_page = client.get(SEARCH, {"q": "harmony"}).content.decode()
    assert search_page.count('class="quote-permalink"') == 6


def test_search_shows_a_way_to_every_quote_it_counts(
    client, quotes_archive, django_assert_max_num_queries
):
    response = client.get(SEARCH, {"q": "harmony"})
    text = text_of(response)
    assert "25 quotes" in text
    assert "Show all 25 quotes" in text
    link = re.search(r'href="([^"]*search/quotes/[^"]*)"', response.content.decode()).group(1)
    seen = set()
    for number in (1, 2):
        with django_assert_max_num_queries(6):
            page = client.get(html.unescape(link) + f"&page={number}")
        assert page.status_code == 200
        seen |= set(re.findall(r'href="/quotes/(\d+)/"', page.content.decode()))
        assert "25 quotes for “harmony”" in text_of(page)
    assert seen == {str(q.pk) for q in quotes_archive["quotes"]}
    assert "hidden in a draft" not in text_of(client.get(html.unescape(link)))


def test_quotes_search_without_words_or_with_junk_answers_politely(client, quotes_archive):
    for params in ({}, {"q": '"'}, {"q": "-harmony"}, {"q": "harmony", "page": "x9"}):
        assert client.get(reverse("archive:search-quotes"), params).status_code == 200


@pytest.mark.parametrize("kind", ["person", "session"])
@pytest.mark.parametrize("flavour", ["rss", "atom"])
def test_quotes_of_a_person_or_a_session_have_feeds(
    client, quotes_archive, kind, flavour, django_assert_max_num_queries
):
    obj = quotes_archive[kind]
    arg = obj.slug if kind == "person" else obj.number
    url = reverse(f"archive:{kind}-quotes-feed-{flavour}", args=[arg])
    with django_assert_max_num_queries(4):
        response = client.get(url)
    assert response.status_code == 200
    assert "script-src" not in response["Content-Security-Policy"]
    feed = response.content.decode()
    root = ET.fromstring(feed)
    items = root.findall(f"{ATOM}entry") if flavour == "atom" else root.iter("item")
    links = {
        (i.find(f"{ATOM}link").get("href") if flavour == "atom" else i.find("link").text)
        for i in items
    }
    assert len(links) == 25
    assert all(re.search(r"/quotes/\d+/$", link) for link in links)
    assert "hidden" not in feed and "not reviewed" not in feed
    assert "<b>" not in html.unescape(feed.replace("&lt;b&gt;", ""))  # escaped once more
    page = client.get(obj.get_absolute_url()).content.decode()
    assert url in page  # named in <head> and on the page


def test_the_sitemap_lists_public_quote_pages(client, quotes_archive):
    index = client.get(reverse("archive:sitemap")).content.decode()
    assert "sitemap-quotes.xml" in index
    root = ET.fromstring(client.get("/sitemap-quotes.xml").content)
    urls = {loc.text for loc in root.iter(f"{SITEMAP}loc")}
    # Each quote page in every language of the site, as every other page (/ru/, /kk/).
    assert {
        f"http://testserver{prefix}/quotes/{q.pk}/"
        for q in quotes_archive["quotes"]
        for prefix in ("", "/ru", "/kk")
    } == urls
    quotes_archive["article"].status = Article.Status.DRAFT
    quotes_archive["article"].save()
    root = ET.fromstring(client.get("/sitemap-quotes.xml").content)
    assert not list(root.iter(f"{SITEMAP}loc"))


# --- 2. Sessions the archive does not hold are named as missing -----------------------------


@pytest.fixture
def gapped_sessions():
    return {
        n: make_session(n, start_date=datetime.date(1995 + n % 30, 4, 1)) for n in (9, 10, 27, 33)
    }


def test_the_timeline_says_how_many_sessions_the_archive_holds(client, gapped_sessions):
    text = text_of(client.get(reverse("archive:timeline")))
    assert "4 of 33 sessions recorded" in text
    assert "has met in 4 sessions" not in text


def test_the_session_list_shows_the_missing_sessions_as_a_gap(
    client, gapped_sessions, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        text = text_of(client.get(reverse("archive:session-list")))
    assert "The archive holds 4 of 33 sessions." in text
    assert "The 1st to 8th sessions are not in the archive yet." in text
    assert text.index("10th session") < text.index("11th to 26th sessions are not in the archive")
    assert text.index("11th to 26th") < text.index("27th session")
    assert "The 28th to 32nd sessions are not in the archive yet." in text


def test_previous_and_next_go_by_number_naming_the_missing_ones(client, gapped_sessions):
    page = client.get("/sessions/27/").content.decode()
    nav = page.split('class="prev-next"', 1)[1].split("</nav>", 1)[0]
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", nav)).split())
    assert "← 26th session (not in the archive yet)" in text
    assert "28th session (not in the archive yet) →" in text
    links = re.findall(r'<a rel="(prev|next)" href="([^"]+)">([^<]*)</a>', nav)
    assert links == [
        ("prev", "/sessions/10/", "nearest recorded: 10th session"),
        ("next", "/sessions/33/", "nearest recorded: 33rd session"),
    ]
    nav10 = client.get("/sessions/10/").content.decode().split('class="prev-next"', 1)[1]
    assert (
        '<a rel="prev" href="/sessions/9/"><span aria-hidden="true">←</span> 9th session</a>'
        in nav10
    )
    nav33 = client.get("/sessions/33/").content.decode().split('class="prev-next"', 1)[1]
    assert 'rel="next"' not in nav33.split("</nav>")[0]  # the 34th has not happened


# --- 3. Article pages: no empty photo captions, a compact list of quotes, a full layout ----

CAPTIONED_BODY = """*Photo:* Kassym-Jomart Tokayev at the plenary session. Credit: Akorda.

ASTANA – The Assembly met on April 27, and Kassym-Jomart Tokayev spoke.

*Photo:* Credit: Akorda.

“Patriotism should never be confused with national arrogance, an unwillingness to see a
friend in another ethnic group, or with the wish to be above others,” he said.

*Photo:* Credit: Akorda.

He added that <b>unity</b> is our wealth."""


@pytest.fixture
def captioned():
    tokayev = make_person("Kassym-Jomart Tokayev")
    article = make_article("Tokayev at the Assembly", people=[tokayev], body=CAPTIONED_BODY)
    in_text = make_quote(
        tokayev,
        article,
        "Patriotism should never be confused with national arrogance, an unwillingness to see "
        "a friend in another ethnic group, or with the wish to be above others",
    )
    elsewhere = make_quote(tokayev, article, "Words <script>said</script> on another day")
    return article, tokayev, in_text, elsewhere


def test_photo_captions_without_a_photo_are_not_shown(client, captioned):
    article, tokayev, *_ = captioned
    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert "Credit: Akorda" not in text_of(response)
    assert "photo-caption" not in page
    assert "Credit: Akorda" in Article.objects.get(pk=article.pk).body  # kept as data
    body = page.split('class="body"', 1)[1].split("</article>", 1)[0]
    # The person's first mention in the text, not the hidden caption, is the link.
    assert body.count(f'href="{tokayev.get_absolute_url()}"') == 1


def test_quotes_in_an_article_are_a_compact_list_jumping_into_the_text(
    client, captioned, django_assert_max_num_queries
):
    article, _, in_text, elsewhere = captioned
    with django_assert_max_num_queries(12):
        response = client.get(article.get_absolute_url())
    page = response.content.decode()
    text = text_of(response)
    assert text.count("the wish to be above others") == 1  # the body's, not a copy
    assert "Quotes in this article" in text
    body = page.split('class="body"', 1)[1].split("</article>", 1)[0]
    anchor = f'<span class="quote-anchor" id="quote-{in_text.pk}"></span>'
    assert anchor + "“Patriotism should never" in body
    assert f'href="#quote-{in_text.pk}"' in page
    assert f'href="#quote-{elsewhere.pk}"' not in page  # not in the text: no jump
    assert f'id="quote-{elsewhere.pk}"' not in page
    assert f'href="/quotes/{elsewhere.pk}/"' in page
    assert "<script>said" not in page and "Words <script>said</script> on" in text
    assert "<b>unity</b>" not in body  # the body stays sanitised


def test_the_article_body_and_what_it_links_to_share_a_desktop(client, captioned, settings):
    page = client.get(captioned[0].get_absolute_url()).content.decode()
    layout = page.split('<div class="article-layout">', 1)[1]
    assert layout.index('<article class="article"') < layout.index('<div class="article-side">')
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    columns = "grid-template-columns: minmax(0, var(--measure)) minmax(14rem, 1fr)"
    assert re.search(r"\.article-layout \{[^}]*" + re.escape(columns), css)


# --- 4. A person's page: articles first, each quote once ------------------------------------


def test_a_persons_articles_come_first_and_a_quote_repeated_is_one_quote(
    client, django_assert_max_num_queries
):
    tokayev = make_person("Kassym-Jomart Tokayev")
    first = make_article("First report", people=[tokayev], published_on=datetime.date(2023, 4, 27))
    second = make_article("Second report", people=[tokayev], published_on=datetime.date(2023, 5, 2))
    session = make_session(32)
    make_quote(tokayev, first, "Unity is our <i>wealth</i>.", session=session)
    make_quote(tokayev, second, "unity is our  <i>wealth</i>")
    make_quote(tokayev, second, "Another thing entirely")
    hidden = make_draft("Draft report", people=[tokayev])
    make_quote(tokayev, hidden, "Unity is our <i>wealth</i>.")
    with django_assert_max_num_queries(12):
        response = client.get(tokayev.get_absolute_url())
    page = response.content.decode()
    text = text_of(response)
    assert page.index('id="articles-heading"') < page.index('id="quotes-heading"')
    assert text.lower().count("unity is our <i>wealth</i>") == 1
    assert "<i>wealth" not in page
    figures = re.findall(r'<figure class="quote".*?</figure>', page, flags=re.S)
    assert len(figures) == 2
    figure = next(f for f in figures if "nity is our" in f)
    assert "Quoted in 2 articles" in html.unescape(figure)
    assert "First report" in figure and "Second report" in figure and "32nd session" in figure
    assert "Draft report" not in page
    assert "most recent of" not in text  # 2 quotes, both shown


# --- 5. A person is a reason for a match only through the article's link to them ---------

FILLER = " ".join(f"word{n}" for n in range(80))


def test_a_shared_word_is_no_mention_of_a_person(client):
    tokayev = make_person("Kassym-Jomart Tokayev", aliases=["Kassym-Zhomart Tokayev"])
    award = make_article(
        "Patrons of art",
        lead="",
        body=f"In 2017, the Zhomart Zhan breastplate was established for patrons. {FILLER}.",
    )
    linked = make_article(
        "Repatriates Assembly",
        lead="",
        body=f"The Zhomart Zhan breastplate was awarded. {FILLER}. President K.K.Tokayev spoke.",
    )
    ArticlePerson.objects.create(article=linked, person=tokayev, matched_text="K.K.Tokayev")
    page = client.get(SEARCH, {"q": "Zhomart", "exact": "0"}).content.decode()
    cards = {
        re.search(r'href="([^"]+)"', card).group(1): card
        for card in re.findall(r'<article class="card".*?</article>', page, flags=re.S)
    }
    assert "Mentions" not in cards[award.get_absolute_url()]
    assert "Tokayev" not in cards[award.get_absolute_url()]
    card = cards[linked.get_absolute_url()]
    assert "<mark>K.K.Tokayev</mark>" in card  # the passage of the real mention
    label = html.unescape(re.sub(r"<[^>]+>", "", card.split('class="meta match-reasons">')[1]))
    assert label.startswith("Mentions: Kassym-Jomart Tokayev (as “K.K.Tokayev”)")


# --- 6. Filters: only choices with results, bad values left out politely, dates ------------

ARTICLES = reverse("archive:article-list")


@pytest.fixture
def dated_archive():
    s27 = make_session(27, start_date=datetime.date(2019, 4, 29))
    make_session(28, start_date=datetime.date(2020, 4, 29))  # no article
    kazinform = make_source("Kazinform")
    make_source("Empty Source")
    return {
        "april": make_article(
            "April 2019", sessions=[s27], source=kazinform, published_on=datetime.date(2019, 4, 26)
        ),
        "april_end": make_article("End of April 2019", published_on=datetime.date(2019, 4, 30)),
        "june": make_article("June 2019", published_on=datetime.date(2019, 6, 1)),
        "later": make_article("Spring 2023", published_on=datetime.date(2023, 4, 27)),
        "draft": make_draft("Draft of May 2019", published_on=datetime.date(2019, 5, 2)),
    }


def select_options(page, name):
    select = re.search(rf'<select name="{name}".*?</select>', page, flags=re.S).group(0)
    return [html.unescape(o) for o in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


def test_menus_offer_only_what_has_articles_with_their_counts(
    client, dated_archive, django_assert_max_num_queries
):
    with django_assert_max_num_queries(16):
        page = client.get(ARTICLES).content.decode()
    assert select_options(page, "language") == ["Any", "English (4)"]
    assert select_options(page, "source") == ["Any", "Kazinform (1)"]
    assert select_options(page, "session") == ["Any", "27th session (1)"]


@pytest.mark.parametrize("url", [ARTICLES, SEARCH])
def test_a_bad_filter_value_is_left_out_with_a_short_note(client, dated_archive, url):
    params = {"q": "april", "language": "xx", "session": "999", "year": "abc"}
    response = client.get(url, params)
    assert response.status_code == 200
    text = text_of(response)
    assert "Select a valid choice" not in text and "Enter a whole number" not in text
    assert "Left out “xx”: not a value of the filter “Language”." in text
    assert "Left out “999”: not a value of the filter “Session”." in text
    assert "April 2019" in text and "End of April 2019" in text


@pytest.mark.parametrize(
    ("date_from", "date_to", "titles"),
    [
        ("2019", "2019", {"April 2019", "End of April 2019", "June 2019"}),
        ("2019-04", "2019-04", {"April 2019", "End of April 2019"}),
        ("2019-04-26", "2019-04-26", {"April 2019"}),
        ("2019-05", "", {"June 2019", "Spring 2023"}),
        ("", "2019-04-29", {"April 2019"}),
    ],
)
def test_a_date_range_at_any_precision(client, dated_archive, date_from, date_to, titles):
    page = client.get(ARTICLES, {"date_from": date_from, "date_to": date_to}).content.decode()
    shown = set(re.findall(r'<h3 class="card-title"[^>]*><a href="[^"]+">([^<]+)</a>', page))
    assert shown == titles


def test_a_date_that_is_no_date_is_left_out(client, dated_archive):
    text = text_of(client.get(ARTICLES, {"date_from": "2019-13"}))
    assert "Left out “2019-13”: not a value of the filter “From”." in text
    assert "4 results" in text


def test_browse_the_articles_by_year_then_month(
    client, dated_archive, django_assert_max_num_queries
):
    page = client.get(ARTICLES).content.decode()
    assert 'href="/articles/by-date/"' in page
    with django_assert_max_num_queries(5):
        years = client.get("/articles/by-date/")
    assert re.findall(
        r'href="/articles/by-date/(\d+)/">\d+</a> <span class="count">\((\d+)\)',
        years.content.decode(),
    ) == [
        ("2023", "1"),
        ("2019", "3"),
    ]
    with django_assert_max_num_queries(5):
        months = client.get("/articles/by-date/2019/")
    links = re.findall(
        r'<a href="([^"]+)">(\w+ 2019)</a> <span class="count">\((\d+)\)', months.content.decode()
    )
    assert [(label, count) for _, label, count in links] == [
        ("April 2019", "2"),
        ("June 2019", "1"),
    ]
    april = client.get(html.unescape(links[0][0])).content.decode()
    assert set(re.findall(r'<h3 class="card-title"[^>]*><a href="[^"]+">([^<]+)</a>', april)) == {
        "April 2019",
        "End of April 2019",
    }
    assert client.get("/articles/by-date/2021/").status_code == 404


# --- 9. Under DEBUG a missing page is still the site's friendly 404 -------------------------


@pytest.mark.parametrize("url", ["/no/such/page/", "/sessions/999/", "/quotes/999999/"])
def test_a_missing_page_is_the_friendly_404_even_in_debug(client, settings, url):
    settings.DEBUG = True
    response = client.get(url)
    assert response.status_code == 404
    text = text_of(response)
    assert "There is no page at this address." in text
    assert "URLconf" not in text and "Django tried these URL patterns" not in text


def test_the_apis_404_stays_json_in_debug(client, settings):
    settings.DEBUG = True
    response = client.get("/api/articles/no-such-article/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


# --- 10. Pages are sent compressed ------------------------------------------------------------


def test_pages_are_sent_gzipped_to_browsers_that_accept_it(client, quotes_archive):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"APK Archive" in gzip.decompress(response.content)
    plain = client.get("/")
    assert not plain.has_header("Content-Encoding")
    assert b"APK Archive" in plain.content


# --- 11. Valid HTML: no name on a bare <pre>, headings in order ------------------------------


def heading_levels(page):
    return [int(level) for level in re.findall(r"<h([1-6])\b", page)]


def test_search_headings_never_skip_a_level(client, quotes_archive):
    page = client.get(SEARCH, {"q": "body"}).content.decode()  # no best-match card
    assert 'class="facet"' in page
    levels = heading_levels(page.split('<main id="main"', 1)[1])
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels


def test_the_downloads_code_block_is_a_named_region(client, db):
    page = client.get(reverse("archive:downloads")).content.decode()
    for tag in re.findall(r"<pre\b[^>]*>", page):
        assert "aria-labelledby" not in tag or 'role="region"' in tag


# --- 8. On a phone: one search box, results before the filters, honest messages -------------


@pytest.mark.parametrize("url", ["/", ARTICLES, SEARCH + "?q=harmony"])
def test_pages_with_their_own_search_box_show_only_that_one(client, quotes_archive, url):
    page = client.get(url).content.decode()
    assert len(re.findall(r'<input[^>]+type="search"', page)) == 1
    assert 'class="site-search"' not in page
    assert 'class="site-search"' in client.get("/sessions/27/").content.decode()


@pytest.mark.parametrize("url", [ARTICLES + "?year=2019", SEARCH + "?q=body"])
def test_the_results_come_before_the_filters(client, quotes_archive, url):
    page = client.get(url).content.decode()
    results = page.index('class="results"')
    assert results < page.index('class="filters"')
    assert page.index('class="card"') < page.index('class="filters"')


@pytest.mark.parametrize("q", ['"', '""', "“”", " ' "])
def test_a_query_without_any_word_is_an_empty_search(client, db, q):
    text = text_of(client.get(SEARCH, {"q": q}))
    assert "cannot only leave words out" not in text
    assert "Type a few words" in text
    assert "cannot only leave words out" not in text_of(client.get(ARTICLES, {"q": q}))
    assert "cannot only leave words out" in text_of(client.get(SEARCH, {"q": "-flood"}))


# --- 7. Charts: honest ticks, gaps shown, no one-bar chart, labelled dots, hits per year ---


def chart_svgs(page):
    return [
        base64.b64decode(data).decode()
        for data in re.findall(r'<img class="chart" src="data:image/svg\+xml;base64,([^"]+)"', page)
    ]


def svg_texts(svg):
    root = ET.fromstring(svg)
    return [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_per_session_chart_ticks_are_whole_numbers_up_to_the_most_and_gaps_are_shown(
    client, gapped_sessions
):
    for n in range(3):
        make_article(f"On the 27th, {n}", sessions=[gapped_sessions[27]])
    make_article("On the 10th", sessions=[gapped_sessions[10]])
    page = client.get("/").content.decode()
    [svg] = [s for s in chart_svgs(page) if "Articles per session" in s]
    texts = svg_texts(svg)
    ticks = [t for t in texts[: texts.index("9")] if t.isdigit()]
    assert ticks == ["0", "1", "2", "3"]  # the most is 3: no 5
    labels = texts[texts.index("9") :]
    assert labels == ["9", "10", "…", "27", "…", "33"]
    assert "11th–26th: not in the archive yet" in svg


def test_a_chart_of_one_value_is_not_drawn(client, gapped_sessions):
    make_article("Only one year", sessions=[gapped_sessions[27]])
    page = client.get("/sessions/27/").content.decode()
    assert not [s for s in chart_svgs(page) if "Articles per year" in s]
    assert "1 article" in text_of(client.get("/sessions/27/"))


def test_the_dots_of_a_persons_chart_say_which_session(client, gapped_sessions):
    person = make_person("Zhanseit Tuimebayev")
    make_article("Speech", people=[person], sessions=[gapped_sessions[27]])
    make_article("Another", people=[person], sessions=[gapped_sessions[33]])
    page = client.get(person.get_absolute_url()).content.decode()
    [svg] = [s for s in chart_svgs(page) if "chart-appearance" in s]
    root = ET.fromstring(svg)
    marks = root.find(".//{http://www.w3.org/2000/svg}g[@class='chart-marks']")
    labels = [t.text for t in marks.iter("{http://www.w3.org/2000/svg}text")]
    assert sorted(labels) == ["27", "33"]


def test_search_results_show_the_matches_per_year(client, dated_archive):
    response = client.get(SEARCH, {"q": "2019 OR spring"})
    page = response.content.decode()
    [svg] = [s for s in chart_svgs(page) if "Matching articles per year" in s]
    assert "2019: 3 articles" in svg and "2023: 1 article" in svg
    assert "Draft" not in svg
    table = page.split("Matching articles per year", 1)[1]
    assert re.search(r'<a href="\?[^"]*year=2019[^"]*">2019</a>', table)
