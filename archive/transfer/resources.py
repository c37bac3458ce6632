"""django-import-export resources: the column contract of docs/importing.md, model by model.

Each resource says which columns it has, how a row finds the record it updates (its
natural key), what save() would have computed, and what must be refreshed afterwards; the
strict, bulk machinery they share is in archive.resource_base. RESOURCES maps the names
used by the commands and docs ("articles") to the resources.
"""

import time
from datetime import date
from typing import NamedTuple

from django.db.models import Value
from django.utils import timezone

from archive.linking import detection
from archive.models import (
    Alias,
    Article,
    ArticlePerson,
    ArticleSession,
    DatePrecision,
    Language,
    LinkOrigin,
    Person,
    Position,
    Quote,
    Session,
    Source,
    Topic,
)
from archive.text.normalise import slugify, sort_key_for_name
from archive.transfer import cells
from archive.transfer.cells import CellError
from archive.transfer.columns import (
    BoolWidget,
    ChoiceWidget,
    Column,
    DateWidget,
    ListWidget,
    PositionsWidget,
    PositiveIntWidget,
    RefListWidget,
    RefWidget,
    SessionNumberWidget,
    SlugWidget,
    URLWidget,
    text_column,
)
from archive.transfer.lookups import ArticleIndex, name_key
from archive.transfer.resource_base import (
    BATCH_SIZE,
    IMPORT_BATCH,
    ArchiveResource,
    chunked,
    insert_rows,
    old_slugs,
    unique_slug,
)

# --- Sessions ------------------------------------------------------------------------------


class SessionResource(ArchiveResource):
    model_key, noun = "sessions", "session"
    search_kind = "session"

    number = Column("number", SessionNumberWidget(), attribute="number", required=True)
    start_date = Column("start_date", DateWidget(), attribute="start_date")
    end_date = Column("end_date", DateWidget(), attribute="end_date")
    date_precision = Column(
        "date_precision",
        ChoiceWidget(DatePrecision.choices, DatePrecision.DAY),
        attribute="date_precision",
    )
    title = text_column("title", Session)
    location = text_column("location", Session)
    summary = text_column("summary", Session)

    class Meta(ArchiveResource.Meta):
        model = Session
        fields = (
            "number", "start_date", "end_date", "date_precision", "title", "location", "summary",
        )  # fmt: skip

    def identify(self, row):
        number = SessionNumberWidget().clean(row["number"])
        pk = self.lookups.sessions.pk_by_number.get(number)
        return pk, [(number, f"session {number}")]

    def assign_start_date(self, instance, value, row):
        instance.start_date, precision = value
        if "date_precision" not in row or not cells.as_text(row["date_precision"]).strip():
            instance.date_precision = precision or DatePrecision.DAY

    def assign_end_date(self, instance, value, row):
        instance.end_date = value[0]

    def articles_showing(self, pks):
        return ArticleSession.objects.filter(session_id__in=pks).values_list(
            "article_id", flat=True
        )

    def check_instance(self, instance, row):
        if instance.end_date and not instance.start_date:
            return {"end_date": "an end date needs a start date"}
        if instance.end_date and instance.end_date < instance.start_date:
            return {"end_date": "the session cannot end before it starts"}
        return {}


# --- People ------------------------------------------------------------------------------


