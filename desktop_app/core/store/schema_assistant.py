"""Schema migrations owned by the assistant area (names start with 'assistant_')."""

MIGRATIONS: list = []
