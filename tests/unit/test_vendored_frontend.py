"""The vendored front-end files are the versions package.json pins, and nothing GOV.UK-only is shipped."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "static" / "vendor"


def test_vendored_versions_match_package_json():
    pinned = json.loads((ROOT / "package.json").read_text())
    wanted = {**pinned["dependencies"], **pinned["devDependencies"]}
    vendored = json.loads((VENDOR / "VERSIONS.json").read_text())
    assert {name: vendored[name] for name in wanted} == wanted, "run `make vendor` after changing package.json"


def test_every_vendored_file_a_page_loads_is_present():
    for name in [
        "codemirror/cypher-editor.js",
        "codemirror/LICENSE-codemirror-view",
        "cytoscape/cytoscape.min.js",
        "cytoscape/layout-base.js",
        "cytoscape/cose-base.js",
        "cytoscape/cytoscape-fcose.js",
        "govuk-frontend/govuk-frontend.css",
        "govuk-frontend/govuk-frontend.min.js",
        "moj-frontend/moj-frontend.min.css",
        "moj-frontend/moj-frontend.min.js",
    ]:
        assert (VENDOR / name).stat().st_size > 1000, name


def test_no_gov_uk_only_font_or_crown_is_shipped():
    css = (VENDOR / "govuk-frontend" / "govuk-frontend.css").read_text()
    assert "GDS Transport" not in css and "@font-face" not in css
    assert "GDS Transport" not in (VENDOR / "moj-frontend" / "moj-frontend.min.css").read_text()
    shipped = {p.name for p in VENDOR.rglob("*")}
    assert not {n for n in shipped if n.endswith((".woff", ".woff2")) or "crown" in n or "crest" in n}
