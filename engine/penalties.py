"""Late-payment penalties on plain values: interest periods and fixed compensation.

All money is ``decimal.Decimal``; rates are annual percentages (``Decimal('12.15')``).
Interest is simple, actual/``day_count``, and each line is rounded once (ROUND_HALF_UP).

Reference-rate tables hold rows ``(date_from, rate)``. The shipped tables have one row per
half-year, dated 1 Jan / 1 Jul, holding the rate that applies to that half-year: for the ECB
and the Basiszinssatz the rate in force on that day, for the Bank of England base rate the rate
in force on the 31 Dec / 30 Jun just before (the UK statute's reference day).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

RULES = ("fixed", "half_year", "at_due_date", "half_year_round_up", "yearly_compound")
HALF_YEAR_RULES = ("half_year", "half_year_round_up", "yearly_compound")
SOURCES = ("ecb", "de_basis", "boe", "fr_legal")


@dataclass(frozen=True)
class InterestLine:
    start: date  # first day of interest (inclusive)
    end: date  # last day (inclusive)
    days: int
    base: Decimal  # amount the interest is computed on, rounded to `digits` for display
    rate: Decimal  # annual rate in percent
    amount: Decimal  # interest, rounded to `digits`


def to_decimal(value) -> Decimal:
    """Decimal from a Decimal, int, float (via its shortest repr) or numeric string."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def quantize(value: Decimal, digits: int = 2) -> Decimal:
    """Round half up to ``digits`` decimals."""
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def half_year_start(day: date) -> date:
    """1 Jan or 1 Jul of the half-year containing ``day``."""
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def next_half_year_start(day: date) -> date:
    """1 Jul or next 1 Jan following the half-year containing ``day``."""
    return date(day.year, 7, 1) if day.month <= 6 else date(day.year + 1, 1, 1)


def rate_in_force(reference_rates, on_date: date) -> Decimal | None:
    """Rate of the row with the latest ``date_from`` on or before ``on_date``; None if none."""
    best = None
    for date_from, rate in reference_rates:
        if date_from <= on_date and (best is None or date_from >= best[0]):
            best = (date_from, rate)
    return None if best is None else to_decimal(best[1])


def half_years_without_rate(reference_rates, start: date, end: date) -> list[date]:
    """Half-year starts in [start, end] with no row dated inside that half-year.

    Such half-years reuse an older rate under ``rate_in_force``: useful for a warning.
    """
    dated = {half_year_start(date_from) for date_from, _rate in reference_rates}
    missing = []
    current = half_year_start(start)
    while current <= end:
        if current not in dated:
            missing.append(current)
        current = next_half_year_start(current)
    return missing


def round_up_half_point(rate: Decimal) -> Decimal:
    """Round a percentage up to the next 0.5 (11.15 -> 11.5; 12.0 stays 12.0)."""
    return (rate * 2).to_integral_value(rounding=ROUND_CEILING) / 2


def _reference_rate(reference_rates, on_date, start, end):
    rate = rate_in_force(reference_rates, on_date)
    if rate is None:
        raise ValueError(
            f"No reference rate in force on {on_date.isoformat()}, needed for late-payment "
            f"interest from {start.isoformat()} to {end.isoformat()}: "
            "add it to the reference rate table."
        )
    return rate


def rate_segments(
    rule,
    start,
    end,
    *,
    fixed_rate=None,
    reference_rates=(),
    margin=Decimal(0),
    due_date=None,
) -> list[tuple[date, date, Decimal]]:
    """Split [start, end] (inclusive) into ``(first_day, last_day, annual_rate)`` periods.

    'fixed': one period at ``fixed_rate``. Half-year rules: split at 1 Jan / 1 Jul, each half
    at the reference rate filed under its 1 Jan / 1 Jul plus ``margin`` (rounded up to the next
    0.5 for 'half_year_round_up'). 'at_due_date': one rate for the whole period, the reference
    rate of the half-year containing the anchor day plus ``margin``; the anchor is the day the
    payment became overdue (``due_date`` + 1) when ``due_date`` is given (Ireland; and the UK,
    whose interest starts that day), else ``start``. With the shipped tables the UK row filed
    under 1 Jan / 1 Jul is the base rate of the 31 Dec / 30 Jun before it. Adjacent periods with
    the same rate are merged.
    """
    if rule not in RULES:
        raise ValueError(f"Unknown penalty rule {rule!r}; expected one of {', '.join(RULES)}.")
    if start > end:
        return []
    margin = to_decimal(margin)
    reference_rates = list(reference_rates)
    if rule == "fixed":
        if fixed_rate is None:
            raise ValueError("The 'fixed' penalty rule needs a fixed annual rate.")
        return [(start, end, to_decimal(fixed_rate))]
    if rule == "at_due_date":
        anchor = due_date + timedelta(days=1) if due_date else start
        rate = _reference_rate(reference_rates, half_year_start(anchor), start, end)
        return [(start, end, rate + margin)]
    segments = []
    current = start
    while current <= end:
        half_end = min(next_half_year_start(current) - timedelta(days=1), end)
        rate = _reference_rate(reference_rates, half_year_start(current), start, end) + margin
        if rule == "half_year_round_up":
            rate = round_up_half_point(rate)
        if segments and segments[-1][2] == rate:
            segments[-1] = (segments[-1][0], half_end, rate)
        else:
            segments.append((current, half_end, rate))
        current = half_end + timedelta(days=1)
    return segments


