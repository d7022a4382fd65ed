"""Error types shared by the core, the CLI and the GUI.

Two kinds of error: ``KnownError`` (bad input or environment; shown as one plain line)
and everything else (a bug; shown with details, re-raised in tests).
"""

from __future__ import annotations


class AppError(Exception):
    """Base of every error Hearth raises on purpose."""


class KnownError(AppError):
    """An error the user can understand and act on; ``user_message`` is one line."""

    exit_code = 2

    def __init__(self, user_message: str, *, help_topic: str | None = None) -> None:
        super().__init__(user_message)
        self.user_message = user_message
        self.help_topic = help_topic


class Cancelled(AppError):
    """The user asked to stop; never shown as an error."""


class VaultNotFound(KnownError):
    exit_code = 3


class VaultExists(KnownError):
    exit_code = 4


class WrongKey(KnownError):
    """Wrong passphrase or key: the vault file is left untouched."""

    exit_code = 5


class NotEncrypted(KnownError):
    """The file at the vault path is not an SQLCipher database."""

    exit_code = 6


class KeychainUnavailable(KnownError):
    exit_code = 7


class VaultLocked(KnownError):
    exit_code = 8


class VaultFromFuture(KnownError):
    exit_code = 9


class DiskFull(KnownError):
    exit_code = 10


class ModelError(KnownError):
    exit_code = 11


