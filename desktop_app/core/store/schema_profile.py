"""Schema migrations owned by the profile area (names start with 'profile_')."""

MIGRATIONS: list = []
