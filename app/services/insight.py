"""Service insight for service leaders: which services work with the same families, how many services each family
is known to, and how many involvements each service has open month by month. Aggregate counts only: no person or
household identifier leaves this module.

Definitions (the page states them in words):

- A *family* is a household with at least one member on the as-at date (MEMBER_OF valid_from <= as_at and valid_to
  empty or >= as_at).
- A service is *involved with* a family if a member of it on the as-at date has an episode of that service open at
  any time in the 12 months up to the as-at date (start_date <= as_at and end_date empty or >= as_at minus 12
  months). Two members known to one service count once.
- A *service* is a source system's service: every Service node counts under its source system (Service.system), and
  is named after the Service whose code is the system. Each school is a Service node of its own; counted one by one
  they would make a matrix of hundreds of rows, so they count together as the source's "Schools".
- An involvement is *open in a month* if its episode started on or before the month's last day and did not end
  before its first day. The months are the 24 whole calendar months up to the as-at date: a month still in progress
  on the as-at date is left out, so that its part-month does not read as a fall.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

INVOLVEMENT_MONTHS = 12
TREND_MONTHS = 24
MOST_SERVICES = 6  # the last bar of the families-by-number-of-services chart is "6 or more"
CHARTS = ("co_involvement", "services_per_family", "open_by_month")

# The definitions, as the page and the API state them.
DEFINITIONS = {
    "family": "A household with at least one member on the as-at date (a membership that began on or before it "
    "and had not ended before it).",
    "involved": "A service is involved with a family if someone who is a member of the family on the as-at date "
    "had an episode with the service open at any time in the 12 months up to the as-at date (it began on or before "
    "the as-at date, and had no end date or ended on or after the same date 12 months earlier). Several members "
    "known to one service count once.",
    "service": "A source system's service. Where a source records several services (each school is a service of "
    "its own), they count together under the source's own service (Schools).",
    "open_in_month": "An involvement (one episode of a service with a person) is open in a month if it began on "
    "or before the month's last day and had no end date or ended on or after its first day. The months are the 24 "
    "whole calendar months up to the as-at date; a month still in progress on the as-at date is left out.",
}


@dataclass(frozen=True)
class Service:
    key: str  # the source system
    name: str
    category: str | None
    members: int  # how many Service nodes count under it (schools: one per school)


@dataclass(frozen=True)
class CoInvolvement:
    as_at: dt.date
    involvement_from: dt.date
    services: list[Service]
    families: list[list[int]]  # families[i][j]: families known to both services i and j; [i][i]: known to i


@dataclass(frozen=True)
class ServicesPerFamily:
    as_at: dt.date
    involvement_from: dt.date
    families: int  # every family on the as-at date, known to a service or not
    buckets: list[tuple[str, int]]  # ("1", families known to exactly one service), ..., ("6+", ...)

    @property
    def known_to_any(self) -> int:
        return sum(count for _, count in self.buckets)


@dataclass(frozen=True)
class Month:
    first_day: dt.date
    last_day: dt.date

    @property
    def label(self) -> str:
        return f"{self.first_day:%b %Y}"


@dataclass(frozen=True)
class OpenByMonth:
    as_at: dt.date
    months: list[Month]
    services: list[Service]
    counts: list[list[int]]  # counts[i][k]: involvements of service i open in month k


# -- dates -----------------------------------------------------------------------------------------------------------
def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier, or that month's last day (29 February -> 28 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return min(dt.date(year, month, 1) + dt.timedelta(days=day.day - 1), following - dt.timedelta(days=1))


def involvement_from(as_at: dt.date) -> dt.date:
    return months_before(as_at, INVOLVEMENT_MONTHS)


def trend_months(as_at: dt.date, count: int = TREND_MONTHS) -> list[Month]:
    """The `count` whole calendar months up to the as-at date, oldest first (the as-at date's own month is included
    only when the as-at date is its last day)."""
    next_day = as_at + dt.timedelta(days=1)
    end = dt.date(next_day.year, next_day.month, 1)  # the first day after the last whole month
    months = []
    for _ in range(count):
        last_day = end - dt.timedelta(days=1)
        first_day = dt.date(last_day.year, last_day.month, 1)
        months.append(Month(first_day, last_day))
        end = first_day
    return months[::-1]


# -- services --------------------------------------------------------------------------------------------------------
def services(store) -> list[Service]:
    """Every source system's service, ordered by category and then name."""
    by_key: dict[str, list[dict]] = {}
    for row in store.read("insight/services"):
        by_key.setdefault(row["service"], []).append(row)
    found = [_service(key, rows) for key, rows in by_key.items()]
    return sorted(found, key=lambda s: ((s.category or "").lower(), s.name.lower(), s.key))


