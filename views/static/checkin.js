// Check-in on the day: filters the list as one types, and on the camera
// page reads QR codes with the BarcodeDetector API. Both only improve the
// pages: without JavaScript the search is a GET ?q= and the code a field.
(function () {
  'use strict';

  // fold mirrors the server's search key (models.searchKey): lower case
  // without diacritics, so "ozturk" finds "Öztürk".
  function fold(s) {
    return s.replace(/ß/g, 'ss').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .toLowerCase().replace(/\s+/g, ' ').trim();
  }

  function setupSearch() {
    var input = document.getElementById('checkin-search');
    var list = document.getElementById('checkin-list');
    if (!input || !list) { return; }
    var groups = list.querySelectorAll('.checkin-group');
    var nomatch = document.getElementById('checkin-nomatch');
    function filter() {
      var q = fold(input.value);
      var shown = 0;
      groups.forEach(function (g) {
        var hit = q === '' || (g.getAttribute('data-search') || '').indexOf(q) !== -1;
        g.hidden = !hit;
        if (hit) { shown++; }
      });
      if (nomatch) { nomatch.hidden = shown > 0 || groups.length === 0; }
    }
    input.addEventListener('input', filter);
    filter();
  }

  function setupScanner() {
    var video = document.getElementById('checkin-video');
    var box = document.getElementById('checkin-camera');
    var fallback = document.getElementById('checkin-scan-fallback');
    var field = document.getElementById('checkin-code');
    var status = document.getElementById('checkin-scan-status');
    if (!video || !box || !field || !('BarcodeDetector' in window) ||
        !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return; // the fallback hint stays visible
    }
    var detector;
    try {
      detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    } catch (e) {
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then(function (stream) {
        box.hidden = false;
        if (fallback) { fallback.hidden = true; }
        video.srcObject = stream;
        return video.play().then(function () { scan(stream); });
      })
      .catch(function () {
        box.hidden = true;
        if (fallback) {
          fallback.hidden = false;
          fallback.querySelector('.kern-title').textContent = box.getAttribute('data-denied');
        }
      });

    function scan(stream) {
      detector.detect(video).then(function (codes) {
        var code = codes.length > 0 ? (codes[0].rawValue || '').trim() : '';
        if (code !== '') {
          stream.getTracks().forEach(function (t) { t.stop(); });
          status.textContent = box.getAttribute('data-found');
          field.value = code;
          field.form.submit();
          return;
        }
        window.setTimeout(function () { scan(stream); }, 250);
      }).catch(function () {
        window.setTimeout(function () { scan(stream); }, 500);
      });
    }
  }

  setupSearch();
  setupScanner();
}());
