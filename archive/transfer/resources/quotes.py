"""The quotes resource: a quote is found by its article, speaker and text."""

from archive.db import chunked
from archive.models import Quote
from archive.transfer import cells
from archive.transfer.cells import CellError
from archive.transfer.columns import BoolWidget, Column, PositiveIntWidget, RefWidget, text_column
from archive.transfer.resource_base import IMPORT_BATCH, ArchiveResource


def quote_key(text):
    return " ".join(cells.as_text(text).split())


class QuoteResource(ArchiveResource):
    model_key, noun = "quotes", "quote"
    search_kind = "quote"

    text = text_column("text", Quote, required=True)
    speaker = Column(
        "speaker", RefWidget("people", required=True), attribute="speaker_id", required=True
    )
    article = Column(
        "article", RefWidget("articles", required=True), attribute="article_id", required=True
    )
    session = Column("session", RefWidget("sessions"), attribute="session_id")
    context = text_column("context", Quote)
    reviewed = Column("reviewed", BoolWidget(empty=True), attribute="reviewed")
    position = Column("position", PositiveIntWidget(), attribute="position")

    class Meta(ArchiveResource.Meta):
        model = Quote
        fields = ("text", "speaker", "article", "session", "context", "reviewed", "position")

    def get_queryset(self):
        return Quote.objects.order_by("article_id", "position", "pk")

    def _ref(self, index, text):
        try:
            return getattr(self.lookups, index).resolve(cells.as_text(text).strip())
        except CellError:
            return None

    def prepare(self, rows):
        article_pks = {self._ref("articles", row["article"]) for row in rows} - {None}
        self.existing, self.next_position = {}, {}
        for chunk in chunked(article_pks, IMPORT_BATCH):
            quotes = Quote.objects.filter(article_id__in=chunk)
            for pk, article, speaker, text, position in quotes.values_list(
                "pk", "article_id", "speaker_id", "text", "position"
            ):
                self.existing[(article, speaker, quote_key(text))] = pk
                self.next_position[article] = max(self.next_position.get(article, 0), position + 1)

    def identify(self, row):
        article = self._ref("articles", row["article"])
        speaker = self._ref("people", row["speaker"])
        if article is None or speaker is None:
            return None, []
        key = (article, speaker, quote_key(row["text"]))
        return self.existing.get(key), [(key, "the same quote by the same speaker in the article")]

    def assign_position(self, instance, value, row):
        if value is not None:
            instance.position = value
            instance._import_values["position"] = value

    def complete(self, instance):
        if instance.pk is None and "position" not in instance._import_values:
            instance.position = self.next_position.get(instance.article_id, 0)
        self.next_position[instance.article_id] = max(
            self.next_position.get(instance.article_id, 0), instance.position + 1
        )
