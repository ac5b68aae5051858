"""Inline SVG charts for the HTML brief, drawn from plain data so the same data gives the same picture.

Each chart is a <figure class="chart" data-chart=NAME> holding one <svg> whose marks
(rect, path, circle) carry <title> tooltips; with no data the figure holds a note instead.
The page's stylesheet styles the classes used here: axis, grid, zero, band.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

COLOURS = {"strikes": "#c0392b", "diplomacy": "#2e6fb0", "killed": "#333333", "goldstein_mean": "#8e6bb8",
           "index": "#1b7f5b", "cooperative": "#2e6fb0", "conflictual": "#c0392b"}
WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 56, 40, 44


def esc(value: Any) -> str:
    """Text for HTML, None as empty."""
    return escape("" if value is None else str(value))


def number(value: Any) -> float:
    """A finite float, or 0 for anything else."""
    try:
        result = float(value)
    except (TypeError, ValueError):
        return 0.0
    return result if math.isfinite(result) else 0.0


def nodata(text: str) -> str:
    return f'<p class="nodata">{esc(text)}</p>'


def _step(span: float, count: int = 4) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about `count` ticks over `span`."""
    raw = max(span / count, 1e-9)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw - 1e-12)


def _count_ticks(top: float) -> list[float]:
    step = max(1.0, _step(top))
    return [step * i for i in range(int(math.ceil(top / step)) + 1 if top > 0 else 2)]


def _svg(name: str, caption: str, body: list[str], height: int = HEIGHT, note: str = "") -> str:
    small = f" <small>{esc(note)}</small>" if note else ""
    return (f'<figure class="chart" data-chart="{name}"><figcaption>{esc(caption)}{small}</figcaption>'
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
            f'height="{height}" role="img" aria-label="{esc(caption)}">{"".join(body)}</svg></figure>')


def _empty_chart(name: str, caption: str, text: str) -> str:
    return f'<figure class="chart" data-chart="{name}"><figcaption>{esc(caption)}</figcaption>{nodata(text)}</figure>'


def _legend(entries: list[tuple[str, str, str]]) -> list[str]:
    """Swatches along the top: (label, colour, shape) with shape 'rect' or 'line'."""
    out, x = [], LEFT
    for label, colour, shape in entries:
        if shape == "rect":
            out.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{colour}"/>')
        else:
            out.append(f'<line x1="{x}" x2="{x + 14}" y1="14" y2="14" stroke="{colour}" stroke-width="2.5"/>')
        out.append(f'<text x="{x + 18}" y="18">{esc(label)}</text>')
        x += 30 + 7 * len(label)
    return out


def _frame(windows: list[dict[str, Any]], unit: str) -> tuple[list[float], list[str]]:
    """Window centres on the x axis, with date labels thinned to at most 12."""
    band = (WIDTH - LEFT - RIGHT) / len(windows)
    xs = [LEFT + band * (i + 0.5) for i in range(len(windows))]
    every = math.ceil(len(windows) / 12)
    out = [f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{HEIGHT - BOTTOM}" y2="{HEIGHT - BOTTOM}"/>']
    for i, (x, w) in enumerate(zip(xs, windows)):
        if i % every == 0:
            start = str(w.get("start") or "")
            out.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{esc(start[5:] or start)}</text>')
    out.append(f'<text x="{WIDTH / 2}" y="{HEIGHT - 6}" text-anchor="middle">{esc(unit)} starting (month-day)</text>')
    return xs, out


def _y_axis(ticks: list[float], scale, label: str, *, right: bool = False, grid: bool = True) -> list[str]:
    x = WIDTH - RIGHT if right else LEFT
    out = [f'<line class="axis" x1="{x}" x2="{x}" y1="{TOP}" y2="{HEIGHT - BOTTOM}"/>']
    for t in ticks:
        y = scale(t)
        if grid:
            out.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text x="{x + 6 if right else x - 6}" y="{y + 4:.1f}" '
                   f'text-anchor="{"start" if right else "end"}">{t:g}</text>')
    mid, lx = (TOP + HEIGHT - BOTTOM) / 2, WIDTH - 12 if right else 14
    out.append(f'<text x="{lx}" y="{mid}" text-anchor="middle" transform="rotate(-90 {lx} {mid})">{esc(label)}</text>')
    return out