def simple_interest(base, days, annual_rate_percent, digits=2, day_count=365) -> Decimal:
    """``base * rate / 100 * days / day_count`` rounded once, half up, to ``digits``."""
    return quantize(_raw_interest(base, days, annual_rate_percent, day_count), digits)


def _raw_interest(base, days, annual_rate_percent, day_count=365) -> Decimal:
    return to_decimal(base) * to_decimal(annual_rate_percent) * days / (100 * to_decimal(day_count))


def _value_on(dated_values, day):
    """Value of the last ``(date, value)`` pair dated on or before ``day`` (sorted input)."""
    found = None
    for value_date, value in dated_values:
        if value_date > day:
            break
        found = value
    return found


def invoice_interest(
    *,
    due_date,
    run_date,
    residual_history,
    rule,
    interest_from=None,
    grace_days=0,
    fixed_rate=None,
    reference_rates=(),
    margin=Decimal(0),
    digits=2,
    day_count=365,
) -> list[InterestLine]:
    """Interest lines of one invoice, from the day after its due date to ``run_date``.

    Interest starts at ``max(due_date + 1 + grace_days, interest_from)`` (``interest_from`` =
    the day after the last day a previous penalty invoice charged). One line per period of
    constant base and rate, each rounded once. ``residual_history`` holds ``(date, residual)``
    pairs: from that day on (inclusive) the residual is that amount; a residual of 0 or less
    bears no interest. 'yearly_compound' adds the accrued unrounded interest to the base at
    each anniversary of ``due_date + 1 + grace_days``, also over days charged earlier, so a
    continuation invoice carries on the same compound schedule.
    """
    first_day = due_date + timedelta(days=1 + grace_days)
    charge_from = max(first_day, interest_from) if interest_from else first_day
    if charge_from > run_date:
        return []
    compound = rule == "yearly_compound"
    compute_from = first_day if compound else charge_from
    history = sorted((day, to_decimal(residual)) for day, residual in residual_history)
    if not history or history[0][0] > compute_from:
        raise ValueError(
            f"The residual history must start on or before {compute_from.isoformat()}."
        )
    segments = rate_segments(
        rule,
        compute_from,
        run_date,
        fixed_rate=fixed_rate,
        reference_rates=reference_rates,
        margin=margin,
        due_date=due_date,
    )
    rates = [(segment_start, rate) for segment_start, _end, rate in segments]
    anniversaries = set()
    if compound:
        year = 1
        while first_day + relativedelta(years=year) <= run_date:
            anniversaries.add(first_day + relativedelta(years=year))
            year += 1
    cuts = {compute_from, charge_from} | {day for day, _rate in rates} | anniversaries
    cuts |= {day for day, _residual in history if compute_from < day <= run_date}
    ordered_cuts = sorted(cuts)
    period_ends = [day - timedelta(days=1) for day in ordered_cuts[1:]] + [run_date]
    periods = zip(ordered_cuts, period_ends, strict=True)

    capitalised = accrued = Decimal(0)
    charged = []  # [start, end, base, rate, raw interest]
    for period_start, period_end in periods:
        if period_start in anniversaries:
            capitalised, accrued = capitalised + accrued, Decimal(0)
        residual = _value_on(history, period_start)
        if residual <= 0:
            continue
        base = residual + capitalised
        rate = _value_on(rates, period_start)
        raw = _raw_interest(base, (period_end - period_start).days + 1, rate, day_count)
        accrued += raw
        if period_start < charge_from:
            continue
        previous = charged[-1] if charged else None
        if (
            previous
            and previous[1] + timedelta(days=1) == period_start
            and previous[2] == base
            and previous[3] == rate
        ):
            previous[1] = period_end
            previous[4] += raw
        else:
            charged.append([period_start, period_end, base, rate, raw])
    return [
        InterestLine(
            start=start,
            end=end,
            days=(end - start).days + 1,
            base=quantize(base, digits),
            rate=rate,
            amount=quantize(raw, digits),
        )
        for start, end, base, rate, raw in charged
    ]


