"""Generate the curated domain word lists ``vocab/business.txt`` and ``vocab/technology.txt``.

    python scripts/make_vocab.py              # rewrite the two lists (an unchanged list keeps its date)
    python scripts/make_vocab.py --stats      # also print every word with the evidence that picked it
    python scripts/make_vocab.py --no-review  # the lists as the heuristics make them, before review

Words come from JMdict (jamdict-data's SQLite, read whole by ``tangocho.dictionary.source_entries``),
in four steps:

1. field tags: a word whose first sense JMdict tags business / economics / finance (business list)
   or computing / engineering / electricity / electronics / telecommunications (technology list), when the
   word has any JMdict priority tag or a Zipf frequency >= 2.5 (先物 "futures"; not 流れ, whose finance
   sense "forfeiture" is its 4th);
2. gloss keywords: a news-frequent word (news1/news2/nfXX — frequency ranks in the Mainichi Shimbun —,
   spec1/spec2, or Zipf >= 3.0) whose first sense has an English gloss naming a business or technology
   concept, matched as whole words ("market" is found in "stock market", not in "supermarket");
3. compounds: a JMdict compound too rare for any frequency table whose gloss matches a keyword and which
   splits into common JMdict words that are all on a list, optionally ending in a domain suffix
   (金融商品 = 金融 + 商品, 株式投資 = 株式 + 投資, 製造業 = 製造 + 業);
4. review: ``scripts/vocab_review.tsv`` (word, list, add|drop, reason), applied last, so that running the
   script again reproduces the reviewed lists exactly.

Frequencies are JMdict's priority tags and wordfreq's Japanese 'large' table, looked up directly (wordfreq's
own ``zipf_frequency`` would need MeCab to tokenize Japanese).

The script reads local files only (no network) and runs in well under 30 seconds.
"""

from __future__ import annotations

import argparse
import datetime
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VOCAB = ROOT / "vocab"
REVIEW = Path(__file__).resolve().parent / "vocab_review.tsv"
LISTS = ("business", "technology")

sys.path.insert(0, str(ROOT))
from tangocho.jmdict import DOMAIN_FIELDS  # noqa: E402

# JMdict field names as jamdict-data stores them → the list whose words they mark (the package's table).
_LIST_TAGS = {
    # not "law": its 346 senses are mostly courts and family law (控訴, 養子縁組), not business
    "business": {"bus", "econ", "finc"},
    # computing, engineering, electricity / electronics, telecommunications, mechanical engineering
    "technology": {"comp", "engr", "elec", "telec", "mech"},
}
FIELDS = {name: {f for f, tag in DOMAIN_FIELDS.items() if tag in tags} for name, tags in _LIST_TAGS.items()}

