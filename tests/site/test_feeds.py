"""Feeds, the sitemap and robots.txt: what feed readers and search engines read."""

import datetime
import html
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    make_article,
    make_draft,
    make_person,
    make_quote,
    make_session,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def archive():
    s27 = make_session(27, start_date=datetime.date(2019, 4, 29))
    s32 = make_session(32, start_date=datetime.date(2023, 4, 26))
    tokayev = make_person("Kassym-Jomart Tokayev")
    tuimebayev = make_person("Zhanseit Tuimebayev")
    unity = make_topic("National unity")
    youth = make_topic("Youth")
    speech = make_article(
        "Tokayev on unity",
        sessions=[s32],
        people=[tokayev],
        topics=[unity],
        source=make_source("The Astana Times"),
        published_on=datetime.date(2023, 4, 27),
        lead="The President spoke <b>at length</b> & warmly.",
        author="Aigerim Seitkali",
    )
    interview = make_article(
        "Repatriates Assembly",
        sessions=[s27],
        people=[tuimebayev],
        topics=[unity],
        published_on=datetime.date(2019, 5, 2),
        body="## Results\n\nThe Assembly's work in *many* regions.",
    )
    draft = make_draft(
        "Unreleased draft about unity",
        sessions=[s27, s32],
        people=[tokayev, tuimebayev],
        topics=[unity, youth],
    )
    return {
        "s27": s27,
        "s32": s32,
        "tokayev": tokayev,
        "tuimebayev": tuimebayev,
        "unity": unity,
        "youth": youth,
        "speech": speech,
        "interview": interview,
        "draft": draft,
    }


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, ET.fromstring(response.content)


def rss_items(client, url):
    response, root = xml(client, url)
    assert response["Content-Type"].startswith("application/rss+xml")
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel"), root.findall("channel/item")


def atom_entries(client, url):
    response, root = xml(client, url)
    assert response["Content-Type"].startswith("application/atom+xml")
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def test_latest_rss_lists_published_articles_newest_first(client, archive):
    channel, items = rss_items(client, "/articles/feed/rss/")
    assert channel.findtext("title") == "APK Archive: latest articles"
    assert channel.findtext("link") == "http://testserver/articles/"
    assert [item.findtext("title") for item in items] == [
        "Tokayev on unity",
        "Repatriates Assembly",
    ]
    first = items[0]
    assert first.findtext("link") == "http://testserver/articles/tokayev-on-unity/"
    assert first.findtext("pubDate").startswith("Thu, 27 Apr 2023")
    assert first.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Aigerim Seitkali"
    assert [c.text for c in first.findall("category")] == ["32nd session", "National unity"]


def test_latest_atom_has_ids_dates_and_summaries(client, archive):
    root, entries = atom_entries(client, "/articles/feed/atom/")
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == (
        "http://testserver/articles/feed/atom/"
    )
    assert root.findtext(f"{ATOM}subtitle").startswith("The newest articles")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Tokayev on unity",
        "Repatriates Assembly",
    ]
    second = entries[1]
    assert second.findtext(f"{ATOM}id") == "http://testserver/articles/repatriates-assembly/"
    assert second.findtext(f"{ATOM}published").startswith("2019-05-02")
    assert second.findtext(f"{ATOM}updated")
    # No lead: the beginning of the body as plain text, never its HTML (escaped once more,
    # as the summary's type is html).
    summary = second.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert html.unescape(summary.text) == "Results The Assembly's work in many regions."


def test_feed_text_is_escaped_so_readers_show_it_as_text(client, archive):
    _channel, items = rss_items(client, "/articles/feed/rss/")
    # Readers treat the description as HTML: the editor's <b> must arrive escaped.
    assert items[0].findtext("description") == (
        "The President spoke &lt;b&gt;at length&lt;/b&gt; &amp; warmly."
    )


@pytest.mark.parametrize(
    ("url", "titles"),
    [
        ("/sessions/27/feed/rss/", ["Repatriates Assembly"]),
        ("/sessions/32/feed/rss/", ["Tokayev on unity"]),
        ("/people/kassym-jomart-tokayev/feed/rss/", ["Tokayev on unity"]),
        ("/people/zhanseit-tuimebayev/feed/rss/", ["Repatriates Assembly"]),
        ("/topics/national-unity/feed/rss/", ["Tokayev on unity", "Repatriates Assembly"]),
        ("/topics/youth/feed/rss/", []),  # only a draft has this topic
    ],
)
def test_feeds_per_session_person_and_topic(client, archive, url, titles):
    _channel, items = rss_items(client, url)
    assert [item.findtext("title") for item in items] == titles
    _root, entries = atom_entries(client, url.replace("/rss/", "/atom/"))
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == titles


