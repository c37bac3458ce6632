"""Names editors keep right: the unmatched-names queue, merging people, fixing credits at scale.

The linker (archive.linking.detection) finds names that look like people but match no one and hands
them to record_unmatched(). Editors then decide, per name, in the admin (archive.names.admin):
assign_to_person(), create_person_from() or ignore(). merge_people() folds duplicates into one
person. Changing an alias re-runs detection on the articles it concerns, and only on them.
"""

import contextlib
import threading
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils.translation import gettext as _

from archive.db import chunked
from archive.models import (
    Alias,
    Article,
    ArticlePerson,
    LinkOrigin,
    Person,
    Position,
    Quote,
    SuppressedLink,
    UnmatchedMention,
    UnmatchedName,
)
from archive.text.candidates import Candidate
from archive.text.normalise import name_key

PENDING = UnmatchedName.Status.PENDING
IGNORED = UnmatchedName.Status.IGNORED
RESOLVED = UnmatchedName.Status.RESOLVED


class NameConflict(ValueError):
    """An editor's decision that would make a name mean two people."""


def _as_candidate(item) -> Candidate:
    if isinstance(item, Candidate):
        return item
    if isinstance(item, str):
        return Candidate(item, "")
    if isinstance(item, tuple | list):
        return Candidate(*item[:2]) if len(item) > 1 else Candidate(item[0], "")
    name = getattr(item, "name", None) or getattr(item, "text", "")
    return Candidate(name, getattr(item, "reason", "") or "")


def is_known(name) -> bool:
    """The name (or alias) of exactly one person: nothing left to decide."""
    return Person.objects.by_name(name).count() == 1


# --- What a search box query names exactly ----------------------------------------------------


def exact_match(q):
    """The session or person a search query names exactly, or None (archive.search owns it:
    see archive.search.names.exact_match)."""
    from archive.search.targets import exact_match as search_exact_match

    return search_exact_match(q)


# --- The queue ------------------------------------------------------------------------------


def record_unmatched(article, candidates) -> list[UnmatchedName]:
    """Put the names detection found in `article` but could not link into the queue.

    `candidates` are every such mention in the article (Candidate, (name, reason) or objects
    with .name/.text and .reason); repeats count as more occurrences. The call replaces what
    earlier runs recorded for this article, so detection can run again and again and the
    counts stay exact. Names ignored for good, and names that now belong to one person, are
    not queued. Returns the queue entries that mention the article.
    """
    found: dict[str, list] = {}
    for item in candidates:
        candidate = _as_candidate(item)
        key = name_key(candidate.name)
        if key:
            name = " ".join(candidate.name.split())[:200]
            entry = found.setdefault(key, [name, candidate.reason[:200], 0])
            entry[2] += 1
    with transaction.atomic():
        stale = UnmatchedMention.objects.filter(article=article, unmatched__status=PENDING).exclude(
            unmatched__key__in=found
        )
        touched = set(stale.values_list("unmatched_id", flat=True))
        stale.delete()
        existing = {row.key: row for row in UnmatchedName.objects.filter(key__in=found)}
        entries = []
        for key, (name, reason, count) in found.items():
            row = existing.get(key)
            if row is not None and row.status == IGNORED:
                continue
            if is_known(name):
                if row is not None and row.status == PENDING:
                    row.mentions.filter(article=article).delete()
                    touched.add(row.pk)
                continue
            if row is None:
                row, _created = UnmatchedName.objects.get_or_create(
                    key=key, defaults={"name": name, "reason": reason}
                )
            elif row.status == RESOLVED:
                # Its alias was removed since: the name is back to be decided.
                row.status, row.person = PENDING, None
                row.save(update_fields=["status", "person"])
            UnmatchedMention.objects.update_or_create(
                unmatched=row, article=article, defaults={"count": count}
            )
            touched.add(row.pk)
            entries.append(row)
        refresh_counts(touched)
    return entries


