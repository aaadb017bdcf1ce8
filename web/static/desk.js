// The desk's only script (pages allow no inline script): the newsletter's Copy buttons put
// the block's text, as `quotes copy` prints it, on the clipboard; on the check page, the
// Record box follows what is given — on for a URL, off for pasted text — until it is
// ticked or unticked by hand.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const text = document.getElementById(button.dataset.copy).textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch (error) {
    button.textContent = "Copy failed: select the text";
  }
});

const record = document.getElementById("record");
if (record) {
  record.addEventListener("change", () => { record.dataset.touched = "1"; });
  for (const [id, recorded] of [["url", true], ["text", false]]) {
    document.getElementById(id).addEventListener("input", (event) => {
      if (!record.dataset.touched && event.target.value.trim()) record.checked = recorded;
    });
  }
}
