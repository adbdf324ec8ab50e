"""The search page and /api/search on the fixture family (Anna Smith, Ben Jones, Chloe Jones-Smith, Dan Jones, ...),
through the real app and the embedded engine."""

import datetime as dt
import re
import threading

import pytest

from app.services.search import person_index, search
from graph import open_store
from tests.fixtures.contract_graph import load_contract_graph, person, record


def without_person(row: dict) -> dict:
    return {k: v for k, v in row.items() if not k.startswith("_")}


def result_links(html: str) -> list[str]:
    """The people listed in the results table, in order, as their link text ("Surname, Forename")."""
    table = html.split('id="search-results"', 1)[1].split("</table>", 1)[0] if 'id="search-results"' in html else ""
    return re.findall(r'<a class="govuk-link" href="/people/P\d+">([^<]+)</a>', table)


def page(client, **params):
    response = client.get("/", query_string=params)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def api(client, **params):
    return client.get("/api/search", query_string=params)


def test_the_search_page_is_the_home_page_and_needs_sign_in(anonymous, client):
    assert anonymous.get("/").status_code == 302
    html = page(client)
    assert '<form method="get" action="/"' in html
    assert '<label class="govuk-label govuk-label--s" for="q">' in html
    assert '<label class="govuk-label govuk-label--s" for="dob">' in html
    assert "search-results" not in html and "No match in" not in html


def test_a_misspelt_surname_finds_the_family(client):
    assert result_links(page(client, q="Jonse")) == ["Jones, Dan", "Jones-Smith, Chloe", "Jones, Ben"]
    html = page(client, q="Smiht")
    assert result_links(html) == ["Smith, Anna", "Jones-Smith, Chloe"]  # Chloe's surname holds a Smith too
    assert "similar spelling of surname" in html
    assert "similar spelling of part of a double-barrelled surname" in html


def test_youngest_first_when_names_tie(client):
    links = result_links(page(client, q="Jones"))
    assert links == ["Jones, Dan", "Jones-Smith, Chloe", "Jones, Ben"]  # born 2019, 2015, 1988


def test_a_double_barrelled_surname_is_found_by_either_part(client):
    assert "Jones-Smith, Chloe" in result_links(page(client, q="Jones"))
    html = page(client, q="Smith")
    assert result_links(html) == ["Smith, Anna", "Jones-Smith, Chloe"]  # the exact surname first
    assert "part of a double-barrelled surname" in html


def test_a_surname_another_source_holds_is_found_and_said(client):
    html = page(client, q="Jones, Chloe")
    assert result_links(html) == ["Jones-Smith, Chloe"]
    assert "surname Jones in Schools" in html


def test_a_nickname_a_source_holds_finds_the_person(client):
    html = page(client, q="Danny Jones")
    assert result_links(html) == ["Jones, Dan"]
    assert "known as Danny in Early help" in html
    assert result_links(page(client, q="Benjamin Jones")) == ["Jones, Ben"]
    assert result_links(page(client, q="Jones Dan")) == ["Jones, Dan"]  # surname first works too


def test_date_of_birth_alone_in_the_field_or_the_box(client):
    for params in ({"dob": "6/5/2015"}, {"q": "6 May 2015"}, {"q": "2015-05-06"}):
        html = page(client, **params)
        assert result_links(html) == ["Jones-Smith, Chloe"], params
        assert "born 6 May 2015" in html


def test_a_date_of_birth_narrows_a_name_and_tolerates_a_swapped_day_and_month(client):
    assert result_links(page(client, q="Jones", dob="02-01-2019")) == ["Jones, Dan"]
    html = page(client, q="Smith", dob="1990-04-03")  # the health record holds it so
    assert result_links(html) == ["Smith, Anna"]
    assert "date of birth" in html


def test_an_nhs_number_with_spaces(client):
    html = page(client, q="943 476 5919")
    assert result_links(html) == ["Smith, Anna"]
    assert "NHS number" in html


def test_a_upn_and_a_source_id(client):
    html = page(client, q="a123456789012")
    assert result_links(html) == ["Jones-Smith, Chloe"]
    assert "UPN" in html
    html = page(client, q="EH4")
    assert result_links(html) == ["Jones, Dan"]
    assert "Early help id" in html


def test_a_result_shows_age_dob_sex_postcode_and_sources_with_ids(client):
    html = page(client, q="Jones-Smith")
    row = html.split('href="/people/P3"', 1)[1].split("</tr>", 1)[0]
    assert "6 May 2015" in row
    assert re.search(r">\s*1[01]\s*<", row)  # her age, whichever day the test runs (she was born in 2015)
    assert "Female" in row
    assert "EX2 2BB" in row  # the current household, 7 Oak Street
    assert "Children&#39;s social care: CSC3" in row and "Schools: A123456789012" in row


def test_results_table_has_a_caption_and_headers(client):
    html = page(client, q="Jones")
    assert '<caption class="govuk-table__caption govuk-table__caption--m">' in html
    assert "3 people match “Jones”" in html
    assert html.count('<th scope="col"') >= 7


def test_no_match_lists_every_source_searched_by_name(client):
    html = page(client, q="Zebedee")
    assert result_links(html) == []
    message = re.search(r"No match in: ([^<]+)<", html).group(1)
    assert message == "Adult mental health, Children&#39;s social care, Early help, Schools"
    assert "1 November 2026" in html  # how fresh each source is


