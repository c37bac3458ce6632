"""CPU of the stored counts and related articles of an import's new articles
(`refresh_stored_figures`), with another version of the related-articles scoring beside it.

    DJANGO_DEBUG=1 DATABASE_URL=sqlite:////tmp/related/db.sqlite3 \\
        .venv/bin/python bench/related.py --rows 20000 --folder /tmp/related

Generates the deterministic files of bench/import.py into --folder (once), imports the
reference rows and then the articles with the derived work left out (`derived_later`), and
times `refresh_stored_figures` of those articles with the code as it is and with the plain
scoring it replaced (every candidate's targets intersected, every candidate sorted), in turn,
`--rounds` times on the same database. Prints the CPU seconds of each, whether both stored
the same related lists, and the load average. Use an empty database: the articles must be new.
"""

import argparse
import importlib.util
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apksite.settings")


def plain_related(finder, article_id, targets):
    """What RelatedFinder.related() did before: the definition, computed directly."""
    from archive.linking import derived

    candidates = {pk for target in targets for pk in finder.pool(target)} - {article_id}
    scores = {pk: len(targets & finder.candidate_targets[pk]) for pk in candidates}
    return sorted(scores, key=lambda pk: (-scores[pk], -pk))[: derived.RELATED_KEPT]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--folder", required=True)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command

    from archive.linking import derived
    from archive.models import Article
    from archive.transfer.pipeline import import_file
    from archive.transfer.resources import RESOURCES

    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "articles.csv").exists():
        spec = importlib.util.spec_from_file_location("bench_import", ROOT / "bench/import.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.generate(folder, args.rows)
    call_command("migrate", verbosity=0)
    for key in ("sessions", "people", "topics", "sources"):
        assert import_file(key, str(folder / f"{key}.csv")).ok, key
    outcome = import_file("articles", str(folder / "articles.csv"), derived_later=True)
    assert outcome.ok, outcome.errors[:3]
    pks = outcome.pending_refresh
    resource = RESOURCES["articles"]()
    current = derived.RelatedFinder.related
    seconds, lists = {"plain": [], "current": []}, {}
    for _ in range(args.rounds):
        for name, related in (("plain", plain_related), ("current", current)):
            derived.RelatedFinder.related = related
            started = time.process_time()
            resource.refresh_stored_figures(pks)
            seconds[name].append(round(time.process_time() - started, 2))
            rows = Article.objects.order_by("pk").values_list("related_ids", flat=True)
            lists[name] = list(rows)
    derived.RelatedFinder.related = current
    print(f"{len(pks)} new articles, load {os.getloadavg()}")
    print(f"CPU seconds, plain: {seconds['plain']}, current: {seconds['current']}")
    print("the same related lists:", lists["plain"] == lists["current"])


if __name__ == "__main__":
    main()