def name_index():
    """Every person's name and aliases, for telling known names from unknown ones."""
    from archive.text.candidates import NameIndex

    return NameIndex(
        [
            *Person.objects.values_list("pk", "name"),
            *Alias.objects.values_list("person_id", "name"),
        ]
    )


def article_text(article):
    return "\n\n".join(part for part in (article.title, article.lead, article.body) if part)


QUEUE_BATCH = 500  # articles per batch of queue_unmatched_names(): a fixed number of queries


def queue_unmatched_names(articles, index=None) -> int:
    """Find the names in `articles` that look like people but match no one and queue them.

    For each article this is what record_unmatched() does (its share of the queue is
    replaced, so detection can run again and again; ignored names and names that are one
    person's are not queued), but with a fixed number of queries per QUEUE_BATCH articles
    and none per name: archive.linking.detection runs it for every article it links, imports of
    10,000 articles included. `index` (names_detect.NameIndex) tells known names. Returns
    how many mentions were found.
    """
    from archive.text.candidates import find_unmatched_candidates

    index = index or name_index()
    total, batch = 0, {}
    for article in articles:
        if article.pk is None:
            continue
        candidates = find_unmatched_candidates(article_text(article), index)
        total += len(candidates)
        batch[article.pk] = _count_candidates(candidates, index)
        if len(batch) == QUEUE_BATCH:
            _queue_batch(batch)
            batch = {}
    if batch:
        _queue_batch(batch)
    return total


def _count_candidates(candidates, index):
    """{key: [name as first found, reason, mentions]} of the names not known as one person's."""
    found = {}
    for candidate in candidates:
        key = name_key(candidate.name)
        if not key or index.is_one_persons(candidate.name):
            continue
        name = " ".join(candidate.name.split())[:200]
        entry = found.setdefault(key, [name, candidate.reason[:200], 0])
        entry[2] += 1
    return found


def _queue_batch(found):
    """`found`: {article id: {key: [name, reason, count]}}; each article's share replaced."""
    keys = {key for names in found.values() for key in names}
    with transaction.atomic():
        rows = {}  # key -> (pk, status)
        for chunk in chunked(keys):
            rows.update(
                (key, (pk, status))
                for pk, key, status in UnmatchedName.objects.filter(key__in=chunk).values_list(
                    "pk", "key", "status"
                )
            )
        new = {}
        for names in found.values():
            for key, (name, reason, _count) in names.items():
                if key not in rows and key not in new:
                    new[key] = UnmatchedName(key=key, name=name, reason=reason)
        if new:
            UnmatchedName.objects.bulk_create(new.values(), ignore_conflicts=True)
            for chunk in chunked(new):
                rows.update(
                    (key, (pk, status))
                    for pk, key, status in UnmatchedName.objects.filter(key__in=chunk).values_list(
                        "pk", "key", "status"
                    )
                )
        # A name assigned to someone whose alias has gone since is back to be decided.
        reopened = [pk for key, (pk, status) in rows.items() if status == RESOLVED]
        for chunk in chunked(reopened):
            UnmatchedName.objects.filter(pk__in=chunk).update(status=PENDING, person=None)

        existing = {}  # article id -> {unmatched id: (mention pk, status, count)}
        for chunk in chunked(found):
            for pk, article_id, unmatched_id, status, count in UnmatchedMention.objects.filter(
                article_id__in=chunk
            ).values_list("pk", "article_id", "unmatched_id", "unmatched__status", "count"):
                existing.setdefault(article_id, {})[unmatched_id] = (pk, status, count)
        stale, recounted, created, touched = [], [], [], set()
        for article_id, names in found.items():
            wanted = {}
            for key, (_name, _reason, count) in names.items():
                pk, status = rows[key]
                if status != IGNORED:
                    wanted[pk] = count
            had = existing.get(article_id, {})
            for unmatched_id, (pk, status, _count) in had.items():
                if status == PENDING and unmatched_id not in wanted:
                    stale.append(pk)
                    touched.add(unmatched_id)
            for unmatched_id, count in wanted.items():
                if unmatched_id not in had:
                    created.append(
                        UnmatchedMention(
                            unmatched_id=unmatched_id, article_id=article_id, count=count
                        )
                    )
                    touched.add(unmatched_id)
                elif had[unmatched_id][2] != count:
                    recounted.append(UnmatchedMention(pk=had[unmatched_id][0], count=count))
                    touched.add(unmatched_id)
        for chunk in chunked(stale):
            UnmatchedMention.objects.filter(pk__in=chunk).delete()
        UnmatchedMention.objects.bulk_update(recounted, ["count"], batch_size=500)
        UnmatchedMention.objects.bulk_create(created, batch_size=500, ignore_conflicts=True)
        refresh_counts(touched)


