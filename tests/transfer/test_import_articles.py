"""The import_articles command: what an editor sees after importing plain-text files."""

import datetime
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from archive.models import Article, ArticleSession, LinkOrigin, Source, SuppressedLink
from archive.text.articles import parse_article
from tests.factories import make_article, make_person, make_session, make_source

REPO = Path(__file__).resolve().parents[2]
SEED_DIRS = [REPO / "fixtures" / "seeds"]
DEMO_FIXTURE = REPO / "fixtures" / "demo.json"

pytestmark = pytest.mark.django_db


def seeds_dir():
    for folder in SEED_DIRS:
        if len(list(folder.glob("00?_*.txt"))) == 5:
            return folder
    pytest.fail(f"the five seed articles are not in {SEED_DIRS}")


@pytest.fixture
def seeds(tmp_path):
    """A writable copy of the seed folder."""
    folder = tmp_path / "seeds"
    shutil.copytree(seeds_dir(), folder)
    return folder


def seed_file(folder, prefix):
    return next(folder.glob(f"{prefix}_*.txt"))


def run(*args, **options):
    out = StringIO()
    call_command("import_articles", *[str(a) for a in args], stdout=out, **options)
    return out.getvalue()


def write(folder, name, content):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- Creating ----------------------------------------------------------------------------------


def test_import_creates_drafts_with_title_date_byline_and_markdown_body(seeds):
    output = run(seed_file(seeds, "000"), seed_file(seeds, "002"))

    yearless = Article.objects.get(
        title="Assembly of the People of Kazakhstan: A Model of Unity and Harmony"
    )
    assert yearless.status == Article.Status.DRAFT
    assert yearless.language == "en"
    assert yearless.published_on is None
    assert yearless.date_text == "7 June, 15:38"
    assert yearless.author == "Alikhan Assangeldi"
    assert "## Strengthening Unity, Building Progress" in yearless.body
    assert "Share:" not in yearless.body

    dated = Article.objects.get(title="Repatriates Assembly")
    assert dated.published_on == datetime.date(2019, 5, 2)
    assert dated.date_precision == "day"
    assert dated.date_text == ""
    assert dated.slug == "repatriates-assembly"
    assert "created" in output and "2 created" in output


def test_options_set_status_language_and_source(tmp_path):
    path = write(tmp_path, "a.txt", "Бірлік\n\n29.04.2022\n\nМәтін.")
    run(path, status="published", language="kk", source="Kazinform")
    article = Article.objects.get(title="Бірлік")
    assert article.status == Article.Status.PUBLISHED
    assert article.language == "kk"
    assert article.source.name == "Kazinform"
    assert article.published_on == datetime.date(2022, 4, 29)
    assert article.slug == "birlik"  # an ASCII slug: the article's URL works
    assert article.get_absolute_url() == "/articles/birlik/"


LINKING = REPO / "bench" / "data" / "linking"


def test_the_language_is_read_from_the_text_and_the_articles_linked(tmp_path):
    for name in ("ru_session34.txt", "kk_session34.txt"):
        shutil.copy(LINKING / name, tmp_path / name)
    write(tmp_path, "en.txt", "Unity Day\n\nThe XXXIV session of the Assembly met in Astana.")
    tokayev = make_person(name="Kassym-Jomart Tokayev", role="President of Kazakhstan")
    for number in (1, 33, 34):
        make_session(number=number)
    run(tmp_path)
    russian = Article.objects.get(title__startswith="Глава государства выступил")
    kazakh = Article.objects.get(title__startswith="Мемлекет басшысы")
    english = Article.objects.get(title="Unity Day")
    assert (russian.language, kazakh.language, english.language) == ("ru", "kk", "en")
    for article in (russian, kazakh):
        assert sorted(article.sessions.values_list("number", flat=True)) == [1, 33, 34]
        assert list(article.person_links.values_list("person", flat=True)) == [tokayev.pk]
    assert kazakh.published_on == datetime.date(2025, 4, 24)
    assert russian.author == "Алихан Асангельды"
    assert russian.source.name == "пресс-служба Акорды"
    assert kazakh.source.name == "Ақорда баспасөз қызметі"


