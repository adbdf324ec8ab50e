// The Cypher console (templates/pages/console.html), enhanced: the query textarea becomes a CodeMirror editor with
// Cypher highlighting (static/vendor/codemirror/cypher-editor.js, bundled by tools/vendor.py), the parameter rows
// follow the $parameters the query uses as it is typed, Ctrl+Enter (Cmd+Enter) runs the query, and nodes and
// relationships in the results are drawn with Cytoscape.js and the fCoSE layout.
// Without JavaScript the page is a textarea and a form post, and the server finds the parameters on each post.

import { attachCypherEditor } from "../vendor/codemirror/cypher-editor.js";

const INK = "#0b0c0c";
const GREY = "#505a5f";
const FONT = "Arial, Helvetica, sans-serif";
const VENDOR_FILES = ["cytoscape.min.js", "layout-base.js", "cose-base.js", "cytoscape-fcose.js"];
const SYNC_DELAY_MS = 300; // rows follow the query once typing pauses, not on each letter of a new name

// The same rules as the server's detect_parameters (app/services/console.py with graph/guard.py blank_literals),
// so the rows shown are the rows the server expects: a $name outside strings and comments, in order of first use.
const STRINGS_AND_COMMENTS = /'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|\/\/[^\n]*|\/\*[\s\S]*?\*\//g;
const PARAMETER = /\$([A-Za-z_][A-Za-z0-9_]*)/g;

export function detectParameters(text) {
  const code = String(text || "").replace(STRINGS_AND_COMMENTS, (m) => (m[0] === "'" || m[0] === '"' ? "''" : " "));
  return [...new Set(Array.from(code.matchAll(PARAMETER), (m) => m[1]))];
}

// The server's first guess of a new parameter's type from its name (guess_type in app/services/console.py), so a
// row added here starts as it would after a post without JavaScript.
export function guessType(name) {
  const lowered = name.toLowerCase();
  if (["as_at", "since", "until"].includes(lowered) || /(_date|_on|_since|_before|_after)$/.test(lowered)) return "date";
  if (/^(min_|max_|n_)/.test(lowered) || /(_count|_days|_months|_limit)$/.test(lowered)) return "integer";
  return "text";
}

// ---- parameter rows ----

class ParameterRows {
  constructor(container) {
    this.container = container;
    this.template = container.querySelector("#console-param-template");
    this.none = container.querySelector("#console-params-none");
    // Rows come and go as the query is typed: say so to screen reader users, once typing pauses.
    this.status = document.createElement("p");
    this.status.className = "govuk-visually-hidden";
    this.status.setAttribute("role", "status");
    this.status.id = "console-params-status";
    container.append(this.status);
  }

  rows() {
    return new Map(Array.from(this.container.querySelectorAll(".fg-param-row"), (row) => [row.dataset.param, row]));
  }

  // One row per name, in order of first use; rows that stay keep what was typed and chosen in them.
  show(names) {
    const before = this.rows();
    const added = names.filter((name) => !before.has(name));
    const removed = [...before.keys()].filter((name) => !names.includes(name));
    if (!added.length && !removed.length && [...before.keys()].join() === names.join()) return;
    for (const name of removed) before.get(name).remove();
    for (const name of names) this.template.before(before.get(name) || this.newRow(name));
    if (this.none) this.none.hidden = names.length > 0;
    this.announce(added, removed);
  }

  newRow(name) {
    // Clone the server's row and put the name where the template says __NAME__ (attributes and text only: the
    // name is plain letters, digits and underscores, and never parsed as markup).
    const fragment = this.template.content.cloneNode(true);
    const walker = document.createTreeWalker(fragment, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) {
        node.textContent = node.textContent.replaceAll("__NAME__", name);
        continue;
      }
      for (const attribute of Array.from(node.attributes)) {
        if (attribute.value.includes("__NAME__")) attribute.value = attribute.value.replaceAll("__NAME__", name);
      }
    }
    const row = fragment.querySelector(".fg-param-row");
    const type = row.querySelector("select");
    if (type) type.value = guessType(name);
    return row;
  }

  announce(added, removed) {
    const parts = [];
    if (added.length) parts.push(`Parameter${added.length > 1 ? "s" : ""} added: ${added.map((n) => `$${n}`).join(", ")}.`);
    if (removed.length) parts.push(`Removed: ${removed.map((n) => `$${n}`).join(", ")}.`);
    this.status.textContent = parts.join(" ");
  }
}

// ---- the results graph ----