# Gloss keywords, separated by " | ": regular expressions matched case-insensitively as whole words in one
# gloss of an entry's first sense, parenthesised notes removed. Ambiguous words are left out or written as
# phrases: "interest rates?", not "interest" (興味 is an "interest" too); no "firm" (不動 "firm; immovable"),
# no "order" (順序), no "tender" (柔らか).
KEYWORDS = {
    "business": r"""
        econom(?:y|ies|ic|ics) | recession | (?:in|de|stag)flation | markets? | marketing | market share
        | invest(?:ment|ments|or|ors|ing)? | capital | capital(?:ism|ist) | financ(?:e|es|ial|ing|ier)
        | loans? | lend(?:ing|er|ers) | borrowing | debts? | debtors? | creditors? | credit | tax(?:es|ation)?
        | taxpayers? | tariffs? | trade | trading | traders? | exports? | exporters? | imports? | importers?
        | compan(?:y|ies) | corporat(?:e|ion|ions) | enterprises? | business(?:es)? | businessm[ae]n
        | industr(?:y|ies|ial|ialization) | manufactur(?:e|er|ers|ing) | production | producers?
        | productivity | sales | revenues? | profits? | profitab(?:le|ility) | earnings | income
        | budget(?:s|ary)? | contracts? | contractors? | stocks? | shares | shareholders? | stockholders?
        | dividends? | bonds? | banks? | banking | bankers? | bankrupt(?:cy)? | insolven(?:t|cy)
        | currenc(?:y|ies)
        | exchange rates? | foreign exchange | prices? | pricing | costs? | expenses? | expenditures?
        | spending | employ(?:ment|ee|ees|er|ers) | unemploy(?:ment|ed) | labou?r | wages? | salar(?:y|ies)
        | personnel | human resources | logistics | distribution of goods | mergers? | acquisitions?
        | takeovers? | subsid(?:y|ies|iary|iaries) | assets? | liabilit(?:y|ies) | accounting
        | audit(?:s|or|ors|ing)? | fiscal | monetary | commerc(?:e|ial) | retail(?:er|ers|ing)?
        | wholesal(?:e|er|ers) | consumers? | consumption | suppl(?:y|ier|iers) | procurement
        | placing an order | orders received | negotiations? | transactions? | insurance | pensions?
        | securities | funds? | fund-raising | funding | deficits? | surplus | management | managers?
        | executives? | start-?ups? | ventures? | entrepreneur(?:s|ship)? | franchise | bidding | tender offer
        | monopol(?:y|ies) | cartel | competitiveness | competitors? | factor(?:y|ies) | real estate
        | mortgages? | leas(?:e|ing) | deposits? | savings | interest rates? | fiscal year
        | (?:first|second) half of the (?:fiscal )?year | year-on-year | quarterly | headquarters
        | (?:head|branch) office | outsourc(?:e|ing) | restructuring | layoffs? | infrastructure
        | commodit(?:y|ies) | merchandise | brands? | clients? | customers? | payments? | payroll | freight
        | warehous(?:e|es|ing) | inventory | subcontract(?:or|ors|ing)? | private sector | public works
        | state-owned | joint venture | tie-up | purchas(?:e|es|ing) | buyers? | speculation | speculators?
        | patents? | copyrights? | intellectual property | trademarks? | licen[cs]es? | liquidation
        | solvency | liquidity | collateral | treasury | stock exchange | brokers? | brokerage | deregulation
        | stimulus | growth rate | economic growth | bailout | yen | dollars?
    """,
    "technology": r"""
        technolog(?:y|ies|ical) | high-?tech | hi-tech | semiconductors? | electronics? | electric(?:al|ity)?
        | digital(?:ization)? | data | databases? | computers? | computing | computation(?:al)? | software
        | hardware | networks? | networking | internet | online | web | websites? | cloud computing
        | robot(?:s|ic|ics)? | automat(?:ion|ed) | artificial intelligence | machine learning
        | biotech(?:nology)? | pharmaceuticals? | (?:new|generic) drugs? | drug (?:discovery|development)
        | vaccines? | clinical | engineer(?:s|ing)? | research and development | research | researchers?
        | innovat(?:ion|ions|ive) | inventions? | patents? | circuits? | (?:micro|semiconductor )?chips?
        | telecommunications? | (?:data|mobile|satellite|wireless) communications? | wireless
        | mobile (?:phones?|telephones?|devices?|communications?) | cell ?phones? | smartphones? | devices?
        | sensors? | batter(?:y|ies) | energy | solar (?:power|energy|cells?|panels?) | nuclear | reactors?
        | fuel cells? | automobiles? | automotive | aerospace | aircraft | satellites? | rockets? | spacecraft
        | space (?:station|development|exploration) | lasers? | optical | optics | fib(?:er|re)s?
        | processors?
        | (?:data|primary|secondary|virtual) storage | storage (?:device|battery|media) | servers?
        | computer programs? | programming | programmers? | algorithms? | encryption | cyber(?:security)?
        | information technology | science | scientific | scientists? | laborator(?:y|ies) | experiments?
        | experimental | prototypes? | machinery | machine tools? | manufacturing | mass production
        | chemicals? | nanotechnology | genom(?:e|ic|ics) | genetic(?:s)? | genes? | biology | biotechnology
        | molecul(?:e|es|ar) | physics | electrons? | transistors? | liquid crystal | diodes? | broadband
        | bandwidth | telephone (?:lines?|networks?|exchanges?) | user interface | virtual reality
        | simulations? | three-dimensional | precision | (?:measuring|precision|scientific) instruments?
        | power (?:plant|station|generation|grid) | generators? | renewable | hydrogen | lithium | silicon
        | alloys? | polymers? | practical use | commerciali[sz]ation | infrastructure | research institute
        | cutting[- ]edge | leading edge | state-of-the-art | startups? | platforms?
    """,
}
# Acronyms are matched case-sensitively ("IT", not the pronoun "it").
ACRONYMS = {
    "business": r"GDP | GNP | M&A | IPO | CEO | TOB",
    "technology": r"IT | ICT | AI | IoT | R&D | LED | LCD | 3D | 5G | CPU | OS | EV",
}
# A first sense that has a gloss with one of these is about something else: 土手 "embankment; bank",
# 仲間 "company; fellow; comrade", 名誉 "honour; credit", 肺結核 "tuberculosis; consumption".
STOP_CONTEXT = {
    "business": r"""
        river | embankment | banks? of | north | south | east | west | snow | capital city | letters?
        | punishment | companions? | accompan\w* | fellows? | comrades? | friends? | mates? | guests?
        | visitors?
        | livestock | cattle | soup | broth | religious | military | troops? | police | kitchen | laughing
        | comedy | prostitut\w* | honou?r | glory | fame | tuberculosis | fetters? | gratitude | hardships?
        | toil | pains | childbirth | temple | defunct | \d{4}-\d{4} | historical | theatrical | troupe
        | stock phrase | laughing stock | tender-hearted | shirt | gymnastics | trading card | dating
        | the capital | (?:imperial|provincial|state|former|new|old|eastern) capital | water | hot-water
        | fish | food | cultural | station | alcohol | funeral | books? | adventure | peace | civil | party
        | political | theatre | theater | play | ceremony | rice | gold | mineral
    """,
    "technology": r"""
        data \(pl | informants? | prisons? | honeycomb | bees? | cell of | vitality | vigou?r | spirit
        | stamina | zeal | enthusiasm | military | artillery | troops? | guns? | cannons? | fort | weapons?
        | bombs? | missiles? | warheads? | arms | armament | forces | umbrella | family | submarine
        | anti-aircraft | carrier | potato | wood | splinter | solar term | eclipse | solar system | solar day
        | illusion | social science | domestic science | military science | literature | humanities | shock
        | gymnastics | musical | percussion | wind instrument | string instrument | trick | scheme | ploy
        | railway | station | stage | podium | rostrum | dais | pulpit | party | teacher's | lecture | truck
        | fries | spare | burst | latent | aroused | pouring | total energy | lively | game | cafe | seasoning
    """,
}
# A first gloss that starts with a number names an amount, not a concept: 一円 "one yen", 千円札.
NUMBER_GLOSS = re.compile(
    r"^(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand)\b", re.I
)

