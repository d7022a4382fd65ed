"""Small text tools for the profile: name keys, tokens, keywords, a stopword language guesser, sensitive topics."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Iterable

from desktop_app.core.profile.translit import CJK, to_latin

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_HASHTAG = re.compile(r"(?<![\w#])#([^\W_][\w]{1,49})", re.UNICODE)
_PAREN = re.compile(r"\s*[\(\[].*?[\)\]]\s*")


def fold(s: str) -> str:
    """Case- and accent-insensitive form: 'København ' -> 'kobenhavn'."""
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("ø", "o").replace("Ø", "o").replace("æ", "ae").replace("ß", "ss").replace("ł", "l")
    return " ".join(s.casefold().split())


_NOT_KEY = re.compile("[^0-9a-z\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def name_key(name: str) -> str:
    """Key for matching people across platforms, in every script: Latin letters and digits, with
    Cyrillic, Greek, Arabic and Hebrew transliterated and Han, kana and Hangul kept
    ('Sam O'Neil' -> 'samoneil', 'Дмитрий Иванов' -> 'dmitryivanov', '王小明' -> '王小明').
    Only for matching: names are always shown as written."""
    written = unicodedata.normalize("NFC", name or "").casefold()
    key = _NOT_KEY.sub("", unicodedata.normalize("NFC", fold(to_latin(written))))  # NFC: Hangul back from jamo
    # Scripts without a table here (Thai, Devanagari, Georgian ...): their letters as written, never an empty key.
    return key or "".join(c for c in written if unicodedata.category(c)[0] in "LMN")  # marks: Thai, Devanagari vowels


def key_weight(key: str) -> int:
    """How much a name key says: a Han/kana/Hangul character carries about as much as two Latin letters."""
    return len(key) + len(CJK.findall(key))


def topic_key(name: str) -> str:
    """Stable key for an interest or place: folded, qualifiers in brackets dropped."""
    core = _PAREN.sub(" ", name or "").strip() or (name or "")
    return " ".join(re.sub(r"[^\w&+' -]", " ", fold(core)).split())


def topic_core(name: str) -> str:
    """'Lionel Messi (AR athlete)' -> 'Lionel Messi'; 'Video Game Streaming [archived]' -> 'Video Game Streaming'."""
    return _PAREN.sub(" ", name or "").strip() or (name or "").strip()


def tokens(text: str) -> list[str]:
    return [w.strip("'’-").casefold() for w in _WORD.findall(text or "") if w.strip("'’-")]


def hashtags(text: str) -> list[str]:
    return [h.casefold() for h in _HASHTAG.findall(text or "")]


STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("""the and a an to of in is it that for you i me my we our on with this was are be have has
        had not but at so if or what just do did don't i'm it's can will would your they he she his her them from
        all about there out up get got like no yes oh ok okay too very really know think one when how who where then
        than been were some more going go see well also here now time want good much lol haha yeah its im dont""".split()),
    "es": frozenset("""el la los las de del que y en un una es por con para no se lo como pero mas más me mi ya
        muy bien si sí yo tu te eso esta está este son hay qué cuando también todo""".split()),
    "fr": frozenset("""le la les de des du un une et est pas que qui pour dans en je tu il elle nous vous ce
        cette sur avec mais ou au aux son sa ses mon ma mes très bien oui non c'est ça""".split()),
    "de": frozenset("""der die das und ist nicht ich du er sie es wir ihr ein eine zu mit auf für von dem den
        auch sich noch wie aber ja nein mal schon bin hast war sind""".split()),
    "it": frozenset("""il lo la gli le di che e un una per non con sono è mi ti si ma anche come più questo
        questa ci ho hai del della bene sì""".split()),
    "pt": frozenset("""o a os as de do da que e um uma é não com para por em no na se eu você ele ela mas mais
        muito bem sim também isso está""".split()),
    "nl": frozenset("""de het een en van is niet ik je dat die in op te met voor zijn maar ook wat er nog wel
        heb hij zij ze dit""".split()),
    "da": frozenset("""og i at det er en til på de den som med af for ikke jeg du har var men vi han hun så kan
        skal hvad også der mig dig jo lidt ellers hvis vores blive bare godt noget nogle meget kommer altså
        være været eller hvor hvordan hvorfor fordi når efter over under alle andre sin sit sine dem deres
        have havde mere min mit mine din dit dine nej tak""".split()),
    "sv": frozenset("""och i att det är en som på av för inte jag du har var men vi han hon så kan ska vad också
        med mig dig den till""".split()),
    "hu": frozenset("""a az és hogy nem egy is van meg de csak ez már mint még volt vagy ha mert én te ő mi ti
        ők nagyon jó igen""".split()),
    "pl": frozenset("""i w na nie to że się z do jest jak co ale tak już o po za mnie mi ja ty on ona my wy
        dla czy jestem""".split()),
    "tr": frozenset("""ve bir bu da de için ile çok ne mi mı mu mü ben sen biz siz onlar ama gibi daha var yok
        değil şey evet hayır nasıl neden kadar sonra şimdi her ki olarak olan bana sana benim seni çünkü bunu
        şu ya da hiç bile artık yine diye oldu olur çok güzel tamam""".split()),
    "ru": frozenset("""и в не на я что он с как это а по но они мы ты вы она так все всё его к у же из за от бы
        да нет был была мне меня тебя было очень еще ещё уже только когда если или для вот ну тоже может
        тут там где здесь сегодня завтра спасибо привет""".split()),
    "uk": frozenset("""і в не на я що він з як це а по але вони ми ти ви вона так все його до у же із за від би
        так ні був була мені мене тебе було дуже ще вже тільки коли якщо або для ось ну теж тут там де""".split()),
}
LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German", "it": "Italian",
                  "pt": "Portuguese", "nl": "Dutch", "da": "Danish", "sv": "Swedish", "hu": "Hungarian", "pl": "Polish",
                  "tr": "Turkish", "ru": "Russian", "uk": "Ukrainian", "el": "Greek", "ar": "Arabic", "he": "Hebrew",
                  "fa": "Persian", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "th": "Thai", "hi": "Hindi"}
