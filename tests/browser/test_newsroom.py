"""The newsroom's admin in a real browser: an import watched as it goes, a bad file's report,
a scheduled article appearing on time, the home page, the preview and the time-zone note."""

import datetime
import re
import time

import pytest
from django.utils import timezone
from django.utils.html import escape

from archive.jobs import services
from archive.jobs.tasks import publish_due
from archive.models import Article, Job
from archive.transfer.tasks import import_upload
from tests.browser.test_editors import (
    BAD_CSV,
    GOOD_CSV,
    feed_titles,
    import_page,
    log_in,
    message,
    sitemap_paths,
    upload,
)

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture then skips (fails in CI), saying why
    expect = None

pytestmark = pytest.mark.browser

# Uploads wait in a queue nobody works: the test plays the worker, a step at a time.
QUEUE_NOBODY_WORKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def queued_jobs(settings, tmp_path):
    settings.TASKS = QUEUE_NOBODY_WORKS
    settings.ARCHIVE_IMPORT_DIR = tmp_path / "imports"


def newest_job():
    return Job.objects.order_by("-pk").first()


def upload_to_the_queue(tabs, tmp_path, name, text):
    """Logs in, uploads the file and waits on its job's page: (the page, the queued job)."""
    tab = tabs.open()
    log_in(tab)
    import_page(tab)
    upload(tab, tmp_path, name, text)
    page = tab.page
    expect(page).to_have_url(re.compile(r"/admin/archive/job/\d+/change/"))
    expect(page.locator('[data-job="state_label"]')).to_have_text("Queued")
    return page, newest_job()


def test_an_editor_uploads_watches_the_bar_move_and_sees_the_result(
    tabs, editor, queued_jobs, tmp_path
):
    page, job = upload_to_the_queue(tabs, tmp_path, "articles.csv", GOOD_CSV)
    bar = page.locator("progress.job-bar")

    # The worker reads the file, then checks its rows: the page follows without a reload.
    services.report_progress(job, Job.Phase.CHECKING, 1, 4, force=True)
    expect(page.locator('[data-job="progress"]')).to_have_text("1 of 4 (25%)")
    expect(bar).to_have_attribute("value", "1")
    expect(bar).to_have_attribute("max", "4")
    expect(page.locator('[data-job="phase_label"]')).to_have_text("Checking")
    services.report_progress(job, Job.Phase.CHECKING, 3, 4, force=True)
    expect(page.locator('[data-job="progress"]')).to_have_text("3 of 4 (75%)")
    expect(bar).to_have_attribute("value", "3")

    # The preview finishes: the page shows it (one reload, by the script).
    import_upload.call(job.pk)
    expect(page.locator("table.import-preview")).to_contain_text(
        "Imported: the Assembly in Shymkent"
    )
    assert not Article.objects.filter(title="Imported: the Assembly in Shymkent").exists()
    page.get_by_role("button", name="Confirm import").click()
    expect(page).not_to_have_url(re.compile(rf"/admin/archive/job/{job.pk}/change/"))
    expect(page.locator('[data-job="state_label"]')).to_have_text("Queued")
    write = newest_job()
    import_upload.call(write.pk)
    expect(page.locator(".job-summary")).to_contain_text("Imported articles: 1 new")
    expect(bar).to_have_attribute("value", re.compile(r"\d+"))
    assert Article.objects.filter(title="Imported: the Assembly in Shymkent").exists()


def test_a_bad_file_shows_its_error_report_when_its_check_ends(tabs, editor, queued_jobs, tmp_path):
    page, job = upload_to_the_queue(tabs, tmp_path, "bad.csv", BAD_CSV)
    import_upload.call(job.pk)
    # Without a reload by hand: the page turns into the report.
    expect(page.get_by_role("heading", name="Errors")).to_be_visible()
    error = page.locator("table.job-errors tbody tr")
    expect(error).to_have_count(1)
    for cell, text in enumerate(["bad.csv", "row 3", "sessions", "99th"]):
        expect(error.locator("td").nth(cell)).to_have_text(text)
    expect(page.get_by_role("button", name="Confirm import")).to_have_count(0)
    assert not Article.objects.filter(title__startswith="Imported:").exists()


