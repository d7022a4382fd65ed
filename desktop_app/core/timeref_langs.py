"""Time phrases in Spanish, French, German, Portuguese and Italian, as rules for ``timeref`` (which holds English
and the resolver).

Each language is a list of ``Rule``: a pattern and a function from its match to a language-free ``Intent``
("day offset -1", "the weekday before", "unit offset"), resolved by the same code as English, so "ayer",
"hier", "gestern", "ontem" and "ieri" give the same "7 May 2023" as "yesterday". Labels stay English, like the window.

Which language a text is in is guessed from its common function words (``guess``): a word can mean a
time in one language and something else in another ("hier" is "yesterday" in French and "here" in
German; "mañana" is "tomorrow" and, after "la" / "esta", "morning"), so only the guessed language's
rules run. A thread's language is guessed once from many of its messages (retrieval/timerefs.py).
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

from desktop_app.core.timeref import Intent, Rule

_DIGIT = ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")


def _rx(pattern: str) -> "re.Pattern[str]":
    return re.compile(r"(?<!\w)" + pattern + r"(?!\w)", re.I)


def _alt(words: Iterable[str]) -> str:
    return "(" + "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) + ")"


def _fold(word: str) -> str:
    return " ".join(word.lower().split())


def _year(m: re.Match[str]) -> Intent:
    """"en 2022", "im Jahr 2022": the year (group 1)."""
    return Intent("year", year=int(m.group(1)))


class _Lang:
    """One language's words; ``rules()`` builds its rule list from them."""

    def __init__(self, numbers: dict[str, int], months: list[str], weekdays: list[list[str]],
                 seasons: dict[str, str], units: dict[str, str]) -> None:
        self.numbers = numbers
        self.months = {m: i + 1 for i, names in enumerate(months) for m in names.split("|")}
        self.weekdays = {d: i for i, names in enumerate(weekdays) for d in names}
        self.seasons = seasons     # the language's word -> the English season name (timeref._SEASONS)
        self.units = units         # the language's word (singular or plural) -> day | week | weekend | month | year
        self.num = r"(\d{1,2}|" + _alt(numbers)[1:]
        self.mon = _alt(self.months)
        self.wd = _alt(self.weekdays)
        self.season = _alt(seasons)
        self.unit = _alt(units)

    def n(self, word: str) -> int:
        w = _fold(word)
        return int(w) if w.isdigit() else self.numbers[w]

    def date(self, m: re.Match[str]) -> Intent:
        """"el 5 de mayo de 2023": day (group 1), month (group 2), year if said (group 3)."""
        year = m.group(3)
        return Intent("date", year=int(year) if year else 0, month=self.months[_fold(m.group(2)).rstrip(".")],
                      day=int(m.group(1)))

    def month_of_year(self, m: re.Match[str]) -> Intent:
        """"mayo de 2023": month (group 1), year (group 2)."""
        return Intent("month", year=int(m.group(2)), month=self.months[_fold(m.group(1))])

    def unit_of(self, word: str) -> str:
        return self.units[_fold(word)]

    def offset(self, direction: int) -> Callable[[re.Match[str]], Intent | None]:
        """"la semana pasada", "letzte Woche": the unit (group 1) ``direction`` steps from the message."""
        return lambda m: Intent("unit", direction, self.unit_of(m.group(1)))

    def ago(self, m: re.Match[str]) -> Intent | None:
        """"hace dos semanas", "vor zwei Wochen": a count (group 1) of units (group 2) back; "a few" is no count."""
        n = self.n(m.group(1))
        return Intent("unit", -n, self.unit_of(m.group(2))) if n else None

    def ahead(self, m: re.Match[str]) -> Intent | None:
        """"dentro de dos semanas", "in zwei Wochen": a count of units on."""
        n = self.n(m.group(1))
        return Intent("unit", n, self.unit_of(m.group(2))) if n else None

    def on_weekday(self, direction: int) -> Callable[[re.Match[str]], Intent | None]:
        """"el lunes pasado": the weekday (group 1) before, of this week, or after."""
        return lambda m: Intent("weekday", direction, str(self.weekdays[_fold(m.group(1))]))

    def in_season(self, direction: int) -> Callable[[re.Match[str]], Intent | None]:
        """"el verano pasado": the season (group 1) before, this one, or the next."""
        return lambda m: Intent("season", direction, self.seasons[_fold(m.group(1))])