def fixed_compensation(amount_due, tiers) -> Decimal:
    """Compensation of the highest tier reached by ``amount_due`` (0 when nothing is due).

    ``tiers`` are ascending ``(threshold, compensation)`` pairs reached when
    ``amount_due >= threshold``, or ``(threshold, compensation, True)`` triples reached only
    when ``amount_due > threshold`` (strictly over, as in the Irish text).
    """
    amount_due = to_decimal(amount_due)
    result = Decimal(0)
    if amount_due <= 0:
        return result
    for tier in tiers:
        threshold, compensation = to_decimal(tier[0]), to_decimal(tier[1])
        strictly_over = len(tier) > 2 and tier[2]
        if amount_due > threshold or (amount_due == threshold and not strictly_over):
            result = compensation
    return result


def dutch_collection_costs(amount_due, digits=2) -> Decimal:
    """Dutch extrajudicial collection costs (BIK scale): 15/10/5/1/0.5 %, min 40, max 6,775."""
    remaining = to_decimal(amount_due)
    if remaining <= 0:
        return Decimal(0)
    total = Decimal(0)
    for width, percent in NL_BIK_SCALE:
        part = remaining if width is None else min(remaining, width)
        total += part * percent / 100
        remaining -= part
        if remaining <= 0:
            break
    return quantize(min(max(total, NL_BIK_MIN), NL_BIK_MAX), digits)


EU_FIXED = [(Decimal(0), Decimal(40))]
UK_TIERS = [(Decimal(0), Decimal(40)), (Decimal(1000), Decimal(70)), (Decimal(10000), Decimal(100))]
# Ireland: 40 up to 1,000 included, 70 over 1,000 up to 10,000 included, 100 over 10,000.
IE_TIERS = [
    (Decimal(0), Decimal(40)),
    (Decimal(1000), Decimal(70), True),
    (Decimal(10000), Decimal(100), True),
]
# (slice width or None for the rest, percent) of the Dutch BIK scale.
NL_BIK_SCALE = [
    (Decimal(2500), Decimal(15)),
    (Decimal(2500), Decimal(10)),
    (Decimal(5000), Decimal(5)),
    (Decimal(190000), Decimal(1)),
    (None, Decimal("0.5")),
]
NL_BIK_MIN = Decimal(40)
NL_BIK_MAX = Decimal(6775)


def _preset(label, rule, source, margin, tiers=None, currency="EUR", compensation="tiers", note=""):
    """One jurisdiction preset; ``compensation`` is 'tiers' or 'nl_bik' (Dutch scale)."""
    tiers = EU_FIXED if tiers is None else tiers
    return {
        "label": label,
        "rule": rule,
        "source": source,
        "margin": Decimal(margin),
        "tiers": tiers,
        "currency": currency,
        "compensation": compensation,
        "note": note,
    }


PRESETS = {
    "eu": _preset("EU Directive 2011/7/EU: ECB + 8 points", "half_year", "ecb", 8),
    "fr": _preset(
        "France: ECB + 10 points",
        "half_year",
        "ecb",
        10,
        note="A contract may set a lower rate, not below 3 times the taux légal (fr_legal).",
    ),
    "de": _preset("Germany: Basiszinssatz + 9 points", "half_year", "de_basis", 9),
    "uk": _preset(
        "United Kingdom: Bank of England base rate + 8 points",
        "at_due_date",
        "boe",
        8,
        tiers=UK_TIERS,
        currency="GBP",
    ),
    "ie": _preset("Ireland: ECB + 8 points", "at_due_date", "ecb", 8, tiers=IE_TIERS),
    "be": _preset(
        "Belgium: ECB + 8 points, rounded up to the next half point",
        "half_year_round_up",
        "ecb",
        8,
    ),
    "nl": _preset(
        "Netherlands: ECB + 8 points, compounded yearly",
        "yearly_compound",
        "ecb",
        8,
        compensation="nl_bik",
    ),
    "es": _preset("Spain: ECB + 8 points", "half_year", "ecb", 8),
    "it": _preset("Italy: ECB + 8 points", "half_year", "ecb", 8),
}


def preset_compensation(jurisdiction, amount_due) -> Decimal:
    """Fixed compensation of one overdue invoice under a jurisdiction's preset."""
    preset = PRESETS[jurisdiction]
    if preset["compensation"] == "nl_bik":
        return dutch_collection_costs(amount_due)
    return fixed_compensation(amount_due, preset["tiers"])
