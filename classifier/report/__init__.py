"""Reports on the news database: counts and shares of sectors by period and partner, as a page, files or text.

`make_report` opens the database read-only, computes the tables (`queries`),
and writes what was asked: an HTML page with inline SVG charts (`page`), the
tables as CSV or Parquet files, and the text for the terminal (`terminal`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..database import DEFAULT_DB
from ..errors import ClassifyError
from .queries import Filters, Report, build_report

TABLE_FORMATS = ("csv", "parquet")


@dataclass
class ReportOutput:
    report: Report
    written: list[Path] = field(default_factory=list)


def report(db: str | Path = DEFAULT_DB, filters: Filters = Filters()) -> Report:
    """The report's tables for the articles of ``db`` that pass ``filters``."""
    from ..database import connect

    con = connect(db, write=False)
    try:
        return build_report(con, filters, str(db))
    finally:
        con.close()


def make_report(db: str | Path = DEFAULT_DB, filters: Filters = Filters(), outs: tuple = (), table_format: str = "csv") -> ReportOutput:
    """Compute the report and write each of ``outs``: a ``.html`` file gets the page, any other path
    is a folder that gets one table file per table (``table_format``: csv or parquet)."""
    if table_format not in TABLE_FORMATS:
        raise ClassifyError(f"--format: expected csv or parquet, found {table_format!r}", 2)
    targets = [_target(Path(o)) for o in outs]
    result = ReportOutput(report(db, filters))
    for kind, path in targets:
        if kind == "html":
            result.written.append(write_html(result.report, path))
        else:
            result.written += write_tables(result.report, path, table_format)
    return result


def _target(path: Path) -> tuple[str, Path]:
    if path.suffix.lower() in (".html", ".htm"):
        if path.is_dir():
            raise ClassifyError(f"--out {path}: is a folder, expected an .html file name", 2)
        if not path.parent.is_dir() and str(path.parent):
            raise ClassifyError(f"--out {path}: the folder {path.parent} does not exist", 2)
        return "html", path
    if path.exists() and not path.is_dir():
        raise ClassifyError(f"--out {path}: expected an .html file or a folder for the tables, found a file", 2)
    return "tables", path


def write_html(report: Report, path: Path) -> Path:
    """Write the page (atomically: a kill never leaves half a page)."""
    from ..storage import write_text_atomic
    from .page import render_html

    write_text_atomic(Path(path), render_html(report))
    return Path(path)


def write_tables(report: Report, folder: Path, table_format: str = "csv") -> list[Path]:
    """One file per table in ``folder`` (created), plus ``about.txt`` saying what they count and over what."""
    from ..storage import commit, staged, write_text_atomic

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in report.tables().items():
        path = folder / f"{name}.{table_format}"
        with staged(path) as tmp:
            if table_format == "csv":
                df.to_csv(tmp, index=False)
            else:
                df.to_parquet(tmp, index=False)
            commit(tmp, path)
        written.append(path)
    about = folder / "about.txt"
    write_text_atomic(about, f"{report.scope.counts()}.\nOver {report.scope.describe()}.\n" + "".join(n + "\n" for n in report.notes))
    return written + [about]


__all__ = ["Filters", "Report", "ReportOutput", "build_report", "make_report", "report", "write_html", "write_tables"]
