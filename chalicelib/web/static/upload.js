// Upload progress when JavaScript is on; without it the form posts to S3 and S3 redirects back.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  var bar = document.getElementById("upload-progress");
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData(form);
    var redirect = data.get("success_action_redirect");
    data.delete("success_action_redirect");
    data.set("success_action_status", "201");
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    bar.hidden = false;
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); }
    });
    request.addEventListener("load", function () {
      if (request.status >= 200 && request.status < 300) { window.location.href = redirect; }
      else { form.submit(); }
    });
    request.addEventListener("error", function () { form.submit(); });
    request.send(data);
  });
}());
