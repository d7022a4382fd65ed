"""Answer spans from one record: the kind of span each question wants, on short invented sentences."""

from __future__ import annotations

from desktop_app.core.assistant import lookup as L
from desktop_app.core.assistant import spans as SP
from desktop_app.core.assistant.evidence import Rec
from desktop_app.core.assistant.plan import PersonRef, Plan, question_kind
from desktop_app.core.assistant.words import content_terms


def _span(question: str, text: str, *, people: tuple[str, ...] = (), author: str = "Robin Vale",
          mine: bool = False) -> str:
    refs = [PersonRef(p, [], p) for p in people]
    rest = question
    for p in people:
        rest = rest.replace(p + "'s", " ").replace(p, " ")
    plan = Plan(question, question_kind(question), refs, refs[0] if refs else None, terms=content_terms(rest))
    rec = Rec(1, "facebook", "message", 1_700_000_000_000, author, None, mine, text, None, "", 1)
    scored = L.score_records(plan, [rec], {t: 1.0 for t in plan.terms} or {"x": 1.0})
    s = next(x for x in scored if x.rec is rec)
    span, how = SP.span_for(plan, s)
    assert span in ("", author, "You") or span in text, "a span is always the record's own words"
    return span


def test_who_takes_a_name_and_never_the_person_greeted():
    span = _span("Who played at Lena's party?", "Thanks, Maria! It was Tom Baker, he played at the party all night.",
                 people=("Lena",))
    assert span == "Tom Baker"


def test_who_without_a_name_in_the_record_gives_nothing():
    assert _span("Who fixed the fence?", "the fence is fixed now, finally") == ""


def test_what_takes_the_object_after_the_question_verb():
    span = _span("What did Lena bake for the fair?", "Guess what! I baked a lemon drizzle cake for the fair.",
                 people=("Lena",))
    assert "lemon drizzle cake" in span
    assert len(span.split()) <= 8


def test_the_answer_can_follow_the_sentence_holding_the_question_words():
    span = _span("What did Lena learn at the pottery class?",
                 "Hey! Last week I finally went to the pottery class. We learned how to glaze bowls properly.",
                 people=("Lena",))
    assert "glaze bowls" in span


def test_a_list_question_keeps_the_listed_items():
    span = _span("What sports does Lena play?", "Oh lots! I play tennis, squash and golf most weeks.", people=("Lena",))
    for item in ("tennis", "squash", "golf"):
        assert item in span


def test_how_many_wants_a_number():
    assert "3" in _span("How many cats does Lena have?", "Yes, I have 3 cats at home now.", people=("Lena",))
    assert _span("How many cats does Lena have?", "I love my cats so much.", people=("Lena",)) == ""


def test_where_takes_a_place():
    assert _span("Where did Lena move?", "Big news: we moved to Porto last spring!", people=("Lena",)) == "Porto"


def test_a_name_given_with_called():
    assert _span("What is the name of Lena's dog?", "We got a puppy and we called him Rusty.",
                 people=("Lena",)) == "Rusty"


def test_what_kind_of_keeps_the_type_word_short():
    span = _span("What kind of bike did Lena buy?", "Oh nice. I bought a gravel bike from the shop downtown.",
                 people=("Lena",))
    assert "gravel bike" in span
    assert len(span.split()) <= 7


def test_who_said_is_the_author():
    assert _span("Who said the lake was frozen?", "the lake was frozen this morning", author="Sam Lee") == "Sam Lee"
    assert _span("Who said the lake was frozen?", "the lake was frozen this morning", mine=True) == "You"


def test_candidates_carry_their_signals_and_text_from_the_record():
    text = "Thanks, Maria! I painted a lighthouse at sunset, it took two weeks."
    plan = Plan("What did Lena paint?", "what", terms=content_terms("What did paint?"))
    rec = Rec(1, "facebook", "message", 0, "Lena", None, False, text, None, "", 1)
    s = L.score_records(plan, [rec], {t: 1.0 for t in plan.terms})[0]
    cands = SP.candidates(plan, s)
    assert cands and all(c.text in text for c in cands)
    assert all("Maria" != c.text for c in cands)        # a name said to the reader is no candidate
    assert SP.best_candidate(cands) is not None


