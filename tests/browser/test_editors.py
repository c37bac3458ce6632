"""What editors do in the admin, in a real browser, and what visitors then see."""

import re
import xml.etree.ElementTree as ET

import pytest

from archive.models import Article, Person, Quote
from archive.transfer import chunks
from tests.browser.conftest import PASSWORD

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture then skips (fails in CI), saying why
    expect = None

pytestmark = pytest.mark.browser

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def fetch_xml(tab, path):
    """What a feed reader or a crawler gets at `path`, parsed: it must be well-formed XML."""
    response = tab.page.request.get(tab.base_url + path)
    assert response.status == 200, path
    return ET.fromstring(response.body())


def feed_titles(tab, path):
    return [entry.findtext(f"{ATOM}title") for entry in fetch_xml(tab, path).iter(f"{ATOM}entry")]


def sitemap_paths(tab):
    paths = []
    for section in fetch_xml(tab, "/sitemap.xml").iter(f"{SITEMAP}loc"):
        urlset = fetch_xml(tab, section.text.removeprefix(tab.base_url))
        paths += [loc.text.removeprefix(tab.base_url) for loc in urlset.iter(f"{SITEMAP}loc")]
    return paths


def log_in(tab):
    page = tab.page
    tab.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username:").fill("aigerim")
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Curate the archive")).to_be_visible()


def choose(page, row, text, option):
    """Picks `option` in the admin's autocomplete box in `row`, after typing `text`."""
    row.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=option).click()


def message(page):
    return page.locator("ul.messagelist li").first


def test_log_in(tabs, editor):
    tab = tabs.open()
    log_in(tab)
    expect(tab.page.get_by_role("link", name="Articles").first).to_be_visible()


def test_wrong_password_is_refused_with_a_message(tab, editor):
    page = tab.page
    tab.goto("/admin/login/")
    page.get_by_label("Username:").fill("aigerim")
    page.get_by_label("Password:").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".errornote")).to_contain_text("Please enter the correct username")


def test_write_publish_and_unpublish_an_article(tabs, editor):
    editor_tab, visitor = tabs.open(), tabs.open()
    page = editor_tab.page
    log_in(editor_tab)

    # Write: the slug follows the title; sessions and people come from autocomplete boxes.
    editor_tab.goto("/admin/archive/article/add/")
    page.get_by_label("Title:").fill("Youth forum of the Assembly in Almaty")
    page.get_by_label("Title:").press("Tab")  # the admin fills the slug in as the title changes
    expect(page.get_by_label("Slug:")).to_have_value("youth-forum-of-the-assembly-in-almaty")
    page.get_by_label("Lead:").fill("Young members of the Assembly met in Almaty.")
    page.get_by_label("Body:").fill("The forum followed the **27th session**.")
    page.get_by_label("Published on:").fill("2024-05-20")
    page.get_by_role("button", name=re.compile("Add another session covered", re.I)).click()
    choose(page, page.locator("tr.dynamic-session_links").last, "XXVII", "27th session")
    page.get_by_role("button", name=re.compile("Add another person mentioned", re.I)).click()
    choose(page, page.locator("tr.dynamic-person_links").last, "Tuimeb", "Zhanseit Tuimebayev")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(message(page)).to_contain_text("was added successfully")
    article = Article.objects.get(slug="youth-forum-of-the-assembly-in-almaty")
    assert article.status == "draft"
    assert [s.number for s in article.sessions.all()] == [27]
    assert [p.name for p in article.people.all()] == ["Zhanseit Tuimebayev"]

    # A draft: visitors cannot see it; the editor previews it.
    public = "/articles/youth-forum-of-the-assembly-in-almaty/"
    visitor.goto(public, status=404)
    editor_tab.goto(public)
    expect(page.get_by_role("status").first).to_contain_text("Draft preview")
    page.get_by_role("link", name="Edit this article in the admin").click()

    # Publish: on the site, in the lists and in search.
    page.get_by_label("Status:").select_option(label="Published")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(message(page)).to_contain_text("was changed successfully")
    visitor.goto(public)
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text(
        "Youth forum of the Assembly in Almaty"
    )
    visitor.page.get_by_role("link", name="Zhanseit Tuimebayev").first.click()
    expect(
        visitor.page.get_by_role("link", name="Youth forum of the Assembly in Almaty")
    ).to_be_visible()
    visitor.goto("/sessions/27/")
    expect(
        visitor.page.get_by_role("link", name="Youth forum of the Assembly in Almaty")
    ).to_be_visible()
    visitor.goto("/search/?q=youth+forum+Almaty")
    expect(
        visitor.page.locator("#found-articles").get_by_role(
            "link", name=re.compile("Youth forum of the Assembly in Almaty")
        )
    ).to_be_visible()
    title = "Youth forum of the Assembly in Almaty"
    assert title in feed_titles(visitor, "/articles/feed/atom/")
    assert title in feed_titles(visitor, "/sessions/27/feed/atom/")
    assert public in sitemap_paths(visitor)

    # Unpublish: gone everywhere.
    page.get_by_label("Status:").select_option(label="Draft")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(message(page)).to_contain_text("was changed successfully")
    visitor.goto(public, status=404)
    visitor.goto("/sessions/27/")
    expect(visitor.page.get_by_text("Youth forum of the Assembly")).to_have_count(0)
    visitor.goto("/search/?q=youth+forum+Almaty")
    expect(visitor.page.get_by_text("Youth forum of the Assembly")).to_have_count(0)
    assert title not in feed_titles(visitor, "/articles/feed/atom/")
    assert title not in feed_titles(visitor, "/sessions/27/feed/atom/")
    assert public not in sitemap_paths(visitor)
    assert "/articles/repatriates-assembly/" in sitemap_paths(visitor)


