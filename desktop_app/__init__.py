"""Hearth: a private assistant over your own Meta archive."""

__version__ = "0.1.0"
APP_NAME = "Hearth"
