"""``python -m corpus``: see corpus.cli."""

import sys

from corpus.cli import main

sys.exit(main())
