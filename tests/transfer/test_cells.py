"""Reading cells and files for bulk import: plain functions, no database."""

import datetime
import io
import json

import pytest
from openpyxl import Workbook

from archive.transfer import cells
from archive.transfer.cells import CellError
from archive.transfer.columns import Problem
from archive.transfer.pipeline import ImportFileError, format_for, read_dataset, render


class TestDates:
    @pytest.mark.parametrize(
        ("text", "expected", "precision"),
        [
            ("2023-04-27", datetime.date(2023, 4, 27), "day"),
            ("27.04.2023", datetime.date(2023, 4, 27), "day"),
            ("April 27, 2023", datetime.date(2023, 4, 27), "day"),
            ("27 April 2023", datetime.date(2023, 4, 27), "day"),
            ("Apr 27th 2023", datetime.date(2023, 4, 27), "day"),
            ("2023-04-27 00:00:00", datetime.date(2023, 4, 27), "day"),  # a spreadsheet date
            ("April 2023", datetime.date(2023, 4, 1), "month"),
            ("2023-04", datetime.date(2023, 4, 1), "month"),
            ("2005", datetime.date(2005, 1, 1), "year"),
            ("  june   1995 ", datetime.date(1995, 6, 1), "month"),
        ],
    )
    def test_notations_people_write(self, text, expected, precision):
        assert cells.parse_partial_date(text) == (expected, precision)

    def test_empty_cell_is_an_unknown_date(self):
        assert cells.parse_partial_date("") == (None, None)
        assert cells.parse_partial_date(None) == (None, None)

    @pytest.mark.parametrize(
        ("text", "says"),
        [
            ("31.02.2023", "not a real date"),
            ("Aprill 2023", "'aprill' is not a month name"),
            ("27/04/2023", "2023-04-27"),  # ambiguous: the message shows what is accepted
            ("1850", "before 1900"),
            ("soon", "cannot read this as a date"),
        ],
    )
    def test_what_is_refused_says_why(self, text, says):
        with pytest.raises(CellError, match=says):
            cells.parse_partial_date(text)


def test_lists_split_on_bars_and_drop_blanks():
    assert cells.split_list(" 27 | XXXII||33rd ") == ["27", "XXXII", "33rd"]
    assert cells.split_list("") == []
    assert cells.join_list([27, 32]) == "27|32"


@pytest.mark.parametrize(
    ("text", "value"), [("yes", True), ("No", False), ("1", True), ("", False)]
)
def test_yes_no_cells(text, value):
    assert cells.parse_bool(text) is value


def test_a_flag_that_is_neither_yes_nor_no_is_refused():
    with pytest.raises(CellError, match="yes or no"):
        cells.parse_bool("maybe")


def test_choices_by_code_or_label_in_any_case():
    choices = [("kk", "Kazakh"), ("ru", "Russian")]
    assert cells.parse_choice("KAZAKH", choices) == "kk"
    assert cells.parse_choice("ru", choices) == "ru"
    assert cells.parse_choice("", choices, default="kk") == "kk"
    with pytest.raises(CellError, match="one of: kk, ru"):
        cells.parse_choice("fr", choices)


@pytest.mark.parametrize("text", ["=1+1", "+7 701", "-5", "@SUM(A1)", "\tx", "'=already"])
def test_formula_cells_are_neutralised_and_restored(text):
    assert not cells.neutralise(text).startswith(("=", "+", "-", "@", "\t"))
    assert cells.unneutralise(cells.neutralise(text)) == text


def test_plain_text_is_left_alone_by_neutralise():
    assert cells.neutralise("Tokayev") == "Tokayev"
    assert cells.unneutralise("'quoted'") == "'quoted'"


def test_headers_match_ignoring_case_and_spacing():
    assert cells.normalise_header(" Published On ") == "published_on"
    assert cells.normalise_header("source-url") == "source_url"


def test_spreadsheet_numbers_and_dates_become_text():
    assert cells.as_text(27.0) == "27"
    assert cells.as_text(datetime.datetime(2023, 4, 27)) == "2023-04-27"
    assert cells.as_text(True) == "yes"
    assert cells.as_text(["27", 32]) == "27|32"


# --- Files -------------------------------------------------------------------------------------


def test_csv_rows_are_numbered_as_in_a_spreadsheet_even_after_blank_rows():
    data = b"name,url\nAkorda,\n\n,\nKazinform,\n"
    dataset = read_dataset(data, "csv", "sources.csv")
    assert dataset.headers == ["name", "url"]
    assert [row[0] for row in dataset] == ["Akorda", "Kazinform"]
    assert dataset.row_labels == ["row 2", "row 5"]


