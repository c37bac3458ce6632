"""Links between articles and the sessions and people they name, kept in the database.

The text work is archive.text.people (sessions, people); this module reads what it needs and
writes the results:

    matcher = build_matcher()              # every person, alias and session: 3 queries
    detect_links(articles, matcher)        # ArticleSession / ArticlePerson, origin "detected"
    preview_links(text, matcher)           # the same, nothing written (dry runs)
    suppress_removed_links(article, ...)   # after an editor saved an article's links

detect_links also puts the names that look like people but match no one into the editors'
unmatched-names queue (archive.linking.unmatched.queue_unmatched_names). Quote suggestions
are archive.linking.quotes, the article body with its links archive.linking.bodies.

Detection never undoes an editor: a link an editor removed (a SuppressedLink) is not added
again, a link an editor added (origin "editor") is never removed, and a detected link goes
only when the text no longer names its session or person.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from archive.caching import content_changed
from archive.linking import derived
from archive.linking.texts import article_batches, article_text
from archive.linking.unmatched import queue_unmatched_names
from archive.models import (
    Alias,
    ArticlePerson,
    ArticleSession,
    LinkOrigin,
    Person,
    Session,
    SuppressedLink,
)
from archive.search import bulk_indexing, reindex_articles
from archive.text.candidates import NameIndex
from archive.text.people import NameMatcher, PersonInfo, find_links

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


def _total(name):
    """A DetectionReport property: how many sessions or people its changes added or removed."""
    return property(lambda report: sum(len(getattr(change, name)) for change in report.changes))


@dataclass
class DetectionReport:
    articles: int = 0
    changes: list = field(default_factory=list)  # ArticleLinkChanges, changed articles only
    unmatched_mentions: int = 0  # mentions of names that match no one (queued for editors)

    sessions_added = _total("sessions_added")
    sessions_removed = _total("sessions_removed")
    people_added = _total("people_added")
    people_removed = _total("people_removed")

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
    into the editors' unmatched-names queue (archive.linking.unmatched).

    `articles`: a queryset or an iterable of Article. Runs in one transaction, in batches of
    archive.db.BATCH_SIZE articles with a fixed number of queries each.
    """
    matcher = matcher or build_matcher()
    report = DetectionReport()
    with transaction.atomic(), bulk_indexing():
        for batch in article_batches(articles):
            _detect_batch(batch, matcher, report)
            if queue_names:
                report.unmatched_mentions += queue_unmatched_names(batch, matcher.name_index)
        reindex_articles(report.changed_article_ids())
    return report


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
        if not (
            self.old_sessions
            or self.old_people
            or self.new_sessions
            or self.new_people
            or self.retexted
        ):
            return
        # The deletes' signals and the new links: the stored counts refreshed once.
        with derived.batched() as changes:
            if self.old_sessions:
                ArticleSession.objects.filter(pk__in=self.old_sessions).delete()
            if self.old_people:
                ArticlePerson.objects.filter(pk__in=self.old_people).delete()
            ArticleSession.objects.bulk_create(self.new_sessions)
            ArticlePerson.objects.bulk_create(self.new_people)
            changes.add(
                (link.article_id for link in self.new_sessions + self.new_people),
                links_only=True,
            )
        if self.retexted:
            ArticlePerson.objects.bulk_update(self.retexted, ["matched_text"])
        content_changed()


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
        new = [
            SuppressedLink(article=article, session_id=pk)
            for pk in removed_sessions - have_sessions
        ]
        new += [
            SuppressedLink(article=article, person_id=pk) for pk in removed_people - have_people
        ]
        SuppressedLink.objects.bulk_create(new)
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
        if new or added_sessions or added_people:
            content_changed()
    return SuppressionChange(suppressed=len(new), restored=restored)