def test_the_article_list_shows_links_at_a_glance(tabs, editor):
    interview = Article.objects.get(slug="repatriates-assembly")
    Quote.objects.create(
        speaker=Person.objects.get(slug="zhanseit-tuimebayev"),
        article=interview,
        text="A suggestion waiting for an editor",
        reviewed=False,
    )
    tab = tabs.open()
    log_in(tab)
    tab.goto("/admin/archive/article/")
    row = tab.page.locator("tr", has_text="Repatriates Assembly")
    expect(row.locator("td.field-linked_sessions")).to_have_text("27")
    expect(row.locator("td.field-linked_people")).to_contain_text("Zhanseit Tuimebayev")
    row.locator("td.field-pending_quotes").get_by_role("link", name="1").click()
    expect(tab.page.locator("#result_list")).to_contain_text("A suggestion waiting for an editor")
    expect(tab.page.locator("#result_list tbody tr")).to_have_count(1)

    tab.goto("/admin/archive/article/")
    row.get_by_role("link", name="View").click()
    expect(tab.page.get_by_role("heading", level=1)).to_have_text("Repatriates Assembly")
    # The editor sees a way back to the admin page of what they are reading; visitors do not.
    tab.page.get_by_role("link", name="Edit this article in the admin").click()
    expect(tab.page).to_have_url(re.compile(rf"/admin/archive/article/{interview.pk}/change/$"))
    visitor = tabs.open()
    visitor.goto(interview.get_absolute_url())
    expect(visitor.page.get_by_role("complementary", name="Editor tools")).to_have_count(0)
    expect(visitor.page.locator('a[href*="/admin/"]')).to_have_count(0)


# --- Bulk import through the admin (archive/transfer/admin.py) ---------------------------------

GOOD_CSV = (
    "title,published_on,source,source_url,language,status,author,sessions,people,topics,"
    "lead,body\n"
    '"Imported: the Assembly in Shymkent",2024-06-01,,https://example.org/shymkent,en,'
    'published,,XXVII,Zhanseit Tuimebayev,Youth,"A regional meeting.","Held in Shymkent."\n'
)
BAD_CSV = (
    "title,published_on,source,source_url,language,status,author,sessions,people,topics,"
    "lead,body\n"
    '"Imported: a good row",2024-06-02,,https://example.org/good,en,published,,27,,,,"Text."\n'
    '"Imported: a bad row",2024-06-03,,https://example.org/bad,en,published,,99th,,,,"Text."\n'
)


def import_page(tab):
    tab.goto("/admin/archive/article/import/")
    expect(tab.page.locator('input[type="file"]')).to_have_count(1)