PRIORITY_TAGS = ("news1", "news2", "ichi1", "ichi2", "spec1", "spec2", "gai1", "gai2")
FIELD_ZIPF = 2.5  # field-tagged words: about once in 3 million words of general Japanese
KEYWORD_ZIPF = 3.0  # keywords catch more noise: once in a million words, unless JMdict has a priority tag
FUNCTION_WORDS = set("a an the of and or to in for on".split())  # not counted in a gloss's length
MAX_GLOSS_WORDS = 4  # longer glosses describe ("entertainer whose image is manufactured for consumers")
# One-kanji suffixes that carry the domain themselves: a listed word + one of them is a domain word too.
DOMAIN_SUFFIXES = {
    "business": "業額率費税高料金価株債益権",  # 製造業 生産額 失業率 研究費 法人税 売上高 手数料 手付金 …
    "technology": "機器化網炉材",  # 発電機 測定器 自動化 通信網 原子炉 …
}
MAX_PARTS = 3  # 一般会計歳出 (一般 + 会計 + 歳出) is a compound; longer chains are phrases
# Parts of speech that are not vocabulary however their glosses read.
SKIP_POS = {
    "particle", "conjunction", "auxiliary verb", "auxiliary", "auxiliary adjective",
    "interjection (kandoushi)", "pronoun", "counter", "numeric", "copula",
    "expressions (phrases, clauses, etc.)", "prefix", "suffix",
}  # fmt: skip
NOUN_POS_WITH_VERB = {"noun or participle which takes the aux. verb suru", "noun or verb acting prenominally"}
# Senses with these notes are not what a learner of current business Japanese needs.
SKIP_MISC = {
    "archaism", "obsolete term", "obscure term", "dated term", "historical term", "slang", "Internet slang",
    "manga slang", "vulgar expression or word", "derogatory", "jocular, humorous term", "children's language",
    "proverb", "idiomatic expression", "honorific or respectful (sonkeigo) language",
    "humble (kenjougo) language", "polite (teineigo) language", "full name of a particular person",
    "place name", "rare", "quotation", "poetical term", "sensitive",
}  # fmt: skip


