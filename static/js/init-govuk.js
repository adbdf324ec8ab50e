// Start GOV.UK Frontend's components (a module file, not an inline script, so a strict CSP can forbid inline JS).
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();
