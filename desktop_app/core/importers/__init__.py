"""Format detection and parsers for Meta and WhatsApp exports: pure code yielding domain values, no vault access."""
