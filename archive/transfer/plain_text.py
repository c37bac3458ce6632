"""Importing plain-text articles (files, or folders of .txt files), and linking sessions and people.

    results = import_plain_text(["articles/"], status="draft")  # language read from the text
    for result in results: print(result.action, result.path, result.reason)

The whole run is one transaction: a hard error in any file writes nothing. Files that are not
articles (not UTF-8, empty, no title) are skipped and reported, and do not stop the others.
An article is recognised again by the slug of its title (or the same title): importing a file a
second time updates that article, or leaves it alone when nothing changed. See docs/importing.md.
The `import_articles` command prints the results.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q

from archive.caching import content_changed
from archive.db import chunked
from archive.linking import derived
from archive.linking.detection import build_matcher, detect_links, preview_links
from archive.models import Article, DatePrecision, Language, SlugHistory, Source
from archive.search import bulk_indexing
from archive.text.articles import NotAnArticle, ParsedArticle, ParseError, parse_article
from archive.text.language import detect_language
from archive.text.normalise import slugify

LINKING_BATCH = 200  # articles per call of detect_links, between two progress reports
SLUG_LENGTH = 194  # as Article.save(): room for a "-2" suffix within the 200 of the field


class PlainTextError(Exception):
    """A problem that stops the whole run: nothing is imported. The message names the file."""


def article_slug(title):
    # text.slugify transliterates Russian and Kazakh letters: URLs take ASCII slugs only.
    return slugify(title, max_length=SLUG_LENGTH)


@dataclass
class FileResult:
    path: Path
    action: str = ""  # created, updated, unchanged, skipped
    reason: str = ""
    parsed: ParsedArticle | None = None
    article: Article | None = None
    slug: str = ""
    notes: list[str] = field(default_factory=list)


def import_plain_text(
    paths, status=Article.Status.DRAFT, source=None, language=None, dry_run=False, progress=None
):
    """Import the articles of `paths` (files and folders), or with dry_run say what would
    happen: a FileResult for each file, in order. New articles get `status`, and `language`
    when it is given (else the language of their text: archive.text.language); `source` names
    the source of every file (else it is read from the text). Raises PlainTextError, and
    writes nothing, when a file cannot be imported. progress(phase, done, total) hears how
    far it is (reading, writing, linking)."""
    files = collect_files(paths)
    if not files:
        raise PlainTextError("No .txt files found in: " + ", ".join(map(str, paths)))
    report = progress or (lambda phase, done, total: None)
    results = []
    for done, path in enumerate(files, start=1):
        results.append(read(path))
        report("reading", done, len(files))
    PlainTextImport(status, source, language, report).run(results, dry_run)
    return results


class PlainTextImport:
    def __init__(self, status, source, language, progress):
        self.options = {"status": status, "source": source, "language": language}
        self.progress = progress

    def run(self, results, dry_run):
        if dry_run:
            self.dry_run(results)
            return
        # One index update at the end rather than one per save and per link.
        with transaction.atomic(), bulk_indexing(), derived.batched():
            self.save_all(results)
            self.link([r for r in results if r.action in ("created", "updated")])
            content_changed()

    # --- Writing ---------------------------------------------------------------------------

    def save_all(self, results):
        seen = {}
        for done, result in enumerate(results, start=1):
            self.progress("writing", done, len(results))
            if result.action == "skipped" or self.skip_duplicate(result, seen):
                continue
            try:
                self.import_one(result)
            except (ValidationError, DatabaseError) as error:
                message = "; ".join(getattr(error, "messages", [str(error)]))
                where = f"{result.path}:{result.parsed.title_line}"
                raise PlainTextError(
                    f"{where}: cannot save “{result.parsed.title}”: {message}; nothing imported"
                ) from error

    def skip_duplicate(self, result, seen):
        first = seen.setdefault(result.slug, result.path)
        if first != result.path:
            skip(result, f"same title as {first}")
            return True
        return False

    def import_one(self, result, write=True):
        """Create or update the article of one file; with write=False, only decide which."""
        parsed = result.parsed
        article = find_existing(result.slug, parsed.title)
        if article is None:
            article = Article(
                title=parsed.title,
                slug=result.slug,
                status=self.options["status"],
                language=self.options["language"] or article_language(parsed),
            )
            result.action = "created"
        else:
            result.action = "updated"
        changed = apply_text(article, parsed)
        # --source always applies; a name read from the text only fills an empty source.
        name = self.options["source"] or (parsed.source_hint if not article.source_id else "")
        if name:
            source = find_source(name)
            if source is None:
                result.notes.append(f"new source “{name}”")
                source = create_source(name) if write else None
            if source is None or source.pk != article.source_id:
                changed = True
                article.source = source
        result.article = article
        if result.action == "updated" and not changed:
            result.action, result.reason = "unchanged", "same text as the archive"
        elif write:
            article.full_clean()
            article.save()

    def link(self, results):
        if not results:
            return
        matcher, articles = build_matcher(), [r.article for r in results]
        for done, chunk in enumerate(chunked(articles, LINKING_BATCH), start=1):
            detect_links(chunk, matcher=matcher)
            self.progress("linking", min(done * LINKING_BATCH, len(articles)), len(articles))

    # --- Dry run ---------------------------------------------------------------------------

    def dry_run(self, results):
        matcher = build_matcher()
        seen = {}
        for result in results:
            if result.action == "skipped" or self.skip_duplicate(result, seen):
                continue
            self.import_one(result, write=False)
            if result.action != "unchanged":
                preview = preview_links(result.parsed.text_for_linking, matcher)
                result.notes.append(describe_preview(preview))


def article_language(parsed):
    """The language of a parsed article's text, as a Language value."""
    return Language(detect_language(parsed.text_for_linking))


