import os
import sys

from cleaning.cli import main

try:
    sys.exit(main())
except BrokenPipeError:
    # `python -m cleaning dedup DIR | head` closes stdout early; that is not an
    # error worth a traceback (the recipe from the signal module's docs).
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(1)