def test_feed_titles_name_their_subject(client, archive):
    channel, _items = rss_items(client, "/sessions/27/feed/rss/")
    assert channel.findtext("title") == "APK Archive: 27th session (XXVII session)"
    assert channel.findtext("link") == "http://testserver/sessions/27/"
    root, _entries = atom_entries(client, "/people/kassym-jomart-tokayev/feed/atom/")
    assert root.findtext(f"{ATOM}title") == "APK Archive: Kassym-Jomart Tokayev"


def test_feeds_in_russian_and_kazakh_name_people_and_topics_in_that_language(client, archive):
    tokayev, unity = archive["tokayev"], archive["unity"]
    tokayev.name_ru, tokayev.name_kk = "Касым-Жомарт Токаев", "Қасым-Жомарт Тоқаев"
    tokayev.save()
    unity.name_ru = "Национальное единство"  # no Kazakh name: Kazakh feeds say the English
    unity.save()
    make_quote(tokayev, archive["speech"], text="Единство – наша сила", reviewed=True)
    channel, _items = rss_items(client, "/ru/people/kassym-jomart-tokayev/feed/rss/")
    assert channel.findtext("title") == "Архив АНК: Касым-Жомарт Токаев"
    assert "Касым-Жомарт Токаев" in channel.findtext("description")
    _channel, items = rss_items(client, "/ru/articles/feed/rss/")
    categories = {c.text for item in items for c in item.findall("category")}
    assert "Национальное единство" in categories and "National unity" not in categories
    channel, items = rss_items(client, "/kk/people/kassym-jomart-tokayev/quotes/feed/rss/")
    assert "Қасым-Жомарт Тоқаев" in channel.findtext("title")
    assert items[0].findtext("title").startswith("Қасым-Жомарт Тоқаев: ")
    _root, entries = atom_entries(client, "/kk/people/kassym-jomart-tokayev/quotes/feed/atom/")
    assert entries[0].findtext(f"{ATOM}author/{ATOM}name") == "Қасым-Жомарт Тоқаев"
    channel, _items = rss_items(client, "/kk/topics/national-unity/feed/rss/")
    assert channel.findtext("title").endswith(": National unity")


def test_feed_readers_read_every_feed_without_complaint(client, archive):
    """feedparser, the reference reader: well-formed, of the declared type and encoding."""
    import feedparser

    archive["speech"].title = "Tokayev & <b>unity</b>"
    archive["speech"].save()
    archive["tokayev"].name = "Kassym-Jomart <i>Tokayev</i> & co"
    archive["tokayev"].save()
    for base in [
        "/articles/",
        "/sessions/32/",
        "/people/kassym-jomart-tokayev/",
        "/topics/national-unity/",
    ]:
        for kind in ("rss", "atom"):
            response = client.get(f"{base}feed/{kind}/")
            assert response.status_code == 200
            parsed = feedparser.parse(
                response.content, response_headers={"content-type": response["Content-Type"]}
            )
            assert not parsed.bozo, (base, kind, parsed.get("bozo_exception"))
            assert parsed.version == ("atom10" if kind == "atom" else "rss20")
            # The reader has the titles as HTML that shows the editor's text as it was typed.
            titles = {html.unescape(entry.title): entry.title_detail for entry in parsed.entries}
            assert titles["Tokayev & <b>unity</b>"].type == "text/html", (base, kind)
            if "people" in base:
                title = parsed.feed.title_detail
                assert (title.type, html.unescape(title.value)) == (
                    "text/html",
                    "APK Archive: Kassym-Jomart <i>Tokayev</i> & co",
                )


@pytest.mark.parametrize(
    "url",
    ["/sessions/99/feed/rss/", "/people/nobody/feed/atom/", "/topics/nothing/feed/rss/"],
)
def test_feeds_of_unknown_things_are_not_found(client, archive, url):
    assert client.get(url).status_code == 404


def test_drafts_never_reach_a_feed(client, archive):
    urls = [
        "/articles/feed/rss/",
        "/articles/feed/atom/",
        "/sessions/27/feed/rss/",
        "/sessions/32/feed/atom/",
        "/people/kassym-jomart-tokayev/feed/rss/",
        "/topics/national-unity/feed/atom/",
        "/topics/youth/feed/rss/",
    ]
    for url in urls:
        body = client.get(url).content.decode()
        assert "Unreleased draft" not in body, url
        assert archive["draft"].slug not in body, url


def test_pages_name_their_feeds_in_the_head(client, archive):
    html = client.get("/sessions/27/").content.decode()
    head = html.split("</head>", 1)[0]
    assert (
        'type="application/atom+xml" title="27th session (Atom)" href="/sessions/27/feed/atom/"'
        in head
    )
    assert 'href="/sessions/27/feed/rss/"' in head
    assert 'href="/articles/feed/atom/"' in head  # the site-wide feed, on every page
    person = client.get("/people/kassym-jomart-tokayev/").content.decode()
    assert 'href="/people/kassym-jomart-tokayev/feed/rss/"' in person.split("</head>", 1)[0]
    topic = client.get("/topics/youth/").content.decode()
    assert 'href="/topics/youth/feed/atom/"' in topic.split("</head>", 1)[0]