def test_utf8_bom_is_accepted():
    dataset = read_dataset("\ufeffname\nАқорда\n".encode(), "csv", "s.csv")
    assert dataset.headers == ["name"] and dataset[0][0] == "Ақорда"


def test_text_that_is_not_utf8_names_the_line_of_the_bad_byte():
    data = "name\nAkorda\nCaf\u00e9\n".encode("latin-1")
    with pytest.raises(ImportFileError, match=r"not UTF-8 .*byte 0xe9 on line 3.*CSV UTF-8"):
        read_dataset(data, "csv", "s.csv")


def test_utf16_text_from_excel_is_refused_with_advice():
    with pytest.raises(ImportFileError, match=r"UTF-16.*CSV UTF-8"):
        read_dataset("name\nAkorda\n".encode("utf-16"), "csv", "s.csv")


def test_semicolon_csv_from_a_european_spreadsheet_is_read():
    dataset = read_dataset(b"name;url\nAkorda;https://akorda.kz\n", "csv", "s.csv")
    assert list(dataset[0]) == ["Akorda", "https://akorda.kz"]


def test_a_row_longer_than_the_header_is_refused():
    with pytest.raises(ImportFileError, match=r"row 3 .* has 3 cells but the header has 2"):
        read_dataset(b"name,url\nA,\nB,x,oops\n", "csv", "s.csv")


@pytest.mark.parametrize("data", [b"", b"  \n\n", b",,\n"])
def test_empty_files_are_refused(data):
    with pytest.raises(ImportFileError, match="empty"):
        read_dataset(data, "csv", "s.csv")


def _xlsx(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_cells_are_read_as_text():
    data = _xlsx([["number", "start_date"], [27, datetime.datetime(2019, 4, 29)], [None, None]])
    dataset = read_dataset(data, "xlsx", "sessions.xlsx")
    assert list(dataset[0]) == ["27", "2019-04-29"]
    assert len(dataset) == 1


def test_a_csv_file_named_xlsx_is_recognised():
    with pytest.raises(ImportFileError, match=r"'s\.xlsx' is not an Excel \.xlsx workbook.*CSV"):
        read_dataset(b"name\nAkorda\n", "xlsx", "s.xlsx")


def test_a_workbook_named_csv_is_recognised():
    with pytest.raises(ImportFileError, match=r"is a spreadsheet workbook \(\.xlsx\)"):
        read_dataset(_xlsx([["name"], ["Akorda"]]), "csv", "s.csv")


def test_json_lists_of_names_become_bar_separated_cells():
    data = json.dumps([{"title": "A", "sessions": ["27", 32]}, {"title": "B"}]).encode()
    dataset = read_dataset(data, "json", "a.json")
    assert dataset.headers == ["title", "sessions"]
    assert [list(row) for row in dataset] == [["A", "27|32"], ["B", ""]]
    assert dataset.row_labels == ["item 1", "item 2"]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"[{'title': 1}]", "not valid JSON.*line 1"),
        (b'{"title": "A"}', "list of objects"),
        (b"[]", "empty list"),
        (b'[{"title": {"en": "A"}}]', "nested data"),
    ],
)
def test_json_that_is_not_a_list_of_rows_is_refused(data, says):
    with pytest.raises(ImportFileError, match=says):
        read_dataset(data, "json", "a.json")


def test_format_comes_from_the_extension_unless_given():
    assert format_for("People.XLSX") == "xlsx"
    assert format_for("people.txt", "csv") == "csv"
    with pytest.raises(ImportFileError, match="--format"):
        format_for("people.txt")


def test_rendered_files_read_back_the_same(tmp_path):
    import tablib

    dataset = tablib.Dataset(["=1+1", "Ақорда\r\nline"], ["-x", ""], headers=["name", "bio"])
    for format in ("csv", "xlsx", "json"):
        again = read_dataset(render(dataset, format), format, f"p.{format}")
        assert [list(r) for r in again] == [list(r) for r in dataset], format


def test_problem_messages_say_where_in_spreadsheet_terms():
    problem = Problem("is not a real date", "row 4", "published_on", "31.02.2023")
    assert str(problem) == (
        "Row 4 (the header is row 1), column 'published_on', value '31.02.2023': is not a real date"
    )
    assert str(Problem("bad", "item 2")).startswith("Item 2 (the first object is item 1)")
    assert str(Problem("the file is empty")) == "The file is empty"