def refresh_counts(pks):
    """Recount occurrences; a waiting name no article mentions any more leaves the queue.
    A fixed number of queries per 500 names."""
    gone, changed = [], []
    for chunk in chunked(pks):
        rows = (
            UnmatchedName.objects.filter(pk__in=chunk)
            .annotate(total=Sum("mentions__count"))
            .order_by()
            .values_list("pk", "status", "occurrences", "total")
        )
        for pk, status, occurrences, total in rows:
            total = total or 0
            if not total and status == PENDING:
                gone.append(pk)
            elif total != occurrences:
                changed.append(UnmatchedName(pk=pk, occurrences=total))
    for chunk in chunked(gone):
        UnmatchedName.objects.filter(pk__in=chunk).delete()
    UnmatchedName.objects.bulk_update(changed, ["occurrences"], batch_size=500)


def forget_article(article):
    """The article is gone or no longer read by detection: take it out of the queue."""
    with transaction.atomic():
        mentions = UnmatchedMention.objects.filter(article=article)
        touched = set(mentions.values_list("unmatched_id", flat=True))
        mentions.delete()
        refresh_counts(touched)


def assign_to_person(unmatched, person) -> Person:
    """The name is `person`: it becomes their alias and its articles are linked to them."""
    with transaction.atomic(), alias_redetection_paused():
        unmatched = UnmatchedName.objects.select_for_update().get(pk=unmatched.pk)
        _add_alias(person, unmatched.name)
        unmatched.status, unmatched.person = RESOLVED, person
        unmatched.save(update_fields=["status", "person"])
        articles = list(unmatched.articles.all())
        redetect_for_alias_change([unmatched.name], also=articles)
        _link_missing(articles, person, unmatched.name)
    return person


def check_assignable(unmatched, person):
    """Raise NameConflict if the name cannot become `person`'s (before asking for it)."""
    _add_alias(person, unmatched.name, dry_run=True)


def create_person_from(unmatched, name="", **fields) -> Person:
    """A new person named as found (or `name`, when the text only gave a title)."""
    with transaction.atomic():
        person = Person.objects.create(name=(name or unmatched.name).strip(), **fields)
        return assign_to_person(unmatched, person)


def ignore(unmatched):
    """Not a person (or not one worth keeping): never queued again."""
    UnmatchedName.objects.filter(pk=unmatched.pk).update(status=IGNORED, person=None)


def requeue(unmatched):
    """Undo `ignore`: the name waits for a decision again."""
    UnmatchedName.objects.filter(pk=unmatched.pk, status=IGNORED).update(status=PENDING)


def _add_alias(person, name, skip_taken=False, dry_run=False):
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


# --- Merging people --------------------------------------------------------------------------


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
    from archive.redirects import move_history, record_old_slug

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
            if _add_alias(keep, duplicate.name, skip_taken=True) is not None:
                report.aliases += 1
        keep.save()  # also reindexes keep's articles and quotes for search
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


# --- Alias changes re-run detection where they matter ------------------------------------------


_state = threading.local()


