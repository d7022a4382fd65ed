"""Answer a question from the user's records, with numbered citations.

``ask(...)`` yields ``Retrieved(citations)``, then ``Token(text)`` pieces, then ``Done(answer)``.
``Done.answer.text`` is authoritative: unknown citation numbers are removed from it, and for
analytic questions (counts, firsts, lasts, top-N) the exact SQL figures must survive the model's
wording, else the deterministic template sentence is the answer.

Nothing the model writes triggers an action: its output is only text shown to the user.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Iterator, Union

from desktop_app.core.assistant import analytics, conversations
from desktop_app.core.assistant import prompt as P
from desktop_app.core.assistant.focus import MemoEmbedder, focus
from desktop_app.core.assistant.retrieve import Citation, one_line, record_citations, retrieve
from desktop_app.core.errors import Cancelled, ModelError
from desktop_app.core.privacy.scope import Scope, load_scope
from desktop_app.core.progress import CancelToken

USE_PROFILE_SETTING = "assistant.use_profile"
NO_DATA = "I could not find anything about that in your data{scope_note}."
_CITE = re.compile(r"\[(\d{1,3})\]")


@dataclass
class Answer:
    question: str
    text: str = ""
    citations: list[Citation] = field(default_factory=list)
    kind: str = "grounded"                    # grounded | analytic | no_data
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

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "conversation_id": self.conversation_id, "question": self.question,
                "text": self.text, "kind": self.kind, "status": self.status,
                "citations": [c.to_dict() for c in self.citations], "model": self.model,
                "model_sha256": self.model_sha256, "timings": self.timings, "scope": self.scope,
                "facts": self.facts, "warnings": self.warnings, "prompt": self.prompt}


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


class _Deadline(CancelToken):
    """Fires when the caller cancels or when the time budget runs out."""

    def __init__(self, parent: CancelToken | None, seconds: float | None) -> None:
        super().__init__()
        self.parent = parent
        self.until = time.monotonic() + seconds if seconds else None

    @property
    def cancelled(self) -> bool:  # type: ignore[override]
        return (self.parent is not None and self.parent.cancelled) or \
            (self.until is not None and time.monotonic() > self.until) or self._event.is_set()

    @property
    def expired(self) -> bool:
        return self.until is not None and time.monotonic() > self.until


def profile_text(vault, scope: Scope) -> str | None:
    """The profile summary, when the user lets answers use it and the profile area exists."""
    if not vault.get_setting(USE_PROFILE_SETTING, True):
        return None
    try:
        from desktop_app.core.profile.summary import profile_summary
    except ImportError:
        return None
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


_WORDS = re.compile(r"\w{3,}")
_COMMON = frozenset("the and you your was were that this with what who when where which have has had did does "
                    "from about they them their there then than not but for are said say answer records record "
                    "could find data question".split())


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORDS.findall(text or "")} - _COMMON


def attribute(text: str, question: str, cites: list[Citation]) -> Citation | None:
    """The record an uncited answer rests on: most words shared with the answer, then the question.

    Small models often answer right but without [n]; the citation is then Hearth's match, and
    it is flagged ``attributed`` so the user can tell it from the model's own.
    """
    if not text or text.startswith(NO_DATA[:20]) or not cites:
        return None
    aw, qw = _content_words(text), _content_words(question)
    best, best_key = None, (0, 0)
    for c in cites:
        rw = _content_words(f"{c.author} {P.fmt_time(c.ts_ms)} {c.text or c.snippet}")
        key = (len(aw & rw), len(qw & rw))
        if key[0] and key > best_key:
            best, best_key = c, key
    return best


# a record header as _header() writes it ("14 Sep 2020, chat with Mei Lin"), or the [Q] marker
_ECHOED_HEADER = re.compile(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}, (?:chat|post|comment|reply|message)|\[Q\]")
SUPPORT_MIN = 0.5   # share of an answer's content words that must appear in its records or the question
SUPPORT_WORDS = 6   # shorter answers are not judged: too few words to tell


def _unsupported(text: str, question: str, cites: list[Citation]) -> bool:
    """Most of the answer's content words appear in none of the records shown, nor the question.

    The default 135M model often writes fluent sentences that its records do not hold ("It's a
    great opportunity to learn and grow"); grounded answers reuse the records' own words.
    """
    if text.startswith(NO_DATA[:20]) or not cites:
        return False
    if _ECHOED_HEADER.search(text):
        return True  # it copied the prompt's record headers: a transcript, not an answer
    words = _content_words(re.sub(r"\[\d+\]", " ", text))
    if len(words) < SUPPORT_WORDS:
        return False
    seen = _content_words(question)
    for c in cites:
        seen |= _content_words(f"{c.author} {c.thread_title} {c.text or c.snippet}")
    return len(words & seen) / len(words) < SUPPORT_MIN


def closest_record(question: str, cites: list[Citation]) -> Citation:
    """The best-ranked shown record that shares a word with the question (else the best-ranked).

    Search rank already weighs meaning and words; counting shared words alone let a post saying
    "new job, new city" beat the message to Maria about the job for "what did I tell Maria about
    the new job?".
    """
    qw = _content_words(question)
    ranked = sorted(cites, key=lambda c: c.n)
    return next((c for c in ranked if qw & _content_words(f"{c.author} {c.text or c.snippet}")), ranked[0])


def ask(vault, question: str, *, engine, scope: Scope | None = None, conversation_id: int | None = None,
        limit: int = 8, max_tokens: int = 200, cancel: CancelToken | None = None, show_prompt: bool = False,
        save: bool = True, embedder=None, analytic_budget_s: float | None = 30.0,
        use_history: bool = True, filters=None, search_mode: str = "hybrid") -> Iterator[Event]:
    """Retrieve, prompt, stream, check, save. See the module docstring for the events.

    ``filters`` (a retrieval ``Filters`` or dict) narrows the search, e.g. to one person.
    """
    t0 = time.perf_counter()
    question = P.clean_text(question).strip()
    if not question:
        raise ModelError("Ask a question first.")
    scope = scope if scope is not None else load_scope(vault)
    answer = Answer(question=question, model=getattr(engine, "name", ""), scope=scope.to_dict())
    scope_note = "" if scope.is_everything else " (within the current scope)"

    system = P.system_message(profile_text(vault, scope))
    hist = conversations.history(vault, conversation_id) if (conversation_id and use_history) else []
    prefix = _prefix_messages(system, hist)
    warm = _prefill_async(engine, prefix + [{"role": "user", "content": P.FENCE_BEGIN}])

    result = analytics.analyze(vault, question, scope)
    if result is not None:
        answer.kind = "analytic"
        answer.facts = {"intent": result.intent, **result.data}
        cites = record_citations(vault, result.record_ids, scope=scope)
    else:
        emb = MemoEmbedder(embedder) if embedder is not None else None
        # A few spares: focusing drops snippets that only repeat lines already shown.
        cites, notice = retrieve(vault, question, scope=scope, limit=limit + SPARE_HITS, embedder=emb,
                                 filters=filters, mode=search_mode)
        cites = focus(vault, question, cites, scope=scope, embedder=emb if search_mode != "keyword" else None,
                      keep=limit)
        if notice:
            answer.warnings.append(notice)
    answer.timings["retrieval_s"] = round(time.perf_counter() - t0, 4)
    answer.citations = cites
    yield Retrieved(cites)

    if result is None and not cites:
        answer.kind = "no_data"
        answer.text = NO_DATA.format(scope_note=scope_note)
        yield Token(answer.text)
    elif result is not None and (result.intent == "unknown_person" or not result.required):
        answer.text = result.template
        yield Token(answer.text)
    else:
        if warm is not None:
            warm.join()
        yield from _generate(engine, answer, question, cites, result, prefix, max_tokens, cancel,
                             show_prompt, analytic_budget_s)
    answer.model = getattr(engine, "name", "")
    answer.model_sha256 = getattr(engine, "model_sha256", None)
    answer.timings["total_s"] = round(time.perf_counter() - t0, 4)
    if save:
        conversations.save_answer(vault, conversation_id, answer)
        _audit(vault, answer)
    yield Done(answer)


SPARE_HITS = 4


def _prefix_messages(system: str, hist: list[tuple[str, str]]) -> list[dict[str, str]]:
    messages: list[dict[str, str]] = [{"role": "system", "content": system}, *P.example_turns()]
    for q, a in hist:  # earlier turns, so follow-ups make sense; answers are our own (cleaned) text
        messages += [{"role": "user", "content": P.clean_text(q)[:400]},
                     {"role": "assistant", "content": P.clean_untrusted(a)[:600]}]
    return messages


def _prefill_async(engine, messages: list[dict[str, str]]) -> threading.Thread | None:
    """Let the engine load and evaluate the fixed prefix while records are retrieved.

    On later questions the prefix is already in the KV cache and this costs nothing; on the first
    one (or after a restart) loading and the prefix overlap with retrieval.
    """
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


def _generate(engine, answer: Answer, question: str, cites: list[Citation], result, prefix: list[dict[str, str]],
              max_tokens: int, cancel: CancelToken | None, show_prompt: bool,
              analytic_budget_s: float | None) -> Iterator[Event]:
    analytic = result is not None
    if not getattr(engine, "chat_template", True):
        answer.warnings.append("this model has no chat template; a plain prompt format was used")
    items = [P.ContextItem(c.n, _header(c), c.text or c.snippet) for c in cites]
    messages = list(prefix)
    fixed = sum(engine.count_tokens([m["content"] for m in messages] + [P.user_message(question, [], result.facts
                                                                                       if analytic else None)]))
    kept = P.budget_items(items, count_tokens=engine.count_tokens, n_ctx=engine.n_ctx, fixed_tokens=fixed + 24,
                          max_tokens=max_tokens)
    if len(kept) < len(items):
        answer.warnings.append(f"{len(items) - len(kept)} retrieved records did not fit the model's window")
        kept_n = {it.n for it in kept}
        answer.citations = cites = [c for c in cites if c.n in kept_n]
    messages.append({"role": "user", "content": P.user_message(question, kept, result.facts if analytic else None)})

    token = _Deadline(cancel, analytic_budget_s if analytic else None)
    pieces: list[str] = []
    t_gen = time.perf_counter()
    try:
        for piece in engine.stream(messages, max_tokens=max_tokens if not analytic else min(max_tokens, 96),
                                   cancel=token, return_prompt=show_prompt):
            piece = P.clean_output(piece)
            pieces.append(piece)
            if not analytic:  # analytic wording is checked before it is shown
                yield Token(piece)
    except Cancelled:
        if not (analytic and token.expired and not (cancel and cancel.cancelled)):
            answer.status = "cancelled"
            answer.text = _finish_citations("".join(pieces), cites)
            raise
        answer.warnings.append("the model was too slow; the exact figures are given as computed")
        token.reported = True
    except ModelError:
        if not analytic:
            raise
        answer.warnings.append("the model failed; the exact figures are given as computed")
    stats = engine.last_stats
    answer.timings.update({"ttft_s": stats.ttft_s, "generation_s": round(time.perf_counter() - t_gen, 4),
                           "prompt_tokens": stats.prompt_tokens, "cached_prompt_tokens": stats.cached_tokens,
                           "generated_tokens": stats.generated_tokens, "tokens_per_s": stats.tokens_per_s})
    if show_prompt:
        answer.prompt = stats.prompt_text or "\n\n".join(f"[{m['role']}]\n{m['content']}" for m in messages)
    text = _finish_citations("".join(pieces), cites)
    if analytic:
        low = text.lower()
        if not text or not all(r.lower() in low for r in result.required) or _rambles(text, result.template):
            text = _finish_citations(result.template, cites)
            if not getattr(token, "reported", False):
                answer.warnings.append("the model's wording did not keep to the exact figures; the computed answer is shown")
        yield Token(text)
    elif not text:
        text = NO_DATA.format(scope_note="")
    elif _unsupported(text, question, cites):
        quote = closest_record(question, cites)
        answer.warnings.append("the model's answer used words the records do not contain; the closest record "
                               "is quoted instead")
        for c in cites:
            c.cited = c.attributed = False
        quote.cited = quote.attributed = True
        text = f"The closest record says: “{one_line(quote.text or quote.snippet, 300)}” [{quote.n}]"
    elif not any(c.cited for c in cites):
        match = attribute(text, question, cites)
        if match is not None:
            match.cited = match.attributed = True
            text = f"{text} [{match.n}]"
    answer.text = text


def _rambles(text: str, template: str) -> bool:
    """A rephrasing that echoes the prompt's structure or runs far past the computed sentence.

    Small models sometimes keep the exact figures but wrap them in invented sentences or copy the
    fences and the QUESTION line; the figures alone do not make that a faithful answer.
    """
    if P.FENCE_BEGIN.lower() in text.lower() or P.FENCE_END.lower() in text.lower() or "QUESTION:" in text:
        return True
    return len(text) > 2 * len(template) + 120


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


def _audit(vault, answer: Answer) -> None:
    try:
        from desktop_app.core.privacy.audit import record_use
    except ImportError:
        return
    ids = [rid for c in answer.citations for rid in (c.record_ids or [c.record_id])]
    if answer.id is not None and ids:
        record_use(vault, answer.id, ids)


def ask_collect(vault, question: str, **kwargs) -> Answer:
    """Run ``ask`` to the end and return the answer (tests, scripts)."""
    answer = None
    for ev in ask(vault, question, **kwargs):
        if isinstance(ev, Done):
            answer = ev.answer
    assert answer is not None
    return answer


def regenerate(vault, answer_id: int, *, engine, cancel: CancelToken | None = None, **kwargs) -> Iterator[Event]:
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
