"""Detected links in the database: what detection adds and removes, what editors keep, quote
suggestions, and the article page with its first mentions linked."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.linking import detection
from archive.linking.bodies import linked_body_html
from archive.linking.quotes import suggest_quotes
from archive.models import (
    Article,
    ArticlePerson,
    ArticleSession,
    LinkOrigin,
    Quote,
    SuppressedLink,
)
from tests.factories import make_article, make_draft, make_person, make_quote, make_session
from tests.linking.helpers import detection_queries
from tests.test_admin import article_form_data, inline_management

pytestmark = pytest.mark.django_db

DETECTED, EDITOR = LinkOrigin.DETECTED, LinkOrigin.EDITOR


@pytest.fixture
def world():
    sessions = {n: make_session(n) for n in (27, 32, 33)}
    tokayev = make_person(
        "Kassym-Jomart Tokayev",
        aliases=["Kassym-Zhomart Tokayev", "K. Tokayev", "K.K. Tokayev"],
        role="President of Kazakhstan",
    )
    nazarbayev = make_person(
        "Nursultan Nazarbayev",
        aliases=["N.A. Nazarbayev", "Yelbasy", "Yelbassy"],
        role="First President of Kazakhstan",
    )
    dementieva = make_person("Natalia Dementieva", role="Member of the Mazhilis")
    return {"s": sessions, "tokayev": tokayev, "nazarbayev": nazarbayev, "dementieva": dementieva}


def links_of(article):
    return (
        sorted(article.session_links.values_list("session__number", "origin")),
        sorted(article.person_links.values_list("person__name", "origin", "matched_text")),
    )


def test_build_matcher_reads_everything_in_three_queries(world, django_assert_num_queries):
    for n in range(20):
        make_person(f"Extra Person{n}", aliases=[f"E. Person{n}"])
    with django_assert_num_queries(3):
        matcher = detection.build_matcher()
    assert matcher.session_ids == {n: s.pk for n, s in world["s"].items()}


def test_detection_links_what_the_text_names(world):
    article = make_article(
        "Unity at the XXVII session",
        lead="Yelbasy N.A. Nazarbayev opened it.",
        body="President K.K.Tokayev spoke. Dementieva's report followed. The 30th anniversary "
        "and the third meeting of the National Kurultai were mentioned.",
    )
    report = detection.detect_links(Article.objects.all())
    assert links_of(article) == (
        [(27, DETECTED)],
        [
            ("Kassym-Jomart Tokayev", DETECTED, "K.K.Tokayev"),
            ("Natalia Dementieva", DETECTED, "Dementieva"),
            ("Nursultan Nazarbayev", DETECTED, "N.A. Nazarbayev"),
        ],
    )
    assert (report.articles, report.sessions_added, report.people_added) == (1, 1, 3)
    assert report.lines() == [
        "“Unity at the XXVII session”: + sessions 27; + Nursultan Nazarbayev, "
        "Kassym-Jomart Tokayev, Natalia Dementieva"
    ]
    assert "1 session link(s) and 3 person link(s) added" in report.summary()


def test_running_again_changes_nothing(world):
    make_article(body="K. Tokayev at the 32nd session.")
    detection.detect_links(Article.objects.all())
    before = sorted(ArticlePerson.objects.values_list("pk", "matched_text"))
    report = detection.detect_links(Article.objects.all())
    assert report.changes == []
    assert "0 changed" in report.summary()
    assert sorted(ArticlePerson.objects.values_list("pk", "matched_text")) == before


def test_a_link_an_editor_removed_is_not_added_again(world):
    article = make_article(body="K. Tokayev at the 32nd session.")
    SuppressedLink.objects.create(article=article, session=world["s"][32])
    SuppressedLink.objects.create(article=article, person=world["tokayev"])
    detection.detect_links([article])
    assert links_of(article) == ([], [])


def test_editor_links_stay_and_stale_detected_links_go(world):
    article = make_article(body="K. Tokayev at the 32nd session.", sessions=[world["s"][27]])
    ArticlePerson.objects.create(article=article, person=world["dementieva"], origin=EDITOR)
    detection.detect_links([article])
    Article.objects.filter(pk=article.pk).update(
        body="Kassym-Jomart Tokayev at the XXXIII session."
    )
    article.refresh_from_db()
    report = detection.detect_links([article])
    assert links_of(article) == (
        [(27, EDITOR), (33, DETECTED)],
        [
            ("Kassym-Jomart Tokayev", DETECTED, "Kassym-Jomart Tokayev"),
            ("Natalia Dementieva", EDITOR, ""),
        ],
    )
    (change,) = report.changes
    assert (change.sessions_added, change.sessions_removed) == ([33], [32])
    assert (change.people_added, change.people_removed) == ([], [])


def test_a_detected_person_no_longer_named_is_unlinked(world):
    article = make_article(body="Yelbasy spoke.")
    detection.detect_links([article])
    Article.objects.filter(pk=article.pk).update(body="Nobody spoke.")
    report = detection.detect_links(Article.objects.filter(pk=article.pk))
    assert links_of(article) == ([], [])
    assert report.changes[0].people_removed == ["Nursultan Nazarbayev"]


def test_drafts_are_linked_too(world):
    draft = make_draft(body="At the 33rd session.")
    detection.detect_links(Article.objects.all())
    assert list(draft.sessions.values_list("number", flat=True)) == [33]


def test_queries_do_not_grow_with_the_number_of_articles(world):
    def queries_for(count):
        Article.objects.all().delete()
        for n in range(count):
            make_article(f"A{n}", body=f"K. Tokayev and Yelbasy at the {27 + n % 2}th session.")
        return detection_queries()

    assert queries_for(3) == queries_for(25)


def test_a_failure_writes_nothing(world, monkeypatch):
    make_article(body="K. Tokayev at the 32nd session.")
    make_article(body="Yelbasy at the 27th session.")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ArticlePerson.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        detection.detect_links(Article.objects.all())
    assert not ArticleSession.objects.exists()
    assert not ArticlePerson.objects.exists()


def test_preview_writes_nothing(world):
    matcher = detection.build_matcher()
    preview = detection.preview_links("Tokayev at the XXXII and 45th sessions.", matcher)
    assert [s.number for s in preview.sessions] == [32]
    assert [(p.name, p.text) for p in preview.people] == [("Kassym-Jomart Tokayev", "Tokayev")]
    assert preview.unknown_sessions == [45]
    assert preview.summary() == (
        "sessions 32; people Kassym-Jomart Tokayev (as “Tokayev”); not in the archive: sessions 45"
    )
    assert not ArticleSession.objects.exists() and not ArticlePerson.objects.exists()


# --- Editors' changes --------------------------------------------------------------------------


def test_removed_links_are_suppressed_and_re_added_ones_become_the_editors(world):
    s27, s32, tokayev = world["s"][27], world["s"][32], world["tokayev"]
    article = make_article(body="K. Tokayev at the 27th and 32nd sessions.")
    detection.detect_links([article])
    article.session_links.filter(session=s27).delete()
    article.person_links.all().delete()
    change = detection.suppress_removed_links(
        article, {s27.pk, s32.pk}, {s32.pk}, {tokayev.pk}, set()
    )
    assert change.suppressed == 2
    detection.detect_links([article])
    assert links_of(article) == ([(32, DETECTED)], [])

    ArticleSession.objects.create(article=article, session=s27, origin=DETECTED)
    change = detection.suppress_removed_links(article, {s32.pk}, {s27.pk, s32.pk}, set(), set())
    assert change.restored == 1
    assert not SuppressedLink.objects.filter(session=s27).exists()
    assert SuppressedLink.objects.filter(person=tokayev).exists()
    assert links_of(article)[0] == [(27, EDITOR), (32, DETECTED)]


def test_an_editor_removing_a_link_in_the_admin_keeps_it_removed(world, editor_client):
    article = make_article(body="K. Tokayev at the 32nd session.")
    detection.detect_links([article])
    link = article.session_links.get()
    person_link = article.person_links.get()
    data = article_form_data(
        article,
        **inline_management("session_links", total=1, initial=1),
        **{
            "session_links-0-id": link.pk,
            "session_links-0-article": article.pk,
            "session_links-0-session": link.session_id,
            "session_links-0-DELETE": "on",
        },
        **inline_management("person_links", total=1, initial=1),
        **{
            "person_links-0-id": person_link.pk,
            "person_links-0-article": article.pk,
            "person_links-0-person": person_link.person_id,
        },
    )
    response = editor_client.post(f"/admin/archive/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert SuppressedLink.objects.filter(article=article, session=world["s"][32]).exists()
    detection.detect_links([article])
    assert links_of(article) == (
        [],
        [("Kassym-Jomart Tokayev", DETECTED, "K. Tokayev")],
    )


def test_the_admin_action_detects_links(world, editor_client):
    article = make_article(body="K. Tokayev at the 32nd session.")
    response = editor_client.post(
        "/admin/archive/article/",
        {"action": "detect_links", "_selected_action": [article.pk]},
        follow=True,
    )
    assert "1 session link(s) and 1 person link(s) added" in response.content.decode()
    assert links_of(article)[0] == [(32, DETECTED)]


# --- Quote suggestions ---------------------------------------------------------------------------

SPEECH = (
    "President K. Tokayev spoke at the 32nd session.\n\n"
    "“Patriotism should never be confused with national arrogance,” he said.\n\n"
    "“Unity is not only a path to the goal,” said the Head of State. Natalia Dementieva "
    'agreed. She said, "Foreign journalists are amazed."'
)


def test_quotes_are_suggested_for_review(world):
    article = make_article(body=SPEECH)
    detection.detect_links([article])
    assert suggest_quotes(Article.objects.all()) == 3
    quotes = list(Quote.objects.order_by("position").values_list("speaker__name", "text"))
    assert quotes == [
        ("Kassym-Jomart Tokayev", "Patriotism should never be confused with national arrogance"),
        ("Kassym-Jomart Tokayev", "Unity is not only a path to the goal"),
        ("Natalia Dementieva", "Foreign journalists are amazed."),
    ]
    assert not Quote.objects.filter(reviewed=True).exists()
    assert not Quote.objects.public().exists()
    assert set(Quote.objects.values_list("session__number", flat=True)) == {32}
    assert "he said" in Quote.objects.get(position=1).context


def test_quotes_already_there_are_not_suggested_again(world):
    article = make_article(body=SPEECH)
    make_quote(
        world["tokayev"],
        article,
        "patriotism  should never be confused with national arrogance.",
        position=5,
    )
    assert suggest_quotes([article]) == 2
    assert suggest_quotes([article]) == 0
    assert list(Quote.objects.filter(reviewed=False).values_list("position", flat=True)) == [6, 7]


def test_the_same_words_by_someone_else_are_a_new_quote(world):
    article = make_article(body=SPEECH)
    make_quote(
        world["dementieva"], article, "Patriotism should never be confused with national arrogance"
    )
    assert suggest_quotes([article]) == 3


def test_the_admin_action_suggests_quotes(world, editor_client):
    article = make_article(body=SPEECH)
    response = editor_client.post(
        "/admin/archive/article/",
        {"action": "suggest_quotes", "_selected_action": [article.pk]},
        follow=True,
    )
    assert "3 quotes suggested" in response.content.decode()


# --- The article page ----------------------------------------------------------------------------


def test_the_first_mentions_of_linked_people_and_sessions_are_links(world, client):
    article = make_article(
        body="## K. Tokayev at the 32nd session\n\n"
        "President K. Tokayev spoke at the 32nd session. Kassym-Jomart Tokayev left.\n\n"
        "Natalia Dementieva was there too."
    )
    detection.detect_links([article])
    article.person_links.filter(person=world["dementieva"]).delete()  # not linked: no link
    html = client.get(article.get_absolute_url()).content.decode()
    start = html.index('<div class="body">')
    body = html[start : html.index("</div>", start)]
    assert body.count('href="/people/kassym-jomart-tokayev/"') == 1
    assert body.count('href="/sessions/32/"') == 1
    assert '<a href="/people/kassym-jomart-tokayev/" class="autolink autolink-person" ' in body
    assert "<h2>K. Tokayev at the 32nd session</h2>" in body
    assert 'href="/people/natalia-dementieva/"' not in body


def test_linked_body_html_needs_one_query_when_the_links_are_prefetched(world):
    article = make_article(body="K. Tokayev and Yelbasy at the 32nd session.")
    detection.detect_links([article])
    article = Article.objects.prefetch_related("sessions", "person_links__person").get(
        pk=article.pk
    )
    with CaptureQueriesContext(connection) as queries:
        html = linked_body_html(article)
    assert len(queries) == 1
    assert 'href="/people/nursultan-nazarbayev/"' in html
    assert ">Yelbasy</a>" in html


def test_a_sliced_or_filtered_queryset_is_fine(world):
    first = make_article("First", body="At the 27th session.")
    second = make_article("Second", body="At the 32nd session.")
    detection.detect_links(Article.objects.order_by("title")[:1])
    assert list(first.sessions.values_list("number", flat=True)) == [27]
    assert not second.sessions.exists()
    detection.detect_links(Article.objects.filter(title__startswith="Sec"))
    assert list(second.sessions.values_list("number", flat=True)) == [32]