def period(w: dict[str, Any]) -> str:
    """A window's dates; an undated window (a single undated analysis) says so."""
    if not w.get("start"):
        return "undated"
    return f"{w.get('start')} – {w.get('end')}"


def violence_diplomacy(windows: list[dict[str, Any]], unit: str) -> str:
    """Strikes and diplomatic events as grouped bars (left axis), people killed as a line (right axis)."""
    name, caption = "violence-diplomacy", "Violence and diplomacy over time"
    if not windows:
        return _empty_chart(name, caption, "No dated events that happened, so nothing to chart.")
    counts = _count_ticks(max(max(number(w.get("strikes")), number(w.get("diplomacy"))) for w in windows))
    killed = _count_ticks(max(number(w.get("killed")) for w in windows))
    bottom, height = HEIGHT - BOTTOM, HEIGHT - BOTTOM - TOP
    left = lambda v: bottom - height * v / counts[-1]  # noqa: E731
    right = lambda v: bottom - height * v / killed[-1]  # noqa: E731
    xs, body = _frame(windows, unit)
    body = _y_axis(counts, left, "events") + _y_axis(killed, right, "killed", right=True, grid=False) + body
    bar = min(28.0, (WIDTH - LEFT - RIGHT) / len(windows) * 0.35)
    for x, w in zip(xs, windows):
        for offset, key, label in ((-bar, "strikes", "strikes"), (0, "diplomacy", "diplomatic events")):
            value = number(w.get(key))
            body.append(f'<rect x="{x + offset:.1f}" y="{left(value):.1f}" width="{bar:.1f}" '
                        f'height="{bottom - left(value):.1f}" fill="{COLOURS[key]}">'
                        f'<title>{esc(period(w))}: {value:g} {label}</title></rect>')
    points = [(x, right(number(w.get("killed")))) for x, w in zip(xs, windows)]
    body.append(f'<path d="{_line(points)}" fill="none" stroke="{COLOURS["killed"]}" stroke-width="2"/>')
    for (x, y), w in zip(points, windows):
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{COLOURS["killed"]}"><title>{esc(period(w))}: '
                    f'{number(w.get("killed")):g} killed, {number(w.get("injured")):g} injured</title></circle>')
    body += _legend([("strikes", COLOURS["strikes"], "rect"), ("diplomatic events", COLOURS["diplomacy"], "rect"),
                     ("killed (right axis)", COLOURS["killed"], "line")])
    return _svg(name, caption, body, note="one group per window with events")


def _line(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(points))


