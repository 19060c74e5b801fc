"""The downloader slot (one per site) a request goes through: where its delay lives."""

from __future__ import annotations


def download_slot(crawler, request):
    """The slot of ``request``'s site, or None before it has one (or when not crawling)."""
    try:
        engine = crawler.engine
    except RuntimeError:  # not crawling (a unit test): there are no slots
        return None
    downloader = engine.downloader
    return downloader.slots.get(downloader.get_slot_key(request))
