"""Decrypt every page and WAL frame of a SQLCipher 4 vault with a known key, for leak tests.

SQLCipher 4 defaults (pinned by Hearth with ``cipher_compatibility = 4``): 4096-byte pages,
80 reserved bytes per page (16-byte IV + 64-byte HMAC-SHA512), AES-256-CBC, a 16-byte salt at
the start of page 1, PBKDF2-HMAC-SHA512 with 256,000 iterations for passphrases.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80
KDF_ITER = 256_000


def salt_of(db_path: Path) -> bytes:
    return Path(db_path).read_bytes()[:16]


def key_from_passphrase(passphrase: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITER, 32)


def _decrypt_page(key: bytes, page: bytes, first: bool) -> bytes:
    body_start = 16 if first else 0
    iv = page[PAGE - RESERVE: PAGE - RESERVE + 16]
    data = page[body_start: PAGE - RESERVE]
    dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return dec.update(data) + dec.finalize()


def decrypt_db(db_path: Path, key: bytes) -> bytes:
    raw = Path(db_path).read_bytes()
    out = bytearray()
    for i in range(0, len(raw) - PAGE + 1, PAGE):
        out += _decrypt_page(key, raw[i:i + PAGE], first=(i == 0))
    return bytes(out)


def decrypt_wal(wal_path: Path, key: bytes) -> bytes:
    p = Path(wal_path)
    if not p.exists():
        return b""
    raw = p.read_bytes()
    out = bytearray()
    off = 32
    while off + 24 + PAGE <= len(raw):
        pgno = int.from_bytes(raw[off:off + 4], "big")
        page = raw[off + 24: off + 24 + PAGE]
        out += _decrypt_page(key, page, first=(pgno == 1))
        off += 24 + PAGE
    return bytes(out)


def plaintext_of_vault(db_path: Path, key: bytes) -> bytes:
    """All decrypted bytes of the database and its WAL."""
    db_path = Path(db_path)
    return decrypt_db(db_path, key) + decrypt_wal(db_path.with_name(db_path.name + "-wal"), key)


def raw_bytes_of_dir(folder: Path) -> bytes:
    out = bytearray()
    for f in sorted(Path(folder).rglob("*")):
        if f.is_file():
            out += f.read_bytes()
    return bytes(out)
