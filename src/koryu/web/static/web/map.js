/* Koryu maps: every element with class "koryu-map" becomes a Leaflet map.
 *
 * data-basemap  URL of the world-atlas countries TopoJSON (offline basemap, no tiles)
 * data-tiles    optional online tile URL template (only when settings.ONLINE_TILES is set)
 * data-url      optional GeoJSON endpoint: lines between partners, clustered points
 * data-points   optional JSON list of {lat, lon, label, url, note} drawn as markers
 *
 * Text from the data is put into the page with textContent only, never as HTML.
 * When drawing is done the container gets data-ready="true", data-line-count and
 * data-point-count (the browser tests read them).
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
  function featureTitle(props) {
    if (props.feature === "edge") {
      var t = (props.source_name || "") + " — " + (props.target_name || "");
      return props.count > 1 ? t + " (" + props.count + ")" : t;
    }
    var title = props.title || props.name || "";
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

  function drawData(map, url, el) {
    var cluster = L.markerClusterGroup ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.layerGroup();
    var lines = L.layerGroup();
    var bounds = [];
    var lineCount = 0;
    var pointCount = 0;
    return fetch(url, { headers: { Accept: "application/geo+json, application/json" } })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
      .then(function (data) {
        var features = (data && data.features) || [];
        features.forEach(function (f) {
          if (!f || !f.geometry) return;
          var props = f.properties || {};
          var colour = KIND_COLOURS[props.kind] || "#0b5cad";
          var coords = f.geometry.coordinates;
          if (f.geometry.type === "LineString" && coords.length > 1) {
            var latlngs = coords.map(function (c) { return [c[1], shiftLon(c[0])]; });
            L.polyline(latlngs, {
              color: colour, weight: Math.min(1.5 + (props.count || 1) * 0.5, 5), opacity: 0.7,
              className: "koryu-line", dashArray: props.kind === "network" ? "4 4" : null
            }).bindPopup(link(featureTitle(props), featureUrl(props), props.note)).addTo(lines);
            latlngs.forEach(function (ll) { bounds.push(ll); });
            lineCount += 1;
          } else if (f.geometry.type === "Point") {
            var ll = [coords[1], shiftLon(coords[0])];
            bounds.push(ll);
            pointMarker(ll, props.feature === "organization" ? "#0d2b4a" : colour)
              .bindPopup(link(featureTitle(props), featureUrl(props), props.note)).addTo(cluster);
            pointCount += 1;
          }
        });
        // Set the view first: clusters are computed for the zoom they are added at.
        if (bounds.length) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 7, animate: false });
        lines.addTo(map);
        cluster.addTo(map);
        el.dataset.lineCount = String(lineCount);
        el.dataset.pointCount = String(pointCount);
        var status = document.getElementById(el.dataset.status || "");
        if (status) status.textContent = status.dataset.template
          .replace("{features}", String(features.length))
          .replace("{lines}", String(lineCount));
      })
      .catch(function (err) {
        el.dataset.error = String(err);
        var status = document.getElementById(el.dataset.status || "");
        if (status) status.textContent = status.dataset.error || String(err);
      });
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
