/* Koryu maps: every element with class "koryu-map" becomes a Leaflet map.
 *
 * data-basemap  URL of the world-atlas countries TopoJSON (offline basemap, no tiles)
 * data-tiles    optional online tile URL template (only when settings.ONLINE_TILES is set)
 * data-url      optional GeoJSON endpoint (the map API): asked again with zoom and bbox
 *               after each move; draws lines, or clusters and bundles with counts
 * data-points   optional JSON list of {lat, lon, label, url, note} drawn as markers
 *
 * Text from the data is put into the page with textContent only, never as HTML.
 * When drawing is done the container gets data-ready="true", data-line-count,
 * data-point-count, and for the map API data-mode ("pairs" or "cells"),
 * data-bundle-count, data-cluster-count, data-pair-count and data-loading (the browser
 * tests read them).
 */
(function () {
  "use strict";

  var KIND_COLOURS = {
    agreement: "#0b5cad",
    network: "#7a3e9d",
    event: "#b35900",
    delegation: "#1f7a4d",
    program: "#a3195b"
  };

  function link(label, url, note) {
    var box = document.createElement("div");
    var target = box;
    if (url) {
      target = document.createElement("a");
      target.href = url;
      box.appendChild(target);
    }
    target.textContent = label || "";
    if (note) {
      var small = document.createElement("div");
      small.textContent = note;
      box.appendChild(small);
    }
    return box;
  }

  // The map is centred on the Pacific, as maps made in Japan usually are: the Americas
  // sit east of Japan, so ties across the Pacific are short lines, not lines round the
  // world. Everything west of WEST_EDGE is drawn 360 degrees further east.
  var WEST_EDGE = -25;

  function shiftLon(lon) { return lon < WEST_EDGE ? lon + 360 : lon; }

  function shiftRing(ring) {
    var sum = 0;
    ring.forEach(function (c) { sum += c[0]; });
    if (!ring.length || sum / ring.length >= WEST_EDGE) return;
    ring.forEach(function (c) { if (c[0] < 0) c[0] += 360; });
  }

  function shiftGeometry(geometry) {
    if (!geometry) return;
    var polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    polys.forEach(function (poly) { poly.forEach(shiftRing); });
  }

  // Rings that cross the antimeridian (Russia, Fiji) jump from 180 to -180 and Leaflet
  // draws that jump as a line across the map; shifting the western half by 360 degrees
  // keeps each ring continuous (it then continues east of 180, next to Japan).
  function unwrapRing(ring) {
    var crosses = false;
    for (var i = 1; i < ring.length; i++) {
      if (Math.abs(ring[i][0] - ring[i - 1][0]) > 180) { crosses = true; break; }
    }
    if (!crosses) return ring;
    return ring.map(function (c) { return c[0] < 0 ? [c[0] + 360, c[1]] : c; });
  }

  function unwrapGeometry(geometry) {
    if (!geometry) return geometry;
    if (geometry.type === "Polygon") geometry.coordinates = geometry.coordinates.map(unwrapRing);
    if (geometry.type === "MultiPolygon") {
      geometry.coordinates = geometry.coordinates.map(function (p) { return p.map(unwrapRing); });
    }
    return geometry;
  }

  function drawBasemap(map, url) {
    if (!url || !window.topojson) return Promise.resolve();
    return fetch(url)
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (topo) {
        if (!topo || !topo.objects || !topo.objects.countries) return;
        var land = window.topojson.feature(topo, topo.objects.countries);
        // Antarctica's ring runs along the pole, which Web Mercator draws as a line
        // across the whole map; the partnerships never need it.
        land.features = land.features.filter(function (f) { return f.id !== "010"; });
        land.features.forEach(function (f) { unwrapGeometry(f.geometry); shiftGeometry(f.geometry); });
        L.geoJSON(land, {
          pane: "basemap",
          interactive: false,
          className: "koryu-basemap",
          style: { color: "#8c9aa8", weight: 0.6, fillColor: "#f4f1e8", fillOpacity: 1 }
        }).addTo(map);
      })
      .catch(function () { /* the data layer still works without a basemap */ });
  }

  // map_data's features: LineString "edge" (two organizations and the records tying
  // them) and Point "organization" (a placed organization and how many ties it has).
  // The name in the page's language when the gazetteer knows it.
  var LANG = (document.documentElement.lang || "ja").split("-")[0];

  function localName(names, name) {
    return (names && typeof names[LANG] === "string" && names[LANG]) || name || "";
  }

  function featureTitle(props) {
    if (props.feature === "edge") {
      var t = localName(props.source_names, props.source_name) + " — " +
        localName(props.target_names, props.target_name);
      return props.count > 1 ? t + " (" + props.count + ")" : t;
    }
    var title = props.title || localName(props.names, props.name);
    if (props.date) title += " (" + props.date + ")";
    return title;
  }

  function featureUrl(props) {
    if (props.url) return props.url;
    if (props.feature === "edge" && props.records && props.records.length) {
      return "/records/" + encodeURIComponent(props.records[0]);
    }
    if (props.feature === "organization" && props.id !== undefined) {
      return "/organizations/" + encodeURIComponent(props.id);
    }
    if (props.id !== undefined && props.id !== null) return "/records/" + encodeURIComponent(props.id);
    return null;
  }

  function pointMarker(latlng, colour) {
    return L.circleMarker(latlng, {
      radius: 6, color: "#ffffff", weight: 1.5, fillColor: colour, fillOpacity: 0.9,
      className: "koryu-point"
    });
  }

  function fill(template, values) {
    return Object.keys(values).reduce(function (text, key) {
      return text.split("{" + key + "}").join(String(values[key]));
    }, template || "");
  }

  // A cluster of the grid: a round marker with the number of organizations in the cell
  // (Leaflet.markercluster's look); a click zooms in on it.
  function clusterMarker(map, latlng, props) {
    var n = props.organizations || 0;
    var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
    var box = document.createElement("div");
    var label = document.createElement("span");
    label.textContent = String(n);
    box.appendChild(label);
    var marker = L.marker(latlng, {
      icon: L.divIcon({
        html: box,
        className: "marker-cluster marker-cluster-" + size + " koryu-cluster",
        iconSize: L.point(40, 40)
      }),
      title: String(props.pairs || 0)
    });
    marker.on("click", function () { map.setView(latlng, Math.min(map.getZoom() + 2, map.getMaxZoom())); });
    return marker;
  }

  function bundleNote(props, el) {
    return fill(el.dataset.bundleTemplate || "{pairs}", { pairs: props.pairs, ties: props.count });
  }

  // The data layer follows the view: each move asks the map API for the pairs in the
  // box at this zoom, drawn one line each or gathered per grid cell (clusters and
  // bundles) when there are too many; nothing is cut, the counts say what is gathered.
  function drawData(map, url, el) {
    var lines = L.layerGroup().addTo(map);
    var points = L.markerClusterGroup
      ? L.markerClusterGroup({ showCoverageOnHover: false })
      : L.layerGroup();
    points.addTo(map);
    var sequence = 0;

    function viewUrl() {
      var b = map.getBounds();
      var bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
        .map(function (v) { return v.toFixed(4); }).join(",");
      return url + (url.indexOf("?") >= 0 ? "&" : "?") + "zoom=" + map.getZoom() + "&bbox=" + bbox;
    }

    function draw(data) {
      lines.clearLayers();
      points.clearLayers();
      var counts = { lines: 0, bundles: 0, clusters: 0, points: 0, pairs: 0 };
      ((data && data.features) || []).forEach(function (f) {
        if (!f || !f.geometry) return;
        var props = f.properties || {};
        var colour = KIND_COLOURS[props.kind] || "#0b5cad";
        var coords = f.geometry.coordinates;
        if (f.geometry.type === "LineString" && coords.length > 1) {
          var latlngs = coords.map(function (c) { return [c[1], shiftLon(c[0])]; });
          if (props.feature === "bundle") {
            L.polyline(latlngs, {
              color: colour, weight: Math.min(1 + Math.log(props.pairs || 1) * 1.2, 9), opacity: 0.55,
              className: "koryu-bundle"
            }).bindPopup(link(bundleNote(props, el), null, null)).addTo(lines);
            counts.bundles += 1;
            counts.pairs += props.pairs || 0;
          } else {
            L.polyline(latlngs, {
              color: colour, weight: Math.min(1.5 + (props.count || 1) * 0.5, 5), opacity: 0.7,
              className: "koryu-line", dashArray: props.kind === "network" ? "4 4" : null
            }).bindPopup(link(featureTitle(props), featureUrl(props), props.note)).addTo(lines);
            counts.lines += 1;
            counts.pairs += 1;
          }
        } else if (f.geometry.type === "Point") {
          var ll = [coords[1], shiftLon(coords[0])];
          if (props.feature === "cluster") {
            clusterMarker(map, ll, props).addTo(lines);
            counts.clusters += 1;
            counts.pairs += props.pairs_within || 0;
          } else {
            pointMarker(ll, props.feature === "organization" ? "#0d2b4a" : colour)
              .bindPopup(link(featureTitle(props), featureUrl(props), props.note)).addTo(points);
            counts.points += 1;
          }
        }
      });
      var meta = (data && data.meta) || {};
      el.dataset.mode = meta.mode || "";
      el.dataset.lineCount = String(counts.lines);
      el.dataset.bundleCount = String(counts.bundles);
      el.dataset.clusterCount = String(counts.clusters);
      el.dataset.pointCount = String(counts.points);
      el.dataset.pairCount = String(counts.pairs);
      el.dataset.zoom = String(map.getZoom());
      var status = document.getElementById(el.dataset.status || "");
      if (status) {
        var template = meta.mode === "cells" ? status.dataset.cellsTemplate : status.dataset.template;
        status.textContent = fill(template, {
          pairs: counts.pairs, lines: counts.lines, bundles: counts.bundles,
          clusters: counts.clusters, total: meta.edges_total || 0
        });
      }
    }

    function load() {
      var mine = ++sequence;
      el.dataset.loading = "true";
      return fetch(viewUrl(), { headers: { Accept: "application/geo+json, application/json" } })
        .then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.json();
        })
        .then(function (data) {
          if (mine !== sequence) return;  // a later move has asked again
          draw(data);
          el.dataset.loading = "false";
        })
        .catch(function (err) {
          el.dataset.error = String(err);
          el.dataset.loading = "false";
          var status = document.getElementById(el.dataset.status || "");
          if (status) status.textContent = status.dataset.error || String(err);
        });
    }

    var timer = null;
    map.on("moveend", function () {
      clearTimeout(timer);
      timer = setTimeout(load, 150);
    });
    return load();
  }

  function drawPoints(map, el) {
    var points;
    try { points = JSON.parse(el.dataset.points || "[]"); } catch (e) { points = []; }
    var group = L.markerClusterGroup ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.layerGroup();
    var bounds = [];
    points.forEach(function (p) {
      if (typeof p.lat !== "number" || typeof p.lon !== "number") return;
      var ll = [p.lat, shiftLon(p.lon)];
      bounds.push(ll);
      pointMarker(ll, p.colour || "#0b5cad").bindPopup(link(p.label, p.url, p.note)).addTo(group);
    });
    if (bounds.length === 1) map.setView(bounds[0], 6, { animate: false });
    else if (bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 7, animate: false });
    group.addTo(map);
    el.dataset.pointCount = String(bounds.length);
  }

  function init(el) {
    if (!window.L || el.dataset.initialised) return;
    el.dataset.initialised = "true";
    var map = L.map(el, { minZoom: 1, maxZoom: 12 }).setView([35, 150], 2);
    // The basemap arrives asynchronously: its own pane keeps it under the data layers.
    map.createPane("basemap").style.zIndex = "250";
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 12, attribution: el.dataset.attribution || "" }).addTo(map);
    }
    var work = [drawBasemap(map, el.dataset.basemap)];
    if (el.dataset.url) work.push(drawData(map, el.dataset.url, el));
    if (el.dataset.points) drawPoints(map, el);
    Promise.all(work).then(function () { el.dataset.ready = "true"; });
  }

  function initAll() {
    document.querySelectorAll(".koryu-map").forEach(init);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
})();
