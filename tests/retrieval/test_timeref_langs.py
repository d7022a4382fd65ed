"""Time phrases in Spanish, French, German, Portuguese and Italian: resolved like English, in the language the
thread is written in."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.core.domain import Record, Thread
from desktop_app.core.ingest.writer import RecordWriter
from desktop_app.core.retrieval import index
from desktop_app.core.retrieval.search import search
from desktop_app.core.retrieval.timerefs import load as stored
from desktop_app.core.timeref import resolve
from desktop_app.core.timeref_langs import guess
from tests.retrieval.conftest import ms


def at(y: int, m: int, d: int) -> int:
    return int(dt.datetime(y, m, d, 13, tzinfo=dt.timezone.utc).timestamp() * 1000)


CASES = [
    # (language, text, said on, phrase, label)
    ("es", "Ayer fui al cine con Ana", (2023, 5, 8), "Ayer", "7 May 2023"),
    ("es", "Nos vemos mañana por la mañana", (2023, 5, 8), "mañana por la mañana", "9 May 2023"),
    ("es", "Esta mañana corrí 5 km", (2023, 5, 8), "Esta mañana", "8 May 2023"),
    ("es", "hace dos semanas estuve en Madrid", (2023, 8, 11), "hace dos semanas", "two weeks before 11 August 2023"),
    ("es", "la semana pasada fue increíble", (2023, 6, 9), "la semana pasada", "the week before 9 June 2023"),
    ("es", "el lunes pasado empecé el trabajo", (2023, 5, 25), "el lunes pasado", "22 May 2023"),
    ("es", "el verano pasado fuimos a la playa", (2023, 8, 13), "el verano pasado", "summer 2022"),
    ("es", "el 5 de mayo de 2023 fue la boda", (2023, 8, 13), "el 5 de mayo de 2023", "5 May 2023"),
    ("es", "el mes que viene me mudo", (2023, 5, 25), "el mes que viene", "June 2023"),
    ("es", "el próximo viernes hay fiesta", (2023, 5, 25), "el próximo viernes", "26 May 2023"),
    ("fr", "Hier soir on a mangé chez Paul", (2023, 5, 8), "Hier soir", "7 May 2023"),
    ("fr", "la semaine dernière j'étais malade", (2023, 6, 9), "la semaine dernière", "the week before 9 June 2023"),
    ("fr", "il y a trois jours", (2023, 7, 12), "il y a trois jours", "9 July 2023"),
    ("fr", "l'été dernier on est allés en Bretagne", (2023, 8, 13), "l'été dernier", "summer 2022"),
    ("fr", "le mois prochain je commence", (2023, 5, 25), "le mois prochain", "June 2023"),
    ("fr", "lundi dernier c'était dur", (2023, 5, 25), "lundi dernier", "22 May 2023"),
    ("fr", "avant-hier il pleuvait", (2023, 5, 8), "avant-hier", "6 May 2023"),
    ("fr", "le 14 juillet 2022", (2023, 5, 1), "le 14 juillet 2022", "14 July 2022"),
    ("de", "Gestern war ich im Kino", (2023, 5, 8), "Gestern", "7 May 2023"),
    ("de", "vor zwei Wochen war ich in Berlin", (2023, 8, 11), "vor zwei Wochen", "two weeks before 11 August 2023"),
    ("de", "letzte Woche hatte ich Urlaub", (2023, 6, 9), "letzte Woche", "the week before 9 June 2023"),
    ("de", "letzten Sommer waren wir am Meer", (2023, 8, 13), "letzten Sommer", "summer 2022"),
    ("de", "Heute Morgen habe ich gebacken", (2023, 5, 8), "Heute Morgen", "8 May 2023"),
    ("de", "Guten Morgen! Wir sehen uns morgen", (2023, 5, 8), "morgen", "9 May 2023"),
    ("de", "am 5. Mai 2023 haben wir geheiratet", (2023, 8, 1), "am 5. Mai 2023", "5 May 2023"),
    ("de", "nächsten Freitag fahren wir", (2023, 5, 25), "nächsten Freitag", "26 May 2023"),
    ("pt", "Ontem fui ao cinema com a Ana", (2023, 5, 8), "Ontem", "7 May 2023"),
    ("pt", "há duas semanas eu estava em Lisboa", (2023, 8, 11), "há duas semanas", "two weeks before 11 August 2023"),
    ("pt", "três dias atrás", (2023, 7, 12), "três dias atrás", "9 July 2023"),
    ("pt", "na semana passada foi ótimo", (2023, 6, 9), "na semana passada", "the week before 9 June 2023"),
    ("pt", "sexta passada fomos à praia", (2023, 5, 25), "sexta passada", "19 May 2023"),
    ("pt", "amanhã de manhã", (2023, 5, 8), "amanhã de manhã", "9 May 2023"),
    ("pt", "em 5 de maio de 2023 casamos", (2023, 8, 1), "em 5 de maio de 2023", "5 May 2023"),
    ("it", "Ieri sono andato al cinema", (2023, 5, 8), "Ieri", "7 May 2023"),
    ("it", "due settimane fa ero a Roma", (2023, 8, 11), "due settimane fa", "two weeks before 11 August 2023"),
    ("it", "lunedì scorso", (2023, 5, 25), "lunedì scorso", "22 May 2023"),
    ("it", "l'estate scorsa siamo andati al mare", (2023, 8, 13), "l'estate scorsa", "summer 2022"),
    ("it", "lo scorso weekend", (2023, 7, 17), "lo scorso weekend", "the weekend before 17 July 2023"),
    ("it", "il 5 maggio 2023", (2023, 8, 1), "il 5 maggio 2023", "5 May 2023"),
]


@pytest.mark.parametrize("lang,text,said,phrase,label", CASES)
def test_phrases_resolve_like_english(lang, text, said, phrase, label):
    refs = resolve(text, at(*said), lang=lang)
    assert [(r.phrase, r.label) for r in refs] == [(phrase, label)]


@pytest.mark.parametrize("lang,text", [
    ("de", "Ich bin hier"),                          # "here", not the French "yesterday"
    ("de", "Guten Morgen!"),                         # "morning", not "tomorrow"
    ("es", "Salgo a correr por la mañana"),          # "in the morning", not "tomorrow"
    ("fr", "il y a quelques jours"),                 # "a few days ago": no guess
    ("de", "vor ein paar Tagen"),
    ("pt", "de manhã eu corro"),                     # "in the morning"
    ("it", "qualche giorno fa"),
])
def test_words_that_name_no_day_stay_unresolved(lang, text):
    assert resolve(text, at(2023, 5, 8), lang=lang) == []


def test_the_language_is_guessed_from_function_words_and_english_is_the_default():
    assert guess("Ayer fui al cine con Ana y estuvo muy bien") == "es"
    assert guess("Hier soir on a mangé chez Paul, c'est très bien") == "fr"
    assert guess("Gestern war ich im Kino und es war sehr gut") == "de"
    assert guess("Ontem fui ao cinema, não foi muito bom") == "pt"
    assert guess("Ieri sono andato al cinema, non è stato molto bello") == "it"
    assert guess("I went to the cinema yesterday and it was great") == "en"
    assert guess("ok") == "en"
    assert resolve("Hier soir on a mangé chez Paul", at(2023, 5, 8), lang="auto")[0].label == "7 May 2023"
    assert resolve("Ich bin hier, wir sind auch hier", at(2023, 5, 8), lang="auto") == []


def test_each_thread_is_resolved_in_its_own_language(vault):
    fr, de = "facebook:inbox/paul", "facebook:inbox/jonas"
    with vault.transaction():
        w = RecordWriter(vault, owner_names=["Alex Doe"])
        w.mark_me("facebook", "Alex Doe")
        w.thread_id(Thread(fr, "facebook", "Paul", ["Paul", "Alex Doe"]))
        w.thread_id(Thread(de, "facebook", "Jonas", ["Jonas", "Alex Doe"]))
        w.write([
            Record("facebook", "message", ms(2023, 5, 8, 13), "Paul", "Salut ! Je suis au café avec les amis",
                   thread_key=fr),
            Record("facebook", "message", ms(2023, 5, 8, 14), "Paul", "hier soir",   # too short to tell alone
                   thread_key=fr),
            Record("facebook", "message", ms(2023, 5, 8, 15), "Alex Doe", "c'est très bien, je viens", thread_key=fr),
            Record("facebook", "message", ms(2023, 5, 8, 13), "Jonas", "Ich bin hier am Bahnhof und warte",
                   thread_key=de),
            Record("facebook", "message", ms(2023, 5, 8, 14), "Jonas", "Gestern war ich im Kino, es war sehr gut",
                   thread_key=de),
        ])
    ids = dict(vault.query("SELECT text, id FROM records"))
    index.sync_units(vault)
    res = stored(vault, ids.values())
    assert [r.label for r in res[ids["hier soir"]]] == ["7 May 2023"]
    assert [r.label for r in res[ids["Gestern war ich im Kino, es war sehr gut"]]] == ["7 May 2023"]
    assert ids["Ich bin hier am Bahnhof und warte"] not in res      # German "hier" is "here"
    # a question's month finds the message that says its day relatively, in any language
    hits = search(vault, "Kino in May 2023", mode="keyword").hits
    assert any(ids["Gestern war ich im Kino, es war sehr gut"] in h.record_ids for h in hits)
    assert "Gestern (7 May 2023)" in " ".join(h.snippet for h in search(vault, "Kino", mode="keyword").hits)
