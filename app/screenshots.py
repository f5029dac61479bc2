"""`python -m app.screenshots OUT_DIR`: the window in each state a coach meets, saved as PNGs (run under a display,
e.g. `xvfb-run -a`). Uses a fresh library, so it shows exactly what a newcomer sees on first start.

  first_start.png   the bundled sample swing analysed: video with the skeleton overlay, 3D, timeline, metrics
  chat.png          an answer with its viewpoint-frame chips lit on the timeline and in 3D (needs the model)
  annotated.png     coach annotations on the top frame: an angle (measured), a line and a pinned note
  export.png        File > Export report...: outputs, athlete, date and the report preview
  export_notes.png  the preview scrolled to its end: the coach annotations
  error.png         a non-video file dropped: the message bar says what to do, nothing else is lost
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import tempfile

from app.bench import _wait, _wait_until


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", help="folder for the PNGs")
    parser.add_argument("--question", default="Which frame is impact?")
    parser.add_argument("--no-model", action="store_true", help="skip the model (no chat screenshot)")
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY"):
        print("needs a display for the 3D view: run under `xvfb-run -a python -m app.screenshots OUT`", file=sys.stderr)
        return 2
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    os.environ["LLAMO_DATA_DIR"] = tempfile.mkdtemp(prefix="llamo-shots-")     # a newcomer's first start
    from app import analysis_view, open_window

    app, controller, window = open_window()
    _wait(300)
    controller.start(load_model=not args.no_model)
    session, clock = controller.session, controller.clock

    def save(name: str) -> None:
        _wait(400)
        window.grab().toImage().save(str(out / name))
        print(f"saved {out / name}")

    _wait_until(lambda: session.analysis_state[0] not in ("none", "running") and session.video is not None, 600)
    events = analysis_view.swing_events(session.analysis, 0)
    clock.seek(events.get("top", clock.num_frames // 2))
    save("first_start.png")

    if not args.no_model:
        _wait_until(lambda: controller.chat.model_state[0] != "loading", 600)
        if controller.ask(args.question):
            _wait_until(lambda: not controller.chat.streaming, 900)
            bubbles = window.chat_view.bubbles
            if bubbles and bubbles[-1].chips:
                bubbles[-1].chips[0].click()
            save("chat.png")
        else:
            print(f"no chat screenshot: {controller.chat.model_state[1]}", file=sys.stderr)

    annotate(controller, clock.frame)
    save("annotated.png")
    window.export_report()
    dialog = window.export_dialog
    _wait_until(lambda: dialog.figures is not None, 600)
    _wait(300)
    dialog.grab().toImage().save(str(out / "export.png"))
    print(f"saved {out / 'export.png'}")
    bar = dialog.preview.verticalScrollBar()
    bar.setValue(bar.maximum())             # the annotations close the report (no chat without the model)
    _wait(300)
    dialog.grab().toImage().save(str(out / "export_notes.png"))
    print(f"saved {out / 'export_notes.png'}")
    dialog.reject()

    bad = pathlib.Path(tempfile.mkdtemp()) / "notes_from_practice.txt"
    bad.write_text("not a video")
    controller.add_paths([bad])
    save("error.png")
    window.close()
    return 0


def annotate(controller, frame: int) -> None:
    """What a coach draws on the top frame: the lead-arm angle, the shaft line and a pinned note (as clicks)."""
    model = controller.annotations
    for tool, label, clicks in (("angle", "lead arm", ((0.40, 0.30), (0.50, 0.48), (0.64, 0.52))),
                                ("line", "shaft plane", ((0.25, 0.85), (0.80, 0.15))),
                                ("note", "head stays level", ((0.62, 0.22),))):
        model.set_tool(tool)
        model.set_label(label)
        for x, y in clicks:
            controller.annotate_at(frame, x, y)
    model.set_tool(None)


if __name__ == "__main__":
    sys.exit(main())
