// The family map: draws /api/people/<id>/family-graph with Cytoscape.js and the fCoSE layout, keeps the tables
// under it in step (they are the map's accessible equivalent), shows a selected element's details in the side
// panel, expands relatives in place, redraws as at a date, and exports the map as PNG or as one offline HTML file.
// Cytoscape, layout-base, cose-base and cytoscape-fcose are UMD scripts loaded by classic <script> tags first.
// The same file runs inside the exported offline HTML, where the data is embedded and nothing is fetched.

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
  "November", "December"];
const INK = "#0b0c0c";
const GREY = "#505a5f";
const FONT = "Arial, Helvetica, sans-serif";
const CROSS = "data:image/svg+xml;utf8," + encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48">' +
  '<path d="M0 0L48 48M48 0L0 48" stroke="#0b0c0c" stroke-width="3"/></svg>');
const VENDOR_FILES = ["cytoscape.min.js", "layout-base.js", "cose-base.js", "cytoscape-fcose.js"];

const STYLE = [
  { selector: "node", style: {
    "label": "data(label)", "font-family": FONT, "font-size": 12, "color": INK, "text-wrap": "wrap",
    "text-max-width": 140, "text-valign": "bottom", "text-margin-y": 4, "min-zoomed-font-size": 6,
    "background-color": "#ffffff", "border-width": 2, "border-color": INK, "width": 40, "height": 40,
    "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": 1 } },
  { selector: "node[kind = 'person'][sex = 'male']", style: { "shape": "rectangle" } },
  { selector: "node[kind = 'person'][sex = 'female']", style: { "shape": "ellipse" } },
  { selector: "node[kind = 'person'][sex = 'unknown']", style: { "shape": "diamond", "width": 46, "height": 46 } },
  { selector: "node[kind = 'person'][?deceased]", style: {
    "background-image": CROSS, "background-fit": "cover", "background-image-opacity": 1 } },
  { selector: "node[kind = 'person'][?focus]", style: {
    "border-width": 7, "border-style": "double", "font-weight": "bold", "font-size": 14, "width": 50,
    "height": 50 } },
  { selector: "node[kind = 'household']", style: {
    "shape": "round-rectangle", "background-color": "#f3f2f1", "border-color": GREY, "border-width": 2,
    "text-valign": "top", "text-margin-y": -4, "font-weight": "bold", "padding": 18 } },
  { selector: "node[kind = 'involvement']", style: {
    "shape": "round-rectangle", "width": "data(w)", "height": "data(h)", "text-valign": "center",
    "text-margin-y": 0, "border-width": 3, "text-max-width": 400, "text-background-opacity": 0 } },
  { selector: "node[kind = 'involvement'][status = 'closed']", style: {
    "border-style": "dashed", "border-width": 2, "border-color": GREY } },
  { selector: "node[kind = 'practitioner']", style: {
    "shape": "hexagon", "width": 30, "height": 26, "font-size": 11 } },
  { selector: "node:selected", style: { "overlay-color": "#ffdd00", "overlay-opacity": 0.5, "overlay-padding": 6 } },
  { selector: "edge", style: {
    "curve-style": "haystack", "haystack-radius": 0, "width": 1.5, "line-color": GREY, "font-family": FONT,
    "font-size": 10, "color": INK, "min-zoomed-font-size": 8, "text-background-color": "#ffffff",
    "text-background-opacity": 1, "text-background-padding": 2 } },
  { selector: "edge[kind = 'parent']", style: {
    "curve-style": "straight", "line-color": INK, "width": 2, "target-arrow-shape": "triangle",
    "target-arrow-color": INK, "arrow-scale": 1.1 } },
  { selector: "edge[kind = 'partner']", style: { "label": "data(label)", "line-color": INK, "width": 5 } },
  { selector: "edge[kind = 'former-partner']", style: {
    "label": "data(label)", "line-color": INK, "width": 2, "line-style": "dotted" } },
  { selector: "edge[kind = 'sibling'], edge[kind = 'relative']", style: { "label": "data(label)" } },
  { selector: "edge[kind = 'also-lives-at']", style: {
    "label": "data(label)", "line-style": "dotted", "width": 2, "line-color": INK } },
  { selector: "edge[kind = 'involvement']", style: { "line-color": INK, "width": 3 } },
  { selector: "edge[kind = 'lead']", style: { "line-color": INK, "width": 1.5 } },
  { selector: "edge[status = 'closed']", style: { "line-style": "dashed", "line-color": GREY, "width": 2 } },
];

