(function () {
  "use strict";
  var root = document.documentElement;
  window.addEventListener("error", function (ev) {
    root.setAttribute("data-status", "error");
    root.setAttribute("data-error", String(ev.message || ev.error || "error"));
  });

  var data = JSON.parse(document.getElementById("tg-data").textContent);
  var panel = document.getElementById("tg-panel");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function tooltip(text) {
    var d = el("div", "tg-tip", text);
    return d;
  }

  // ---- legend ---------------------------------------------------------
  document.getElementById("tg-note").textContent = data.note || "";
  var legend = document.getElementById("tg-legend");
  var hiddenKinds = {};
  data.legend.forEach(function (item) {
    var li = el("li");
    var sw = el("span", "sw " + item.shape);
    sw.style.background = item.color;
    li.appendChild(sw);
    li.appendChild(document.createTextNode(item.name));
    li.title = "Show or hide every " + item.name.toLowerCase();
    li.addEventListener("click", function () {
      hiddenKinds[item.kind] = !hiddenKinds[item.kind];
      li.classList.toggle("off", hiddenKinds[item.kind]);
      var changes = data.nodes.filter(function (n) { return n.kind === item.kind; })
        .map(function (n) { return { id: n.id, hidden: !!hiddenKinds[item.kind] }; });
      nodes.update(changes);
    });
    legend.appendChild(li);
  });
  if (data.nodes.some(function (n) { return n.conflict; })) {
    legend.appendChild(el("li", "conflict", "\u26a0 conflicting figures"));
  }

  // ---- panel ------------------------------------------------------------
  function row(dl, name, value) {
    if (value === undefined || value === null || value === "" ||
        (Array.isArray(value) && value.length === 0)) { return; }
    dl.appendChild(el("dt", null, name));
    dl.appendChild(el("dd", null, Array.isArray(value) ? value.join(", ") : value));
  }

  function source(parts) {
    return parts.filter(function (p) { return p; }).join(" \u00b7 ");
  }

  function show(id) {
    var d = data.details[String(id)];
    panel.replaceChildren();
    if (!d) { panel.appendChild(el("p", "hint", "Click a node to see its details.")); return; }
    panel.appendChild(el("div", "kind", d.kind));
    panel.appendChild(el("h2", null, d.statement || d.title || d.label));
    var dl = el("dl");
    row(dl, "Metric", d.metric);
    row(dl, "Value", d.value);
    row(dl, "Period", d.period);
    row(dl, "Date", d.date);
    row(dl, "Publisher", d.publisher);
    row(dl, "Also called", d.aliases);
    row(dl, "Tickers", d.tickers);
    row(dl, "Source", d.source);
    if (dl.childNodes.length) { panel.appendChild(dl); }
    if (d.evidence && d.evidence.length) {
      panel.appendChild(el("h3", null, d.evidence.length > 1 ? "Evidence (" + d.evidence.length + ")" : "Evidence"));
      d.evidence.forEach(function (ev) {
        var q = el("blockquote", "quote");
        q.appendChild(document.createTextNode(ev.before || ""));
        q.appendChild(el("mark", null, ev.exact));
        q.appendChild(document.createTextNode(ev.after || ""));
        panel.appendChild(q);
        panel.appendChild(el("p", "src", source([ev.title, ev.publisher, ev.date])));
      });
    }
    if (d.conflicts && d.conflicts.length) {
      panel.appendChild(el("h3", null, "Conflicts with"));
      d.conflicts.forEach(function (c) {
        var box = el("div", "conflict");
        box.appendChild(el("div", null, c.statement));
        if (c.value) { box.appendChild(el("div", null, "Value: " + c.value)); }
        (c.sources || []).forEach(function (s) { box.appendChild(el("div", "src", s)); });
        panel.appendChild(box);
      });
    }
    panel.setAttribute("data-shown", String(id));
  }

  // ---- graph ------------------------------------------------------------
  if (typeof vis === "undefined") {
    root.setAttribute("data-status", "error");
    root.setAttribute("data-error", "vis-network is not loaded");
    return;
  }
  data.nodes.forEach(function (n) { n.title = tooltip(n.tip); });
  data.edges.forEach(function (e) { e.title = tooltip(e.label || e.rel); });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var big = !data.physics;
  var options = {
    autoResize: true,
    nodes: {
      font: { size: 13, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { min: 8, max: 36, label: { enabled: false } },
      borderWidth: 1
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      color: { color: "#94a3b8", highlight: "#0f172a" },
      font: { size: 10, color: "#475569", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
      smooth: big ? false : { type: "continuous" },
      width: 1
    },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: big },
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: data.physics ? {
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -140, centralGravity: 0.012, springLength: 150, springConstant: 0.06, avoidOverlap: 0.8 },
      stabilization: { enabled: true, iterations: 300, updateInterval: 50, fit: true }
    } : false
  };
  var network = new vis.Network(document.getElementById("tg-graph"), { nodes: nodes, edges: edges }, options);
  var drawn = false;
  network.on("afterDrawing", function () {
    if (drawn) { return; }
    drawn = true;
    root.setAttribute("data-nodes-drawn", String(nodes.length));
    root.setAttribute("data-edges-drawn", String(edges.length));
    if (root.getAttribute("data-status") !== "error") { root.setAttribute("data-status", "drawn"); }
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    network.fit({ animation: false });
    root.setAttribute("data-stabilized", "true");
  });
  if (!data.physics) {
    network.fit({ animation: false });
    root.setAttribute("data-stabilized", "true");
  }
  network.on("click", function (params) {
    if (params.nodes.length) { show(params.nodes[0]); }
  });
  window.thesisgraph = { network: network, show: show, data: data };
})();
