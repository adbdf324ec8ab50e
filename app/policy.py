"""The access policy (policy/access.yaml): which role may open which page, and how much of each kind of data it sees.

The file is read and checked once; a wrong file stops start-up with a message naming the key to fix. Everything
else here is a pure function of the policy, a role and plain rows (dicts as the named queries return them), so
the pages, the JSON API and the exports all apply the same rules:

- ``allowed(role, endpoint)``: may this role open this page or API endpoint (deny when not listed);
- ``view_involvement(role, row, person_age, as_at)``: an involvement as the role may see it: unchanged, reduced to
  "known to <service>, contact <lead>", or None (hidden, or age-gated);
- ``minimise(role, rows, as_at)``: the per-source caps (e.g. police: the N most recent relevant notifications);
- ``visible_person(role, person)`` / ``may_see_person``: restricted records, shown as "Restricted record";
- ``involvements_for(role, rows, people, as_at)``: all of the above over one family's involvements;
- ``source_visible`` and ``visible_change``: the "sources searched" list and the "what changed" panel;
- ``enforce_page_policy(app)``: the request hook that answers 403 for pages the role may not open.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "policy" / "access.yaml"
LEVELS = ("hidden", "reduced", "full")  # from least to most
ALL_ROLES = "all"

# What a reduced involvement keeps: who it concerns, which service (and source), and whom to contact. Every other
# field of the row (episode type, reason, dates, details, ...) is emptied; `status` becomes open or closed on the
# date viewed and `reduced` is set, so that templates and schemas keep working on the same keys.
REDUCED_KEEPS = (
    "person_id",
    "episode_id",
    "system",
    "service",
    "service_code",
    "agency",
    "category",
    "sensitive",
    "extracted_at",
    "lead_id",
    "lead_name",
    "lead_role",
    "lead_team",
    "lead_organisation",
    "lead_phone",
    "lead_email",
)

# Person fields that may stay on a restricted person's stand-in: nothing that identifies or locates them.
RESTRICTED_KEEPS = ("person_id",)

# Change kinds about a service (ingest/changes.py), and where their summaries name the service or source.
SERVICE_CHANGE_KINDS = frozenset({"episode_opened", "episode_closed", "known_to_service"})
EPISODE_CHANGE = re.compile(r"\(([^()]+)\) (?:opened|closed)$")
KNOWN_TO_CHANGE = re.compile(r"^Newly known to (\S+)$")


class PolicyError(ValueError):
    """The policy file is wrong; `key` is the dotted path of the entry to fix."""

    def __init__(self, origin: str, key: str, problem: str):
        super().__init__(f"{origin}: {key}: {problem}" if key else f"{origin}: {problem}")
        self.key = key


@dataclass(frozen=True)
class Category:
    name: str
    sensitive: bool
    min_age: int | None
    access: Mapping[str, str]  # role -> level


@dataclass(frozen=True)
class SourceRule:
    system: str
    category: str
    at_most: str | None = None
    keep_most_recent: int | None = None
    keep_within_months: int | None = None
    keep_types: frozenset[str] | None = None  # lower case; None keeps every type
    exempt_roles: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Policy:
    origin: str
    roles: Mapping[str, str]
    pages: Mapping[str, frozenset[str]]
    categories: Mapping[str, Category]
    category_of_service: Mapping[str, str]  # Service.category (lower case) -> category name
    unlisted: str
    unlisted_sensitive: str
    age_unknown_hidden: bool
    sources: Mapping[str, SourceRule]
    restricted_roles: frozenset[str]
    restricted_label: str

    # -- role x page -------------------------------------------------------------------------------------------
    def allowed(self, role: str | None, endpoint: str | None) -> bool:
        """May `role` open `endpoint`? Unknown endpoints and roles are refused."""
        return role in self.pages.get(endpoint or "", frozenset())

    def with_pages(self, extra: Mapping[str, str | Iterable[str]]) -> Policy:
        """A copy that also lets these endpoints be opened (`all` or a list of roles): for endpoints that exist only
        in a test app, which the council's file should not have to list."""
        reader = _Reader(self.origin)
        reader.roles = dict(self.roles)
        added = {
            endpoint: frozenset(self.roles)
            if roles == ALL_ROLES
            else reader.role_list(list(roles), f"pages.{endpoint}")
            for endpoint, roles in extra.items()
        }
        return replace(self, pages={**self.pages, **added})

    def require_roles(self, roles: Iterable[str]) -> None:
        """Stop start-up when the policy's roles and the app's differ (a role with no policy would see nothing,
        a policy role no user can hold is a mistake)."""
        expected, declared = set(roles), set(self.roles)
        if expected != declared:
            missing, extra = sorted(expected - declared), sorted(declared - expected)
            problem = "must list exactly the app's roles"
            if missing:
                problem += f"; missing: {', '.join(missing)}"
            if extra:
                problem += f"; not roles of the app: {', '.join(extra)}"
            raise PolicyError(self.origin, "roles", problem)

    # -- role x data category ------------------------------------------------------------------------------------
    def category_of(self, row: Mapping) -> str:
        """The policy category of an involvement (or source): its service's category if the policy lists it, else
        its source's, else `other` or `other sensitive` by the service's sensitive flag."""
        declared = (row.get("category") or "").strip().lower()
        if declared in self.category_of_service:
            return self.category_of_service[declared]
        rule = self.sources.get(row.get("system") or "")
        if rule and not declared:
            return rule.category
        return self.unlisted_sensitive if row.get("sensitive") else self.unlisted

    def level(self, role: str | None, row: Mapping) -> str:
        """full, reduced or hidden: the role's access to the row's category, never above what a sensitive
        service allows in `other sensitive`, and capped by its source's `at_most`."""
        category = self.categories[self.category_of(row)]
        level = category.access.get(role or "", "hidden")
        if row.get("sensitive") and not category.sensitive:
            level = _lower(level, self.categories[self.unlisted_sensitive].access.get(role or "", "hidden"))
        rule = self.sources.get(row.get("system") or "")
        if rule and rule.at_most and role not in rule.exempt_roles:
            level = _lower(level, rule.at_most)
        return level

    def view_involvement(self, role: str | None, row: dict, person_age: int | None, as_at: dt.date) -> dict | None:
        """The involvement as `role` may see it on `as_at`: the row itself, a reduced copy, or None.

        None also for an age-gated category (e.g. an adult service) when the person is younger than its minimum
        age, or their age is unknown and the policy hides those. A reduced row says only whether it was open or
        closed on `as_at`, so one that had not begun by then is left out (its dates cannot be shown to place it).
        """
        category = self.categories[self.category_of(row)]
        if category.min_age is not None:
            if person_age is None and self.age_unknown_hidden:
                return None
            if person_age is not None and person_age < category.min_age:
                return None
        level = self.level(role, row)
        if level == "full":
            return row
        if level == "reduced":
            return _reduced(row, as_at)
        return None

    # -- minimisation per source ---------------------------------------------------------------------------------
    def minimise(self, role: str | None, rows: list[dict], as_at: dt.date | None = None) -> list[dict]:
        """Apply each source's `keep` rule: per person, only the `most_recent` involvements of the listed types
        that started within `within_months` before `as_at` (default today). Other rows pass unchanged; the
        order of the rows is kept."""
        as_at = as_at or dt.date.today()
        groups: dict[tuple[str, str], list[dict]] = {}
        capped: set[int] = set()
        for row in rows:
            rule = self.sources.get(row.get("system") or "")
            if rule is None or rule.keep_most_recent is None or role in rule.exempt_roles:
                continue
            capped.add(id(row))
            if self._relevant(rule, row, as_at):
                groups.setdefault((rule.system, row.get("person_id")), []).append(row)
        kept = set()
        for (system, _), candidates in groups.items():
            candidates.sort(key=lambda r: (r["start_date"], r.get("episode_id") or ""), reverse=True)
            kept.update(id(r) for r in candidates[: self.sources[system].keep_most_recent])
        return [row for row in rows if id(row) not in capped or id(row) in kept]

    @staticmethod
    def _relevant(rule: SourceRule, row: Mapping, as_at: dt.date) -> bool:
        started = row.get("start_date")
        if started is None or started > as_at:
            return False
        if rule.keep_within_months is not None and started < _months_before(as_at, rule.keep_within_months):
            return False
        return rule.keep_types is None or (row.get("episode_type") or "").strip().lower() in rule.keep_types

    # -- restricted records --------------------------------------------------------------------------------------
    def may_see_person(self, role: str | None, person: Mapping) -> bool:
        return not person.get("restricted") or role in self.restricted_roles

    def visible_person(self, role: str | None, person: dict) -> dict:
        """The person row, or for a restricted person the role may not see, a stand-in with the same keys that
        says "Restricted record" and holds nothing else but our person id."""
        if self.may_see_person(role, person):
            return person
        stand_in = {key: None for key in person}
        stand_in.update({key: person[key] for key in RESTRICTED_KEEPS if key in person})
        stand_in.update(
            {"surname": self.restricted_label, "restricted": True, "restricted_record": True, "deceased": False}
        )
        if "name" in person:
            stand_in["name"] = self.restricted_label
        return stand_in

    # -- one family's involvements -------------------------------------------------------------------------------
    def involvements_for(
        self, role: str | None, rows: list[dict], people: Mapping[str, Mapping], as_at: dt.date
    ) -> list[dict]:
        """Every rule over a family's involvements: restricted people's involvements left out, the per-source
        caps, each row as the role may see it (age from `people[person_id]["dob"]` on `as_at`), and repeated
        reduced rows (same person, service, status and lead) shown once."""
        hidden_people = {pid for pid, person in people.items() if not self.may_see_person(role, person)}
        rows = [row for row in rows if row.get("person_id") not in hidden_people]
        shown, seen = [], set()
        for row in self.minimise(role, rows, as_at):
            person = people.get(row.get("person_id")) or {}
            viewed = self.view_involvement(role, row, _age_on(person.get("dob"), as_at), as_at)
            if viewed is None:
                continue
            if viewed.get("reduced"):
                key = (
                    viewed.get("person_id"),
                    viewed.get("service_code") or viewed.get("service"),
                    viewed.get("status"),
                    viewed.get("lead_id") or viewed.get("lead_name"),
                )
                if key in seen:
                    continue
                seen.add(key)
            shown.append(viewed)
        return shown

    # -- sources searched, and what changed ----------------------------------------------------------------------
    def source_visible(
        self, role: str | None, system: str, category: str | None = None, sensitive: bool | None = None
    ) -> bool:
        """May the role see that this source exists for the person (a "sources searched" row, a source record
        id)? Not when the source's category is hidden to them."""
        return self.level(role, {"system": system, "category": category, "sensitive": sensitive}) != "hidden"

    def visible_change(
        self, role: str | None, change: dict, categories_by_code: Mapping[str, str | None] | None = None
    ) -> dict | None:
        """A detected change as the role may see it. Changes about a service (episode opened or closed, newly
        known to a source) name the service's code in their summary (ingest/changes.py); `categories_by_code`
        maps service codes and source systems to Service.category. Full access shows the change; reduced keeps
        only "newly known to" (an opened/closed change carries the episode type and date); hidden drops it.
        A service change whose service cannot be told is treated as `other sensitive`."""
        if change.get("kind") not in SERVICE_CHANGE_KINDS:
            return change
        code = change.get("service_code") or change.get("system") or _service_code_in(change)
        category = (categories_by_code or {}).get(code) if code else None
        row = {"system": code, "category": category}
        if not category and code not in self.sources:
            row = {"sensitive": True}
        level = self.level(role, row)
        if level == "full" or (level == "reduced" and change["kind"] == "known_to_service"):
            return change
        return None