def _service(key: str, rows: list[dict]) -> Service:
    own = next((r for r in rows if r["code"] == key), None)  # the source's own service (Schools for the schools)
    if own is None and len(rows) == 1:
        own = rows[0]
    if own is not None:
        return Service(key, own["name"] or key, own["category"], len(rows))
    category = Counter(r["category"] for r in rows).most_common(1)[0][0]
    return Service(key, f"{key} ({len(rows)} services)", category, len(rows))


def _with_unlisted(known: list[Service], keys) -> list[Service]:
    """`known` plus any service key a count mentions that the service list lacks (a service loaded in between)."""
    listed = {s.key for s in known}
    return known + [Service(key, key, None, 0) for key in sorted(set(keys) - listed)]


# -- the three figures -----------------------------------------------------------------------------------------------
def family_service_sets(store, as_at: dt.date) -> Counter:
    """frozenset of service keys -> number of families known to exactly those services."""
    sets: Counter = Counter()
    for row in store.read("insight/family_services", as_at=as_at, since=involvement_from(as_at)):
        sets[frozenset(row["services"])] += row["families"]
    return sets


def co_involvement(store, as_at: dt.date) -> CoInvolvement:
    return _co_involvement(as_at, services(store), family_service_sets(store, as_at))


def services_per_family(store, as_at: dt.date) -> ServicesPerFamily:
    families = store.read("insight/current_families", as_at=as_at)[0]["families"]
    return _services_per_family(as_at, family_service_sets(store, as_at), families)


def open_by_month(store, as_at: dt.date) -> OpenByMonth:
    return _open_by_month(as_at, services(store), store)


@dataclass(frozen=True)
class Insight:
    co_involvement: CoInvolvement
    services_per_family: ServicesPerFamily
    open_by_month: OpenByMonth


def insight(store, as_at: dt.date) -> Insight:
    """All three figures, reading each query once."""
    listed = services(store)
    sets = family_service_sets(store, as_at)
    families = store.read("insight/current_families", as_at=as_at)[0]["families"]
    return Insight(
        _co_involvement(as_at, listed, sets),
        _services_per_family(as_at, sets, families),
        _open_by_month(as_at, listed, store),
    )


def figures(store, as_at: dt.date, chart: str):
    """One chart's figures by its name (one of CHARTS)."""
    build = {
        "co_involvement": co_involvement,
        "services_per_family": services_per_family,
        "open_by_month": open_by_month,
    }
    return build[chart](store, as_at)


def _co_involvement(as_at: dt.date, listed: list[Service], sets: Counter) -> CoInvolvement:
    listed = _with_unlisted(listed, {key for found in sets for key in found})
    index = {s.key: i for i, s in enumerate(listed)}
    families = [[0] * len(listed) for _ in listed]
    for found, count in sets.items():
        positions = [index[key] for key in found]
        for i in positions:
            for j in positions:
                families[i][j] += count
    return CoInvolvement(as_at, involvement_from(as_at), listed, families)


def _services_per_family(as_at: dt.date, sets: Counter, families: int) -> ServicesPerFamily:
    by_size: Counter = Counter()
    for found, count in sets.items():
        by_size[min(len(found), MOST_SERVICES)] += count
    buckets = [(str(n) if n < MOST_SERVICES else f"{n}+", by_size[n]) for n in range(1, MOST_SERVICES + 1)]
    return ServicesPerFamily(as_at, involvement_from(as_at), families, buckets)


def _open_by_month(as_at: dt.date, listed: list[Service], store) -> OpenByMonth:
    months = trend_months(as_at)
    params = [{"first_day": m.first_day, "last_day": m.last_day} for m in months]
    rows = store.read(
        "insight/open_by_month", months=params, first_day=months[0].first_day, last_day=months[-1].last_day
    )
    listed = _with_unlisted(listed, {row["service"] for row in rows})
    index = {s.key: i for i, s in enumerate(listed)}
    column = {m.first_day: k for k, m in enumerate(months)}
    counts = [[0] * len(months) for _ in listed]
    for row in rows:
        counts[index[row["service"]]][column[row["month"]]] += row["episodes"]
    return OpenByMonth(as_at, months, listed, counts)
