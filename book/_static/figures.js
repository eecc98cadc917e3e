/* The book's figures (drawn by fmnist_lib/judge/figures.py at 192 dpi: two image pixels a
   CSS pixel). Each figure is shown at its design size, half its pixel width and never wider
   than the column, and a click (or Enter) opens the full-resolution image over the page:
   fitted to the window first, a click on it shows it pixel for pixel, Esc, the close button
   or a click beside it closes it. No library and no network: it works offline. */
(function () {
  "use strict";
  var DENSITY = 2;   // the figure style's dpi (192) over the 96 CSS px of an inch
  // a cell's output, or a figure glued into the Markdown ({glue:figure}): every image of
  // the chapters is drawn by figures.py
  var SELECTOR = ".bd-article .cell_output img, .bd-article figure img";

  function designSize(img) {
    if (img.naturalWidth) {
      img.style.width = Math.round(img.naturalWidth / DENSITY) + "px";
    }
  }

  function close(box, opener) {
    box.remove();
    document.body.style.overflow = "";
    document.removeEventListener("keydown", box.onKey);
    if (opener) { opener.focus(); }
  }

  function open(img) {
    var box = document.createElement("div");
    box.className = "book-lightbox";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-label", "Figure at full resolution");
    var bar = document.createElement("div");
    bar.className = "book-lightbox-bar";
    var link = document.createElement("a");
    link.href = img.currentSrc || img.src;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = "open the image (" + img.naturalWidth + " × " + img.naturalHeight + " px)";
    var shut = document.createElement("button");
    shut.type = "button";
    shut.textContent = "close ✕";
    bar.appendChild(link);
    bar.appendChild(shut);
    var big = document.createElement("img");
    big.src = img.currentSrc || img.src;
    big.alt = img.alt;
    box.appendChild(bar);
    box.appendChild(big);
    if (img.naturalWidth > window.innerWidth - 32) { box.classList.add("fit"); }
    box.addEventListener("click", function (event) {
      if (event.target === big) {   // fitted <-> pixel for pixel
        box.classList.toggle("fit");
        big.style.cursor = box.classList.contains("fit") ? "zoom-in" : "zoom-out";
      } else if (event.target !== link) {
        close(box, img);
      }
    });
    box.onKey = function (event) {
      if (event.key === "Escape") { close(box, img); }
    };
    document.addEventListener("keydown", box.onKey);
    document.body.appendChild(box);
    document.body.style.overflow = "hidden";
    shut.focus();
  }

  function prepare(img) {
    img.classList.add("book-figure");
    img.tabIndex = 0;
    img.setAttribute("role", "button");
    img.title = "Click to enlarge";
    if (img.complete) { designSize(img); } else { img.addEventListener("load", function () { designSize(img); }); }
    img.addEventListener("click", function () { open(img); });
    img.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(img); }
    });
  }

  function start() { document.querySelectorAll(SELECTOR).forEach(prepare); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
