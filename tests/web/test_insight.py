"""The service insight page, its charts, CSVs and API, on a small town whose counts are known by hand
(tests/fixtures/insight_graph.py).

The service layer runs on both engines and must give the hand counts, and the same as counting the fixture's raw
rows directly in Python (at the fixture's as-at date and others). The pages run on the embedded engine as a service
leader would use them: the three tables, the CSVs with the tables' numbers, the SVG charts, a bad date, and what a
leader may not open.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest

from app.services import insight
from graph import open_store
from tests.conftest import ENGINES, open_test_store
from tests.fixtures.insight_graph import AS_AT, EPISODES, MEMBERS, SERVICES, load_insight_graph

D = dt.date
SVG = "{http://www.w3.org/2000/svg}"

# -- the hand counts (see the fixture's docstring) --------------------------------------------------------------------
# Services by category, then name: adult mental health, early help, education, health, housing, police, social care,
# youth justice.
ORDER = ["amh", "early_help", "schools", "health", "housing", "police", "csc", "youth_justice"]
NAMES = [
    "Adult mental health",
    "Early help",
    "Schools",
    "Health visiting",
    "Housing",
    "Police notifications",
    "Children's social care",
    "Youth offending team",
]
HAND_MATRIX = [
    # amh eh sch hea hou pol csc yj
    [0, 0, 0, 0, 0, 0, 0, 0],  # adult mental health: Gus lives in no family now
    [0, 1, 1, 1, 1, 1, 1, 0],  # early help: HE only (Bea's ended 13 months before)
    [0, 1, 3, 1, 1, 2, 2, 1],  # Schools: HA, HD, HE (two schools, one service)
    [0, 1, 1, 2, 1, 1, 1, 0],  # health: HB (ended exactly 12 months before), HE
    [0, 1, 1, 1, 2, 1, 1, 0],  # housing: HC, HE
    [0, 1, 2, 1, 1, 2, 1, 1],  # police: HD (Cora lives there now), HE
    [0, 1, 2, 1, 1, 1, 2, 0],  # children's social care: HA (two members, counted once), HE
    [0, 0, 1, 0, 0, 1, 0, 1],  # youth offending: HD
]
HAND_BUCKETS = [("1", 2), ("2", 1), ("3", 1), ("4", 0), ("5", 0), ("6+", 1)]  # HB, HC | HA | HD | HE
HAND_FAMILIES = 6  # HA to HF; HG has no member on the as-at date
# June 2024 (0) to May 2026 (23): June 2026 is still in progress on 15 June 2026.
HAND_MONTHS = {
    "amh": [0] * 24,
    "early_help": [1] * 12 + [0] + [1] * 6 + [0] * 5,
    "schools": [3] * 24,
    "health": [1] * 12 + [2] + [1] * 6 + [2] * 5,
    "housing": [2] * 24,
    "police": [0] * 21 + [1, 0, 1],
    "csc": [1] * 15 + [2, 2, 3, 3, 4, 4, 3, 3, 3],
    "youth_justice": [0] * 20 + [1] * 4,
}


# -- direct counts from the fixture's raw rows --------------------------------------------------------------------
SYSTEM = {s["code"]: s["system"] for s in SERVICES}


def direct_family_services(as_at: dt.date) -> dict[str, set[str]]:
    """household -> the services involved with it, straight from the definition."""
    since = insight.months_before(as_at, 12)
    families = {}
    for household, members in MEMBERS.items():
        current = {p for p, joined, left in members if joined <= as_at and (left is None or left >= as_at)}
        if current:
            families[household] = {
                SYSTEM[code]
                for _, person, code, start, end in EPISODES
                if person in current and start <= as_at and (end is None or end >= since)
            }
    return families


def direct_matrix(as_at: dt.date) -> list[list[int]]:
    families = direct_family_services(as_at).values()
    return [[sum(1 for f in families if a in f and b in f) for b in ORDER] for a in ORDER]


def direct_buckets(as_at: dt.date) -> list[tuple[str, int]]:
    sizes = Counter(min(len(f), 6) for f in direct_family_services(as_at).values() if f)
    return [(str(n) if n < 6 else "6+", sizes[n]) for n in range(1, 7)]


def direct_months(as_at: dt.date) -> tuple[list[D], dict[str, list[int]]]:
    """The 24 whole months up to as_at (walked back a day at a time), and each service's open episodes in each."""
    day = as_at if (as_at + dt.timedelta(days=1)).day == 1 else as_at.replace(day=1) - dt.timedelta(days=1)
    spans = []
    while len(spans) < 24:
        first = day.replace(day=1)
        spans.append((first, day))
        day = first - dt.timedelta(days=1)
    spans.reverse()
    counts = {
        key: [
            sum(
                1
                for _, _, code, start, end in EPISODES
                if SYSTEM[code] == key and start <= last and (end is None or end >= first)
            )
            for first, last in spans
        ]
        for key in ORDER
    }
    return [first for first, _ in spans], counts


