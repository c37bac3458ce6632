"""The editors' side: what the Editors group can and cannot do in the admin."""

import datetime

import pytest
from django.contrib.auth.models import Group, User

from archive.models import Article, Session
from tests.factories import make_article, make_person, make_quote, make_session, make_topic

pytestmark = pytest.mark.django_db

ARCHIVE_MODELS = ["session", "person", "source", "topic", "article", "quote"]


def inline_management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_form_data(article, **changes):
    data = {
        "title": article.title,
        "slug": article.slug,
        "status": article.status,
        "lead": article.lead,
        "body": article.body,
        "author": article.author,
        "language": article.language,
        "source": article.source_id or "",
        "source_url": article.source_url,
        "published_on": article.published_on.isoformat() if article.published_on else "",
        "date_precision": article.date_precision,
        "date_text": article.date_text,
        **inline_management("session_links"),
        **inline_management("person_links"),
        **inline_management("quotes"),
    }
    data.update(changes)
    return data


def test_editors_group_exists_with_archive_permissions_only():
    group = Group.objects.get(name="Editors")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "view_article", "publish_article"} <= codenames
    assert {"add_person", "change_session", "change_quote"} <= codenames
    assert not group.permissions.exclude(content_type__app_label="archive").exists()


@pytest.mark.parametrize("model", ARCHIVE_MODELS)
def test_editors_can_list_and_add_archive_content(editor_client, model):
    assert editor_client.get(f"/admin/archive/{model}/").status_code == 200
    assert editor_client.get(f"/admin/archive/{model}/add/").status_code == 200


@pytest.mark.parametrize(
    "url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"]
)
def test_editors_cannot_manage_users_or_groups(editor_client, url):
    assert editor_client.get(url).status_code == 403


def test_visitors_are_sent_to_the_login_page(client):
    response = client.get("/admin/archive/article/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_superusers_manage_users(client):
    admin = User.objects.create_superuser("root", password="pw")
    client.force_login(admin)
    assert client.get("/admin/auth/user/").status_code == 200


def test_change_forms_open_for_every_model(editor_client):
    tokayev = make_person("Kassym-Jomart Tokayev", aliases=["K. Tokayev"])
    session = make_session(32)
    topic = make_topic("Youth")
    article = make_article("Speech", sessions=[session], people=[tokayev], topics=[topic])
    quote = make_quote(tokayev, article, session=session)
    for model, obj in [
        ("person", tokayev),
        ("session", session),
        ("topic", topic),
        ("article", article),
        ("quote", quote),
    ]:
        assert editor_client.get(f"/admin/archive/{model}/{obj.pk}/change/").status_code == 200


def test_a_person_is_found_by_any_alias(editor_client):
    make_person("Kassym-Jomart Tokayev", aliases=["Kassym-Zhomart Tokayev", "K. Tokayev"])
    make_person("Nursultan Nazarbayev", aliases=["Yelbasy"])
    html = editor_client.get("/admin/archive/person/", {"q": "Zhomart"}).content.decode()
    assert "Kassym-Jomart Tokayev" in html
    assert "Nursultan Nazarbayev" not in html
    html = editor_client.get("/admin/archive/person/", {"q": "Yelbasy"}).content.decode()
    assert "Nursultan Nazarbayev" in html


def test_session_autocomplete_understands_roman_numerals(editor_client):
    make_session(27, title="Formula of peace")
    make_session(32)
    response = editor_client.get(
        "/admin/autocomplete/",
        {"term": "XXVII", "app_label": "archive", "model_name": "articlesession",
         "field_name": "session"},
    )  # fmt: skip
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["27th session"]


def test_editor_fixes_a_date(editor_client):
    article = make_article("Repatriates Assembly", published_on=datetime.date(2019, 2, 5))
    response = editor_client.post(
        f"/admin/archive/article/{article.pk}/change/",
        article_form_data(article, published_on="2019-05-02"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.published_on == datetime.date(2019, 5, 2)


def test_a_rejected_form_keeps_what_was_typed(editor_client):
    article = make_article("Repatriates Assembly")
    response = editor_client.post(
        f"/admin/archive/article/{article.pk}/change/",
        article_form_data(
            article, title="A new title typed by the editor", published_on="2019-13-45"
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "A new title typed by the editor" in html
    assert "Enter a valid date" in html
    article.refresh_from_db()
    assert article.title == "Repatriates Assembly"


def test_session_dates_must_be_in_order(editor_client):
    response = editor_client.post(
        "/admin/archive/session/add/",
        {"number": "34", "title": "x", "start_date": "2025-04-27", "end_date": "2025-04-26",
         "date_precision": "day", "location": "", "summary": ""},
    )  # fmt: skip
    assert response.status_code == 200
    assert not Session.objects.filter(number=34).exists()


def test_unpublished_article_vanishes_from_public_pages(editor_client, visitor):
    session = make_session(32)
    person = make_person("Aida Balayeva")
    article = make_article("Balayeva at the session", sessions=[session], people=[person])
    assert "Balayeva at the session" in visitor.get("/sessions/32/").content.decode()
    response = editor_client.post(
        "/admin/archive/article/",
        {"action": "unpublish", "_selected_action": [article.pk]},
        follow=True,
    )
    assert "1 article unpublished." in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    for url in ["/", "/articles/", "/sessions/32/", f"/people/{person.slug}/"]:
        assert "Balayeva at the session" not in visitor.get(url).content.decode(), url
    assert visitor.get(article.get_absolute_url()).status_code == 404


def test_publish_action_publishes(editor_client, visitor):
    article = make_article("Ready to go", status=Article.Status.DRAFT)
    editor_client.post(
        "/admin/archive/article/", {"action": "publish", "_selected_action": [article.pk]}
    )
    assert visitor.get(article.get_absolute_url()).status_code == 200


def test_without_publish_permission_status_cannot_change(client, editor):
    group = Group.objects.create(name="Writers")
    group.permissions.set(
        Group.objects.get(name="Editors").permissions.exclude(codename="publish_article")
    )
    editor.groups.set([group])
    client.force_login(editor)
    article = make_article("Draft by a writer", status=Article.Status.DRAFT)
    client.post(
        f"/admin/archive/article/{article.pk}/change/",
        article_form_data(article, status="published"),
    )
    client.post("/admin/archive/article/", {"action": "publish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_view_on_site_links_to_the_public_page(editor_client):
    article = make_article("Seen on site")
    html = editor_client.get(f"/admin/archive/article/{article.pk}/change/").content.decode()
    assert "View on site" in html
