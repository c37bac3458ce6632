"""Never lose data: a dumpdata backup restored into a fresh database (SQLite -> PostgreSQL and
back) and the import-export round trip reproduce the archive exactly; editors' changes are
recorded and a deleted article can be recovered."""

import csv
import datetime
import io
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from reversion.models import Version

from archive.models import (
    Article,
    ArticlePerson,
    LinkOrigin,
    Person,
    Quote,
    SlugHistory,
    SuppressedLink,
)
from tests.factories import (
    make_article,
    make_draft,
    make_person,
    make_position,
    make_quote,
    make_session,
    make_source,
    make_topic,
)
from tests.test_admin import article_form_data

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
# The backup command of docs/deploy.md: everything but what migrations create and the
# short-lived (sessions, login attempts).
DUMP_OPTIONS = {
    "natural_foreign": True,
    "exclude": ["contenttypes", "auth.permission", "sessions", "axes"],
}
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


@pytest.fixture
def rich_archive(editor_client):
    """Every kind of record, with the awkward values: Cyrillic, empty dates, precisions,
    unreviewed quotes, detected and editor links, suppressed links, old slugs, history."""
    s27 = make_session(
        27,
        title="Formula of peace",
        start_date=datetime.date(2019, 4, 1),
        date_precision="month",
        location="Nur-Sultan",
    )
    s32 = make_session(
        32, start_date=datetime.date(2023, 4, 26), end_date=datetime.date(2023, 4, 27)
    )
    tokayev = make_person("Kassym-Jomart Tokayev", aliases=["K. Tokayev", "Тоқаев"], featured=True)
    make_position(
        tokayev,
        "President",
        organisation="Republic of Kazakhstan",
        start_date=datetime.date(2019, 6, 12),
    )
    balayeva = make_person("Aida Balayeva", role="Minister", bio="Line one\r\nline two")
    source = make_source("The Astana Times", url="https://astanatimes.com")
    youth, unity = make_topic("Youth"), make_topic("Unity", description="Бірлік")
    speech = make_article(
        "Tokayev on unity",
        sessions=[s32],
        people=[tokayev],
        topics=[youth, unity],
        source=source,
        source_url="https://astanatimes.com/2023/04/unity",
        lead="=1+1 starts like a formula",
        body="## Patriotism\n\nHe spoke of *unity*.",
        featured=True,
    )
    ArticlePerson.objects.create(
        article=speech, person=balayeva, origin=LinkOrigin.DETECTED, matched_text="A. Balayeva"
    )
    SuppressedLink.objects.create(article=speech, session=s27)
    russian = make_draft(
        "Ассамблея народа Казахстана",
        slug="assembleya",
        language="ru",
        published_on=None,
        date_text="7 June, 15:38",
        sessions=[s27],
    )
    make_article("Year only", published_on=datetime.date(2005, 1, 1), date_precision="year")
    make_quote(tokayev, speech, "Patriotism first.", session=s32, position=2, context="plenary")
    make_quote(balayeva, speech, "Unreviewed words", reviewed=False, position=1)
    make_quote(tokayev, russian, "Наше главное богатство")
    SlugHistory.objects.create(target=speech, old_slug="tokayev-speaks")
    # An editor's change through the admin: a version in the history and a log entry.
    response = editor_client.post(
        f"/admin/archive/article/{speech.pk}/change/",
        article_form_data(speech, title="Tokayev on unity and accord"),
    )
    assert response.status_code == 302
    return speech


# --- dumpdata / loaddata between SQLite and PostgreSQL --------------------------------------------


RUNNER = """
import json, sys
import django
django.setup()
from django.core.management import call_command
for name, args, kwargs in json.loads(sys.argv[1]):
    call_command(name, *args, **kwargs)
"""