# -- Spanish --------------------------------------------------------------------------------------

_ES = _Lang(
    numbers={"un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
             "ocho": 8, "nueve": 9, "diez": 10, "un par de": 2, "quince": 15, "veinte": 20},
    months=["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre|setiembre",
            "octubre", "noviembre", "diciembre"],
    weekdays=[["lunes"], ["martes"], ["miércoles", "miercoles"], ["jueves"], ["viernes"], ["sábado", "sabado"],
              ["domingo"]],
    seasons={"primavera": "spring", "verano": "summer", "otoño": "autumn", "otono": "autumn", "invierno": "winter"},
    units={"día": "day", "días": "day", "dia": "day", "dias": "day", "semana": "week", "semanas": "week",
           "fin de semana": "weekend", "fines de semana": "weekend", "finde": "weekend", "mes": "month",
           "meses": "month", "año": "year", "años": "year"},
)
_ES_LAST = r"(?:pasad[oa]|anterior)"
_ES_NEXT = r"(?:que\s+viene|pr[oó]xim[oa]|siguiente)"


SPANISH: list[Rule] = [
    (_rx(r"(?:el\s+)?(\d{1,2})\s+de\s+" + _ES.mon + r"(?:\s+(?:de\s+|del\s+)?((?:19|20)\d\d))?"),
     _ES.date, _DIGIT),
    (_rx(r"(?:en\s+(?:el\s+)?)?" + _ES.season + r"\s+(?:de\s+|del\s+)((?:19|20)\d\d)"),
     lambda m: Intent("season", unit=_ES.seasons[_fold(m.group(1))], year=int(m.group(2))), _DIGIT),
    (_rx(r"(?:en\s+)?" + _ES.mon + r"\s+(?:de\s+|del\s+)((?:19|20)\d\d)"),
     _ES.month_of_year, _DIGIT),
    (_rx(r"en\s+(?:el\s+(?:año\s+)?)?((?:19|20)\d\d)"), _year, _DIGIT),
    (_rx(r"anteayer|antier|antes\s+de\s+ayer"), lambda m: Intent("day", -2), ("ayer", "antier")),
    (_rx(r"pasado\s+mañana"), lambda m: Intent("day", 2), ("mañana",)),
    (_rx(r"ayer(?:\s+por\s+la\s+(?:mañana|tarde|noche))?|anoche"), lambda m: Intent("day", -1), ("ayer", "anoche")),
    # "mañana" after "la", "esta", "cada", "una", "por la" is "morning"; alone it is "tomorrow"
    (_rx(r"(?<!la\s)(?<!esta\s)(?<!cada\s)(?<!una\s)(?<!toda\s)mañana(?:\s+por\s+la\s+(?:mañana|tarde|noche))?"),
     lambda m: Intent("day", 1), ("mañana",)),
    (_rx(r"hoy|esta\s+(?:mañana|tarde|noche)"), lambda m: Intent("day", 0), ("hoy", "esta")),
    (_rx(r"hace\s+" + _ES.num + r"\s+" + _ES.unit),
     _ES.ago, ("hace",)),
    (_rx(r"dentro\s+de\s+" + _ES.num + r"\s+" + _ES.unit),
     _ES.ahead, ("dentro",)),
    # "la semana pasada", "el mes que viene", "el próximo año", "este fin de semana"
    (_rx(r"(?:la|el)\s+(semana|mes|año|fin\s+de\s+semana|finde)\s+" + _ES_LAST), _ES.offset(-1),
     ("pasad", "anterior")),
    (_rx(r"(?:la|el)\s+(semana|mes|año|fin\s+de\s+semana|finde)\s+" + _ES_NEXT), _ES.offset(1),
     ("viene", "próxim", "proxim", "siguiente")),
    (_rx(r"(?:la|el)\s+pr[oó]xim[oa]\s+(semana|mes|año|fin\s+de\s+semana|finde)"), _ES.offset(1), ("próxim", "proxim")),
    (_rx(r"(?:esta|este)\s+(semana|mes|año|fin\s+de\s+semana|finde)"), _ES.offset(0), ("esta", "este")),
    # "el lunes pasado", "el próximo viernes", "este sábado"
    (_rx(r"(?:el\s+)?" + _ES.wd + r"\s+" + _ES_LAST), _ES.on_weekday(-1), ("pasado", "anterior")),
    (_rx(r"(?:el\s+)?" + _ES.wd + r"\s+" + _ES_NEXT), _ES.on_weekday(1),
     ("viene", "próxim", "proxim", "siguiente")),
    (_rx(r"(?:el\s+)?pr[oó]ximo\s+" + _ES.wd), _ES.on_weekday(1), ("próxim", "proxim")),
    (_rx(r"este\s+" + _ES.wd), _ES.on_weekday(0), ("este",)),
    # "el verano pasado", "el próximo invierno", "este otoño"
    (_rx(r"(?:el\s+|la\s+)?" + _ES.season + r"\s+" + _ES_LAST), _ES.in_season(-1),
     ("pasad", "anterior")),
    (_rx(r"(?:el\s+|la\s+)?" + _ES.season + r"\s+" + _ES_NEXT), _ES.in_season(1),
     ("viene", "próxim", "proxim", "siguiente")),
    (_rx(r"(?:este|esta)\s+" + _ES.season), _ES.in_season(0), ("este", "esta")),
]
_ES_PREFILTER = re.compile(r"ayer|antier|anoche|mañana|\bhoy\b|\bhace\b|\bdentro\b|pasad|anterior|\bviene\b|"
                           r"pr[oó]xim|siguiente|\best[ae]\s|\b(?:19|20)\d\d\b|\d\s+de\s", re.I)


