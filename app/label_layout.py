"""Placing event labels on the timeline so they never overlap (no Qt): stagger into rows, shorten, or hide.

Labels are centred on their event's x position (pixels). Important events are placed first, so a crowded
swing loses its minor labels (mid-backswing ...) before address, top or impact; a hidden label's name stays
in its marker's tooltip.
"""

from __future__ import annotations

import dataclasses

GAP_PX = 6.0        # free space kept between two labels in the same row


@dataclasses.dataclass(frozen=True)
class Label:
    x: float            # centre, pixels
    full_width: float   # pixels of the full text
    short_width: float  # pixels of the shortened text
    priority: int       # lower is placed first


@dataclasses.dataclass(frozen=True)
class Placement:
    row: int | None     # 0 is the row nearest the plot's edge; None: hidden
    short: bool         # the shortened text is shown


def place_labels(labels: list[Label], rows: int, left: float = float("-inf"),
                 right: float = float("inf")) -> list[Placement]:
    """One Placement per label (same order): the first row where its full text fits, else its short text,
    else hidden. Labels whose box would leave [left, right] are hidden too."""
    taken: list[list[tuple[float, float]]] = [[] for _ in range(max(0, rows))]
    out: list[Placement] = [Placement(None, False)] * len(labels)
    order = sorted(range(len(labels)), key=lambda i: (labels[i].priority, labels[i].x))
    for i in order:
        label = labels[i]
        for short, width in ((False, label.full_width), (True, label.short_width)):
            a, b = label.x - width / 2, label.x + width / 2
            if a < left or b > right:
                continue
            row = next((r for r, spans in enumerate(taken)
                        if all(b + GAP_PX <= s or a - GAP_PX >= e for s, e in spans)), None)
            if row is not None:
                taken[row].append((a, b))
                out[i] = Placement(row, short)
                break
    return out


def short_name(text: str) -> str:
    """'Mid follow through' -> 'Mid FT', 'Address' -> 'Addr.', 'Top' -> 'Top'."""
    words = text.split()
    if len(words) > 1:
        return words[0] + " " + "".join(w[0].upper() for w in words[1:])
    return text if len(text) <= 5 else text[:4] + "."
