"""The `positions` column of the people file: offices held, written and read back."""

import datetime
import io
import re

import pytest

from archive.models import Person, Position
from archive.transfer.cells import CellError, format_position, parse_position
from archive.transfer.pipeline import export_dataset, import_file, render
from tests.factories import make_person, make_position

D = datetime.date


# --- One position in a cell (pure) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("President of Kazakhstan", ("President of Kazakhstan", "", None, None)),
        (
            "President of Kazakhstan (2019-03-20 – )",
            ("President of Kazakhstan", "", D(2019, 3, 20), None),
        ),
        (
            "Chairman; Senate of Kazakhstan (11.01.2007 - April 2011)",
            ("Chairman", "Senate of Kazakhstan", D(2007, 1, 11), D(2011, 4, 1)),
        ),
        ("Deputy ; APK (—2005)", ("Deputy", "APK", None, D(2005, 1, 1))),
        ("Chairman (acting)", ("Chairman (acting)", "", None, None)),
        (
            "Member; Nur Otan (later Amanat – )",
            ("Member", "Nur Otan (later Amanat – )", None, None),
        ),
    ],
)
def test_a_position_is_read_from_its_cell_and_written_back_the_same(text, position):
    assert parse_position(text) == position
    assert parse_position(format_position(position)) == position


def test_positions_are_written_as_the_documentation_shows():
    assert format_position(("Chairman", "Senate of Kazakhstan", D(2007, 1, 11), None)) == (
        "Chairman; Senate of Kazakhstan (2007-01-11 – )"
    )
    assert format_position(("Chairman (acting)", "", None, None)) == "Chairman (acting) ( – )"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("; Senate (2007 – 2011)", "a position needs a title"),
        ("Chairman (2011 – 2007)", "ends before it starts"),
        ("Chairman (31.02.2007 – )", "'31.02.2007' is not a real date"),
        ("Chairman (2007 – 20II)", "'20II' cannot read this as a date"),
        ("x" * 301, "at most 300 fit"),
    ],
)
def test_a_position_that_cannot_be_read_says_why(text, says):
    with pytest.raises(CellError, match=says):
        parse_position(text)


# --- Through the import ------------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


def people_file(text):
    upload = io.BytesIO(text.encode("utf-8"))
    upload.name = "people.csv"
    return upload


def positions_of(name):
    person = Person.objects.get(name=name)
    return sorted(
        (p.title, p.organisation, p.start_date, p.end_date) for p in person.positions.all()
    )


@pytestmark_db
def test_the_positions_of_a_row_become_the_persons_positions():
    person = make_person("Kassym-Jomart Tokayev")
    kept = make_position(person, "Chairman", organisation="Senate", start_date=D(2007, 1, 11))
    make_position(person, "Prime Minister")  # not in the file: removed
    outcome = import_file(
        "people",
        people_file(
            "name,positions\n"
            'Kassym-Jomart Tokayev,"Chairman; Senate (2007-01-11 – )|'
            'President of Kazakhstan (2019-03-20 – )"\n'
            "Aida Balayeva,Deputy Chief of Staff (2019 – 2022)\n"
        ),
    )
    assert outcome.ok, [str(e) for e in outcome.errors]
    assert positions_of("Kassym-Jomart Tokayev") == [
        ("Chairman", "Senate", D(2007, 1, 11), None),
        ("President of Kazakhstan", "", D(2019, 3, 20), None),
    ]
    assert Position.objects.filter(pk=kept.pk).exists()  # the same one, not a copy
    assert positions_of("Aida Balayeva") == [
        ("Deputy Chief of Staff", "", D(2019, 1, 1), D(2022, 1, 1))
    ]


@pytestmark_db
def test_exported_people_import_again_unchanged_and_without_the_column_nothing_changes():
    person = make_person("Kassym-Jomart Tokayev")
    make_position(person, "President of Kazakhstan", start_date=D(2019, 3, 20))
    make_position(person, "Chairman (acting)")
    exported = render(export_dataset("people"), "csv")
    outcome = import_file("people", people_file(exported.decode("utf-8-sig")))
    assert outcome.ok and outcome.totals == {"new": 0, "updated": 0, "unchanged": 1}

    outcome = import_file("people", people_file("name,role\nKassym-Jomart Tokayev,President\n"))
    assert outcome.ok and outcome.totals["updated"] == 1
    assert len(positions_of("Kassym-Jomart Tokayev")) == 2  # no column: left as they are


@pytestmark_db
def test_an_unreadable_position_names_its_row_and_nothing_is_written():
    make_person("Kassym-Jomart Tokayev")
    outcome = import_file(
        "people",
        people_file(
            "name,positions\n"
            "Aida Balayeva,Deputy Chief of Staff (2019 – )\n"
            "Kassym-Jomart Tokayev,President of Kazakhstan (2019-03-20 – 2019-02-01)\n"
        ),
    )
    assert not outcome.ok
    assert [str(e) for e in outcome.errors] == [
        "Row 3 (the header is row 1), column 'positions', value 'President of Kazakhstan "
        "(2019-03-20 – 2019-02-01)': the position ends before it starts"
    ]
    assert not Person.objects.filter(name="Aida Balayeva").exists()
    assert not Position.objects.exists()


@pytestmark_db
def test_an_editor_imports_positions_in_the_admin(editor_client, run_job):
    from django.core.files.uploadedfile import SimpleUploadedFile

    person = make_person("Kassym-Jomart Tokayev")
    make_position(person, "Prime Minister", start_date=D(1999, 10, 1))
    content = b"name,positions\nKassym-Jomart Tokayev,President of Kazakhstan (2019-03-20 - )\n"
    preview = run_job(
        editor_client,
        "/admin/archive/person/import/",
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("p.csv", content)},
    )
    page = " ".join(preview.content.decode().split())
    assert "the file has 1 row(s): 0 new, 1 to update, 0 unchanged." in page
    # The positions cell, diffed letter by letter: what goes and what comes.
    assert re.search(r"<del[^>]*>ime Minister \(1999-10-01</del>", page)
    assert re.search(r"<ins[^>]*>esident of Kazakhstan \(2019-03-20</ins>", page)
    assert "style=" not in page  # the diff is styled by the stylesheet (CSP: no inline style)
    # What would be lost is said first.
    assert "person &#x27;Kassym-Jomart Tokayev&#x27; would lose 1 position(s)" in page
    job = preview.context["job"].pk
    run_job(editor_client, "/admin/archive/person/process_import/", {"job": job})
    assert positions_of("Kassym-Jomart Tokayev") == [
        ("President of Kazakhstan", "", D(2019, 3, 20), None)
    ]