# -- the service layer, on both engines --------------------------------------------------------------------------
@pytest.fixture(scope="module", params=ENGINES)
def insight_store(request, tmp_path_factory):
    store = open_test_store(request.param, tmp_path_factory)
    load_insight_graph(store)
    yield store
    store.close()


def test_services_are_source_services_ordered_by_category(insight_store):
    found = insight.services(insight_store)
    assert [s.key for s in found] == ORDER
    assert [s.name for s in found] == NAMES
    assert next(s for s in found if s.key == "schools").members == 3  # Schools itself and its two schools


def test_co_involvement_matrix_equals_the_hand_counts_and_the_direct_counts(insight_store):
    data = insight.co_involvement(insight_store, AS_AT)
    assert data.involvement_from == D(2025, 6, 15)
    assert [s.key for s in data.services] == ORDER
    assert data.families == HAND_MATRIX
    assert data.families == direct_matrix(AS_AT)


def test_families_by_number_of_services_equal_the_hand_counts_and_the_direct_counts(insight_store):
    data = insight.services_per_family(insight_store, AS_AT)
    assert data.buckets == HAND_BUCKETS == direct_buckets(AS_AT)
    assert data.families == HAND_FAMILIES
    assert data.known_to_any == 5


def test_open_involvements_by_month_equal_the_hand_counts_and_the_direct_counts(insight_store):
    data = insight.open_by_month(insight_store, AS_AT)
    assert [m.label for m in (data.months[0], data.months[-1])] == ["Jun 2024", "May 2026"]
    series = {s.key: counts for s, counts in zip(data.services, data.counts, strict=True)}
    assert series == HAND_MONTHS
    firsts, direct = direct_months(AS_AT)
    assert [m.first_day for m in data.months] == firsts
    assert series == direct


@pytest.mark.parametrize("as_at", [D(2025, 6, 15), D(2025, 12, 31), D(2026, 2, 1), D(2026, 5, 31), D(2026, 7, 2)])
def test_every_figure_equals_the_direct_counts_on_other_dates(insight_store, as_at):
    data = insight.insight(insight_store, as_at)
    assert data.co_involvement.families == direct_matrix(as_at)
    assert data.services_per_family.buckets == direct_buckets(as_at)
    firsts, direct = direct_months(as_at)
    assert [m.first_day for m in data.open_by_month.months] == firsts
    by_key = zip(data.open_by_month.services, data.open_by_month.counts, strict=True)
    assert {s.key: counts for s, counts in by_key} == direct


def test_month_arithmetic():
    assert insight.months_before(D(2024, 2, 29), 12) == D(2023, 2, 28)
    assert insight.months_before(D(2026, 3, 31), 1) == D(2026, 2, 28)
    assert insight.months_before(D(2026, 1, 15), 12) == D(2025, 1, 15)
    whole = insight.trend_months(D(2026, 5, 31))
    assert (whole[0].first_day, whole[-1].last_day) == (D(2024, 6, 1), D(2026, 5, 31))
    in_progress = insight.trend_months(D(2026, 6, 1))
    assert (in_progress[0].first_day, in_progress[-1].last_day) == (D(2024, 6, 1), D(2026, 5, 31))
    assert insight.trend_months(D(2025, 1, 10))[-1] == insight.Month(D(2024, 12, 1), D(2024, 12, 31))


# -- the pages, as a service leader uses them ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def web_store(tmp_path_factory):
    """The app's store for this module's pages: the insight town instead of the contract family."""
    store = open_store(f"embedded:{tmp_path_factory.mktemp('insight-web-graph')}", apply_schema=True)
    load_insight_graph(store)
    yield store
    store.close()