def compile_keywords(text: str, ignore_case: bool = True) -> re.Pattern:
    """One regular expression for a " | "-separated keyword list; a space matches any whitespace."""
    words = [w.strip().replace(" ", r"\s+") for w in re.split(r"\s+\|\s+", text.strip())]
    flags = "(?i:{})" if ignore_case else "(?:{})"
    return re.compile(r"(?<!\w)" + flags.format("|".join(words)) + r"(?!\w)")


KEYWORD_RE = {name: compile_keywords(KEYWORDS[name]) for name in LISTS}
ACRONYM_RE = {name: compile_keywords(ACRONYMS[name], ignore_case=False) for name in LISTS}
STOP_RE = {name: compile_keywords(STOP_CONTEXT[name]) for name in LISTS}


# ------------------------------------------------------------------------------------------ JMdict


@dataclass(frozen=True)
class Sense:
    glosses: tuple[str, ...]
    pos: tuple[str, ...]
    fields: tuple[str, ...]
    misc: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    id: int
    word: str  # the headword: first regular kanji form, else first regular kana form
    reading: str  # first kana form that belongs to the headword
    kanji: tuple[str, ...]
    kana: tuple[str, ...]
    priority: frozenset[str]  # the priority tags of all its forms
    senses: tuple[Sense, ...]


def load_jmdict(path: Path | None, zipf: dict[str, float]) -> dict[int, Entry]:
    """Every JMdict entry (tangocho.dictionary.source_entries) with the headword and reading a list gives."""
    from tangocho.dictionary import source_entries

    entries = {}
    for idseq, source in source_entries(path).items():
        ks, rs = source.kanji, source.kana
        regular_kanji = [f.text for f in ks if not f.irregular]
        if regular_kanji:
            word = regular_kanji[0]
            # 手付金 is read てつけきん; a kana form restricted to other kanji forms does not read it
            readings = [
                f.text
                for f in rs
                if not f.irregular and not f.kana_only and (not f.restricted or word in f.restricted)
            ]
        else:
            # a loanword's headword is its most frequent spelling: プラットフォーム (Zipf 4.0), not the first
            # form プラットホーム
            spellings = [f.text for f in rs if not f.irregular] or [f.text for f in rs]
            word = max(spellings, key=lambda t: zipf.get(t, 0.0)) if spellings else ""
            readings = [word]
        if not word:
            continue
        reading = readings[0] if readings else rs[0].text
        priority = frozenset(p for form in ks + rs for p in form.priority)
        kanji_forms, kana_forms = tuple(f.text for f in ks), tuple(f.text for f in rs)
        senses = tuple(Sense(s.glosses, s.pos, s.fields, s.misc) for s in source.senses)
        entries[idseq] = Entry(idseq, word, reading, kanji_forms, kana_forms, priority, senses)
    return entries


def load_zipf() -> dict[str, float]:
    """wordfreq's Japanese table as Zipf values (log10 of the frequency per billion words)."""
    import wordfreq

    table = wordfreq.get_frequency_dict("ja", wordlist="large")
    return {w: math.log10(f * 1e9) for w, f in table.items() if f > 0}


# ------------------------------------------------------------------------------------------ evidence


def zipf_of(entry: Entry, zipf: dict[str, float]) -> float:
    # Kana spellings of kanji words are poor evidence (かぶ is also the turnip 蕪): an entry with kanji forms
    # is judged by its kanji forms, a loanword (プラットフォーム) by its kana forms.
    return max((zipf.get(f, 0.0) for f in entry.kanji or entry.kana), default=0.0)


def has_priority(entry: Entry) -> bool:
    return any(p in PRIORITY_TAGS or p.startswith("nf") for p in entry.priority)


def has_news_rank(entry: Entry) -> bool:
    """news1/news2/nfXX (among the ~24,000 most frequent words of the Mainichi Shimbun) or spec1/spec2 (judged
    common by JMdict's editors: 競争力, 科学技術)."""
    return any(p.startswith(("news", "nf", "spec")) for p in entry.priority)


