"""`python3 -m numpy_redis`: the command line (see numpy_redis.cli)."""

import sys

from .cli import main

sys.exit(main())
