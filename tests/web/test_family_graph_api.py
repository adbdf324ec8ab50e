"""The family map's API (/api/people/<id>/family-graph) and its server-rendered partial on the person page, on the
contract fixture family."""

from __future__ import annotations

import json
import re
from html import unescape

URL = "/api/people/P3/family-graph"


def _ids(body, kind=None):
    return {n["data"]["id"] for n in body["elements"]["nodes"] if kind is None or n["data"]["kind"] == kind}


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_the_map_is_cytoscape_elements_with_stable_ids(client):
    response = client.get(f"{URL}?as_at=2026-11-01")
    assert response.status_code == 200
    body = response.get_json()
    assert body["focus_id"] == "P3" and body["as_at"] == "2026-11-01" and body["expanded"] == []
    assert _ids(body, "person") == {f"person:P{i}" for i in range(1, 8)}
    assert _ids(body, "household") == {"household:H2"}
    assert _ids(body, "involvement") == {"involvement:csc:E1", "involvement:early_help:E2"}
    assert _ids(body, "practitioner") == {"practitioner:csc:E1", "practitioner:early_help:E2"}
    chloe = next(n["data"] for n in body["elements"]["nodes"] if n["data"]["id"] == "person:P3")
    assert chloe["parent"] == "household:H2" and chloe["focus"] is True and chloe["dob"] == "2015-05-06"
    lead = next(n["data"] for n in body["elements"]["nodes"] if n["data"]["id"] == "practitioner:csc:E1")
    assert lead["phone"] == "0113 496 0123" and lead["role"] == "Social worker"
    kinds = {e["data"]["kind"] for e in body["elements"]["edges"]}
    assert {"parent", "former-partner", "sibling", "relative", "involvement", "lead"} <= kinds
    assert body["hidden"] == {
        "people": 0,
        "involvements": 1,
        "message": "1 more involvement hidden: expand or see the tables.",
    }


def test_as_at_redraws_households_and_involvements(client):
    body = client.get(f"{URL}?as_at=2021-06-01").get_json()
    assert _ids(body, "household") == {"household:H1"}
    assert _ids(body, "involvement") == {"involvement:early_help:E2"}
    early_help = next(n["data"] for n in body["elements"]["nodes"] if n["data"]["id"] == "involvement:early_help:E2")
    assert early_help["status"] == "open" and "OPEN" in early_help["label"]


def test_expand_is_repeatable_and_draws_the_relatives_households_and_services(client):
    body = client.get(f"{URL}?as_at=2026-11-01&expand=P2&expand=P6").get_json()
    assert body["expanded"] == ["P2", "P6"]
    assert "involvement:amh:E3" in _ids(body) and "household:H3" in _ids(body)
    assert body["hidden"]["message"] is None


def test_a_bad_date_is_a_400_naming_as_at(client):
    response = client.get(f"{URL}?as_at=2022-13-01")
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_parameter"
    assert "as_at" in response.get_json()["message"]


def test_an_unknown_parameter_is_a_400_naming_it(client):
    response = client.get(f"{URL}?zoom=2")
    assert response.status_code == 400
    assert "zoom" in response.get_json()["message"]


def test_an_unknown_person_is_a_404(client):
    response = client.get("/api/people/NOPE/family-graph")
    assert response.status_code == 404
    assert response.get_json() == {"error": "not_found", "message": "no person with id NOPE"}


def test_signed_out_is_a_401(anonymous):
    assert anonymous.get(URL).status_code == 401


def test_openapi_documents_the_endpoint_and_its_parameters(client):
    spec = client.get("/api/openapi.json").get_json()
    operation = spec["paths"]["/api/people/{person_id}/family-graph"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert names == {"person_id", "as_at", "expand"}


# ---- the partial on the person page: the map's accessible equivalent, readable without JavaScript ----


def test_the_page_lists_the_maps_people_households_and_involvements(client):
    html = client.get("/people/P3?as_at=2026-11-01").get_data(as_text=True)
    text = _text(html)
    assert 'id="family-map-canvas"' in html and 'aria-label="Family map of Chloe Jones-Smith' in html
    assert 'data-graph-url="/api/people/P3/family-graph"' in html
    assert "People on the map as at 1 November 2026" in text
    assert "Ben Jones Father 37 None drawn Not drawn: 1 hidden Expand" in text
    assert "7 Oak Street, Exampleton, EX2 2BB Anna Smith, Chloe Jones-Smith, Dan Jones" in text
    assert (
        "Early help: family support Exampleton Council Dan Jones Closed from 1 February 2021 to 30 September 2021"
        in text
    )
    assert 'href="tel:01134960123"' in html and 'href="mailto:sam.worker@example.org"' in html
    assert "1 more involvement hidden: expand or see the tables." in text
    assert "Dashed border: a closed service involvement" in text.replace("Rounded box with a dashed", "Dashed")


def test_expand_without_javascript_is_a_link_that_keeps_the_date(client_as):
    client = client_as("front_door")  # the role that sees adult mental health in full (policy/access.yaml)
    html = client.get("/people/P3?as_at=2026-11-01").get_data(as_text=True)
    link = re.search(r'<a class="govuk-link" href="([^"]+)" data-expand="P2">', html)
    assert link and unescape(link.group(1)) == "?as_at=2026-11-01&expand=P2#family-map"
    expanded = client.get("/people/P3" + unescape(link.group(1)).split("#")[0]).get_data(as_text=True)
    assert "Adult mental health: community mental health" in _text(expanded)
    assert 'data-collapse="P2"' in expanded
    assert '<input type="hidden" name="expand" value="P2">' in expanded  # the as-at form keeps the expansion


def test_the_partial_has_no_inline_script_or_style(client):
    html = client.get("/people/P3").get_data(as_text=True)
    start = html.index('id="family-map-root"')
    end = html.index("</section>", start)
    partial = html[start:end]
    assert "style=" not in partial
    # The only script element in the partial is the first drawing's data: JSON the browser never executes.
    assert re.findall(r"<script[^>]*>", partial) == ['<script type="application/json" id="family-map-initial">']
    assert json.loads(re.search(r'id="family-map-initial">(.*?)</script>', partial, re.S).group(1))["focus_id"] == "P3"
    ours = re.findall(r"<script[^>]*src=[^>]*(?:cytoscape|family-map)[^>]*>(.*?)</script>", html, re.S)
    assert len(ours) == 5 and not any(body.strip() for body in ours)
    assert 'src="/static/vendor/cytoscape/cytoscape-fcose.js"' in html
    assert 'type="module" src="/static/js/family-map.js"' in html