def upload(tab, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    page = tab.page
    page.locator('input[type="file"]').set_input_files(str(path))
    format_menu = page.locator('select[name="format"]')
    if format_menu.count():
        format_menu.select_option(label="csv")
    page.get_by_role("button", name="Submit").click()


def test_import_a_csv_with_preview_and_confirm(tabs, editor, tmp_path):
    tab = tabs.open()
    log_in(tab)
    import_page(tab)
    before = Article.objects.count()
    upload(tab, tmp_path, "articles.csv", GOOD_CSV)
    page = tab.page
    # The upload became a preview job; its page shows the preview once it has run.
    expect(page).to_have_url(re.compile(r"/admin/archive/job/\d+/change/"))
    preview = page.locator("table.import-preview")
    expect(preview).to_contain_text("Imported: the Assembly in Shymkent")
    assert Article.objects.count() == before  # nothing written before confirming
    page.get_by_role("button", name="Confirm import").click()
    expect(page.locator(".job-summary")).to_contain_text("Imported articles: 1 new")
    article = Article.objects.get(title="Imported: the Assembly in Shymkent")
    assert [s.number for s in article.sessions.all()] == [27]
    tab.goto(article.get_absolute_url())


def test_a_big_file_is_sent_in_pieces_then_previewed(tabs, editor, tmp_path, settings, monkeypatch):
    """archive/transfer/chunks.py: no request carries more than a piece of the file."""
    settings.ARCHIVE_UPLOAD_CHUNK_BYTES = 1024
    pieces, append = [], chunks.append

    def counted(user, upload_id, offset, stream, length):
        pieces.append(length)
        return append(user, upload_id, offset, stream, length)

    monkeypatch.setattr(chunks, "append", counted)
    body = "The delegates of the Assembly met in Shymkent and spoke about unity. " * 60
    big = GOOD_CSV.replace('"Held in Shymkent."', f'"{body}"')
    assert len(big.encode()) > 4 * 1024
    tab = tabs.open()
    log_in(tab)
    import_page(tab)
    posts = []
    tab.page.on(
        "request",
        lambda request: (
            request.method == "POST"
            and posts.append((request.url, len(request.post_data_buffer or b"")))
        ),
    )
    upload(tab, tmp_path, "big.csv", big)
    page = tab.page
    expect(page).to_have_url(re.compile(r"/admin/archive/job/\d+/change/"))
    expect(page.locator("table.import-preview")).to_contain_text(
        "Imported: the Assembly in Shymkent"
    )
    assert len(pieces) == -(-len(big.encode()) // 1024)
    assert max(pieces) == 1024
    assert sum(1 for url, _size in posts if "/upload/" in url) == len(pieces) + 1  # + begin
    form = [size for url, size in posts if url.endswith("/admin/archive/article/import/")]
    assert len(form) == 1 and form[0] < 1024  # the form itself went without the file
    page.get_by_role("button", name="Confirm import").click()
    expect(page.locator(".job-summary")).to_contain_text("Imported articles: 1 new")
    assert body.strip() in Article.objects.get(title="Imported: the Assembly in Shymkent").body


def test_a_bad_csv_is_explained_and_nothing_is_written(tabs, editor, tmp_path):
    tab = tabs.open()
    log_in(tab)
    import_page(tab)
    before = Article.objects.count()
    upload(tab, tmp_path, "bad.csv", BAD_CSV)
    page = tab.page
    expect(page.get_by_role("heading", name="Errors")).to_be_visible()
    # Which file, which row, which column, which value, and why.
    error = page.locator("table.job-errors tbody tr")
    expect(error).to_have_count(1)
    for cell, text in enumerate(["bad.csv", "row 3", "sessions", "99th"]):
        expect(error.locator("td").nth(cell)).to_have_text(text)
    expect(error.locator("td").nth(4)).to_contain_text("there is no session 99 in the archive")
    expect(page.get_by_role("button", name="Confirm import")).to_have_count(0)
    assert Article.objects.count() == before
    assert not Article.objects.filter(title__startswith="Imported:").exists()


def test_select_all_on_the_export_page_ticks_and_clears_every_field(tabs, editor):
    """Under the Content Security Policy: the toggle once was an inline onchange, blocked."""
    tab = tabs.open()
    log_in(tab)
    tab.goto("/admin/archive/topic/export/")
    page = tab.page
    toggle = page.get_by_label("Select all")
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]')
    assert fields.count() >= 3
    expect(toggle).to_be_checked()
    toggle.uncheck()
    for index in range(fields.count()):
        expect(fields.nth(index)).not_to_be_checked()
    toggle.check()
    for index in range(fields.count()):
        expect(fields.nth(index)).to_be_checked()
