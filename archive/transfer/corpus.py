"""Filling an empty archive with a deterministic, realistic synthetic corpus (for benchmarks).

    generate_corpus(articles=100000, seed=1)       # manage.py generate_corpus does this

34 sessions, about 2,000 people with aliases (initials, transliterations, Cyrillic), sources,
topics, articles of news length (mostly English, some Russian and Kazakh) in the seeds'
vocabulary that mention their sessions and people in every notation, quotes, a few drafts.
The same seed always gives the same archive. Everything is written with bulk_create in
batches and indexed once at the end, so 100,000 articles take a few minutes.
"""

import datetime
import itertools
import random
import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from archive.caching import content_changed
from archive.db import chunked
from archive.linking import derived
from archive.models import (
    Alias,
    Article,
    ArticlePerson,
    ArticleSession,
    LinkOrigin,
    Person,
    Quote,
    Session,
    Source,
    Topic,
)
from archive.search import optimize_index, rebuild_index
from archive.text import numerals
from archive.text.normalise import name_key, slugify, sort_key_for_name
from archive.transfer.corpus_words import (
    ADJECTIVES,
    CYRILLIC,
    ETHNIC_GROUPS,
    FIRST_NAMES,
    KEY_PEOPLE,
    KK_SENTENCES,
    MOTTO_PARTS,
    NOUNS,
    QUOTES,
    REGIONS,
    RU_ADJ,
    RU_SENTENCES,
    SENTENCES,
    SOURCES,
    SURNAME_ENDINGS,
    SURNAME_ROOTS,
    SYLLABLES,
    TITLES,
    TOPIC_SENTENCES,
    TOPIC_SPECIALS,
    TOPICS,
    TRANSLIT,
    VERBS,
)


def session_date(number: int) -> datetime.date:
    days = int((number - 1) * (30 * 365.25) / 33)
    return datetime.date(1995, 3, 24) + datetime.timedelta(days=days)