const IDEAL_EDGE = { involvement: 30, lead: 20, parent: 25, partner: 25, "former-partner": 35, sibling: 30,
  relative: 40, "also-lives-at": 40 };

let measureContext = null;

// Involvement boxes carry their text inside, so their size follows the label.
function labelBox(label) {
  measureContext = measureContext || document.createElement("canvas").getContext("2d");
  measureContext.font = `12px ${FONT}`;
  const lines = String(label).split("\n");
  const width = Math.max(...lines.map((line) => measureContext.measureText(line).width));
  return { w: Math.ceil(width) + 22, h: lines.length * 15 + 14 };
}

export function cytoscapeElements(payload) {
  const nodes = payload.elements.nodes.map((n) => {
    const data = { ...n.data };
    if (data.kind === "involvement") Object.assign(data, labelBox(data.label));
    return { group: "nodes", data };
  });
  const edges = payload.elements.edges.map((e) => ({ group: "edges", data: { ...e.data } }));
  return nodes.concat(edges);
}

function layoutOptions(incremental) {
  return {
    name: "fcose",
    quality: incremental ? "proof" : "default",
    randomize: !incremental,
    animate: false,
    fit: true,
    padding: 30,
    nodeDimensionsIncludeLabels: true,
    packComponents: true,
    nodeRepulsion: () => 2500,
    idealEdgeLength: (edge) => IDEAL_EDGE[edge.data("kind")] || 100,
    edgeElasticity: () => 0.45,
    nestingFactor: 0.1,
    gravity: 0.8,
    gravityRangeCompound: 1.0,
    numIter: 2500,
    tile: true,
  };
}

// ---- small DOM helpers (textContent only: names and addresses are data, never markup) ----

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function longDate(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : "";
}

function ageWords(p) {
  if (p.age === null || p.age === undefined) return "Not known";
  return `${p.dob_estimated ? "about " : ""}${p.age}${p.deceased ? " at death" : ""}`;
}

function hiddenText(words) {
  return el("span", { class: "govuk-visually-hidden", text: words });
}

function summaryList(rows) {
  return el("dl", { class: "govuk-summary-list govuk-summary-list--no-border fg-map-summary" },
    rows.filter(([, value]) => value !== null && value !== undefined && value !== "").map(([key, value]) =>
      el("div", { class: "govuk-summary-list__row" },
        el("dt", { class: "govuk-summary-list__key", text: key }),
        el("dd", { class: "govuk-summary-list__value" }, value))));
}

function phoneLink(phone) {
  return phone ? el("a", { class: "govuk-link", href: `tel:${phone.replace(/[^0-9+]/g, "")}`, text: phone }) : null;
}

function emailLink(email) {
  return email ? el("a", { class: "govuk-link", href: `mailto:${email}`, text: email }) : null;
}

// ---- the map ----

class FamilyMap {
  constructor(root, options) {
    this.root = root;
    this.canvas = root.querySelector("#family-map-canvas");
    this.offline = options.offline;
    this.graphUrl = this.canvas.dataset.graphUrl;
    this.personUrl = this.canvas.dataset.personUrl;
    this.asAt = this.canvas.dataset.asAtExplicit === "true" ? this.canvas.dataset.asAt : null;
    this.expanded = JSON.parse(this.canvas.dataset.expanded || "[]");
    this.payload = null;
    this.cy = null;
    this.draws = 0;
    this.selectedId = null;
  }

  byId(id) {
    return this.root.querySelector(`#${id}`);
  }

  async start(payload) {
    this.canvas.replaceChildren();
    this.bindControls();
    try {
      this.show(payload || await this.fetchPayload(), false);
    } catch (error) {
      this.fail(error);
    }
  }