# -- French ---------------------------------------------------------------------------------------

_FR = _Lang(
    numbers={"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
             "neuf": 9, "dix": 10, "quinze": 15, "vingt": 20, "quelques": 0},
    months=["janvier", "février|fevrier", "mars", "avril", "mai", "juin", "juillet", "août|aout", "septembre",
            "octobre", "novembre", "décembre|decembre"],
    weekdays=[["lundi"], ["mardi"], ["mercredi"], ["jeudi"], ["vendredi"], ["samedi"], ["dimanche"]],
    seasons={"printemps": "spring", "été": "summer", "ete": "summer", "automne": "autumn", "hiver": "winter"},
    units={"jour": "day", "jours": "day", "semaine": "week", "semaines": "week", "week-end": "weekend",
           "week-ends": "weekend", "weekend": "weekend", "weekends": "weekend", "mois": "month", "an": "year",
           "ans": "year", "année": "year", "années": "year", "annee": "year", "annees": "year"},
)


_FR_UNITS = r"(semaine|mois|année|annee|an|week-end|weekend)"
FRENCH: list[Rule] = [
    (_rx(r"(?:le\s+)?(\d{1,2})(?:er)?\s+" + _FR.mon + r"(?:\s+((?:19|20)\d\d))?"),
     _FR.date, _DIGIT),
    (_rx(r"(?:en\s+|au\s+)?" + _FR.mon + r"\s+((?:19|20)\d\d)"),
     _FR.month_of_year, _DIGIT),
    (_rx(r"en\s+((?:19|20)\d\d)"), _year, _DIGIT),
    (_rx(r"avant[-\s]hier"), lambda m: Intent("day", -2), ("hier",)),
    (_rx(r"après[-\s]demain|apres[-\s]demain"), lambda m: Intent("day", 2), ("demain",)),
    (_rx(r"hier(?:\s+(?:matin|soir|après-midi|apres-midi))?"), lambda m: Intent("day", -1), ("hier",)),
    (_rx(r"demain(?:\s+(?:matin|soir|après-midi|apres-midi))?"), lambda m: Intent("day", 1), ("demain",)),
    (_rx(r"aujourd['’]hui|ce\s+(?:matin|soir)|cet\s+après-midi|cet\s+apres-midi"), lambda m: Intent("day", 0),
     ("aujourd", "ce ", "cet ")),
    (_rx(r"il\s+y\s+a\s+" + _FR.num + r"\s+" + _FR.unit), _FR.ago, ("il y a",)),
    (_rx(r"dans\s+" + _FR.num + r"\s+" + _FR.unit),
     _FR.ahead, ("dans",)),
    # "la semaine dernière", "le mois prochain", "l'année dernière", "le week-end dernier"
    (_rx(r"(?:la\s+|le\s+|l['’])?" + _FR_UNITS + r"\s+derni(?:er|ère|ere)"), _FR.offset(-1), ("derni",)),
    (_rx(r"(?:la\s+|le\s+|l['’])?" + _FR_UNITS + r"\s+(?:prochaine?|suivante?)"), _FR.offset(1),
     ("prochain", "suivant")),
    (_rx(r"(?:cette|ce|cet)\s+" + _FR_UNITS), _FR.offset(0), ("cette", "ce ", "cet ")),
    # "lundi dernier", "vendredi prochain", "l'été dernier"
    (_rx(r"(?:le\s+)?" + _FR.wd + r"\s+derni(?:er|ère|ere)"), _FR.on_weekday(-1), ("derni",)),
    (_rx(r"(?:le\s+)?" + _FR.wd + r"\s+prochain"), _FR.on_weekday(1), ("prochain",)),
    (_rx(r"(?:le\s+|l['’])?" + _FR.season + r"\s+derni(?:er|ère|ere)"), _FR.in_season(-1),
     ("derni",)),
    (_rx(r"(?:le\s+|l['’])?" + _FR.season + r"\s+prochain"), _FR.in_season(1), ("prochain",)),
    (_rx(r"(?:cet|ce)\s+" + _FR.season), _FR.in_season(0), ("cet", "ce ")),
]
_FR_PREFILTER = re.compile(r"hier|demain|aujourd|\bce\s|\bcet\s|\bcette\b|il\s+y\s+a|\bdans\b|derni|prochain|suivant|"
                           r"\b(?:19|20)\d\d\b", re.I)


