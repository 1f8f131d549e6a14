"""Small, deterministic SVG charts (no plotting library): the same data give the same bytes.

A chart is drawn for a :class:`Layout`: ``WIDE`` (900 px, for a page or a report) or ``NARROW``
(360 px, for a phone: drawn at about its own size there, so its 12 px text stays 12 px). The title
and the legend are wrapped to the picture's width and the legend sits below the plot, so no text
leaves the picture however long a name is. Numbers on the axes follow the active language
(:mod:`gia.i18n`). Text widths are estimated generously (``TEXT_WIDTH_EM`` per character).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from babel.numbers import format_decimal

from gia import i18n

#: a colour per series, distinct for the first twelve (Okabe-Ito's eight and four more); beyond
#: them :meth:`Chart.fill` repeats the colours with hatching, so no two series look the same
COLOURS = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#f0e442",
    "#6a3d9a",
    "#8c564b",
    "#7f7f7f",
    "#b2df8a",
    "#1b3a4b",
)
#: average advance of a character in DejaVu Sans / system sans-serif, in em, rounded up
TEXT_WIDTH_EM = 0.62
LINE_HEIGHT = 1.35


@dataclass(frozen=True)
class Layout:
    """Where the parts of a chart go [px]."""

    width: int
    plot_height: int
    left: int
    right: int
    font: int
    title_font: int
    legend_columns: int
    x_ticks: int
    #: the y axis's label rotated beside the axis (wide) or written above the plot (narrow)
    y_label_above: bool
    name: str


WIDE = Layout(900, 300, 80, 30, 12, 15, 2, 6, False, "wide")
NARROW = Layout(360, 220, 50, 14, 12, 14, 1, 4, True, "narrow")


def fmt(value: float) -> str:
    """A coordinate with two decimals, never ``-0.00``."""
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` round tick values (1, 2, 2.5 or 5 × 10^n apart) covering [low, high]."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(magnitude * c for c in (1, 2, 2.5, 5, 10) if magnitude * c >= raw)
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def label(value: float) -> str:
    """A tick or a number in a title, in the active language's format (``10,000``, ``10 000``, ``2,5``)."""
    pattern = "#,##0" if abs(value) >= 1000 or float(value).is_integer() else "#,##0.##"
    return format_decimal(value, format=pattern, locale=i18n.language())


def text_width(text: str, size: float) -> float:
    """A generous estimate of the width of ``text`` at ``size`` px."""
    return len(text) * size * TEXT_WIDTH_EM


