"""Thai-aware name matching, for sign-in sheets: who of the people we know is the name written?

A name is compared in two forms:
- its *key*: Unicode NFC, Thai digits as Arabic ones, honorific and academic or military prefixes
  (นาย, นาง, นางสาว, ดร., ว่าที่ร.ต., ผศ.ดร., Mr., ...) taken off, spaces collapsed, Latin
  letters in one case. Two names with the same key are the same name written differently;
- its *bare* form: the key without tone marks and the other marks above or below a consonant
  (ไม้ไต่คู้, การันต์, นิคหิต, ยามักการ) and without spaces, which people leave out or misplace
  when they write or type in a hurry.

`match` sorts a name into one of three outcomes, and never guesses:
- EXACT: its key is the key of exactly one person;
- REVIEW: it is one of several people with that key, differs from someone only in its marks,
  or is close to someone's name (a similarity of at least `NEAR_SCORE` out of 100, by
  rapidfuzz's normalised Indel similarity of the bare forms, or of their words in any order),
  so that a person decides between the candidates;
- NONE: nobody is close.
"""

import re
import unicodedata
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from nakhon.core.tabular import THAI_DIGITS

# Marks written above or below a Thai consonant: ไม้ไต่คู้ (U+0E47), the four tone marks
# (U+0E48-U+0E4B), การันต์ (U+0E4C), นิคหิต (U+0E4D) and ยามักการ (U+0E4E).
THAI_MARKS = re.compile("[\u0e47-\u0e4e]")
# Honorifics, ranks and academic titles written before a name, each with the spellings people
# use. Longer spellings come first, so that "นางสาว" is taken before "นาง"; several may stand
# one after another ("ผศ.ดร.", "ว่าที่ ร.ต.").
PREFIXES = sorted(
    {
        "นาย",
        "นาง",
        "นางสาว",
        "น.ส.",
        "นส.",
        "คุณ",
        "ด.ช.",
        "ด.ญ.",
        "ดร.",
        "ดอกเตอร์",
        "ศ.",
        "รศ.",
        "ผศ.",
        "ศาสตราจารย์",
        "รองศาสตราจารย์",
        "ผู้ช่วยศาสตราจารย์",
        "ว่าที่",
        "ร.ต.",
        "ร.ท.",
        "ร.อ.",
        "ร.ต.ต.",
        "ร.ต.ท.",
        "ร.ต.อ.",
        "พ.ต.",
        "พ.ท.",
        "พ.อ.",
        "พ.ต.ต.",
        "พ.ต.ท.",
        "พ.ต.อ.",
        "พล.ต.",
        "พล.ต.ต.",
        "พล.ต.ท.",
        "พล.ต.อ.",
        "จ.ส.อ.",
        "ส.อ.",
        "นพ.",
        "พญ.",
        "ทพ.",
        "ทพญ.",
        "ภก.",
        "ภญ.",
        "mr.",
        "mr",
        "mrs.",
        "mrs",
        "ms.",
        "ms",
        "miss",
        "dr.",
        "dr",
        "prof.",
        "assoc.",
        "asst.",
    },
    key=len,
    reverse=True,
)
# Titles that are whole words in English are only taken off before a space.
LATIN_WORD = re.compile("^[a-z]+$")
EXACT, REVIEW, NONE = "exact", "review", "none"
# How alike two names must be, out of 100, to be put up for review.
NEAR_SCORE = 80
# How many candidates a name put up for review offers at most.
MAX_CANDIDATES = 5


def strip_prefixes(text: str) -> str:
    """`text` without the honorifics and titles written before the name."""
    while True:
        for prefix in PREFIXES:
            if not text.casefold().startswith(prefix):
                continue
            rest = text[len(prefix) :]
            if LATIN_WORD.match(prefix) and rest[:1] not in (" ", ""):
                continue  # "Drew" is not "Dr" and "ew"
            if not rest.strip():
                continue  # the name is only the title ("นาง" is also a word): keep it
            text = rest.lstrip(" .")
            break
        else:
            return text


