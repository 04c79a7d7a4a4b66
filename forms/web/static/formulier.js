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

  // tells the server that this page updates itself (it need not show the page again for
  // changed choices); the error summary takes the focus by its autofocus attribute
  var marker = document.createElement("input");
  marker.type = "hidden";
  marker.name = "_script";
  marker.value = "1";
  form.appendChild(marker);
  form.addEventListener("change", changed);
})();
