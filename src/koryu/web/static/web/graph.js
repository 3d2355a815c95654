/* Koryu graph: organizations as nodes, agreements and memberships as edges (cytoscape).
 *
 * The container (class "koryu-graph") names its data with data-url: {"nodes": [...],
 * "edges": [...]}. A node is {id, label|name, kind?, country?, url?, center?}; an edge
 * is {source, target, kind|type?, label?}. Networks (multilateral ties) are drawn as
 * diamonds joined to their members. When the layout has run, the container gets
 * data-node-count, data-edge-count and data-ready="true". Hubs (networks, agreements of
 * three or more parties: multilateral ties) are diamonds joined to each party.
 */
(function () {
  "use strict";

  var EDGE_COLOURS = {
    agreement: "#0b5cad",
    membership: "#7a3e9d",
    member: "#7a3e9d",
    event: "#b35900",
    delegation: "#1f7a4d",
    program: "#a3195b"
  };

  function nodeUrl(n) {
    if (n.url) return n.url;
    if (n.type === "network" && n.record_id) return "/networks/" + n.record_id;
    if (n.record_id) return "/records/" + n.record_id;
    if (n.organization_id) return "/organizations/" + n.organization_id;
    if (String(n.id).match(/^\d+$/)) return "/organizations/" + n.id;
    return null;
  }

  function toElements(data) {
    var nodes = (data.nodes || []).map(function (n) {
      return {
        group: "nodes",
        data: {
          id: String(n.id),
          label: n.label || n.name || String(n.id),
          kind: n.type || n.kind || "organization",
          center: n.center ? "yes" : "no",
          url: nodeUrl(n)
        }
      };
    });
    var known = {};
    nodes.forEach(function (n) { known[n.data.id] = true; });
    var edges = [];
    (data.edges || []).forEach(function (e, i) {
      var s = String(e.source), t = String(e.target);
      if (!known[s] || !known[t]) return;
      var kind = e.kind || e.type || "agreement";
      edges.push({
        group: "edges",
        data: {
          id: "e" + i, source: s, target: t, kind: kind,
          colour: EDGE_COLOURS[kind] || EDGE_COLOURS[e.record_kind] || "#6b7785",
          label: e.label || e.agreement_type || ""
        }
      });
    });
    return { nodes: nodes, edges: edges };
  }

  function draw(el) {
    if (!window.cytoscape || el.dataset.initialised) return;
    el.dataset.initialised = "true";
    fetch(el.dataset.url, { headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
      .then(function (data) {
        var elements = toElements(data || {});
        var cy = window.cytoscape({
          container: el,
          elements: elements.nodes.concat(elements.edges),
          wheelSensitivity: 0.3,
          style: [
            { selector: "node", style: {
              "background-color": "#0b5cad", label: "data(label)", "font-size": 11,
              "text-wrap": "ellipsis", "text-max-width": 120, color: "#1b1f24",
              "text-valign": "bottom", "text-margin-y": 3, width: 14, height: 14,
              "font-family": "Noto Sans CJK JP, system-ui, sans-serif"
            } },
            { selector: "node[kind != 'organization']", style: {
              shape: "diamond", "background-color": "#7a3e9d", width: 18, height: 18
            } },
            { selector: "node[center = 'yes']", style: {
              "background-color": "#d14900", width: 24, height: 24, "font-weight": "bold"
            } },
            { selector: "edge", style: {
              width: 1.5, "line-color": "data(colour)", opacity: 0.8, "curve-style": "bezier"
            } },
            { selector: "edge[kind = 'membership'], edge[kind = 'member']", style: { "line-style": "dashed" } }
          ],
          layout: { name: elements.nodes.length > 150 ? "grid" : "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true }
        });
        cy.on("tap", "node", function (evt) {
          var url = evt.target.data("url");
          if (url) window.location.assign(url);
        });
        el.dataset.nodeCount = String(cy.nodes().length);
        el.dataset.edgeCount = String(cy.edges().length);
        el.dataset.ready = "true";
        var status = document.getElementById(el.dataset.status || "");
        if (status) status.textContent = status.dataset.template
          .replace("{nodes}", String(cy.nodes().length))
          .replace("{edges}", String(cy.edges().length));
      })
      .catch(function (err) {
        el.dataset.error = String(err);
        el.dataset.nodeCount = "0";
        var status = document.getElementById(el.dataset.status || "");
        if (status) status.textContent = status.dataset.error || String(err);
      });
  }

  function initAll() { document.querySelectorAll(".koryu-graph").forEach(draw); }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
})();
