"""The people resource: found by slug, name or alias; aliases and positions are written in bulk
after the rows (write_related)."""

from datetime import date

from archive.db import chunked
from archive.models import Alias, ArticlePerson, Person, Position, Quote, first_free_slug
from archive.text.normalise import slugify, sort_key_for_name
from archive.transfer import cells
from archive.transfer.columns import (
    BoolWidget,
    Column,
    ListWidget,
    PositionsWidget,
    SlugWidget,
    text_column,
)
from archive.transfer.lookups import name_key
from archive.transfer.resource_base import BATCH_SIZE, IMPORT_BATCH, ArchiveResource


class PersonResource(ArchiveResource):
    model_key, noun = "people", "person"
    search_kind = "person"
    derived_fields = ("name_key",)

    name = text_column("name", Person, required=True)
    name_ru = text_column("name_ru", Person)
    name_kk = text_column("name_kk", Person)
    slug = Column("slug", SlugWidget(max_length=200), attribute="slug")
    aliases = Column("aliases", ListWidget())
    role = text_column("role", Person)
    role_ru = text_column("role_ru", Person)
    role_kk = text_column("role_kk", Person)
    bio = text_column("bio", Person)
    bio_ru = text_column("bio_ru", Person)
    bio_kk = text_column("bio_kk", Person)
    sort_name = text_column("sort_name", Person)
    featured = Column("featured", BoolWidget(), attribute="featured")
    positions = Column(
        "positions", PositionsWidget(max_length=Position._meta.get_field("title").max_length)
    )

    export_prefetch = ("aliases", "positions")
    current_positions = None  # during an import: {person pk: {position: its pk}}

    def get_queryset(self):
        return Person.objects.order_by("sort_name", "name", "pk")

    class Meta(ArchiveResource.Meta):
        model = Person
        fields = (
            "name", "name_ru", "name_kk", "slug", "aliases", "role", "role_ru", "role_kk", "bio",
            "bio_ru", "bio_kk", "sort_name", "featured", "positions",
        )  # fmt: skip

    def slug_index(self):
        return self.lookups.people

    def prepare(self, rows):
        self.taken_slugs = self.lookups.people.taken_slugs()
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
            instance.slug = first_free_slug(slugify(instance.name), self.taken_slugs)

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

    def destructive_changes(self):
        # Aliases are only ever added by an import, so none is lost; a name that changes is
        # (the old spelling no longer finds the person unless it is an alias), and positions.
        for person in self.saved:
            before = person._import_before
            if before is None:
                continue
            label = person._import_label
            if before.get("name") and before["name"] != person.name:
                yield (
                    f"{label}: person '{before['name']}' is renamed '{person.name}': the old "
                    "spelling stops finding them unless it is one of their aliases"
                )
            renamed = self.renamed(person)
            if renamed:
                yield renamed
            _, removed = self._position_changes(person)
            if removed:
                yield f"{label}: person '{person}' would lose {len(removed)} position(s)"

    def write_related(self, people):
        # Aliases are only ever added: a file lists spellings it knows, not all there are.
        new = [alias for person in people for alias in self._new_aliases(person)]
        for alias in new:
            alias.person_id = alias.person.pk
        Alias.objects.bulk_create(new, batch_size=BATCH_SIZE)
        # Positions: exactly those of the row (when the file has the column).
        added, removed = [], []
        for person in people:
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
