"""Comparing two versions of a text for the admin's history: lines, then words."""

from archive.text.diffing import DiffLine, Piece, diff_text, diff_words


def test_the_same_text_has_no_differences():
    assert diff_text("One.\nTwo.", "One.\nTwo.") == []


def test_a_changed_word_is_marked_not_its_whole_line():
    assert diff_words("The 27th session met", "The 28th session met") == (
        Piece("same", "The "),
        Piece("removed", "27th"),
        Piece("added", "28th"),
        Piece("same", " session met"),
    )


def test_added_and_removed_lines_are_whole_lines():
    lines = diff_text("Intro.\nOld paragraph.\nEnd.", "Intro.\nEnd.\nNew paragraph.")
    assert [line.kind for line in lines] == ["same", "removed", "same", "added"]
    assert lines[1] == DiffLine("removed", (Piece("removed", "Old paragraph."),))
    assert lines[3] == DiffLine("added", (Piece("added", "New paragraph."),))


def test_long_unchanged_runs_fold_into_a_gap_with_context_around_changes():
    old = "\n".join(f"line {n}" for n in range(1, 21))
    new = old.replace("line 10", "line ten")
    lines = diff_text(old, new)
    kinds = [line.kind for line in lines]
    assert kinds == ["gap", "same", "same", "changed", "same", "same", "gap"]
    assert [line.skipped for line in lines if line.kind == "gap"] == [7, 8]
    assert "".join(piece.text for piece in lines[1].pieces) == "line 8"


def test_markup_stays_text_in_the_pieces():
    (line,) = diff_text("<b>bold</b> words stay", "<i>bold</i> words stay")
    assert line.kind == "changed"
    assert "".join(p.text for p in line.pieces if p.kind != "removed") == ("<i>bold</i> words stay")


def test_a_text_added_from_nothing():
    assert diff_text("", "First words.") == [DiffLine("added", (Piece("added", "First words."),))]


def test_a_line_rewritten_almost_whole_reads_as_old_then_new():
    old = "The 10th anniversary of the Assembly, a unique institution"
    new = "Unity and accord: what the Assembly did"
    assert diff_text(old, new) == [
        DiffLine("removed", (Piece("removed", old),)),
        DiffLine("added", (Piece("added", new),)),
    ]