# -- German ---------------------------------------------------------------------------------------

_DE = _Lang(
    numbers={"einem": 1, "einer": 1, "ein": 1, "eine": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "funf": 5,
             "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "zwei bis drei": 0, "ein paar": 0,
             "paar": 0, "fünfzehn": 15, "zwanzig": 20},
    months=["januar|jänner|jan", "februar|feb", "märz|maerz|marz", "april|apr", "mai", "juni", "juli", "august|aug",
            "september|sept|sep", "oktober|okt", "november|nov", "dezember|dez"],
    weekdays=[["montag"], ["dienstag"], ["mittwoch"], ["donnerstag"], ["freitag"], ["samstag", "sonnabend"],
              ["sonntag"]],
    seasons={"frühling": "spring", "fruehling": "spring", "frühjahr": "spring", "sommer": "summer",
             "herbst": "autumn", "winter": "winter"},
    units={"tag": "day", "tagen": "day", "tage": "day", "woche": "week", "wochen": "week", "wochenende": "weekend",
           "wochenenden": "weekend", "monat": "month", "monaten": "month", "monate": "month", "jahr": "year",
           "jahren": "year", "jahre": "year"},
)
_DE_LAST = r"(?:letzte[nsm]?|vergangene[nsm]?|vorige[nsm]?)"
_DE_NEXT = r"(?:nächste[nsm]?|naechste[nsm]?|kommende[nsm]?)"
_DE_THIS = r"(?:diese[nsm]?)"


