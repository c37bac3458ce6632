"""Slugs are ASCII (the URL patterns accept nothing else) and never reuse an old URL."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from archive.models import Article, Person, SlugHistory, Topic
from archive.text.normalise import slugify
from archive.transfer.pipeline import import_file
from tests.factories import make_article, make_person, make_topic

# --- slugify (pure) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Ассамблея народа Казахстана", "assambleya-naroda-kazakhstana"),
        ("Қазақ тілі", "qazaq-tili"),
        ("Бірлік — басты құндылық", "birlik-basty-qundylyq"),
        ("Әлем, Ғасыр, Һәм, Өмір, Ұлт, Үміт, Ңң", "alem-gasyr-ham-omir-ult-umit-nn"),
        ("Съезд: ЁЛКА, Щука, Жұлдыз, Цех, Чай, Шаш, Юрта, Хабар", None),
        ("Тоқаев: «Біз біргеміз»", "toqaev-biz-birgemiz"),
        ("Ruslanas Iržikevičius", "ruslanas-irzikevicius"),
        ("A Model of Unity", "a-model-of-unity"),
    ],
)
def test_slugs_are_ascii_and_cyrillic_is_transliterated(text, slug):
    result = slugify(text)
    assert result.isascii() and result == result.lower()
    if slug is not None:
        assert result == slug
    else:
        assert result == "sezd-elka-shchuka-zhuldyz-tsekh-chai-shash-yurta-khabar"


def test_a_title_with_nothing_to_transliterate_still_gets_a_slug():
    assert slugify("中文") == "item"
    assert slugify("«» — !") == "item"
    assert len(slugify("Қазақ " * 100, max_length=50)) <= 50


# --- Pages of Russian and Kazakh titles are reachable ------------------------------------------


pytestmark_db = pytest.mark.django_db


def _csv(text):
    upload = io.BytesIO(text.encode("utf-8"))
    upload.name = "articles.csv"
    return upload


@pytestmark_db
def test_an_imported_russian_article_has_a_page(client):
    outcome = import_file(
        "articles",
        _csv(
            "title,status,language,published_on,body\n"
            "Ассамблея народа Казахстана,published,ru,2023-04-27,Текст статьи.\n"
            "Қазақ тілі – бірлік тілі,published,kk,2023-04-28,Мәтін.\n"
        ),
    )
    assert outcome.ok, [str(e) for e in outcome.errors]
    russian = Article.objects.get(language="ru")
    assert russian.slug == "assambleya-naroda-kazakhstana"
    assert Article.objects.get(language="kk").slug == "qazaq-tili-birlik-tili"
    page = client.get("/articles/assambleya-naroda-kazakhstana/")
    assert page.status_code == 200
    assert "Ассамблея народа Казахстана" in page.content.decode()
    listing = client.get("/articles/")
    assert listing.status_code == 200
    assert "/articles/qazaq-tili-birlik-tili/" in listing.content.decode()


@pytestmark_db
def test_people_and_topics_saved_with_cyrillic_names_have_pages(client):
    person = make_person("Нұрсұлтан Назарбаев")
    topic = make_topic("Тіл саясаты")
    assert person.slug == "nursultan-nazarbaev"
    assert topic.slug == "til-sayasaty"
    assert client.get(person.get_absolute_url()).status_code == 200
    assert client.get(topic.get_absolute_url()).status_code == 200


@pytestmark_db
def test_plain_text_import_of_a_kazakh_article_gives_an_ascii_slug(client, tmp_path):
    path = tmp_path / "birlik.txt"
    path.write_text("Бірлік – басты құндылық\n\n27.04.2023\n\nАссамблея сессиясы өтті.\n")
    call_command("import_articles", str(path), "--status", "published", stdout=io.StringIO())
    article = Article.objects.get()
    assert article.slug == "birlik-basty-qundylyq"
    assert client.get("/articles/birlik-basty-qundylyq/").status_code == 200


@pytestmark_db
def test_a_file_cannot_give_a_slug_no_url_can_hold():
    outcome = import_file("articles", _csv("title,slug\nҚазақ тілі,қазақ-тілі\n"))
    assert not outcome.ok
    assert "only Latin letters" in str(outcome.errors[0])
    assert "row 2" in str(outcome.errors[0]).lower()
    assert not Article.objects.exists()


@pytestmark_db
def test_the_migration_makes_existing_cyrillic_slugs_ascii(client):
    article = make_article("Ассамблея народа Казахстана", slug="taken")
    make_article("Other", slug="assambleya-naroda-kazakhstana")
    person = make_person("Қазақ Тілі")
    Article.objects.filter(pk=article.pk).update(slug="ассамблея-народа-казахстана")
    Person.objects.filter(pk=person.pk).update(slug="қазақ-тілі")
    migration = importlib.import_module("archive.migrations.0006_ascii_slugs")
    migration.ascii_slugs(apps, None)
    article.refresh_from_db(), person.refresh_from_db()
    assert article.slug == "assambleya-naroda-kazakhstana-2"
    assert person.slug == "qazaq-tili"
    assert client.get(article.get_absolute_url()).status_code == 200


# --- Old slugs are not handed out again ------------------------------------------------------


@pytestmark_db
def test_a_new_article_does_not_take_a_renamed_articles_old_slug(client):
    renamed = make_article("Unity of the people")
    assert renamed.slug == "unity-of-the-people"
    renamed.title, renamed.slug = "Unity of the people of Kazakhstan", ""
    renamed.save()
    assert renamed.slug == "unity-of-the-people-of-kazakhstan"
    newcomer = make_article("Unity of the people")
    assert newcomer.slug == "unity-of-the-people-2"
    # The old URL still leads to the renamed article.
    response = client.get("/articles/unity-of-the-people/")
    assert response.status_code == 301
    assert response["Location"] == renamed.get_absolute_url()
    assert SlugHistory.objects.filter(old_slug="unity-of-the-people").exists()


@pytestmark_db
def test_an_object_may_take_back_its_own_old_slug():
    topic = make_topic("Youth", slug="youth")
    topic.slug = "youth-policy"
    topic.save()
    topic.slug = ""
    topic.save()  # renamed back: its own old slug is free for it
    assert topic.slug == "youth"
    assert make_topic("Youth!").slug == "youth-2"
    assert not SlugHistory.objects.filter(old_slug="youth").exists()


def _rename(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()


@pytestmark_db
def test_imports_do_not_hand_out_old_slugs_either():
    _rename(make_person("Nurlan Ospanov"), name="Nurlan Ospanov Sr", slug="nurlan-ospanov-sr")
    _rename(make_article("Unity"), title="Unity Day", slug="unity-day")
    _rename(make_topic("Youth"), name="Youth policy", slug="youth-policy")

    for kind, text in [
        ("people", "name\nNurlan Ospanov\n"),
        ("articles", "title,source_url\nUnity,https://example.org/u\n"),
        ("topics", "name\nYouth\n"),
    ]:
        upload = _csv(text)
        upload.name = f"{kind}.csv"
        outcome = import_file(kind, upload)
        assert outcome.ok, [str(e) for e in outcome.errors]
        assert outcome.totals["new"] == 1

    assert Person.objects.get(name="Nurlan Ospanov").slug == "nurlan-ospanov-2"
    assert Article.objects.get(title="Unity").slug == "unity-2"
    assert Topic.objects.get(name="Youth").slug == "youth-2"
