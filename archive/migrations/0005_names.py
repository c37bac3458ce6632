# The unmatched-names queue counts mentions per article: the plain many-to-many table of
# UnmatchedName.articles (0003) becomes the UnmatchedMention model, keeping its name and rows
# (Django's documented way to give a many-to-many field a through model), and gains a count.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0004_search'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='UnmatchedMention',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='archive.article')),
                        ('unmatched', models.ForeignKey(db_column='unmatchedname_id', on_delete=django.db.models.deletion.CASCADE, related_name='mentions', to='archive.unmatchedname')),
                    ],
                    options={
                        'verbose_name': 'unmatched name in an article',
                        'verbose_name_plural': 'unmatched names in articles',
                        'db_table': 'archive_unmatchedname_articles',
                        'unique_together': {('unmatched', 'article')},
                    },
                ),
                migrations.AlterField(
                    model_name='unmatchedname',
                    name='articles',
                    field=models.ManyToManyField(blank=True, related_name='unmatched_names', through='archive.UnmatchedMention', to='archive.article'),
                ),
            ],
        ),
        migrations.AddField(
            model_name='unmatchedmention',
            name='count',
            field=models.PositiveIntegerField(default=1, verbose_name='times in this article'),
        ),
    ]