def test_news_pages_filed_from_a_place_with_a_source_line_or_the_date_in_the_text(tmp_path):
    write(
        tmp_path,
        "ru.txt",
        "Глава государства принял участие в сессии АНК\n\nАстана, 27 апреля 2024 года, 12:40\n\n"
        "Касым-Жомарт Токаев выступил на ХХХІІІ сессии Ассамблеи народа Казахстана.\n\n"
        "«Ассамблея стала школой согласия», — сказал Токаев.\n\nИсточник: Kazinform\n",
    )
    write(
        tmp_path,
        "kk.txt",
        "Ассамблея сессиясы өтті\n\n2024 жылғы 27 сәуірде Астанада Қазақстан халқы "
        "Ассамблеясының XXXIII сессиясы өтті.\n\nТоқаевтың айтуынша, бірлік маңызды.\n\n"
        "Дереккөз: Egemen Qazaqstan\n",
    )
    tokayev = make_person(name="Kassym-Jomart Tokayev", role="President of Kazakhstan")
    make_session(number=33)
    output = run(tmp_path)
    russian, kazakh = Article.objects.get(language="ru"), Article.objects.get(language="kk")
    for article in (russian, kazakh):
        assert article.published_on == datetime.date(2024, 4, 27)
        assert list(article.sessions.values_list("number", flat=True)) == [33]
        assert list(article.person_links.values_list("person", flat=True)) == [tokayev.pk]
    assert (russian.source.name, kazakh.source.name) == ("Kazinform", "Egemen Qazaqstan")
    assert "Источник" not in russian.body and "Дереккөз" not in kazakh.body
    assert "language: Russian" in output and "language: Kazakh" in output
    assert "2024-04-27 (day, read from the first sentence: check it)" in output


def test_the_language_option_still_decides(tmp_path):
    run(
        write(tmp_path, "a.txt", "Сессия\n\nВ Астане прошла XXXIV сессия Ассамблеи."), language="en"
    )
    assert Article.objects.get(title="Сессия").language == "en"


def test_published_imports_are_searchable_and_drafts_are_not(tmp_path, client):
    run(write(tmp_path, "a.txt", "Harmony Draft\n\nThe zebrafinch word appears here."))
    run(write(tmp_path, "b.txt", "Harmony Published\n\nA zebrafinch again."), status="published")
    page = client.get(reverse("archive:search"), {"q": "zebrafinch"}).content.decode()
    assert "Harmony Published" in page
    assert "Harmony Draft" not in page


def test_source_option_reuses_an_existing_source_whatever_the_case(tmp_path):
    existing = make_source("Kazinform")
    run(write(tmp_path, "a.txt", "Title\n\nText."), source="KAZINFORM")
    assert Article.objects.get().source == existing
    assert Source.objects.count() == 1


def test_source_read_from_the_newsletter_line_when_not_given(seeds):
    output = run(seed_file(seeds, "004"))
    article = Article.objects.get()
    assert article.source.name == "The Astana Times"
    assert "new source “The Astana Times”" in output
    assert "*Photo:* Kassym-Jomart Tokayev at the APK plenary session on April 27." in article.body
    assert "Get The Astana Times stories" not in article.body


def test_source_read_from_the_text_does_not_replace_the_editors_choice(seeds):
    path = seed_file(seeds, "004")
    run(path)
    chosen = make_source("Akorda press service")
    Article.objects.update(source=chosen)
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    assert "updated" in run(path)
    assert Article.objects.get().source == chosen
    run(path, source="Kazinform")  # an explicit --source does apply
    assert Article.objects.get().source.name == "Kazinform"


def test_no_source_when_the_text_names_none(seeds):
    run(seed_file(seeds, "002"))
    assert Article.objects.get().source is None


# --- Importing again ---------------------------------------------------------------------------


def test_importing_the_same_files_twice_creates_nothing_new(seeds):
    run(seeds)
    first = {a.slug: (a.pk, a.body, a.updated_at) for a in Article.objects.all()}
    output = run(seeds)
    assert Article.objects.count() == 5
    assert {a.slug: (a.pk, a.body, a.updated_at) for a in Article.objects.all()} == first
    assert "5 unchanged" in output
    assert output.count("same text as the archive") == 5


def test_changed_file_updates_the_article_but_keeps_the_editors_choices(tmp_path):
    path = write(tmp_path, "a.txt", "Unity Day\n\n7 June, 15:38 2250\n\nFirst version.")
    run(path)
    article = Article.objects.get()
    # An editor publishes it and completes the date the text left without a year.
    Article.objects.filter(pk=article.pk).update(
        status="published", published_on=datetime.date(2024, 6, 7), featured=True
    )
    write(tmp_path, "a.txt", "Unity Day\n\n7 June, 15:38 2301\n\nSecond version.")

    output = run(path)

    article.refresh_from_db()
    assert "updated" in output
    assert article.body == "Second version.\n"
    assert article.status == "published" and article.featured
    assert article.published_on == datetime.date(2024, 6, 7)
    assert Article.objects.count() == 1


def test_existing_article_found_by_title_when_its_slug_differs(tmp_path):
    existing = make_article("Repatriates Assembly", slug="repatriates", body="Old.")
    run(write(tmp_path, "a.txt", "Repatriates Assembly\n\n02.05.2019\n\nNew text."))
    existing.refresh_from_db()
    assert Article.objects.count() == 1
    assert existing.body == "New text.\n"
    assert existing.published_on == datetime.date(2019, 5, 2)


