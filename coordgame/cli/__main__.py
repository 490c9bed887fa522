"""``python -m coordgame.cli``: the ``coordgame`` command."""

import sys

from coordgame.cli import main

sys.exit(main())