def is_common(entry: Entry, zipf: dict[str, float], min_zipf: float, tags: bool = True) -> bool:
    """Frequent enough for a list: a priority tag (``tags=False``: a news or spec rank) or the Zipf."""
    if has_priority(entry) if tags else has_news_rank(entry):
        return True
    # A short loanword's frequency is mostly other words spelt the same: ジョー (computing "JOE") is the
    # name Joe, セス is Seth. Three kana or fewer count as common only with a JMdict priority tag.
    if not entry.kanji and len(entry.word) <= 3:
        return False
    return zipf_of(entry, zipf) >= min_zipf


def plausible_word(word: str) -> bool:
    """Headwords a list may hold: two or more characters, no digits or Latin letters (ＴＯＢ, １００均,
    Ｙシャツ), no short hiragana words (grammar: ため, もの). Single kanji (株) come from review lines."""
    if len(word) < 2 or re.search(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]", word):
        return False
    return not (re.fullmatch(r"[\u3040-\u309f]+", word) and len(word) <= 3)


def usable(sense: Sense) -> bool:
    """A sense a list may stand on: no grammar, no archaic, obscure or slang senses."""
    return not (SKIP_MISC.intersection(sense.misc) or (sense.pos and SKIP_POS.issuperset(sense.pos)))


def is_verb_or_adjective(sense: Sense) -> bool:
    """儲ける, 高い — but not the suru-nouns (投資 "investment", 投資する)."""
    return any(
        ("verb" in p and p not in NOUN_POS_WITH_VERB) or p.startswith("adjective (keiyoushi)")
        for p in sense.pos
    )


def is_name(entry: Entry, sense: Sense) -> bool:
    """A company, product or institution without a JMdict priority tag: every gloss is in Title Case
    (マイクロソフト "Microsoft", ジャネット "Janet", ウィンドウズ "Windows (Microsoft operating system)") —
    but プロバイダ "Internet service provider" is a word. 特許庁 "Patent Office" (news1) stays."""
    if has_priority(entry) or not sense.glosses:
        return False
    cores = [re.sub(r"\([^)]*\)", " ", g).split() for g in sense.glosses]
    return all(words and all(w[:1].isupper() or not w[:1].isalpha() for w in words) for words in cores)


def field_hit(entry: Entry, name: str) -> str:
    """The list's field tag on the entry's first sense ("" when it has none)."""
    if not entry.senses or not plausible_word(entry.word):
        return ""
    sense = entry.senses[0]
    tags = FIELDS[name].intersection(sense.fields)
    return sorted(tags)[0] if tags and usable(sense) and not is_name(entry, sense) else ""


def keyword_hit(entry: Entry, name: str) -> str:
    """The first gloss of the entry's first sense that names a domain concept ("" when none does).

    Only the first sense counts: 黒幕's "power broker" comes after "black curtain". Verbs and adjectives are
    left to field tags and review (与える "to supply" is not business vocabulary).
    """
    if not entry.senses or not plausible_word(entry.word):
        return ""
    sense = entry.senses[0]
    if not usable(sense) or is_verb_or_adjective(sense) or not sense.glosses or is_name(entry, sense):
        return ""
    if NUMBER_GLOSS.match(sense.glosses[0]) or any(STOP_RE[name].search(g) for g in sense.glosses):
        return ""
    for index, gloss in enumerate(sense.glosses):
        core = re.sub(r"\([^)]*\)", " ", gloss).strip()  # "freebie (e.g. with a purchase)": only a note
        words = len([w for w in core.split() if w.lower() not in FUNCTION_WORDS])
        # A late one-word gloss is a side meaning: 不足 "insufficiency; …; lack; deficit", 余計 "…; surplus";
        # a late phrase still names the concept: 家電 "household appliances; …; consumer electronics".
        if words > MAX_GLOSS_WORDS or (index >= 2 and words < 2):
            continue
        if KEYWORD_RE[name].search(core) or ACRONYM_RE[name].search(core):
            return gloss
    return ""


