"""Read profile fields out of "profile" records, whatever shape the importer gave them.

A record may hold one field (``extra={"field": "current_city", "value": ...}``, or text
"Current city: X"), or a whole profile object (``profile_v2``, IG ``string_map_data`` labels,
or a flat dict). Unknown keys are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

ALIASES = {
    "name": "name", "full_name": "name", "display_name": "name",
    "username": "username", "user_name": "username", "handle": "username",
    "email": "email", "emails": "email", "email_address": "email", "e_mail": "email",
    "birthday": "birthday", "date_of_birth": "birthday", "birth_date": "birthday", "dob": "birthday",
    "gender": "gender", "gender_option": "gender",
    "current_city": "city", "city": "city", "lives_in": "city",
    "hometown": "hometown", "home_town": "hometown",
    "relationship": "relationship", "relationship_status": "relationship",
    "education_experiences": "education", "education": "education", "school": "education",
    "work_experiences": "work", "work": "work", "employer": "work", "job": "work",
    "based_in": "based_in", "profile_based_in": "based_in", "account_based_in": "based_in",
    "primary_location": "based_in", "primary_public_location": "based_in", "location": "based_in",
    "locations_of_interest": "location_of_interest", "location_of_interest": "location_of_interest",
    "previous_names": "other_name", "other_names": "other_name", "other_name": "other_name",
    "previous_name": "other_name",
    "bio": "bio", "website": "website", "websites": "website",
    "religious_views": "religion", "religion": "religion", "political_views": "politics", "politics": "politics",
    "interested_in": "interested_in", "family_members": "family", "family": "family",
}
_CONTAINERS = ("profile_v2", "profile", "profile_user", "string_map_data", "fields")


@dataclass
class ProfileField:
    field: str
    value: str
    ts_ms: int | None = None
    detail: dict[str, Any] | None = None


def norm_key(k: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", (k or "").casefold()).strip("_")


def _ts(v: Any) -> int | None:
    if isinstance(v, (int, float)) and v > 0:
        return int(v * 1000) if v < 1e11 else int(v)
    return None


def _values(field: str, v: Any) -> Iterator[ProfileField]:
    """One raw value (str, dict or list) -> fields."""
    if v is None or v == "" or v == [] or v == {}:
        return
    if isinstance(v, list):
        for item in v:
            yield from _values(field, item)
        return
    if isinstance(v, dict):
        if field == "birthday" and "year" in v:
            y, m, d = v.get("year") or 0, v.get("month") or 0, v.get("day") or 0
            if y or m:
                yield ProfileField(field, "-".join(f"{x:02d}" for x in (y, m, d) if x))
            return
        if field == "email":
            for key in ("emails", "value"):
                if key in v:
                    yield from _values(field, v[key])
            return
        ts = _ts(v.get("timestamp") or v.get("start_timestamp") or v.get("timestamp_value"))
        if field == "based_in" and any(k in v for k in ("City", "city", "Country", "country")):
            parts = [v.get(k) for k in ("City", "city", "Region", "region", "Country", "country")]
            text = ", ".join(dict.fromkeys(str(p) for p in parts if p))
            if text:
                yield ProfileField(field, text, ts)
            return
        for key in ("value", "full_name", "name", "status", "employer", "gender_option", "address", "city"):
            val = v.get(key)
            if isinstance(val, (str, int)) and str(val).strip():
                detail = {k: x for k, x in v.items() if isinstance(x, (str, int, float, bool)) and k != key}
                yield ProfileField(field, str(val).strip(), ts, detail or None)
                return
        if "vec" in v:
            yield from _values(field, v["vec"])
        return
    text = str(v).strip()
    if text and not (field == "birthday" and text.startswith("1919-01-01")):  # IG placeholder birthday
        yield ProfileField(field, text)


def _walk(d: dict[str, Any], depth: int = 0) -> Iterator[ProfileField]:
    if depth > 3:
        return
    for k, v in d.items():
        nk = norm_key(k)
        if nk in _CONTAINERS:
            items = v if isinstance(v, list) else [v]
            for it in items:
                if isinstance(it, dict):
                    yield from _walk(it, depth + 1)
            continue
        field = ALIASES.get(nk)
        if field is not None:
            yield from _values(field, v)


_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z _/-]{1,40}?)\s*:\s*(.+?)\s*$")


def profile_fields(text: str, extra: dict[str, Any] | None) -> list[ProfileField]:
    """All recognised fields of one profile record."""
    extra = extra or {}
    out: list[ProfileField] = []
    label = extra.get("field") or extra.get("label") or extra.get("key")
    if isinstance(label, str) and ("value" in extra or "vec" in extra or "dict" in extra):
        field = ALIASES.get(norm_key(label))
        if field:
            raw = extra.get("value", extra.get("vec", extra.get("dict")))
            out.extend(_values(field, raw))
            for f in out:
                f.ts_ms = f.ts_ms or _ts(extra.get("timestamp"))
            return out
    out.extend(_walk(extra))
    if not out and text:
        for line in text.splitlines():
            m = _LINE.match(line)
            if m:
                field = ALIASES.get(norm_key(m.group(1)))
                if field:
                    out.append(ProfileField(field, m.group(2)))
    return out
