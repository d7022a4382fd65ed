"""Writing imported items into the vault: people, threads, records, dedup, tombstones, jobs."""
