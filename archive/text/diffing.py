"""Two versions of a text, compared line by line and, within a changed line, word by word:
what the admin's "compare versions" page shows. Plain data, never markup: the template
escapes every piece."""

import difflib
import re
from dataclasses import dataclass
from typing import Literal

PieceKind = Literal["same", "added", "removed"]
LineKind = Literal["same", "added", "removed", "changed", "gap"]

# Unchanged lines shown around a change; longer runs of them fold into one "gap" line.
CONTEXT_LINES = 2
# Below this share of words in common a changed line reads better as the old line, then the new.
WORD_DIFF_MIN_SIMILARITY = 0.5
# Words, runs of spaces and single punctuation marks: a changed word is marked, not its line.
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class Piece:
    kind: PieceKind
    text: str


@dataclass(frozen=True)
class DiffLine:
    kind: LineKind
    pieces: tuple[Piece, ...]
    skipped: int = 0  # for a gap: how many unchanged lines it stands for


def diff_words(old: str, new: str) -> tuple[Piece, ...]:
    """One line's change: what stayed, what went, what came, in reading order."""
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _append(pieces, "same", "".join(before[i1:i2]))
            continue
        _append(pieces, "removed", "".join(before[i1:i2]))
        _append(pieces, "added", "".join(after[j1:j2]))
    return tuple(pieces)


def _append(pieces: list[Piece], kind: PieceKind, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].kind == kind:
        pieces[-1] = Piece(kind, pieces[-1].text + text)
    else:
        pieces.append(Piece(kind, text))


def _line(kind: LineKind, text: str) -> DiffLine:
    piece_kind: PieceKind = (
        "added" if kind == "added" else "removed" if kind == "removed" else "same"
    )
    return DiffLine(kind, (Piece(piece_kind, text),) if text else ())


def diff_text(old: str, new: str, context: int = CONTEXT_LINES) -> list[DiffLine]:
    """The lines of `new` against `old`: unchanged lines near a change, lines removed, added,
    or changed (word by word); [] when the texts are the same."""
    if old == new:
        return []
    before, after = old.splitlines(), new.splitlines()
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            lines.extend(_unchanged(before[i1:i2], context, first=i1 == 0, last=i2 == len(before)))
        elif op == "replace":
            paired = min(i2 - i1, j2 - j1)
            for k in range(paired):
                lines.extend(_changed_line(before[i1 + k], after[j1 + k]))
            lines.extend(_line("removed", text) for text in before[i1 + paired : i2])
            lines.extend(_line("added", text) for text in after[j1 + paired : j2])
        else:
            lines.extend(_line("removed", text) for text in before[i1:i2])
            lines.extend(_line("added", text) for text in after[j1:j2])
    return lines


def _changed_line(old: str, new: str) -> list[DiffLine]:
    # Spaces and commas always match: only the words say how much of the line is kept.
    words = difflib.SequenceMatcher(None, _WORDS.findall(old), _WORDS.findall(new))
    if words.ratio() < WORD_DIFF_MIN_SIMILARITY:
        return [_line("removed", old), _line("added", new)]
    return [DiffLine("changed", diff_words(old, new))]


def _unchanged(texts: list[str], context: int, first: bool, last: bool) -> list[DiffLine]:
    """A run of unchanged lines: the few next to a change, and a gap for the rest."""
    keep_before = 0 if first else context  # lines after the change above
    keep_after = 0 if last else context  # lines before the change below
    if len(texts) <= keep_before + keep_after + 1:
        return [_line("same", text) for text in texts]
    head = [_line("same", text) for text in texts[:keep_before]]
    tail = [_line("same", text) for text in texts[len(texts) - keep_after :]]
    skipped = len(texts) - keep_before - keep_after
    return [*head, DiffLine("gap", (), skipped=skipped), *tail]
