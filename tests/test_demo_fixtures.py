"""The demo fixture (fixtures/demo.json) loads and says what the five seed documents say."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from archive.models import (
    Alias,
    Article,
    ArticlePerson,
    ArticleSession,
    LinkOrigin,
    Person,
    Quote,
    Session,
)
from archive.search import bulk_indexing
from archive.text.normalise import name_key

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo.json"
INTERVIEW = "repatriates-assembly"  # seed 002, the XXVII-session interview
SPEECH = (  # seed 004, The Astana Times on the 32nd session
    "president-tokayev-highlights-assembly-of-people-of-kazakhstans-role-in-ensuring-"
    "unity-amid-global-turbulence"
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    # One index update at the end instead of one per object: the load takes a third of the time.
    with bulk_indexing():
        call_command("loaddata", str(DEMO), verbosity=0)


def article_text(article):
    return f"{article.title}\n{article.lead}\n{article.body}"


def test_the_five_seed_articles_and_four_briefs_are_published(demo):
    assert Article.objects.count() == 9
    assert Article.objects.published().count() == 9
    languages = sorted(Article.objects.values_list("language", flat=True))
    assert languages == ["en"] * 5 + ["kk"] * 2 + ["ru"] * 2


def test_the_32nd_session_has_its_motto_dates_and_place(demo):
    session = Session.objects.get(number=32)
    assert session.title == "Fair Kazakhstan: unity, stability, development"
    assert (session.start_date, session.end_date) == (
        datetime.date(2023, 4, 26),
        datetime.date(2023, 4, 27),
    )
    assert session.location == "Astana"


def test_the_first_ten_sessions_have_mottos_and_months(demo):
    first_ten = Session.objects.filter(number__lte=10)
    assert list(first_ten.values_list("number", flat=True)) == list(range(1, 11))
    assert all(s.title and s.date_precision == "month" for s in first_ten)
    assert first_ten.get(number=1).title == "For Peace and Accord in our Common Home"
    assert first_ten.get(number=10).date_display == "December 2003"


@pytest.mark.parametrize("spelling", ["Kassym-Zhomart Tokayev", "K. Tokayev", "K.K.Tokayev"])
def test_tokayev_is_found_under_the_spellings_of_the_seeds(demo, spelling):
    assert list(Person.objects.by_name(spelling).values_list("slug", flat=True)) == [
        "kassym-jomart-tokayev"
    ]


def test_computed_name_keys_match_what_save_would_compute(demo):
    # loaddata skips save(): a wrong key would make by_name() miss the person.
    for person in Person.objects.all():
        assert person.name_key == name_key(person.name), person.name
    for alias in Alias.objects.all():
        assert alias.key == name_key(alias.name), alias.name


def test_the_patriotism_quote_is_tokayevs_at_the_32nd_session(demo):
    quote = Quote.objects.get(
        article__slug=SPEECH, text__startswith="Patriotism should never be confused"
    )
    assert quote.speaker.slug == "kassym-jomart-tokayev"
    assert quote.session.number == 32


def test_the_quotes_are_public_and_quote_their_article_word_for_word(demo):
    quotes = Quote.objects.public().select_related("article")
    assert quotes.count() >= 15
    for quote in quotes:
        assert quote.text in article_text(quote.article), quote.text[:60]
        assert quote.article.people.filter(pk=quote.speaker_id).exists(), quote.text[:60]


def test_matched_text_is_found_in_the_article(demo):
    links = ArticlePerson.objects.select_related("article").exclude(matched_text="")
    assert links.exists()
    for link in links:
        assert link.matched_text in article_text(link.article), link.matched_text


def test_the_2019_interview_is_dated_and_linked(demo):
    interview = Article.objects.get(slug=INTERVIEW)
    assert (interview.published_on, interview.date_precision) == (datetime.date(2019, 5, 2), "day")
    assert list(interview.sessions.values_list("number", flat=True)) == [27]
    assert interview.people.filter(name="Zhanseit Tuimebayev").exists()
    nazarbayev = ArticlePerson.objects.get(article=interview, person__slug="nursultan-nazarbayev")
    assert nazarbayev.matched_text == "N.A. Nazarbayev"


def test_a_session_the_text_does_not_number_is_an_editors_link(demo):
    link = ArticleSession.objects.get(article__slug=SPEECH)
    assert (link.session.number, link.origin) == (32, LinkOrigin.EDITOR)


def test_the_yearless_date_line_is_kept_as_printed(demo):
    article = Article.objects.get(author="Alikhan Assangeldi")
    assert article.published_on is None
    assert article.date_text == "7 June, 15:38"


def test_loading_twice_duplicates_nothing(demo):
    models = apps.get_app_config("archive").get_models()
    before = {model: model.objects.count() for model in models}
    call_command("loaddata", str(DEMO), verbosity=0)  # as `manage.py loaddata` does it
    assert {model: model.objects.count() for model in before} == before


def test_load_demo_fills_the_queue_and_an_editor_empties_it(editor_client):
    from archive.models import UnmatchedName

    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "2 unmatched names wait in the editors' queue" in out.getvalue()
    queue = editor_client.get("/admin/archive/unmatchedname/")
    waiting = list(queue.context["cl"].result_list)
    assert [(e.name, e.occurrences) for e in waiting] == [("President", 2), ("Head of State", 1)]
    for entry in waiting:
        response = editor_client.post(
            f"/admin/archive/unmatchedname/{entry.pk}/change/",
            {"person": "", "new_person_name": entry.name, "_ignore": "1"},
        )
        assert response.status_code == 302
    assert list(editor_client.get("/admin/archive/unmatchedname/").context["cl"].result_list) == []
    assert UnmatchedName.objects.filter(status=UnmatchedName.Status.IGNORED).count() == 2


BRIEFS = {  # slug prefix: (language, session, its translation's slug prefix)
    "v-nur-sultane-proshla-xxvii": ("ru", 27, "nur-sultanda-"),
    "nur-sultanda-": ("kk", 27, "v-nur-sultane-proshla-xxvii"),
    "v-astane-proshla-xxxiv": ("ru", 34, "astanada-"),
    "astanada-": ("kk", 34, "v-astane-proshla-xxxiv"),
}


def test_load_demo_links_the_russian_and_kazakh_briefs_to_their_session_and_people(db):
    call_command("load_demo", stdout=StringIO())
    for prefix, (language, number, translation) in BRIEFS.items():
        article = Article.objects.get(slug__startswith=prefix)
        assert article.language == language
        assert [s.number for s in article.sessions.all()] == [number]
        people = {link.person.slug for link in article.person_links.all()}
        assert people == {"nursultan-nazarbayev", "kassym-jomart-tokayev"}
        assert [t.slug[: len(translation)] for t in article.translations.all()] == [translation]
    spellings = set(ArticlePerson.objects.values_list("matched_text", flat=True))
    assert {"Нурсултана Назарбаева", "Нұрсұлтан Назарбаевтың", "Қасым-Жомарт Тоқаев"} <= spellings


def test_a_visitor_from_almaty_finds_nazarbayev_in_russian_and_kazakh(client):
    call_command("load_demo", stdout=StringIO())
    response = client.get("/kk/search/?q=Назарбаев", follow=True)
    assert response.redirect_chain == [("/kk/people/nursultan-nazarbayev/", 302)]
    page = response.content.decode()
    for prefix in BRIEFS:
        assert f'href="/kk/articles/{prefix}' in page
    results = client.get("/kk/search/?q=Назарбаев&exact=0").content.decode()
    for prefix in BRIEFS:
        assert f'href="/kk/articles/{prefix}' in results
    assert 'href="/kk/people/nursultan-nazarbayev/"' in results


def test_the_mottos_are_only_the_ones_known(demo):
    mottos = {
        s.number: (s.title, s.title_ru, s.title_kk)
        for s in Session.objects.filter(number__in=[1, 27, 33, 34])
    }
    assert mottos == {
        1: ("For Peace and Accord in our Common Home", "За мир и согласие в нашем общем доме", ""),
        27: (
            "Formula of peace and accord: unity and modernization",
            "Формула мира и согласия: единство и модернизация",
            "",
        ),
        33: ("Unity. Creation. Progress.", "Единство. Созидание. Прогресс.", ""),
        34: ("", "", ""),
    }
