"""Link detection fills the unmatched-names queue, wherever it runs (one article or 10,000),
and alias changes re-run it only where they matter, keeping what editors decided."""

import io

import pytest
from django.core.management import call_command

from archive.linking import detection
from archive.models import (
    Alias,
    Article,
    ArticlePerson,
    LinkOrigin,
    SuppressedLink,
    UnmatchedName,
)
from archive.names.queue import assign_to_person, ignore
from archive.transfer.pipeline import import_file
from tests.factories import make_article, make_person, make_session
from tests.linking.helpers import detection_queries
from tests.test_admin import article_form_data

pytestmark = pytest.mark.django_db

PENDING = UnmatchedName.Status.PENDING
DETECTED, EDITOR = LinkOrigin.DETECTED, LinkOrigin.EDITOR
TEXT = (
    "K. Tokayev opened the 32nd session. Evgeny Bolgert, a member of the Senate, said the "
    "Assembly unites. Secretary-General Kofi Annan sent greetings."
)


@pytest.fixture
def tokayev():
    make_session(32)
    return make_person("Kassym-Jomart Tokayev", aliases=["K. Tokayev"], role="President")


def queue():
    """{name: (occurrences, [article titles])} of the waiting names."""
    return {
        entry.name: (entry.occurrences, sorted(a.title for a in entry.articles.all()))
        for entry in UnmatchedName.objects.filter(status=PENDING)
    }


def test_detecting_links_queues_the_names_that_match_no_one(tokayev):
    article = make_article("Unity", body=TEXT)
    report = detection.detect_links([article])
    assert list(article.person_links.values_list("person__name", flat=True)) == [
        "Kassym-Jomart Tokayev"
    ]
    assert queue() == {"Evgeny Bolgert": (1, ["Unity"]), "Kofi Annan": (1, ["Unity"])}
    assert report.unmatched_mentions == 2
    assert "2 mention(s) of names that match no one" in report.summary()


def test_detecting_again_keeps_the_counts_exact_and_follows_edits(tokayev):
    article = make_article("Unity", body=TEXT + " Evgeny Bolgert said more.")
    for _ in range(3):
        detection.detect_links(Article.objects.all())
    assert queue()["Evgeny Bolgert"] == (2, ["Unity"])
    Article.objects.filter(pk=article.pk).update(body="Kofi Annan said hello.")
    detection.detect_links(Article.objects.all())
    assert queue() == {"Kofi Annan": (1, ["Unity"])}


def test_ignored_assigned_and_known_names_stay_out_of_the_queue(tokayev):
    first = make_article("First", body=TEXT)
    detection.detect_links([first])
    ignore(UnmatchedName.objects.get(name="Kofi Annan"))
    assign_to_person(UnmatchedName.objects.get(name="Evgeny Bolgert"), make_person("E B"))
    make_article("Second", body=TEXT)
    detection.detect_links(Article.objects.all())
    assert queue() == {}
    assert UnmatchedName.objects.get(name="Kofi Annan").status == UnmatchedName.Status.IGNORED


