"""The visitor's query language, parsed into a small engine-neutral tree. No database.

Words are ANDed; ``"exact phrase"``; ``-word`` or ``-"phrase"`` excludes; ``OR`` (or ``|``)
between two terms accepts either; ``word*`` asks for a prefix (words of three letters or
more are prefix-matched anyway, so "Tokay" finds Tokayev). Anything else (FTS operators,
brackets, carets, colons, SQL) is read as plain text: the tree holds only words made of
letters and digits, so no input can produce a syntax error in either engine.
"""

import re
import unicodedata
from dataclasses import dataclass, field, replace
from html import escape as html_escape

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
MAX_WORD_CHARS = 40
MIN_PREFIX_CHARS = 3

# Private-use characters the engines put around matched words; never allowed in text.
MARK_START = "\ue000"
MARK_END = "\ue001"

_WORD_RE = re.compile(r"[^\W_]+")
_POSSESSIVE_RE = re.compile(r"(?<=\w)['’](s|t)\b", re.IGNORECASE)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")
_QUOTE_TABLE = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "ʼ": "'",
        "‐": "-",
        "‑": "-",
        "–": "-",
        "—": "-",
        "−": "-",
    }
)
# Cyrillic letters readers write either way: ё is printed as е more often than not.
_FOLD_TABLE = str.maketrans({"ё": "е", "Ё": "Е"})

# English words too common to narrow a search (as in PostgreSQL's english dictionary).
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with you your yours yourself yourselves""".split()
)


def normalise_text(text: str) -> str:
    """Text as both engines should see it, for documents and queries alike.

    Unicode is composed (NFC), ё is read as е, typographic quotes and dashes become plain ones
    and control or marker characters go. Case and accents are left to the engines, which fold
    them for every script; what is shown to visitors keeps its original spelling.
    """
    text = unicodedata.normalize("NFC", text or "")
    # str.replace is much faster than translate() on long bodies.
    text = text.replace("ё", "е").replace("Ё", "Е")
    return _CONTROL_RE.sub(" ", text) if _CONTROL_RE.search(text) else text


def fold_word(word: str) -> str:
    """A query word as compared in Python: lower case, ё as е."""
    return word.lower().translate(_FOLD_TABLE)


@dataclass(frozen=True)
class Term:
    """One word, or several words that must follow each other (a phrase)."""

    words: tuple[str, ...]
    prefix: bool = False  # the last word may be the start of a longer word
    quoted: bool = False  # typed in quotes: no prefix matching
    added: bool = False  # another spelling search added (an alias, a numeral), not typed

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    @property
    def loose(self) -> bool:
        """Words joined by a hyphen or apostrophe but not quoted ("ethno-cultural",
        "Kassym-Zhomart") need only all be there, in any order: an exact phrase is what
        quotes are for, and it costs PostgreSQL a look at every candidate's positions."""
        return self.is_phrase and not self.quoted and not self.added


@dataclass(frozen=True)
class Clause:
    """Any of its terms matches (OR); a negated clause excludes what it matches."""

    terms: tuple[Term, ...]
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the query as kept: trimmed and cleaned, for display and logs
    clauses: tuple[Clause, ...] = ()
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.negated)

    @property
    def negative(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.negated)

    @property
    def is_empty(self) -> bool:
        """Nothing to look for: no word, or only exclusions."""
        return not self.positive

    @property
    def terms(self) -> tuple[Term, ...]:
        """The positive terms as the visitor typed them (not the added spellings)."""
        return tuple(t for c in self.positive for t in c.terms if not t.added)

    def replacing(self, replacements: dict[Term, Term]) -> "ParsedQuery":
        """The same query with some terms swapped for others."""
        clauses = [
            replace(c, terms=tuple(replacements.get(t, t) for t in c.terms)) for c in self.clauses
        ]
        return replace(self, clauses=tuple(clauses))

    def with_alternatives(self, alternatives: dict[Term, list[Term]]) -> "ParsedQuery":
        """The same query where a term also matches other spellings (aliases, numerals)."""
        clauses = []
        for clause in self.clauses:
            terms = list(clause.terms)
            for term in clause.terms:
                for extra in alternatives.get(term, ()):
                    if extra not in terms:
                        terms.append(extra)
            clauses.append(replace(clause, terms=tuple(terms)))
        return replace(self, clauses=tuple(clauses))


def _words(chunk: str) -> list[str]:
    chunk = _POSSESSIVE_RE.sub("", chunk)
    return [fold_word(w)[:MAX_WORD_CHARS] for w in _WORD_RE.findall(chunk)]


def _make_term(words: list[str], *, quoted: bool, star: bool) -> Term:
    last = words[-1]
    long_enough = len(last) >= (2 if star else MIN_PREFIX_CHARS)
    prefix = not quoted and long_enough and not any(ch.isdigit() for ch in last)
    return Term(words=tuple(words), prefix=prefix, quoted=quoted)


