"""What a search result shows of an article: its title and a passage, the words that
matched marked (safe HTML), and why it matched when its text does not say so."""

import re

from django.utils.safestring import mark_safe

from archive.models import Article, ArticlePerson, Language
from archive.search.documents import markdown_to_text
from archive.search.query import MARK_END, MARK_START, marked_to_html, parse_query
from archive.text.stemming import (
    mark_stemmed,
    passage_bounds,
    query_word_stems,
    stemmed_passage,
)


def attach_snippets(articles, snippets, sessions=(), people=(), engine=None, query=None):
    """Marked title and snippet on each article, and why it matched when its text does not
    say so: the named sessions it covers, the named people it links to. A person is a
    reason only through the article's own link to them (ArticlePerson), shown with the
    spelling the article uses; never because a word of their name is in the text ("Zhomart"
    in the "Zhomart Zhan" award is no mention of Kassym-Zhomart Tokayev). When the query is
    one name and the snippet does not show the linked spelling, the passage with that
    spelling is shown instead (one more query for the page)."""
    session_ids = {s.pk for s in sessions}
    person_ids = {p.pk for p in people}
    linked_people = {}
    if person_ids and articles:
        for link in ArticlePerson.objects.filter(
            article__in=[a.pk for a in articles], person__in=person_ids
        ).select_related("person"):
            linked_people.setdefault(link.article_id, []).append(link)
    stems = _query_stems(query)
    unmarked = []
    for article in articles:
        found = snippets.get(article.pk, {})
        kazakh_text = article.language == Language.KAZAKH
        title = mark_stemmed(found.get("title") or article.title, stems, kazakh_text, *MARKS)
        article.search_title = _safe(title)
        texts = [
            mark_stemmed(found.get(part) or "", stems, kazakh_text, *MARKS)
            for part in ("lead", "body")
        ]
        best = max(texts, key=_marked_words)  # the lead wins a tie
        article.search_snippet = _safe(best if _marked_words(best) else texts[0])
        if stems and not _marked_words(best) and not _marked_words(title):
            unmarked.append(article)  # found by the stems of words the page does not show
        article.search_reasons = [s for s in article.sessions.all() if s.pk in session_ids]
        article.search_people = linked_people.get(article.pk, [])
    if unmarked:
        _show_stemmed_passages(unmarked, stems)
    if engine is not None and query is not None and len(query.positive) == 1:
        _show_linked_spellings(engine, [a for a in articles if a.search_people])


MARKS = (MARK_START, MARK_END)


def _query_stems(query) -> frozenset[str]:
    """The stems of the words the visitor typed (or search added), to mark the forms an
    engine found by their stems alone."""
    if query is None:
        return frozenset()
    words = [word for clause in query.positive for term in clause.terms for word in term.words]
    return query_word_stems(words)


def _show_stemmed_passages(articles, stems):
    """For articles found by the stems of their words only (a Kazakh case form, a Russian
    ending), whose snippet shows no match: the passage with the first such word, marked."""
    by_pk = {article.pk: article for article in articles}
    rows = Article.objects.filter(pk__in=by_pk).values_list("pk", "lead", "body")
    for pk, lead, body in rows:
        article = by_pk[pk]
        text = f"{lead}\n\n{markdown_to_text(body)}"
        kazakh_text = article.language == Language.KAZAKH
        passage = stemmed_passage(text, stems, kazakh_text, *MARKS)
        if passage:
            article.search_snippet = _safe(passage)


def _show_linked_spellings(engine, articles):
    """The passage where each article writes the name of the person it links to, when its
    snippet does not show that spelling."""
    wanted = {}
    for article in articles:
        shown = " ".join(_words_of(str(article.search_snippet)))
        for link in article.search_people:
            words = _words_of(link.matched_text)
            if words and f" {' '.join(words)} " not in f" {shown} ":
                wanted.setdefault(link.matched_text, []).append(article)
                break
    missing = {}
    for spelling, group in list(wanted.items())[:3]:  # a page names few spellings
        snippets = engine.article_snippets(group, engine.prepare(parse_query(f'"{spelling}"')))
        for article in group:
            found = snippets.get(article.pk, {})
            text = max([found.get("lead") or "", found.get("body") or ""], key=_marked_words)
            if _marked_words(text):
                article.search_snippet = _safe(text)
            else:  # a spelling the engine reads as one token ("K.K.Tokayev" on PostgreSQL)
                missing[article.pk] = (article, spelling)
    if missing:
        for pk, lead, body in Article.objects.filter(pk__in=missing).values_list(
            "pk", "lead", "body"
        ):
            article, spelling = missing[pk]
            text = _passage(f"{lead}\n\n{markdown_to_text(body)}", spelling)
            if text:
                article.search_snippet = _safe(text)


def _passage(text, spelling, around=120):
    """The words around the first `spelling` in `text`, the spelling marked, or ''."""
    match = re.search(re.escape(spelling), text, flags=re.IGNORECASE)
    if not match:
        return ""
    start, end = passage_bounds(text, match.start(), match.end(), around)
    before, after = text[start : match.start()], text[match.end() : end]
    return (
        ("…" if start else "")
        + f"{before}{MARK_START}{match.group()}{MARK_END}{after}"
        + ("…" if end < len(text) else "")
    )


def _words_of(text) -> list[str]:
    plain = re.sub(r"<[^>]+>", " ", str(text or "")).replace(MARK_START, " ").replace(MARK_END, " ")
    return re.findall(r"\w+", plain.lower())


def _marked_words(text) -> int:
    """How many different words an engine marked in `text`."""
    return len({m.split(MARK_END)[0].lower() for m in text.split(MARK_START)[1:]})


def _safe(marked_text):
    return mark_safe(marked_to_html(marked_text))