const STYLE = [
  { selector: "node", style: {
    "label": "data(label)", "font-family": FONT, "font-size": 14, "color": INK, "text-wrap": "wrap",
    "text-max-width": 160, "text-valign": "bottom", "text-margin-y": 4, "min-zoomed-font-size": 7,
    "background-color": "#ffffff", "border-width": 2, "border-color": INK, "width": 28, "height": 28,
    "shape": "round-rectangle", "text-background-color": "#ffffff", "text-background-opacity": 0.85,
    "text-background-padding": 1 } },
  { selector: "node[labels = 'Person']", style: { "shape": "ellipse" } },
  { selector: "node:selected", style: { "overlay-color": "#ffdd00", "overlay-opacity": 0.5, "overlay-padding": 6 } },
  // Relationship types show once zoomed in far enough to read them (at a glance they would cover the nodes').
  { selector: "edge", style: {
    "label": "data(label)", "curve-style": "bezier", "width": 1.5, "line-color": GREY,
    "target-arrow-shape": "triangle", "target-arrow-color": GREY, "font-family": FONT, "font-size": 12,
    "color": INK, "min-zoomed-font-size": 9, "text-background-color": "#ffffff",
    "text-background-opacity": 1, "text-background-padding": 2 } },
];
const MAX_FIT_ZOOM = 1.25; // a handful of nodes is drawn at a natural size, not blown up to fill the box

function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${url}`));
    document.head.append(script);
  });
}

// The page loads Cytoscape and fCoSE with classic scripts before this module runs; load them here if it did not.
async function cytoscapeWithFcose() {
  if (!window.cytoscape || !window.cytoscapeFcose) {
    for (const file of VENDOR_FILES) await loadScript(new URL(`../vendor/cytoscape/${file}`, import.meta.url));
  }
  if (!window.cytoscape.__consoleFcose) {
    window.cytoscape.use(window.cytoscapeFcose);
    window.cytoscape.__consoleFcose = true;
  }
  return window.cytoscape;
}

// Edges whose ends are not drawn would stop Cytoscape drawing anything: leave them out (the table has them).
export function drawableElements(elements) {
  const nodes = elements.filter((e) => e.data.kind !== "edge");
  const ids = new Set(nodes.map((n) => n.data.id));
  const edges = elements.filter((e) => e.data.kind === "edge" && ids.has(e.data.source) && ids.has(e.data.target));
  return [...nodes.map((n) => ({ group: "nodes", data: n.data })), ...edges.map((e) => ({ group: "edges", data: e.data }))];
}

async function drawGraph(container, payload) {
  const cytoscape = await cytoscapeWithFcose();
  const cy = cytoscape({
    container,
    elements: drawableElements(payload.elements || []),
    style: STYLE,
    layout: { name: "preset" },
    minZoom: 0.1,
    maxZoom: 2.5,
    boxSelectionEnabled: false,
    selectionType: "single",
  });
  window.consoleCy = cy;
  await new Promise((resolve) => {
    const layout = cy.layout({
      name: "fcose", quality: "default", randomize: true, animate: false, fit: true, padding: 20,
      nodeDimensionsIncludeLabels: true, packComponents: true, idealEdgeLength: () => 70, nodeRepulsion: () => 4500,
    });
    layout.one("layoutstop", resolve);
    layout.run();
  });
  if (cy.zoom() > MAX_FIT_ZOOM) {
    cy.zoom(MAX_FIT_ZOOM);
    cy.center();
  }
  return cy;
}

function graphFailed(container, error) {
  const message = document.createElement("p");
  message.className = "govuk-body fg-console-graph__message";
  message.textContent = "The graph could not be drawn. The table below holds the same results.";
  container.replaceChildren(message);
  console.error(error);
}

// ---- the page ----

async function main() {
  const form = document.getElementById("console-form");
  const textarea = document.getElementById("query");
  if (!form || !textarea) return;
  const runButton = form.querySelector("button[name='action'][value='run']");
  const paramsBox = document.getElementById("console-params");
  const rows = paramsBox && paramsBox.querySelector("#console-param-template") ? new ParameterRows(paramsBox) : null;

  let pending = null;
  const syncRows = () => {
    window.clearTimeout(pending);
    pending = null;
    if (rows) rows.show(detectParameters(textarea.value));
  };
  const view = attachCypherEditor(textarea, {
    onChange: () => {
      window.clearTimeout(pending);
      pending = window.setTimeout(syncRows, SYNC_DELAY_MS);
    },
    onRun: () => {
      syncRows();
      form.requestSubmit(runButton);
    },
  });
  syncRows();

  // The error summary's link to the query points at the hidden textarea: take the reader to the editor instead.
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[href='#query']");
    if (!link) return;
    event.preventDefault();
    view.dom.scrollIntoView({ block: "center" });
    view.focus();
  });

  const data = document.getElementById("console-graph-data");
  const container = document.getElementById("console-graph");
  if (data && container) {
    try {
      await drawGraph(container, JSON.parse(data.textContent));
    } catch (error) {
      graphFailed(container, error);
      document.body.dataset.consoleReady = "error";
      return;
    }
  }
  document.body.dataset.consoleReady = "true";
}

main();