_DE_UNITS = r"(woche|monat|jahr|wochenende)"
GERMAN: list[Rule] = [
    (_rx(r"(?:am\s+)?(\d{1,2})\.\s*" + _DE.mon + r"(?:\s+((?:19|20)\d\d))?"),
     _DE.date, _DIGIT),
    (_rx(r"(?:im\s+)?" + _DE.mon + r"\s+((?:19|20)\d\d)"),
     _DE.month_of_year, _DIGIT),
    (_rx(r"(?:im\s+(?:jahr\s+)?|in\s+)((?:19|20)\d\d)"), _year, _DIGIT),
    (_rx(r"vorgestern"), lambda m: Intent("day", -2), ("vorgestern",)),
    (_rx(r"übermorgen|uebermorgen"), lambda m: Intent("day", 2), ("morgen",)),
    (_rx(r"gestern(?:\s+(?:morgen|früh|frueh|mittag|nachmittag|abend|nacht))?|letzte\s+nacht"),
     lambda m: Intent("day", -1), ("gestern", "letzte nacht")),
    # "morgen" after "heute", "am", "jeden", "guten", "den" is "morning"; alone, lower case, "tomorrow"
    (re.compile(r"(?<!\w)(?<!heute\s)(?<!am\s)(?<!jeden\s)(?<!guten\s)(?<!Guten\s)(?<!den\s)morgen"
                r"(?:\s+(?:früh|frueh|abend|nachmittag))?(?!\w)"), lambda m: Intent("day", 1), ("morgen",)),
    (_rx(r"heute(?:\s+(?:morgen|früh|frueh|mittag|nachmittag|abend|nacht))?"), lambda m: Intent("day", 0),
     ("heute",)),
    (_rx(r"vor\s+" + _DE.num + r"\s+" + _DE.unit), _DE.ago, ("vor ",)),
    (_rx(r"in\s+" + _DE.num + r"\s+" + _DE.unit),
     _DE.ahead, ("in ",)),
    # "letzte Woche", "nächsten Monat", "letztes Jahr", "dieses Wochenende"
    (_rx(r"(?:am\s+|im\s+)?" + _DE_LAST + r"\s+" + _DE_UNITS), _DE.offset(-1), ("letzt", "vergangen", "vorig")),
    (_rx(r"(?:am\s+|im\s+)?" + _DE_NEXT + r"\s+" + _DE_UNITS), _DE.offset(1), ("nächst", "naechst", "kommend")),
    (_rx(r"(?:an\s+|in\s+)?" + _DE_THIS + r"\s+" + _DE_UNITS), _DE.offset(0), ("dies",)),
    # "letzten Montag", "nächsten Freitag", "letzten Sommer", "diesen Winter"
    (_rx(r"(?:am\s+)?" + _DE_LAST + r"\s+" + _DE.wd), _DE.on_weekday(-1),
     ("letzt", "vergangen", "vorig")),
    (_rx(r"(?:am\s+)?" + _DE_NEXT + r"\s+" + _DE.wd), _DE.on_weekday(1),
     ("nächst", "naechst", "kommend")),
    (_rx(r"(?:im\s+)?" + _DE_LAST + r"\s+" + _DE.season), _DE.in_season(-1),
     ("letzt", "vergangen", "vorig")),
    (_rx(r"(?:im\s+)?" + _DE_NEXT + r"\s+" + _DE.season), _DE.in_season(1),
     ("nächst", "naechst", "kommend")),
    (_rx(_DE_THIS + r"\s+" + _DE.season), _DE.in_season(0), ("dies",)),
]
_DE_PREFILTER = re.compile(r"gestern|heute|morgen|\bvor\s|\bin\s+\w+\s+(?:tag|woche|monat|jahr)|letzt|vergangen|vorig|"
                           r"nächst|naechst|kommend|dies|\b(?:19|20)\d\d\b|\d\.\s*\w", re.I)


# -- Portuguese -----------------------------------------------------------------------------------

_PT = _Lang(
    numbers={"um": 1, "uma": 1, "dois": 2, "duas": 2, "três": 3, "tres": 3, "quatro": 4, "cinco": 5, "seis": 6,
             "sete": 7, "oito": 8, "nove": 9, "dez": 10, "quinze": 15, "vinte": 20, "alguns": 0, "algumas": 0,
             "uns": 0, "umas": 0},
    months=["janeiro", "fevereiro", "março|marco", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
            "novembro", "dezembro"],
    weekdays=[["segunda", "segunda-feira"], ["terça", "terca", "terça-feira", "terca-feira"],
              ["quarta", "quarta-feira"], ["quinta", "quinta-feira"], ["sexta", "sexta-feira"],
              ["sábado", "sabado"], ["domingo"]],
    seasons={"primavera": "spring", "verão": "summer", "verao": "summer", "outono": "autumn", "inverno": "winter"},
    units={"dia": "day", "dias": "day", "semana": "week", "semanas": "week", "fim de semana": "weekend",
           "fins de semana": "weekend", "mês": "month", "mes": "month", "meses": "month", "ano": "year",
           "anos": "year"},
)
_PT_LAST = r"(?:passad[oa]|retrasad[oa])"
_PT_NEXT = r"(?:que\s+vem|pr[oó]xim[oa])"
_PT_UNITS = r"(semana|m[eê]s|ano|fim\s+de\s+semana)"


