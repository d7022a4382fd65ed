"""Schema migrations owned by the privacy area (names start with 'privacy_')."""

MIGRATIONS: list = []
