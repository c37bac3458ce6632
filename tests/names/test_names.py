"""Names editors keep right: finding unknown names, the queue, merging people, alias changes."""

from pathlib import Path

import pytest

from archive.linking import unmatched
from archive.models import (
    Alias,
    ArticlePerson,
    LinkOrigin,
    Person,
    Position,
    Quote,
    SlugHistory,
    SuppressedLink,
    UnmatchedName,
)
from archive.names import merging, queue, redetection
from archive.search import exact_match
from archive.text.candidates import NameIndex, find_unmatched_candidates
from tests.factories import (
    make_article,
    make_draft,
    make_person,
    make_position,
    make_quote,
    make_session,
)

PENDING = UnmatchedName.Status.PENDING
# Dropping stale links: the links, their people's aliases, the delete (Django reads the links
# first, for the signals), the search index of their articles once (SQLite 13, PostgreSQL 12),
# and once the stored counts and related articles of those articles and their neighbours
# (archive.linking.derived: 11-20 more here, by how many neighbours they have).
QUERIES_TO_DROP_STALE_LINKS = 36
SEED_DIRS = [
    Path(__file__).resolve().parents[2] / "fixtures" / "seeds",
]


def index(*people):
    """A NameIndex of (name, *aliases) tuples."""
    return NameIndex(
        [(number, spelling) for number, spellings in enumerate(people) for spelling in spellings]
    )


def found(text, *people):
    return [(c.name, c.reason) for c in find_unmatched_candidates(text, index(*people))]


# --- Finding names that match no one (pure) -----------------------------------------------


def test_a_name_next_to_said_is_a_candidate():
    assert [n for n, _ in found("“We are united,” said Evgeny Bolgert on Monday.")] == [
        "Evgeny Bolgert"
    ]
    assert [n for n, _ in found("Gennady Golovkin once stated that he is proud.")] == [
        "Gennady Golovkin"
    ]


def test_a_name_with_a_title_is_a_candidate_and_the_title_is_the_reason():
    text = (
        "Natalia Dementieva, a member of the Mazhilis, the lower chamber, spoke first. "
        "On visiting Kazakhstan, the United Nations Secretary-General Kofi Annan called it a model."
    )
    results = found(text)
    assert [n for n, _ in results] == ["Natalia Dementieva", "Kofi Annan"]
    assert "a member of the Mazhilis" in results[0][1]


def test_known_names_and_aliases_are_not_candidates():
    tokayev = ("Kassym-Jomart Tokayev", "K. Tokayev", "Kassym-Zhomart Tokayev")
    text = (
        "President Kassym-Zhomart Tokayev said so. K. Tokayev, the President of Kazakhstan, "
        "agreed. “Unity,” said Kassym-Jomart Tokayev."
    )
    assert found(text, tokayev) == []


def test_a_surname_two_people_share_is_queued_not_guessed():
    people = [("Nursultan Nazarbayev",), ("Dariga Nazarbayev",)]
    assert found("The idea was voiced by Nazarbayev in 1992.", *people) == [
        ("Nazarbayev", "surname shared by 2 people")
    ]
    assert found("The idea was voiced by Nazarbayev in 1992.", people[0]) == []


def test_a_title_standing_for_the_speaker_is_a_candidate():
    text = "“Organized unity leads to victories,” said the Head of State. The President said no."
    assert found(text) == [
        ("Head of State", "title without a name"),
        ("President", "title without a name"),
    ]


def test_organisations_places_and_sentence_starts_are_not_people():
    text = (
        "The Kazakh Parliament said nothing. In April the APK said yes. National Security "
        "Committee officials said they agree. Ethnic Lithuanian Buginas Bronislavas, a member "
        "of the association, was awarded."
    )
    assert [n for n, _ in found(text)] == ["Buginas Bronislavas"]


def test_each_mention_is_counted():
    text = "Evgeny Bolgert said yes. Later Evgeny Bolgert said no."
    assert [n for n, _ in found(text)] == ["Evgeny Bolgert", "Evgeny Bolgert"]


