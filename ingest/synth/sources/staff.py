"""Staff / professional lookup files of the sources that give professionals an id."""

from __future__ import annotations

from ..context import Context


def render(ctx: Context, sink) -> None:
    pools = ctx.staff.pools
    for p in pools["csc"]:
        sink.add("csc/workers.csv", [p.source_id, p.name, p.role, p.team, p.org, p.phone, p.email])
    for p in pools["health"]:
        sink.add("health/staff.csv", [p.source_id, p.name, p.role, p.team, p.org, p.phone, p.email])
    for p in pools["police"]:
        sink.add("police/officers.csv", [p.source_id, p.name, p.role, p.team, p.org, p.phone, p.email])
    for p in pools["housing"]:
        sink.add("housing/officers.csv", [p.source_id, p.name, p.role, p.team, p.org, p.phone, p.email])
    for p in pools["amh"]:
        sink.add("adult_mental_health/staff.csv", [p.source_id, p.name, p.role, p.team, p.org, p.phone, p.email])
    for p in pools["yj"]:
        sink.add("youth_justice/case_managers.csv", [p.source_id, p.name, p.role, p.team, p.org, p.phone, p.email])
