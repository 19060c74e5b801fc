"""Run the real ``sites`` spider from tests: project settings pointed at a mirror."""

from __future__ import annotations

import json
from pathlib import Path

import crawler.settings as project_settings

ROOT = Path(__file__).resolve().parent.parent


def crawl_settings(tmp_path: Path, urls: dict[str, str], **overrides) -> dict:
    """The project's settings, pointed at a mirror and a fresh database, fast and quiet."""
    settings = {k: getattr(project_settings, k) for k in dir(project_settings) if k.isupper()}
    urls_file = tmp_path / "mirror.json"
    urls_file.write_text(json.dumps(urls), encoding="utf-8")
    settings.update(
        CORPUS_DB=str(tmp_path / "corpus.db"),
        PROFILES_DIR=str(ROOT / "crawler" / "profiles" / "mirror"),
        MIRROR_URLS=str(urls_file),
        ARCHIVE_DIR=str(tmp_path / "archive"),
        AUTOTHROTTLE_ENABLED=False,
        DOWNLOAD_DELAY=0,
        LOG_LEVEL="WARNING",
        TELNETCONSOLE_ENABLED=False,
        REMOTE_CONTROL_ENABLED=False,
    )
    settings.update(overrides)
    return settings


async def run_crawl(settings: dict, **spider_args):
    """Run the real ``sites`` spider to the end; return the crawler (stats inside)."""
    from scrapy.utils.test import get_crawler

    from crawler.spiders.sites import SitesSpider

    crawler = get_crawler(SitesSpider, settings)
    await crawler.crawl(**spider_args)
    return crawler
