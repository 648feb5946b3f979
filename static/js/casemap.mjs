// Starts GOV.UK Frontend and MOJ Frontend components. Pages work without it.
import { initAll as initGovuk } from "../vendor/govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "../vendor/moj/moj-frontend.min.js";

initGovuk();
initMoj();

// A table too wide for the screen scrolls sideways inside its wrapper. Make that wrapper a named
// region a keyboard user can reach and scroll, but only while it scrolls, so wide screens get no extra tab stop.
function markScrollingTables() {
  for (const wrapper of document.querySelectorAll(".casemap-table-wrapper")) {
    if (wrapper.scrollWidth > wrapper.clientWidth) {
      const caption = wrapper.querySelector("caption");
      wrapper.setAttribute("tabindex", "0");
      wrapper.setAttribute("role", "region");
      wrapper.setAttribute("aria-label", `${caption ? caption.textContent.trim() : "Table"} (scrolls sideways)`);
    } else if (wrapper.hasAttribute("role")) {
      wrapper.removeAttribute("tabindex");
      wrapper.removeAttribute("role");
      wrapper.removeAttribute("aria-label");
    }
  }
}

markScrollingTables();
let resizeTimer;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(markScrollingTables, 150);
});
