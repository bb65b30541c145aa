// The app's pages work without this file; with it:
// - the preview follows the form by itself;
// - "tick all / none" ticks a group's boxes in place (without scripts it sends the form back);
// - "After the visit: 2 weeks, ..." sets the follow-up date (without scripts it is typed);
// - Print loads the PDF into a frame out of sight and opens the printer's dialog on it,
//   in one click. Where a browser cannot show a PDF in a page, Print does what it does
//   without scripts: the PDF opens in a tab to print from (one tab, PRINT_TAB, the next
//   print replacing the last: a tab per click left a room computer with a tab for every
//   patient of the day), and a double click sends it once.
// - a preview is fetched and written into the preview frame in place: it adds nothing to the
//   browser's history, so Back leaves the page (each preview a form sends into a frame is a
//   history entry of its own: a dozen previews took a dozen presses of Back, each one showing
//   a broken frame), and the frame keeps the place the clinician was reading;
// - Download PDF saves the PDF the same way, so a problem is said on this page, the form kept;
// - a form token the server no longer takes is renewed, and the form sent again, without losing a word;
// - Back (or Forward) to a page the browser kept whole (its back/forward cache) shows the form
//   as new, not as the last patient left it;
// - a page left open when its session ends for want of use (a shared room computer) puts the
//   patient's details away and goes to the sign-in page, which says why.
// Nothing is stored: the PDF lives in this page's memory until the next print or until
// the page is left, and patient details only ever travel in the POST body.
"use strict";

// A form that says autocomplete="off" holds a patient's details. The HTML standard resets such
// fields when a page comes back from the back/forward cache; Chromium keeps the page whole,
// no-store and all, with the last patient's name, notes and dates in it, and its preview. So:
// as the page is put away, its patient forms are reset, its preview emptied and the page hidden;
// when it comes back, it is loaded again, as a page that was not kept would be (a fresh form,
// today's date). A page the form was sent back on (it came from a POST: a browser that keeps
// those would send the last patient's form again to reload it) is left for the form's own page.
function forgetPatients() {
  document.querySelectorAll("form[autocomplete=off]").forEach(function (form) { form.reset(); });
  var frame = document.querySelector("iframe[name=preview]"), doc = null;
  try { doc = frame && frame.contentDocument; } catch (e) { doc = null; }
  if (doc) { doc.open(); doc.close(); }
  document.body.hidden = true;  // a form sent back holds its values as its defaults: nothing to show
}

(function () {
  if (!document.querySelector("form[autocomplete=off]")) { return; }
  window.addEventListener("pagehide", function (event) { if (event.persisted) { forgetPatients(); } });
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    var sent = document.querySelector("form[data-refresh][data-page]");
    if (sent) { location.replace(sent.getAttribute("data-page")); } else { location.reload(); }
  });
})();

// "New patient" (a link to the form's own page, which works without scripts): the patient's details are put
// away first, the print tab with their PDF closed, and the page replaced in the history, so Back does not
// bring the last patient's form or preview up again.
document.querySelectorAll("a[data-new-patient]").forEach(function (link) {
  link.addEventListener("click", function (event) {
    event.preventDefault();
    forgetPatients();
    closePrintTab();
    location.replace(link.getAttribute("href"));
  });
});

// A page left open on a shared room computer. The server ends a session unused for the practice's idle
// time (data-idle-seconds, read at each look: [serve] idle_minutes); the page would still show the last
// patient's name, notes and preview to whoever sat down next. So once that time has passed here too, with
// a margin (every request this page makes is a use, counted from its answer: never before the server's),
// the page puts the patient away as above and opens its own page again, a GET: the server answers with
// the sign-in page, which says why (or, where another tab kept the session in use, a fresh form).
// Time unused is the longer of the wall clock's and the page's steady clock's: set back (an NTP correction),
// the wall clock alone kept the patient on screen that much longer; the steady one may stand still while the
// computer sleeps, which the wall clock counts.
var idle = (function () {
  var last = Date.now(), steady = performance.now();
  function used() { last = Date.now(); steady = performance.now(); }
  function unused() { return Math.max(Date.now() - last, performance.now() - steady); }
  function end() {
    forgetPatients();
    closePrintTab();
    var page = document.querySelector("form[data-page]");
    location.replace(page ? page.getAttribute("data-page") : location.pathname);
  }
  function look() {
    var seconds = parseInt(document.body.getAttribute("data-idle-seconds") || "0", 10);
    if (seconds > 0 && unused() >= (seconds + 20) * 1000) { end(); }
  }
  setInterval(look, 5000);
  document.addEventListener("visibilitychange", look);  // a computer woken from sleep: at once
  return { used: used, end: end };
})();

