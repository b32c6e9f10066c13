// The search page: full text (MiniSearch when the release carries it), facets, result cards.
// Data comes from zoeken/maatregelen(.en).js, a classic script loaded before this one, so the page
// works from file:// as well as from any server; nothing is fetched and no other host is contacted.
// Facets: values of one facet are OR-ed, facets are AND-ed; each value's count is what choosing it
// would give with the other facets as they are. The state lives in the address (?q=…&provincie=…).
(function () {
  "use strict";
  var form = document.getElementById("zoeken");
  var data = window.veiligUitgaan && window.veiligUitgaan.zoekindex;
  var words = JSON.parse(document.getElementById("zoek-woorden").textContent);
  var input = document.getElementById("zoek-q");
  var status = document.getElementById("zoek-status");
  var list = document.getElementById("resultaten");
  var hrefPattern = form.getAttribute("data-href");
  if (!data) { status.textContent = words.found_none; return; }

  var records = data.records;
  var byId = {};
  records.forEach(function (r) { byId[r.id] = r; });
  var labels = {};
  data.facets.forEach(function (f) { labels[f.veld] = f.waarden; });
  var fields = data.facets.map(function (f) { return f.veld; });

  // Lower case, accents off ("Vorming" = "vorming", "coördinator" = "coordinator").
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function names(items) { return (items || []).map(function (x) { return x.naam; }).join(" "); }
  function facetWords(r) {
    var out = [];
    ["soort", "doelgroep", "omgeving", "status"].forEach(function (f) {
      r[f].forEach(function (code) { out.push(labels[f][code] || code); });
    });
    return out.join(" ");
  }
  function documentOf(r) {
    return {id: r.id, titel: r.titel, beschrijving: r.beschrijving,
            plaats: names(r.gemeenten) + " " + names(r.geregistreerd),
            mensen: names(r.trekker) + " " + names(r.partners) + " " + (r.evenement || ""),
            soorten: facetWords(r), extra: r.zoektekst};
  }

  // MiniSearch (npm) ranks by relevance with prefix and typo tolerance; without it every word
  // must occur in the measure's text (the release says which: zoeken/minisearch.js is there or not).
  var engine;
  if (window.MiniSearch) {
    var mini = new window.MiniSearch({
      fields: ["titel", "beschrijving", "plaats", "mensen", "soorten", "extra"],
      processTerm: function (term) { return fold(term); },
      searchOptions: {boost: {titel: 3, plaats: 2, mensen: 1.5}, prefix: true, combineWith: "AND",
                      fuzzy: function (term) { return term.length > 4 ? 0.2 : false; }}
    });
    mini.addAll(records.map(documentOf));
    engine = function (q) { return mini.search(q).map(function (hit) { return byId[hit.id]; }); };
  } else {
    var texts = records.map(function (r) {
      var d = documentOf(r);
      return fold([d.titel, d.beschrijving, d.plaats, d.mensen, d.soorten, d.extra].join(" "));
    });
    engine = function (q) {
      var terms = fold(q).split(/[^0-9a-z]+/).filter(Boolean);
      return records.filter(function (r, i) {
        return terms.every(function (t) { return texts[i].indexOf(t) >= 0; });
      });
    };
  }

  function chosen() {
    var out = {};
    fields.forEach(function (f) {
      out[f] = Array.prototype.map.call(
        form.querySelectorAll("input[name='" + f + "']:checked"), function (c) { return c.value; });
    });
    return out;
  }
  function passes(r, picked, skip) {
    return fields.every(function (f) {
      if (f === skip || !picked[f].length) { return true; }
      return r[f].some(function (v) { return picked[f].indexOf(v) >= 0; });
    });
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }  // textContent: data never becomes markup
    if (cls) { node.className = cls; }
    return node;
  }
  function link(item) {
    if (!item.pad) { return el("span", item.naam); }
    var a = el("a", item.naam);
    a.href = hrefPattern.replace("__pad__", item.pad);
    return a;
  }
  function row(dl, term, nodes) {
    if (!nodes.length) { return; }
    dl.appendChild(el("dt", term));
    var dd = el("dd");
    nodes.forEach(function (n, i) {
      if (i) { dd.appendChild(document.createTextNode(", ")); }
      dd.appendChild(typeof n === "string" ? document.createTextNode(n) : n);
    });
    dl.appendChild(dd);
  }
  // "2022-04" as "april 2022", "2022-07-15" as "15 juli 2022", "2022" as it is: as precise as the data.
  var lang = document.documentElement.lang || "nl";
  function day(text) {
    var m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text || "");
    if (!m || !window.Intl) { return text; }
    var date = new Date(Date.UTC(+m[1], +m[2] - 1, m[3] ? +m[3] : 1));
    var parts = m[3] ? {day: "numeric", month: "long", year: "numeric"} : {month: "long", year: "numeric"};
    parts.timeZone = "UTC";
    return new Intl.DateTimeFormat(lang, parts).format(date);
  }
  function card(r) {
    var li = el("li", null, "card");
    var article = el("article");
    var h = el("h3");
    h.appendChild(link({naam: r.titel, pad: r.pad}));
    article.appendChild(h);
    var dl = el("dl");
    var where = r.gemeenten.map(link);
    r.geregistreerd.forEach(function (g) {
      where.push(words.recorded + " " + g.naam + " (" + g.nis + ")");
    });
    row(dl, words.where, where);
    row(dl, words.kind, r.soort.map(function (c) { return labels.soort[c] || c; }));
    var p = r.periode;
    if (p.start) {
      var state = r.status.map(function (c) { return (labels.status[c] || c).toLowerCase(); }).join(", ");
      row(dl, words.period, [(p.einde ? (p.einde === p.start ? day(p.start) : day(p.start) + " – " + day(p.einde)) : words.from + " " + day(p.start)) +
        (state ? " (" + state + ")" : "")]);
    }
    row(dl, words.lead, r.trekker.map(link));
    row(dl, words.partners, r.partners.map(function (x) {
      var span = el("span");
      span.appendChild(link(x));
      if (x.rol) { span.appendChild(document.createTextNode(" (" + x.rol + ")")); }
      return span;
    }));
    var contact = [];
    if (r.contact.rol) { contact.push(r.contact.rol); }
    if (r.contact.email) {
      var mail = el("a", r.contact.email);
      mail.href = "mailto:" + r.contact.email;
      contact.push(mail);
    }
    if (!contact.length && r.trekker.length) {
      var via = el("span", words.via_lead + " ");
      via.appendChild(link(r.trekker[0]));
      contact.push(via);
    }
    row(dl, words.contact, contact);
    article.appendChild(dl);
    if (r.beschrijving) {
      var text = r.beschrijving.length > 240 ? r.beschrijving.slice(0, 237).replace(/\s+\S*$/, "") + " …"
        : r.beschrijving;
      article.appendChild(el("p", text, "excerpt"));
    }
    li.appendChild(article);
    return li;
  }

  function update(writeAddress) {
    var q = input.value.trim();
    var found = q ? engine(q) : records.slice().sort(function (a, b) {
      return (b.periode.start || "").localeCompare(a.periode.start || "") || a.titel.localeCompare(b.titel);
    });
    var picked = chosen();
    var shown = found.filter(function (r) { return passes(r, picked, null); });
    fields.forEach(function (f) {  // counts: what each value would give with the other facets kept
      var base = found.filter(function (r) { return passes(r, picked, f); });
      form.querySelectorAll("input[name='" + f + "']").forEach(function (box) {
        var n = base.filter(function (r) { return r[f].indexOf(box.value) >= 0; }).length;
        box.parentNode.querySelector(".count").textContent = "(" + n + ")";
        box.parentNode.hidden = n === 0 && !box.checked;  // a value that would give nothing is left out
      });
      var fieldset = form.querySelector("fieldset[data-field='" + f + "']");
      fieldset.hidden = !fieldset.querySelector("li:not([hidden])");
    });
    var n = fields.reduce(function (sum, f) { return sum + picked[f].length; }, 0);
    document.getElementById("filters-gekozen").textContent = n ? "(" + words.filters_chosen.replace("{n}", n) + ")" : "";
    list.replaceChildren.apply(list, shown.map(card));
    var text = shown.length === 0 ? words.found_none
      : shown.length === 1 ? words.found_one : words.found_many.replace("{n}", shown.length);
    status.textContent = shown.length && q ? text + words["for"].replace("{q}", q) : text;
    if (writeAddress) {
      var params = new URLSearchParams(new FormData(form));
      if (!q) { params.delete("q"); }
      try {  // file:// pages may not rewrite their address in every browser: the search works anyway
        history.replaceState(null, "", "?" + params.toString());
      } catch (err) { /* the address stays as it was */ }
    }
  }

  var start = new URLSearchParams(location.search);
  input.value = start.get("q") || "";
  fields.forEach(function (f) {
    start.getAll(f).forEach(function (v) {
      var box = document.getElementById("f-" + f + "-" + v);
      if (box) { box.checked = true; }
    });
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); update(true); });
  form.addEventListener("change", function () { update(true); });
  input.addEventListener("input", function () { update(true); });
  form.addEventListener("reset", function () {  // clears the filters, keeps the words
    var q = input.value;
    setTimeout(function () { input.value = q; update(true); }, 0);  // after the form has reset
  });
  // On a phone the filters fold away under their summary, so the results come first.
  if (window.matchMedia && window.matchMedia("(max-width: 40rem)").matches) {
    document.getElementById("filters").open = false;
  }
  update(false);
}());
