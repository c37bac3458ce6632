"""A visitor on /ru/ or /kk/ reads no English: every main page, with content written in
Russian and Kazakh (and English names that have their translations), shows no Latin word
but the few that are names of formats. An English name, motto or topic where the visitor's
language has its own, or an interface word left untranslated, fails here."""

import datetime
import re
from html.parser import HTMLParser

import pytest

from tests.factories import (
    make_article,
    make_person,
    make_position,
    make_quote,
    make_session,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db

# Read by a visitor (or said by a screen reader) besides the text itself.
READ_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label"}
# Read in a shared link's card or a search engine's result.
READ_META = {"description", "og:title", "og:description", "twitter:title", "twitter:description"}
UNREAD = {"script", "style", "code"}  # code samples (commands) stay as they are typed
# Names, not words to translate: formats, and the switcher's own name of English.
ALLOWED = {"RSS", "Atom", "JSON", "CSV", "UTF", "API", "English"}
ROMAN = re.compile(r"^[IVXLC]+$")  # "XXVII сессия": a session's numeral
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
ADDRESS = re.compile(r"https?://\S+|(?<!\w)/[\w/-]+/|\b[\w-]+\.(?:zip|csv|json)\b")


class ReadText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in UNREAD:
            self._skip += 1
        for name in READ_ATTRIBUTES & attributes.keys():
            self.texts.append(attributes[name] or "")
        if tag == "meta" and (attributes.get("name") or attributes.get("property")) in READ_META:
            self.texts.append(attributes.get("content") or "")

    def handle_endtag(self, tag):
        if tag in UNREAD:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.texts.append(data)


def english_words(html):
    reader = ReadText()
    reader.feed(html)
    words = []
    for text in reader.texts:
        for word in LATIN_WORD.findall(ADDRESS.sub(" ", text)):
            if word not in ALLOWED and not ROMAN.match(word):
                words.append(word)
    return words


def test_the_reader_finds_english_words_and_leaves_addresses_and_formats():
    html = (
        '<p title="Next page">Страница <a href="/x/">https://example.org/a</a></p>'
        "<code>python manage.py</code> RSS archive-people.csv"
        '<meta name="description" content="Home">'
    )
    assert english_words(html) == ["Next", "page", "Home"]


@pytest.fixture
def archive():
    """Content in Russian and Kazakh only; English names, roles, places and summaries with
    both translations."""
    s27 = make_session(
        27,
        title="Formula of peace and accord: unity and modernization",
        title_ru="Формула мира и согласия: единство и модернизация",
        title_kk="Бейбітшілік пен келісім формуласы",
        start_date=datetime.date(2019, 4, 29),
        location="Nur-Sultan",
        location_ru="Нур-Султан",
        location_kk="Нұр-Сұлтан",
        summary="Held with the participation of the First President.",
        summary_ru="Прошла с участием Первого Президента.",
        summary_kk="Тұңғыш Президенттің қатысуымен өтті.",
    )
    nazarbayev = make_person(
        "Nursultan Nazarbayev",
        name_ru="Нурсултан Назарбаев",
        name_kk="Нұрсұлтан Назарбаев",
        role="First President of Kazakhstan",
        role_ru="Первый Президент Казахстана",
        role_kk="Қазақстанның Тұңғыш Президенті",
        bio="The first President.",
        bio_ru="Первый Президент.",
        bio_kk="Тұңғыш Президент.",
    )
    make_position(nazarbayev, title="Председатель Ассамблеи", start_date=datetime.date(1995, 3, 1))
    unity = make_topic(
        "National unity",
        name_ru="Национальное единство",
        name_kk="Ұлттық бірлік",
        description="One nation of Kazakhstan.",
        description_ru="Единая нация Казахстана.",
        description_kk="Қазақстанның біртұтас ұлты.",
    )
    source = make_source("Казинформ")
    article = make_article(
        "Назарбаев открыл XXVII сессию",
        language="ru",
        author="Корреспондент",
        body="Нурсултан Назарбаев открыл XXVII сессию Ассамблеи народа Казахстана.",
        source=source,
        sessions=[s27],
        people=[nazarbayev],
        topics=[unity],
        published_on=datetime.date(2019, 4, 29),
    )
    make_quote(nazarbayev, article, text="Единство – наша главная ценность", session=s27)
    quote = make_quote(nazarbayev, article, text="Мир и согласие в нашем общем доме", reviewed=True)
    return {"article": article, "person": nazarbayev, "topic": unity, "quote": quote}


def main_pages(archive):
    article, person, topic = archive["article"], archive["person"], archive["topic"]
    return [
        "",
        "articles/",
        f"articles/{article.slug}/",
        "articles/by-date/",
        "articles/by-date/2019/",
        "articles/?topic=" + topic.slug,
        "sessions/",
        "sessions/27/",
        "timeline/",
        "people/",
        f"people/{person.slug}/",
        f"people/{person.slug}/search/?q=мир",
        "topics/",
        f"topics/{topic.slug}/",
        f"quotes/{archive['quote'].pk}/",
        "search/?q=Нур-Султан",  # no article: no facets (see the test below)
        "search/quotes/?q=мир",
        "downloads/",
        "no-such-page/",
    ]


def english_left(client, language, pages):
    left = {}
    for page in pages:
        response = client.get(f"/{language}/{page}")
        assert response.status_code in (200, 404), page
        words = english_words(response.content.decode())
        if words:
            left[page] = sorted(set(words))
    return left


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_no_english_is_left_on_the_main_pages(client, archive, language):
    assert english_left(client, language, main_pages(archive)) == {}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_no_english_is_left_on_a_search_with_results(client, archive, language):
    assert english_left(client, language, ["search/?q=Назарбаев&exact=0"]) == {}
