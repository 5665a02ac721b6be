"""The question inside a chatty message: "Dạ em chào đồng chí, em là bí thư chi bộ thôn ở xã Ia
Hiao, cho em hỏi theo kế hoạch thì ..." asks only what follows "cho em hỏi".

People introduce themselves before asking ("tôi ở huyện ủy bên Hưng Yên, ...", "chi bộ tôi
thuộc huyện Tây Sơn, ...") and ask with a polite lead-in ("cho em hỏi", "xin hỏi", "mình muốn
hỏi"). Those words say nothing about what is asked, and when searched they pull in passages about
secretaries and cells; only the names of the place or body they mention help, to tell which
plan is meant. These are facts of how Vietnamese is written, not of any question set.
"""

from __future__ import annotations

import re

from knowledge.owners import starts_with_body
from knowledge.textnorm import fold_key

_SPEAKER = r"(?:toi|em|minh|anh|chi|chung toi|chung em)"
# "cho em hỏi", "xin hỏi", "mình muốn hỏi", "em hỏi chút": what follows is the question.
_LEAD_IN = re.compile(
    rf"\b(?:(?:cho|xin phep|xin cho) (?:{_SPEAKER} )?(?:duoc )?hoi|xin hoi|"
    rf"{_SPEAKER} (?:muon|can|xin) hoi|{_SPEAKER} hoi (?:chut|ty|xiu|cai)|nho .{{0,12}}\btra loi)"
    r"(?: (?:chut|ty|xiu|la|rang|ve|voi|nhe|a|ah))*\b[ ,:]*"
)
# "tôi là / tôi ở / em làm ở ...", "chi bộ tôi thuộc ...": who is speaking, up to a comma.
_INTRODUCTION = re.compile(
    rf"^(?:(?:da|vang|kinh|xin|chao|dong chi|ban|anh|chi|em|bot|a|oi)[ ,.!]+)*"
    rf"(?:(?:chi bo|dang bo|dang uy|don vi|co quan|truong|cong ty|xa|thon) {_SPEAKER}|{_SPEAKER})"
    r" (?:la|o|lam|thuoc|dang|cong tac|sinh hoat)\b[^,:;?.]{0,90}[,:;.] *"
)


def asked_part(question: str) -> tuple[str, str]:
    """(what the message asks, the introduction before it: "" when there is none). The two are
    cut from `question` as typed."""
    words = question.split()
    folded = [fold_key(word) for word in words]
    text = " ".join(folded)
    # Folding keeps each word a word, so a cut in the folded text falls between the same words.
    cut = 0
    lead_in = None
    for match in _LEAD_IN.finditer(text):
        lead_in = match
    if lead_in is not None and lead_in.end() < len(text):
        cut = len(text[: lead_in.end()].split())
    else:
        introduction = _INTRODUCTION.match(text)
        if introduction is not None and introduction.end() < len(text):
            cut = len(text[: introduction.end()].split())
    if cut == 0 or cut >= len(words):
        return question, ""
    return " ".join(words[cut:]), " ".join(words[:cut])


# "ban tôi", "cơ quan chúng tôi": the body the speaker named in the introduction.
_OUR_BODY = re.compile(
    rf"^(?:(?:ban|co quan|don vi|phong|chi bo|dang uy|dang bo|cap uy|chi uy|to chuc|doan the|"
    rf"hoi) {_SPEAKER}|chung toi|chung em)\b"
)
# "tôi làm ở", "em là cán bộ của", "tôi công tác tại": the words before the body's name.
_SPEAKER_AT = re.compile(
    rf"^.*?\b{_SPEAKER} (?:la(?: can bo| chuyen vien| nguoi)?(?: cua| o| thuoc)?|"
    r"(?:lam|cong tac|sinh hoat)(?: viec)? (?:o|tai|trong|cho)|o|thuoc) "
)


def named_body(asked: str, introduction: str) -> str:
    """`asked` with "ban tôi", "cơ quan chúng tôi"... replaced by the body the introduction
    names ("Tôi làm ở Ban Tổ chức Tỉnh ủy, ban tôi được giao gì" → "Ban Tổ chức Tỉnh ủy được
    giao gì"); `asked` unchanged when it says no such thing or the introduction names a place
    rather than a body ("tôi ở xã Ia Hiao, chi bộ tôi ...")."""
    words = asked.split()
    folded = " ".join(fold_key(word) for word in words)
    ours = _OUR_BODY.match(folded)
    intro_words = introduction.rstrip(" ,:;.").split()
    at = _SPEAKER_AT.match(" ".join(fold_key(word) for word in intro_words) + " ")
    if ours is None or at is None:
        return asked
    body = intro_words[len(at.group(0).split()) :]
    if not starts_with_body(" ".join(body)):
        return asked  # "tôi ở xã Ia Hiao, chi bộ tôi ...": the cell is no place
    return " ".join([*body, *words[len(ours.group(0).split()) :]])


_WORD = re.compile(r"[^\W\d_]+")


def proper_names(text: str) -> list[str]:
    """The capitalised words of `text` past its first ("Hưng Yên", "Ia Hiao"), abbreviations
    in capitals left out."""
    words = _WORD.findall(text)[1:]
    return [word for word in words if len(word) > 1 and word[0].isupper() and word[1:].islower()]
