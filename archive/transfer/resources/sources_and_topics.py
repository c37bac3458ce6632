"""The sources and topics resources: records with a name and a slug, found by either."""

from archive.models import Article, Source, Topic, first_free_slug
from archive.text.normalise import slugify
from archive.transfer import cells
from archive.transfer.columns import Column, SlugWidget, URLWidget, text_column
from archive.transfer.lookups import name_key
from archive.transfer.resource_base import ArchiveResource


class NamedResource(ArchiveResource):
    index = ""

    def slug_index(self):
        return getattr(self.lookups, self.index)

    def prepare(self, rows):
        self.taken_slugs = self.slug_index().taken_slugs()

    def identify(self, row):
        index = getattr(self.lookups, self.index)
        name = cells.as_text(row["name"]).strip()
        slug = cells.as_text(row.get("slug", "")).strip()
        pk = index.by_slug(slug) if slug else None
        if pk is None:
            pks = index.pks_by_key.get(name_key(name), set())
            pk = next(iter(pks)) if len(pks) == 1 else None
        keys = [(("name", name_key(name)), f"the {self.noun} '{name}'")]
        if slug:
            keys.append((("slug", slug), f"the {self.noun} with slug '{slug}'"))
        if pk:
            keys.append((("pk", pk), f"the {self.noun} '{index.name_by_pk[pk]}'"))
        return pk, keys

    def check_instance(self, instance, row):
        index = getattr(self.lookups, self.index)
        if not name_key(instance.name):
            return {"name": "a name needs at least one letter or digit"}
        if index.pks_by_key.get(name_key(instance.name), set()) - {instance.pk}:
            return {"name": f"another {self.noun} already has this name"}
        owner = index.pk_by_slug.get(instance.slug, instance.pk) if instance.slug else None
        if owner is not None and owner != instance.pk:
            return {"slug": f"this slug belongs to the {self.noun} '{index.name_by_pk[owner]}'"}
        return {}

    def complete(self, instance):
        if not instance.slug:
            instance.slug = first_free_slug(slugify(instance.name), self.taken_slugs)


class SourceResource(NamedResource):
    model_key, noun, index = "sources", "source", "sources"

    name = text_column("name", Source, required=True)
    url = Column("url", URLWidget(max_length=200), attribute="url")
    slug = Column("slug", SlugWidget(max_length=200), attribute="slug")

    class Meta(ArchiveResource.Meta):
        model = Source
        fields = ("name", "url", "slug")

    def articles_showing(self, pks):
        return Article.objects.filter(source_id__in=pks).values_list("pk", flat=True)


class TopicResource(NamedResource):
    model_key, noun, index = "topics", "topic", "topics"
    search_kind = "topic"

    name = text_column("name", Topic, required=True)
    name_ru = text_column("name_ru", Topic)
    name_kk = text_column("name_kk", Topic)
    description = text_column("description", Topic)
    description_ru = text_column("description_ru", Topic)
    description_kk = text_column("description_kk", Topic)
    slug = Column("slug", SlugWidget(max_length=200), attribute="slug")

    class Meta(ArchiveResource.Meta):
        model = Topic
        fields = (
            "name", "name_ru", "name_kk", "description", "description_ru", "description_kk",
            "slug",
        )  # fmt: skip

    def articles_showing(self, pks):
        through = Article.topics.through
        return through.objects.filter(topic_id__in=pks).values_list("article_id", flat=True)
