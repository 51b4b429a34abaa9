"""Level arithmetic of a recovery scenario, on plain values.

Rules (see CONTRACT.md): an overdue invoice first reaches the first level with
``delay_days >= 0`` once it is that many days past due, then climbs one level at a
time, each step needing both the level's own delay past the due date and the gap
between the two levels' delays since the previous level was reached. Pre-dunning
levels (negative delay) only concern invoices that are not yet due.
"""

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class LevelSpec:
    id: int
    delay_days: int
    min_amount: float = 0.0
    repeat_days: int = 0


@dataclass(frozen=True)
class CustomerDecision:
    level_id: int | None  # the customer's level after this run
    fire: str | None  # 'new' (level rose), 'repeat' (same level, repeat due) or None


def sort_levels(levels):
    return sorted(levels, key=lambda level: level.delay_days)


def days_late(due_date: date, today: date) -> int:
    """Days past due: 1 the day after the due date, 0 on it, negative before it."""
    return (today - due_date).days


def invoice_level(levels, due_date, level_id, level_date, today):
    """Return ``(level_id, reached_today)`` of an invoice after a run on ``today``.

    ``levels`` are LevelSpec of one scenario; ``level_id``/``level_date`` the level the
    invoice has already reached and the day it reached it (None when none).
    """
    ordered = sort_levels(levels)
    by_id = {level.id: level for level in ordered}
    current = by_id.get(level_id)
    late = days_late(due_date, today)
    pre_levels = [level for level in ordered if level.delay_days < 0]
    firm_levels = [level for level in ordered if level.delay_days >= 0]
    if late <= 0:
        if current is not None and current.delay_days >= 0:
            return current.id, False  # due date moved later: keep what was reached
        chain = pre_levels
    else:
        if current is None or current.delay_days < 0:
            first = firm_levels[0] if firm_levels else None
            if first is not None and late >= max(first.delay_days, 1):
                return first.id, True
            return (current.id if current else None), False
        chain = firm_levels
    if current is None:
        first = chain[0] if chain else None
        if first is not None and late >= first.delay_days:
            return first.id, True
        return None, False
    index = chain.index(current)
    if index + 1 >= len(chain):
        return current.id, False
    following = chain[index + 1]
    gap = following.delay_days - current.delay_days
    since = (today - level_date).days if level_date else gap
    if late >= following.delay_days and since >= gap:
        return following.id, True
    return current.id, False


def customer_level(levels, invoice_level_ids, overdue_total, upcoming_total=0.0):
    """Highest level among the invoices whose ``min_amount`` the customer reaches.

    Firm levels compare ``min_amount`` with the overdue total, pre-dunning levels with
    the total of invoices soon due (``upcoming_total``).
    """
    ordered = sort_levels(levels)
    reached = {level_id for level_id in invoice_level_ids if level_id}
    if not reached:
        return None
    rank = {level.id: index for index, level in enumerate(ordered)}
    top = max(rank[level_id] for level_id in reached if level_id in rank)
    for level in reversed(ordered[: top + 1]):
        amount = overdue_total if level.delay_days >= 0 else upcoming_total
        if amount + 1e-9 >= (level.min_amount or 0.0):
            return level.id
    return None


def customer_decision(levels, new_level_id, previous_level_id, last_action_date, today):
    """Decide whether the run acts on a customer today, and with which level."""
    rank = {level.id: index for index, level in enumerate(sort_levels(levels))}
    if new_level_id is None:
        return CustomerDecision(None, None)
    previous_rank = rank.get(previous_level_id, -1)
    if rank[new_level_id] > previous_rank:
        return CustomerDecision(new_level_id, "new")
    if new_level_id == previous_level_id:
        level = next(level for level in levels if level.id == new_level_id)
        if (
            level.repeat_days > 0
            and last_action_date
            and (today - last_action_date).days >= level.repeat_days
        ):
            return CustomerDecision(new_level_id, "repeat")
    return CustomerDecision(new_level_id, None)


def invoice_next_step_date(levels, due_date, level_id, level_date):
    """The first day the invoice could climb to its next level (None when at the top)."""
    ordered = sort_levels(levels)
    by_id = {level.id: level for level in ordered}
    current = by_id.get(level_id)
    firm_levels = [level for level in ordered if level.delay_days >= 0]
    pre_levels = [level for level in ordered if level.delay_days < 0]
    if current is None or current.delay_days < 0:
        chain = pre_levels if current is not None else (pre_levels or firm_levels)
        if current is not None:
            index = chain.index(current)
            if index + 1 < len(chain):
                return due_date + timedelta(days=chain[index + 1].delay_days)
        if firm_levels:
            return due_date + timedelta(days=max(firm_levels[0].delay_days, 1))
        return None
    index = firm_levels.index(current)
    if index + 1 >= len(firm_levels):
        return None
    following = firm_levels[index + 1]
    by_delay = due_date + timedelta(days=following.delay_days)
    by_gap = (level_date or due_date) + timedelta(days=following.delay_days - current.delay_days)
    return max(by_delay, by_gap)


def next_action_date(candidates):
    """Earliest of the given dates, ignoring None."""
    dates = [value for value in candidates if value]
    return min(dates) if dates else None
