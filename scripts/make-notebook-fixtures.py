#!/usr/bin/env python3
"""Writes the notebook fixtures of tests/extract/inputs/ (standard library only):

- `river-survey.ipynb`: an nbformat 4.5 notebook as Jupyter saves one after a run: Markdown
  cells (headings, lists, a table, inline code), code cells with their outputs (stream
  text, an HTML and text result, a plot as a base64 PNG), cell ids, and widget state in
  the notebook's metadata. The outputs are most of its bytes, as in real notebooks; none
  of them is prose, so the expected text is the cells' sources.
- `gauges-v3.ipynb`: an nbformat 3 notebook (cells inside `worksheets`, code in `input`,
  heading cells with a level), as IPython 1 and 2 saved them.

Run from the repository root: python3 scripts/make-notebook-fixtures.py
"""

import base64
import json
import random
import struct
import zlib
from pathlib import Path

OUT = Path("tests/extract/inputs")


def png(width, height, bars, seed):
    """A bar chart as an RGB PNG: light grid, coloured bars, some noise (so that it does
    not compress to nothing, as real plots with anti-aliasing do not)."""
    rnd = random.Random(seed)
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter: none
        for x in range(width):
            bar = x * len(bars) // width
            top = height - int(bars[bar] * height)
            if y >= top and x % (width // len(bars)) > 6:
                r, g, b = 40, 90 + bar * 20, 160
            elif y % 40 == 0:
                r = g = b = 220
            else:
                r = g = b = 250
            n = rnd.randint(-3, 3)
            row += bytes(max(0, min(255, c + n)) for c in (r, g, b))
        rows.append(bytes(row))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    raw = b"".join(rows)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def lines(text):
    """A source or output as Jupyter stores it: a list of lines, each with its newline."""
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def river_survey():
    cells = []
    n = 0

    def md(text):
        nonlocal n
        n += 1
        cells.append({"cell_type": "markdown", "id": f"md-{n:03d}", "metadata": {}, "source": lines(text)})

    def code(text, outputs):
        nonlocal n
        n += 1
        cells.append(
            {
                "cell_type": "code",
                "execution_count": n,
                "id": f"code-{n:03d}",
                "metadata": {"tags": []},
                "outputs": outputs,
                "source": lines(text),
            }
        )

    def stream(text):
        return {"name": "stdout", "output_type": "stream", "text": lines(text)}

    md(
        "# River survey: dissolved oxygen along the Weir\n\n"
        "Field teams sampled **twelve stations** between the mill race and the estuary "
        "during the spring survey. This notebook cleans the readings, compares stations "
        "and flags the reaches where oxygen fell below the threshold that trout need."
    )
    md(
        "## Data\n\n"
        "Each row is one sample:\n\n"
        "- `station`: the station code, upstream to downstream;\n"
        "- `taken`: date and time of the sample;\n"
        "- `do_mg_l`: dissolved oxygen in milligrams per litre;\n"
        "- `temp_c`: water temperature in degrees Celsius."
    )
    code(
        "import csv\nimport statistics\nfrom collections import defaultdict\n\n"
        "rows = list(csv.DictReader(open('weir-spring.csv')))\nprint(len(rows), 'samples')",
        [stream("1440 samples")],
    )
    code(
        "by_station = defaultdict(list)\nfor r in rows:\n    by_station[r['station']].append(float(r['do_mg_l']))\n"
        "summary = {s: statistics.mean(v) for s, v in sorted(by_station.items())}\nsummary",
        [
            {
                "data": {
                    "text/html": [
                        "<table><tr><th>station</th><th>mean</th></tr>"
                        + "".join(f"<tr><td>W{i:02d}</td><td>{8.9 - i * 0.31:.2f}</td></tr>" for i in range(1, 13))
                        + "</table>"
                    ],
                    "text/plain": lines(
                        "{" + ", ".join(f"'W{i:02d}': {8.9 - i * 0.31:.2f}" for i in range(1, 13)) + "}"
                    ),
                },
                "execution_count": n + 1,
                "metadata": {},
                "output_type": "execute_result",
            }
        ],
    )
    md(
        "## Stations below the threshold\n\n"
        "| Reach | Stations | Lowest reading |\n"
        "|---|---|---|\n"
        "| Mill race | W01 to W03 | 7.8 mg/l |\n"
        "| Town bridge | W07 to W09 | 5.1 mg/l |\n"
        "| Estuary | W11 to W12 | 4.6 mg/l |\n\n"
        "Readings under 6 mg/l cluster below the town bridge, where the storm drains join."
    )
    for seed in range(3):
        bars = [0.9 - 0.06 * i + 0.03 * ((i * (seed + 3)) % 4) for i in range(12)]
        image = base64.b64encode(png(432, 288, bars, seed)).decode()
        code(
            f"plot_station_means(summary, week={seed + 1})",
            [
                stream(f"week {seed + 1}: 12 stations plotted"),
                {
                    "data": {
                        "image/png": image,
                        "text/plain": ["<Figure size 600x400 with 1 Axes>"],
                    },
                    "metadata": {"needs_background": "light"},
                    "output_type": "display_data",
                },
            ],
        )
        md(
            f"### Week {seed + 1}\n\n"
            f"Oxygen falls steadily downstream in week {seed + 1}; the drop after the town "
            "bridge is sharper after rain, when the drains overflow."
        )
    code(
        "low = [s for s, m in summary.items() if m < 6.0]\nlow",
        [{"data": {"text/plain": ["['W10', 'W11', 'W12']"]}, "execution_count": n + 1, "metadata": {}, "output_type": "execute_result"}],
    )
    md(
        "## Conclusion\n\n"
        "1. The upper reach is healthy all season.\n"
        "2. Below the town bridge, oxygen is marginal for trout after rain.\n"
        "3. The estuary stations need a summer survey before any restocking."
    )
    widgets = {
        "application/vnd.jupyter.widget-state+json": {
            "state": {
                f"w{i:02d}": {
                    "model_module": "@jupyter-widgets/controls",
                    "model_name": "FloatSliderModel",
                    "state": {"value": i / 10, "min": 0, "max": 10, "description": f"station {i}"},
                }
                for i in range(40)
            },
            "version_major": 2,
            "version_minor": 0,
        }
    }
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "version": "3.11.7", "mimetype": "text/x-python"},
            "widgets": widgets,
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def gauges_v3():
    return {
        "metadata": {"name": "gauges"},
        "nbformat": 3,
        "nbformat_minor": 0,
        "worksheets": [
            {
                "cells": [
                    {"cell_type": "heading", "level": 1, "metadata": {}, "source": ["Rain gauges"]},
                    {
                        "cell_type": "markdown",
                        "metadata": {},
                        "source": lines("Daily totals from the *three* hill gauges, in millimetres."),
                    },
                    {
                        "cell_type": "code",
                        "collapsed": False,
                        "input": lines("totals = {'Crag': 14.2, 'Fold': 9.8, 'Moss': 11.5}\nmax(totals, key=totals.get)"),
                        "language": "python",
                        "metadata": {},
                        "outputs": [{"metadata": {}, "output_type": "pyout", "prompt_number": 1, "text": ["'Crag'"]}],
                        "prompt_number": 1,
                    },
                    {"cell_type": "heading", "level": 2, "metadata": {}, "source": ["Notes"]},
                    {"cell_type": "raw", "metadata": {}, "source": ["Gauge Fold was cleared of leaves on Tuesday."]},
                ],
                "metadata": {},
            }
        ],
    }


def main():
    for name, nb in [("river-survey.ipynb", river_survey()), ("gauges-v3.ipynb", gauges_v3())]:
        path = OUT / name
        # As Jupyter writes it: one-space indent, keys sorted, a final newline.
        path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
        print(path, path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
