// The desk's only script (pages allow no inline script): the newsletter's Copy buttons put
// the block's text, as `quotes copy` prints it, on the clipboard.
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
