"""A generated persona's archive with planted facts and ≥100 paraphrased questions about them.

``build(seed) -> Persona``: ``.records`` (domain Records), ``.threads``, ``.owner``,
``.questions`` (each with the content hashes of the records that answer it, optional search
filters and the expected answer string). ``persona.write(vault)`` stores it through
RecordWriter and returns {content_hash: record_id}. The assistant's answer-accuracy tests reuse
the same questions. Facts sit inside ordinary chit-chat that shares their vocabulary, and the
questions avoid the fact's own wording where English allows.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.domain import Record, Thread

OWNER = "Alex Morgan"
FRIENDS = ["Sam Carter", "Priya Nair", "Jonas Weber", "Lucía Fernández", "Tom Okafor", "Mei Lin", "Zoë Dubois",
           "Ravi Patel", "Hannah Kim", "Diego Alves"]
PLATFORM = "facebook"


@dataclass
class Question:
    question: str
    expected_hashes: list[str]
    answer: str
    filters: dict[str, Any] | None = None
    kind: str = "fact"             # fact | person | date
    fact_type: str = ""


@dataclass
class Persona:
    seed: int
    owner: str
    friends: list[str]
    threads: list[Thread]
    records: list[Record]
    questions: list[Question] = field(default_factory=list)

    def write(self, vault, *, archive_id: int | None = None) -> dict[str, int]:
        """Write threads and records; return content_hash → record id."""
        from desktop_app.core.ingest.writer import RecordWriter

        with vault.transaction():
            w = RecordWriter(vault, archive_id=archive_id, owner_names=[self.owner])
            w.mark_me(PLATFORM, self.owner)
            for t in self.threads:
                w.thread_id(t)
            for i in range(0, len(self.records), 2000):
                w.write(self.records[i:i + 2000])
        ids = dict(vault.query("SELECT content_hash, id FROM records"))
        return {r.content_hash(): ids[r.content_hash()] for r in self.records if r.content_hash() in ids}


# -- planted facts: (type, fact text templates by speaker, question templates, answer key) -------------------
# In a template, {f} is the friend, {o} the owner; the other slots come from the value lists below.
VALUES: dict[str, list[dict[str, str]]] = {
    "pet": [{"breed": b, "pet": p} for b, p in [("beagle", "Biscuit"), ("border collie", "Pepper"), ("tabby cat", "Mochi"),
                                                ("corgi", "Waffles"), ("greyhound", "Comet"), ("rabbit", "Clover")]],
    "job": [{"role": r, "company": c} for r, c in [("data analyst", "Northwind Labs"), ("nurse", "St. Brigid's Hospital"),
                                                   ("sous chef", "Olive & Thyme"), ("architect", "Halvorsen Studio"),
                                                   ("teacher", "Maplewood Elementary"), ("pilot", "Aurora Air")]],
    "move": [{"city": c} for c in ["Lisbon", "Vancouver", "Melbourne", "Edinburgh", "Osaka", "Montreal"]],
    "allergy": [{"food": f} for f in ["peanuts", "shellfish", "kiwi", "sesame", "eggs", "strawberries"]],
    "book": [{"book": b} for b in ["The Night Circus", "Piranesi", "Station Eleven", "The Overstory", "Circe", "Klara and the Sun"]],
    "car": [{"car": c} for c in ["a red Mazda 3", "a used Volvo estate", "an electric Kia Niro", "a vintage VW van",
                                  "a Toyota Prius", "a Subaru Outback"]],
    "hobby": [{"hobby": h} for h in ["pottery", "salsa dancing", "rock climbing", "watercolour painting", "cello", "judo"]],
    "wedding": [{"partner": p, "month": m} for p, m in [("Elena", "June"), ("Marcus", "September"), ("Aisha", "May"),
                                                         ("Noah", "October"), ("Freya", "August"), ("Kenji", "April")]],
    "baby": [{"baby": b} for b in ["Olivia", "Mateo", "Ines", "Leo", "Amara", "Felix"]],
    "injury": [{"bone": b, "sport": s} for b, s in [("wrist", "snowboarding"), ("ankle", "playing basketball"),
                                                    ("collarbone", "mountain biking"), ("arm", "skateboarding"),
                                                    ("finger", "playing volleyball"), ("toe", "bouldering")]],
    "recipe": [{"dish": d, "ing": i} for d, i in [("chili", "dark chocolate"), ("banana bread", "brown butter"),
                                                  ("guacamole", "roasted garlic"), ("lasagne", "nutmeg"),
                                                  ("pancakes", "buttermilk"), ("curry", "tamarind")]],
    "borrow": [{"item": i} for i in ["camping stove", "drill", "tent", "projector", "kayak paddles", "sewing machine"]],
    "concert": [{"band": b, "venue": v} for b, v in [("Arctic Monkeys", "the Forum"), ("Khruangbin", "the Roundhouse"),
                                                     ("Phoebe Bridgers", "Brixton Academy"), ("Fleetwood Mac tribute", "the Jazz Cafe"),
                                                     ("Bonobo", "Alexandra Palace"), ("Radiohead", "the O2")]],
    "trip": [{"place": p, "task": t} for p, t in [("the lake cabin", "rent the car"), ("Lisbon", "book the flights"),
                                                  ("the Dolomites", "reserve the hut"), ("Cornwall", "find the campsite"),
                                                  ("Amsterdam", "get the train tickets"), ("Skye", "book the ferry")]],
    "birthday": [{"rest": r} for r in ["Nando's", "the Thai place on Elm Street", "Bella Napoli", "the sushi bar by the river",
                                       "Dishoom", "the rooftop tapas bar"]],
    "gift": [{"gift": g} for g in ["a record player", "a cast-iron pan", "a pair of hiking boots", "a polaroid camera",
                                   "a board game", "a silk scarf"]],
}

FACTS: dict[str, tuple[str, str, list[str], Any]] = {
    # type: (speaker f|o, text, question templates, answer template)
    "pet": ("f", "we finally adopted a {breed}! we're calling her {pet}",
            ["What name did {f} give their new animal?", "What kind of animal did {f} get?"], ["{pet}", "{breed}"]),
    "job": ("f", "signed the contract today, I start as a {role} at {company} next month",
            ["Where is {f} going to work?", "What position was {f} hired for?"], ["{company}", "{role}"]),
    "move": ("f", "big news, we're relocating to {city} in the spring",
             ["Which city is {f} moving to?"], "{city}"),
    "allergy": ("f", "just a heads up for the party, I can't have anything with {food}, bad allergy",
                ["What is {f} allergic to?", "What food should I avoid when cooking for {f}?"], "{food}"),
    "book": ("f", "you HAVE to read {book}, couldn't put it down",
             ["Which novel did {f} recommend to me?"], "{book}"),
    "car": ("f", "sold the old hatchback and bought {car}",
            ["What vehicle did {f} purchase?"], "{car}"),
    "hobby": ("f", "I signed up for {hobby} lessons every Tuesday evening",
              ["What class did {f} start taking?", "What weekly activity did {f} take up?"], "{hobby}"),
    "wedding": ("f", "{partner} proposed!! we're getting married in {month}",
                ["Who is {f} engaged to?", "When is {f}'s wedding?"], ["{partner}", "{month}"]),
    "baby": ("f", "she's here! baby {baby} arrived at 4am, everyone is healthy",
             ["What did {f} name their daughter?"], "{baby}"),
    "injury": ("f", "broke my {bone} {sport}, cast for six weeks",
               ["How did {f} get injured?", "Which bone did {f} fracture?"], ["{sport}", "{bone}"]),
    "recipe": ("f", "the secret to my {dish} is a spoonful of {ing}",
               ["What is {f}'s secret ingredient?"], "{ing}"),
    "borrow": ("f", "no rush but could you bring back my {item} next time?",
               ["What did I borrow from {f}?"], "{item}"),
    "concert": ("o", "I got us two tickets for {band} at {venue}!",
                ["Which band are {f} and I going to see live?"], "{band}"),
    "trip": ("o", "ok so for {place} I'll {task} and you sort out the food?",
             ["When did {f} and I plan the trip to {place}?", "Who was supposed to {task} for the getaway to {place}?"],
             ["{place}", "me"]),
    "birthday": ("f", "birthday dinner at {rest} on Saturday, 8pm, you're coming right?",
                 ["Where did {f} celebrate their birthday?"], "{rest}"),
    "gift": ("o", "I'm giving you {gift} for Christmas, don't tell anyone",
             ["What Christmas present did I give {f}?"], "{gift}"),
}

FILLER = [
    "haha yes", "lol same", "omg", "ok sounds good", "see you then!", "running 10 min late sorry", "on my way",
    "did you watch the game last night?", "what are you up to this weekend?", "so tired today", "coffee tomorrow?",
    "the dog kept me up all night", "thinking about getting a new car at some point", "dinner was amazing, thanks again",
    "we should plan a trip soon", "work is crazy this week", "can't wait!", "happy friday", "miss you guys",
    "how's the new flat?", "i'm reading a good book at the moment", "the weather is awful here", "love that photo",
    "call you later?", "my phone is dying", "did you get my email?", "that restaurant was so good", "brb",
    "we need to catch up properly", "congrats!!", "haha that's hilarious", "sorry, missed your call",
    "let me check my calendar", "sure, any time after 6", "i'll bring snacks", "who else is coming?",
    "traffic is terrible", "just landed", "good luck tomorrow!", "feeling much better now", "i'm at the gym",
    "the kids are driving me crazy", "what time works for you?", "can we move it to Sunday?", "that movie was weird",
    "i might take a class this autumn", "my back hurts from moving boxes", "we're out of milk again",
    "thanks for the birthday wishes", "the concert last week was loud", "the cat knocked over my plant",
    "i need a holiday", "bring a jacket, it's cold", "just finished a long run", "my sister says hi",
]

POSTS = [
    "Beautiful sunset tonight", "Monday again...", "New haircut, who dis", "Best pizza in town, no contest",
    "Finally finished the puzzle", "Grateful for good friends", "Rainy Sunday, tea and a blanket",
    "Anyone know a good plumber?", "Throwback to last summer", "Garden update: the tomatoes survived",
]

OWNER_FACTS = [  # (post text, question, answer, date-needed)
    ("Ran my first half marathon today in 1:52, legs are jelly", "How long did it take me to run the half marathon?", "1:52"),
    ("Signed the lease on a flat in Clapham, moving in on the 1st", "Which neighbourhood did I rent an apartment in?", "Clapham"),
    ("Just got back from Iceland, the northern lights were unreal", "What did I see on my holiday in Iceland?", "northern lights"),
    ("Passed my driving test on the third attempt!", "How many tries did it take me to get my licence?", "third"),
    ("Today I handed in my thesis on coral reef bleaching", "What was my dissertation about?", "coral reef bleaching"),
    ("Got promoted to team lead at Brightwave", "What role was I promoted to?", "team lead"),
    ("Planted an apple tree in the back garden for Grandma", "What did I plant in memory of Grandma?", "apple tree"),
    ("Learned to make sourdough, the starter is called Gerald", "What is my sourdough starter called?", "Gerald"),
    ("Volunteered at the animal shelter, walked nine dogs", "How many dogs did I walk at the shelter?", "nine"),
    ("Bought my first piano, an old Yamaha upright", "What instrument did I buy?", "Yamaha upright piano"),
    ("Climbed Ben Nevis in the fog, saw absolutely nothing", "Which mountain did I hike up in bad visibility?", "Ben Nevis"),
    ("Our team won the pub quiz thanks to a question about otters", "What animal question helped us win the quiz?", "otters"),
]

COMMENT_FACTS = [  # (friend post, my comment, question, answer)
    ("Graduation day!!", "So proud of you, the gown suits you", "Whose graduation did I comment on?", "graduation"),
    ("Look at this view from Machu Picchu", "Jealous! The llamas look friendly", "What animals did I mention on the Machu Picchu photo?", "llamas"),
    ("First marathon done", "Incredible, you ran the whole thing in the rain", "What was the weather like during the marathon I congratulated someone on?", "rain"),
    ("New tattoo, a fox on my shoulder", "Love the fox, who was the artist?", "What animal was the tattoo I commented on?", "fox"),
]


def _ms(d: dt.datetime) -> int:
    return int(d.replace(tzinfo=dt.timezone.utc).timestamp() * 1000)


def _key(f: str) -> str:
    return f"{PLATFORM}:inbox/{f.lower().replace(' ', '_')}"


def _pronoun(template: str) -> str:
    """The question without the friend's name (the person filter supplies it)."""
    for a, b in (("{f}'s", "their"), ("for {f}", "for them"), ("from {f}", "from them"), ("{f} and I", "we"),
                 ("did {f}", "did they"), ("is {f}", "are they"), ("was {f}", "were they"), ("{f}", "they")):
        template = template.replace(a, b)
    return template


