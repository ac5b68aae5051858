// peacewatch workspace: small enhancements over pages that work without this file.
(function () {
  "use strict";

  // Forms marked "auto" submit when a select changes.
  document.querySelectorAll("form.auto select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // Charts: the figures in each mark's <title>, shown beside the pointer at once.
  var tip = document.createElement("div");
  tip.className = "tip";
  tip.hidden = true;
  tip.setAttribute("role", "status");
  document.body.appendChild(tip);
  document.querySelectorAll("figure.chart svg").forEach(function (svg) {
    svg.addEventListener("mousemove", function (event) {
      var mark = event.target.closest("rect, circle, path");
      var title = mark && mark.querySelector("title");
      svg.querySelectorAll(".hover").forEach(function (m) { if (m !== mark) m.classList.remove("hover"); });
      if (!title) { tip.hidden = true; return; }
      mark.classList.add("hover");
      tip.textContent = title.textContent;
      tip.hidden = false;
      tip.style.left = Math.min(event.clientX + 14, window.innerWidth - tip.offsetWidth - 8) + "px";
      tip.style.top = (event.clientY + 14) + "px";
    });
    svg.addEventListener("mouseleave", function () {
      tip.hidden = true;
      svg.querySelectorAll(".hover").forEach(function (m) { m.classList.remove("hover"); });
    });
  });

  // The article: show or hide a kind of mark; a row of the table and the marks of its span light up together.
  var text = document.getElementById("article-text");
  if (!text) return;
  document.querySelectorAll("#layers input[type=checkbox]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.name, !box.checked);
    });
  });
  function marks(key) {
    return Array.prototype.filter.call(text.querySelectorAll("[data-span]"), function (m) {
      return m.getAttribute("data-span") === key;
    });
  }
  function focus(key, on) {
    marks(key).forEach(function (m) { m.classList.toggle("focus", on); });
    document.querySelectorAll("#items tr[data-target]").forEach(function (row) {
      if (row.getAttribute("data-target") === key) row.classList.toggle("focus", on);
    });
  }
  document.querySelectorAll("#items tr[data-target]").forEach(function (row) {
    var key = row.getAttribute("data-target");
    row.addEventListener("mouseenter", function () { focus(key, true); });
    row.addEventListener("mouseleave", function () { focus(key, false); });
  });
  text.addEventListener("mouseover", function (event) {
    var mark = event.target.closest("[data-span]");
    if (mark) focus(mark.getAttribute("data-span"), true);
  });
  text.addEventListener("mouseout", function (event) {
    var mark = event.target.closest("[data-span]");
    if (mark) focus(mark.getAttribute("data-span"), false);
  });
  // A link from the events explorer names the event by its stored id: #event=ID.
  var hash = "";
  try { hash = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { hash = ""; }
  if (hash.indexOf("event=") === 0) {
    var id = hash.slice(6);
    var first = Array.prototype.find.call(text.querySelectorAll("mark.event"), function (m) {
      return m.getAttribute("data-id") === id;
    });
    if (first) {
      first.scrollIntoView({block: "center"});
      focus(first.getAttribute("data-span"), true);
    }
  }
})();
