"""Importing contact files (preview, one cancellable transaction, undo) and exporting them.

One module per job: preview.py reads a file and says what importing would do, run.py writes
it, undo.py takes an import back, export.py writes files out, mapping.py keeps the
seller's column choices; matching.py finds the prospects
a row may already be.
"""

from touchdesk.formats.contact_rows import ImportProblem
from touchdesk.services.imports.export import (
    EXPORT_FORMATS,
    export_format_for,
    export_prospects,
    prospects_for_export,
)
from touchdesk.services.imports.mapping import (
    remember_mapping,
    remembered_mapping,
    shape_of,
    starting_mapping,
)
from touchdesk.services.imports.preview import (
    ImportPreview,
    is_known_layout,
    mapped_sample,
    preview_file,
)
from touchdesk.services.imports.run import (
    BATCH,
    TAG_PREFIX,
    DuplicatePolicy,
    ImportSummary,
    SkippedRow,
    release_thread_connection,
    run_import,
    save_skipped_csv,
)
from touchdesk.services.imports.undo import UndoPlan, list_imports, plan_undo_import, undo_import

__all__ = [
    "BATCH",
    "EXPORT_FORMATS",
    "TAG_PREFIX",
    "DuplicatePolicy",
    "ImportPreview",
    "ImportProblem",
    "ImportSummary",
    "SkippedRow",
    "UndoPlan",
    "export_format_for",
    "export_prospects",
    "is_known_layout",
    "list_imports",
    "mapped_sample",
    "plan_undo_import",
    "preview_file",
    "prospects_for_export",
    "release_thread_connection",
    "remember_mapping",
    "remembered_mapping",
    "run_import",
    "save_skipped_csv",
    "shape_of",
    "starting_mapping",
    "undo_import",
]