def test_two_files_with_the_same_title_in_one_run(tmp_path):
    write(tmp_path, "a.txt", "Same Title\n\nOne.")
    write(tmp_path, "b.txt", "Same title\n\nTwo.")
    output = run(tmp_path)
    assert Article.objects.get().body == "One.\n"
    assert f"same title as {tmp_path / 'a.txt'}" in output


# --- Dry run -----------------------------------------------------------------------------------


def test_dry_run_writes_nothing_and_says_what_it_would_do(seeds):
    make_session(33)
    make_person("Kassym-Jomart Tokayev", aliases=["Tokayev"])
    output = run(seeds, dry_run=True)
    assert Article.objects.count() == 0
    assert Source.objects.count() == 0
    assert output.count("would create") == 5
    assert "would link: sessions 33" in output
    assert "Kassym-Jomart Tokayev" in output
    assert "Dry run, nothing written: 5 to create." in output


def test_dry_run_reports_updates_and_unchanged(seeds):
    run(seed_file(seeds, "002"))
    path = seed_file(seeds, "000")
    run(path)
    path.write_text(path.read_text(encoding="utf-8") + "\n\nOne more paragraph.\n", "utf-8")
    before = Article.objects.get(title__startswith="Assembly of the People").body
    output = run(seeds, dry_run=True)
    assert "would update" in output and "unchanged" in output
    assert Article.objects.get(title__startswith="Assembly of the People").body == before
    # A new --source would change every article, and is not created either.
    output = run(seed_file(seeds, "002"), dry_run=True, source="Kazinform")
    assert "would update" in output and "new source “Kazinform”" in output
    assert not Source.objects.filter(name="Kazinform").exists()
    assert Article.objects.get(title="Repatriates Assembly").source is None


# --- Files that are not articles ---------------------------------------------------------------


def test_non_utf8_file_is_skipped_with_its_line_and_the_others_imported(tmp_path):
    write(tmp_path, "good.txt", "Good Title\n\nText.")
    write(tmp_path, "latin.txt", "Title\n\nCaf\xe9 text.".encode("latin-1"))
    output = run(tmp_path)
    assert Article.objects.get().title == "Good Title"
    assert f"skipped      {tmp_path / 'latin.txt'}: not UTF-8 (byte 0xe9 on line 3)" in output
    assert "1 created, 1 skipped" in output


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("", "empty file"),
        (" \n\u00a0\n", "empty file"),
        ("02.05.2019 2066\n\nText.", "no title: the file starts with a date line"),
    ],
)
def test_files_without_an_article_are_skipped(tmp_path, content, reason):
    output = run(write(tmp_path, "x.txt", content))
    assert Article.objects.count() == 0
    assert "skipped" in output and reason in output


def test_folders_are_walked_for_txt_files_only(tmp_path):
    write(tmp_path, "one.txt", "One\n\nText.")
    write(tmp_path, "nested/deeper/two.TXT", "Two\n\nText.")
    write(tmp_path, "notes.md", "Not an article\n\nText.")
    write(tmp_path, ".hidden/three.txt", "Three\n\nText.")
    output = run(tmp_path, tmp_path / "one.txt")  # named twice: imported once
    assert sorted(Article.objects.values_list("title", flat=True)) == ["One", "Two"]
    assert "2 created" in output


def test_missing_path_is_an_error_before_anything_is_written(tmp_path):
    write(tmp_path, "one.txt", "One\n\nText.")
    with pytest.raises(CommandError, match=r"nowhere\.txt: no such file or folder"):
        run(tmp_path / "one.txt", tmp_path / "nowhere.txt")
    assert Article.objects.count() == 0