def test_who_without_a_name_takes_the_person_named_by_relation():
    span = _span("Who taught Lena to knit?", "It was my grandma, she taught me to knit when I was six.", people=("Lena",))
    assert span == "grandma"     # the writer's "my" is dropped (RELATION_BARE, session 10)


def test_where_without_a_place_name_gives_nothing():
    # "in my old boot" is a place, but so is "at the gym" in any record: only a named place is safe
    assert _span("Where did Lena hide the key?", "Ha, I hid the key in my old boot by the door.", people=("Lena",)) == ""


def test_how_often_wants_a_frequency_and_a_what_answer_is_never_just_a_time():
    assert "twice a week" in _span("How often does Lena swim?", "I swim at the lake, usually twice a week.",
                                   people=("Lena",))
    span = _span("What did Lena cook last night?", "Last night I cooked a big pot of lentil soup.", people=("Lena",))
    assert "lentil soup" in span and span.lower() != "last night"


def test_a_yes_no_question_rests_on_a_short_span():
    span = _span("Does Lena like hiking?", "Oh yes, hiking in the hills every weekend is my favourite thing to do.",
                 people=("Lena",))
    assert span and len(span.split()) <= SP.YESNO_SPAN_WORDS


def test_a_word_opening_a_sentence_is_a_name_only_when_it_can_be_one():
    assert _span("Who is Lena engaged to?", "Marco proposed!! we are getting married in June", people=("Lena",)) == "Marco"
    assert _span("Who helped Lena move?", "Honestly it was chaos. Seeing the boxes made me cry.", people=("Lena",)) == ""


def test_how_many_counts_the_thing_asked_about():
    assert _span("How many dogs does Lena have?", "We volunteer at the shelter once a month.", people=("Lena",)) == ""
    assert _span("How many dogs does Lena have?", "Ha! We have two dogs and a very old cat.",
                 people=("Lena",)) == "two"


def test_who_takes_the_name_where_the_question_points_not_the_first_name():
    span = _span("Who does Lena like in terms of jazz?",
                 "I like classical like Chopin and Liszt, as well as jazz like Nina Simone.", people=("Lena",))
    assert span == "Nina Simone"


def test_whose_never_takes_the_person_greeted():
    span = _span("Whose wedding did Lena go to?", "Hey Maria! We went to my cousin's wedding last weekend.",
                 people=("Lena",))
    assert span == "cousin's"


def test_how_long_takes_a_number_with_its_unit():
    span = _span("How long has Lena played the cello?", "Oh, 12 of us play in the group, and I've played it for 6 years.",
                 people=("Lena",))
    assert "6 years" in span


def test_what_kind_of_takes_the_kind_not_the_name_it_was_given():
    span = _span("What kind of animal did Mei get?", "we finally adopted a beagle! we're calling her Biscuit",
                 people=("Mei",))
    assert "beagle" in span and "Biscuit" not in span.split()[-1:]
    assert _span("What name did Mei give their new animal?", "we finally adopted a beagle! we're calling her Biscuit",
                 people=("Mei",)) == "Biscuit"


def test_what_country_takes_the_country_named_not_the_words_around_it():
    text = "This necklace is super special to me - a gift from my grandma in my home country, Sweden."
    assert _span("What country is Caroline's grandma from?", text, people=("Caroline",)) == "Sweden"
    assert _span("Which city did Jon visit?", "I went to Rome once, loved it", people=("Jon",)) == "Rome"


def test_names_in_the_plural_want_names_too():
    assert _span("What are the names of Jon's children?", "Our one-year-old is so cute, his name is Kyle!",
                 people=("Jon",)) == "Kyle"


def test_names_in_the_plural_take_every_name_the_sentence_lists():
    span = _span("What are Mel's pets' names?", "Luna and Oliver! They are so sweet and playful.", people=("Mel",))
    assert span == "Luna and Oliver"


