"""A failure in the middle of any write leaves the database exactly as it was.

The failure is injected at the database cursor: the n-th write statement of an operation
raises, for n = the first, a middle one and the last of what the operation writes when it
succeeds. That reaches every step (rows, links, search index, history) whatever the code does
between them. The check compares every row of every table (the search index included)
before and after.
"""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.db.transaction import TransactionManagementError

from archive.linking import detection
from archive.models import Article, Quote
from archive.transfer import pipeline
from tests.factories import make_draft, make_person, make_session, make_topic
from tests.test_admin import article_form_data, inline_management

pytestmark = pytest.mark.django_db

WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE")
NOT_CONTENT = ("django_session", "axes_")  # a visitor's session and login records


def fts_storage(tables):
    """SQLite FTS5's b-tree pages: their layout may differ after a rolled-back savepoint even
    when the index holds the same rows (compared through the virtual table itself)."""
    fts = {name for name in tables if f"{name}_data" in tables and f"{name}_idx" in tables}
    return {f"{name}_{part}" for name in fts for part in ("data", "idx")}


def snapshot():
    """Every row of every table, as sorted text: two snapshots are equal iff the data is."""
    tables = {}
    names = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in sorted(names - fts_storage(names)):
            if table.startswith(NOT_CONTENT):
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            tables[table] = sorted(repr(row) for row in cursor.fetchall())
    return tables


class FailAtWrite:
    """A cursor wrapper that counts write statements and makes the n-th one fail."""

    def __init__(self, at=None):
        self.at, self.writes, self.fired = at, 0, False

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip()[:7].upper().startswith(WRITE_VERBS):
            self.writes += 1
            if self.writes == self.at:
                self.fired = True
                raise DatabaseError(f"injected failure at write {self.at}")
        return execute(sql, params, many, context)


def count_writes(operation):
    counter = FailAtWrite()
    with transaction.atomic():
        with connection.execute_wrapper(counter):
            operation()
        transaction.set_rollback(True)
    return counter.writes


def assert_atomic(operation, changed):
    """`operation` writes something when it succeeds; failing anywhere, it writes nothing."""
    before = snapshot()
    total = count_writes(operation)
    assert total > 0
    assert snapshot() == before
    for at in sorted({1, (total + 1) // 2, total}):
        fault = FailAtWrite(at)
        try:
            with connection.execute_wrapper(fault):
                operation()
        except (DatabaseError, CommandError):
            pass  # or the operation reports it: either way nothing may be half written
        assert fault.fired, at
        try:
            after = snapshot()
        except TransactionManagementError:
            # A failed write outside any atomic block of the operation's own.
            pytest.fail(f"half written: write {at} of {total} failed outside a transaction")
        assert after == before, f"half written after a failure at write {at} of {total}"
    # And the operation does work once nothing fails.
    operation()
    assert changed()


@pytest.fixture
def drafts():
    session = make_session(27)
    person = make_person("Kassym-Jomart Tokayev", aliases=["K. Tokayev"])
    topic = make_topic("Unity")
    return [
        make_draft(f"Draft {n}", sessions=[session], people=[person], topics=[topic])
        for n in range(5)
    ]


def test_bulk_publish_is_all_or_nothing(editor_client, drafts):
    def publish():
        editor_client.post(
            "/admin/archive/article/",
            {"action": "publish", "_selected_action": [a.pk for a in drafts]},
        )

    assert_atomic(publish, changed=lambda: Article.objects.published().count() == 5)


def test_bulk_delete_is_all_or_nothing(editor_client, drafts):
    def delete():
        editor_client.post(
            "/admin/archive/article/",
            {
                "action": "delete_selected",
                "_selected_action": [a.pk for a in drafts],
                "post": "yes",
            },
        )

    assert_atomic(delete, changed=lambda: not Article.objects.exists())


def test_saving_an_article_with_its_links_and_quotes_is_all_or_nothing(editor_client, drafts):
    article = drafts[0]
    speaker = make_person("Aida Balayeva")
    link = article.person_links.get()

    def save():
        editor_client.post(
            f"/admin/archive/article/{article.pk}/change/",
            article_form_data(
                article,
                title="Edited title",
                **inline_management("person_links", total=1, initial=1),
                **{
                    "person_links-0-id": link.pk,
                    "person_links-0-article": article.pk,
                    "person_links-0-person": link.person_id,
                    "person_links-0-DELETE": "on",
                },
                **inline_management("quotes", total=1),
                **{
                    "quotes-0-speaker": speaker.pk,
                    "quotes-0-text": "Unity is our strength",
                    "quotes-0-position": "0",
                    "quotes-0-reviewed": "on",
                },
            ),
        )

    assert_atomic(save, changed=lambda: Quote.objects.filter(article=article).exists())


def test_a_spreadsheet_import_is_all_or_nothing(tmp_path, drafts):
    path = tmp_path / "articles.csv"
    rows = [
        f'"Imported {n}",published,{datetime.date(2023, 4, n + 1)},27|XXVII,K. Tokayev,Unity,'
        f'"Body {n} about the 27th session."'
        for n in range(6)
    ]
    path.write_text(
        "title,status,published_on,sessions,people,topics,body\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )

    def run():
        pipeline.import_file("articles", str(path))

    assert_atomic(run, changed=lambda: Article.objects.filter(title="Imported 5").exists())


def test_link_detection_is_all_or_nothing(drafts):
    Article.objects.filter(pk__in=[a.pk for a in drafts]).update(
        body="Kassym-Jomart Tokayev spoke at the XXVII session; K. Tokayev spoke again."
    )
    for article in drafts:
        article.session_links.all().delete()
        article.person_links.all().delete()

    def detect():
        detection.detect_links(Article.objects.all())

    assert_atomic(detect, changed=lambda: drafts[0].session_links.exists())


def test_a_plain_text_import_is_all_or_nothing(tmp_path, drafts):
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(
            f"Assembly article {n}\n27 April 2023\n\nKassym-Jomart Tokayev opened the XXVII "
            "session of the Assembly.\n",
            encoding="utf-8",
        )

    def run():
        call_command("import_articles", str(tmp_path), verbosity=0)

    assert_atomic(
        run, changed=lambda: Article.objects.filter(title__startswith="Assembly").exists()
    )
