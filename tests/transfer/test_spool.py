"""A big file's rows wait on disk between their check and their write (archive.transfer.spool),
and the objects they update are read a window at a time (archive.transfer.rows): with batches
and windows of two rows, a file of several behaves exactly as when it fits in one."""

import pytest
from django.core.files.base import ContentFile

from archive.models import Alias, Article, ArticlePerson, ArticleSession, Person
from archive.transfer import resource_base, rows, spool
from archive.transfer.pipeline import import_file, resource_for
from archive.transfer.spool import InstanceSpool
from tests.factories import make_article, make_person, make_session, make_topic


def test_a_spool_gives_back_what_was_appended_in_order_and_in_batches():
    saved = InstanceSpool(batch_size=3)
    for n in range(8):
        saved.append({"row": n, "body": "текст " * 50})
    assert len(saved) == 8 and saved
    assert [len(batch) for batch in saved.batches()] == [3, 3, 2]
    assert [item["row"] for item in saved] == list(range(8))
    assert [item["row"] for item in saved] == list(range(8))  # read again, the same
    saved.close()
    assert len(saved) == 0 and not saved and list(saved) == []


def test_a_spool_keeps_model_instances_with_what_the_import_noted_on_them(db):
    article = make_article("Kept on disk")
    article._import_values = {"sessions": [27]}
    article._import_new = False
    saved = InstanceSpool(batch_size=1)
    saved.append(article)
    saved.append(Article(title="New one"))
    back, new = list(saved)
    assert (back.pk, back.title, back._import_values) == (
        article.pk,
        "Kept on disk",
        {"sessions": [27]},
    )
    assert new.pk is None and new.title == "New one"


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(spool, "SPOOL_BATCH", 2)
    monkeypatch.setattr(rows, "INSTANCE_WINDOW", 2)
    monkeypatch.setattr(rows.BoundedResult, "kept_rows", 3)
    monkeypatch.setattr(resource_base, "WRITTEN_SHOWN", 3)


def upload(text):
    return ContentFile(text.encode(), name="articles.csv")


@pytest.mark.django_db
def test_a_file_of_many_batches_is_written_whole_with_its_links(small_batches):
    make_session(27)
    tokayev = make_person("Kassym-Jomart Tokayev")
    topic = make_topic("Language policy")
    old = [make_article(f"Old {n}", sessions=[], source_url=f"https://x.kz/{n}") for n in range(3)]
    lines = ["title,source_url,sessions,people,topics,status"]
    lines += [
        f"Old {n} revised,https://x.kz/{n},27,Kassym-Jomart Tokayev,,published" for n in range(3)
    ]
    lines += [f"New {n},https://y.kz/{n},27,,Language policy,published" for n in range(4)]
    outcome = import_file("articles", upload("\n".join(lines) + "\n"))
    assert outcome.ok, outcome.errors
    assert outcome.totals == {"new": 4, "updated": 3, "unchanged": 0}
    assert sorted(Article.objects.values_list("title", flat=True)) == sorted(
        [f"Old {n} revised" for n in range(3)] + [f"New {n}" for n in range(4)]
    )
    assert ArticleSession.objects.count() == 7  # every row's session, in every batch
    linked = ArticlePerson.objects.filter(person=tokayev).values_list("article_id", flat=True)
    assert sorted(linked) == sorted(article.pk for article in old)
    assert Article.objects.filter(topics=topic).count() == 4


@pytest.mark.django_db
def test_a_bad_row_in_a_late_batch_keeps_the_whole_file_out(small_batches):
    lines = ["title,source_url,published_on"]
    lines += [f"Article {n},https://y.kz/{n},2020-01-0{n + 1}" for n in range(6)]
    lines += ["The bad one,https://y.kz/bad,31.02.2020"]
    outcome = import_file("articles", upload("\n".join(lines) + "\n"))
    assert not outcome.ok
    assert [problem.row for problem in outcome.errors] == ["row 8"]
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_people_of_many_batches_get_their_aliases(small_batches):
    make_person("Nursultan Nazarbayev")
    text = "name,aliases\n" + "".join(
        f"Person Number{n},P. Number{n}|Number{n}\n" for n in range(5)
    )
    text += "Nursultan Nazarbayev,Назарбаев|N. Nazarbayev\n"
    outcome = import_file("people", ContentFile(text.encode(), name="people.csv"))
    assert outcome.ok, outcome.errors
    assert Person.objects.count() == 6
    assert Alias.objects.filter(person__name="Person Number4").count() == 2
    assert set(
        Alias.objects.filter(person__name="Nursultan Nazarbayev").values_list("name", flat=True)
    ) >= {"Назарбаев", "N. Nazarbayev"}


@pytest.mark.django_db
def test_the_write_names_its_first_objects_and_counts_every_one(small_batches):
    resource = resource_for("articles")
    from archive.transfer.pipeline import read_dataset

    text = "title\n" + "".join(f"Article {n}\n" for n in range(7))
    dataset = read_dataset(text.encode(), "csv", "articles.csv")
    result = resource.import_data(dataset, dry_run=False)
    assert result.problems == []
    assert len(resource.written_pks) == 7
    assert [name for _pk, name in resource.written_examples] == [
        "Article 0",
        "Article 1",
        "Article 2",
    ]
    assert result.totals["new"] == 7 and len(result.rows) == 3  # kept: the first rows only
