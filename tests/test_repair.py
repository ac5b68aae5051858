from hypothesis import given, settings
from hypothesis import strategies as st

from peacewatch.article import Article
from peacewatch.read.repair import Repairer


def repaired(kb, text: str) -> Article:
    article = Article(id="r", raw=text)
    Repairer(kb).repair(article)
    return article


def test_typos_casing_spacing_and_quotes(kb):
    raw = ("Envoys met wiht teh minister in kyiv on Monday.the talks lasted hours.\n"
           "officials said the offer,made in private,was ”serious” and Nato was told.")
    article = repaired(kb, raw)
    text = article.text
    assert "met with the minister in Kyiv" in text
    assert "Monday. The talks" in text
    assert "offer, made in private, was" in text
    assert "Officials said" in text
    assert "“serious”" in text
    assert "and NATO was told" in text
    kinds = {r.kind for r in article.repairs}
    assert {"typo", "casing", "spacing", "quote"} <= kinds


def test_names_and_numbers_survive(kb):
    raw = ("Witkoff and Podolyak met Medinsky. Zelenskyy thanked Erdoğan. "
           "The U.S. sent 3.5 billion dollars and 1,200 shells at 9 a.m. to www.example.org.")
    article = repaired(kb, raw)
    assert article.text == raw
    assert article.repairs == []


def test_every_repair_points_at_raw_text(kb):
    raw = "teh envoy said putin agreed.Later,talks began."
    article = repaired(kb, raw)
    for repair in article.repairs:
        assert raw[repair.start:repair.end] == repair.before


def test_raw_span_maps_back(kb):
    raw = "teh envoy met putin.Talks began in kyiv."
    article = repaired(kb, raw)
    start = article.text.index("Putin")
    assert article.raw_span(start, start + 5) == (raw.index("putin"), raw.index("putin") + 5)
    start = article.text.index("Talks")
    assert raw[slice(*article.raw_span(start, start + 5))] == "Talks"


def test_truncation_and_noise(kb):
    assert repaired(kb, "Talks began. The delegation then").truncated
    assert not repaired(kb, "Talks began. The delegation left.").truncated
    assert repaired(kb, "teh wiht goverment").noise > 0


def test_boilerplate_and_unicode(kb):
    raw = "Talks\u00a0began.\nAdvertisement\nThe\u200b envoy left &amp; returned."
    article = repaired(kb, raw)
    assert "Advertisement" not in article.text
    assert "Talks began." in article.text
    assert "The envoy left & returned." in article.text


def test_other_languages_left_alone(kb):
    raw = ("Die Gespräche zwischen den Delegationen wurden am Montag in Istanbul fortgesetzt, "
           "teilte das Außenministerium mit. Die Seiten einigten sich auf einen Austausch von "
           "Gefangenen, sagte ein Sprecher der Regierung.Ein Waffenstillstand bleibt fern.")
    article = repaired(kb, raw)
    assert article.text == raw
    assert article.language == "de"


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcdeht wiTN.,”“\n\u00a0\u200b&;amp")), max_size=80), st.data())
def test_repair_never_raises_and_maps_back(kb, raw, data):
    article = repaired(kb, raw)
    for repair in article.repairs:
        assert raw[repair.start:repair.end] == repair.before
    text = article.text
    if not text:
        return
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, len(text)))
    a, b = article.raw_span(i, j)
    # Re-applying the repairs inside the raw span reproduces the repaired span.
    inside = [r for r in article.repairs if a <= r.start and r.end <= b]
    rebuilt, at = [], a
    for repair in inside:
        rebuilt += [raw[at:repair.start], repair.after]
        at = repair.end
    rebuilt.append(raw[at:b])
    assert text[i:j] in "".join(rebuilt)


def test_spacing_never_inside_numbers_urls_abbreviations_or_initials(kb):
    raw = ("Prices rose 3.5 percent on 1,200 items, see https://example.org/a.b,c or mail desk@example.org. "
           "The U.S. Army met at 9 a.m. Monday. J.R.R. Tolkien wrote it, e.g. the book. Use report.pdf now.")
    assert repaired(kb, raw).text == raw


def test_mojibake_entities_soft_hyphens_and_hyphenated_lines(kb):
    raw = "Kyivâ€™s mayor said&nbsp;the nego-\ntiations were con\u00adstructive."
    assert repaired(kb, raw).text == "Kyiv’s mayor said the negotiations were constructive."


def test_lower_case_multi_word_names(kb):
    assert "Vladimir Putin met Recep Tayyip Erdogan" in repaired(kb, "Then vladimir putin met recep tayyip erdogan.").text


def test_common_words_are_not_names(kb):
    raw = "They let the bill pass and will mark the day."
    assert repaired(kb, raw).text == raw


def test_words_the_coder_looks_for_are_never_corrected(kb):
    from peacewatch.pipeline import vocabulary

    raw = "The junta will unban the party, the army razes villages and the envoys initialed the deal."
    plain = Article(id="p", raw=raw)
    Repairer(kb).repair(plain)
    guarded = Article(id="g", raw=raw)
    Repairer(kb, vocabulary=vocabulary()).repair(guarded)
    assert guarded.text == raw
    assert plain.text != raw  # symspell alone would "correct" some of them (unban -> urban)
