// Progressive enhancement of the chat page: send with fetch, append the reply, keep the page.
// Without JavaScript the form posts and the server renders the whole conversation.
(function () {
  "use strict";
  var form = document.getElementById("chat-form");
  var log = document.getElementById("chat-log");
  var strings = document.getElementById("chat-strings");
  if (!form || !log || !window.fetch) { return; }
  var lang = form.getAttribute("data-lang");

  function turn(who, text, faqId, audioUrl, suggestions) {
    var item = document.createElement("li");
    item.className = who;
    var label = document.createElement("span");
    label.className = "visually-hidden";
    label.textContent = (who === "me" ? strings.dataset.you : strings.dataset.bot) + ":";
    item.appendChild(label);
    text.split("\n").forEach(function (line) {
      if (line) { var p = document.createElement("p"); p.textContent = line; item.appendChild(p); }
    });
    if (faqId) {
      var link = document.createElement("a");
      link.href = "/faq/" + encodeURIComponent(faqId) + "?lang=" + lang;
      link.textContent = strings.dataset.readMore;
      item.appendChild(link);
    }
    if (audioUrl) {
      var audio = document.createElement("audio");
      audio.controls = true; audio.preload = "none"; audio.src = audioUrl;
      audio.setAttribute("aria-label", strings.dataset.listen);
      item.appendChild(audio);
    }
    if (suggestions && suggestions.length) {
      var p2 = document.createElement("p"); p2.textContent = strings.dataset.suggestions; item.appendChild(p2);
      var list = document.createElement("ul"); list.className = "results";
      suggestions.forEach(function (s) {
        var li = document.createElement("li"); var a = document.createElement("a");
        a.href = "/faq/" + encodeURIComponent(s.id) + "?lang=" + lang; a.textContent = s.title;
        li.appendChild(a); list.appendChild(li);
      });
      item.appendChild(list);
    }
    log.appendChild(item);
  }

  form.addEventListener("submit", function (event) {
    var message = form.elements.message.value;
    if (!message.trim()) { return; }
    event.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    fetch("/api/chat?lang=" + lang, {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify({message: message, session_id: form.elements.session_id.value || null, lang: lang})
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (reply) {
      turn("me", message);
      turn("bot", reply.reply, reply.faq_id, reply.audio_url, reply.faq_id ? [] : reply.suggestions);
      form.elements.session_id.value = reply.session_id;
      form.elements.message.value = "";
      var handoff = document.getElementById("handoff");
      if (reply.handoff && handoff) {
        document.getElementById("handoff-session").value = reply.session_id;
        handoff.hidden = false;
      }
    }).catch(function () {
      form.submit();  // fall back to the plain form post
    }).finally(function () { button.disabled = false; });
  });
}());
