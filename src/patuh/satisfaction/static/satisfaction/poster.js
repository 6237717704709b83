// The poster's print button; a file of its own, since the Content-Security-Policy runs no
// inline script or handler.
document.querySelector(".print-button").addEventListener("click", () => window.print());
