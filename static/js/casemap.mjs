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

// Drafts save as the worker types. Each save sends the version the page holds and gets the new one back,
// so a change made elsewhere meanwhile is refused, never overwritten. Without JavaScript the Save button does the same.
function startAutosave(form) {
  const status = form.querySelector("[data-casemap-autosave-status]");
  let timer;
  let saving = Promise.resolve();
  const say = (text) => {
    if (status) status.textContent = text;
  };
  const save = () => {
    saving = saving.then(async () => {
      const body = new FormData(form);
      try {
        const response = await fetch(form.action || window.location.href, {
          method: "POST",
          body,
          headers: { "X-Casemap-Autosave": "1" },
          credentials: "same-origin",
        });
        const result = await response.json();
        if (result.saved) {
          for (const input of form.querySelectorAll('input[name="version"]')) input.value = result.version;
          say(`Draft saved at ${new Date().toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })}`);
        } else {
          say(`Not saved: ${(result.errors || []).join(" ")}`);
        }
      } catch {
        say("Not saved: check your connection. Your words are still on this page.");
      }
    });
  };
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(save, 1500);
  });
}

for (const form of document.querySelectorAll("form[data-casemap-autosave]")) startAutosave(form);

// A child's survey can be read out by the browser's own voice; without it, the buttons stay hidden.
if ("speechSynthesis" in window) {
  for (const button of document.querySelectorAll("[data-casemap-read-aloud]")) {
    button.hidden = false;
    button.addEventListener("click", () => {
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(new SpeechSynthesisUtterance(button.dataset.casemapReadAloud));
    });
  }
}

for (const button of document.querySelectorAll("[data-casemap-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
