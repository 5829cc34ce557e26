"""Each kind of input read and checked on its own: field values, images, SVG, the catalog's
stylesheets, private keys, portable names, issuer keys, stack rules, themes and Markdown.
"""
