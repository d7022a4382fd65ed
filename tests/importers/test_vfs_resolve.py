"""UnionFS.resolve splits the normalised path with str.split: same parts as PurePosixPath."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from desktop_app.core.importers.vfs import Entry, Source, UnionFS, safe_member_name


def test_split_matches_purepath_on_normalised_names():
    for raw in ["a/b/c.png", "./a//b/./c.png", "x\\y\\z.jpg", "a", "a/b/", "ü/ß/photo 1.png", "a/.hidden/b"]:
        p = safe_member_name(raw)
        assert p is not None and p.split("/") == list(PurePosixPath(p).parts), raw


def test_resolve_exact_case_and_suffix():
    src = Source(path=Path("x"), kind="dir")
    fs = UnionFS()
    for path in ["messages/inbox/t_1/photos/42.png", "Media/Photo.JPG"]:
        fs.add(Entry(path=path, size=1, source=src, member=path))
    assert fs.resolve("messages/inbox/t_1/photos/42.png").path == "messages/inbox/t_1/photos/42.png"
    assert fs.resolve("media/photo.jpg").path == "Media/Photo.JPG"
    assert fs.resolve("Alex's_activity/messages/inbox/t_1/photos/42.png?x=1").path.endswith("42.png")
    assert fs.resolve("pre/fix/MEDIA/photo.jpg").path == "Media/Photo.JPG"
    assert fs.resolve("a/b/c/d/e/f/g/messages/inbox/t_1/photos/42.png") is None  # suffix search stops at 5
    assert fs.resolve("missing/42.png") is None and fs.resolve("https://x/y.png") is None
    assert fs.resolve("../42.png") is None
