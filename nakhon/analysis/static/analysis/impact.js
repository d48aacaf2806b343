// Draws the impact graph: the element analysed, what was found and the paths between them.
(function () {
  "use strict";
  var LAYER_COLOURS = {
    strategy: "#f5deaa", business: "#ffffb5", application: "#b5ffff", technology: "#c9e7b7",
    physical: "#c9e7b7", motivation: "#ccccff", implementation_migration: "#ffe0e0", other: "#eeeeee"
  };
  function draw() {
    var data = document.getElementById("impact-graph-data");
    var container = document.getElementById("impact-graph");
    if (!data || !container || typeof cytoscape === "undefined") { return; }
    var graph = JSON.parse(data.textContent);
    var elements = graph.nodes.map(function (n) { return { data: n }; })
      .concat(graph.edges.map(function (e) { return { data: e }; }));
    var root = graph.nodes.filter(function (n) { return n.origin; }).map(function (n) { return n.id; });
    var cy = cytoscape({
      container: container,
      elements: elements,
      style: [
        { selector: "node", style: {
          "label": "data(label)", "font-size": 10, "text-wrap": "wrap", "text-max-width": 120,
          "text-valign": "center", "shape": "round-rectangle", "width": 130, "height": 44,
          "border-width": 1, "border-color": "#666",
          "background-color": function (n) { return LAYER_COLOURS[n.data("layer")] || "#eee"; }
        } },
        { selector: "node[?origin]", style: { "border-width": 3, "border-color": "#c00" } },
        { selector: "edge", style: {
          "label": "data(label)", "font-size": 8, "curve-style": "bezier", "width": 1,
          "target-arrow-shape": "triangle", "line-color": "#999", "target-arrow-color": "#999"
        } }
      ],
      layout: { name: "breadthfirst", directed: true, roots: root, spacingFactor: 1.1 }
    });
    cy.on("tap", "node", function (event) {
      var url = event.target.data("url");
      if (url) { window.location.href = url; }
    });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