  async fetchPayload() {
    const url = new URL(this.graphUrl, window.location.href);
    if (this.asAt) url.searchParams.set("as_at", this.asAt);
    for (const pid of this.expanded) url.searchParams.append("expand", pid);
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const error = new Error(body.message || `The map could not be loaded (HTTP ${response.status}).`);
      error.parameters = body.parameters || {};
      throw error;
    }
    return body;
  }

  show(payload, incremental) {
    if (!this.draws) performance.mark("family-map-data");
    const previous = this.cy ? this.positions() : null;
    this.payload = payload;
    this.asAtValue = String(payload.as_at).slice(0, 10);
    this.expanded = payload.expanded || [];
    const elements = cytoscapeElements(payload);
    if (!this.cy) {
      this.cy = window.cytoscape({
        container: this.canvas,
        elements,
        style: STYLE,
        layout: { name: "preset" },
        hideEdgesOnViewport: true,
        textureOnViewport: false,
        minZoom: 0.1,
        maxZoom: 4,
        boxSelectionEnabled: false,
        selectionType: "single",
      });
      window.cy = this.cy;
      this.cy.on("tap", "node", (event) => this.select(event.target.id(), false));
      this.cy.on("tap", (event) => { if (event.target === this.cy) this.clearDetails(); });
    } else {
      this.cy.batch(() => {
        this.cy.elements().remove();
        this.cy.add(elements);
      });
    }
    this.renderText();
    const keep = Boolean(incremental && previous && this.place(previous));
    const layout = this.cy.layout(layoutOptions(keep));
    layout.one("layoutstop", () => this.drawn());
    layout.run();
  }

  positions() {
    const found = {};
    this.cy.nodes().forEach((n) => { if (!n.isParent()) found[n.id()] = { ...n.position() }; });
    return found;
  }

  // Expanding in place: nodes already drawn keep their places; new ones start beside a neighbour already drawn.
  place(previous) {
    let kept = 0;
    this.cy.nodes().forEach((node) => {
      if (node.isParent()) return;
      if (previous[node.id()]) { node.position(previous[node.id()]); kept += 1; return; }
      const anchor = node.neighborhood("node").filter((n) => previous[n.id()]).first();
      const at = anchor.nonempty() ? previous[anchor.id()] : { x: 0, y: 0 };
      node.position({ x: at.x + (Math.random() - 0.5) * 80, y: at.y + (Math.random() - 0.5) * 80 });
    });
    return kept > 0;
  }

  drawn() {
    this.draws += 1;
    if (this.draws === 1) performance.mark("family-map-drawn");
    document.body.dataset.mapDraws = String(this.draws);
    document.body.dataset.mapReady = "true";
    if (this.selectedId && this.cy.getElementById(this.selectedId).nonempty()) {
      this.select(this.selectedId, false);
    } else {
      this.clearDetails();
    }
    for (const id of ["family-map-png", "family-map-html"]) {
      const button = this.byId(id);
      if (button && !this.offline) { button.hidden = false; button.disabled = false; }
    }
  }

  fail(error) {
    document.body.dataset.mapReady = "error";
    if (!this.cy) {
      this.canvas.replaceChildren(el("p", { class: "govuk-body fg-map-canvas__nojs",
        text: "The diagram could not be drawn. The tables below list the same people, households and services." }));
    }
    const hidden = this.byId("family-map-hidden");
    if (error.parameters && error.parameters.as_at) {
      this.dateError(`Enter the date as year-month-day: ${error.parameters.as_at.join(" ")}`);
    } else if (hidden) {
      hidden.textContent = `${error.message} The tables below still list the family.`;
      hidden.hidden = false;
    }
  }

  dateError(message) {
    const form = this.byId("family-map-as-at");
    const group = form && form.querySelector(".govuk-form-group");
    if (!group) return;
    group.classList.add("govuk-form-group--error");
    let note = group.querySelector("#as_at-error");
    if (!note) {
      note = el("p", { class: "govuk-error-message", id: "as_at-error" });
      group.querySelector("input").before(note);
    }
    note.replaceChildren(el("span", { class: "govuk-visually-hidden", text: "Error:" }), ` ${message}`);
    const input = group.querySelector("input");
    input.classList.add("govuk-input--error");
    const described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (!described.includes("as_at-error")) input.setAttribute("aria-describedby", [...described, "as_at-error"].join(" "));
    input.focus();
  }

  clearDateError() {
    const form = this.byId("family-map-as-at");
    if (!form) return;
    form.querySelector(".govuk-form-group")?.classList.remove("govuk-form-group--error");
    form.querySelector("#as_at-error")?.remove();
    const input = form.querySelector("input[name='as_at']");
    input?.classList.remove("govuk-input--error");
    if (input) input.setAttribute("aria-describedby", (input.getAttribute("aria-describedby") || "")
      .replace("as_at-error", "").trim());
  }

  async redraw(change, focusAfter) {
    document.body.dataset.mapReady = "false";
    const before = { asAt: this.asAt, expanded: this.expanded };
    const ticket = (this.ticket = (this.ticket || 0) + 1);
    Object.assign(this, change);
    try {
      const payload = await this.fetchPayload();
      if (ticket !== this.ticket) return;  // a later redraw was asked for meanwhile: its answer wins
      this.clearDateError();
      this.show(payload, "expanded" in change && !("asAt" in change));
      this.rememberInUrl();
      if (focusAfter) focusAfter();
    } catch (error) {
      if (ticket !== this.ticket) return;
      Object.assign(this, before);
      this.fail(error);
    }
  }

  // The address bar keeps the state, so a reload (or the page without JavaScript) shows the same map.
  rememberInUrl() {
    if (this.offline) return;
    const url = new URL(window.location.href);
    url.searchParams.delete("expand");
    if (this.asAt) url.searchParams.set("as_at", this.asAt);
    for (const pid of this.expanded) url.searchParams.append("expand", pid);
    window.history.replaceState(null, "", url);
  }

  pageHref(expanded) {
    const url = new URL(window.location.href);
    url.searchParams.delete("expand");
    if (this.asAt) url.searchParams.set("as_at", this.asAt);
    for (const pid of expanded) url.searchParams.append("expand", pid);
    url.hash = "family-map";
    return `${url.pathname}${url.search}${url.hash}`;
  }

  // After the redraw, focus returns to where the user was (the panel or the tables), on the opposite action.
  expand(pid, from) {
    if (this.expanded.includes(pid)) return;
    this.redraw({ expanded: [...this.expanded, pid] }, () => this.refocus(from, pid, "collapse"));
  }

  collapse(pid, from) {
    this.redraw({ expanded: this.expanded.filter((p) => p !== pid) }, () => this.refocus(from, pid, "expand"));
  }

  refocus(from, pid, action) {
    const area = this.byId(from) || this.root;
    const id = CSS.escape(pid);
    const target = area.querySelector(`[data-${action}="${id}"]`) || area.querySelector(`[data-show="person:${id}"]`)
      || this.byId("family-map-panel-heading");
    if (target) {
      if (!target.matches("a, button")) target.setAttribute("tabindex", "-1");
      target.focus();
    }
  }

  bindControls() {
    this.root.addEventListener("click", (event) => {
      const target = event.target.closest("[data-expand], [data-collapse], [data-show]");
      if (!target || !this.root.contains(target)) return;
      event.preventDefault();
      const from = target.closest("#family-map-panel") ? "family-map-panel" : "family-map-tables";
      if (target.dataset.expand) this.expand(target.dataset.expand, from);
      else if (target.dataset.collapse) this.collapse(target.dataset.collapse, from);
      else this.select(target.dataset.show, true);
    });
    this.canvas.addEventListener("keydown", (event) => this.key(event));
    const form = this.byId("family-map-as-at");
    if (form && !this.offline) {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const value = form.querySelector("input[name='as_at']").value.trim();
        if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
          this.dateError("Enter the date as year-month-day, for example 2022-06-30");
          return;
        }
        this.redraw({ asAt: value });
      });
    }
    this.byId("family-map-png")?.addEventListener("click", () => this.downloadPng());
    this.byId("family-map-html")?.addEventListener("click", () => this.downloadHtml());
  }

  // The canvas is reachable by Tab; these keys move and zoom it. Nodes are reached through the tables.
  key(event) {
    if (!this.cy || event.altKey || event.ctrlKey || event.metaKey) return;
    const step = 60;
    const centre = { x: this.canvas.clientWidth / 2, y: this.canvas.clientHeight / 2 };
    const actions = {
      ArrowLeft: () => this.cy.panBy({ x: step, y: 0 }),
      ArrowRight: () => this.cy.panBy({ x: -step, y: 0 }),
      ArrowUp: () => this.cy.panBy({ x: 0, y: step }),
      ArrowDown: () => this.cy.panBy({ x: 0, y: -step }),
      "+": () => this.cy.zoom({ level: this.cy.zoom() * 1.2, renderedPosition: centre }),
      "=": () => this.cy.zoom({ level: this.cy.zoom() * 1.2, renderedPosition: centre }),
      "-": () => this.cy.zoom({ level: this.cy.zoom() / 1.2, renderedPosition: centre }),
      "0": () => this.cy.fit(undefined, 30),
    };
    if (actions[event.key]) {
      event.preventDefault();
      actions[event.key]();
    }
  }

  // ---- the side panel ----

  select(id, fromList) {
    const node = this.cy && this.cy.getElementById(id);
    if (!node || node.empty()) return;
    this.selectedId = id;
    this.cy.$(":selected").unselect();
    node.select();
    if (fromList) {
      this.cy.center(node);
      if (this.cy.zoom() < 0.8) this.cy.zoom({ level: 1, renderedPosition: node.renderedPosition() });
    }
    this.showDetails(node.data());
  }

  clearDetails() {
    this.selectedId = null;
    const details = this.byId("family-map-details");
    if (!details) return;
    this.byId("family-map-panel-heading").textContent = "Details";
    details.replaceChildren(el("p", { class: "govuk-body-s",
      text: "Select a person, household or service on the map, or “Show on map” in the tables, to see its details here." }));
  }

  showDetails(d) {
    const heading = this.byId("family-map-panel-heading");
    const details = this.byId("family-map-details");
    const render = { person: () => this.personDetails(d), household: () => this.householdDetails(d),
      involvement: () => this.involvementDetails(d), practitioner: () => this.practitionerDetails(d) }[d.kind];
    heading.textContent = { person: d.name, household: "Household", involvement: d.service,
      practitioner: "Lead practitioner" }[d.kind] || "Details";
    details.replaceChildren(...render());
  }

  personName(pid) {
    const node = this.cy.getElementById(`person:${pid}`);
    return node.nonempty() ? node.data("name") : "";
  }

  personDetails(d) {
    const household = d.parent ? this.cy.getElementById(d.parent).data("label") : "None drawn";
    const shown = this.cy.nodes().filter((n) => n.data("kind") === "involvement" && n.data("person_id") === d.person_id)
      .length;
    const services = d.services_shown ? `${plural(shown, "involvement", "involvements")} on the map`
      : `Not drawn${d.involvements_not_drawn ? `: ${plural(d.involvements_not_drawn, "involvement", "involvements")} hidden` : ""}`;
    const parts = [summaryList([
      ["Relationship", capitalise(d.relationship)],
      ["Age", ageWords(d)],
      ["Date of birth", d.dob ? `${longDate(d.dob)}${d.dob_estimated ? " (estimated)" : ""}` : "Not recorded"],
      ["Sex", capitalise(d.sex)],
      ["Deceased", d.deceased ? (d.date_of_death ? `Yes, died ${longDate(d.date_of_death)}` : "Yes") : null],
      ["Record", d.restricted && !d.restricted_record ? "Restricted record" : null],
      ["Household on the date", household],
      ["Services", services],
    ])];
    const actions = el("div", { class: "govuk-button-group" });
    if (!this.offline && d.expandable) {
      actions.append(el("button", { type: "button", class: "govuk-button govuk-button--secondary",
        "data-expand": d.person_id }, "Expand", hiddenText(` ${d.name}: draw their households and services`)));
    } else if (!this.offline && d.expanded) {
      actions.append(el("button", { type: "button", class: "govuk-button govuk-button--secondary",
        "data-collapse": d.person_id }, "Collapse", hiddenText(` ${d.name}`)));
    }
    if (!this.offline && !d.focus && !d.restricted_record && this.personUrl) {
      actions.append(el("a", { class: "govuk-link", href: this.personUrl.replace("__ID__", encodeURIComponent(d.person_id)) },
        "Open ", hiddenText(`${d.name}’s `), "page"));
    }
    if (actions.childElementCount) parts.push(actions);
    return parts;
  }

  householdDetails(d) {
    return [summaryList([
      ["Address", d.address || d.label],
      ["Living there on the date", d.members && d.members.length ? d.members.join(", ") : "Nobody recorded"],
      ["UPRN", d.uprn],
    ])];
  }

  involvementDetails(d) {
    const lead = this.cy.getElementById(`practitioner:${d.episode_id}`);
    return [summaryList([
      ["Status on the date", capitalise(d.status)],
      ["Person", this.personName(d.person_id)],
      ["Agency", d.agency],
      ["Type", d.episode_type],
      ["Started", longDate(d.start_date)],
      ["Ended", longDate(d.end_date)],
      ["Last involvement", longDate(d.last_involvement)],
      ["Lead practitioner", lead.nonempty()
        ? el("button", { type: "button", class: "fg-map-link-button", "data-show": lead.id() },
          [lead.data("name"), lead.data("role")].filter(Boolean).join(", "))
        : "Not recorded"],
    ])];
  }

  practitionerDetails(d) {
    const involvement = this.cy.getElementById(`involvement:${d.episode_id}`);
    return [summaryList([
      ["Name", d.name],
      ["Role", d.role],
      ["Team", d.team],
      ["Organisation", d.organisation],
      ["Phone", phoneLink(d.phone)],
      ["Email", emailLink(d.email)],
      ["Lead for", involvement.nonempty()
        ? `${involvement.data("service")} (${involvement.data("status")}), ${this.personName(d.person_id)}` : null],
    ])];
  }

  // ---- the text around the map: caption, hidden message and the accessible tables ----

  renderText() {
    const nodes = this.payload.elements.nodes.map((n) => n.data);
    const people = nodes.filter((n) => n.kind === "person");
    const households = nodes.filter((n) => n.kind === "household");
    const involvements = nodes.filter((n) => n.kind === "involvement");
    const leads = Object.fromEntries(nodes.filter((n) => n.kind === "practitioner").map((n) => [n.episode_id, n]));
    const addresses = Object.fromEntries(households.map((h) => [h.id, h.label]));
    const names = Object.fromEntries(people.map((p) => [p.person_id, p.name]));
    const focus = people.find((p) => p.focus);
    const date = longDate(this.asAtValue);

    const caption = this.byId("family-map-caption");
    if (caption) {
      caption.replaceChildren(`${focus ? focus.name : "This person"}’s family as at `, el("strong", { text: date }),
        `: ${plural(people.length, "person", "people")}, ${plural(households.length, "household", "households")} and `
        + `${plural(involvements.length, "service involvement", "service involvements")} drawn.`);
    }
    const hidden = this.byId("family-map-hidden");
    if (hidden) {
      hidden.textContent = this.payload.hidden.message || "";
      hidden.hidden = !this.payload.hidden.message;
    }
    const input = this.root.querySelector("#family-map-as-at input[name='as_at']");
    if (input) input.value = this.asAtValue;
    this.root.querySelectorAll("#family-map-as-at input[name='expand']").forEach((i) => i.remove());
    const form = this.byId("family-map-as-at");
    if (form) for (const pid of this.expanded) form.prepend(el("input", { type: "hidden", name: "expand", value: pid }));
    this.canvas.setAttribute("aria-label", `Family map of ${focus ? focus.name : "this person"} as at ${date}, `
      + `drawn as a diagram: ${plural(people.length, "person", "people")}, `
      + `${plural(households.length, "household", "households")}, `
      + `${plural(involvements.length, "service involvement", "service involvements")}. The tables below the map list `
      + "the same people, households and services; use them to reach and expand each person with the keyboard. "
      + "When the map has focus, arrow keys move it, plus and minus zoom, and 0 fits it to the frame.");

    const tables = this.byId("family-map-tables");
    if (!tables) return;
    tables.replaceChildren(
      this.table("family-map-people", `People on the map as at ${date}`,
        ["Name", "Relationship", "Age", "Household on the date", "Services", "Actions"],
        people.map((p) => this.personRow(p, addresses, involvements)), "No person is drawn."),
      this.table("family-map-households", `Households on the map as at ${date}`,
        ["Address", "Living there on the date"],
        households.map((h) => this.row(h.id, [h.label], [(h.members || []).join(", ")])),
        "No household is recorded on this date."),
      this.table("family-map-involvements", `Service involvements on the map as at ${date}`,
        ["Service", "Person", "Status on the date", "Lead practitioner"],
        involvements.map((i) => this.involvementRow(i, names, leads[i.episode_id])),
        "No service involvement is drawn for this date."),
    );
  }

  table(id, caption, headers, rows, empty) {
    const body = el("tbody", { class: "govuk-table__body" });
    if (rows.length) body.append(...rows);
    else body.append(el("tr", { class: "govuk-table__row" },
      el("td", { class: "govuk-table__cell", colspan: headers.length, text: empty })));
    return el("table", { class: "govuk-table fg-map-table", id },
      el("caption", { class: "govuk-table__caption govuk-table__caption--s", text: caption }),
      el("thead", { class: "govuk-table__head" }, el("tr", { class: "govuk-table__row" },
        headers.map((h) => el("th", { scope: "col", class: "govuk-table__header", text: h })))),
      body);
  }

  row(nodeId, heading, cells) {
    return el("tr", { class: "govuk-table__row", "data-node-id": nodeId },
      el("th", { scope: "row", class: "govuk-table__header" }, heading),
      cells.map((c) => el("td", { class: "govuk-table__cell" }, c)));
  }

  showButton(nodeId, name) {
    return el("button", { type: "button", class: "fg-map-link-button", "data-show": nodeId },
      "Show on map", hiddenText(`: ${name}`));
  }

  personRow(p, addresses, involvements) {
    const name = this.offline || p.focus || p.restricted_record
      ? [p.name]
      : [el("a", { class: "govuk-link", href: this.personUrl.replace("__ID__", encodeURIComponent(p.person_id)),
        text: p.name })];
    if (p.deceased) name.push(" ", el("span", { class: "fg-map-note", text: "(deceased)" }));
    if (p.restricted && !p.restricted_record) {
      name.push(" ", el("span", { class: "fg-map-note", text: "(restricted record)" }));
    }
    const drawn = involvements.filter((i) => i.person_id === p.person_id).length;
    const services = p.services_shown ? `${drawn} on the map`
      : `Not drawn${p.involvements_not_drawn ? `: ${p.involvements_not_drawn} hidden` : ""}`;
    const actions = el("td", { class: "govuk-table__cell fg-map-actions" }, this.showButton(p.id, p.name));
    if (!this.offline && p.expandable) {
      actions.append(el("a", { class: "govuk-link", href: this.pageHref([...this.expanded, p.person_id]),
        "data-expand": p.person_id }, "Expand", hiddenText(` ${p.name}: draw their households and services`)));
    } else if (!this.offline && p.expanded) {
      actions.append(el("a", { class: "govuk-link", href: this.pageHref(this.expanded.filter((x) => x !== p.person_id)),
        "data-collapse": p.person_id }, "Collapse", hiddenText(` ${p.name}`)));
    }
    const row = this.row(p.id, name, [capitalise(p.relationship), ageWords(p), addresses[p.parent] || "None drawn",
      services]);
    row.append(actions);
    return row;
  }

  involvementRow(i, names, lead) {
    const service = [`${i.service}${i.episode_type ? `: ${i.episode_type}` : ""}`];
    if (i.agency) service.push(el("br"), el("span", { class: "fg-map-note", text: i.agency }));
    service.push(el("br"), this.showButton(i.id, i.service));
    const status = [el("strong", { text: capitalise(i.status) })];
    if (i.start_date) status.push(el("br"), `from ${longDate(i.start_date)}`);
    if (i.end_date) status.push(` to ${longDate(i.end_date)}`);
    const who = lead ? [`${lead.name}${lead.role ? `, ${lead.role}` : ""}`] : ["Not recorded"];
    if (lead && lead.team) who.push(el("br"), el("span", { class: "fg-map-note", text: lead.team }));
    if (lead && lead.phone) who.push(el("br"), phoneLink(lead.phone));
    if (lead && lead.email) who.push(el("br"), emailLink(lead.email));
    return this.row(i.id, service, [names[i.person_id] || "", status, who]);
  }

  // ---- exports ----

  fileStem() {
    return `family-map-${this.canvas.dataset.personId}`;
  }

  download(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = el("a", { href: url, download: name, class: "govuk-visually-hidden" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // An export leaves the app with personal data in it: say so to the audit trail first (not in the offline copy).
  recordExport(format) {
    const url = this.canvas.dataset.exportAuditUrl;
    if (this.offline || !url) return;
    const body = new URLSearchParams({ format, as_at: this.asAtValue || "", csrf_token: this.canvas.dataset.csrfToken });
    navigator.sendBeacon(url, body);
  }

  downloadPng() {
    this.recordExport("png");
    const selected = this.cy.$(":selected").unselect();  // the picture shows the family, not the highlight
    const blob = this.cy.png({ full: true, output: "blob", bg: "#ffffff", scale: 2, maxWidth: 6000, maxHeight: 6000 });
    selected.select();
    this.download(blob, `${this.fileStem()}.png`);
  }

  async downloadHtml() {
    const button = this.byId("family-map-html");
    button.disabled = true;
    this.recordExport("html");
    try {
      this.download(new Blob([await this.offlineHtml()], { type: "text/html" }), `${this.fileStem()}.html`);
    } finally {
      button.disabled = false;
    }
  }

  // One HTML file that opens with no network: the vendored scripts, this module, its CSS and the current
  // elements, all inline.
  async offlineHtml() {
    const here = import.meta.url;
    const urls = [new URL("../css/family-map.css", here), ...VENDOR_FILES.map((f) => new URL(`../vendor/cytoscape/${f}`, here)), here];
    const texts = await Promise.all(urls.map(async (url) => {
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) throw new Error(`could not read ${url}`);
      return response.text();
    }));
    const css = texts[0];
    const vendor = texts.slice(1, 1 + VENDOR_FILES.length);
    const own = texts[texts.length - 1];
    const focus = this.payload.elements.nodes.find((n) => n.data.focus);
    const title = `Family map of ${focus ? focus.data.name : this.canvas.dataset.personId} as at ${longDate(this.asAtValue)}`;

    const copy = this.root.cloneNode(true);
    copy.querySelectorAll("#family-map-as-at, .fg-map-exports, #family-map-tables > *, #family-map-initial").forEach((n) => n.remove());
    copy.querySelector("#family-map-canvas").replaceChildren();
    copy.querySelector("#family-map-details").replaceChildren();
    const canvas = copy.querySelector("#family-map-canvas");
    canvas.removeAttribute("data-graph-url");
    canvas.removeAttribute("data-person-url");
    canvas.removeAttribute("data-export-audit-url");
    canvas.removeAttribute("data-csrf-token");  // the session's form token must not leave the app in a file
    canvas.dataset.asAtExplicit = "true";
    canvas.dataset.asAt = this.asAtValue;
    canvas.dataset.expanded = JSON.stringify(this.expanded);

    const script = (text) => text.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
    const data = JSON.stringify(this.payload).replace(/</g, "\\u003c");
    const escapeHtml = (text) => text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
    return [
      "<!DOCTYPE html>",
      '<html lang="en">',
      "<head>",
      '<meta charset="utf-8">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      `<title>${escapeHtml(title)}</title>`,
      `<style>${css.replace(/<\/(style)/gi, "<\\/$1")}</style>`,
      "</head>",
      '<body class="fg-offline">',
      "<main>",
      `<h1 class="govuk-heading-l">${escapeHtml(title)}</h1>`,
      `<p class="govuk-body">Exported from familygraph on ${escapeHtml(longDate(new Date().toISOString()))}. `
        + "It holds personal data: keep and share it only as your information governance rules allow.</p>",
      copy.outerHTML,
      "</main>",
      `<script type="application/json" id="family-map-data">${data}</script>`,
      ...vendor.map((text) => `<script>${script(text)}</script>`),
      `<script type="module">${script(own)}</script>`,
      "</body>",
      "</html>",
    ].join("\n");
  }
}

function registerLayout() {
  if (!window.cytoscape || !window.cytoscapeFcose) {
    throw new Error("Cytoscape and cytoscape-fcose must be loaded before family-map.js");
  }
  if (!window.cytoscape.__familyMapFcose) {
    window.cytoscape.use(window.cytoscapeFcose);
    window.cytoscape.__familyMapFcose = true;
  }
}

function main() {
  performance.mark("family-map-start");
  const root = document.getElementById("family-map-root");
  if (!root || !root.querySelector("#family-map-canvas")) return;
  // Offline export: the data is embedded and nothing is fetched. The page: the server embeds the first drawing's
  // data too (saves a request and a second read of the family); later redraws fetch from the API.
  const embedded = document.getElementById("family-map-data");
  const initial = document.getElementById("family-map-initial");
  registerLayout();
  const map = new FamilyMap(root, { offline: Boolean(embedded) });
  window.familyMap = map;
  const first = embedded || initial;
  map.start(first ? JSON.parse(first.textContent) : null);
}

main();