def _month_phrase(ts: int) -> str:
    d = dt.datetime.fromtimestamp(ts / 1000, dt.timezone.utc)
    return d.strftime("%B %Y")


def build(seed: int = 7, *, start_year: int = 2016, end_year: int = 2023, filler_bursts: int = 300) -> Persona:
    """The persona's archive and questions; same seed, same archive."""
    rng = random.Random(seed)
    threads = [Thread(_key(f), PLATFORM, f, [f, OWNER]) for f in FRIENDS]
    group = Thread(f"{PLATFORM}:inbox/the_crew", PLATFORM, "The Crew", [OWNER, *FRIENDS[:5]], is_group=True)
    threads.append(group)
    span = (_ms(dt.datetime(start_year, 1, 1)), _ms(dt.datetime(end_year, 12, 1)))
    records: list[Record] = []
    used_ts: set[int] = set()

    def when() -> int:
        while True:
            t = rng.randrange(*span) // 60000 * 60000
            if t not in used_ts:
                used_ts.add(t)
                return t

    def burst(thread: Thread, people: list[str], fact: tuple[str, str] | None, t0: int) -> Record | None:
        n = rng.randint(3, 9)
        at = rng.randrange(n) if fact else -1
        t = t0
        planted = None
        for i in range(n):
            t += rng.randint(1, 6) * 60000
            if i == at:
                who, text = fact
            else:
                who, text = rng.choice(people), rng.choice(FILLER)
                if rng.random() < 0.5:  # chats rarely repeat word for word: join two lines now and then
                    text = f"{text} {rng.choice(FILLER)}"
            rec = Record(PLATFORM, "message", t, who, text, thread_key=thread.key, is_mine=(who == OWNER))
            records.append(rec)
            if i == at:
                planted = rec
        return planted

    questions: list[Question] = []
    for ftype, (speaker, text, qts, ans) in FACTS.items():
        friends = rng.sample(FRIENDS, len(VALUES[ftype]))
        for f, vals in zip(friends, VALUES[ftype]):
            slots = {**vals, "f": f.split()[0], "o": OWNER.split()[0]}
            who = f if speaker == "f" else OWNER
            th = threads[FRIENDS.index(f)]
            t0 = when()
            rec = burst(th, [f, OWNER], (who, text.format(**slots)), t0)
            assert rec is not None
            h = rec.content_hash()
            answers = ans if isinstance(ans, list) else [ans] * len(qts)
            for j, qt in enumerate(qts[:2]):
                q = qt.format(**slots)
                answer = answers[j].format(**slots)
                filters = None
                kind = "fact"
                if j == 1 and rng.random() < 0.5:
                    # Needs the person filter: the question does not name them.
                    q = _pronoun(qt).format(**slots)
                    filters = {"person": f}
                    kind = "person"
                elif j == 0 and rng.random() < 0.25:
                    q = q.rstrip("?") + f" in {_month_phrase(rec.ts_ms)}?"
                    kind = "date"
                questions.append(Question(q, [h], answer, filters, kind, ftype))
    # The owner's posts, and comments on friends' posts.
    for text, q, a in OWNER_FACTS:
        rec = Record(PLATFORM, "post", when(), OWNER, text, is_mine=True)
        records.append(rec)
        if rng.random() < 0.3:
            q = q.rstrip("?") + f" back in {dt.datetime.fromtimestamp(rec.ts_ms / 1000, dt.timezone.utc).year}?"
            kind = "date"
        else:
            kind = "fact"
        questions.append(Question(q, [rec.content_hash()], a, None, kind, "post"))
    for (ptext, ctext, q, a), f in zip(COMMENT_FACTS, rng.sample(FRIENDS, len(COMMENT_FACTS))):
        t = when()
        records.append(Record(PLATFORM, "post", t, f, ptext, is_mine=False))
        rec = Record(PLATFORM, "comment", t + 3600_000, OWNER, ctext, is_mine=True,
                     extra={"on": f"{f}'s post"})
        records.append(rec)
        questions.append(Question(q, [rec.content_hash()], a, None, "fact", "comment"))
    # Filler: bursts in every thread, group chat, everyday posts.
    for _ in range(filler_bursts):
        if rng.random() < 0.2:
            burst(group, group.participants, None, when())
        else:
            f = rng.choice(FRIENDS)
            burst(threads[FRIENDS.index(f)], [f, OWNER], None, when())
    for _ in range(filler_bursts // 3):
        who = OWNER if rng.random() < 0.5 else rng.choice(FRIENDS)
        records.append(Record(PLATFORM, "post", when(), who, rng.choice(POSTS), is_mine=(who == OWNER)))
    # Distinct hashes even when filler repeats at equal times is guaranteed by unique minutes.
    records.sort(key=lambda r: r.ts_ms or 0)
    return Persona(seed, OWNER, FRIENDS, threads, records, questions)


# -- Interest personas: true interests, Meta's labels (supported or not), everyday chat ------------------------
# Additive: ``build`` above is untouched (its archives stay identical for a seed). ``build_interests``
# makes a different persona whose truth the profile evaluation checks: the interests the owner
# really has (named as a person would), and which of Meta's inferred labels their own records support.
# Mentions are written the way people write, many without the topic's own name ("sent my first V4").
INTEREST_TEXTS: dict[str, dict[str, list[str]]] = {
    "Sourdough baking": {
        "en": ["Fed the sourdough starter, it doubled overnight", "Today's loaf: 78% hydration and an open crumb",
               "Anyone want some starter? I have way too much", "Baked two sourdough boules for the neighbours",
               "Finally got a proper ear on the bread, scored it at 30 degrees", "Rye levain is bubbling away",
               "Up at 6 to shape the dough before work", "The banneton marks on this loaf are so satisfying"],
        "pt": ["Alimentei o fermento natural, dobrou durante a noite", "Pão de fermentação natural saiu lindo hoje",
               "Alguém quer levain? Tenho demais", "Acordei às 6 para modelar a massa do pão de fermentação natural",
               "Massa madre borbulhando, amanhã tem pão", "O miolo do pão ficou perfeito, hidratação de 75%"]},
    "Trail running": {
        "en": ["18 km of muddy trail running this morning, legs are done", "Signed up for my first ultramarathon!",
               "New trail shoes, the grip on the descent is unreal", "Hill repeats on the ridge trail before sunrise",
               "Trail race on Sunday, 900 m of climbing", "Ran the forest loop twice, 2 hours on the trails"],
        "pt": ["Corrida de trilha de 18 km hoje cedo, pernas destruídas", "Inscrita na minha primeira ultramaratona!",
               "Tênis novos de trilha, aderência incrível na descida", "Treino de subida na trilha antes do sol nascer",
               "Prova de trail no domingo, 900 m de subida"]},
    "Rock climbing": {
        "en": ["Sent my first V5 at the bouldering gym tonight", "Chalk everywhere, fingers destroyed, best session",
               "Bouldering with Jordan on Thursday?", "The new crag by the river has amazing routes",
               "Finally led a 6b without falling, climbing is going well", "Need new climbing shoes, these are shredded"],
        "pt": ["Mandei meu primeiro V5 no boulder hoje", "Escalada na rocha no fim de semana, que vista",
               "Vamos escalar na quinta?", "Consegui guiar um 6b sem cair, a escalada está evoluindo",
               "Preciso de sapatilhas novas de escalada"]},
    "Jazz piano": {
        "en": ["Practising rootless voicings on the piano all evening", "Learned 'Autumn Leaves' on piano, the jazz version",
               "Jazz piano lesson today, we worked on comping chords", "My left hand walking bass is finally getting there",
               "Played a jazz standard at the open mic, so nervous", "Bill Evans transcriptions on the piano again"],
        "pt": ["Estudando acordes de jazz no piano a noite toda", "Aprendi 'Autumn Leaves' no piano, versão jazz",
               "Aula de piano jazz hoje, trabalhamos o acompanhamento", "Toquei um standard de jazz no piano no open mic"]},
    "Birdwatching": {
        "en": ["Saw a kingfisher on the canal this morning!", "Three herons and a little egret at the reservoir",
               "New binoculars arrived, off birdwatching at dawn", "Finally spotted the redstart everyone talks about",
               "Birding at the marsh, 34 species before lunch", "Heard a warbler I couldn't identify, any ideas?"],
        "pt": ["Vi um martim-pescador no canal hoje de manhã!", "Binóculos novos, amanhã observação de aves ao amanhecer",
               "Observação de aves no pântano, 34 espécies", "Três garças na represa hoje"]},
    "Pottery": {
        "en": ["Threw six bowls on the wheel today, kept two", "The glaze came out a perfect celadon green",
               "Pottery class is the best part of my week", "Kiln opening tomorrow, fingers crossed",
               "Trimming mugs all afternoon, clay everywhere", "Made a ceramic vase for mum's birthday"],
        "pt": ["Fiz seis tigelas no torno hoje, fiquei com duas", "O esmalte da cerâmica saiu verde perfeito",
               "A aula de cerâmica é a melhor parte da semana", "Abertura do forno amanhã, dedos cruzados"]},
    "Cycling": {
        "en": ["100 km bike ride along the coast today", "Cycling club ride at 7, espresso stop at 50 km",
               "New road bike day!!", "Headwind all the way home, cycling is character building",
               "Climbed the col on the bike, 8% for 6 km", "Fixed a puncture in the rain, still finished the ride"],
        "pt": ["Pedal de 100 km pela costa hoje", "Ciclismo com o grupo às 7, parada para café no km 50",
               "Bicicleta de estrada nova!!", "Vento contra o caminho todo, o ciclismo forma o caráter"]},
    "Chess": {
        "en": ["Won a long endgame with a knight against a bishop", "Chess club tonight, playing the Sicilian again",
               "Hit 1600 on the chess app!", "Studying rook endgames, so dry but so useful",
               "Lost on time in a winning position, chess hurts", "Blitz tournament at the café on Saturday"],
        "pt": ["Ganhei um final longo de cavalo contra bispo", "Clube de xadrez hoje à noite, jogando a Siciliana",
               "Cheguei a 1600 no xadrez!", "Torneio de xadrez relâmpago no sábado"]},
    "Gardening": {
        "en": ["The tomato seedlings are finally in the raised beds", "Spent all Sunday at the allotment weeding",
               "Compost heap is cooking nicely", "First courgettes of the year from the vegetable patch",
               "Planted garlic in the allotment for next summer", "Gardening in the rain, worth it for the beans"],
        "pt": ["As mudas de tomate finalmente foram para a horta", "Passei o domingo todo na horta tirando ervas",
               "A compostagem está indo bem", "Jardinagem na chuva, valeu pelos feijões"]},
    "Knitting": {
        "en": ["Finished knitting the cardigan sleeves!", "New yarn haul, merino in three colours",
               "Knitting on the train home, almost done with the scarf", "Cast on a new sweater tonight",
               "Dropped a stitch three rows back, knitting is pain", "Crochet blanket for the baby is done"],
        "pt": ["Terminei as mangas do casaco de tricô!", "Comprei lã nova, merino em três cores",
               "Tricô no trem para casa, quase terminando o cachecol", "Comecei uma blusa de tricô hoje"]},
    "Astronomy": {
        "en": ["Saturn's rings through the telescope tonight, unreal", "Clear skies! Setting up the telescope",
               "Caught the Perseid meteor shower from the hill", "Stargazing at the dark sky park, saw the Milky Way",
               "Collimated the telescope, Jupiter's moons are crisp", "Astronomy club meetup on Friday"],
        "pt": ["Os anéis de Saturno no telescópio hoje, inacreditável", "Céu limpo! Montando o telescópio",
               "Vi a chuva de meteoros Perseidas do morro", "Encontro do clube de astronomia na sexta"]},
    "Volunteering": {
        "en": ["Volunteered at the food bank this morning, 200 parcels packed", "Volunteering at the animal shelter again",
               "Our volunteer crew cleaned the whole beach", "Signed up to volunteer at the refugee centre",
               "Volunteer training done, first shift on Monday"],
        "pt": ["Fui voluntária no banco de alimentos hoje, 200 cestas", "Trabalho voluntário no abrigo de animais de novo",
               "Nosso grupo de voluntários limpou a praia toda", "Treinamento de voluntariado concluído"]},
}
# How Meta names each interest (its labels rarely match the user's words).
META_LABELS: dict[str, list[str]] = {
    "Sourdough baking": ["Sourdough bread", "Bread"], "Trail running": ["Trail running", "Ultramarathon"],
    "Rock climbing": ["Rock climbing", "Bouldering"], "Jazz piano": ["Jazz", "Piano"],
    "Birdwatching": ["Birdwatching", "Ornithology"], "Pottery": ["Ceramics", "Pottery"],
    "Cycling": ["Cycling", "Road bicycle"], "Chess": ["Chess"], "Gardening": ["Gardening", "Vegetable gardens"],
    "Knitting": ["Knitting", "Yarn"], "Astronomy": ["Astronomy", "Telescopes"],
    "Volunteering": ["Volunteering", "Charity and causes"],
}
# Labels nothing in a persona's own records supports (Meta's guesses from ads seen, friends, location).
META_DECOYS = ["Luxury vehicles", "Cryptocurrency", "Golf", "Real estate investing", "Sports betting", "Cosmetics",
               "Home improvement", "Fishing", "Motorcycles", "Video games", "Yoga", "Skiing"]
# Everyday chat, with the words that used to surface as "interests" (properly, that's, miss, i'll, can't, wrote, upon).
EVERYDAY = {
    "en": ["haha that's hilarious", "i'll call you later properly", "can't wait to see you", "miss you guys so much",
           "we need to catch up properly", "that's exactly what i said", "once upon a time i was on time",
           "i wrote it down somewhere", "sorry i can't make it tonight", "did you get home ok?", "thanks so much!!",
           "running late again, sorry", "what are you doing this weekend?", "ok see you at 7", "i'm so tired today",
           "that's so sweet of you", "love you, talk soon", "the weather is awful", "how was your day?",
           "let me know when you're free", "i'll bring the snacks", "traffic is terrible", "my phone is dying",
           "happy birthday!!! 🎉", "congrats, so proud of you", "lol same", "omg no way", "see you tomorrow"],
    "pt": ["haha que engraçado", "te ligo mais tarde", "não vejo a hora de te ver", "obrigada, de verdade",
           "saudade de vocês", "precisamos conversar direito", "foi exatamente o que eu disse", "desculpa, não posso hoje",
           "chegou bem em casa?", "muito obrigada!!", "atrasada de novo, desculpa", "o que vai fazer no fim de semana?",
           "ok te vejo às 7", "estou tão cansada hoje", "que fofo da sua parte", "te amo, até logo",
           "o tempo está horrível", "como foi seu dia?", "me avisa quando estiver livre", "eu levo os petiscos",
           "o trânsito está péssimo", "meu celular está morrendo", "feliz aniversário!!! 🎉", "parabéns, que orgulho"],
}
INTEREST_OWNERS = {"en": "Robin Hale", "pt": "Beatriz Lima"}


@dataclass
class InterestPersona:
    """A persona with known interests: ``true_interests`` (vocabulary names), ``meta_truth`` (Meta's label ->
    whether the owner's own records support it), and the records to write."""

    seed: int
    lang: str
    owner: str
    friends: list[str]
    threads: list[Thread]
    records: list[Record]
    true_interests: list[str]
    meta_truth: dict[str, bool]

    def write(self, vault) -> None:
        from desktop_app.core.ingest.writer import RecordWriter

        with vault.transaction():
            w = RecordWriter(vault, owner_names=[self.owner])
            w.mark_me(PLATFORM, self.owner)
            for t in self.threads:
                w.thread_id(t)
            for i in range(0, len(self.records), 2000):
                w.write(self.records[i:i + 2000])


def build_interests(seed: int = 1, *, lang: str = "en", n_interests: int = 4, messages: int = 1500,
                    start_year: int = 2018, end_year: int = 2024) -> InterestPersona:
    """A persona who really has ``n_interests`` of the interests above, among everyday chat in ``lang``.

    Friends talk about Meta's decoy topics too (their words are not the owner's). Same seed and
    language, same archive.
    """
    rng = random.Random(f"interests-{seed}-{lang}")
    owner = INTEREST_OWNERS[lang]
    friends = FRIENDS[:6]
    pool = sorted(INTEREST_TEXTS)
    truth = rng.sample(pool, n_interests)
    threads = [Thread(_key(f), PLATFORM, f, [f, owner]) for f in friends]
    span = (_ms(dt.datetime(start_year, 1, 1)), _ms(dt.datetime(end_year, 12, 1)))
    used: set[int] = set()

    def when() -> int:
        while True:
            t = rng.randrange(*span) // 60000 * 60000
            if t not in used:
                used.add(t)
                return t

    records: list[Record] = []
    for topic in truth:
        texts = INTEREST_TEXTS[topic][lang]
        for i in range(rng.randint(5, 9)):
            text = texts[i % len(texts)] if i < len(texts) else f"{rng.choice(texts)} {rng.choice(['!', ':)', '🙌', ''])}"
            if rng.random() < 0.5:
                records.append(Record(PLATFORM, "post", when(), owner, text, is_mine=True))
            else:
                f = rng.choice(friends)
                records.append(Record(PLATFORM, "message", when(), owner, text, thread_key=_key(f), is_mine=True))
    decoys = rng.sample([d for d in META_DECOYS], 4)
    everyday = EVERYDAY[lang]
    for _ in range(messages):
        f = rng.choice(friends)
        mine = rng.random() < 0.5
        text = rng.choice(everyday)
        if not mine and rng.random() < 0.03:  # friends' own hobbies are not the owner's
            text = f"{rng.choice(decoys)} is all I think about lately"
        records.append(Record(PLATFORM, "message", when(), owner if mine else f, text, thread_key=_key(f), is_mine=mine))
    meta_truth: dict[str, bool] = {}
    for topic in truth:
        meta_truth[rng.choice(META_LABELS[topic])] = True
    for d in decoys:
        meta_truth[d] = False
    for label in sorted(meta_truth):
        records.append(Record(PLATFORM, "ad_interest", None, "", label, is_mine=False,
                              source="ads_information/ads_interests.json"))
    records.append(Record(PLATFORM, "profile", None, "", f"Name: {owner}", is_mine=True,
                          extra={"field": "name", "value": owner, "dedup_key": "name"}))
    records.sort(key=lambda r: r.ts_ms or 0)
    return InterestPersona(seed, lang, owner, friends, threads, records, truth, meta_truth)