def to_cyrillic(name: str) -> str:
    text = name.lower().replace("zh", "ж").replace("kh", "х").replace("sh", "ш")
    text = text.replace("ch", "ч").replace("ya", "я").replace("yu", "ю").replace("ye", "е")
    return "".join(CYRILLIC.get(ch, ch) for ch in text).title()


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self._cumulative = {}
        # Thousands of village names: the long tail of a real archive's vocabulary.
        self.villages = sorted(
            {
                "".join(
                    self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 3))
                ).capitalize()
                for _ in range(4000)
            }
        )

    def zipf_pick(self, items, skew=1.1):
        """Few items are common, most are rare: like real mentions."""
        key = (len(items), skew)
        if key not in self._cumulative:
            weights = itertools.accumulate(1 / (rank + 1) ** skew for rank in range(len(items)))
            self._cumulative[key] = list(weights)
        return self.rng.choices(items, cum_weights=self._cumulative[key])[0]

    def people(self, count: int):
        rng, seen_names, seen_keys = self.rng, set(), set()
        people = []
        for name, role, aliases in KEY_PEOPLE:
            people.append((name, role, aliases))
            seen_names.add(name_key(name))
            seen_keys.update(name_key(a) for a in aliases)
        while len(people) < count:
            first = rng.choice(FIRST_NAMES)
            surname = rng.choice(SURNAME_ROOTS) + rng.choice(SURNAME_ENDINGS)
            name = f"{first} {surname.capitalize()}"
            if name_key(name) in seen_names:
                continue
            seen_names.add(name_key(name))
            aliases = []
            for candidate in (
                f"{first[0]}. {surname.capitalize()}",
                self.transliterated(name),
                to_cyrillic(name),
            ):
                key = name_key(candidate)
                if candidate and key not in seen_keys and key not in seen_names:
                    seen_keys.add(key)
                    aliases.append(candidate)
            role = rng.choice(
                [
                    "Member of the Assembly",
                    f"Head of the {rng.choice(ETHNIC_GROUPS)} ethno-cultural association",
                    f"Akim of {rng.choice(REGIONS)}",
                    "Deputy of the Mazhilis",
                    "Member of the Scientific and Expert Council",
                    "Volunteer",
                    "",
                ]
            )
            people.append((name, role, aliases))
        return people

    @staticmethod
    def slug(title: str, language: str, index: int) -> str:
        # ASCII slugs only: the article URL pattern takes no Cyrillic.
        slug = slugify(title, max_length=180)
        return f"{slug}-{index}" if slug.isascii() else f"{language}-article-{index}"

    def spelling(self, person, language: str) -> str:
        """How an article of this language writes the person's name: mostly in full."""
        latin = [a for a in person.alias_names if a.isascii()]
        cyrillic = [a for a in person.alias_names if not a.isascii()]
        if language != "en" and cyrillic:
            return self.rng.choice(cyrillic)
        if latin and self.rng.random() < 0.4:
            return self.rng.choice(latin)
        return person.name

    def transliterated(self, name: str) -> str:
        lowered = name.lower()
        for a, b in TRANSLIT:
            if a in lowered:
                return name.replace(a, b).replace(a.capitalize(), b.capitalize())
        return ""

    def fill(self, template: str, context: dict) -> str:
        rng = self.rng
        values = {
            "adj": rng.choice(ADJECTIVES),
            "adj2": rng.choice(ADJECTIVES),
            "noun": self.zipf_pick(NOUNS, 0.8),
            "noun2": self.zipf_pick(NOUNS, 0.8),
            "verb": rng.choice(VERBS),
            "ethnic": rng.choice(ETHNIC_GROUPS),
            "region": rng.choice(REGIONS),
            "city": rng.choice(REGIONS),
            "number": rng.choice([12, 30, 52, 130, 300, 470, 1025, 3014, 22000]),
            "year": context["year"],
            "country": "Kazakhstan",
            "motto": context["motto"],
            "village": self.zipf_pick(self.villages, 0.6),
            "kw": context.get("kw", ""),
            "kw2": context.get("kw2", ""),
        }
        values["person"] = (
            rng.choice(context["spellings"]) if context["spellings"] else "the Head of State"
        )
        values["session"] = context["session_text"] or "session of the Assembly"
        values["session_title"] = context["session_title"] or "Session"
        values["adj_cap"] = values["adj"].capitalize()
        return template.format(**values)

    def sentence(self, context) -> str:
        """Half the sentences are about the article's topics, in the topics' own words."""
        rng = self.rng
        if rng.random() < 0.5:
            name, keywords = rng.choice(context["topics"])
            specials = TOPIC_SPECIALS.get(name, [])
            if specials and rng.random() < 0.3:
                return self.fill(rng.choice(specials), context)
            words = keywords.split()
            context["kw"], context["kw2"] = rng.choice(words), rng.choice(words)
            return self.fill(rng.choice(TOPIC_SENTENCES), context)
        return self.fill(rng.choice(SENTENCES), context)

    def article(self, index, sessions, people, context_people):
        """Title, lead, body, language and the ids to link, for article number `index`."""
        rng = self.rng
        year = rng.choices(
            range(1995, 2026), weights=[1 + (y - 1995) / 3 for y in range(1995, 2026)]
        )[0]
        date = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        language = rng.choices(["en", "ru", "kk"], weights=[85, 10, 5])[0]
        session = None
        if rng.random() < 0.6:
            before = [s for s in sessions if s.start_date <= date] or sessions[:1]
            session = before[-1]
        linked = []
        if year >= 2019 and rng.random() < 0.35:
            linked.append(context_people["tokayev"])
        if year < 2019 and rng.random() < 0.35:
            linked.append(context_people["nazarbayev"])
        for _ in range(rng.randint(0, 3)):
            person = self.zipf_pick(people, 0.9)
            if person not in linked:
                linked.append(person)
        spellings = [self.spelling(p, language) for p in linked]
        session_text = session_title = ""
        if session:
            n = session.number
            session_text = rng.choice(
                [
                    f"{numerals.ordinal(n)} session of the Assembly",
                    f"{numerals.to_roman(n)} session of the Assembly",
                    f"{numerals.ordinal_words(n)} session",
                    f"session of the Assembly ({numerals.ordinal(n)})",
                ]
            )
            session_title = f"The {numerals.ordinal(n)} session"
        context = {
            "year": year,
            "motto": session.title if session else rng.choice(MOTTO_PARTS),
            "spellings": spellings,
            "session_text": session_text,
            "session_title": session_title,
        }
        topics = []
        for _ in range(rng.randint(1, 3)):
            topic = self.zipf_pick(range(len(TOPICS)), 0.7)
            if topic not in topics:
                topics.append(topic)
        context["topics"] = [TOPICS[t] for t in topics]
        if language == "en":
            title = self.fill(rng.choice(TITLES), context)
            lead = " ".join(self.sentence(context) for _ in range(2))
            paragraphs = []
            for p in range(rng.randint(4, 14)):
                sentences = [self.sentence(context) for _ in range(rng.randint(2, 6))]
                if p and rng.random() < 0.15:
                    paragraphs.append(f"## {self.fill(rng.choice(TITLES), context)}")
                paragraphs.append(" ".join(sentences))
            body = "\n\n".join(paragraphs)
        else:
            pool = RU_SENTENCES if language == "ru" else KK_SENTENCES
            context_city = {"city": rng.choice(REGIONS), "adj": rng.choice(RU_ADJ)}
            title = rng.choice(pool).format(**context_city).rstrip(".")
            lead = rng.choice(pool).format(**context_city)
            body = "\n\n".join(
                " ".join(rng.choice(pool).format(**context_city) for _ in range(rng.randint(3, 6)))
                + (" " + " ".join(spellings) if spellings else "")
                for _ in range(rng.randint(3, 8))
            )
        status = Article.Status.DRAFT if rng.random() < 0.03 else Article.Status.PUBLISHED
        quotes = []
        if linked and rng.random() < 0.3:
            quotes.append((linked[0], rng.choice(QUOTES)))
        return {
            "article": Article(
                title=title[:400],
                slug=self.slug(title, language, index),
                lead=lead,
                body=body,
                language=language,
                status=status,
                published_on=date,
                created_at=timezone.make_aware(datetime.datetime.combine(date, datetime.time(9))),
                author=rng.choice(
                    ["", "", "Staff correspondent", "Aigerim Sadykova", "Ivan Petrov"]
                ),
            ),
            "session": session,
            "people": linked,
            "topics": topics,
            "quotes": quotes,
        }


