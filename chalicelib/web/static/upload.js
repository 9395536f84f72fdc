// Upload progress when JavaScript is on. The ticket's fields are sent unchanged (S3 checks them against
// the signed policy); without JavaScript the form posts to S3 and S3 redirects back to the portal.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  var bar = document.getElementById("upload-progress");
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  form.addEventListener("submit", function (event) {
    if (form.dataset.plain) { return; }
    event.preventDefault();
    var data = new FormData(form);
    var back = data.get("success_action_redirect");
    var sent = false;
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    bar.hidden = false;
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); }
    });
    request.upload.addEventListener("load", function () { sent = true; });
    request.addEventListener("loadend", function () {
      // S3 answers with a redirect to the portal, which the browser may not let us read: once the
      // bytes are sent, go where S3 would send us. If nothing was sent, use the plain form.
      if (sent || (request.status >= 200 && request.status < 400)) { window.location.href = back; }
      else { form.dataset.plain = "1"; form.submit(); }
    });
    request.send(data);
  });
}());
