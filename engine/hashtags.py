"""#hashtag templates of reminder texts, rendered in a Jinja sandbox, and value formatters.

A hashtag is ``#`` + ``[a-z][a-z0-9_]*`` ending at a word boundary, not preceded by a word
character, ``&`` or ``#`` (so ``&#39;`` and ``##`` are not hashtags). In HTML mode only the
text between tags is read: attributes (``style="color:#ff0000"``, ``href="#top"``), comments
and the content of ``<style>`` / ``<script>`` elements are left alone. Whatever else the user
typed, including Jinja syntax such as ``{{ 7*7 }}``, is output verbatim, never evaluated.
"""

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

HASHTAGS = {
    "customer": "Name of the customer (company)",
    "contact": "Name of the contact the reminder is addressed to",
    "overdue_amount": "Total overdue amount, with currency",
    "overdue_count": "Number of overdue invoices",
    "oldest_due_date": "Due date of the oldest overdue invoice",
    "days_late": "Days late of the oldest overdue invoice",
    "invoice_table": "Table of the overdue invoices",
    "penalty_amount": "Late-payment penalties claimed (interest and fixed compensation)",
    "company": "Name of your company",
    "salesperson": "Salesperson of the customer",
    "collector": "Collector in charge of the customer",
    "level": "Name of the dunning level",
    "today": "Date of the reminder",
    "portal_link": "Link to the customer portal to see and pay the invoices",
    "customer_ref": "Reference of the customer",
    "due_amount_total": "Total amount due, overdue or not, with currency",
    "payment_terms": "Payment terms of the customer",
    "bank_account": "Bank account (IBAN) to pay to",
}

HASHTAG_PATTERN = re.compile(r"(?<![\w&#])#([a-z][a-z0-9_]*)\b")
# Markup whose content is not text: comments, raw-text elements, then any tag or declaration.
HTML_MARKUP_PATTERN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style)\b(?:\"[^\"]*\"|'[^']*'|[^'\">])*>.*?(?:</\1\s*>|\Z)"
    r"|</?[a-zA-Z!?](?:\"[^\"]*\"|'[^']*'|[^'\">])*>",
    re.DOTALL | re.IGNORECASE,
)


class UnknownHashtagError(ValueError):
    """Raised when a text uses hashtags that are not in ``HASHTAGS``."""

    def __init__(self, unknown):
        self.unknown = list(unknown)
        self.valid = sorted(HASHTAGS)
        super().__init__(
            "Unknown hashtag(s): {}. Valid hashtags: {}.".format(
                ", ".join(f"#{name}" for name in self.unknown),
                ", ".join(f"#{name}" for name in self.valid),
            )
        )


def _segments(text, html):
    """Split ``text`` into ``(literal, hashtag_name)`` pairs; the last name is None."""
    pieces = []
    literal = []
    position = 0
    for text_start, text_end in _text_ranges(text, html):
        for match in HASHTAG_PATTERN.finditer(text, text_start, text_end):
            literal.append(text[position : match.start()])
            pieces.append(("".join(literal), match.group(1)))
            literal = []
            position = match.end()
    literal.append(text[position:])
    pieces.append(("".join(literal), None))
    return pieces


def _text_ranges(text, html):
    """``(start, end)`` ranges of ``text`` that may hold hashtags."""
    if not html:
        return [(0, len(text))]
    ranges = []
    position = 0
    for match in HTML_MARKUP_PATTERN.finditer(text):
        ranges.append((position, match.start()))
        position = match.end()
    ranges.append((position, len(text)))
    return ranges


def find_hashtags(text, html=False) -> list[str]:
    """Hashtag names of ``text`` (known or not) in order of first appearance."""
    if not text:
        return []
    names = [name for _literal, name in _segments(text, html) if name]
    return list(dict.fromkeys(names))


def check_hashtags(text, html=False) -> None:
    """Raise ``UnknownHashtagError`` when ``text`` uses a hashtag not in ``HASHTAGS``."""
    unknown = [name for name in find_hashtags(text, html) if name not in HASHTAGS]
    if unknown:
        raise UnknownHashtagError(unknown)


_ENVIRONMENTS = {
    html: SandboxedEnvironment(
        autoescape=html,
        finalize=lambda value: "" if value is None or value is False else value,
    )
    for html in (False, True)
}


@lru_cache(maxsize=256)
def _template(html, names):
    """Sandboxed template alternating literal pieces and hashtag lookups."""
    source = "".join(
        f"{{{{ literals[{index}] }}}}" + (f"{{{{ tags['{name}'] }}}}" if name else "")
        for index, name in enumerate(names)
    )
    return _ENVIRONMENTS[html].from_string(source)


