"""Small, deterministic SVG charts (no plotting library): the same data give the same bytes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 900, 420
LEFT, RIGHT, TOP, BOTTOM = 80, 190, 40, 60
COLOURS = ("#1f77b4", "#f2b705", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#17becf", "#7f7f7f")


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
    if abs(value) >= 1000:
        return f"{value:,.0f}".replace(",", " ")
    if float(value).is_integer():
        return f"{value:.0f}"
    return f"{value:.2f}".rstrip("0").rstrip(".")


class Chart:
    """A chart with a frame, axes and ticks mapping data coordinates to the picture."""

    def __init__(
        self,
        title: str,
        x_label: str,
        y_label: str,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
    ):
        self.x0, self.x1 = x_range
        self.y0, self.y1 = y_range
        if self.x1 <= self.x0:
            self.x1 = self.x0 + 1
        if self.y1 <= self.y0:
            self.y1 = self.y0 + 1
        self.parts: list[str] = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
            'font-family="sans-serif" font-size="12">',
            f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
            f'<text x="{LEFT}" y="22" font-size="15" font-weight="bold">{escape(title)}</text>',
            f'<text x="{fmt(LEFT + (WIDTH - LEFT - RIGHT) / 2)}" y="{HEIGHT - 15}" text-anchor="middle">{escape(x_label)}</text>',
            f'<text x="18" y="{fmt(TOP + (HEIGHT - TOP - BOTTOM) / 2)}" text-anchor="middle" '
            f'transform="rotate(-90 18 {fmt(TOP + (HEIGHT - TOP - BOTTOM) / 2)})">{escape(y_label)}</text>',
        ]
        self.legend: list[tuple[str, str]] = []

    def x(self, value: float) -> float:
        return LEFT + (value - self.x0) / (self.x1 - self.x0) * (WIDTH - LEFT - RIGHT)

    def y(self, value: float) -> float:
        return HEIGHT - BOTTOM - (value - self.y0) / (self.y1 - self.y0) * (HEIGHT - TOP - BOTTOM)

    def axes(self, x_ticks: Sequence[tuple[float, str]] | None = None) -> None:
        for tick in nice_ticks(self.y0, self.y1):
            y = fmt(self.y(tick))
            self.parts.append(f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="#e5e5e5"/>')
            self.parts.append(
                f'<text x="{LEFT - 6}" y="{y}" text-anchor="end" dominant-baseline="middle">{label(tick)}</text>'
            )
        ticks = x_ticks if x_ticks is not None else [(t, label(t)) for t in nice_ticks(self.x0, self.x1)]
        for value, text in ticks:
            x = fmt(self.x(value))
            self.parts.append(
                f'<line x1="{x}" y1="{HEIGHT - BOTTOM}" x2="{x}" y2="{HEIGHT - BOTTOM + 5}" stroke="black"/>'
            )
            self.parts.append(
                f'<text x="{x}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">{escape(text)}</text>'
            )
        self.parts.append(
            f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="black"/>'
        )
        self.parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="black"/>')

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

    def text(self, x: float, y: float, content: str, anchor: str = "start", size: int = 11) -> None:
        self.parts.append(
            f'<text x="{fmt(self.x(x))}" y="{fmt(self.y(y))}" text-anchor="{anchor}" font-size="{size}">{escape(content)}</text>'
        )

    def vline(self, x: float, colour: str, name: str) -> None:
        self.parts.append(
            f'<line x1="{fmt(self.x(x))}" y1="{TOP}" x2="{fmt(self.x(x))}" y2="{HEIGHT - BOTTOM}" stroke="{colour}" stroke-dasharray="4,3"/>'
        )
        self.legend.append((colour, name))

    def add_legend(self, entries: Sequence[tuple[str, str]] = ()) -> None:
        for index, (colour, name) in enumerate([*self.legend, *entries]):
            y = TOP + 10 + index * 18
            x = WIDTH - RIGHT + 15
            self.parts.append(f'<rect x="{x}" y="{y - 8}" width="12" height="10" fill="{colour}"/>')
            self.parts.append(f'<text x="{x + 18}" y="{y}">{escape(name)}</text>')

    def render(self) -> str:
        return "\n".join([*self.parts, "</svg>"]) + "\n"
