"""Attack corpus for the ZIP / folder defences: each hostile member is a clear per-file error,
the good files beside it still import, and nothing is written outside the vault."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from desktop_app.core.importers import jsonio
from desktop_app.core.importers.vfs import Limits, open_source, safe_member_name
from desktop_app.core.ingest import service
from desktop_app.core.ingest.options import ImportOptions
from desktop_app.core.ingest.prepare import InputRefused

GOOD = {"participants": [{"name": "A"}, {"name": "B"}],
        "messages": [{"sender_name": "A", "timestamp_ms": 1_600_000_000_000, "content": "hello"}], "title": "B"}


def _zip(path: Path, members: list[tuple[str, bytes]], *, attrs: dict[str, int] | None = None,
         flags: dict[str, int] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            zi = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            if attrs and name in attrs:
                zi.create_system = 3
                zi.external_attr = attrs[name] << 16
            z.writestr(zi, data)
    if flags:
        raw = bytearray(path.read_bytes())
        for name, bit in flags.items():
            nb = name.encode()
            # set the flag bit in both the local header and the central directory entry
            for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
                i = 0
                while (i := raw.find(sig, i)) >= 0:
                    name_off = 30 if sig == b"PK\x03\x04" else 46
                    if raw[i + name_off:i + name_off + len(nb)] == nb:
                        raw[i + off] |= bit
                    i += 4
        path.write_bytes(bytes(raw))
    return path


def _good_thread(name: str = "messages/inbox/b_1234567/message_1.json") -> tuple[str, bytes]:
    return name, json.dumps(GOOD).encode()


def _report_errors(rep) -> list[str]:
    return [e["reason"] for e in rep.input_errors] + [s["reason"] for c in rep.categories.values() for s in c.skipped] \
        + [p["reason"] for c in rep.categories.values() for p in c.partial]


@pytest.mark.parametrize("bad,reason", [
    ("../../evil.json", "unsafe path"), ("/etc/passwd", "unsafe path"), ("C:/win/evil.json", "unsafe path"),
    ("messages/../../x.json", "unsafe path")])
def test_traversal_and_absolute_names(tmp_path, vault, bad, reason):
    z = _zip(tmp_path / "facebook-x-01_01_2024-aa.zip", [_good_thread(), (bad, b"{}")])
    before = set(os.listdir(tmp_path))
    rep = service.run_import(vault, [z])
    assert any(r.startswith(reason) for r in _report_errors(rep))
    assert rep.cat("messages").imported == 1
    assert set(os.listdir(tmp_path)) == before and not (tmp_path.parent / "evil.json").exists()


def test_symlink_entries(tmp_path, vault):
    z = _zip(tmp_path / "a.zip", [_good_thread(), ("messages/inbox/c_7654321/message_1.json", b"/etc/passwd")],
             attrs={"messages/inbox/c_7654321/message_1.json": stat.S_IFLNK | 0o777})
    rep = service.run_import(vault, [z])
    assert "symbolic link entry; ignored" in _report_errors(rep)
    assert rep.cat("messages").imported == 1


def test_symlinks_in_folders_not_followed(tmp_path, vault):
    root = tmp_path / "export"
    (root / "messages/inbox/b_1234567").mkdir(parents=True)
    (root / "messages/inbox/b_1234567/message_1.json").write_text(json.dumps(GOOD))
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps(GOOD | {"title": "SECRET"}))
    (root / "messages/inbox/c_7654321").mkdir()
    os.symlink(secret, root / "messages/inbox/c_7654321/message_1.json")
    os.symlink(tmp_path, root / "loop")
    rep = service.run_import(vault, [root])
    assert _report_errors(rep).count("symbolic link; ignored") == 2
    assert vault.scalar("SELECT count(*) FROM threads WHERE title = 'SECRET'") == 0


def test_encrypted_member(tmp_path, vault):
    z = _zip(tmp_path / "a.zip", [_good_thread(), _good_thread("messages/inbox/c_7654321/message_1.json")],
             flags={"messages/inbox/c_7654321/message_1.json": 0x1})
    rep = service.run_import(vault, [z])
    assert "encrypted member; cannot be read" in _report_errors(rep)
    assert rep.cat("messages").imported == 1


def test_duplicate_member_names(tmp_path, vault):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        z = _zip(tmp_path / "a.zip", [_good_thread(), ("messages/inbox/b_1234567/message_1.json", b"not json")])
    rep = service.run_import(vault, [z])
    assert any("duplicate member name" in r for r in _report_errors(rep))
    assert rep.cat("messages").imported == 1


def test_zip_bomb_ratio_and_total_caps(tmp_path, vault):
    z = _zip(tmp_path / "a.zip", [_good_thread(), ("posts/your_posts_1.json", b"[" + b" " * (20 * 2**20) + b"]")])
    rep = service.run_import(vault, [z])
    assert any("compression ratio too high" in r for r in _report_errors(rep))
    assert rep.cat("messages").imported == 1
    small = ImportOptions(limits=Limits(max_total_bytes=1000))
    before = vault.scalar("SELECT count(*) FROM archives")
    with pytest.raises(InputRefused, match="over the 1000 byte cap"):
        service.run_import(vault, [z], options=small)
    assert vault.scalar("SELECT count(*) FROM archives") == before


def test_entry_count_cap(tmp_path, vault):
    z = _zip(tmp_path / "a.zip", [(f"x/{i}.txt", b"x") for i in range(50)])
    src = open_source(z, Limits(max_entries=10))
    assert src.fatal and "too many entries" in src.fatal


def test_member_larger_than_parse_cap(tmp_path, vault):
    z = _zip(tmp_path / "a.zip", [_good_thread(), ("posts/your_posts_1.json", json.dumps([{"x": "y" * 5000}]).encode())])
    rep = service.run_import(vault, [z], options=ImportOptions(limits=Limits(max_member_read=2000)))
    assert any("too large to parse" in r for r in _report_errors(rep))


@pytest.mark.parametrize("payload,reason", [
    (b"[" * 100_000 + b"]" * 100_000, "JSON nested too deeply"),
    (b'{"friends_v2": [{"name": "x", "timestamp": 1' + b"0" * 5000 + b"}]}", "number too large"),
    (b'{"friends_v2": [{"name": "x", "timestamp": 1e999}]}', "number out of range"),
    (b'{"friends_v2": [{"name": "x", "timestamp": NaN}]}', "non-standard JSON constant"),
    (b'{"friends_v2": [{"name": "\xff\xfe"}]}', "not valid UTF-8"),
    (b'{"friends_v2": [', "invalid JSON"),
])
def test_hostile_json(tmp_path, vault, payload, reason):
    z = _zip(tmp_path / "a.zip", [_good_thread(), ("friends/friends.json", payload)])
    rep = service.run_import(vault, [z])
    # an unreadable value leaves out its item (reason in brackets); broken JSON the whole file
    assert any(r.startswith(reason) or f"({reason})" in r for r in _report_errors(rep)), _report_errors(rep)
    assert rep.cat("messages").imported == 1 and rep.state == "done"


def test_bom_is_accepted(tmp_path, vault):
    z = _zip(tmp_path / "a.zip", [_good_thread(), ("friends/friends.json",
                                                   b"\xef\xbb\xbf" + json.dumps({"friends": [{"name": "Zed"}]}).encode())])
    rep = service.run_import(vault, [z])
    assert rep.cat("connections").imported == 1


def test_not_a_zip_and_truncated_zip(tmp_path, vault):
    """A broken download beside a good one refuses the whole import: nothing is written."""
    good = _zip(tmp_path / "good.zip", [_good_thread()])
    trunc = tmp_path / "trunc.zip"
    trunc.write_bytes(good.read_bytes()[:-30])
    with pytest.raises(InputRefused, match="trunc.zip: ZIP is damaged or incomplete"):
        service.run_import(vault, [trunc, good])
    assert vault.scalar("SELECT count(*) FROM archives") == 0 and vault.scalar("SELECT count(*) FROM jobs") == 0
    assert service.run_import(vault, [good]).cat("messages").imported == 1


def test_safe_member_name():
    assert safe_member_name("a/./b//c.json") == "a/b/c.json"
    assert safe_member_name("a\\..\\b") is None
    assert safe_member_name("x\x00y") is None
    assert safe_member_name("") is None


def test_error_reasons_quote_no_content():
    with pytest.raises(jsonio.FileError) as e:
        jsonio.loads(b'{"secret message": ')
    assert "secret" not in e.value.reason


def test_broken_page_skips_only_that_page(tmp_path, vault):
    older = dict(GOOD, messages=[{"sender_name": "B", "timestamp_ms": 1_500_000_000_000, "content": "older"}])
    z = _zip(tmp_path / "a.zip", [_good_thread(), ("messages/inbox/b_1234567/message_2.json", b"{truncated"),
                                  ("messages/inbox/b_1234567/message_3.json", json.dumps(older).encode())])
    rep = service.run_import(vault, [z])
    assert rep.cat("messages").imported == 2
    assert any("message_2.json: invalid JSON" in r for r in _report_errors(rep))
