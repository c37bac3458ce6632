"""Every URL the archive ever served keeps working: old slugs answer 301 to the current URL."""

import pytest

from archive.models import Article, Person, SlugHistory, Topic
from archive.names.merging import merge_people
from tests.factories import make_article, make_draft, make_person, make_session, make_topic

pytestmark = pytest.mark.django_db


def rename(obj, slug):
    obj.slug = slug
    obj.save()
    return obj


def lands_on(client, url, expected_url):
    """Follow `url` like a browser: it must end on `expected_url` with 200, through 301s only."""
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    assert all(status == 301 for _, status in response.redirect_chain), response.redirect_chain
    assert (response.redirect_chain[-1][0] if response.redirect_chain else url) == expected_url
    return response


def test_renamed_article_redirects_permanently_to_its_new_url(client):
    article = make_article("Unity of the people", slug="unity")
    rename(article, "unity-of-the-people")
    response = client.get("/articles/unity/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/unity-of-the-people/"
    assert client.get("/articles/unity-of-the-people/").status_code == 200


def test_chains_collapse_and_renaming_back_makes_no_loop(client):
    article = make_article("Unity", slug="a")
    for slug in ["b", "c", "d"]:
        rename(article, slug)
    for old in ["a", "b", "c"]:
        response = client.get(f"/articles/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/articles/d/"  # one hop, never a chain
    rename(article, "a")
    assert client.get("/articles/a/").status_code == 200
    assert not SlugHistory.objects.filter(old_slug="a").exists()
    for old in ["b", "c", "d"]:
        lands_on(client, f"/articles/{old}/", "/articles/a/")


def test_person_topic_and_session_urls_survive_renames(client):
    person = make_person("Aida Balayeva", slug="balayeva")
    topic = make_topic("Languages", slug="languages")
    session = make_session(27)
    rename(person, "aida-balayeva")
    rename(topic, "language-policy")
    session.number = 28
    session.save()
    lands_on(client, "/people/balayeva/", "/people/aida-balayeva/")
    lands_on(client, "/topics/languages/", "/topics/language-policy/")
    lands_on(client, "/sessions/27/", "/sessions/28/")


def test_query_string_and_api_urls_follow_too(client):
    person = make_person("Evgeny Bolgert", slug="bolgert")
    rename(person, "evgeny-bolgert")
    response = client.get("/api/people/bolgert/?format=json")
    assert response.status_code == 301
    assert response["Location"] == "/api/people/evgeny-bolgert/?format=json"


def test_a_new_object_taking_an_old_slug_wins_over_the_redirect(client):
    first = make_article("First", slug="report")
    rename(first, "first-report")
    second = make_article("Second", slug="report")
    response = client.get("/articles/report/")
    assert response.status_code == 200
    assert response.context["article"] == second
    assert client.get("/articles/first-report/").status_code == 200


def test_old_slug_of_a_draft_does_not_reveal_it_to_visitors(client, visitor, editor_client):
    draft = make_draft("Secret plans", slug="plans")
    rename(draft, "secret-plans")
    assert visitor.get("/articles/plans/").status_code == 404
    response = editor_client.get("/articles/plans/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/secret-plans/"


def test_unknown_slugs_still_404(client):
    assert client.get("/articles/never-existed/").status_code == 404
    assert client.get("/people/nobody/").status_code == 404
    assert client.post("/articles/never-existed/").status_code in (404, 405)


def test_deleting_an_object_forgets_its_old_slugs(client):
    topic = make_topic("Youth", slug="youth")
    rename(topic, "youth-policy")
    topic.delete()
    assert not SlugHistory.objects.exists()
    assert client.get("/topics/youth/").status_code == 404


def test_rename_merge_rename_again_every_url_ever_served_still_lands(client):
    """The issue's end-to-end case: no URL that was ever served gives a 404."""
    session = make_session(32)
    keep = make_person("Kassym-Jomart Tokayev", slug="tokayev")
    duplicate = make_person("K. Tokayev", slug="k-tokayev")
    other_dup = make_person("Kassym-Zhomart Tokayev", slug="kassym-zhomart")
    article = make_article(
        "Unity amid turbulence", slug="unity", sessions=[session], people=[duplicate]
    )
    topic = make_topic("Unity", slug="unity-topic")
    served = {
        "article": ["/articles/unity/"],
        "keep": ["/people/tokayev/"],
        "topic": ["/topics/unity-topic/"],
    }
    served["keep"] += ["/people/k-tokayev/", "/people/kassym-zhomart/"]
    for url in [*served["article"], *served["keep"], *served["topic"]]:
        assert client.get(url).status_code == 200

    rename(keep, "kassym-jomart-tokayev")
    served["keep"].append("/people/kassym-jomart-tokayev/")
    rename(duplicate, "tokayev-k")
    served["keep"].append("/people/tokayev-k/")
    merge_people(keep, [duplicate])
    rename(other_dup, "k-zh-tokayev")
    served["keep"].append("/people/k-zh-tokayev/")
    keep.refresh_from_db()
    merge_people(keep, [other_dup])
    rename(keep, "president-tokayev")
    rename(Article.objects.get(pk=article.pk), "unity-amid-turbulence")
    rename(article := Article.objects.get(pk=article.pk), "unity-2023")
    served["article"] += ["/articles/unity-amid-turbulence/"]
    rename(topic, "national-unity")

    keep = Person.objects.get(pk=keep.pk)
    for url in served["keep"]:
        lands_on(client, url, "/people/president-tokayev/")
    for url in served["article"]:
        lands_on(client, url, article.get_absolute_url())
    lands_on(client, "/topics/unity-topic/", Topic.objects.get().get_absolute_url())
    assert keep.article_links.filter(article=article).exists()


def test_editors_see_old_slugs_and_where_they_lead(editor_client):
    person = make_person("Evgeny Bolgert", slug="bolgert")
    rename(person, "evgeny-bolgert")
    page = editor_client.get("/admin/archive/slughistory/")
    assert page.status_code == 200
    assert "bolgert" in page.content.decode()
    assert "/people/evgeny-bolgert/" in page.content.decode()


# --- A live object never silently takes another object's old URL ------------------------------


def admin_form_data(client, url, **changes):
    """What the admin's change page would post back unchanged, with `changes` applied."""
    page = client.get(url)
    assert page.status_code == 200, url
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, False):  # an unticked checkbox is not posted
            data[name] = list(value) if isinstance(value, list | tuple) else value
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(
            {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
        )
        for subform in formset.initial_forms:
            for name in subform.fields:
                value = subform[name].value()
                if value not in (None, False):
                    data[subform.add_prefix(name)] = value
    data.update(changes)
    return data


def save_in_admin(client, obj, **changes):
    app, model = obj._meta.app_label, obj._meta.model_name
    url = f"/admin/{app}/{model}/{obj.pk}/change/"
    return client.post(url, admin_form_data(client, url, **changes))


@pytest.mark.parametrize(
    ("make", "prefix"),
    [
        (lambda slug, title: make_article(title, slug=slug), "/articles/"),
        (lambda slug, title: make_person(title, slug=slug), "/people/"),
        (lambda slug, title: make_topic(title, slug=slug), "/topics/"),
    ],
    ids=["article", "person", "topic"],
)
def test_the_admin_refuses_another_objects_old_slug_and_names_its_owner(
    editor_client, visitor, make, prefix
):
    first = make("charity", "Charity and aid")
    second = make("youth", "Youth policy")
    response = save_in_admin(editor_client, first, slug="charity-and-aid")
    assert response.status_code == 302

    refused = save_in_admin(editor_client, second, slug="charity")
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors["slug"]
    assert errors == [
        f"“charity” is the old address of the {type(first)._meta.verbose_name} “Charity and aid”, "
        f"now at {prefix}charity-and-aid/: links to it still lead there. Choose another slug "
        f"(for example “charity-2”), or first delete “charity” under Old slugs to give that "
        f"address to this {type(first)._meta.verbose_name}."
    ]
    second.refresh_from_db()
    assert second.slug == "youth"
    lands_on(visitor, f"{prefix}charity/", f"{prefix}charity-and-aid/")
    lands_on(visitor, f"{prefix}youth/", f"{prefix}youth/")


def test_an_object_may_take_back_its_own_old_slug(editor_client, visitor):
    topic = make_topic("Charity", slug="charity")
    assert save_in_admin(editor_client, topic, slug="charity-and-aid").status_code == 302
    assert save_in_admin(editor_client, topic, slug="charity").status_code == 302
    lands_on(visitor, "/topics/charity/", "/topics/charity/")
    lands_on(visitor, "/topics/charity-and-aid/", "/topics/charity/")


def test_a_new_object_with_another_objects_old_slug_is_refused(editor_client, visitor):
    person = make_person("Evgeny Bolgert", slug="bolgert")
    rename(person, "evgeny-bolgert")
    response = editor_client.post(
        "/admin/archive/person/add/",
        {
            "name": "Someone Bolgert",
            "slug": "bolgert",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "positions-TOTAL_FORMS": "0",
            "positions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert (
        "old address of the person “Evgeny Bolgert”"
        in response.context["adminform"].form.errors["slug"][0]
    )
    assert not Person.objects.filter(name="Someone Bolgert").exists()
    lands_on(visitor, "/people/bolgert/", "/people/evgeny-bolgert/")


def test_once_the_editor_frees_an_old_slug_another_object_takes_it_without_a_loop(
    editor_client, visitor
):
    first = make_topic("Charity and aid", slug="charity")
    second = make_topic("Youth policy", slug="youth")
    rename(first, "charity-and-aid")
    old = SlugHistory.objects.get(old_slug="charity")
    deleted = editor_client.post(f"/admin/archive/slughistory/{old.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert save_in_admin(editor_client, second, slug="charity").status_code == 302
    lands_on(visitor, "/topics/charity/", "/topics/charity/")
    assert visitor.get("/topics/charity/").context["topic"] == second
    lands_on(visitor, "/topics/youth/", "/topics/charity/")
    lands_on(visitor, "/topics/charity-and-aid/", "/topics/charity-and-aid/")
    assert not SlugHistory.objects.filter(old_slug="charity").exists()
