"""Offline mirror: fake template-essay sites on 127.0.0.1 with known ground truth.

    from mirror import running, catalog
    with running(seed=0) as m:
        m.urls["gongwen"]  # "http://127.0.0.1:PORT"
"""

from mirror.catalog import Page, catalog, site_names
from mirror.grammar import GeneratedText, bureau_document
from mirror.offtopic import off_topic_document
from mirror.server import Mirror, running, start

__all__ = ["GeneratedText", "Mirror", "Page", "bureau_document", "catalog", "off_topic_document",
           "running", "site_names", "start"]