def goldstein(windows: list[dict[str, Any]], unit: str) -> str:
    """Mean Goldstein weight and the de-escalation index per window, around a zero line."""
    name, caption = "goldstein", "Goldstein trend"
    if not windows:
        return _empty_chart(name, caption, "No dated events that happened, so no trend.")
    peak = max(1.0, *(abs(number(w.get(k))) for w in windows for k in ("goldstein_mean", "index")))
    step = _step(peak, 2)
    top = step * math.ceil(peak / step)
    ticks = [step * i for i in range(-round(top / step), round(top / step) + 1)]
    mid, half = (TOP + HEIGHT - BOTTOM) / 2, (HEIGHT - BOTTOM - TOP) / 2
    scale = lambda v: mid - half * v / top  # noqa: E731
    xs, body = _frame(windows, unit)
    body = _y_axis(ticks, scale, "-10 conflict … +10 cooperation") + body
    for floor, label in ((2.0, "elevated"), (0.5, "moderate"), (-1.5, "guarded")):
        if abs(floor) < top:
            body.append(f'<line class="band" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{scale(floor):.1f}" '
                        f'y2="{scale(floor):.1f}"/><text x="{WIDTH - RIGHT - 4}" y="{scale(floor) - 3:.1f}" '
                        f'text-anchor="end">{label}</text>')
    body.append(f'<line class="zero" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{mid:.1f}" y2="{mid:.1f}"/>')
    for key, label in (("goldstein_mean", "mean Goldstein"), ("index", "index")):
        points = [(x, scale(number(w.get(key)))) for x, w in zip(xs, windows)]
        body.append(f'<path d="{_line(points)}" fill="none" stroke="{COLOURS[key]}" stroke-width="2.5"/>')
        for (x, y), w in zip(points, windows):
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{COLOURS[key]}">'
                        f'<title>{esc(period(w))}: {label} {number(w.get(key)):+.2f} ({number(w.get("events")):g} events)'
                        f'</title></circle>')
    body += _legend([("mean Goldstein weight", COLOURS["goldstein_mean"], "line"),
                     ("de-escalation index", COLOURS["index"], "line")])
    return _svg(name, caption, body, note="dashed: zero; dotted: judgement bands")


def network(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> str:
    """Actors on a circle, pairs joined by curves sized by count.

    The most active actor sits at the top, the next at the bottom, and so on alternately
    clockwise, so the busiest pairs cross the middle instead of crowding one arc.
    """
    name, caption, height = "actor-network", "Actor network", 460
    if not edges:
        return _empty_chart(name, caption, "No events that happened between two named actors.")
    cx, cy, radius = WIDTH / 2, height / 2 + 10, height / 2 - 60
    top_node, top_edge = max(n["n"] for n in nodes), max(e["n"] for e in edges)
    place = {}
    half = math.ceil(len(nodes) / 2)
    for rank, node in enumerate(nodes):
        slot = rank // 2 + (half if rank % 2 else 0)
        angle = -math.pi / 2 + 2 * math.pi * slot / len(nodes)
        place[node["name"]] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle), angle)
    body = []
    for e in edges:
        (x1, y1, _), (x2, y2, _) = place[e["a"]], place[e["b"]]
        bend = 0.15 if e["cooperative"] else -0.15  # cooperation and conflict between one pair curve apart
        qx, qy = (x1 + x2) / 2 - (y2 - y1) * bend, (y1 + y2) / 2 + (x2 - x1) * bend
        kind = "cooperative" if e["cooperative"] else "conflictual"
        body.append(f'<path d="M{x1:.1f},{y1:.1f} Q{qx:.1f},{qy:.1f} {x2:.1f},{y2:.1f}" fill="none" '
                    f'stroke="{COLOURS[kind]}" stroke-opacity="0.7" stroke-width="{1 + 7 * e["n"] / top_edge:.1f}">'
                    f'<title>{esc(e["a"])} – {esc(e["b"])}: {e["n"]} {kind} events</title></path>')
    for node in nodes:
        x, y, angle = place[node["name"]]
        r = 5 + 11 * math.sqrt(node["n"] / top_node)
        lx, ly = x + (r + 6) * math.cos(angle), y + (r + 6) * math.sin(angle) + 4
        anchor = "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
        ly += 8 if math.sin(angle) > 0.9 else -6 if math.sin(angle) < -0.9 else 0
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#555" stroke="#fff" stroke-width="1.5">'
                    f'<title>{esc(node["name"])}: {node["n"]} events</title></circle>'
                    f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">{esc(node["name"])}</text>')
    body += _legend([("cooperative (QuadClass 1-2)", COLOURS["cooperative"], "line"),
                     ("conflictual (QuadClass 3-4)", COLOURS["conflictual"], "line")])
    return _svg(name, caption, body, height, note=f"top {len(nodes)} actors; size and width by number of events")