PORTUGUESE: list[Rule] = [
    (_rx(r"(?:(?:em|no)\s+)?(?:dia\s+)?(\d{1,2})\s+de\s+" + _PT.mon + r"(?:\s+de\s+((?:19|20)\d\d))?"),
     _PT.date, _DIGIT),
    (_rx(r"(?:em\s+)?" + _PT.mon + r"\s+de\s+((?:19|20)\d\d)"),
     _PT.month_of_year, _DIGIT),
    (_rx(r"em\s+((?:19|20)\d\d)"), _year, _DIGIT),
    (_rx(r"anteontem|antes\s+de\s+ontem"), lambda m: Intent("day", -2), ("ontem",)),
    (_rx(r"depois\s+de\s+amanh[ãa]"), lambda m: Intent("day", 2), ("amanh",)),
    (_rx(r"ontem(?:\s+(?:de|à|a)\s+(?:manh[ãa]|tarde|noite))?"), lambda m: Intent("day", -1), ("ontem",)),
    (_rx(r"amanh[ãa](?:\s+(?:de|à|a)\s+(?:manh[ãa]|tarde|noite))?"), lambda m: Intent("day", 1), ("amanh",)),
    (_rx(r"hoje|hj|esta\s+(?:manh[ãa]|tarde|noite)|hoje\s+(?:de|à|a)\s+(?:manh[ãa]|tarde|noite)"),
     lambda m: Intent("day", 0), ("hoje", "hj", "esta")),
    (_rx(r"(?:h[áa]|faz)\s+" + _PT.num + r"\s+" + _PT.unit), _PT.ago, ("há", "ha ", "faz")),
    (_rx(_PT.num + r"\s+" + _PT.unit + r"\s+atr[áa]s"), _PT.ago, ("atrás", "atras")),
    (_rx(r"daqui\s+a\s+" + _PT.num + r"\s+" + _PT.unit),
     _PT.ahead,
     ("daqui",)),
    # "na semana passada", "o mês que vem", "a próxima semana", "este fim de semana"
    (_rx(r"(?:(?:n?[ao])\s+)?" + _PT_UNITS + r"\s+" + _PT_LAST), _PT.offset(-1), ("passad", "retrasad")),
    (_rx(r"(?:(?:n?[ao])\s+)?" + _PT_UNITS + r"\s+" + _PT_NEXT), _PT.offset(1), ("vem", "próxim", "proxim")),
    (_rx(r"(?:(?:n?[ao])\s+)?pr[oó]xim[oa]\s+" + _PT_UNITS), _PT.offset(1), ("próxim", "proxim")),
    (_rx(r"(?:n?est[ea])\s+" + _PT_UNITS), _PT.offset(0), ("est",)),
    # "segunda passada", "na próxima sexta", "no verão passado"
    (_rx(r"(?:(?:n?[ao])\s+)?" + _PT.wd + r"\s+" + _PT_LAST), _PT.on_weekday(-1),
     ("passad",)),
    (_rx(r"(?:(?:n?[ao])\s+)?" + _PT.wd + r"\s+que\s+vem"), _PT.on_weekday(1), ("vem",)),
    (_rx(r"(?:(?:n?[ao])\s+)?pr[oó]xim[oa]\s+" + _PT.wd), _PT.on_weekday(1),
     ("próxim", "proxim")),
    (_rx(r"(?:(?:n?[ao])\s+)?" + _PT.season + r"\s+" + _PT_LAST), _PT.in_season(-1),
     ("passad",)),
    (_rx(r"(?:(?:n?[ao])\s+)?" + _PT.season + r"\s+que\s+vem"), _PT.in_season(1),
     ("vem",)),
    (_rx(r"(?:(?:n?[ao])\s+)?pr[oó]xim[oa]\s+" + _PT.season), _PT.in_season(1),
     ("próxim", "proxim")),
    (_rx(r"n?est[ea]\s+" + _PT.season), _PT.in_season(0), ("est",)),
]
_PT_PREFILTER = re.compile(r"ontem|hoje|\bhj\b|amanh|\bh[áa]\s|\bfaz\s|atr[áa]s|daqui|passad|retrasad|\bvem\b|"
                           r"pr[oó]xim|\bn?est[ea]\s|\b(?:19|20)\d\d\b|\d\s+de\s", re.I)


# -- Italian --------------------------------------------------------------------------------------

