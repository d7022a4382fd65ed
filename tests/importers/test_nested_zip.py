"""ZIPs inside inputs: opened in place (stored) or from memory (compressed, under a cap), one
level deep, with every hostile-archive defence applied to the inner archive too."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from desktop_app.core.importers.vfs import Limits, open_sources
from desktop_app.core.ingest import service
from desktop_app.core.ingest.options import ImportOptions
from desktop_app.core.ingest.prepare import InputRefused
from tests.importers.test_hostile import _good_thread, _report_errors, _zip
from tests.synth.archive import Msg, OWNER, build_fb, split_zip, whatsapp_txt

FB = "facebook-alex-01_09_2024-Ab12Cd34.zip"


def _wrap(outer: Path, inners: list[Path], method: int = zipfile.ZIP_STORED) -> Path:
    with zipfile.ZipFile(outer, "w", method) as z:
        for p in inners:
            z.write(p, p.name)
    return outer


def _counts(rep) -> dict[str, tuple[int, int]]:
    return {k: (v.found, v.imported) for k, v in rep.categories.items() if v.found}


@pytest.fixture(scope="module")
def fb_zip(tmp_path_factory) -> Path:
    return build_fb(tmp_path_factory.mktemp("fb") / FB, era="FB-4", n_messages=120, n_threads=5, n_other=40)


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_export_zipped_twice_imports_like_the_plain_zip(tmp_path, fb_zip, profile, method):
    from desktop_app.core.store.vault import create_vault
    from tests.conftest import PASSPHRASE

    plain_vault = create_vault(profile / "plain", passphrase=PASSPHRASE)
    plain = service.run_import(plain_vault, [fb_zip])
    plain_vault.lock()
    folder = tmp_path / "downloads"
    folder.mkdir()
    outer = _wrap(folder / "my-facebook.zip", [fb_zip], method)
    nested_vault = create_vault(profile / "nested", passphrase=PASSPHRASE)
    rep = service.run_import(nested_vault, [folder])
    assert _counts(rep) == _counts(plain) and rep.imported == plain.imported > 100
    assert (rep.exports[0]["platform"], rep.exports[0]["era"]) == ("facebook", "FB-4")
    assert not rep.input_errors and not rep.unknown_files
    again = service.run_import(nested_vault, [outer])
    assert again.imported == 0
    path = json.loads(nested_vault.scalar("SELECT extra FROM records WHERE extra LIKE '%attachments%' LIMIT 1"))
    assert f"my-facebook.zip!{FB}!" in path["attachments"][0]["path"]
    nested_vault.lock()


def test_export_parts_zipped_together_form_one_export(tmp_path, fb_zip, vault):
    parts = split_zip(fb_zip, 3, tmp_path, "facebook-alex-01_09_2024")
    outer = _wrap(tmp_path / "all-parts.zip", parts, zipfile.ZIP_DEFLATED)
    rep = service.run_import(vault, [outer])
    assert len(rep.exports) == 1 and rep.exports[0]["era"] == "FB-4"
    assert rep.cat("messages").found == 120
    names = [n for (n,) in vault.query("SELECT name FROM archives ORDER BY id")]
    assert len(names) == 3 and "all-parts.zip" not in names   # the parts, not the empty wrapper


def test_whatsapp_chat_zip_inside_a_zip(tmp_path, vault, monkeypatch):
    monkeypatch.setenv("HEARTH_WHATSAPP_TZ", "UTC")
    chat = tmp_path / "WhatsApp Chat - Sam Carter.zip"
    with zipfile.ZipFile(chat, "w") as zf:
        zf.writestr("_chat.txt", whatsapp_txt([Msg("Sam Carter", 1_700_000_000_000, "hi"),
                                               Msg(OWNER, 1_700_000_060_000, "hello")]))
    rep = service.run_import(vault, [_wrap(tmp_path / "chats.zip", [chat], zipfile.ZIP_DEFLATED)])
    assert rep.exports[0]["platform"] == "whatsapp" and rep.cat("messages").imported == 3
    assert vault.scalar("SELECT title FROM threads") == "Sam Carter"


def test_zip_bomb_and_traversal_inside_an_inner_zip(tmp_path, vault):
    inner = _zip(tmp_path / "inner.zip", [_good_thread(), ("../../evil.json", b"{}"),
                                          ("posts/your_posts_1.json", b"[" + b" " * (20 * 2**20) + b"]")])
    outer = _wrap(tmp_path / "outer.zip", [inner])
    before = set(os.listdir(tmp_path))
    rep = service.run_import(vault, [outer])
    errs = {e["path"]: e["reason"] for e in rep.input_errors}
    assert errs["outer.zip/inner.zip/../../evil.json"].startswith("unsafe path")
    assert "compression ratio too high" in errs["outer.zip/inner.zip/posts/your_posts_1.json"]
    assert rep.cat("messages").imported == 1 and rep.state == "done"
    assert set(os.listdir(tmp_path)) == before and not (tmp_path.parent / "evil.json").exists()


def test_inner_zip_counts_against_the_outer_totals(tmp_path, vault):
    inner = _zip(tmp_path / "inner.zip", [_good_thread()] + [(f"x/{i}.txt", b"x" * 100) for i in range(20)])
    outer = _zip(tmp_path / "outer.zip", [("inner.zip", inner.read_bytes()), ("y.txt", b"y" * 600)])
    outer_total = inner.stat().st_size + 600
    with zipfile.ZipFile(inner) as z:
        inner_total = sum(i.file_size for i in z.infolist())
    cap = max(outer_total, inner_total) + 10  # each fits alone, not together
    srcs = open_sources(outer, Limits(max_total_bytes=cap))
    assert not srcs[0].fatal and f"over the {cap} byte cap for the whole input" in srcs[1].fatal
    alone = open_sources(inner, Limits(max_total_bytes=cap))
    assert not alone[0].fatal
    both = open_sources(outer, Limits(max_entries=22))  # 2 outside + 21 inside
    assert not both[0].fatal and "too many entries in ZIP (21 > 20 for the whole input)" == both[1].fatal
    for s in srcs + alone + both:
        s.close()
    with pytest.raises(InputRefused, match=r"outer.zip: outer.zip/inner.zip: too many entries"):
        service.run_import(vault, [outer], options=ImportOptions(limits=Limits(max_entries=22)))
    assert vault.scalar("SELECT count(*) FROM archives") == 0


def test_encrypted_and_symlink_members_in_an_inner_zip(tmp_path, vault):
    import stat
    inner = _zip(tmp_path / "inner.zip", [_good_thread(), _good_thread("messages/inbox/c_7654321/message_1.json"),
                                          ("link.json", b"/etc/passwd")],
                 flags={"messages/inbox/c_7654321/message_1.json": 0x1}, attrs={"link.json": stat.S_IFLNK | 0o777})
    rep = service.run_import(vault, [_wrap(tmp_path / "outer.zip", [inner])])
    assert "encrypted member; cannot be read" in _report_errors(rep)
    assert "symbolic link entry; ignored" in _report_errors(rep)
    assert rep.cat("messages").imported == 1


def test_oversized_compressed_inner_zip_is_reported_not_opened(tmp_path, vault):
    inner = _zip(tmp_path / "inner.zip", [_good_thread()])
    outer = _wrap(tmp_path / "outer.zip", [inner], zipfile.ZIP_DEFLATED)
    with pytest.raises(InputRefused, match="outer.zip/inner.zip: nested archive too large to open in place"):
        service.run_import(vault, [outer], options=ImportOptions(limits=Limits(max_nested_in_memory=100)))
    assert vault.scalar("SELECT count(*) FROM archives") == 0
    stored = _wrap(tmp_path / "stored.zip", [inner], zipfile.ZIP_STORED)  # stored: read in place, no cap
    rep = service.run_import(vault, [stored], options=ImportOptions(limits=Limits(max_nested_in_memory=100)))
    assert rep.cat("messages").imported == 1


def test_second_level_is_reported_not_opened(tmp_path, vault):
    deepest = _zip(tmp_path / "deep.zip", [_good_thread()])
    middle = _wrap(tmp_path / "middle.zip", [deepest])
    outer = _wrap(tmp_path / "outer.zip", [middle])
    with pytest.raises(InputRefused, match="outer.zip/middle.zip/deep.zip: archive nested two levels deep"):
        service.run_import(vault, [outer])
    assert vault.scalar("SELECT count(*) FROM archives") == 0


def test_a_non_zip_named_zip_stays_an_entry(tmp_path):
    outer = _zip(tmp_path / "outer.zip", [_good_thread(), ("notes.zip", b"not a zip")])
    srcs = open_sources(outer)
    assert len(srcs) == 1 and "notes.zip" in {e.path for e in srcs[0].entries}
    for s in srcs:
        s.close()


def test_attachment_zips_stay_media(tmp_path, vault, monkeypatch):
    """A .zip someone sent (in a thread's files/, in a WhatsApp export) is an attachment, not an input."""
    doc = {"participants": [{"name": "A"}, {"name": "B"}], "title": "B", "messages": [
        {"sender_name": "A", "timestamp_ms": 1_600_000_000_000, "files": [
            {"uri": "your_facebook_activity/messages/inbox/b_1234567/files/holiday.zip"}]}]}
    sent = _zip(tmp_path / "holiday.zip", [_good_thread()])
    t = "your_facebook_activity/messages/inbox/b_1234567/"
    fb = _zip(tmp_path / FB, [(t + "message_1.json", json.dumps(doc).encode()),
                              (t + "files/holiday.zip", sent.read_bytes())])
    monkeypatch.setenv("HEARTH_WHATSAPP_TZ", "UTC")
    wa = _zip(tmp_path / "WhatsApp Chat - Sam Carter.zip", [
        ("_chat.txt", whatsapp_txt([Msg("Sam Carter", 1_700_000_000_000, "holiday.zip (file attached)")]).encode()),
        ("holiday.zip", sent.read_bytes())])
    rep = service.run_import(vault, [fb, wa])
    assert len(rep.exports) == 2 and not rep.input_errors
    assert not [u for u in rep.unknown_files if u.endswith("holiday.zip")] and rep.media_files >= 2   # media, not unknown
    paths = [json.loads(x)["attachments"][0]["path"] for (x,) in vault.query(
        "SELECT extra FROM records WHERE extra LIKE '%attachments%'")]
    assert len(paths) == 2 and all(p.endswith("holiday.zip") for p in paths), paths
