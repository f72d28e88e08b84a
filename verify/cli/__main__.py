"""``python -m verify.cli`` is the same as the ``slth`` console script."""

import sys

from verify.cli import main

sys.exit(main())