def test_a_bad_date_is_an_error_on_its_field(client):
    html = page(client, q="Smith", dob="31/02/2015")
    assert "There is a problem" in html
    assert 'href="#dob"' in html and "Date of birth must be a real date (31/02/2015 is not)" in html
    assert "govuk-input--error" in html and "search-results" not in html
    assert "<title>Error:" in html


def test_api_result_shape(client):
    body = api(client, q="Danny Jones").get_json()
    assert body["message"] is None and body["total"] == 1 and body["truncated"] is False
    assert body["searched_for"]["names"] == ["Danny", "Jones"]
    [dan] = body["results"]
    assert dan["person_id"] == "P4" and dan["url"] == "/people/P4"
    assert (dan["forename"], dan["surname"], dan["dob"], dan["sex"], dan["postcode"]) == (
        "Dan",
        "Jones",
        "2019-01-02",
        "M",
        "EX2 2BB",
    )
    assert dan["dob_estimated"] is False and dan["deceased"] is False and isinstance(dan["age"], int)
    assert dan["sources"] == [{"system": "early_help", "name": "Early help", "record_id": "EH4"}]
    assert dan["matched_on"] == ["known as Danny in Early help"]
    assert [s["name"] for s in body["sources_searched"]] == [
        "Adult mental health",
        "Children's social care",
        "Early help",
        "Schools",
    ]


def test_api_no_match_message_and_limit(client):
    body = api(client, q="Zebedee").get_json()
    assert body["results"] == [] and body["message"].startswith("No match in: Adult mental health")
    body = api(client, q="Jones", limit=1).get_json()
    assert [r["forename"] for r in body["results"]] == ["Dan"] and body["total"] == 3 and body["truncated"]


@pytest.mark.parametrize(
    "params, name",
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "Smith", "dob": "31/02/2015"}, "dob"),
        ({"q": "Smith", "dob": "soon"}, "dob"),
        ({"q": "Smith 31/02/2015"}, "q"),
        ({"q": "Smith", "limit": "0"}, "limit"),
        ({"q": "Smith", "colour": "red"}, "colour"),
    ],
)
def test_api_400_names_the_bad_parameter(client, params, name):
    response = api(client, **params)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "bad_parameter"
    assert list(body["parameters"]) == [name]
    assert f"bad parameter {name}" in body["message"]


def test_api_needs_sign_in(anonymous):
    assert anonymous.get("/api/search?q=Smith").status_code in (302, 401)


def test_the_api_is_in_the_openapi_document(client):
    spec = client.get("/api/openapi.json").get_json()
    operation = spec["paths"]["/api/search"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"q", "dob", "limit"}


def test_a_newer_load_is_searched_without_a_restart(tmp_path):
    """The person index is rebuilt in the background when a load completes; searches meanwhile answer from the
    previous one, then find the newcomer."""
    store = open_store(f"embedded:{tmp_path}", apply_schema=True)
    try:
        load_contract_graph(store)
        assert search(store, "Quinn").results == []
        store.write("load/people", [person("P8", "Zara", "Quinn", dt.date(2021, 6, 1), "F")])
        store.write("load/source_records", [without_person(record("csc", "CSC8", "P8", "Zara", "Quinn", None))])
        store.write(
            "load/record_of", [{"src": "csc:CSC8", "dst": "P8", "match_probability": 1.0, "method": "single_record"}]
        )
        store.write(
            "load/load_run",
            load_id="L2",
            started_at=dt.datetime(2026, 12, 1, 6, 0),
            finished_at=dt.datetime(2026, 12, 1, 6, 1),
            source_dir="fixture",
            status="complete",
            counts="{}",
        )
        assert search(store, "Quinn").results == []  # notices the new load; answered from the previous index
        for thread in threading.enumerate():
            if thread.name == "search-index":
                thread.join(timeout=30)
        assert [(r["forename"], r["surname"]) for r in search(store, "Quinn").results] == [("Zara", "Quinn")]
        assert person_index(store).load_id == "L2"
    finally:
        store.close()


def test_a_former_surname_and_a_preferred_forename_find_the_person(tmp_path):
    store = open_store(f"embedded:{tmp_path}", apply_schema=True)
    try:
        load_contract_graph(store)
        store.write("load/people", [person("P9", "Alexander", "Khan", dt.date(2016, 2, 3), "M")])
        store.write(
            "load/source_records",
            [
                without_person(
                    {
                        **record("schools", "S9", "P9", "Alexander", "Khan", dt.date(2016, 2, 3)),
                        "former_surname": "Malik",
                        "preferred_forename": "Sandy",
                    }
                )
            ],
        )
        store.write("load/record_of", [{"src": "schools:S9", "dst": "P9", "match_probability": 1.0, "method": "x"}])
        person_index(store, wait=True)
        [found] = search(store, "Malik").results
        assert (found["forename"], found["surname"]) == ("Alexander", "Khan")
        assert found["matched_on"] == ["former surname Malik in Schools"]
        [found] = search(store, "Sandy Khan").results
        assert found["matched_on"] == ["known as Sandy in Schools"]
    finally:
        store.close()