class PersonResource(ArchiveResource):
    model_key, noun = "people", "person"
    search_kind = "person"
    derived_fields = ("name_key",)

    name = text_column("name", Person, required=True)
    slug = Column("slug", SlugWidget(max_length=200), attribute="slug")
    aliases = Column("aliases", ListWidget())
    role = text_column("role", Person)
    bio = text_column("bio", Person)
    sort_name = text_column("sort_name", Person)
    featured = Column("featured", BoolWidget(), attribute="featured")
    positions = Column(
        "positions",
        PositionsWidget(max_length=Position._meta.get_field("title").max_length),
    )

    export_prefetch = ("aliases", "positions")
    current_positions = None  # during an import: {person pk: {position: its pk}}

    def get_queryset(self):
        return Person.objects.order_by("sort_name", "name", "pk")

    class Meta(ArchiveResource.Meta):
        model = Person
        fields = ("name", "slug", "aliases", "role", "bio", "sort_name", "featured", "positions")

    def slug_index(self):
        return self.lookups.people

    def prepare(self, rows):
        self.taken_slugs = set(self.lookups.people.pk_by_slug) | old_slugs(Person)
        self.current_positions = None  # {person pk: {position: its pk}}, for updated people

    def make_plans(self, rows):
        plans = super().make_plans(rows)
        if any(name == "positions" for name, _widget, _store in self.columns):
            self.current_positions = {}
            people = [plan.existing for plan in plans if plan.existing]
            for chunk in chunked(people, IMPORT_BATCH):
                for pk, person, *position in Position.objects.filter(
                    person_id__in=chunk
                ).values_list("pk", "person_id", "title", "organisation", "start_date", "end_date"):
                    self.current_positions.setdefault(person, {})[tuple(position)] = pk
        return plans

    def identify(self, row):
        """By slug when the file gives one, else by name or any alias."""
        people = self.lookups.people
        name = cells.as_text(row["name"]).strip()
        slug = cells.as_text(row.get("slug", "")).strip()
        pk = people.by_slug(slug) if slug else None
        if pk is None and not slug:
            matches = people.match(name)
            pk = next(iter(matches)) if len(matches) == 1 else None
        # Namesakes are told apart by their slugs; spellings claimed as aliases are unique.
        spellings = cells.split_list(row.get("aliases", "")) + ([] if slug else [name])
        keys = [(("name", name_key(s)), f"the person called '{s}'") for s in spellings]
        if slug:
            keys.append((("slug", slug), f"the person with slug '{slug}'"))
        if pk:
            keys.append((("pk", pk), f"the person '{people.name_by_pk[pk]}'"))
        return pk, keys

    def assign_name(self, instance, value, row):
        people = self.lookups.people
        # Found through an alias: the file's spelling is one of theirs, not a new name.
        found_by_alias = instance.pk is not None and (
            people.alias_owner.get(name_key(value)) == instance.pk
        )
        if found_by_alias and not cells.as_text(row.get("slug", "")).strip():
            return
        instance.name = value

    def check_instance(self, instance, row):
        people, name = self.lookups.people, instance.name
        key = name_key(name)
        if not key:
            return {"name": "a name needs at least one letter or digit"}
        slug_given = bool(cells.as_text(row.get("slug", "")).strip())
        others = people.pks_by_key.get(key, set()) - {instance.pk}
        someone_elses_alias = people.alias_owner.get(key, instance.pk) != instance.pk
        if others and not (slug_given and not someone_elses_alias):  # namesakes need slugs
            if instance.pk is None and not slug_given:
                slugs = ", ".join(sorted(people.slug_by_pk[pk] for pk in others))
                return {
                    "name": f"several people are called '{name}' ({slugs}); "
                    "add a 'slug' column that says which one this row is"
                }
            owner = people.name_by_pk[min(others)]
            return {"name": f"'{name}' is already the name or an alias of {owner}"}
        owner = people.pk_by_slug.get(instance.slug, instance.pk) if instance.slug else None
        if owner is not None and owner != instance.pk:
            return {"slug": f"this slug belongs to {people.name_by_pk[owner]}"}
        for alias in instance._import_values.get("aliases", []):
            owners = people.pks_by_key.get(name_key(alias), set()) - {instance.pk}
            if owners:
                owner = people.name_by_pk[min(owners)]
                return {"aliases": f"'{alias}' is already the name or an alias of {owner}"}
        return {}

    def complete(self, instance):
        instance.name_key = name_key(instance.name)
        if not instance.sort_name:
            instance.sort_name = sort_key_for_name(instance.name)
        if not instance.slug:
            instance.slug = unique_slug(slugify(instance.name), self.taken_slugs)

    def links_unchanged(self, person):
        return not self._new_aliases(person) and self._position_changes(person) == ([], [])

    def _position_changes(self, person):
        """([positions to add], [pks of positions to delete]): a person's positions become
        exactly those of the row, when the file has the column."""
        if "positions" not in person._import_values:
            return [], []
        wanted = person._import_values["positions"]
        current = (self.current_positions or {}).get(person.pk, {}) if person.pk else {}
        added = [position for position in wanted if position not in current]
        removed = [pk for position, pk in current.items() if position not in wanted]
        return added, removed

    def _new_aliases(self, person):
        people, seen, new = self.lookups.people, {person.name_key or name_key(person.name)}, []
        for alias in person._import_values.get("aliases", []):
            key = name_key(alias)
            if key and key not in seen and people.alias_owner.get(key) != person.pk:
                new.append(Alias(person=person, name=alias, key=key))
            seen.add(key)
        return new

    def write_related(self):
        # Aliases are only ever added: a file lists spellings it knows, not all there are.
        new = [alias for person in self.saved for alias in self._new_aliases(person)]
        for alias in new:
            alias.person_id = alias.person.pk
        Alias.objects.bulk_create(new, batch_size=BATCH_SIZE)
        # Positions: exactly those of the row (when the file has the column).
        added, removed = [], []
        for person in self.saved:
            new_positions, old_pks = self._position_changes(person)
            removed += old_pks
            added += [
                Position(
                    person_id=person.pk,
                    title=title,
                    organisation=organisation,
                    start_date=start,
                    end_date=end,
                )
                for title, organisation, start, end in new_positions
            ]
        for chunk in chunked(removed, IMPORT_BATCH):
            Position.objects.filter(pk__in=chunk).delete()
        Position.objects.bulk_create(added, batch_size=BATCH_SIZE)

    def articles_showing(self, pks):
        return ArticlePerson.objects.filter(person_id__in=pks).values_list("article_id", flat=True)

    def quotes_showing(self, pks):
        return [
            pk
            for chunk in chunked(pks, IMPORT_BATCH)
            for pk in Quote.objects.filter(speaker_id__in=chunk).values_list("pk", flat=True)
        ]

    def read_aliases(self, person):
        if person.pk is None:
            return []
        return [alias.name for alias in person.aliases.all()]

    def read_positions(self, person):
        """Oldest first, undated last (the export's order): (title, organisation, from, until)."""
        if person.pk is None:
            return []
        if self.current_positions is not None:  # during an import
            positions = list(self.current_positions.get(person.pk, {}))
        else:
            positions = [
                (p.title, p.organisation, p.start_date, p.end_date) for p in person.positions.all()
            ]
        return sorted(positions, key=_position_order)


