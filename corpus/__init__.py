"""The corpus: its database (store), search, exports and a reader.

``from corpus import Corpus`` reads the database as typed records
(see corpus.reader).
"""

from corpus.reader import Corpus, Document, Source

__all__ = ["Corpus", "Document", "Source"]