def run_commands(database_url, steps, tmp_path):
    """Run management commands in a separate process on another database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS"))}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="1",
        DJANGO_SETTINGS_MODULE="apksite.settings",
        PYTHONPATH=str(ROOT),
    )
    runner = tmp_path / "runner.py"
    runner.write_text(RUNNER)
    result = subprocess.run(
        [sys.executable, str(runner), json.dumps(steps)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.fixture
def scratch_postgres():
    """A new, empty PostgreSQL database, dropped afterwards."""
    psycopg = pytest.importorskip("psycopg")
    name = f"apk_production_scratch_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 unreachable: {error}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{PG_SERVER}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def archive_rows(path):
    """{(model, pk): fields} of the dump's archive records, plus users and history."""
    rows = {}
    for record in json.loads(Path(path).read_text(encoding="utf-8")):
        label = record["model"]
        if not label.startswith(("archive.", "auth.user", "auth.group", "reversion.")):
            continue
        model = apps.get_model(label)
        fields = dict(record["fields"])
        fields.pop("search_vector", None)  # derived: rebuilt from the text on each database
        for name, value in fields.items():
            if model._meta.get_field(name).many_to_many:
                fields[name] = sorted(value)
        rows[(label, record["pk"])] = fields
    return rows


def test_a_backup_restores_exactly_into_the_other_database_and_back(
    rich_archive, tmp_path, scratch_postgres
):
    original = tmp_path / "original.json"
    call_command("dumpdata", output=str(original), **DUMP_OPTIONS)
    on_postgres = connection.vendor == "postgresql"
    there = f"sqlite:///{tmp_path}/restored.sqlite3" if on_postgres else scratch_postgres
    back = scratch_postgres if on_postgres else f"sqlite:///{tmp_path}/back.sqlite3"
    dumps = {"there": tmp_path / "there.json", "back": tmp_path / "back.json"}
    dump = ["dumpdata", [], {**DUMP_OPTIONS}]

    run_commands(
        there,
        [
            ["migrate", [], {"verbosity": 0}],
            ["loaddata", [str(original)], {"verbosity": 0}],
            [dump[0], [], {**dump[2], "output": str(dumps["there"])}],
        ],
        tmp_path,
    )
    run_commands(
        back,
        [
            ["migrate", [], {"verbosity": 0}],
            ["loaddata", [str(dumps["there"])], {"verbosity": 0}],
            [dump[0], [], {**dump[2], "output": str(dumps["back"])}],
        ],
        tmp_path,
    )

    expected = archive_rows(original)
    kinds = {label for label, _pk in expected}
    assert {
        "archive.article",
        "archive.articlesession",
        "archive.articleperson",
        "archive.alias",
        "archive.position",
        "archive.quote",
        "archive.session",
        "archive.person",
        "archive.source",
        "archive.topic",
        "archive.suppressedlink",
        "archive.slughistory",
        "auth.user",
        "reversion.version",
    } <= kinds
    assert archive_rows(dumps["there"]) == expected
    assert archive_rows(dumps["back"]) == expected
    speech = expected[("archive.article", rich_archive.pk)]
    assert speech["created_at"] == rich_archive.created_at.isoformat().replace("+00:00", "Z")


def test_backups_keep_times_to_the_microsecond(rich_archive, tmp_path):
    Article.objects.filter(pk=rich_archive.pk).update(
        created_at=datetime.datetime(2023, 4, 27, 10, 15, 30, 123456, tzinfo=datetime.UTC)
    )
    path = tmp_path / "backup.json"
    call_command("dumpdata", "archive.article", output=str(path), **DUMP_OPTIONS)
    record = next(r for r in json.loads(path.read_text()) if r["pk"] == rich_archive.pk)
    assert record["fields"]["created_at"] == "2023-04-27T10:15:30.123456Z"


def test_an_export_imported_into_an_empty_database_elsewhere_exports_the_same(
    rich_archive, tmp_path, scratch_postgres
):
    kinds = ["sessions", "people", "sources", "topics", "articles", "quotes"]
    exported = {}
    for kind in kinds:
        exported[kind] = tmp_path / f"{kind}.csv"
        call_command("export_archive", kind, str(exported[kind]))
    elsewhere = (
        f"sqlite:///{tmp_path}/empty.sqlite3"
        if connection.vendor == "postgresql"
        else scratch_postgres
    )
    again = {kind: tmp_path / f"again-{kind}.csv" for kind in kinds}
    run_commands(
        elsewhere,
        [["migrate", [], {"verbosity": 0}]]
        + [["import_archive", [kind, str(exported[kind])], {"verbosity": 0}] for kind in kinds]
        + [["export_archive", [kind, str(again[kind])], {}] for kind in kinds],
        tmp_path,
    )
    for kind in kinds:
        assert exported_rows(again[kind]) == exported_rows(exported[kind]), kind