def _position_order(position):
    title, organisation, start, end = position
    return (start is None, start or date.min, end is None, end or date.max, title, organisation)


# --- Sources and topics -----------------------------------------------------------------------


class NamedResource(ArchiveResource):
    index = ""

    def slug_index(self):
        return getattr(self.lookups, self.index)

    def prepare(self, rows):
        self.taken_slugs = set(getattr(self.lookups, self.index).pk_by_slug)
        self.taken_slugs |= old_slugs(self._meta.model)

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
            instance.slug = unique_slug(slugify(instance.name), self.taken_slugs)


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
    description = text_column("description", Topic)
    slug = Column("slug", SlugWidget(max_length=200), attribute="slug")

    class Meta(ArchiveResource.Meta):
        model = Topic
        fields = ("name", "description", "slug")

    def articles_showing(self, pks):
        through = Article.topics.through
        return through.objects.filter(topic_id__in=pks).values_list("article_id", flat=True)


# --- Articles ------------------------------------------------------------------------------


class LinkKind(NamedTuple):
    model: type
    target: str  # the column naming the linked session, person or topic
    editor_values: dict  # the other columns of a link an editor makes


EDITOR = LinkOrigin.EDITOR.value
LINKS = {
    "sessions": LinkKind(ArticleSession, "session_id", {"origin": EDITOR}),
    "people": LinkKind(ArticlePerson, "person_id", {"origin": EDITOR, "matched_text": ""}),
    "topics": LinkKind(Article.topics.through, "topic_id", {}),  # topics have no origin
}


