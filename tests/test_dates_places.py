import pytest

from peacewatch.coding import dates
from peacewatch.knowledge import places


def test_relative_dates():
    assert dates.resolve("It happened on Tuesday.", "2025-05-26") == "2025-05-20"
    assert dates.resolve("They will meet on Monday.", "2025-05-26", future=True) == "2025-06-02"
    assert dates.resolve("Talks were held yesterday.", "2025-05-26") == "2025-05-25"
    assert dates.resolve("Talks on 2 June.", "2025-05-26") == "2025-06-02"
    assert dates.resolve("Nothing said.", "2025-05-26") == "2025-05-26"
    assert dates.resolve("Nothing said.", None) is None


def test_gazetteer():
    kyiv = places.find("Kyiv")
    assert kyiv["country"] == "UKR" and round(kyiv["lat"]) == 50
    assert places.find("Kiev")["name"] == "Kyiv"
    assert places.find("Istanbul")["country"] == "TUR"
    assert places.find("Putin") is None


def test_regions_the_city_list_lacks():
    assert places.find("Darfur")["country"] == "SDN"
    assert places.find("Donbas")["name"] == "Donetsk region"
    assert places.find("North Kivu")["country"] == "COD"


@pytest.mark.model
def test_a_follow_up_sentence_keeps_the_date_of_its_act(run_text):
    article = run_text("Russia attacked Ukraine with 300 drones overnight into Sunday, the air force said. "
                       "In the Zhytomyr region, Russian strikes killed three children. "
                       "Ukraine and Russia held talks in Istanbul.", published="2025-05-26")
    dated = {(e.plover, e.date) for e in article.events}
    assert ("ASSAULT", "2025-05-25") in dated and ("ASSAULT", "2025-05-26") not in dated
    assert ("CONSULT", "2025-05-26") in dated  # another kind of act: nothing carried over
