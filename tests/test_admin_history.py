"""History in the admin: two versions compared in words, a version restored, a deleted
record recovered, each with a message that says what happened."""

import re

import pytest
from reversion.models import Version

from archive.models import Article
from tests.factories import (
    make_article,
    make_person,
    make_quote,
    make_session,
    make_source,
    make_topic,
)
from tests.test_admin import article_form_data, inline_management

pytestmark = pytest.mark.django_db


def save(client, article, **changes):
    response = client.post(
        f"/admin/archive/article/{article.pk}/change/", article_form_data(article, **changes)
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    article.refresh_from_db()
    return response


def versions(article):
    return list(Version.objects.get_for_object(article).order_by("pk"))


def test_the_first_change_of_an_imported_article_keeps_how_it_was(editor_client):
    article = make_article("Unity day", body="First paragraph.\n\nSecond paragraph.")
    assert versions(article) == []  # made in bulk (an import), never saved in the admin
    save(editor_client, article, body="First paragraph.\n\nSecond paragraph, longer.")
    before, after = versions(article)
    assert before.field_dict["body"] == "First paragraph.\n\nSecond paragraph."
    assert after.field_dict["body"] == "First paragraph.\n\nSecond paragraph, longer."


def test_two_versions_compared_field_by_field_in_words(editor_client):
    source = make_source("Kazinform")
    article = make_article(
        "The 27th session", body="Opening words.\nThe 27th session met in Astana.\nClosing."
    )
    save(editor_client, article)
    save(
        editor_client,
        article,
        title="The 28th session",
        body="Opening words.\nThe 28th session met in Astana.\nClosing.\nA new line <b>here</b>.",
        source=source.pk,
    )
    history = editor_client.get(f"/admin/archive/article/{article.pk}/history/").content.decode()
    assert "Compare the chosen versions" in history
    first, last = versions(article)[0], versions(article)[-1]
    page = editor_client.get(
        f"/admin/archive/article/{article.pk}/history/compare/?from={first.pk}&to={last.pk}"
    )
    html = page.content.decode()
    labels = [change.label for change in page.context["changes"]]
    assert labels == ["Title", "Body", "Source"]
    assert "<del>27th</del><ins>28th</ins>" in html
    assert "<ins>A new line &lt;b&gt;here&lt;/b&gt;.</ins>" in html  # text, never markup
    assert re.search(r"<del>–</del> → <ins>Kazinform</ins>", html)
    # Restore the older one from here.
    restore = f"/admin/archive/article/{article.pk}/history/{first.pk}/"
    assert f'href="{restore}"' in html


def test_the_compare_page_shows_links_and_quotes_added_removed_and_changed(editor_client):
    session = make_session(27, title="Unity and accord")
    speaker = make_person("Kassym-Jomart Tokayev")
    article = make_article("Links change", body="Text.")
    make_quote(speaker, article, text="Unity is our strength.", position=0)
    article.session_links.create(session=session)
    quote, link = article.quotes.get(), article.session_links.get()
    kept = {
        **inline_management("session_links", total=1, initial=1),
        "session_links-0-id": link.pk,
        "session_links-0-article": article.pk,
        "session_links-0-session": session.pk,
        **inline_management("quotes", total=1, initial=1),
        "quotes-0-id": quote.pk,
        "quotes-0-article": article.pk,
        "quotes-0-speaker": speaker.pk,
        "quotes-0-position": "0",
        "quotes-0-reviewed": "on",
    }
    save(editor_client, article, **kept, **{"quotes-0-text": "Unity is our strength."})
    save(
        editor_client,
        article,
        **kept,
        **{
            "session_links-0-DELETE": "on",
            "quotes-0-text": "Unity is our <b>great</b> strength.",
            **inline_management("person_links", total=1),
            "person_links-0-person": speaker.pk,
        },
    )
    first, last = versions(article)[0], versions(article)[-1]
    page = editor_client.get(
        f"/admin/archive/article/{article.pk}/history/compare/?from={first.pk}&to={last.pk}"
    )
    html = page.content.decode()
    changes = {change.label: change for change in page.context["inline_changes"]}
    assert changes["Sessions covered"].removed == [str(session)]
    assert changes["People mentioned"].added == ["Kassym-Jomart Tokayev"]
    ((name, fields),) = changes["Quotes"].changed
    assert name == "Unity is our <b>great</b> strength."
    assert [item.label for item in fields] == ["Quoted words"]
    assert f"Removed: <del>{session}</del>" in html
    assert "<ins>&lt;b&gt;great&lt;/b&gt; </ins>" in html  # words, never markup
    assert "These two versions are the same" not in html


def test_the_compare_page_with_one_version_says_so(editor_client):
    article = make_article()
    save(editor_client, article)  # the kept first state and this save are the same text
    Version.objects.get_for_object(article).order_by("pk").first().delete()
    response = editor_client.get(
        f"/admin/archive/article/{article.pk}/history/compare/", follow=True
    )
    assert "There is only one version: nothing to compare yet." in response.content.decode()


def test_restore_this_version_says_what_it_did(editor_client):
    article = make_article("Before", body="Old text.")
    save(editor_client, article, title="After", body="New text.")
    old = versions(article)[0]
    url = f"/admin/archive/article/{article.pk}/history/{old.pk}/"
    page = editor_client.get(url).content.decode()
    assert "Press Save to restore it" in page
    response = editor_client.post(url, article_form_data(article, title="Before", body="Old text."))
    assert response.status_code == 302
    assert response.url == f"/admin/archive/article/{article.pk}/change/"
    article.refresh_from_db()
    assert (article.title, article.body) == ("Before", "Old text.")
    message = str(next(iter(response.wsgi_request._messages)))
    assert message.startswith("The article “Before” was restored to its version of ")
    assert "the version it replaced stays in its history" in message


def test_a_deleted_article_is_recovered_with_a_message_that_says_so(editor_client, visitor):
    topic = make_topic("Youth")
    article = make_article("Gone for a while", topics=[topic])
    slug = article.slug
    response = editor_client.post(
        f"/admin/archive/article/{article.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert not Article.objects.filter(slug=slug).exists()
    listing = editor_client.get("/admin/archive/article/recover/").content.decode()
    assert "Gone for a while" in listing
    (deleted,) = Version.objects.get_deleted(Article)
    url = f"/admin/archive/article/recover/{deleted.pk}/"
    data = article_form_data(article)
    data["topics"] = [topic.pk]
    response = editor_client.post(url, data)
    assert response.status_code == 302
    recovered = Article.objects.get(slug=slug)
    assert response.url == f"/admin/archive/article/{recovered.pk}/change/"
    message = str(next(iter(response.wsgi_request._messages)))
    assert message.startswith(
        "The article “Gone for a while” was recovered: it is back as it was when it was deleted"
    )
    assert list(recovered.topics.all()) == [topic]
    assert visitor.get(recovered.get_absolute_url()).status_code == 200
