"""PostgreSQL: GIN indexes of every 64th and 512th article's search vector, from which a
search with many matches estimates its total and samples its facets (archive/search/
sampling.py). SQLite: nothing (its engine counts through its own FTS table)."""

from django.db import migrations

STRIDES = (64, 512)


def _forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for stride in STRIDES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS archive_article_search_sample_{stride} "
            f"ON archive_article USING gin (search_vector) WHERE (id % {stride}) = 0",
            None,  # no parameters: the % is SQL's modulo, not a placeholder
        )


def _backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for stride in STRIDES:
        schema_editor.execute(f"DROP INDEX IF EXISTS archive_article_search_sample_{stride}")


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0018_staged_articles"),
    ]

    operations = [
        migrations.RunPython(_forward, _backward),
    ]
