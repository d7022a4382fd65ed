"""Readers for Meta's recurring JSON containers (formats doc §4): wrapped lists, activity items,
``string_list_data``/``string_map_data`` and ``label_values`` records. Labels are localized, so
each reader matches several spellings and falls back on structure."""

from __future__ import annotations

import re
from typing import Any, Iterator

from desktop_app.core.importers.base import Ctx
from desktop_app.core.importers.timeutil import epoch_ms

_SUFFIX = re.compile(r"_v\d+$")


def base_key(k: str) -> str:
    return _SUFFIX.sub("", k)


def wrapped(doc: Any) -> list[tuple[str, Any]]:
    """(key without _vN, value) for each top-level member; a bare list is ("", list)."""
    if isinstance(doc, list):
        return [("", doc)]
    if isinstance(doc, dict):
        return [(base_key(k), v) for k, v in doc.items()]
    return []


def as_list(v: Any) -> list:
    if isinstance(v, list):
        return v
    if v is None:
        return []
    return [v]


def dicts(v: Any) -> list[dict]:
    return [x for x in as_list(v) if isinstance(x, dict)]


def first_ts(item: dict, *keys: str) -> int | None:
    for k in keys or ("timestamp", "creation_timestamp", "start_timestamp", "timestamp_ms", "added_timestamp",
                      "create_timestamp", "update_timestamp"):
        v = item.get(k)
        if v is not None:
            ms = epoch_ms(v, unit="ms" if k == "timestamp_ms" else "s")
            if ms:
                return ms
    return None


# -- FB activity items ----------------------------------------------------------------------------
def activity_texts(ctx: Ctx, item: dict) -> dict[str, Any]:
    """Pieces of an FB activity item (§4.2): post text, comments, reactions, attachments, places."""
    out: dict[str, Any] = {"post": [], "comment": [], "reaction": [], "text": [], "media": [], "links": [],
                           "places": [], "names": []}
    for d in dicts(item.get("data")):
        if "post" in d:
            out["post"].append(ctx.s(d["post"]))
        if isinstance(d.get("comment"), dict):
            out["comment"].append(d["comment"])
        elif isinstance(d.get("comment"), str):
            out["comment"].append({"comment": d["comment"]})
        if isinstance(d.get("reaction"), dict):
            out["reaction"].append(d["reaction"])
        if "text" in d:
            out["text"].append(ctx.s(d["text"]))
        if "name" in d:
            out["names"].append(ctx.s(d["name"]))
    for att in dicts(item.get("attachments")):
        for d in dicts(att.get("data")):
            if isinstance(d.get("media"), dict):
                m = d["media"]
                out["media"].append(ctx.media(m.get("uri"), "media", title=ctx.s(m.get("title")),
                                              description=ctx.s(m.get("description"))))
            if isinstance(d.get("external_context"), dict):
                ec = d["external_context"]
                out["links"].append({k: ctx.s(ec.get(k)) for k in ("url", "name", "source") if ec.get(k)})
            if isinstance(d.get("place"), dict):
                out["places"].append(place(ctx, d["place"]))
            if "text" in d:
                out["text"].append(ctx.s(d["text"]))
            if isinstance(d.get("name"), str):
                out["names"].append(ctx.s(d["name"]))
    return out


def place(ctx: Ctx, p: dict) -> dict[str, Any]:
    out: dict[str, Any] = {"name": ctx.s(p.get("name"))}
    c = p.get("coordinate")
    if isinstance(c, dict) and isinstance(c.get("latitude"), (int, float)):
        out["lat"], out["lon"] = c.get("latitude"), c.get("longitude")
    for k in ("address", "url"):
        if p.get(k):
            out[k] = ctx.s(p[k])
    return out


# -- IG string_list_data / string_map_data ------------------------------------------------------------
def sld(ctx: Ctx, item: dict) -> list[dict]:
    return [{"value": ctx.s(x.get("value")), "href": ctx.s(x.get("href")), "ts": epoch_ms(x.get("timestamp"), unit="s")}
            for x in dicts(item.get("string_list_data"))]


def smd(ctx: Ctx, item: dict) -> dict[str, dict]:
    """{localized label (repaired, lowercased): {value, href, ts}}."""
    m = item.get("string_map_data")
    if not isinstance(m, dict):
        return {}
    out = {}
    for k, v in m.items():
        if isinstance(v, dict):
            out[ctx.s(k).strip().lower()] = {"value": ctx.s(v.get("value")), "href": ctx.s(v.get("href")),
                                             "ts": epoch_ms(v.get("timestamp"), unit="s")}
    return out


def pick(m: dict[str, dict], *labels: str, field: str = "value") -> Any:
    for lab in labels:
        v = m.get(lab)
        if v and v.get(field):
            return v[field]
    return None


def any_ts(m: dict[str, dict]) -> int | None:
    return next((v["ts"] for v in m.values() if v.get("ts")), None)


# -- label_values records ---------------------------------------------------------------------------
def lv_pairs(ctx: Ctx, rec: dict) -> Iterator[tuple[str, dict]]:
    """Flatten ``label_values`` (recursively through dict/vec) into (label lowercased, payload)."""
    def walk(items: Any, prefix: str) -> Iterator[tuple[str, dict]]:
        for lv in dicts(items):
            label = ctx.s(lv.get("label") or lv.get("title") or "").strip().lower()
            payload: dict[str, Any] = {}
            if "value" in lv:
                payload["value"] = ctx.s(lv.get("value"))
            if lv.get("href"):
                payload["href"] = ctx.s(lv.get("href"))
            if "timestamp_value" in lv:
                payload["ts"] = epoch_ms(lv.get("timestamp_value"), unit="s")
            if "vec" in lv:
                vals = []
                for x in dicts(lv.get("vec")):
                    if "value" in x:
                        vals.append(ctx.s(x.get("value")))
                    elif "timestamp_value" in x:
                        payload.setdefault("ts", epoch_ms(x.get("timestamp_value"), unit="s"))
                    elif "dict" in x:
                        yield from walk(x.get("dict"), label)
                payload["vec"] = vals
            yield (label or prefix, payload)
            if "dict" in lv:
                yield from walk(lv.get("dict"), label)
    yield from walk(rec.get("label_values"), "")


def lv_get(pairs: list[tuple[str, dict]], *labels: str, field: str = "value") -> Any:
    for lab in labels:
        for l, p in pairs:
            if l == lab and p.get(field):
                return p[field]
    return None


def lv_records(doc: Any) -> list[dict]:
    """label_values files are a single object or a bare array of them."""
    if isinstance(doc, dict) and "label_values" in doc:
        return [doc]
    if isinstance(doc, list):
        return [x for x in doc if isinstance(x, dict)]
    return []
