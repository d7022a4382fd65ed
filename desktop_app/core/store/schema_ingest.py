"""Schema migrations owned by the ingest area (names start with 'ingest_')."""

MIGRATIONS: list = []