def test_command_exits_non_zero_naming_the_file(tmp_path):
    missing = tmp_path / "missing.txt"
    result = subprocess.run(
        [sys.executable, "manage.py", "import_articles", str(missing)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 1
    assert f"{missing}: no such file or folder" in result.stderr


# --- One transaction ---------------------------------------------------------------------------


def test_a_bad_file_stops_the_whole_run_and_names_the_line(tmp_path):
    write(tmp_path, "a_good.txt", "Good Title\n\n29.04.2022\n\nText.")
    bad = write(tmp_path, "b_bad.txt", "Bad Title\n\n\n31.02.2019 2066\n\nText.")
    with pytest.raises(CommandError) as error:
        run(tmp_path, source="New Source")
    assert f"{bad}:4:" in str(error.value)
    assert "not a real date" in str(error.value)
    assert Article.objects.count() == 0
    assert Source.objects.count() == 0


def test_failure_while_writing_rolls_back_every_file(tmp_path, monkeypatch):
    from archive.transfer import plain_text

    write(tmp_path, "a.txt", "First\n\nText.")
    write(tmp_path, "b.txt", "Second\n\nText.")

    def broken(*args, **kwargs):
        raise RuntimeError("linking failed")

    monkeypatch.setattr(plain_text, "detect_links", broken)
    with pytest.raises(RuntimeError):
        run(tmp_path, source="Kazinform")
    assert Article.objects.count() == 0
    assert Source.objects.count() == 0


def test_an_import_tells_the_page_cache_once_a_dry_run_does_not(tmp_path, monkeypatch):
    from archive.transfer import plain_text

    calls = []
    monkeypatch.setattr(plain_text, "content_changed", lambda *a, **k: calls.append(a))
    write(tmp_path, "a.txt", "First\n\nText.")
    write(tmp_path, "b.txt", "Second\n\nText.")
    run(tmp_path, "--dry-run")
    assert calls == []
    run(tmp_path)
    assert calls == [()]


# --- Links -------------------------------------------------------------------------------------


@pytest.fixture
def demo_people_and_sessions():
    sessions = {n: make_session(n) for n in (27, 32, 33)}
    tokayev = make_person(
        "Kassym-Jomart Tokayev", aliases=["Tokayev", "K. Tokayev", "Kassym-Zhomart Tokayev"]
    )
    return sessions, tokayev


def test_sessions_and_people_are_linked_after_import(seeds, demo_people_and_sessions):
    _, tokayev = demo_people_and_sessions
    output = run(seeds)
    by_title = {a.title: a for a in Article.objects.all()}
    dated = by_title["Repatriates Assembly"]
    assert list(dated.sessions.values_list("number", flat=True)) == [27]
    unity = by_title["Assembly of the People of Kazakhstan: A Model of Unity and Harmony"]
    assert 33 in unity.sessions.values_list("number", flat=True)
    assert tokayev in unity.people.all()
    assert {link.origin for link in ArticleSession.objects.all()} == {LinkOrigin.DETECTED}
    assert "links: sessions 27" in output


def test_reimport_does_not_bring_back_a_link_an_editor_removed(seeds, demo_people_and_sessions):
    sessions, _ = demo_people_and_sessions
    path = seed_file(seeds, "002")
    run(path)
    article = Article.objects.get()
    article.session_links.all().delete()
    SuppressedLink.objects.create(article=article, session=sessions[27])
    path.write_text(path.read_text(encoding="utf-8") + "\nA new closing line.\n", "utf-8")
    assert "updated" in run(path)
    assert not article.sessions.exists()


# --- The demo fixtures agree with the importer -------------------------------------------------


def _detected_links(article):
    """Sessions and people linked by detection; links an editor added are not in the text."""
    detected = LinkOrigin.DETECTED
    return (
        sorted(
            article.session_links.filter(origin=detected).values_list("session__number", flat=True)
        ),
        sorted(article.person_links.filter(origin=detected).values_list("person__slug", flat=True)),
    )


def test_importing_the_seeds_gives_the_demo_fixture_articles():
    if not DEMO_FIXTURE.exists():
        pytest.fail("fixtures/demo.json is missing")
    folder = seeds_dir()
    call_command("loaddata", str(DEMO_FIXTURE), verbosity=0)
    expected = {a.title: a for a in Article.objects.select_related("source")}
    expected_links = {title: _detected_links(a) for title, a in expected.items()}
    Article.objects.all().delete()

    run(folder)

    imported = {a.title: a for a in Article.objects.select_related("source")}
    parsed = {p.title: p for p in map(parse_seed, sorted(folder.glob("*.txt")))}
    assert set(imported) == set(parsed)
    assert not set(imported) - set(expected), "seed titles missing from the fixture"
    for title, article in imported.items():
        fixture = expected[title]
        assert _detected_links(article) == expected_links[title], f"links differ: {title!r}"
        assert article.lead == fixture.lead, title
        assert article.body == fixture.body, title
        assert article.author == fixture.author, title
        assert article.source == fixture.source, title

    full_dates = [t for t, p in parsed.items() if p.date is not None]
    partial_or_none = [t for t, p in parsed.items() if p.date is None]
    assert full_dates and partial_or_none  # the seeds have both kinds
    for title in full_dates:
        fixture = expected[title]
        assert imported[title].published_on == fixture.published_on == parsed[title].date
        assert imported[title].date_precision == fixture.date_precision
    for title in partial_or_none:
        # No full date in the text: the importer invents none and keeps what was printed.
        assert imported[title].published_on is None, title
        assert imported[title].date_text == parsed[title].date_text, title
    yearless = [t for t in partial_or_none if parsed[t].date_text]
    assert yearless, "seed 000 has a date line without a year"
    for title in yearless:
        assert expected[title].date_text == imported[title].date_text, title


def parse_seed(path):
    return parse_article(path.read_text(encoding="utf-8"))
