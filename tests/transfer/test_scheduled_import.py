"""publish_at (scheduled publishing) as a column of the articles file: read in the archive's
time zone or with an offset, written with the offset, refused where it cannot mean anything."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import Permission, User

from archive.models import Article
from archive.transfer import cells
from archive.transfer.cells import CellError
from archive.transfer.pipeline import export_dataset, import_file, render
from tests.factories import make_draft
from tests.transfer.test_import_archive import messages_of, upload

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
AT_9_30 = datetime.datetime(2031, 3, 1, 9, 30, tzinfo=ALMATY)


class TestMoments:
    @pytest.mark.parametrize(
        "cell",
        [
            "2031-03-01 09:30",
            "2031-03-01T09:30:00",
            "2031-03-01T09:30:00+05:00",
            "2031-03-01T04:30:00Z",
            "2031-03-01T11:30+07:00",
            datetime.datetime(2031, 3, 1, 9, 30),  # a spreadsheet's date-and-time cell
        ],
    )
    def test_a_moment_in_any_notation_is_the_same_instant(self, cell):
        assert cells.parse_moment(cell, ALMATY) == AT_9_30

    @pytest.mark.parametrize("cell", ["", "  ", None])
    def test_an_empty_cell_is_no_schedule(self, cell):
        assert cells.parse_moment(cell, ALMATY) is None

    @pytest.mark.parametrize("cell", ["tomorrow", "01/03/2031 9:30", "2031-13-01 09:30"])
    def test_an_unreadable_cell_says_what_would_do(self, cell):
        with pytest.raises(CellError, match=r"expected a date and time such as 2026-03-01 09:30"):
            cells.parse_moment(cell, ALMATY)

    def test_it_is_written_in_the_archive_zone_with_its_offset(self):
        instant = datetime.datetime(2031, 3, 1, 4, 30, tzinfo=datetime.UTC)
        assert cells.format_moment(instant, ALMATY) == "2031-03-01T09:30:00+05:00"
        assert cells.format_moment(None, ALMATY) == ""


@pytest.mark.django_db
def test_a_scheduled_draft_is_imported_and_exported_with_its_time():
    outcome = import_file(
        "articles", upload("a.csv", "title,status,publish_at\nSoon,draft,2031-03-01 09:30\n")
    )
    assert outcome.ok, messages_of(outcome)
    assert Article.objects.get(title="Soon").publish_at == AT_9_30
    exported = render(export_dataset("articles"), "csv").decode("utf-8-sig")
    assert "2031-03-01T09:30:00+05:00" in exported


@pytest.mark.django_db
def test_an_empty_cell_clears_the_schedule():
    article = make_draft("Later", publish_at=AT_9_30)
    outcome = import_file(
        "articles", upload("a.csv", f"slug,title,status,publish_at\n{article.slug},Later,draft,\n")
    )
    assert outcome.ok, messages_of(outcome)
    article.refresh_from_db()
    assert article.publish_at is None


@pytest.mark.django_db
def test_a_published_row_with_a_schedule_is_refused_and_nothing_written():
    csv = "title,status,publish_at\nFine,draft,2031-03-01 09:30\nLive,published,2031-03-01 09:30\n"
    outcome = import_file("articles", upload("a.csv", csv))
    assert messages_of(outcome) == [
        "Row 3 (the header is row 1), column 'publish_at', value '2031-03-01 09:30': only a "
        "draft is published at a time: make its status draft, or leave publish_at empty"
    ]
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_bad_time_names_its_row_and_column():
    outcome = import_file("articles", upload("a.csv", "title,publish_at\nSoon,next week\n"))
    (message,) = messages_of(outcome)
    assert message.startswith("Row 2 (the header is row 1), column 'publish_at', value 'next week'")
    assert "expected a date and time" in message


@pytest.mark.django_db
def test_scheduling_needs_the_publish_permission():
    writer = User.objects.create_user("writer")
    writer.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_article", "change_article"])
    )
    csv = "title,status,publish_at\nSoon,draft,2031-03-01 09:30\n"
    outcome = import_file("articles", upload("a.csv", csv), user=writer)
    assert [m.split(": ", 1)[1] for m in messages_of(outcome)] == [
        "you may not schedule publishing"
    ]
    assert not Article.objects.exists()
