// mtclean report: review (accept / reject each finding, export the decisions for
// `mtclean apply`), filters and keyboard navigation. Reading needs none of this; the
// page is complete without it. Data comes from the DOM (data-* attributes), never
// from inlined JSON, and the page builds no markup from strings: input text is only
// ever moved as DOM nodes or set as textContent, so none of it is parsed as HTML.
(function () {
  'use strict';
  var bar = document.getElementById('toolbar');
  if (!bar) { return; }
  bar.hidden = false;
  document.documentElement.classList.add('js');
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var $ = function (id) { return document.getElementById(id); };

  var boxes = Array.prototype.slice.call(bar.querySelectorAll('input[data-filter]'));
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.fi'));
  var count = $('shown-count');
  var clusters = {};
  var order = [];

  each(document.querySelectorAll('.ann'), function (el) {
    var id = el.getAttribute('data-c');
    if (!clusters[id]) { clusters[id] = { parts: [], notes: [], head: null }; order.push(id); }
    clusters[id].parts.push(el);
    if (el.id === id) { clusters[id].head = el; }
  });

  // Every finding, in document order: its note (in the cluster's tooltip), cluster,
  // file, badges, table row and the decision the reviewer made (or the default).
  var findings = [];
  var byKey = {};
  each(document.querySelectorAll('.ann > .tip > .fi'), function (el) {
    var cid = el.parentNode.parentNode.getAttribute('data-c');
    var c = clusters[cid];
    if (!c) { return; }
    c.notes.push(el);
    var section = el.closest('section.file');
    var f = {
      el: el, cluster: c, cid: cid, section: section, path: section ? section.getAttribute('data-path') : '',
      id: el.getAttribute('data-id'), rule: el.getAttribute('data-rule'), fix: el.getAttribute('data-fix'),
      applied: el.getAttribute('data-st') === 'applied', repl: el.getAttribute('data-repl') === '1',
      marks: [], row: null, decision: null, typed: null, index: findings.length
    };
    f.flag = f.fix === 'none' && !f.repl;
    f.key = f.path + '\u0000' + f.id;
    byKey[f.key] = f;
    findings.push(f);
  });
  each(document.querySelectorAll('section.file'), function (section) {
    var path = section.getAttribute('data-path');
    each(section.querySelectorAll('[data-f]'), function (m) {
      var f = byKey[path + '\u0000' + m.getAttribute('data-f')];
      if (f) { f.marks.push(m); }
    });
    each(section.querySelectorAll('tr.fi'), function (tr) {
      var f = byKey[path + '\u0000' + tr.getAttribute('data-id')];
      if (f) { f.row = tr; }
    });
  });

  // --- decisions: kept in the browser (per run) until exported -------------------
  var signature = bar.getAttribute('data-signature') || '';
  var storeKey = 'mtclean-decisions:' + (bar.getAttribute('data-key') || signature);
  var storage = null;
  try { storage = window.localStorage; storage.getItem(storeKey); } catch (err) { storage = null; }

  function defaultDecision(f) {
    if (f.flag) { return null; }  // a flag waits for keep or false positive
    return f.applied ? 'accept' : 'reject';
  }
  function effective(f) { return f.decision || defaultDecision(f); }
  function labels(f) {
    var flagLike = f.flag && !f.typed;
    return flagLike ? { accept: 'keep', reject: 'false-positive' } : { accept: 'accept', reject: 'reject' };
  }

  function load() {
    if (!storage) { return; }
    var saved = null;
    try { saved = JSON.parse(storage.getItem(storeKey) || 'null'); } catch (err) { saved = null; }
    if (!saved || typeof saved !== 'object') { return; }
    Object.keys(saved).forEach(function (k) {
      var f = byKey[k];
      var v = saved[k];
      if (!f || !v || typeof v !== 'object') { return; }
      if (['accept', 'reject', 'keep', 'false-positive'].indexOf(v.d) >= 0) { f.decision = v.d; }
      if (typeof v.r === 'string') { f.typed = v.r; }
    });
  }
  function save() {
    if (!storage) { return; }
    var out = {};
    findings.forEach(function (f) {
      if (f.decision || f.typed !== null) { out[f.key] = { d: f.decision, r: f.typed }; }
    });
    try { storage.setItem(storeKey, JSON.stringify(out)); } catch (err) { /* full or denied: kept in the page */ }
  }

  var WORD = { accept: 'accepted', reject: 'rejected', keep: 'kept', 'false-positive': 'false positive' };
  function paint(f) {
    var d = effective(f);
    var cls = d ? 'd-' + d : 'd-none';
    f.marks.concat([f.el]).forEach(function (m) {
      m.classList.remove('d-accept', 'd-reject', 'd-keep', 'd-false-positive', 'd-none');
      m.classList.add(cls);
      m.classList.toggle('decided', !!f.decision);
    });
    if (f.row) {
      var cell = f.row.querySelector('td.dec');
      if (cell) { cell.textContent = d ? WORD[d] + (f.decision ? '' : ' (default)') : 'undecided'; }
    }
    // A cluster shows its applied change only while some applied finding in it is accepted.
    var c = f.cluster;
    var apps = findings.filter(function (g) { return g.cluster === c && g.applied; });
    var rejected = apps.length > 0 && apps.every(function (g) { return effective(g) !== 'accept'; });
    c.parts.forEach(function (p) { p.classList.toggle('rej', rejected); });
  }

  function progress() {
    var decided = 0;
    var tally = { accept: 0, reject: 0, keep: 0, 'false-positive': 0 };
    findings.forEach(function (f) {
      if (f.decision) { decided += 1; }
      var d = effective(f);
      if (d) { tally[d] += 1; }
    });
    var open = findings.filter(function (f) { return !effective(f); }).length;
    $('progress').textContent = decided + ' of ' + findings.length + ' reviewed · ' + tally.accept + ' will be applied, ' +
      tally.reject + ' not' + (tally.keep ? ', ' + tally.keep + ' kept' : '') +
      (tally['false-positive'] ? ', ' + tally['false-positive'] + ' false positive' : '') +
      (open ? ', ' + open + ' flag' + (open === 1 ? '' : 's') + ' open' : '');
    each(document.querySelectorAll('.dcount'), function (el) {
      var path = el.getAttribute('data-path');
      var mine = findings.filter(function (f) { return f.path === path; });
      var n = mine.filter(function (f) { return f.decision; }).length;
      el.textContent = n + ' of ' + mine.length + ' reviewed';
    });
  }

  function decide(f, what, quiet) {
    if (what === 'default') { f.decision = null; f.typed = null; }
    else {
      var l = labels(f);
      f.decision = what === 'accept' ? l.accept : what === 'reject' ? l.reject : what;
    }
    paint(f);
    if (!quiet) { save(); progress(); if (f === current()) { panel(); } }
  }

  // --- filters ------------------------------------------------------------------
  function active() {
    var a = { cls: {}, sev: {}, st: {} };
    boxes.forEach(function (b) { if (b.checked) { a[b.getAttribute('data-filter')][b.value] = true; } });
    return a;
  }
  function passes(el, a) {
    return !!(a.cls[el.getAttribute('data-cls')] && a.sev[el.getAttribute('data-sev')] && a.st[el.getAttribute('data-st')]);
  }
  function filter() {
    var a = active();
    var shown = 0;
    rows.forEach(function (tr) {
      var ok = passes(tr, a);
      tr.hidden = !ok;
      if (ok) { shown += 1; }
    });
    findings.forEach(function (f) {
      var ok = passes(f.el, a);
      f.hidden = !ok;
      f.el.hidden = !ok;
      f.marks.forEach(function (m) { m.hidden = !ok; });
    });
    order.forEach(function (id) {
      var c = clusters[id];
      var any = false;
      var anyApplied = false;
      c.notes.forEach(function (n) {
        if (!n.hidden) { any = true; if (n.getAttribute('data-st') === 'applied') { anyApplied = true; } }
      });
      // An applied change inside a cluster shown for its suggestions is drawn only while
      // the "applied" filter lets applied findings through.
      c.parts.forEach(function (p) { p.classList.toggle('off', !any); p.classList.toggle('noap', any && !anyApplied); });
      if (c.head) { c.head.tabIndex = any ? 0 : -1; }
    });
    if (count) { count.textContent = shown + ' of ' + rows.length + ' findings shown'; }
  }

  // --- the finding under review ----------------------------------------------
  var at = -1;
  function current() { return at >= 0 ? findings[at] : null; }
  var review = $('review');
  var repl = $('rv-repl');

  function panel() {
    var f = current();
    if (!f) { review.hidden = true; document.body.classList.remove('reviewing'); return; }
    review.hidden = false;
    document.body.classList.add('reviewing');
    $('rv-pos').textContent = 'Finding ' + (f.index + 1) + ' of ' + findings.length;
    $('rv-file').textContent = f.path;
    var body = $('rv-body');
    while (body.firstChild) { body.removeChild(body.firstChild); }
    var copy = f.el.cloneNode(true);
    copy.removeAttribute('hidden');
    copy.removeAttribute('id');
    body.appendChild(copy);
    var l = labels(f);
    $('rv-accept').firstChild.textContent = (l.accept === 'keep' ? 'Keep' : 'Accept') + ' ';
    $('rv-reject').firstChild.textContent = (l.reject === 'false-positive' ? 'False positive' : 'Reject') + ' ';
    var d = effective(f);
    $('rv-accept').setAttribute('aria-pressed', String(d === l.accept));
    $('rv-reject').setAttribute('aria-pressed', String(d === l.reject));
    $('rv-state').textContent = d ? WORD[d] + (f.decision ? '' : ' (the run\u2019s choice)') : 'undecided';
    repl.value = f.typed !== null ? f.typed : '';
    repl.placeholder = f.repl ? 'type to apply other text instead' : 'type a replacement to apply';
  }

  function select(i, scroll) {
    document.querySelectorAll('.cur').forEach(function (el) { el.classList.remove('cur'); });
    at = i;
    var f = current();
    if (f) {
      f.marks.forEach(function (m) { m.classList.add('cur'); });
      if (f.row) { f.row.classList.add('cur'); }
      var head = f.cluster.head;
      if (head && scroll) {
        var fold = head.closest('details');
        if (fold && !fold.open) { fold.open = true; }
        head.focus({ preventScroll: true });
        head.scrollIntoView({ block: 'center' });
      }
    }
    panel();
  }

  function visibleList() { return findings.filter(function (f) { return !f.hidden && f.cluster.head; }); }

  // The first finding below the top of the viewport (findings are in document order).
  function firstBelowTop(list) {
    var lo = 0;
    var hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid].cluster.head.getBoundingClientRect().top < 110) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }

  function go(step) {
    var list = visibleList();
    if (!list.length) { return; }
    var f = current();
    var i = f ? list.indexOf(f) : -1;
    var next;
    if (i >= 0) { next = (i + step + list.length) % list.length; }
    else {
      var below = firstBelowTop(list);
      next = step > 0 ? below % list.length : (below - 1 + list.length) % list.length;
    }
    select(list[next].index, true);
  }

  var sections = Array.prototype.slice.call(document.querySelectorAll('section.file'));
  function goFile(step) {
    if (!sections.length) { return; }
    var i = -1;
    for (var k = 0; k < sections.length; k += 1) {
      if (sections[k].getBoundingClientRect().top <= 120) { i = k; }
    }
    var next = Math.min(Math.max(i + step, 0), sections.length - 1);
    if (step < 0 && i >= 0 && sections[i].getBoundingClientRect().top < 80) { next = i; }
    sections[next].scrollIntoView({ block: 'start' });
    var first = findings.filter(function (f) { return f.section === sections[next] && !f.hidden; })[0];
    if (first) { select(first.index, false); } else { select(-1, false); }
  }

  // Clicking a mark (or its badge, or a table row) makes its finding the current one.
  document.addEventListener('click', function (e) {
    var t = e.target;
    if (!(t instanceof Element)) { return; }
    var badge = t.closest('.ann [data-f]');
    var mark = t.closest('.ann');
    var tr = t.closest('tr.fi');
    var f = null;
    if (badge) {
      var sec = badge.closest('section.file');
      f = byKey[(sec ? sec.getAttribute('data-path') : '') + '\u0000' + badge.getAttribute('data-f')];
      if (badge.tagName === 'A' && !e.altKey) { e.preventDefault(); }
    } else if (mark) {
      var c = clusters[mark.getAttribute('data-c')];
      f = findings.filter(function (g) { return g.cluster === c && !g.hidden; })[0] || null;
    } else if (tr && !t.closest('a')) {
      f = byKey[(tr.closest('section.file') || tr).getAttribute('data-path') + '\u0000' + tr.getAttribute('data-id')];
    }
    if (f) { select(f.index, false); }
  });

  function act(what) {
    var f = current();
    if (f) { decide(f, what); }
  }
  $('rv-accept').addEventListener('click', function () { act('accept'); });
  $('rv-reject').addEventListener('click', function () { act('reject'); });
  repl.addEventListener('input', function () {
    var f = current();
    if (!f) { return; }
    f.typed = repl.value === '' ? null : repl.value;
    if (f.typed !== null) { f.decision = 'accept'; }
    else if (f.decision === 'accept' && f.flag) { f.decision = null; }
    paint(f); save(); progress();
    $('rv-state').textContent = f.typed !== null ? 'accepted with the typed replacement' : (effective(f) ? WORD[effective(f)] : 'undecided');
  });

  each(document.querySelectorAll('button[data-bulk]'), function (b) {
    b.addEventListener('click', function () {
      var what = b.getAttribute('data-bulk');
      var scope = b.getAttribute('data-scope');
      var mine;
      if (scope === 'rule') {
        var rule = b.closest('tr').getAttribute('data-rule');
        mine = findings.filter(function (f) { return f.rule === rule; });
      } else {
        var sec = b.closest('section.file');
        mine = findings.filter(function (f) { return f.section === sec; });
      }
      mine.forEach(function (f) { decide(f, what, true); });
      save(); progress(); panel();
    });
  });
  each(document.querySelectorAll('.bulk[hidden], .howto[hidden]'), function (el) { el.hidden = false; });

  function exported() {
    var out = [];
    findings.forEach(function (f) {
      var d = effective(f);
      if (!d) { return; }
      var item = { path: f.path, id: f.id, decision: d };
      if (f.typed !== null && d === 'accept') { item.replacement = f.typed; }
      out.push(item);
    });
    return { version: 1, signature: signature, decisions: out };
  }
  $('export').addEventListener('click', function () {
    var blob = new Blob([JSON.stringify(exported(), null, 1) + '\n'], { type: 'application/json' });
    // A download of what the page made itself (a blob: of this page's own origin), on a click.
    var url = URL.createObjectURL(blob);
    var a = document.createElement('a');
    a.setAttribute('href', url);
    a.setAttribute('download', 'mtclean-decisions.json');
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
  });
  $('reset').addEventListener('click', function () {
    findings.forEach(function (f) { f.decision = null; f.typed = null; paint(f); });
    save(); progress(); panel();
  });

  boxes.forEach(function (b) { b.addEventListener('change', filter); });
  $('next-change').addEventListener('click', function () { go(1); });
  $('prev-change').addEventListener('click', function () { go(-1); });
  $('next-file').addEventListener('click', function () { goFile(1); });
  $('prev-file').addEventListener('click', function () { goFile(-1); });
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) { return; }
    var t = e.target;
    if (t && (t.isContentEditable || t.tagName === 'TEXTAREA' || (t.tagName === 'INPUT' && t.type !== 'checkbox'))) {
      if (e.key === 'Escape' || e.key === 'Enter') { t.blur(); }
      return;
    }
    var k = e.key;
    if (k === 'n' || k === 'j') { e.preventDefault(); go(1); }
    else if (k === 'p' || k === 'k') { e.preventDefault(); go(-1); }
    else if (k === ']') { e.preventDefault(); goFile(1); }
    else if (k === '[') { e.preventDefault(); goFile(-1); }
    else if (k === 'a' && current()) { e.preventDefault(); act('accept'); }
    else if (k === 'r' && current()) { e.preventDefault(); act('reject'); }
    else if (k === 'e' && current()) { e.preventDefault(); repl.focus(); }
    else if (k === 'Escape') {
      if (document.activeElement && document.activeElement.blur) { document.activeElement.blur(); }
      select(-1, false);
    }
  });

  // A tooltip that would run past the right edge opens leftwards instead.
  function place(e) {
    var mark = e.target instanceof Element ? e.target.closest('.ann') : null;
    var tip = mark && mark.querySelector(':scope > .tip');
    if (!tip) { return; }
    tip.classList.remove('flip');
    var r = tip.getBoundingClientRect();
    if (r.right > document.documentElement.clientWidth - 8) { tip.classList.add('flip'); }
  }
  document.addEventListener('mouseover', place);
  document.addEventListener('focusin', place);

  // Printing shows each file's findings table; the screen keeps it folded.
  var opened = [];
  window.addEventListener('beforeprint', function () {
    each(document.querySelectorAll('details.list:not([open])'), function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  load();
  findings.forEach(paint);
  progress();
  filter();
}());
