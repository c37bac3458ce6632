# Indexes for the public pages at 100,000 articles (docs/performance.md, Load):
# - article_listing_idx: (status, published_on DESC NULLS LAST, created_at DESC, id DESC), the
#   order of ArticleQuerySet.newest_first(): a list page reads its 20 rows from the index
#   instead of sorting the archive; the few unpublished articles are found in it too.
# - article_featured_idx: the few featured articles only.
# - (person, article), (session, article) and (topic, article) on the link tables: a person's,
#   session's or topic's articles, and their counts, come from the index alone. The topics'
#   link table is Django's automatic one, so its index is plain SQL (the same on SQLite and
#   PostgreSQL).
# Then ANALYZE, so that the planners know the new indexes.

from django.db import migrations, models

import archive.models

ANALYZED = [
    "archive_article",
    "archive_articleperson",
    "archive_articlesession",
    "archive_article_topics",
]


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0006_ascii_slugs"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=archive.models.NullsLastIndex(
                models.F("status"),
                models.OrderBy(models.F("published_on"), descending=True, nulls_last=True),
                models.OrderBy(models.F("created_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                name="article_listing_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("featured", True)),
                fields=["featured"],
                name="article_featured_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="articleperson",
            index=models.Index(fields=["person", "article"], name="articleperson_person_idx"),
        ),
        migrations.AddIndex(
            model_name="articlesession",
            index=models.Index(fields=["session", "article"], name="articlesession_session_idx"),
        ),
        migrations.RunSQL(
            "CREATE INDEX article_topics_topic_idx"
            " ON archive_article_topics (topic_id, article_id)",
            "DROP INDEX IF EXISTS article_topics_topic_idx",
        ),
        # Statistics for the new indexes: without them SQLite guessed, and counted the Russian
        # articles through the listing index (100 ms instead of 10).
        migrations.RunSQL(
            [f"ANALYZE {table}" for table in ANALYZED],
            migrations.RunSQL.noop,
        ),
    ]
