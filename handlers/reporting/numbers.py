"""Whole numbers and money amounts as typed: 18, 18 người, mười tám, 1.234, 1,25 triệu, 1250k."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from core.i18n import N_, Text
from core.textfold import fold
from handlers.reporting.problems import ParseError, echo

DEFAULT_MAX_COUNT = 1_000_000
DEFAULT_MAX_MONEY = 100_000_000_000
_MAX_DIGITS = 18

E_EMPTY = "number.empty"
E_UNREADABLE = "number.unreadable"
E_NEGATIVE = "number.negative"
E_DECIMAL = "number.not_whole"
E_TOO_LARGE = "number.too_large"
E_MONEY_UNREADABLE = "money.unreadable"
E_MONEY_FRACTION = "money.fraction"

_MSG_EMPTY = N_("Please type a number, e.g. 18.")
_MSG_UNREADABLE = N_("Could not read «{text}» as a number. Please type digits, e.g. 18.")
_MSG_NEGATIVE = N_("The number cannot be negative ({text}). Please type 0 or more:")
_MSG_DECIMAL = N_("«{text}» is not a whole number. Please type a whole number, e.g. 18:")
_MSG_TOO_LARGE = N_("{value} is too large. Please type a number up to {maximum}:")
_MSG_MONEY_EMPTY = N_("Please type the amount in dong, e.g. 1.250.000.")
_MSG_MONEY_UNREADABLE = N_(
    "Could not read the amount «{text}». Please type it like 1.250.000, 1,25 triệu or 1250k."
)
_MSG_MONEY_FRACTION = N_(
    "The amount «{text}» is not a whole number of dong. Please type it again, e.g. 1.250.000:"
)

_COUNT_UNITS = re.compile(
    r"(?:(?<=[0-9])|\s)\s*(nguoi|ng|dang vien|dv|dong chi|d/c|lan|buoi|chi bo|cb|ca|truong hop)$"
)
_MONEY_CURRENCY = re.compile(r"(?:(?<=[0-9a-z])|\s)\s*(dong|vnd|d)$")
# «có 12 đồng chí dự», «tổng cộng 12 người có mặt»: the words around a count said in a sentence
# (not «vắng»: «2 vắng» typed where those present are asked is no count of them)
_SAID_BEFORE = re.compile(r"^(?:co|chi co|tong cong|tong so|gom|duoc)\s+(?=[0-9])")
_SAID_AFTER = re.compile(
    r"(?<=[0-9a-z])\s+(?:den du|tham du|du hop|di hop|du|co mat|den)$"
)
_ZERO_WORDS = {"khong", "khong co", "khong ai", "ko", "ko co", "k"}
_NEGATIVE = re.compile(r"^(?:-|−|am\s)\s*")
_NUMERAL = re.compile(r"^[0-9][0-9.,]*$")
_SPACED_GROUPS = re.compile(r"^[0-9]{1,3}(?: [0-9]{3})+$")
_MONEY_PART = re.compile(r"([0-9][0-9.,]*)\s*(ty|ti|trieu|tr|nghin|ngan|k)?\s*")
_MULTIPLIERS = {
    "ty": 1_000_000_000,
    "ti": 1_000_000_000,
    "trieu": 1_000_000,
    "tr": 1_000_000,
    "nghin": 1_000,
    "ngan": 1_000,
    "k": 1_000,
}
DIGIT_WORDS = {
    "khong": 0,
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "lam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
}


def parse_count(text: str, *, maximum: int = DEFAULT_MAX_COUNT) -> int | ParseError:
    """A whole number ≥ 0: "18", " 18 ", "18 người", "có 18 đồng chí dự", "mười tám", "không",
    "1.234"."""
    folded = fold(text).strip(" .!")
    if not folded:
        return ParseError(E_EMPTY, Text(_MSG_EMPTY))
    said = _SAID_BEFORE.sub("", folded)
    if said[:1].isdigit():
        folded = _SAID_AFTER.sub("", said).strip()
    folded = _COUNT_UNITS.sub("", folded).strip()
    if folded in _ZERO_WORDS:
        return 0
    words = _vietnamese_words(folded)
    if words is not None:
        return _within(words, maximum)
    negative = _NEGATIVE.match(folded)
    body = folded[negative.end() :] if negative else folded
    value = _numeral(body, multiplied=False)
    if value is None and body.isdecimal() and not negative:
        # digits, too many of them to read ("99999999999999999999"): too large, not unreadable
        params = {"value": echo(body), "maximum": format_count(maximum)}
        return ParseError(E_TOO_LARGE, Text(_MSG_TOO_LARGE, params))
    if value is None:
        return ParseError(E_UNREADABLE, Text(_MSG_UNREADABLE, {"text": echo(text)}))
    if negative and value != 0:
        return ParseError(E_NEGATIVE, Text(_MSG_NEGATIVE, {"text": echo(text)}))
    if value != value.to_integral_value():
        return ParseError(E_DECIMAL, Text(_MSG_DECIMAL, {"text": echo(text)}))
    return _within(int(value), maximum)


def parse_money(text: str, *, maximum: int = DEFAULT_MAX_MONEY) -> int | ParseError:
    """Whole đồng ≥ 0: "1.250.000", "1250000đ", "1,25 triệu", "1tr250", "1250k", "500 nghìn"."""
    folded = fold(text).strip(" .!")
    if not folded:
        return ParseError(E_EMPTY, Text(_MSG_MONEY_EMPTY))
    folded = _MONEY_CURRENCY.sub("", folded).strip()
    if folded in _ZERO_WORDS:
        return 0
    negative = _NEGATIVE.match(folded)
    body = folded[negative.end() :] if negative else folded
    value = _money_value(body)
    if value is None:
        return ParseError(E_MONEY_UNREADABLE, Text(_MSG_MONEY_UNREADABLE, {"text": echo(text)}))
    if negative and value != 0:
        return ParseError(E_NEGATIVE, Text(_MSG_NEGATIVE, {"text": echo(text)}))
    if value != value.to_integral_value():
        return ParseError(E_MONEY_FRACTION, Text(_MSG_MONEY_FRACTION, {"text": echo(text)}))
    return _within(int(value), maximum)


def format_count(value: int, locale: str = "vi") -> str:
    """1.234 (dots between thousands, as Vietnamese write); 1,234 in English."""
    grouped = f"{value:,}"
    return grouped if locale == "en" else grouped.replace(",", ".")


def format_money(value: int, locale: str = "vi") -> str:
    """1.250.000 (the caller adds "đồng" in its own sentence)."""
    return format_count(value, locale)


def _within(value: int, maximum: int) -> int | ParseError:
    if value > maximum:
        params = {"value": format_count(value), "maximum": format_count(maximum)}
        return ParseError(E_TOO_LARGE, Text(_MSG_TOO_LARGE, params))
    return value


def _numeral(text: str, *, multiplied: bool) -> Decimal | None:
    """Digits with thousands dots or a decimal comma, the way they are written in Vietnam.

    One separator followed by exactly three digits groups thousands ("1.234", "1,234"), except a
    comma before a multiplier ("1,250 triệu" is 1.25 million); otherwise it marks decimals.
    """
    text = text.strip()
    if _SPACED_GROUPS.match(text):
        text = text.replace(" ", "")
    if not _NUMERAL.match(text) or text[-1] in ".," or len(text) > _MAX_DIGITS * 2:
        return None
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
        if text.count(decimal_mark) > 1:
            return None
        whole, fraction = text.split(decimal_mark)
        return _grouped(whole, group_mark, fraction)
    mark = "." if dots else "," if commas else ""
    if not mark:
        return _decimal(text, "")
    count = dots or commas
    if count > 1:
        return _grouped(text, mark, "")
    whole, fraction = text.split(mark)
    if len(fraction) == 3 and not (multiplied and mark == ","):
        return _grouped(text, mark, "")
    return _decimal(whole, fraction)


def _grouped(whole: str, mark: str, fraction: str) -> Decimal | None:
    groups = whole.split(mark)
    if not 1 <= len(groups[0]) <= 3 or any(len(group) != 3 for group in groups[1:]):
        return None
    return _decimal("".join(groups), fraction)


def _decimal(whole: str, fraction: str) -> Decimal | None:
    if not whole.isdecimal() or (fraction and not fraction.isdecimal()):
        return None
    if len(whole) > _MAX_DIGITS or len(fraction) > _MAX_DIGITS:
        return None
    try:
        return Decimal(f"{whole}.{fraction}" if fraction else whole)
    except InvalidOperation:  # pragma: no cover - guarded by the digit checks
        return None


def _money_value(text: str) -> Decimal | None:
    """Numbers with multipliers: 1,25 triệu; 1tr250 (1.25 million); 1 triệu 250 nghìn."""
    parts: list[tuple[str, str | None]] = []
    position = 0
    text = text.strip()
    if _SPACED_GROUPS.match(text):
        text = text.replace(" ", "")
    while position < len(text):
        match = _MONEY_PART.match(text, position)
        if not match or match.end() == position:
            return None
        parts.append((match[1], match[2]))
        position = match.end()
    if not parts:
        return None
    total = Decimal(0)
    previous_multiplier: int | None = None
    for index, (number, unit) in enumerate(parts):
        if unit is None:
            if index == 0:
                if len(parts) > 1:
                    return None
                return _numeral(number, multiplied=False)
            if index != len(parts) - 1 or not number.isdecimal() or len(number) > 3:
                return None
            assert previous_multiplier is not None
            total += Decimal(int(number)) * previous_multiplier / (10 ** len(number))
            continue
        multiplier = _MULTIPLIERS[unit]
        if previous_multiplier is not None and multiplier >= previous_multiplier:
            return None
        value = _numeral(number, multiplied=True)
        if value is None or (index > 0 and value != value.to_integral_value()):
            return None
        total += value * multiplier
        previous_multiplier = multiplier
    return total


def _vietnamese_words(folded: str) -> int | None:
    """0–999 in words without diacritics: "muoi tam", "hai muoi mot", "mot tram linh nam"."""
    tokens = folded.split()
    if not tokens or any(
        token not in DIGIT_WORDS and token not in _NUMBER_WORDS for token in tokens
    ):
        return None
    total = 0
    if len(tokens) >= 2 and tokens[1] == "tram":
        hundreds = DIGIT_WORDS.get(tokens[0])
        if hundreds is None or hundreds == 0:
            return None
        total = hundreds * 100
        tokens = tokens[2:]
        if not tokens:
            return total
        if tokens[0] in ("linh", "le"):
            if len(tokens) == 2 and tokens[1] in DIGIT_WORDS and tokens[1] not in ("khong", "lam"):
                return total + DIGIT_WORDS[tokens[1]]
            return None
    if tokens[0] == "muoi":
        tens, rest = 10, tokens[1:]
    elif len(tokens) >= 2 and tokens[1] == "muoi":
        digit = DIGIT_WORDS.get(tokens[0])
        if digit is None or digit < 2:
            return None
        tens, rest = digit * 10, tokens[2:]
    elif len(tokens) == 1 and tokens[0] in DIGIT_WORDS and tokens[0] not in ("lam", "tu"):
        return None if total else DIGIT_WORDS[tokens[0]]
    else:
        return None
    if not rest:
        return total + tens
    if len(rest) != 1 or rest[0] not in DIGIT_WORDS or rest[0] == "khong":
        return None
    return total + tens + DIGIT_WORDS[rest[0]]


_NUMBER_WORDS = {"muoi", "tram", "linh", "le"}
