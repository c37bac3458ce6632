"""The production settings plus one trivial view, /trivial/ (bench/load.py --ceiling): what
this gunicorn, Python and machine serve when a request does no work at all, the ceiling
every page's throughput is measured against."""

from apksite.settings import *  # noqa: F403 - the same site, one URL more

ROOT_URLCONF = "bench.ceiling_urls"