class ArticleResource(ArchiveResource):
    model_key, noun = "articles", "article"

    title = text_column("title", Article, required=True)
    slug = Column("slug", SlugWidget(max_length=200), attribute="slug")
    published_on = Column("published_on", DateWidget(), attribute="published_on")
    date_precision = Column(
        "date_precision",
        ChoiceWidget(DatePrecision.choices, DatePrecision.DAY),
        attribute="date_precision",
    )
    date_text = text_column("date_text", Article)
    source = Column("source", RefWidget("sources"), attribute="source_id")
    source_url = Column("source_url", URLWidget(max_length=500), attribute="source_url")
    language = Column(
        "language", ChoiceWidget(Language.choices, Language.ENGLISH), attribute="language"
    )
    status = Column(
        "status", ChoiceWidget(Article.Status.choices, Article.Status.DRAFT), attribute="status"
    )
    featured = Column("featured", BoolWidget(), attribute="featured")
    author = text_column("author", Article)
    sessions = Column("sessions", RefListWidget("sessions"))
    people = Column("people", RefListWidget("people"))
    topics = Column("topics", RefListWidget("topics"))
    # Written by exports for readers; an import recomputes them by detection instead.
    detected_sessions = Column("detected_sessions", RefListWidget("sessions"), importable=False)
    detected_people = Column("detected_people", RefListWidget("people"), importable=False)
    lead = text_column("lead", Article)
    body = text_column("body", Article)

    extra_update_fields = ["updated_at"]

    class Meta(ArchiveResource.Meta):
        model = Article
        fields = (
            "title", "slug", "published_on", "date_precision", "date_text", "source",
            "source_url", "language", "status", "featured", "author", "sessions", "people",
            "topics", "detected_sessions", "detected_people", "lead", "body",
        )  # fmt: skip

    export_prefetch = ("session_links", "person_links", "topics")

    def get_queryset(self):
        return Article.objects.order_by("pk")  # the order they were added: stable re-exports

    def slug_index(self):
        return self.lookups.articles

    def prepare(self, rows):
        self.links, self.title_slugs = None, {}
        # Slugs written in the file are reserved before any title gets a generated one.
        self.taken_slugs = set(self.lookups.articles.pk_by_slug) | old_slugs(Article)
        self.taken_slugs.update(cells.as_text(r.get("slug", "")).strip() for r in rows)

    def identify(self, row):
        """By slug, else by original URL, else (neither given) by the slug of the title."""
        articles = self.lookups.articles
        slug = cells.as_text(row.get("slug", "")).strip()
        url = cells.as_text(row.get("source_url", "")).strip()
        pk, keys = None, []
        if slug:
            pk = articles.by_slug(slug)
            keys.append((("slug", slug), f"the article with slug '{slug}'"))
        if url:
            pk = pk or articles.pk_by_url.get(url)
            keys.append((("url", url), f"the article at {url}"))
        if not slug and not url:
            title = cells.as_text(row["title"]).strip()
            title_slug = self.title_slug(title)
            pk = articles.pk_by_slug.get(title_slug)
            keys.append((("slug", title_slug), f"the article titled '{title}'"))
        if pk:
            keys.append((("pk", pk), f"the article '{articles.slug_by_pk[pk]}'"))
        return pk, keys

    def make_plans(self, rows):
        plans = super().make_plans(rows)
        self.links = self._load_links([plan.existing for plan in plans if plan.existing])
        return plans

    @staticmethod
    def _load_links(article_pks):
        """{'sessions': {article: {session: (link pk, origin)}}, 'people': …, 'topics': …}."""
        links = {name: {} for name in LINKS}
        for chunk in chunked(article_pks, IMPORT_BATCH):
            for name, kind in LINKS.items():
                origin = "origin" if "origin" in kind.editor_values else Value(EDITOR)
                rows = kind.model.objects.filter(article_id__in=chunk).values_list(
                    "pk", "article_id", kind.target, origin
                )
                for pk, article, other, link_origin in rows:
                    links[name].setdefault(article, {})[other] = (pk, link_origin)
        return links

    def assign_published_on(self, instance, value, row):
        instance.published_on, precision = value
        if not cells.as_text(row.get("date_precision", "")).strip():
            instance.date_precision = precision or DatePrecision.DAY

    def check_instance(self, instance, row):
        errors, articles = {}, self.lookups.articles
        owner = articles.pk_by_slug.get(instance.slug) if instance.slug else None
        if owner and owner != instance.pk:
            errors["slug"] = "another article already has this slug"
        owner = articles.pk_by_url.get(instance.source_url) if instance.source_url else None
        if owner and owner != instance.pk:
            errors["source_url"] = (
                f"this is already the original URL of the article '{articles.slug_by_pk[owner]}'"
            )
        if self.user is not None and not self.user.has_perm("archive.publish_article"):
            before = (instance._import_before or {}).get("status", Article.Status.DRAFT)
            if instance.status != before:
                errors["status"] = "you may not publish or unpublish articles"
        return errors

    def title_slug(self, title):
        if title not in self.title_slugs:
            self.title_slugs[title] = ArticleIndex.title_slug(title)
        return self.title_slugs[title]

    def complete(self, instance):
        if not instance.slug:
            instance.slug = unique_slug(self.title_slug(instance.title), self.taken_slugs)
        instance.updated_at = timezone.now()

    # Links -------------------------------------------------------------------------------

    links = None  # during an import: the links of the articles it updates (_load_links)

    def _current(self, name, article, origin=LinkOrigin.EDITOR):
        """Pks linked to a saved article with `origin`: from the preloaded links during an
        import, from the prefetched relations during an export."""
        if article.pk is None:
            return []
        if self.links is not None and article.pk in self.links[name]:
            return [pk for pk, (_, o) in self.links[name][article.pk].items() if o == origin]
        if self.links is not None and self.plans:
            return []  # an article of this import without links of this kind
        if name == "topics":
            return [topic.pk for topic in article.topics.all()] if origin == EDITOR else []
        related = article.session_links if name == "sessions" else article.person_links
        target = LINKS[name].target
        return [getattr(link, target) for link in related.all() if link.origin == origin]

    def read_sessions(self, article):
        numbers = self.lookups.sessions.number_by_pk
        return sorted(self._current("sessions", article), key=numbers.__getitem__)

    def read_detected_sessions(self, article):
        numbers = self.lookups.sessions.number_by_pk
        pks = self._current("sessions", article, LinkOrigin.DETECTED)
        return sorted(pks, key=numbers.__getitem__)

    def read_people(self, article):
        return sorted(self._current("people", article), key=self.lookups.people.label)

    def read_detected_people(self, article):
        pks = self._current("people", article, LinkOrigin.DETECTED)
        return sorted(pks, key=self.lookups.people.label)

    def read_topics(self, article):
        return sorted(self._current("topics", article), key=self.lookups.topics.label)

    def links_unchanged(self, article):
        pending = article._import_values
        return all(
            set(pending[name]) == set(self._current(name, article))
            for name in ("sessions", "people", "topics")
            if name in pending
        )

    def write_related(self):
        """Make each article's editor links what its row says, in a few bulk queries."""
        create, promote, delete = ({"sessions": [], "people": [], "topics": []} for _ in "cpd")
        for article in self.saved:
            for name, wanted in article._import_values.items():  # the link columns given
                current = self.links[name].get(article.pk, {})
                for pk in dict.fromkeys(wanted):
                    if pk not in current:
                        create[name].append((article.pk, pk))
                    elif current[pk][1] != LinkOrigin.EDITOR:
                        promote[name].append(current[pk][0])  # the editor now vouches for it
                for pk, (link_pk, origin) in current.items():
                    if origin == LinkOrigin.EDITOR and pk not in wanted:
                        delete[name].append(link_pk)
        for name, kind in LINKS.items():
            for chunk in chunked(delete[name], IMPORT_BATCH):
                kind.model.objects.filter(pk__in=chunk).delete()
            for chunk in chunked(promote[name], IMPORT_BATCH):
                kind.model.objects.filter(pk__in=chunk).update(origin=EDITOR)
            columns = ["article_id", kind.target, *kind.editor_values]
            extra = tuple(kind.editor_values.values())
            insert_rows(kind.model, columns, [(*pair, *extra) for pair in create[name]])

    def refresh(self, pks):
        """Detected links first (they are part of what search indexes), then the index."""
        if not pks:
            return
        started = time.perf_counter()
        matcher = detection.build_matcher()
        for chunk in chunked(pks, IMPORT_BATCH):
            detection.detect_links(Article.objects.filter(pk__in=chunk), matcher=matcher)
        self.timings["detection"] = time.perf_counter() - started
        super().refresh(pks)

    def articles_showing(self, pks):
        return pks  # reindex_articles() also rewrites the quotes of these articles


