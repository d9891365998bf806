"""Normalising and matching the Chinese labels printed in report tables.

Real workbooks print the same label in many ways: full- and half-width brackets, `1.`/`1、`/`1．` or no
item number, spaces and line breaks from wrapping (`只计这一情 形`, vertical labels), quote styles around
三安全一稳定, parenthetical notes. Everything here is pure and cached: a batch meets the same few hundred
label strings in every file.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from govreport.memo import LazyPattern

_CN_NUM = "一二三四五六七八九十"
_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』〝〞＂＇`")
# NFKC leaves these alone: unify them so "1．" and "1、" and "1." compare equal as numbering.
_EXTRA = str.maketrans(
    {
        "〔": "(",
        "〕": ")",
        "【": "(",
        "】": ")",
        "［": "(",
        "］": ")",
        "﹝": "(",
        "﹞": ")",
        "、": "、",
        "，": ",",
        "。": ".",
    }
)
# Circled item numbers (①属于国家秘密, ③其他) are numbering like "1.": NFKC would make them a bare "1" that
# runs into the words ("1其他"), so they become "1." first.
_CIRCLED = str.maketrans(
    {
        chr(base + n): f"{n + 1}."
        for base, count in ((0x2460, 20), (0x2776, 10), (0x2780, 10), (0x278A, 10), (0x24F5, 10))
        for n in range(count)
    }
)
_SPACE = re.compile(r"\s+")
# Leading numbering: 一、  (一)  1.  1、  第一  — possibly repeated ("三、(一)").
_NUMBERING = re.compile(rf"^(?:[{_CN_NUM}]+[、.]|\([{_CN_NUM}]+\)|\d+[.、)]|\(\d+\))")
_PAREN = re.compile(r"\([^()]*\)")
_UNIT_NOTE = LazyPattern(r"(单位|保留)")
# a unit note wrapped onto the header's second line without brackets ("本年收费金额\n单位：万元")
_UNIT_TAIL = re.compile(r"[,;/]?单位[:：]?(?:万元|元|亿元|件|个|项)$")


MAX_LABEL_TEXT = 1000  # characters of a cell read as a label; the longest form label has about 100


@lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """Width-, space- and quote-insensitive form of a label (idempotent)."""
    text = str(text)
    if len(text) > MAX_LABEL_TEXT:  # no label or title is this long: a hostile cell costs no more than this
        text = text[:MAX_LABEL_TEXT]
    t = unicodedata.normalize("NFKC", text.translate(_CIRCLED)).translate(_EXTRA).translate(_QUOTES)
    t = _SPACE.sub("", t).lower()
    if t.isascii():
        return t
    # lower() can undo NFKC (a composed capital lowers to a decomposed pair): normalise once more
    t = _SPACE.sub("", unicodedata.normalize("NFKC", t).translate(_EXTRA).translate(_QUOTES))
    # 其它 is how many clerks write 其他 (其它结果, 3.其它, an applicant column 其它), 部份 for 部分
    return t.replace("其它", "其他").replace("部份", "部分")


@lru_cache(maxsize=16384)
def core(text: str) -> str:
    """The words of a label: normalised, numbering and parenthetical notes removed (idempotent)."""
    t = normalize(text)
    for _ in range(len(t) + 1):  # to a fixed point: removing a note can expose numbering, and back
        before = t
        while True:
            m = _NUMBERING.match(t)
            if not m or m.end() == len(t):
                break
            t = t[m.end() :]
        stripped = _UNIT_TAIL.sub("", _PAREN.sub("", t))
        if stripped:
            t = stripped
        t = t.strip(":：,.、")
        if t == before:
            break
    return t


@lru_cache(maxsize=16384)
def numbering(text: str) -> tuple[str, ...]:
    """The numbering tokens a label carries, in order: "(三)不予公开1.属于国家秘密" -> ("(三)", "1")."""
    t = normalize(text)
    out = []
    for m in re.finditer(rf"([{_CN_NUM}]+)、|\(([{_CN_NUM}]+)\)|(?<![\d.])(\d+)[.、]", t):
        if m.group(1):
            out.append(m.group(1) + "、")
        elif m.group(2):
            out.append(f"({m.group(2)})")
        else:
            out.append(m.group(3))
    return tuple(out)


def similarity(a: str, b: str) -> float:
    """Similarity of two normalised labels, 0..1 (for typos such as 其他法律行政止公开)."""
    return _ratio(a, b)


@lru_cache(maxsize=65536)
def _ratio(a: str, b: str) -> float:
    from difflib import SequenceMatcher  # deferred: most checks never meet a label near enough to need it

    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def unit_of(text: str) -> str | None:
    """The money unit a header declares: "本年收费金额（单位：万元）" -> "万元"."""
    t = normalize(text)
    if "万元" in t:
        return "万元"
    if re.search(r"(单位[:：]?元|\(元\))", t):
        return "元"
    return None


def is_unit_note(text: str) -> bool:
    return bool(_UNIT_NOTE.search(normalize(text)))


# ----------------------------------------------------------------------------- how well texts fit a label

_PREFIX_MIN = 5  # shortest abbreviation taken for a whole label (shorter ones are ambiguous)


@lru_cache(maxsize=4096)
def label_variants(label: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(core(x) for x in (label, *aliases) if core(x)))


def label_texts(cores: tuple[str, ...]) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """A sheet row's label texts, joined, and those long enough to be a label cut short: once per row."""
    return cores, "".join(cores), tuple(t for t in cores if len(t) >= _PREFIX_MIN)


def match_score(texts: tuple, variants: tuple[str, ...], fuzzy: bool = True) -> int:
    """How well a sheet row's label texts fit one form label: 3 exact, 2 contained, 1 near, 0 none."""
    best = 0
    text_cores, joined, prefixes = texts
    for v in variants:
        if v in text_cores:
            return 3
        if len(v) >= 4 and v in joined:
            best = max(best, 2)
        elif v.startswith(prefixes):
            best = max(best, 2)  # a label cut short by the clerk: 本机关不掌握 for 本机关不掌握相关政府信息
        elif fuzzy and len(v) >= 5 and best < 1:
            # typos: 其他法律行政止公开 for 其他法律行政法规禁止公开
            if any(len(t) >= 4 and _near(t, v) for t in text_cores):
                best = 1
    return best


@lru_cache(maxsize=65536)
def _near(t: str, v: str) -> bool:
    """similarity(t, v) >= 0.8, after two cheap upper bounds of the ratio that most pairs fail.

    ratio = 2*matches/(len sum), and matches <= the shorter length and <= the shared characters (as a
    multiset), so these bounds never reject a pair that difflib would accept.
    """
    n = len(t) + len(v)
    if 2 * min(len(t), len(v)) < 0.8 * n:
        return False
    if 2 * sum((Counter(t) & Counter(v)).values()) < 0.8 * n:
        return False
    return similarity(t, v) >= 0.8
