"""Permanent URLs: what a version means, the lock file, the preserved versions, the catalog checked
against both, and what ``credcat lock`` records.
"""