def read(path):
    result = FileResult(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        return skip(result, f"cannot be read ({error.strerror})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        return skip(result, f"not UTF-8 (byte 0x{byte:02x} on line {line})")
    try:
        result.parsed = parse_article(text)
    except NotAnArticle as error:
        return skip(result, str(error))
    except ParseError as error:
        raise PlainTextError(f"{path}:{error.line}: {error.message}; nothing imported") from None
    result.slug = article_slug(result.parsed.title)
    return result


def skip(result, reason):
    result.action, result.reason = "skipped", reason
    return result


def collect_files(paths):
    """The files named, and the .txt files under the folders named, each once, in order."""
    files = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() == ".txt"
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif path.is_file():
            files.append(path)
        else:
            raise PlainTextError(f"{name}: no such file or folder; nothing imported")
    unique = {}
    for path in files:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def find_source(name):
    return Source.objects.filter(Q(name__iexact=name) | Q(slug=slugify(name))).first()


def create_source(name):
    source = Source(name=name)
    source.full_clean(exclude=["slug"])
    source.save()
    return source


def find_existing(slug, title):
    """The article this file was imported as before: same slug, same title, or a renamed one."""
    candidates = list(Article.objects.filter(Q(slug=slug) | Q(title__iexact=title))[:2])
    if candidates:
        return next((a for a in candidates if a.slug == slug), candidates[0])
    renamed = SlugHistory.objects.filter(
        content_type=ContentType.objects.get_for_model(Article), old_slug=slug
    ).values("object_id")
    return Article.objects.filter(pk__in=renamed).first()


def apply_text(article, parsed):
    """Put the file's text on `article`; whether anything changed.

    A date an editor completed (the file gives none, or only a day and month) is kept, and so
    is a byline when the file has none.
    """
    values = {"lead": parsed.lead, "body": parsed.body_markdown}
    if parsed.byline:
        values["author"] = parsed.byline
    if parsed.date is not None:
        values.update(published_on=parsed.date, date_precision=parsed.date_precision, date_text="")
    elif article.published_on is None:
        values.update(date_text=parsed.date_text, date_precision=DatePrecision.DAY)
    changed = False
    for name, value in values.items():
        if getattr(article, name) != value:
            setattr(article, name, value)
            changed = True
    return changed


def describe_preview(preview):
    """One line for what preview_links() found: sessions and people it would link."""
    return f"would link: {preview.summary()}"


# --- The report (the command prints it; the admin's job shows it) -----------------------------


def report_lines(results, dry_run, verbosity=1, name=str):
    """([lines about each file], summary) of a run; name(path) is how a file is named."""
    verbs = {"created": "would create", "updated": "would update"} if dry_run else {}
    lines = []
    for result in results:
        verb = verbs.get(result.action, result.action)
        lines.extend(describe(result, verb, not dry_run, verbosity, name))
    actions = [result.action for result in results]
    names = {"created": "to create", "updated": "to update"} if dry_run else {}
    summary = ", ".join(
        f"{actions.count(action)} {names.get(action, action)}"
        for action in ("created", "updated", "unchanged", "skipped")
        if action in actions
    )
    prefix = "Dry run, nothing written: " if dry_run else "Done: "
    return lines, prefix + summary + "."


def describe(result, verb, show_links, verbosity, name):
    lines = [f"{verb:<12} {name(result.path)}"]
    if result.reason:
        lines[0] += f": {result.reason}"
    parsed = result.parsed
    if parsed and result.action != "skipped":
        lines.append(f"    title: {parsed.title}")
        lines.append(f"    date: {describe_date(parsed)}")
        if result.article is not None:
            lines.append(f"    language: {result.article.get_language_display()}")
        if parsed.byline:
            lines.append(f"    byline: {parsed.byline}")
        if show_links and result.action in ("created", "updated"):
            lines.append(f"    {describe_links(result.article)}")
        lines.extend(f"    {note}" for note in result.notes)
        if verbosity > 1:
            lines.extend(
                f"    dropped line {d.line} ({d.reason}): {d.text}" for d in parsed.dropped
            )
            lines.extend(f"    caption line {c.line}: {c.markdown}" for c in parsed.captions)
    return lines


def describe_date(parsed):
    if parsed.date is not None:
        where = ", read from the first sentence: check it" if parsed.date_in_text else ""
        return f"{parsed.date.isoformat()} ({parsed.date_precision}{where})"
    if parsed.date_text:
        return f"“{parsed.date_text}” kept as printed, no year: left for an editor"
    return "none found"


def describe_links(article):
    sessions = ", ".join(str(link.session.number) for link in article.session_links.all())
    people = ", ".join(link.person.name for link in article.person_links.all())
    return f"links: sessions {sessions or '-'}; people {people or '-'}"
