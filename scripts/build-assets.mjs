// Copies the front-end packages into static/vendor. The precompiled stylesheets point at
// /assets/...; we rewrite that to a relative path so Django can serve them under /static/.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const out = "static/vendor";
rmSync(out, { recursive: true, force: true });

// Source maps come along: production static storage checks that every reference resolves.
function copyStyles(from, to) {
  const css = readFileSync(from, "utf8").replaceAll("url(/assets/", "url(assets/");
  writeFileSync(to, css);
  cpSync(`${from}.map`, `${to}.map`);
}

function copyScript(from, to) {
  cpSync(from, to);
  cpSync(`${from}.map`, `${to}.map`);
}

mkdirSync(`${out}/govuk`, { recursive: true });
copyStyles("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css", `${out}/govuk/govuk-frontend.min.css`);
copyScript("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", `${out}/govuk/govuk-frontend.min.js`);
cpSync("node_modules/govuk-frontend/dist/govuk/assets", `${out}/govuk/assets`, { recursive: true });

mkdirSync(`${out}/moj`, { recursive: true });
copyStyles("node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.css", `${out}/moj/moj-frontend.min.css`);
copyScript("node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js", `${out}/moj/moj-frontend.min.js`);
cpSync("node_modules/@ministryofjustice/frontend/moj/assets", `${out}/moj/assets`, { recursive: true });

mkdirSync(`${out}/htmx`, { recursive: true });
cpSync("node_modules/htmx.org/dist/htmx.min.js", `${out}/htmx/htmx.min.js`);

console.log(`Front-end assets copied to ${out}`);
