import sys

from cleaning.cli import main

sys.exit(main())