# --- The queue ------------------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_record_unmatched_counts_mentions_and_lists_articles():
    first, second = make_article("First"), make_draft("Second")
    unmatched.record_unmatched(first, [("Evgeny Bolgert", "said"), ("Evgeny Bolgert", "said")])
    unmatched.record_unmatched(second, [("EVGENY  BOLGERT", "said")])
    entry = UnmatchedName.objects.get()
    assert entry.name == "Evgeny Bolgert"
    assert entry.occurrences == 3
    assert set(entry.articles.all()) == {first, second}
    assert entry.status == PENDING


@pytestmark_db
def test_running_detection_again_replaces_the_articles_share():
    article = make_article()
    for _ in range(3):
        unmatched.record_unmatched(article, [("Evgeny Bolgert", ""), ("Kofi Annan", "")])
    assert dict(UnmatchedName.objects.values_list("name", "occurrences")) == {
        "Evgeny Bolgert": 1,
        "Kofi Annan": 1,
    }
    unmatched.record_unmatched(article, [("Kofi Annan", "")])  # the text was edited
    assert list(UnmatchedName.objects.values_list("name", flat=True)) == ["Kofi Annan"]


@pytestmark_db
def test_deleting_an_article_takes_its_names_out_of_the_queue():
    first, second = make_article(), make_article()
    unmatched.record_unmatched(first, [("Kofi Annan", ""), ("Rolf Ekeus", "")])
    unmatched.record_unmatched(second, [("Kofi Annan", "")])
    first.delete()
    assert dict(UnmatchedName.objects.values_list("name", "occurrences")) == {"Kofi Annan": 1}


@pytestmark_db
def test_ignored_and_known_names_are_not_queued_again():
    make_person("Aida Balayeva", aliases=["A. Balayeva"])
    article = make_article()
    unmatched.record_unmatched(article, [("Deputy Chairman", "title")])
    queue.ignore(UnmatchedName.objects.get())
    unmatched.record_unmatched(make_article(), [("Deputy Chairman", ""), ("a. balayeva", "")])
    entry = UnmatchedName.objects.get()
    assert entry.status == UnmatchedName.Status.IGNORED
    assert entry.occurrences == 1


@pytestmark_db
def test_assign_makes_an_alias_and_links_the_articles_with_the_text_found():
    person = make_person("Natalia Dementieva")
    article, draft = make_article(), make_draft()
    for a in (article, draft):
        unmatched.record_unmatched(a, [("N. Dementieva", "said")])
    entry = UnmatchedName.objects.get()
    queue.assign_to_person(entry, person)
    entry.refresh_from_db()
    assert entry.status == UnmatchedName.Status.RESOLVED
    assert entry.person == person
    assert list(person.aliases.values_list("name", flat=True)) == ["N. Dementieva"]
    links = ArticlePerson.objects.filter(person=person)
    assert {link.article for link in links} == {article, draft}
    assert {link.matched_text for link in links} == {"N. Dementieva"}
    assert not UnmatchedName.objects.filter(status=PENDING).exists()


@pytestmark_db
def test_assign_respects_a_link_an_editor_removed():
    person = make_person("Evgeny Bolgert")
    article = make_article()
    SuppressedLink.objects.create(article=article, person=person)
    unmatched.record_unmatched(article, [("E. Bolgert", "said")])
    queue.assign_to_person(UnmatchedName.objects.get(), person)
    assert not person.article_links.exists()


@pytestmark_db
def test_assigning_a_name_that_is_someone_elses_is_refused():
    owner = make_person("Nursultan Nazarbayev", aliases=["Yelbasy"])
    other = make_person("Someone Else")
    entry = UnmatchedName.objects.create(name="Yelbasy")
    with pytest.raises(queue.NameConflict, match="Nursultan Nazarbayev"):
        queue.assign_to_person(entry, other)
    assert list(owner.aliases.values_list("name", flat=True)) == ["Yelbasy"]
    entry.refresh_from_db()
    assert entry.status == PENDING


@pytestmark_db
def test_create_person_from_a_queued_name():
    article = make_article()
    unmatched.record_unmatched(article, [("Rolf Ekeus", "title")])
    person = queue.create_person_from(UnmatchedName.objects.get())
    assert person.name == "Rolf Ekeus"
    assert person.article_links.get().article == article
    assert UnmatchedName.objects.get().status == UnmatchedName.Status.RESOLVED


