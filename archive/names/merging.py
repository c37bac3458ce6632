"""Merging duplicate people into one, losing nothing."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from archive.caching import content_changed
from archive.linking import derived
from archive.models import (
    Alias,
    ArticlePerson,
    LinkOrigin,
    Person,
    Position,
    Quote,
    SuppressedLink,
    UnmatchedName,
)
from archive.names.queue import add_alias
from archive.names.redetection import alias_redetection_paused
from archive.redirects import move_history, record_old_slug


@dataclass
class MergeReport:
    kept: Person
    removed: list[str] = field(default_factory=list)
    aliases: int = 0
    positions: int = 0
    quotes: int = 0
    links: int = 0

    def summary(self):
        return _(
            "Merged %(removed)s into %(kept)s: %(aliases)d spellings, %(positions)d positions, "
            "%(quotes)d quotes and %(links)d article links moved over."
        ) % {
            "removed": ", ".join(self.removed),
            "kept": self.kept,
            "aliases": self.aliases,
            "positions": self.positions,
            "quotes": self.quotes,
            "links": self.links,
        }


def merge_people(keep, duplicates) -> MergeReport:
    """Fold `duplicates` into `keep`, losing nothing, in one transaction.

    Their names and aliases become aliases of `keep`; positions, quotes, article links
    (an editor's link wins over a detected one) and editors' removed links move over; empty
    fields of `keep` are filled from theirs; their URLs redirect permanently to `keep`.
    """
    report = MergeReport(kept=keep)
    with transaction.atomic(), alias_redetection_paused():
        keep = Person.objects.select_for_update().get(pk=keep.pk)
        report.kept = keep
        removed = list(Person.objects.filter(pk__in=[d.pk for d in duplicates]).exclude(pk=keep.pk))
        for duplicate in removed:
            report.aliases += _move_aliases(duplicate, keep)
            report.positions += _move_positions(duplicate, keep)
            report.quotes += Quote.objects.filter(speaker=duplicate).update(speaker=keep)
            report.links += _move_links(duplicate, keep)
            _move_suppressed(duplicate, keep)
            UnmatchedName.objects.filter(person=duplicate).update(person=keep)
            _fill_blanks(keep, duplicate)
            move_history(Person, duplicate.pk, keep.pk)
            record_old_slug(keep, duplicate.slug)
            report.removed.append(duplicate.name)
            duplicate.delete()
        # Their own names last: until they are gone, each name is still a person's.
        for duplicate in removed:
            if add_alias(keep, duplicate.name, skip_taken=True) is not None:
                report.aliases += 1
        keep.save()  # also reindexes keep's articles and quotes for search
        derived.changed(person=[keep.pk])  # the links moved over by update(), not save()
        content_changed()  # after the queryset updates that moved their things over
    return report


def _move_aliases(duplicate, keep) -> int:
    moved = 0
    for alias in duplicate.aliases.all():
        if alias.key == keep.name_key:
            alias.delete()
        else:
            Alias.objects.filter(pk=alias.pk).update(person=keep)
            moved += 1
    return moved


def _move_positions(duplicate, keep) -> int:
    held = set(keep.positions.values_list("title", "organisation", "start_date", "end_date"))
    moved = 0
    for position in duplicate.positions.all():
        if (position.title, position.organisation, position.start_date, position.end_date) in held:
            continue
        Position.objects.filter(pk=position.pk).update(person=keep)
        moved += 1
    return moved


def _move_links(duplicate, keep) -> int:
    kept_links = {link.article_id: link for link in keep.article_links.all()}
    moved = 0
    for link in duplicate.article_links.all():
        mine = kept_links.get(link.article_id)
        if mine is None:
            ArticlePerson.objects.filter(pk=link.pk).update(person=keep)
        else:
            if link.origin == LinkOrigin.EDITOR:
                mine.origin = LinkOrigin.EDITOR
            mine.matched_text = mine.matched_text or link.matched_text
            mine.save(update_fields=["origin", "matched_text"])
            link.delete()
        moved += 1
    return moved


def _move_suppressed(duplicate, keep):
    linked = set(keep.article_links.values_list("article_id", flat=True))
    already = set(SuppressedLink.objects.filter(person=keep).values_list("article_id", flat=True))
    for suppressed in SuppressedLink.objects.filter(person=duplicate):
        # A link the kept person has wins over one an editor removed from the duplicate.
        if suppressed.article_id in linked | already:
            suppressed.delete()
        else:
            SuppressedLink.objects.filter(pk=suppressed.pk).update(person=keep)


def _fill_blanks(keep, duplicate):
    for name in ("role", "bio"):
        if not getattr(keep, name) and getattr(duplicate, name):
            setattr(keep, name, getattr(duplicate, name))
    keep.featured = keep.featured or duplicate.featured