def test_a_kind_the_question_names_is_answered_by_a_member_of_it():
    span = _span("What natural disaster hit Lena's old town?",
                 "Since we talked it's been tough. My old town was hit by a nasty flood last week, the roads were bad.",
                 people=("Lena",))
    assert "flood" in span and len(span.split()) <= 3
    span = _span("What kind of meal did Lena and her family cook together?",
                 "We cooked lasagna! We had so much fun making it together and sharing a tasty meal with family.",
                 people=("Lena",))
    assert "lasagna" in span and "tasty" not in span


def test_how_did_they_feel_takes_a_word_of_feeling():
    assert _span("How did Lena feel about the opening night?",
                 "Thanks! I'm excited! It's been a long road, but I'm feeling good and ready to give it my best.",
                 people=("Lena",)) == "excited"
    assert "grateful" in _span("How does Lena feel after the accident?",
                               "Especially after the accident, I've thought a lot about it. I'm so grateful for my family.",
                               people=("Lena",))


def test_the_answer_follows_the_records_own_word_for_the_question_verb():
    span = _span("What did Lena buy at the market?",
                 "Last Saturday I went to the farmers market downtown. I got some fresh strawberries and honey, so good!",
                 people=("Lena",))
    assert "strawberries" in span


def test_a_time_opening_a_stretch_is_never_a_what_answer():
    span = _span("What did Lena and her kids make at the pottery workshop?",
                 "So much news! Last Fri I finally took my kids to a pottery workshop. We all made our own mugs, it was fun!",
                 people=("Lena",))
    assert "mugs" in span and "Fri" not in span


def test_the_question_words_alone_are_no_answer():
    span = _span("What is Lena's main goal at the council?",
                 "I'm working on better bike lanes and cleaner parks. Those are my main goals at the council.",
                 people=("Lena",))
    assert "bike lanes" in span and "goals" not in span


def test_the_verb_may_be_told_in_another_form_or_word():
    span = _span("What did Lena find on her walk?",
                 "I was out walking by the river when I came across this tiny painted stone.", people=("Lena",))
    assert "painted stone" in span


def test_the_object_of_the_verb_stops_before_its_purpose():
    assert _span("What did Lena make for the library?",
                 "Thanks! I made this mural to remind everyone that reading opens doors.", people=("Lena",)) == "mural"


def test_what_did_they_do_takes_the_deed_after_its_doer():
    span = _span("What did Lena do after the concert?",
                 "The concert was so loud! After that we grabbed late-night tacos with the band.", people=("Lena",))
    assert "grabbed late-night tacos" in span


def test_a_word_of_a_kind_grows_only_to_the_list_it_is_an_item_of():
    assert _span("What emotions did Lena feel at the reunion?",
                 "Seeing everyone again after ten years, the hugs and old jokes made it really heartwarming.",
                 people=("Lena",)) == "heartwarming"


def test_a_superlative_question_takes_what_the_superlative_names():
    assert _span("What was the biggest challenge Lena faced at the new job?",
                 "Yeah, there were all kinds of hurdles - the commute, the software... but the worst was impostor syndrome.",
                 people=("Lena",)) == "impostor syndrome"
    assert _span("What is Lena's favorite style of music?", "I love all kinds of music, but jazz is my top pick. It's so warm!",
                 people=("Lena",)) == "jazz"


def test_a_superlative_said_of_another_thing_is_no_sign_of_the_answer():
    def top(question: str) -> float:
        text = "I love all kinds of dance, but contemporary is my top pick."
        plan = Plan(question, "what", [], None, terms=content_terms(question))
        rec = Rec(1, "facebook", "message", 0, "Lena", None, False, text, None, "", 1)
        s = L.score_records(plan, [rec], {t: 1.0 for t in plan.terms})[0]
        return max(c.feats.get("top_slot", 0.0) for c in SP.candidates(plan, s) if c.text == "contemporary")

    assert top("What is Lena's favorite style of dance?") == 1.0
    assert top("What is Lena's favorite style of painting?") == 0.0