@pytestmark_db
def test_removing_an_alias_puts_the_name_back_in_the_queue(django_capture_on_commit_callbacks):
    person = make_person("Nursultan Nazarbayev")
    # (a spelling that is no transliteration of his name: "Нұрсұлтан Назарбаев" is known as his)
    article = make_article(body="“Бірлік – басты құндылық,” said Нұрекең Абішұлы.")
    unmatched.queue_unmatched_names([article])
    entry = UnmatchedName.objects.get(name="Нұрекең Абішұлы")
    queue.assign_to_person(entry, person)
    assert not UnmatchedName.objects.filter(status=PENDING).exists()
    with django_capture_on_commit_callbacks(execute=True):
        Alias.objects.get(name="Нұрекең Абішұлы").delete()
    entry.refresh_from_db()
    assert entry.status == PENDING
    assert entry.articles.get() == article
    assert not person.article_links.exists()  # the credit made from the alias went with it


# --- Alias changes re-run detection only where they matter -----------------------------------


@pytestmark_db
def test_alias_changes_redetect_only_the_articles_concerned(
    monkeypatch, django_capture_on_commit_callbacks
):
    person = make_person("Kassym-Jomart Tokayev", aliases=["K. Tokayev"])
    by_text = make_article(body="President K. Tokayev spoke.")
    by_link = make_article(body="The Head of State spoke.")
    ArticlePerson.objects.create(
        article=by_link, person=person, origin=LinkOrigin.DETECTED, matched_text="K Tokayev"
    )
    unrelated = make_article(body="Evgeny Bolgert spoke about Kazakhstan.")
    runs = []
    monkeypatch.setattr(redetection, "_redetect", lambda articles: runs.append(set(articles)))

    with django_capture_on_commit_callbacks(execute=True):
        Alias.objects.get(name="K. Tokayev").delete()
    assert runs == [{by_text, by_link}]

    other = make_person("Kairat Tokayev")
    alias = Alias.objects.create(person=person, name="Kassym Tokayev")
    reassigned = make_article(body="Kassym Tokayev opened the session.")
    runs.clear()
    with django_capture_on_commit_callbacks(execute=True):
        alias.person = other
        alias.save()
    assert runs == [{reassigned}]
    assert unrelated not in set().union(*runs)


@pytestmark_db
@pytest.mark.parametrize("count", [3, 30])
def test_dropping_stale_links_takes_a_fixed_number_of_queries(count, django_assert_max_num_queries):
    """The detected links made from a spelling the person no longer has go; those made from
    a spelling still theirs (their name, an alias of theirs) stay, in a few queries for any
    number of links."""
    nazarbayev = make_person("Nursultan Nazarbayev", aliases=["N.A. Nazarbayev"])
    tokayev = make_person("Kassym-Jomart Tokayev", aliases=["Yelbasy Tokayev"])

    def link(article, person, text, origin=LinkOrigin.DETECTED):
        return ArticlePerson.objects.create(
            article=article, person=person, origin=origin, matched_text=text
        ).pk

    stale, kept = [], []
    for n in range(count):
        article = make_article(f"Article {n}")
        stale.append(link(article, nazarbayev, "Yelbasy"))  # no longer his alias
        kept.append(link(article, tokayev, "yelbasy tokayev"))  # his alias
        kept.append(link(make_article(f"Name {n}"), nazarbayev, "NURSULTAN Nazarbayev"))  # his name
    kept.append(link(make_article("By an editor"), nazarbayev, "Yelbasy", LinkOrigin.EDITOR))
    with django_assert_max_num_queries(QUERIES_TO_DROP_STALE_LINKS):
        redetection._drop_stale_links(["Yelbasy", "Yelbasy Tokayev", "Nursultan Nazarbayev"])
    assert not ArticlePerson.objects.filter(pk__in=stale).exists()
    assert ArticlePerson.objects.filter(pk__in=kept).count() == len(kept)


# --- Merging people -------------------------------------------------------------------------