def _tokens(text: str):
    """Yield (kind, value, negated) with kind in {"term", "or"}."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        negated = False
        if ch == "-" and i + 1 < n and not text[i + 1].isspace():
            negated = True
            i += 1
            ch = text[i]
        if ch == '"':
            end = text.find('"', i + 1)
            end = n if end == -1 else end  # an unbalanced quote runs to the end
            words = _words(text[i + 1 : end])
            i = end + 1
            if words:
                yield "term", _make_term(words, quoted=True, star=False), negated
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] != '"':
            j += 1
        chunk, i = text[i:j], j
        if not negated and chunk in ("OR", "|", "||"):
            yield "or", None, False
            continue
        words = _words(chunk)
        if words:
            star = chunk.rstrip().endswith("*")
            yield "term", _make_term(words, quoted=False, star=star), negated


def parse_query(raw) -> ParsedQuery:
    """Read what a visitor typed. Never raises; the worst input gives an empty query."""
    text = normalise_text(str(raw) if raw is not None else "").translate(_QUOTE_TABLE)
    text = " ".join(text.split())
    notes = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS].rsplit(" ", 1)[0] if " " in text else text[:MAX_QUERY_CHARS]
        notes.append("trimmed")
    clauses: list[Clause] = []
    join_next = False
    for kind, term, negated in _tokens(text):
        if kind == "or":
            join_next = bool(clauses) and not clauses[-1].negated
            continue
        if len(clauses) >= MAX_TERMS:
            notes.append("too-many-terms")
            break
        if join_next and not negated:
            last = clauses[-1]
            clauses[-1] = replace(last, terms=(*last.terms, term))
        else:
            clauses.append(Clause(terms=(term,), negated=negated))
        join_next = False
    return ParsedQuery(text=text, clauses=_drop_stopwords(clauses), notes=tuple(notes))


def _is_stopword(term: Term) -> bool:
    return not term.quoted and not term.is_phrase and term.words[0] in STOPWORDS


def _drop_stopwords(clauses: list[Clause]) -> tuple[Clause, ...]:
    """'heart to heart flood' looks for heart and flood; a query of stopwords only is kept."""
    kept = []
    for clause in clauses:
        terms = tuple(t for t in clause.terms if not _is_stopword(t))
        if terms:
            kept.append(replace(clause, terms=terms))
    if not any(not c.negated for c in kept):
        return tuple(clauses)
    return tuple(kept)


def marked_to_html(text: str) -> str:
    """Text an engine marked with MARK_START/MARK_END as HTML: escaped, with <mark> only."""
    out, open_mark = [], False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", text or ""):
        if piece == MARK_START:
            if not open_mark:
                out.append("<mark>")
                open_mark = True
        elif piece == MARK_END:
            if open_mark:
                out.append("</mark>")
                open_mark = False
        else:
            out.append(html_escape(piece))
    if open_mark:
        out.append("</mark>")
    return "".join(out).replace("<mark></mark>", "")


# --- Where in a long text the matches are (for engines that highlight whole texts) ----------

WINDOW_CHARS = 1200
WINDOW_LEAD_IN = 200
_MAX_WINDOW_MATCHES = 300


def _root(word: str, prefix: bool) -> str:
    """The start of `word` that its other forms share ("unity" / "united" / "unities"): a
    stemmer keeps about this much, and finding too much only moves the window a little."""
    if prefix or len(word) <= 4:
        return word
    return word[: len(word) - (1 if len(word) <= 6 else 2)]


def match_pattern(query: ParsedQuery):
    """(regex finding the starts of the positive terms' words in a text, in any case; {root:
    number of its clause}) or None when the query has no word worth looking for."""
    clause_of: dict[str, int] = {}
    for number, clause in enumerate(query.positive):
        for term in clause.terms:
            for i, word in enumerate(term.words):
                if len(word) >= 3 and word not in STOPWORDS:
                    root = _root(word, term.prefix and i == len(term.words) - 1)
                    clause_of.setdefault(root, number)
    if not clause_of:
        return None
    roots = sorted(clause_of, key=len, reverse=True)
    regex = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, roots)) + ")", re.IGNORECASE)
    return regex, clause_of


def text_window(
    text: str, pattern, size: int = WINDOW_CHARS, lead_in: int = WINDOW_LEAD_IN
) -> tuple[str, int]:
    """(part of `text`, how many of the query's clauses have a word in it), for a highlighter
    that reads its whole input and picks the passage where the query's words occur together
    (a "cover", as ts_headline does). The part is about `size` characters, cut at spaces,
    around the shortest run of words that has a word of each clause found in the text; when
    some clause's words are nowhere in it, it is the start of the text (where such a
    highlighter shows no cover either) and the count is 0; a short text is whole (count 0).
    The words are found by their first letters, so a cover here is a good guess, not a
    promise: when the highlighter marks fewer different words than that count, give it the
    whole text."""
    if pattern is None or len(text) <= size:
        return text, 0
    regex, clause_of = pattern
    matches = []
    for found in regex.finditer(text):
        word = found.group().lower()
        matches.append((found.start(), clause_of.get(word, word)))
        if len(matches) >= _MAX_WINDOW_MATCHES:
            break
    wanted = len(set(clause_of.values()))
    if len({clause for _, clause in matches}) < wanted:
        space = text.rfind(" ", 0, size)
        return text[: space if space > 0 else size], 0
    best, best_span, counts, j = 0, None, {}, 0
    for i, (start, clause) in enumerate(matches):
        while j < len(matches) and len(counts) < wanted:
            counts[matches[j][1]] = counts.get(matches[j][1], 0) + 1
            j += 1
        if len(counts) < wanted:
            break
        span = matches[j - 1][0] - start
        if best_span is None or span < best_span:
            best, best_span = i, span
        counts[clause] -= 1
        if not counts[clause]:
            del counts[clause]
    first = matches[best][0]
    begin = max(0, first - lead_in)
    end = max(begin + size, first + best_span + lead_in)
    if begin > 0:
        space = text.find(" ", begin, first)
        begin = space + 1 if space != -1 else begin
    if end < len(text):
        space = text.rfind(" ", first + best_span, end)
        end = space if space != -1 else end
    return text[begin:end], wanted


def marked_words(text: str) -> set[str]:
    """The different words an engine marked in `text` (lower case)."""
    return {m.split(MARK_END)[0].lower() for m in (text or "").split(MARK_START)[1:]}
