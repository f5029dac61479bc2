"""PDF and HTML reports: pages, text, non-blank images, self-contained HTML, progress and cancel."""

import re
import shutil
import subprocess
import threading

import cv2
import numpy as np
import pytest

from llamo_engine.report.export import export_report
from llamo_engine.report.figures import build_figures
from llamo_engine.report.html_export import render_html, write_html
from llamo_engine.report.jobs import ExportCancelled
from llamo_engine.report.pdf import write_pdf


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} not installed (apt-get install -y poppler-utils)")
    return path


def pdf_pages(path) -> int:
    info = subprocess.run([poppler("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def page_text(path, page: int) -> str:
    return subprocess.run([poppler("pdftotext"), "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def render_page(path, page: int, out_dir) -> np.ndarray:
    prefix = out_dir / f"page{page}"
    subprocess.run([poppler("pdftoppm"), "-r", "40", "-png", "-f", str(page), "-l", str(page), "-singlefile",
                    str(path), str(prefix)], check=True)
    return cv2.imread(str(prefix) + ".png")


@pytest.fixture(scope="module")
def golf_figures(golf_content):
    return build_figures(golf_content)


def test_figures_are_not_blank(golf_content, golf_figures):
    figs = golf_figures.swings[0].key_frames + [golf_figures.chart] + golf_figures.annotated
    for fig in figs:
        img = cv2.imdecode(np.frombuffer(fig.data, np.uint8), cv2.IMREAD_COLOR)
        assert img.shape[:2] == (fig.height, fig.width)
        assert img.std() > 10, fig.caption
    # the skeleton is drawn: the key frame differs from the bare background
    bg = cv2.imdecode(np.frombuffer(golf_figures.swings[0].key_frames[0].data, np.uint8), cv2.IMREAD_COLOR)
    colours = bg.reshape(-1, 3)
    assert ((colours[:, 0] > 200) & (colours[:, 2] < 120)).sum() > 50  # blue right-side bones (BGR)
    assert len(golf_figures.chat_thumbs) == 2 and len(golf_figures.chat_thumbs[1]) == 5


def test_pdf_pages_text_and_images(golf_content, golf_figures, tmp_path):
    path = tmp_path / "report.pdf"
    write_pdf(golf_content, path, figures=golf_figures)
    assert path.read_bytes()[:5] == b"%PDF-"
    n = pdf_pages(path)
    assert 3 <= n <= 6
    first = page_text(path, 1)
    for text in ("Golf swing report", "Jamie Rivera", "2025-05-17", "Summary", "Timeline", "Coach's notes",
                 "wall drill, 3 x 10"):
        assert text in first, text
    second = page_text(path, 2)
    assert "Swing 1 of 1" in second and "Key positions" in second  # each swing starts on its own page
    everything = "\n".join(page_text(path, p) for p in range(1, n + 1))
    for text in ("Metrics", "Tempo ratio", "below range", "Early extension", "Drill: Wall drill",
                 "Titleist Performance Institute", "Coach annotations", "shaft plane",
                 "What is my tempo ratio?", "Questions and answers"):
        assert text in everything, text
    page = render_page(path, 2, tmp_path)
    body = page[int(0.1 * page.shape[0]):int(0.4 * page.shape[0])]
    assert body.std() > 30  # the key-frame grid is there, not a white page
    images = subprocess.run([poppler("pdfimages"), "-list", str(path)], capture_output=True, text=True).stdout
    assert len(images.strip().splitlines()) - 2 >= 8 + 1 + 1  # key frames, charts, evidence...


def test_multi_swing_report_has_a_section_per_swing(two_swing_content, tmp_path):
    path = tmp_path / "two.pdf"
    write_pdf(two_swing_content, path)
    texts = [page_text(path, p) for p in range(1, pdf_pages(path) + 1)]
    starts = [i for i, t in enumerate(texts) for k in (1, 2) if f"Swing {k} of 2" in t]
    assert len(starts) == 2 and starts[0] >= 1 and starts[1] > starts[0]
    summary = texts[0]
    assert re.search(r"^\s*1\s+\d+–\d+", summary, re.M) and re.search(r"^\s*2\s+\d+–\d+", summary, re.M)
    assert "Questions and answers" not in "".join(texts)


def test_html_is_self_contained(golf_content, golf_figures, tmp_path):
    html = render_html(golf_content, golf_figures)
    assert not re.search(r"(https?|file|ftp):", html, re.I)
    assert not re.search(r"url\(\s*['\"]?(?!data:)", html)
    assert not re.search(r"<(script|link|iframe)\b", html, re.I)
    srcs = re.findall(r'src="([^"]*)"', html)
    assert len(srcs) >= 8 + 2 + 3 and all(s.startswith("data:image/") for s in srcs)
    for text in ("Swing 1 of 1", "Tempo ratio", "Drill: Wall drill", "What is my tempo ratio?",
                 "wall drill, 3 x 10 slow swings", "Jamie Rivera"):
        assert text in html, text
    path = tmp_path / "r.html"
    write_html(golf_content, path, figures=golf_figures)
    assert path.read_text() == html


def test_user_text_is_escaped(golf_content, golf_figures):
    import dataclasses
    c = dataclasses.replace(golf_content, notes="<script>alert(1)</script> & more", athlete="A <b>")
    html = render_html(c, golf_figures)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_progress_and_cancel(golf_content, tmp_path):
    seen = []
    written = export_report(golf_content, pdf=tmp_path / "a.pdf", html=tmp_path / "a.html",
                            progress=lambda d, t: seen.append((d, t)))
    assert len(written) == 2
    done = [d for d, _ in seen]
    assert done == sorted(done) and seen[-1][0] == seen[-1][1] and len(seen) > 5

    cancel = threading.Event()
    def stop_midway(d, t):
        if d >= t // 3:
            cancel.set()
    with pytest.raises(ExportCancelled):
        export_report(golf_content, pdf=tmp_path / "b.pdf", progress=stop_midway, cancel=cancel)
    assert not (tmp_path / "b.pdf").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left over
