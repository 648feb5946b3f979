// The drawing pad: a child draws with a finger, a pen or a mouse (Pointer Events), and the picture is sent with
// the form as a PNG data URL in a hidden field, which the server checks like any upload. Without this script the
// pad stays hidden and the file upload does the job. Nothing is fetched from anywhere.

const BACKGROUND = "#ffffff";

function startPad(pad) {
  const form = pad.closest("form");
  const canvas = pad.querySelector("[data-pad-canvas]");
  const field = pad.querySelector('input[name="drawing"]');
  const status = pad.querySelector("[data-pad-status]");
  const context = canvas.getContext("2d");
  const strokes = [];
  let base = null; // a drawing brought back after the form was shown again with an error
  let colour = "#0b0c0c";
  let size = 10;
  let current = null;

  const say = (text) => {
    status.textContent = text;
  };

  function paintBackground() {
    context.fillStyle = BACKGROUND;
    context.fillRect(0, 0, canvas.width, canvas.height);
    if (base) context.drawImage(base, 0, 0, canvas.width, canvas.height);
  }

  function paintSegment(stroke, from, to) {
    context.strokeStyle = stroke.colour;
    context.fillStyle = stroke.colour;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.lineWidth = to.width;
    context.beginPath();
    if (from === to) {
      context.arc(to.x, to.y, to.width / 2, 0, Math.PI * 2);
      context.fill();
    } else {
      context.moveTo(from.x, from.y);
      context.lineTo(to.x, to.y);
      context.stroke();
    }
  }

  function paintAll() {
    paintBackground();
    for (const stroke of strokes) {
      stroke.points.forEach((point, index) => paintSegment(stroke, stroke.points[Math.max(0, index - 1)], point));
    }
  }

  function hasDrawing() {
    return strokes.length > 0 || base !== null;
  }

  function save() {
    field.value = hasDrawing() ? canvas.toDataURL("image/png") : "";
  }

  function pointFrom(event) {
    const box = canvas.getBoundingClientRect();
    // A pen reports how hard it presses; a finger or mouse draws at the chosen size.
    const pressure = event.pointerType === "pen" && event.pressure > 0 ? event.pressure : 0.5;
    return {
      x: ((event.clientX - box.left) * canvas.width) / box.width,
      y: ((event.clientY - box.top) * canvas.height) / box.height,
      width: event.pointerType === "pen" ? size * (0.4 + pressure * 1.2) : size,
    };
  }

  canvas.addEventListener("pointerdown", (event) => {
    if (event.pointerType === "mouse" && event.button !== 0) return;
    event.preventDefault();
    if (canvas.setPointerCapture) {
      try {
        canvas.setPointerCapture(event.pointerId);
      } catch {
        // A synthetic or already-ended pointer cannot be captured; drawing still works.
      }
    }
    const point = pointFrom(event);
    current = { pointerId: event.pointerId, colour, points: [point] };
    strokes.push(current);
    paintSegment(current, point, point);
  });

  canvas.addEventListener("pointermove", (event) => {
    if (!current || event.pointerId !== current.pointerId) return;
    event.preventDefault();
    const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
    for (const each of events.length ? events : [event]) {
      const point = pointFrom(each);
      const previous = current.points[current.points.length - 1];
      current.points.push(point);
      paintSegment(current, previous, point);
    }
  });

  function finish(event) {
    if (!current || event.pointerId !== current.pointerId) return;
    current = null;
    save();
    say(`Line drawn. ${strokes.length} ${strokes.length === 1 ? "line" : "lines"} on the pad.`);
  }
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);
  canvas.addEventListener("lostpointercapture", finish);

  function choose(buttons, chosen) {
    for (const button of buttons) button.setAttribute("aria-pressed", String(button === chosen));
  }
  const colourButtons = [...pad.querySelectorAll("[data-colour]")];
  for (const button of colourButtons) {
    button.addEventListener("click", () => {
      colour = button.dataset.colour;
      choose(colourButtons, button);
    });
  }
  const sizeButtons = [...pad.querySelectorAll("[data-size]")];
  for (const button of sizeButtons) {
    button.addEventListener("click", () => {
      size = Number(button.dataset.size);
      choose(sizeButtons, button);
    });
  }
  const chosenSize = sizeButtons.find((button) => button.getAttribute("aria-pressed") === "true");
  if (chosenSize) size = Number(chosenSize.dataset.size);

  pad.querySelector("[data-pad-undo]").addEventListener("click", () => {
    if (strokes.length) {
      strokes.pop();
      say(`Last line taken away. ${strokes.length} ${strokes.length === 1 ? "line" : "lines"} on the pad.`);
    } else if (base) {
      base = null;
      say("The drawing is cleared.");
    } else {
      say("There is nothing to undo.");
    }
    paintAll();
    save();
  });

  pad.querySelector("[data-pad-clear]").addEventListener("click", () => {
    if (!hasDrawing()) {
      say("The pad is already empty.");
      return;
    }
    if (!window.confirm("Clear the whole drawing? This cannot be undone.")) return;
    strokes.length = 0;
    base = null;
    paintAll();
    save();
    say("The drawing is cleared.");
  });

  form.addEventListener("submit", save);

  paintAll();
  if (field.value.startsWith("data:image/png;base64,")) {
    const image = new Image();
    image.addEventListener("load", () => {
      base = image;
      paintAll();
      say("Your drawing is still on the pad.");
    });
    image.src = field.value;
  }
  pad.hidden = false;
}

for (const pad of document.querySelectorAll("[data-drawing-pad]")) startPad(pad);