// A form that came back with problems: their summary takes the focus (its autofocus does where the
// browser honours it on any element), so a screen reader reads it first and Tab goes on from it.
(function () {
  var problems = document.getElementById("problems");
  if (problems && (document.activeElement === null || document.activeElement === document.body)) {
    problems.focus();
  }
})();

// A form token the server no longer takes (the server was restarted, or the page has been open a day):
// refused, a preview, print or download fetches a new token from this page's address and sends the
// form once more, so the clinician's typed text stays where it is. ("Reload the page" emptied the form.)
// A session that has ended (401: signed out elsewhere, or unused too long) ends this page's form too, as
// above: the sign-in page says why; the refusal is not shown beside the form it says was not kept.
function withFreshToken(send) {
  return send().then(function (response) {
    if (response.status === 401) {
      idle.end();
      return new Promise(function () {});  // the page is being left: nothing more to show
    }
    idle.used();
    if (response.status !== 403 || !document.querySelector("input[name=csrf]")) { return response; }
    return fetch(location.pathname, { credentials: "same-origin" }).then(function (page) {
      idle.used();
      return page.ok ? page.text() : "";
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("form[method=post] input[name=csrf]");
      if (!fresh || !fresh.value) { return response; }
      document.querySelectorAll("input[name=csrf]").forEach(function (input) { input.value = fresh.value; });
      return send();
    }, function () { return response; });
  });
}

// Preview: the document's HTML, fetched and written into the frame named "preview", in place of the
// one there (no history entry; the scroll position kept). The latest asked wins: an earlier preview
// still being made is abandoned. Where that cannot be done, the form goes to the frame as without scripts.
// From a change until its preview is shown, the frame is marked busy (and greyed): a slow preview still
// showing an item just unticked had the clinician click it again, ticking it back.
var preview = (function () {
  var frame = document.querySelector("iframe[name=preview]"), pending = null;

  function behind(yes) {
    if (!frame) { return; }
    if (yes) { frame.setAttribute("aria-busy", "true"); } else { frame.removeAttribute("aria-busy"); }
  }
  if (frame) { frame.addEventListener("load", function () { idle.used(); if (!pending) { behind(false); } }); }

  function documentOf() {
    try { return frame.contentDocument; } catch (e) { return null; }  // a browser error page is no document of ours
  }

  function write(html) {
    var win = frame.contentWindow, doc = documentOf(), x = win.scrollX, y = win.scrollY;
    if (!doc) { return false; }
    doc.open();
    doc.write(html);
    doc.close();
    // once its stylesheets have laid it out, back to where the clinician was reading
    if (x || y) { win.addEventListener("load", function () { win.scrollTo(x, y); }, { once: true }); }
    return true;
  }

  function show(form, button) {
    if (!frame || !window.fetch || !window.AbortController || !documentOf()) { return false; }
    if (pending) { pending.abort(); }
    var asked = pending = new AbortController();
    behind(true);

    function send() {  // the form as it is now (its token too)
      var data = new FormData(form), method = (form.getAttribute("method") || "get").toLowerCase();
      var url = button.getAttribute("formaction") || form.getAttribute("action");  // getAttribute: form.action is the buttons named "action"
      var init = { credentials: "same-origin", signal: asked.signal };
      if (button.name) { data.set(button.name, button.value); }
      if (method === "post") {
        init.method = "POST";
        init.body = data;
      } else {
        url += "?" + new URLSearchParams(data).toString();
      }
      return fetch(url, init);
    }

    withFreshToken(send).then(function (response) { return response.text(); }).then(function (html) {
      if (asked !== pending) { return; }  // a later preview was asked for meanwhile
      pending = null;
      behind(false);
      var loaded = documentOf();
      if (loaded && loaded.readyState !== "complete") {  // the page's own first preview is still loading
        frame.addEventListener("load", function () { if (!write(html)) { sendToFrame(form, button); } }, { once: true });
      } else if (!write(html)) {
        sendToFrame(form, button);
      }
    }).catch(function (error) {
      if (asked === pending) { pending = null; behind(false); }
      if (error.name !== "AbortError") { sendToFrame(form, button); }
    });
    return true;
  }

  function sendToFrame(form, button) {
    // As without scripts: the form, sent by that button, into the frame.
    var action = document.createElement("input");
    action.type = "hidden";
    action.name = button.name;
    action.value = button.value;
    var before = { target: form.getAttribute("target"), action: form.getAttribute("action") };
    form.target = "preview";
    if (button.hasAttribute("formaction")) { form.setAttribute("action", button.getAttribute("formaction")); }
    if (button.name) { form.appendChild(action); }
    form.submit();
    if (button.name) { form.removeChild(action); }
    if (before.target === null) { form.removeAttribute("target"); } else { form.target = before.target; }
    form.setAttribute("action", before.action);
  }

  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (button && button.getAttribute("formtarget") === "preview" && show(form, button)) { event.preventDefault(); }
    });
  });
  return { show: show, behind: behind };
})();

