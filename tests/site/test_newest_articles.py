"""A session's and a person's page list their newest 20 published articles, found from the
newest year they have (ArticleQuerySet.newest_first_from and the stored counts per year):
the same 20 the whole archive read newest first would give."""

import datetime

from django.urls import reverse

from archive.models import Article
from tests.factories import make_article, make_draft, make_person, make_quote, make_session


def listed(client, url):
    return [a.pk for a in client.get(url).context["articles"]]


def newest_of(articles, n=20):
    return [
        a.pk for a in Article.objects.filter(pk__in=[a.pk for a in articles]).newest_first()[:n]
    ]


def test_an_old_session_lists_its_newest_articles_though_the_archive_is_newer(client, db):
    session = make_session(3, title="Third", start_date=datetime.date(1996, 4, 1))
    person = make_person("Aigerim Old")
    day = datetime.date(1996, 1, 1)
    own = [
        make_article(
            f"Then {i}",
            sessions=[session],
            people=[person],
            published_on=day + datetime.timedelta(days=20 * i),
        )
        for i in range(30)  # 1996-1997
    ]
    make_draft("A later draft", sessions=[session], published_on=datetime.date(2024, 1, 1))
    for i in range(40):
        make_article(f"Now {i}", published_on=datetime.date(2024, 1, 1))
    session.refresh_from_db()
    assert set(session.year_counts) == {1996, 1997}

    expected = newest_of(own)
    assert listed(client, reverse("archive:session-detail", args=[3])) == expected
    assert listed(client, person.get_absolute_url()) == expected


def test_undated_articles_follow_when_too_few_are_dated(client, db):
    session = make_session(4, title="Fourth", start_date=datetime.date(1997, 4, 1))
    dated = [
        make_article(f"Dated {i}", sessions=[session], published_on=datetime.date(1997, 5, i + 1))
        for i in range(5)
    ]
    undated = [
        make_article(f"Undated {i}", sessions=[session], published_on=None) for i in range(3)
    ]
    listed_ids = listed(client, reverse("archive:session-detail", args=[4]))
    assert listed_ids == newest_of(dated + undated)
    assert set(listed_ids) == {a.pk for a in dated + undated}


def test_the_bound_is_the_year_after_the_newest_counted_one():
    counts = {2019: 25, 2018: 3, None: 4}
    sql = str(Article.objects.newest_first_from(counts, 20).query)
    assert "2020-01-01" in sql
    assert "2020" not in str(Article.objects.newest_first_from({2019: 5, None: 4}, 20).query)


def test_quotes_of_one_day_are_listed_by_article_then_place_every_time(client, db):
    speaker = make_person("Aigerim Quoted")
    day = datetime.date(2020, 5, 1)
    first, second = (make_article(f"Same day {i}", published_on=day) for i in range(2))
    quotes = [
        make_quote(speaker, article, text=f"Words {article.pk}-{position}", position=position)
        for article in (first, second)
        for position in (1, 0)
    ]
    expected = [quotes[3].pk, quotes[2].pk, quotes[1].pk, quotes[0].pk]  # newer article first
    for _ in range(3):
        assert [q.pk for q in client.get(speaker.get_absolute_url()).context["quotes"]] == expected
