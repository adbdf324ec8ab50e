"""The service insight charts, drawn on the server with matplotlib as SVG bytes (no chart script in the browser).

Each chart is a ``matplotlib.figure.Figure`` of its own (never pyplot, whose global current figure is not safe across
the server's threads). Every number is printed on the chart itself or its table on the page, so colour is never the
only way to read it: the heat map prints its count in each cell over a colour-blind-safe sequential colormap
(cividis), and the lines differ by marker shape and line style as well as colour. ``alt_text`` gives the summary
that goes in the <img> alt attribute; the page's tables are the full equivalent.
"""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # no display, no interactive backend: this module only ever writes files

from matplotlib.cm import ScalarMappable  # noqa: E402
from matplotlib.colors import Normalize, SymLogNorm, to_rgb  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator, SymmetricalLogLocator  # noqa: E402

from app.services.insight import CoInvolvement, OpenByMonth, ServicesPerFamily  # noqa: E402

# Set once at import and never changed, so every thread renders with the same values. A fixed hash salt makes the
# SVG's clip-path and element ids the same on every run, and text stays text (<text> elements, not glyph paths):
# smaller files whose numbers can be found and tested.
matplotlib.rcParams.update({"svg.hashsalt": "familygraph-insight", "svg.fonttype": "none"})
SVG_METADATA = {"Date": None}  # no creation date: the same figures give the same bytes

COLORMAP = "cividis"  # sequential, designed to read the same with colour-vision deficiencies
SPREAD_FOR_LOG_SCALE = 20  # when the largest count is this many times the smallest, use a logarithmic scale
BAR_COLOUR = "#1d70b8"  # GOV.UK blue
DIAGONAL_FILL = "#f3f2f1"  # GOV.UK light grey: the diagonal is off the colour scale
# Colours with at least 3:1 contrast on white (Okabe-Ito and Paul Tol), each line also with its own marker and dashes.
LINE_COLOURS = ["#0072B2", "#D55E00", "#000000", "#009E73", "#CC79A7", "#332288", "#999933", "#882255", "#117733"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "h", "<", ">", "p"]
LINE_STYLES = ["-", "--", ":", "-.", (0, (6, 2, 1, 2, 1, 2)), (0, (8, 3)), (0, (2, 2)), (0, (4, 1, 1, 1, 1, 1))]


def _thousands(value, _position=None) -> str:
    return f"{value:,.0f}"


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _svg(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata=SVG_METADATA)
    return out.getvalue()


def _contrast(rgb) -> float:
    """Relative luminance (WCAG 2) of an sRGB colour."""
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb[:3]]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _text_colour(fill) -> str:
    """Black or white, whichever contrasts more with the cell's fill."""
    luminance = _contrast(to_rgb(fill))
    return "black" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "white"


def _wide_spread(values) -> bool:
    positive = [v for v in values if v > 0]
    return bool(positive) and max(positive) >= SPREAD_FOR_LOG_SCALE * min(positive)


# -- 1. the co-involvement heat map ----------------------------------------------------------------------------------
def co_involvement_svg(data: CoInvolvement) -> bytes:
    n = len(data.services)
    labels = [_wrap(s.name, 22) for s in data.services]
    side = max(5.0, 0.75 * n + 3.5)
    figure = Figure(figsize=(side + 1.5, side), layout="constrained")
    ax = figure.add_subplot()
    pairs = [data.families[i][j] for i in range(n) for j in range(n) if i != j]
    top = max(pairs, default=0) or 1
    norm = SymLogNorm(linthresh=1, vmin=0, vmax=top, base=10) if _wide_spread(pairs) else Normalize(0, top)
    cmap = matplotlib.colormaps[COLORMAP]
    for i in range(n):
        for j in range(n):
            value = data.families[i][j]
            diagonal = i == j
            fill = DIAGONAL_FILL if diagonal else cmap(norm(value))
            ax.add_patch(
                Rectangle(
                    (j - 0.5, i - 0.5),
                    1,
                    1,
                    facecolor=fill,
                    edgecolor="#0b0c0c" if diagonal else "white",
                    linewidth=1.5 if diagonal else 0.5,
                )
            )
            ax.text(
                j,
                i,
                f"{value:,}",
                ha="center",
                va="center",
                fontsize=8 if n > 12 else 10,
                fontweight="bold" if diagonal else "normal",
                color="black" if diagonal else _text_colour(fill),
            )
    ax.set_xlim(-0.5, max(n, 1) - 0.5)  # an empty graph still draws an (empty) frame
    ax.set_ylim(max(n, 1) - 0.5, -0.5)
    ax.set_aspect("equal")
    ax.set_xticks(range(n), labels, rotation=45, ha="right", rotation_mode="anchor", fontsize=9)
    ax.set_yticks(range(n), labels, fontsize=9)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(
        f"Families known to both services, 12 months to {_long_date(data.as_at)}\n"
        "(outlined diagonal, in bold: families known to the service)",
        fontsize=11,
    )
    scale = ScalarMappable(norm=norm, cmap=cmap)
    ticks = None if isinstance(norm, SymLogNorm) else MaxNLocator(integer=True)  # no "0.5 families"
    bar = figure.colorbar(scale, ax=ax, shrink=0.6, ticks=ticks, format=FuncFormatter(_thousands))
    bar.set_label("Families known to both services")
    return _svg(figure)


