// The Cypher console's editor: CodeMirror 6 with the legacy Cypher mode, bundled by tools/vendor.py with esbuild into
// static/vendor/codemirror/cypher-editor.js (one minified ES module; the pages never load npm code directly).
//
// The editor enhances a <textarea> that stays in the form (hidden) and always holds the editor's text, so the form
// posts exactly as it does without JavaScript.
//
// Why a shadow root: CodeMirror's styles are generated at run time (style-mod). In a document it writes them into a
// <style> element, which the app's Content-Security-Policy refuses (style-src without 'unsafe-inline'); inside a
// shadow root it uses a constructed stylesheet (adoptedStyleSheets), which CSP allows. The price is that ids do not
// cross the shadow boundary, so the editor is named and described with copies of the label and hint texts.

import { basicSetup } from "codemirror";
import { StreamLanguage } from "@codemirror/language";
import { cypher } from "@codemirror/legacy-modes/mode/cypher";
import { Prec } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";

const INK = "#0b0c0c";
const FOCUS = "#ffdd00";

// GOV.UK colours and type inside the shadow root (the page's stylesheets do not reach in). The box itself (border,
// yellow focus outline) is the host's, styled by the page CSS (static/scss/_console.scss).
const govukTheme = EditorView.theme({
  "&": { color: INK, backgroundColor: "#ffffff", fontSize: "1rem" },
  "&.cm-focused": { outline: `2px solid ${INK}`, outlineOffset: "-2px" },
  ".cm-scroller": {
    fontFamily: "ui-monospace, Menlo, Consolas, 'Liberation Mono', monospace",
    lineHeight: "1.5",
    minHeight: "18em",
    maxHeight: "36em",
    overflow: "auto",
  },
  ".cm-content": { padding: "5px 0" },
  ".cm-gutters": { backgroundColor: "#f3f2f1", color: "#505a5f", borderRight: "1px solid #b1b4b6" },
  ".cm-activeLineGutter": { backgroundColor: "#e5e4e2", color: INK },
  ".cm-activeLine": { backgroundColor: "#f8f8f8" },
  "&.cm-focused .cm-cursor": { borderLeftColor: INK, borderLeftWidth: "2px" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, ::selection": {
    backgroundColor: FOCUS,
  },
  ".cm-selectionBackground": { backgroundColor: "#fff7bf" },
  ".cm-selectionMatch": { backgroundColor: "#fff7bf" },
  "&.cm-focused .cm-matchingBracket": { backgroundColor: "#bfe3e0", outline: `1px solid ${INK}` },
});

// Typing over a selection: Chrome's own editing keeps the look of the text it deletes by wrapping the new text in
// a <span style="...">, which the CSP refuses (and reports as a violation). The editor inserts the text itself
// instead, through the same input handlers (bracket closing) a typed character goes through.
const typeOverSelection = EditorView.domEventHandlers({
  beforeinput(event, view) {
    if (event.inputType !== "insertText" || event.isComposing || !event.data) return false;
    if (view.state.selection.ranges.every((range) => range.empty)) return false;
    event.preventDefault();
    const { from, to } = view.state.selection.main;
    const insert = () =>
      view.state.update(view.state.replaceSelection(event.data), { userEvent: "input.type", scrollIntoView: true });
    const handled = view.state.facet(EditorView.inputHandler).some((handler) => handler(view, from, to, event.data, insert));
    if (!handled) view.dispatch(insert());
    return true;
  },
});

function words(element) {
  return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
}

// The label and the hint/error texts of the textarea, copied into the shadow root as hidden elements the editor's
// content refers to (a screen reader reads them as it would for the textarea).
function describeInShadow(textarea, shadow, contentAttributes) {
  const label = textarea.labels && textarea.labels[0];
  const name = words(label) || textarea.getAttribute("aria-label") || "Query";
  contentAttributes["aria-label"] = name;
  const described = (textarea.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
  const texts = described.map((id) => words(document.getElementById(id))).filter(Boolean);
  if (texts.length) {
    const description = document.createElement("div");
    description.id = "description";
    description.hidden = true;
    description.textContent = texts.join(" ");
    shadow.append(description);
    contentAttributes["aria-describedby"] = "description";
  }
  return label;
}

/**
 * Replace `textarea` by a CodeMirror editor with Cypher highlighting and line numbers.
 * onChange(text) runs after every change of the text; onRun() on Ctrl+Enter (Cmd+Enter on a Mac).
 * Returns the EditorView.
 */
export function attachCypherEditor(textarea, { onChange = () => {}, onRun = () => {} } = {}) {
  const host = document.createElement("div");
  host.className = "fg-cypher-editor";
  host.dataset.editorFor = textarea.id;
  const shadow = host.attachShadow({ mode: "open" });

  const contentAttributes = {};
  const label = describeInShadow(textarea, shadow, contentAttributes);
  const run = () => {
    onRun();
    return true;
  };

  const view = new EditorView({
    doc: textarea.value,
    parent: shadow,
    extensions: [
      basicSetup,
      StreamLanguage.define(cypher),
      govukTheme,
      typeOverSelection,
      EditorView.lineWrapping,
      EditorView.contentAttributes.of(contentAttributes),
      Prec.highest(keymap.of([{ key: "Mod-Enter", run }, { key: "Ctrl-Enter", run }])),
      EditorView.updateListener.of((update) => {
        if (!update.docChanged) return;
        textarea.value = update.state.doc.toString();
        onChange(textarea.value);
      }),
    ],
  });

  textarea.after(host);
  textarea.hidden = true;
  // The textarea is hidden, so its label would focus nothing: send the click to the editor.
  if (label) {
    label.addEventListener("click", (event) => {
      event.preventDefault();
      view.focus();
    });
  }
  return view;
}
