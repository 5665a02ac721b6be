"""Plan knowledge base: read, clean and parse plan documents, and answer questions about them.

Pure code (no database, no chat). The usual flow::

    raw = read_document(path)                  # or read_document(data, filename="x.docx")
    plan = parse_plan(raw, document_id="42")   # cleaning happens inside
    stored = plan.to_dict()                    # plain JSON-able dict for the database
    index = PlanIndex.build([ParsedPlan.from_dict(stored)])
    result = index.search("khi nao hoan thanh", top=3)

`summarize(plan)` gives the counts to show after an import; `summary_lines()` turns them into
translatable messages.
"""

from knowledge.cleaning import clean_text
from knowledge.errors import PlanImportError
from knowledge.index import Hit, PlanIndex, SearchResult, TargetRef, TaskRef
from knowledge.model import (
    Citation,
    Identity,
    ParsedPlan,
    Section,
    Target,
    Task,
    Timing,
    TimingKind,
)
from knowledge.parsing import import_plan, parse_plan
from knowledge.readers import SUPPORTED_SUFFIXES, read_document
from knowledge.summary import PlanSummary, missing_field_text, summarize, summary_lines
from knowledge.textnorm import display_form, fold_key, syllables

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Citation",
    "Hit",
    "Identity",
    "ParsedPlan",
    "PlanImportError",
    "PlanIndex",
    "PlanSummary",
    "SearchResult",
    "Section",
    "Target",
    "TargetRef",
    "Task",
    "TaskRef",
    "Timing",
    "TimingKind",
    "clean_text",
    "display_form",
    "fold_key",
    "import_plan",
    "missing_field_text",
    "parse_plan",
    "read_document",
    "summarize",
    "summary_lines",
    "syllables",
]
