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
  var lang = dutch ? "nl" : "en";
  var csv = document.getElementById("csv");
  var prefixes = JSON.parse(document.getElementById("query-prefixes").textContent);
  var LABELS = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" +
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX dct: <http://purl.org/dc/terms/>\n" +
    "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n";
  var MAX_LABELLED = 2000;  // IRIs named per result; beyond, the rest keep their short form

  // The CSV link asks the same endpoint for the query in the editor, as text/csv.
  function csvLink() {
    csv.href = endpoint + "?" + new URLSearchParams({query: textarea.value, format: "csv"}).toString();
  }
  textarea.addEventListener("input", function () { csv.hidden = true; });

  examples.addEventListener("change", function () { textarea.value = examples.value; csv.hidden = true; });
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

  // An IRI as a reader can take it in: its label when the data has one (asked of the same
  // endpoint after the result), else a prefixed name (vu:Maatregel), the full IRI on hover.
  function short(iri) {
    var best = null;
    Object.keys(prefixes).forEach(function (p) {
      var ns = prefixes[p];
      if (iri.indexOf(ns) === 0 && (!best || ns.length > prefixes[best].length)) { best = p; }
    });
    return best ? best + ":" + iri.slice(prefixes[best].length) : iri;
  }

  function cell(term) {
    var td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      var a = text("a", short(term.value));
      a.title = term.value;
      a.setAttribute("data-iri", term.value);
      // Our own IRIs are followed on this server; the title still shows the canonical IRI.
      a.href = base && term.value.indexOf(base) === 0 ? root + term.value.slice(base.length) : term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) { td.lang = term["xml:lang"]; }
      if (term.datatype && /#(integer|decimal|double|int|long)$/.test(term.datatype)) { td.className = "num"; }
    }
    return td;
  }

  function table(data) {
    var vars = data.head.vars || [];
    var tbl = document.createElement("table");
    var head = tbl.createTHead().insertRow();
    vars.forEach(function (v) {
      var th = text("th", v);
      th.scope = "col";
      head.appendChild(th);
    });
    var body = tbl.createTBody();
    data.results.bindings.forEach(function (row) {
      var tr = body.insertRow();
      vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
    });
    return tbl;
  }

  // One more query for the labels of the IRIs shown: the reader's language, else Dutch, else any.
  function label(tbl) {
    var links = tbl.querySelectorAll("a[data-iri]");
    var iris = [];
    var seen = {};
    links.forEach(function (a) {
      var iri = a.getAttribute("data-iri");
      if (!seen[iri] && iris.length < MAX_LABELLED && !/[<>"{}|\\^`\s]/.test(iri)) { seen[iri] = 1; iris.push(iri); }
    });
    if (!iris.length) { return Promise.resolve(); }
    var query = LABELS + "SELECT ?s ?l WHERE { VALUES ?s { " + iris.map(function (i) { return "<" + i + ">"; }).join(" ") +
      " } ?s skos:prefLabel|rdfs:label|dct:title|foaf:name ?l }";
    return fetch(endpoint, {
      method: "POST",
      headers: {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
      body: new URLSearchParams({query: query})
    }).then(function (response) { return response.ok ? response.json() : null; }).then(function (data) {
      if (!data) { return; }
      var names = {};
      data.results.bindings.forEach(function (b) {
        var l = b.l["xml:lang"] || "";
        var rank = l === lang ? 3 : l === "nl" ? 2 : 1;
        var had = names[b.s.value];
        if (!had || rank > had.rank) { names[b.s.value] = {text: b.l.value, rank: rank, lang: l}; }
      });
      links.forEach(function (a) {
        var found = names[a.getAttribute("data-iri")];
        if (found) {
          a.textContent = found.text;
          if (found.lang && found.lang !== lang) { a.lang = found.lang; }
        }
      });
    }).catch(function () { /* the short forms stay */ });
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
            var tbl = table(data);
            results.appendChild(tbl);
            csvLink();
            csv.hidden = false;
            label(tbl);
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
