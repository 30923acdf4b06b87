"""Line charts as SVG, drawn on the server with ElementTree: no script, font file or network.

A chart is some named series of dated points, each point one figure of the graph linking to
its node. Axes are real: dates along the bottom, the figures' own scale (zero included, so no
change looks bigger than it is) up the side, labelled with what they measure; a legend names
every series.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from kg.config import BASE

WIDTH, HEIGHT = 960, 480
LEFT, RIGHT, TOP, BOTTOM = 90, 50, 40, 60
LEGEND_LINE = 18
TICKS = 5
COLOURS = ("#1b6ca8", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7f8c8d", "#b7950b", "#2c3e50", "#e84393")


@dataclass(frozen=True)
class Point:
    """One figure: the date it runs to, its value, and the node it is read from."""

    date: dt.date
    value: float
    node: str


@dataclass(frozen=True)
class Labels:
    """What the chart shows: its title and what each axis measures."""

    title: str
    x: str
    y: str


def draw(labels: Labels, series: dict[str, list[Point]]) -> bytes:
    """Lines and linked points per series, with axes and a legend."""
    height = HEIGHT + LEGEND_LINE * len(series) + 10
    svg = ET.Element("svg", xmlns="http://www.w3.org/2000/svg", width=str(WIDTH), height=str(height), role="img")
    svg.set("viewBox", f"0 0 {WIDTH} {height}")
    ET.SubElement(svg, "title").text = labels.title
    ET.SubElement(svg, "rect", x="0", y="0", width=str(WIDTH), height=str(height), fill="white")
    _text(svg, LEFT, 24, labels.title, size=16, weight="bold")
    points = [point for values in series.values() for point in values]
    first, last = min(p.date for p in points), max(p.date for p in points)
    span = max((last - first).days, 1)
    smallest, largest = min(0.0, *(p.value for p in points)), max(0.0, *(p.value for p in points))
    step = _nice((largest - smallest) / TICKS) or 1.0
    low, top = math.floor(smallest / step) * step, max(math.ceil(largest / step), 1) * step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> float:
        return LEFT + plot_w * (day - first).days / span

    def y(value: float) -> float:
        return TOP + plot_h * (top - value) / (top - low)

    _axes(svg, labels, first, span, (low, top, step), x, y)
    for index, (name, values) in enumerate(series.items()):
        colour = COLOURS[index % len(COLOURS)]
        # past ten series the colours come round again, dashed, so no two series look alike
        style = {"stroke-width": "1.5", "fill": "none", "stroke": colour}
        if index >= len(COLOURS):
            style["stroke-dasharray"] = "6 3"
        coords = " ".join(f"{x(p.date):.1f},{y(p.value):.1f}" for p in values)
        ET.SubElement(svg, "polyline", points=coords, attrib=style)
        for point in values:
            link = ET.SubElement(svg, "a", href=_local(point.node))
            dot = ET.SubElement(link, "circle", cx=f"{x(point.date):.1f}", cy=f"{y(point.value):.1f}", r="2.5")
            dot.set("fill", colour)
            ET.SubElement(dot, "title").text = f"{name}: {point.value:,.0f} ({point.date.isoformat()})"
        legend_y = HEIGHT + LEGEND_LINE * index + 10
        ET.SubElement(
            svg, "line", x1=str(LEFT), y1=str(legend_y - 4), x2=str(LEFT + 24), y2=str(legend_y - 4), attrib=style
        )
        ET.SubElement(svg, "circle", cx=str(LEFT + 12), cy=str(legend_y - 4), r="3", fill=colour)
        _text(svg, LEFT + 32, legend_y, name)
    return bytes(ET.tostring(svg, encoding="utf-8", xml_declaration=True))


def _axes(
    svg: ET.Element,
    labels: Labels,
    first: dt.date,
    span: int,
    scale: tuple[float, float, float],
    x: Callable[[dt.date], float],
    y: Callable[[float], float],
) -> None:
    low, top, step = scale
    bottom, right = y(low), WIDTH - RIGHT
    ET.SubElement(svg, "line", x1=str(LEFT), y1=f"{bottom:.1f}", x2=str(right), y2=f"{bottom:.1f}", stroke="black")
    ET.SubElement(svg, "line", x1=str(LEFT), y1=str(TOP), x2=str(LEFT), y2=f"{bottom:.1f}", stroke="black")
    for tick in range(round((top - low) / step) + 1):
        value = low + tick * step
        grid = "#888" if value == 0 else "#ddd"
        ET.SubElement(svg, "line", x1=str(LEFT), y1=f"{y(value):.1f}", x2=str(right), y2=f"{y(value):.1f}", stroke=grid)
        _text(svg, LEFT - 8, y(value) + 4, f"{value:,.0f}", anchor="end")
    for step in range(TICKS + 1):
        day = first + dt.timedelta(days=round(span * step / TICKS))
        _text(svg, x(day), bottom + 18, day.isoformat(), anchor="middle")
    _text(svg, LEFT + (right - LEFT) / 2, bottom + 40, labels.x, anchor="middle")
    middle = TOP + (bottom - TOP) / 2
    _text(svg, 18, middle, labels.y, anchor="middle").set("transform", f"rotate(-90 18 {middle:.1f})")


def _nice(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten at or above a figure (0 for 0): a tick step."""
    if value <= 0:
        return 0.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _text(
    parent: ET.Element, x: float, y: float, text: str, size: int = 12, anchor: str = "start", weight: str = "normal"
) -> ET.Element:
    element = ET.SubElement(parent, "text", x=f"{x:.1f}", y=f"{y:.1f}")
    element.attrib.update(
        {"font-family": "sans-serif", "font-size": str(size), "text-anchor": anchor, "font-weight": weight}
    )
    element.text = text
    return element


def _local(iri: str) -> str:
    return "/" + iri[len(BASE) :] if iri.startswith(BASE) else iri