class Compounds:
    """Splits a kanji compound into common JMdict words: 研究開発 → 研究|開発, 製造業 → 製造|業."""

    def __init__(self, entries: Iterable[Entry], zipf: dict[str, float]):
        self.words: set[str] = set()
        for e in entries:
            # 一万円 is an amount, not a compound word: numbers are no parts
            if is_common(e, zipf, KEYWORD_ZIPF) and not any("numeric" in s.pos for s in e.senses):
                self.words.update(form for form in e.kanji if len(form) >= 2)

    def split(self, word: str, suffixes: Iterable[str] = ()) -> tuple[str, ...]:
        """The split into the fewest words, the last part possibly one of ``suffixes`` (() when none)."""
        suffixes = set(suffixes)
        n = len(word)
        best: list[tuple[str, ...] | None] = [None] * (n + 1)
        best[0] = ()
        for end in range(2, n + 1):
            for start in range(max(0, end - 8), end - 1):
                head = best[start]
                if head is not None and word[start:end] in self.words:
                    if best[end] is None or len(head) + 1 < len(best[end]):
                        best[end] = head + (word[start:end],)
        parts = best[n]
        if parts is None and word[-1] in suffixes and best[n - 1] is not None:
            parts = best[n - 1] + (word[-1],)
        return parts if parts and 2 <= len(parts) <= MAX_PARTS else ()


@dataclass(frozen=True)
class Pick:
    word: str
    reading: str
    source: str  # "field:finance", "keyword:<gloss>", "compound:<parts>:<gloss>", "review:<reason>"

    @property
    def kind(self) -> str:
        return self.source.split(":", 1)[0]


def generate(entries: dict[int, Entry], zipf: dict[str, float]) -> dict[str, dict[str, Pick]]:
    """The lists before review: word → the evidence that picked it."""
    result: dict[str, dict[str, Pick]] = {name: {} for name in LISTS}
    rare: dict[str, list[tuple[Entry, str]]] = {name: [] for name in LISTS}
    for entry in sorted(entries.values(), key=lambda e: e.id):
        for name in LISTS:
            picks = result[name]
            if entry.word in picks:
                continue
            tag = field_hit(entry, name)
            if tag and is_common(entry, zipf, FIELD_ZIPF):
                picks[entry.word] = Pick(entry.word, entry.reading, f"field:{tag}")
            elif gloss := keyword_hit(entry, name):
                # ichi1/spec1/gai1 alone do not make a word news-frequent: ギャロッピングインフレ (gai1)
                if is_common(entry, zipf, KEYWORD_ZIPF, tags=False):
                    picks[entry.word] = Pick(entry.word, entry.reading, f"keyword:{gloss}")
                elif entry.kanji and entry.word == entry.kanji[0]:
                    rare[name].append((entry, gloss))
    compounds = Compounds(entries.values(), zipf)
    domain = set(result["business"]) | set(result["technology"])
    for name in LISTS:
        for entry, gloss in rare[name]:
            parts = compounds.split(entry.word, DOMAIN_SUFFIXES[name])
            # Every word in it is on a list: 電子商取引 = 電子 (technology) + 商取引 (business),
            # 製造業 = 製造 + 業 (a domain suffix). Not 一般廃棄物 = 一般 + 廃棄物: 一般 is on no list.
            if parts and all(p in domain for p in parts if len(p) > 1) and entry.word not in result[name]:
                result[name][entry.word] = Pick(
                    entry.word, entry.reading, f"compound:{'+'.join(parts)}:{gloss}"
                )
    return result


# ------------------------------------------------------------------------------------------ review


@dataclass(frozen=True)
class Decision:
    word: str
    list: str
    action: str  # add | drop
    reason: str
    line: int


def load_review(path: Path) -> list[Decision]:
    decisions = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = [p.strip() for p in raw.split("\t")]
        if len(parts) != 4 or parts[1] not in LISTS or parts[2] not in ("add", "drop") or not parts[3]:
            raise SystemExit(
                f"Error: {path}:{number}: expected word<TAB>business|technology<TAB>add|drop<TAB>reason"
            )
        decisions.append(Decision(parts[0], parts[1], parts[2], parts[3], number))
    return decisions


