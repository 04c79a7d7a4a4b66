// Makes skip logic and validation instant; the pages work the same without it (server-side).
(function () {
  "use strict";
  var form = document.getElementById("formulier");
  if (!form || !window.fetch || !window.FormData) { return; }
  var url = form.getAttribute("data-controle");
  var touched = {};
  var marks = {};
  var timer = null;

  function showError(name, text) {
    var box = document.getElementById("vraag-" + name);
    if (!box) { return; }
    var id = "fout-" + name;
    var p = document.getElementById(id);
    var fields = box.querySelectorAll("input, textarea, fieldset");
    if (text) {
      if (!p) {
        p = document.createElement("p");
        p.className = "fout";
        p.id = id;
        var anchor = box.querySelector("legend") || box.querySelector("label");
        var hint = document.getElementById("hint-" + name);
        var after = hint || anchor;
        if (after && after.parentNode) { after.parentNode.insertBefore(p, after.nextSibling); }
        else { box.appendChild(p); }
      }
      p.textContent = text;
      box.classList.add("vraag-fout");
    } else if (p) {
      p.parentNode.removeChild(p);
      box.classList.remove("vraag-fout");
    }
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (f.type === "radio" || f.type === "checkbox") { continue; }
      var ids = (f.getAttribute("aria-describedby") || "").split(" ").filter(function (x) {
        return x && x !== id;
      });
      if (text) { ids.push(id); f.setAttribute("aria-invalid", "true"); }
      else { f.removeAttribute("aria-invalid"); }
      if (ids.length) { f.setAttribute("aria-describedby", ids.join(" ")); }
      else { f.removeAttribute("aria-describedby"); }
    }
  }

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  // a question the script shows posts nothing when left empty (no choice, no check box): a
  // hidden `_getoond` field tells the server it was on the screen, so it is checked at once
  function markShown(name, shown) {
    var mark = has(marks, name) ? marks[name] : null;
    if (shown && !mark) {
      mark = document.createElement("input");
      mark.type = "hidden";
      mark.name = "_getoond";
      mark.value = name;
      form.appendChild(mark);
      marks[name] = mark;
    } else if (!shown && mark) {
      mark.parentNode.removeChild(mark);
      delete marks[name];
    }
  }

  function apply(result) {
    var boxes = form.querySelectorAll("[data-vraag]");
    for (var i = 0; i < boxes.length; i++) {
      var name = boxes[i].getAttribute("data-vraag");
      if (has(result.relevant, name)) {
        var shown = result.relevant[name];
        var allowed = has(result.keuzes, name) ? result.keuzes[name] : null;
        boxes[i].hidden = !shown;
        // a hidden question's inputs (and a choice its filter leaves out) are disabled, so the
        // post leaves them out, as the server renders them without JavaScript
        var choices = boxes[i].querySelectorAll("[data-keuze]");
        for (var c = 0; c < choices.length; c++) {
          var ok = allowed === null || allowed.indexOf(choices[c].getAttribute("data-keuze")) >= 0;
          choices[c].hidden = !ok;
          choices[c].querySelector("input").disabled = !shown || !ok;
        }
        var inputs = boxes[i].querySelectorAll("input:not([type=radio]):not([type=checkbox]), textarea");
        for (var j = 0; j < inputs.length; j++) { inputs[j].disabled = !shown; }
        markShown(name, shown);
      }
    }
    for (var k = 0; k < boxes.length; k++) {
      var n = boxes[k].getAttribute("data-vraag");
      if (touched[n]) { showError(n, result.fouten[n] || ""); }
    }
  }

  function check() {
    var body = new URLSearchParams(new FormData(form));
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (result) {
      if (result) { apply(result); }
    }).catch(function () { /* the server checks again on submit */ });
  }

  function changed(event) {
    var target = event.target;
    if (!target || !target.name || target.name === "csrf" || target.name === "pagina" ||
        target.name === "_script" || target.name === "_getoond") { return; }
    touched[target.name] = true;
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(check, 150);
  }

  // a text field's counter: the characters left (or too many) under the field, and the same
  // for screen readers in a polite live region once typing pauses. The field's maxlength is
  // taken off, so a paste that is too long is shown as too long instead of being cut.
  function counted(text) {
    // characters as the server counts them: a line break is one, so is a character outside
    // the Basic Multilingual Plane (two UTF-16 units here)
    var pairs = text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g);
    return text.length - (pairs ? pairs.length : 0);
  }

  function number(n) {
    var sign = n < 0 ? "-" : "";
    var digits = String(Math.abs(n));
    var group = form.getAttribute("data-duizendtal") || "";
    return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  }

  function counterText(left) {
    if (left === 1) { return form.getAttribute("data-tekens-nog-een"); }
    if (left === -1) { return form.getAttribute("data-tekens-te-veel-een"); }
    var key = left >= 0 ? "data-tekens-nog" : "data-tekens-te-veel";
    return (form.getAttribute(key) || "").replace("{aantal}", number(Math.abs(left)));
  }

  function counter(field) {
    var limit = parseInt(field.getAttribute("data-grens"), 10);
    if (!limit) { return; }
    field.removeAttribute("maxlength");
    var name = field.name;
    var statement = document.getElementById("grens-" + name);
    var shown = document.createElement("p");
    shown.className = "teller";
    shown.id = "teller-" + name;
    shown.setAttribute("aria-hidden", "true");
    var spoken = document.createElement("p");
    spoken.className = "verborgen";
    spoken.id = "teller-gesproken-" + name;
    spoken.setAttribute("aria-live", "polite");
    var after = statement || field;
    after.parentNode.insertBefore(spoken, after.nextSibling);
    after.parentNode.insertBefore(shown, after.nextSibling);
    if (statement) { statement.className += " verborgen"; }  // still read with the field
    var pause = null;
    function update(speak) {
      var left = limit - counted(field.value);
      var text = counterText(left);
      shown.textContent = text;
      shown.classList.toggle("teller-te-veel", left < 0);
      if (pause) { window.clearTimeout(pause); }
      if (speak) { pause = window.setTimeout(function () { spoken.textContent = text; }, 1000); }
    }
    field.addEventListener("input", function () { update(true); });
    update(false);
  }

  var fields = form.querySelectorAll("textarea[data-grens]");
  for (var t = 0; t < fields.length; t++) { counter(fields[t]); }

  // tells the server that this page updates itself (it need not show the page again for
  // changed choices); the error summary takes the focus by its autofocus attribute
  var marker = document.createElement("input");
  marker.type = "hidden";
  marker.name = "_script";
  marker.value = "1";
  form.appendChild(marker);
  form.addEventListener("change", changed);
})();
