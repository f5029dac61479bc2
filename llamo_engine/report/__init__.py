"""Reports and exports (no Qt): `content.ReportContent` (what a report shows) -> PDF (`pdf.write_pdf`),
self-contained HTML (`html_export.write_html`), annotated MP4 (`video_export.write_annotated_video`),
per-frame CSV and analysis JSON (`data_export`). `export.export_report` writes any of them in one call with
one progress callback and one cancel event (`jobs.ExportCancelled`).

Nothing is imported here, so `main.py` can register the `report` subcommand without loading reportlab.
"""
