"""Schema migrations owned by the retrieval area (names start with 'retrieval_')."""

MIGRATIONS: list = []