def test_at_least_stays_with_its_bound():
    text = "Sunsets are the best. I watch one from the balcony, at least once a week."
    plan = Plan("How often does Lena see the sunset?", "how", [], None, terms=content_terms("How often see sunset?"))
    rec = Rec(1, "facebook", "message", 0, "Lena", None, False, text, None, "", 1)
    s = L.score_records(plan, [rec], {t: 1.0 for t in plan.terms})[0]
    texts = {c.text for c in SP.candidates(plan, s)}
    assert "at least once a week" in texts and "least once a week" not in texts


def test_the_record_may_say_the_question_verb_in_other_words():
    assert _span("What does Lena's tattoo symbolize?", "Thanks! Got the tattoo a few years ago, it stands for courage.",
                 people=("Lena",)) == "courage"
    assert _span("What did Lena take away from the book?",
                 "It taught me patience and how to ask for help. Dogs are great too, though.", people=("Lena",)) == "patience"
    assert "unreliable narrators" in _span(
        "What was discussed at Lena's book club?",
        "Last Friday I went to my book club and it was really fun. We talked about unreliable narrators.", people=("Lena",))


def test_a_kind_word_in_the_record_leads_to_its_qualifiers():
    assert _span("What kind of place does Lena want to build for kids?",
                 "Now I'm passionate about creating a calm, welcoming place for kids to learn.",
                 people=("Lena",)) == "a calm, welcoming place"


def test_a_reaction_is_told_in_words_of_feeling_and_get_promoted_is_a_passive():
    plan = Plan("How did Lena describe her kids' reaction at the aquarium?", "how", terms=content_terms("reaction aquarium"))
    rec = Rec(1, "facebook", "message", 0, "Lena", None, False, "They were speechless and thrilled.", None, "", 1)
    s = L.score_records(plan, [rec], {t: 1.0 for t in plan.terms} or {"x": 1.0})[0]
    assert any(c.feats.get("feeling") for c in SP.candidates(plan, s) if c.text == "speechless and thrilled")
    get = SP.lemma("get")
    assert get not in SP.question_view(Plan("What did Lena get promoted to?", "what")).kin
    assert get in SP.question_view(Plan("What did Lena get from her aunt?", "what")).kin


def test_a_time_ending_a_stretch_is_never_part_of_a_what_answer_but_a_frequency_is():
    assert _span("What did the bake sale raise money for?",
                 "It was amazing! The bake sale raised money for the animal shelter last Saturday.") == "the animal shelter"
    assert "once a month" in _span("What did Lena start doing?",
                                   "Guess what, I started volunteering at the library once a month!", people=("Lena",))


def test_what_did_they_do_to_get_something_is_answered_apart_from_the_purpose():
    assert _span("What did Lena do to get closer to nature?",
                 "Last month I joined a hiking club. I really wanted to get closer to nature.",
                 people=("Lena",)) == "joined a hiking club"


def test_how_someone_handled_something_is_told_in_words_of_feeling():
    assert "nervous" in _span("How did Lena's kids handle the move?",
                              "The move was a lot for everyone. They reassured each other, but they were nervous at first.",
                              people=("Lena",))


def test_what_it_was_like_follows_like():
    assert _span("What did Lena say it was like being at the lake?",
                 "I felt like I was in a dream! The lake sounded so calming and the trees were beautiful.",
                 people=("Lena",)) == "a dream"


# -- where English puts the answer (session 8: list objects, the question's own verb, intent, events, descriptions)
def test_a_list_after_the_records_verb_is_one_object():
    span = _span("What does Lena's tattoo symbolize?", "I got it in Lisbon, and it stands for hope, courage and family.",
                 people=("Lena",))
    assert span == "hope, courage and family"


def test_the_object_after_the_questions_own_verb():
    span = _span("What activity did Lena's neighbour, Tom, invite her to?",
                 "Nothing planned yet, but my neighbour Tom invited me to a beginner's salsa class.", people=("Lena",))
    assert span == "a beginner's salsa class"


def test_why_is_answered_by_the_purpose_after_a_word_of_intent():
    span = _span("Why did Lena start a podcast?", "Digging into local history has been eye-opening, so I'm recording "
                 "episodes about it. Hoping to share forgotten stories with my neighbours.", people=("Lena",))
    assert span == "share forgotten stories with my neighbours"


