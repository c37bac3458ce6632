"""The long commands say how far they are: a redrawn bar on a terminal, plain lines in a log
(archive/management/progress.py)."""

import io

import pytest
from django.core.management import call_command

from archive.management.progress import Progress
from archive.models import Article
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    def isatty(self):
        return True


def lines(out):
    return [line for line in out.getvalue().splitlines() if line]


def test_in_a_log_each_phase_gets_a_line_every_tenth_of_the_way():
    out = io.StringIO()
    with Progress(out) as progress:
        for done in range(0, 1001, 50):
            progress("checking", done, 1000)
        progress("indexing", 3, 3)
    written = [line.rsplit(" ", 1)[0] for line in lines(out)]  # without the seconds
    assert written == [
        "checking: 0 of 1,000 (0%)",
        *[f"checking: {n:,} of 1,000 ({n // 10}%)" for n in range(100, 1001, 100)],
        "indexing: 3 of 3 (100%)",
    ]
    assert "\r" not in out.getvalue()


def test_on_a_terminal_the_bar_is_redrawn_in_place():
    out = Terminal()
    with Progress(out) as progress:
        for done in range(0, 1001, 250):
            progress("writing", done, 1000)
    text = out.getvalue()
    assert "\r" in text and "writing: 100%" in text and "1000/1000" in text


def test_import_archive_reports_the_rows_and_the_derived_work(tmp_path):
    make_person("Aigerim Nurlanova")
    data = tmp_path / "articles.csv"
    rows = [f"Report {n},2020-01-02,published,Aigerim Nurlanova spoke." for n in range(450)]
    data.write_text("title,published_on,status,body\n" + "\n".join(rows) + "\n")
    out = io.StringIO()
    call_command("import_archive", "articles", str(data), stdout=out)
    text = out.getvalue()
    assert "checking: 200 of 450 (44%)" in text  # every row is checked before any is written
    assert "writing: 450 of 450 (100%)" in text
    assert "linking: 450 of 450 (100%)" in text
    assert "indexing: 450 of 450 (100%)" in text
    assert lines(out)[-1] == "Imported articles: 450 new, 0 updated, 0 unchanged."


def test_import_articles_reports_reading_writing_and_linking(tmp_path):
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(f"Report number {n}\n\n12 March 2019\n\nText {n}.\n")
    out = io.StringIO()
    call_command("import_articles", str(tmp_path), stdout=out)
    text = out.getvalue()
    for phase in ("reading", "writing", "linking"):
        assert f"{phase}: 3 of 3 (100%)" in text
    assert Article.objects.count() == 3


def test_rebuild_search_index_now_reports_what_it_indexed():
    make_article("One"), make_article("Two")
    out = io.StringIO()
    call_command("rebuild_search_index", "--now", stdout=out)
    assert any(line.startswith("indexing: ") and "(100%)" in line for line in lines(out))


def test_generate_corpus_reports_generating_then_indexing():
    out = io.StringIO()
    call_command(
        "generate_corpus", "--articles", "40", "--people", "30", "--batch", "10", stdout=out
    )
    text = out.getvalue()
    assert "generating: 10 of 40 (25%)" in text and "generating: 40 of 40 (100%)" in text
    assert "indexing: " in text


def test_export_archive_reports_on_standard_error_only(tmp_path):
    for n in range(5):
        make_article(f"Exported {n}")
    out, err = io.StringIO(), io.StringIO()
    call_command("export_archive", "articles", "-", stdout=out, stderr=err)
    assert "exporting: 5 of 5 (100%)" in err.getvalue()