_IT = _Lang(
    numbers={"un": 1, "una": 1, "uno": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7,
             "otto": 8, "nove": 9, "dieci": 10, "quindici": 15, "venti": 20, "qualche": 0, "pochi": 0},
    months=["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
            "novembre", "dicembre"],
    weekdays=[["lunedì", "lunedi"], ["martedì", "martedi"], ["mercoledì", "mercoledi"], ["giovedì", "giovedi"],
              ["venerdì", "venerdi"], ["sabato"], ["domenica"]],
    seasons={"primavera": "spring", "estate": "summer", "autunno": "autumn", "inverno": "winter"},
    units={"giorno": "day", "giorni": "day", "settimana": "week", "settimane": "week", "fine settimana": "weekend",
           "weekend": "weekend", "mese": "month", "mesi": "month", "anno": "year", "anni": "year"},
)
_IT_UNITS = r"(settimana|mese|anno|fine\s+settimana|weekend)"


ITALIAN: list[Rule] = [
    (_rx(r"(?:il\s+|l['’])?(\d{1,2})\s+" + _IT.mon + r"(?:\s+((?:19|20)\d\d))?"),
     _IT.date, _DIGIT),
    (_rx(r"(?:a\s+|in\s+)?" + _IT.mon + r"\s+(?:del\s+)?((?:19|20)\d\d)"),
     _IT.month_of_year, _DIGIT),
    (_rx(r"nel\s+((?:19|20)\d\d)"), _year, _DIGIT),
    (_rx(r"l['’]altro\s*ieri|altroieri|ieri\s+l['’]altro"), lambda m: Intent("day", -2), ("ieri",)),
    (_rx(r"dopodomani"), lambda m: Intent("day", 2), ("dopodomani",)),
    (_rx(r"ieri(?:\s+(?:mattina|sera|notte|pomeriggio))?|ieri\s*sera"), lambda m: Intent("day", -1), ("ieri",)),
    (_rx(r"domani(?:\s+(?:mattina|sera|pomeriggio))?"), lambda m: Intent("day", 1), ("domani",)),
    (_rx(r"oggi|stamattina|stamani|stasera|stanotte|oggi\s+pomeriggio"), lambda m: Intent("day", 0),
     ("oggi", "stamattina", "stamani", "stasera", "stanotte")),
    (_rx(_IT.num + r"\s+" + _IT.unit + r"\s+fa"), _IT.ago, ("fa",)),
    (_rx(r"tra\s+" + _IT.num + r"\s+" + _IT.unit),
     _IT.ahead, ("tra",)),
    # "la settimana scorsa", "lo scorso weekend", "il mese prossimo", "l'anno prossimo", "questa settimana"
    (_rx(r"(?:la\s+|il\s+|l['’]|lo\s+)?" + _IT_UNITS + r"\s+scors[oa]"), _IT.offset(-1), ("scors",)),
    (_rx(r"(?:la\s+|il\s+|lo\s+)?scors[oa]\s+" + _IT_UNITS), _IT.offset(-1), ("scors",)),
    (_rx(r"(?:la\s+|il\s+|l['’]|lo\s+)?" + _IT_UNITS + r"\s+prossim[oa]"), _IT.offset(1), ("prossim",)),
    (_rx(r"(?:la\s+|il\s+|lo\s+)?prossim[oa]\s+" + _IT_UNITS), _IT.offset(1), ("prossim",)),
    (_rx(r"quest[oa]\s+" + _IT_UNITS), _IT.offset(0), ("quest",)),
    # "lunedì scorso", "venerdì prossimo", "l'estate scorsa"
    (_rx(r"(?:il\s+|la\s+)?" + _IT.wd + r"\s+scors[oa]"), _IT.on_weekday(-1), ("scors",)),
    (_rx(r"(?:il\s+|la\s+)?" + _IT.wd + r"\s+prossim[oa]"), _IT.on_weekday(1), ("prossim",)),
    (_rx(r"(?:la\s+|l['’])?" + _IT.season + r"\s+scors[oa]"), _IT.in_season(-1),
     ("scors",)),
    (_rx(r"(?:la\s+|l['’])?" + _IT.season + r"\s+prossim[oa]"), _IT.in_season(1),
     ("prossim",)),
    (_rx(r"quest['’a]\s*" + _IT.season), _IT.in_season(0), ("quest",)),
]
_IT_PREFILTER = re.compile(r"ieri|oggi|domani|stamattina|stamani|stasera|stanotte|\bfa\b|\btra\s|scors|prossim|"
                           r"quest|\b(?:19|20)\d\d\b", re.I)


