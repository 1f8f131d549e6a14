"""Rules of certification that come from the standard's edition: how long a certificate is valid,
how long a corrective period lasts, and how levels rank. Pure: no Django, no database.

The web platform's actions call these; the edition is the one the application was assessed under,
so an area certified under one edition keeps that edition's rules after a new one is published.
"""

from __future__ import annotations

import calendar
import datetime as dt

from gia.standard import Catalogue

#: used where an edition states no corrective period (the first edition's text says six months)
DEFAULT_CORRECTIVE_MONTHS = 6


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months; the last day of a shorter month where the day
    does not exist (31 August + 6 months = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def validity_end(start: dt.date, years: int) -> dt.date:
    """The last day of validity of a certificate valid ``years`` years from ``start``: the day before
    the same date ``years`` later. From 29 February the anniversary is 1 March where the year has no
    29 February, so the certificate is valid until 28 February (2028-02-29 + 3 years → 2031-02-28)."""
    year = start.year + years
    if start.month == 2 and start.day == 29 and not calendar.isleap(year):
        anniversary = dt.date(year, 3, 1)
    else:
        anniversary = start.replace(year=year)
    return anniversary - dt.timedelta(days=1)


def validity_years(catalogue: Catalogue, stage: str) -> int:
    """How many years a certificate of ``stage`` is valid under the edition."""
    found = next((s for s in catalogue.stages if s.id == stage), None)
    if found is None or found.validity_years is None:
        certificate = next((s for s in catalogue.stages if s.id == "certificate"), None)
        if certificate is None or certificate.validity_years is None:
            raise ValueError(f"edition {catalogue.header.id} states no validity for stage {stage!r}")
        return certificate.validity_years
    return found.validity_years


def corrective_months(catalogue: Catalogue) -> int:
    """How many months a corrective period lasts under the edition."""
    found = next((s for s in catalogue.stages if s.id == "certificate"), None)
    months = getattr(found, "corrective_period_months", None) if found is not None else None
    return months or DEFAULT_CORRECTIVE_MONTHS


def level_rank(catalogue: Catalogue, level: str) -> int:
    """The level's rank in the edition by its declared order (-1 for no level the edition knows)."""
    for level_ in catalogue.levels:
        if level_.id == level:
            return level_.order
    return -1


# --- the workflow of an application -------------------------------------------------------------

#: every state an application can be in
STATES = ("applied", "incomplete", "complete", "in_audit", "recommended", "granted", "refused", "withdrawn")
#: states in which an application is still being handled (not decided, not withdrawn)
OPEN_STATES = ("applied", "incomplete", "complete", "in_audit", "recommended")

#: each step of the workflow: the states it may be taken in, and the states it may lead to (none: the
#: state stays as it is — a review or a finding changes the audit, not the application's state)
STEPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "check_completeness": (("applied",), ("complete", "incomplete")),
    "resubmit": (("incomplete",), ("applied",)),
    "assign_auditor": (("complete",), ("in_audit",)),
    "give_evidence": (("applied", "incomplete", "complete", "in_audit"), ()),
    "review": (("in_audit",), ()),
    "add_finding": (("in_audit",), ()),
    "answer_finding": (("in_audit",), ()),
    "change_finding": (("in_audit",), ()),
    "recommend": (("in_audit",), ("recommended",)),
    "decide": (("recommended",), ("granted", "refused")),
    "withdraw": (OPEN_STATES, ("withdrawn",)),
}


class WorkflowError(ValueError):
    """A step taken in a state that does not allow it (or leading to a state it cannot lead to)."""

    def __init__(self, state: str, step: str, allowed: tuple[str, ...]) -> None:
        super().__init__(f"{step!r} is not possible in state {state!r}; it is in {', '.join(allowed)}")
        self.state, self.step, self.allowed = state, step, allowed


def check_step(state: str, step: str) -> None:
    """Raise :class:`WorkflowError` unless ``step`` may be taken in ``state``."""
    allowed, _leads_to = STEPS[step]
    if state not in allowed:
        raise WorkflowError(state, step, allowed)


def next_state(state: str, step: str, outcome: str | None = None) -> str:
    """The state after ``step`` taken in ``state``: ``outcome`` where the step has several (a
    completeness check, a decision), else its only one."""
    check_step(state, step)
    _allowed, leads_to = STEPS[step]
    if not leads_to:
        return state
    target = outcome if outcome is not None else (leads_to[0] if len(leads_to) == 1 else None)
    if target not in leads_to:
        raise ValueError(f"{step!r} leads to {', '.join(leads_to)}, not {target!r}")
    return target
