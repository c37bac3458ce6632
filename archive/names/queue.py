"""The editors' decisions on the unmatched-names queue: assign a name, create a person, ignore it.

The queue itself is written by detection (archive.linking.unmatched); the admin
(archive.names.admin) calls these. A name assigned to a person becomes their alias, and the
articles that mention it are linked to them.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from archive.caching import content_changed
from archive.models import Alias, ArticlePerson, LinkOrigin, Person, SuppressedLink, UnmatchedName
from archive.names.redetection import alias_redetection_paused, redetect_for_alias_change
from archive.text.normalise import name_key

IGNORED = UnmatchedName.Status.IGNORED
RESOLVED = UnmatchedName.Status.RESOLVED


class NameConflict(ValueError):
    """An editor's decision that would make a name mean two people."""


def assign_to_person(unmatched, person) -> Person:
    """The name is `person`: it becomes their alias and its articles are linked to them."""
    with transaction.atomic(), alias_redetection_paused():
        unmatched = UnmatchedName.objects.select_for_update().get(pk=unmatched.pk)
        add_alias(person, unmatched.name)
        unmatched.status, unmatched.person = RESOLVED, person
        unmatched.save(update_fields=["status", "person"])
        articles = list(unmatched.articles.all())
        redetect_for_alias_change([unmatched.name], also=articles)
        _link_missing(articles, person, unmatched.name)
    return person


def check_assignable(unmatched, person):
    """Raise NameConflict if the name cannot become `person`'s (before asking for it)."""
    add_alias(person, unmatched.name, dry_run=True)


def create_person_from(unmatched, name="", **fields) -> Person:
    """A new person named as found (or `name`, when the text only gave a title)."""
    with transaction.atomic():
        person = Person.objects.create(name=(name or unmatched.name).strip(), **fields)
        return assign_to_person(unmatched, person)


def ignore(unmatched):
    """Not a person (or not one worth keeping): never queued again."""
    UnmatchedName.objects.filter(pk=unmatched.pk).update(status=IGNORED, person=None)
    content_changed()


def add_alias(person, name, skip_taken=False, dry_run=False):
    """A new spelling of `person`'s name; None when it is one already (or, with `skip_taken`,
    when the name already means someone else, which is not for this alias to settle)."""
    key = name_key(name)
    if key == person.name_key or person.aliases.filter(key=key).exists():
        return None
    other = Alias.objects.filter(key=key).select_related("person").first()
    if other is not None:
        if skip_taken:
            return None
        raise NameConflict(
            _("“%(name)s” is already a spelling of %(person)s; remove it there first.")
            % {"name": name, "person": other.person}
        )
    namesake = Person.objects.filter(name_key=key).exclude(pk=person.pk).first()
    if namesake is not None:
        if skip_taken:
            return None
        raise NameConflict(
            _("“%(name)s” is the name of %(person)s; merge the two people instead.")
            % {"name": name, "person": namesake}
        )
    if dry_run:
        return None
    return Alias.objects.create(person=person, name=name)


def _link_missing(articles, person, matched_text):
    """Link what detection did not (or could not) link, unless an editor removed the link."""
    suppressed = set(
        SuppressedLink.objects.filter(person=person, article__in=articles).values_list(
            "article_id", flat=True
        )
    )
    linked = set(
        ArticlePerson.objects.filter(person=person, article__in=articles).values_list(
            "article_id", flat=True
        )
    )
    for article in articles:
        if article.pk not in suppressed | linked:
            # Detected, not an editor's link: removing the alias again takes it away.
            ArticlePerson.objects.create(
                article=article,
                person=person,
                origin=LinkOrigin.DETECTED,
                matched_text=matched_text,
            )