def name_key(text: str) -> str:
    """The name as written, in one form whatever the title, spacing, digits and case."""
    text = unicodedata.normalize("NFC", str(text or "")).translate(THAI_DIGITS)
    text = " ".join(text.replace("\u200b", " ").split())  # zero-width spaces too
    return " ".join(strip_prefixes(text).split()).casefold()


def bare(text: str) -> str:
    """The key without tone marks, the other marks above or below a consonant, and spaces."""
    return THAI_MARKS.sub("", name_key(text)).replace(" ", "")


def similarity(a: str, b: str) -> float:
    """How alike two names are, 0 to 100: of their bare forms, or of their words in any order
    ("ใจดี สมชาย" for "สมชาย ใจดี"), whichever is more alike."""
    bare_a, bare_b = bare(a), bare(b)
    if not bare_a or not bare_b:
        return 0.0
    words_a = THAI_MARKS.sub("", name_key(a))
    words_b = THAI_MARKS.sub("", name_key(b))
    return max(fuzz.ratio(bare_a, bare_b), fuzz.token_sort_ratio(words_a, words_b))


@dataclass(frozen=True)
class Candidate:
    """A person a name may be: `ref` says who (an id), `label` how to show them."""

    ref: Hashable
    label: str
    score: float


@dataclass(frozen=True)
class Match:
    outcome: str  # EXACT, REVIEW or NONE
    candidates: tuple[Candidate, ...] = field(default=())
    # Why a REVIEW is not exact: "same_name", "marks" or "similar".
    reason: str = ""

    @property
    def person(self):
        """Who the name is, where it is exactly one person."""
        return self.candidates[0].ref if self.outcome == EXACT else None


SAME_NAME, MARKS, SIMILAR = "same_name", "marks", "similar"


class NameIndex:
    """The people a sheet's names are matched against, each under every name they go by (Thai
    and English, say)."""

    def __init__(self, people: Iterable[tuple[Hashable, str, Iterable[str]]]):
        """`people`: (ref, label, names) of each person."""
        self.labels: dict[Hashable, str] = {}
        self.by_key: dict[str, list[Hashable]] = {}
        self.by_bare: dict[str, list[Hashable]] = {}
        self.names: list[tuple[Hashable, str]] = []
        for ref, label, names in people:
            self.labels[ref] = label
            for name in names:
                key = name_key(name)
                if not key:
                    continue
                _add_once(self.by_key, key, ref)
                _add_once(self.by_bare, bare(name), ref)
                self.names.append((ref, name))

    def match(self, written: str) -> Match:
        key = name_key(written)
        if not key:
            return Match(NONE)
        same = self.by_key.get(key, [])
        if len(same) == 1:
            return Match(EXACT, (self._candidate(same[0], 100.0),))
        if same:
            return Match(REVIEW, tuple(self._candidate(r, 100.0) for r in same), SAME_NAME)
        marks_only = self.by_bare.get(bare(written), [])
        if marks_only:
            found = tuple(self._candidate(r, 100.0) for r in marks_only)
            return Match(REVIEW, found, MARKS)
        best: dict[Hashable, float] = {}
        for ref, name in self.names:
            score = similarity(written, name)
            if score >= NEAR_SCORE and score > best.get(ref, 0):
                best[ref] = score
        if not best:
            return Match(NONE)
        ranked = sorted(best.items(), key=lambda item: (-item[1], self.labels[item[0]]))
        found = tuple(self._candidate(ref, round(score, 1)) for ref, score in ranked)
        return Match(REVIEW, found[:MAX_CANDIDATES], SIMILAR)

    def _candidate(self, ref, score: float) -> Candidate:
        return Candidate(ref, self.labels[ref], score)


def _add_once(index: dict, key: str, ref) -> None:
    refs = index.setdefault(key, [])
    if ref not in refs:
        refs.append(ref)
