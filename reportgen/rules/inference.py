"""A rule read from the 评分标准 a consultant already wrote, or the reason it cannot be.

The reading is literal: it finds the scoring phrases (得N分, 得满分, 不得分, 扣N分,
加N分, 按比例计算得分, 酌情评分) and what each is about, and maps the pattern to one
rule type. A criterion whose phrases fit no pattern, or whose points contradict
the 分值, is `Unreadable` with the reason; nothing is guessed. Seed phrasings:

- 每有1点不符合，扣2分，扣完为止 · 每发现一项问题扣0.2分 → deduct_per_item
- 符合要点①，得2分；符合要点②，得3分 (the points from the 评价要点) → checkpoints
- 参保人数≥500000人得满分，否则按比例计算得分 → threshold
- 覆盖到乡镇（街道）得4分，覆盖到乡镇得3分，未覆盖不得分 → tiers
- X的，扣3分；Y的，扣1分 → conditions; X的，每次扣2分；Y的，每次扣5分 → occurrences
- 被约谈一次扣2分，每增加1次扣1分 → occurrences (first 2, then 1)
- 加分分值不超过5分 → bonus · 得满分；否则酌情评分 → judgement · X得满分，否则不得分 → all_of

`adjustment` says the item lies outside the scale (a 分值 written +5 or −5):
such an item is a bonus or a penalty whatever its wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pydantic import ValidationError

from reportgen.numbers import plain
from reportgen.rules.base import REGISTRY

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
NUMERALS = {
    "一": 1,
    "两": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
NUMBER = r"\d+(?:\.\d+)?|[一两二三四五六七八九十]|半"

SCORING = re.compile(
    rf"(?P<zero>不得分|不能得分|得0分|计0分)|(?P<full>得满分|计满分)"
    rf"|(?P<verb>[得扣加减])\s*(?P<n>{NUMBER})\s*分"
)
SENTENCE_END = re.compile(r"[。；;\n]")
COUNTED = r"[项点处例次份家笔个起件条人]"
PER_OCCURRENCE = re.compile(
    rf"每(?:有|发现|查实|出现)?\s*(?:[1一]\s*)?{COUNTED}|(?:^|[有现实])\s*[1一]\s*{COUNTED}"
    rf"|[1一]\s*次\s*$|每\s*次"
)
INCREASE = re.compile(rf"每增加\s*[1一]\s*{COUNTED}")
POINT_REFERENCE = re.compile(rf"要点\s*([{CIRCLED}]+)")
EACH_POINT = re.compile(r"每(?:符合|满足|达到)\s*[1一]\s*[项个条]\s*(?:评价)?要点")
PROPORTIONAL = re.compile(r"按(?:比例|得分率|完成比例)(?:计算)?(?:得分|计分|扣分)")
TARGET = re.compile(
    r"(?P<label>[^，,。；;≥≤><]{1,30}?)\s*(?P<op>≥|>=|不低于|不少于|达到|≤|<=|不高于|不超过|低于)\s*"
    r"(?P<target>\d+(?:\.\d+)?)\s*(?P<unit>%|人次|人|万元|元|户|家|个|次|天)?"
)
DISCRETION = re.compile(r"酌情(?:评分|给分|打分|赋分|得分|扣分|计分)")
BONUS = re.compile(rf"加分|加\s*(?:{NUMBER})\s*分")
LUMP = re.compile(rf"共\s*({NUMBER})\s*分")
CAP = re.compile(rf"(?:最多|最高|累计)扣\s*({NUMBER})\s*分|扣完\s*({NUMBER})\s*分为止")
UNSTATED = re.compile(rf"{COUNTED}\s*扣分(?!累计)")
LEADING = re.compile(
    rf"^[\s，,、：:]*(?:评分细则[：:]|\d+[、.．]|（\d+）|\(\d+\)|[{CIRCLED}])*[\s，,、：:]*"
)
TRAILING = re.compile(r"(?:[\s，,、：:]|分别|的|时|者)+$")
NEGATION = re.compile(r"^(?:否则|未|不|没有|无)")

Adjustment = Literal["bonus", "penalty"]


@dataclass(frozen=True)
class Inferred:
    """A rule read from a criterion: `rule` as it would be written, `{type: ..., ...}`."""

    rule: dict[str, Any]
    how: str  # which phrasing it was read from, for `reportgen rules infer`


@dataclass(frozen=True)
class Unreadable:
    """Why a criterion gives no rule: the consultant has to state it."""

    why: str


@dataclass(frozen=True)
class _Phrase:
    kind: str  # zero, full, earn, deduct, bonus
    points: Decimal | None
    subject: str  # the text it is about, from the sentence or the previous phrase on
    sentence: str  # the sentence before it, for "未实现不得分"


def infer_rule(
    standard: str,
    weight: Decimal | None = None,
    explanation: str = "",
    adjustment: Adjustment | None = None,
) -> Inferred | Unreadable:
    """The rule `standard` states for a leaf of `weight`, its 评价要点 in `explanation`."""
    text = standard.strip()
    if adjustment is not None:
        return Inferred({"type": adjustment}, f"a {adjustment} item outside the scale")
    if not text:
        return Unreadable("the 评分标准 is empty")
    result = _read(text, weight, explanation)
    if isinstance(result, Inferred):
        return _validated(result)
    return result


def _read(text: str, weight: Decimal | None, explanation: str) -> Inferred | Unreadable:
    if BONUS.search(text):
        return Inferred({"type": "bonus"}, "加分: points added for each award, up to the 分值")
    if DISCRETION.search(text):
        return Inferred({"type": "judgement"}, "酌情评分: the assessor's score and reason")
    if PROPORTIONAL.search(text):
        return _threshold(text)
    if UNSTATED.search(text) and not re.search(rf"扣\s*(?:{NUMBER})\s*分", text):
        return Unreadable("it deducts (…扣分) without saying how many points")
    phrases = _phrases(CAP.sub("", text))  # 最多扣N分 bounds the deductions, scores nothing
    if not phrases:
        lump = LUMP.search(text)
        if lump and (weight is None or _number(lump.group(1)) == weight):
            return Inferred({"type": "judgement"}, "共N分 and no criterion: the assessor's score")
        return Unreadable("it states no points (得N分, 扣N分, 得满分, 不得分)")
    deducts = [p for p in phrases if p.kind == "deduct"]
    earns = [p for p in phrases if p.kind == "earn"]
    if deducts and earns:
        return Unreadable("it both earns (得N分) and deducts (扣N分) points")
    if deducts:
        return _deductions(text, deducts, weight)
    return _earnings(phrases, weight, explanation)


def _phrases(text: str) -> list[_Phrase]:
    """Every scoring phrase with what it is about."""
    phrases = []
    start = 0
    for match in SCORING.finditer(text):
        before = text[start : match.start()]
        ends = list(SENTENCE_END.finditer(before))
        subject = before[ends[-1].end() :] if ends else before
        sentence_text = text[: start + (ends[-1].start() if ends else 0)]
        sentence = SENTENCE_END.split(sentence_text.rstrip("。；;\n"))[-1] if sentence_text else ""
        start = match.end()
        if match.group("zero"):
            phrases.append(_Phrase("zero", Decimal(0), subject, sentence))
        elif match.group("full"):
            phrases.append(_Phrase("full", None, subject, sentence))
        else:
            verb = match.group("verb")
            kind = {"得": "earn", "扣": "deduct", "减": "deduct", "加": "bonus"}[verb]
            phrases.append(_Phrase(kind, _number(match.group("n")), subject, sentence))
    return phrases


def _deductions(text: str, deducts: list[_Phrase], weight: Decimal | None) -> Inferred | Unreadable:
    counted = [bool(PER_OCCURRENCE.search(p.subject)) for p in deducts]
    increases = [bool(INCREASE.search(p.subject)) for p in deducts]
    cap = _cap(text, weight)
    if len(deducts) == 1 and counted[0]:
        rule: dict[str, Any] = {"type": "deduct_per_item", "per_item": deducts[0].points}
        if cap is not None:
            rule["max_deduction"] = cap
        return Inferred(rule, "每…扣N分: points off for each item found")
    if any(counted) or any(increases):
        classes: list[dict[str, Any]] = []
        for phrase, increase in zip(deducts, increases, strict=True):
            if increase:
                if not classes:
                    return Unreadable("每增加… comes before any first deduction")
                classes[-1]["then"] = phrase.points
                continue
            classes.append(
                {
                    "id": "",
                    "text": _subject(PER_OCCURRENCE.sub("", phrase.subject)),
                    "first": phrase.points,
                }
            )
        _number_ids(classes)
        rule = {"type": "occurrences", "classes": classes}
        if cap is not None:
            rule["max_deduction"] = cap
        return Inferred(rule, "each class of occurrence costs its points, every time")
    conditions = [{"id": "", "text": _subject(p.subject), "deduct": p.points} for p in deducts]
    _number_ids(conditions)
    return Inferred({"type": "conditions", "conditions": conditions}, "X的，扣N分: each that holds")


def _earnings(
    phrases: list[_Phrase], weight: Decimal | None, explanation: str
) -> Inferred | Unreadable:
    kinds = [p.kind for p in phrases]
    if any(POINT_REFERENCE.search(p.subject) or EACH_POINT.search(p.subject) for p in phrases):
        return _from_points(phrases, explanation)
    all_or_nothing = (
        kinds == ["earn", "zero"] and weight is not None and phrases[0].points == weight
    )
    if kinds in (["full", "zero"], ["zero"]) or all_or_nothing:
        return _all_of(phrases)
    if kinds == ["full"]:
        return Unreadable("得满分 with nothing said of what happens otherwise")
    if "full" in kinds or "zero" in kinds:
        return _tiers(phrases, weight)
    points = [p.points or Decimal(0) for p in phrases]
    total = sum(points, Decimal(0))
    if weight is None or total == weight:
        checkpoints = [{"id": "", "text": _subject(p.subject), "points": p.points} for p in phrases]
        _number_ids(checkpoints)
        return Inferred({"type": "checkpoints", "points": checkpoints}, "X，得N分: each point met")
    if points[0] == weight and points == sorted(points, reverse=True):
        return _tiers(phrases, weight)
    return Unreadable(
        f"its points add up to {plain(total)}, not the 分值 {plain(weight)}, and are no tiers"
    )


def _from_points(phrases: list[_Phrase], explanation: str) -> Inferred | Unreadable:
    """符合要点①②，分别得2分 / 每符合一项要点，得1.5分: the points listed in the 评价要点."""
    listed = _evaluation_points(explanation)
    if not listed:
        return Unreadable("it scores 要点 by number, but the 评价要点 lists none (①②…)")
    earned: dict[str, Decimal] = {}
    for phrase in phrases:
        if phrase.kind != "earn" or phrase.points is None:
            return Unreadable("it scores 要点 and also says 得满分 or 不得分")
        if EACH_POINT.search(phrase.subject):
            earned.update({mark: phrase.points for mark in listed})
            continue
        reference = POINT_REFERENCE.search(phrase.subject)
        for mark in reference.group(1) if reference else "":
            if mark not in listed:
                return Unreadable(f"it scores 要点{mark}, which the 评价要点 does not list")
            earned[mark] = phrase.points
    points = [
        {"id": mark, "text": listed[mark], "points": earned[mark]}
        for mark in listed
        if mark in earned
    ]
    return Inferred({"type": "checkpoints", "points": points}, "符合要点①，得N分: each point met")


def _evaluation_points(explanation: str) -> dict[str, str]:
    """The ①②… of a 评价要点, each as a statement: 是否公开… → 公开…, 是否有违规 → 无违规."""
    found = {}
    for match in re.finditer(rf"([{CIRCLED}])([^{CIRCLED}\n]+)", explanation):
        statement = match.group(2).strip().rstrip("；;。，,")
        for question, answer in (("是否存在", "不存在"), ("是否有", "无"), ("是否", "")):
            statement = statement.replace(question, answer)
        found[match.group(1)] = statement.rstrip("？?")
    return found


def _all_of(phrases: list[_Phrase]) -> Inferred | Unreadable:
    """X得满分，否则不得分 · …。未实现不得分: one condition, all or nothing."""
    first = phrases[0]
    text = _subject(first.subject)
    if first.kind == "zero":
        if not NEGATION.match(text):
            return Unreadable("不得分 is the only score, and its condition is not a negation")
        text = _subject(first.sentence)
    if not text:
        return Unreadable("it says 得满分 or 不得分 without saying on what condition")
    rule = {"type": "all_of", "conditions": [{"id": "①", "text": text}]}
    return Inferred(rule, "X得满分，否则不得分: all or nothing")


def _tiers(phrases: list[_Phrase], weight: Decimal | None) -> Inferred | Unreadable:
    tiers: list[dict[str, Any]] = []
    for phrase in phrases:
        points: Decimal | str
        if phrase.kind == "full" or (weight is not None and phrase.points == weight):
            points = "full"
        else:
            points = phrase.points if phrase.points is not None else Decimal(0)
        label = _subject(phrase.subject)
        if not label or label.startswith("否则"):
            label = "其他情况"
        tiers.append({"label": label, "points": points})
    values = [weight if t["points"] == "full" else t["points"] for t in tiers]
    if weight is not None and any(v is not None and v > weight for v in values):
        return Unreadable(f"a tier gives more than the 分值 {plain(weight)}")
    known = [v for v in values if v is not None]
    if known != sorted(known, reverse=True):
        return Unreadable("its points are neither tiers (best first) nor add up to the 分值")
    return Inferred({"type": "tiers", "tiers": tiers}, "A得N分，B得M分，C不得分: the tier reached")


def _threshold(text: str) -> Inferred | Unreadable:
    match = TARGET.search(text)
    if match is None:
        return Unreadable("按比例计算得分, but no target (≥N) is stated")
    at_most = match.group("op") in ("≤", "<=", "不高于", "不超过")
    label = _subject(match.group("label"))
    rule: dict[str, Any] = {
        "type": "threshold",
        "target": Decimal(match.group("target")),
        "measures": [{"label": label}],
    }
    if at_most:
        rule["direction"] = "at_most"
    if match.group("unit"):
        rule["unit"] = match.group("unit")
    return Inferred(rule, "≥N得满分，否则按比例: the share of the target reached")


def _cap(text: str, weight: Decimal | None) -> Decimal | None:
    """最多扣N分 when it is less than the 分值 (扣完为止 is the 分值 itself)."""
    match = CAP.search(text)
    if match is None:
        return None
    cap = _number(match.group(1) or match.group(2))
    return None if weight is not None and cap >= weight else cap


def _number_ids(entries: list[dict[str, Any]]) -> None:
    """Ids ①②… in order; the consultant may rename them."""
    for index, entry in enumerate(entries):
        entry["id"] = CIRCLED[index] if index < len(CIRCLED) else str(index + 1)


def _subject(text: str) -> str:
    """What a phrase is about, without the enumeration before it or the 的， after it."""
    text = LEADING.sub("", text.strip())
    return TRAILING.sub("", text).strip()


def _number(text: str) -> Decimal:
    if text == "半":
        return Decimal("0.5")
    if text == "十":
        return Decimal(10)
    if text in NUMERALS:
        return Decimal(NUMERALS[text])
    return Decimal(text)


def _validated(inferred: Inferred) -> Inferred | Unreadable:
    """The reading checked against the rule's own parameters, so a misreading is caught here."""
    rule = inferred.rule
    params = {k: v for k, v in rule.items() if k != "type"}
    for entries in params.values():
        if isinstance(entries, list) and any(
            not e.get("text", e.get("label", "x")) for e in entries
        ):
            return Unreadable("a scored clause says nothing of what it is about")
    try:
        REGISTRY[rule["type"]].Params.model_validate(params)
    except ValidationError as error:
        return Unreadable(f"the reading does not make a valid {rule['type']} rule: {error}")
    return inferred
