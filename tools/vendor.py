"""Vendor the front-end libraries from npm into static/vendor/ (``make vendor``; the output is committed).

Why committed: council networks and CI are offline at run time, and the app must start from a clean clone with
Python alone. package.json pins exact versions; this script copies only the built files the pages load, bundles the
libraries that ship as many small ES modules (CodeMirror) into one minified module each with esbuild, compiles
GOV.UK Frontend's Sass with our settings (Arial, not the GOV.UK-only GDS Transport font), and records the versions
in static/vendor/VERSIONS.json, which a test compares with package.json.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE = ROOT / "node_modules"
OUT = ROOT / "static" / "vendor"

# (package, file inside the package, name under static/vendor/<folder>/)
FILES = {
    "cytoscape": [
        ("cytoscape", "dist/cytoscape.min.js", "cytoscape.min.js"),
        ("cytoscape", "LICENSE", "LICENSE-cytoscape"),
        ("layout-base", "layout-base.js", "layout-base.js"),
        ("layout-base", "LICENSE", "LICENSE-layout-base"),
        ("cose-base", "cose-base.js", "cose-base.js"),
        ("cose-base", "LICENSE", "LICENSE-cose-base"),
        ("cytoscape-fcose", "cytoscape-fcose.js", "cytoscape-fcose.js"),
        ("cytoscape-fcose", "LICENSE", "LICENSE-cytoscape-fcose"),
    ],
    "govuk-frontend": [
        ("govuk-frontend", "dist/govuk/govuk-frontend.min.js", "govuk-frontend.min.js"),
        ("govuk-frontend", "LICENSE", "LICENSE"),
    ],
    "moj-frontend": [
        ("@ministryofjustice/frontend", "moj/moj-frontend.min.js", "moj-frontend.min.js"),
        ("@ministryofjustice/frontend", "LICENSE", "LICENSE"),
    ],
}
# (entry module under tools/frontend/, bundle under static/vendor/<folder>/): one minified ES module per entry, with the
# licence of every npm package that ends up inside it.
BUNDLES = {
    "codemirror": [("tools/frontend/cypher-editor.entry.js", "cypher-editor.js")],
}
# No GOV.UK assets: its fonts, crown and favicons are GOV.UK's alone (the generic header needs none of them).
# MoJ Frontend's component icons only (not its logotypes).
MOJ_IMAGES_FROM = "@ministryofjustice/frontend/moj/assets/images"


def npm_version(package: str) -> str:
    return json.loads((NODE / package / "package.json").read_text())["version"]


def package_of(bundled_path: str) -> str | None:
    """The npm package a file esbuild bundled comes from ("node_modules/@scope/name/dist/x.js" -> "@scope/name")."""
    parts = Path(bundled_path).parts
    if "node_modules" not in parts:
        return None
    at = len(parts) - 1 - parts[::-1].index("node_modules")
    return "/".join(parts[at + 1 : at + 3]) if parts[at + 1].startswith("@") else parts[at + 1]


def bundle(entry: str, out_file: Path) -> list[str]:
    """Bundle `entry` and what it imports into `out_file`; returns the npm packages bundled, sorted."""
    with tempfile.TemporaryDirectory() as scratch:
        metafile = Path(scratch) / "meta.json"
        subprocess.run(
            [
                str(NODE / ".bin" / "esbuild"),
                entry,
                "--bundle",
                "--format=esm",
                "--minify",
                "--target=es2020",
                "--legal-comments=none",  # the licences are copied beside the bundle instead
                "--log-level=warning",
                f"--metafile={metafile}",
                f"--outfile={out_file}",
            ],
            cwd=ROOT,
            check=True,
        )
        inputs = json.loads(metafile.read_text())["inputs"]
    return sorted({package for path in inputs if (package := package_of(path))})


def copy_licence(package: str, folder: Path) -> None:
    dst = folder / ("LICENSE-" + package.lstrip("@").replace("/", "-"))
    found = sorted((NODE / package).glob("LICEN[CS]E*"))
    if found:
        shutil.copyfile(found[0], dst)
    else:
        write_declared_licence(package, dst)


def write_declared_licence(package: str, dst: Path) -> None:
    """Some packages ship no licence file: record the licence their package.json declares."""
    meta = json.loads((NODE / package / "package.json").read_text())
    dst.write_text(
        f"{package} {meta['version']}: licence {meta['license']} (declared in its package.json; "
        "the package ships no licence file)\n"
    )


def main() -> int:
    if not NODE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
    if OUT.exists():
        shutil.rmtree(OUT)
    versions = {}
    for folder, files in FILES.items():
        (OUT / folder).mkdir(parents=True, exist_ok=True)
        for package, src, dst in files:
            source = NODE / package / src
            if source.exists():
                shutil.copyfile(source, OUT / folder / dst)
            else:
                write_declared_licence(package, OUT / folder / dst)
            versions[package] = npm_version(package)

    for folder, entries in BUNDLES.items():
        (OUT / folder).mkdir(parents=True, exist_ok=True)
        for entry, dst in entries:
            for package in bundle(entry, OUT / folder / dst):
                copy_licence(package, OUT / folder)
                versions[package] = npm_version(package)
    versions["esbuild"] = npm_version("esbuild")

    subprocess.run(
        [
            str(NODE / ".bin" / "sass"),
            "--load-path=node_modules",
            "--style=compressed",
            "--no-source-map",
            "--quiet-deps",
            "--silence-deprecation=import",
            "static/scss/familygraph.scss",
            str(OUT / "govuk-frontend" / "govuk-frontend.css"),
        ],
        cwd=ROOT,
        check=True,
        stderr=subprocess.DEVNULL,
    )

    # MoJ Frontend's built CSS: point its images at our copy and drop the GOV.UK-only font name.
    moj_css = (NODE / "@ministryofjustice/frontend/moj/moj-frontend.min.css").read_text()
    moj_css = moj_css.replace("url(/assets/", "url(/static/vendor/moj-frontend/assets/")
    moj_css = re.sub(r'"?GDS Transport"?,', "", moj_css)
    (OUT / "moj-frontend" / "moj-frontend.min.css").write_text(moj_css)
    images = OUT / "moj-frontend" / "assets" / "images"
    images.mkdir(parents=True)
    for icon in sorted((NODE / MOJ_IMAGES_FROM).glob("icon-*.svg")):
        shutil.copyfile(icon, images / icon.name)

    versions["sass"] = npm_version("sass")
    (OUT / "VERSIONS.json").write_text(json.dumps(dict(sorted(versions.items())), indent=2) + "\n")
    print(f"vendored into {OUT.relative_to(ROOT)}: " + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
