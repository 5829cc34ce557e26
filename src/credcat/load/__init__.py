"""From sources to one checked ``Catalog`` value: the loading pipeline, translations, the build
cache and what it keeps, completeness profiles.
"""