def test_what_she_plans_to_do_follows_off_to():
    span = _span("What did Lena plan to do after work?",
                 "Well, I'm off to have dinner with my cousins downtown. Talk to you later!", people=("Lena",))
    assert "dinner with my cousins" in span


def test_what_happened_is_told_as_a_deed():
    span = _span("What happened to Lena's job?", "Big news since we talked. I lost my job at the printing company. "
                 "They closed down.", people=("Lena",))
    assert span == "lost my job at the printing company"


def test_a_deed_told_with_a_light_verb_follows_its_doer():
    span = _span("What did Lena do last week with her kids?", "Wow, that's great! Last week, we had a lovely afternoon "
                 "at the aquarium. It made an impression on my kids.", people=("Lena",))
    assert "afternoon at the aquarium" in span


def test_how_does_she_describe_it_takes_the_describing_words():
    span = _span("How does Lena describe the hike with Sam?", "Sam and I did the ridge trail last month. It was a really "
                 "peaceful and awesome experience.", people=("Lena",))
    assert span.startswith("peaceful and awesome")


def test_a_name_given_with_called_answers_only_a_question_asking_for_one():
    span = _span("What does Lena appreciate about the museum visit?", "The museum visit was great: we met a guide "
                 "named Tobias, and the old maps gave me a real sense of history.", people=("Lena",))
    assert span != "Tobias"


def test_a_member_of_the_kind_asked_for_grows_to_its_list():
    span = _span("What kind of food did Lena have at the picnic?", "Thanks! It had lots of great things like salads, "
                 "sandwiches, and homemade pies. My favourite was the lemonade.", people=("Lena",))
    assert span == "salads, sandwiches, and homemade pies"


def test_a_deed_grows_to_the_list_of_deeds():
    span = _span("What did Lena and her family do while camping?", "What a trip! We watched birds, cooked sausages "
                 "over the fire and even went on a canoe ride. The lake at dawn was unreal!", people=("Lena",))
    assert "watched birds" in span and "canoe ride" in span


def test_an_activity_is_told_by_its_ing_word():
    span = _span("What activity did Lena and Sam enjoy together last summer?", "Thanks! Sam and I had a blast on our "
                 "camping trip last summer. It was so relaxing.", people=("Lena",))
    assert span.startswith("camping")


def test_why_may_be_answered_by_the_clause_before_so():
    span = _span("Why did Lena combine her bakery with music?", "Thanks! I'm passionate about baking and jazz so "
                 "combining them lets me share both with others.", people=("Lena",))
    assert span == "passionate about baking and jazz"


def test_a_superlatives_slot_is_read_past_a_determiner():
    span = _span("What was Lena's favorite skating memory?", "I used to skate in a few local shows - my fav memory was "
                 "when our duo won the silver medal at the winter cup. Such a rush!", people=("Lena",))
    assert span.startswith("duo won")


def test_what_makes_her_something_is_the_subject_of_make():
    span = _span("According to Sam, what makes Lena a great coach?", "Wow, Lena! Teaching kids is so rewarding. You're "
                 "a natural coach. Your patience and humour will make your swim club a success!", people=("Lena", "Sam"))
    assert span == "patience and humour"


def test_the_second_object_of_the_questions_verb_is_the_whole_answer():
    span = _span("What important skills does Lena want to teach her students through the garden project?",
                 "We're planting a school garden - for fun and to teach our students patience and teamwork.",
                 people=("Lena",))
    assert span == "patience and teamwork"


def test_a_list_of_names_grows_only_to_names():
    span = _span("Which classical composers does Lena enjoy listening to?", "I'm a fan of both classical like Haydn and "
                 "Vivaldi, as well as modern music like Norah Jones's \"Sunrise\".", people=("Lena",))
    assert span == "Haydn and Vivaldi"


def test_the_object_of_a_phrasal_verb_leaves_its_particle():
    span = _span("What did Lena find on her run by the river?", "I was out running by the river when I came across this "
                 "tiny stone bridge covered in moss.", people=("Lena",))
    assert span.startswith("tiny stone bridge")
