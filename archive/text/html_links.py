"""Turning the first mention of each linked person and session in an article into a link.

link_first_mentions(html, targets) takes HTML that is already sanitised (archive.text.rendering)
and returns it with, for each target, its first mention in running text wrapped in
<a href="…">. The HTML is read with the standard library's tokenizer, never with regular
expressions: tags and attributes are copied as they are, text is escaped again on the way
out, and nothing is linked inside an existing link, a heading, <code> or <pre>. A name split by
markup ("<em>Denis</em> Ten") is not found as a whole: only a part that names the person on its
own (a surname such as "Tokayev") can become the link.
"""

import html
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal

from archive.text.normalise import prepare
from archive.text.people import NameMatcher, PersonInfo
from archive.text.sessions import find_sessions

NOT_INSIDE = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script", "style"}
_Attributes = list[tuple[str, str | None]]  # as HTMLParser gives them
VOID = {"br", "hr", "img", "wbr", "input", "meta", "link", "area", "base", "col", "source"}


@dataclass(frozen=True)
class LinkTarget:
    """A page to link to: a person (`key` their id, `names` their name and aliases) or a
    session (`key` its number)."""

    kind: Literal["person", "session"]
    key: int
    url: str
    names: tuple[str, ...] = ()
    title: str = ""


def link_first_mentions(sanitised_html: str, targets: Iterable[LinkTarget]) -> str:
    targets = list(targets)
    if not targets or not sanitised_html:
        return sanitised_html or ""
    linker = _Linker(targets)
    linker.feed(sanitised_html)
    linker.close()
    return "".join(linker.out)


class _Linker(HTMLParser):
    def __init__(self, targets: list[LinkTarget]) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.excluded = 0
        self.sessions = {t.key: t for t in targets if t.kind == "session"}
        self.people = {t.key: t for t in targets if t.kind == "person" and t.names}
        self.matcher = NameMatcher(
            PersonInfo(t.key, t.names[0], tuple(t.names[1:])) for t in self.people.values()
        )
        self.pending = len(self.sessions) + len(self.people)
        self.done: set[tuple[str, int]] = set()

    def handle_starttag(self, tag: str, attrs: _Attributes) -> None:
        self.out.append(self.get_starttag_text() or "")
        if tag in NOT_INSIDE:
            self.excluded += 1

    def handle_startendtag(self, tag: str, attrs: _Attributes) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        self.out.append(f"</{tag}>")
        if tag in NOT_INSIDE and self.excluded:
            self.excluded -= 1

    def handle_data(self, data: str) -> None:
        if self.excluded or not self.pending:
            self.out.append(html.escape(data, quote=False))
            return
        data = unicodedata.normalize("NFC", data)
        self.out.append(self._linked(data))

    # Comments, doctypes and processing instructions are not article text: dropped.
    def handle_comment(self, data: str) -> None:
        pass

    def handle_decl(self, decl: str) -> None:
        pass

    def handle_pi(self, data: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        pass

    def _linked(self, text: str) -> str:
        searchable = prepare(text)
        mentions = [
            (m.start, m.end, self.sessions[m.number])
            for m in find_sessions(searchable)
            if m.number in self.sessions
        ]
        mentions += [
            (m.start, m.end, self.people[m.person_id]) for m in self.matcher.find_people(searchable)
        ]
        mentions.sort(key=lambda m: (m[0], -m[1]))
        pieces, done_to = [], 0
        for start, end, target in mentions:
            if start < done_to or (target.kind, target.key) in self.done:
                continue
            self.done.add((target.kind, target.key))
            self.pending -= 1
            pieces.append(html.escape(text[done_to:start], quote=False))
            pieces.append(_anchor(target, text[start:end]))
            done_to = end
        pieces.append(html.escape(text[done_to:], quote=False))
        return "".join(pieces)


def _anchor(target: LinkTarget, words: str) -> str:
    title = f' title="{html.escape(target.title)}"' if target.title else ""
    return (
        f'<a href="{html.escape(target.url)}" class="autolink autolink-{target.kind}"{title}>'
        f"{html.escape(words, quote=False)}</a>"
    )
