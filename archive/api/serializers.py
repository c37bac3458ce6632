"""What the API says about each kind of object. Cross-links are absolute URLs: `url` is the
object in the API, `html_url` its page on the site, `*_url` the API list of related items."""

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from archive.models import Article, ArticlePerson, Person, Position, Quote, Session, Source, Topic
from archive.text.rendering import render_markdown


def _absolute(serializer_field, path):
    request = serializer_field.context.get("request")
    return request.build_absolute_uri(path) if request else path


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The object's page on the site."""

    def __init__(self, source="*", **kwargs):
        super().__init__(source=source, read_only=True, **kwargs)

    def to_representation(self, value):
        return _absolute(self, value.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class ListUrlField(serializers.Field):
    """An API list filtered to this object: /api/articles/?person=<slug>."""

    def __init__(self, list_name, param, attribute, **kwargs):
        self.list_name, self.param, self.attribute = list_name, param, attribute
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        path = reverse(f"api:{self.list_name}-list")
        query = urlencode({self.param: getattr(value, self.attribute)})
        return _absolute(self, f"{path}?{query}")


# --- Short forms, for cross-links ------------------------------------------------------------


class SessionRefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:session-detail", lookup_field="number"
    )
    html_url = PageUrlField()
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Session
        fields = ["url", "html_url", "number", "label", "title"]


class PersonRefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:person-detail", lookup_field="slug")
    html_url = PageUrlField()

    class Meta:
        model = Person
        fields = ["url", "html_url", "slug", "name"]


class TopicRefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:topic-detail", lookup_field="slug")
    html_url = PageUrlField()

    class Meta:
        model = Topic
        fields = ["url", "html_url", "slug", "name"]


class ArticleRefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail", lookup_field="slug")
    html_url = PageUrlField()

    class Meta:
        model = Article
        fields = ["url", "html_url", "slug", "title", "published_on"]


class MentionSerializer(serializers.ModelSerializer):
    """A person an article mentions, with the spelling found in the text."""

    url = serializers.HyperlinkedRelatedField(
        source="person", view_name="api:person-detail", lookup_field="slug", read_only=True
    )
    html_url = PageUrlField(source="person")
    slug = serializers.CharField(source="person.slug", read_only=True)
    name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = ArticlePerson
        fields = ["url", "html_url", "slug", "name", "matched_text", "origin"]


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["name", "slug", "url"]


# --- Articles --------------------------------------------------------------------------------


class ArticleListSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail", lookup_field="slug")
    html_url = PageUrlField()
    date_display = serializers.CharField(read_only=True)
    source = SourceSerializer(read_only=True, allow_null=True)
    sessions = SessionRefSerializer(many=True, read_only=True)
    people = MentionSerializer(source="person_links", many=True, read_only=True)
    topics = TopicRefSerializer(many=True, read_only=True)

    class Meta:
        model = Article
        fields = [
            "url",
            "html_url",
            "slug",
            "title",
            "lead",
            "author",
            "published_on",
            "date_precision",
            "date_text",
            "date_display",
            "language",
            "featured",
            "source",
            "source_url",
            "sessions",
            "people",
            "topics",
            "updated_at",
        ]


class QuoteInArticleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:quote-detail")
    speaker = PersonRefSerializer(read_only=True)

    class Meta:
        model = Quote
        fields = ["url", "text", "context", "speaker", "position"]


class ArticleDetailSerializer(ArticleListSerializer):
    body_html = serializers.SerializerMethodField(
        help_text="The body as the site shows it: sanitised HTML."
    )
    quotes = QuoteInArticleSerializer(source="public_quotes", many=True, read_only=True)

    class Meta(ArticleListSerializer.Meta):
        fields = [*ArticleListSerializer.Meta.fields, "body", "body_html", "quotes"]

    def get_body_html(self, article) -> str:
        return str(render_markdown(article.body))


# --- Sessions, people, topics, quotes ----------------------------------------------------------


class SessionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:session-detail", lookup_field="number"
    )
    html_url = PageUrlField()
    label = serializers.CharField(read_only=True)
    roman_label = serializers.CharField(read_only=True)
    date_display = serializers.CharField(read_only=True)
    article_count = serializers.IntegerField(source="published_article_count", read_only=True)
    articles_url = ListUrlField("article", "session", "number")
    quotes_url = ListUrlField("quote", "session", "number")

    class Meta:
        model = Session
        fields = [
            "url",
            "html_url",
            "number",
            "label",
            "roman_label",
            "title",
            "start_date",
            "end_date",
            "date_precision",
            "date_display",
            "location",
            "summary",
            "article_count",
            "articles_url",
            "quotes_url",
        ]


class PositionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = ["title", "organisation", "start_date", "end_date"]


class PersonSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:person-detail", lookup_field="slug")
    html_url = PageUrlField()
    aliases = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    positions = PositionSerializer(many=True, read_only=True)
    article_count = serializers.IntegerField(source="published_article_count", read_only=True)
    articles_url = ListUrlField("article", "person", "slug")
    quotes_url = ListUrlField("quote", "speaker", "slug")

    class Meta:
        model = Person
        fields = [
            "url",
            "html_url",
            "slug",
            "name",
            "role",
            "bio",
            "featured",
            "aliases",
            "positions",
            "article_count",
            "articles_url",
            "quotes_url",
        ]


class TopicSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:topic-detail", lookup_field="slug")
    html_url = PageUrlField()
    article_count = serializers.IntegerField(source="published_article_count", read_only=True)
    articles_url = ListUrlField("article", "topic", "slug")

    class Meta:
        model = Topic
        fields = ["url", "html_url", "slug", "name", "description", "article_count", "articles_url"]


class QuoteSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:quote-detail")
    html_url = PageUrlField()
    speaker = PersonRefSerializer(read_only=True)
    article = ArticleRefSerializer(read_only=True)
    session = SessionRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Quote
        fields = ["url", "html_url", "id", "text", "context", "speaker", "article", "session"]
