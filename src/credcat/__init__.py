"""credcat: a static site generator for public micro-credential catalogs."""

__version__ = "0.1.0"
