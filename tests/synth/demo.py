"""The demo archive in ``resources/demo/``: Alex Rivera's small synthetic life, as an FB-4 JSON ZIP,
an IG-4 JSON ZIP and a WhatsApp chat. Regenerate with ``python -m tests.synth.demo``.

Story (2023–2024): Alex talks over a new job with Maria, gets it, moves from Portland to Seattle,
plans and takes a cabin trip to Blue Lake with Sam, climbs with Jordan, bakes sourdough, plays guitar.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from tests.synth.archive import Msg, ThreadSpec, build_fb, build_ig, whatsapp_txt

OWNER = "Alex Rivera"
SAM, MARIA, JORDAN, PRIYA, CHLOE = "Sam Carter", "Maria González", "Jordan Lee", "Priya Nair", "Chloé Martin"
OUT = Path(__file__).resolve().parents[2] / "resources" / "demo"


def T(s: str) -> int:
    """'2023-03-02 19:05' (UTC) → ms."""
    return int(dt.datetime.strptime(s, "%Y-%m-%d %H:%M").replace(tzinfo=dt.timezone.utc).timestamp() * 1000)


def convo(start: str, lines: list[tuple[str, str]], gap_min: int = 3) -> list[Msg]:
    t = T(start)
    out = []
    for who, text in lines:
        out.append(Msg(sender=who, ts_ms=t, text=text))
        t += gap_min * 60_000
    return out


JOB = convo("2023-03-02 19:05", [
    (OWNER, "Maria! Northwind Studio posted a senior UX designer role. Should I apply?"),
    (MARIA, "Yes!! You've been talking about leaving the agency for a year."),
    (OWNER, "It's in Seattle though. I'd have to move."),
    (MARIA, "Seattle is 3 hours away, not the moon 😄 Send me your portfolio, I'll look at it tonight."),
    (OWNER, "Sent. Be honest about the case studies."),
    (MARIA, "The accessibility redesign is your strongest piece. Lead with it."),
]) + convo("2023-03-20 18:30", [
    (OWNER, "First interview at Northwind went well I think. They asked a lot about design systems."),
    (MARIA, "That's literally your thing. When is the second round?"),
    (OWNER, "Next Thursday, a whiteboard session with the product team."),
    (MARIA, "You've got this. Call me after."),
]) + convo("2023-04-07 20:10", [
    (OWNER, "THEY MADE AN OFFER. Senior UX designer at Northwind Studio, starting June 5th!"),
    (MARIA, "AAAH congratulations!!! 🎉 Dinner on me before you leave Portland."),
    (OWNER, "Deal. Now I have to find an apartment in Seattle in eight weeks…"),
    (MARIA, "Look at Capitol Hill, my cousin loves it there."),
]) + convo("2023-05-28 12:00", [
    (MARIA, "How's the packing going?"),
    (OWNER, "Forty-two boxes and I still haven't touched the kitchen. The movers come Friday."),
    (MARIA, "Don't pack the sourdough starter in a box 😂"),
    (OWNER, "Already promised Jordan he can babysit it until I'm settled."),
])
CABIN = convo("2023-07-10 21:00", [
    (SAM, "Cabin weekend before summer ends? My uncle's place at Blue Lake is free in August."),
    (OWNER, "YES. I need a break after the move and the first weeks at Northwind."),
    (SAM, "August 18–20? I'll drive, you bring the guitar and the bread."),
    (OWNER, "Deal. I'll bake a sourdough loaf the day before."),
]) + convo("2023-08-15 19:30", [
    (SAM, "Checklist for Blue Lake: sleeping bags, headlamps, the canoe paddles are at the cabin."),
    (OWNER, "I'll bring the camp stove and coffee. Is there cell signal?"),
    (SAM, "Barely. Which is the point 🙂"),
]) + convo("2023-08-21 09:15", [
    (OWNER, "Still thinking about that sunrise on the lake. Best weekend of the year."),
    (SAM, "Same. We saw an osprey catch a fish right by the dock!"),
    (OWNER, "And you finally learned three chords on my guitar."),
    (SAM, "Next year: the whole song. Same cabin, same weekend?"),
    (OWNER, "Already in my calendar."),
])
CLIMB = convo("2023-09-05 17:45", [
    (JORDAN, "Vertical World on Thursday? They reset the bouldering wall."),
    (OWNER, "In! My fingers are weak since the move, be patient with me."),
    (JORDAN, "Ha, you flashed a V4 last month. Also your starter is thriving, I fed it twice a day."),
    (OWNER, "You're a hero. I'll bake you a loaf as rent."),
]) + convo("2024-02-11 10:00", [
    (JORDAN, "Leavenworth trip in April? Outdoor season is coming."),
    (OWNER, "Yes please. I finally sent my first V5 at the gym yesterday!"),
    (JORDAN, "Let's gooo 🧗"),
])
FILLER_LINES = [
    "How was your week?", "Long day at work, but a good one.", "Did you watch the game last night?",
    "Coffee on Saturday?", "I tried a new ramen place near Pike Place, so good.", "Running late, sorry!",
    "Happy Friday!", "That's hilarious 😂", "Miss you, we should catch up properly.", "Sending you the photos now.",
    "The rain here never stops.", "Thanks for yesterday!", "Can you send me that recipe?", "Sure, what time?",
    "See you there.", "Good luck with the presentation!", "I'm at the market, need anything?",
    "My plants survived the move, barely.", "New album from that band we like is out.", "Call you later?",
]
SAM_WA = convo("2024-07-30 18:00", [
    (SAM, "Blue Lake round two: August 16–18 confirmed with my uncle!"),
    (OWNER, "Amazing. I'll bring the guitar again, and this time a proper tent."),
    (SAM, "The canoe has a new leak, I'll patch it on Saturday."),
    (OWNER, "Should I drive this year? I finally bought a car in Seattle."),
    (SAM, "Yes! Pick me up at 8 on Friday?"),
    (OWNER, "8 it is. Bringing two sourdough loaves this time."),
], gap_min=6)


def filler(rng: random.Random, people: list[str], start: str, n: int) -> list[Msg]:
    t = T(start)
    out = []
    for _ in range(n):
        t += rng.randint(3, 30) * 3600_000
        out.append(Msg(sender=rng.choice(people), ts_ms=t, text=rng.choice(FILLER_LINES)))
    return out


def fb_other() -> dict[str, list]:
    s = lambda d: T(d) // 1000  # noqa: E731
    place = lambda name, lat, lon: {"place": {"name": name, "coordinate": {"latitude": lat, "longitude": lon}}}  # noqa: E731
    posts = [
        (s("2023-04-08 09:00"), "Big news: I'm joining Northwind Studio as a senior UX designer! Seattle, here I come.", None),
        (s("2023-06-03 16:00"), "Goodbye Portland. Seven years, forty-two boxes, one very patient sourdough starter.", None),
        (s("2023-06-04 20:00"), "First night in the new apartment on Capitol Hill. Pizza on the floor, no furniture yet.",
         place("Capitol Hill, Seattle", 47.6253, -122.3222)),
        (s("2023-06-05 08:30"), "Day one at Northwind Studio. Nervous and excited.", place("Northwind Studio", 47.6155, -122.3394)),
        (s("2023-08-19 07:10"), "Sunrise at Blue Lake with Sam. No signal, just loons and coffee.", place("Blue Lake Cabin", 48.5190, -120.6740)),
        (s("2023-10-01 12:00"), "Sourdough #47: finally an open crumb. The starter survived the move thanks to Jordan.", None),
        (s("2023-12-31 23:00"), "2023: new job, new city, new friends, same old guitar. Thank you all.", None),
        (s("2024-03-15 18:00"), "Learning fingerstyle guitar, three songs in. Neighbours, I apologise.", None),
        (s("2024-08-17 19:00"), "Blue Lake, year two. Tradition is a tradition.", place("Blue Lake Cabin", 48.5190, -120.6740)),
    ]
    return {
        "posts": [{"timestamp": ts, "data": [{"post": text}], "title": f"{OWNER} updated their status.",
                   **({"attachments": [{"data": [p]}]} if p else {})} for ts, text, p in posts],
        "comments": [{"timestamp": s(d), "title": f"{OWNER} commented on {who}'s post.",
                      "data": [{"comment": {"timestamp": s(d), "comment": c, "author": OWNER}}]} for d, who, c in [
            ("2023-04-08 10:00", MARIA, "Couldn't have done it without your portfolio notes!"),
            ("2023-08-22 09:00", SAM, "Best cabin weekend ever. Same time next year!"),
            ("2023-09-08 20:00", JORDAN, "That overhang was brutal, nice send!"),
            ("2024-01-14 11:00", PRIYA, "Welcome to Seattle! Coffee soon?"),
        ]],
        "reactions": [{"timestamp": s(d), "title": f"{OWNER} reacted to {who}'s post.",
                       "data": [{"reaction": {"reaction": r, "actor": OWNER}}]} for d, who, r in [
            ("2023-03-10 12:00", MARIA, "LOVE"), ("2023-08-20 18:00", SAM, "LIKE"), ("2023-09-09 08:00", JORDAN, "HAHA"),
            ("2024-05-01 10:00", CHLOE, "LIKE"), ("2024-06-12 10:00", PRIYA, "LOVE")]],
        "friends": [{"name": n, "timestamp": s(d)} for n, d in [
            (SAM, "2015-09-01 12:00"), (MARIA, "2016-02-14 12:00"), (JORDAN, "2019-05-20 12:00"),
            (PRIYA, "2023-07-02 12:00"), (CHLOE, "2023-11-11 12:00"), ("Ben Okafor", "2021-03-03 12:00")]],
        "searches": [{"timestamp": s(d), "data": [{"text": q}], "title": "You searched Facebook"} for d, q in [
            ("2023-04-09 21:00", "capitol hill seattle apartments"), ("2023-05-20 19:00", "movers portland to seattle"),
            ("2023-07-11 22:00", "blue lake cabin hiking trails"), ("2023-09-01 20:00", "vertical world climbing gym"),
            ("2024-02-20 18:00", "sourdough starter hydration")]],
        "interests": ["Rock climbing", "Hiking", "Sourdough bread", "User experience design", "Moving services",
                      "Acoustic guitar", "Camping", "Remote work"],
        "events": [{"name": n, "start_timestamp": s(d), "end_timestamp": 0} for n, d in [
            ("Maria's farewell dinner for Alex", "2023-05-30 19:00"), ("Seattle Climbers meetup", "2023-09-14 18:30"),
            ("Capitol Hill Block Party", "2024-07-20 14:00")]],
        "groups": [{"timestamp": s(d), "title": "You joined a group.", "data": [{"name": n}]} for n, d in [
            ("Seattle Climbers", "2023-06-20 12:00"), ("Sourdough Bakers Northwest", "2022-11-02 12:00")]],
        "saved": [{"timestamp": s("2023-07-12 22:00"), "title": "Blue Lake loop trail guide",
                   "attachments": [{"data": [{"external_context": {"url": "https://trails.example/blue-lake-loop"}}]}]}],
        "links": [{"timestamp": s(d), "label_values": [{"label": "URL", "value": u, "href": u},
                                                        {"label": "Website title", "value": t}], "fbid": f"7{i}"}
                  for i, (d, u, t) in enumerate([
                      ("2023-04-10 20:00", "https://rent.example/capitol-hill", "Capitol Hill rentals"),
                      ("2023-07-12 21:00", "https://cabins.example/blue-lake", "Blue Lake cabins and trails")])],
        "checkins": [{"timestamp": s(d), "label_values": [{"label": "Place name", "value": n},
                                                           {"label": "Visit time", "timestamp_value": s(d)}], "fbid": f"8{i}"}
                     for i, (d, n) in enumerate([("2023-09-14 19:00", "Vertical World Seattle"),
                                                 ("2024-04-13 11:00", "Leavenworth, Washington")])],
    }


def build(out: Path = OUT) -> list[Path]:
    rng = random.Random(2024)
    out.mkdir(parents=True, exist_ok=True)
    fb_threads = [
        ThreadSpec("mariagonzalez_4815162342", MARIA, [OWNER, MARIA], JOB + filler(rng, [OWNER, MARIA], "2023-06-10 10:00", 40)),
        ThreadSpec("samcarter_2718281828", SAM, [OWNER, SAM], CABIN + filler(rng, [OWNER, SAM], "2023-09-01 10:00", 35)),
        ThreadSpec("jordanlee_1414213562", JORDAN, [OWNER, JORDAN], CLIMB + filler(rng, [OWNER, JORDAN], "2023-10-01 10:00", 30)),
        ThreadSpec("weekendcrew_3141592653", "Weekend crew", [OWNER, SAM, MARIA, JORDAN],
                   convo("2023-06-16 18:00", [(SAM, "Housewarming at Alex's new place on Saturday?"),
                                              (MARIA, "I'll bring a plant for the empty apartment 🌿"),
                                              (JORDAN, "I'll bring the starter back, it missed you."),
                                              (OWNER, "You're all the best. 7pm, bring chairs, I own two.")])
                   + filler(rng, [OWNER, SAM, MARIA, JORDAN], "2023-07-01 10:00", 30)),
    ]
    profile = {"name": {"full_name": OWNER, "first_name": "Alex", "last_name": "Rivera"}, "username": "alex.rivera.demo",
               "current_city": {"name": "Seattle, Washington", "timestamp": T("2023-06-04 12:00") // 1000},
               "hometown": {"name": "Portland, Oregon", "timestamp": 0},
               "work_experiences": [{"employer": "Northwind Studio", "title": "Senior UX Designer",
                                     "start_timestamp": T("2023-06-05 09:00") // 1000}]}
    fb = build_fb(out / "facebook-alexriverademo-01_09_2024-Dem0Fb01.zip", era="FB-4", threads=fb_threads,
                  other=fb_other(), profile=profile)
    ig_threads = [
        ThreadSpec("sam.carter_1707070707", SAM, [OWNER, SAM],
                   convo("2023-08-20 20:00", [(SAM, "Posting the canoe photo, you look ridiculous 😂"),
                                              (OWNER, "Tag me and I'll post the osprey video."),
                                              (SAM, "Deal. Blue Lake forever.")]) + filler(rng, [OWNER, SAM], "2024-01-05 10:00", 20)),
        ThreadSpec("jordan.climbs_1606060606", JORDAN, [OWNER, JORDAN],
                   convo("2024-04-14 09:00", [(JORDAN, "Leavenworth was unreal. That crack climb!"),
                                              (OWNER, "My forearms are still shaking.")]) + filler(rng, [OWNER, JORDAN], "2024-05-01 10:00", 15)),
    ]
    ig_texts = ["Sunrise over Blue Lake 🌅 #cabinlife", "Sourdough loaf #52, open crumb at last 🍞",
                "First V5 at Vertical World! 🧗", "Capitol Hill sunsets never get old", "Leavenworth granite with Jordan",
                "New city, new desk at Northwind Studio", "Canoe, coffee, no signal", "Fingerstyle practice, day 30 🎸",
                "Housewarming with the weekend crew", "Rainy Seattle Sunday, perfect for baking"]
    ig = build_ig(out / "instagram-alex.rivera.demo-2024-09-01-Dem0Ig01.zip", era="IG-4", threads=ig_threads, n_other=48,
                  seed=5, texts=ig_texts, start=T("2023-05-15 12:00") // 1000)
    wa = out / "WhatsApp Chat with Sam Carter.txt"
    wa.write_text(whatsapp_txt(SAM_WA + filler(rng, [OWNER, SAM], "2024-08-20 10:00", 25), style="ios"), "utf-8")
    return [fb, ig, wa]


if __name__ == "__main__":
    paths = build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    for p in paths:
        print(p, p.stat().st_size)