# -- 2. families by number of services -------------------------------------------------------------------------------
def bucket_label(bucket: str) -> str:
    number = bucket.rstrip("+")
    more = " or more" if bucket.endswith("+") else ""
    return f"{number}{more} service{'' if bucket == '1' else 's'}"


def services_per_family_svg(data: ServicesPerFamily) -> bytes:
    figure = Figure(figsize=(7.5, 4.5), layout="constrained")
    ax = figure.add_subplot()
    labels = [b.replace("+", " or more") for b, _ in data.buckets]
    values = [v for _, v in data.buckets]
    bars = ax.bar(labels, values, color=BAR_COLOUR)
    ax.bar_label(bars, labels=[f"{v:,}" for v in values], padding=3, fontsize=9)
    ax.set_ylabel("Families")
    ax.set_xlabel("Number of services involved with the family")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
    ax.set_ylim(0, max(max(values, default=0), 1) * 1.15)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(f"Families by number of services involved, 12 months to {_long_date(data.as_at)}", fontsize=11)
    return _svg(figure)


# -- 3. open involvements per month ----------------------------------------------------------------------------------
def uses_log_scale(data: OpenByMonth) -> bool:
    """A logarithmic scale when the services' volumes differ widely (schools' tens of thousands beside youth
    justice's hundreds), so that every line's trend shows instead of the small ones lying flat on the axis."""
    return _wide_spread([max(row, default=0) for row in data.counts])


def open_by_month_svg(data: OpenByMonth) -> bytes:
    figure = Figure(figsize=(10, 5.5), layout="constrained")
    ax = figure.add_subplot()
    x = range(len(data.months))
    for k, (service, counts) in enumerate(zip(data.services, data.counts, strict=True)):
        ax.plot(
            x,
            counts,
            label=_wrap(service.name, 30),
            color=LINE_COLOURS[k % len(LINE_COLOURS)],
            marker=MARKERS[k % len(MARKERS)],
            linestyle=LINE_STYLES[k % len(LINE_STYLES)],
            linewidth=1.8,
            markersize=5,
        )
    if uses_log_scale(data):
        ax.set_yscale("symlog", linthresh=1)  # like a logarithmic scale, but a month with none still shows, at 0
        ax.yaxis.set_major_locator(SymmetricalLogLocator(linthresh=1, base=10, subs=[1, 2, 5]))
        ax.set_ylabel("Open involvements (logarithmic scale)")
    else:
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("Open involvements")
        ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
    step = 3 if len(data.months) > 12 else 1
    ax.set_xticks(list(x)[::step], [m.label for m in data.months][::step], rotation=45, ha="right")
    ax.grid(axis="y", color="#b1b4b6", linewidth=0.5)
    ax.spines[["top", "right"]].set_visible(False)
    if data.services:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9, frameon=False, title="Service")
    first, last = data.months[0], data.months[-1]
    ax.set_title(f"Involvements open in each month, {first.label} to {last.label}", fontsize=11)
    return _svg(figure)


CHARTS = {
    "co_involvement": co_involvement_svg,
    "services_per_family": services_per_family_svg,
    "open_by_month": open_by_month_svg,
}


def chart_svg(chart: str, data) -> bytes:
    return CHARTS[chart](data)


# -- what each chart shows, in words (its <img> alt text) ------------------------------------------------------------
def alt_text(chart: str, data) -> str:
    return {"co_involvement": _co_alt, "services_per_family": _per_family_alt, "open_by_month": _by_month_alt}[chart](
        data
    )


def _co_alt(data: CoInvolvement) -> str:
    n = len(data.services)
    pairs = sorted(
        (
            (data.families[i][j], data.services[i].name, data.services[j].name)
            for i in range(n)
            for j in range(i + 1, n)
        ),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    shared = [f"{a} and {b} ({count:,})" for count, a, b in pairs[:3] if count]
    most = f"The pairs sharing most families: {'; '.join(shared)}." if shared else "No two services shared a family."
    return (
        f"Heat map of {n} services: for each pair, the number of families both were involved with in the 12 months "
        f"to {_long_date(data.as_at)}. {most} The table below gives every number."
    )


def _per_family_alt(data: ServicesPerFamily) -> str:
    counts = "; ".join(f"{bucket_label(b)}: {v:,}" for b, v in data.buckets)
    return (
        f"Bar chart of the {data.known_to_any:,} families (of {data.families:,} on {_long_date(data.as_at)}) known "
        f"to at least one service in the 12 months before, by how many services: {counts}."
    )


def _by_month_alt(data: OpenByMonth) -> str:
    first, last = data.months[0], data.months[-1]
    scale = ", on a logarithmic scale" if uses_log_scale(data) else ""
    changes = "; ".join(
        f"{s.name} {counts[0]:,} to {counts[-1]:,}"
        for s, counts in zip(data.services, data.counts, strict=True)
        if any(counts)
    )
    return (
        f"Line chart of the involvements open in each month from {first.label} to {last.label}, one line per "
        f"service{scale}. From the first month to the last: {changes or 'none open'}. The table below gives every "
        "number."
    )