# --- Quotes --------------------------------------------------------------------------------


def quote_key(text):
    return " ".join(cells.as_text(text).split())


class QuoteResource(ArchiveResource):
    model_key, noun = "quotes", "quote"
    search_kind = "quote"

    text = text_column("text", Quote, required=True)
    speaker = Column(
        "speaker", RefWidget("people", required=True), attribute="speaker_id", required=True
    )
    article = Column(
        "article", RefWidget("articles", required=True), attribute="article_id", required=True
    )
    session = Column("session", RefWidget("sessions"), attribute="session_id")
    context = text_column("context", Quote)
    reviewed = Column("reviewed", BoolWidget(empty=True), attribute="reviewed")
    position = Column("position", PositiveIntWidget(), attribute="position")

    class Meta(ArchiveResource.Meta):
        model = Quote
        fields = ("text", "speaker", "article", "session", "context", "reviewed", "position")

    def get_queryset(self):
        return Quote.objects.order_by("article_id", "position", "pk")

    def _ref(self, index, text):
        try:
            return getattr(self.lookups, index).resolve(cells.as_text(text).strip())
        except CellError:
            return None

    def prepare(self, rows):
        article_pks = {self._ref("articles", row["article"]) for row in rows} - {None}
        self.existing, self.next_position = {}, {}
        for chunk in chunked(article_pks, IMPORT_BATCH):
            quotes = Quote.objects.filter(article_id__in=chunk)
            for pk, article, speaker, text, position in quotes.values_list(
                "pk", "article_id", "speaker_id", "text", "position"
            ):
                self.existing[(article, speaker, quote_key(text))] = pk
                self.next_position[article] = max(self.next_position.get(article, 0), position + 1)

    def identify(self, row):
        article = self._ref("articles", row["article"])
        speaker = self._ref("people", row["speaker"])
        if article is None or speaker is None:
            return None, []
        key = (article, speaker, quote_key(row["text"]))
        return self.existing.get(key), [(key, "the same quote by the same speaker in the article")]

    def assign_position(self, instance, value, row):
        if value is not None:
            instance.position = value
            instance._import_values["position"] = value

    def complete(self, instance):
        if instance.pk is None and "position" not in instance._import_values:
            instance.position = self.next_position.get(instance.article_id, 0)
        self.next_position[instance.article_id] = max(
            self.next_position.get(instance.article_id, 0), instance.position + 1
        )


RESOURCES = {
    resource.model_key: resource
    for resource in (
        SessionResource,
        PersonResource,
        SourceResource,
        TopicResource,
        ArticleResource,
        QuoteResource,
    )
}