def _merge_fixture():
    keep = make_person("Kassym-Jomart Tokayev", aliases=["K. Tokayev"], slug="tokayev")
    dup = make_person(
        "Kassym-Zhomart Tokayev",
        aliases=["K.K. Tokayev"],
        slug="kassym-zhomart-tokayev",
        role="President",
        featured=True,
    )
    shared = make_article("Both linked")
    ArticlePerson.objects.create(
        article=shared, person=keep, origin=LinkOrigin.DETECTED, matched_text=""
    )
    ArticlePerson.objects.create(
        article=shared, person=dup, origin=LinkOrigin.EDITOR, matched_text="K.K. Tokayev"
    )
    only_dup = make_article("Only the duplicate", people=[dup])
    removed = make_article("Editor removed the duplicate")
    SuppressedLink.objects.create(article=removed, person=dup)
    make_position(dup, "President of Kazakhstan")
    quote = make_quote(dup, only_dup, "Unity is our strength")
    return keep, dup, shared, only_dup, removed, quote


@pytestmark_db
def test_merge_moves_everything_and_loses_nothing(client):
    keep, dup, shared, only_dup, removed, quote = _merge_fixture()
    report = merging.merge_people(keep, [dup])
    keep.refresh_from_db()
    assert not Person.objects.filter(pk=dup.pk).exists()
    assert set(keep.aliases.values_list("name", flat=True)) == {
        "K. Tokayev",
        "K.K. Tokayev",
        "Kassym-Zhomart Tokayev",
    }
    assert list(Position.objects.filter(person=keep).values_list("title", flat=True)) == [
        "President of Kazakhstan"
    ]
    assert Quote.objects.get(pk=quote.pk).speaker == keep
    link = ArticlePerson.objects.get(article=shared)
    assert (link.person, link.origin, link.matched_text) == (keep, "editor", "K.K. Tokayev")
    assert ArticlePerson.objects.get(article=only_dup).person == keep
    assert SuppressedLink.objects.get(article=removed).person == keep
    assert (keep.role, keep.featured) == ("President", True)
    assert report.quotes == 1 and report.links == 2
    response = client.get("/people/kassym-zhomart-tokayev/")
    assert response.status_code == 301
    assert response["Location"] == "/people/tokayev/"


@pytestmark_db
def test_a_failure_half_way_through_a_merge_changes_nothing(monkeypatch):
    keep, dup, *_ = _merge_fixture()

    def state():
        return (
            sorted(Alias.objects.values_list("name", "person_id")),
            sorted(ArticlePerson.objects.values_list("article_id", "person_id", "origin")),
            sorted(Quote.objects.values_list("pk", "speaker_id")),
            sorted(Position.objects.values_list("pk", "person_id")),
            sorted(SuppressedLink.objects.values_list("article_id", "person_id")),
            sorted(Person.objects.values_list("pk", "slug", "role", "featured")),
            SlugHistory.objects.count(),
        )

    before = state()

    def explode(duplicate, keep):
        raise RuntimeError("disk full")

    monkeypatch.setattr(merging, "_move_suppressed", explode)  # after aliases, quotes, links
    with pytest.raises(RuntimeError):
        merging.merge_people(keep, [dup])
    assert state() == before


@pytestmark_db
def test_merging_three_people_with_the_same_name():
    keep = make_person("Evgeny Bolgert", slug="evgeny-bolgert")
    twins = [make_person("Evgeny Bolgert") for _ in range(2)]
    article = make_article(people=twins)
    merging.merge_people(keep, twins)
    assert Person.objects.get() == keep
    assert list(keep.article_links.values_list("article", flat=True)) == [article.pk]
    assert not keep.aliases.exists()  # the same name needs no alias


# --- The admin: working through the queue -------------------------------------------------


