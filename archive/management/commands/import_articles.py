"""python manage.py import_articles PATH... [--status published] [--source NAME] [--dry-run]

Imports plain-text articles with archive.transfer.plain_text and prints what happened to
each file. See docs/importing.md.
"""

from django.core.management.base import BaseCommand, CommandError

from archive.models import Article, Language
from archive.transfer.plain_text import PlainTextError, import_plain_text


class Command(BaseCommand):
    help = (
        "Import plain-text articles from files or folders (*.txt, searched recursively). "
        "New articles are drafts unless --status published; links to sessions and people "
        "are detected afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="a .txt file or a folder")
        parser.add_argument("--status", choices=Article.Status.values, default="draft")
        parser.add_argument("--source", help="source name for every file (else read from text)")
        parser.add_argument(
            "--language",
            choices=Language.values,
            help="language of every new article (else read from its text: ru, kk or en)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would happen; write nothing"
        )

    def handle(self, *args, paths, status, source, language, dry_run, **options):
        self.verbosity = options.get("verbosity", 1)
        try:
            results = import_plain_text(
                paths, status=status, source=source, language=language, dry_run=dry_run
            )
        except PlainTextError as error:
            raise CommandError(str(error)) from error.__cause__
        self.report(results, dry_run)

    def report(self, results, dry_run):
        verbs = {"created": "would create", "updated": "would update"} if dry_run else {}
        for result in results:
            verb = verbs.get(result.action, result.action)
            self.stdout.write(self.describe(result, verb, show_links=not dry_run))
        actions = [result.action for result in results]
        names = {"created": "to create", "updated": "to update"} if dry_run else {}
        summary = ", ".join(
            f"{actions.count(action)} {names.get(action, action)}"
            for action in ("created", "updated", "unchanged", "skipped")
            if action in actions
        )
        prefix = "Dry run, nothing written: " if dry_run else "Done: "
        self.stdout.write(self.style.SUCCESS(prefix + summary + "."))

    def describe(self, result, verb, show_links):
        lines = [f"{verb:<12} {result.path}"]
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
            if self.verbosity > 1:
                lines.extend(
                    f"    dropped line {d.line} ({d.reason}): {d.text}" for d in parsed.dropped
                )
                lines.extend(f"    caption line {c.line}: {c.markdown}" for c in parsed.captions)
        return "\n".join(lines)


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
