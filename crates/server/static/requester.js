/* The project form: only the settings of the chosen template kind, the hourly
   pay as you type, and a live preview rendered by the server with the same
   code as the worker's page. Without it the form still works whole. */
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('project-form');
    if (!form) return;
    var kind = document.getElementById('kind');
    var blocks = Array.prototype.slice.call(form.querySelectorAll('.kind-fields'));
    function showKind() {
      blocks.forEach(function (b) { b.hidden = b.getAttribute('data-kinds').split(' ').indexOf(kind.value) < 0; });
    }
    kind.addEventListener('change', showKind);
    showKind();

    var reward = document.getElementById('reward'), secs = document.getElementById('estimated_seconds'), out = document.getElementById('hourly');
    var currency = form.getAttribute('data-currency'), floor = parseFloat(form.getAttribute('data-floor'));
    function pay() {
      var r = reward.value.trim(), s = parseInt(secs.value, 10);
      if (!/^\d+(\.\d+)?$/.test(r) || !(s > 0)) { out.textContent = '—'; return; }
      var cents = Math.floor(Math.round(parseFloat(r) * 100) * 3600 / s);
      out.textContent = (cents / 100).toFixed(2).replace('.', form.getAttribute('data-decimal') || '.') + ' ' + currency;
      out.className = cents / 100 < floor ? 'err' : '';
    }
    reward.addEventListener('input', pay);
    secs.addEventListener('input', pay);
    pay();

    // Form fields: rows added, removed and moved here, without a round trip;
    // each row shows only its kind's settings. The buttons work without this.
    var rows = document.getElementById('field-rows'), tpl = document.getElementById('ff-template');
    function showRowKind(row) {
      var type = row.querySelector('.ff-type');
      Array.prototype.forEach.call(row.querySelectorAll('.ff-kind'), function (b) { b.hidden = b.getAttribute('data-ff-kinds') !== type.value; });
    }
    if (rows && tpl) {
      Array.prototype.forEach.call(rows.children, showRowKind);
      form.addEventListener('change', function (e) {
        if (e.target.classList && e.target.classList.contains('ff-type')) showRowKind(e.target.closest('.field-row'));
      });
      form.addEventListener('click', function (e) {
        var b = e.target.closest ? e.target.closest('button[name=ff_action]') : null;
        if (!b) return;
        e.preventDefault();
        var v = b.value, i = v.indexOf(':'), verb = i < 0 ? v : v.slice(0, i);
        var row = i < 0 ? null : document.getElementById('ffrow-' + v.slice(i + 1));
        if (verb === 'add') {
          // The smallest free key, as the server picks it.
          var k = 0;
          while (document.getElementById('ffrow-' + k)) k++;
          var holder = document.createElement('ol');
          holder.innerHTML = tpl.innerHTML.split('__K__').join(String(k));
          row = holder.firstElementChild;
          rows.appendChild(row);
          showRowKind(row);
          row.querySelector('input:not([type=hidden])').focus();
        } else if (row && verb === 'remove') {
          rows.removeChild(row);
        } else if (row && verb === 'up' && row.previousElementSibling) {
          rows.insertBefore(row, row.previousElementSibling);
          b.focus();
        } else if (row && verb === 'down' && row.nextElementSibling) {
          rows.insertBefore(row.nextElementSibling, row);
          b.focus();
        }
        form.dispatchEvent(new Event('change'));
      });
    }

    var preview = document.getElementById('preview'), timer = null, seq = 0;
    function refresh() {
      var mine = ++seq;
      fetch('/projects/preview', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(new FormData(form)).toString()
      }).then(function (r) { return r.text(); }).then(function (html) {
        if (mine !== seq) return;
        preview.innerHTML = html;
        if (window.HP) window.HP.init(preview);
      }, function () { /* offline: keep the last preview */ });
    }
    form.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(refresh, 350); });
    form.addEventListener('change', function () { clearTimeout(timer); timer = setTimeout(refresh, 150); });
  });
})();

/* Review: "every answer on this page" ticks every box, and unticking one unticks it
   (the server honours the box alone, so this only shows what will happen). */
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var all = document.getElementById('pick-all');
    if (!all) return;
    var boxes = Array.prototype.slice.call(document.querySelectorAll('input[name=assignment][form=bulk]'));
    all.addEventListener('change', function () {
      boxes.forEach(function (b) { b.checked = all.checked; });
    });
    boxes.forEach(function (b) {
      b.addEventListener('change', function () {
        all.checked = boxes.every(function (x) { return x.checked; });
      });
    });
  });
})();
