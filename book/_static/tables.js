/* Tables that fit the column: a header or cell may wrap after an underscore (pandas' column
   names such as share_grey1_1_46 have no other place to wrap). A <wbr> adds the break
   opportunity without adding a character, so copied text stays as it was. */
(function () {
  "use strict";
  function breakAtUnderscores(cell) {
    var walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    var texts = [];
    while (walker.nextNode()) {
      if (walker.currentNode.nodeValue.indexOf("_") >= 0) { texts.push(walker.currentNode); }
    }
    texts.forEach(function (text) {
      var parts = text.nodeValue.split("_");
      var fragment = document.createDocumentFragment();
      parts.forEach(function (part, i) {
        fragment.appendChild(document.createTextNode(part + (i < parts.length - 1 ? "_" : "")));
        if (i < parts.length - 1) { fragment.appendChild(document.createElement("wbr")); }
      });
      text.parentNode.replaceChild(fragment, text);
    });
  }
  function start() {
    document.querySelectorAll(".bd-article table th, .bd-article table td").forEach(breakAtUnderscores);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
