// Behaviour every page shares, kept out of the HTML so that the Content-Security-Policy can
// forbid inline script: a select marked data-autosubmit sends its form when it changes (the
// language menu), and a link to "#back" goes back in the browser's history (Cancel, Go back).
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.requestSubmit();
});
document.addEventListener("click", (event) => {
  if (!event.target.closest('a[href="#back"]')) return;
  event.preventDefault();
  history.back();
});
