"""The sessions resource: a session is found by its number."""

from archive.models import ArticleSession, Session
from archive.transfer.columns import (
    Column,
    DateWidget,
    SessionNumberWidget,
    date_precision_column,
    text_column,
)
from archive.transfer.resource_base import ArchiveResource


class SessionResource(ArchiveResource):
    model_key, noun = "sessions", "session"
    search_kind = "session"

    number = Column("number", SessionNumberWidget(), attribute="number", required=True)
    start_date = Column("start_date", DateWidget(), attribute="start_date")
    end_date = Column("end_date", DateWidget(), attribute="end_date")
    date_precision = date_precision_column()
    title = text_column("title", Session)
    title_ru = text_column("title_ru", Session)
    title_kk = text_column("title_kk", Session)
    location = text_column("location", Session)
    location_ru = text_column("location_ru", Session)
    location_kk = text_column("location_kk", Session)
    summary = text_column("summary", Session)
    summary_ru = text_column("summary_ru", Session)
    summary_kk = text_column("summary_kk", Session)

    class Meta(ArchiveResource.Meta):
        model = Session
        fields = (
            "number", "start_date", "end_date", "date_precision", "title", "title_ru",
            "title_kk", "location", "location_ru", "location_kk", "summary", "summary_ru",
            "summary_kk",
        )  # fmt: skip

    def identify(self, row):
        number = SessionNumberWidget().clean(row["number"])
        pk = self.lookups.sessions.pk_by_number.get(number)
        return pk, [(number, f"session {number}")]

    def assign_start_date(self, instance, value, row):
        self.assign_date(instance, "start_date", value, row)

    def assign_end_date(self, instance, value, row):
        instance.end_date = value[0]

    def articles_showing(self, pks):
        return ArticleSession.objects.filter(session_id__in=pks).values_list(
            "article_id", flat=True
        )

    def check_instance(self, instance, row):
        if instance.end_date and not instance.start_date:
            return {"end_date": "an end date needs a start date"}
        if instance.end_date and instance.end_date < instance.start_date:
            return {"end_date": "the session cannot end before it starts"}
        return {}
