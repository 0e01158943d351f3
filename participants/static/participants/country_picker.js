// Shows the filter box of each country list and hides the countries that do not match
// what is typed (ticked ones always stay visible). Without this script the list scrolls.
document.querySelectorAll("[data-country-picker]").forEach((picker) => {
  const label = picker.querySelector(".country-filter");
  const input = label.querySelector("input");
  const rows = Array.from(picker.querySelectorAll(".country-options label"));
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const names = rows.map((row) => fold(row.textContent));
  label.hidden = false;
  input.addEventListener("input", () => {
    const wanted = fold(input.value.trim());
    rows.forEach((row, i) => {
      row.hidden = wanted !== "" && !names[i].includes(wanted) && !row.querySelector("input").checked;
    });
  });
});
