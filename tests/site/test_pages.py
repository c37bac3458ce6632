"""The public pages as a visitor sees them."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    make_article,
    make_draft,
    make_person,
    make_position,
    make_quote,
    make_session,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    """A small archive: two sessions, a person with aliases, a topic, articles and a draft."""
    s27 = make_session(
        27, title="Formula of peace and accord", start_date=datetime.date(2019, 4, 1)
    )
    s32 = make_session(
        32,
        title="Fair Kazakhstan: unity, stability, development",
        start_date=datetime.date(2023, 4, 26),
        end_date=datetime.date(2023, 4, 27),
    )
    tokayev = make_person(
        "Kassym-Jomart Tokayev",
        aliases=["Kassym-Zhomart Tokayev", "K. Tokayev"],
        role="President of Kazakhstan",
        featured=True,
    )
    make_position(tokayev, "President", organisation="Republic of Kazakhstan")
    youth = make_topic("Youth")
    source = make_source("The Astana Times")
    speech = make_article(
        "Tokayev on unity",
        sessions=[s32],
        people=[tokayev],
        topics=[youth],
        source=source,
        lead="The President spoke at the 32nd session.",
        body="## Patriotism\n\nHe spoke <script>alert('x')</script> of unity.",
    )
    make_quote(
        tokayev, speech, "Patriotism should never be confused with national arrogance", session=s32
    )
    interview = make_article(
        "Repatriates Assembly",
        sessions=[s27],
        topics=[youth],
        published_on=datetime.date(2019, 5, 2),
    )
    draft = make_draft(
        "Unreleased draft about youth", sessions=[s32], people=[tokayev], topics=[youth]
    )
    make_quote(tokayev, draft, "Words from a draft", session=s32)
    return {
        "s27": s27,
        "s32": s32,
        "tokayev": tokayev,
        "youth": youth,
        "speech": speech,
        "interview": interview,
        "draft": draft,
    }


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def public_urls(c):
    return [
        "/",
        "/articles/",
        "/articles/?session=32",
        f"/articles/{c['speech'].slug}/",
        "/sessions/",
        "/sessions/32/",
        "/people/",
        f"/people/{c['tokayev'].slug}/",
        "/topics/",
        f"/topics/{c['youth'].slug}/",
    ]


def test_every_public_page_renders(client, corpus):
    for url in public_urls(corpus):
        page(client, url)


def test_drafts_never_appear_on_public_pages(client, corpus):
    for url in public_urls(corpus):
        html = page(client, url)
        assert "Unreleased draft" not in html, url
        assert "Words from a draft" not in html, url
    assert client.get(f"/articles/{corpus['draft'].slug}/").status_code == 404


def test_counts_leave_drafts_out(client, corpus):
    assert "2 articles" in page(client, "/")
    assert "1 result" in page(client, "/articles/?session=32")
    assert "1 article" in page(client, "/sessions/32/")
    topics = page(client, "/topics/")
    assert "2 articles" in topics and "3 articles" not in topics
    people = page(client, "/people/")
    assert "1 article" in people and "2 articles" not in people


def test_editors_can_preview_a_draft(editor_client, corpus):
    html = page(editor_client, f"/articles/{corpus['draft'].slug}/")
    assert "Draft preview" in html


def test_article_page_links_out_and_keeps_body_safe(client, corpus):
    html = page(client, f"/articles/{corpus['speech'].slug}/")
    assert "<h2>Patriotism</h2>" in html
    assert "<script>" not in html
    assert 'href="/sessions/32/"' in html
    assert f'href="/people/{corpus["tokayev"].slug}/"' in html
    assert f'href="/topics/{corpus["youth"].slug}/"' in html
    assert "Patriotism should never be confused with national arrogance" in html
    assert "The Astana Times" in html


def test_related_articles_share_sessions_people_or_topics(client, corpus):
    html = page(client, f"/articles/{corpus['speech'].slug}/")
    related = html.split("Related articles", 1)[1]
    assert "Repatriates Assembly" in related  # shares the Youth topic
    assert "Unreleased draft" not in related


def test_session_page(client, corpus):
    html = page(client, "/sessions/32/")
    assert "32nd session" in html and "XXXII session" in html
    assert "Fair Kazakhstan: unity, stability, development" in html
    assert "26–27 April 2023" in html
    assert "Tokayev on unity" in html
    assert "Patriotism should never be confused" in html
    assert "Kassym-Jomart Tokayev" in html
    assert 'href="/sessions/27/"' in html  # previous session
    assert client.get("/sessions/99/").status_code == 404


def test_sessions_list_in_order_with_mottos(client, corpus):
    html = page(client, "/sessions/")
    assert html.index("27th session") < html.index("32nd session")
    assert "Formula of peace and accord" in html


def test_person_page(client, corpus):
    html = page(client, f"/people/{corpus['tokayev'].slug}/")
    assert "President of Kazakhstan" in html
    assert "Also spelled" in html and "Kassym-Zhomart Tokayev" in html
    assert "Republic of Kazakhstan" in html  # position
    assert "Patriotism should never be confused" in html
    assert "32nd session" in html
    assert "Tokayev on unity" in html


def test_people_list_is_alphabetical_by_surname(client, corpus):
    make_person("Aida Balayeva")
    make_person("Zhanseit Tuimebayev")
    html = page(client, "/people/")
    assert html.index("Aida Balayeva") < html.index("Kassym-Jomart Tokayev")
    assert html.index("Kassym-Jomart Tokayev") < html.index("Zhanseit Tuimebayev")


def test_home_shows_timeline_latest_and_featured_people(client, corpus):
    html = page(client, "/")
    timeline = html.split('class="timeline"', 1)[1]
    assert timeline.index("2019") < timeline.index("2023")
    assert "Formula of peace and accord" in timeline
    assert "Tokayev on unity" in html
    assert "Kassym-Jomart Tokayev" in html
    assert 'name="q"' in html


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("session=27", "Repatriates Assembly", "Tokayev on unity"),
        ("session=32", "Tokayev on unity", "Repatriates Assembly"),
        ("year=2019", "Repatriates Assembly", "Tokayev on unity"),
        ("person=kassym-jomart-tokayev", "Tokayev on unity", "Repatriates Assembly"),
        ("source=the-astana-times", "Tokayev on unity", "Repatriates Assembly"),
    ],
)
def test_article_list_filters(client, corpus, query, present, absent):
    html = page(client, f"/articles/?{query}")
    assert present in html
    assert absent not in html


def test_article_list_orders_and_paginates(client, corpus):
    html = page(client, "/articles/?ordering=date")
    assert html.index("Repatriates Assembly") < html.index("Tokayev on unity")
    for number in range(25):
        make_article(f"Filler {number}")
    html = page(client, "/articles/")
    assert "27 results" in html and "Page 1 of 2" in html
    assert "Page 2 of 2" in page(client, "/articles/?page=2")


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=999999",
        "page=-1",
        "session=abc",
        "session=999",
        "year=abc",
        "year=99999999999999999999",
        "person=%00",
        "ordering=password",
        "language=xx",
        "topic=<script>",
    ],
)
def test_bad_query_strings_never_break_the_list(client, corpus, query):
    response = client.get(f"/articles/?{query}")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_friendly_not_found_page(client, settings, corpus):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_server_error_page_renders(rf):
    from archive.site.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def grow(corpus, n):
    """Add `n` more of everything related to the pages under test."""
    start = len(corpus["extra_sessions"])
    for i in range(start, start + n):
        person = make_person(f"Extra Person{i}", aliases=[f"E. Person{i}"], featured=True)
        topic = make_topic(f"Extra topic {i}")
        session = make_session(40 + i, title=f"Motto {i}")
        corpus["extra_sessions"].append(session)
        make_position(person, f"Post {i}")
        make_position(corpus["tokayev"], f"Office {i}")
        article = make_article(
            f"Extra article {i}",
            sessions=[corpus["s32"], session],
            people=[corpus["tokayev"], person],
            topics=[corpus["youth"], topic],
        )
        make_quote(corpus["tokayev"], article, f"Extra words {i}", session=corpus["s32"])
        make_quote(person, corpus["speech"], f"Words of {i}", session=corpus["s32"])
        from archive.models import ArticlePerson, ArticleSession

        ArticlePerson.objects.create(article=corpus["speech"], person=person)
        ArticleSession.objects.create(article=corpus["speech"], session=session)
        corpus["speech"].topics.add(topic)


def query_counts(client, urls):
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    return counts


def test_pages_run_a_fixed_number_of_queries(editor_client, visitor, corpus):
    corpus["extra_sessions"] = []
    urls = [*public_urls(corpus), "/timeline/", "/sitemap.xml", "/sitemap-articles.xml"]
    staff_urls = [f"/articles/{corpus['speech'].slug}/", f"/articles/{corpus['draft'].slug}/"]
    grow(corpus, 2)
    small = query_counts(visitor, urls)
    small_staff = query_counts(editor_client, staff_urls)
    grow(corpus, 12)
    large = query_counts(visitor, urls)
    assert large == small
    assert max(large.values()) <= 12
    assert query_counts(editor_client, staff_urls) == small_staff


# --- Pictures: the timeline and the charts ------------------------------------------------


def chart_alts(html):
    return re.findall(
        r'<img class="chart" src="data:image/svg\+xml;base64,[^"]+"[^>]* alt="([^"]+)"', html
    )


def test_timeline_shows_every_session_in_order_with_its_motto(client, corpus):
    make_session(
        1, title="For Peace and Accord in our Common Home", start_date=datetime.date(1995, 3, 1)
    )
    html = page(client, "/timeline/")
    listing = html.split('class="timeline timeline-full"', 1)[1]
    assert (
        listing.index("1st session") < listing.index("27th session") < listing.index("32nd session")
    )
    assert "For Peace and Accord in our Common Home" in listing
    assert "Formula of peace and accord" in listing
    assert 'href="/sessions/27/"' in listing
    [alt] = chart_alts(html)
    assert alt.startswith("Timeline of the sessions, 1995–")
    assert (
        "3 sessions of the Assembly, from the 1st session in 1995 to the 32nd session in 2023"
        in alt
    )


def test_home_links_to_the_timeline_and_charts_published_articles_only(client, corpus):
    html = page(client, "/")
    assert 'href="/timeline/"' in html
    per_year, per_session = chart_alts(html)
    # Two published articles (2019, 2023); the 2023 draft is not counted.
    assert "2 dated articles from 2019 to 2023" in per_year
    assert "the most cover the 27th session (1)" in per_session  # the 32nd: 1, not 2
    assert 'href="/articles/?year=2019"' in html  # the chart's numbers link to the lists


def test_session_page_charts_highlight_the_session(client, corpus):
    html = page(client, "/sessions/32/")
    # One year of articles is no chart (issue 15): the count says it.
    [per_session] = chart_alts(html)
    assert "1 article" in html  # not the draft
    assert "The 32nd session is highlighted." in per_session
    make_article("A later one", sessions=[corpus["s32"]], published_on=datetime.date(2024, 4, 2))
    per_year, per_session = chart_alts(page(client, "/sessions/32/"))
    assert per_year.startswith("Articles per year: 32nd session")
    assert "2 dated articles from 2023 to 2024" in per_year


def test_person_page_shows_where_they_appear(client, corpus):
    html = page(client, f"/people/{corpus['tokayev'].slug}/")
    [alt] = chart_alts(html)
    assert alt.startswith("Kassym-Jomart Tokayev in the archive, 2023–")
    assert "1 dated article mentions them" in alt  # the draft mentions him too: not counted
    assert "they appear at 1 session: 32nd session." in alt


# --- What search engines, social sites and citations read ----------------------------------


def meta(html, name):
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    return found and found.group(1)


def test_detail_pages_have_canonical_and_social_meta(client, corpus):
    speech = corpus["speech"]
    html = page(client, f"/articles/{speech.slug}/")
    url = f"http://testserver/articles/{speech.slug}/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:title") == "Tokayev on unity"
    assert meta(html, "og:url") == url
    assert meta(html, "og:description") == "The President spoke at the 32nd session."
    assert meta(html, "twitter:card") == "summary"
    assert meta(html, "article:published_time") == "2023-04-27"
    assert meta(html, "article:tag") == "Youth"

    person = page(client, f"/people/{corpus['tokayev'].slug}/")
    assert meta(person, "og:type") == "profile"
    assert meta(person, "og:title") == "Kassym-Jomart Tokayev"
    assert '<link rel="canonical" href="http://testserver/people/kassym-jomart-tokayev/">' in person

    session = page(client, "/sessions/32/?utm_source=x")
    assert '<link rel="canonical" href="http://testserver/sessions/32/">' in session
    assert meta(session, "og:title") == "32nd session of the Assembly (XXXII session)"
    assert meta(session, "og:description") == "Fair Kazakhstan: unity, stability, development"

    topic = page(client, f"/topics/{corpus['youth'].slug}/")
    assert meta(topic, "og:title") == "Youth"
    assert meta(topic, "og:url") == f"http://testserver/topics/{corpus['youth'].slug}/"
    assert meta(topic, "og:description")


def test_pages_have_breadcrumbs(client, corpus):
    for url, trail in [
        ("/articles/", ["Home"]),
        (f"/articles/{corpus['speech'].slug}/", ["Home", "Articles"]),
        ("/sessions/32/", ["Home", "Sessions"]),
        ("/timeline/", ["Home", "Sessions"]),
        (f"/people/{corpus['tokayev'].slug}/", ["Home", "People"]),
        (f"/topics/{corpus['youth'].slug}/", ["Home", "Topics"]),
    ]:
        html = page(client, url)
        crumbs = html.split('class="breadcrumbs', 1)[1].split("</nav>", 1)[0]
        assert re.findall(r"<a [^>]*>([^<]+)</a>", crumbs) == trail, url
        assert 'aria-current="page"' in crumbs, url


def test_every_article_offers_a_citation(client, corpus):
    html = page(client, f"/articles/{corpus['speech'].slug}/")
    cite = html.split('aria-labelledby="cite-heading"', 1)[1].split("</section>", 1)[0]
    permalink = f"http://testserver/articles/{corpus['speech'].slug}/"
    assert "Tokayev on unity" in cite
    assert "The Astana Times" in cite
    assert "27 April 2023" in cite
    assert f'href="{permalink}"' in cite
    text = re.sub(r"<[^>]+>", "", cite.split('class="citation"', 1)[1].split(">", 1)[1])
    assert text.startswith("“Tokayev on unity.” The Astana Times, 27 April 2023. APK Archive, ")
    assert permalink in text and "accessed" in text


def test_the_language_of_an_article_is_shown_and_marked_up(client, corpus):
    kazakh = make_article(
        "Ассамблея туралы", slug="assembly-kk", language="kk", topics=[corpus["youth"]]
    )
    html = page(client, "/articles/assembly-kk/")
    assert '<article class="article" lang="kk">' in html
    assert "In Kazakh" in html
    assert '<html lang="en">' in html
    listing = page(client, f"/topics/{corpus['youth'].slug}/")
    card = listing.split(kazakh.title, 1)[0].rsplit("<article", 1)[1]
    assert 'lang="kk"' in card


# --- Editors on the public site -------------------------------------------------------------


def test_editors_get_a_link_to_the_admin_page_of_what_they_see(editor_client, visitor, corpus):
    speech = corpus["speech"]
    draft, tokayev, youth = corpus["draft"], corpus["tokayev"], corpus["youth"]
    pages = {
        f"/articles/{speech.slug}/": f"/admin/archive/article/{speech.pk}/change/",
        f"/articles/{draft.slug}/": f"/admin/archive/article/{draft.pk}/change/",
        "/sessions/32/": f"/admin/archive/session/{corpus['s32'].pk}/change/",
        f"/people/{tokayev.slug}/": f"/admin/archive/person/{tokayev.pk}/change/",
        f"/topics/{youth.slug}/": f"/admin/archive/topic/{youth.pk}/change/",
        "/articles/": "/admin/archive/article/",
        "/": "/admin/",
    }
    for url, admin_url in pages.items():
        html = page(editor_client, url)
        assert f'href="{admin_url}"' in html.split('class="staff-bar"', 1)[1], url
        assert editor_client.get(admin_url).status_code == 200, admin_url
    for url in pages:
        if url != f"/articles/{draft.slug}/":
            html = page(visitor, url)
            assert "staff-bar" not in html and "/admin/" not in html, url


def test_a_draft_preview_is_kept_out_of_search_engines(editor_client, corpus):
    html = page(editor_client, f"/articles/{corpus['draft'].slug}/")
    assert '<meta name="robots" content="noindex">' in html


def test_the_article_changelist_shows_links_and_pending_suggestions(editor_client, corpus):
    speech, draft = corpus["speech"], corpus["draft"]
    make_quote(corpus["tokayev"], speech, "A suggestion", reviewed=False)
    make_quote(corpus["tokayev"], speech, "Another suggestion", reviewed=False)
    html = page(editor_client, "/admin/archive/article/")
    rows = {
        title: html.split(title, 1)[1].split("</tr>", 1)[0]
        for title in ("Tokayev on unity", "Unreleased draft about youth", "Repatriates Assembly")
    }
    assert '<td class="field-linked_sessions">32</td>' in rows["Tokayev on unity"]
    assert "Kassym-Jomart Tokayev" in rows["Tokayev on unity"]
    pending = f"/admin/archive/quote/?reviewed__exact=0&amp;article__id__exact={speech.pk}"
    assert f'<a href="{pending}">2</a>' in rows["Tokayev on unity"]
    assert f'<a href="/articles/{draft.slug}/">Preview</a>' in rows["Unreleased draft about youth"]
    assert f'<a href="/articles/{speech.slug}/">View</a>' in rows["Tokayev on unity"]
    suggestions = page(editor_client, pending.replace("&amp;", "&"))
    assert "A suggestion" in suggestions and "Patriotism should never" not in suggestions


def test_the_article_changelist_runs_a_fixed_number_of_queries(editor_client, corpus):
    corpus["extra_sessions"] = []
    grow(corpus, 2)
    small = query_counts(editor_client, ["/admin/archive/article/"])
    grow(corpus, 10)
    assert query_counts(editor_client, ["/admin/archive/article/"]) == small


# --- Interface text --------------------------------------------------------------------------


def test_the_article_filters_offer_people_through_their_pages(client, corpus):
    html = page(client, "/articles/")
    assert 'name="person"' not in html  # no menu of every person in the archive
    chosen = page(client, f"/articles/?person={corpus['tokayev'].slug}")
    assert f'<input type="hidden" name="person" value="{corpus["tokayev"].slug}">' in chosen
    assert "Remove" in chosen and "Person: Kassym-Jomart Tokayev" in chosen


def test_robots_and_favicon(client):
    assert client.get("/robots.txt").status_code == 200
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")


# --- Large archives: bounded pages, the same answers -------------------------------------------


def test_long_quote_lists_show_the_most_recent_and_say_how_many(client, corpus):
    tokayev, s32 = corpus["tokayev"], corpus["s32"]
    for day in range(1, 25):
        article = make_article(f"Speech {day}", published_on=datetime.date(2023, 5, day))
        make_quote(tokayev, article, f"Words of day {day}.", session=s32)
    for url in ("/sessions/32/", f"/people/{tokayev.slug}/"):
        html = page(client, url)
        assert "Words of day 24." in html and "Words of day 5." in html, url
        assert "Words of day 4." not in html, url  # the 21st most recent
        assert "The 20 most recent of 25 quotes." in html, url
    html = page(client, "/sessions/27/")
    assert "most recent of" not in html


def test_featured_articles_on_the_home_page(client, corpus):
    make_article("Chosen by the editors", featured=True)
    make_article("Chosen but unpublished", featured=True, status="draft")
    featured = page(client, "/").split('id="featured-heading"', 1)[1].split("</section>", 1)[0]
    assert "Chosen by the editors" in featured
    assert "Chosen but unpublished" not in featured and "Tokayev on unity" not in featured


def test_filters_on_several_links_list_each_article_once(client, corpus):
    both = make_article(
        "Both sessions",
        sessions=[corpus["s27"], corpus["s32"]],
        people=[corpus["tokayev"], make_person("Aida Balayeva")],
        topics=[corpus["youth"], make_topic("Language")],
    )
    html = page(client, "/articles/?session=32&person=kassym-jomart-tokayev&topic=youth")
    assert html.count(f'href="{both.get_absolute_url()}"') == 1
    assert "2 results" in html  # "Both sessions" and "Tokayev on unity"


def test_counts_per_person_topic_and_session_leave_drafts_out(client, corpus):
    tokayev = corpus["tokayev"]
    make_article(
        "Second speech", people=[tokayev], topics=[corpus["youth"]], sessions=[corpus["s32"]]
    )
    make_draft(
        "Another draft", people=[tokayev], topics=[corpus["youth"]], sessions=[corpus["s32"]]
    )
    people = page(client, "/people/")
    assert re.search(r"Kassym-Jomart Tokayev</a>.*?2 articles", people, re.DOTALL)
    topics = page(client, "/topics/")
    assert re.search(r"Youth</a></h2> <span class=\"count\">3 articles", topics)
    sessions = page(client, "/sessions/")
    assert "2 articles" in sessions.split("32nd session", 1)[1]


def test_fast_urls_match_reverse():
    from django.urls import NoReverseMatch, reverse

    from archive.models import number_url, slug_url

    for name in ("archive:person-detail", "archive:topic-detail", "archive:article-detail"):
        assert slug_url(name, "kassym-jomart_2") == reverse(
            name, kwargs={"slug": "kassym-jomart_2"}
        )
    with pytest.raises(NoReverseMatch):
        slug_url("archive:person-detail", "тоқаев")
    assert number_url("archive:session-detail", 27) == "/sessions/27/"
    with pytest.raises(NoReverseMatch):
        number_url("archive:session-detail", "XXVII")


# --- Quotes say where they come from, but not what the page is already about -----------------


def quote_source(html, text):
    figure = html.split(text, 1)[1].split("</figure>", 1)[0]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', figure.split("<figcaption", 1)[1])


def test_quotes_name_speaker_session_and_article_but_not_the_page_they_are_on(client, corpus):
    speech, tokayev = corpus["speech"], corpus["tokayev"]
    words = "Patriotism should never be confused"
    speaker = (tokayev.get_absolute_url(), "Kassym-Jomart Tokayev")
    session = ("/sessions/32/", "32nd session")
    article = (speech.get_absolute_url(), "Tokayev on unity")
    assert quote_source(page(client, "/search/?q=patriotism+arrogance"), words) == [
        speaker,
        session,
        article,
    ]
    assert quote_source(page(client, tokayev.get_absolute_url()), words) == [session, article]
    assert quote_source(page(client, "/sessions/32/"), words) == [speaker, article]
    # The article's own page lists its quotes compactly, after the text they come from.
    quotes = page(client, speech.get_absolute_url()).split('class="quote-list"', 1)[1]
    item = quotes.split(words, 1)[1].split("</li>", 1)[0]
    assert re.findall(r'<a href="(/[^"#]+)">([^<]+)</a>', item) == [speaker, session]


def test_people_list_separates_a_role_from_the_count(client, corpus):
    html = page(client, "/people/")
    assert re.search(r"President of Kazakhstan</span> <span class=\"count\">· 1 article", html)


def test_article_filters_say_any_rather_than_dashes(client, corpus):
    html = page(client, "/articles/")
    assert "---------" not in html
    for name in ("session", "topic", "source", "language"):
        assert re.search(rf'<select name="{name}"[^>]*>\s*<option value="" selected>Any<', html)


def test_a_date_printed_without_a_year_says_so_wherever_the_article_is_listed(client, corpus):
    article = make_article("Undated speech", published_on=None, date_text="7 June, 15:38")
    for url in ("/", "/articles/", article.get_absolute_url(), "/search/?q=undated"):
        html = page(client, url)
        assert "7 June, 15:38 (year unknown)" in html, url
    dated = page(client, corpus["speech"].get_absolute_url())
    assert f'<time datetime="{corpus["speech"].published_on:%Y-%m-%d}">' in dated
