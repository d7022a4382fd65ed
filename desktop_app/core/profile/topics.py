"""A built-in vocabulary of interests people name, with the words (in several languages) that show them.

Why a vocabulary: single frequent words of someone's chats are not interests ("properly",
"that's", "miss"); topics are things a person would name ("sourdough baking", "trail running").
Each topic has an English name (its stable key), names in other languages (shown in the user's
language), and triggers matched on folded tokens:

- ``word`` matches the word, ``stem*`` any word starting with the stem,
- ``a+b*`` a phrase of consecutive words,
- ``~word`` a weak trigger: it only counts for a topic that strong triggers already show
  ("bread" alone is shopping; beside "sourdough" it is baking).

A topic may name a ``parent`` (trail running → running): the parent is shown only when the
user's records show it beyond the child's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop_app.core.profile.text import fold


@dataclass(frozen=True)
class Topic:
    name: str                                   # English, the stable key
    triggers: tuple[str, ...]
    names: dict[str, str] = field(default_factory=dict)   # language code -> name
    parent: str | None = None

    def shown(self, lang: str | None) -> str:
        return self.names.get(lang or "en", self.name)


def _t(name: str, triggers: str, parent: str | None = None, **names: str) -> Topic:
    return Topic(name, tuple(triggers.split()), names, parent)


TOPICS: tuple[Topic, ...] = (
    _t("Sourdough baking", "sourdough levain masa+madre sauerteig ekşi+maya закваск* fermentação+natural ~bread* ~loaf"
       " ~loaves ~starter ~hydration ~crumb ~bake* ~baking ~dough", "Baking",
       es="Pan de masa madre", pt="Pão de fermentação natural", fr="Pain au levain", de="Sauerteigbrot",
       tr="Ekşi mayalı ekmek", ru="Хлеб на закваске"),
    _t("Baking", "baking bake baked bakes cake* pastry pastries croissant* muffin* brownie* cupcake* hornear"
       " repostería confeitaria bolo bolos pâtisserie gâteau* backen kuchen pasta+yap* выпечк* пирог* ~oven ~dough",
       es="Repostería", pt="Confeitaria", fr="Pâtisserie", de="Backen", tr="Pasta yapımı", ru="Выпечка"),
    _t("Cooking", "cooking recipe* ~homemade ~cooked chef* cocinar cozinhar receita* receta* recette* cuisiner kochen"
       " rezept* yemek+tarif* рецепт* ~cook ~dish ~dinner+party",
       es="Cocina", pt="Culinária", fr="Cuisine", de="Kochen", tr="Yemek yapmak", ru="Кулинария"),
    _t("Trail running", "trail+run* trail+race* trailrun* ultramarathon* ultra+marathon* ultratrail fell+run* skyrun*"
       " trail+running corrida+de+trilha ultramaratona* prova+de+trail carrera+de+montaña trail+découverte traillauf berglauf patika+koşu* трейл*",
       "Running", es="Trail running", pt="Corrida de trilha", fr="Trail", de="Traillauf", tr="Patika koşusu",
       ru="Трейлраннинг"),
    _t("Running", "marathon* parkrun jog jogging jogged half+marathon running+club correr maratona"
       " maratón joggen laufschuh* laufrunde* course+à+pied koşu koşusu koşuya koştum бег бегом пробежк* марафон* corrida+de+rua treino+de+corrida ~corrida* ~correr ~courir ~laufen ~run ~ran ~running"
       " ~runs ~pace ~km ~miles",
       es="Correr", pt="Corrida", fr="Course à pied", de="Laufen", tr="Koşu", ru="Бег"),
    _t("Rock climbing", "rock+climb* climber* climbing+gym* climbing+wall* climbing+shoe* sport+climb* ice+climb*"
       " bouldering boulder* crag* belay* top+rope* ~climb* escalada escalar escalade grimpe* kletter*"
       " bouldern tırmanış* скалолаз* боулдер* ~chalk ~harness ~rope ~wall",
       es="Escalada", pt="Escalada", fr="Escalade", de="Klettern", tr="Kaya tırmanışı", ru="Скалолазание"),
    _t("Hiking", "hike hikes hiked hiking hiker* trek* trekking ~summit* senderismo caminhada* ~trilha* randonnée*"
       " wandern wanderung* doğa+yürüyüş* ~yürüyüş* ~поход* ~trail* ~mountain* ~peak",
       es="Senderismo", pt="Caminhada", fr="Randonnée", de="Wandern", tr="Doğa yürüyüşü", ru="Походы"),
    _t("Cycling", "cycling cyclist* bike+ride* biking road+bike* road+bicycle* bicicleta+de+estrada gravel+bike* ciclismo ~bicicleta* ~vélo cyclisme"
       " radfahr* ~fahrrad* radtour* bisiklet+tur* ~bisiklet* велосипед* велопрогулк* ~bike ~bikes ~ride",
       es="Ciclismo", pt="Ciclismo", fr="Vélo", de="Radfahren", tr="Bisiklet", ru="Велоспорт"),
    _t("Mountain biking", "mountain+bik* mtb downhill+bike* singletrack enduro+bike*", "Cycling",
       es="Bicicleta de montaña", pt="Mountain bike", fr="VTT", de="Mountainbiken", ru="Маунтинбайк"),
    _t("Swimming", "swim swims swimming swam swimmer* natación natação ~nadar ~nadando nager natation schwimm* yüzme"
       " yüzdüm плаван* плавать ~pool ~lanes",
       es="Natación", pt="Natação", fr="Natation", de="Schwimmen", tr="Yüzme", ru="Плавание"),
    _t("Yoga", "yoga vinyasa ashtanga йога йогой йогу йоги", ru="Йога"),
    _t("Meditation", "meditat* mindfulness meditación meditação méditation meditier* медитац*",
       es="Meditación", pt="Meditação", fr="Méditation", de="Meditation", tr="Meditasyon", ru="Медитация"),
    _t("Fitness", "gym workout* deadlift* squat* crossfit weightlifting lifting+weights personal+trainer gimnasio"
       " academia+de+ginástica musculação salle+de+sport fitnessstudio krafttraining spor+salonu спортзал* тренажер*",
       es="Fitness", pt="Musculação", fr="Musculation", de="Krafttraining", tr="Fitness", ru="Фитнес"),
    _t("Football", "football soccer premier+league champions+league fútbol futebol fußball futbol футбол* ~goal*"
       " ~match ~striker", es="Fútbol", pt="Futebol", fr="Football", de="Fußball", tr="Futbol", ru="Футбол"),
    _t("Basketball", "basketball nba baloncesto basquete basket+ball basketbol баскетбол*",
       es="Baloncesto", pt="Basquete", de="Basketball", tr="Basketbol", ru="Баскетбол"),
    _t("Tennis", "tennis теннис* wimbledon ~tenis ~racket ~serve", es="Tenis", pt="Tênis", tr="Tenis", ru="Теннис"),
    _t("Skiing", "skiing ski skis skier* piste* esquí esqui ski+alpin skifahren лыж* горнолыж*",
       es="Esquí", pt="Esqui", fr="Ski", de="Skifahren", tr="Kayak", ru="Горные лыжи"),
    _t("Snowboarding", "snowboard*", ru="Сноуборд"),
    _t("Surfing", "surfing surfer* surfboard* surf+session* ~waves ~surf", es="Surf", pt="Surfe", fr="Surf",
       de="Surfen", tr="Sörf", ru="Серфинг"),
    _t("Kayaking", "kayak kayaking kayaks canoe* paddleboard* sup+board* piragüismo caiaque канко* байдар*",
       es="Kayak", pt="Caiaque", fr="Kayak", de="Kajakfahren", ru="Каякинг"),
    _t("Sailing", "sailing sailboat* regatta* yacht* vela+ligera velejar voile+sportive segeln yelken* парус*",
       es="Vela", pt="Vela", fr="Voile", de="Segeln", tr="Yelken", ru="Парусный спорт"),
    _t("Martial arts", "judo karate jiu+jitsu jiujitsu bjj taekwondo kickbox* muay+thai aikido dojo дзюдо карате",
       es="Artes marciales", pt="Artes marciais", fr="Arts martiaux", de="Kampfsport", tr="Dövüş sanatları",
       ru="Боевые искусства"),
    _t("Photography", "photograph* photographer* photography camera* lens lenses aperture shutter* film+photo* 35mm"
       " fotografía fotografia fotografo fotógrafo photographie photographe fotografie fotografieren fotoğrafçı* фотограф* фотоаппарат*"
       " ~photo ~photos ~shot* ~light",
       es="Fotografía", pt="Fotografia", fr="Photographie", de="Fotografie", tr="Fotoğrafçılık", ru="Фотография"),
    _t("Jazz piano", "jazz+piano* jazz+standard* piano+jazz piano+de+jazz standard*+de+jazz voicing* comping+chords ~jazz", "Piano",
       es="Piano jazz", pt="Piano de jazz", fr="Piano jazz", de="Jazzpiano", ru="Джазовое фортепиано"),
    _t("Piano", "piano* pianist* klavier* фортепиано пианино ~scales ~chords", es="Piano", pt="Piano", fr="Piano",
       de="Klavier", tr="Piyano", ru="Фортепиано"),
    _t("Guitar", "guitar* guitarra* guitare* gitarre* gitar* гитар* ~chords ~strings ~riff*",
       es="Guitarra", pt="Violão", fr="Guitare", de="Gitarre", tr="Gitar", ru="Гитара"),
    _t("Classical music", "cello* violin* viola orchestra* symphon* philharmoni* chamber+music violonchelo violino"
       " violoncelo violon violoncelle geige cello+lesson* keman* оркестр* скрипк* виолончел*",
       es="Música clásica", pt="Música clássica", fr="Musique classique", de="Klassische Musik",
       tr="Klasik müzik", ru="Классическая музыка"),
    _t("Singing", "choir* singing+lesson* vocal+coach* karaoke coro canto+coral chorale chorprobe* koro хор хоре хором хоровой",
       es="Canto", pt="Canto", fr="Chant", de="Singen", tr="Şarkı söylemek", ru="Пение"),
    _t("Live music", "concert* gig gigs festival* setlist* live+music lineup concierto* festivales show+ao+vivo"
       " konzert* konser* концерт*", es="Música en vivo", pt="Música ao vivo", fr="Concerts", de="Konzerte",
       tr="Canlı müzik", ru="Живая музыка"),
    _t("Coffee", "espresso* latte* cappuccino* flat+white aeropress pour+over barista* coffee+beans single+origin"
       " specialty+coffee v60 chemex café+de+especialidad kaffeebohnen кофейн* эспрессо ~coffee",
       es="Café", pt="Café", fr="Café", de="Kaffee", tr="Kahve", ru="Кофе"),
    _t("Wine", "wine wines winery vineyard* sommelier* pinot merlot riesling vino vinho vignoble weingut wein şarap"
       " вино вином ~tasting", es="Vino", pt="Vinho", fr="Vin", de="Wein", tr="Şarap", ru="Вино"),
    _t("Craft beer", "craft+beer* brewery breweries homebrew* ipa stout* microbrewery cerveza+artesanal"
       " cerveja+artesanal bière+artisanale craftbeer zanaat+bira* крафтов*", es="Cerveza artesanal",
       pt="Cerveja artesanal", fr="Bière artisanale", de="Craft Beer", tr="Zanaat birası", ru="Крафтовое пиво"),
    _t("Gardening", "gardening allotment* seedling* compost* raised+bed* vegetable+patch vegetable+garden* greenhouse* jardinería"
       " jardinagem horta jardinage gärtner* gartenarbeit bahçıvan* огород* рассад* ~garden* ~tomato* ~planted"
       " ~harvest*", es="Jardinería", pt="Jardinagem", fr="Jardinage", de="Gärtnern", tr="Bahçecilik",
       ru="Садоводство"),
    _t("Reading", "novel* book+club* reading+list paperback* audiobook* goodreads ~libro* ~livro* ~lesen"
       " ~kitap* ~книг* ~book ~books ~reading ~chapter* ~author*", es="Lectura", pt="Leitura", fr="Lecture",
       de="Lesen", tr="Kitap okumak", ru="Чтение"),
    _t("Board games", "board+game* boardgame* catan tabletop+game* dungeons+and+dragons juego*+de+mesa"
       " jogo*+de+tabuleiro jeu*+de+société brettspiel* kutu+oyun* настольн*+игр*", es="Juegos de mesa",
       pt="Jogos de tabuleiro", fr="Jeux de société", de="Brettspiele", tr="Kutu oyunları", ru="Настольные игры"),
    _t("Video games", "gaming gamer* videogame* video+game* playstation ps5 xbox nintendo zelda steam+deck"
       " videojuego* videogames jeux+vidéo videospiel* видеоигр* ~console", es="Videojuegos", pt="Videogames",
       fr="Jeux vidéo", de="Videospiele", tr="Video oyunları", ru="Видеоигры"),
    _t("Chess", "chess ajedrez xadrez échecs schach satranç шахмат*", es="Ajedrez", pt="Xadrez", fr="Échecs",
       de="Schach", tr="Satranç", ru="Шахматы"),
    _t("Travel", "travel* travelling traveling backpack* passport* itinerar* wanderlust viajar viaje* viagem* viagens"
       " voyage* reisen reise* seyahat* ~gezi* путешеств* ~trip ~flight* ~abroad", es="Viajes", pt="Viagens",
       fr="Voyages", de="Reisen", tr="Seyahat", ru="Путешествия"),
    _t("Camping", "camping campsite* campfire* tent+pitch* wild+camp* acampar acampamento bivouac zelten kamp+yap*"
       " кемпинг* ~tent ~sleeping+bag", es="Camping", pt="Acampamento", fr="Camping", de="Camping", tr="Kamp",
       ru="Кемпинг"),
    _t("Dogs", "dog+walk* puppy puppies doggo* dog+park welpe* щен* ~perro* ~cachorro* ~chien* ~köpeğ* ~köpek* ~собак*"
       " ~dog ~dogs ~walkies", es="Perros", pt="Cães", fr="Chiens", de="Hunde", tr="Köpekler", ru="Собаки"),
    _t("Cats", "kitten* kitty cats chaton* котен* ~gato* ~katze* ~kedi* ~кошк* ~cat", es="Gatos", pt="Gatos",
       fr="Chats", de="Katzen", tr="Kediler", ru="Кошки"),
    _t("Birdwatching", "birdwatch* birding binocular* warbler* heron* kingfisher* ornitholog* binóculo* garça* martim-pescador observación+de+aves"
       " observação+de+aves vogelbeobacht* kuş+gözlem* ~птиц*", es="Observación de aves", pt="Observação de aves",
       fr="Ornithologie", de="Vogelbeobachtung", tr="Kuş gözlemciliği", ru="Наблюдение за птицами"),
    _t("Knitting", "knit* crochet* yarn* tejer tejido+a+mano tricô tricot* stricken strick* örgü örgüsü вязан* пряж*",
       es="Tejer", pt="Tricô", fr="Tricot", de="Stricken", tr="Örgü", ru="Вязание"),
    _t("Pottery", "pottery potter* ceramic* kiln* glaze* throwing+wheel ~clay ~wheel ~mugs ~bowls ~trimming cerámica cerâmica poterie céramique töpfer*"
       " keramik seramik* керамик* гончар*", es="Cerámica", pt="Cerâmica", fr="Poterie", de="Töpfern", tr="Seramik",
       ru="Керамика"),
    _t("Painting", "painting* watercolo* acrylic* gouache canvas* oil+paint* pintura* acuarela* aquarela* peinture*"
       " aquarelle* malerei aquarell* resim+yap* yağlı+boya живопис* акварел*", es="Pintura", pt="Pintura", fr="Peinture",
       de="Malerei", tr="Resim", ru="Живопись"),
    _t("Drawing", "sketchbook* sketching drawing+class* illustration* inktober dibujo* desenho* dessin* zeichnen"
       " karakalem рисован* скетч*", es="Dibujo", pt="Desenho", fr="Dessin", de="Zeichnen", tr="Çizim",
       ru="Рисование"),
    _t("Dancing", "dancing dance+class* salsa bachata tango swing+danc* ballet ballroom baile* bailar dança* danse*"
       " tanzen tanzkurs* dans+kurs* танц*", es="Baile", pt="Dança", fr="Danse", de="Tanzen", tr="Dans",
       ru="Танцы"),
    _t("Theatre", "theatre theater musical* broadway west+end teatro théâtre tiyatro* театр*",
       es="Teatro", pt="Teatro", fr="Théâtre", de="Theater", tr="Tiyatro", ru="Театр"),
    _t("Cinema", "cinema film+festival* cinephile* letterboxd director's+cut cine cinéma kino sinema кино",
       es="Cine", pt="Cinema", fr="Cinéma", de="Kino", tr="Sinema", ru="Кино"),
    _t("Programming", "programming coding python javascript typescript github open+source rust+lang golang"
       " programación programação programmation programmier* yazılım программир*", es="Programación",
       pt="Programação", fr="Programmation", de="Programmieren", tr="Programlama", ru="Программирование"),
    _t("User experience design", "ux+design* ux+research* ui+design* ux+designer* usability user+research*"
       " design+system* interaction+design* figma wireframe* diseño+ux design+de+interação conception+ux",
       es="Diseño UX", pt="Design de UX", fr="Design UX", de="UX-Design", tr="Kullanıcı deneyimi tasarımı",
       ru="UX-дизайн"),
    _t("Astronomy", "astronom* telescope* stargaz* nebula* milky+way meteor+shower* astronomía astronomia"
       " astronomie teleskop* telescópio* chuva+de+meteoros lluvia+de+estrellas астроном* телескоп*", es="Astronomía", pt="Astronomia", fr="Astronomie",
       de="Astronomie", tr="Astronomi", ru="Астрономия"),
    _t("Fishing", "fishing fly+fish* angling angler* pesca pescar pêche angeln balık+tut* рыбалк*",
       es="Pesca", pt="Pesca", fr="Pêche", de="Angeln", tr="Balık tutma", ru="Рыбалка"),
    _t("Volunteering", "volunteer* voluntari* voluntário* bénévol* ehrenamt* gönüllü* волонтер* волонтёр* charity"
       " charities fundrais* food+bank* caridade caridad* banco+de+alimentos благотвор*",
       es="Voluntariado", pt="Voluntariado", fr="Bénévolat", de="Ehrenamt", tr="Gönüllülük", ru="Волонтёрство"),
    _t("Pub quizzes", "pub+quiz* quiz+night* trivia+night* trivia", es="Concursos de preguntas",
       de="Kneipenquiz", ru="Квизы"),
    _t("Cryptocurrency", "crypto* bitcoin* ethereum blockchain* nft* криптовалют* биткоин*",
       es="Criptomonedas", pt="Criptomoedas", fr="Cryptomonnaies", de="Kryptowährungen", tr="Kripto para",
       ru="Криптовалюта"),
    _t("Vegan food", "vegan* plant+based veganism végan* veganer* веган*", es="Comida vegana",
       pt="Comida vegana", fr="Cuisine végane", de="Vegane Küche", tr="Vegan yemek", ru="Веганская еда"),
    _t("Formula 1", "formula+1 formula+one f1 grand+prix verstappen hamilton+won fórmula+1 формула+1",
       es="Fórmula 1", pt="Fórmula 1", fr="Formule 1", de="Formel 1", tr="Formula 1", ru="Формула-1"),
    _t("Anime", "anime manga* studio+ghibli аниме манга", ru="Аниме"),
    _t("Skateboarding", "skateboard* skatepark* kickflip*", es="Skate", pt="Skate", de="Skateboarden",
       ru="Скейтбординг"),
    _t("Motorcycling", "motorbike* motorcycle* motocicleta* moto+trip* motorrad* motosiklet* мотоцикл*",
       es="Motociclismo", pt="Motociclismo", fr="Moto", de="Motorradfahren", tr="Motosiklet", ru="Мотоциклы"),
)
BY_KEY: dict[str, Topic] = {fold(t.name): t for t in TOPICS}


@dataclass
class _Pattern:
    topic: int
    weak: bool
    words: tuple[str, ...]    # folded; a trailing '*' marks a prefix


def _compile() -> tuple[dict[str, list[_Pattern]], dict[str, list[_Pattern]], int]:
    exact: dict[str, list[_Pattern]] = {}
    prefix: dict[str, list[_Pattern]] = {}
    longest = 0
    for i, t in enumerate(TOPICS):
        for trig in t.triggers:
            weak = trig.startswith("~")
            words = tuple(fold(w) if not w.endswith("*") else fold(w[:-1]) + "*" for w in trig.lstrip("~").split("+")
                          if w)
            if not words:
                continue
            p = _Pattern(i, weak, words)
            first = words[0]
            if first.endswith("*"):
                prefix.setdefault(first[:-1], []).append(p)
                longest = max(longest, len(first) - 1)
            else:
                exact.setdefault(first, []).append(p)
    return exact, prefix, longest


_EXACT, _PREFIX, _LONGEST = _compile()


def _word_ok(pattern_word: str, tok: str) -> bool:
    return tok.startswith(pattern_word[:-1]) if pattern_word.endswith("*") else tok == pattern_word


class Matcher:
    """Finds topics in token lists; caches what each distinct token can start, so a 100k-record run
    costs one dict lookup per token."""

    def __init__(self) -> None:
        self._starts: dict[str, list[_Pattern]] = {}
        # raw (case-folded) token -> (folded token, single-word hits, phrase patterns it starts)
        self._raw: dict[str, tuple[str, tuple[tuple[int, bool], ...], tuple[_Pattern, ...]]] = {}

    def _entry(self, tok: str) -> tuple[str, tuple[tuple[int, bool], ...], tuple[_Pattern, ...]]:
        e = self._raw.get(tok)
        if e is None:
            folded = fold(tok)
            pats = self._patterns(folded)
            e = self._raw[tok] = (folded, tuple((p.topic, p.weak) for p in pats if len(p.words) == 1),
                                  tuple(p for p in pats if len(p.words) > 1))
        return e

    def match_tokens(self, toks: list[str]) -> dict[int, bool]:
        """``match`` for ``text.tokens`` output (folds each distinct token once per run): the hot path."""
        out: dict[int, bool] = {}
        entry = self._entry
        for i, tok in enumerate(toks):
            _folded, single, multi = entry(tok)
            for topic, weak in single:
                if not weak:
                    out[topic] = True
                elif topic not in out:
                    out[topic] = False
            for p in multi:
                tail = toks[i + 1:i + len(p.words)]
                if len(tail) < len(p.words) - 1 or not all(
                        _word_ok(w, entry(t)[0]) for w, t in zip(p.words[1:], tail)):
                    continue
                if not p.weak:
                    out[p.topic] = True
                else:
                    out.setdefault(p.topic, False)
        return out

    def _patterns(self, tok: str) -> list[_Pattern]:
        got = self._starts.get(tok)
        if got is None:
            got = list(_EXACT.get(tok, ()))
            for n in range(1, min(len(tok), _LONGEST) + 1):
                got.extend(_PREFIX.get(tok[:n], ()))
            self._starts[tok] = got
        return got

    def match(self, folded_tokens: list[str]) -> dict[int, bool]:
        """topic index -> True when a strong trigger matched, False when only weak ones did."""
        out: dict[int, bool] = {}
        for i, tok in enumerate(folded_tokens):
            pats = self._patterns(tok)
            if not pats:
                continue
            for p in pats:
                if len(p.words) > 1:
                    tail = folded_tokens[i + 1:i + len(p.words)]
                    if len(tail) < len(p.words) - 1 or not all(_word_ok(w, t) for w, t in zip(p.words[1:], tail)):
                        continue
                if not p.weak:
                    out[p.topic] = True
                else:
                    out.setdefault(p.topic, False)
        return out


def topics_in_label(label: str, matcher: Matcher | None = None, *, weak: bool = False) -> list[Topic]:
    """The vocabulary topics a short label names ('Sourdough bread' -> Sourdough baking) by strong triggers;
    with ``weak``, the topics only its weak words touch ('Bread' -> Sourdough baking, Baking)."""
    from desktop_app.core.profile.text import tokens

    m = matcher or Matcher()
    toks = [fold(t) for t in tokens(label)]
    hits = m.match(toks)
    if weak:
        return [TOPICS[i] for i, strong in hits.items() if not strong]
    found = [TOPICS[i] for i, strong in hits.items() if strong]
    exact = BY_KEY.get(fold(label).strip())
    if exact is not None and exact not in found:
        found.insert(0, exact)
    return found
