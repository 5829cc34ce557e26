"""Renderers: each takes the checked catalog (or a scope of it) and returns ``Output`` values,
never touching the disk.
"""