# -- reading the file ------------------------------------------------------------------------------------------------
def load_policy(path: str | Path | None = None) -> Policy:
    """Read and check the policy file (default policy/access.yaml); PolicyError names the key that is wrong."""
    path = Path(path or DEFAULT_PATH)
    origin = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PolicyError(origin, "", f"cannot read the policy file ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise PolicyError(origin, "", f"not valid YAML: {error}") from None
    return policy_from_mapping(data, origin)


def policy_from_mapping(data: object, origin: str = "access policy") -> Policy:
    return _Reader(origin).policy(data)


class _Reader:
    """Checks each part of the policy, naming the dotted key of the first problem found."""

    TOP = ("roles", "pages", "categories", "unlisted_categories", "age_unknown", "sources", "restricted_records")

    def __init__(self, origin: str):
        self.origin = origin
        self.roles: dict[str, str] = {}

    def fail(self, key: str, problem: str):
        raise PolicyError(self.origin, key, problem)

    def mapping(self, value, key: str, required: Iterable[str] = (), optional: Iterable[str] = ()) -> dict:
        if not isinstance(value, dict):
            self.fail(key, "must be a mapping of keys to values")
        allowed = set(required) | set(optional)
        for name in value:
            if not isinstance(name, str):
                self.fail(_join(key, str(name)), "keys must be text")
        if allowed:
            for name in value:
                if name not in allowed:
                    self.fail(_join(key, name), f"unknown key (expected one of: {', '.join(sorted(allowed))})")
        for name in required:
            if name not in value:
                self.fail(_join(key, name), "is missing")
        return value

    def text(self, value, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "must be non-empty text")
        return value.strip()

    def whole(self, value, key: str, least: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            self.fail(key, f"must be a whole number of at least {least}")
        return value

    def choice(self, value, key: str, choices: Iterable[str]) -> str:
        choices = tuple(choices)
        if value not in choices:
            self.fail(key, f"must be one of: {', '.join(choices)} (not {value!r})")
        return value

    def texts(self, value, key: str) -> list[str]:
        if not isinstance(value, list):
            self.fail(key, "must be a list")
        return [self.text(item, f"{key}[{i}]") for i, item in enumerate(value)]

    def role_list(self, value, key: str) -> frozenset[str]:
        roles = self.texts(value, key)
        for i, role in enumerate(roles):
            if role not in self.roles:
                self.fail(f"{key}[{i}]", f"unknown role {role!r} (roles are: {', '.join(self.roles)})")
        return frozenset(roles)

    # -- the parts ---------------------------------------------------------------------------------------------------
    def policy(self, data) -> Policy:
        data = self.mapping(data, "", required=self.TOP)
        for role, description in self.mapping(data["roles"], "roles").items():
            self.roles[role] = self.text(description, f"roles.{role}")
        pages = {
            endpoint: frozenset(self.roles) if value == ALL_ROLES else self.role_list(value, f"pages.{endpoint}")
            for endpoint, value in self.mapping(data["pages"], "pages").items()
        }
        categories = {
            name: self.category(name, value) for name, value in self.mapping(data["categories"], "categories").items()
        }
        unlisted = self.mapping(data["unlisted_categories"], "unlisted_categories", ("not_sensitive", "sensitive"))
        for which, name in unlisted.items():
            self.choice(name, f"unlisted_categories.{which}", categories)
        sources = {
            system: self.source(system, value) for system, value in self.mapping(data["sources"], "sources").items()
        }
        for system, rule in sources.items():
            self.choice(rule.category, f"sources.{system}.category", categories)
        restricted = self.mapping(data["restricted_records"], "restricted_records", ("roles", "label"))
        return Policy(
            origin=self.origin,
            roles=dict(self.roles),
            pages=pages,
            categories=categories,
            category_of_service=self.service_categories(data["categories"], categories),
            unlisted=unlisted["not_sensitive"],
            unlisted_sensitive=unlisted["sensitive"],
            age_unknown_hidden=self.choice(data["age_unknown"], "age_unknown", ("hidden", "shown")) == "hidden",
            sources=sources,
            restricted_roles=self.role_list(restricted["roles"], "restricted_records.roles"),
            restricted_label=self.text(restricted["label"], "restricted_records.label"),
        )

    def category(self, name: str, value) -> Category:
        key = f"categories.{name}"
        value = self.mapping(value, key, ("sensitive", "access"), ("service_categories", "min_age"))
        if not isinstance(value["sensitive"], bool):
            self.fail(f"{key}.sensitive", "must be true or false")
        access = self.mapping(value["access"], f"{key}.access", required=self.roles)
        for role, level in access.items():
            self.choice(level, f"{key}.access.{role}", LEVELS)
        min_age = value.get("min_age")
        return Category(
            name=name,
            sensitive=value["sensitive"],
            min_age=None if min_age is None else self.whole(min_age, f"{key}.min_age", 0),
            access=dict(access),
        )

    def service_categories(self, raw: dict, categories: dict[str, Category]) -> dict[str, str]:
        """Service.category values (compared in lower case) -> category; each value may mean one category only."""
        found: dict[str, str] = {}
        for name in categories:
            values = [
                name,
                *self.texts(raw[name].get("service_categories", []), f"categories.{name}.service_categories"),
            ]
            for value in values:
                value = value.lower()
                if found.get(value, name) != name:
                    self.fail(f"categories.{name}.service_categories", f"{value!r} already means {found[value]!r}")
                found[value] = name
        return found

    def source(self, system: str, value) -> SourceRule:
        key = f"sources.{system}"
        value = self.mapping(value, key, ("category",), ("at_most", "keep", "exempt_roles"))
        rule = {"system": system, "category": self.text(value["category"], f"{key}.category")}
        if "at_most" in value:
            rule["at_most"] = self.choice(value["at_most"], f"{key}.at_most", ("reduced", "hidden"))
        if "keep" in value:
            keep = self.mapping(value["keep"], f"{key}.keep", ("most_recent",), ("within_months", "episode_types"))
            rule["keep_most_recent"] = self.whole(keep["most_recent"], f"{key}.keep.most_recent", 1)
            if "within_months" in keep:
                rule["keep_within_months"] = self.whole(keep["within_months"], f"{key}.keep.within_months", 1)
            if "episode_types" in keep:
                types = self.texts(keep["episode_types"], f"{key}.keep.episode_types")
                rule["keep_types"] = frozenset(t.lower() for t in types)
        if "exempt_roles" in value:
            rule["exempt_roles"] = self.role_list(value["exempt_roles"], f"{key}.exempt_roles")
        return SourceRule(**rule)


# -- helpers ---------------------------------------------------------------------------------------------------------
def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def _lower(a: str, b: str) -> str:
    return min(a, b, key=LEVELS.index)


def _age_on(dob: dt.date | None, on: dt.date) -> int | None:
    if dob is None:
        return None
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):  # the same day of the month, or the month's last day
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def _status_on(row: Mapping, on: dt.date) -> str:
    """open or closed on the date, as the family map tells it (a source may close an episode without an end)."""
    began, ended = row.get("start_date"), row.get("end_date")
    if ended is None and (row.get("status") or "").lower() == "closed":
        return "closed"
    return "open" if (began is None or began <= on) and (ended is None or ended >= on) else "closed"


def _reduced(row: dict, as_at: dt.date) -> dict | None:
    if row.get("start_date") is not None and row["start_date"] > as_at:
        return None
    reduced = {key: None for key in row}
    reduced.update({key: row[key] for key in REDUCED_KEEPS if key in row})
    reduced.update({"status": _status_on(row, as_at), "reduced": True})
    return reduced


def _service_code_in(change: Mapping) -> str | None:
    summary = (change.get("summary") or "").strip()
    found = EPISODE_CHANGE.search(summary) or KNOWN_TO_CHANGE.match(summary)
    return found.group(1) if found else None


# -- the policy in force, for pages, API and exports ----------------------------------------------------------------
_loaded: dict[str, Policy] = {}


def active_policy() -> Policy:
    """The app's policy when called inside a request or app context (set by enforce_page_policy), else the
    default file, read once."""
    from flask import current_app, has_app_context

    if has_app_context() and "access_policy" in current_app.extensions:
        return current_app.extensions["access_policy"]
    if "default" not in _loaded:
        _loaded["default"] = load_policy()
    return _loaded["default"]


def allowed(role: str | None, endpoint: str | None) -> bool:
    return active_policy().allowed(role, endpoint)


def view_involvement(role: str | None, row: dict, person_age: int | None, as_at: dt.date) -> dict | None:
    return active_policy().view_involvement(role, row, person_age, as_at)


def minimise(role: str | None, rows: list[dict], as_at: dt.date | None = None) -> list[dict]:
    return active_policy().minimise(role, rows, as_at)


def may_see_person(role: str | None, person: Mapping) -> bool:
    return active_policy().may_see_person(role, person)


def visible_person(role: str | None, person: dict) -> dict:
    return active_policy().visible_person(role, person)


def involvements_for(role: str | None, rows: list[dict], people: Mapping[str, Mapping], as_at: dt.date) -> list[dict]:
    return active_policy().involvements_for(role, rows, people, as_at)


def source_visible(role: str | None, system: str, category: str | None = None, sensitive: bool | None = None) -> bool:
    return active_policy().source_visible(role, system, category, sensitive)


def visible_change(
    role: str | None, change: dict, categories_by_code: Mapping[str, str | None] | None = None
) -> dict | None:
    return active_policy().visible_change(role, change, categories_by_code)


# -- role x page, enforced on every request ---------------------------------------------------------------------------
REFUSED_TITLE = "You cannot use this page"
# Where each role starts: the first of these pages it may open (search is the home page of case work).
HOME_PAGES = (
    "pages.search",
    "pages.cohort_list",
    "pages.insight",
    "pages.data_quality",
    "pages.linkage_report",
    "status.status_page",
)


def home_endpoint(role: str | None, endpoints) -> str:
    """The page a role starts from, among the app's endpoints."""
    policy = active_policy()
    return next((e for e in HOME_PAGES if e in endpoints and policy.allowed(role, e)), "status.status_page")


def enforce_page_policy(app):
    """Load the policy (``ACCESS_POLICY_FILE`` or policy/access.yaml), check it against the app's roles, and refuse
    (403) any page or API endpoint the signed-in user's role may not open: a GOV.UK page, or JSON under /api/.
    Signed-out requests are left to the sign-in check. Also gives templates ``may_open(endpoint)`` so that menus
    offer only what the user may open. Returns the request hook."""
    from flask import jsonify, redirect, render_template, request, url_for
    from flask_login import current_user

    from app.users import ROLES

    policy = load_policy(app.config.get("ACCESS_POLICY_FILE") or DEFAULT_PATH)
    policy.require_roles(ROLES)
    app.extensions["access_policy"] = policy

    def refuse_pages_the_role_may_not_open():
        if request.endpoint is None or not current_user.is_authenticated:
            return None  # an unknown URL is a 404; signing in comes first
        if active_policy().allowed(current_user.role, request.endpoint):
            return None
        if request.path == "/" and not request.query_string:
            return redirect(home_url())  # "/" is search; a role without search starts on its own home page
        role = ROLES.get(current_user.role, current_user.role)
        message = (
            f"Your role ({role}) does not give access to this page. If your work needs it, ask your administrator."
        )
        if request.path.startswith("/api/"):
            return jsonify(error="forbidden", message=message), 403
        return render_template("error.html", title=REFUSED_TITLE, message=message, code=403), 403

    def may_open(endpoint: str) -> bool:
        return current_user.is_authenticated and active_policy().allowed(current_user.role, endpoint)

    def home_url() -> str:
        role = current_user.role if current_user.is_authenticated else None
        return url_for(home_endpoint(role, app.view_functions))

    app.before_request(refuse_pages_the_role_may_not_open)
    app.add_template_global(may_open, "may_open")
    app.add_template_global(home_url, "home_url")
    return refuse_pages_the_role_may_not_open
