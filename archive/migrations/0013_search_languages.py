# Search in Russian and Kazakh (archive/search, archive/text/stemming.py): on SQLite the
# article table gets a `stems` column (the Snowball stems of each article's Cyrillic words);
# on PostgreSQL a text search configuration that stems Russian (archive_russian). People's
# entries now also hold their names as match keys. Both indexes are emptied here and
# refilled after migrate (archive.search.receivers.index_existing_content) or with
# `manage.py rebuild_search_index`.

from django.db import migrations

SQLITE_TOKENIZE = "porter unicode61 remove_diacritics 2"


def _sqlite_article_table(columns, weights):
    return [
        "DROP TABLE IF EXISTS archive_search_vocab",
        "DROP TABLE IF EXISTS archive_search_article",
        f"CREATE VIRTUAL TABLE archive_search_article USING fts5("
        f"{columns}, tokenize = '{SQLITE_TOKENIZE}')",
        "INSERT INTO archive_search_article(archive_search_article, rank) "
        f"VALUES ('rank', 'bm25({weights})')",
        "CREATE VIRTUAL TABLE archive_search_vocab USING fts5vocab(archive_search_article, 'row')",
        "DELETE FROM archive_search_entry",
    ]


SQLITE_FORWARD = _sqlite_article_table(
    "title, lead, body, names, stems", "10.0, 4.0, 1.0, 3.0, 1.0"
)
SQLITE_BACKWARD = _sqlite_article_table("title, lead, body, names", "10.0, 4.0, 1.0, 3.0")

POSTGRES_FORWARD = [
    "CREATE TEXT SEARCH CONFIGURATION archive_russian (COPY = pg_catalog.russian)",
    "ALTER TEXT SEARCH CONFIGURATION archive_russian "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, russian_stem",
    "UPDATE archive_article SET search_vector = NULL WHERE search_vector IS NOT NULL",
    "TRUNCATE archive_search_entry",
]
POSTGRES_BACKWARD = [
    "UPDATE archive_article SET search_vector = NULL WHERE search_vector IS NOT NULL",
    "TRUNCATE archive_search_entry",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS archive_russian",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0012_article_translations"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