def wrap(text: str, width: float, size: float) -> list[str]:
    """``text`` in lines no wider than ``width`` px (by :func:`text_width`); a word longer than a
    line is cut."""
    per_line = max(int(width / (size * TEXT_WIDTH_EM)), 1)
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > per_line:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:per_line])
            word = word[per_line:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= per_line:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


def _lines(x: float, y: float, lines: Sequence[str], size: float, extra: str = "") -> str:
    """A text element with one tspan per line, the first line's baseline at ``y``."""
    spans = "".join(
        f'<tspan x="{fmt(x)}" dy="{fmt(0 if i == 0 else size * LINE_HEIGHT)}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text x="{fmt(x)}" y="{fmt(y)}" font-size="{fmt(size)}"{extra}>{spans}</text>'


class Chart:
    """A chart with a frame, axes and ticks mapping data coordinates to the picture."""

    def __init__(
        self,
        title: str,
        x_label: str,
        y_label: str,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
        layout: Layout = WIDE,
        id_prefix: str = "chart",
    ):
        self.layout = layout
        self.id_prefix = f"{id_prefix}-{layout.name}"
        self.title = title
        self.x0, self.x1 = x_range
        self.y0, self.y1 = y_range
        if self.x1 <= self.x0:
            self.x1 = self.x0 + 1
        if self.y1 <= self.y0:
            self.y1 = self.y0 + 1
        w, font = layout.width, layout.font
        pad = 10
        title_lines = wrap(title, w - 2 * pad, layout.title_font)
        header = [_lines(pad, pad + layout.title_font, title_lines, layout.title_font, ' font-weight="bold"')]
        self.top = pad + len(title_lines) * layout.title_font * LINE_HEIGHT + 8
        if layout.y_label_above:
            y_lines = wrap(y_label, w - 2 * pad, font)
            header.append(_lines(pad, self.top + font, y_lines, font))
            self.top += len(y_lines) * font * LINE_HEIGHT + 8
        self.top = math.ceil(self.top)
        self.bottom = self.top + layout.plot_height
        self.right_edge = w - layout.right
        if not layout.y_label_above:
            middle = fmt(self.top + layout.plot_height / 2)
            y_lines = wrap(y_label, layout.plot_height, font)
            header.append(
                _lines(
                    18,
                    float(middle),
                    y_lines,
                    font,
                    f' text-anchor="middle" transform="rotate(-90 18 {middle})"',
                )
            )
        x_lines = wrap(x_label, w - 2 * pad, font)
        self.x_label_part = _lines(
            (layout.left + self.right_edge) / 2,
            self.bottom + 22 + font + 8,
            x_lines,
            font,
            ' text-anchor="middle"',
        )
        self.below = self.bottom + 22 + 8 + len(x_lines) * font * LINE_HEIGHT + 10
        self.defs: list[str] = []
        self.parts: list[str] = list(header)
        self.legend: list[tuple[str, str]] = []

    @property
    def width(self) -> int:
        return self.layout.width

    def x(self, value: float) -> float:
        return self.layout.left + (value - self.x0) / (self.x1 - self.x0) * (
            self.right_edge - self.layout.left
        )

    def y(self, value: float) -> float:
        return self.bottom - (value - self.y0) / (self.y1 - self.y0) * (self.bottom - self.top)

    def fill(self, index: int) -> str:
        """The fill of the ``index``-th series: a colour of :data:`COLOURS`, then the same colours
        hatched (one direction, then the other), so every series up to 36 has its own."""
        colour = COLOURS[index % len(COLOURS)]
        round_ = index // len(COLOURS)
        if round_ == 0:
            return colour
        pattern = f"{self.id_prefix}-hatch-{index}"
        angle = 45 if round_ % 2 else -45
        self.defs.append(
            f'<pattern id="{pattern}" patternUnits="userSpaceOnUse" width="6" height="6" '
            f'patternTransform="rotate({angle})"><rect width="6" height="6" fill="white"/>'
            f'<rect width="{3 if round_ < 3 else 2}" height="6" fill="{colour}"/></pattern>'
        )
        return f"url(#{pattern})"

    def axes(self, x_ticks: Sequence[tuple[float, str]] | None = None) -> None:
        left, right, bottom, font = self.layout.left, self.right_edge, self.bottom, self.layout.font
        for tick in nice_ticks(self.y0, self.y1):
            y = fmt(self.y(tick))
            self.parts.append(f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" stroke="#e5e5e5"/>')
            self.parts.append(
                f'<text x="{left - 6}" y="{y}" text-anchor="end" dominant-baseline="middle" '
                f'font-size="{font}">{escape(label(tick))}</text>'
            )
        ticks = (
            x_ticks
            if x_ticks is not None
            else [(t, label(t)) for t in nice_ticks(self.x0, self.x1, self.layout.x_ticks)]
        )
        for value, text in ticks:
            x = fmt(self.x(value))
            self.parts.append(f'<line x1="{x}" y1="{bottom}" x2="{x}" y2="{bottom + 5}" stroke="black"/>')
            # a label that would stick out of the picture at the right edge ends at its tick instead
            half = text_width(text, font) / 2
            anchor = "end" if self.x(value) + half > self.width else "middle"
            self.parts.append(
                f'<text x="{x}" y="{bottom + 18}" text-anchor="{anchor}" font-size="{font}">{escape(text)}</text>'
            )
        self.parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="black"/>')
        self.parts.append(f'<line x1="{left}" y1="{self.top}" x2="{left}" y2="{bottom}" stroke="black"/>')

    def line(
        self, xs: Sequence[float], ys: Sequence[float], colour: str, name: str, dashed: bool = False
    ) -> None:
        points = " ".join(f"{fmt(self.x(a))},{fmt(self.y(b))}" for a, b in zip(xs, ys, strict=True))
        dash = ' stroke-dasharray="5,3"' if dashed else ""
        self.parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.6"{dash}/>'
        )
        self.legend.append((colour, name))

    def rect(self, x0: float, x1: float, y0: float, y1: float, colour: str, title: str = "") -> None:
        left, right = sorted((self.x(x0), self.x(x1)))
        top, bottom = sorted((self.y(y0), self.y(y1)))
        tip = f"<title>{escape(title)}</title>" if title else ""
        self.parts.append(
            f'<rect x="{fmt(left)}" y="{fmt(top)}" width="{fmt(right - left)}" height="{fmt(bottom - top)}" '
            f'fill="{colour}" stroke="white" stroke-width="0.5">{tip}</rect>'
        )

    def dot(self, x: float, y: float, colour: str, radius: float = 3.0, title: str = "") -> None:
        tip = f"<title>{escape(title)}</title>" if title else ""
        self.parts.append(
            f'<circle cx="{fmt(self.x(x))}" cy="{fmt(self.y(y))}" r="{fmt(radius)}" fill="{colour}">{tip}</circle>'
        )

    def text(self, x: float, y: float, content: str, anchor: str = "start", size: int | None = None) -> None:
        size = size or self.layout.font
        self.parts.append(
            f'<text x="{fmt(self.x(x))}" y="{fmt(self.y(y))}" text-anchor="{anchor}" font-size="{size}">'
            f"{escape(content)}</text>"
        )

    def vline(self, x: float, colour: str, name: str) -> None:
        self.parts.append(
            f'<line x1="{fmt(self.x(x))}" y1="{self.top}" x2="{fmt(self.x(x))}" y2="{self.bottom}" '
            f'stroke="{colour}" stroke-dasharray="4,3"/>'
        )
        self.legend.append((colour, name))

    def add_legend(self, entries: Sequence[tuple[str, str]] = ()) -> None:
        """The legend below the plot in the layout's columns, each name wrapped to its column."""
        items = [*self.legend, *entries]
        if not items:
            return
        pad, font, columns = 10, self.layout.font, self.layout.legend_columns
        column_width = (self.width - 2 * pad) / columns
        text_room = column_width - 18 - 10
        y = self.below + 4
        for start in range(0, len(items), columns):
            row_height = 0.0
            for column, (colour, name) in enumerate(items[start : start + columns]):
                x = pad + column * column_width
                lines = wrap(name, text_room, font)
                self.parts.append(
                    f'<rect x="{fmt(x)}" y="{fmt(y)}" width="12" height="12" fill="{colour}" stroke="#555" '
                    'stroke-width="0.5"/>'
                )
                self.parts.append(_lines(x + 18, y + font - 1, lines, font))
                row_height = max(row_height, len(lines) * font * LINE_HEIGHT)
            y += row_height + 6
        self.below = y + 4

    def render(self) -> str:
        height = math.ceil(self.below)
        title = f"<title>{escape(self.title)}</title>"
        defs = f"<defs>{''.join(self.defs)}</defs>" if self.defs else ""
        return (
            "\n".join(
                [
                    f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" height="{height}" '
                    f'viewBox="0 0 {self.width} {height}" font-family="DejaVu Sans, sans-serif" '
                    f'font-size="{self.layout.font}" role="img" class="{self.layout.name}">',
                    title,
                    defs,
                    f'<rect x="0" y="0" width="{self.width}" height="{height}" fill="white"/>',
                    *self.parts,
                    self.x_label_part,
                    "</svg>",
                ]
            )
            + "\n"
        )
