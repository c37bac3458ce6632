"""Bulk import and export (import_archive, export_archive, the admin's Import/Export buttons).

The rules under test: natural keys (re-importing updates, never duplicates), cells written
the way people type them, strict all-or-nothing imports with messages in spreadsheet terms,
and exports that import back to the same archive.
"""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.contrib import admin as django_admin
from django.contrib.auth.models import Permission, User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import path, reverse
from openpyxl import load_workbook

from archive import search
from archive.jobs.admin import JobAdmin
from archive.linking import detection
from archive.models import (
    Alias,
    Article,
    ArticlePerson,
    ArticleSession,
    DatePrecision,
    Job,
    LinkOrigin,
    Person,
    Quote,
    Session,
    Source,
    Topic,
)
from archive.transfer.admin import ArchiveImportExportMixin
from archive.transfer.pipeline import export_dataset, import_file, read_dataset, render
from archive.transfer.resources import ArticleResource, SessionResource
from tests.factories import (
    make_article,
    make_draft,
    make_person,
    make_quote,
    make_session,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "examples"
ORDER = ["sessions", "people", "sources", "topics", "articles", "quotes"]
MODELS = [Session, Person, Alias, Source, Topic, Article, ArticleSession, ArticlePerson, Quote]


def upload(name, content):
    """A file object as the admin or a script would hand it over."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    return ContentFile(data, name=name)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def messages_of(outcome):
    return [str(problem) for problem in outcome.errors]


@pytest.fixture
def archive():
    """A small archive for files to refer to."""
    sessions = {n: make_session(n) for n in (1, 27, 32, 33)}
    tokayev = make_person("Kassym-Jomart Tokayev", aliases=["K. Tokayev", "Tokayev"])
    make_person("Zhanseit Tuimebayev", aliases=["Tuimebayev"])
    make_source("The Astana Times")
    make_topic("Interethnic accord")
    return {"sessions": sessions, "tokayev": tokayev}


# --- The documented examples --------------------------------------------------------------------


def test_example_files_import_in_the_documented_order_and_again_unchanged():
    files = [
        ("sessions", "sessions.csv"),
        ("people", "people.csv"),
        ("people", "people.xlsx"),
        ("sources", "sources.csv"),
        ("topics", "topics.csv"),
        ("articles", "articles.csv"),
        ("articles", "articles.json"),
        ("quotes", "quotes.csv"),
    ]
    for model_key, name in files:
        outcome = import_file(model_key, EXAMPLES / name)
        assert outcome.ok, (name, messages_of(outcome))

    first = Session.objects.get(number=1)
    assert (first.start_date, first.date_precision) == (datetime.date(1995, 3, 1), "month")
    assert Session.objects.get(number=10).title.startswith("Kazakhstani Model")
    tokayev = Person.objects.get(name="Kassym-Jomart Tokayev")
    assert "K.-J. Tokayev" in {a.name for a in tokayev.aliases.all()}  # added by the .xlsx
    # people.csv gives the names in Russian and Kazakh; people.xlsx, without those columns,
    # leaves them as they were.
    assert (tokayev.name_ru, tokayev.name_kk) == ("Касым-Жомарт Токаев", "Қасым-Жомарт Тоқаев")
    s32 = Session.objects.get(number=32)
    assert s32.title_ru == "Справедливый Казахстан: единство, стабильность, развитие"
    assert Session.objects.get(number=27).title_kk == ""
    assert Topic.objects.get(name="National unity").name_kk == "Ұлттық бірлік"
    repatriates = Article.objects.get(title="Repatriates Assembly")
    assert repatriates.published_on == datetime.date(2019, 5, 2)
    assert {(link.session.number, link.origin) for link in repatriates.session_links.all()} >= {
        (27, LinkOrigin.EDITOR)
    }
    assert set(repatriates.people.values_list("name", flat=True)) >= {
        "Zhanseit Tuimebayev",
        "Nursultan Nazarbayev",  # written as "Yelbasy", one of his aliases
    }
    undated = Article.objects.get(title__startswith="Assembly of the People of Kazakhstan: A Model")
    assert (undated.published_on, undated.date_text) == (None, "7 June, 15:38")
    assert Quote.objects.filter(speaker=tokayev, session__number=32).count() == 2

    before = counts()
    for model_key, name in files:
        outcome = import_file(model_key, EXAMPLES / name)
        assert outcome.ok and outcome.totals["new"] == outcome.totals["updated"] == 0, name
    assert counts() == before


# --- Natural keys and cells -------------------------------------------------------------------


def test_sessions_by_any_notation_and_dates_known_to_the_month():
    csv = (
        "number,start_date,end_date,title\n"
        "XXVII,April 2019,,Formula of peace and accord\n"
        "32nd,26.04.2023,27.04.2023,Fair Kazakhstan\n"
        "twenty-eighth,2005,,\n"
    )
    outcome = import_file("sessions", upload("s.csv", csv))
    assert outcome.ok, messages_of(outcome)
    assert outcome.totals == {"new": 3, "updated": 0, "unchanged": 0}
    s27, s32, s28 = (Session.objects.get(number=n) for n in (27, 32, 28))
    assert (s27.start_date, s27.date_precision) == (datetime.date(2019, 4, 1), "month")
    assert (s32.start_date, s32.end_date) == (
        datetime.date(2023, 4, 26),
        datetime.date(2023, 4, 27),
    )
    assert s28.date_precision == DatePrecision.YEAR

    again = import_file("sessions", upload("s.csv", csv.replace("Fair Kazakhstan", "Fair")))
    assert again.totals == {"new": 0, "updated": 1, "unchanged": 2}
    assert Session.objects.get(number=32).title == "Fair"


def test_a_person_found_by_an_alias_keeps_the_name_and_gains_aliases(archive):
    outcome = import_file(
        "people", upload("p.csv", "name,aliases,role\nK. Tokayev,President Tokayev,President\n")
    )
    assert outcome.ok and outcome.totals["updated"] == 1, messages_of(outcome)
    tokayev = Person.objects.get(pk=archive["tokayev"].pk)
    assert tokayev.name == "Kassym-Jomart Tokayev"
    assert tokayev.role == "President"
    aliases = set(tokayev.aliases.values_list("name", flat=True))
    assert aliases == {"K. Tokayev", "Tokayev", "President Tokayev"}  # nothing removed
    assert Alias.objects.get(name="President Tokayev").key == "president tokayev"
    assert Person.objects.count() == 2


def test_new_rows_get_what_save_would_have_given_them():
    import_file("people", upload("p.csv", "name,aliases\nÄlikhan Smaiylov,A. Smaiylov\n"))
    import_file("topics", upload("t.csv", "name\nState language policy\n"))
    import_file("sources", upload("s.csv", "name\nKazinform\n"))
    person = Person.objects.get()
    reference = Person(name="Älikhan Smaiylov")
    reference.save()  # what the model computes itself
    assert (person.name_key, person.sort_name) == (reference.name_key, reference.sort_name)
    assert person.slug == "alikhan-smaiylov"
    assert Alias.objects.get().key == "a smaiylov"
    assert Topic.objects.get().slug == "state-language-policy"
    assert Source.objects.get().slug == "kazinform"


def test_articles_are_found_by_slug_else_url_else_title(archive):
    by_slug = make_article("Old title", slug="kept-slug")
    by_url = make_article("Another", source_url="https://astanatimes.com/a")
    by_title = make_article("Repatriates Assembly")
    csv = (
        "slug,source_url,title,status\n"
        "kept-slug,,New title,published\n"
        ",https://astanatimes.com/a,Another (updated),published\n"
        ",,Repatriates Assembly,draft\n"
        ",https://astanatimes.com/b,Repatriates Assembly,published\n"
    )
    outcome = import_file("articles", upload("a.csv", csv))
    assert outcome.ok, messages_of(outcome)
    assert outcome.totals == {"new": 1, "updated": 3, "unchanged": 0}
    by_slug.refresh_from_db(), by_url.refresh_from_db(), by_title.refresh_from_db()
    assert (by_slug.title, by_url.title, by_title.status) == (
        "New title",
        "Another (updated)",
        "draft",
    )
    # A new URL is a new article: its title's slug is taken, so it gets the next one.
    assert Article.objects.get(source_url="https://astanatimes.com/b").slug == (
        "repatriates-assembly-2"
    )


def test_links_from_the_file_are_the_editor_links(archive):
    sessions, tokayev = archive["sessions"], archive["tokayev"]
    article = make_article("Unity", slug="unity", sessions=[sessions[1]])
    ArticleSession.objects.create(article=article, session=sessions[27], origin="detected")
    ArticleSession.objects.create(article=article, session=sessions[33], origin="detected")
    csv = (
        "slug,title,sessions,people,topics\nunity,Unity,XXVII|32nd,K. Tokayev,Interethnic accord\n"
    )
    outcome = import_file("articles", upload("a.csv", csv))
    assert outcome.ok, messages_of(outcome)
    links = {link.session.number: link.origin for link in article.session_links.all()}
    assert {n for n, origin in links.items() if origin == "editor"} == {27, 32}
    assert list(article.people.all()) == [tokayev]
    assert list(article.topics.values_list("name", flat=True)) == ["Interethnic accord"]
    assert import_file("articles", upload("a.csv", csv)).totals["unchanged"] == 1


# --- Strict: every problem listed, nothing written ------------------------------------------------


BAD_FILES = [
    pytest.param(
        "articles",
        "a.csv",
        "title,publshed_on\nA,2023-04-27\n",
        ["Unknown column 'publshed_on' (did you mean 'published_on'?). Columns for articles:"],
        id="unknown column",
    ),
    pytest.param(
        "quotes",
        "q.csv",
        "text,speaker\nWords,Tokayev\n",
        ["The required column 'article' is missing"],
        id="missing required column",
    ),
    pytest.param(
        "articles",
        "a.csv",
        "title,published_on\nFine,2023-04-27\nBad,31.02.2023\n",
        ["Row 3 (the header is row 1), column 'published_on', value '31.02.2023': is not a real"],
        id="unreadable date",
    ),
    pytest.param(
        "articles",
        "a.csv",
        "title,sessions\nA,27|34th\n",
        ["Row 2 (the header is row 1), column 'sessions', value '27|34th': there is no session 34"],
        id="unknown session",
    ),
    pytest.param(
        "quotes",
        "q.csv",
        "text,speaker,article\nWords,Tokaev,some-article\n",
        [
            "column 'speaker', value 'Tokaev': no person is called 'Tokaev' (by name or alias); "
            "did you mean 'Tokayev' (alias of Kassym-Jomart Tokayev)?",
            "column 'article', value 'some-article': no article has the slug or title",
        ],
        id="unknown person and article",
    ),
    pytest.param(
        "sessions",
        "s.csv",
        "number,title\n27,A\nXXVII,B\n",
        ["Row 3 (the header is row 1): repeats row 2: both rows are session 27"],
        id="duplicate rows",
    ),
    pytest.param("topics", "t.csv", "", ["'t.csv' is empty"], id="empty file"),
    pytest.param(
        "topics", "t.csv", "name,description\n", ["has a header but no data rows"], id="header only"
    ),
    pytest.param(
        "topics",
        "t.csv",
        "name\nCaf\u00e9 culture\n".encode("cp1252"),
        ["'t.csv' is not UTF-8 text: byte 0xe9 on line 2"],
        id="not utf-8",
    ),
    pytest.param(
        "topics",
        "t.xlsx",
        "name\nCulture\n",
        ["'t.xlsx' is not an Excel .xlsx workbook: it looks like text (CSV?)"],
        id="csv named xlsx",
    ),
]


@pytest.mark.parametrize(("model_key", "name", "content", "expected"), BAD_FILES)
def test_bad_files_are_refused_with_specific_messages(archive, model_key, name, content, expected):
    before = counts()
    outcome = import_file(model_key, upload(name, content))
    assert not outcome.ok
    text = "\n".join(messages_of(outcome))
    for fragment in expected:
        assert fragment in text
    assert counts() == before


def test_a_committed_import_says_so_to_listeners_a_dry_run_does_not(archive):
    from import_export.signals import post_import

    heard = []

    def listener(sender, model, **kwargs):
        heard.append(model)

    post_import.connect(listener)
    try:
        import_file("topics", upload("t.csv", "name\nYouth\n"), dry_run=True)
        import_file("topics", upload("t.csv", "name\nCaf\u00e9\n".encode("cp1252")))
        assert heard == []
        import_file("topics", upload("t.csv", "name\nYouth\n"))
        assert heard == [Topic]
    finally:
        post_import.disconnect(listener)


def test_a_committed_import_tells_the_page_cache_once_a_dry_run_or_failed_one_does_not(
    archive, monkeypatch
):
    # Bulk writes send no signals: the import itself says the content changed.
    from archive.transfer import resource_base

    calls = []
    monkeypatch.setattr(resource_base, "content_changed", lambda *a, **k: calls.append(a))
    import_file("topics", upload("t.csv", "name\nYouth\n"), dry_run=True)
    import_file("topics", upload("t.csv", "name,slug\nYouth,Not a slug\n"))
    assert calls == []
    outcome = import_file("people", upload("p.csv", "name,aliases\nAigerim Bek,A. Bek\n"))
    assert outcome.ok, messages_of(outcome)
    assert calls == [("default",)]


def test_a_file_with_a_bom_is_read(archive):
    outcome = import_file("topics", upload("t.csv", "\ufeffname,description\nYouth,\n"))
    assert outcome.ok, messages_of(outcome)
    assert Topic.objects.filter(name="Youth").exists()


def test_files_over_the_size_limit_are_refused_before_reading(settings, tmp_path):
    settings.ARCHIVE_IMPORT_MAX_BYTES = 100
    big = tmp_path / "topics.csv"
    big.write_text("name\n" + "A topic\n" * 50)
    outcome = import_file("topics", big)
    assert messages_of(outcome) == [
        "'topics.csv' is 405 bytes; files may be at most 100 bytes (setting "
        "ARCHIVE_IMPORT_MAX_BYTES). Split it into smaller files."
    ]
    assert not Topic.objects.exists()


def test_every_problem_is_listed_and_good_rows_are_not_kept(archive):
    csv = (
        "title,published_on,sessions,people,language\n"
        "Good one,2023-04-27,27,Tokayev,en\n"
        "\n"
        "Bad date,27.13.2023,27,Tokayev,en\n"
        "Bad session,2023-04-27,XL,Tokayev,en\n"
        "Good two,April 2023,32,,ru\n"
        "Bad language,2023,33,,fr\n"
    )
    outcome = import_file("articles", upload("a.csv", csv))
    assert [(p.row, p.column) for p in outcome.errors] == [
        ("row 4", "published_on"),
        ("row 5", "sessions"),
        ("row 7", "language"),
    ]
    assert not Article.objects.exists()


def test_the_whole_import_is_one_transaction(archive, monkeypatch):
    """A failure after the rows were saved (here: while writing links) undoes the rows too."""

    def fail(self, articles):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ArticleResource, "write_related", fail)
    before = counts()
    outcome = import_file("articles", upload("a.csv", "title,sessions\nA,27\nB,32\n"))
    assert messages_of(outcome) == ["The database refused the import: disk full"]
    assert counts() == before


def test_importing_needs_the_publish_permission_to_publish(archive):
    writer = User.objects.create_user("writer")
    writer.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_article", "change_article"])
    )
    csv = "title,status\nDraft,draft\nLive,published\n"
    outcome = import_file("articles", upload("a.csv", csv), user=writer)
    assert messages_of(outcome) == [
        "Row 3 (the header is row 1), column 'status', value 'published': "
        "you may not publish or unpublish articles"
    ]
    editor = User.objects.create_superuser("boss")
    assert import_file("articles", upload("a.csv", csv), user=editor).ok


# --- The commands -------------------------------------------------------------------------------


def test_import_command_fails_with_every_problem_on_stderr(tmp_path, archive):
    bad = tmp_path / "sessions.csv"
    bad.write_text("number,start_date\n40,soon\nXLX,\n41,2020-13-01\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 3 problem"):
        call_command("import_archive", "sessions", str(bad), stderr=err)
    lines = err.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("- Row 2 (the header is row 1), column 'start_date', value 'soon'")
    assert "value 'XLX': is not a session number" in lines[1]
    assert lines[2].startswith("- Row 4 (the header is row 1), column 'start_date'")
    assert not Session.objects.filter(number__gte=40).exists()


def test_import_command_dry_run_and_format_option(tmp_path, archive):
    data = tmp_path / "topics.txt"
    data.write_text("name\nYouth\n")
    out = io.StringIO()
    call_command("import_archive", "topics", str(data), "--format", "csv", "--dry-run", stdout=out)
    assert "Dry run, nothing written: topics would be 1 new" in out.getvalue()
    assert not Topic.objects.filter(name="Youth").exists()
    call_command("import_archive", "topics", str(data), "--format", "csv", stdout=out)
    assert Topic.objects.filter(name="Youth").exists()


def test_export_command_public_download_leaves_drafts_out(tmp_path, archive):
    tokayev = archive["tokayev"]
    public = make_article("Public", slug="public")
    draft = make_draft("Secret draft", slug="secret-draft")
    make_quote(tokayev, public, text="Said in public")
    make_quote(tokayev, public, text="Not yet reviewed", reviewed=False)
    make_quote(tokayev, draft, text="Said in a draft")
    for model_key in ("articles", "quotes"):
        target = tmp_path / f"{model_key}.json"
        call_command(
            "export_archive", model_key, str(target), "--published-only", stderr=io.StringIO()
        )
        text = target.read_text()
        assert "Secret draft" not in text and "Said in a draft" not in text
        assert "Not yet reviewed" not in text
    assert json.loads((tmp_path / "quotes.json").read_text())[0]["text"] == "Said in public"
    everything = tmp_path / "all.csv"
    call_command("export_archive", "articles", str(everything), stderr=io.StringIO())
    assert "Secret draft" in everything.read_text(encoding="utf-8-sig")


# --- Round trip -------------------------------------------------------------------------------


def build_rich_archive():
    s1 = make_session(1, title="", start_date=datetime.date(1995, 1, 1), date_precision="year")
    s27 = make_session(
        27,
        title="Formula of peace and accord: unity and modernization",
        start_date=datetime.date(2019, 4, 1),
        date_precision="month",
        location="Nur-Sultan",
        summary="Line one\r\nline two, “quoted”",
        title_ru="Формула мира и согласия: единство и модернизация",  # no Kazakh motto
    )
    s32 = make_session(
        32, start_date=datetime.date(2023, 4, 26), end_date=datetime.date(2023, 4, 27)
    )
    tokayev = make_person(
        "Kassym-Jomart Tokayev",
        aliases=["K. Tokayev", "Tokayev"],
        role="President",
        featured=True,
        name_ru="Касым-Жомарт Токаев",
        name_kk="Қасым-Жомарт Тоқаев",
    )
    nazarbayev = make_person(
        "Nursultan Nazarbayev", aliases=["Yelbasy"], bio="=cmd|' /C calc'!A0", name_kk="-Назарбаев"
    )
    almaty = make_person("Aigerim Sadykova", slug="aigerim-sadykova-almaty")
    astana = make_person("Aigerim Sadykova", slug="aigerim-sadykova-astana", sort_name="zz")
    source = make_source("The Astana Times", url="https://astanatimes.com")
    topic = make_topic(
        "Interethnic accord",
        description="+ a plus sign first",
        name_ru="Межэтническое согласие",
        name_kk="Этносаралық келісім",
        description_ru="О согласии.\nВторая строка.",
        description_kk="=Келісім туралы.",
    )
    make_topic("Youth", slug="youth-policy")
    a1 = make_article(
        "Unity at the 32nd session",
        sessions=[s32, s1],
        people=[tokayev, almaty],
        topics=[topic],
        source=source,
        source_url="https://astanatimes.com/2023/04/unity",
        lead="-lead starting with a minus",
        body="Tokayev spoke at the 32nd session.\r\n\r\n- a list item\n- @another",
        author="Staff",
        featured=True,
    )
    a2 = make_draft(
        "Черновик о сессии", sessions=[s27], people=[nazarbayev], language="ru", published_on=None,
        date_text="7 June, 15:38", publish_at=SCHEDULED,
    )  # fmt: skip
    make_article("Year only", published_on=datetime.date(2005, 1, 1), date_precision="year")
    make_quote(tokayev, a1, text="Patriotism first.", session=s32, context="@ the plenary")
    make_quote(astana, a1, text="Another voice", reviewed=False, position=3)
    make_quote(nazarbayev, a2, text="Our main asset")
    # detected links must come back from the text alone
    detection.detect_links(Article.objects.all(), matcher=detection.build_matcher())


# The rich archive's draft is scheduled: publish_at goes out and comes back to the second.
SCHEDULED = datetime.datetime(2031, 3, 1, 4, 30, tzinfo=datetime.UTC)


def export_everything(format):
    return {key: render(export_dataset(key), format) for key in ORDER}


def rows_of(files, format):
    return {
        key: (read_dataset(data, format).headers, [list(r) for r in read_dataset(data, format)])
        for key, data in files.items()
    }


def wipe():
    for model in (Quote, Article, Alias, Person, Topic, Source, Session):
        model.objects.all().delete()


@pytest.mark.parametrize("format", ["csv", "xlsx", "json"])
def test_export_then_import_into_an_empty_archive_reproduces_it(format):
    build_rich_archive()
    before_counts = counts()
    before = export_everything(format)
    wipe()
    for key in ORDER:
        outcome = import_file(key, upload(f"{key}.{format}", before[key]))
        assert outcome.ok, (key, messages_of(outcome))
    assert counts() == before_counts
    assert rows_of(export_everything(format), format) == rows_of(before, format)
    article = Article.objects.get(source_url="https://astanatimes.com/2023/04/unity")
    assert article.body == "Tokayev spoke at the 32nd session.\r\n\r\n- a list item\n- @another"
    assert Person.objects.get(name="Nursultan Nazarbayev").bio == "=cmd|' /C calc'!A0"
    assert Article.objects.get(language="ru").status == "draft"
    assert Article.objects.get(language="ru").publish_at == SCHEDULED
    assert Quote.objects.get(text="Another voice").reviewed is False
    assert Session.objects.get(number=27).date_precision == "month"
    # The names in Russian and Kazakh come back, an empty one stays empty (English shows).
    s27 = Session.objects.get(number=27)
    assert (s27.title_ru, s27.title_kk) == ("Формула мира и согласия: единство и модернизация", "")
    tokayev = Person.objects.get(name="Kassym-Jomart Tokayev")
    assert (tokayev.name_ru, tokayev.name_kk) == ("Касым-Жомарт Токаев", "Қасым-Жомарт Тоқаев")
    assert Person.objects.get(name="Nursultan Nazarbayev").name_kk == "-Назарбаев"
    topic = Topic.objects.get(name="Interethnic accord")
    assert (topic.name_ru, topic.name_kk) == ("Межэтническое согласие", "Этносаралық келісім")
    assert (topic.description_ru, topic.description_kk) == (
        "О согласии.\nВторая строка.",
        "=Келісім туралы.",
    )


def test_importing_an_export_again_changes_nothing():
    build_rich_archive()
    before = counts()
    for key, data in export_everything("csv").items():
        outcome = import_file(key, upload(f"{key}.csv", data))
        assert outcome.ok, (key, messages_of(outcome))
        assert outcome.totals["new"] == outcome.totals["updated"] == 0, key
    assert counts() == before


def test_csv_export_neutralises_formulas_for_spreadsheets():
    make_person("Nursultan Nazarbayev", bio='=HYPERLINK("http://evil")')
    text = render(export_dataset("people"), "csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_xlsx_export_stores_formulas_as_plain_text():
    make_person("Nursultan Nazarbayev", bio="=1+2", role="@role")
    book = load_workbook(io.BytesIO(render(export_dataset("people"), "xlsx")))
    sheet = book.active
    headers = [cell.value for cell in sheet[1]]
    bio, role = (sheet.cell(2, headers.index(name) + 1) for name in ("bio", "role"))
    assert (bio.value, bio.data_type, bio.quotePrefix) == ("=1+2", "s", True)
    assert (role.value, role.data_type, role.quotePrefix) == ("@role", "s", True)


# --- Derived data after a bulk import ------------------------------------------------------------


def test_search_finds_imported_articles(archive):
    csv = "title,status,body\nZebracorn festival,published,A zebracorn parade.\n"
    assert import_file("articles", upload("a.csv", csv)).ok
    found = search.search_articles("zebracorn")  # published articles, best first
    assert [a.title for a in found[:5]] == ["Zebracorn festival"]


def test_links_are_detected_in_imported_text(archive):
    csv = "title,status,body\nReport,published,K. Tokayev spoke at the XXVII session.\n"
    assert import_file("articles", upload("a.csv", csv)).ok
    article = Article.objects.get(title="Report")
    assert article.session_links.filter(session__number=27, origin="detected").exists()
    assert article.person_links.filter(person=archive["tokayev"], origin="detected").exists()


# --- The admin ---------------------------------------------------------------------------------

site = django_admin.AdminSite(name="admin")


@django_admin.register(Article, site=site)
class ArticleImportAdmin(ArchiveImportExportMixin, django_admin.ModelAdmin):
    resource_classes = [ArticleResource]
    list_filter = ["status"]


@django_admin.register(Session, site=site)
class SessionImportAdmin(ArchiveImportExportMixin, django_admin.ModelAdmin):
    resource_classes = [SessionResource]


site.register(Job, JobAdmin)  # where an import's job page is
urlpatterns = [path("admin/", site.urls)]

CSV, XLSX, JSON = "0", "1", "2"  # the admin's format choices, in ARCHIVE_FORMATS order


@pytest.fixture
def post_import(run_job):
    """Upload through the Import page and follow its preview job to its page."""

    def post(client, name, content, format=CSV, model="article"):
        data = {"resource": "0", "format": format, "import_file": SimpleUploadedFile(name, content)}
        return run_job(client, reverse(f"admin:archive_{model}_import"), data)

    return post


def confirm_preview(run_job, client, preview):
    url = reverse("admin:archive_article_process_import")
    return run_job(client, url, {"job": preview.context["job"].pk})


@pytest.mark.urls(__name__)
def test_admin_import_previews_then_writes_on_confirmation(
    admin_client, archive, post_import, run_job
):
    response = post_import(admin_client, "a.csv", b"title,sessions\nFrom the admin,XXVII\n")
    assert "Confirm import" in response.content.decode()
    assert not Article.objects.exists()  # a preview only
    response = confirm_preview(run_job, admin_client, response)
    article = Article.objects.get(title="From the admin")
    assert article.sessions.get().number == 27
    assert "Imported articles: 1 new" in response.content.decode()


@pytest.mark.urls(__name__)
def test_admin_import_with_problems_lists_them_all_and_offers_no_confirmation(
    admin_client, archive, post_import
):
    content = b"title,published_on,sessions\nA,31.02.2023,27\nB,2023,99\n"
    response = post_import(admin_client, "a.csv", content)
    page = response.content.decode()
    assert "Confirm import" not in page and not response.context["confirm_url"]
    assert "<td>published_on</td><td>31.02.2023</td>" in page
    assert "there is no session 99" in page
    assert not Article.objects.exists()


@pytest.mark.urls(__name__)
def test_admin_confirmation_writes_nothing_if_the_archive_changed_since_the_preview(
    admin_client, archive, post_import, run_job
):
    response = post_import(admin_client, "a.csv", b"title,sessions\nLate,XXVII\n")
    archive["sessions"][27].delete()  # someone else, between preview and confirmation
    response = confirm_preview(run_job, admin_client, response)
    assert response.context["job"].state == Job.State.FAILED
    page = response.content.decode()
    assert "Nothing was imported: 1 problem(s) found." in page
    assert "there is no session 27" in page
    assert not Article.objects.filter(title="Late").exists()


@pytest.mark.urls(__name__)
def test_admin_import_refuses_big_and_mislabelled_files(
    admin_client, settings, post_import, tmp_path
):
    settings.ARCHIVE_IMPORT_MAX_BYTES = 10
    data = {
        "resource": "0",
        "format": CSV,
        "import_file": SimpleUploadedFile("s.csv", b"number\n27\n28\n"),
    }
    page = admin_client.post(reverse("admin:archive_session_import"), data)
    assert page.status_code == 200  # the form again, with the reason; no job
    assert b"files may be at most 10 bytes" in page.content
    assert not Job.objects.exists() and not list(tmp_path.glob("imports/*"))
    settings.ARCHIVE_IMPORT_MAX_BYTES = 1000
    page = post_import(admin_client, "s.xlsx", b"number\n27\n", XLSX, model="session").content
    assert b"is not an Excel .xlsx workbook" in page
    assert not Session.objects.exists()


@pytest.mark.urls(__name__)
def test_admin_import_needs_add_and_change_permissions(client):
    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="view_session", content_type__app_label="archive")
    )
    client.force_login(viewer)
    assert client.get(reverse("admin:archive_session_import")).status_code == 403
    assert client.get(reverse("admin:archive_session_export")).status_code == 200


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("format", [CSV, XLSX, JSON])
def test_admin_exports_the_filtered_change_list(admin_client, format):
    make_article("Published one")
    make_draft("A draft", body='=WEBSERVICE("http://x")')
    fields = {f"articleresource_{name}": "on" for name in ArticleResource.column_names()}
    url = reverse("admin:archive_article_export") + "?status__exact=draft"
    response = admin_client.post(url, {"resource": "0", "format": format, **fields})
    assert response.status_code == 200
    extension = {CSV: "csv", XLSX: "xlsx", JSON: "json"}[format]
    assert response["Content-Disposition"].endswith(f'.{extension}"')
    dataset = read_dataset(response.content, extension)
    assert [row[dataset.headers.index("title")] for row in dataset] == ["A draft"]
    if format == CSV:
        assert b"'=WEBSERVICE" in response.content


# --- The real admin, once archive/admin.py uses the mixin ---------------------------------------


def test_the_archive_admin_offers_import_and_export_for_every_kind(editor_client):
    from django.contrib.admin import site as archive_site

    import archive.admin  # noqa: F401 - registers the archive's ModelAdmins

    wired = {
        model: model_admin
        for model, model_admin in archive_site._registry.items()
        if isinstance(model_admin, ArchiveImportExportMixin)
    }
    assert set(wired) == {Session, Person, Source, Topic, Article, Quote}
    for model in wired:
        info = (model._meta.app_label, model._meta.model_name)
        for view in ("import", "export"):
            response = editor_client.get(reverse("admin:{}_{}_{}".format(*info, view)))
            assert response.status_code == 200, (model, view)
        changelist = editor_client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert b"/import/" in changelist.content and b"/export/" in changelist.content


def test_an_export_from_before_a_rename_updates_the_renamed_rows():
    build_rich_archive()
    old_export = export_everything("csv")
    before = counts()
    renamed = {
        Article: ("chernovik-o-sessii", "draft-on-the-session"),
        Person: ("aigerim-sadykova-almaty", "aigerim-sadykova-of-almaty"),
        Topic: ("youth-policy", "young-people"),
    }
    for model, (old, new) in renamed.items():
        obj = model.objects.get(slug=old)
        renamed[model] = (obj.pk, new)
        obj.slug = new
        obj.save()

    for key in ORDER:  # quotes name their article by its old slug too
        outcome = import_file(key, upload(f"{key}.csv", old_export[key]))
        assert outcome.ok, (key, messages_of(outcome))
        assert outcome.totals["new"] == 0, key

    assert counts() == before
    for model, (pk, new) in renamed.items():
        assert model.objects.get(pk=pk).slug == new  # the rename stands
    assert Quote.objects.get(text="Our main asset").article.language == "ru"


def test_a_names_column_writes_the_translation_and_an_empty_cell_removes_it():
    tokayev = make_person("Kassym-Jomart Tokayev", name_ru="Токаев", name_kk="Тоқаев")
    rows = "name,name_ru\nKassym-Jomart Tokayev,Касым-Жомарт Токаев\nErlan Karin,\n"
    outcome = import_file("people", upload("people.csv", rows.encode()))
    assert outcome.ok, messages_of(outcome)
    tokayev.refresh_from_db()
    assert (tokayev.name_ru, tokayev.name_kk) == ("Касым-Жомарт Токаев", "Тоқаев")
    rows = "name,name_kk\nKassym-Jomart Tokayev,\n"
    assert import_file("people", upload("people.csv", rows.encode())).ok
    tokayev.refresh_from_db()
    assert (tokayev.name_ru, tokayev.name_kk) == ("Касым-Жомарт Токаев", "")
    assert Person.objects.get(name="Erlan Karin").name_ru == ""
