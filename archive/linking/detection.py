"""Links between articles and the sessions and people they name, kept in the database.

The text work is archive.text.people (sessions, people), archive.text.quotes and
archive.text.html_links; this module reads what it needs and writes the results:

    matcher = build_matcher()              # every person, alias and session: 3 queries
    detect_links(articles, matcher)        # ArticleSession / ArticlePerson, origin "detected"
    preview_links(text, matcher)           # the same, nothing written (dry runs)
    suggest_quotes(articles)               # unreviewed Quote suggestions
    suppress_removed_links(article, ...)   # after an editor saved an article's links
    linked_body_html(article)              # the body with first mentions linked

detect_links also puts the names that look like people but match no one into the editors'
unmatched-names queue (archive.names.queue_unmatched_names).

Detection never undoes an editor: a link an editor removed (a SuppressedLink) is not added
again, a link an editor added (origin "editor") is never removed, and a detected link goes
only when the text no longer names its session or person.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from archive.models import (
    Alias,
    Article,
    ArticlePerson,
    ArticleSession,
    LinkOrigin,
    Person,
    Quote,
    Session,
    SuppressedLink,
)
from archive.names.services import queue_unmatched_names
from archive.search import bulk_indexing, reindex_articles
from archive.text.candidates import NameIndex
from archive.text.html_links import LinkTarget, link_first_mentions
from archive.text.people import NameMatcher, PersonInfo, find_links
from archive.text.quotes import find_quotes, quote_key
from archive.text.rendering import render_markdown

BATCH_SIZE = 500
DETECTED, EDITOR = LinkOrigin.DETECTED, LinkOrigin.EDITOR
MATCHED_TEXT_LENGTH = ArticlePerson._meta.get_field("matched_text").max_length


# --- What is known -------------------------------------------------------------------------------


class Matcher:
    """Every person (name, aliases, role) and session, read once and reused for any number of
    articles."""

    def __init__(self, people, sessions):
        """`people`: PersonInfo list; `sessions`: {number: session id}."""
        self.names = NameMatcher(people)
        self.session_ids = dict(sessions)
        self.session_numbers = {pk: number for number, pk in self.session_ids.items()}
        self._name_index = None

    @property
    def name_index(self) -> NameIndex:
        """The same people, for the unmatched-names queue (built once, when first needed)."""
        if self._name_index is None:
            self._name_index = NameIndex(
                (person.id, spelling)
                for person in self.names.people.values()
                for spelling in person.spellings
            )
        return self._name_index

    def person_name(self, person_id):
        person = self.names.people.get(person_id)
        return person.name if person else str(person_id)

    def links(self, text):
        """({session id: text}, {person id: text}, [numbers of sessions that do not exist])."""
        found = find_links(text, self.names)
        sessions = {
            self.session_ids[number]: words
            for number, words in found.sessions.items()
            if number in self.session_ids
        }
        unknown = sorted(n for n in found.sessions if n not in self.session_ids)
        return sessions, found.people, unknown


def build_matcher() -> Matcher:
    """Read every person, alias and session (three queries, whatever their number)."""
    people = {
        pk: [name, role, []] for pk, name, role in Person.objects.values_list("pk", "name", "role")
    }
    for person_id, name in Alias.objects.order_by("pk").values_list("person_id", "name"):
        if person_id in people:
            people[person_id][2].append(name)
    infos = [
        PersonInfo(pk, name, tuple(aliases), role) for pk, (name, role, aliases) in people.items()
    ]
    return Matcher(infos, Session.objects.values_list("number", "pk"))


def article_text(article) -> str:
    """What detection reads: title, lead and body."""
    return "\n\n".join(part for part in (article.title, article.lead, article.body) if part)


# --- A preview, nothing written -------------------------------------------------------------------


@dataclass(frozen=True)
class FoundSession:
    id: int
    number: int
    text: str


@dataclass(frozen=True)
class FoundPerson:
    id: int
    name: str
    text: str


@dataclass
class LinkPreview:
    sessions: list
    people: list
    unknown_sessions: list

    def summary(self) -> str:
        sessions = ", ".join(str(s.number) for s in self.sessions) or "-"
        people = ", ".join(
            p.name if p.text == p.name else f"{p.name} (as “{p.text}”)" for p in self.people
        )
        line = _("sessions %(sessions)s; people %(people)s") % {
            "sessions": sessions,
            "people": people or "-",
        }
        if self.unknown_sessions:
            numbers = ", ".join(map(str, self.unknown_sessions))
            line += "; " + _("not in the archive: sessions %(numbers)s") % {"numbers": numbers}
        return line


def preview_links(text, matcher=None) -> LinkPreview:
    """What detect_links() would link for `text`, without writing anything."""
    matcher = matcher or build_matcher()
    sessions, people, unknown = matcher.links(text or "")
    return LinkPreview(
        sessions=sorted(
            (
                FoundSession(pk, matcher.session_numbers[pk], words)
                for pk, words in sessions.items()
            ),
            key=lambda s: s.number,
        ),
        people=[FoundPerson(pk, matcher.person_name(pk), words) for pk, words in people.items()],
        unknown_sessions=unknown,
    )


# --- Detection -----------------------------------------------------------------------------------


@dataclass
class ArticleLinkChanges:
    article_id: int
    title: str
    sessions_added: list = field(default_factory=list)  # session numbers
    sessions_removed: list = field(default_factory=list)
    people_added: list = field(default_factory=list)  # names
    people_removed: list = field(default_factory=list)

    def __bool__(self):
        return bool(
            self.sessions_added or self.sessions_removed or self.people_added or self.people_removed
        )

    def describe(self) -> str:
        """'“Title”: + sessions 27, 32; + Kassym-Jomart Tokayev; − sessions 1'."""
        parts = []
        for sign, numbers, names in (
            ("+", self.sessions_added, self.people_added),
            ("−", self.sessions_removed, self.people_removed),
        ):
            if numbers:
                parts.append(f"{sign} " + _("sessions") + " " + ", ".join(map(str, numbers)))
            if names:
                parts.append(f"{sign} " + ", ".join(names))
        return f"“{self.title}”: " + ("; ".join(parts) or _("no change"))


@dataclass
class DetectionReport:
    articles: int = 0
    changes: list = field(default_factory=list)  # ArticleLinkChanges, changed articles only
    unmatched_mentions: int = 0  # mentions of names that match no one (queued for editors)

    def _total(self, name):
        return sum(len(getattr(change, name)) for change in self.changes)

    @property
    def sessions_added(self):
        return self._total("sessions_added")

    @property
    def sessions_removed(self):
        return self._total("sessions_removed")

    @property
    def people_added(self):
        return self._total("people_added")

    @property
    def people_removed(self):
        return self._total("people_removed")

    def changed_article_ids(self):
        return [change.article_id for change in self.changes]

    def lines(self) -> list[str]:
        return [change.describe() for change in self.changes]

    def summary(self) -> str:
        line = _(
            "Links detected in %(articles)d article(s): %(changed)d changed; "
            "%(sessions_added)d session link(s) and %(people_added)d person link(s) added, "
            "%(sessions_removed)d session link(s) and %(people_removed)d person link(s) removed."
        ) % {
            "articles": self.articles,
            "changed": len(self.changes),
            "sessions_added": self.sessions_added,
            "people_added": self.people_added,
            "sessions_removed": self.sessions_removed,
            "people_removed": self.people_removed,
        }
        if self.unmatched_mentions:
            line += " " + _(
                "%(count)d mention(s) of names that match no one are in the unmatched-names queue."
            ) % {"count": self.unmatched_mentions}
        return line


def detect_links(articles, matcher=None, queue_names=True) -> DetectionReport:
    """Link each article to the sessions and people its title, lead and body name, and (unless
    `queue_names` is false) put the names in them that look like people but match no one
    into the editors' unmatched-names queue (archive.names.queue_unmatched_names).

    `articles`: a queryset or an iterable of Article. Runs in one transaction, in batches of
    BATCH_SIZE articles with a fixed number of queries each.
    """
    matcher = matcher or build_matcher()
    report = DetectionReport()
    with transaction.atomic(), bulk_indexing():
        for batch in _batches(articles):
            _detect_batch(batch, matcher, report)
            if queue_names:
                report.unmatched_mentions += queue_unmatched_names(batch, matcher.name_index)
        reindex_articles(report.changed_article_ids())
    return report


def _batches(articles):
    if hasattr(articles, "values_list"):  # a queryset: read the texts a batch at a time
        if not articles.query.is_sliced:
            articles = articles.order_by().distinct()
        pks = list(dict.fromkeys(articles.values_list("pk", flat=True)))
        for start in range(0, len(pks), BATCH_SIZE):
            chunk = pks[start : start + BATCH_SIZE]
            yield list(
                Article.objects.filter(pk__in=chunk)
                .only("pk", "title", "lead", "body")
                .order_by("pk")
            )
        return
    batch = []
    for article in articles:
        batch.append(article)
        if len(batch) == BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def _detect_batch(articles, matcher, report):
    articles = list({a.pk: a for a in articles if a.pk is not None}.values())
    ids = [a.pk for a in articles]
    suppressed = {}  # article id -> {("session" | "person", id)}
    for article_id, session_id, person_id in SuppressedLink.objects.filter(
        article_id__in=ids
    ).values_list("article_id", "session_id", "person_id"):
        target = ("session", session_id) if session_id else ("person", person_id)
        suppressed.setdefault(article_id, set()).add(target)
    session_links = {}  # article id -> {session id: (link pk, origin)}
    for pk, article_id, session_id, origin in ArticleSession.objects.filter(
        article_id__in=ids
    ).values_list("pk", "article_id", "session_id", "origin"):
        session_links.setdefault(article_id, {})[session_id] = (pk, origin)
    person_links = {}  # article id -> {person id: (link pk, origin, matched text)}
    for pk, article_id, person_id, origin, matched in ArticlePerson.objects.filter(
        article_id__in=ids
    ).values_list("pk", "article_id", "person_id", "origin", "matched_text"):
        person_links.setdefault(article_id, {})[person_id] = (pk, origin, matched)

    writes = _Writes()
    for article in articles:
        sessions, people, _unknown = matcher.links(article_text(article))
        change = ArticleLinkChanges(article.pk, article.title)
        hidden = suppressed.get(article.pk, set())
        plan = _Plan(article.pk, hidden, matcher, change, writes)
        plan.sessions(sessions, session_links.get(article.pk, {}))
        plan.people(people, person_links.get(article.pk, {}))
        report.articles += 1
        if change:
            report.changes.append(change)
    writes.apply()


@dataclass
class _Writes:
    new_sessions: list = field(default_factory=list)
    old_sessions: list = field(default_factory=list)
    new_people: list = field(default_factory=list)
    old_people: list = field(default_factory=list)
    retexted: list = field(default_factory=list)

    def apply(self):
        """A fixed number of statements for the whole batch."""
        if self.old_sessions:
            ArticleSession.objects.filter(pk__in=self.old_sessions).delete()
        if self.old_people:
            ArticlePerson.objects.filter(pk__in=self.old_people).delete()
        ArticleSession.objects.bulk_create(self.new_sessions)
        ArticlePerson.objects.bulk_create(self.new_people)
        if self.retexted:
            ArticlePerson.objects.bulk_update(self.retexted, ["matched_text"])


@dataclass
class _Plan:
    """What to write for one article, given what the text names and the links it has."""

    article_id: int
    hidden: set  # ("session" | "person", id) an editor removed
    matcher: Matcher
    change: ArticleLinkChanges
    writes: _Writes

    def sessions(self, found, links):
        for session_id, (pk, origin) in links.items():
            if origin == DETECTED and (
                session_id not in found or ("session", session_id) in self.hidden
            ):
                self.writes.old_sessions.append(pk)
                number = self.matcher.session_numbers.get(session_id, session_id)
                self.change.sessions_removed.append(number)
        for session_id in found:
            if session_id not in links and ("session", session_id) not in self.hidden:
                self.writes.new_sessions.append(
                    ArticleSession(
                        article_id=self.article_id, session_id=session_id, origin=DETECTED
                    )
                )
                self.change.sessions_added.append(self.matcher.session_numbers[session_id])
        self.change.sessions_added.sort()
        self.change.sessions_removed.sort()

    def people(self, found, links):
        for person_id, (pk, origin, _matched) in links.items():
            if origin == DETECTED and (
                person_id not in found or ("person", person_id) in self.hidden
            ):
                self.writes.old_people.append(pk)
                self.change.people_removed.append(self.matcher.person_name(person_id))
        for person_id, words in found.items():
            words = words[:MATCHED_TEXT_LENGTH]
            link = links.get(person_id)
            if ("person", person_id) in self.hidden:
                continue
            if link is None:
                self.writes.new_people.append(
                    ArticlePerson(
                        article_id=self.article_id,
                        person_id=person_id,
                        origin=DETECTED,
                        matched_text=words,
                    )
                )
                self.change.people_added.append(self.matcher.person_name(person_id))
            elif link[1] == DETECTED and link[2] != words:
                self.writes.retexted.append(ArticlePerson(pk=link[0], matched_text=words))


# --- Editors' changes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SuppressionChange:
    suppressed: int  # links the editor removed, now kept out of detection
    restored: int  # links the editor added back


def suppress_removed_links(
    article, old_session_ids, new_session_ids, old_person_ids, new_person_ids
) -> SuppressionChange:
    """After an editor saved `article`'s links (ids before and after): each link they removed
    becomes a SuppressedLink, so detection does not add it back; each link they added is
    theirs (origin "editor") and no longer suppressed."""
    removed_sessions = set(old_session_ids) - set(new_session_ids)
    added_sessions = set(new_session_ids) - set(old_session_ids)
    removed_people = set(old_person_ids) - set(new_person_ids)
    added_people = set(new_person_ids) - set(old_person_ids)
    with transaction.atomic():
        existing = SuppressedLink.objects.filter(article=article)
        have_sessions = set(
            existing.filter(session__isnull=False).values_list("session_id", flat=True)
        )
        have_people = set(existing.filter(person__isnull=False).values_list("person_id", flat=True))
        SuppressedLink.objects.bulk_create(
            [
                SuppressedLink(article=article, session_id=pk)
                for pk in removed_sessions - have_sessions
            ]
            + [SuppressedLink(article=article, person_id=pk) for pk in removed_people - have_people]
        )
        restored = 0
        if added_sessions:
            restored += existing.filter(session_id__in=added_sessions).delete()[0]
            article.session_links.filter(session_id__in=added_sessions).exclude(
                origin=EDITOR
            ).update(origin=EDITOR)
        if added_people:
            restored += existing.filter(person_id__in=added_people).delete()[0]
            article.person_links.filter(person_id__in=added_people).exclude(origin=EDITOR).update(
                origin=EDITOR
            )
    suppressed = len(removed_sessions - have_sessions) + len(removed_people - have_people)
    return SuppressionChange(suppressed=suppressed, restored=restored)


# --- Quotes --------------------------------------------------------------------------------------


def suggest_quotes(articles, matcher=None) -> int:
    """Offer the attributed direct quotations in `articles` (lead and body) as unreviewed
    Quote suggestions; none already there (same speaker and words) is made twice. Returns
    how many were created."""
    matcher = matcher or build_matcher()
    created = 0
    with transaction.atomic():
        for batch in _batches(articles):
            created += _suggest_batch(batch, matcher)
    return created


def _suggest_batch(articles, matcher):
    ids = [a.pk for a in articles]
    known, last_position = set(), {}
    for article_id, speaker_id, text, position in Quote.objects.filter(
        article_id__in=ids
    ).values_list("article_id", "speaker_id", "text", "position"):
        known.add((article_id, speaker_id, quote_key(text)))
        last_position[article_id] = max(last_position.get(article_id, 0), position)
    linked_sessions = {}
    for article_id, session_id in ArticleSession.objects.filter(article_id__in=ids).values_list(
        "article_id", "session_id"
    ):
        linked_sessions.setdefault(article_id, []).append(session_id)
    new = []
    for article in articles:
        text = "\n\n".join(part for part in (article.lead, article.body) if part)
        sessions = linked_sessions.get(article.pk, [])
        for found in find_quotes(text, matcher.names):
            key = (article.pk, found.speaker_id, quote_key(found.text))
            if key in known:
                continue
            known.add(key)
            last_position[article.pk] = last_position.get(article.pk, 0) + 1
            new.append(
                Quote(
                    text=found.text,
                    speaker_id=found.speaker_id,
                    article_id=article.pk,
                    session_id=sessions[0] if len(sessions) == 1 else None,
                    context=_("Suggested from the text: “%(words)s”.")
                    % {"words": _shorten(found.attribution, 150)},
                    reviewed=False,
                    position=last_position[article.pk],
                )
            )
    Quote.objects.bulk_create(new)
    return len(new)


def _shorten(text, limit):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- Rendering -----------------------------------------------------------------------------------


def linked_body_html(article) -> str:
    """The article's body as sanitised HTML, with the first mention of each person and
    session linked to the article turned into a link to their page. One query (the linked
    people's aliases) when the view prefetched the links, three otherwise."""
    html = render_markdown(article.body)
    return link_first_mentions(html, link_targets(article))


def link_targets(article) -> list[LinkTarget]:
    cached = getattr(article, "_prefetched_objects_cache", {})
    person_links = article.person_links.all()
    if "person_links" not in cached:
        person_links = person_links.select_related("person")
    people = [link.person for link in person_links]
    spellings = {person.pk: [person.name] for person in people}
    if spellings:
        for person_id, name in (
            Alias.objects.filter(person_id__in=spellings)
            .order_by("pk")
            .values_list("person_id", "name")
        ):
            spellings[person_id].append(name)
    targets = [
        LinkTarget("person", p.pk, p.get_absolute_url(), tuple(spellings[p.pk]), p.name)
        for p in people
    ]
    targets += [
        LinkTarget("session", s.number, s.get_absolute_url(), title=_session_title(s))
        for s in article.sessions.all()
    ]
    return targets


def _session_title(session):
    return f"{session.label}: {session.title}" if session.title else str(session.label)
