// Loads a YouTube player only when the reader asks for it: until the click, the page makes
// no request to YouTube. Without JavaScript the same link simply opens the video on YouTube.
(function () {
  "use strict";
  if (window.lagiVideoPlayer) return;
  window.lagiVideoPlayer = true;
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-video-embed]") : null;
    if (!link) return;
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = link.getAttribute("data-video-embed");
    frame.title = link.getAttribute("data-video-title") || "YouTube";
    frame.allow = "accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share";
    frame.allowFullscreen = true;
    // The page sends no referrer to other sites; the player needs the site's origin to play.
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    link.parentNode.replaceChild(frame, link);
    frame.focus();
  });
})();