def apply_review(
    picks: dict[str, dict[str, Pick]], decisions: list[Decision], entries: dict[int, Entry]
) -> list[str]:
    """Apply the add/drop decisions in place; returns warnings about decisions that changed nothing."""
    by_form: dict[str, list[Entry]] = defaultdict(list)
    for e in entries.values():
        for form in dict.fromkeys(e.kanji + e.kana):
            by_form[form].append(e)
    warnings = []
    for d in decisions:
        where = f"{REVIEW.name}:{d.line}"
        if d.action == "drop":
            if picks[d.list].pop(d.word, None) is None:
                warnings.append(f"{where}: drop {d.word} ({d.list}): not picked (any more)")
            continue
        found = by_form.get(d.word)
        if not found:
            raise SystemExit(f"Error: {where}: {d.word} is not a JMdict headword or reading")
        if d.word in picks[d.list]:
            warnings.append(
                f"{where}: add {d.word} ({d.list}): already picked ({picks[d.list][d.word].source})"
            )
            continue
        # the entry whose headword it is, else the first that has it as a form
        entry = next((e for e in found if e.word == d.word), found[0])
        reading = d.word if d.word in entry.kana else entry.reading
        picks[d.list][d.word] = Pick(d.word, reading, f"review:{d.reason}")
    return warnings


# ------------------------------------------------------------------------------------------ output

HEADER = """\
# tangocho domain word list: {name} ({count} words)
# Words a learner reading Japanese {name} news should get cards for; tangocho's scoring favours them.
# Format: one word per line, TAB, its reading; '#' starts a comment; UTF-8.
#
# Source: JMdict (jamdict-data {jamdict_data}), copyright the Electronic Dictionary Research and Development
# Group (EDRDG), used under the Creative Commons Attribution-ShareAlike 4.0 licence (CC BY-SA 4.0,
# https://www.edrdg.org/edrdg/licence.html); this list, derived from it, is under the same licence.
# Word frequencies: wordfreq {wordfreq} (Japanese 'large' list).
# Generated by `python scripts/make_vocab.py`: JMdict field tags, priority tags and frequencies, English
# gloss keywords, compounds of listed words, then the decisions in scripts/vocab_review.tsv.
# Do not edit by hand: add a line to scripts/vocab_review.tsv and run the script again.
# Date: {date}
"""


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def render(name: str, picks: dict[str, Pick], date: str) -> str:
    header = HEADER.format(
        name=name,
        count=len(picks),
        jamdict_data=_version("jamdict-data"),
        wordfreq=_version("wordfreq"),
        date=date,
    )
    return header + "".join(f"{p.word}\t{p.reading}\n" for p in sorted(picks.values(), key=lambda p: p.word))


def write_list(path: Path, name: str, picks: dict[str, Pick], today: str) -> bool:
    """Write one list; a list whose words did not change keeps its date, so a re-run changes no file."""
    if path.is_file():
        old = path.read_text(encoding="utf-8")
        match = re.search(r"^# Date: (\S+)$", old, re.MULTILINE)
        if match and render(name, picks, match.group(1)) == old:
            return False
    path.write_text(render(name, picks, today), encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate vocab/business.txt and vocab/technology.txt.")
    parser.add_argument(
        "--out", type=Path, default=VOCAB, help="folder to write the lists to (default: vocab/)"
    )
    parser.add_argument("--stats", action="store_true", help="print every word with its evidence")
    parser.add_argument("--no-review", action="store_true", help="skip scripts/vocab_review.tsv")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    zipf = load_zipf()
    entries = load_jmdict(None, zipf)
    picks = generate(entries, zipf)
    generated = {name: Counter(p.kind for p in picks[name].values()) for name in LISTS}
    warnings = [] if args.no_review else apply_review(picks, load_review(REVIEW), entries)
    today = datetime.date.today().isoformat()
    args.out.mkdir(parents=True, exist_ok=True)
    for name in LISTS:
        changed = write_list(args.out / f"{name}.txt", name, picks[name], today)
        g, added = generated[name], sum(p.kind == "review" for p in picks[name].values())
        dropped = sum(g.values()) + added - len(picks[name])
        print(
            f"{name}: {len(picks[name])} words ({'written' if changed else 'unchanged'}); generated "
            f"{sum(g.values())} (field tags {g['field']}, gloss keywords {g['keyword']}, compounds "
            f"{g['compound']}); review: {added} added, {dropped} dropped"
        )
        if args.stats:
            for p in sorted(picks[name].values(), key=lambda p: p.word):
                print(f"  {p.word}\t{p.reading}\t{p.source}")
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
