"""The catalog's input model: credentials, issuers and their translations as frozen values, the
site configuration, the reference graph, and human labels.
"""
