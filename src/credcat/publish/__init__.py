"""The build: render everything, check it against the ledger, write it atomically."""
