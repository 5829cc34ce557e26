"""Allow ``python -m credcat``."""

from credcat.commands.cli import main

raise SystemExit(main())
