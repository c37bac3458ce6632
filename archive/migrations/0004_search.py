# Search index (archive/search): FTS5 tables on SQLite; on PostgreSQL the weighted tsvector
# below with its GIN index, the unaccent and pg_trgm extensions, accent-folding text search
# configurations, a side table for people, sessions, topics and quotes, and trigram indexes
# for fuzzy names. The GIN index stays out of Article.Meta: SQLite cannot create it and
# rebuilds tables from the model state. Existing content is indexed after migrate (see
# archive/signals.py, post_migrate) or with `manage.py rebuild_search_index`.

import django.contrib.postgres.search
from django.db import migrations

SQLITE_TOKENIZE = "porter unicode61 remove_diacritics 2"

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE archive_search_article USING fts5("
    f"title, lead, body, names, tokenize = '{SQLITE_TOKENIZE}')",
    "INSERT INTO archive_search_article(archive_search_article, rank) "
    "VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 3.0)')",
    "CREATE VIRTUAL TABLE archive_search_entry USING fts5("
    f"title, body, tokenize = '{SQLITE_TOKENIZE}')",
    "INSERT INTO archive_search_entry(archive_search_entry, rank) "
    "VALUES ('rank', 'bm25(10.0, 1.0)')",
    "CREATE VIRTUAL TABLE archive_search_vocab USING fts5vocab(archive_search_article, 'row')",
]
SQLITE_BACKWARD = [
    "DROP TABLE IF EXISTS archive_search_vocab",
    "DROP TABLE IF EXISTS archive_search_entry",
    "DROP TABLE IF EXISTS archive_search_article",
]

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE TEXT SEARCH CONFIGURATION archive_english (COPY = pg_catalog.english)",
    "ALTER TEXT SEARCH CONFIGURATION archive_english "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem",
    "CREATE TEXT SEARCH CONFIGURATION archive_simple (COPY = pg_catalog.simple)",
    "ALTER TEXT SEARCH CONFIGURATION archive_simple "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
    "CREATE INDEX archive_article_search_gin ON archive_article USING gin (search_vector)",
    # Long bodies and vectors out of line: a search visits thousands of article rows for
    # their status, and reads a page of them, so a narrow table is much faster to scan.
    "ALTER TABLE archive_article SET (toast_tuple_target = 128)",
    """CREATE TABLE archive_search_entry (
        id bigserial PRIMARY KEY,
        kind varchar(16) NOT NULL,
        object_id bigint NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        vector tsvector NOT NULL,
        UNIQUE (kind, object_id)
    )""",
    "CREATE INDEX archive_search_entry_gin ON archive_search_entry USING gin (vector)",
    "CREATE INDEX archive_person_name_trgm ON archive_person USING gin (name_key gin_trgm_ops)",
    "CREATE INDEX archive_alias_key_trgm ON archive_alias USING gin (key gin_trgm_ops)",
    "CREATE INDEX archive_article_title_trgm ON archive_article USING gin (title gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS archive_article_title_trgm",
    "DROP INDEX IF EXISTS archive_alias_key_trgm",
    "DROP INDEX IF EXISTS archive_person_name_trgm",
    "DROP TABLE IF EXISTS archive_search_entry",
    "ALTER TABLE archive_article RESET (toast_tuple_target)",
    "DROP INDEX IF EXISTS archive_article_search_gin",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS archive_simple",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS archive_english",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0003_names_and_redirects'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