document.querySelectorAll("form[data-live-preview]").forEach(function (form) {
  var button = form.querySelector("button[data-preview]"), timer = null;
  function refresh(delay) {
    preview.behind(true);  // what it shows is behind the form from now
    clearTimeout(timer);
    timer = setTimeout(function () { form.requestSubmit(button); }, delay);
  }
  form.addEventListener("change", function () { refresh(150); });
  form.addEventListener("input", function (event) {
    if (event.target.type === "text" || event.target.tagName === "TEXTAREA") { refresh(800); }
  });
  if (form.hasAttribute("data-refresh")) { refresh(0); }  // the form came back filled in: show it
  // The visit date starts as the server's today. A server kept in another time zone (UTC, for a
  // practice eight hours behind) is a day ahead or behind for part of the clinic's day, and the
  // handout printed tomorrow's visit. So a new form starts with this computer's today, when the two
  // are one day apart (further apart, a clock is wrong: the server's date stands).
  var visit = form.querySelector("input[data-server-today]");
  if (visit && !form.hasAttribute("data-refresh") && visit.value === visit.getAttribute("data-server-today")) {
    var now = new Date(), here = new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
    if (Math.abs(Date.parse(here) - Date.parse(visit.value)) === 86400000) {
      visit.value = here;
      form.querySelectorAll("[data-follow-up-after]").forEach(function (box) { box.setAttribute("data-today", here); });
      refresh(0);
    }
  }
});