@pytest.fixture
def leader(client_as):
    return client_as("leader", reasons=False)


class Tables(HTMLParser):
    """Every <table id=...> of a page as its caption and rows of cell texts (header cells included)."""

    def __init__(self, page: str):
        super().__init__()
        self.tables: dict[str, dict] = {}
        self._table = self._row = self._cell = None
        self._in_caption = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = self.tables.setdefault(dict(attrs).get("id"), {"caption": "", "rows": []})
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._table is not None:
            self._row = []
            self._table["rows"].append(self._row)
        elif tag in ("th", "td") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._in_caption and self._table is not None:
            self._table["caption"] += data
        elif self._cell is not None:
            self._cell.append(data)


def numbers(rows: list[list[str]]) -> list[list[int]]:
    return [[int(cell.replace(",", "")) for cell in row[1:]] for row in rows[1:]]


def page_tables(client, as_at=AS_AT) -> dict[str, dict]:
    response = client.get(f"/insight?as_at={as_at.isoformat()}")
    assert response.status_code == 200
    return Tables(response.get_data(as_text=True)).tables


def test_the_leader_sees_the_three_tables_with_the_hand_counts(leader):
    tables = page_tables(leader)
    co = tables["co-involvement-table"]
    assert "12 months to 15 June 2026" in co["caption"]
    assert co["rows"][0] == ["Service", *NAMES]
    assert [row[0] for row in co["rows"][1:]] == NAMES
    assert numbers(co["rows"]) == HAND_MATRIX

    per_family = tables["services-per-family-table"]
    assert per_family["rows"] == [
        ["Services involved", "Families"],
        ["1 service", "2"],
        ["2 services", "1"],
        ["3 services", "1"],
        ["4 services", "0"],
        ["5 services", "0"],
        ["6 or more services", "1"],
    ]

    by_month = tables["open-by-month-table"]
    assert by_month["rows"][0] == ["Month", *NAMES]
    assert [row[0] for row in by_month["rows"][1:3]] == ["Jun 2024", "Jul 2024"]
    assert by_month["rows"][-1][0] == "May 2026"
    assert numbers(by_month["rows"]) == [[HAND_MONTHS[key][k] for key in ORDER] for k in range(24)]


def test_the_page_states_the_definitions_and_the_totals(leader):
    page = leader.get(f"/insight?as_at={AS_AT.isoformat()}").get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    for definition in insight.DEFINITIONS.values():
        assert " ".join(definition.split()).replace("'", "&#39;") in text
    assert "Involvement counted from 15 June 2025" in text
    assert "Families 6 on 15 June 2026" in text
    assert "Known to at least one service 5 families" in text
    assert "1 of the 6 families was known to none" in text


def test_each_chart_is_an_image_with_a_summary_and_a_csv_link(leader):
    page = leader.get(f"/insight?as_at={AS_AT.isoformat()}").get_data(as_text=True)
    images = re.findall(r"<img[^>]*>", page)
    assert len(images) == 3
    for chart, image in zip(insight.CHARTS, images, strict=True):
        assert f'src="/insight/{chart}.svg?as_at=2026-06-15"' in image
        assert re.search(r'alt="[^"]{40,}"', image), image
        assert f'href="/insight/{chart}.csv?as_at=2026-06-15"' in page
    assert "Schools and Children&#39;s social care (2); Schools and Police notifications (2)" in images[0]
    assert (
        "1 service: 2; 2 services: 1; 3 services: 1; 4 services: 0; 5 services: 0; 6 or more services: 1" in images[1]
    )


