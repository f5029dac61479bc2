"""Timeline event labels: staggered into rows, shortened or hidden, never overlapping."""

from app.label_layout import GAP_PX, Label, place_labels, short_name


def boxes(labels, placements):
    out = []
    for label, placed in zip(labels, placements):
        if placed.row is not None:
            w = label.short_width if placed.short else label.full_width
            out.append((placed.row, label.x - w / 2, label.x + w / 2))
    return out


def test_far_apart_labels_share_the_first_row():
    labels = [Label(100, 50, 20, 1), Label(300, 50, 20, 1)]
    assert [(p.row, p.short) for p in place_labels(labels, rows=3)] == [(0, False), (0, False)]


def test_close_labels_never_overlap_and_key_events_win():
    # eight events crowded into 120 px, as a fast downswing looks on a whole-clip timeline
    labels = [Label(x, 70, 30, 0 if i in (0, 3, 5) else 1) for i, x in enumerate(range(400, 520, 15))]
    placed = place_labels(labels, rows=2)
    drawn = boxes(labels, placed)
    for i, (row_a, a0, a1) in enumerate(drawn):
        for row_b, b0, b1 in drawn[i + 1:]:
            assert row_a != row_b or a1 + GAP_PX <= b0 or b1 + GAP_PX <= a0
    assert all(placed[i].row is not None for i in (0, 3, 5))       # address, top, impact keep their labels
    assert any(p.row is None for p in placed)                       # something had to give
    assert {p.row for p in placed if p.row is not None} == {0, 1}  # staggered over both rows


def test_labels_leaving_the_plot_are_hidden():
    placed = place_labels([Label(5, 40, 30, 0), Label(200, 40, 30, 0)], rows=1, left=0, right=210)
    assert placed[0].row is None and placed[1].row is None or placed[1].short
    assert place_labels([Label(100, 40, 30, 0)], rows=0)[0].row is None


def test_short_names():
    assert short_name("Mid follow through") == "Mid FT"
    assert short_name("Address") == "Addr."
    assert short_name("Top") == "Top"
