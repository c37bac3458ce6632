"""A stored upload is read a row at a time (archive.transfer.reading.StoredRows) rather than
whole: an editor gets the same rows, row numbers and messages as from the file in memory."""

import pytest

from archive.transfer.reading import ImportFileError, open_dataset, read_dataset
from tests.transfer.test_cells import _xlsx

FILES = {
    "plain": ("csv", b"name,url\nAkorda,https://akorda.kz\n\nSenate,\n"),
    "bom and semicolons": ("csv", "\ufeffname;url\nАқорда;x\n".encode()),
    "a formula kept as text": ("csv", b"name\n'=1+1\n"),
    "quoted newline": ("csv", b'name,url\n"Two\nlines",x\n'),
    "not utf-8": ("csv", b"name\nok\nbad \xff here\n"),
    "utf-16": ("csv", "name\nx\n".encode("utf-16")),
    "nul": ("csv", b"name\nA\x00B\n"),
    "bad quote": ("csv", b'name,url\n"A"B,x\n'),
    "too many cells": ("csv", b"name,url\nA,x\nB,y,z\n"),
    "blank first row": ("csv", b"\nname\nA\n"),
    "blank": ("csv", b"  \n"),
    "workbook named csv": ("csv", _xlsx([["name"], ["A"]])),
    "text named xlsx": ("xlsx", b"name\nA\n"),
    "workbook": ("xlsx", _xlsx([["name", "url"], ["Akorda", "x"], [None, None], ["Senate"]])),
    "json": ("json", b'[{"name": "Akorda"}]'),
}


def _read(reader):
    try:
        dataset = reader()
    except ImportFileError as error:
        return str(error)
    return dataset.headers, [list(row) for row in dataset], list(dataset.row_labels)


@pytest.mark.parametrize("case", FILES)
def test_a_stored_file_reads_as_the_same_file_in_memory(tmp_path, settings, case):
    settings.ARCHIVE_IMPORT_MAX_BYTES = 10_000_000
    format, data = FILES[case]
    path = tmp_path / f"upload.{format}"
    path.write_bytes(data)
    in_memory = _read(lambda: read_dataset(data, format, "a.csv"))
    stored = _read(lambda: open_dataset(path, format, "a.csv"))
    assert stored == in_memory


def test_each_pass_over_a_stored_file_reads_every_row_again(tmp_path, settings):
    settings.ARCHIVE_IMPORT_MAX_BYTES = 10_000_000
    path = tmp_path / "a.csv"
    path.write_text("name\n" + "".join(f"Source {n}\n" for n in range(5000)))
    dataset = open_dataset(path, "csv", "a.csv")
    assert len(dataset) == 5000
    first, second = list(dataset), list(dataset)
    assert first == second and first[-1] == ["Source 4999"]
    assert dataset.row_labels[-1] == "row 5001"
