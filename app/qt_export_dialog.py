"""File > Export report...: choose the outputs, the athlete and date, see a preview, export with progress and cancel.

The preview's figures are rendered once in a worker; editing the athlete or the date only re-renders its HTML.
The export runs in a worker (`Controller.export_report`); errors go to the window's message bar and stay in the
dialog, whose fields are kept, so nothing the coach typed is lost.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QCheckBox, QDateEdit, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QProgressBar, QPushButton, QSplitter, QTextBrowser, QVBoxLayout, QWidget)

from app import report_export
from app.report_export import OUTPUTS

DEFAULT_OUTPUTS = ("pdf", "html")
PREVIEW_WIDTH = 520


class ExportDialog(QDialog):
    def __init__(self, controller, content, parent=None) -> None:
        super().__init__(parent)
        self.controller, self.content = controller, content
        clip = controller.session.clip
        self.setWindowTitle(f"Export report — {clip.title}")
        self.figures = None               # the preview's figures, once rendered
        self.written: list[str] = []      # files of the last successful export
        self._preview_job = None
        self._export_job = None

        self.outputs: dict[str, QCheckBox] = {}
        outputs_box = QVBoxLayout()
        outputs_box.setSpacing(2)
        for key, (text, suffixes) in OUTPUTS.items():
            box = QCheckBox(f"{text}  ({', '.join(suffixes)})")
            box.setChecked(key in DEFAULT_OUTPUTS)
            box.toggled.connect(self._update_buttons)
            self.outputs[key] = box
            outputs_box.addWidget(box)
        self.base = QLineEdit(str(report_export.default_base(clip)))
        self.base.setToolTip("Folder and file name of the report; each output adds its own extension")
        self.base.textChanged.connect(self._update_buttons)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        base_row = QHBoxLayout()
        base_row.addWidget(self.base, 1)
        base_row.addWidget(browse)
        self.athlete = QLineEdit(content.athlete)
        self.athlete.setPlaceholderText("Athlete name (shown on the report)")
        self.athlete.textChanged.connect(self._refresh_preview)
        self.date = QDateEdit(QDate(content.date.year, content.date.month, content.date.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.dateChanged.connect(self._refresh_preview)
        self.includes = QLabel(self._includes_text())
        self.includes.setObjectName("dim")
        self.includes.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Outputs", outputs_box)
        form.addRow("Save as", base_row)
        form.addRow("Athlete", self.athlete)
        form.addRow("Date", self.date)
        form.addRow("Contents", self.includes)

        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.export_button = QPushButton("Export")
        self.export_button.setObjectName("primary")
        self.export_button.clicked.connect(self.export)
        self.cancel_button = QPushButton("Close")
        self.cancel_button.clicked.connect(self.cancel_or_close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.export_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        left_layout.addLayout(form)
        left_layout.addStretch(1)
        left_layout.addWidget(self.status)
        left_layout.addWidget(self.progress)
        left_layout.addLayout(buttons)

        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.setMinimumWidth(PREVIEW_WIDTH + 40)
        self.preview.setStyleSheet("QTextBrowser { background: #ffffff; color: #222222; }")
        self.preview.setPlainText("Rendering the preview…")
        split = QSplitter(Qt.Horizontal)
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setSizes([420, PREVIEW_WIDTH + 60])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.resize(1040, 720)
        self._update_buttons()
        self._preview_job = controller.build_preview(content, connect=self._connect_preview)

    # ---- fields ---------------------------------------------------------------------------------------------
    def _includes_text(self) -> str:
        c = self.content
        parts = [f"{len(c.analysis.swings)} swing(s) ({c.sport})", f"{len(c.chat)} question(s) and answer(s)",
                 f"{len(c.annotations)} annotation(s)", "coach notes" if c.notes.strip() else "no coach notes"]
        return ", ".join(parts)

    def chosen_outputs(self) -> list[str]:
        return [key for key, box in self.outputs.items() if box.isChecked()]

    def paths(self) -> dict[str, pathlib.Path]:
        return report_export.output_paths(pathlib.Path(self.base.text().strip()).expanduser(), self.chosen_outputs())

    def current_content(self):
        d = self.date.date()
        return dataclasses.replace(self.content, athlete=self.athlete.text().strip(),
                                   date=dt.date(d.year(), d.month(), d.day()))

    def browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the report as", self.base.text(), "Report (*.pdf *.html)")
        if path:
            self.base.setText(str(pathlib.Path(path).with_suffix("")))

    def _update_buttons(self, *_) -> None:
        running = self._export_job is not None
        ok = bool(self.chosen_outputs()) and bool(self.base.text().strip())
        self.export_button.setEnabled(ok and not running)
        self.cancel_button.setText("Cancel export" if running else "Close")
        for w in (*self.outputs.values(), self.base, self.athlete, self.date):
            w.setEnabled(not running)

    # ---- preview ----------------------------------------------------------------------------------------------
    def _connect_preview(self, worker) -> None:
        worker.progressed.connect(lambda stage, d, t: self.preview.setPlainText(f"{stage}… {d}/{t}"))
        worker.succeeded.connect(self._on_figures)
        worker.failed.connect(lambda msg: self.preview.setPlainText(f"No preview: {msg}"))
        worker.finished.connect(self._on_preview_finished)

    def _on_figures(self, figures) -> None:
        self.figures = figures
        self._refresh_preview()

    def _on_preview_finished(self) -> None:
        self._preview_job = None

    def _refresh_preview(self, *_) -> None:
        if self.figures is not None:
            scroll = self.preview.verticalScrollBar().value()
            self.preview.setHtml(report_export.preview_html(self.current_content(), self.figures, PREVIEW_WIDTH))
            self.preview.verticalScrollBar().setValue(scroll)

    # ---- export -------------------------------------------------------------------------------------------------
    def export(self) -> None:
        if self._export_job is not None or not self.chosen_outputs():
            return
        self.status.setText("")
        self.written = []
        self.progress.setValue(0)
        self.progress.show()
        self._export_job = self.controller.export_report(self.current_content(), self.paths(),
                                                         connect=self._connect_export)
        self._update_buttons()

    def _connect_export(self, worker) -> None:
        worker.progressed.connect(self._on_export_progress)
        worker.succeeded.connect(self._on_exported)
        worker.failed.connect(lambda msg: self.status.setText(f"Export failed: {msg}"))
        worker.was_cancelled.connect(lambda: self.status.setText("Export cancelled; no file was written."))
        worker.finished.connect(self._on_export_finished)

    def _on_export_progress(self, stage: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{stage}… %p%")

    def _on_exported(self, written: list[str]) -> None:
        self.written = list(written)
        self.status.setText("Written:\n" + "\n".join(written))

    def _on_export_finished(self) -> None:
        self._export_job = None
        self.progress.hide()
        self._update_buttons()
        if self.written:
            self.accept()

    def cancel_or_close(self) -> None:
        if self._export_job is not None:
            self._export_job.cancel()
        else:
            self.reject()

    def reject(self) -> None:
        for job in (self._export_job, self._preview_job):
            if job is not None:
                job.cancel()
        super().reject()