@contextlib.contextmanager
def alias_redetection_paused():
    """Inside, alias saves and deletes do not schedule detection: the caller runs it."""
    _state.paused = getattr(_state, "paused", 0) + 1
    try:
        yield
    finally:
        _state.paused -= 1


def _spellings_of(word):
    # SQLite folds case for ASCII only: ask for the usual cases of other scripts too.
    return {word, word.lower(), word.capitalize(), word.upper()}


def _containing(fields, word):
    condition = Q()
    for spelling in _spellings_of(word):
        for name in fields:
            condition |= Q(**{f"{name}__icontains": spelling})
    return condition


def articles_mentioning(names):
    """Articles whose links were made from one of `names`, or whose text may contain one."""
    names = [n for n in names if name_key(n)]
    keys = {name_key(n) for n in names}
    if not keys:
        return Article.objects.none()
    by_link, by_text = Q(), Q()
    for name in names:
        words = name_key(name).split()
        by_link |= _containing(["matched_text"], max(words, key=len))
        every_word = Q()
        for word in words:
            every_word &= _containing(["title", "lead", "body"], word)
        by_text |= every_word
    linked = {
        article_id
        for article_id, text in ArticlePerson.objects.filter(by_link).values_list(
            "article_id", "matched_text"
        )
        if name_key(text) in keys
    }
    return Article.objects.filter(Q(pk__in=linked) | by_text)


def redetect_for_alias_change(names, also=()):
    """Run detection again on the articles `names` concern (plus `also`), and only those.

    Detection keeps the links editors made or removed (archive.linking.detection). Returns the
    articles it ran on.
    """
    articles = list(articles_mentioning(names))
    _drop_stale_links(names)
    seen = {a.pk for a in articles}
    articles += [a for a in also if a.pk not in seen]
    if articles:
        _redetect(articles)
    return articles


def _drop_stale_links(names):
    """Detected links made from a spelling that is no longer the linked person's."""
    keys = {name_key(n) for n in names} - {""}
    stale = []
    links = ArticlePerson.objects.filter(origin=LinkOrigin.DETECTED).exclude(matched_text="")
    condition = Q()
    for name in names:
        if name_key(name):
            condition |= _containing(["matched_text"], max(name_key(name).split(), key=len))
    for link in links.filter(condition).select_related("person"):
        key = name_key(link.matched_text)
        still_theirs = key == link.person.name_key or link.person.aliases.filter(key=key).exists()
        if key in keys and not still_theirs:
            stale.append(link.pk)
    ArticlePerson.objects.filter(pk__in=stale).delete()


def _redetect(articles):
    """Links, then the queue, for these articles (detect_links does both)."""
    from archive.linking.detection import build_matcher, detect_links

    detect_links(articles, matcher=build_matcher())


def _schedule(names):
    if getattr(_state, "paused", 0):
        return
    names = [n for n in names if n]
    transaction.on_commit(lambda: redetect_for_alias_change(names))


def article_deleting(sender, instance, **kwargs):
    forget_article(instance)


def alias_before_save(sender, instance, raw=False, **kwargs):
    instance._before = None
    if instance.pk and not raw:
        instance._before = Alias.objects.filter(pk=instance.pk).values("name", "person_id").first()


def alias_after_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_before", None)
    if created:
        _schedule([instance.name])
    elif before and (before["name"], before["person_id"]) != (instance.name, instance.person_id):
        _schedule([before["name"], instance.name])


def alias_after_delete(sender, instance, **kwargs):
    _schedule([instance.name])


pre_delete.connect(article_deleting, sender=Article, dispatch_uid="names-article-delete")
pre_save.connect(alias_before_save, sender=Alias, dispatch_uid="names-alias-before")
post_save.connect(alias_after_save, sender=Alias, dispatch_uid="names-alias-after")
post_delete.connect(alias_after_delete, sender=Alias, dispatch_uid="names-alias-delete")
