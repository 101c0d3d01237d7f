"""touchdesk-cli import and export: contact files in and out, with a printed summary."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from touchdesk.cli_output import say as _say
from touchdesk.formats.encodings import label
from touchdesk.paths import AppPaths
from touchdesk.services.imports import (
    DuplicatePolicy,
    ImportPreview,
    export_format_for,
    export_prospects,
    preview_file,
    run_import,
)
from touchdesk.services.maintenance import refuse_output_over_store

DONE, USER_ERROR = 0, 1


def describe_preview(preview: ImportPreview) -> list[str]:
    how = preview.layout
    if preview.format == "csv":
        delimiter = {"\t": "tab", ",": "comma", ";": "semicolon"}.get(
            preview.delimiter, repr(preview.delimiter)
        )
        how = f"{preview.layout}, {preview.encoding}, {delimiter}-separated"
    lines = [f"{preview.path.name}: {how}"]
    if preview.guessed:
        others = ", ".join(name for name in preview.encodings[1:4])
        lines.append(
            f"  characters read as {label(preview.encoding)}, judged from the letters"
            + (f"; if names look wrong, try --encoding {others}" if others else "")
        )
        lines += [f"    {line}" for line in preview.sample if not line.isascii()][:3]
    lines.append(
        f"  {preview.importable:,} to import, {preview.skipped:,} to skip, "
        f"{preview.duplicate_count:,} possible duplicates, "
        f"{preview.with_problems:,} with problems"
    )
    told = 0
    for row in preview.shown:  # the rows with a remark among them; a huge file's first ones
        told += bool(row.skipped or row.problems or row.line_number in preview.duplicates)
        if row.skipped:
            lines.append(f"  line {row.line_number}: skipped: {row.skipped_reason}")
        for problem in row.problems:
            lines.append(f"  line {row.line_number}: {problem}")
        if row.line_number in preview.duplicates:
            lines.append(
                f"  line {row.line_number}: {preview.duplicates[row.line_number].message()}"
            )
    if preview.remarked > told:
        lines.append(f"  … and {preview.remarked - told:,} more lines with a remark")
    return lines


def run_import_command(args: argparse.Namespace, paths: AppPaths) -> int:
    preview = preview_file(Path(args.file), args.format, encoding=getattr(args, "encoding", None))
    for line in describe_preview(preview):
        _say(line)
    if args.dry_run:
        _say("Dry run: nothing was imported.")
        return DONE
    on_screen = sys.stderr.isatty()

    def report(done: int, total: int) -> bool:
        print(f"\r{done:,} of {total:,} rows", end="", file=sys.stderr, flush=True)
        return True

    summary = run_import(preview, report if on_screen else None, DuplicatePolicy(args.duplicates))
    if on_screen:
        print(file=sys.stderr)
    _say(
        f"Imported {summary.imported:,} prospects, merged {summary.merged:,}, "
        f"skipped {len(summary.skipped):,} in {summary.seconds:.1f} s."
    )
    if summary.imported:
        _say(f"They are tagged '{summary.tag}'.")
    return DONE if summary.imported or summary.merged or not preview.rows else USER_ERROR


def run_export_command(args: argparse.Namespace, paths: AppPaths) -> int:
    out = Path(args.out)
    refuse_output_over_store(out, paths)
    fmt = args.format or export_format_for(out)
    count = export_prospects(out, fmt, bom=args.bom)
    _say(f"Exported {count:,} prospects to {out}")
    return DONE
