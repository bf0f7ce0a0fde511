/**
 * The report page's own script (plain browser JavaScript, no libraries, no network): it reads the
 * embedded JSON and draws each chart as inline SVG, then marks the figure `data-drawn` with the
 * number of marks so that a test can tell a drawn chart from an empty one.
 */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var NS = 'http://www.w3.org/2000/svg';
  var COLORS = { insert: '#2e7d32', update: '#1565c0', delete: '#c62828' };
  var PALETTE = ['#1565c0', '#ef6c00', '#2e7d32', '#6a1b9a', '#00838f', '#ad1457', '#5d4037', '#455a64'];

  function el(name, attrs, text) {
    var node = document.createElementNS(NS, name);
    for (var key in attrs) node.setAttribute(key, String(attrs[key]));
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function svgFor(id, width, height) {
    var figure = document.querySelector('[data-chart="' + id + '"]');
    var svg = el('svg', { viewBox: '0 0 ' + width + ' ' + height, width: '100%', role: 'img' });
    figure.appendChild(svg);
    return { figure: figure, svg: svg };
  }
  function done(chart) {
    chart.figure.setAttribute('data-drawn', String(chart.svg.querySelectorAll('.mark').length));
  }
  function mark(svg, name, attrs, title) {
    attrs['class'] = 'mark';
    var node = el(name, attrs);
    if (title) node.appendChild(el('title', {}, title));
    svg.appendChild(node);
    return node;
  }
  function fmt(n) { return Number(n).toLocaleString('en-US', { maximumFractionDigits: 2 }); }
  function legend(svg, names, colorOf, x, y) {
    names.forEach(function (name, i) {
      svg.appendChild(el('rect', { x: x + i * 110, y: y, width: 10, height: 10, fill: colorOf(name, i) }));
      svg.appendChild(el('text', { x: x + i * 110 + 14, y: y + 9, 'font-size': 11 }, name));
    });
  }

  function lineChart(id, points, seriesNames, yLabel, bucketMs) {
    var W = 760, H = 290, L = 56, R = 12, T = 44, B = 40;
    var chart = svgFor(id, W, H);
    var xs = Array.from(new Set(points.map(function (p) { return p.x; }))).sort();
    // Every bucket between the first and the last, so that a quiet stretch reads as zero.
    if (xs.length > 1 && bucketMs > 0) {
      var all = [], last = Date.parse(xs[xs.length - 1]);
      for (var t = Date.parse(xs[0]); t <= last; t += bucketMs) all.push(new Date(t).toISOString().slice(0, 16) + 'Z');
      xs = all;
    }
    var max = Math.max(1, Math.max.apply(null, points.map(function (p) { return p.y; })));
    // x is a time: buckets are placed by time, so quiet stretches show as gaps, not as squeezed points.
    var times = xs.map(function (x) { return Date.parse(x); });
    var t0 = times[0] || 0, span = Math.max(1, (times[times.length - 1] || 0) - t0);
    var sx = function (i) { return L + (xs.length < 2 ? 0 : ((times[i] - t0) * (W - L - R)) / span); };
    var sy = function (v) { return H - B - (v * (H - T - B)) / max; };
    chart.svg.appendChild(el('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: '#999' }));
    chart.svg.appendChild(el('text', { x: 4, y: T - 12, 'font-size': 11 }, yLabel + ' (max ' + fmt(max) + ')'));
    chart.svg.appendChild(el('text', { x: L, y: H - 12, 'font-size': 11 }, xs[0] || ''));
    chart.svg.appendChild(el('text', { x: W - R, y: H - 12, 'font-size': 11, 'text-anchor': 'end' }, xs[xs.length - 1] || ''));
    var index = {}; xs.forEach(function (x, i) { index[x] = i; });
    seriesNames.forEach(function (name) {
      var values = xs.map(function () { return 0; });
      points.forEach(function (p) { if (p.series === name) values[index[p.x]] += p.y; });
      var d = values.map(function (v, i) { return (i ? 'L' : 'M') + sx(i).toFixed(1) + ',' + sy(v).toFixed(1); }).join(' ');
      mark(chart.svg, 'path', { d: d, fill: 'none', stroke: COLORS[name] || '#555', 'stroke-width': 1.5 }, name);
    });
    legend(chart.svg, seriesNames, function (n) { return COLORS[n] || '#555'; }, L, 4);
    done(chart);
  }

  function barChart(id, categories, seriesNames, valueOf, options) {
    var stacked = options.stacked, rowH = 22, L = 120, R = 90, T = 26, W = 760;
    var H = T + categories.length * rowH + 16;
    var chart = svgFor(id, W, H);
    var totals = categories.map(function (c) {
      return seriesNames.reduce(function (s, n) { return stacked ? s + valueOf(c, n) : Math.max(s, valueOf(c, n)); }, 0);
    });
    var max = Math.max(1, Math.max.apply(null, totals));
    var colorOf = options.colorOf || function (n, i) { return PALETTE[i % PALETTE.length]; };
    categories.forEach(function (category, row) {
      var y = T + row * rowH, x = L;
      chart.svg.appendChild(el('text', { x: L - 6, y: y + 14, 'font-size': 11, 'text-anchor': 'end' }, category));
      seriesNames.forEach(function (name, i) {
        var v = valueOf(category, name);
        var w = (v * (W - L - R)) / max;
        var h = stacked ? rowH - 6 : (rowH - 6) / seriesNames.length;
        var yy = stacked ? y + 2 : y + 2 + i * h;
        if (v > 0) mark(chart.svg, 'rect', { x: x, y: yy, width: Math.max(w, 1), height: h, fill: colorOf(name, i) }, category + ' ' + name + ': ' + fmt(v));
        if (stacked) x += w;
      });
      chart.svg.appendChild(el('text', { x: (stacked ? x : L + (totals[row] * (W - L - R)) / max) + 4, y: y + 14, 'font-size': 11 }, fmt(totals[row])));
    });
    if (seriesNames.length > 1) legend(chart.svg, seriesNames, colorOf, L, 4);
    done(chart);
  }

  var perMinute = data.charts.changesPerMinute;
  lineChart('changes-per-minute', perMinute.map(function (r) { return { x: r.minute, series: r.change_type, y: Number(r.changes) }; }),
    ['insert', 'update', 'delete'], 'changes per ' + data.charts.bucketLabel, data.charts.bucketMinutes * 60000);

  var revenue = data.charts.revenueByCountryAndChannel;
  var countries = Array.from(new Set(revenue.map(function (r) { return r.country + ' ' + r.currency; }))).sort();
  var channels = Array.from(new Set(revenue.map(function (r) { return r.channel; }))).sort();
  barChart('revenue-by-country-and-channel', countries, channels, function (c, n) {
    return revenue.filter(function (r) { return r.country + ' ' + r.currency === c && r.channel === n; })
      .reduce(function (s, r) { return s + Number(r.revenue); }, 0);
  }, { stacked: true });

  var funnel = data.charts.statusFunnel;
  barChart('status-funnel', funnel.map(function (r) { return r.status; }), ['orders_reached', 'orders_now'], function (c, n) {
    var row = funnel.find(function (r) { return r.status === c; });
    return row ? Number(row[n]) : 0;
  }, { stacked: false });

  var rec = data.summary.reconciliation;
  var kinds = ['matched', 'missing', 'extra', 'mismatched'];
  barChart('reconciliation', kinds, ['orders'], function (c) { return rec[c]; }, {
    stacked: true,
    colorOf: function () { return rec.differences === 0 ? '#2e7d32' : '#c62828'; },
  });

  var durations = data.summary.durationsMs;
  var stages = ['streaming', 'handler', 'sourceState', 'analytics', 'reconciliation', 'report'];
  barChart('stage-durations', stages, ['ms'], function (c) { return durations[c]; }, { stacked: true });
})();
`;