// A page left open overnight (a room computer whose server asks no one to sign in never puts it away):
// the visit or start date it started with today is yesterday's by morning, and the next patient's
// handout printed yesterday's visit, a diet sheet's steps started a day early. So a date the page
// started with today, while nobody has changed it, moves on with this computer's calendar (as many days
// as it has moved), before anything is sent and whenever the page is looked at; one typed or picked stays.
(function () {
  var fields = Array.prototype.slice.call(document.querySelectorAll("input[data-starts-today]"));
  if (!fields.length) { return; }
  function here() {
    var now = Date.now();
    return new Date(now - new Date(now).getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  }
  var day = here(), started = fields.map(function (field) { return field.value; });
  fields.forEach(function (field, i) {
    field.addEventListener("input", function () { started[i] = null; });  // by hand: the clinician's date
  });
  function moveOn() {
    var today = here();
    if (today === day) { return; }
    var days = Math.round((Date.parse(today) - Date.parse(day)) / 86400000);
    day = today;
    fields.forEach(function (field, i) {
      if (!started[i] || field.value !== started[i]) { started[i] = null; return; }
      var moved = new Date(Date.parse(started[i]) + days * 86400000).toISOString().slice(0, 10);
      field.value = started[i] = moved;
      field.form.querySelectorAll("[data-follow-up-after]").forEach(function (box) {
        box.setAttribute("data-today", moved);
      });
      field.dispatchEvent(new Event("change", { bubbles: true }));  // the preview follows
    });
  }
  document.addEventListener("submit", moveOn, true);  // first: before the form's own listeners read it
  document.addEventListener("visibilitychange", moveOn);
  window.addEventListener("focus", moveOn);
  setInterval(moveOn, 30000);
})();

// "After the visit: 2 weeks, 4 weeks, 3 months, 6 months": the follow-up date counted from the visit date
// (today's when it is empty), a month ahead being the same day of the month or its last day (31 Jan: 28 Feb).
document.querySelectorAll("[data-follow-up-after]").forEach(function (box) {
  var form = box.closest("form"), field = form.querySelector("input[name=follow_up]");
  var visit = form.querySelector("input[name=visit_date]");
  if (!field || !visit) { return; }
  box.hidden = false;
  box.querySelectorAll("button[data-after]").forEach(function (button) {
    button.addEventListener("click", function () {
      var from = /^(\d{4})-(\d{2})-(\d{2})$/.exec(visit.value || box.getAttribute("data-today") || "");
      if (!from) { visit.focus(); return; }
      var after = button.getAttribute("data-after"), amount = parseInt(after, 10);
      var year = +from[1], month = +from[2] - 1, day = +from[3], when;
      if (after.slice(-1) === "w") {
        when = new Date(Date.UTC(year, month, day + 7 * amount));
      } else {
        var last = new Date(Date.UTC(year, month + amount + 1, 0)).getUTCDate();
        when = new Date(Date.UTC(year, month + amount, Math.min(day, last)));
      }
      field.value = when.toISOString().slice(0, 10);
      field.dispatchEvent(new Event("change", { bubbles: true }));  // the preview follows
    });
  });
});

// A letterhead's language: a form starts in the language its letterhead prints in with no language
// asked (the workspace's, else the brand's: data-languages, letterhead → language, as `handouts render`
// decides), and follows a change of letterhead, until the clinician chooses the language (the patient's).
document.querySelectorAll("select[name=brand][data-languages]").forEach(function (brand) {
  var language = brand.form && brand.form.querySelector("select[name=language]"), languages = {};
  if (!language) { return; }
  try { languages = JSON.parse(brand.getAttribute("data-languages")) || {}; } catch (e) { return; }
  // The form's hidden language_follows names the letterhead the language is still the one of: the server
  // follows the letterhead by it too (a browser without scripts); once the language is chosen it goes.
  var follows = brand.form.querySelector("input[name=language_follows]"), started = follows && follows.value;
  var chosen = false;
  brand.form.addEventListener("reset", function () {  // the form as the page gave it: the next patient's
    chosen = false;
    if (follows) { follows.disabled = false; follows.value = started; }
  });
  language.addEventListener("change", function () {
    chosen = true;
    if (follows) { follows.disabled = true; }
  });
  brand.addEventListener("change", function () {
    var wanted = Object.prototype.hasOwnProperty.call(languages, brand.value) ? languages[brand.value] : null;
    if (chosen || !wanted) { return; }
    if (Array.prototype.some.call(language.options, function (o) { return o.value === wanted; })) {
      language.value = wanted;
      if (follows) { follows.value = brand.value; }
    }
  });
});

document.querySelectorAll("button[data-select]").forEach(function (button) {
  button.addEventListener("click", function (event) {
    event.preventDefault();
    var tick = button.getAttribute("data-select") === "all";
    var group = button.closest("fieldset");
    group.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = tick; });
    group.dispatchEvent(new Event("change", { bubbles: true }));  // the preview follows
  });
});

var PRINT_TAB = "handouts-print";  // the Print buttons' formtarget
var printTab = null;  // that tab, once this page has printed to it

// The print tab holds the last patient's handout: when its clinician signs out, or the session ends for
// want of use, it is closed with the page's form, not left open for whoever sits down next.
function closePrintTab() {
  if (printTab && !printTab.closed) { printTab.close(); }
  printTab = null;
}
document.querySelectorAll("form.site-user").forEach(function (form) {
  form.addEventListener("submit", closePrintTab);
});

