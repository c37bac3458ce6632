"""CPU per cache hit: Django's own Redis backend against django-redis, interleaved in one run.

    .venv/bin/python bench/cache_client.py [--rounds 5] [--ops 3000]

A cached page is one get_many([generation, page]) (archive/caching.py). Django's RedisCache
builds a new redis client object for every operation; django-redis keeps one per process.
Needs Redis on 127.0.0.1:6379 (database 13 is used and left with two keys). Prints CPU and
wall microseconds per hit for each backend, best of the rounds, and their ratio.
"""

import argparse
import os
import time

import django
from django.conf import settings

URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
BACKENDS = {
    "django": "django.core.cache.backends.redis.RedisCache",
    "django-redis": "django_redis.cache.RedisCache",
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--ops", type=int, default=3000)
    args = parser.parse_args()
    settings.configure(
        CACHES={name: {"BACKEND": path, "LOCATION": URL} for name, path in BACKENDS.items()}
    )
    django.setup()
    from django.core.cache import caches

    page = b"<html>" + b"x" * 20000  # about the size of a compressed article page
    best = {name: (float("inf"), float("inf")) for name in BACKENDS}
    for _round in range(args.rounds):
        for name in BACKENDS:  # interleaved, so the machine's noise falls on both
            cache = caches[name]
            cache.set("page", page, 60)
            cache.set("generation", 1, 60)
            cpu, wall = time.process_time(), time.perf_counter()
            for _ in range(args.ops):
                cache.get_many(["generation", "page"])
            cpu = (time.process_time() - cpu) / args.ops * 1e6
            wall = (time.perf_counter() - wall) / args.ops * 1e6
            best[name] = (min(best[name][0], cpu), min(best[name][1], wall))
    print(f"load average {os.getloadavg()[0]:.2f}")
    for name, (cpu, wall) in best.items():
        print(f"{name:14} {cpu:7.1f} us CPU  {wall:7.1f} us wall per hit")
    print(f"ratio django / django-redis: CPU {best['django'][0] / best['django-redis'][0]:.1f}x")


if __name__ == "__main__":
    main()
