"""Shared by every stage: diagnostics and their codes, safe reading of files and YAML, the JSON
Schema, URLs, language formats and message catalogs, deterministic output.
"""