(function () {
  var frame = document.querySelector("iframe[data-print-frame]");

  // Where Print is sent as without scripts: a second press within a double click's time is the same
  // press (two PDFs made, two audit lines, the first one's tab load cut short). A later press prints again.
  function onceADoubleClick() {
    document.querySelectorAll("form").forEach(function (form) {
      var sent = -Infinity;
      form.addEventListener("submit", function (event) {
        var button = event.submitter;
        if (!button || !button.hasAttribute("data-print")) { return; }
        if (Date.now() - sent < 1500) { event.preventDefault(); return; }
        sent = Date.now();
        // the tab, opened by this script (so it may close it) or found by its name, without loading anything
        printTab = window.open("", PRINT_TAB) || printTab;
      });
    });
  }
  // The page's own words for what Print says, in the page's language (handouts/web/words.py PRINT_WORDS).
  var words = {};
  try { words = JSON.parse((frame && frame.getAttribute("data-words")) || "{}"); } catch (e) { words = {}; }
  var canPrintHere = frame && window.fetch && window.FormData && window.URL && URL.createObjectURL &&
    navigator.pdfViewerEnabled !== false;
  if (frame && words.ready && window.fetch && window.FormData && window.URL && URL.createObjectURL &&
      "download" in document.createElement("a")) {
    document.querySelectorAll("button[name=action][value=download]").forEach(wireDownload);
  }
  if (!canPrintHere || !words.ready) {  // Print opens the PDF in the print tab (formtarget=PRINT_TAB)
    onceADoubleClick();
    return;
  }
  var current = null, waiting = null;

  function forget() {
    if (current) { URL.revokeObjectURL(current); current = null; }
  }
  window.addEventListener("pagehide", forget);

  function say(status, text, link) {
    status.textContent = text;
    if (link) {
      var a = document.createElement("a");
      a.href = link;
      a.target = PRINT_TAB;
      a.textContent = words.new_tab;
      a.addEventListener("click", function (event) {  // the print tab, as Print's own: one, closed with the form
        event.preventDefault();
        printTab = window.open(link, PRINT_TAB) || printTab;
      });
      status.appendChild(document.createTextNode(" "));
      status.appendChild(a);
    }
  }

  // While the PDF is made, Print says it is unavailable but keeps the focus: a disabled button
  // drops it to the page, and a keyboard or screen reader user would lose their place.
  function busy(button, on) {
    if (on) { button.setAttribute("aria-disabled", "true"); } else { button.removeAttribute("aria-disabled"); }
  }

  function sendOrdinarily(form, button, target) {
    // As without scripts.
    var action = document.createElement("input");
    action.type = "hidden";
    action.name = button.name;
    action.value = button.value;
    form.appendChild(action);
    var before = form.target;
    form.target = target;
    form.submit();
    form.target = before;
    form.removeChild(action);
  }

  // Download PDF, fetched as Print fetches it, then saved under the name the server gives it: a problem
  // (a field, a refused token, a failed render) is said on this page, the typed form kept, where the
  // form sent as without scripts left the page for one that said it (and Back came to an emptied form).
  // One PDF at a time: a second click while it is made does nothing (it saved the same PDF twice).
  function wireDownload(button) {
    var form = button.form, print = form && button.parentNode.querySelector("button[data-print]");
    var status = print && document.getElementById(print.getAttribute("aria-describedby"));
    if (!status) { return; }
    button.addEventListener("click", function (event) {
      event.preventDefault();
      if (button.getAttribute("aria-disabled") === "true") { return; }
      busy(button, true);
      say(status, words.making);
      withFreshToken(function () { return request(form, "download"); }).then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("application/pdf") !== 0) {
          return response.text().then(function (html) {
            busy(button, false);
            if (showProblems(html, form)) { say(status, words.problems); } else { sendOrdinarily(form, button, "_self"); }
          });
        }
        var named = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
        return response.blob().then(function (blob) {
          var link = document.createElement("a"), url = URL.createObjectURL(blob);
          link.href = url;
          link.download = named ? named[1] : "";
          document.body.appendChild(link);
          link.click();
          link.remove();
          setTimeout(function () { URL.revokeObjectURL(url); }, 60000);  // the browser has it by then
          busy(button, false);
          say(status, words.saved);
        });
      }).catch(function () {
        busy(button, false);
        say(status, words.ready);
        sendOrdinarily(form, button, "_self");
      });
    });
  }

  function request(form, what) {
    // getAttribute: form.action would be the buttons named "action"
    var data = new FormData(form), url = form.getAttribute("action");
    data.set("action", what || "print");
    if ((form.getAttribute("method") || "get").toLowerCase() === "post") {
      return fetch(url, { method: "POST", body: data, credentials: "same-origin" });
    }
    return fetch(url + "?" + new URLSearchParams(data).toString(), { credentials: "same-origin" });
  }

  function showFieldProblems(page, form) {
    // Each field the server's page says is wrong says so here too, as it would there: its message
    // above it (after a fieldset's legend), named by its aria-describedby, and aria-invalid.
    // What an earlier Print said about the form goes first.
    form.querySelectorAll(".field-error").forEach(function (p) { p.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (f) { f.removeAttribute("aria-invalid"); });
    form.querySelectorAll("[aria-describedby]").forEach(function (f) {
      var kept = f.getAttribute("aria-describedby").split(/\s+/).filter(function (id) {
        return id && id.indexOf("error-") !== 0;
      });
      if (kept.length) { f.setAttribute("aria-describedby", kept.join(" ")); } else { f.removeAttribute("aria-describedby"); }
    });
    page.querySelectorAll("form .field-error[id^='error-']").forEach(function (message) {
      var id = "field-" + message.id.slice("error-".length);
      var field = form.querySelector("#" + CSS.escape(id)), told = page.getElementById(id);
      if (!field || !told) { return; }
      var copy = document.importNode(message, true);
      if (field.tagName === "FIELDSET" && field.querySelector("legend")) {
        field.querySelector("legend").after(copy);
      } else {
        field.before(copy);
      }
      ["aria-describedby", "aria-invalid"].forEach(function (name) {
        if (told.hasAttribute(name)) { field.setAttribute(name, told.getAttribute(name)); }
      });
    });
  }

  function showProblems(html, form) {
    // The server's page says what is wrong (its error box): show that box here, where the form is.
    var page = new DOMParser().parseFromString(html, "text/html"), box = page.querySelector(".error-box");
    if (!box) { return false; }
    showFieldProblems(page, form);
    box = document.importNode(box, true);
    box.id = "problems";
    box.setAttribute("tabindex", "-1");
    box.removeAttribute("autofocus");
    var old = document.getElementById("problems"), workspace = document.querySelector(".workspace");
    if (old) { old.replaceWith(box); } else { workspace.parentNode.insertBefore(box, workspace); }
    box.focus();
    return true;
  }

  document.querySelectorAll("button[data-print]").forEach(function (button) {
    var form = button.form;
    var status = document.getElementById(button.getAttribute("aria-describedby"));
    say(status, words.ready);
    button.addEventListener("click", function (event) {
      event.preventDefault();
      if (button.getAttribute("aria-disabled") === "true") { return; }  // one PDF at a time
      busy(button, true);
      say(status, words.making);
      withFreshToken(function () { return request(form); }).then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("application/pdf") !== 0) {
          return response.text().then(function (html) {
            busy(button, false);
            if (showProblems(html, form)) {
              say(status, words.problems);
            } else {
              sendOrdinarily(form, button, PRINT_TAB);
            }
            return null;
          });
        }
        return response.blob();
      }).then(function (blob) {
        if (!blob) { return; }
        forget();
        current = URL.createObjectURL(blob);
        var url = current;
        clearTimeout(waiting);
        // A browser that will not show the PDF here never loads the frame: offer the tab instead.
        waiting = setTimeout(function () {
          busy(button, false);
          say(status, words.not_shown, url);
        }, 15000);
        frame.onload = function () {
          var shown;
          try { shown = frame.contentWindow.location.href; } catch (e) { shown = null; }
          if (shown !== url) { return; }
          clearTimeout(waiting);
          busy(button, false);
          try {
            frame.contentWindow.focus();
            frame.contentWindow.print();
            say(status, words.printing, url);
          } catch (e) {
            say(status, words.cannot_print, url);
          }
          button.focus();  // back from the frame nobody can see
        };
        // replace, not navigate: printing adds nothing to the page's history
        frame.contentWindow.location.replace(url);
      }).catch(function () {
        busy(button, false);
        clearTimeout(waiting);
        say(status, words.failed);
        sendOrdinarily(form, button, PRINT_TAB);
      });
    });
  });
})();
