/* Code blocks wrap at the column (book.css: pre-wrap) with a hanging indent: a line too long
   for the column carries on 4 characters to the right of where it starts, so a continued
   line never looks like a new statement. Each line becomes an inline block of the column's
   width; the newlines between lines stay in the text, so copying (and the copy button)
   gives the code exactly as written. */
(function () {
  "use strict";
  var HANG = 4;   // characters
  var MOST = 24;  // a line indented further (aligned far right) hangs as if indented this much

  function lineBox(indent) {
    var box = document.createElement("span");
    box.className = "book-code-line";
    box.style.paddingLeft = (indent + HANG) + "ch";
    box.style.textIndent = "-" + (indent + HANG) + "ch";
    return box;
  }

  function hang(pre) {
    if (pre.dataset.hanging) { return; }
    pre.dataset.hanging = "1";
    // the pieces of each line: text, or a highlighted token cut at the newlines
    var lines = [[]];
    Array.from(pre.childNodes).forEach(function (node) {
      var parts = node.textContent.split("\n");
      parts.forEach(function (part, i) {
        if (i > 0) { lines.push([]); }
        if (part === "") { return; }
        var piece = node.nodeType === Node.ELEMENT_NODE ? node.cloneNode(false) : document.createTextNode("");
        piece.textContent = part;
        lines[lines.length - 1].push(piece);
      });
    });
    if (lines.length > 1 && lines[lines.length - 1].length === 0) { lines.pop(); }
    var fragment = document.createDocumentFragment();
    lines.forEach(function (pieces, i) {
      var text = pieces.map(function (p) { return p.textContent; }).join("");
      var box = lineBox(Math.min(MOST, text.length - text.replace(/^ +/, "").length));
      pieces.forEach(function (p) { box.appendChild(p); });
      fragment.appendChild(box);
      fragment.appendChild(document.createTextNode("\n"));
    });
    pre.replaceChildren(fragment);
  }

  function start() { document.querySelectorAll(".bd-article div.highlight pre").forEach(hang); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