# Scripts that name their language outright (Cyrillic is left to the stopwords: Russian or Ukrainian).
_SCRIPTS = (("el", re.compile("[\u0370-\u03ff]")), ("he", re.compile("[\u0590-\u05ff]")),
            ("ar", re.compile("[\u0600-\u06ff]")), ("ja", re.compile("[\u3040-\u30ff]")),
            ("ko", re.compile("[\uac00-\ud7af]")), ("zh", re.compile("[\u4e00-\u9fff]")),
            ("th", re.compile("[\u0e00-\u0e7f]")), ("hi", re.compile("[\u0900-\u097f]")))
_PERSIAN = re.compile("[پچژگکی]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
ALL_STOPWORDS = frozenset().union(*STOPWORDS.values())
# Chat filler and everyday words that are not topics (English is the archives' usual second language).
NOISE = frozenset("""haha hahaha hehe xd lmao omg http https www com tomorrow today yesterday tonight thanks
    thank please sure maybe okay cool nice great sent photo attachment message messages reacted
    link video audio sticker monday tuesday wednesday thursday friday saturday sunday weekend morning evening
    night week month year years day days still came come comes coming bring brought take took taken make made
    went gone give gave need needs want wants said says tell told feel felt look looks looking thing things
    something anything nothing everything someone anyone everyone people person amazing awesome best better
    worse worst always never ever again back even first last next other another same different little big
    long right left after before while since until though through every each both many most much more less
    only over under into onto around away down those these them then there their they have having would
    could should might must shall will being been doing does done getting going gonna wanna yeah yes nope
    sorry hello hey guys love lots really actually probably definitely literally pretty quite also just
    still here where when what which whose whom call called calling text later soon time times good bad
    fine sounds sound think thought know knew known mean means meant keep kept stop start started seem
    seems lets let's real kind sort stuff whatever okay""".split())
# Activity titles archives write in the owner's language ("X kommenterede Ys opslag").
NOISE |= frozenset("""commented comment comments posted post posts shared share liked likes reacted replied
    updated status photo photos timeline kommenterede kommenteret opslag delte synes kommentar billede
    kommentiert beitrag geteilt commenté publication partagé comentó publicación compartió""".split())
_REPEAT = re.compile(r"(.)\1\1")


def _lang_index() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for code, words in STOPWORDS.items():
        for w in words:
            out.setdefault(w, []).append(code)
    return {w: tuple(c) for w, c in out.items()}


_LANG_OF = _lang_index()


def _by_script(toks: list[str]) -> str | None:
    """A language told by its script alone: Greek, Hebrew, Arabic (Persian), Japanese, Korean, Chinese ..."""
    joined = "".join(toks)
    letters = sum(1 for c in joined if c.isalpha()) or 1
    for code, pattern in _SCRIPTS:
        n = len(pattern.findall(joined))
        if n / letters >= 0.3 or (code == "ja" and n >= 2):  # kana beside Han: Japanese
            if code == "ar" and _PERSIAN.search(joined):
                return "fa"
            return code
    return None


def guess_language(text: str | list[str]) -> str | None:
    """Language code by script, then stopword hits (text or its ``tokens``); None for short or unclear text."""
    toks = tokens(text) if isinstance(text, str) else text
    by_script = _by_script(toks) if toks else None
    if by_script:
        return by_script
    if len(toks) < 3:
        return None
    scores: Counter[str] = Counter()
    for t in toks:
        for code in _LANG_OF.get(t, ()):
            scores[code] += 1
    if not scores:
        return None
    (best, top), *rest = scores.most_common(2) + [("", 0)]
    if top < 2 or rest[0][1] == top:
        if rest[0][1] == top and top >= 2 and _CYRILLIC.search("".join(toks)):
            return "ru" if "ы" in "".join(toks) or "э" in "".join(toks) else best
        return None  # too little, or a tie: no evidence either way
    return best


def keywords(text: str | list[str], *, exclude: Iterable[str] = ()) -> set[str]:
    """Distinct content words of one text or token list (stopwords, noise, short words and names excluded)."""
    ex = exclude if isinstance(exclude, (set, frozenset)) else set(exclude)
    toks = tokens(text) if isinstance(text, str) else text
    return {t for t in toks if len(t) >= 4 and t not in ALL_STOPWORDS and t not in NOISE and t not in ex
            and not _REPEAT.search(t)}


SENSITIVE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "health": ("health", "medical", "medicine", "disease", "illness", "cancer", "diabetes", "depression", "anxiety",
               "mental", "therapy", "pregnan", "fertility", "hospital", "doctor", "clinic", "disorder", "hiv",
               "weight loss", "diet pill", "pharma", "drug", "rehab", "adhd", "autism", "vaccin"),
    "religion": ("religion", "religious", "church", "christian", "catholic", "islam", "muslim", "jewish", "judaism",
                 "hindu", "buddhis", "bible", "quran", "koran", "mosque", "synagogue", "temple", "atheis", "faith",
                 "spiritual", "prayer", "jesus", "god"),
    "politics": ("politic", "election", "democrat", "republican", "conservative", "liberal", "socialis",
                 "communis", "parliament", "senate", "congress", "president", "government", "political party",
                 "voting", "activism", "protest"),
    "sexuality": ("sexual", "sexuality", "lgbt", "gay", "lesbian", "bisexual", "transgender", "queer", "dating",
                  "interested in"),
}


def sensitive_topic(text: str) -> str | None:
    """The first sensitive topic a phrase touches, by keyword prefix on word starts."""
    folded = " " + " ".join(tokens(text)) + " "
    for topic, words in SENSITIVE_KEYWORDS.items():
        for w in words:
            if f" {w}" in folded:
                return topic
    return None
