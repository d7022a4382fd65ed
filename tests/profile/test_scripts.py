"""Every script: names key, match and merge in Cyrillic, Greek, Arabic, CJK, Hangul and with accents;
languages are told for Turkish and Russian too."""

from __future__ import annotations

import pytest

from desktop_app.core.profile.text import guess_language, name_key


@pytest.mark.parametrize("name, key", [
    ("Дмитрий Иванов", "dmitryivanov"), ("Dmitry Ivanov", "dmitryivanov"), ("Юлия Ёлкина", "yuliaelkina"),
    ("Γιώργος Παπαδόπουλος", "giorgospapadopoulos"), ("محمد علي", "mhmdly"), ("דוד כהן", "dvdkhn"),
    ("王小明", "王小明"), ("김민준", "김민준"), ("さくら 田中", "さくら田中"), ("José Núñez", "josenunez"),
    ("Zoë Łukasz", "zoelukasz"), ("Søren Ærø", "sorenaero"), ("Sam O'Neil", "samoneil"),
    ("สมชาย ใจดี", "สมชายใจดี"), ("राहुल शर्मा", "राहुलशर्मा"),
])
def test_name_key_every_script(name, key):
    assert name_key(name) == key


@pytest.mark.parametrize("text, code", [
    ("Bugün hava çok güzel ama ben evde kalacağım çünkü yorgunum", "tr"),
    ("Привет, как дела? Я сегодня не могу, но завтра да", "ru"),
    ("Καλημέρα, τι κάνεις σήμερα;", "el"), ("مرحبا كيف حالك اليوم", "ar"), ("今日はとても楽しかったです", "ja"),
    ("我今天很高兴见到你", "zh"), ("오늘 정말 재미있었어요", "ko"),
    ("I think we should go to the lake this weekend and bring the dog", "en"),
    ("não sei se vou conseguir ir, mas vou tentar", "pt"),
])
def test_language_detection(text, code):
    assert guess_language(text) == code


def test_people_in_five_scripts_merge_and_keep_their_names(vault):
    """The same friend on Messenger and WhatsApp merges in every script; the name is shown as written."""
    from desktop_app.core.domain import Record, Thread
    from desktop_app.core.ingest.writer import RecordWriter
    from desktop_app.core.profile.derive import derive_profile
    from desktop_app.core.profile.people import list_people

    friends = ["Дмитрий Иванов", "Γιώργος Παπαδόπουλος", "محمد علي", "王小明", "Zoë Łukasz"]
    with vault.transaction():
        w = RecordWriter(vault, owner_names=["Alex Rivera"])
        w.mark_me("messenger", "Alex Rivera")
        w.mark_me("whatsapp", "Alex Rivera")
        recs = []
        for i, f in enumerate(friends):
            for platform in ("messenger", "whatsapp"):
                key = f"{platform}:{i}"
                w.thread_id(Thread(key, platform, f, ["Alex Rivera", f]))
                recs += [Record(platform, "message", 1_600_000_000_000 + (i * 10 + j) * 60_000 + (platform == "whatsapp"),
                                f if j % 2 else "Alex Rivera", f"hello number {j} from {platform}", thread_key=key,
                                is_mine=not j % 2) for j in range(4)]
        w.write(recs)
    derive_profile(vault)
    people = {p["name"]: p for p in list_people(vault)}
    for f in friends:
        assert f in people, f
        assert {i["platform"] for i in people[f]["identities"]} == {"messenger", "whatsapp"}, f
    assert sum(1 for p in people.values() if p["is_me"]) == 1
    from desktop_app.core.profile.store import list_facts

    keys = [f.key for f in list_facts(vault, kinds=["person"])]
    assert len(keys) == len(set(keys)) and not any(k.endswith(":") for k in keys)


@pytest.mark.parametrize("lang, posts, shown", [
    ("ru", ["Сегодня ходил на скалолазание, руки не чувствую", "В субботу снова боулдеринг с друзьями, это очень круто",
            "Купил новые скальники, скалолазание это моя любовь", "Вечером опять на скалодром, скалолазание каждый день"],
     "Скалолазание"),
    ("tr", ["Bugün yine kaya tırmanışı yaptık, çok güzel bir gün", "Hafta sonu tırmanış için dağa gidiyoruz ama hava kötü",
            "Yeni tırmanış ayakkabıları aldım, çok rahat değil ama iyi", "Tırmanış salonunda bir şey öğrendim, çok mutluyum"],
     "Kaya tırmanışı"),
])
def test_interests_are_named_in_the_users_language(vault, lang, posts, shown):
    from desktop_app.core.domain import Record
    from desktop_app.core.ingest.writer import RecordWriter
    from desktop_app.core.profile.derive import derive_profile
    from desktop_app.core.profile.store import list_facts

    with vault.transaction():
        w = RecordWriter(vault, owner_names=["Dmitry"])
        w.mark_me("facebook", "Dmitry")
        w.write([Record("facebook", "post", 1_600_000_000_000 + i * 86_400_000, "Dmitry", t, is_mine=True)
                 for i, t in enumerate(posts)])
    derive_profile(vault)
    assert [f.value["name"] for f in list_facts(vault, kinds=["interest"])] == [shown]
    assert [f.key for f in list_facts(vault, kinds=["language"])] == [lang]
