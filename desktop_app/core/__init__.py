"""Hearth's Qt-free core: vault, importers, retrieval, assistant, profile and privacy."""
