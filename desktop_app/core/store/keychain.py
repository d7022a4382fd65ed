"""The vault key in the OS keychain, through ``keyring``; insecure backends are refused."""

from __future__ import annotations

import logging

from desktop_app.core.errors import KeychainUnavailable

log = logging.getLogger(__name__)

SERVICE = "Hearth vault"

# Backends that store nothing, fail, or keep secrets in plain or trivially-decryptable files.
_REFUSED = (
    "keyring.backends.fail.",
    "keyring.backends.null.",
    "keyrings.alt.file.",           # PlaintextKeyring and EncryptedKeyring (file next to the data)
    "keyrings.alt.Gnome.",
    "keyrings.alt.Google.",
    "keyrings.alt.pyfs.",
    "keyrings.alt.multi.",
    "keyrings.alt.Windows.RegistryKeyring",
)


def backend_name(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_secure(backend: object) -> bool:
    name = backend_name(backend)
    if any(name.startswith(prefix) or name == prefix.rstrip(".") for prefix in _REFUSED):
        return False
    if name == "keyring.backends.chainer.ChainerBackend":
        subs = getattr(backend, "backends", [])
        return bool(subs) and all(_is_secure(b) for b in subs)
    try:
        priority = float(getattr(type(backend), "priority", 0))
    except Exception:  # noqa: BLE001 - some backends compute priority and raise when unusable
        return False
    return priority > 0


def secure_backend() -> object | None:
    """The active keyring backend if it really is a secure keychain, else None."""
    try:
        import keyring
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - any failure here means "no keychain"
        return None
    return backend if _is_secure(backend) else None


def describe() -> dict[str, object]:
    try:
        import keyring
        backend = keyring.get_keyring()
        name = backend_name(backend)
    except Exception as exc:  # noqa: BLE001
        return {"backend": None, "secure": False, "reason": type(exc).__name__}
    secure = _is_secure(backend)
    return {"backend": name, "secure": secure,
            "reason": "" if secure else "not a secure keychain (fail, null or plaintext backend)"}


def store_key(account: str, hex_key: str) -> str:
    backend = secure_backend()
    if backend is None:
        raise KeychainUnavailable("No secure OS keychain is available; use a passphrase instead.")
    try:
        backend.set_password(SERVICE, account, hex_key)  # type: ignore[attr-defined]
        if backend.get_password(SERVICE, account) != hex_key:  # type: ignore[attr-defined]
            raise KeychainUnavailable("The OS keychain did not keep the vault key.")
    except KeychainUnavailable:
        raise
    except Exception as exc:  # noqa: BLE001
        raise KeychainUnavailable(f"The OS keychain refused to store the key ({type(exc).__name__}).") from None
    return backend_name(backend)


def load_key(account: str) -> str | None:
    backend = secure_backend()
    if backend is None:
        return None
    try:
        return backend.get_password(SERVICE, account)  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001
        log.warning("keychain read failed: %s", type(exc).__name__)
        return None


def delete_key(account: str) -> bool:
    """Remove the key; True when an entry was removed."""
    backend = secure_backend()
    if backend is None:
        return False
    try:
        if backend.get_password(SERVICE, account) is None:  # type: ignore[attr-defined]
            return False
        backend.delete_password(SERVICE, account)  # type: ignore[attr-defined]
        return True
    except Exception as exc:  # noqa: BLE001
        log.warning("keychain delete failed: %s", type(exc).__name__)
        return False
