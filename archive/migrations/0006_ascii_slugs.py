# Slugs are ASCII: the URL patterns (<slug:...>) accept nothing else, so an article, person,
# topic or source whose slug kept Cyrillic letters (archive.text.slugify did so until it
# transliterated) had a page nobody could reach and broke the lists linking to it. Such slugs
# are made again from the title or name, transliterated ('Қазақ тілі' -> 'qazaq-tili'). Their
# old URLs never resolved, so there is nothing to redirect.

import re

from django.db import migrations

from archive.text.normalise import slugify

ASCII_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
MODELS = {"article": "title", "person": "name", "topic": "name", "source": "name"}


def ascii_slugs(apps, schema_editor):
    history = apps.get_model("archive", "SlugHistory")
    for model_name, text_field in MODELS.items():
        model = apps.get_model("archive", model_name)
        wrong = [
            (pk, slug, text)
            for pk, slug, text in model.objects.values_list("pk", "slug", text_field)
            if not ASCII_SLUG.match(slug or "")
        ]
        if not wrong:
            continue
        taken = set(model.objects.values_list("slug", flat=True))
        taken.update(
            history.objects.filter(
                content_type__app_label="archive", content_type__model=model_name
            ).values_list("old_slug", flat=True)
        )
        for pk, _slug, text in wrong:
            base = slugify(text, max_length=194)
            slug, counter = base, 2
            while slug in taken:
                slug, counter = f"{base}-{counter}", counter + 1
            taken.add(slug)
            model.objects.filter(pk=pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0005_names"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(ascii_slugs, migrations.RunPython.noop)]
