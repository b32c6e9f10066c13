// The municipality picker on the landing page: a WAI-ARIA 1.2 combobox with a listbox popup
// (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/). Every name and NIS code since 2019 comes
// from zoeken/gemeenten(.en).js, a classic script loaded before this one (works from file://).
// Typing filters; Down/Up move through the options (aria-activedescendant), Enter or a click goes
// to today's municipality page, Escape closes the list (a second Escape clears the field).
// Without JavaScript the form searches the measures for the name typed.
(function () {
  "use strict";
  var form = document.querySelector("form.picker");
  var towns = window.veiligUitgaan && window.veiligUitgaan.gemeenten;
  if (!form || !towns) { return; }
  var input = document.getElementById("gemeente-kiezer");
  var listbox = document.getElementById("gemeente-opties");
  var live = document.getElementById("gemeente-kiezer-status");
  var words = JSON.parse(form.querySelector(".picker-words").textContent);
  var hrefPattern = form.getAttribute("data-href");
  var MAX = 12;
  var options = [];  // the towns shown, in order
  var active = -1;

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  towns.forEach(function (t) { t.key = fold(t.naam); });

  function describe(t) {
    return t.naam + " (" + t.nis + ")" + (t.nu ? " → " + words.now + " " + t.nu : "") +
      (t.provincie ? ", " + t.provincie : "");
  }
  // Names starting with what was typed first, then names containing it; a NIS code by its start.
  function matches(typed) {
    var q = fold(typed).trim();
    if (!q) { return []; }
    var starts = [], within = [];
    towns.forEach(function (t) {
      if (t.nis.indexOf(q) === 0 || t.key.indexOf(q) === 0) { starts.push(t); }
      else if (t.key.indexOf(q) > 0) { within.push(t); }
    });
    return starts.concat(within).slice(0, MAX);
  }

  function setActive(i) {
    var items = listbox.children;
    if (active >= 0 && items[active]) { items[active].setAttribute("aria-selected", "false"); }
    active = i;
    if (i >= 0 && items[i]) {
      items[i].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", items[i].id);
      items[i].scrollIntoView({block: "nearest"});
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }
  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(-1);
  }
  function open() {
    if (!options.length) { close(); return; }
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }
  function render() {
    options = matches(input.value);
    active = -1;
    input.removeAttribute("aria-activedescendant");
    listbox.replaceChildren.apply(listbox, options.map(function (t, i) {
      var li = document.createElement("li");
      li.id = "gemeente-optie-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = describe(t);  // textContent: data never becomes markup
      li.addEventListener("mousedown", function (event) { event.preventDefault(); }); // keep focus
      li.addEventListener("click", function () { go(t); });
      return li;
    }));
    live.textContent = input.value.trim() ? (options.length ? words.picker_count.replace("{n}", options.length)
      : words.picker_none) : "";
    open();
  }
  function go(t) {
    input.value = t.naam;
    close();
    location.href = hrefPattern.replace("__pad__", t.pad);
  }
  // What Enter picks without an active option: an exact name or code, else the only match.
  function best() {
    var q = fold(input.value).trim();
    var exact = towns.filter(function (t) { return t.key === q || t.nis === q; });
    if (exact.length) { return exact[0]; }
    return options.length === 1 ? options[0] : null;
  }

  input.addEventListener("input", render);
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (listbox.hidden) { render(); }
      setActive(options.length ? (active + 1) % options.length : -1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (listbox.hidden) { render(); }
      setActive(options.length ? (active <= 0 ? options.length - 1 : active - 1) : -1);
    } else if (event.key === "Enter") {
      var t = active >= 0 ? options[active] : best();
      if (t) { event.preventDefault(); go(t); }
    } else if (event.key === "Escape") {
      if (!listbox.hidden) { close(); } else { input.value = ""; render(); }
    }
  });
  input.addEventListener("blur", close);
  form.addEventListener("submit", function (event) {
    var t = active >= 0 ? options[active] : best();
    if (t) { event.preventDefault(); go(t); }  // else: the measures search for what was typed
  });
}());
