"""Which language a text is in: script first, then common function words.

Small and dependency-free: enough to keep the English repairer and coder off
text they do not understand. Returns an ISO 639-1 code, or "und" when unsure.
"""

from __future__ import annotations

import re

UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
SCRIPTS = [
    ("ru", re.compile(r"[а-яА-ЯёЁіїєґІЇЄҐ]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("hy", re.compile(r"[\u0530-\u058f]")),
    ("ka", re.compile(r"[\u10a0-\u10ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("km", re.compile(r"[\u1780-\u17ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
]
FUNCTION_WORDS = {
    "en": "the and of to in is that for on with was said it by as at from his have has are were be this which",
    "de": "der die das und ist nicht mit den von zu ein eine sich auf für dem des im sagte wurde auch",
    "fr": "le la les et est des une un du pour dans que qui sur pas avec au ne se il a été",
    "es": "el la los las y que de en del por con una un se para es al fue lo como",
    "it": "il la che di e per un una sono del della con non si è al le nel da",
    "pt": "o a os as e de do da em que um uma para com não por foi no na",
    "nl": "de het een en van is dat op te in niet met voor zijn werd ook bij",
    "pl": "i w na z się nie do to że jest o jak po od przez za oraz",
    "tr": "ve bir bu da de için ile olarak çok daha gibi ama olan",
}
WORDS = {code: set(words.split()) for code, words in FUNCTION_WORDS.items()}
TOKEN = re.compile(r"[^\W\d_]+")


def detect(text: str) -> str:
    sample = text[:4000]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return "und"
    for code, pattern in SCRIPTS:
        if len(pattern.findall(sample)) > 0.3 * len(letters):
            if code == "ru" and len(UKRAINIAN_LETTERS.findall(sample)) >= 2:
                return "uk"
            return code
    words = [w.lower() for w in TOKEN.findall(sample)]
    hits = {code: sum(w in vocabulary for w in words) for code, vocabulary in WORDS.items()}
    best = max(hits, key=hits.get)
    # English is what the pipeline expects: another language must clearly win to be chosen.
    if best == "en" or hits[best] < 4 or hits["en"] * 2 >= hits[best]:
        return "en" if hits["en"] >= 0.05 * len(words) or len(words) < 30 else "und"
    return best
