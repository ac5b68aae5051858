"""Whatever the input, the pipeline returns a result: never a traceback."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peacewatch.article import Article

pytestmark = pytest.mark.model

WORDS = ["Russia", "attacked", "Kyiv", "if", "Moscow", "rejects", "the", "truce", ",", ".", "Phase", "1", ":",
         "Zelenskyy", "said", "he", "would", "meet", "Putin", "12", "killed", "including", "five", "children",
         "drones", "intercepted", "Both", "sides", "not", "claimed", "\n", "“", "”", "teh", "nato", "these",
         "include", "first", "then", "unless", "by", "Friday", "Hamas", "freed", "hostages", "?", "—"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), max_size=60), st.sampled_from([None, "2025-05-20", "not a date"]))
def test_any_word_salad_is_processed(pipeline, words, published):
    article = Article(id="fuzz", raw=" ".join(words), published=published)
    [done] = pipeline.process([article])
    for event in done.events:
        assert 0 <= event.raw_start <= event.raw_end <= len(article.raw)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_any_unicode_is_processed(pipeline, text):
    [done] = pipeline.process([Article(id="u", raw=text)])
    assert done.text is not None
