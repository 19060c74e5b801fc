"""``scrapy crawl``, which checks its arguments first and tells when nothing was fetched.

Scrapy's own command shows an asyncio traceback for an unknown profile and exits 0
after a crawl that fetched nothing; this one prints one line and exits non-zero:
2 for a crawl that cannot start, 1 for a crawl that fetched nothing.
"""

from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawl

from crawler.preflight import SetupError, check_setup


class Command(ScrapyCrawl):
    def process_options(self, args: list[str], opts) -> None:
        super().process_options(args, opts)
        if args != ["sites"]:
            return
        # Checked here, before Scrapy starts its crawler process (and logs its banner).
        try:
            check_setup(self.settings, opts.spargs)
        except SetupError as exc:
            print(f"scrapy crawl: error: {exc}", file=sys.stderr)
            sys.exit(2)

    def run(self, args: list[str], opts) -> None:
        self.crawlers = []
        super().run(args, opts)
        if self.exitcode == 0 and any(not c.stats.get_value("pages/fetched") for c in self.crawlers):
            self.exitcode = 1

    def _create_crawler(self, spidercls):
        crawler = super()._create_crawler(spidercls)
        self.crawlers.append(crawler)
        return crawler
