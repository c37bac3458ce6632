"""Alias changes re-run detection on the articles they concern, and only on them.

Adding, renaming, reassigning or removing an alias (archive.names.receivers) schedules
redetect_for_alias_change() for after the commit; editors' actions that change aliases
themselves (assigning a queued name, merging people) pause that with
alias_redetection_paused() and run it once, for what they changed.
"""

import contextlib
import threading

from django.db import transaction
from django.db.models import Q

from archive.caching import content_changed
from archive.db import chunked, contains_any_case
from archive.linking import derived
from archive.linking.detection import build_matcher, detect_links
from archive.models import Alias, Article, ArticlePerson, LinkOrigin
from archive.search import bulk_indexing
from archive.text.normalise import name_key

_state = threading.local()


@contextlib.contextmanager
def alias_redetection_paused():
    """Inside, alias saves and deletes do not schedule detection: the caller runs it."""
    _state.paused = getattr(_state, "paused", 0) + 1
    try:
        yield
    finally:
        _state.paused -= 1


def articles_mentioning(names):
    """Articles whose links were made from one of `names`, or whose text may contain one."""
    names = [n for n in names if name_key(n)]
    keys = {name_key(n) for n in names}
    if not keys:
        return Article.objects.none()
    by_link, by_text = Q(), Q()
    for name in names:
        words = name_key(name).split()
        by_link |= contains_any_case(["matched_text"], max(words, key=len))
        every_word = Q()
        for word in words:
            every_word &= contains_any_case(["title", "lead", "body"], word)
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
    """Detected links made from a spelling that is no longer the linked person's.

    A fixed number of queries however many links there are: the links, their people's aliases
    of those spellings, then per 500 stale links their delete (and the search index of their
    articles, once)."""
    keys = {name_key(n) for n in names} - {""}
    if not keys:
        return
    condition = Q()
    for key in keys:
        condition |= contains_any_case(["matched_text"], max(key.split(), key=len))
    candidates = [
        (pk, person_id, person_key, name_key(matched_text))
        for pk, person_id, person_key, matched_text in ArticlePerson.objects.filter(
            condition, origin=LinkOrigin.DETECTED
        )
        .exclude(matched_text="")
        .values_list("pk", "person_id", "person__name_key", "matched_text")
    ]
    candidates = [c for c in candidates if c[3] in keys and c[3] != c[2]]
    if not candidates:
        return
    aliases = set(
        Alias.objects.filter(
            person_id__in={person_id for _pk, person_id, _name, _key in candidates}, key__in=keys
        ).values_list("person_id", "key")
    )
    stale = [pk for pk, person_id, _name, key in candidates if (person_id, key) not in aliases]
    # The search index of their articles, and the stored counts: once, not once per link.
    with bulk_indexing(), derived.batched():
        for chunk in chunked(stale):
            ArticlePerson.objects.filter(pk__in=chunk).delete()
    content_changed()


def _redetect(articles):
    """Links, then the queue, for these articles (detect_links does both)."""
    detect_links(articles, matcher=build_matcher())


def schedule_redetection(names):
    """After the commit, re-run detection for `names` (unless paused)."""
    if getattr(_state, "paused", 0):
        return
    names = [n for n in names if n]
    transaction.on_commit(lambda: redetect_for_alias_change(names))
