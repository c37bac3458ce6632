"""The admin as a newsroom uses it: the home page says what needs doing, change lists fit
1366 px, inline headings read as words, no time-zone note for editors in the archive's zone."""

import datetime
import itertools
import re

import pytest
from django.utils import timezone

from archive.models import Job, UnmatchedName
from tests.factories import make_article, make_draft, make_person, make_quote

pytestmark = pytest.mark.django_db


def home_tasks(html):
    """{label: (count, url)} of the home page's "What needs doing"."""
    section = html.split('class="module what-needs-doing"', 1)[1].split("</section>", 1)[0]
    return {
        label: (int(count), url.replace("&amp;", "&"))
        for url, count, label in re.findall(
            r'<a href="([^"]+)"><span class="count">(\d+)</span> <span class="label">([^<]+)',
            section,
        )
    }


_serial = itertools.count()


def some_of_everything(n):
    person = make_person()
    for index in itertools.islice(_serial, n):
        article = make_article(f"Published {index}")
        make_quote(person, article, reviewed=False)
        make_draft(f"Draft {index}")
        make_draft(f"Scheduled {index}", publish_at=timezone.now() + datetime.timedelta(days=1))
        UnmatchedName.objects.create(name=f"Unknown Person{index}")
        Job.objects.create(kind=Job.Kind.IMPORT, title=f"Running {index}", state=Job.State.RUNNING)
        Job.objects.create(kind=Job.Kind.IMPORT, title=f"Failed {index}", state=Job.State.FAILED)


def test_the_home_page_says_what_needs_doing_with_links_to_it(editor_client):
    some_of_everything(2)
    old = Job.objects.create(kind=Job.Kind.IMPORT, title="Failed long ago", state=Job.State.FAILED)
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    UnmatchedName.objects.create(name="Decided Already", status=UnmatchedName.Status.IGNORED)

    tasks = home_tasks(editor_client.get("/admin/").content.decode())

    assert {label: count for label, (count, url) in tasks.items()} == {
        "Drafts": 4,
        "Scheduled to publish": 2,
        "Quotes to review": 2,
        "Unmatched names": 2,
        "Jobs queued or running": 2,
        "Jobs failed in the last 7 days": 2,
    }
    # Each count opens the list that shows exactly what it counted.
    for label, (count, url) in tasks.items():
        page = editor_client.get(url)
        assert page.status_code == 200, (label, url)
        assert page.context["cl"].result_count == count, (label, url)


def test_the_home_page_runs_a_fixed_number_of_queries(editor_client, django_assert_max_num_queries):
    some_of_everything(1)
    editor_client.get("/admin/")  # warm: the session and the user's permissions
    # session, user, permissions (2), four counts, recent actions
    with django_assert_max_num_queries(9) as few:
        editor_client.get("/admin/")
    some_of_everything(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        editor_client.get("/admin/")


def test_the_home_page_shows_only_what_the_editor_may_see(client, editor):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Quotes only")
    group.permissions.set(Permission.objects.filter(codename__in=["view_quote", "change_quote"]))
    editor.groups.set([group])
    client.force_login(editor)
    assert list(home_tasks(client.get("/admin/").content.decode())) == ["Quotes to review"]


def test_a_long_title_is_cut_in_the_list_and_whole_on_hover(editor_client):
    title = "The Assembly of the People of Kazakhstan " * 4
    make_article(title.strip())
    html = editor_client.get("/admin/archive/article/").content.decode()
    assert f'title="{title.strip()}"' in html
    assert title.strip() + "<" not in html  # the cell shows the cut title
    assert re.search(r">The Assembly of the People of Kazakhstan [^<]{10,40}…<", html)


def test_a_title_with_markup_is_text_in_the_list_and_its_tooltip(editor_client):
    make_article('<img src=x onerror="alert(1)"> ' + "long words " * 10)
    html = editor_client.get("/admin/archive/article/").content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_the_article_list_keeps_to_the_columns_that_fit(editor_client):
    make_article()
    page = editor_client.get("/admin/archive/article/")
    columns = list(page.context["cl"].list_display)
    assert columns[1:] == [
        "short_title",
        "status",
        "published",
        "source",
        "linked_sessions",
        "linked_people",
        "pending_quotes",
        "public_page",
    ]


def test_inline_headings_are_plain_words(editor_client):
    article = make_article()
    html = editor_client.get(f"/admin/archive/article/{article.pk}/change/").content.decode()
    for heading in ["Sessions covered", "People mentioned", "Quotes"]:
        assert re.search(rf"<h2[^>]*>\s*{heading}\s*</h2>", html, re.I), heading
    assert "covereds" not in html.lower() and "mentioneds" not in html.lower()


def test_every_admin_page_tells_the_time_zone_script_the_archive_zone(editor_client, settings):
    article = make_article()
    html = editor_client.get(f"/admin/archive/article/{article.pk}/change/").content.decode()
    script = r'<script src="[^"]*admin-time-zone\.js" data-time-zone="{}" defer'
    assert re.search(script.format(settings.TIME_ZONE), html)


PREVIEW = "/admin/archive/article/preview-body/"


def test_the_body_preview_is_the_public_pages_sanitised_html(editor_client):
    body = (
        '## Unity\n\nThe **27th** session.\n\n<script>alert(1)</script><a href="javascript:x">x</a>'
    )
    response = editor_client.post(PREVIEW, {"body": body})
    assert response.status_code == 200
    html = response.json()["html"]
    assert "<h2>Unity</h2>" in html and "<strong>27th</strong>" in html
    assert "<script" not in html and "javascript:" not in html
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_the_body_preview_is_for_editors_and_only_by_post(editor, editor_client, visitor):
    from django.test import Client

    assert editor_client.get(PREVIEW).status_code == 405
    assert visitor.post(PREVIEW, {"body": "x"}).status_code == 302  # to the login page
    forged = Client(enforce_csrf_checks=True)  # another site's page posting for the editor
    forged.force_login(editor)
    assert forged.post(PREVIEW, {"body": "x"}).status_code == 403


def test_the_body_field_carries_its_preview_script_without_inline_script(editor_client):
    article = make_article()
    html = editor_client.get(f"/admin/archive/article/{article.pk}/change/").content.decode()
    assert re.search(r'<textarea[^>]+data-preview-url="/admin/archive/article/preview-body/"', html)
    assert re.search(r'<script src="[^"]*js/admin-markdown-preview\.js"', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html)  # no inline script