def exported_rows(path):
    """The CSV's rows, less the links detected in the text: an import detects those again
    (archive.linking.detection), it does not take them from the file (docs/importing.md)."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    keep = [i for i, name in enumerate(rows[0]) if not name.startswith("detected_")]
    return [[row[i] for i in keep] for row in rows]


# --- History and recovery ---------------------------------------------------------------------


def test_editors_changes_are_recorded_with_who_and_when(rich_archive, editor):
    versions = Version.objects.get_for_object(rich_archive)
    latest = versions.first()
    assert latest.revision.user == editor
    assert "Title" in latest.revision.comment or "title" in latest.revision.comment
    assert latest.field_dict["title"] == "Tokayev on unity and accord"


def test_bulk_publishing_is_recorded(editor_client, editor):
    draft = make_draft("Awaiting publication")
    editor_client.post(
        "/admin/archive/article/", {"action": "publish", "_selected_action": [draft.pk]}
    )
    latest = Version.objects.get_for_object(draft).first()
    assert latest.revision.user == editor
    assert latest.revision.comment == "1 article published."
    assert latest.field_dict["status"] == "published"


def test_a_deleted_article_is_recovered_with_its_links_and_quotes(rich_archive, editor_client):
    speech = Article.objects.get(pk=rich_archive.pk)
    before = {
        "fields": {
            f.attname: getattr(speech, f.attname)
            for f in Article._meta.concrete_fields
            if f.name not in ("search_vector", "updated_at")
        },
        "sessions": set(speech.session_links.values_list("session_id", "origin")),
        "people": set(speech.person_links.values_list("person_id", "origin", "matched_text")),
        "topics": set(speech.topics.values_list("pk", flat=True)),
        "quotes": set(speech.quotes.values_list("speaker_id", "text", "reviewed", "position")),
    }
    response = editor_client.post(f"/admin/archive/article/{speech.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=speech.pk).exists()
    assert not Quote.objects.filter(article_id=speech.pk).exists()

    recover_list = editor_client.get("/admin/archive/article/recover/").content.decode()
    assert "Tokayev on unity and accord" in recover_list
    deleted = Version.objects.get_deleted(Article).get(object_id=str(speech.pk))
    assert editor_client.get(f"/admin/archive/article/recover/{deleted.pk}/").status_code == 200
    deleted.revision.revert()

    restored = Article.objects.get(pk=speech.pk)
    assert {f: getattr(restored, f) for f in before["fields"]} == before["fields"]
    assert set(restored.session_links.values_list("session_id", "origin")) == before["sessions"]
    assert (
        set(restored.person_links.values_list("person_id", "origin", "matched_text"))
        == before["people"]
    )
    assert set(restored.topics.values_list("pk", flat=True)) == before["topics"]
    assert (
        set(restored.quotes.values_list("speaker_id", "text", "reviewed", "position"))
        == before["quotes"]
    )


def test_an_article_never_edited_in_the_admin_can_be_recovered_too():
    """Imported in bulk, never saved by an editor: deleting it still keeps a version."""
    person = make_person("Aida Balayeva")
    article = make_article("Imported in bulk", people=[person], topics=[make_topic("Youth")])
    make_quote(person, article, "Imported words")
    assert not Version.objects.get_for_object(article).exists()
    pk = article.pk
    article.delete()

    Version.objects.get_deleted(Article).get(object_id=str(pk)).revision.revert()
    restored = Article.objects.get(pk=pk)
    assert restored.title == "Imported in bulk"
    assert list(restored.people.all()) == [person]
    assert restored.quotes.get().text == "Imported words"
    assert restored.topics.get().name == "Youth"


def test_deleting_a_person_keeps_a_recoverable_version_with_aliases():
    person = make_person("Kassym-Jomart Tokayev", aliases=["K. Tokayev"])
    make_position(person, "President")
    pk = person.pk
    person.delete()
    Version.objects.get_deleted(Person).get(object_id=str(pk)).revision.revert()
    restored = Person.objects.get(pk=pk)
    assert [a.name for a in restored.aliases.all()] == ["K. Tokayev"]
    assert restored.positions.get().title == "President"
