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
      out.textContent = (cents / 100).toFixed(2) + ' ' + currency;
      out.className = cents / 100 < floor ? 'err' : '';
    }
    reward.addEventListener('input', pay);
    secs.addEventListener('input', pay);
    pay();

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
