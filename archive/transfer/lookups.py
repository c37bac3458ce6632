"""Name resolution for bulk imports and exports: every table read once, not once per row.

A cell such as "K. Tokayev" or "XXVII" becomes a primary key here; an unknown name
becomes a CellError that says which names exist and which one was probably meant.
"""

import difflib
from collections import defaultdict
from functools import cached_property, lru_cache

from archive.models import Alias, Article, Person, Session, SlugHistory, Source, Topic
from archive.text import numerals
from archive.text.normalise import name_key as _name_key
from archive.text.normalise import slugify
from archive.transfer.cells import CellError

# Files repeat the same few hundred names thousands of times.
name_key = lru_cache(maxsize=8192)(_name_key)


def closest(word: str, candidates: dict[str, str]) -> str:
    """'; did you mean …?' naming the candidate whose key is closest to `word`'s, or ''.

    `candidates` maps keys to how a person would recognise them.
    """
    match = difflib.get_close_matches(name_key(word), list(candidates), n=1, cutoff=0.6)
    return f"; did you mean {candidates[match[0]]}?" if match else ""


def old_slug_owners(model) -> dict[str, int]:
    """{slug an object of `model` used to have: its pk}. A file exported before a rename
    still names the object by its old slug; it must update that object, not add another."""
    return dict(SlugHistory.objects.of_kind(model).values_list("old_slug", "object_id"))


def number_ranges(numbers) -> str:
    """[1, 2, 3, 5] -> '1–3, 5'."""
    numbers = sorted(numbers)
    if not numbers:
        return "none"
    parts, start, prev = [], numbers[0], numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


class _BySlug:
    """Found by the slug in its URL, or by one it had before a rename (a file exported
    then still says it)."""

    pk_by_slug: dict
    pk_by_old_slug: dict

    def by_slug(self, text) -> int | None:
        slug = text.strip()
        return self.pk_by_slug.get(slug, self.pk_by_old_slug.get(slug))

    def taken_slugs(self) -> set[str]:
        """The slugs a new record may not be given: those in use, and the old ones, whose URLs
        still redirect (as models.unique_slug() counts them on save)."""
        return set(self.pk_by_slug) | set(self.pk_by_old_slug)


class SessionIndex:
    def __init__(self):
        self.pk_by_number = dict(Session.objects.values_list("number", "pk"))
        self.number_by_pk = {pk: number for number, pk in self.pk_by_number.items()}

    def resolve(self, text) -> int:
        number = numerals.parse_number(text)
        if number is None:
            raise CellError(f"'{text}' is not a session number (write 27, XXVII or 27th)")
        if number not in self.pk_by_number:
            raise CellError(
                f"there is no session {number} in the archive "
                f"(sessions: {number_ranges(self.pk_by_number)}); import it first"
            )
        return self.pk_by_number[number]


class PeopleIndex(_BySlug):
    def __init__(self):
        self.name_by_pk, self.slug_by_pk, self.key_by_pk = {}, {}, {}
        self.pk_by_slug = {}
        self.pk_by_old_slug = old_slug_owners(Person)
        self.pks_by_key = defaultdict(set)  # names and aliases, folded by name_key
        self.alias_owner = {}  # alias key -> person pk
        self.spellings = {}  # key -> how a person would recognise it, for suggestions
        for pk, name, key, slug in Person.objects.values_list("pk", "name", "name_key", "slug"):
            self.name_by_pk[pk], self.slug_by_pk[pk], self.key_by_pk[pk] = name, slug, key
            self.pk_by_slug[slug] = pk
            self.pks_by_key[key].add(pk)
            self.spellings.setdefault(key, f"'{name}'")
        for pk, alias, key in Alias.objects.values_list("person_id", "name", "key"):
            self.pks_by_key[key].add(pk)
            self.alias_owner[key] = pk
            self.spellings.setdefault(key, f"'{alias}' (alias of {self.name_by_pk[pk]})")

    def match(self, text) -> set[int]:
        return self.pks_by_key.get(name_key(text), set())

    def resolve(self, text) -> int:
        pks = self.match(text)
        if len(pks) == 1:
            return next(iter(pks))
        if len(pks) > 1:
            slugs = ", ".join(sorted(self.slug_by_pk[pk] for pk in pks))
            raise CellError(f"several people are called '{text}'; write one of: {slugs}")
        pk = self.by_slug(text)
        if pk is not None:
            return pk
        hint = closest(text, self.spellings) or "; import the person first"
        raise CellError(f"no person is called '{text}' (by name or alias){hint}")

    def label(self, pk) -> str:
        """The name, unless another person shares it: then the slug, which is unambiguous."""
        if len(self.pks_by_key.get(self.key_by_pk[pk], ())) > 1:
            return self.slug_by_pk[pk]
        return self.name_by_pk[pk]


