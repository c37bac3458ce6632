"""`import_archive --derived-later`: the rows are written and visible at once, their links,
names queue and search entries follow in a background job, and once it has run the archive
is exactly what an import doing everything in one go leaves."""

import csv

import pytest
from django.core.management import call_command

from archive.models import Article, Job, LinkOrigin, Session, UnmatchedName
from archive.search.service import search_articles
from archive.transfer.follow_up import derive_after_import
from archive.transfer.pipeline import import_file
from tests.transfer.test_import_archive import EXAMPLES

pytestmark = pytest.mark.django_db(transaction=True)

QUERIES = ["unity", "Tokayev", "XXVII", "Assembly", "сессии"]
# Links only in the text: the derived work has to find every one of them.
ARTICLES = [
    (
        "Unity day",
        "2019-04-29",
        "en",
        "published",
        "At the XXVII session of the Assembly President Tokayev spoke of unity. "
        '"We are one," said Aigerim Zhaksylykova, a teacher from Shymkent.',
    ),
    (
        "Language week",
        "2023-04-27",
        "en",
        "published",
        "The 32nd session heard K. Tokayev on the state language and unity.",
    ),
    (
        "Сессия Ассамблеи",
        "2023-04-28",
        "ru",
        "published",
        "На XXXII сессии Ассамблеи выступил Касым-Жомарт Токаев. Айгерим Жаксылыкова ответила ему.",
    ),
    ("A draft", "2023-04-29", "en", "draft", "The 32nd session, a draft nobody may see."),
]


def write_articles(path):
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["title", "published_on", "language", "status", "body"])
        writer.writerows(ARTICLES)


def load_catalogue():
    for model_key in ("sessions", "people", "sources", "topics"):
        assert import_file(model_key, EXAMPLES / f"{model_key}.csv").ok


def snapshot():
    """What a visitor and an editor see of the imported articles, by slug."""
    articles = {}
    for article in Article.objects.prefetch_related(
        "session_links__session", "person_links__person"
    ):
        articles[article.slug] = {
            "sessions": sorted(
                (link.session.number, link.origin) for link in article.session_links.all()
            ),
            "people": sorted(
                (link.person.name, link.origin, link.matched_text)
                for link in article.person_links.all()
            ),
            "related": [Article.objects.get(pk=pk).slug for pk in article.related_ids],
        }
    return {
        "articles": articles,
        "search": {q: [a.slug for a in search_articles(q)[:50]] for q in QUERIES},
        "unmatched": sorted(UnmatchedName.objects.values_list("name", "occurrences")),
        "counts": sorted(Session.objects.values_list("number", "published_article_count")),
    }


def start_again():
    Article.objects.all().delete()
    UnmatchedName.objects.all().delete()


def test_derived_work_catches_up_and_equals_an_import_in_one_go(settings, capsys, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    load_catalogue()
    articles_csv = tmp_path / "articles.csv"
    write_articles(articles_csv)
    assert import_file("articles", articles_csv).ok
    in_one_go = snapshot()
    detected = {
        slug
        for slug, row in in_one_go["articles"].items()
        if LinkOrigin.DETECTED in {link[1] for link in row["sessions"] + row["people"]}
    }
    assert len(detected) == len(ARTICLES) and any(
        row["related"] for row in in_one_go["articles"].values()
    )
    assert in_one_go["unmatched"]
    assert all(in_one_go["search"].values())
    start_again()

    call_command("import_archive", "articles", str(articles_csv), "--derived-later")
    assert "follow in background job" in capsys.readouterr().out
    # Committed and visible at once: the articles are there, not yet searchable or linked by
    # detection (editors' links from the file are written with the rows).
    written = snapshot()
    assert set(written["articles"]) == set(in_one_go["articles"])
    assert not any(written["search"].values())
    for slug in detected:
        assert LinkOrigin.DETECTED not in {
            origin for _n, origin in written["articles"][slug]["sessions"]
        }
    job = Job.objects.get(kind=Job.Kind.IMPORT, state=Job.State.QUEUED)  # the derived work
    assert job.params["model_key"] == "articles"
    assert job.state == Job.State.QUEUED and len(job.params["pks"]) == len(written["articles"])

    derive_after_import.call(job.pk)  # what the worker does on the other core

    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.result
    assert snapshot() == in_one_go


def test_a_file_with_a_bad_row_queues_nothing_and_writes_nothing(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    load_catalogue()
    bad = tmp_path / "articles.csv"
    text = (EXAMPLES / "articles.csv").read_text(encoding="utf-8")
    bad.write_text(text + 'A bad row,not a date at all,,,en,published,,,,,,"Text."\n')
    with pytest.raises(Exception, match="Nothing was imported"):
        call_command("import_archive", "articles", str(bad), "--derived-later")
    assert not Article.objects.exists()
    # No derived work queued (on SQLite the command's own run is a job: failed).
    assert not Job.objects.exclude(state=Job.State.FAILED).exists()
