"""Broken inputs a user can hand to ``hearth import``, built on disk (shared by the CLI test and the
hostile-input table of the report)."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

GOOD_THREAD = {"participants": [{"name": "A"}, {"name": "B"}], "title": "B",
               "messages": [{"sender_name": "A", "timestamp_ms": 1_600_000_000_000, "content": "hello"}]}


def good_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("your_facebook_activity/messages/inbox/b_1234567/message_1.json", json.dumps(GOOD_THREAD))
    return path


def many_members_zip(path: Path, n: int) -> Path:
    """A real ZIP of ``n`` empty stored members (ZIP64 end records), written directly: zipfile
    takes ~20 s for 500k members on a busy machine, this ~1 s."""
    local, central = bytearray(), bytearray()
    for i in range(n):
        name = f"f/{i}".encode()
        off = len(local)
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0) + name
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0, 0, 0,
                               0, 0, off) + name
    cd_off, cd_size = len(local), len(central)
    z64_off = cd_off + cd_size
    tail = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, n, n, cd_size, cd_off)
    tail += struct.pack("<IIQI", 0x07064B50, 0, z64_off, 1)
    tail += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    path.write_bytes(bytes(local) + bytes(central) + tail)
    return path


def build(root: Path, *, many: int = 500_001) -> dict[str, Path]:
    """name -> input path, one per kind of broken input."""
    root.mkdir(parents=True, exist_ok=True)
    good = good_zip(root / "good.zip")
    out: dict[str, Path] = {}
    out["README"] = root / "README.md"
    out["README"].write_text("# My Facebook download\n\nJust notes.\n")
    out["JPEG"] = root / "photo.jpg"
    out["JPEG"].write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 40 + b"\xff\xd9")
    out["fake .zip"] = root / "facebook-alex-01_01_2025.zip"
    out["fake .zip"].write_text("this is not a zip archive")
    out["empty folder"] = root / "empty"
    out["empty folder"].mkdir(exist_ok=True)
    data = good.read_bytes()
    out["ZIP 10 bytes short"] = root / "facebook-cut-01_01_2025.zip"
    out["ZIP 10 bytes short"].write_bytes(data[:-10])
    out["ZIP half downloaded"] = root / "facebook-half-01_01_2025.zip"
    out["ZIP half downloaded"].write_bytes(data[:len(data) // 2])
    out["ZIP with 500,001 members"] = many_members_zip(root / "many.zip", many)
    return out
