"""Answer a question from the user's records: exact where the vault knows, extractive where a record
says it, honest where nothing does.

``ask(...)`` yields ``Retrieved(citations)``, then ``Token(text)`` with the checked answer, then
``Done(answer)``. The question is planned first (``plan.make_plan``: its kind, people, time and
hints); then one route answers it:

- **exact** (counts, firsts, lasts, top-N, every catalogue list): SQL over the vault, complete and
  cited, no model involved (``analytics``, ``catalogue``);
- **lookup** (who / what / where / when / which / how, yes-no): a span of one record, or a date
  resolved from what the record says, verified against that record (``answer_engine``);
- **open** (summaries, "what did I tell Maria about ..."): the model writes from a handful of
  records; each sentence is kept only if the record it cites holds its words, else the records'
  own best sentences are quoted.

When no record supports an answer the reply says so, and the nearest records are listed apart as
``related`` citations, never as the answer. No unverified text is ever yielded as a Token.
Nothing the model writes triggers an action: its output is only text shown to the user.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator, Union

from desktop_app.core.assistant import (analytics, catalogue, conversations, interests, people_card, period_digest,
                                       said_by, talk_about, where_was_i)
from desktop_app.core.assistant import answer_engine as AE
from desktop_app.core.assistant import prompt as P
from desktop_app.core.assistant.evidence import Rec
from desktop_app.core.assistant.plan import Plan, make_plan
from desktop_app.core.assistant.retrieve import Citation, one_line, record_citations
from desktop_app.core.assistant.spans import day_label
from desktop_app.core.assistant.words import QUESTION_WORDS, stem, tokens
from desktop_app.core.errors import Cancelled, ModelError
from desktop_app.core.privacy.scope import Scope, load_scope
from desktop_app.core.progress import CancelToken

if TYPE_CHECKING:
    from desktop_app.core.assistant.lookup import Scored
    from desktop_app.core.llm.protocol import Engine
    from desktop_app.core.retrieval.embedder import Embedder
    from desktop_app.core.store.vault import Vault

USE_PROFILE_SETTING = "assistant.use_profile"
NO_DATA = "That is not in your data{scope_note}."
_CITE = re.compile(r"\[(\d{1,3})\]")
SENTENCE_SUPPORT = 0.6     # share of a written sentence's content words its cited record must hold
OPEN_RECORDS = 4           # records the model reads for an open answer
# "Tell me about my move to Seattle" without a model's checked sentences: every supporting record quoted
# whole, dated, in the order written (a story), instead of the first two records' best sentences.
STORY_QUOTES = True
_TELL_ME = re.compile(r"^\s*(?:(?:please\s+)?tell\s+me\s+(?:about|the\s+story\s+of|more\s+about)|summari[sz]e|"
                      r"describe|give\s+me\s+(?:an?\s+)?(?:overview|summary|recap)\s+of|recap)\b", re.I)


@dataclass
class Answer:
    question: str
    text: str = ""
    citations: list[Citation] = field(default_factory=list)
    kind: str = "extractive"                  # analytic | extractive | grounded | no_data
    status: str = "done"                      # done | cancelled
    model: str = ""
    model_sha256: str | None = None
    timings: dict[str, Any] = field(default_factory=dict)
    scope: dict[str, Any] = field(default_factory=dict)
    facts: dict[str, Any] | None = None
    warnings: list[str] = field(default_factory=list)
    prompt: str | None = None
    id: int | None = None
    conversation_id: int | None = None
    plan: dict[str, Any] = field(default_factory=dict)
    basis: str = ""                           # how the answer was taken ("“yesterday” in a message of 8 May 2023")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "conversation_id": self.conversation_id, "question": self.question,
                "text": self.text, "kind": self.kind, "status": self.status,
                "citations": [c.to_dict() for c in self.citations], "model": self.model,
                "model_sha256": self.model_sha256, "timings": self.timings, "scope": self.scope,
                "facts": self.facts, "warnings": self.warnings, "prompt": self.prompt, "plan": self.plan,
                "basis": self.basis}


@dataclass
class Retrieved:
    citations: list[Citation]


@dataclass
class Token:
    text: str


@dataclass
class Done:
    answer: Answer


Event = Union[Retrieved, Token, Done]


def profile_text(vault: Vault, scope: Scope) -> str | None:
    """The profile summary, when the user lets answers use it and the profile area exists."""
    if not vault.get_setting(USE_PROFILE_SETTING, True):
        return None
    from desktop_app.core.profile.summary import profile_summary

    text = profile_summary(vault, scope)
    return text or None


def _finish_citations(text: str, cites: list[Citation]) -> str:
    """Mark cited records; drop [n] markers that point to nothing (a model can invent them)."""
    valid = {c.n for c in cites}
    used = set()

    def sub(m: re.Match) -> str:
        n = int(m.group(1))
        if n in valid:
            used.add(n)
            return m.group(0)
        return ""

    text = _CITE.sub(sub, text)
    for c in cites:
        c.cited = c.n in used
    return re.sub(r"[ \t]+([.,;:])", r"\1", text).strip()


def ask(vault: Vault, question: str, *, engine: Engine | None = None, scope: Scope | None = None, conversation_id: int | None = None,
        limit: int = 8, max_tokens: int = 160, cancel: CancelToken | None = None, show_prompt: bool = False,
        save: bool = True, embedder: Embedder | None = None, analytic_budget_s: float | None = 30.0,
        use_history: bool = True, filters: Any = None, search_mode: str = "hybrid") -> Iterator[Event]:
    """Plan, route, verify, save. See the module docstring for the events.

    ``engine`` is only started for open questions; exact and lookup answers need no model.
    ``filters`` (a retrieval ``Filters`` or dict) narrows the search, e.g. to one person.
    ``analytic_budget_s`` is kept for callers; exact answers no longer wait for a model.
    """
    t0 = time.perf_counter()
    question = P.clean_text(question).strip()
    if not question:
        raise ModelError("Ask a question first.")
    scope = scope if scope is not None else load_scope(vault)
    answer = Answer(question=question, scope=scope.to_dict())   # .model: only set when a model wrote it
    scope_note = "" if scope.is_everything else " (within the current scope)"
    exact = _exact(vault, question, scope)
    plan = make_plan(vault, question, exact_kind=exact[0] if exact else None)
    answer.plan = plan.to_dict()
    if exact is not None:
        _, result = exact
        answer.kind = "analytic"
        answer.facts = {"intent": result.intent, **result.data}
        answer.citations = record_citations(vault, result.record_ids, scope=scope)
        answer.text = _finish_citations(result.template, answer.citations)
        answer.warnings += list(getattr(result, "notes", []) or [])
        answer.timings["retrieval_s"] = round(time.perf_counter() - t0, 4)
        yield Retrieved(answer.citations)
    else:
        emb = embedder
        warm = None
        if plan.route == "open" and engine is not None:   # load the model and its fixed prefix meanwhile
            system = P.system_message(profile_text(vault, scope))
            hist = conversations.history(vault, conversation_id) if (conversation_id and use_history) else []
            warm = _prefill_async(engine, _prefix_messages(system, hist) + [{"role": "user", "content": P.FENCE_BEGIN}])
        recs = AE.search_records(vault, plan, scope=scope, embedder=emb, filters=filters, mode=search_mode,
                                 limit=max(limit, AE.SEARCH_HITS))
        answer.timings["retrieval_s"] = round(time.perf_counter() - t0, 4)
        if warm is not None:
            warm.join()
        if plan.route == "open":
            yield from _open(vault, plan, recs, answer, engine, conversation_id if use_history else None,
                             max_tokens, cancel, show_prompt, emb, scope)
        else:
            lk = AE.typed_list(vault, plan, scope) or AE.choose(vault, plan, recs, emb)
            _lookup_answer(answer, lk, scope_note)
            yield Retrieved(answer.citations)
    if answer.kind == "no_data" and not answer.text:
        answer.text = NO_DATA.format(scope_note=scope_note)
    answer.text = P.clean_output(answer.text)   # record words shown as plain text: no escapes, no bidi tricks
    yield Token(answer.text)
    answer.timings["total_s"] = round(time.perf_counter() - t0, 4)
    if save:
        conversations.save_answer(vault, conversation_id, answer)
        _audit(vault, answer)
    yield Done(answer)


def _exact(vault: Vault, question: str, scope: Scope) -> tuple[str, analytics.AnalyticResult] | None:
    """(kind, result) when SQL answers the question exactly, else None."""
    result = analytics.analyze(vault, question, scope)
    if result is not None:
        kind = {"unknown_person": "count"}.get(result.intent, result.intent)
        return kind, result
    for route, kind in _EXACT_ROUTES:
        result = route(vault, question, scope)
        if result is not None:
            return kind, result
    return None


# After analytics, in this order: each answers only the questions of its own shape, else None
_EXACT_ROUTES = ((catalogue.answer, "list"), (people_card.answer, "person"), (people_card.friends_since, "person"),
                 (where_was_i.answer, "places"), (where_was_i.visits, "visits"), (period_digest.answer, "period"),
                 (said_by.answer, "said"), (talk_about.answer, "talk_about"), (interests.answer, "interests"))


def rec_citation(n: int, r: Rec, *, cited: bool = False, related: bool = False) -> Citation:
    return Citation(n=n, record_id=r.record_id, platform=r.platform, kind=r.kind, ts_ms=r.ts_ms, author=r.author,
                    snippet=one_line(r.text), text=r.text, thread_id=r.thread_id, thread_title=r.thread_title,
                    record_ids=[r.record_id], cited=cited, related=related)


def _lookup_answer(answer: Answer, lk: AE.Lookup, scope_note: str) -> None:
    if lk.text is None:
        _decline(answer, lk, scope_note)
        return
    answer.kind = "extractive"
    answer.citations = [rec_citation(i, r, cited=True) for i, r in enumerate(lk.evidence, 1)]
    marks = "".join(f"[{c.n}]" for c in answer.citations)
    answer.text = f"{lk.text} {marks}".strip()
    answer.basis = lk.how


def _decline(answer: Answer, lk: AE.Lookup, scope_note: str) -> None:
    answer.kind = "no_data"
    answer.text = NO_DATA.format(scope_note=scope_note)
    answer.citations = [rec_citation(i, r, related=True) for i, r in enumerate(lk.related[:3], 1)]
    if lk.why:
        answer.basis = lk.why


# -- open answers ----------------------------------------------------------------------------------
def _open(vault: Vault, plan: Plan, recs: list[Rec], answer: Answer, engine: Engine | None,
          conversation_id: int | None, max_tokens: int, cancel: CancelToken | None, show_prompt: bool,
          embedder: Embedder | None = None, scope: Scope | None = None) -> Iterator[Event]:
    """A few supporting records, the model's sentences checked one by one, else the records' own words."""
    scope_note = "" if scope is None or scope.is_everything else " (within the current scope)"
    ranked = AE.rank(vault, plan, recs, embedder)          # once: the decline below reads the same ranking
    chosen = AE.supporting(ranked, OPEN_RECORDS, plan.question)
    if not chosen or AE.told_of_someone_else(plan, ranked):   # "Why did Caroline ...?" of Melanie's story
        _decline(answer, AE.choose(vault, plan, recs, embedder, ranked=ranked), scope_note)
        yield Retrieved(answer.citations)
        return
    answer.citations = [rec_citation(i, sc.rec) for i, sc in enumerate(chosen, 1)]
    yield Retrieved(answer.citations)
    text = ""
    if engine is not None:
        try:
            raw = _write(vault, plan, chosen, answer, engine, conversation_id, max_tokens, cancel, show_prompt, scope)
            text = _verified_sentences(raw, answer.citations, plan.question)
            if raw and not text:
                answer.warnings.append("the model's sentences were not supported by the records; "
                                       "the records' own words are shown")
        except ModelError as e:
            answer.warnings.append(f"the model failed ({e}); the records' own words are shown")
    if text:
        answer.kind = "grounded"
        answer.text = text
        return
    answer.kind = "extractive"
    story = STORY_QUOTES and _TELL_ME.match(plan.question) is not None
    parts = []
    pairs = list(zip(answer.citations, chosen if story else chosen[:2]))
    if story:      # "Tell me about my move": every supporting record, in the order things happened, dated
        pairs.sort(key=lambda p: (p[1].rec.ts_ms is None, p[1].rec.ts_ms or 0))
    from desktop_app.core.timezone import zone_for

    zone = zone_for(vault) if story else None
    for c, sc in pairs:
        c.cited = True
        # a story quotes records whole; otherwise the best sentence ("Maria!" alone says nothing: then the record)
        said = sc.rec.text if story or len(sc.sentence.split()) < 4 else sc.sentence
        quote = _CITE.sub(r"(\1)", one_line(said, 240))   # a record's own "[42]" is not a citation
        if story and sc.rec.ts_ms is not None:
            parts.append(f"{day_label(sc.rec.ts_ms, zone)}, {_told(sc.rec, quote)} [{c.n}]")
        else:
            parts.append(f"“{quote}” [{c.n}]")
    answer.text = ("; ".join(parts) + ".") if story else " ".join(parts)
    answer.basis = "the records' own words" + (", in the order they were written" if story else "")


_TOLD = {"checkin": "you checked in at {q}", "profile": "your profile: “{q}”", "saved": "you saved “{q}”",
         "search": "you searched for “{q}”", "event": "an event: {q}", "link": "you opened “{q}”",
         "group": "you joined the group {q}"}


def _told(rec: Rec, quote: str) -> str:
    """One record in a story, as what happened ("you checked in at Blue Lake Cabin", "Sam Carter: “...”")."""
    if rec.kind in _TOLD:
        return _TOLD[rec.kind].format(q=quote)
    who = "you" if rec.is_mine else (rec.author or "someone")
    return f"{who} posted “{quote}”" if rec.kind in ("post", "threads_post") else f"{who}: “{quote}”"


def _prefill_async(engine: Engine | None, messages: list[dict[str, str]]) -> threading.Thread | None:
    """Let the engine load and evaluate the fixed prefix while records are retrieved (open questions)."""
    fn = getattr(engine, "prefill", None)
    if fn is None:
        return None

    def run() -> None:
        try:
            fn(messages)
        except Exception:  # noqa: BLE001 - only a warm-up: the question itself reports any engine error
            pass

    t = threading.Thread(target=run, name="hearth-prefill", daemon=True)
    t.start()
    return t


def _write(vault: Vault, plan: Plan, chosen: list[Scored], answer: Answer, engine: Engine,
           conversation_id: int | None, max_tokens: int,
           cancel: CancelToken | None, show_prompt: bool, scope: Scope | None = None) -> str:
    system = P.system_message(profile_text(vault, scope if scope is not None else load_scope(vault)))
    hist = conversations.history(vault, conversation_id) if conversation_id else []
    messages = _prefix_messages(system, hist)
    items = [P.ContextItem(c.n, _header(c), _focus_text(sc)) for c, sc in zip(answer.citations, chosen)]
    messages.append({"role": "user", "content": P.user_message(plan.question, items)})
    if not getattr(engine, "chat_template", True):
        answer.warnings.append("this model has no chat template; a plain prompt format was used")
    pieces: list[str] = []
    t_gen = time.perf_counter()
    try:
        for piece in engine.stream(messages, max_tokens=max_tokens, cancel=cancel, return_prompt=show_prompt):
            pieces.append(P.clean_output(piece))
    except Cancelled:
        answer.status = "cancelled"
        raise
    stats = engine.last_stats
    answer.model = getattr(engine, "name", "")
    answer.model_sha256 = getattr(engine, "model_sha256", None)
    answer.timings.update({"ttft_s": stats.ttft_s, "generation_s": round(time.perf_counter() - t_gen, 4),
                           "prompt_tokens": stats.prompt_tokens, "cached_prompt_tokens": stats.cached_tokens,
                           "generated_tokens": stats.generated_tokens, "tokens_per_s": stats.tokens_per_s})
    if show_prompt:
        answer.prompt = stats.prompt_text or "\n\n".join(f"[{m['role']}]\n{m['content']}" for m in messages)
    return "".join(pieces)


def _focus_text(sc: Scored) -> str:
    """The record's answering sentence with one sentence of context on each side, in its speaker's name."""
    r = sc.rec
    sents = r.sentences()
    i = next((k for k, x in enumerate(sents) if x == sc.sentence), 0)
    body = " ".join(sents[max(0, i - 1):i + 2])
    who = "me" if r.is_mine else (r.author or "")
    return f"{who}: {body}" if who else body


_SPLIT = re.compile(r"(?<=[.!?])\s+")
# The assistant speaking of its own actions ("I'll delete all records and open ...") is a record's
# instruction echoed, not an answer about the user's records, however many of its words a record holds.
_SELF_TALK = re.compile(r"(?i)\b(?:i'll|i’ll|i will|i'm going to|i am going to|let me|i can|i have (?:deleted|removed|"
                        r"opened|changed|sent)|i've (?:deleted|removed|opened|changed|sent))\b|https?://")
_FENCE_TEXT = re.compile(r"(?i)untrusted\s+records|QUESTION:")
# The model announcing its answer ("The user's answer is: ...", "According to the records, ...") is
# scaffolding, not a fact of the records: it goes, and only what follows is checked and shown.
_META_OPENER = re.compile(r"(?i)^(?:the\s+)?(?:(?:user|assistant)(?:'s|’s)?\s+)?(?:answer|response|reply)\s+"
                          r"(?:is|was|would\s+be)\s*:?\s*|^according\s+to\s+(?:the|your)\s+records?\s*,?\s*")


def _verified_sentences(text: str, cites: list[Citation], question: str) -> str:
    """Keep each sentence whose content words the record it cites holds (or the best such record)."""
    text = text.strip()
    if not text or _FENCE_TEXT.search(text):
        return ""
    by_n = {c.n: c for c in cites}
    qwords = _cwords(question)
    kept: list[str] = []
    for sent in _SPLIT.split(text):
        nums = [int(n) for n in _CITE.findall(sent)]
        body = _META_OPENER.sub("", _CITE.sub(" ", sent).strip())
        if _SELF_TALK.search(body):
            continue
        words = _cwords(body) - qwords
        if not body or len(body) < 3:
            continue
        targets = [by_n[n] for n in nums if n in by_n]
        attributed = not targets
        if attributed:   # no (valid) citation: the record holding most of its words, if any holds enough
            targets = sorted(cites, key=lambda c: -len(words & _cwords(c.text)))[:1]
        holds = set().union(*(_cwords(c.text) | _cwords(c.author) for c in targets)) if targets else set()
        if not words or len(words & holds) / len(words) < SENTENCE_SUPPORT:
            continue
        for c in targets:
            c.cited = True
            c.attributed = c.attributed or attributed
        marks = "".join(f"[{c.n}]" for c in targets)
        kept.append(f"{body.rstrip()} {marks}".strip())
        if len(kept) == 3:
            break
    return re.sub(r"\s+([.,;:!?])", r"\1", " ".join(kept)).strip()


def _cwords(text: str) -> set[str]:
    return {stem(t) for t in tokens(text or "") if t.lower() not in QUESTION_WORDS and len(t) > 2}


def _prefix_messages(system: str, hist: list[tuple[str, str]]) -> list[dict[str, str]]:
    messages: list[dict[str, str]] = [{"role": "system", "content": system}, *P.example_turns()]
    for q, a in hist:  # earlier turns, so follow-ups make sense; answers are our own (checked) text
        messages += [{"role": "user", "content": P.clean_text(q)[:400]},
                     {"role": "assistant", "content": P.clean_untrusted(a)[:600]}]
    return messages


def _header(c: Citation) -> str:
    # Short on purpose: every header token is paid for in time to first token (a digit is a token
    # for this tokenizer: "14 Sep 2020" is 8 tokens, "2020-09-14" 10). Speakers are on the lines.
    day = _day(c.ts_ms)
    if c.kind == "message" and c.thread_title:
        return f"{day}, chat with {c.thread_title}"
    return f"{day}, {c.kind or 'record'}"


def _day(ts_ms: int | None) -> str:
    if ts_ms is None:
        return "undated"
    import datetime as dt

    d = dt.datetime.fromtimestamp(ts_ms / 1000, dt.timezone.utc)
    return f"{d.day} {d.strftime('%b %Y')}"


def _audit(vault: Vault, answer: Answer) -> None:
    from desktop_app.core.privacy.audit import record_use

    ids = [rid for c in answer.citations for rid in (c.record_ids or [c.record_id])]
    if answer.id is not None and ids:
        record_use(vault, answer.id, ids)


def ask_collect(vault: Vault, question: str, **kwargs: Any) -> Answer:
    """Run ``ask`` to the end and return the answer (tests, scripts)."""
    answer = None
    for ev in ask(vault, question, **kwargs):
        if isinstance(ev, Done):
            answer = ev.answer
    assert answer is not None
    return answer


def regenerate(vault: Vault, answer_id: int, *, engine: Engine | None, cancel: CancelToken | None = None,
               **kwargs: Any) -> Iterator[Event]:
    """Ask the same question again in the same conversation; the old answer is marked superseded."""
    old = conversations.get_answer(vault, answer_id)
    new_answer = None
    # The current scope, not the old one: the user may have narrowed it since.
    for ev in ask(vault, old["question"], engine=engine, conversation_id=old["conversation_id"],
                  cancel=cancel, use_history=False, **kwargs):
        if isinstance(ev, Done):
            new_answer = ev.answer
        yield ev
    if new_answer is not None and new_answer.id is not None:
        conversations.supersede(vault, answer_id, new_answer.id)
