"""Allow ``python -m credcat``."""

from credcat.cli import main

raise SystemExit(main())