class CorpusError(ValueError):
    """The corpus cannot be generated; nothing was written."""


@dataclass
class Corpus:
    """What generate_corpus() wrote, and how long it took."""

    articles: int
    people: int
    sessions: int
    generating_seconds: float
    indexing_seconds: float


def generate_corpus(
    articles=10000, people=2000, seed=1, batch=2000, index=True, progress=None
) -> Corpus:
    """Fill the empty archive: reference data, then `articles` articles in transactions of
    `batch`, then (with index) the search index. progress(phase, done, total) hears how far
    it is after each batch ("generating") and while indexing."""
    if Article.objects.exists() or Person.objects.exists() or Session.objects.exists():
        raise CorpusError("The archive is not empty: generate_corpus only fills an empty one.")
    if articles < 0 or people < len(KEY_PEOPLE):
        raise CorpusError(f"--articles must be >= 0 and --people >= {len(KEY_PEOPLE)}.")
    started = time.perf_counter()
    gen = Generator(seed)
    try:
        with transaction.atomic():
            sessions, persons, sources, topics = make_reference_data(gen, people)
        key_people = {"tokayev": persons[0], "nazarbayev": persons[1]}
        for indexes in chunked(range(articles), batch):
            with transaction.atomic():
                make_articles(gen, indexes, sessions, persons, sources, topics, key_people)
            if progress:
                progress("generating", indexes[-1] + 1, articles)
        derived.refresh_all()
    finally:
        content_changed()  # everything above is bulk_create, which sends no signals
    generated = time.perf_counter() - started
    if index:
        with transaction.atomic():
            rebuild_index(progress=progress)
        optimize_index()
    return Corpus(
        articles=articles,
        people=len(persons),
        sessions=len(sessions),
        generating_seconds=generated,
        indexing_seconds=time.perf_counter() - started - generated,
    )


def make_reference_data(gen, people_count):
    rng = gen.rng
    sessions = Session.objects.bulk_create(
        Session(
            number=n,
            title=MOTTO_PARTS[0]
            if n == 33
            else MOTTO_PARTS[1]
            if n == 27
            else rng.choice(MOTTO_PARTS),
            start_date=session_date(n),
            date_precision="day" if n > 10 else "month",
            location="Astana" if n > 14 else "Almaty",
        )
        for n in range(1, 35)
    )
    persons = []
    alias_rows = []
    for name, role, aliases in gen.people(people_count):
        person = Person(
            name=name,
            name_key=name_key(name),
            sort_name=sort_key_for_name(name),
            slug=f"{slugify(name, max_length=180)}-{len(persons) + 1}",
            role=role,
            featured=len(persons) < 8,
        )
        person.alias_names = aliases
        persons.append(person)
    Person.objects.bulk_create(persons)
    for person in persons:
        alias_rows += [Alias(person=person, name=a, key=name_key(a)) for a in person.alias_names]
    Alias.objects.bulk_create(alias_rows)
    sources = Source.objects.bulk_create(Source(name=n, slug=slugify(n)) for n in SOURCES)
    topics = Topic.objects.bulk_create(Topic(name=n, slug=slugify(n)) for n, _ in TOPICS)
    return sessions, persons, sources, topics


def make_articles(gen, indexes, sessions, persons, sources, topics, key_people):
    made = [gen.article(i, sessions, persons, key_people) for i in indexes]
    for item in made:
        item["article"].source = gen.zipf_pick(sources, 1.0)
    Article.objects.bulk_create([m["article"] for m in made])
    session_links, person_links, topic_links, quotes = [], [], [], []
    topic_through = Article.topics.through
    for m in made:
        article = m["article"]
        if m["session"]:
            session_links.append(
                ArticleSession(article=article, session=m["session"], origin=LinkOrigin.DETECTED)
            )
        person_links += [
            ArticlePerson(
                article=article, person=p, origin=LinkOrigin.DETECTED, matched_text=p.name
            )
            for p in m["people"]
        ]
        topic_links += [
            topic_through(article_id=article.pk, topic_id=topics[t].pk) for t in m["topics"]
        ]
        quotes += [
            Quote(text=text, speaker=speaker, article=article, session=m["session"], position=i)
            for i, (speaker, text) in enumerate(m["quotes"])
        ]
    ArticleSession.objects.bulk_create(session_links)
    ArticlePerson.objects.bulk_create(person_links)
    topic_through.objects.bulk_create(topic_links)
    Quote.objects.bulk_create(quotes)
