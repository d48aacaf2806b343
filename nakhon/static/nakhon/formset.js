// "Add a row" in a form with rows (a Django formset): copy the fieldset's blank row, number it
// as the next form and tell the formset it has one more.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-add-row]");
  if (!button) return;
  const fieldset = button.closest("fieldset");
  const total = fieldset.querySelector("input[name$='-TOTAL_FORMS']");
  const blank = fieldset.querySelector("template[data-empty-row]");
  const index = Number(total.value);
  fieldset
    .querySelector("tbody")
    .insertAdjacentHTML("beforeend", blank.innerHTML.replaceAll("__prefix__", String(index)));
  total.value = String(index + 1);
});