class NamedIndex(_BySlug):
    """Sources and topics: found by name (case and punctuation ignored) or slug."""

    def __init__(self, model, noun):
        self.noun = noun
        self.name_by_pk, self.pk_by_slug, self.slug_by_pk = {}, {}, {}
        self.pks_by_key = defaultdict(set)
        self.spellings = {}
        self.pk_by_old_slug = old_slug_owners(model)
        for pk, name, slug in model.objects.values_list("pk", "name", "slug"):
            self.name_by_pk[pk], self.slug_by_pk[pk] = name, slug
            self.pk_by_slug[slug] = pk
            self.pks_by_key[name_key(name)].add(pk)
            self.spellings.setdefault(name_key(name), f"'{name}'")

    def find(self, text) -> int | None:
        pks = self.pks_by_key.get(name_key(text), set())
        if len(pks) == 1:
            return next(iter(pks))
        return self.by_slug(text)

    def resolve(self, text) -> int:
        pk = self.find(text)
        if pk is not None:
            return pk
        hint = closest(text, self.spellings) or f"; import the {self.noun} first"
        raise CellError(f"there is no {self.noun} called '{text}'{hint}")

    def label(self, pk) -> str:
        return self.name_by_pk[pk]


class ArticleIndex(_BySlug):
    def __init__(self):
        self.pk_by_slug, self.pk_by_url, self.slug_by_pk = {}, {}, {}
        self.pks_by_title = defaultdict(set)
        self.titles = {}
        self.pk_by_old_slug = old_slug_owners(Article)
        rows = Article.objects.values_list("pk", "slug", "source_url", "title")
        for pk, slug, url, title in rows:
            self.pk_by_slug[slug], self.slug_by_pk[pk] = pk, slug
            if url:
                self.pk_by_url[url] = pk
            self.pks_by_title[name_key(title)].add(pk)
            self.titles.setdefault(name_key(title), f"'{title}' ({slug})")

    @staticmethod
    def title_slug(title: str) -> str:
        # The slug Article.save() would give the title before any "-2" suffix.
        return slugify(title, max_length=194)

    def resolve(self, text) -> int:
        """An article named in a cell by its slug or its exact title."""
        text = text.strip()
        pk = self.by_slug(text)
        if pk is not None:
            return pk
        pks = self.pks_by_title.get(name_key(text), set())
        if len(pks) == 1:
            return next(iter(pks))
        if len(pks) > 1:
            slugs = ", ".join(sorted(self.slug_by_pk[pk] for pk in pks))
            raise CellError(f"several articles have this title; write one of the slugs: {slugs}")
        hint = closest(text, self.titles)
        raise CellError(f"no article has the slug or title '{text}'{hint}")


class Lookups:
    """The indexes one import or export needs, each built on first use."""

    @cached_property
    def sessions(self):
        return SessionIndex()

    @cached_property
    def people(self):
        return PeopleIndex()

    @cached_property
    def sources(self):
        return NamedIndex(Source, "source")

    @cached_property
    def topics(self):
        return NamedIndex(Topic, "topic")

    @cached_property
    def articles(self):
        return ArticleIndex()