def test_a_scheduled_article_appears_on_the_public_pages_on_time(tabs, editor):
    editor_tab, visitor = tabs.open(), tabs.open()
    page = editor_tab.page
    log_in(editor_tab)
    editor_tab.goto("/admin/archive/article/add/")
    title = "Scheduled: the Assembly's youth forum"
    page.get_by_label("Title:").fill(title)
    page.get_by_label("Title:").press("Tab")
    page.get_by_label("Body:").fill("The forum opens at noon.")
    page.get_by_label("Published on:").fill("2024-05-20")
    due = timezone.localtime() + datetime.timedelta(seconds=4)
    page.locator("#id_publish_at_0").fill(due.strftime("%Y-%m-%d"))
    page.locator("#id_publish_at_1").fill(due.strftime("%H:%M:%S"))
    page.get_by_role("button", name="Save and continue editing").click()
    expect(message(page)).to_contain_text("was added successfully")
    article = Article.objects.get(title=title)
    assert article.status == Article.Status.DRAFT
    assert article.publish_at == due.replace(microsecond=0)
    public = article.get_absolute_url()

    # Before its time: the worker's run publishes nothing, visitors see nothing.
    assert publish_due() == []
    visitor.goto(public, status=404)
    # (Feeds escape their titles once more for readers that show them as HTML.)
    assert escape(title) not in feed_titles(visitor, "/articles/feed/atom/")
    assert public not in sitemap_paths(visitor)

    # On time: the worker's minute-by-minute run publishes it, and it is everywhere.
    time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.2)
    assert publish_due() == [article.pk]
    visitor.goto(public)
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text(title)
    visitor.goto("/articles/")
    expect(visitor.page.get_by_role("link", name=title)).to_be_visible()
    visitor.goto("/search/?q=youth+forum+noon")
    expect(visitor.page.locator("#found-articles").get_by_role("link", name=title)).to_be_visible()
    assert escape(title) in feed_titles(visitor, "/articles/feed/atom/")
    assert public in sitemap_paths(visitor)
    page.reload()
    expect(page.get_by_label("Status:")).to_have_value("published")


def test_the_home_page_leads_to_what_needs_doing(tabs, editor):
    Article.objects.filter(slug="repatriates-assembly").update(status=Article.Status.DRAFT)
    tab = tabs.open()
    log_in(tab)
    todo = tab.page.get_by_role("region", name="What needs doing")
    todo.get_by_role("link", name=re.compile(r"^1 Drafts$")).click()
    expect(tab.page.locator("#result_list tbody tr")).to_have_count(1)
    expect(tab.page.locator("#result_list")).to_contain_text("Repatriates Assembly")


def test_the_body_preview_follows_the_typing_and_shows_no_markup_as_typed(tabs, editor):
    tab = tabs.open()
    page = tab.page
    log_in(tab)
    article = Article.objects.get(slug="repatriates-assembly")
    tab.goto(f"/admin/archive/article/{article.pk}/change/")
    preview = page.get_by_role("region", name="Preview, as the article page shows it")
    expect(preview).to_contain_text(article.body.split("\n")[0][:30])
    page.get_by_label("Body:").fill(
        "## A heading\n\nSome **bold** words.\n\n<img src=x onerror=\"document.title='owned'\">"
    )
    expect(preview.get_by_role("heading", name="A heading")).to_be_visible()
    expect(preview.locator("strong")).to_have_text("bold")
    expect(preview.locator("img")).to_have_count(0)
    assert page.title() != "owned"


def test_no_time_zone_note_for_an_editor_in_the_archive_zone(browser, live_server, editor):
    """Editors in Almaty see no "You are N hours ahead" note, even on a computer whose time-
    zone table predates Kazakhstan's move to UTC+5; an editor in London still does."""
    from tests.browser.conftest import Tab

    article = Article.objects.get(slug="repatriates-assembly")
    notes = {}
    for name, zone, old_table in [
        ("almaty", "Asia/Almaty", False),
        ("almaty, old table", "Asia/Almaty", True),
        ("london", "Europe/London", False),
    ]:
        context = browser.new_context(locale="en-GB", timezone_id=zone)
        if old_table:  # UTC+6, as Almaty was until March 2024
            context.add_init_script(
                "Date.prototype.getTimezoneOffset = function () { return -360; };"
            )
        tab = Tab(context, live_server.url)
        log_in(tab)
        tab.goto(f"/admin/archive/article/{article.pk}/change/")
        expect(tab.page.locator(".datetimeshortcuts").first).to_be_visible()  # widgets work
        notes[name] = tab.page.locator(".timezonewarning").count()
        assert tab.errors == []
        context.close()
    assert notes["almaty"] == 0
    assert notes["almaty, old table"] == 0
    assert notes["london"] > 0
