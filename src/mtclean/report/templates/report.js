// mtclean report: filters and keyboard navigation. Reading needs none of this; the
// page is complete without it. Data comes from the DOM (data-* attributes), never
// from inlined JSON, so no input text is ever parsed as script.
(function () {
  'use strict';
  var bar = document.getElementById('toolbar');
  if (!bar) { return; }
  bar.hidden = false;
  document.documentElement.classList.add('js');

  var boxes = Array.prototype.slice.call(bar.querySelectorAll('input[data-filter]'));
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.fi'));
  var count = document.getElementById('shown-count');
  var clusters = {};
  var order = [];

  Array.prototype.forEach.call(document.querySelectorAll('.ann'), function (el) {
    var id = el.getAttribute('data-c');
    if (!clusters[id]) { clusters[id] = { parts: [], notes: [], head: null }; order.push(id); }
    clusters[id].parts.push(el);
    if (el.id === id) { clusters[id].head = el; }
  });
  Array.prototype.forEach.call(document.querySelectorAll('.ann > .tip > .fi'), function (el) {
    var c = clusters[el.parentNode.parentNode.getAttribute('data-c')];
    if (c) { c.notes.push(el); }
  });

  function active() {
    var a = { cls: {}, sev: {}, st: {} };
    boxes.forEach(function (b) { if (b.checked) { a[b.getAttribute('data-filter')][b.value] = true; } });
    return a;
  }

  function passes(el, a) {
    return !!(a.cls[el.getAttribute('data-cls')] && a.sev[el.getAttribute('data-sev')] && a.st[el.getAttribute('data-st')]);
  }

  function apply() {
    var a = active();
    var shown = 0;
    rows.forEach(function (tr) {
      var ok = passes(tr, a);
      tr.hidden = !ok;
      if (ok) { shown += 1; }
    });
    order.forEach(function (id) {
      var c = clusters[id];
      var any = false;
      c.notes.forEach(function (n) {
        var ok = passes(n, a);
        n.hidden = !ok;
        if (ok) { any = true; }
      });
      c.parts.forEach(function (p) { p.classList.toggle('off', !any); });
      if (c.head) { c.head.tabIndex = any ? 0 : -1; }
    });
    if (count) { count.textContent = shown + ' of ' + rows.length + ' findings shown'; }
  }

  function targets() {
    return order.map(function (id) { return clusters[id].head; }).filter(function (el) {
      return el && !el.classList.contains('off');
    });
  }

  // The first target below the top of the viewport (targets are in document order).
  function firstBelowTop(list) {
    var lo = 0;
    var hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid].getBoundingClientRect().top < 60) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }

  function go(step) {
    var list = targets();
    if (!list.length) { return; }
    var i = list.indexOf(document.activeElement);
    var next;
    if (i >= 0) {
      next = (i + step + list.length) % list.length;
    } else {
      var below = firstBelowTop(list);
      next = step > 0 ? below % list.length : (below - 1 + list.length) % list.length;
    }
    var el = list[next];
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: 'center' });
  }

  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  document.getElementById('next-change').addEventListener('click', function () { go(1); });
  document.getElementById('prev-change').addEventListener('click', function () { go(-1); });
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) { return; }
    var t = e.target;
    if (t && (t.isContentEditable || t.tagName === 'TEXTAREA' || (t.tagName === 'INPUT' && t.type !== 'checkbox'))) { return; }
    if (e.key === 'n' || e.key === 'j') { e.preventDefault(); go(1); }
    else if (e.key === 'p' || e.key === 'k') { e.preventDefault(); go(-1); }
    else if (e.key === 'Escape' && document.activeElement && document.activeElement.blur) { document.activeElement.blur(); }
  });

  // Printing shows each file's findings table; the screen keeps it folded.
  var opened = [];
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details.list:not([open])'), function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  apply();
}());
