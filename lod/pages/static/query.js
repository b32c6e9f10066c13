// The query page's editor: example picker, run via fetch to the page's own /sparql, result table.
// Served from the project's own assets; no other host is contacted.
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  var textarea = document.getElementById("query");
  var examples = document.getElementById("examples");
  var status = document.getElementById("status");
  var results = document.getElementById("results");
  var button = document.getElementById("run");
  var endpoint = form.getAttribute("data-endpoint");
  var base = form.getAttribute("data-base");  // the release's base IRI ...
  var root = form.getAttribute("data-root");  // ... and where this server answers for it
  var dutch = document.documentElement.lang !== "en";

  examples.addEventListener("change", function () { textarea.value = examples.value; });
  textarea.addEventListener("keydown", function (event) {  // Ctrl/Cmd+Enter runs the query
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  function text(tag, content) {
    var el = document.createElement(tag);
    el.textContent = content;  // textContent: data never becomes markup
    return el;
  }

  function cell(term) {
    var td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      var a = text("a", term.value);
      // Our own IRIs are followed on this server; the cell still shows the canonical IRI.
      a.href = base && term.value.indexOf(base) === 0 ? root + term.value.slice(base.length) : term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) { td.lang = term["xml:lang"]; }
    }
    return td;
  }

  function table(data) {
    var vars = data.head.vars || [];
    var tbl = document.createElement("table");
    var head = tbl.createTHead().insertRow();
    vars.forEach(function (v) { head.appendChild(text("th", v)); });
    var body = tbl.createTBody();
    data.results.bindings.forEach(function (row) {
      var tr = body.insertRow();
      vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
    });
    return tbl;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    status.textContent = dutch ? "Bezig…" : "Running…";
    results.replaceChildren();
    fetch(endpoint, {
      method: "POST",
      headers: {"Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
      body: new URLSearchParams({query: textarea.value})
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      var truncated = response.headers.get("X-Result-Truncated");
      return response.text().then(function (body) {
        if (!response.ok) {
          status.textContent = (dutch ? "Fout " : "Error ") + response.status;
          results.appendChild(text("p", body)).className = "error";
          return;
        }
        if (type.indexOf("json") >= 0) {
          var data = JSON.parse(body);
          if (typeof data.boolean === "boolean") {
            results.appendChild(text("p", String(data.boolean)));
            status.textContent = "ASK";
          } else {
            results.appendChild(table(data));
            var n = data.results.bindings.length;
            status.textContent = n + (dutch ? " rijen" : " rows") +
              (truncated ? (dutch ? " (afgekapt)" : " (truncated)") : "");
          }
        } else {
          results.appendChild(text("pre", body));
          status.textContent = type;
        }
      });
    }).catch(function (err) {
      status.textContent = (dutch ? "Fout: " : "Error: ") + err;
    }).finally(function () { button.disabled = false; });
  });
}());
