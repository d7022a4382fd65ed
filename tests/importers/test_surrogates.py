"""Lone UTF-16 surrogate escapes ("\\ud800" without its pair) in export JSON: orjson refuses them,
the stdlib accepts them; they become U+FFFD at parse time so hashing and storing never fail."""

from __future__ import annotations

from desktop_app.core.importers import jsonio
from desktop_app.core.ingest import service
from tests.importers.test_shapes import _write

# Raw JSON text: the escapes must reach the parser as written (json.dumps would re-escape them).
THREAD = (b'{"participants": [{"name": "Alex Rivera"}, {"name": "Sam Carter"}], "title": "Sam Carter",'
          b' "thread_path": "inbox/samcarter_1234567", "messages": ['
          b'{"sender_name": "Sam Carter", "timestamp_ms": 1700000000000, "content": "half \\ud83d emoji"},'
          b'{"sender_name": "Alex Rivera", "timestamp_ms": 1700000100000, "content": "pair \\ud83d\\ude00 ok"},'
          b'{"sender_name": "Sam\\udc00", "timestamp_ms": 1700000200000, "content": "reversed \\udc00\\ud800"}]}')


def test_loads_replaces_lone_surrogates_keeps_pairs():
    v = jsonio.loads(b'{"k\\ud800": ["a\\udfffb", "\\ud83d\\ude00", 1, {"x": "\\uDBFF"}]}')
    assert v == {"k\ufffd": ["a\ufffdb", "\U0001f600", 1, {"x": "\ufffd"}]}
    assert jsonio.loads(b'["plain", "\\\\ud800 is text"]') == ["plain", "\\ud800 is text"]


def test_lone_surrogate_message_imports_once(tmp_path, vault):
    root = _write(tmp_path / "facebook-alex-01_01_2024-aa",
                  {"your_facebook_activity/messages/inbox/samcarter_1234567/message_1.json": THREAD})
    rep = service.run_import(vault, [root])
    assert rep.state == "done" and rep.cat("messages").imported == 3
    texts = {r[0] for r in vault.query("SELECT text FROM records")}
    assert texts == {"half \ufffd emoji", "pair \U0001f600 ok", "reversed \ufffd\ufffd"}
    assert vault.scalar("SELECT count(*) FROM records WHERE author = 'Sam\ufffd'") == 1
    again = service.run_import(vault, [root])
    assert again.imported == 0 and vault.scalar("SELECT count(*) FROM records") == 3
