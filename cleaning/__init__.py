"""Turn fetched pages into clean documents. Pure functions: no Scrapy here."""

from cleaning.decode import DecodeError, decode_html
from cleaning.document import Document
from cleaning.pipeline import clean_html, clean_text

__all__ = ["DecodeError", "Document", "clean_html", "clean_text", "decode_html"]