@pytest.mark.parametrize(
    ("chart", "table_id"),
    [
        ("co_involvement", "co-involvement-table"),
        ("services_per_family", "services-per-family-table"),
        ("open_by_month", "open-by-month-table"),
    ],
)
def test_each_csv_has_the_numbers_of_its_table(leader, chart, table_id):
    table = page_tables(leader)[table_id]["rows"]
    response = leader.get(f"/insight/{chart}.csv?as_at={AS_AT.isoformat()}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert f"service-insight-{chart.replace('_', '-')}-2026-06-15.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == table[0]
    assert [row[0] for row in rows] == [row[0] for row in table]
    assert numbers(rows) == numbers(table)


def test_each_svg_is_a_valid_deterministic_svg_with_its_numbers(leader):
    for chart in insight.CHARTS:
        response = leader.get(f"/insight/{chart}.svg?as_at={AS_AT.isoformat()}")
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        root = ElementTree.fromstring(response.get_data())
        assert root.tag == f"{SVG}svg"
        assert not list(root.iter(f"{SVG}script"))
        texts = {"".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")}
        if chart == "co_involvement":
            assert {"0", "1", "2", "3"} <= texts and "Schools" in texts
        elif chart == "services_per_family":
            assert {"2", "1", "0", "6 or more"} <= texts
        else:
            assert {"Jun 2024", "Children's social care", "Youth offending team"} <= texts
        assert b"<dc:date>" not in response.get_data()
        again = leader.get(f"/insight/{chart}.svg?as_at={AS_AT.isoformat()}")
        assert again.get_data() == response.get_data(), "the same figures draw the same bytes"
        policy = response.headers["Content-Security-Policy"]
        assert policy == "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"


def test_the_page_keeps_the_strict_policy(leader):
    policy = leader.get("/insight").headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy


def test_a_bad_date_is_a_400_naming_the_field(leader):
    response = leader.get("/insight?as_at=2026-02-30")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "govuk-error-summary" in page and 'href="#as_at"' in page
    assert "Enter the date the figures are as at as year-month-day" in page
    assert "Figures as at" in page and 'value="2026-02-30"' in page
    assert "<img" not in page
    assert leader.get("/insight?as_at=0001-01-01").status_code == 400
    assert leader.get("/insight/co_involvement.svg?as_at=yesterday").status_code == 400
    assert leader.get("/insight/open_by_month.csv?as_at=2026-13-01").status_code == 400


def test_an_unknown_chart_is_a_404(leader):
    assert leader.get("/insight/pie.svg").status_code == 404
    assert leader.get("/insight/pie.csv").status_code == 404


def test_without_a_date_the_figures_are_as_at_today(leader):
    page = leader.get("/insight").get_data(as_text=True)
    today = dt.date.today()
    assert f'value="{today.isoformat()}"' in page
    assert f"{today.day} {today:%B %Y}" in page


def test_the_leader_finds_the_page_in_the_menu_but_cannot_search_or_open_a_person(leader):
    page = leader.get("/insight").get_data(as_text=True)
    assert re.search(r'href="/insight" aria-current="true">\s*<strong[^>]*>Service insight</strong>', page)
    home = leader.get("/")
    assert home.status_code == 302 and home.headers["Location"].endswith("/insight"), "the leader starts here"
    assert leader.get("/?q=Example").status_code == 403, "a search"
    assert leader.get("/people/A1").status_code == 403
    assert leader.get("/api/people/A1").status_code == 403


def test_roles_without_aggregate_access_cannot_open_it(client_as):
    social_worker = client_as("social_worker", reasons=False)
    for url in ("/insight", "/insight/co_involvement.svg", "/insight/co_involvement.csv", "/api/insight"):
        assert social_worker.get(url).status_code == 403, url


def test_the_api_gives_the_same_figures(leader):
    body = leader.get(f"/api/insight?as_at={AS_AT.isoformat()}").get_json()
    assert body["as_at"] == "2026-06-15" and body["involvement_from"] == "2025-06-15"
    assert [s["key"] for s in body["services"]] == ORDER
    assert [row["families"] for row in body["co_involvement"]] == HAND_MATRIX
    assert body["services_per_family"] == {
        "families": HAND_FAMILIES,
        "known_to_any": 5,
        "buckets": [{"services": label, "families": n} for label, n in HAND_BUCKETS],
    }
    months = body["open_by_month"]["months"]
    assert (months[0]["month"], months[-1]["month"], months[-1]["last_day"]) == ("2024-06", "2026-05", "2026-05-31")
    assert {s["service"]: s["counts"] for s in body["open_by_month"]["series"]} == HAND_MONTHS
    assert set(body["definitions"]) == {"family", "involved", "service", "open_in_month"}


def test_the_api_refuses_a_bad_date_naming_it(leader):
    response = leader.get("/api/insight?as_at=not-a-date")
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_parameter" and "as_at" in response.get_json()["message"]
    assert "/api/insight" in leader.get("/api/openapi.json").get_json()["paths"]