@pytestmark_db
def test_queue_lists_waiting_names_with_count_and_articles(editor_client):
    article = make_article("Unity amid turbulence")
    unmatched.record_unmatched(article, [("Evgeny Bolgert", "title"), ("Evgeny Bolgert", "")])
    unmatched.record_unmatched(make_article(), [("Ignored Name", "")])
    queue.ignore(UnmatchedName.objects.get(name="Ignored Name"))
    response = editor_client.get("/admin/archive/unmatchedname/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Evgeny Bolgert" in page and "Unity amid turbulence" in page
    assert "Ignored Name" not in page


def queued(body):
    """An article with this body, its names queued: (article, {name: queue entry})."""
    article = make_article(body=body)
    unmatched.queue_unmatched_names([article])
    return article, {entry.name: entry for entry in UnmatchedName.objects.all()}


@pytestmark_db
def test_editor_decides_in_one_step_from_the_change_page(editor_client):
    person = make_person("Natalia Dementieva")
    # (a spelling the matching transliteration does not equate: "Natalya Dementyeva" is hers)
    article, entries = queued(
        "Nataliya Dementjeva said the citizens value peace. Rolf Ekeus, its current High "
        "Commissioner, agreed. “Unity leads to victories,” said the Head of State."
    )
    assert set(entries) == {"Nataliya Dementjeva", "Rolf Ekeus", "Head of State"}

    def decide(entry, **data):
        url = f"/admin/archive/unmatchedname/{entry.pk}/change/"
        page = editor_client.get(url)
        assert page.status_code == 200
        return editor_client.post(url, {"person": "", "new_person_name": entry.name, **data})

    missing = decide(entries["Nataliya Dementjeva"], _assign="1")
    assert missing.status_code == 200  # shown again with the error
    assert "Choose the person" in missing.content.decode()
    assert decide(entries["Nataliya Dementjeva"], _assign="1", person=person.pk).status_code == 302
    assert decide(entries["Rolf Ekeus"], _create="1").status_code == 302
    assert decide(entries["Head of State"], _ignore="1").status_code == 302

    assert person.article_links.get().matched_text == "Nataliya Dementjeva"
    assert Person.objects.get(name="Rolf Ekeus").article_links.get().article == article
    assert UnmatchedName.objects.get(name="Head of State").status == "ignored"
    assert not UnmatchedName.objects.filter(status=PENDING).exists()


@pytestmark_db
def test_bulk_actions_assign_create_and_ignore(editor_client):
    person = make_person("Evgeny Bolgert")
    # (misspelt: "Евгений Болгерт" is known as his, through the matching transliteration)
    article, entries = queued(
        "“Да,” said Евгений Болгарт. “Нет,” said Е. Болгарт. Kofi Annan said hello. "
        "“No,” said the Senator."
    )
    ids = {name: entry.pk for name, entry in entries.items()}
    assert set(ids) == {"Евгений Болгарт", "Е. Болгарт", "Kofi Annan", "Senator"}
    url = "/admin/archive/unmatchedname/"
    selected = [ids["Евгений Болгарт"], ids["Е. Болгарт"]]
    page = editor_client.post(url, {"action": "assign_selected", "_selected_action": selected})
    assert page.status_code == 200 and "Assign" in page.content.decode()
    done = editor_client.post(
        url,
        {
            "action": "assign_selected",
            "_selected_action": selected,
            "apply": "1",
            "person": person.pk,
        },
    )
    assert done.status_code == 302
    # The first alias settled the second name: its surname now has one owner.
    assert len(person.aliases.all()) == 1
    assert person.aliases.get().name in {"Евгений Болгарт", "Е. Болгарт"}
    assert person.article_links.get().article == article
    editor_client.post(url, {"action": "create_people", "_selected_action": [ids["Kofi Annan"]]})
    editor_client.post(url, {"action": "ignore_selected", "_selected_action": [ids["Senator"]]})
    assert Person.objects.filter(name="Kofi Annan").exists()
    assert not UnmatchedName.objects.filter(status=PENDING).exists()


def _seed_texts():
    for folder in SEED_DIRS:
        files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if files:
            return [f.read_text(encoding="utf-8") for f in files]
    pytest.fail("the seed corpus is not available")


@pytestmark_db
def test_editor_empties_the_queue_of_the_seed_corpus(editor_client):
    """The issue's 'done': work through the seed corpus's queue until it is empty."""
    make_person(
        "Kassym-Jomart Tokayev", aliases=["K. Tokayev", "Tokayev", "Kassym-Zhomart Tokayev"]
    )
    make_person(
        "Nursultan Nazarbayev", aliases=["N.A. Nazarbayev", "Nursultan A. Nazarbayev", "Yelbasy"]
    )
    make_person("Zhanseit Tuimebayev", aliases=["Tuimebayev"])
    make_person("Aida Balayeva")
    articles = []
    for number, text in enumerate(_seed_texts()):
        title, _, body = text.partition("\n")
        articles.append(make_article(title.strip()[:300], slug=f"seed-{number}", body=body))
    unmatched.queue_unmatched_names(articles)
    queue = {e.name: e for e in UnmatchedName.objects.filter(status=PENDING)}
    assert {"Natalia Dementieva", "Evgeny Bolgert", "Kofi Annan"} <= set(queue)
    assert not {"Kassym-Jomart Tokayev", "Aida Balayeva", "Kazakh Parliament"} & set(queue)

    for name, entry in queue.items():
        url = f"/admin/archive/unmatchedname/{entry.pk}/change/"
        decision = {"_ignore": "1"} if entry.reason == "title without a name" else {"_create": "1"}
        response = editor_client.post(url, {"person": "", "new_person_name": name, **decision})
        assert response.status_code == 302, name
    assert not UnmatchedName.objects.filter(status=PENDING).exists()
    dementieva = Person.objects.get(name="Natalia Dementieva")
    assert dementieva.article_links.get().article.slug == "seed-1"
    # Detection again finds nothing new: the queue stays empty.
    unmatched.queue_unmatched_names(articles)
    assert not UnmatchedName.objects.filter(status=PENDING).exists()


@pytestmark_db
def test_merge_action_asks_which_person_to_keep(editor_client):
    keep, dup, *_ = _merge_fixture()
    url = "/admin/archive/person/"
    page = editor_client.post(
        url, {"action": "merge_people_action", "_selected_action": [keep.pk, dup.pk]}
    )
    assert page.status_code == 200
    assert "Choose the person to keep" in page.content.decode()
    done = editor_client.post(
        url,
        {
            "action": "merge_people_action",
            "_selected_action": [keep.pk, dup.pk],
            "keep": keep.pk,
            "apply": "1",
        },
    )
    assert done.status_code == 302
    assert list(Person.objects.all()) == [keep]


@pytestmark_db
def test_person_page_search_finds_only_that_persons_articles_and_quotes(client):
    tokayev = make_person("Kassym-Jomart Tokayev")
    other = make_person("Aida Balayeva")
    mine = make_article("Language policy", people=[tokayev], body="The Kazakh language unites.")
    make_article("Language elsewhere", people=[other], body="The Kazakh language again.")
    draft = make_draft("Language draft", people=[tokayev], body="Kazakh language secret.")
    make_quote(tokayev, mine, "The Kazakh language is a tool of integration")
    make_quote(other, mine, "Language matters to me too")
    make_quote(tokayev, draft, "Language in a draft")
    response = client.get(f"/people/{tokayev.slug}/search/", {"q": "language"})
    assert response.status_code == 200
    assert [a.title for a in response.context["page_obj"]] == ["Language policy"]
    assert [q.text for q in response.context["quotes"]] == [
        "The Kazakh language is a tool of integration"
    ]
    assert client.get("/people/nobody/search/?q=x").status_code == 404


@pytestmark_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("27", "session"),
        ("XXVII", "session"),
        ("xxvii session", "session"),
        ("27th session", "session"),
        ("twenty-seventh", "session"),
        ("the 27th session", "session"),
        ("28", None),  # no such session
        ("K. Tokayev", "person"),
        ("  kassym-jomart   TOKAYEV ", "person"),
        ("“Tokayev”", "person"),
        ("Evgeny Bolgert", None),  # two people of that name: a search
        ("Tokayev unity", None),
        ("", None),
    ],
)
def test_exact_match_names_a_session_or_one_person(query, expected):
    session = make_session(27)
    tokayev = make_person("Kassym-Jomart Tokayev", aliases=["K. Tokayev", "Tokayev"])
    make_person("Evgeny Bolgert", role="Senator")
    make_person("Evgeny Bolgert", role="Journalist")
    found = exact_match(query)
    assert found == {"session": session, "person": tokayev, None: None}[expected]


@pytestmark_db
def test_queue_command_fills_the_queue_from_every_article():
    from io import StringIO

    from django.core.management import call_command

    make_article(body="Evgeny Bolgert, a member of the Senate, spoke.")
    make_draft(body="“Yes,” said Kofi Annan.")
    out = StringIO()
    call_command("queue_unmatched_names", stdout=out)
    assert set(UnmatchedName.objects.values_list("name", flat=True)) == {
        "Evgeny Bolgert",
        "Kofi Annan",
    }
    assert "2 names wait for a decision" in out.getvalue()
