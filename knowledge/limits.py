"""Size limits of every input to the plan search and the plan import, checked before any work.

Questions: people type one or two lines (the longest of 306 realistic questions in the test
sets is 95 characters, 21 words); a pasted sentence of a plan stays well under the limits. Words: a
Vietnamese syllable has at most 7 letters, and document codes are split into their parts, so a
longer run of letters is noise: it is neither corrected nor indexed. Spelling correction builds
every string one edit away from a word (54·n + 25 of them), so it only runs on words of at most
`MAX_CORRECTED_CHARS` letters: the work per question is bounded by the limits alone, whatever
the shape of the text.

Files: the real plans are 18–40 KB of text, 10–30 pages and 60–300 paragraphs; the limits leave
room for a plan ten times larger and refuse what would only cost memory and time.
"""

from __future__ import annotations

import re

from core.i18n import N_, Text

MAX_QUESTION_CHARS = 500
MAX_QUESTION_WORDS = 60
MAX_WORD_CHARS = 24
MAX_CORRECTED_CHARS = 10

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 30 * 1024 * 1024  # a .docx is a zip: what it may unpack to
MAX_PAGES = 300
MAX_PARAGRAPHS = 6000
MAX_TEXT_CHARS = 1_500_000

_WORD = re.compile(r"\S+")


def question_problem(text: str) -> Text | None:
    """Why `text` is too long to search (a message to show), or None when it is within limits."""
    if len(text) > MAX_QUESTION_CHARS:
        return Text(
            N_(
                "The question is too long ({count} characters). Please ask in at most {limit} "
                'characters, for example: "chỉ tiêu kết nạp đảng viên năm 2025".'
            ),
            {"count": len(text), "limit": MAX_QUESTION_CHARS},
        )
    for words, _match in enumerate(_WORD.finditer(text), start=1):
        if words > MAX_QUESTION_WORDS:
            return Text(
                N_("The question has too many words. Please ask in at most {limit} words."),
                {"limit": MAX_QUESTION_WORDS},
            )
    return None


def clip_question(text: str) -> str:
    """`text` cut to the question limits (the search's own guard, whoever calls it)."""
    clipped = text[:MAX_QUESTION_CHARS]
    words = _WORD.findall(clipped)
    if len(words) > MAX_QUESTION_WORDS:
        clipped = " ".join(words[:MAX_QUESTION_WORDS])
    return clipped
