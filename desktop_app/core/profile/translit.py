"""Latin letters for matching names across scripts (never for showing them).

A small built-in table for Cyrillic, Greek, Arabic and Hebrew; Han, kana and Hangul are kept as
they are (they match themselves; a romanisation table for them would be large and still guess).
Accented Latin letters are handled by ``text.fold``.
"""

from __future__ import annotations

import re

_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґўђјљњћџ",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f",
     "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "yi", "ye", "g", "u", "dj", "j", "lj", "nj",
     "c", "dz"]))
# Word endings whose letter-by-letter reading differs from the usual Latin spelling (Дмитрий → Dmitry).
_CYRILLIC_ENDINGS = (("ий", "y"), ("ый", "y"), ("ой", "oy"), ("ия", "ia"))

_GREEK = dict(zip(
    "αβγδεζηθικλμνξοπρσςτυφχψω",
    ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s", "s", "t", "y", "f",
     "ch", "ps", "o"]))
_GREEK_PAIRS = (("ου", "ou"), ("αι", "ai"), ("ει", "ei"), ("οι", "oi"), ("γγ", "ng"), ("μπ", "b"), ("ντ", "d"))

_ARABIC = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh",
    "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "",
    "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w", "ي": "y", "ى": "a",
    "ة": "a", "ء": "", "ئ": "", "ؤ": "", "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ک": "k", "ی": "y",
}
_HEBREW = dict(zip("אבגדהוזחטיכךלמםנןסעפףצץקרשת",
                   ["", "b", "g", "d", "h", "v", "z", "h", "t", "y", "k", "k", "l", "m", "m", "n", "n", "s", "", "p",
                    "f", "ts", "ts", "k", "r", "sh", "t"]))

_TABLE: dict[str, str] = {**_CYRILLIC, **_GREEK, **_ARABIC, **_HEBREW}
_NON_LATIN = re.compile("[\u0370-\u03ff\u0400-\u04ff\u0590-\u05ff\u0600-\u06ff]")
# Han, kana, Hangul: letters to keep as they are in a key.
CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


_GREEK_TONOS = str.maketrans("άέήίόύώϊϋΐΰ", "αεηιουωιυιυ")


def _word(w: str) -> str:
    w = w.translate(_GREEK_TONOS)
    for end, latin in _CYRILLIC_ENDINGS:
        if w.endswith(end) and len(w) > len(end) + 1:
            w = w[: -len(end)] + "\x00" + latin
            break
    for pair, latin in _GREEK_PAIRS:
        w = w.replace(pair, latin)
    out = []
    latin_tail = False
    for c in w:
        if c == "\x00":
            latin_tail = True
            continue
        out.append(c if latin_tail else _TABLE.get(c, c))
    return "".join(out)


def to_latin(s: str) -> str:
    """Lower-case text with Cyrillic, Greek, Arabic and Hebrew letters written in Latin; others kept.

    Call it on case-folded NFC text *before* stripping accents: й and ё are letters of their own here,
    and would lose their marks (and their reading) to an accent fold.
    """
    if not _NON_LATIN.search(s):
        return s
    return re.sub(r"\S+", lambda m: _word(m.group(0)), s)
