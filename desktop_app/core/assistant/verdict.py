"""Yes/no and either-or questions: a hedged verdict read from the records, or nothing.

"Would Melanie enjoy Vivaldi's Four Seasons?", "Does John live near a beach or the mountains?":
the records rarely state the answer; they hold what it can be read from ("I'm a fan of classical
like Bach and Mozart"). The verdict is hedged ("Likely yes", "Likely the mountains") and rests on
cited records; when nothing bears on it, ``answer`` returns None and the engine declines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop_app.core.assistant.evidence import Rec
from desktop_app.core.assistant.plan import Plan


@dataclass
class Verdict:
    text: str                                   # "Likely yes: <the record's words>"
    evidence: list[Rec] = field(default_factory=list)
    how: str = ""                               # how it was read, shown as the answer's basis
    p: float = 0.0                              # the evidence's relevance


def wants_verdict(plan: Plan) -> bool:
    """A yes/no question or a choice between named options."""
    return plan.kind == "yesno"


def answer(vault, plan: Plan, ranked, embedder=None) -> Verdict | None:
    """The verdict, or None to let the engine answer as a lookup (or decline).

    ``ranked`` is answer_engine.rank's result: [(p, lookup.Scored)] best first, with ``.rival``.
    """
    return None
