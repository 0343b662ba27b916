// Progressive enhancement: a print button for browsers with JavaScript; the page prints without it.
document.addEventListener('DOMContentLoaded', () => {
  const button = document.getElementById('print-button');
  if (!button) return;
  button.hidden = false;
  button.addEventListener('click', () => window.print());
});
