"""Quote suggestions: the attributed direct quotations in articles, offered to editors.

The text work is archive.text.quotes; suggest_quotes() writes what it finds as unreviewed
Quote rows, never the same quotation (speaker and words) twice.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from archive.caching import content_changed
from archive.linking.detection import build_matcher
from archive.linking.texts import article_batches
from archive.models import ArticleSession, Quote
from archive.text.quotes import find_quotes, quote_key


def suggest_quotes(articles, matcher=None) -> int:
    """Offer the attributed direct quotations in `articles` (lead and body) as unreviewed
    Quote suggestions; none already there (same speaker and words) is made twice. Returns
    how many were created."""
    matcher = matcher or build_matcher()
    created = 0
    with transaction.atomic():
        for batch in article_batches(articles):
            created += _suggest_batch(batch, matcher)
    return created


def _suggest_batch(articles, matcher):
    ids = [a.pk for a in articles]
    known, last_position = set(), {}
    for article_id, speaker_id, text, position in Quote.objects.filter(
        article_id__in=ids
    ).values_list("article_id", "speaker_id", "text", "position"):
        known.add((article_id, speaker_id, quote_key(text)))
        last_position[article_id] = max(last_position.get(article_id, 0), position)
    linked_sessions = {}
    for article_id, session_id in ArticleSession.objects.filter(article_id__in=ids).values_list(
        "article_id", "session_id"
    ):
        linked_sessions.setdefault(article_id, []).append(session_id)
    new = []
    for article in articles:
        text = "\n\n".join(part for part in (article.lead, article.body) if part)
        sessions = linked_sessions.get(article.pk, [])
        for found in find_quotes(text, matcher.names):
            key = (article.pk, found.speaker_id, quote_key(found.text))
            if key in known:
                continue
            known.add(key)
            last_position[article.pk] = last_position.get(article.pk, 0) + 1
            new.append(
                Quote(
                    text=found.text,
                    speaker_id=found.speaker_id,
                    article_id=article.pk,
                    session_id=sessions[0] if len(sessions) == 1 else None,
                    context=_("Suggested from the text: “%(words)s”.")
                    % {"words": _shorten(found.attribution, 150)},
                    reviewed=False,
                    position=last_position[article.pk],
                )
            )
    if new:
        Quote.objects.bulk_create(new)
        content_changed()
    return len(new)


def _shorten(text, limit):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
