"""JMdict's tags as jamdict-data stores them (English names), and the short forms tangocho shows.

One table each, for the pipeline (select.py scores domain senses; render.py tags and abbreviates) and for
scripts/make_vocab.py (which field marks which word list).
"""

from __future__ import annotations

# JMdict field tags that mark business and technology senses → the tag shown on the card.
DOMAIN_FIELDS = {
    "business": "bus", "economics": "econ", "finance": "finc", "computing": "comp",
    "engineering": "engr", "law": "law", "electricity, elec. eng.": "elec", "electronics": "elec",
    "telecommunications": "telec", "mechanical engineering": "mech", "statistics": "stat",
    "pharmacy": "pharm", "medicine": "med", "chemistry": "chem", "biochemistry": "biochem",
}  # fmt: skip

# The misc tag of a sense usually written in kana (嵩む, 揃う, いけない)
USUALLY_KANA = "word usually written using kana alone"

# JMdict parts of speech as jamdict-data stores them → the short tags learners know.
POS_ABBREVIATIONS = {
    "noun (common) (futsuumeishi)": "n",
    "noun or participle which takes the aux. verb suru": "vs",
    "nouns which may take the genitive case particle 'no'": "adj-no",
    "adjectival nouns or quasi-adjectives (keiyodoshi)": "adj-na",
    "expressions (phrases, clauses, etc.)": "exp",
    "transitive verb": "vt",
    "intransitive verb": "vi",
    "Ichidan verb": "v1",
    "adverb (fukushi)": "adv",
    "adjective (keiyoushi)": "adj-i",
    "suffix": "suf",
    "prefix": "pref",
    "noun, used as a suffix": "n-suf",
    "noun, used as a prefix": "n-pref",
    "adverbial noun (fukushitekimeishi)": "n-adv",
    "noun (temporal) (jisoumeishi)": "n-t",
    "pre-noun adjectival (rentaishi)": "adj-pn",
    "'taru' adjective": "adj-t",
    "suru verb - included": "vs-i",
    "suru verb - special class": "vs-s",
    "counter": "ctr",
    "numeric": "num",
    "pronoun": "pn",
    "conjunction": "conj",
    "interjection (kandoushi)": "int",
    "auxiliary verb": "aux-v",
    "particle": "prt",
    "Ichidan verb - zuru verb (alternative form of -jiru verbs)": "vz",
}