def test_the_admin_action_and_saving_an_article_queue_names(tokayev, editor_client):
    article = make_article("Unity", body="Nothing yet.")
    response = editor_client.post(
        "/admin/archive/article/",
        {"action": "detect_links", "_selected_action": [article.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert queue() == {}

    response = editor_client.post(
        f"/admin/archive/article/{article.pk}/change/", article_form_data(article, body=TEXT)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert queue() == {"Evgeny Bolgert": (1, ["Unity"]), "Kofi Annan": (1, ["Unity"])}
    assert list(article.person_links.values_list("person__name", "origin")) == [
        ("Kassym-Jomart Tokayev", DETECTED)
    ]

    Article.objects.filter(pk=article.pk).update(body="Rolf Ekeus, its High Commissioner, spoke.")
    response = editor_client.post(
        "/admin/archive/article/",
        {"action": "detect_links", "_selected_action": [article.pk]},
        follow=True,
    )
    assert "1 mention(s) of names that match no one" in response.content.decode()
    assert queue() == {"Rolf Ekeus": (1, ["Unity"])}


def test_both_importers_queue_names(tokayev, tmp_path):
    upload = io.BytesIO(f'title,body\nFrom a spreadsheet,"{TEXT}"\n'.encode())
    upload.name = "articles.csv"
    outcome = import_file("articles", upload)
    assert outcome.ok, [str(e) for e in outcome.errors]
    path = tmp_path / "speech.txt"
    path.write_text(f"From a text file\n\n27.04.2023\n\n{TEXT}\n\nRolf Ekeus said goodbye.\n")
    call_command("import_articles", str(path), stdout=io.StringIO())
    assert queue() == {
        "Evgeny Bolgert": (2, ["From a spreadsheet", "From a text file"]),
        "Kofi Annan": (2, ["From a spreadsheet", "From a text file"]),
        "Rolf Ekeus": (1, ["From a text file"]),
    }


def test_a_dry_run_queues_nothing(tokayev, tmp_path):
    upload = io.BytesIO(f'title,body\nFrom a spreadsheet,"{TEXT}"\n'.encode())
    upload.name = "articles.csv"
    assert import_file("articles", upload, dry_run=True).ok
    path = tmp_path / "speech.txt"
    path.write_text(f"From a text file\n\n27.04.2023\n\n{TEXT}\n")
    call_command("import_articles", str(path), "--dry-run", stdout=io.StringIO())
    assert not UnmatchedName.objects.exists()


def test_queueing_queries_do_not_grow_with_the_number_of_articles(tokayev):
    def queries_for(count):
        Article.objects.all().delete()
        UnmatchedName.objects.all().delete()
        for n in range(count):
            make_article(f"A{n}", body=f"Evgeny Bolgert{n}, a member of the Senate, spoke. {TEXT}")
        queries = detection_queries()
        assert len(queue()) == count + 2
        return queries

    assert queries_for(3) == queries_for(40)


# --- Alias changes --------------------------------------------------------------------------


def test_removing_an_alias_redetects_only_its_articles_and_keeps_editors_links(
    django_capture_on_commit_callbacks,
):
    nazarbayev = make_person("Nursultan Nazarbayev", aliases=["Yelbasy"])
    detected = make_article("Detected", body="Yelbasy spoke to the Assembly.")
    chosen = make_article("Chosen by an editor", body="Yelbasy opened the session.")
    removed = make_article("Removed by an editor", body="Yelbasy was there too.")
    detection.detect_links(Article.objects.all())
    ArticlePerson.objects.filter(article=chosen).update(origin=EDITOR)
    ArticlePerson.objects.filter(article=removed).delete()
    SuppressedLink.objects.create(article=removed, person=nazarbayev)
    # Not about this alias: a stale detected link there shows whether detection ran on it.
    elsewhere = make_article("Elsewhere", body="The Assembly met.")
    ArticlePerson.objects.create(
        article=elsewhere, person=nazarbayev, origin=DETECTED, matched_text="N. Nazarbayev"
    )

    with django_capture_on_commit_callbacks(execute=True):
        Alias.objects.get(name="Yelbasy").delete()

    assert not detected.person_links.exists()  # the link came from the alias only
    assert list(chosen.person_links.values_list("person__name", "origin")) == [
        ("Nursultan Nazarbayev", EDITOR)
    ]
    assert not removed.person_links.exists()
    assert SuppressedLink.objects.filter(article=removed, person=nazarbayev).exists()
    assert elsewhere.person_links.get().matched_text == "N. Nazarbayev"  # left alone


def test_reassigning_an_alias_moves_detected_links_but_not_editors(
    django_capture_on_commit_callbacks,
):
    nazarbayev = make_person("Nursultan Nazarbayev", aliases=["Yelbasy"])
    other = make_person("Bolat Nazarbayev")
    detected = make_article("Detected", body="Yelbasy spoke to the Assembly.")
    chosen = make_article("Chosen by an editor", body="Yelbasy opened the session.")
    detection.detect_links(Article.objects.all())
    ArticlePerson.objects.filter(article=chosen).update(origin=EDITOR)

    alias = Alias.objects.get(name="Yelbasy")
    with django_capture_on_commit_callbacks(execute=True):
        alias.person = other
        alias.save()

    assert list(detected.person_links.values_list("person__name", "origin")) == [
        ("Bolat Nazarbayev", DETECTED)
    ]
    assert sorted(chosen.person_links.values_list("person__name", "origin")) == [
        ("Bolat Nazarbayev", DETECTED),
        ("Nursultan Nazarbayev", EDITOR),
    ]
    assert nazarbayev.article_links.filter(origin=EDITOR).count() == 1
