"""An XSS corpus pushed through every way text enters the archive never reaches a page as markup.

Entry points: the admin's forms, the CSV import, the plain-text import, the search box and
the article filters. After each, every page that can show the text is parsed as a browser
would and checked for anything that would run: a script, an event handler, a javascript:
URL, SVG/MathML/iframe/object/base elements, inline styles.
"""

import csv
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.core.management import call_command

from archive.models import Article, Person, Source, Topic
from archive.transfer import pipeline
from tests.factories import make_article, make_person, make_session, make_source, make_topic
from tests.test_admin import inline_management

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '<script>alert("xss")</script>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)" x="',
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "![img](javascript:alert(1))",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<base href="javascript:alert(1)//">',
    '<div style="background:url(javascript:alert(1))">styled</div>',
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)",  # never closed
    "javascript:alert(1)",
]
ONE_LINE = " ".join(PAYLOADS)
FORBIDDEN_TAGS = {"svg", "math", "iframe", "object", "embed", "base", "style", "frame", "applet"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster"}


class InjectionFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []
        self.text = []
        self._inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            src = attributes.get("src") or ""
            own = src.startswith("/") and not src.startswith("//")  # same site: static, jsi18n
            if not (own or attributes.get("type") == "application/json"):
                self.found.append(f"<script {attrs}>")
        if tag in FORBIDDEN_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value:
                scheme = "".join(ch for ch in value if ch > " ").lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:text")):
                    self.found.append(f"<{tag} {name}={value!r}>")

    def handle_data(self, data):
        self.text.append(data)


def inspect(html):
    finder = InjectionFinder()
    finder.feed(html)
    finder.close()
    return finder.found, " ".join(finder.text)


def assert_safe(client, urls, allowed=()):
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        found, _text = inspect(response.content.decode())
        assert [item for item in found if item not in allowed] == [], url


def shown_as_text(client, url, words):
    _found, text = inspect(client.get(url).content.decode())
    return words in text


def public_pages(*objects):
    urls = ["/", "/articles/", "/sessions/", "/people/", "/topics/", "/search/?q=alert"]
    return urls + [obj.get_absolute_url() for obj in objects]


# The admin draws its own icons as inline SVG; an <svg> with a handler or a script inside is
# still caught by the attribute and script checks.
ADMIN_OWN = {"<svg>"}


def admin_pages(*objects):
    urls = []
    for obj in objects:
        opts = obj._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        urls += [base, f"{base}{obj.pk}/change/", f"{base}{obj.pk}/history/"]
    return urls


def test_the_checker_finds_every_payload_when_it_is_not_escaped():
    """The test below would be worthless if the parser missed raw payloads."""
    import markdown

    for payload in PAYLOADS:
        unescaped = (
            f'<p>{payload}</p><input value="{payload}"><a href="{payload}">x</a>'
            + markdown.markdown(payload)  # Markdown's own output, not sanitised
        )
        found, _text = inspect(unescaped)
        assert found, payload


# --- The admin's forms --------------------------------------------------------------------------


def test_text_typed_in_the_admin_is_shown_as_text(editor_client, visitor):
    session = make_session(27)
    title = '<script>alert("xss")</script> Unity'
    response = editor_client.post(
        "/admin/archive/person/add/",
        {
            "name": "Aida <img src=x onerror=alert(1)> Balayeva",
            "slug": "aida-balayeva",
            "sort_name": "",
            "role": PAYLOADS[3],
            "bio": ONE_LINE,
            **inline_management("aliases", total=1),
            "aliases-0-name": "<svg/onload=alert(1)>",
            **inline_management("positions"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(slug="aida-balayeva")
    response = editor_client.post(
        "/admin/archive/topic/add/",
        {"name": "<b onmouseover=alert(1)>Youth</b>", "slug": "youth", "description": ONE_LINE},
    )
    assert response.status_code == 302
    topic = Topic.objects.get(slug="youth")
    response = editor_client.post(
        "/admin/archive/article/add/",
        {
            "title": title,
            "slug": "xss-article",
            "status": "published",
            "lead": ONE_LINE,
            "body": "\n\n".join(PAYLOADS),
            "author": "'><img src=x onerror=alert(1)>",
            "language": "en",
            "source": "",
            "source_url": "",
            "published_on": "2023-04-27",
            "date_precision": "day",
            "date_text": "<script>alert(2)</script>",
            "topics": [topic.pk],
            **inline_management("session_links", total=1),
            "session_links-0-session": session.pk,
            **inline_management("person_links", total=1),
            "person_links-0-person": person.pk,
            **inline_management("quotes", total=1),
            "quotes-0-speaker": person.pk,
            "quotes-0-text": ONE_LINE,
            "quotes-0-context": PAYLOADS[0],
            "quotes-0-position": "0",
            "quotes-0-reviewed": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="xss-article")

    assert_safe(visitor, public_pages(article, person, topic, session))
    assert_safe(editor_client, ["/admin/", *admin_pages(article, person, topic)], ADMIN_OWN)
    assert shown_as_text(visitor, article.get_absolute_url(), title)
    assert shown_as_text(visitor, person.get_absolute_url(), person.name)


def test_the_admin_refuses_javascript_urls(editor_client):
    response = editor_client.post(
        "/admin/archive/source/add/",
        {"name": "Evil", "slug": "evil", "url": "javascript:alert(1)"},
    )
    assert response.status_code == 200  # the form again, with the error
    assert "Enter a valid URL" in response.content.decode()


MARKUP_URLS = [
    "https://example.com/<script>alert(1)</script>",
    'https://example.com/"><img src=x onerror=alert(1)>',
    "http://example.com/a`b",
    "https://example.com/{x}",
    "ftp://example.com/file",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("url", MARKUP_URLS)
def test_the_admin_refuses_urls_with_markup_or_other_schemes(editor_client, url):
    response = editor_client.post(
        "/admin/archive/source/add/", {"name": "Evil", "slug": "evil", "url": url}
    )
    assert response.status_code == 200  # the form again, with the error
    assert "Enter a valid URL" in response.content.decode()
    assert not Source.objects.exists()
    response = editor_client.post(
        "/admin/archive/article/add/",
        {
            "title": "Link trap",
            "slug": "link-trap",
            "status": "published",
            "language": "en",
            "source_url": url,
            "date_precision": "day",
            **inline_management("session_links"),
            **inline_management("person_links"),
            **inline_management("quotes"),
        },
    )
    assert response.status_code == 200
    assert "Enter a valid URL" in response.content.decode()
    assert not Article.objects.exists()


def test_plain_web_addresses_are_accepted(editor_client, client):
    url = "https://example.com/news/2023/04/27/unity?id=5&lang=en#top"
    response = editor_client.post(
        "/admin/archive/source/add/", {"name": "Kazinform", "slug": "kazinform", "url": url}
    )
    assert response.status_code == 302
    assert Source.objects.get().url == url


@pytest.mark.parametrize("url", MARKUP_URLS)
def test_spreadsheet_urls_with_markup_are_refused(tmp_path, url):
    sources = write_csv(tmp_path / "sources.csv", ["name", "slug", "url"], [["Evil", "evil", url]])
    outcome = pipeline.import_file("sources", str(sources))
    assert not outcome.ok
    assert not Source.objects.exists()
    articles = write_csv(tmp_path / "articles.csv", ["title", "source_url"], [["Trap", url]])
    outcome = pipeline.import_file("articles", str(articles))
    assert not outcome.ok
    assert not Article.objects.exists()


# --- The CSV import ----------------------------------------------------------------------------


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_text_imported_from_spreadsheets_is_shown_as_text(tmp_path, visitor, editor_client):
    make_session(32)
    files = {
        "people": write_csv(
            tmp_path / "people.csv",
            ["name", "slug", "aliases", "role", "bio"],
            [
                [
                    "Erlan <script>alert(1)</script> Karin",
                    "karin",
                    "<svg/onload=alert(1)>",
                    PAYLOADS[3],
                    ONE_LINE,
                ]
            ],
        ),
        "topics": write_csv(
            tmp_path / "topics.csv",
            ["name", "slug", "description"],
            [["Harmony <img src=x onerror=alert(1)>", "harmony", ONE_LINE]],
        ),
        "sources": write_csv(
            tmp_path / "sources.csv", ["name", "slug", "url"], [["Kazinform <b>", "kaz", ""]]
        ),
        "articles": write_csv(
            tmp_path / "articles.csv",
            [
                "title",
                "slug",
                "status",
                "source",
                "sessions",
                "people",
                "topics",
                "author",
                "date_text",
                "lead",
                "body",
            ],
            [
                [
                    '"><script>alert(1)</script> Accord',
                    "csv-xss",
                    "published",
                    "kaz",
                    "32",
                    "karin",
                    "harmony",
                    PAYLOADS[2],
                    "<b>spring</b>",
                    ONE_LINE,
                    "\n\n".join(PAYLOADS),
                ]
            ],
        ),
        "quotes": write_csv(
            tmp_path / "quotes.csv",
            ["text", "speaker", "article", "context", "reviewed"],
            [[ONE_LINE, "karin", "csv-xss", PAYLOADS[6], "yes"]],
        ),
    }
    for kind, path in files.items():
        outcome = pipeline.import_file(kind, str(path))
        assert outcome.ok, (kind, [str(problem) for problem in outcome.errors])

    article = Article.objects.get(slug="csv-xss")
    person = Person.objects.get(slug="karin")
    topic = Topic.objects.get(slug="harmony")
    assert_safe(visitor, public_pages(article, person, topic))
    assert_safe(editor_client, admin_pages(article, person, topic), ADMIN_OWN)
    assert shown_as_text(visitor, article.get_absolute_url(), article.title)


def test_spreadsheet_javascript_urls_are_refused(tmp_path):
    path = write_csv(
        tmp_path / "articles.csv",
        ["title", "source_url"],
        [["Link trap", "javascript:alert(1)"]],
    )
    outcome = pipeline.import_file("articles", str(path))
    assert not outcome.ok
    assert not Article.objects.filter(title="Link trap").exists()


# --- The plain-text import ---------------------------------------------------------------------


def test_plain_text_articles_are_shown_as_text(tmp_path, visitor):
    title = "<script>alert(1)</script> Assembly opens"
    text = "\n".join([title, "27 April 2023", "", *PAYLOADS, "", "Alikhan <b>Assangeldi</b>"])
    (tmp_path / "xss.txt").write_text(text, encoding="utf-8")
    call_command("import_articles", str(tmp_path / "xss.txt"), status="published", verbosity=0)

    article = Article.objects.get()
    assert_safe(visitor, public_pages(article))
    assert shown_as_text(visitor, article.get_absolute_url(), title)
    assert shown_as_text(visitor, article.get_absolute_url(), "onerror=alert(1)")


# --- The search box and the filters --------------------------------------------------------------


@pytest.fixture
def small_archive():
    source = make_source("The Astana Times")
    topic = make_topic("Youth")
    person = make_person("Kassym-Jomart Tokayev")
    session = make_session(32)
    make_article("Unity", source=source, topics=[topic], people=[person], sessions=[session])
    return source


def test_search_queries_are_shown_as_text(small_archive, visitor):
    for payload in PAYLOADS:
        url = f"/search/?q={quote(payload)}"
        assert_safe(visitor, [url])
    # The query is repeated on the page (in the search box), escaped.
    html = visitor.get(f"/search/?q={quote(PAYLOADS[0])}").content.decode()
    assert "&lt;script&gt;alert(" in html


@pytest.mark.parametrize(
    "name", ["source", "topic", "person", "session", "language", "year", "ordering", "page"]
)
def test_filter_values_are_never_markup(small_archive, visitor, name):
    for payload in PAYLOADS:
        assert_safe(visitor, [f"/articles/?{name}={quote(payload)}"])
        assert_safe(visitor, [f"/search/?q=unity&{name}={quote(payload)}"])


# --- The feeds -----------------------------------------------------------------------------------


RSS_FIELDS = {"title", "link", "description", "creator", "category", "guid"}
ATOM_FIELDS = {"title", "link@href", "subtitle", "summary", "name", "category@term", "id"}


def feed_fields(root):
    """Every text and attribute value of a feed, as a reader has it after parsing the XML."""
    for element in root.iter():
        tag = element.tag.rpartition("}")[2]
        if element.text and element.text.strip():
            yield tag, element.text
        for name, value in element.attrib.items():
            yield f"{tag}@{name}", value


def assert_feed_shows_text_only(client, url):
    import xml.etree.ElementTree as ET

    response = client.get(url)
    assert response.status_code == 200, url
    root = ET.fromstring(response.content)
    fields = list(feed_fields(root))
    for field, value in fields:
        # A reader takes titles, descriptions, authors and categories as HTML: once the XML is
        # read, no "<" may be left to open a tag, and nothing in it may run.
        assert "<" not in value, (url, field, value)
        found, _text = inspect(value)
        assert found == [], (url, field, value)
        if field in {"link", "link@href", "guid", "id", "comments"}:
            assert value.startswith("http://testserver/"), (url, field, value)
    return fields


def test_feeds_show_every_text_as_text(visitor):
    import html

    session = make_session(27)
    for number, payload in enumerate(PAYLOADS):
        person = make_person(payload, slug=f"person-{number}")
        topic = make_topic(payload, slug=f"topic-{number}")
        source = make_source(payload, slug=f"source-{number}")
        common = {"sessions": [session], "people": [person], "topics": [topic]}
        make_article(payload, slug=f"lead-{number}", lead=payload, author=payload, **common)
        make_article(payload, slug=f"body-{number}", body=payload, source=source, **common)

        urls = [
            url.format(kind=kind)
            for url in [
                "/articles/feed/{kind}/",
                session.get_absolute_url() + "feed/{kind}/",
                person.get_absolute_url() + "feed/{kind}/",
                topic.get_absolute_url() + "feed/{kind}/",
            ]
            for kind in ("rss", "atom")
        ]
        for url in urls:
            fields = assert_feed_shows_text_only(visitor, url)
            names = {field for field, _value in fields}
            # Every kind of field was looked at, and the payload is there, shown as text.
            assert names >= (ATOM_FIELDS if url.endswith("atom/") else RSS_FIELDS), url
            shown = [html.unescape(value) for _field, value in fields]
            assert payload in shown or any(payload in value for value in shown), (url, payload)
        for url in urls[4:]:  # the person's and the topic's feeds name them in their own title
            channel_title = dict(assert_feed_shows_text_only(visitor, url))["title"]
            assert payload in html.unescape(channel_title), url