LANGUAGES: dict[str, tuple["re.Pattern[str]", list[Rule]]] = {
    "es": (_ES_PREFILTER, SPANISH), "fr": (_FR_PREFILTER, FRENCH), "de": (_DE_PREFILTER, GERMAN),
    "pt": (_PT_PREFILTER, PORTUGUESE), "it": (_IT_PREFILTER, ITALIAN)}


# -- which language -------------------------------------------------------------------------------

# Frequent function words of each language, no word shared between them: "de", "la", "a", "en", "in", "es",
# "y", "du", "ma", "mi", "lo", "as", "il", "come", "die" (English "die") and the like are left out.
_FUNCTION_WORDS = {
    "en": "the and is you i it that was for with have this my but not are what just so we be your".split(),
    "es": "el los las que por pero muy una para con mi lo del al está estoy tengo fue eso qué como hoy ayer".split(),
    "fr": "le les et est je tu pas des une pour avec mais très c'est j'ai suis ça qui mon au chez était".split(),
    "pt": "não nao você voce eu com muito também tambem foi isso meu minha os ao pra pro tô né uma estou".split(),
    "it": "che non sono è di per della questo anche molto io ho hai gli ci perché sto stai bene grazie".split(),
    "de": "der das und ist ich nicht ein eine mit auf für sie wir war aber auch sehr bin hast".split(),
}
_WORD = re.compile(r"[\w'’]+")
_LANG_OF = {word: lang for lang, words in _FUNCTION_WORDS.items() for word in words}   # no word is in two lists


def guess(texts: list[str] | str) -> str:
    """The language most of the texts' function words are from ("en" unless another clearly leads)."""
    if isinstance(texts, str):
        texts = [texts]
    counts = dict.fromkeys(_FUNCTION_WORDS, 0)
    for text in texts:
        for word in _WORD.findall((text or "").lower().replace("’", "'")):
            lang = _LANG_OF.get(word)
            if lang is not None:
                counts[lang] += 1
    best = max(counts, key=lambda lang: counts[lang])
    # English is the default; another language needs more function words than English has, and two of
    # them where English has any ("ayer fui al cine" has one, and none of English's)
    if best == "en" or counts[best] <= counts["en"] or counts[best] < 2 and counts["en"] > 0:
        return "en"
    return best


# Words (accents folded, as the full-text index folds them) that a record holding one of these languages' time
# phrases has: the sync asks the index for them before it reads a record (retrieval/timerefs.py).
INDEX_WORDS = tuple(dict.fromkeys("""ayer antier anteayer anoche manana hoy hace dentro pasado pasada anterior viene proximo proxima
siguiente finde enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
lunes martes miercoles jueves viernes sabado domingo verano invierno otono primavera
hier demain aujourd dernier derniere prochain prochaine suivant suivante janvier fevrier mars avril mai juin juillet
aout septembre octobre novembre decembre lundi mardi mercredi jeudi vendredi samedi dimanche ete hiver automne
printemps matin soir semaine semaines jours mois ans annee annees dias semanas meses anos
gestern heute morgen vorgestern ubermorgen uebermorgen letzte letzten letztes letzter vergangene vergangenen
vergangenes vorige vorigen voriges nachste nachsten nachstes naechste naechsten kommende kommenden kommendes diese
diesen dieses tagen wochen monaten jahren januar janner februar marz maerz juni juli oktober dezember montag
dienstag mittwoch donnerstag freitag samstag sonnabend sonntag sommer herbst fruhling fruhjahr
ontem anteontem hoje hj amanha atras daqui passada retrasado retrasada vem janeiro fevereiro marco maio junho julho
setembro outubro dezembro segunda terca quarta quinta sexta verao outono inverno meses
ieri altroieri oggi domani dopodomani stamattina stamani stasera stanotte scorso scorsa prossimo prossima gennaio
febbraio aprile maggio giugno luglio settembre ottobre dicembre lunedi martedi mercoledi giovedi venerdi estate
autunno giorni settimana settimane mesi anni""".split()))
