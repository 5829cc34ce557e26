"""``credcat import``: Open Badges documents and spreadsheets into catalog files."""