def render(text, values, html=False) -> str:
    """Replace the hashtags of ``text`` by ``values[name]`` (missing values give '').

    HTML mode escapes plain ``str`` values, inserts ``Markup`` values as they are, keeps the
    template's own markup and returns ``Markup``; text mode escapes nothing.
    """
    if not text:
        return Markup() if html else ""
    check_hashtags(text, html)
    pieces = _segments(text, html)
    literals = [Markup(literal) if html else literal for literal, _name in pieces]
    template = _template(html, tuple(name for _literal, name in pieces))
    result = template.render(literals=literals, tags=dict(values or {}))
    return Markup(result) if html else result


def format_amount(
    amount,
    symbol,
    position="after",
    digits=2,
    thousands_sep=",",
    decimal_point=".",
) -> str:
    """'1,234.50\\u00a0€' or '€\\u00a0-1,234.50': grouped, rounded half up, sign by the number."""
    value = Decimal(repr(amount)) if isinstance(amount, float) else Decimal(amount)
    value = value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    integer, _dot, fraction = f"{abs(value):f}".partition(".")
    groups = []
    while len(integer) > 3:
        integer, groups = integer[:-3], [integer[-3:], *groups]
    number = sign + thousands_sep.join([integer, *groups])
    if digits > 0:
        number += decimal_point + fraction
    if not symbol:
        return number
    return f"{symbol}\u00a0{number}" if position == "before" else f"{number}\u00a0{symbol}"


def format_date(value, date_format="%m/%d/%Y") -> str:
    """``value.strftime(date_format)``; '' for an empty value."""
    return value.strftime(date_format) if value else ""


TABLE_COLUMNS = ("number", "date", "due_date", "days_late", "residual")
RIGHT_ALIGNED = ("days_late", "residual")
TABLE_STYLE = "border-collapse:collapse;width:100%;font-size:13px;"
CELL_STYLE = "padding:4px 8px;border:1px solid #d9d9d9;text-align:{align};"
HEADER_STYLE = CELL_STYLE + "background-color:#f2f2f2;font-weight:bold;"
AMOUNT_STYLE = CELL_STYLE + "white-space:nowrap;"


def _cell_text(column, value, amount_formatter, date_formatter):
    if value is None or value is False:
        return ""
    if isinstance(value, str):
        return value
    if column == "residual" and amount_formatter:
        return amount_formatter(value)
    if isinstance(value, date) and date_formatter:
        return date_formatter(value)
    return str(value)


def _cell(tag, column, content, style):
    # plain string building with explicit escaping: Markup.format is slow on big batches
    align = "right" if column in RIGHT_ALIGNED else "left"
    return Markup(f'<{tag} style="{escape(style.format(align=align))}">{escape(content)}</{tag}>')


def invoice_table(rows, labels, amount_formatter=None, date_formatter=None, totals=None) -> Markup:
    """Email-friendly HTML table of invoices, values escaped, amounts right-aligned.

    ``rows`` are dicts keyed by ``TABLE_COLUMNS`` holding text or raw values (dates go through
    ``date_formatter``, residuals through ``amount_formatter``); ``labels`` gives the column
    titles and optionally ``total``; ``totals`` (formatted amounts, e.g. one per currency) make
    a footer row.
    """
    header = Markup("").join(
        _cell("th", column, labels.get(column, ""), HEADER_STYLE) for column in TABLE_COLUMNS
    )
    body = Markup(
        "".join(
            "<tr>"
            + "".join(
                _cell(
                    "td",
                    column,
                    _cell_text(column, row.get(column), amount_formatter, date_formatter),
                    AMOUNT_STYLE if column == "residual" else CELL_STYLE,
                )
                for column in TABLE_COLUMNS
            )
            + "</tr>"
            for row in rows
        )
    )
    footer = Markup("")
    if totals:
        total_label = Markup(
            '<td colspan="{span}" style="{style}"><strong>{label}</strong></td>'
        ).format(
            span=len(TABLE_COLUMNS) - 1,
            style=CELL_STYLE.format(align="right"),
            label=labels.get("total", "Total"),
        )
        amounts = Markup("<br/>").join(escape(total) for total in totals)
        total_amounts = _cell(
            "td", "residual", Markup("<strong>{}</strong>").format(amounts), AMOUNT_STYLE
        )
        footer = Markup("<tfoot><tr>{}{}</tr></tfoot>").format(total_label, total_amounts)
    return Markup(
        '<table style="{style}"><thead><tr>{header}</tr></thead>'
        "<tbody>{body}</tbody>{footer}</table>"
    ).format(style=TABLE_STYLE, header=header, body=body, footer=footer)
