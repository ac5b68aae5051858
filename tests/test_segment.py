from peacewatch.read.segment import split


def kinds(text, truncated=False):
    return [(s.kind, text[s.start:s.end]) for s in split(text, truncated=truncated)]


def test_sentences_headings_items_questions():
    text = ("Talks in Istanbul\nThe envoy arrived on Monday. Mr. Smith met the U.S. team. Will it work?\n"
            "Phase 1: Sanctions on oil exports.\nThe plan then")
    got = kinds(text, truncated=True)
    assert got == [
        ("heading", "Talks in Istanbul"),
        ("body", "The envoy arrived on Monday."),
        ("body", "Mr. Smith met the U.S. team."),
        ("question", "Will it work?"),
        ("item", "Phase 1: Sanctions on oil exports."),
        ("dangling", "The plan then"),
    ]


def test_paragraphs_are_counted():
    sentences = split("One.\n\nTwo. Three.")
    assert [s.paragraph for s in sentences] == [0, 1, 1]



def test_a_lone_sentence_without_a_full_stop_is_not_a_fragment():
    text = "Police arrested twelve protesters in the capital on Sunday, officials said"
    assert [kind for kind, _ in kinds(text, truncated=True)] != ["dangling"]