def test_feeds_run_a_fixed_number_of_queries(client, archive):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = ["/articles/feed/rss/", "/sessions/32/feed/atom/", "/topics/national-unity/feed/rss/"]
    before = [count(url) for url in urls]
    for number in range(10):
        make_article(
            f"More {number}",
            sessions=[archive["s32"]],
            topics=[archive["unity"], make_topic(f"Extra {number}")],
            published_on=datetime.date(2023, 5, 1),
        )
    assert [count(url) for url in urls] == before


# --- sitemap.xml and robots.txt ------------------------------------------------------------


def sitemap_locations(client):
    _response, index = xml(client, "/sitemap.xml")
    assert index.tag == f"{SITEMAP}sitemapindex"
    locations = []
    for sitemap in index.findall(f"{SITEMAP}sitemap"):
        section = sitemap.findtext(f"{SITEMAP}loc").removeprefix("http://testserver")
        _response, urlset = xml(client, section)
        for url in urlset.findall(f"{SITEMAP}url"):
            locations.append((url.findtext(f"{SITEMAP}loc").removeprefix("http://testserver"), url))
    return locations


def test_the_sitemap_lists_every_public_page_and_no_draft(client, archive):
    listed = dict(sitemap_locations(client))
    expected = {
        "/",
        "/articles/",
        "/sessions/",
        "/timeline/",
        "/people/",
        "/topics/",
        "/downloads/",
        archive["speech"].get_absolute_url(),
        archive["interview"].get_absolute_url(),
        "/sessions/27/",
        "/sessions/32/",
        "/people/kassym-jomart-tokayev/",
        "/people/zhanseit-tuimebayev/",
        "/topics/national-unity/",
        "/topics/youth/",
    }
    # Each page in English and under /ru/ and /kk/ (tests/site/test_languages.py).
    assert set(listed) == expected | {
        f"/{code}{path}" for code in ("ru", "kk") for path in expected
    }
    assert archive["draft"].get_absolute_url() not in listed
    for path in listed:
        assert client.get(path).status_code == 200, path


def test_the_sitemap_dates_pages_by_their_published_articles(client, archive):
    listed = dict(sitemap_locations(client))
    speech = archive["speech"]
    lastmod = listed[speech.get_absolute_url()].findtext(f"{SITEMAP}lastmod")
    assert lastmod == timezone.localdate(speech.updated_at).isoformat()
    # The Youth topic has only a draft: the draft's edits tell nothing about its page.
    assert listed["/topics/youth/"].findtext(f"{SITEMAP}lastmod") is None
    assert listed["/topics/national-unity/"].findtext(f"{SITEMAP}lastmod") is not None


def test_unpublishing_takes_an_article_out_of_the_sitemap(client, archive):
    speech = archive["speech"]
    speech.status = "draft"
    speech.save()
    listed = dict(sitemap_locations(client))
    assert speech.get_absolute_url() not in listed
    assert archive["interview"].get_absolute_url() in listed


def test_large_sections_are_split_into_pages(client, archive, monkeypatch):
    from archive.site.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 1)
    _response, index = xml(client, "/sitemap.xml")
    sections = [s.findtext(f"{SITEMAP}loc") for s in index.findall(f"{SITEMAP}sitemap")]
    assert "http://testserver/sitemap-articles.xml?p=2" in sections
    _response, page2 = xml(client, "/sitemap-articles.xml?p=2")
    assert len(page2.findall(f"{SITEMAP}url")) == 1


def test_robots_txt_points_to_the_sitemap(client, archive):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /search/" in lines
    assert not any(line.startswith("Disallow: /admin") for line in lines)  # keep its URL quiet


def test_a_configured_site_url_is_used_for_canonical_addresses(client, archive, settings):
    settings.SITE_URL = "https://apk-archive.example"
    assert (
        "Sitemap: https://apk-archive.example/sitemap.xml"
        in client.get("/robots.txt").content.decode()
    )
    html = client.get("/sessions/27/").content.decode()
    assert '<link rel="canonical" href="https://apk-archive.example/sessions/27/">' in html


def test_feeds_and_sitemaps_allow_no_script_at_all(client, archive):
    for url in ["/articles/feed/rss/", "/sessions/27/feed/atom/", "/sitemap.xml", "/robots.txt"]:
        policy = client.get(url)["Content-Security-Policy"]
        assert policy.startswith("default-src 'none';"), url
        assert "script-src" not in policy, url  # so none, by default-src
    # The pages keep the site's own policy.
    assert "script-src 'self'" in client.get("/sessions/27/")["Content-Security-Policy"]
